"""Backups that restore: `manage.py backup` of a register with audit events and an uploaded file, `manage.py
restore` into a new, empty database (a separate process, as on a new machine), every table's content compared
and the audit chain verified there; tampered archives, a wrong key and a non-empty target refused."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from common.errors import RuleViolation
from conftest import assert_error, db_snapshot
from operations.backup import SUFFIX, create_backup, read_archive, restore_backup
from registry.models import Organization

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, database_url: str, var_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "SOCORG_VAR_DIR": str(var_dir),
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)


def tables_of(cursor, table_names) -> dict:
    content = {}
    for table in sorted(table_names):
        cursor.execute(f'SELECT * FROM "{table}"')
        # As text: the test database's connection converts dates and times, a raw connection does not.
        content[table] = sorted(tuple(None if value is None else str(value) for value in row)
                                for row in cursor.fetchall())
    return content


def source_content() -> dict:
    """The test database's tables, read by a raw connection (no type conversion), as the target is read."""
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        with sqlite3.connect(name, uri=str(name).startswith("file:")) as raw:
            cursor = raw.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            return tables_of(cursor, [row[0] for row in cursor.fetchall()])
    db = connection.settings_dict
    return postgres_content(f"postgresql://{db['USER']}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
                            f"/{db['NAME']}", password=db.get("PASSWORD") or None)


def postgres_content(url: str, password: str | None = None) -> dict:
    import psycopg

    with psycopg.connect(url, password=password) as raw, raw.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return tables_of(cursor, [row[0] for row in cursor.fetchall()])


class TargetDatabase:
    """A new, empty database of the same kind as the test database, and a way to read it directly."""

    def __init__(self, tmp_path: Path):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.path = tmp_path / "restored.sqlite3"
            self.url = f"sqlite:///{self.path}"
        else:
            db = settings.DATABASES["default"]
            self.name = f"socorg_restore_{uuid.uuid4().hex[:10]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{self.name}"

    def content(self) -> dict:
        if self.vendor == "sqlite":
            with sqlite3.connect(self.path) as target:
                cursor = target.cursor()
                cursor.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
                return tables_of(cursor, [row[0] for row in cursor.fetchall()])
        return postgres_content(self.url.replace("postgres://", "postgresql://"))

    def drop(self) -> None:
        if self.vendor != "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def evidence(settings, tmp_path):
    media = Path(settings.MEDIA_ROOT)
    (media / "evidence").mkdir(parents=True, exist_ok=True)
    file = media / "evidence" / "审计报告.pdf"
    file.write_bytes(b"%PDF-1.4 a scanned audit report\n")
    return file


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_an_empty_database_with_the_same_content_and_a_valid_audit_chain(
        world, evidence, tmp_path):
    call_command("verify_audit", stdout=open(os.devnull, "w"))
    out = tmp_path / "backups"
    call_command("backup", "--output", str(out), stdout=open(os.devnull, "w"))
    archive = next(out.glob(f"*{SUFFIX}"))
    checksum = Path(f"{archive}.sha256").read_text().split()
    assert checksum[1] == archive.name and len(checksum[0]) == 64
    assert b"SQLite format" not in archive.read_bytes() and b"PGDMP" not in archive.read_bytes()  # encrypted

    target = TargetDatabase(tmp_path)
    try:
        var_dir = tmp_path / "new-machine"
        restored = manage("restore", str(archive), database_url=target.url, var_dir=var_dir)
        assert restored.returncode == 0, restored.stderr
        assert "审计链完整" in restored.stdout and "audit chain intact" in restored.stdout
        verified = manage("verify_audit", database_url=target.url, var_dir=var_dir)
        assert verified.returncode == 0, verified.stderr
        assert f"{AuditEvent.objects.count()} events" in verified.stdout
        assert target.content() == source_content()
        copied = var_dir / "media" / "evidence" / "审计报告.pdf"
        assert copied.read_bytes() == evidence.read_bytes()
        # The restored site answers: its organizations are there.
        listed = manage("shell", "-c", "from registry.models import Organization; "
                        "print(sorted(Organization.objects.values_list('uscc', flat=True)))",
                        database_url=target.url, var_dir=var_dir)
        assert listed.stdout.strip().splitlines()[-1] == str(sorted(Organization.objects.values_list("uscc", flat=True)))
    finally:
        target.drop()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_restore_refuses_a_database_that_is_not_empty_and_changes_nothing(world, tmp_path):
    archive = create_backup(tmp_path)
    before = db_snapshot(Organization, AuditEvent)
    with pytest.raises(RuleViolation) as refused:
        restore_backup(archive.path)
    assert_error(refused.value, 400, "BACKUP-TARGET-NOT-EMPTY", "database")
    assert db_snapshot(Organization, AuditEvent) == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_altered_archive_a_wrong_key_and_a_missing_file_are_refused_by_name(world, tmp_path, settings):
    archive = create_backup(tmp_path)
    assert read_archive(archive.path)[0]["tables"]["registry_organization"] == Organization.objects.count()

    sealed = bytearray(archive.path.read_bytes())
    sealed[len(sealed) // 2] ^= 0x01
    archive.path.write_bytes(bytes(sealed))
    with pytest.raises(RuleViolation) as refused:
        read_archive(archive.path)
    assert_error(refused.value, 400, "BACKUP-CHECKSUM", "file")

    Path(f"{archive.path}.sha256").unlink()  # without its checksum file the encryption still catches the change
    with pytest.raises(RuleViolation) as refused:
        read_archive(archive.path)
    assert_error(refused.value, 400, "BACKUP-KEY", "file")

    intact = create_backup(tmp_path / "again")
    settings.BACKUP_KEY = "another key"
    with pytest.raises(RuleViolation) as refused:
        read_archive(intact.path)
    assert_error(refused.value, 400, "BACKUP-KEY", "file")

    with pytest.raises(RuleViolation) as refused:
        read_archive(tmp_path / "nothing-here.socorg-backup")
    assert_error(refused.value, 400, "BACKUP-FILE", "file")
