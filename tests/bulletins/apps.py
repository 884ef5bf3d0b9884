from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    """A content type that exists only in the test settings (tests/settings.py).

    It proves the content-type contract: everything the shared layer does for a type
    (content checks, revisions with inlines, the page cache, search, the roles'
    rights) it does for this one, which no module outside this folder names.
    """

    name = "tests.bulletins"
    label = "bulletins"
    verbose_name = "公告（测试用类型）"
