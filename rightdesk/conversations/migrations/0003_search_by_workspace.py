"""The full-text index learns the workspace, so one search reads one workspace's matches.

Before, both engines found every workspace's matches for a word and then kept
the asked workspace's: at a million documents a frequent word cost a second.

SQLite: the FTS5 table gets an indexed `workspace_id` column, and a query
matches `workspace_id : "<id>" AND terms : (...)`. The column holds one number
token; a quoted phrase of one token matches that token only, so workspace 1
never matches workspace 12.

PostgreSQL: a stored tsvector column (computed once per write, never per
search) that holds the terms plus one lexeme naming the workspace,
"workspace <id>". That lexeme has a space in it, which the text parser never
puts inside a word, so no text can forge it. A GIN index on the column answers
"this word AND this workspace" by intersecting two posting lists. No extension
(btree_gin) is needed.
"""

import importlib

from django.db import migrations

FTS = "conversations_search_fts"
DOCS = "conversations_searchdocument"
COLUMNS = "terms, workspace_id"
NEW = "new.id, new.terms, new.workspace_id"
OLD = "old.id, old.terms, old.workspace_id"

SQLITE_UP = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5({COLUMNS}, content='{DOCS}', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {DOCS} BEGIN"
    f" INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES ({NEW}); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {DOCS} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', {OLD}); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE ON {DOCS} BEGIN"
    f" INSERT INTO {FTS}({FTS}, rowid, {COLUMNS}) VALUES ('delete', {OLD});"
    f" INSERT INTO {FTS}(rowid, {COLUMNS}) VALUES ({NEW}); END",
]
SQLITE_DROP = [
    f"DROP TRIGGER {FTS}_au",
    f"DROP TRIGGER {FTS}_ad",
    f"DROP TRIGGER {FTS}_ai",
    f"DROP TABLE {FTS}",
]
# An external-content table starts empty: fill it from the documents already there.
SQLITE_REBUILD = f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')"

VECTOR = "search_vector"
PG_COLUMN_UP = [
    f"ALTER TABLE {DOCS} ADD COLUMN {VECTOR} tsvector GENERATED ALWAYS AS ("
    "to_tsvector('simple', terms)"
    " || array_to_tsvector(ARRAY['workspace ' || workspace_id::text])) STORED",
]
PG_COLUMN_DOWN = [f"ALTER TABLE {DOCS} DROP COLUMN {VECTOR}"]
# The index alone, so a bulk load can drop it and make it again afterwards.
PG_UP = [f"CREATE INDEX {DOCS}_vector ON {DOCS} USING gin ({VECTOR})"]
PG_DOWN = [f"DROP INDEX {DOCS}_vector"]


def _previous():  # type: ignore[no-untyped-def]
    return importlib.import_module("rightdesk.conversations.migrations.0002_search_index")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    previous = _previous()
    if schema_editor.connection.vendor == "sqlite":
        steps = [*previous.SQLITE_DOWN, *SQLITE_UP, SQLITE_REBUILD]
    else:
        steps = [*previous.PG_DOWN, *PG_COLUMN_UP, *PG_UP]
    for sql in steps:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    previous = _previous()
    if schema_editor.connection.vendor == "sqlite":
        steps = [*SQLITE_DROP, *previous.SQLITE_UP, SQLITE_REBUILD]
    else:
        steps = [*PG_DOWN, *PG_COLUMN_DOWN, *previous.PG_UP]
    for sql in steps:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0002_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
