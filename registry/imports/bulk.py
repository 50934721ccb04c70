"""Bulk load: into an empty register, the secondary indexes (and SQLite's FTS5 triggers) are dropped inside the
import transaction and built once at its end."""

from __future__ import annotations

from django.db import connection

BULK_LOAD_MIN_ROWS = 20000
BULK_TABLES = ("registry_organization", "registry_registrationevent", "registry_organizationversion",
               "registry_searchentry")


class BulkLoad:
    """Loading a large file into an empty register: indexes are built once at the end instead of row by row.

    Inside the import transaction (DDL is transactional on SQLite and PostgreSQL, so a killed import leaves
    them as they were), the secondary indexes of the register's tables are dropped, the rows inserted, and the
    indexes created again from their saved definitions: a sorted build instead of a million random B-tree
    inserts. Unique indexes that back constraints stay (they guard the data while it goes in); a partial unique
    index is rebuilt, so a duplicate would still fail the whole import. On SQLite the search index's FTS5 sync
    triggers are dropped too and the FTS5 table rebuilt from its content table at the end (correct only
    because that table was empty). On PostgreSQL the dropped indexes lock the tables until commit, which is
    why this is done only when the register was empty when the import began and still is.
    """

    def __init__(self, cursor):
        self.cursor = cursor
        self.vendor = connection.vendor
        self.indexes: list[str] = []
        self.triggers: list[str] = []
        self.fts: list[str] = []

    def prepare(self) -> None:
        cursor = self.cursor
        tables = BULK_TABLES
        if self.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(f"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                           f"(tbl_name IN ({marks}) OR type = 'table')", list(tables))
            objects = cursor.fetchall()
            self.fts = [name for kind, name, _, sql in objects if kind == "table" and "fts5" in sql.lower()
                        and "content='registry_searchentry'" in sql.replace('"', "'")]
            for kind, name, table, sql in objects:
                if table not in tables:
                    continue
                if kind == "index":
                    self.indexes.append(sql)
                    cursor.execute(f'DROP INDEX "{name}"')
                elif kind == "trigger" and self.fts and any(f in sql for f in self.fts):
                    self.triggers.append(sql)
                    cursor.execute(f'DROP TRIGGER "{name}"')
        elif self.vendor == "postgresql":
            cursor.execute(
                "SELECT ci.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ci ON ci.oid = i.indexrelid "
                "LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
                "WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND c.oid IS NULL", [list(tables)])
            for name, definition in cursor.fetchall():
                self.indexes.append(definition)
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")

    def finish(self) -> None:
        if self.vendor == "postgresql":
            # The deferred foreign-key checks of the new rows must run before CREATE INDEX on those tables.
            self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for sql in self.indexes:
            self.cursor.execute(sql)
        for table in self.fts:
            self.cursor.execute(f"INSERT INTO \"{table}\"(\"{table}\") VALUES ('rebuild')")
        for sql in self.triggers:
            self.cursor.execute(sql)


def analyze_after_bulk_load() -> None:
    """Fresh planner statistics after a bulk load (outside the transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(BULK_TABLES))


def sqlite_bulk_settings(enable: bool) -> None:
    """A larger page cache for the import's random-order index inserts (SQLite only; per connection)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {-65536 if enable else -2000}")

