"""我的工作台: what each user has to do, across every content type, as the admin's front page.

Sections: 待我审 (the signing rule of editorial.workflow.awaiting_review, so the desk and
the rule never disagree), 我的稿件 (own drafts and pieces in review; a piece sent back
shows the opinion), 定时发布, 最近发布 (and who published it), 需处理 (pieces this user
may edit that fail a content check). Every content model registered in the admin takes
part, through its own ModelAdmin (a 作者 sees their own pieces only): a new content type
joins without a line here.

Each section is one query per content type (a fixed number whatever the number of
pieces); what a row needs from the workflow records (when the piece reached its stage,
the last opinion, who published it) comes in the same query as a subquery. The sections
and the header's figures are kept until content changes (editorial.cache.fresh_memo).
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from editorial import workflow
from editorial.cache import fresh_memo, page_cache
from editorial.models import (
    STAGE_STATUSES,
    VISIBLE_STATUSES,
    AuditEntry,
    ReviewSignoff,
    Status,
    content_models,
)

SENT_BACK = ReviewSignoff.Decision.SENT_BACK
ROWS = 20  # per section: a desk, not an archive (each list links to the full change list)
CHECK_SCAN = 200  # pieces in the workflow read for 需处理, newest first
PIPELINE = (Status.DRAFT, *STAGE_STATUSES, Status.APPROVED)
ROW_FIELDS = ("title", "short_title", "status", "publish_at", "updated_at", "created_at", "created_by")


@dataclass
class Row:
    piece: object
    url: str
    kind: str  # the model's verbose name: 文章, 讲话…
    since: object = None  # when it reached its stage / was published
    note: str = ""  # an opinion, or who published it
    problems: list = field(default_factory=list)

    @property
    def stage_label(self):
        return self.piece.get_status_display()


def content_admins(site, request):
    """(model, model admin) of every content type this user may open in the admin."""
    pairs = []
    for model in content_models():
        if not site.is_registered(model):
            continue
        model_admin = site.get_model_admin(model)
        if model_admin.has_view_or_change_permission(request):
            pairs.append((model, model_admin))
    return pairs


def _records(record_model, model):
    # The content type by name inside the subquery, as awaiting_review does: no look-up of
    # its id first, so the first page a process serves costs what every later one does.
    meta = model._meta.concrete_model._meta
    return record_model.objects.filter(
        content_type__app_label=meta.app_label, content_type__model=meta.model_name, object_id=OuterRef("pk")
    ).order_by("-created_at", "-pk")


def _entered_stage(model):
    """When the piece reached the status it is in (the audit entry that put it there)."""
    return Subquery(_records(AuditEntry, model).filter(to_status=OuterRef("status")).values("created_at")[:1])


def _publisher(model):
    """Who made the piece public: the last audit entry that moved it into a visible status
    (publish, republish, or the final approval of a piece with a publish time)."""
    entries = _records(AuditEntry, model).filter(to_status__in=VISIBLE_STATUSES)
    return Subquery(entries.exclude(from_status=F("to_status")).values("actor_name")[:1])


def _last_signoff(model, column):
    return Subquery(_records(ReviewSignoff, model).values(column)[:1])


def _base(model_admin, request):
    # The admin's own queryset (a 作者 sees their own pieces) without the checks' prefetch.
    return model_admin.get_queryset(request).prefetch_related(None)


def _url(model, pk):
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])


def _row(model, piece, **extra):
    return Row(piece=piece, url=_url(model, piece.pk), kind=str(model._meta.verbose_name), **extra)


def awaiting(request, admins):
    rows = []
    for model, model_admin in admins:
        queryset = workflow.awaiting_review(_base(model_admin, request), request.user)
        queryset = queryset.only(*ROW_FIELDS).annotate(entered=_entered_stage(model)).order_by("updated_at")
        rows += [_row(model, piece, since=piece.entered or piece.updated_at) for piece in queryset[:ROWS]]
    return sorted(rows, key=lambda row: row.since)[:ROWS]


def mine(request, admins):
    """Own pieces not yet signed off: drafts first (sent back ones with the opinion), then in review."""
    rows = []
    for model, model_admin in admins:
        queryset = (
            _base(model_admin, request)
            .filter(created_by=request.user, status__in=(Status.DRAFT, *STAGE_STATUSES))
            .only(*ROW_FIELDS)
            .annotate(
                last_decision=_last_signoff(model, "decision"),
                last_opinion=_last_signoff(model, "opinion"),
            )
            .order_by("-updated_at")
        )
        for piece in queryset[:ROWS]:
            sent_back = piece.status == Status.DRAFT and piece.last_decision == SENT_BACK
            note = piece.last_opinion if sent_back else ""
            rows.append(_row(model, piece, since=piece.updated_at, note=note))
    # Sent back first (someone waits for the author), then drafts, then pieces in review.
    rows.sort(key=lambda row: row.since, reverse=True)
    rows.sort(key=lambda row: (not row.note, row.piece.status != Status.DRAFT))
    return rows[:ROWS]


def scheduled(request, admins):
    now = timezone.now()
    rows = []
    for model, model_admin in admins:
        queryset = (
            _base(model_admin, request)
            .filter(status=Status.APPROVED, publish_at__gt=now)
            .only(*ROW_FIELDS)
            .order_by("publish_at")
        )
        rows += [_row(model, piece, since=piece.publish_at) for piece in queryset[:ROWS]]
    return sorted(rows, key=lambda row: row.since)[:ROWS]


def recent(request, admins):
    rows = []
    for model, model_admin in admins:
        queryset = (
            _base(model_admin, request)
            .live()
            .only(*ROW_FIELDS)
            .annotate(publisher=_publisher(model))
            .order_by("-publish_at", "-pk")
        )
        rows += [
            _row(model, piece, since=piece.publish_at, note=piece.publisher or "") for piece in queryset[:10]
        ]
    return sorted(rows, key=lambda row: row.since, reverse=True)[:10]


def needs_attention(request, admins):
    """Pieces in the workflow this user may edit that fail a content check (workflow.content_problems)."""
    rows = []
    for model, model_admin in admins:
        pieces = model_admin.get_queryset(request)  # with the relations the checks read, prefetched
        # The newest keys first (a sort of narrow rows), then those pieces whole: sorting the
        # whole rows, bodies and all, cost most of the desk at 100,000 pieces.
        keys = pieces.filter(status__in=PIPELINE).order_by("-updated_at").values_list("pk", "version")
        keys = keys[:CHECK_SCAN]
        # Checking 200 pieces per type (every body parsed) is what the desk costs: the
        # failing ones are kept until content changes, for every user who sees those pieces.
        sql, params = keys.query.sql_with_params()
        scope = hashlib.sha256(f"{model._meta.label}|{sql}|{params}".encode()).hexdigest()
        name = f"desk:problems:{get_language()}:{scope}"
        failing = fresh_memo(name, lambda pieces=pieces, keys=keys: _failing(pieces, keys), timeless=True)
        for piece, problems in failing:
            if workflow.can_edit(piece, request.user):
                rows.append(_row(model, piece, since=piece.updated_at, problems=problems))
    return sorted(rows, key=lambda row: row.since, reverse=True)[:ROWS]


def _failing(pieces, keys):
    """(piece, its problems as text) of the pieces of ``keys`` ((pk, version), newest first)
    that fail a content check.

    Each piece's verdict is kept with its version, which every save and workflow step moves
    on (with its inline rows): after a change only the pieces changed are read and checked
    again, not all 200 of the type (the checks were 62 % of the desk's first request after
    any save). One entry per type: the local-memory cache holds 300 entries in all.
    """
    keys = list(keys)
    name = f"gongjiang:checks:{get_language()}:{pieces.model._meta.label}"
    cache = page_cache()
    kept = cache.get(name) or {}
    verdicts = {pk: kept[pk] for pk, version in keys if pk in kept and kept[pk][0] == version}
    unknown = [pk for pk, _version in keys if pk not in verdicts]
    if unknown:
        for piece in pieces.filter(pk__in=unknown).defer("original_document"):
            problems = [str(problem) for problem in workflow.content_problems(piece)]
            verdicts[piece.pk] = (piece.version, _slim(piece) if problems else None, problems)
        # Other users' pieces stay too (a 作者's desk checks their own): the newest 800.
        kept = {**kept, **verdicts}
        cache.set(name, dict(list(kept.items())[-4 * CHECK_SCAN :]), timeout=settings.PAGE_CACHE_SECONDS)
    found = (verdicts.get(pk) for pk, _version in keys)
    return [(piece, problems) for _version, piece, problems in filter(None, found) if piece is not None]


def _slim(piece):
    """The piece with only what a row shows, as .only(*ROW_FIELDS) loads it (kept without its body)."""
    meta = piece._meta
    names = [meta.pk.attname, *(meta.get_field(name).attname for name in ROW_FIELDS)]
    return type(piece).from_db(piece._state.db, names, [getattr(piece, name) for name in names])


def desk(request, site):
    """Everything the 工作台 shows for ``request.user``.

    The sections are kept for this user until content changes or a publish time passes
    (editorial.cache.fresh_memo): the desk is the admin's front page, asked again and again.
    """
    admins = content_admins(site, request)
    reviewer = any(workflow.is_reviewer(model, request.user) for model, _admin in admins)

    def sections():
        return {
            "desk_reviewer": reviewer,
            "desk_awaiting": awaiting(request, admins) if reviewer else [],
            "desk_mine": mine(request, admins),
            "desk_scheduled": scheduled(request, admins),
            "desk_recent": recent(request, admins),
            "desk_problems": needs_attention(request, admins),
        }

    return {
        **fresh_memo(f"desk:{get_language()}:{_who(request.user)}", sections),
        "desk_changelists": [
            (
                model._meta.verbose_name,
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
            )
            for model, _admin in admins
        ],
    }


def _who(user):
    """A memo's name for this user and their rights: the figures follow both, and a change
    of rights renews no content memo."""
    if user.is_superuser:
        return f"{user.pk}:all"
    rights = ",".join(sorted(user.get_all_permissions()))  # read already by the admin's checks
    return f"{user.pk}:{hashlib.sha256(rights.encode()).hexdigest()[:16]}"


def awaiting_count_of(request, model, queryset):
    """How many pieces of ``model`` wait for this user, counted once per request (a content
    list shows its own type's figure beside the header's sum) and kept until content changes."""
    known = request.__dict__.setdefault("awaiting_counts", {})
    if model not in known:
        name = f"desk:awaiting:{model._meta.label}:{_who(request.user)}"
        count = lambda: workflow.awaiting_review(queryset, request.user).count()  # noqa: E731
        known[model] = fresh_memo(name, count, timeless=True)
    return known[model]


def counts(request, site):
    """The header's figures on every admin page: pieces awaiting this user, own pieces sent back.

    At most two COUNT queries per content type (none for a right the user lacks), asked
    again only after content changes (editorial.cache.fresh_memo): every admin page shows them.
    """
    user = request.user
    awaiting_count = 0
    reviewer = False
    querysets = []
    for model, model_admin in content_admins(site, request):
        queryset = model_admin.get_queryset(request).prefetch_related(None)
        if workflow.is_reviewer(model, user):
            reviewer = True
            awaiting_count += awaiting_count_of(request, model, queryset)
        querysets.append((model, queryset))

    def count_sent_back():
        return sum(
            queryset.filter(created_by=user, status=Status.DRAFT)
            .annotate(last_decision=_last_signoff(model, "decision"))
            .filter(last_decision=SENT_BACK)
            .count()
            for model, queryset in querysets
        )

    sent_back = fresh_memo(f"desk:sent-back:{_who(user)}", count_sent_back, timeless=True)
    return {"reviewer": reviewer, "awaiting": awaiting_count, "sent_back": sent_back}
