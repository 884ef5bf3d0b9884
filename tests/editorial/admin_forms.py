"""Build a POST for the article change form from what the form itself renders."""

from django.urls import reverse
from django.utils import timezone


def change_form_data(client, article, **overrides):
    """The data the change form would submit unchanged (incl. the hidden loaded_version)."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            value = ""
        if name in ("publish_at", "expire_at"):
            # As the split widget shows it: local time, whole seconds.
            value = timezone.localtime(value) if value else None
            data[f"{name}_0"] = value.date().isoformat() if value else ""
            data[f"{name}_1"] = value.strftime("%H:%M:%S") if value else ""
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(item.pk if hasattr(item, "pk") else item) for item in value]
            continue
        if name == "tags":
            value = ", ".join(tag.name for tag in article.tags.all())
        data[name] = str(value)
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = str(management[name].value())
    data.update(overrides)
    return data
