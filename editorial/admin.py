"""Admin pieces shared by every content type, and the tag admin.

`EditorialContentAdmin` holds what articles and speeches have in common; each
content app subclasses it and adds its own fields, filters and inlines.
"""

from functools import cache, partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag as TaggitTag

from editorial import admin_views, audit_labels, dashboard, workflow
from editorial.admin_search import IndexedSearchMixin, WalkedSearchMixin
from editorial.admin_widgets import HeldRowsAdminMixin, HeldRowsFormMixin, LabelledSplitDateTime
from editorial.body_editor import BodyEditingMixin, tell_what_sanitising_removes
from editorial.cache import fresh_memo
from editorial.changelist import ArchiveAdminMixin, cell_html
from editorial.corrections import corrections_for
from editorial.diff import snapshot_diff
from editorial.models import (
    VISIBLE_STATUSES,
    AuditEntry,
    Comment,
    ReviewSignoff,
    Revision,
    Status,
    Tag,
)
from editorial.text import clean_text
from images.widgets import ImageChooserAdminMixin

# Every class the admin's cells and panels use (no style attributes: Content-Security-Policy).
ADMIN_CSS = "css/admin.css"


def thumbnail(image_field, alt=""):
    """A small <img> for change lists, from a stored rendition (never an external URL).

    External head image URLs are not shown: loading them would leak the editor's
    browsing to third-party hosts.
    """
    if not image_field:
        return "—"
    return cell_html('<img src="{}" alt="{}" class="gj-thumb">', image_field.url, alt)


# How many linked pieces a change page lists per relation: enough to work with,
# bounded so a prolific author's page stays one small query per relation.
LINKED_LIMIT = 50


def linked_content(groups):
    """Render [(heading, queryset, admin url name)] as headed lists of change-page links.

    One query per group, each limited to LINKED_LIMIT rows and only the columns shown.
    """
    parts = []
    for heading, queryset, url_name in groups:
        # values_list, not only(): a reverse-FK manager would lazily load the FK per row.
        rows = list(queryset.order_by("-publish_at", "-pk").values_list("pk", "title")[: LINKED_LIMIT + 1])
        more = len(rows) > LINKED_LIMIT
        if not rows:
            continue
        items = format_html_join(
            "",
            '<li><a href="{}">{}</a></li>',
            ((reverse(url_name, args=[pk]), title) for pk, title in rows[:LINKED_LIMIT]),
        )
        suffix = ""
        if more:
            suffix = format_html("<li>{}</li>", _("……（仅列出前 %(n)s 篇）") % {"n": LINKED_LIMIT})
        parts.append(format_html("<p><strong>{}</strong></p><ul>{}{}</ul>", heading, items, suffix))
    if not parts:
        return _("暂无关联稿件")
    return format_html_join("", "{}", ((part,) for part in parts))


# The header, browser title and index heading editors see on every admin page
# (Django's own say "Django 管理").
admin.site.site_header = format_lazy(_("{site} · 编辑部"), site=settings.SITE_NAME)
admin.site.site_title = format_lazy(_("{site}编辑部"), site=settings.SITE_NAME)


# The project's tags are editorial.Tag; taggit's own model (unused here) would show editors a
# second 标签 list, always empty.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


@admin.register(Tag)
class TagAdmin(ArchiveAdminMixin, admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    ordering = ("name",)
    readonly_fields = ("slug",)


# Buttons whose move is hard to undo ask first (static/js/admin_workflow.js).
ACTION_CONFIRM = {
    "reject": _("退稿后稿件关闭，不再进入后续审次。确定退稿？"),
    "unpublish": _("撤回后读者将看不到这篇稿件。确定撤回？"),
    "archive": _("归档后稿件不能再发布。确定归档？"),
}


# States in which the content checks are shown (a closed or archived piece has no next step).
CHECKED_STATUSES = (
    Status.DRAFT,
    Status.REVIEW_1,
    Status.REVIEW_2,
    Status.REVIEW_3,
    Status.APPROVED,
    Status.PUBLISHED,
    Status.UNPUBLISHED,
)


def status_label(piece, now=None):
    """What the state means to readers right now: the stored status, or when the clock has moved it.

    Visibility is a query (.live()), not a job, so an approved piece whose time has come
    is public even if nobody recorded it as published; the admin says so.
    """
    now = now or timezone.now()
    if piece.status in VISIBLE_STATUSES and piece.expire_at and piece.expire_at <= now:
        return gettext("已到下线时间 %(time)s") % {"time": _local(piece.expire_at)}
    if piece.status == Status.APPROVED and piece.publish_at:
        if piece.publish_at > now:
            return gettext("定时发布 %(time)s") % {"time": _local(piece.publish_at)}
        return gettext("已公开（定时发布）")
    return status_name(piece.status)


def status_name(value):
    """The label of a stored status (``get_status_display``), for a list's rows: Django's
    method hashes every choice's label on each call, a tenth of an audit log page."""
    return _status_names(get_language()).get(value, value)


@cache
def _status_names(language):
    # Translated once per language: Status.values and a lazy label per row cost 30 µs each.
    return {value: str(label) for value, label in Status.choices}


@cache
def _change_url_parts(app_label, model_name, script_prefix, urlconf):
    """(before, after) the key in a change page's address, or None: reverse() once per
    content type, not once for each of the audit log's 100 rows."""
    try:
        url = reverse(f"admin:{app_label}_{model_name}_change", urlconf, args=["0"])
    except NoReverseMatch:
        return None
    before, _key, after = url.rpartition("/0/")
    return f"{before}/", f"/{after}"


def _local(moment):
    # strftime, not date_format: the same figures without a format lookup per row.
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def is_author_only(user, model):
    """A 作者: may write, but holds no review or publish right on this model."""
    if user.is_superuser:
        return False
    return not (workflow.is_reviewer(model, user) or user.has_perm(workflow.perm(model, "publish")))


class AwaitingMyReviewFilter(admin.SimpleListFilter):
    """待我审: pieces at a stage this user may sign, not written by them, no other stage signed by them."""

    title = _("待我审")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [("me", _("待我审"))]

    def queryset(self, request, queryset):
        if self.value() != "me":
            return queryset
        return workflow.awaiting_review(queryset, request.user)


def translated_texts(formfield):
    """A form field whose label and help text are translated now, once: lazy, each was
    translated again wherever the page read it (three or four times a help text), and a
    translation is some 30 calls. The admin builds its forms for each request, in its
    language."""
    if formfield is not None:
        if isinstance(formfield.label, Promise):
            formfield.label = str(formfield.label)
        if isinstance(formfield.help_text, Promise):
            formfield.help_text = str(formfield.help_text)
    return formfield


class PieceInlineForm(HeldRowsFormMixin, forms.ModelForm):
    pass


class PieceInlineMixin(HeldRowsAdminMixin):
    """Inlines that are part of a piece (bylines, speech sections) follow the piece's rights.

    Editing them is editing the piece: whoever may add or change the piece where it
    stands in the review (workflow.can_edit) may add, change and remove them, and
    nobody else, so the roles need no permissions of their own on these models.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return translated_texts(super().formfield_for_dbfield(db_field, request, **kwargs))

    def _piece_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def _may_edit_piece(self, request, obj):
        piece_admin = self._piece_admin()
        if obj is None:
            return piece_admin.has_add_permission(request) or piece_admin.has_change_permission(request)
        return piece_admin.has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit_piece(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit_piece(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit_piece(request, obj)

    def has_view_permission(self, request, obj=None):
        return self._piece_admin().has_view_permission(request, obj)

    form = PieceInlineForm


class EditorialContentForm(HeldRowsFormMixin, forms.ModelForm):
    """Carries the version the form was loaded at, so a save over someone else's is refused."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    overwrite = forms.BooleanField(
        label=_("覆盖他人的修改"),
        required=False,
        help_text=_("稿件已被他人修改时，勾选后以本页内容为准保存（记入审计日志）。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.version
        self.conflict_diff = []
        self.conflict_theirs = []
        self.conflict_version = None

    def clean_tags(self):
        # taggit's field has no length limit per tag: PostgreSQL would fail the save, SQLite
        # store more than the column holds. Refused by name, like any over-long field.
        tags = [clean_text(tag) for tag in self.cleaned_data.get("tags") or []]
        limit = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > limit]
        if too_long:
            raise forms.ValidationError(
                gettext("标签不能超过 %(limit)s 个字：%(tags)s")
                % {"limit": limit, "tags": "、".join(f"“{tag[:20]}…”（{len(tag)}）" for tag in too_long)},
                code="max_length",
            )
        return [tag for tag in tags if tag]

    def _post_clean(self):
        super()._post_clean()  # the instance now carries the input
        piece = self.instance
        # An approved or published piece shows every change at once: it keeps passing the
        # content checks (workflow._require_clean_while_visible, here as form errors so
        # the input stays). Speech sections are checked by their inline formset.
        if piece.pk and piece.status in VISIBLE_STATUSES and not self.errors:
            for problem in workflow.content_problems(piece):
                self.add_error(problem.field if problem.field in self.fields else None, str(problem))

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk or cleaned.get("overwrite"):
            return cleaned
        loaded = cleaned.get("loaded_version")
        model = self.instance._meta.concrete_model
        rows = model._base_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            # The admin validates and saves in one transaction: lock the row now so no
            # save can slip in between this check and ours.
            rows = rows.select_for_update()
        current = rows.first()
        if loaded is None or current is None or current.version == loaded:
            return cleaned
        self.conflict_version = current.version
        theirs_all = workflow.snapshot(current)
        # What the others changed since this form was loaded, from the revision saved then:
        # the part to merge by hand.
        base = Revision.for_piece(current).filter(version=loaded).order_by("-created_at", "-pk").first()
        if base is not None:
            self.conflict_theirs = admin_views.readable_diff(current, base.snapshot, theirs_all)
        # changed_data compares the input with the stored (newer) piece: exactly the conflict.
        text_fields = {
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        }
        names = [name for name in self.changed_data if name in text_fields]
        mine = {name: cleaned.get(name) for name in names}
        theirs = {name: theirs_all[name] for name in names}
        self.conflict_diff = snapshot_diff(
            {k: "" if v is None else str(v) for k, v in theirs.items()},
            {k: "" if v is None else str(v) for k, v in mine.items()},
            workflow.field_labels(current),
        )
        raise forms.ValidationError(
            gettext(
                "稿件在您编辑期间已被他人保存（您打开的是第 %(mine)s 版，现在是第 %(current)s 版）。"
                "您的输入仍在下面；请对照差异合并，或勾选「覆盖他人的修改」后再保存。"
            )
            % {"mine": loaded, "current": current.version},
            code="conflict",
        )


class EditorialContentAdmin(
    ArchiveAdminMixin,
    IndexedSearchMixin,
    ImageChooserAdminMixin,
    BodyEditingMixin,
    HeldRowsAdminMixin,
    admin.ModelAdmin,
):
    """What every content admin shares: lists, filters, fieldsets, created_by.

    Subclasses name their own fields in ``type_fieldsets`` (shown after the
    headline) and may extend ``list_display`` / ``list_filter``.
    """

    class Media:
        css = {"all": [ADMIN_CSS, "css/admin_a11y.css"]}
        js = ("js/admin_a11y.js",)

    form = EditorialContentForm
    image_fields = ("head_image",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.DateTimeField) and db_field.editable:
            kwargs.setdefault("widget", LabelledSplitDateTime(db_field.verbose_name))
        return translated_texts(super().formfield_for_dbfield(db_field, request, **kwargs))

    # Not admin/editorial/change_form.html: Django would apply that name to every model of
    # the editorial app (the audit log, tags) and put the workflow tools on them too.
    change_form_template = "admin/editorial/content_change_form.html"
    change_list_template = "admin/editorial/content_change_list.html"
    list_display = ("title_display", "status_display", "publish_at", "thumbnail_display")
    list_display_links = ("title_display",)
    list_filter = (AwaitingMyReviewFilter, "status", "tags", "publish_at")
    actions = (
        "submit_selected",
        "approve_selected",
        "publish_selected",
        "unpublish_selected",
        "archive_selected",
    )
    search_fields = ("title", "short_title", "subtitle", "kicker", "slug")
    date_hierarchy = "publish_at"
    autocomplete_fields = ("people", "events")
    list_select_related = ()
    list_per_page = 50
    # The verbatim imported file stays out of the list (the body is read for the 检查
    # column, for the page's rows only: sorting, counting and skipping use indexes).
    # Nor what no column or check reads: each loaded field is a value to convert and set on
    # each of 50 rows.
    list_defer = (
        "original_document",
        "original_filename",
        "original_url",
        "content_hash",
        "first_published_at",
        "created_at",
        "updated_at",
        # The thumbnail: the head image's card rendition and alternative text, no more.
        *(f"head_image__{name}" for name in ("file", "detail", "width", "height", "title", "caption")),
        *(
            f"head_image__{name}"
            for name in ("photographer", "source", "source_url", "uploaded_by", "created_at")
        ),
    )
    # Relations the content checks read besides the piece's own fields (a speech's
    # sections), prefetched so the 检查 column and the 需处理 list cost no query per row.
    check_prefetch = ()
    # Where a list page keeps the inline rows its 检查 column reads (list_page), when those
    # are not all the piece's.
    CHECKED_INLINES = "checked_inlines"
    readonly_fields = ("status", "version", "created_by", "first_published_at", "created_at", "updated_at")
    type_fieldsets = ()
    headline_fieldset = (
        None,
        {"fields": ("title", "title_derived", "subtitle", "short_title", "summary", "body")},
    )
    image_fieldset = (_("题图"), {"fields": ("head_image",)})
    relations_fieldset = (
        _("标签与关联"),
        {
            "fields": ("tags", "people", "events"),
            "description": _("标签用逗号分隔，如：劳模精神, 大国工匠"),
        },
    )
    publishing_fieldset = (
        _("发布"),
        {
            "fields": (
                "status",
                "publish_at",
                "expire_at",
                "slug",
                "version",
                "created_by",
                "first_published_at",
            )
        },
    )
    rare_fieldset = (
        _("其他（较少使用）"),
        {
            "classes": ("collapse",),
            "fields": (
                "kicker",
                "original_url",
                "head_image_url",
                "head_image_alt",
                "created_at",
                "updated_at",
            ),
        },
    )

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            self.headline_for(obj),
            *self.type_fieldsets,
            self.image_fieldset,
            self.relations_fieldset,
            self.publishing_fieldset,
            self.rare_fieldset,
        ]
        return self.body_fieldsets(request, obj, fieldsets)

    def headline_for(self, obj):
        """The headline fields; 待补标题 only on a piece the importer titled from its first
        sentence (a new piece or a corrected one has nothing to tick there)."""
        name, options = self.headline_fieldset
        if obj is not None and obj.title_derived:
            return name, options
        return name, {**options, "fields": tuple(f for f in options["fields"] if f != "title_derived")}

    @admin.display(description=_("主题"), ordering="title")
    def title_display(self, obj):
        # Chinese titles may break after any character: without a floor the other columns
        # squeeze them to one character a line.
        return cell_html('<span class="gj-title">{}</span>', obj.display_title)

    @admin.display(description=_("状态"), ordering="status")
    def status_display(self, obj):
        return cell_html(
            # keep-all: breaks only at the space before a time (定时发布 / 2026-12-01 16:47),
            # never inside a word.
            # Colours per state in static/css/admin.css (a style attribute would break the CSP).
            '<span class="gj-status gj-status-{}">{}</span>',
            "live" if obj.is_live() else obj.status,
            status_label(obj),
        )

    @admin.display(description=_("检查"))
    def checks_display(self, obj):
        """The content checks as a badge, from the draft on (fields already loaded, and the
        relations named in ``check_prefetch``: no query per row)."""
        if obj.status not in CHECKED_STATUSES:
            return ""
        problems = workflow.content_problems(obj, getattr(obj, self.CHECKED_INLINES, None))
        if not problems:
            return cell_html('<span class="gj-check gj-check-ok">{}</span>', gettext("通过"))
        return cell_html(
            '<span class="gj-check gj-check-problems" title="{}">{}</span>',
            "\n".join(str(problem) for problem in problems),
            gettext("%(count)s 项待改") % {"count": len(problems)},
        )

    def list_page(self, rows):
        rows = list(rows)
        models.prefetch_related_objects(rows, *self.check_prefetch)
        return rows

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        if "checks_display" not in display:
            at = display.index("status_display") + 1 if "status_display" in display else len(display)
            display.insert(at, "checks_display")
        return display

    @admin.display(description=_("题图"))
    def thumbnail_display(self, obj):
        return thumbnail(obj.head_image.card if obj.head_image_id else None, obj.head_image_text)

    def changelist_view(self, request, extra_context=None):
        context = {**(extra_context or {}), "can_review": workflow.is_reviewer(self.model, request.user)}
        if context["can_review"]:
            # One COUNT query, whatever the list size: how many pieces wait for this user.
            context["awaiting_count"] = dashboard.awaiting_count_of(
                request, self.model, self.get_queryset(request)
            )
        return super().changelist_view(request, context)

    def get_list_filter(self, request):
        # Subclasses set their own list_filter; 待我审 comes first on every content list,
        # for those who review (a 作者 has nothing to review).
        filters = tuple(f for f in super().get_list_filter(request) if f is not AwaitingMyReviewFilter)
        if not workflow.is_reviewer(self.model, request.user):
            return filters
        return (AwaitingMyReviewFilter, *filters)

    def get_actions(self, request):
        # Offer only the bulk actions this user's role can ever take; each piece is still
        # checked by the workflow (state, own piece, stage already signed).
        actions = super().get_actions(request)
        stages = range(1, workflow.review_stages() + 1)
        needs = {
            "submit_selected": ["submit"],
            "approve_selected": [f"review{n}" for n in stages],
            "publish_selected": ["publish"],
            "unpublish_selected": ["publish"],
            "archive_selected": ["publish"],
        }
        user = request.user
        for name, rights in needs.items():
            if name in actions and not any(user.has_perm(workflow.perm(self.model, r)) for r in rights):
                del actions[name]
        return actions

    def get_view_on_site_url(self, obj=None):
        # Readers get a 404 for anything not live; the preview button covers the rest.
        if obj is None or not obj.is_live():
            return None
        return super().get_view_on_site_url(obj)

    def history_view(self, request, object_id, extra_context=None):
        # One history per piece: the revisions and audit log (admin LogEntry misses transitions).
        meta = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{meta.app_label}_{meta.model_name}_revisions", args=[object_id])
        )

    # -- who sees and edits what ------------------------------------------------

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.check_prefetch:
            queryset = queryset.prefetch_related(*self.check_prefetch)
        if is_author_only(request.user, self.model):
            return queryset.filter(created_by=request.user)  # 作者 see their own pieces
        return queryset

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None:
            # Who may edit depends on where the piece is in the review (workflow.can_edit);
            # the others get the read-only page with the workflow panel.
            return workflow.can_edit(obj, request.user)
        return True

    def has_delete_permission(self, request, obj=None):
        # Never delete a piece readers have seen: unpublish or archive it instead.
        if obj is not None and obj.first_published_at:
            return False
        return super().has_delete_permission(request, obj)

    def get_object(self, request, object_id, from_field=None):
        """Django's, with the rows of the piece's foreign-key autocomplete boxes (责任编辑,
        讲话人, 场合) joined: the boxes are labelled from them (HeldRowsFormMixin) instead
        of a query each; and its 创建人, whom the 发布 fieldset names (a query of its own)."""
        related = ("created_by", *self._autocomplete_foreign_keys(request))
        queryset = self.get_queryset(request).select_related(*related)
        field = self.model._meta.pk if from_field is None else self.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None

    def _autocomplete_foreign_keys(self, request):
        return [
            name
            for name in self.get_autocomplete_fields(request)
            if isinstance(self.model._meta.get_field(name), models.ForeignKey)
        ]

    # -- saving: one place, optimistic locking, revision + audit -------------------

    def save_model(self, request, obj, form, change):
        # Saved in save_related, together with m2m and inlines, so the revision
        # snapshot holds everything and the save is one workflow call.
        pass

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The form and the section inlines check what the save would refuse; a refusal
        # they could not foresee (say, an empty body once every section is deleted) rolls
        # the save back and says why instead of a server error.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except workflow.WorkflowError as error:
            # The admin's transaction rolled back the save and its refusal entry: record it again.
            piece = self.get_object(request, object_id) if object_id else None
            if piece is not None:
                workflow.record_refusal(piece, request.user, gettext("保存"), error, "save_refused")
            messages.error(request, str(error))
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request, obj):
        workflow.delete_piece(obj, request.user)

    def delete_queryset(self, request, queryset):
        for piece in queryset:
            workflow.delete_piece(piece, request.user)

    def get_list_select_related(self, request):
        return (*super().get_list_select_related(request), "head_image")  # the thumbnails

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        tell_what_sanitising_removes(request, form, formsets)
        workflow.save_piece(
            obj,
            request.user,
            expected_version=form.cleaned_data.get("loaded_version"),
            overwrite=bool(form.cleaned_data.get("overwrite")),
            related=partial(super().save_related, request, form, formsets, change),
        )
        # The checks are told from the first save, not first at 终审; they refuse only there.
        problems = workflow.content_problems(obj)
        if problems and obj.status in CHECKED_STATUSES:
            messages.warning(
                request,
                gettext("已保存，但内容检查发现问题（终审签发、发布前须解决）：%(problems)s")
                % {"problems": " ".join(str(problem) for problem in problems)},
            )

    # -- workflow pages ------------------------------------------------------------

    def get_urls(self):
        meta = self.model._meta
        name = f"{meta.app_label}_{meta.model_name}"

        def wrap(view):
            return self.admin_site.admin_view(partial(view, self))

        return [
            path("<path:object_id>/workflow/", wrap(admin_views.transition_view), name=f"{name}_workflow"),
            path("<path:object_id>/comment/", wrap(admin_views.comment_view), name=f"{name}_comment"),
            path(
                "<path:object_id>/correction/", wrap(admin_views.correction_view), name=f"{name}_correction"
            ),
            path("<path:object_id>/revisions/", wrap(admin_views.revisions_view), name=f"{name}_revisions"),
            path(
                "<path:object_id>/revisions/<int:revision_id>/restore/",
                wrap(admin_views.restore_view),
                name=f"{name}_restore",
            ),
            path(
                "<path:object_id>/revisions/<int:revision_id>/preview/",
                wrap(admin_views.preview_view),
                name=f"{name}_revision_preview",
            ),
            path("<path:object_id>/preview/", wrap(admin_views.preview_view), name=f"{name}_preview"),
            path(
                "<path:object_id>/preview/compare/",
                wrap(admin_views.compare_view),
                name=f"{name}_preview_compare",
            ),
            path("<path:object_id>/slip/", wrap(admin_views.slip_view), name=f"{name}_slip"),
            path("<path:object_id>/original/", wrap(admin_views.original_view), name=f"{name}_original"),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        meta = self.model._meta
        context["workflow_urls_prefix"] = f"admin:{meta.app_label}_{meta.model_name}"
        adminform = context.get("adminform")
        form = adminform.form if adminform else None
        context["conflict_diff"] = getattr(form, "conflict_diff", [])
        context["conflict_theirs"] = getattr(form, "conflict_theirs", [])
        context["conflict_version"] = getattr(form, "conflict_version", None)
        if request.method == "POST" and obj is not None and context["conflict_version"] is not None:
            conflict = form.non_field_errors().as_text().lstrip("* ")
            workflow.record_refusal(obj, request.user, gettext("保存"), conflict, "save_refused")
        if obj is not None and obj.pk:
            context.update(self.workflow_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def workflow_context(self, request, obj):
        actions = workflow.available_actions(obj, request.user)
        meta = self.model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        final_stage = workflow.stage_of(obj.status) == workflow.review_stages()
        signoffs = list(ReviewSignoff.for_piece(obj).select_related("reviewer"))
        return {
            "workflow_actions": [
                (action, workflow.action_label(obj, action), ACTION_CONFIRM.get(action, ""))
                for action in actions
            ],
            "workflow_reviewing": bool({"approve", "send_back", "reject"} & set(actions)),
            "workflow_status_label": status_label(obj),
            "workflow_problems": workflow.content_problems(obj) if obj.status in CHECKED_STATUSES else [],
            "workflow_problems_block": final_stage or obj.status in (Status.APPROVED, Status.UNPUBLISHED),
            "workflow_signoffs": signoffs,
            "workflow_comments": Comment.for_piece(obj).select_related("author"),
            "workflow_audit": self._audit_with_labels(obj),
            "sent_back_revision": admin_views.sent_back_revision(obj, signoffs[-1] if signoffs else None),
            "workflow_url": reverse(f"{name}_workflow", args=[obj.pk]),
            "comment_url": reverse(f"{name}_comment", args=[obj.pk]),
            "correction_url": reverse(f"{name}_correction", args=[obj.pk]),
            "can_correct": obj.status == Status.PUBLISHED and workflow.can_edit(obj, request.user),
            "corrections": corrections_for(obj) if obj.first_published_at else [],
            "revisions_url": reverse(f"{name}_revisions", args=[obj.pk]),
            "preview_url": reverse(f"{name}_preview", args=[obj.pk]),
            "compare_url": reverse(f"{name}_preview_compare", args=[obj.pk]),
            "slip_url": reverse(f"{name}_slip", args=[obj.pk]),
            "original_document_url": (
                reverse(f"{name}_original", args=[obj.pk]) if obj.original_document is not None else ""
            ),
        }

    @staticmethod
    def _audit_with_labels(piece):
        entries = AuditEntry.for_piece(piece).select_related("actor")[:20]
        entries = admin_views.with_changed_labels(entries, piece)
        for entry in entries:
            # status_name, not get_FOO_display (which builds a dict of every choice on each call).
            entry.from_label, entry.to_label = status_name(entry.from_status), status_name(entry.to_status)
        return entries

    # -- bulk actions: the same service, one piece at a time ----------------------

    def _bulk(self, request, queryset, action):
        done, refused = 0, []
        for piece in queryset:
            try:
                workflow.transition(piece, action, request.user)
            except workflow.WorkflowError as error:
                refused.append(gettext("《%(title)s》：%(reason)s") % {"title": piece.title, "reason": error})
            else:
                done += 1
        if done:
            self.message_user(
                request,
                gettext("「%(action)s」完成 %(count)s 篇。")
                % {"action": workflow.ACTION_LABELS[action], "count": done},
                messages.SUCCESS,
            )
        for line in refused[:20]:
            self.message_user(request, line, messages.ERROR)

    @admin.action(description=_("提交送审所选稿件"))
    def submit_selected(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description=_("同意所选稿件（送下一审次；最后一审为签发）"))
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description=_("发布所选稿件"))
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description=_("撤回所选稿件"))
    def unpublish_selected(self, request, queryset):
        self._bulk(request, queryset, "unpublish")

    @admin.action(description=_("归档所选稿件"))
    def archive_selected(self, request, queryset):
        self._bulk(request, queryset, "archive")


class AuditEventFilter(admin.SimpleListFilter):
    """事件, by label: one choice per event (editorial/audit_labels.py), whatever the content type."""

    title = _("事件")
    parameter_name = "event"

    def lookups(self, request, model_admin):
        return [(event, label) for event, label in audit_labels.EVENT_LABELS.items()]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # The codes in full (gongjiang.<model>.<event>, for every model that has entries),
        # so the code index answers; "ends with .<event>" would read every entry.
        models_with_codes = ContentType.objects.values_list("model", flat=True)
        return queryset.filter(code__in=[f"gongjiang.{name}.{self.value()}" for name in models_with_codes])


class AuditContentTypeFilter(admin.SimpleListFilter):
    """内容类型: the types that have entries, each asked with one index look-up.

    Django's RelatedOnlyFieldListFilter reads the distinct content types of the whole log:
    a pass over a million entries on every page of it.
    """

    title = _("内容类型")
    parameter_name = "content_type__id__exact"
    field_path = "content_type"

    def lookups(self, request, model_admin):
        # Kept until content changes, as every entry is written with a change: building a
        # subquery for each of ~40 types was a fifth of the log's Python (editorial.cache).
        return fresh_memo(f"audit:types:{get_language()}", self._types_with_entries, timeless=True)

    @staticmethod
    def _types_with_entries():
        types = list(ContentType.objects.order_by("app_label", "model"))
        # The first entry of each type in the order of the audit_piece index, not EXISTS:
        # PostgreSQL answered EXISTS for the speeches' tenth of the log by a scan stopping
        # at their first entry, behind 900,000 others (262 ms); ordered, it reads the index.
        entries = AuditEntry.objects.order_by("content_type_id", "object_id").values("pk")
        found = AuditEntry.objects.values(
            **{f"t{ct.pk}": models.Subquery(entries.filter(content_type=ct)[:1]) for ct in types}
        ).first()
        return [(ct.pk, str(ct)) for ct in types if found and found[f"t{ct.pk}"] is not None]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(content_type_id=self.value())


@admin.register(AuditEntry)
class AuditEntryAdmin(ArchiveAdminMixin, WalkedSearchMixin, admin.ModelAdmin):
    """The audit log: read-only, filterable; entries are never changed or deleted.

    Searched as the people and image lists are (WalkedSearchMixin): 工匠 without
    PostgreSQL's UPPER() of four columns per entry (1,000,000 entries: the count and the
    page 31-40 -> 6-12 ms of SQL)."""

    class Media:
        css = {"all": [ADMIN_CSS]}

    list_display = (
        "time_display",
        "code_display",
        "piece_display",
        "actor_name",
        "move_display",
        "detail_display",
    )
    list_filter = (
        AuditEventFilter,
        "to_status",
        AuditContentTypeFilter,
        "created_at",
    )
    search_fields = ("object_repr", "actor_name", "opinion", "code")
    date_hierarchy = "created_at"
    list_select_related = ("content_type",)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    @admin.display(description=_("时间"), ordering="created_at")
    def time_display(self, entry):
        return format_html('<span class="gj-nowrap">{}</span>', _local(entry.created_at))

    @admin.display(description=_("事件"), ordering="code")
    def code_display(self, entry):
        # Editors read the label; the code (what the data and searches hold) is in the tooltip.
        return format_html('<span title="{}">{}</span>', entry.code, entry.label)

    @admin.display(description=_("稿件"), ordering="object_repr")
    def piece_display(self, entry):
        ct = entry.content_type
        parts = _change_url_parts(ct.app_label, ct.model, get_script_prefix(), get_urlconf())
        if parts is None:
            return entry.object_repr
        url = f"{parts[0]}{entry.object_id}{parts[1]}"  # object_id: a number (PositiveBigIntegerField)
        # min-width: Chinese titles may break after any character and were squeezed to one.
        link = '<a href="{}" class="gj-piece-link">{}</a>'
        return format_html(link, url, entry.object_repr)

    @admin.display(description=_("状态变化"))
    def move_display(self, entry):
        if entry.from_status == entry.to_status:
            return status_name(entry.to_status) or "—"
        return format_html(
            '<span class="gj-nowrap">{} → {}</span>',
            status_name(entry.from_status) or "—",
            status_name(entry.to_status),
        )

    @admin.display(description=_("意见 / 改动"))
    def detail_display(self, entry):
        parts = []
        if entry.opinion:
            parts.append(Truncator(entry.opinion).chars(60))
        if entry.changed_fields and entry.from_status == entry.to_status:
            model = entry.content_type.model_class()
            labels = admin_views.labels_of(model) if model is not None else {}
            parts.append("、".join(labels.get(name, name) for name in entry.changed_fields))
        # overflow-wrap: "导入：import_documents" must not widen the list past the filters.
        return format_html('<span class="gj-wrap-anywhere">{}</span>', "；".join(parts) or "—")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
