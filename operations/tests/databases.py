"""Copies of the test database for tests that need a second process (a worker, a replica): the copy is a real
database of the same kind that another process can open."""

import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection


def copy_database(tmp_path: Path, label: str) -> tuple[str, Callable]:
    """A copy of the test database: its URL and a function that runs SQL in it."""
    if connection.vendor == "sqlite":
        path = tmp_path / f"{label}.sqlite3"
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        copy.close()

        def run(sql, params=()):
            with sqlite3.connect(path) as db:
                db.execute(sql, params)
        return f"sqlite:///{path}", run
    import psycopg

    db = settings.DATABASES["default"]
    host, port, user = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432, db["USER"]
    name = f"socorg_{label}_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    dump = subprocess.run(["pg_dump", "--format=custom", "-h", host, "-p", str(port), "-U", user, db["NAME"]],
                          capture_output=True, check=True).stdout
    subprocess.run(["pg_restore", "--no-owner", "-h", host, "-p", str(port), "-U", user, "-d", name], input=dump,
                   capture_output=True, check=True)
    url = f"postgresql://{user}@{host}:{port}/{name}"

    def run(sql, params=()):
        with psycopg.connect(url) as target:
            target.execute(sql.replace("?", "%s"), params)
    return url.replace("postgresql://", "postgres://"), run


def drop_copies(*urls: str) -> None:
    if connection.vendor == "sqlite":
        return
    with connection.cursor() as cursor:
        for url in urls:
            cursor.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
