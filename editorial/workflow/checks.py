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

# A problem naming places (each placeholder where it stands): so many run into its one-line
# message (a refusal, the desk, the importer's report); the change form lists up to
# LISTED_PLACES a line each, the first SHOWN_PLACES open and the rest folded.
RUN_INTO_MESSAGE = 30
LISTED_PLACES = 200
SHOWN_PLACES = 5


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    lead: str = ""  # the message without its places, above their list
    places: tuple = ()
    count: int = 0  # places in all (more than listed, for a document full of them)

    def __str__(self):
        return self.message

    @property
    def shown_places(self):
        return self.places[:SHOWN_PLACES]

    @property
    def folded_places(self):
        return self.places[SHOWN_PLACES:]

    @property
    def folded_count(self):
        return self.count - SHOWN_PLACES

    @property
    def unlisted(self):
        return self.count > len(self.places)


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
    places = tuple(
        _("%(field)s第 %(position)s 字「%(context)s」")
        % {"field": item.field, "position": item.position + 1, "context": item.context}
        for item in found[:LISTED_PLACES]
    )
    text = _("有 %(count)s 处占位符（X、XX、××、○○）未替换：%(list)s%(more)s")
    return Problem(
        "placeholders",
        text
        % {
            "count": len(found),
            "list": "；".join(places[:RUN_INTO_MESSAGE]),
            "more": _("等") if len(found) > RUN_INTO_MESSAGE else "",
        },
        lead=text % {"count": len(found), "list": "", "more": ""},
        places=places,
        count=len(found),
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
