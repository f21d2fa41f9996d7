"""A list of household ids sent to the database as *one* query parameter.

``Model.objects.filter(household_id__in=HouseholdIds(ids))`` becomes
``IN (SELECT value FROM json_each(?))`` on SQLite and ``IN (SELECT unnest(%s::bigint[]))`` on
PostgreSQL instead of thousands of parameters: an advisor has ~2,000 households, and Django's
per-value processing cost ~4 ms per filter, PostgreSQL's planning of long lists more (issue 16).
The comma-joined text is made once per list, however many queries use it.

``Model.objects.filter(OneOf("household_id", HouseholdIds(ids)))`` is the same condition written
``household_id = ANY(%s::bigint[])`` on PostgreSQL: a filter PostgreSQL checks with one hash of
the ids, and whose row count it estimates from the array. ``IN (SELECT unnest(…))`` is a join that
first de-duplicates and hashes the ids (~0.8 ms for 2,400 ids, in every query) and is estimated at
200 rows whatever their number. Which form plans better depends on the query: check its plan.

The estimate has a price: PostgreSQL's planner estimates ``= ANY`` of a constant array element by
element against the column's statistics, ~0.5-1 ms of planning for 2,400 ids on a column with a
full list of most common values, in every query, on every request; and a query with subqueries
per row (the nuisance source) may be planned worse for knowing. ``OneOf(field, ids,
estimate=False)`` hides the array from the planner (``= ANY((SELECT %s::bigint[])::bigint[])``):
planned as if for a few ids, and checked per row by a linear search of the array instead of a
hash (hashing needs the constant), so use it only where the rows tested are few or the plan is
better, measured with planning time included (``EXPLAIN (ANALYZE, SUMMARY)``).

``OneOf(field, ids, semi_join=True)`` is ``field IN (SELECT unnest((SELECT %s::bigint[])))``:
the array hidden from the planner as with ``estimate=False`` (so planning is cheap), but as a set
of rows PostgreSQL can hash once and probe per row (a hash semi-join, not the linear search of
``estimate=False``), without first de-duplicating it as ``IN (SELECT unnest(%s))`` does. It is
estimated at 10 rows, so the plan looks the rows up by ``field``'s index when the table is big and
the other conditions select little (the contacts follow-ups and the contact aggregate: 1,600
probes, slower than the forms they have). Where the ids are matched against a small table or a
few rows (all plans, the active arrangements, the referrals sent) it was the cheapest form
measured, mostly for planning: plans 1.03 -> 0.84 ms of backend CPU, missed instalments
0.72 -> 0.53, referrals 0.34 -> 0.19 (docs/benchmarks.md). Check the plan as for the other forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import BigIntegerField, BooleanField, Expression, F, QuerySet, Subquery

# The cast of every id array this module sends to PostgreSQL; verbinding.db.postgresql does not
# prepare statements that contain it (a generic plan assumes ten ids: ADR 0020).
ID_ARRAY = "::bigint[]"


class IdArray(Expression):
    """A list of integer ids as one SQL parameter, for ``field__in=...``."""

    def __init__(self, ids: Sequence[int]) -> None:
        super().__init__(output_field=BigIntegerField())
        self.ids = ids

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        if connection.vendor == "postgresql":
            # The array as its text form ('{1,2,3}'), cast by the server: one string parameter.
            # A Python list is adapted element by element (~2 ms per 2,400 ids, per query).
            return f"SELECT unnest(%s{ID_ARRAY})", [id_array_param(connection, self.ids)]
        if connection.vendor == "sqlite":
            return "SELECT value FROM json_each(%s)", [id_array_param(connection, self.ids)]
        if not self.ids:  # pragma: no cover - other databases
            return "SELECT NULL WHERE 1=0", []
        return ", ".join(["%s"] * len(self.ids)), list(self.ids)  # pragma: no cover


def id_array_param(connection: Any, ids: Sequence[int]) -> str:
    """The one parameter ``IdArray`` sends: '{1,2,3}' (PostgreSQL) or '[1,2,3]' (SQLite)."""
    if connection.vendor == "postgresql":
        return "{" + _joined(ids) + "}"
    return "[" + _joined(ids) + "]"


def _joined(ids: Sequence[int]) -> str:
    """The ids comma-separated; made once per ``HouseholdIds`` (every source's query uses it)."""
    if not isinstance(ids, HouseholdIds):
        return ",".join(map(str, map(int, ids)))
    snapshot = tuple(ids)  # cheap next to the join; a changed list is joined again
    if ids.joined is None or ids.joined[0] != snapshot:
        ids.joined = (snapshot, ",".join(map(str, map(int, snapshot))))
    return ids.joined[1]


class OneOf(Expression):
    """``field`` is one of ``ids``: a condition for ``filter()`` (see the module docstring)."""

    conditional = True

    def __init__(
        self,
        field: str | Any,
        ids: Sequence[int],
        *,
        estimate: bool = True,
        semi_join: bool = False,
    ) -> None:
        super().__init__(output_field=BooleanField())
        self.target = F(field) if isinstance(field, str) else field
        self.ids = ids
        self.estimate = estimate
        self.semi_join = semi_join

    def get_source_expressions(self) -> list[Any]:
        return [self.target]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.target,) = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.target)
        if connection.vendor == "postgresql":
            ids = id_array_param(connection, self.ids)
            if self.semi_join:
                # the array behind a one-row subquery, unnested: a set to hash, not estimated
                return f"{column} IN (SELECT unnest((SELECT %s{ID_ARRAY})))", [*params, ids]
            if not self.estimate:
                # The array behind a one-row subquery (an InitPlan): the planner no longer sees
                # its values (see the module docstring); the outer cast keeps it an array, not
                # ``= ANY (subquery)``.
                return f"{column} = ANY((SELECT %s{ID_ARRAY}){ID_ARRAY})", [*params, ids]
            return f"{column} = ANY(%s{ID_ARRAY})", [*params, ids]
        ids_sql, ids_params = IdArray(self.ids).as_sql(compiler, connection)
        return f"{column} IN ({ids_sql})", [*params, *ids_params]


class HouseholdIds(list[int]):
    """The households a worklist is built for: a list, and one SQL parameter in ``__in``."""

    queryset: Any = None  # optional: the same households as a subquery (kept for compatibility)
    joined: tuple[tuple[int, ...], str] | None = None  # see _joined

    def resolve_expression(self, *args: Any, **kwargs: Any) -> Any:
        return IdArray(self).resolve_expression(*args, **kwargs)


class InArrayOf(Expression):
    """``field`` is one of the ids a subquery gives: ``field = ANY(ARRAY(subquery))`` on
    PostgreSQL, ``field IN (subquery)`` elsewhere.

    PostgreSQL runs the subquery once (an InitPlan) and looks the ids up in ``field``'s index in
    sorted order, one index scan, instead of joining (a nested loop that rescans the index per
    row). For the reach's ~1,600 units of an advisor's neighbourhoods (``verbinding.access``)
    that was, with a simpler neighbourhood subquery, 3.1 -> 2.1 ms of backend CPU
    (docs/benchmarks.md)."""

    conditional = True

    def __init__(self, field: str | Any, queryset: QuerySet[Any, Any]) -> None:
        super().__init__(output_field=BooleanField())
        self.target = F(field) if isinstance(field, str) else field
        self.ids_query = Subquery(queryset)

    def get_source_expressions(self) -> list[Any]:
        return [self.target, self.ids_query]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.target, self.ids_query = exprs

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.target)
        subquery, sub_params = compiler.compile(self.ids_query)
        if connection.vendor == "postgresql":
            return f"{column} = ANY(ARRAY{subquery})", [*params, *sub_params]
        return f"{column} IN {subquery}", [*params, *sub_params]
