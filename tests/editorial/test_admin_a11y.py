"""The admin's split date and time boxes each have an accessible name."""

import re

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_each_date_and_time_box_names_its_field_and_part(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.cn", "pass-123456"))
    article = make_article()
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    for field, label in (("publish_at", "发布时间"), ("expire_at", "下线时间")):
        for index, part in ((0, "日期"), (1, "时间")):
            box = re.search(rf'<input[^>]*id="id_{field}_{index}"[^>]*>', html).group(0)
            assert f'aria-label="{label}（{part}）"' in box, box
    assert "css/admin_a11y.css" in html and "js/admin_a11y.js" in html
