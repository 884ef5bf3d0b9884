from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.models import library_image
from editorial.slugs import name_sort_key, person_slug, slug_url, unique_slug
from editorial.text import split_list


class Person(models.Model):
    """Authors, speakers, model workers and editors named in bylines."""

    SURROGATE_PREFIX = "person-"  # editorial/surrogate.py

    name = models.CharField(_("姓名"), max_length=100, db_index=True)
    slug = models.SlugField(
        _("网址"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("留空则按姓名生成拼音，如 gao-fenglin。"),
    )
    # The pinyin of surname and given name (高凤林 → "gao fenglin"): lists sort by it, as
    # readers look a name up, rather than by code point. Kept by save().
    sort_key = models.CharField(_("拼音排序"), max_length=200, blank=True, editable=False)
    aliases = models.CharField(
        _("别称"), max_length=300, blank=True, help_text=_("如「铁人」「高炉卫士」，用顿号或逗号分隔。")
    )
    positions = models.TextField(_("职务"), blank=True, help_text=_("按刊发时的写法，每行一个。"))
    honours = models.TextField(
        _("荣誉"), blank=True, help_text=_("如 全国劳动模范、五一劳动奖章、大国工匠，每行一个。")
    )
    bio = models.TextField(_("简介"), blank=True)
    photo = library_image(_("照片"), help_text=_("从图片库选择，或上传一张新图片。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人物")
        verbose_name_plural = _("人物")
        ordering = ["sort_key", "name", "pk"]
        indexes = [
            # Holds the searched columns too: the admin's search walks it in order testing
            # each entry, reading only the matching rows (王 at 20,000 people on SQLite: the
            # count 21 -> 9 ms, the page 29 -> 6 ms, its rows no longer read one by one to test them).
            models.Index(fields=["sort_key", "name", "id", "aliases", "slug"], name="person_pinyin_order"),
            # The admin's sortable columns (editorial/changelist.py: ties by id).
            models.Index(fields=["name", "id"], name="person_name_order"),
            models.Index(fields=["aliases", "id"], name="person_aliases_order"),
            models.Index(fields=["updated_at", "id"], name="person_updated_order"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                self.name, Person.objects.exclude(pk=self.pk), fallback="person", make=person_slug
            )
        self.sort_key = name_sort_key(self.name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "sort_key"}
        stored = Person.objects.filter(pk=self.pk).values_list("slug", flat=True).first() if self.pk else None
        super().save(*args, **kwargs)
        if stored and stored != self.slug:
            # Old addresses keep answering, with a permanent redirect (people.views).
            FormerSlug.objects.update_or_create(slug=stored, defaults={"person": self})

    def get_absolute_url(self):
        return slug_url("people:detail", self.slug)

    def get_feed_url(self):
        return slug_url("feeds:person", self.slug)

    @classmethod
    def moved_from(cls, slug):
        """The person who had ``slug`` before (FormerSlug), or None: old addresses answer 301."""
        former = FormerSlug.objects.select_related("person").filter(slug=slug).first()
        return former.person if former else None

    @property
    def alias_list(self):
        return split_list(self.aliases)

    @property
    def position_list(self):
        # One per line only: a printed position often contains 、 itself.
        return [line.strip() for line in self.positions.splitlines() if line.strip()]

    @property
    def honour_list(self):
        return split_list(self.honours)

    @property
    def names(self):
        """Name and aliases: what the importer and search match against."""
        return [self.name, *self.alias_list]


class FormerSlug(models.Model):
    """An address a person had before (a renamed slug, the 2026 move to one slug style): it
    answers with a 301 to the person's page."""

    slug = models.SlugField(_("旧网址"), max_length=100, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("人物"), on_delete=models.CASCADE, related_name="former_slugs"
    )

    class Meta:
        verbose_name = _("人物旧网址")
        verbose_name_plural = _("人物旧网址")

    def __str__(self):
        return self.slug
