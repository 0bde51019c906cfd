"""The full-text index behind SearchDocument.terms, one per database engine."""

from django.db import migrations

FTS = "conversations_search_fts"
DOCS = "conversations_searchdocument"

SQLITE_UP = [
    # External-content FTS5 table: the text lives once, in SearchDocument.
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(terms, content='{DOCS}', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {DOCS} BEGIN"
    f" INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {DOCS} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE ON {DOCS} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms);"
    f" INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END",
]
SQLITE_DOWN = [f"DROP TRIGGER {FTS}_au", f"DROP TRIGGER {FTS}_ad", f"DROP TRIGGER {FTS}_ai",
               f"DROP TABLE {FTS}"]
PG_UP = [f"CREATE INDEX {DOCS}_fts ON {DOCS} USING gin (to_tsvector('simple', terms))"]
PG_DOWN = [f"DROP INDEX {DOCS}_fts"]


def forwards(apps, schema_editor):
    for sql in SQLITE_UP if schema_editor.connection.vendor == "sqlite" else PG_UP:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in SQLITE_DOWN if schema_editor.connection.vendor == "sqlite" else PG_DOWN:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
