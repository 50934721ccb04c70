"""Pairing benchmark: the per-county rollup of rural-revitalization pairing (engagement.services.county_progress)
at national scale, beside a naive ORM loop and one hand-written SQL query, in the same run.

    python -m bench.bench_pairing                                   # 50,000 pairings over 832 counties
    python -m bench.bench_pairing --pairings 200000                 # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_pairing

Self-contained: a dedicated benchmark database (SQLite file, or the PostgreSQL database ``socorg_bench_pairing``),
migrated, filled by set-based ``INSERT … SELECT`` from a number series: organizations over real county-level
divisions, 832 counties designated (the size of the former national poverty-county list; designated here only as
benchmark rows), P pairings (one in four a group's), two projects per pairing, four progress reports per project.
A rerun with the same size reuses it.

It times, over ``--repeat`` runs, p50/p95 of:

* **socorg**: ``county_progress()`` (five aggregate queries, whatever the number of counties);
* **raw SQL**: one GROUP BY per measure joined in the database (checked equal to socorg's rows);
* **naive loop**: for each county its pairings, for each pairing its projects, for each project its progress, summed
  in Python — run on ``--loop-sample`` counties and extrapolated to all (the queries grow with the pairings).

Not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from decimal import Decimal

from bench.bench_credit_sweep import Dialect, database, h, insert_columns, setup_django

BENCH_DB = "socorg_bench_pairing"
COUNTIES = 832
START, END = date(2025, 1, 1), date(2027, 12, 31)


def build(pairings: int, orgs: int) -> None:
    from django.db import connection, transaction

    from divisions.models import Division
    from engagement.models import KeyCounty, Pairing, PairingGroup, PairingProject, ProjectProgress
    from registry.models import Organization

    d = Dialect(connection.vendor)
    if Pairing.objects.count() == pairings:
        print(f"reusing {pairings:,} pairings")
        return
    started = time.perf_counter()
    counties = list(Division.objects.in_use().filter(level="county").exclude(code__startswith="71")
                    .order_by("code").values_list("code", flat=True))
    step = max(1, len(counties) // COUNTIES)
    chosen = counties[::step][:COUNTIES]
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("engagement_reminder", "engagement_reportingdeadline", "engagement_projectprogress",
                      "engagement_pairingproject", "engagement_pairing", "engagement_pairinggroup_members",
                      "engagement_pairinggroup", "engagement_keycounty", "registry_organization"):
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_pairing_county (k INTEGER PRIMARY KEY, code VARCHAR(6))")
        cursor.execute("DELETE FROM bench_pairing_county")
        cursor.executemany("INSERT INTO bench_pairing_county (k, code) VALUES (%s, %s)", list(enumerate(chosen)))
        cols, exprs = insert_columns(Organization, {
            "uscc": "'5P' || " + d.pad("n.i", 16), "org_type": "'social_group'", "level": "'county'",
            "authority_id": "c.code", "name": "'结对基准组织' || " + d.text("n.i"),
            "founded_on": d.literal_date(date(2010, 1, 1)), "status": "'active'", "is_demo": d.true()}, d)
        cursor.execute(f"INSERT INTO registry_organization ({cols}) SELECT {exprs} FROM {d.numbers(orgs)} "
                       f"JOIN bench_pairing_county c ON c.k = n.i % {len(chosen)}")
        cols, exprs = insert_columns(KeyCounty, {
            "county_id": "c.code", "document_number": "'基准数据'", "issued_by": "'基准'",
            "designated_on": d.literal_date(date(2024, 1, 1))}, d)
        cursor.execute(f"INSERT INTO engagement_keycounty ({cols}) SELECT {exprs} FROM bench_pairing_county c")
        first_org = Organization.objects.order_by("pk").values_list("pk", flat=True).first()
        groups = max(1, pairings // 40)
        cols, exprs = insert_columns(PairingGroup, {
            "name": "'基准合力团' || " + d.text("n.i"), "lead_id": f"{first_org} + (n.i % {orgs})",
            "formed_on": d.literal_date(date(2024, 6, 1))}, d)
        cursor.execute(f"INSERT INTO engagement_pairinggroup ({cols}) SELECT {exprs} FROM {d.numbers(groups)}")
        first_group = PairingGroup.objects.order_by("pk").values_list("pk", flat=True).first()
        grouped = f"({h('n.i', 3)} % 4 = 0)"
        cols, exprs = insert_columns(Pairing, {
            "programme": "'key_county'", "county_id": "c.code",
            "organization_id": f"{first_org} + ({h('n.i', 4)} % {orgs})",
            "group_id": f"CASE WHEN {grouped} THEN {first_group} + (n.i % {groups}) ELSE NULL END",
            "starts_on": d.literal_date(START), "ends_on": d.literal_date(END)}, d)
        cursor.execute(f"INSERT INTO engagement_pairing ({cols}) SELECT {exprs} FROM {d.numbers(pairings)} "
                       f"JOIN bench_pairing_county c ON c.k = {h('n.i', 5)} % {len(chosen)}")
        for k in range(2):
            cols, exprs = insert_columns(PairingProject, {
                "pairing_id": "p.id", "name": f"'项目{k}'", "budget": f"(10000 + {h('p.id', 6 + k)} % 900000)",
                "starts_on": d.literal_date(START), "ends_on": d.literal_date(END)}, d)
            cursor.execute(f"INSERT INTO engagement_pairingproject ({cols}) SELECT {exprs} FROM engagement_pairing p")
        for k in range(4):
            cols, exprs = insert_columns(ProjectProgress, {
                "project_id": "j.id", "reported_on": d.literal_date(date(2025, 3 * k + 3, 28)),
                "invested": f"({h('j.id', 10 + k)} % 5000000) / 100.0",
                "direct_purchases": f"({h('j.id', 20 + k)} % 800000) / 100.0",
                "sales_help": f"({h('j.id', 30 + k)} % 900000) / 100.0",
                "beneficiaries": f"{h('j.id', 40 + k)} % 500"}, d)
            cursor.execute(f"INSERT INTO engagement_projectprogress ({cols}) SELECT {exprs} "
                           f"FROM engagement_pairingproject j")
        if d.pg:
            cursor.execute("ANALYZE")
    print(f"built {pairings:,} pairings, {ProjectProgress.objects.count():,} progress reports over "
          f"{len(chosen)} counties in {time.perf_counter() - started:.1f} s")


RAW = """
SELECT p.county_id, COUNT(DISTINCT p.id), COUNT(DISTINCT p.organization_id), COUNT(DISTINCT p.group_id),
       COALESCE(j.projects, 0), COALESCE(j.budget, 0), COALESCE(g.invested, 0), COALESCE(g.purchases, 0),
       COALESCE(g.sales, 0), COALESCE(g.beneficiaries, 0)
FROM engagement_pairing p
LEFT JOIN (SELECT pp.county_id AS c, COUNT(*) AS projects, SUM(pj.budget) AS budget
           FROM engagement_pairingproject pj JOIN engagement_pairing pp ON pp.id = pj.pairing_id
           GROUP BY pp.county_id) j ON j.c = p.county_id
LEFT JOIN (SELECT pp.county_id AS c, SUM(r.invested) AS invested, SUM(r.direct_purchases) AS purchases,
                  SUM(r.sales_help) AS sales, SUM(r.beneficiaries) AS beneficiaries
           FROM engagement_projectprogress r JOIN engagement_pairingproject pj ON pj.id = r.project_id
           JOIN engagement_pairing pp ON pp.id = pj.pairing_id
           WHERE r.reported_on <= %s GROUP BY pp.county_id) g ON g.c = p.county_id
GROUP BY p.county_id, j.projects, j.budget, g.invested, g.purchases, g.sales, g.beneficiaries
ORDER BY p.county_id
"""


def raw_sql(on: date) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW, [on])
        return cursor.fetchall()


def naive(on: date, counties: list[str]) -> list[tuple]:
    """What a per-object page would do: walk the objects and add up in Python."""
    from engagement.models import Pairing

    out = []
    for code in counties:
        pairings = list(Pairing.objects.filter(county_id=code))
        invested = Decimal(0)
        budget = Decimal(0)
        projects = 0
        for pairing in pairings:
            for project in pairing.projects.all():
                projects += 1
                budget += project.budget
                for report in project.progress.all():
                    if report.reported_on <= on:
                        invested += report.invested
        out.append((code, len(pairings), projects, budget, invested))
    return out


def timed(call, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return result, statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def q2(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairings", type=int, default=50_000)
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--loop-sample", type=int, default=40, help="counties the naive loop walks (extrapolated)")
    args = parser.parse_args(argv)
    import bench.bench_credit_sweep as credit_bench

    credit_bench.BENCH_DB = BENCH_DB
    setup_django(database(args.pairings, 0).replace("credit-", "pairing-"))
    from django.core.management import call_command
    from django.db import connection

    from engagement.services import county_progress

    call_command("migrate", verbosity=0)
    build(args.pairings, args.orgs)
    on = date(2025, 12, 31)
    ours, ours50, ours95 = timed(lambda: county_progress(on=on), args.repeat)
    raw, raw50, raw95 = timed(lambda: raw_sql(on), args.repeat)
    ours_rows = [(r["code"], r["pairings"], r["organizations"], r["groups"], r["projects"], q2(r["budget"]),
                  q2(r["invested"]), q2(r["direct_purchases"]), q2(r["sales_help"]), int(r["beneficiaries"]))
                 for r in ours]
    raw_rows = [(c, n, o, g, j, q2(b), q2(i), q2(p), q2(s), int(x)) for c, n, o, g, j, b, i, p, s, x in raw]
    assert ours_rows == raw_rows, "socorg and raw SQL disagree"
    sample = [r[0] for r in ours_rows[:args.loop_sample]]
    loop, loop50, _ = timed(lambda: naive(on, sample), 1)
    assert [(c, n, j, q2(b), q2(i)) for c, n, j, b, i in loop] == [
        (r[0], r[1], r[4], r[5], r[6]) for r in ours_rows[:args.loop_sample]], "the naive loop disagrees"
    loop_all = loop50 * len(ours_rows) / max(1, len(sample))
    print(f"{connection.vendor}: {args.pairings:,} pairings, {len(ours_rows)} counties, as of {on}")
    header = f"{'method':<34}{'p50 ms':>12}{'p95 ms':>12}{'× raw SQL':>12}"
    print(header)
    print("-" * len(header))
    print(f"{'raw SQL (one query)':<34}{raw50:>12.1f}{raw95:>12.1f}{1:>12.2f}")
    print(f"{'socorg county_progress()':<34}{ours50:>12.1f}{ours95:>12.1f}{ours50 / raw50:>12.2f}")
    print(f"{f'naive loop ({len(sample)} counties, measured)':<34}{loop50:>12.1f}{'':>12}{'':>12}")
    print(f"{'naive loop (all, extrapolated)':<34}{loop_all:>12.1f}{'':>12}{loop_all / raw50:>12.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
