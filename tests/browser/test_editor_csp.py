"""The editor works under a strict Content-Security-Policy: scripts and styles from our
static files only, no inline script (the policy issue 13 brings, applied here by the test)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.browser.editor import EDITABLE, body_value, log_in, photo, upload_in_chooser
from tests.editorial.roles import ensure_roles

pytestmark = pytest.mark.django_db(transaction=True)

# blob: lets the chooser preview a pasted or picked file before it is uploaded.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push([event.violatedDirective, event.blockedURI, event.sourceFile, event.sample]);
});
"""


def _with_policy(route):
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": POLICY})


def test_editor_and_chooser_run_with_no_inline_script(page, tmp_path):
    ensure_roles()
    user = get_user_model().objects.create_user("zuozhe", "z@example.cn", "pass-123456", is_staff=True)
    user.groups.add(Group.objects.get(name="作者"))
    log_in(page, "zuozhe", "pass-123456")
    page.add_init_script(RECORD_VIOLATIONS)
    page.route("**/admin/articles/article/add/", _with_policy)
    page.goto(page.base_url + reverse("admin:articles_article_add"))
    page.click(EDITABLE)
    page.keyboard.type("严格的内容安全策略下照常编辑。")
    page.click("[data-name=bold]")
    page.keyboard.type("加粗")
    page.click("[data-name=libraryImage]")
    upload_in_chooser(page, photo(tmp_path / "a.jpg"), title="图", alt="替代文字")
    assert "<strong>加粗</strong>" in body_value(page) and "<figure><img" in body_value(page)
    violations = page.evaluate("window.__violations")
    # Nothing the editor, the chooser or their static files do is refused. (The workflow
    # templates' own <style> blocks, which the CSP work moves to static files, may be.)
    from_static_files = [v for v in violations if "/static/" in (v[2] or "")]
    scripts = [v for v in violations if v[0].startswith("script-src")]
    assert from_static_files == [] and scripts == []
