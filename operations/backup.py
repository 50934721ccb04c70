"""Backups that restore: one encrypted archive of the database and the uploaded files, with a checksum beside it.

An archive (``socorg-<UTC time>.socorg-backup``) is a gzip'd tar of the database dump (SQLite: the online
backup API, a consistent copy while the site runs; PostgreSQL: ``pg_dump --format=custom``), the media files and
a manifest (row count of every table, the audit chain's head, the SHA-256 of every member), encrypted with Fernet
(AES-128-CBC + HMAC-SHA256) under the backup key. ``<archive>.sha256`` holds its SHA-256 in ``sha256sum`` format.

Restoring needs an empty database (a new machine after ``migrate`` is not empty: restore before migrating), checks
the checksum, the key and every member, loads the dump, restores the media files, and then proves the result:
every table has the row count of the manifest and the audit chain verifies to the same head.

The archive is built in memory: fine for the registers this platform serves per deployment (a national register of
a million organizations dumps to a few GB; give the host that much memory or stream with pg_dump directly).
"""

import base64
import hashlib
import io
import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection
from django.utils import timezone

from audit.models import ChainHead
from audit.queries import verify_chain
from common.errors import RuleViolation

FORMAT = 1
SUFFIX = ".socorg-backup"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


@dataclass(frozen=True)
class Archive:
    path: Path
    sha256: str
    size: int
    manifest: dict


def _fernet() -> Fernet:
    secret = settings.BACKUP_KEY or settings.FIELD_ENCRYPTION_KEY or settings.SECRET_KEY
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(("socorg-backup-key:" + secret).encode()).digest()))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _refuse(code: str, field: str | None, zh: str, en: str, value: str | None = None) -> RuleViolation:
    return RuleViolation.one(code, field, zh, en, value=value)


def _pg_env() -> tuple[list[str], dict]:
    db = settings.DATABASES["default"]
    args = ["--dbname", db["NAME"]]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    env = {"PATH": "/usr/bin:/bin:/usr/local/bin", "PGCONNECT_TIMEOUT": "10"}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise _refuse("BACKUP-TOOL", None, f"{command[0]} 执行失败：{result.stderr.strip()[:300]}",
                      f"{command[0]} failed: {result.stderr.strip()[:300]}")


def _dump_database(target: Path) -> None:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_env()
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)
    else:
        raise _refuse("BACKUP-VENDOR", None, f"不支持的数据库：{connection.vendor}",
                      f"unsupported database: {connection.vendor}")


def table_counts() -> dict[str, int]:
    """Rows of every table of the database (the manifest's inventory and the restore's proof)."""
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def _audit_head() -> dict | None:
    head = ChainHead.objects.filter(id=1).first()
    return {"seq": head.seq, "hash": head.hash} if head else None


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = 0
    tar.addfile(info, io.BytesIO(data))


def create_backup(directory: Path, *, now: datetime | None = None) -> Archive:
    """Write an encrypted archive of the database and the media files into ``directory``; return it."""
    now = now or timezone.now()
    directory.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    with tempfile.TemporaryDirectory() as scratch:
        dump_path = Path(scratch) / DUMP_NAMES.get(vendor, "database")
        _dump_database(dump_path)
        dump = dump_path.read_bytes()
    media_root = Path(settings.MEDIA_ROOT)
    members = {DUMP_NAMES[vendor]: _sha256(dump)}
    media = [(f"media/{p.relative_to(media_root).as_posix()}", p.read_bytes()) for p in _media_files()]
    members.update({name: _sha256(data) for name, data in media})
    manifest = {"format": FORMAT, "created_at": now.isoformat(), "vendor": vendor, "tables": table_counts(),
                "audit_head": _audit_head(), "members": members}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        _add(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        _add(tar, DUMP_NAMES[vendor], dump)
        for name, data in media:
            _add(tar, name, data)
    sealed = _fernet().encrypt(buffer.getvalue())
    path = directory / f"socorg-{now:%Y%m%dT%H%M%S%fZ}{SUFFIX}"
    partial = path.with_suffix(".partial")
    partial.write_bytes(sealed)
    partial.replace(path)
    digest = _sha256(sealed)
    Path(f"{path}.sha256").write_text(f"{digest}  {path.name}\n", encoding="ascii")
    return Archive(path, digest, len(sealed), manifest)


def read_archive(path: Path) -> tuple[dict, dict[str, bytes]]:
    """Check and open an archive: (manifest, members). Refuses a missing or altered file, a wrong key and a
    member that does not match the manifest."""
    if not path.is_file():
        raise _refuse("BACKUP-FILE", "file", f"找不到备份文件 {path}", f"no backup file at {path}", str(path))
    sealed = path.read_bytes()
    checksum = Path(f"{path}.sha256")
    if checksum.is_file():
        expected = checksum.read_text(encoding="ascii").split()[0]
        if expected != _sha256(sealed):
            raise _refuse("BACKUP-CHECKSUM", "file", "备份文件与其校验值不符（文件已损坏或被改动）",
                          "the backup file does not match its checksum (damaged or altered)", path.name)
    try:
        opened = _fernet().decrypt(sealed)
    except InvalidToken:
        raise _refuse("BACKUP-KEY", "file", "无法解密备份：备份密钥不符，或文件已被改动",
                      "cannot decrypt the backup: wrong backup key, or the file was altered", path.name) from None
    members: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(opened), mode="r:gz") as tar:
        for info in tar.getmembers():
            extracted = tar.extractfile(info) if info.isfile() else None
            if extracted is not None:
                members[info.name] = extracted.read()
    manifest = json.loads(members.pop("manifest.json"))
    for name, digest in manifest["members"].items():
        if name not in members or _sha256(members[name]) != digest:
            raise _refuse("BACKUP-MEMBER", "file", f"备份中的 {name} 缺失或与清单不符",
                          f"{name} is missing from the backup or does not match its manifest", name)
    return manifest, members


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    media_files: int
    audit_events: int


def restore_backup(path: Path) -> Restored:
    """Load an archive into this (empty) database and the media folder; prove row counts and the audit chain."""
    manifest, members = read_archive(path)
    if manifest["vendor"] != connection.vendor:
        raise _refuse("BACKUP-VENDOR", "file", f"备份来自 {manifest['vendor']}，不能恢复到 {connection.vendor}",
                      f"the backup is of {manifest['vendor']}; it cannot be restored into {connection.vendor}")
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing:
        raise _refuse("BACKUP-TARGET-NOT-EMPTY", "database",
                      f"目标数据库不是空的（已有 {len(existing)} 张表）：恢复只写入空数据库，请新建数据库后再恢复（不要先执行 migrate）",
                      f"the target database is not empty ({len(existing)} tables): a restore only writes into an "
                      "empty database; create a new one and restore before running migrate")
    dump = members.pop(DUMP_NAMES[connection.vendor])
    with tempfile.TemporaryDirectory() as scratch:
        dump_path = Path(scratch) / DUMP_NAMES[connection.vendor]
        dump_path.write_bytes(dump)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(dump_path) as source:
                source.backup(connection.connection)
            source.close()
        else:
            args, env = _pg_env()
            _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args, str(dump_path)], env)
    media_root = Path(settings.MEDIA_ROOT)
    for name, data in members.items():
        target = media_root / name.removeprefix("media/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    counts = table_counts()
    if counts != manifest["tables"]:
        differing = sorted(t for t in set(counts) | set(manifest["tables"]) if counts.get(t) != manifest["tables"].get(t))
        raise _refuse("BACKUP-VERIFY", "database", f"恢复后的行数与备份清单不符：{'、'.join(differing[:10])}",
                      f"row counts after the restore differ from the manifest: {', '.join(differing[:10])}")
    broken = verify_chain()
    if broken is not None or _audit_head() != manifest["audit_head"]:
        raise _refuse("BACKUP-AUDIT-CHAIN", "database", "恢复后审计链校验失败", "the audit chain does not verify after "
                      f"the restore ({broken.problem if broken else 'head differs'})")
    return Restored(len(counts), sum(counts.values()), len(members),
                    manifest["tables"].get("audit_auditevent", 0))


def backup_directory() -> Path:
    return Path(settings.BACKUP_DIR)


def directory_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def free_space(path: Path) -> int:
    probe = path if path.exists() else path.parent
    return shutil.disk_usage(probe).free
