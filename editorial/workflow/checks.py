"""Content checks: what keeps a piece from final approval, publication or staying visible.

content_problems(piece, sections=None)   # every problem, for the panel, the list and the desk
piece_placeholders(piece, sections=None) # the placeholder check alone (the importer's report)
require_clean(piece)                     # raise ExplainedRefusal when there are problems
require_clean_while_visible(piece)       # the same, for a piece readers can see
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from editorial.models import SHORT_TITLE_THRESHOLD, VISIBLE_STATUSES
from editorial.placeholders import find_placeholders
from editorial.workflow.errors import ExplainedRefusal, WorkflowError


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self):
        return self.message


def content_problems(piece, sections=None):
    """Why this piece may not pass final review, be published or stay visible; empty when it may.

    ``sections`` (unsaved inline objects, as the admin's inline forms hold them) stand
    in for the stored inline rows the type reads as text (a speech's sections).
    """
    problems = []
    if not piece.has_content(sections):
        problems.append(Problem("body", _("正文为空。")))
    problems.extend(piece.type_problems())
    if piece.title_derived:
        problems.append(
            Problem("title_derived", _("主题取自正文第一句（待补标题）：请写好主题并取消“待补标题”。"))
        )
    if len(piece.title) > SHORT_TITLE_THRESHOLD and not piece.short_title.strip():
        problems.append(Problem("short_title", _("主题超过 30 个字，缺少短标题。")))
    found = piece_placeholders(piece, sections)
    if found:
        problems.append(placeholder_problem(found))
    return problems


def piece_placeholders(piece, sections=None):
    """Placeholders in everything a reader will see of ``piece`` (saved or not) and its sections:
    the one check, for final review and for the importer's report."""
    found = []
    for label, text in piece.reader_texts(sections):
        found.extend(find_placeholders(text, field=label))
    return found


def inline_problems(piece, rows):
    """Placeholders left in these (unsaved) inline rows of ``piece``, as content_problems reports them."""
    found = []
    for label, text in piece.inline_texts(rows):
        found.extend(find_placeholders(text, field=label))
    return [placeholder_problem(found)] if found else []


def placeholder_problem(found):
    listed = "；".join(
        _("%(field)s第 %(position)s 字「%(context)s」")
        % {"field": item.field, "position": item.position + 1, "context": item.context}
        for item in found[:30]
    )
    more = _("等") if len(found) > 30 else ""
    return Problem(
        "placeholders",
        _("有 %(count)s 处占位符（X、XX、××、○○）未替换：%(list)s%(more)s")
        % {"count": len(found), "list": listed, "more": more},
    )


def require_clean(piece):
    problems = content_problems(piece)
    if problems:
        raise ExplainedRefusal(_("内容检查未通过：") + " ".join(str(problem) for problem in problems))


def require_clean_while_visible(piece):
    """A piece readers can see (or will, at publish_at) keeps passing the checks it passed.

    Every change of such a piece is shown at once, with no review in between: an edit,
    a re-import or a restored revision that brings back placeholders or an empty body is
    refused and the visible version stays as it was.
    """
    if piece.status not in VISIBLE_STATUSES:
        return
    problems = content_problems(piece)
    if problems:
        raise WorkflowError(
            _("稿件已签发或已发布，改动后未通过内容检查，未保存：")
            + " ".join(str(problem) for problem in problems)
        )
