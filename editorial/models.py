"""The shared content base: fields, the `.live()` visibility rule, tags."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager, _TaggableManager
from taggit.models import GenericTaggedItemBase, TagBase

from editorial.audit_labels import entry_label
from editorial.sanitize import BodyTooLarge, plain_text, sanitize
from editorial.slugs import pinyin_slug, slug_url, unique_slug
from editorial.summary import SUMMARY_LIMIT, derive_summary
from editorial.text import clean_text

SHORT_TITLE_THRESHOLD = 30
READING_CHARS_PER_MINUTE = 400


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW_1 = "review_1", _("初审")
    REVIEW_2 = "review_2", _("复审")
    REVIEW_3 = "review_3", _("终审")
    APPROVED = "approved", _("已签发")
    PUBLISHED = "published", _("已发布")
    UNPUBLISHED = "unpublished", _("已撤回")
    ARCHIVED = "archived", _("已归档")
    CLOSED = "closed", _("已退稿")


# States in which a piece may be shown once publish_at has come. An approved piece
# with a future publish_at is "scheduled" and goes live by this query alone.
VISIBLE_STATUSES = (Status.APPROVED, Status.PUBLISHED)


class Tag(TagBase):
    """A tag with a readable pinyin slug (taggit would keep raw Chinese)."""

    SURROGATE_PREFIX = "tag-"  # editorial/surrogate.py

    class Meta:
        verbose_name = _("标签")
        verbose_name_plural = _("标签")
        ordering = ["name"]

    def slugify(self, tag, i=None):
        slug = pinyin_slug(tag) or "tag"
        return f"{slug}-{i}" if i is not None else slug

    def get_absolute_url(self):
        return slug_url("portal:tag", self.slug)

    def get_feed_url(self):
        return slug_url("feeds:tag", self.slug)


def tags_of(model, pk):
    """The tags of ``model`` row ``pk``, names and addresses only (a page's tag links)."""
    return Tag.objects.filter(
        tagged_items__content_type__app_label=model._meta.app_label,
        tagged_items__content_type__model=model._meta.model_name,
        tagged_items__object_id=pk,
    ).only("name", "slug")


class TaggedItem(GenericTaggedItemBase):
    SURROGATE_PREFIX = None  # no page prints the row itself (editorial/surrogate.py)
    # Added through m2m_changed; a row deleted by a queryset (the importer dropping a tag
    # on re-import) purges its tag's list and its piece (editorial/purging.py).
    SURROGATE_LINK = True

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("标签关联")
        verbose_name_plural = _("标签关联")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="tagged_item_target"),
            # Tag pages and tag counts go from a tag to its pieces without reading rows.
            models.Index(fields=["tag", "content_type", "object_id"], name="tagged_item_by_tag"),
        ]


class CleanTagManager(_TaggableManager):
    """Looks tags up by their cleaned name: "劳模\u200b" is the tag 劳模, not a second one
    (the save would clean the name and then collide with the existing tag)."""

    def _to_tag_model_instances(self, tags, tag_kwargs):
        tags = [clean_text(tag) if isinstance(tag, str) else tag for tag in tags]
        return super()._to_tag_model_instances([tag for tag in tags if tag != ""], tag_kwargs)


def _interpolate(message, values):
    return str(message) % values


# ``_("第 %(number)s 节") % values``, translated only when printed: the content checks label
# every text they read but print a label only where they find a problem, and a change
# list checks each of its 50 rows (the labels were a twentieth of a speech list's calls).
interpolate_lazy = lazy(_interpolate, str)


def content_tags():
    """The tag manager every content model declares (Chinese names, pinyin slugs)."""
    return TaggableManager(verbose_name=_("标签"), through=TaggedItem, blank=True, manager=CleanTagManager)


def link_condition(links, column="object_id", dense=False):
    """A Q for "the pk is in ``column`` of ``links``", asked as IN or as EXISTS (LiveQuerySet.linked)."""
    return any_link_condition([(links, column)], dense)


def any_link_condition(links, dense=False):
    """link_condition for several link tables, ``(queryset, column)`` pairs, as one subquery.

    One UNION ALL rather than an OR of subqueries: PostgreSQL cannot probe an OR of
    EXISTS row by row, and hashed every link of a big tag instead (19 → 0.4 ms).
    """
    if dense:
        arms = [rows.filter(**{column: models.OuterRef("pk")}).values(column) for rows, column in links]
    else:
        arms = [rows.values(column) for rows, column in links]
    subquery = arms[0].union(*arms[1:], all=True) if len(arms) > 1 else arms[0]
    return models.Q(models.Exists(subquery)) if dense else models.Q(pk__in=subquery)


class LiveQuerySet(models.QuerySet):
    def live(self, now=None):
        """What readers may see: approved or published, publish_at passed, not expired.

        Computed at query time, so scheduled pieces appear and expired ones vanish
        without any job running. Every public view, feed, sitemap and search uses it.
        """
        now = now or timezone.now()
        # One filter() with the expiry as "never or later" reads the same rows as an
        # exclude() and costs Django's query builder a third less on every public query.
        # (A NULL publish_at never passes publish_at <= now.)
        return self.filter(
            models.Q(expire_at__isnull=True) | models.Q(expire_at__gt=now),
            status__in=VISIBLE_STATUSES,
            publish_at__lte=now,
        )

    def for_listing(self, now=None):
        """Live pieces, newest first, loading only what a card or a link shows.

        Lists never read bodies or original documents, and the fewer columns a row
        carries the cheaper it is to build (see ``LISTING_FIELDS`` on each model).
        """
        return (
            self.live(now)
            .order_by("-publish_at", "-pk")
            .select_related("head_image")
            .only(*self.model.LISTING_FIELDS)
        )

    def for_links(self, now=None):
        """Live pieces, newest first, loading only what a one-line link shows (``LINK_FIELDS``).

        Related pieces and the person and event pages' lists print each piece as a link
        with its date (portal/templatetags/cards.py ``piece_link``): no card fields, no
        picture joined.
        """
        return self.live(now).order_by("-publish_at", "-pk").only(*self.model.LINK_FIELDS)

    def linked(self, links, column="object_id", dense=False):
        """Pieces whose pk is in ``column`` of ``links`` (tagged items, many-to-many rows).

        Asked one of two ways, each fast in its own case (editorial.tagcounts.is_dense):
        pieces behind a link few share are read and sorted (pk IN …); behind one a large
        share of the archive carries, the list is walked in its index order keeping the
        pieces that have a link (EXISTS …), which stops after a page instead of sorting
        thousands. PostgreSQL plans both alike; SQLite follows the form it is given.
        """
        return self.filter(link_condition(links, column, dense))

    def tagged(self, tag, dense=None):
        """Pieces carrying ``tag``, asked the cheap way for how many pieces carry it.

        ``tag`` may be a Parameter (editorial/prepared.py); the caller then says ``dense``.
        """
        from django.contrib.contenttypes.models import ContentType

        from editorial.tagcounts import is_dense, live_tag_counts

        if dense is None:
            dense = is_dense(live_tag_counts(self.model).get(tag.pk, 0), self.model)
        items = TaggedItem.objects.filter(tag=tag, content_type=ContentType.objects.get_for_model(self.model))
        return self.linked(items, dense=dense)

    def for_cards(self, now=None):
        """for_listing() with what a card prints from related rows (a column, bylines, a speaker…)."""
        return self.model.with_card_relations(self.for_listing(now))


def library_image(verbose_name, help_text=""):
    """A picture chosen from the image library (图片库): head images, person photos."""
    return models.ForeignKey(
        "images.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


class EditorialContent(models.Model):
    """Fields and rules shared by every piece of content (articles, speeches)."""

    kicker = models.CharField(_("引题"), max_length=200, blank=True)
    title = models.CharField(_("主题"), max_length=200)
    # An imported document without a title gets one derived from its first sentence, flagged
    # until an editor writes a real one (the workflow will not publish it before).
    title_derived = models.BooleanField(
        _("待补标题"),
        default=False,
        help_text=_("导入的文档没有标题，主题取自正文第一句；改好主题后取消勾选。"),
    )
    subtitle = models.CharField(_("副题"), max_length=200, blank=True)
    short_title = models.CharField(
        _("短标题"),
        max_length=SHORT_TITLE_THRESHOLD,
        blank=True,
        help_text=_("主题超过 30 个字时必填，用于列表、分享和推送。"),
    )
    slug = models.SlugField(
        _("网址"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("留空则按标题生成拼音；发布后不再改变。"),
    )
    summary = models.TextField(
        _("摘要"),
        blank=True,
        help_text=_("留空则取正文开头的句子（约 120 字）；改了正文想重新生成时，清空后保存。"),
    )
    body = models.TextField(_("正文"), blank=True, help_text=_("保存时按白名单清理 HTML。"))
    head_image = library_image(_("题图"), help_text=_("从图片库选择，或上传一张新图片。"))
    head_image_url = models.URLField(
        _("题图地址"), max_length=500, blank=True, help_text=_("外部题图（导入时使用）；图片库中的题图优先。")
    )
    head_image_alt = models.CharField(
        _("题图说明"), max_length=200, blank=True, help_text=_("外部题图的替代文字。")
    )
    tags = content_tags()
    people = models.ManyToManyField(
        "people.Person",
        verbose_name=_("相关人物"),
        blank=True,
        related_name="%(app_label)s_%(class)s_mentions",
    )
    events = models.ManyToManyField(
        "events.Event",
        verbose_name=_("相关活动"),
        blank=True,
        related_name="%(app_label)s_%(class)ss",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    expire_at = models.DateTimeField(_("下线时间"), null=True, blank=True)
    first_published_at = models.DateTimeField(_("首次公开时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    original_url = models.URLField(_("原文链接"), max_length=500, blank=True)
    original_document = models.BinaryField(_("原始文件"), null=True, blank=True, editable=False)
    original_filename = models.CharField(_("原始文件名"), max_length=255, blank=True, editable=False)
    content_hash = models.CharField(_("原始文件哈希"), max_length=64, blank=True, editable=False)

    objects = LiveQuerySet.as_manager()

    # What a one-line link prints (for_links; portal/templatetags/cards.py piece_link).
    LINK_FIELDS = ("title", "short_title", "slug", "publish_at")
    # What cards print (for_listing).
    LISTING_FIELDS = (
        "kicker",
        "title",
        "short_title",
        "slug",
        "summary",
        "publish_at",
        "head_image",
        "head_image__card",
        "head_image__alt",
        "head_image_url",
        "head_image_alt",
    )

    class Meta:
        abstract = True
        ordering = ["-publish_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.body != self._sanitized_body:
            self.body = sanitize(self.body)
        if not self.summary:
            self.summary = self.default_summary()
        self._keep_public_slug()
        if not self.slug:
            self.slug = unique_slug(self.title, type(self)._base_manager.exclude(pk=self.pk))
        if self.original_document is not None and not self.content_hash:
            self.content_hash = hashlib.sha256(bytes(self.original_document)).hexdigest()
        if not self._state.adding:
            # Optimistic locking: every save of an existing piece is a new version, whoever
            # saves it (admin, import, shell), so an editor's open form detects the change.
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    # The body as sanitize() returned it, when the caller already sanitised it (set_sanitized_body).
    _sanitized_body = None

    def set_sanitized_body(self, html):
        """Give the piece a body that is sanitize()'s output already, so save() does not run
        bleach over it again: the importer sanitises in its reading processes (``--jobs``),
        bleach being the costliest step of writing a document. Any later change to the body
        is sanitised on save as usual."""
        self.body = self._sanitized_body = html

    def clean(self):
        super().clean()
        errors = {}
        # A long title without 短标题 is a content check (workflow.content_problems), shown
        # from the first save and refused only at final approval and publication: a draft
        # may be saved before anyone has found the short title.
        if self.publish_at and self.expire_at and self.expire_at <= self.publish_at:
            errors["expire_at"] = _("下线时间必须晚于发布时间。")
        try:
            sanitize(self.body)
        except BodyTooLarge as exc:
            errors["body"] = str(exc)
        if self.pk and self.first_published_at and self.slug != self._stored_slug():
            errors["slug"] = _("稿件已公开过，网址不能再修改。")
        if errors:
            raise ValidationError(errors)

    def _stored_slug(self):
        return type(self)._base_manager.filter(pk=self.pk).values_list("slug", flat=True).first()

    def _keep_public_slug(self):
        """Once readers have seen a piece, its address never changes (links, feeds, search)."""
        if self.pk and self.first_published_at:
            stored = self._stored_slug()
            if stored:
                self.slug = stored

    @classmethod
    def with_card_relations(cls, queryset):
        """``queryset`` joined to what this model's card prints besides its own fields."""
        return queryset

    @classmethod
    def page_relations(cls):
        """A detail page's related rows by name, each as a queryset of the piece ``pk``'s rows.

        Names and addresses only. Detail views run them as prepared queries and keep
        the rows as if prefetched (editorial.views.PreparedDetailMixin), so
        ``piece.tags.all()`` and the rest cost no query of their own.
        """

        def tags(pk):
            return tags_of(cls, pk)

        def linked(name):
            field = cls._meta.get_field(name)
            lookup = field.related_query_name()
            return lambda pk: field.related_model.objects.filter(**{lookup: pk}).only("name", "slug")

        return {"tags": tags, "people": linked("people"), "events": linked("events")}

    def surrogate_listing_keys(self):
        """The keys of every list this piece appears on (editorial/surrogate.py), and its own.

        Purged when it appears, leaves or moves (editorial/purging.py): its type's lists,
        home and search, and the member lists of each object it belongs to or names
        through a relation (tags, people, events, a column, a speaker…: ``list-tag-17``,
        not ``tag-17``, which only the tag's own change purges), with that type's lists.
        Found from the model's fields, so a new content type needs nothing more.
        """
        from editorial import surrogate

        model = type(self)._meta.concrete_model
        keys = {surrogate.key_of(self), surrogate.list_key(model), surrogate.HOME, surrogate.SEARCH}
        for field in model._meta.get_fields():
            related = field.related_model
            if related is None or field.auto_created or surrogate.prefix_of(related) is None:
                continue
            if related._meta.app_label == "images":  # an image is not a list
                continue
            if field.many_to_one:
                pks = [getattr(self, field.attname)]
            elif field.many_to_many:
                pks = list(getattr(self, field.name).values_list("pk", flat=True)) if self.pk else []
            else:
                continue
            if any(pk is not None for pk in pks):  # no tags: the tag index is not concerned
                keys.add(surrogate.list_key(related))
                keys |= surrogate.member_lists(related, pks)
        return keys

    def is_live(self, now=None):
        """Mirror of LiveQuerySet.live() for one instance."""
        now = now or timezone.now()
        return (
            self.status in VISIBLE_STATUSES
            and self.publish_at is not None
            and self.publish_at <= now
            and (self.expire_at is None or self.expire_at > now)
        )

    is_live.boolean = True

    @property
    def is_scheduled(self):
        return (
            self.status == Status.APPROVED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def display_title(self):
        return self.short_title or self.title

    @property
    def text(self):
        return plain_text(self.body)

    def reading_text(self):
        """The text a reader reads on the page (a speech adds salutation, sections, closing)."""
        return self.text

    @property
    def characters(self):
        """字数 as the newsroom counts it: the reader's text (sections, salutation… included)
        without spaces and line breaks, which are layout. The review slip prints it."""
        return len("".join(self.reading_text().split()))

    @property
    def reading_minutes(self):
        """Reading time from the character count (about 400 Chinese characters a minute)."""
        return max(1, round(self.characters / READING_CHARS_PER_MINUTE))

    @property
    def head_image_src(self):
        """The head image's address: the library image's detail rendition, else the remote URL."""
        if self.head_image_id and self.head_image.detail:
            return self.head_image.detail.url
        return self.head_image_url

    @property
    def card_image_src(self):
        if self.head_image_id and self.head_image.card:
            return self.head_image.card.url
        return self.head_image_url

    @property
    def head_image_text(self):
        """Alternative text of the head image (the library's, or the one given for a remote URL)."""
        if self.head_image_id:
            return self.head_image.alt
        return self.head_image_alt

    def default_summary(self, limit=SUMMARY_LIMIT):
        """Whole sentences from the start of the body (editorial.summary.derive_summary)."""
        return derive_summary(self.body, limit)

    # -----------------------------------------------------------------------
    # The content-type contract: what the shared layer (workflow, portal, search,
    # feeds, sitemaps, the dashboard, the cache) asks of a type. Each type answers in
    # its own app by overriding these; the shared layer finds the types through
    # editorial.registry and never names one. README › Architecture shows a new type.
    # -----------------------------------------------------------------------

    # Text fields readers see besides the body: content checks (placeholders) and search.
    READER_FIELDS = ("kicker", "title", "subtitle", "short_title", "summary")
    # Rows a revision snapshots and restores with the piece: related name → their fields
    # (a foreign key by its name, stored as its id), in the order they are printed.
    INLINES = {}
    # How high this type's pages stand in the sitemap.
    SITEMAP_PRIORITY = 0.8
    # Whether the home page's slots, tag pages and related lists draw from this type
    # (the newsroom's main flow, articles); the other types get a block of their own.
    MAIN_FLOW = False
    # Whether cards show the piece's picture (a speech's card is text only).
    CARD_IMAGE = True
    # The list page's description for search engines and sharing (%(site)s: the site's name).
    LIST_DESCRIPTION = _("%(site)s的最新内容，最新的在前。")

    @classmethod
    def kind(cls):
        """The type's name in addresses, CSS classes and the search index: ``article``, ``speech``…"""
        return cls._meta.model_name

    @classmethod
    def url_name(cls, page):
        """``detail`` or ``list`` as a URL name: every type's app names them so."""
        return f"{cls._meta.app_label}:{page}"

    def inline_rows(self, name):
        """The stored rows of inline ``name``, as a revision snapshot holds them."""
        model = getattr(type(self), name).rel.related_model
        columns = [model._meta.get_field(field) for field in self.INLINES[name]]
        return [
            {field.name: field.value_from_object(row) for field in columns}
            for row in getattr(self, name).all()
        ]

    def restore_inline(self, name, rows):
        """Replace inline ``name``'s rows by a snapshot's (revisions.restore_revision)."""
        manager = getattr(self, name)
        model = manager.model
        manager.all().delete()
        for row in rows:
            values = {}
            for field_name, value in row.items():
                field = model._meta.get_field(field_name)
                values[field.attname] = value
            manager.create(**values)

    @classmethod
    def inline_label(cls, name):
        return str(getattr(cls, name).rel.related_model._meta.verbose_name_plural)

    @classmethod
    def readable_inline(cls, name, rows, name_of):
        """Inline rows as an editor reads them in a diff: names for ids, text without tags."""
        model = getattr(cls, name).rel.related_model
        lines = []
        for row in rows or []:
            parts = []
            for field_name, value in row.items():
                field = model._meta.get_field(field_name)
                if field_name == "order" or value in ("", None):
                    continue
                if field.is_relation:
                    parts.append(name_of(field.related_model, value))
                elif isinstance(value, str):
                    parts.append(plain_text(value) if "<" in value else value)
            lines.append(" ".join(parts))
        return "\n".join(lines)

    def inline_texts(self, rows=None):
        """(label, plain text) of the inline rows readers see (a speech's sections).

        ``rows`` are unsaved inline objects (the admin's forms) standing in for the stored ones.
        """
        return []

    def reader_texts(self, rows=None):
        """(label, plain text) of everything a reader sees: the one input of the placeholder check."""
        meta = self._meta
        # The labels stay lazy (translated when a problem is printed, see interpolate_lazy).
        texts = [(meta.get_field(name).verbose_name, getattr(self, name)) for name in self.READER_FIELDS]
        texts.append((meta.get_field("body").verbose_name, plain_text(self.body)))
        texts.extend(self.inline_texts(rows))
        return [(label, text or "") for label, text in texts]

    def has_content(self, rows=None):
        """Whether there is something to read (the empty-body check)."""
        return bool(plain_text(self.body).strip()) or any(
            text.strip() for _label, text in self.inline_texts(rows)
        )

    def type_problems(self):
        """Content checks of this type's own (an article's repost without 来源): Problems."""
        return []

    def search_text(self):
        """The body of the piece's search document: what its page prints as its text."""
        return self.reading_text()

    def card_meta(self):
        """The card's meta line: HTML fragments, every value escaped (portal/templatetags/cards.py)."""
        from editorial.cards import date_tag

        return [date_tag(self.publish_at)]

    @property
    def card_image_alt(self):
        return self.head_image_text

    @classmethod
    def feed_queryset(cls, queryset):
        """``queryset`` with what a feed item prints (feed_html, signed_by), prefetched."""
        return queryset.prefetch_related("tags")

    def feed_html(self):
        """The item's content in a feed (sanitised again by the feed)."""
        return self.body

    def signed_by(self):
        """Names of who signs the piece (feeds, JSON-LD); the site signs a piece no one does.

        Reads what the page's or feed's query prefetched: no query of its own there.
        """
        return []

    def byline_display(self):
        """The byline as the 审稿单 prints it."""
        return "、".join(self.signed_by())

    def section_name(self):
        """The section a reader finds the piece in beyond its type (an article's column), or None."""
        return None

    @classmethod
    def person_sections(cls, person):
        """(heading, filter) of this type's own ways of naming a person (an article's bylines).

        Every type also lists the pieces that name the person among their people
        (``person_filter``): the person page prints those together, as 相关报道.
        """
        return []

    @classmethod
    def mentions(cls, person):
        """A filter on this type: pieces naming ``person`` among their people."""
        through = cls.people.through
        return models.Q(pk__in=through.objects.filter(person=person).values(f"{cls._meta.model_name}_id"))

    @classmethod
    def person_filter(cls, person):
        """A filter on this type: every piece of a person's (their page, their feed)."""
        condition = cls.mentions(person)
        for _heading, own in cls.person_sections(person):
            condition |= own
        return condition

    @classmethod
    def person_holders(cls, live):
        """A filter on Person: those with a piece among ``live`` (person_filter, inverted)."""
        through = cls.people.through
        linked = through.objects.filter(**{f"{cls._meta.model_name}__in": live})
        return models.Q(pk__in=linked.values("person"))

    @classmethod
    def event_filter(cls, event):
        """A filter on this type: the pieces that belong to ``event``."""
        through = cls.events.through
        return models.Q(pk__in=through.objects.filter(event=event).values(f"{cls._meta.model_name}_id"))

    @classmethod
    def event_holders(cls, live):
        """A filter on Event: events a piece of ``live`` belongs to (event_filter, inverted)."""
        through = cls.events.through
        return models.Q(
            pk__in=through.objects.filter(**{f"{cls._meta.model_name}__in": live}).values("event")
        )

    def breadcrumbs(self):
        """(name, address) of the sections above the piece's page."""
        from django.urls import reverse

        return [(str(self._meta.verbose_name_plural), reverse(self.url_name("list")))]

    @classmethod
    def feed_urls(cls):
        """Feeds of this type's own besides its type feed (an article's column feeds): paths
        for the /feeds/ URLconf (portal/feed_urls.py), named within ``feeds:``."""
        return []

    @classmethod
    def load_demo_rows(cls):
        """Create the rows of this type's own that the demo's samples are filed under (an
        article's columns and sources); ``load_demo`` calls it for every type, repeatably."""

    @classmethod
    def import_mapping(cls):
        """How ``import_documents`` makes a piece of this type from a parsed document: an
        editorial.importing.ImportMapping from the type's own app, or None (imports none)."""
        return None


def content_models():
    """Every registered content type (editorial.registry.content_types)."""
    from editorial.registry import content_types

    return content_types()


# ---------------------------------------------------------------------------
# Workflow records: revisions, audit log, review sign-offs, comments.
# They point at any content type (articles, speeches) through a generic key, so
# one history/audit/slip implementation serves every content model.
# ---------------------------------------------------------------------------


class PieceRecord(models.Model):
    """Common generic key to the piece (article or speech) a record belongs to."""

    SURROGATE_PREFIX = None  # workflow records: no public page prints them

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("内容类型"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("稿件编号"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)

    class Meta:
        abstract = True

    @classmethod
    def for_piece(cls, piece):
        from django.contrib.contenttypes.models import ContentType

        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(piece, for_concrete_model=True), object_id=piece.pk
        )


class Revision(PieceRecord):
    """A JSON snapshot of a piece as saved: every save and restore creates one."""

    version = models.PositiveIntegerField(_("版本"))
    snapshot = models.JSONField(_("快照"))
    changed_fields = models.JSONField(_("改动字段"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("修订版本")
        verbose_name_plural = _("修订版本")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"], name="revision_piece")]

    def __str__(self):
        return _("第 %(version)s 版") % {"version": self.version}


class AppendOnlyQuerySet(models.QuerySet):
    """The audit log is evidence: rows are added, never changed or removed."""

    def update(self, **kwargs):
        raise PermissionError("审计日志只能追加，不能修改。")

    def delete(self):
        raise PermissionError("审计日志只能追加，不能删除。")


class AuditEntry(PieceRecord):
    """One thing that happened to a piece, under a namespaced code (gongjiang.article.approved)."""

    code = models.CharField(_("事件"), max_length=100, db_index=True)
    # SET_NULL, not PROTECT: a departed user's account may go; actor_name keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人名称"), max_length=150, blank=True)
    object_repr = models.CharField(_("稿件"), max_length=200)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status.choices, blank=True)
    opinion = models.TextField(_("意见"), blank=True)
    changed_fields = models.JSONField(_("改动字段"), default=list, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-created_at"], name="audit_piece"),
            # The log's order and each sortable column of its admin list, ties broken by id
            # (editorial/changelist.py): a page of a million entries is read off an index.
            models.Index(fields=["created_at", "id"], name="audit_time_order"),
            models.Index(fields=["code", "id"], name="audit_code_order"),
            models.Index(fields=["object_repr", "id"], name="audit_piece_order"),
            models.Index(fields=["actor_name", "id"], name="audit_actor_order"),
            # The 新状态 filter: its page and its date navigation in the log's order (without
            # it PostgreSQL scanned for the years holding a state: 269 ms at a million).
            models.Index(fields=["to_status", "created_at", "id"], name="audit_status_time"),
        ]

    def __str__(self):
        return f"{self.code} {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("审计日志只能追加，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志只能追加，不能删除。")

    @property
    def label(self):
        """The editor's name for this entry (editorial/audit_labels.py); the code stays in the data."""
        return entry_label(self)


class ReviewSignoff(PieceRecord):
    """A reviewer's decision at one stage: the lines of the 审稿单 (review slip)."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("同意")
        SENT_BACK = "sent_back", _("退回修改")
        REJECTED = "rejected", _("退稿")

    stage = models.PositiveSmallIntegerField(_("审次"))
    decision = models.CharField(_("结论"), max_length=20, choices=Decision.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审稿人"), on_delete=models.PROTECT, related_name="+"
    )
    opinion = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("审稿记录")
        verbose_name_plural = _("审稿记录")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "created_at"], name="signoff_piece"),
            # 待我审 asks which pieces a reviewer signed at another stage (workflow.awaiting_review):
            # PostgreSQL read every sign-off of the type for it (200 ms at 325,000, on
            # the dashboard and every list's header); here, the reviewer's own.
            models.Index(
                fields=["reviewer", "content_type", "decision", "stage", "object_id"], name="signoff_reviewer"
            ),
        ]

    def __str__(self):
        return f"{self.stage_label} {self.get_decision_display()}"

    @property
    def stage_label(self):
        return STAGE_STATUSES[self.stage - 1].label if 1 <= self.stage <= 3 else str(self.stage)


STAGE_STATUSES = (Status.REVIEW_1, Status.REVIEW_2, Status.REVIEW_3)


class Comment(PieceRecord):
    """The discussion thread on a piece, between author and reviewers."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发言人"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("内容"))

    class Meta:
        verbose_name = _("讨论")
        verbose_name_plural = _("讨论")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="comment_piece")]

    def __str__(self):
        return self.body[:40]


class Correction(PieceRecord):
    """更正: a dated note under a published piece saying what was wrong and what it says now.

    Added through editorial.corrections (same rights as editing a published piece);
    never edited or removed afterwards, like the audit entry that goes with it.
    """

    note = models.TextField(
        _("更正说明"), help_text=_("写明原文哪里有误、现已如何更正。读者会在稿件下方看到。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更正人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    object_repr = models.CharField(_("稿件"), max_length=200)

    SURROGATE_PREFIX = "correction-"  # printed under the piece and on 更正

    class Meta:
        verbose_name = _("更正")
        verbose_name_plural = _("更正")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="correction_piece")]

    def __str__(self):
        return self.note[:40]
