"""On PostgreSQL, the database itself refuses two overlapping comment periods on one document.

An exclusion constraint over (document, [opens_at, closes_at)) needs btree_gist for the equality
on the document column. SQLite (the embedded default) has no such constraint; there the service
rule, run under a lock on the document row, is what holds it.
"""

from django.db import migrations

CONSTRAINT = "comment_period_no_overlap"
TABLE = "consultations_commentperiod"


def create_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(document_id WITH =, tstzrange(opens_at, closes_at, '[)') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("consultations", "0002_periods_comments_assignments_notices")]

    operations = [migrations.RunPython(create_constraint, drop_constraint)]
