"""Matching benchmark: every open demand against the resource list, top 10 per demand, three ways in one run.

    python -m bench.bench_exchange                                   # quick: 10,000 resources x 10,000 demands
    python -m bench.bench_exchange --resources 100000 --demands 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_exchange --resources 100000 ...

Self-contained: a dedicated benchmark database (a SQLite file under var/bench/, or the PostgreSQL database
``socorg_bench_exchange``), migrated, filled with ``bulk_create``: 1,000 organizations; resources over the real
current GB/T 2260 divisions (80 % county, 15 % city, 5 % province areas), 11 fields, 5 kinds, sizes 1,000-100,000,
periods in 2025-2026; demands in counties. A rerun with the same sizes reuses it.

* **socorg set-based**: ``exchange.services.match_all`` — one query for the open demands, one candidate query
  per (field, province), candidates scored in memory per demand (``rules.fast_score``), top 10 by heap;
* **raw SQL**: one statement — the join of demands and resources on field and province, the score computed in
  SQL, ``ROW_NUMBER() OVER (PARTITION BY demand ORDER BY score DESC, resource)`` <= 10;
* **naive loop**: for a sample of demands, every resource scored in Python (the double loop), extrapolated to all
  demands.

The three answers are compared (top-10 resource ids per demand) on the sampled demands. Prints wall times and
ratios. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import heapq
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "socorg_bench_exchange"
FIELDS = ("elderly", "children", "education", "health", "employment", "disability", "rural", "community",
          "culture", "environment", "workers")
KINDS = ("funds", "goods", "services", "venues", "expertise")
BASE = date(2025, 1, 1)


def database(resources: int, demands: int) -> str:
    url = os.environ.get("DATABASE_URL")
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    if not url:
        return f"sqlite:///{var_dir / f'exchange-{resources}-{demands}.sqlite3'}"
    base, _, _name = url.rpartition("/")
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return f"{base}/{BENCH_DB}"


def divisions() -> tuple[list[str], list[str], list[str]]:
    counties, cities, provinces = [], [], []
    with open(ROOT / "divisions" / "data" / "divisions.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            if row["状态"] != "在用":
                continue
            {"县级": counties, "地级": cities, "省级": provinces}.get(row["级别"], []).append(row["代码"])
    return counties, cities, provinces


def build(resources: int, demands: int, seed: int) -> None:
    from django.db import transaction

    from exchange.models import Demand, Resource
    from registry.models import Organization

    if Resource.objects.count() == resources and Demand.objects.count() == demands:
        print(f"reusing {resources:,} resources and {demands:,} demands")
        return
    started = time.perf_counter()
    rng = random.Random(seed)
    counties, cities, provinces = divisions()
    with transaction.atomic():
        Resource.objects.all()._raw_delete(Resource.objects.db)
        Demand.objects.all()._raw_delete(Demand.objects.db)
        Organization.objects.all()._raw_delete(Organization.objects.db)
        orgs = Organization.objects.bulk_create([
            Organization(name=f"基准组织{i}", org_type="community_org", filing_number=f"BENCH{i:06d}", level="county",
                         authority_id=rng.choice(counties),
                         founded_on=date(2010, 1, 1), status="active") for i in range(1000)])

        def period():
            start = BASE + timedelta(days=rng.randrange(0, 500))
            return start, start + timedelta(days=rng.randrange(30, 240))

        batch = []
        for i in range(resources):
            roll = rng.random()
            area = rng.choice(counties if roll < 0.8 else cities if roll < 0.95 else provinces)
            a, b = period()
            batch.append(Resource(public_id=f"R{i:08d}", organization=orgs[i % len(orgs)], kind=rng.choice(KINDS),
                                  field=rng.choice(FIELDS), title="资源", area_id=area,
                                  amount=rng.randrange(1000, 100001), available_from=a, available_to=b,
                                  published_on=BASE))
        Resource.objects.bulk_create(batch, batch_size=5000)
        batch = []
        for i in range(demands):
            a, b = period()
            batch.append(Demand(public_id=f"D{i:08d}", publisher_kind="community", publisher_name="社区",
                                kind=rng.choice(KINDS), field=rng.choice(FIELDS), title="需求",
                                area_id=rng.choice(counties), amount=rng.randrange(1000, 100001), needed_from=a,
                                needed_to=b, published_on=BASE))
        Demand.objects.bulk_create(batch, batch_size=5000)
    print(f"built {resources:,} resources and {demands:,} demands in {time.perf_counter() - started:.1f} s")


def raw_sql(limit: int) -> dict[int, list[int]]:
    """One statement. Division depth and the lowest common ancestor from the codes' shape and the division table
    (a county directly under a province-level city, as Beijing's, has depth 2)."""
    from django.db import connection

    pg = connection.vendor == "postgresql"
    days = ("(d.needed_to - d.needed_from + 1)" if pg else "(julianday(d.needed_to) - julianday(d.needed_from) + 1)")
    overlap = ("(LEAST(d.needed_to, r.available_to) - GREATEST(d.needed_from, r.available_from) + 1)" if pg else
               "(julianday(MIN(d.needed_to, r.available_to)) - julianday(MAX(d.needed_from, r.available_from)) + 1)")
    least, greatest = ("LEAST", "GREATEST") if pg else ("MIN", "MAX")
    city = ("CASE WHEN {a} LIKE '%%0000' THEN NULL WHEN {a} LIKE '%%00' THEN {a} "
            "WHEN EXISTS (SELECT 1 FROM divisions_division x WHERE x.code = SUBSTR({a}, 1, 4) || '00') "
            "THEN SUBSTR({a}, 1, 4) || '00' ELSE NULL END")
    depth = "CASE WHEN {a} LIKE '%%0000' THEN 1 WHEN {c} IS NULL OR {c} = {a} THEN 2 ELSE 3 END"
    sql = f"""
    WITH dem AS (SELECT id, field, kind, area_id, amount, needed_from, needed_to, {city.format(a='area_id')} AS city
                 FROM exchange_demand WHERE closed_on IS NULL),
         dem2 AS (SELECT *, {depth.format(a='area_id', c='city')} AS depth FROM dem),
         res AS (SELECT id, field, kind, area_id, amount, available_from, available_to,
                        {city.format(a='area_id')} AS city FROM exchange_resource WHERE withdrawn_on IS NULL),
         res2 AS (SELECT *, {depth.format(a='area_id', c='city')} AS depth FROM res),
         pairs AS (
           SELECT d.id AS demand, r.id AS resource,
             30 + CASE WHEN d.kind = r.kind THEN 10 ELSE 0 END
             + {greatest}(0, 30 - 5 * (d.depth + r.depth - 2 * CASE WHEN d.area_id = r.area_id THEN d.depth
                   WHEN d.city IS NOT NULL AND d.city = r.city THEN 2
                   WHEN SUBSTR(d.area_id, 1, 2) = SUBSTR(r.area_id, 1, 2) THEN 1 ELSE 0 END))
             + 20.0 * {least}(1.0, CAST(r.amount AS REAL) / CAST(d.amount AS REAL))
             + 10.0 * {greatest}(0, {overlap}) / {days} AS score
           FROM dem2 d JOIN res2 r ON r.field = d.field AND r.area_id >= SUBSTR(d.area_id, 1, 2) || '0000'
             AND r.area_id < SUBSTR(d.area_id, 1, 2) || '9999' AND r.available_to >= d.needed_from),
         ranked AS (SELECT demand, resource, ROW_NUMBER() OVER (PARTITION BY demand ORDER BY score DESC, resource)
                    AS n FROM pairs)
    SELECT demand, resource FROM ranked WHERE n <= {limit} ORDER BY demand, n"""
    if pg:
        sql = sql.replace("CAST(r.amount AS REAL)", "r.amount::float8").replace("CAST(d.amount AS REAL)",
                                                                                "d.amount::float8")
    out: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for demand, resource in cursor.fetchall():
            out.setdefault(demand, []).append(resource)
    return out


def naive(sample: list[int], limit: int) -> dict[int, list[int]]:
    """The double loop: every resource scored for each demand of the sample (same score, no candidate query)."""
    from exchange import rules, services
    from exchange.models import Demand, Resource

    known = services.known_divisions()
    resources = list(Resource.objects.values_list("pk", "field", "kind", "area_id", "amount", "available_from",
                                                  "available_to"))
    out = {}
    for demand in Demand.objects.filter(pk__in=sample):
        low, high = rules.province_range(demand.area_id)
        above = rules.ancestors(demand.area_id)
        scored = []
        for pk, field, kind, area, amount, a, b in resources:
            if field != demand.field or b < demand.needed_from or not (low <= area < high or area in above):
                continue
            steps = rules.distance(demand.area_id, area, known)[0]
            score = rules.fast_score(kind == demand.kind, steps, float(demand.amount), float(amount),
                                     demand.needed_from.toordinal(), demand.needed_to.toordinal(), a.toordinal(),
                                     b.toordinal())
            scored.append((-score, pk))
        out[demand.pk] = [pk for _s, pk in heapq.nsmallest(limit, scored)]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_exchange", description=__doc__.split("\n")[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--demands", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200, help="demands the naive loop scores (extrapolated)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    url = database(args.resources, args.demands)
    from bench.bench_credit_sweep import setup_django

    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    build(args.resources, args.demands, args.seed)
    from exchange import services
    from exchange.models import Demand

    print(f"database: {connection.vendor}; {args.resources:,} resources x {args.demands:,} demands, top 10")
    started = time.perf_counter()
    ours = services.match_all(limit=10, on=date(2025, 1, 1))
    t_ours = time.perf_counter() - started
    started = time.perf_counter()
    theirs = raw_sql(10)
    t_raw = time.perf_counter() - started
    sample = sorted(random.Random(args.seed).sample(list(Demand.objects.values_list("pk", flat=True)),
                                                    min(args.sample, args.demands)))
    started = time.perf_counter()
    loop = naive(sample, 10)
    t_loop = (time.perf_counter() - started) * args.demands / len(sample)
    same_raw = sum(1 for pk in sample if [p for _s, p in ours.get(pk, [])] == theirs.get(pk, []))
    same_loop = sum(1 for pk in sample if [p for _s, p in ours.get(pk, [])] == loop.get(pk, []))
    pairs = sum(len(v) for v in ours.values())
    print(f"{'method':<22}{'wall s':>10}{'x socorg':>10}")
    for name, seconds in (("socorg set-based", t_ours), ("raw SQL (one query)", t_raw),
                          ("naive loop (extrap.)", t_loop)):
        print(f"{name:<22}{seconds:>10.1f}{seconds / t_ours:>10.2f}")
    print(f"{pairs:,} matches; top 10 equal on {same_raw}/{len(sample)} sampled demands (raw SQL), "
          f"{same_loop}/{len(sample)} (naive loop)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
