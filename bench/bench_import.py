"""Import benchmark: the real import command against a raw insert of the same rows, in the same run.

    python -m bench import --rows 1000000                    # SQLite files under bench/out/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/socorg python -m bench import --rows 1000000

1. Generates the national register (bench/generate.py) or reuses bench/out/national-<rows>-seed<seed>.csv.
2. Raw baseline: a subprocess reads the same CSV with the csv module and inserts every row, as it is, into a
   plain table with the same columns (no index, no constraint), in one transaction: ``executemany`` on SQLite,
   ``COPY`` on PostgreSQL. This is the floor: reading the file and storing its cells.
3. socorg: a fresh database (SQLite file; on PostgreSQL the database ``socorg_bench`` on the same server,
   created and dropped here), migrated, then ``manage.py import_organizations FILE`` in a subprocess: the real
   command, validating every row, writing organizations, events, versions, search entries and audit.

Wall time and peak RSS are measured per subprocess (``os.wait4``). Benchmarks are not tests: nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BENCH_DB = "socorg_bench"
RAW_TABLE = "bench_raw_register"


def default_file(rows: int, seed: int) -> Path:
    return OUT / f"national-{rows}-seed{seed}.csv"


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            todo += [int(c) for c in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except OSError:
            pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def timed_subprocess(args: list[str], env: dict, log: Path) -> dict:
    """Wall seconds, CPU seconds (user + system, with its worker processes), peak RSS of the process in MB,
    peak PSS summed over the process and its workers in MB, the load average before and after, and the exit
    status of one subprocess; its output goes to ``log``. PSS shares pages between the processes that map them,
    so the sum counts the forked workers' shared memory once."""
    import threading

    peak_tree = [0]
    load_before = os.getloadavg()[0]
    with open(log, "w") as out:
        started = time.perf_counter()
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample():
            while not done.wait(1.0):
                peak_tree[0] = max(peak_tree[0], sum(_pss_kb(p) for p in _tree(process.pid)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024,
            "pss": peak_tree[0] / 1024, "load": (load_before, os.getloadavg()[0]),
            "status": os.waitstatus_to_exitcode(status)}


# --------------------------------------------------------------------------------------------- raw baseline
def raw_insert(file: Path, database_url: str, batch: int = 5000) -> int:
    """Read ``file`` with csv and insert every row into a plain table of the same columns; returns rows."""
    import csv

    with open(file, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        columns = [f"c{i}" for i in range(len(header))]
        if database_url.startswith("sqlite"):
            import sqlite3

            db = sqlite3.connect(database_url.split("sqlite:///", 1)[1], isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # what socorg's SQLite connection uses
            db.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
            db.execute(f"CREATE TABLE {RAW_TABLE} ({', '.join(c + ' TEXT' for c in columns)})")
            sql = f"INSERT INTO {RAW_TABLE} VALUES ({', '.join('?' * len(columns))})"
            count = 0
            db.execute("BEGIN IMMEDIATE")
            while True:
                rows = [row for _, row in zip(range(batch), reader, strict=False)]
                if not rows:
                    break
                db.executemany(sql, rows)
                count += len(rows)
            db.execute("COMMIT")
            db.close()
            return count
        import psycopg

        with psycopg.connect(database_url) as db:
            db.execute(f"DROP TABLE IF EXISTS {RAW_TABLE}")
            db.execute(f"CREATE TABLE {RAW_TABLE} ({', '.join(c + ' text' for c in columns)})")
            count = 0
            with db.cursor().copy(f"COPY {RAW_TABLE} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in reader:
                    copy.write_row(row)
                    count += 1
            db.commit()
            return count


# --------------------------------------------------------------------------------------------- databases
class Target:
    """A fresh database for one benchmark run: SQLite files, or a database on the PostgreSQL server."""

    def __init__(self, base_url: str | None, name: str):
        self.base_url = base_url
        self.name = name
        if base_url and base_url.startswith(("postgres://", "postgresql://")):
            self.url = base_url.rsplit("/", 1)[0] + "/" + name
            self.sqlite = None
        else:
            self.sqlite = OUT / f"{name}.sqlite3"
            self.url = f"sqlite:///{self.sqlite}"

    def create(self):
        if self.sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.sqlite}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        admin = self.base_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self):
        if self.sqlite:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.sqlite}{suffix}").unlink(missing_ok=True)
            return
        import psycopg

        admin = self.base_url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def count(self, table: str) -> int:
        if self.sqlite:
            import sqlite3

            with sqlite3.connect(self.sqlite) as db:
                return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# --------------------------------------------------------------------------------------------- the run
def run(rows: int, seed: int, file: Path | None, database_url: str | None, keep: bool, import_args: list[str]):
    from bench.generate import write

    OUT.mkdir(parents=True, exist_ok=True)
    file = file or default_file(rows, seed)
    if not file.exists():
        print(f"generating {rows} rows (seed {seed}) -> {file}", flush=True)
        started = time.perf_counter()
        write(file, rows, seed)
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    size_mb = file.stat().st_size / 1e6
    backend = "PostgreSQL" if database_url and database_url.startswith("postgres") else "SQLite"
    print(f"file: {file} ({size_mb:.0f} MB); database: {backend}", flush=True)

    raw = Target(database_url, f"{BENCH_DB}_raw")
    socorg = Target(database_url, BENCH_DB)
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "DJANGO_SETTINGS_MODULE": "socorg.settings"}
    results = []
    try:
        raw.create()
        measured = timed_subprocess(
            [sys.executable, "-m", "bench", "raw", "--file", str(file), "--database-url", raw.url],
            env, OUT / "raw.log")
        if measured["status"] != 0:
            raise SystemExit(f"raw baseline failed, see {OUT / 'raw.log'}")
        raw_rows = raw.count(RAW_TABLE)
        results.append(("raw insert (" + ("COPY" if backend == "PostgreSQL" else "executemany") + ")", raw_rows,
                        measured))
        print(f"  raw: {raw_rows} rows in {measured['seconds']:.1f} s", flush=True)
        raw.drop()

        socorg.create()
        var = OUT / "var-import"
        shutil.rmtree(var, ignore_errors=True)
        django_env = {**env, "DATABASE_URL": socorg.url, "SOCORG_VAR_DIR": str(var)}
        migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT,
                                  env=django_env, capture_output=True, text=True)
        if migrated.returncode != 0:
            raise SystemExit(migrated.stderr)
        measured = timed_subprocess(
            [sys.executable, "manage.py", "import_organizations", str(file), "--no-progress", "-v", "2",
             *import_args], django_env, OUT / "import.log")
        log = (OUT / "import.log").read_text(errors="replace")
        if measured["status"] != 0:
            raise SystemExit(f"import failed ({measured['status']}), see {OUT / 'import.log'}:\n{log[-3000:]}")
        imported = socorg.count("registry_organization")
        results.append(("socorg import_organizations", imported, measured))
        print("  " + "\n  ".join(log.strip().splitlines()[-4:]), flush=True)
    finally:
        if not keep:
            raw.drop()
            socorg.drop()
            shutil.rmtree(OUT / "var-import", ignore_errors=True)
    report(results, backend, rows, file)


def report(results, backend: str, rows: int, file: Path) -> None:
    base, base_cpu = results[0][2]["seconds"], results[0][2]["cpu"]
    print()
    print(f"Import benchmark, {backend}, {rows:,} rows ({file.name}); {os.cpu_count()} CPUs")
    print("| step | rows | seconds | rows/s | ratio to raw | client CPU s (ratio) | peak RSS MB (main) "
          "| peak PSS MB (all processes) | load avg before → after |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, count, m in results:
        print(f"| {label} | {count:,} | {m['seconds']:.1f} | {count / m['seconds']:,.0f} | "
              f"{m['seconds'] / base:.2f}x | {m['cpu']:.1f} ({m['cpu'] / base_cpu:.2f}x) | {m['rss']:.0f} | "
              f"{m['pss']:.0f} | {m['load'][0]:.1f} → {m['load'][1]:.1f} |")
    if backend == "PostgreSQL":
        print("(client CPU excludes the PostgreSQL server's own work: COPY parsing, index builds)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench import", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path, help="import this file instead of the generated one")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="PostgreSQL server to use (a database named socorg_bench is created and dropped)")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark databases")
    parser.add_argument("import_args", nargs="*", help="extra arguments for import_organizations (after --)")
    args = parser.parse_args(argv)
    run(args.rows, args.seed, args.file, args.database_url, args.keep, args.import_args)
