"""Loads the job desk's code tables and, where the server offers pg_trgm
(a normal PostgreSQL with contrib; the embedded pgserver wheel has none), a
trigram index that serves word searches ("% cuoc%") of any table; without it
the btree prefix indexes of 0003 serve code and label prefixes and a word
search scans one table (≤ 8,203 rows)."""

from django.db import migrations, transaction

from codes.entries import load_entries

TRIGRAM_INDEX = "codes_entry_text_trgm"


def add_trigram_index(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON codes_codeentry "
                           "USING gin (search_text gin_trgm_ops)")
    except Exception:  # noqa: BLE001 - no right to create extensions: the btree indexes serve
        return


def drop_trigram_index(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


def unload_entries(apps, schema_editor):
    apps.get_model("codes", "CodeEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("codes", "0003_code_entry")]
    operations = [
        migrations.RunPython(load_entries, unload_entries),
        migrations.RunPython(add_trigram_index, drop_trigram_index),
    ]
