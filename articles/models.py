from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from editorial.cards import date_tag, e
from editorial.models import EditorialContent
from editorial.slugs import slug_url, unique_slug


class Column(models.Model):
    """栏目, nested: 中工理论 › 工运前沿."""

    SURROGATE_PREFIX = "col-"  # editorial/surrogate.py

    name = models.CharField(_("名称"), max_length=100)
    slug = models.SlugField(_("网址"), max_length=100, unique=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级栏目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("简介"), blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="column_unique_name_in_parent"),
        ]

    def __str__(self):
        return " › ".join(column.name for column in self.path)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name, Column.objects.exclude(pk=self.pk), fallback="column")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:column", self.slug)

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and any(column.pk == self.pk for column in self.parent.path):
            raise ValidationError({"parent": _("上级栏目不能是本栏目或它的下级栏目。")})

    @classmethod
    def surrogate_lists_including(cls, pks):
        """``pks`` and their ancestors: a column page lists its sub-columns' pieces too."""
        rows = cls.objects.filter(pk__in=pks).values_list("pk", "parent_id", "parent__parent_id")
        return {pk for row in rows for pk in row if pk is not None}

    def descendants(self):
        """The columns below, whose pieces this column's page and feed list too.

        Columns nest two or three deep (中工理论 › 工运前沿): children and grandchildren
        cover the tree below, for the page, the feed and the sitemap alike.
        """
        below = Q(parent=self) | Q(parent__parent=self)
        return Column.objects.filter(below).order_by("position", "name")

    def with_descendants(self):
        """Primary keys of this column and the columns below it."""
        return [self.pk, *self.descendants().values_list("pk", flat=True)]

    @property
    def path(self):
        """Ancestors then self, for breadcrumbs. Columns nest two or three deep."""
        chain, column, seen = [], self, set()
        while column is not None and column.pk not in seen:
            seen.add(column.pk)
            chain.append(column)
            column = column.parent
        return chain[::-1]


class Source(models.Model):
    """来源: the outlet that first published a piece (工人日报, 央视网…)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    url = models.URLField(_("网址"), blank=True)

    class Meta:
        verbose_name = _("来源")
        verbose_name_plural = _("来源")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Article(EditorialContent):
    SURROGATE_PREFIX = "a"  # a123 (editorial/surrogate.py)

    column = models.ForeignKey(
        Column,
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("来源"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    via = models.CharField(
        _("转载平台"),
        max_length=100,
        blank=True,
        help_text=_("经由哪个平台或聚合器转来（如 ZAKER、中工网），不是作者也不是来源。"),
    )
    is_repost = models.BooleanField(_("转载"), default=False, help_text=_("转载稿必须注明来源。"))
    authors = models.ManyToManyField(
        "people.Person",
        verbose_name=_("作者"),
        through="ArticleAuthor",
        blank=True,
        related_name="authored_articles",
    )
    responsible_editor = models.ForeignKey(
        "people.Person",
        verbose_name=_("责任编辑"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_articles",
    )
    author_note = models.CharField(_("作者简介"), max_length=300, blank=True, help_text=_("如「作者为……」。"))
    # The authors' names for cards, kept from the bylines by articles/byline_names.py.
    byline_names = models.TextField(_("署名（列表用）"), blank=True, editable=False)

    LISTING_FIELDS = (*EditorialContent.LISTING_FIELDS, "column", "byline_names")
    INLINES = {"bylines": ("person", "position", "order")}
    MAIN_FLOW = True
    LIST_DESCRIPTION = _("%(site)s刊发的新闻、评论和理论文章，最新的在前。")

    class Meta(EditorialContent.Meta):
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        # Lists walk these in order; status and expire_at ride along so the .live() filter
        # (and OFFSET on deep pages, and the paginator's COUNT) never read the table rows.
        indexes = [
            models.Index(fields=["status", "publish_at"], name="article_live"),
            models.Index(fields=["-publish_at", "-id", "status", "expire_at"], name="article_listing"),
            # Which of a few hundred pieces (a tag's, a person's) are live, without reading
            # their rows: on SQLite a row's status sits past its body's overflow pages.
            models.Index(fields=["id", "publish_at", "status", "expire_at"], name="article_live_by_id"),
            models.Index(
                fields=["column", "-publish_at", "-id", "status", "expire_at"], name="article_column_listing"
            ),
            models.Index(fields=["expire_at"], condition=Q(expire_at__isnull=False), name="article_expiry"),
            models.Index(fields=["content_hash"], name="article_content_hash"),
            models.Index(fields=["original_url"], name="article_original_url"),  # re-import look-up
            # The admin's sort by title (editorial/changelist.py: ties by id in the same direction).
            models.Index(fields=["title", "id"], name="article_title_order"),
            # The header's 退回修改 figure and the desk's 我的稿件, on every admin page.
            models.Index(fields=["created_by", "status"], name="article_author_status"),
            # A 作者's list (their own pieces, newest first) and its date navigation: without
            # it PostgreSQL scanned the table for a year's first piece of theirs (12-17 ms a
            # year) and SQLite sorted their 14,000 articles for the page (79 ms).
            models.Index(fields=["created_by", "-publish_at", "-id"], name="article_author_listing"),
            # The admin's other sortable columns (栏目, 来源, 状态): editorial/changelist.py sorts
            # by the stored key, ties by id, so a page is read off one of these.
            models.Index(fields=["column", "id"], name="article_column_order_id"),
            models.Index(fields=["source", "id"], name="article_source_order"),
            models.Index(fields=["status", "id"], name="article_status_order"),
            # The desk's 需处理 (the newest 200 pieces in the workflow): SQLite read and
            # sorted the rows of all 4,000 at 100,000 articles (22-47 ms; 2 ms with it; PostgreSQL
            # reads them either way, 7 ms).
            models.Index(fields=["status", "updated_at"], name="article_status_updated"),
        ]

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    def save(self, *args, **kwargs):
        if self.pk and not self._state.adding and kwargs.get("update_fields") is None:
            from articles.byline_names import names_of

            # From the stored bylines: an instance loaded before a byline changed must
            # not write the old names back.
            self.byline_names = names_of([self.pk])[self.pk]
        super().save(*args, **kwargs)

    def surrogate_listing_keys(self):
        # The links of its neighbours in the column now (they may point at it). The
        # neighbours it had before print its title, so they carry its own key already.
        from articles.views import neighbours
        from editorial import surrogate

        keys = super().surrogate_listing_keys()
        if self.column_id and self.publish_at is not None:
            keys |= {surrogate.links_key(Article, item.pk) for item in neighbours(self) if item is not None}
        return keys

    @property
    def byline_name_list(self):
        return self.byline_names.split("\n") if self.byline_names else []

    @classmethod
    def with_card_relations(cls, queryset):
        """A card links the column and names the authors (byline_names: no second query)."""
        fields = (*cls.LISTING_FIELDS, "column__name", "column__slug")
        return queryset.select_related("column").only(*fields)

    @classmethod
    def page_relations(cls):
        """Also the bylines, with their people, in printed order."""
        return {**super().page_relations(), "bylines": lambda pk: bylines_in_order().filter(article=pk)}

    # The content-type contract (editorial.models.EditorialContent).

    @classmethod
    def import_mapping(cls):
        from articles.importing import ArticleImport

        return ArticleImport(cls)

    @classmethod
    def feed_urls(cls):
        from django.urls import path

        from articles.feeds import ColumnAtomFeed, ColumnFeed

        return [
            path("columns/<slug:slug>/", ColumnFeed(), name="column"),
            path("columns/<slug:slug>/atom/", ColumnAtomFeed(), name="column_atom"),
        ]

    @classmethod
    def load_demo_rows(cls):
        from articles.demo import ensure_columns, ensure_sources

        ensure_columns()
        ensure_sources()

    def type_problems(self):
        from editorial.workflow import Problem

        # A repost names where it came from: the outlet, or, when an aggregator (ZAKER…) does
        # not say who first published it, at least that platform (via), shown beside it.
        if self.is_repost and not (self.source_id or self.via):
            return [Problem("source", str(_("转载稿未注明来源。")))]
        return []

    def search_text(self):
        # The author note is printed under the text.
        return "\n".join([self.reading_text(), self.author_note])

    def card_meta(self):
        meta = []
        if self.column_id:
            column = self.column
            meta.append(f'<a class="card__column" href="{e(column.get_absolute_url())}">{e(column.name)}</a>')
        names = self.byline_name_list
        if names:
            # Chinese names in the card's Chinese text (lang="zh-Hans"), enumerated with 、 as
            # the article page's byline is, whatever the interface language. Translated, the
            # separator was a translation lookup on every card (4 % of a tag page).
            meta.append(f'<span class="card__authors">{e("、".join(names))}</span>')
        meta.append(date_tag(self.publish_at))
        return meta

    @classmethod
    def feed_queryset(cls, queryset):
        return queryset.prefetch_related("tags", bylines_prefetch())

    def signed_by(self):
        return [byline.person.name for byline in self.bylines.all()]

    def byline_display(self):
        bylines = self.bylines.select_related("person")
        return "、".join(f"{b.person.name}（{b.position}）" if b.position else b.person.name for b in bylines)

    def section_name(self):
        return self.column.name if self.column_id else None

    @classmethod
    def readable_inline(cls, name, rows, name_of):
        from people.models import Person

        rows = sorted(rows or [], key=lambda row: row.get("order", 0))
        return "、".join(
            name_of(Person, row["person"]) + (f"（{row['position']}）" if row.get("position") else "")
            for row in rows
        )

    @classmethod
    def person_sections(cls, person):
        return [
            (_("署名文章"), Q(pk__in=ArticleAuthor.objects.filter(person=person).values("article"))),
            (_("担任责任编辑"), Q(responsible_editor=person)),
        ]

    @classmethod
    def person_holders(cls, live):
        return (
            Q(pk__in=ArticleAuthor.objects.filter(article__in=live).values("person"))
            | Q(pk__in=live.filter(responsible_editor__isnull=False).values("responsible_editor"))
            | super().person_holders(live)
        )

    def breadcrumbs(self):
        if self.column_id:
            return [(column.name, column.get_absolute_url()) for column in self.column.path]
        return super().breadcrumbs()


class ArticleAuthor(models.Model):
    """An author of an article, with the position printed in that byline."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bylines")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("作者"), on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.CharField(_("署名职务"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="byline_unique_person"),
        ]

    def __str__(self):
        return f"{self.person}（{self.position}）" if self.position else str(self.person)


def bylines_prefetch(to_attr=None):
    """Bylines with their people (name and address only) in one query, in printed order.

    With ``to_attr`` the bylines land in a plain list on each article: for a list of
    cards that skips building a related manager and a queryset per article.
    """
    return models.Prefetch("bylines", queryset=bylines_in_order(), to_attr=to_attr)


def bylines_in_order():
    """Bylines with their people's name and address, in printed order."""
    return (
        ArticleAuthor.objects.select_related("person")
        .only("article", "position", "person__name", "person__slug")
        .order_by("order", "pk")
    )
