"""Two PostgreSQL roles: the owner (runs migrations, owns every table) and the app (serves
requests, runs the worker). The app role may read and write the domain tables, but on the audit
table only SELECT and INSERT: it cannot UPDATE, DELETE or TRUNCATE audit rows, nor drop the
append-only triggers (only a table's owner can). See docs/deployment.md.

``grant(connection, role)`` runs after every ``migrate`` (post_migrate) when ``DATABASE_APP_ROLE``
names the app role, so new tables are granted too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def _quoted(connection: Any, role: str) -> str:
    return str(connection.ops.quote_name(role))


def grant(connection: Any, role: str) -> None:
    if connection.vendor != "postgresql" or not role:
        return
    r = _quoted(connection, role)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {r}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}")
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditevent FROM {r}")
        cursor.execute(f"REVOKE TRUNCATE ON ALL TABLES IN SCHEMA public FROM {r}")


def after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    role = getattr(settings, "DATABASE_APP_ROLE", "")
    if role and getattr(sender, "label", "") == "audit":
        grant(connections[using], role)
