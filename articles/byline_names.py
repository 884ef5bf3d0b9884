"""The authors' names each article carries for its card (``Article.byline_names``).

A list of twenty cards used to fetch their bylines and people in a second query; on
this machine Django's prefetch machinery cost a list page more than everything else
it does (152 → 222 requests/s without it). The names a card prints are therefore kept
on the article itself, one per line in byline order, and kept right here:

* ``Article.save()`` re-reads them from the bylines, so no save writes stale names;
* saving or deleting a byline, or renaming a person, rewrites them at once (signals);
* writers that bypass signals (``bulk_create`` in the importer and the benchmark
  generator) call ``refresh()`` or ``store()`` themselves.

Every rewrite rides on a save that renews the page cache's generation (a byline, a
person, the imported piece), so cached pages show the new names on the next request.
The bylines stay the truth: detail pages, feeds and the admin read them, never this.
"""

from collections import defaultdict

from django.db.models.signals import post_delete, post_save


def names_of(article_ids):
    """{article id: names in byline order, one per line} for these articles."""
    from articles.models import ArticleAuthor

    names = defaultdict(list)
    rows = (
        ArticleAuthor.objects.filter(article_id__in=article_ids)
        .order_by("article_id", "order", "pk")
        .values_list("article_id", "person__name")
    )
    for article_id, name in rows:
        names[article_id].append(name)
    return {pk: "\n".join(names[pk]) for pk in article_ids}


def refresh(article_ids):
    """Rewrite the stored names of these articles from their bylines (one read, one write)."""
    from articles.models import Article

    article_ids = list(dict.fromkeys(article_ids))
    if not article_ids:
        return
    rows = [Article(pk=pk, byline_names=names) for pk, names in names_of(article_ids).items()]
    # A display copy, not an edit: no version, no updated_at, no revision.
    Article.objects.bulk_update(rows, ["byline_names"], batch_size=500)


def store(article_id, names):
    """Write names already known to be the article's bylines, in order (no read)."""
    from articles.models import Article

    Article.objects.filter(pk=article_id).update(byline_names="\n".join(names))


def _byline_changed(sender, instance, **kwargs):
    refresh([instance.article_id])


def _person_saved(sender, instance, created=False, update_fields=None, **kwargs):
    if created or (update_fields is not None and "name" not in update_fields):
        return
    from articles.models import ArticleAuthor

    refresh(ArticleAuthor.objects.filter(person=instance).values_list("article_id", flat=True))


def connect():
    from articles.models import ArticleAuthor
    from people.models import Person

    post_save.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid="byline-names-save")
    post_delete.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid="byline-names-delete")
    post_save.connect(_person_saved, sender=Person, dispatch_uid="byline-names-person")
