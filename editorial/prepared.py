"""Querysets whose SQL the ORM writes once per process, then runs with each request's values.

A speed device for the detail pages (README, "How the public pages stay fast"). Building
a queryset and compiling it to SQL is most of what a query costs a detail page: 1–3 ms
of Python against 0.03–0.15 ms for the database to answer (``python -m
bench.profile_pages``). Those pages ask the same questions of every piece with other
values, so the question is written once, as an ordinary queryset whose changing values
are ``Parameter``\\ s::

    ARTICLE = PreparedQuery(
        lambda p: Article.objects.live(now=p.now).filter(slug=p.slug).select_related("source"),
        now=models.DateTimeField(),
        slug=models.CharField(),
    )
    article = ARTICLE.first(now=timezone.now(), slug=slug)

The ORM compiles it the first time it runs; later runs bind the values (adapted by the
named field, as the ORM adapts a value it compares with that field) into the same SQL
and build model instances (``select_related`` included) the way ``QuerySet`` does. The
queryset stays the one definition: ``.live()`` and every filter are the ORM's own.
Only querysets whose SQL has one shape whatever the values qualify: no ``__in`` over a
list of varying length, no branch on the values inside the builder.
"""

import itertools
import operator
import re
import weakref
from types import SimpleNamespace

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Expression
from django.db.models.base import DEFERRED
from django.db.models.query import get_related_populators


class Parameter(Expression):
    """A value bound when a PreparedQuery runs; compiles to a placeholder that marks itself."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def __repr__(self):
        return f"Parameter({self.name!r})"

    def as_sql(self, compiler, connection):
        return "%s", [self]


# Every PreparedQuery, so that forget_compiled() can reach them all.
ALL = weakref.WeakSet()


def forget_compiled(**kwargs):
    """Drop every compiled statement (connected to post_migrate in editorial.apps).

    Compiled SQL may hold ids of rows made by migrate, such as the content type that
    taggit's joins name; a flush (tests between transactional cases) makes new ones.
    """
    for query in list(ALL):
        query.compiled.clear()


class PreparedQuery:
    """``build(p)`` returns a queryset using ``p.<name>`` for each value named in ``fields``."""

    def __init__(self, build, **fields):
        self.build = build
        self.fields = fields
        self.compiled = {}  # by database alias
        ALL.add(self)

    def compile(self, alias):
        # Fields are copied per parameter: an output field may not be shared by expressions.
        parameters = SimpleNamespace(
            **{name: Parameter(name, field.clone()) for name, field in self.fields.items()}
        )
        queryset = self.build(parameters)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        # After as_sql() the compiler knows its select list and how rows map to instances.
        select = compiler.select
        klass_info = compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        model = klass_info["model"]
        attnames = [column[0].target.attname for column in select[start:end]]
        compiled = SimpleNamespace(
            sql=_named_placeholders(sql),
            params=params,
            model=model,
            row_to_fields=_row_to_fields(model, attnames, start),
            populators=get_related_populators(klass_info, select, alias),
            converters=compiler.get_converters([column[0] for column in select[: compiler.col_count]]),
            compiler=compiler,
        )
        self.compiled[alias] = compiled
        return compiled

    def bind(self, params, values, connection):
        # Each value is adapted once, however often the SQL names it: ``now`` is in every
        # .live() of the query and its subqueries (an article page's seven queries, 14 times).
        adapted = {}
        bound = []
        for param in params:
            if isinstance(param, Parameter):
                if param.name not in adapted:
                    adapted[param.name] = param.output_field.get_db_prep_value(values[param.name], connection)
                param = adapted[param.name]
            bound.append(param)
        return dict(zip(_PARAMETER_NAMES, bound, strict=False))  # as many names as values, and more

    def __call__(self, **values):
        """The instances the queryset would give for these values, in its order."""
        if set(values) != set(self.fields):
            raise TypeError(f"PreparedQuery expects {sorted(self.fields)}, got {sorted(values)}")
        alias = DEFAULT_DB_ALIAS  # the project has one database
        compiled = self.compiled.get(alias) or self.compile(alias)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, self.bind(compiled.params, values, connection))
            rows = cursor.fetchall()
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        instances = []
        row_to_fields = compiled.row_to_fields
        for row in rows:
            instance = compiled.model.from_db(alias, None, row_to_fields(row))
            for populator in compiled.populators:
                populator.populate(row, instance)
            instances.append(instance)
        return instances

    def first(self, **values):
        """The first instance, or None."""
        found = self(**values)
        return found[0] if found else None


# Django's own test for a ``%s`` placeholder (SQLite's convert_query), and the names given to them.
_PLACEHOLDER = re.compile(r"(?<!%)%s")
_PARAMETER_NAMES = [f"p{index}" for index in range(1000)]


def _named_placeholders(sql):
    """``%s`` placeholders as ``%(p0)s``, ``%(p1)s``…, bound from a mapping (``bind``).

    With a list of values, Django's SQLite backend turns every ``%s`` into ``?`` by a
    regular expression over the whole statement on every run (a tag page's three
    statements: 2.2 % of its instructions); with a mapping it formats the names in.
    PostgreSQL (psycopg) takes the mapping as it is. Done once per compiled query.
    """
    names = itertools.count()
    return _PLACEHOLDER.sub(lambda match: f"%(p{next(names)})s", sql)


def _row_to_fields(model, attnames, start):
    """A function taking a row to the model's values, every concrete field in order.

    ``Model.from_db`` builds that list itself from a row and the loaded names, asking for
    each of the model's fields whether the query loaded it (an article's 35 fields in a
    list of 12 names, per card: 5.7 % of a tag page's instructions). Here the positions
    are worked out once per compiled query; the row's own tuple with one DEFERRED
    appended serves every field the query left out.
    """
    concrete = [field.attname for field in model._meta.concrete_fields]
    if attnames == concrete:
        return operator.itemgetter(slice(start, start + len(concrete)))
    deferred = -1  # the DEFERRED appended to the row
    positions = [start + attnames.index(name) if name in attnames else deferred for name in concrete]
    pick = operator.itemgetter(*positions)
    return lambda row: pick((*row, DEFERRED))
