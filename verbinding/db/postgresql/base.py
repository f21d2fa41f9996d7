"""Django's PostgreSQL backend, with the query's values sent apart from its text and each
statement planned once per connection (issue 16, ADR 0020).

Django's default for psycopg 3 is client-side binding: psycopg quotes every value into the SQL
text in Python and PostgreSQL parses, analyses and plans each query anew, every time. For this
app's pages that planning was a large share of the database's work: the household page's twelve
small queries cost 5.1 ms of PostgreSQL CPU, mostly planning, against 1.6 ms once planned
(docs/benchmarks.md). With ``server_side_binding`` the values travel as parameters, and psycopg
prepares a statement on the connection once it has run ``prepare_threshold`` times (psycopg's
default, 5); PostgreSQL then plans it a few more times for the values given and, when its plan
for any values (the *generic* plan) is estimated no dearer, keeps that one and stops planning.

One kind of statement is never prepared here: those carrying a list of ids as an array
(``verbinding.db.ids``, ``::bigint[]`` in the SQL). A generic plan cannot know how many ids the
array holds and assumes ten, so the advisor's 1,600 households are looked up one by one where the
plan for the real list hashes them (the worklist's follow-ups: 0.9 -> 1.7 ms; the household list
1.0 -> 2.0 ms). Those are planned for their values every time, as before.

One limit comes with sending values apart: the protocol counts a statement's parameters in 16
bits, so a statement may carry at most 65,535 of them, where client-side binding had no limit. A
statement with more (an ``__in`` of 70,000 ids, a ``bulk_create`` of 10,000 rows of eight fields)
is bound on the client instead, as Django's default cursor would: psycopg quotes the values into
its text. Without this, ``verbinding seed --households 100000`` failed on PostgreSQL ("number of
parameters must be between 0 and 65535").

``DATABASE_PREPARED=false`` goes back to Django's default (client-side binding, nothing
prepared): for a connection pooler that cannot keep prepared statements across transactions
(PgBouncer before 1.21 in transaction mode; docs/deployment.md).
"""

from __future__ import annotations

from typing import Any

import psycopg
from django.db.backends.postgresql import base

from verbinding.db.ids import ID_ARRAY

# The most parameters one statement may carry (the protocol's Bind message counts them in 16 bits).
MAX_PARAMETERS = 65_535


class Cursor(base.ServerBindingCursor):  # type: ignore[name-defined]
    """Django's server-side binding cursor, which does not prepare statements with id arrays and
    binds a statement with more than ``MAX_PARAMETERS`` values on the client."""

    def execute(
        self, query: Any, params: Any = None, *, prepare: bool | None = None, **kw: Any
    ) -> Any:
        if params is not None and len(params) > MAX_PARAMETERS:
            query = psycopg.ClientCursor(self.connection).mogrify(query, params)
            params, prepare = None, False
        elif prepare is None and isinstance(query, str) and ID_ARRAY in query:
            prepare = False
        return super().execute(query, params, prepare=prepare, **kw)


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        if self.settings_dict["OPTIONS"].get("server_side_binding") is True:
            params["cursor_factory"] = Cursor
        return params
