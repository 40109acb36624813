"""GIN indexes for English full-text search on the two tables that grow large (statements
and proposals), on PostgreSQL only. Each indexes exactly the expression that
``civic.search.selectors.search_postgres`` builds, so that the planner can use it."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

INDEXES = [
    (
        "search_statement_english",
        "participation_statement",
        """setweight(to_tsvector('english'::regconfig, COALESCE("text", '')), 'A')""",
    ),
    (
        "search_item_english",
        "budgeting_item",
        """(setweight(to_tsvector('english'::regconfig, COALESCE("title", '')), 'A')"""
        """ || setweight(to_tsvector('english'::regconfig, COALESCE("description", '')), 'B'))""",
    ),
]


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}))"
        )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0002_dialogues"),
        ("budgeting", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
