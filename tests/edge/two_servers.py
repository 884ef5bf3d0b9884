"""Two app servers on one PostgreSQL and one Redis, Varnish in front: every change shows at once.

Editors work through server 1's admin over HTTP (the demo accounts, the real forms and
workflow buttons); readers read through Varnish and through server 2. After each
change — publish (三审 then 签发), edit, schedule, the scheduled moment, unpublish — the
very next request on every path shows it, and nothing unpublished is served from any
cache. Run it by hand (it prints each step):

    .venv/bin/python -m tests.edge.two_servers

tests/edge/test_two_servers.py runs the same scenario in the suite (CI: on PostgreSQL
and Redis it starts itself; needs postgresql, redis-server, varnish, varnish-modules).
"""

import html
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from html.parser import HTMLParser

DEMO_PASSWORD = "gongjiang-demo"
READERS = ("edge", "server2")


class FormFields(HTMLParser):
    """The fields a browser would submit from one form: (name, value) pairs in order."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None
        self.select_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self.select, self.select_value = name, None
            self.multiple = "multiple" in attrs
            self.first_option = None
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            if self.first_option is None:
                self.first_option = value
            if "selected" in attrs:
                if self.multiple:
                    self.fields.append((self.select, value))
                else:
                    self.select_value = value
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        if tag == "select" and self.select:
            if not self.multiple:
                self.fields.append((self.select, self.select_value or self.first_option or ""))
            self.select = None
        if tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None


def form_fields(page, form_id):
    parser = FormFields(form_id)
    parser.feed(page)
    return parser.fields


class Browser:
    """One person's HTTP client: its own cookies, CSRF token sent back like a browser."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if data is not None:
            request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.geturl(), dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.url, dict(error.headers), error.read().decode()

    def csrf(self):
        return next(cookie.value for cookie in self.cookies if cookie.name == "csrftoken")

    def login(self, username):
        self.request("/admin/login/")
        status, url, _, page = self.request(
            "/admin/login/?next=/admin/",
            {
                "username": username,
                "password": DEMO_PASSWORD,
                "csrfmiddlewaretoken": self.csrf(),
                "next": "/admin/",
            },
        )
        assert status == 200 and "/admin/login/" not in url, f"{username} could not log in"
        return self

    def submit(self, path, form_id, changes, extra=()):
        """GET the form at ``path``, change some fields, POST it as a browser would."""
        status, _, _, page = self.request(path)
        assert status == 200, (path, status)
        fields = [(name, value) for name, value in form_fields(page, form_id) if name not in changes]
        fields += list(changes.items()) + list(extra)
        status, url, _, answer = self.request(
            path, fields
        )  # pairs: repeated names (multi-selects) stay repeated
        errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', answer, re.S)
        assert status == 200 and not errors, f"{path}: {status} {[html.unescape(e) for e in errors][:3]}"
        return url, answer


class Scenario:
    def __init__(self, stack, log=print):
        self.stack, self.log = stack, log
        self.readers = {which: Browser(stack.url(which)) for which in READERS}
        self.admin = stack.url("server1")

    def editor(self, username):
        return Browser(self.admin).login(username)

    # --- reading --------------------------------------------------------------------

    def read(self, path):
        """What each reader path answers now: {which: (status, body, edge-cache)}."""
        seen = {}
        for which, reader in self.readers.items():
            status, _, headers, body = reader.request(path, headers={"Accept-Language": "zh-CN"})
            seen[which] = (status, body, headers.get("X-Edge-Cache", headers.get("X-Page-Cache", "")))
        return seen

    def warm(self, *paths):
        """Read each page twice on every path, so every cache holds it before the change."""
        for path in paths:
            self.read(path)
            for which, (status, _, cached) in self.read(path).items():
                assert cached == "hit" or status != 200, f"{which} {path} is not cached ({cached})"

    def expect(self, path, shows=(), hides=(), status=200, step=""):
        for which, (got, body, cached) in self.read(path).items():
            assert got == status, f"{step}: {which} {path} answered {got}, not {status}"
            for text in shows:
                assert text in body, f"{step}: {which} {path} does not show {text!r} ({cached})"
            for text in hides:
                assert text not in body, f"{step}: {which} {path} still shows {text!r} ({cached})"
        self.log(f"  ✓ {step}: {path} on {', '.join(READERS)}")

    # --- editing through server 1's admin ----------------------------------------------

    def write_and_submit(self, title):
        author = self.editor("zuozhe")
        url, _ = author.submit(
            "/admin/articles/article/add/",
            "article_form",
            {"title": title, "body": "<p>劳动创造幸福，工匠精神薪火相传。</p>", "summary": ""},
            extra=[("_continue", "1")],
        )
        match = re.search(r"/admin/articles/article/(\d+)/change/", url)
        assert match, f"the new article's change page was not reached ({url})"
        pk = match.group(1)
        self.act(author, pk, "submit")
        return pk

    def act(self, editor, pk, action, opinion=""):
        change = f"/admin/articles/article/{pk}/change/"
        status, _, _, page = editor.request(change)
        version = re.search(r'name="version" value="(\d+)"', page)
        data = {"csrfmiddlewaretoken": editor.csrf(), "action": action, "opinion": opinion}
        if version:
            data["version"] = version.group(1)
        status, _, _, answer = editor.request(f"/admin/articles/article/{pk}/workflow/", data)
        assert status == 200 and 'class="error"' not in answer, f"{action} refused: {answer[:300]}"

    def review_and_publish(self, pk):
        for reviewer in ("zebian", "zhuren"):
            self.act(self.editor(reviewer), pk, "approve", "同意")
        chief = self.editor("zongbian")
        self.act(chief, pk, "approve", "同意")
        self.act(chief, pk, "publish")
        return chief

    def slug_of(self, pk):
        status, _, _, page = self.editor("zongbian").request(f"/admin/articles/article/{pk}/change/")
        return re.search(r'name="slug"[^>]*value="([^"]*)"', page).group(1)

    # --- the scenario ---------------------------------------------------------------

    def run(self):
        from django.utils import timezone

        lists = ("/", "/articles/")
        self.log("publish: 三审 on server 1, then 签发")
        self.warm(*lists)
        pk = self.write_and_submit("两台服务器上发布的稿件")
        self.expect("/articles/", hides=["两台服务器上发布的稿件"], step="in review, not public")
        chief = self.review_and_publish(pk)
        self.expect("/articles/", shows=["两台服务器上发布的稿件"], step="published")
        self.expect("/", shows=["两台服务器上发布的稿件"], step="published, home")
        detail = f"/articles/{self.slug_of(pk)}/"
        self.expect(detail, shows=["两台服务器上发布的稿件"], step="published, its page")

        self.log("edit the published piece on server 1")
        self.warm(detail, *lists)
        chief.submit(
            f"/admin/articles/article/{pk}/change/", "article_form", {"title": "两台服务器上改过的稿件"}
        )
        for path in (detail, *lists):
            self.expect(
                path, shows=["两台服务器上改过的稿件"], hides=["两台服务器上发布的稿件"], step="edited"
            )

        self.log("schedule a piece 20 seconds ahead")
        scheduled = self.write_and_submit("定时发布的稿件")
        for reviewer in ("zebian", "zhuren"):
            self.act(self.editor(reviewer), scheduled, "approve", "同意")
        self.act(chief, scheduled, "approve", "同意")
        moment = timezone.localtime(timezone.now() + timedelta(seconds=20)).replace(microsecond=0)
        chief.submit(
            f"/admin/articles/article/{scheduled}/change/",
            "article_form",
            {"publish_at_0": moment.strftime("%Y-%m-%d"), "publish_at_1": moment.strftime("%H:%M:%S")},
        )
        self.act(chief, scheduled, "publish")
        self.warm(*lists)
        self.expect("/articles/", hides=["定时发布的稿件"], step="scheduled, not yet")
        time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 1.5)
        self.expect("/articles/", shows=["定时发布的稿件"], step="its moment passed, no job ran")
        self.expect("/", shows=["定时发布的稿件"], step="its moment passed, home")

        self.log("unpublish on server 1")
        self.warm(detail, *lists)
        self.act(chief, pk, "unpublish", "撤回")
        self.expect(detail, status=404, step="unpublished, its page")
        for path in lists:
            self.expect(path, hides=["两台服务器上改过的稿件"], step="unpublished")

        self.log("shared state")
        self.check_shared_state(chief)

    def check_shared_state(self, chief):
        # A session made on server 1 is valid on server 2 (sessions in PostgreSQL).
        other = Browser(self.stack.url("server2"))
        other.cookies = chief.cookies
        other.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(chief.cookies))
        status, url, _, page = other.request("/admin/")
        assert status == 200 and "/admin/login/" not in url, "server 2 does not know server 1's session"
        self.log("  ✓ a login on server 1 is valid on server 2")
        # Purge numbers and pages live in Redis, shared by both servers.
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.stack.redis_port)
        names = [name.decode() for name in client.scan_iter(match="*gongjiang:*", count=1000)]
        assert any("gongjiang:purge:counter" in name for name in names), "no purge counter in Redis"
        assert any("gongjiang:page:" in name for name in names), "no cached page in Redis"
        self.log("  ✓ page cache and purge numbers are in Redis")


def main():
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    django.setup()
    from tests.edge.stack import Stack, missing_tools

    missing = missing_tools()
    if missing:
        sys.exit(f"needs: apt-get install {' '.join(missing)}")
    started = time.monotonic()
    stack = Stack()
    try:
        Scenario(stack).run()
    finally:
        stack.stop()
    elapsed = time.monotonic() - started
    print(f"all changes visible on the next request through Varnish and server 2 ({elapsed:.0f} s)")


if __name__ == "__main__":
    main()
