"""Login throttling (django-axes): an account is locked for one address after a few wrong
passwords (50 in 19 s used to be answered normally, and the right one let in straight after)."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from editorial.lockouts import client_ip
from editorial.models import AuditEntry
from tests.editorial.roles import users  # noqa: F401

pytestmark = pytest.mark.django_db

RIGHT = "pass-123456"


def _login(client, password, username="zebian", ip="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def _logged_in(client):
    return client.get(reverse("admin:index")).status_code == 200


def _fail(client, times, **kwargs):
    return [_login(client, "wrong-password", **kwargs).status_code for _ in range(times)]


def test_wrong_passwords_lock_the_account_and_the_right_one_no_longer_gets_in(client, settings, users):  # noqa: F811
    statuses = _fail(client, 50)
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT :]) == {429}

    response = _login(client, RIGHT)
    assert response.status_code == 429
    html = response.content.decode()
    assert "登录已暂时锁定" in html and "15 分钟后再试" in html and "正确的密码也无法登录" in html
    assert not _logged_in(client)


def test_the_lockout_is_audited_once_with_account_address_and_reason(client, settings, users):  # noqa: F811
    _fail(client, settings.AXES_FAILURE_LIMIT + 3)
    entry = AuditEntry.objects.get(code="gongjiang.user.locked_out")
    assert entry.content_type == ContentType.objects.get_for_model(users["zebian"])
    assert (entry.object_id, entry.object_repr, entry.actor_name) == (
        users["zebian"].pk,
        "zebian",
        "203.0.113.7",
    )
    assert "5 次" in entry.opinion and "15 分钟" in entry.opinion
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_lock_is_per_account_and_address(client, settings, users):  # noqa: F811
    _fail(client, settings.AXES_FAILURE_LIMIT)
    assert _login(client, RIGHT, ip="198.51.100.9").status_code == 302  # the editor's own office
    assert _logged_in(client)


def test_state_is_in_the_database_so_every_worker_sees_it(client, settings, users):  # noqa: F811
    _fail(client, settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username="zebian", ip_address="203.0.113.7")
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT


def test_the_lock_lifts_after_the_cool_off(client, settings, users):  # noqa: F811
    _fail(client, settings.AXES_FAILURE_LIMIT)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        assert _login(client, RIGHT).status_code == 302


def test_a_few_typos_then_the_right_password_log_in_and_reset_the_count(client, settings, users):  # noqa: F811
    _fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, RIGHT).status_code == 302
    client.logout()
    _fail(client, settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, RIGHT).status_code == 302  # the earlier failures no longer count


@pytest.mark.parametrize(
    ("count", "forwarded", "remote", "expected"),
    [
        (0, "1.1.1.1", "10.0.0.2", "10.0.0.2"),  # no trusted proxy: a client's header is ignored
        (1, "1.1.1.1, 203.0.113.7", "10.0.0.2", "203.0.113.7"),  # what our proxy appended
        (1, "", "10.0.0.2", "10.0.0.2"),
        (2, "203.0.113.7", "10.0.0.2", "10.0.0.2"),  # fewer hops than proxies: not trusted
    ],
)
def test_client_address_trusts_only_the_configured_proxies(settings, count, forwarded, remote, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_the_audit_log_lists_lockouts(client, settings, users):  # noqa: F811
    _fail(client, settings.AXES_FAILURE_LIMIT)
    client.force_login(users["superuser"])
    response = client.get(reverse("admin:editorial_auditentry_changelist"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "locked_out" in html and "203.0.113.7" in html and "zebian" in html


def test_the_superuser_finds_the_lockouts_in_chinese_and_one_tag_list(admin_client):
    """django-axes ships no zh-hans: the project names its records (locale/zh_Hans); taggit's own
    Tag model, unused beside editorial.Tag, is not offered as a second 标签 list."""
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "登录保护" in html and "登录尝试" in html and "登录失败" in html
    assert "Access attempts" not in html and "Axes" not in html
    assert reverse("admin:editorial_tag_changelist") in html
    assert "/admin/taggit/" not in html
    failed = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "尝试时间" in failed and "Attempt Time" not in failed
