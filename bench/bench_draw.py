"""Spot-check draw benchmark at national scale (双随机一公开, issue 4 item 7).

    python -m bench.bench_draw --orgs 1000000                       # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_draw --orgs 1000000

Builds (or reuses) a register of N generated organizations in a dedicated benchmark database (bulk inserts of
registry.demo.generate_rows; authorities weighted like the real register: 0.2 % national, 10 % provincial,
30 % city, 60 % county, ~90 % active), plus one earlier draw six months ago that took 5 % of the province, so
that "leave out organizations drawn in the last 12 months" has real work to do.

Then, for a province-sized jurisdiction (广东 440000 by default), it times in the same run:
- socorg's set-based candidate selection (services_spotchecks.candidates_queryset: one SQL query with the
  stratum CASE and the NOT IN subquery of recent targets), beside a hand-written raw-SQL baseline doing the
  same selection (checked to return the same rows);
- the draw itself on the frozen list (draw_algorithm, SHA-256 of the list) and, for the authority's own
  registrations, the whole run_draw service (select, freeze, draw targets and inspectors, write the draw,
  targets, inspector assignments and audit event in one transaction; rolled back after timing).
Cases: the provincial authority's own registrations (what a plan samples, DOMAIN §7), and the whole
province's subtree (every authority in it, as in a province-wide campaign). Medians of --repeat runs.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVEL_SHARES = {"national": 0.002, "provincial": 0.10, "city": 0.30, "county": 0.598}
STATUSES = (("active", 90), ("deregistered", 7), ("revoked", 2), ("certificate_cancelled", 1))


def _setup_django(database_url: str, var_dir: Path):
    os.environ["DATABASE_URL"] = database_url
    os.environ["SOCORG_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _authorities() -> list[tuple[str, str, str]]:
    """Current divisions, repeated so that a uniform choice gives the level shares above."""
    from divisions.models import Division

    by_level: dict[str, list] = {}
    for code, name, level, province, prefecture in Division.objects.in_use().exclude(code="100001").values_list(
            "code", "name", "level", "province_name", "prefecture_name"):
        if code[:2] in ("71", "81", "82") or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            continue
        region = "中华人民共和国" if level == "national" else name if level == "provincial" else (
            province + ("" if prefecture in ("", "直辖") or level == "city" else prefecture) + name)
        by_level.setdefault(level, []).append((code, region, level))
    pool = []
    for level, share in LEVEL_SHARES.items():
        entries = by_level.get(level, [])
        copies = max(1, round(share * 100_000 / max(1, len(entries))))
        pool += entries * copies
    return pool


def build(count: int, seed: int) -> None:
    from django.db import connection, transaction

    from registry.demo import generate_rows
    from registry.models import Organization
    from registry.validation import level_for

    have = Organization.objects.count()
    if have >= count:
        print(f"reusing {have:,} organizations")
        return
    from divisions.models import Division

    divisions = {d.code: d for d in Division.objects.all()}
    started = time.perf_counter()
    batch = []
    with transaction.atomic():
        for row in generate_rows(seed, count - have, _authorities(), start_index=have):
            division = divisions[row["authority"]]
            rng = random.Random(row["uscc"])
            batch.append(Organization(
                uscc=row["uscc"], org_type=row["org_type"], level=level_for(division), authority_id=division.code,
                name=row["name"], legal_rep_name=row["legal_rep_name"], supervisor=row["supervisor"],
                domicile=row["domicile"], founded_on=row["founded_on"], registered_funds=row["registered_funds"],
                business_scope=row["business_scope"], phone=row["phone"], is_demo=True,
                status=rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0],
            ))
            if len(batch) == 5000:
                Organization.objects.bulk_create(batch)
                batch = []
        Organization.objects.bulk_create(batch)
    print(f"generated {count - have:,} organizations in {time.perf_counter() - started:.0f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_organization" if connection.vendor == "postgresql" else "ANALYZE")


def reset_and_seed_history(province: str, today: date, admin) -> None:
    """Remove this benchmark's earlier plans and draws, then record one earlier draw (six months ago) that took
    5 % of the province, so the exclusion of recently drawn organizations is exercised."""
    from django.db import transaction

    from registry.models import Organization
    from supervision.models import Draw, DrawTarget, Inspector, SpotCheckPlan, TargetInspector
    from supervision.spotchecks.services import candidates_queryset

    with transaction.atomic():
        TargetInspector.objects.all().delete()
        DrawTarget.objects.all().delete()
        Draw.objects.all().delete()
        SpotCheckPlan.objects.all().delete()
        if not Inspector.objects.filter(division_id=province).exists():
            Inspector.objects.bulk_create([Inspector(name=f"检查员{n:02d}", division_id=province) for n in range(20)])
        earlier = today - timedelta(days=182)
        plan = SpotCheckPlan.objects.create(authority_id=province, year=earlier.year, kind="periodic",
                                            title="上一轮抽查（基准测试）", rate=5,
                                            strata=[{"name": "general", "rate": "5.00", "source": "plan"}])
        ids = [row[0] for row in candidates_queryset(province, earlier, plan.strata, None, subtree=True)]
        chosen = random.Random(7).sample(ids, len(ids) // 20)
        draw = Draw.objects.create(plan=plan, seed="bench-history", drawn_on=earlier, algorithm_version="bench",
                                   algorithm_sha256="", python_version="", candidates=[], candidates_count=len(ids),
                                   candidates_sha256="", sizes=[], roster=[], conflicts=[], inspectors_per_target=2,
                                   roster_sha256="", result_sha256="", drawn_by=admin)
        DrawTarget.objects.bulk_create([DrawTarget(draw=draw, organization_id=org_id, stratum="general", position=n)
                                        for n, org_id in enumerate(chosen, 1)], batch_size=5000)
    print(f"history: an earlier draw of {len(chosen):,} of {len(ids):,} organizations in {province}'s subtree "
          f"({Organization.objects.filter(authority_id=province).count():,} registered by {province} itself)")


RAW_SQL = """
SELECT o.id, COALESCE(o.uscc, o.filing_number) AS code,
       CASE WHEN o.org_type = 'foundation' THEN 'type:foundation' ELSE 'general' END AS stratum
FROM registry_organization o
WHERE {where} AND o.status = 'active' AND o.founded_on <= %s
  AND o.id NOT IN (SELECT t.organization_id FROM supervision_drawtarget t
                   JOIN supervision_draw d ON d.id = t.draw_id WHERE d.drawn_on >= %s)
ORDER BY o.id
"""


def raw_selection(province: str, subtree: bool, day: date, since: date) -> list:
    from django.db import connection

    if subtree:
        where, params = "o.authority_id >= %s AND o.authority_id < %s", [province, str(int(province[:2]) + 1) + "0000"]
    else:
        where, params = "o.authority_id = %s", [province]
    with connection.cursor() as cursor:
        cursor.execute(RAW_SQL.format(where=where), [*params, day, since])
        return [list(row) for row in cursor.fetchall()]


def median_ms(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def run(province: str, repeat: int) -> list[tuple]:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from supervision.models import SpotCheckPlan
    from supervision.spotchecks import draw_algorithm, rules
    from supervision.spotchecks import services as spot

    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={
        "role": "admin", "is_superuser": True, "is_staff": True})
    day = date.today()
    reset_and_seed_history(province, day, admin)
    strata = [{"name": "type:foundation", "rate": "100.00", "source": "plan"},
              {"name": "general", "rate": "5.00", "source": "plan"}]
    since = rules.excluded_since(day, 12)
    rows = []
    for label, subtree in ((f"{province} own registrations", False), (f"{province} whole province", True)):
        def ours(subtree=subtree):
            return [[i, c or "", s] for i, c, s in spot.candidates_queryset(province, day, strata, since,
                                                                             subtree=subtree)]

        raw_selection(province, subtree, day, since)  # warm the cache for both
        ours()
        ours_ms, candidates = median_ms(ours, repeat)
        raw_ms, baseline = median_ms(lambda subtree=subtree: raw_selection(province, subtree, day, since), repeat)
        assert candidates == baseline, "socorg's selection and the raw-SQL baseline differ"
        everyone = spot.candidates_queryset(province, day, strata, None, subtree=subtree).count()
        counts: dict[str, int] = {}
        for row in candidates:
            counts[row[2]] = counts.get(row[2], 0) + 1
        sizes = rules.stratum_sizes(counts, [rules.Stratum(s["name"], Decimal(s["rate"]), "") for s in strata])

        def sample(candidates=candidates, sizes=sizes):
            rules.canonical_sha256(candidates)
            return draw_algorithm.draw_targets("bench-seed", candidates, sizes)

        draw_ms, targets = median_ms(sample, repeat)
        full_ms = None
        if not subtree:
            plan = SpotCheckPlan.objects.create(authority_id=province, year=day.year, kind="periodic",
                                                title="基准测试抽查", rate=5, strata=strata, exclude_months=12)

            class Rollback(Exception):
                pass

            def whole(plan=plan):
                try:
                    with transaction.atomic():
                        spot.run_draw(admin, plan, seed="bench-seed")
                        raise Rollback
                except Rollback:
                    pass

            full_ms, _ = median_ms(whole, repeat)
        rows.append((label, everyone, everyone - len(candidates), len(candidates), len(targets), ours_ms, raw_ms,
                     draw_ms, full_ms))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--province", default="440000", help="division code of the province (default 广东)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL")
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    if url:
        base, _, _name = url.rpartition("/")
        url = f"{base}/socorg_bench_draw"
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'socorg_bench_draw'").fetchone():
                conn.execute("CREATE DATABASE socorg_bench_draw")
    else:
        url = f"sqlite:///{var_dir / f'draw-{args.orgs}.sqlite3'}"
    _setup_django(url, var_dir)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    build(args.orgs, args.seed)
    rows = run(args.province, args.repeat)
    print(f"\nspot-check draw benchmark: {connection.vendor}, {args.orgs:,} organizations, median of {args.repeat} "
          f"runs; rates: general 5 %, foundations 100 %; leaving out those drawn in the last 12 months\n")
    print(f"{'candidates of':<30}{'active':>11}{'left out':>9}{'frozen':>8}{'drawn':>7}{'socorg select':>15}"
          f"{'raw SQL':>10}{'draw+hash':>11}{'run_draw':>10}")
    for label, everyone, left_out, frozen, drawn, ours_ms, raw_ms, draw_ms, full_ms in rows:
        full = f"{full_ms:>8.0f}ms" if full_ms is not None else f"{'—':>10}"
        print(f"{label:<30}{everyone:>11,}{left_out:>9,}{frozen:>8,}{drawn:>7,}{ours_ms:>13.1f}ms{raw_ms:>8.1f}ms"
              f"{draw_ms:>9.1f}ms{full}")
    print("\nsocorg select: services_spotchecks.candidates_queryset (ORM, one query); raw SQL: the same selection "
          "written by hand; draw+hash: SHA-256 of the frozen list and the seeded sample; run_draw: the whole "
          "service in one transaction (rolled back), including writes and the audit event.")


if __name__ == "__main__":
    main()
