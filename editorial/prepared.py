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

import weakref
from types import SimpleNamespace

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Expression
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
        compiled = SimpleNamespace(
            sql=sql,
            params=params,
            model=klass_info["model"],
            start=start,
            end=end,
            init_list=[column[0].target.attname for column in select[start:end]],
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
        return bound

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
        for row in rows:
            instance = compiled.model.from_db(alias, compiled.init_list, row[compiled.start : compiled.end])
            for populator in compiled.populators:
                populator.populate(row, instance)
            instances.append(instance)
        return instances

    def first(self, **values):
        """The first instance, or None."""
        found = self(**values)
        return found[0] if found else None
