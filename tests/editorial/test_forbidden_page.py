"""An editor who opens a page their role does not allow gets the site's own 403 page, in Chinese,
with a way back to the 工作台 — not Django's bare "403 Forbidden"."""

from django.urls import reverse

from tests.editorial.roles import make_user


def test_a_forbidden_admin_page_explains_and_leads_back_to_the_desk(client, django_user_model):
    client.force_login(make_user(django_user_model, "wuquan"))  # staff, in no role
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 id="error-heading">没有权限</h1>' in html
    assert f'href="{reverse("admin:index")}"' in html
    assert 'name="robots" content="noindex"' in html


def test_the_forbidden_page_offers_the_desk_only_to_staff(rf, django_user_model):
    from django.views.defaults import permission_denied

    request = rf.get("/")
    request.user = django_user_model(username="reader", is_staff=False)
    html = permission_denied(request, exception=None).content.decode()
    assert "没有权限" in html and reverse("admin:index") not in html
