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
from editorial.sanitize import plain_text
from editorial.workflow.errors import ExplainedRefusal, WorkflowError


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self):
        return self.message


def _texts(piece, sections=None):
    """(label, plain text) of everything a reader will see, for the placeholder check."""
    meta = piece._meta
    fields = ["kicker", "title", "subtitle", "short_title", "summary", "salutation", "closing", "venue"]
    texts = [
        (str(meta.get_field(name).verbose_name), getattr(piece, name))
        for name in fields
        if hasattr(piece, name)
    ]
    texts.append((str(meta.get_field("body").verbose_name), plain_text(piece.body)))
    texts.extend(_section_texts(_sections(piece, sections)))
    return [(label, text or "") for label, text in texts]


def _sections(piece, sections=None):
    """The given (unsaved) sections, else the stored ones of a piece that has sections."""
    if sections is not None:
        return list(sections)
    return list(piece.sections.all()) if piece.pk and hasattr(piece, "sections") else []


def _section_texts(sections):
    for section in sections:
        label = _("第 %(number)s 节") % {"number": section.number or section.order + 1}
        yield label, f"{section.heading}\n{plain_text(section.body)}"


def content_problems(piece, sections=None):
    """Why this piece may not pass final review, be published or stay visible; empty when it may.

    ``sections`` (unsaved section objects, as the admin's inline forms hold them) stand
    in for the stored sections of a speech.
    """
    problems = []
    sections = _sections(piece, sections)
    if not plain_text(piece.body).strip() and not sections:
        problems.append(Problem("body", _("正文为空。")))
    # A repost names where it came from: the outlet, or, when an aggregator (ZAKER…) does
    # not say who first published it, at least that platform (Article.via), shown beside it.
    named = getattr(piece, "source_id", None) or getattr(piece, "via", "")
    if getattr(piece, "is_repost", False) and not named:
        problems.append(Problem("source", _("转载稿未注明来源。")))
    if getattr(piece, "title_derived", False):
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
    for label, text in _texts(piece, sections):
        found.extend(find_placeholders(text, field=label))
    return found


def section_problems(sections):
    """Placeholders left in these (unsaved) sections, as content_problems would report them."""
    found = []
    for label, text in _section_texts(sections):
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
