"""A process killed with SIGKILL in the middle of an import leaves the database as it was; a re-run completes.

The import runs as `manage.py import_organizations` in a subprocess on its own database (a SQLite file; also a
throw-away PostgreSQL database when the suite runs on PostgreSQL). The test waits until the progress file shows
rows written inside the import transaction, kills the process, and looks at the database from outside.
"""

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import dj_database_url
import pytest

from registry.demo import generate_rows
from registry.tests.import_files import TYPE_ZH

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("registry_organization", "registry_registrationevent", "registry_organizationversion",
          "registry_searchentry", "audit_auditevent", "registry_importjob")
AUTHORITIES = [("110101", "北京市东城区", "county"), ("110102", "北京市西城区", "county"),
               ("110000", "北京市", "provincial"), ("130104", "河北省石家庄市桥西区", "county")]
ROWS = 12000


def write_register(path: Path, rows: int) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["统一社会信用代码", "社会组织名称", "社会组织类型", "登记管理机关", "法定代表人", "成立登记日期",
                      "注册资金", "业务主管单位", "住所", "业务范围", "联系电话"])
        for r in generate_rows(11, rows, AUTHORITIES):
            out.writerow([r["uscc"], r["name"], TYPE_ZH[r["org_type"]], r["authority"], r["legal_rep_name"],
                          r["founded_on"], r["registered_funds"], r["supervisor"], r["domicile"],
                          r["business_scope"], r["phone"]])
    return path


def leftover_workers(register: Path, wait: float = 10.0) -> list[int]:
    """Processes still running the killed import (its forked workers share its command line)."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmdline = (entry / "cmdline").read_bytes()
                    state = (entry / "stat").read_text().split(") ", 1)[1][:1]
                except OSError:
                    continue
                if str(register).encode() in cmdline and b"import_organizations" in cmdline and state != "Z":
                    found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, **kwargs)


class SqliteTarget:
    def __init__(self, tmp_path: Path):
        self.file = tmp_path / "kill.sqlite3"
        self.url = f"sqlite:///{self.file}"

    def counts(self) -> dict:
        with sqlite3.connect(self.file) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}

    def drop(self):
        pass


class PostgresTarget:
    def __init__(self, base_url: str):
        import psycopg

        self.psycopg = psycopg
        self.name = f"socorg_kill_{uuid.uuid4().hex[:8]}"
        config = dj_database_url.parse(base_url)
        self.server = {k: v for k, v in {"host": config["HOST"], "port": config["PORT"], "user": config["USER"],
                                          "password": config["PASSWORD"]}.items() if v}
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as db:
            db.execute(f'CREATE DATABASE "{self.name}"')
        self.url = base_url.rsplit("/", 1)[0] + "/" + self.name

    def counts(self) -> dict:
        with self.psycopg.connect(dbname=self.name, **self.server) as db:
            return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}

    def drop(self):
        with self.psycopg.connect(dbname="postgres", autocommit=True, **self.server) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def targets():
    found = ["sqlite"]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        found.append("postgresql")
    return found


@pytest.mark.parametrize("backend", targets())
def test_a_killed_import_leaves_the_database_unchanged_and_a_rerun_completes(tmp_path, backend):
    target = SqliteTarget(tmp_path) if backend == "sqlite" else PostgresTarget(os.environ["DATABASE_URL"])
    try:
        env = {**os.environ, "SOCORG_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": target.url,
               "PYTHONUNBUFFERED": "1"}
        migrated = manage(env, "migrate", "--no-input", "-v", "0")
        assert migrated.returncode == 0, migrated.stderr
        register = write_register(tmp_path / "register.csv", ROWS)
        before = target.counts()
        progress = tmp_path / "progress.json"
        process = subprocess.Popen(
            [sys.executable, "manage.py", "import_organizations", str(register), "--no-progress",
             "--batch-size", "200", "--workers", "2", "--progress-file", str(progress)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 300
        seen = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                seen = json.loads(progress.read_text())
            except (OSError, ValueError):
                seen = None
            if seen and seen["phase"] == "apply" and 0 < seen["done"] < ROWS:
                break
            time.sleep(0.05)
        assert process.poll() is None, f"the import ended before it could be killed: {process.communicate()}"
        assert seen and seen["phase"] == "apply" and seen["done"] > 0, seen
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert process.returncode == -signal.SIGKILL
        assert not leftover_workers(register), "the import's worker processes outlived it"
        assert target.counts() == before  # nothing of the killed import is visible, not even its job row

        rerun = manage(env, "import_organizations", str(register), "--no-progress")
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        after = target.counts()
        assert after["registry_organization"] == before["registry_organization"] + ROWS
        assert after["registry_registrationevent"] == before["registry_registrationevent"] + ROWS
        assert after["registry_searchentry"] == before["registry_searchentry"] + ROWS
        assert after["registry_importjob"] == before["registry_importjob"] + 1
        verified = manage(env, "verify_audit")
        assert verified.returncode == 0, verified.stdout + verified.stderr
    finally:
        target.drop()
