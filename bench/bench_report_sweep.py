"""Overdue-report sweep benchmark: one province of a national register.

    python -m bench.bench_report_sweep --orgs 1000000                 # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_report_sweep --orgs 1000000

Builds (or reuses) a dedicated benchmark database holding N generated organizations (registry.demo, bulk
inserted, weighted like the real register: few national, many county registrations) and their annual reports
for one year (about 60 % in time, 10 % late by up to 40 days, 30 % missing; reports as AnnualReport rows, the
table the sweep reads). Then, for the largest province, on a day after the deadlines (default 15 July, so that
both missing and late reports are found), it times in the same run:

* socorg: ``supervision.services_reports.sweep_overdue``: the decision is an ORM query (per group of
  authorities sharing the deadline settings) run as one ``INSERT … SELECT … ON CONFLICT DO NOTHING``, then one
  read-back of what it inserted and one audit event; and its idempotent re-run;
* baseline: the same decision in raw SQL, one ``INSERT … SELECT`` into the same table (same indexes, unique
  constraint and foreign key), in its own transaction;

checks in every run that both found the same (organization, finding) pairs, and prints the table. Not a test.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup_django(database_url: str, var_dir: Path):
    os.environ["DATABASE_URL"] = database_url
    os.environ["SOCORG_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _database(orgs: int) -> str:
    url = os.environ.get("DATABASE_URL")
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    if not url:
        return f"sqlite:///{var_dir / f'report-sweep-{orgs}.sqlite3'}"
    base, _, _name = url.rpartition("/")
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'socorg_bench_reports'").fetchone():
            conn.execute("CREATE DATABASE socorg_bench_reports")
    return f"{base}/socorg_bench_reports"


def _authority_pool():
    """Current divisions weighted like the real register: few national, many county registrations."""
    from divisions.models import Division

    pool = []
    for code, name, level, province, prefecture in Division.objects.in_use().values_list(
            "code", "name", "level", "province_name", "prefecture_name"):
        if code[:2] in ("71", "81", "82"):
            continue
        region = name if level in ("national", "provincial") else (
            province + ("" if prefecture in ("", "直辖") or level == "city" else prefecture) + name)
        weight = {"national": 2000, "provincial": 30, "city": 9, "county": 2}[level]
        pool += [(code, "中华人民共和国" if level == "national" else region, level)] * weight
    return pool


def build(count: int, seed: int, year: int) -> None:
    """Bulk-insert ``count`` organizations and their reports for ``year`` (reused when already there)."""
    from django.db import connection, transaction

    from divisions.models import Division
    from registry.demo import generate_rows
    from registry.models import Organization
    from registry.validation import level_for
    from supervision.models import AnnualReport
    from supervision.reports.rules import deadline_for

    have = Organization.objects.count()
    if have >= count:
        print(f"reusing {have:,} organizations and {AnnualReport.objects.count():,} reports")
        return
    divisions = {d.code: d for d in Division.objects.all()}
    started = time.perf_counter()
    rng = random.Random(seed)
    deadlines = {"social_group": "05-31", "social_service_agency": "05-31", "foundation": "03-31"}
    batch = []
    with transaction.atomic():
        for row in generate_rows(seed, count - have, _authority_pool(), start_index=have,
                                 founded_to=date(year, 12, 31)):
            status = rng.choices(["active", "deregistered", "revoked"], [90, 8, 2])[0]
            founded = date.fromisoformat(row["founded_on"])
            since = founded if status == "active" else founded + timedelta(days=rng.randint(30, 8000))
            batch.append(Organization(
                uscc=row["uscc"], org_type=row["org_type"], level=level_for(divisions[row["authority"]]),
                authority_id=row["authority"], name=row["name"], legal_rep_name=row["legal_rep_name"],
                supervisor=row["supervisor"], domicile=row["domicile"], founded_on=founded,
                registered_funds=row["registered_funds"], business_scope=row["business_scope"],
                phone=row["phone"], status=status, status_since=since, is_demo=True))
            if len(batch) == 5000:
                Organization.objects.bulk_create(batch)
                batch = []
        Organization.objects.bulk_create(batch)
    print(f"generated {count - have:,} organizations in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    reports = []
    with transaction.atomic():
        for pk, org_type in Organization.objects.filter(status="active").values_list("pk", "org_type").iterator(
                chunk_size=20000):
            roll = rng.random()
            if roll >= 0.7:
                continue  # missing
            deadline = deadline_for(year, org_type, deadlines)
            day = deadline - timedelta(days=rng.randint(0, 80)) if roll < 0.6 else \
                deadline + timedelta(days=rng.randint(1, 40))
            reports.append(AnnualReport(organization_id=pk, year=year, state="awaiting_review",
                                        first_submitted_on=day, last_submitted_on=day))
            if len(reports) == 10000:
                AnnualReport.objects.bulk_create(reports)
                reports = []
        AnnualReport.objects.bulk_create(reports)
    print(f"generated {AnnualReport.objects.count():,} annual reports in {time.perf_counter() - started:.0f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def largest_province() -> tuple[str, int, int]:
    from django.db.models import Count
    from django.db.models.functions import Substr

    from divisions.models import subtree_q
    from registry.models import Organization

    row = (Organization.objects.annotate(province=Substr("authority_id", 1, 2)).exclude(province="10")
           .values("province").annotate(n=Count("id")).order_by("-n").first())
    code = row["province"] + "0000"
    authorities = Organization.objects.filter(subtree_q("authority_id", row["province"] + "0000")).values(
        "authority_id").distinct().count()
    return code, row["n"], authorities


BASELINE_SQL = """
INSERT INTO supervision_reportoverdue (organization_id, year, kind, deadline, detected_on, submitted_on, explanation,
                                       recorded_at)
SELECT o.id, %(year)s,
       CASE WHEN r.id IS NULL THEN 'missing' ELSE 'late' END,
       CASE WHEN o.org_type = 'foundation' THEN %(foundation_deadline)s ELSE %(deadline)s END,
       %(as_of)s, r.first_submitted_on, 'baseline', %(now)s
FROM registry_organization o
LEFT JOIN supervision_annualreport r
       ON r.organization_id = o.id AND r.year = %(year)s AND r.first_submitted_on <= %(as_of)s
WHERE o.authority_id >= %(low)s AND o.authority_id < %(high)s
  AND o.org_type IN ('social_group', 'social_service_agency', 'foundation')
  AND o.founded_on <= %(year_end)s
  AND (o.status = 'active'
       OR o.status_since > CASE WHEN o.org_type = 'foundation' THEN %(foundation_deadline)s ELSE %(deadline)s END)
  AND (r.id IS NULL
       OR r.first_submitted_on > CASE WHEN o.org_type = 'foundation' THEN %(foundation_deadline)s
                                      ELSE %(deadline)s END)
ON CONFLICT DO NOTHING
"""


def baseline(province: str, year: int, as_of: date) -> int:
    """The same decision in one INSERT … SELECT into the same table (with the national default deadlines, as in
    the bench database), in a transaction like the sweep's."""
    from django.db import connection, transaction
    from django.utils import timezone

    prefix = province[:2]
    params = {"year": year, "as_of": as_of, "year_end": date(year, 12, 31), "deadline": date(year + 1, 5, 31),
              "foundation_deadline": date(year + 1, 3, 31), "low": prefix + "0000",
              "high": str(int(prefix) + 1) + "0000", "now": timezone.now()}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")  # as the sweep does
        cursor.execute(BASELINE_SQL, params)
        return cursor.rowcount


def findings(year: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT organization_id, kind FROM supervision_reportoverdue WHERE year = %s", [year])
        return set(cursor.fetchall())


def clear_findings(year: int):
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM supervision_reportoverdue WHERE year = %s", [year])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2024, help="report year (default 2024)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--province", default=None, help="six-digit code (default: the largest province)")
    parser.add_argument("--as-of", default=None, help="sweep day, YYYY-MM-DD (default: 15 July of the next year, "
                                                      "when both missing and late reports are found)")
    args = parser.parse_args(argv)

    _setup_django(_database(args.orgs), ROOT / "var" / "bench")
    from django.core.management import call_command
    from django.db import connection

    from supervision.reports.services import sweep_overdue

    call_command("migrate", verbosity=0)
    build(args.orgs, args.seed, args.year)
    province, in_province, authorities = largest_province()
    province = args.province or province
    as_of = date.fromisoformat(args.as_of) if args.as_of else date(args.year + 1, 7, 15)

    ours, theirs, reruns = [], [], []
    result, count, expected = None, 0, set()

    def run_baseline():
        nonlocal count, expected
        clear_findings(args.year)
        started = time.perf_counter()
        count = baseline(province, args.year, as_of)
        theirs.append(time.perf_counter() - started)
        expected = findings(args.year)

    def run_socorg():
        nonlocal result
        clear_findings(args.year)
        started = time.perf_counter()
        result = sweep_overdue(as_of=as_of, jurisdiction=province, year=args.year)
        ours.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = sweep_overdue(as_of=as_of, jurisdiction=province, year=args.year)
        reruns.append(time.perf_counter() - started)
        assert again.missing == again.late == 0, "the re-run must find nothing new"
        return findings(args.year)

    for index in range(args.repeat):  # alternate the order, so that neither always meets a warm cache
        if index % 2:
            got = run_socorg()
            run_baseline()
        else:
            run_baseline()
            got = run_socorg()
        assert got == expected, "socorg and the baseline must find the same"
    assert count == len(expected)
    base_missing = sum(1 for _, kind in expected if kind == "missing")

    print(f"\noverdue-report sweep: {connection.vendor}, {args.orgs:,} organizations; jurisdiction {province} "
          f"({in_province:,} organizations, {authorities} authorities); report year {args.year}, as of {as_of}; "
          f"{args.repeat} runs\n")
    print(f"{'method':<44}{'missing':>9}{'late':>8}{'median':>10}{'min':>10}")
    rows = [
        ("socorg sweep_overdue (ORM, set-based)", result.missing, result.late, ours),
        ("raw SQL: one INSERT … SELECT (baseline)", base_missing, count - base_missing, theirs),
        ("socorg sweep_overdue re-run (idempotent)", 0, 0, reruns),
    ]
    for name, missing, late, times in rows:
        print(f"{name:<44}{missing:>9,}{late:>8,}{statistics.median(times) * 1000:>8.0f}ms{min(times) * 1000:>8.0f}ms")
    print(f"\nsame (organization, finding) pairs in every run; ratio socorg / baseline (median): "
          f"{statistics.median(ours) / statistics.median(theirs):.1f}x")


if __name__ == "__main__":
    main()
