"""Insert-or-update many rows of one model as plain tuples, without model instances.

``bulk_create(update_conflicts=True)`` builds a model instance per row and prepares every value
through its field (``pre_save``, ``get_db_prep_save``): at 100,000 arrears states that was ~60 %
of a full signals run's writes (the nightly run on the 1st of the month changes nearly every
state: the rent was charged). Here the statement is written once per model and set of fields,
each column gets one adapter (dates and decimals as the backend wants them, everything else as
it is), and the rows go in through ``executemany`` in chunks: one ``INSERT … ON CONFLICT (key) DO
UPDATE SET … = excluded.…`` on SQLite (≥ 3.24) and PostgreSQL alike.

The values must already be what the fields hold (Python ints, strings, dates, decimals, None):
no field validation or defaults are applied. Not for models with ``auto_now`` fields or signals.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models

CHUNK = 1000


@functools.cache
def _statement(model: type[models.Model], key: str, fields: tuple[str, ...], vendor: str) -> str:
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [str(meta.get_field(name).column) for name in (key, *fields)]  # type: ignore[union-attr]
    marks = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns[1:])
    # names from the model's own meta; the values are parameters
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({marks}) ON CONFLICT ({quote(columns[0])}) DO UPDATE SET {updates}"
    )


def _adapter(field: Any) -> Callable[[Any], Any] | None:
    """What turns a field's Python value into a parameter (None: the value as it is)."""
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    if isinstance(field, models.DecimalField):
        return lambda value: ops.adapt_decimalfield_value(
            value, field.max_digits, field.decimal_places
        )
    if isinstance(field, models.JSONField | models.UUIDField | models.TimeField):
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def upsert_rows(
    model: type[models.Model],
    key: str,
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Insert each row ``(key value, *field values)``, or update ``fields`` of the row with that
    ``key`` (a unique column: the primary key or a one-to-one). Returns the number of rows sent."""
    meta = model._meta
    names = (key, *fields)
    adapters = [(i, a) for i, n in enumerate(names) if (a := _adapter(meta.get_field(n)))]
    sql = _statement(model, key, tuple(fields), connection.vendor)
    sent = 0
    chunk: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, adapt in adapters:
                if values[i] is not None:
                    values[i] = adapt(values[i])
            chunk.append(values)
            if len(chunk) == CHUNK:
                cursor.executemany(sql, chunk)
                sent += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            sent += len(chunk)
    return sent
