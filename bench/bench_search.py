"""Public-search benchmark at national scale.

    python -m bench.bench_search --orgs 1000000            # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_search --orgs 1000000

Builds (or reuses) a register of N generated organizations in a dedicated benchmark database, builds the
search index, then runs a fixed query set: 1-, 2- and 4-character Chinese, full pinyin, pinyin initials and
USCC prefixes. Each query is answered twice in the same run, by socorg's search (registry.search.search_ids)
and by the naive way — one ranked ``LIKE '%q%'`` scan over the organization table giving the same ranking
(exact, then prefix, then substring) — and the table prints p50/p95 per category and the speed-up.
Optionally (--http) it also serves the API with gunicorn and measures requests/s of GET
/api/v1/organizations/?q= with 16 concurrent clients on loopback.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {
    "1 char": ["会", "慈", "京", "养", "善", "体", "医", "馨"],
    "2 chars": ["协会", "慈善", "养老", "教育", "书画", "围棋", "足球", "康复", "东城", "扶贫"],
    "4 chars": ["慈善协会", "养老服务", "教育基金", "书画艺术", "法律服务", "环境保护", "乡村振兴", "心理健康"],
    "pinyin full": ["beijingshi", "cishan", "hebeisheng", "shanghaishi", "guangdongsheng"],
    "pinyin initials": ["bjs", "bjscs", "hbs", "gds", "scs"],
    "pinyin inside": ["kangfu", "cishan", "xiehui", "yanglaofuwu", "shuhua", "kangf"],
    "initials inside": ["kfxh", "csxh", "ylfw", "shys", "cjr"],
    "several words": ["北京 康复", "慈善 协会", "广东 养老", "教育 基金会", "beijing kangfu"],
    "USCC prefix": ["5111", "521101", "53100000", "5133", "5244"],
}


def _setup_django(database_url: str | None, var_dir: Path):
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ["SOCORG_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _authorities():
    """Current divisions weighted like the real register: few national, many county registrations."""
    from divisions.models import Division

    divisions = list(Division.objects.in_use().values_list("code", "name", "level", "province_name",
                                                          "prefecture_name"))
    pool = []
    for code, name, level, province, prefecture in divisions:
        full = name if level in ("national", "provincial") else (
            province + ("" if prefecture in ("", "直辖") or level == "city" else prefecture) + name)
        weight = {"national": 2000, "provincial": 30, "city": 9, "county": 2}[level]
        pool += [(code, "中华人民共和国" if level == "national" else full, level)] * weight
    return pool


def reindex():
    from django.db import connection, transaction

    from registry.search import index_organizations

    started = time.perf_counter()
    with transaction.atomic():
        count = index_organizations()
    print(f"indexed {count} organizations in {time.perf_counter() - started:.0f}s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_searchentry" if connection.vendor == "postgresql" else "ANALYZE")


def build(count: int, seed: int):
    from django.db import connection, transaction

    from registry.demo import generate_rows
    from registry.models import Organization
    from registry.search import index_organizations
    from registry.validation import level_for

    have = Organization.objects.count()
    if have >= count:
        print(f"reusing {have} organizations")
        return
    from divisions.models import Division

    divisions = {d.code: d for d in Division.objects.all()}
    pool = _authorities()
    started = time.perf_counter()
    batch = []
    with transaction.atomic():
        for row in generate_rows(seed, count - have, pool, start_index=have):
            division = divisions[row["authority"]]
            batch.append(Organization(
                uscc=row["uscc"], org_type=row["org_type"], level=level_for(division), authority_id=division.code,
                name=row["name"], legal_rep_name=row["legal_rep_name"], supervisor=row["supervisor"],
                domicile=row["domicile"], founded_on=row["founded_on"], registered_funds=row["registered_funds"],
                business_scope=row["business_scope"], phone=row["phone"],
                status=random.Random(row["uscc"]).choices(["active", "deregistered", "revoked"], [90, 8, 2])[0],
            ))
            if len(batch) == 5000:
                Organization.objects.bulk_create(batch)
                batch = []
        Organization.objects.bulk_create(batch)
    print(f"generated {count - have} organizations in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    with transaction.atomic():
        index_organizations()
    print(f"indexed in {time.perf_counter() - started:.0f}s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registry_searchentry") if not connection.in_atomic_block else None
            cursor.execute("ANALYZE registry_organization")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def naive(q: str, limit: int = 20) -> list[int]:
    """The naive way: one ranked LIKE scan over the organization table (same ranking as socorg). Pinyin and
    initials have no column there: the naive way scans the pinyin and initials of the search table; several
    words are one LIKE per word."""
    from django.db import connection

    if " " in q:
        words = q.split()
        column = "pinyin" if words[0].isascii() else "name"
        table = "registry_searchentry" if column == "pinyin" else "registry_organization"
        key = "organization_id" if column == "pinyin" else "id"
        sql = (f"SELECT {key} FROM {table} WHERE " + " AND ".join(f"{column} LIKE %s" for _ in words)
               + f" ORDER BY {key} LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"%{w}%" for w in words] + [limit])
            return [r[0] for r in cursor.fetchall()]
    if q.isascii() and q.isalpha():
        sql = ("SELECT organization_id FROM registry_searchentry WHERE pinyin LIKE %s OR initials LIKE %s "
               "ORDER BY CASE WHEN pinyin LIKE %s OR initials LIKE %s THEN 0 ELSE 1 END, organization_id LIMIT %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [f"%{q}%", f"%{q}%", f"{q}%", f"{q}%", limit])
            return [r[0] for r in cursor.fetchall()]
    sql = ("SELECT id FROM registry_organization WHERE name LIKE %s OR uscc LIKE %s "
           "ORDER BY CASE WHEN name = %s THEN 0 WHEN name LIKE %s THEN 1 ELSE 2 END, id LIMIT %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"%{q}%", f"{q}%", q, f"{q}%", limit])
        return [r[0] for r in cursor.fetchall()]


def timed(fn, *args, repeat: int = 5) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run_queries(repeat: int):
    from registry.search import search_ids

    rows = []
    all_ours, all_naive = [], []
    for category, queries in QUERIES.items():
        ours, base = [], []
        for q in queries:
            search_ids(q)  # warm
            ours += timed(search_ids, q, repeat=repeat)
            base += timed(naive, q, repeat=max(1, repeat // 5))
        all_ours += ours
        all_naive += base
        rows.append((category, len(queries), pct(ours, 50), pct(ours, 95), pct(base, 50), pct(base, 95)))
    rows.append(("all", sum(len(v) for v in QUERIES.values()), pct(all_ours, 50), pct(all_ours, 95),
                 pct(all_naive, 50), pct(all_naive, 95)))
    return rows


def http_bench(seconds: float, clients: int) -> tuple[float, float]:
    """Requests/s and p95 ms of the search endpoint under gunicorn with ``clients`` concurrent clients."""
    import http.client
    import subprocess
    import threading
    from urllib.parse import quote

    port = 8765
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "socorg.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "4",
         "--threads", "4", "--log-level", "warning"], cwd=ROOT,
        env={**os.environ, "SOCORG_THROTTLE_ANON": "off"})  # measure search, not the anonymous rate limit
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/api/v1/divisions/")
                break
            except OSError:
                time.sleep(0.2)
        queries = [q for qs in QUERIES.values() for q in qs]
        latencies: list[float] = []
        errors = [0]
        stop = time.perf_counter() + seconds
        lock = threading.Lock()

        def client(n):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            i = n
            while time.perf_counter() < stop:
                q = queries[i % len(queries)]
                i += 1
                t = time.perf_counter()
                conn.request("GET", f"/api/v1/organizations/?q={quote(q)}")
                response = conn.getresponse()
                response.read()
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    if response.status != 200:
                        errors[0] += 1

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        if errors[0]:
            print(f"warning: {errors[0]} non-200 responses")
        return len(latencies) / elapsed, pct(latencies, 95)
    finally:
        server.terminate()
        server.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reindex", action="store_true", help="rebuild the search index of a reused register")
    parser.add_argument("--http", action="store_true", help="also measure the HTTP endpoint (16 clients)")
    parser.add_argument("--http-seconds", type=float, default=20)
    parser.add_argument("--http-only", action="store_true", help="only the HTTP measurement (a built register)")
    args = parser.parse_args(argv)

    url = os.environ.get("DATABASE_URL")
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    if url:
        base, _, _name = url.rpartition("/")
        url = f"{base}/socorg_bench_search"
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'socorg_bench_search'").fetchone():
                conn.execute("CREATE DATABASE socorg_bench_search")
    else:
        os.environ["SOCORG_BENCH_SQLITE"] = "1"
        url = f"sqlite:///{var_dir / f'search-{args.orgs}.sqlite3'}"
    _setup_django(url, var_dir)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    build(args.orgs, args.seed)
    if args.reindex:
        reindex()
    if args.http_only:
        rps, p95 = http_bench(args.http_seconds, 16)
        print(f"HTTP GET /api/v1/organizations/?q= with 16 concurrent clients ({connection.vendor}, {args.orgs:,} "
              f"organizations): {rps:.0f} requests/s, p95 {p95:.1f} ms")
        return
    print(f"\nsearch benchmark: {connection.vendor}, {args.orgs:,} organizations, {args.repeat} runs per query\n")
    rows = run_queries(args.repeat)
    print(f"{'queries':<16}{'n':>3} {'socorg p50':>11} {'p95':>8} {'naive p50':>11} {'p95':>9} {'speed-up p50':>13}")
    for category, n, p50, p95, b50, b95 in rows:
        print(f"{category:<16}{n:>3} {p50:>9.2f}ms {p95:>6.2f}ms {b50:>9.1f}ms {b95:>7.1f}ms {b50 / p50:>12.0f}x")
    if args.http:
        rps, p95 = http_bench(args.http_seconds, 16)
        print(f"\nHTTP GET /api/v1/organizations/?q= with 16 concurrent clients: {rps:.0f} requests/s, p95 {p95:.1f} ms")


if __name__ == "__main__":
    main()
