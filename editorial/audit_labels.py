"""What editors read for an audit code: the one place that names audit events.

The code stays in the data (``gongjiang.article.approved``: stable, searchable, the
same in every language); editors see a label. Labels are keyed by the event, the
last part of the code, so a new event is one line here whatever the model it
happens to (``gongjiang.article.deleted`` and ``gongjiang.speech.deleted`` alike).
An event with no line here reads as 其他事件, never as a raw code.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EVENT_LABELS = {
    "created": gettext_lazy("创建"),
    "saved": gettext_lazy("保存"),
    "overwritten": gettext_lazy("覆盖他人修改后保存"),
    "restored": gettext_lazy("恢复旧版本"),
    "admitted": gettext_lazy("导入并设定状态"),
    "submitted": gettext_lazy("提交送审"),
    "approved": gettext_lazy("同意"),  # refined by entry_label: 同意，送复审 / 签发
    "sent_back": gettext_lazy("退回修改"),
    "rejected": gettext_lazy("退稿"),
    "published": gettext_lazy("发布"),
    "scheduled": gettext_lazy("定时发布"),
    "unpublished": gettext_lazy("撤回"),
    "republished": gettext_lazy("重新发布"),
    "archived": gettext_lazy("归档"),
    "refused": gettext_lazy("操作被拒绝"),
    "deleted": gettext_lazy("删除"),
    "locked_out": gettext_lazy("登录被锁定"),
}


def event_of(code):
    """``gongjiang.article.approved`` → ``approved``."""
    return (code or "").rsplit(".", 1)[-1]


def code_label(code):
    """The editor's name for an audit code; 其他事件 for a code with no label yet."""
    label = EVENT_LABELS.get(event_of(code))
    return str(label) if label is not None else _("其他事件")


def entry_label(entry):
    """The label of one audit entry: an approval says what it did (同意，送终审 / 签发)."""
    if event_of(entry.code) == "approved" and entry.to_status:
        from editorial.workflow import approval_label

        return approval_label(entry.to_status)
    return code_label(entry.code)
