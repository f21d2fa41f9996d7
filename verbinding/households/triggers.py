"""The tenancy's neighbourhood (``Tenancy.neighbourhood``), kept by the database: the unit's
neighbourhood, set when a tenancy is written and when a unit moves to another neighbourhood,
whatever writes the rows (the ORM, the imports' bulk writes and COPY, a database tool).

``install(schema_editor)`` creates the triggers and fills the column (migration 0006). On SQLite,
Django rebuilds a table for many changes of its columns (a new table, the rows copied, the old one
dropped) and a rebuilt table has no triggers: a later migration that changes ``households_unit``
or ``households_tenancy`` on SQLite must call ``install`` again after it
(``test_the_triggers_exist`` fails until it does).
"""

from __future__ import annotations

from typing import Any

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION households_tenancy_neighbourhood() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.neighbourhood_id := (SELECT neighbourhood_id FROM households_unit WHERE id = NEW.unit_id);
        RETURN NEW;
    END $$
    """,
    "DROP TRIGGER IF EXISTS tenancy_neighbourhood ON households_tenancy",
    """
    CREATE TRIGGER tenancy_neighbourhood
    BEFORE INSERT OR UPDATE OF unit_id, neighbourhood_id ON households_tenancy
    FOR EACH ROW EXECUTE FUNCTION households_tenancy_neighbourhood()
    """,
    """
    CREATE OR REPLACE FUNCTION households_unit_neighbourhood() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE households_tenancy SET neighbourhood_id = NEW.neighbourhood_id
        WHERE unit_id = NEW.id;
        RETURN NULL;
    END $$
    """,
    "DROP TRIGGER IF EXISTS unit_neighbourhood ON households_unit",
    """
    CREATE TRIGGER unit_neighbourhood
    AFTER UPDATE OF neighbourhood_id ON households_unit
    FOR EACH ROW WHEN (OLD.neighbourhood_id IS DISTINCT FROM NEW.neighbourhood_id)
    EXECUTE FUNCTION households_unit_neighbourhood()
    """,
]

SQLITE = [
    "DROP TRIGGER IF EXISTS tenancy_neighbourhood_insert",
    """
    CREATE TRIGGER tenancy_neighbourhood_insert AFTER INSERT ON households_tenancy
    FOR EACH ROW BEGIN
        UPDATE households_tenancy SET neighbourhood_id = (SELECT neighbourhood_id FROM households_unit WHERE id = NEW.unit_id) WHERE id = NEW.id;
    END
    """,
    "DROP TRIGGER IF EXISTS tenancy_neighbourhood_update",
    """
    CREATE TRIGGER tenancy_neighbourhood_update
    AFTER UPDATE OF unit_id, neighbourhood_id ON households_tenancy
    FOR EACH ROW WHEN NEW.neighbourhood_id IS NOT (SELECT neighbourhood_id FROM households_unit WHERE id = NEW.unit_id) BEGIN
        UPDATE households_tenancy SET neighbourhood_id = (SELECT neighbourhood_id FROM households_unit WHERE id = NEW.unit_id) WHERE id = NEW.id;
    END
    """,
    "DROP TRIGGER IF EXISTS unit_neighbourhood",
    """
    CREATE TRIGGER unit_neighbourhood AFTER UPDATE OF neighbourhood_id ON households_unit
    FOR EACH ROW WHEN NEW.neighbourhood_id IS NOT OLD.neighbourhood_id BEGIN
        UPDATE households_tenancy SET neighbourhood_id = NEW.neighbourhood_id
        WHERE unit_id = NEW.id;
    END
    """,
]

FILL = """
    UPDATE households_tenancy SET neighbourhood_id = (
        SELECT neighbourhood_id FROM households_unit WHERE households_unit.id = households_tenancy.unit_id
    )
"""

# each database's triggers and their tables (for ``remove`` and the test that they exist)
TRIGGERS = {
    "postgresql": {
        "tenancy_neighbourhood": "households_tenancy",
        "unit_neighbourhood": "households_unit",
    },
    "sqlite": {
        "tenancy_neighbourhood_insert": "households_tenancy",
        "tenancy_neighbourhood_update": "households_tenancy",
        "unit_neighbourhood": "households_unit",
    },
}
FUNCTIONS = ("households_tenancy_neighbourhood", "households_unit_neighbourhood")  # PostgreSQL


def install(schema_editor: Any) -> None:
    """Create (or re-create) the triggers and fill the column from the units."""
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor)
    if statements is None:  # pragma: no cover - other databases
        raise NotImplementedError(f"no tenancy neighbourhood triggers for {vendor}")
    for statement in [*statements, FILL]:
        schema_editor.execute(statement, params=None)


def remove(schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for name, table in TRIGGERS.get(vendor, {}).items():
        on = f" ON {table}" if vendor == "postgresql" else ""
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}{on}", params=None)
    if vendor == "postgresql":
        for function in FUNCTIONS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()", params=None)
