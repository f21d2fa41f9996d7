"""Queries built and compiled once per database connection, then run with each request's values.

Django builds and compiles a queryset in Python on every request: for the worklist's dozen
queries that was more CPU than running them (issue 16). A ``Prepared`` query is built from a
function of its arguments, compiled once with placeholder values, and afterwards only its SQL is
executed with the request's values; the rows pass through the converters the ORM applies (dates
and JSON on SQLite, ...) and come back as tuples, in the order of the ``values_list`` fields.

    FOLLOW_UPS = Prepared(
        lambda ids, today: Thing.objects.filter(household_id__in=ids, due_on__lte=today)
        .values_list("household_id", "due_on"),
        ids=IDS,
        today=DATE,
    )
    for household_id, due_on in FOLLOW_UPS.rows(ids=household_ids, today=today): ...

The build function must hand its arguments to the queryset as they are: no arithmetic on them,
no branching on them, no clock reads or other outside state (pass such values as arguments, and
one ``Prepared`` per shape of query). It is compiled per connection and time zone (a ``__date``
lookup names the zone in the SQL). The query is compiled twice with different placeholders: a
difference anywhere but in the argument's own parameters raises ``PreparedError``.

``objects(**values)`` gives model instances for a query of models (no ``values_list``), with the
``select_related`` objects in place, as iterating the queryset would (``prefetch_related`` is not
applied: read those rows with a query of their own).

Kinds of arguments: ``IDS`` (a list of ids for ``field__in=`` or ``OneOf(field, ids)``, sent as
one parameter as ``HouseholdIds`` is), ``DATE``, ``DATETIME`` (aware) and ``INT`` (never ``None``).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators  # type: ignore[attr-defined]
from django.utils import timezone

from verbinding.db.ids import HouseholdIds, id_array_param

IDS = "ids"
DATE = "date"
DATETIME = "datetime"
INT = "int"
KINDS = (IDS, DATE, DATETIME, INT)


class PreparedError(Exception):
    """The build function does not pass its arguments through as parameters."""


def _placeholder(kind: str, position: int, variant: int) -> Any:
    n = 2 * position + variant
    if kind == IDS:
        return HouseholdIds([-(10_000 + n), -(20_000 + n)])
    if kind == DATE:
        return dt.date(1001 + n, 2, 3)
    if kind == DATETIME:
        return dt.datetime(1001 + n, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    return -(900_000_000 + n)


def _adapt(connection: Any, kind: str, value: Any) -> Any:
    """The parameter the ORM sends for this value."""
    if kind == IDS:
        return id_array_param(connection, value)
    if kind == DATE:
        return connection.ops.adapt_datefield_value(value)
    if kind == DATETIME:
        return connection.ops.adapt_datetimefield_value(value)
    return int(value)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


@dataclass(frozen=True)
class _Compiled:
    compiler: Any
    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, str], ...]  # (position in params, argument name)
    converters: dict[int, Any]
    width: int  # columns asked for (the ORM may append ordering columns)
    of_models: bool  # a query of model instances (not ``values``/``values_list``)

    @functools.cached_property
    def instances(self) -> _Instances | None:
        """How ``objects`` builds instances (a query of models only)."""
        return _instances(self.compiler)


@dataclass(frozen=True)
class _Instances:
    """What Django's ``ModelIterable`` derives from a compiled query to build its instances."""

    model: Any
    init_list: tuple[str, ...]
    start: int
    end: int
    populators: tuple[Any, ...]  # select_related (django.db.models.query.RelatedPopulator)
    annotations: tuple[tuple[str, int], ...]


def _instances(compiler: Any) -> _Instances | None:
    klass_info = compiler.klass_info
    if klass_info is None:
        return None
    select = compiler.select
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    return _Instances(
        model=klass_info["model"],
        init_list=tuple(f[0].target.attname for f in select[start:end]),
        start=start,
        end=end,
        populators=tuple(get_related_populators(klass_info, select, DEFAULT_DB_ALIAS)),
        annotations=tuple((compiler.annotation_col_map or {}).items()),
    )


class Prepared:
    """A ``values_list`` query compiled once per connection; see the module docstring."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], **kinds: str) -> None:
        unknown = set(kinds.values()) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds of argument: {sorted(unknown)}")
        self.build = build
        self.kinds = kinds

    def _compile(self, connection: Any) -> _Compiled:
        cache = connection.__dict__.setdefault("_verbinding_prepared", {})
        # ``field__date`` lookups write the current time zone's name into the SQL
        key = (self, timezone.get_current_timezone_name())
        compiled: _Compiled | None = cache.get(key)
        if compiled is not None:
            return compiled
        names = list(self.kinds)
        versions = []
        for variant in (0, 1):
            args = {
                name: _placeholder(self.kinds[name], i, variant) for i, name in enumerate(names)
            }
            queryset = self.build(**args)
            compiler = queryset.query.get_compiler(connection=connection)
            sql, params = compiler.as_sql()
            adapted = {name: _adapt(connection, self.kinds[name], args[name]) for name in names}
            versions.append((compiler, sql, tuple(params), adapted))
        (compiler, sql, params, adapted), (_c, sql_b, params_b, adapted_b) = versions
        if sql != sql_b or len(params) != len(params_b):
            raise PreparedError(f"the query's SQL depends on its arguments: {sql}")
        slots = []
        for position, (a, b) in enumerate(zip(params, params_b, strict=True)):
            name = next((n for n in names if _same(a, adapted[n]) and _same(b, adapted_b[n])), None)
            if name is not None:
                slots.append((position, name))
            elif not _same(a, b):
                raise PreparedError(
                    f"parameter {position} ({a!r}) depends on an argument but is not one: {sql}"
                )
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        compiled = _Compiled(
            compiler=compiler,
            sql=sql,
            params=params,
            slots=tuple(slots),
            converters=compiler.get_converters(fields),
            width=compiler.col_count,
            of_models=queryset._iterable_class is ModelIterable,
        )
        cache[key] = compiled
        return compiled

    def rows(self, **values: Any) -> list[tuple[Any, ...]]:
        """The rows for these argument values (one query)."""
        return self._run(values)[1]

    def objects(self, **values: Any) -> list[Any]:
        """The model instances for these argument values (one query), as the queryset gives
        them: its ``select_related`` objects and annotations set, ``prefetch_related`` not."""
        compiled, rows = self._run(values)
        how = compiled.instances if compiled.of_models else None
        if how is None:
            raise PreparedError("objects() needs a query of model instances, not values")
        instances = []
        for row in rows:
            obj = how.model.from_db(DEFAULT_DB_ALIAS, how.init_list, row[how.start : how.end])
            for populator in how.populators:
                populator.populate(row, obj)
            for name, position in how.annotations:
                setattr(obj, name, row[position])
            instances.append(obj)
        return instances

    def _run(self, values: dict[str, Any]) -> tuple[_Compiled, list[tuple[Any, ...]]]:
        if set(values) != set(self.kinds):
            raise TypeError(f"expected the arguments {sorted(self.kinds)}, got {sorted(values)}")
        connection = connections[DEFAULT_DB_ALIAS]
        compiled = self._compile(connection)
        params = list(compiled.params)
        for position, name in compiled.slots:
            params[position] = _adapt(connection, self.kinds[name], values[name])
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows: Sequence[Any] = cursor.fetchall()
        if rows and len(rows[0]) != compiled.width:
            rows = [row[: compiled.width] for row in rows]
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return compiled, [tuple(row) for row in rows]

    def flat(self, **values: Any) -> list[Any]:
        """The first column of ``rows``."""
        return [row[0] for row in self.rows(**values)]
