"""Charity ledger benchmark: donation postings at national scale, per-plan and per-project totals and the project
page beside raw SQL, and the import of a platform settlement file beside a raw insert of the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_charity --postings 10000000
    python -m bench.bench_charity --postings 200000 --import-rows 2000      # SQLite file under var/bench/

Self-contained: a dedicated database (PostgreSQL ``socorg_bench_charity``, or a SQLite file), migrated and filled
set-based (``INSERT … SELECT`` from ``generate_series``): 200 organizations, 400 filed plans, 1,000 projects, and
``--postings`` ledger postings shaped as the services write them — 90 % as donations (a receipt donor → receiving
account and its allocation receiving account → the plan's fund: two transactions, four postings) and 10 % as
disbursements from a plan's fund to an institution for a project (one transaction, two postings). A rerun with the
same size reuses the data.

Timed, over ``--repeat`` runs each (p50 / p95):

* **plan totals**: ``charity.ledger.plan_totals`` (received, disbursed, held, moved to projects) beside one raw SQL
  query giving the same sums (checked equal);
* **project totals**: ``charity.projects.disbursed`` beside raw SQL (checked equal);
* **project page**: ``GET /charity/projects/<pk>/`` through Django's test client (the whole view and template);
* **import**: a settlement CSV of ``--import-rows`` rows imported by ``charity.imports.import_receipts`` in a forked
  child (wall time and the child's peak RSS from ``os.wait4``), beside a raw ``COPY`` (PostgreSQL) or
  ``executemany`` (SQLite) of the same rows into a plain table in another child. Not a test.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.bench_credit_sweep import Dialect, database, h, setup_django

BENCH_DB = "socorg_bench_charity"
ORGS, PLANS, PROJECTS, INSTITUTIONS, DONORS = 200, 400, 1000, 1000, 200_000
START = date(2025, 1, 1)


def timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return result, statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def build(postings: int, seed: int) -> None:
    from django.db import connection, transaction

    import bench.bench_credit_sweep as credit_bench
    from charity.models import LedgerAccount, Posting
    from registry.models import Organization

    if Posting.objects.count() == postings and Organization.objects.count() == ORGS:
        print(f"reusing {postings:,} postings")
        return
    credit_bench.build(ORGS, 0, seed)
    d = Dialect(connection.vendor)
    started = time.perf_counter()
    donations = postings * 9 // 10 // 4
    disbursements = (postings - donations * 4) // 2
    first = Organization.objects.order_by("id").values_list("id", flat=True).first()
    now = "CURRENT_TIMESTAMP"
    false = "FALSE" if d.pg else "0"
    day = lambda expr: d.add_days(d.literal_date(START), expr)  # noqa: E731
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("charity_posting", "charity_ledgertransaction", "charity_ledgeraccount",
                      "charity_projectdisclosure", "charity_charityproject", "charity_planversion",
                      "charity_fundraisingplan", "charity_charitysequence", "charity_importbatch"):
            cursor.execute(f"DELETE FROM {table}")
        org_of_plan = f"({first} + (n.i - 1) % {ORGS})"
        cursor.execute(
            "INSERT INTO charity_fundraisingplan (id, organization_id, filing_number, emergency, filed_on, "
            "current_number, starts_on, ends_on, title, created_at) "
            f"SELECT n.i, {org_of_plan}, 'BENCH-PLAN-' || {d.text('n.i')}, {false}, {d.literal_date(START)}, 1, "
            f"{d.literal_date(START)}, {d.literal_date(date(2026, 12, 31))}, '基准募捐方案' || {d.text('n.i')}, {now} "
            f"FROM {d.numbers(PLANS)}")
        cursor.execute(
            "INSERT INTO charity_planversion (plan_id, number, filed_on, purpose, starts_on, ends_on, area, "
            "person_in_charge, office_address, receiving_accounts, online_platform, on_site, beneficiaries, "
            "use_of_funds, fundraising_cost, residual_property, amendment_reason, recorded_at) "
            f"SELECT id, 1, filed_on, title, starts_on, ends_on, '全国', '基准', '北京市', "
            f"'[]'{'::jsonb' if d.pg else ''}, '', {false}, '困难群众', '助学', '不列支', '转入同类项目', '', "
            f"{now} FROM charity_fundraisingplan")
        plan_of_project = f"(1 + (n.i - 1) % {PLANS})"
        cursor.execute(
            "INSERT INTO charity_charityproject (id, organization_id, public_id, name, category, starts_on, ends_on, "
            "budget, funding_sources, plan_id, description, created_at) "
            f"SELECT n.i, {first} + ({plan_of_project} - 1) % {ORGS}, 'BENCH-PROJ-' || {d.text('n.i')}, "
            f"'基准慈善项目' || {d.text('n.i')}, 'education', {d.literal_date(START)}, "
            f"{d.literal_date(date(2026, 6, 30))}, 10000000, '公开募捐', {plan_of_project}, '', {now} "
            f"FROM {d.numbers(PROJECTS)}")
        # accounts: receiving (one per organization), plan funds, institutions, donors (explicit ids)
        fund0, inst0, donor0 = ORGS, ORGS + PLANS, ORGS + PLANS + INSTITUTIONS
        for base, count, kind, party, name, org, plan in (
                (0, ORGS, "receiving", "organization", "'bank'", f"{first} + n.i - 1", "NULL"),
                (fund0, PLANS, "restricted", "organization", "'BENCH-PLAN-' || " + d.text("n.i"),
                 f"{first} + (n.i - 1) % {ORGS}", "n.i"),
                (inst0, INSTITUTIONS, "institution", "organization", "'基准敬老院' || " + d.text("n.i"),
                 f"{first} + (n.i - 1) % {ORGS}", "NULL"),
                (donor0, DONORS, "donor", "anonymous", "'匿名'", f"{first} + (n.i - 1) % {ORGS}", "NULL")):
            cursor.execute(
                "INSERT INTO charity_ledgeraccount (id, organization_id, public_id, kind, party_kind, name, uscc, "
                f"person_hash, plan_id, created_at) SELECT {base} + n.i, {org}, 'BENCH-A-' || {d.text(f'{base} + n.i')}, "
                f"'{kind}', '{party}', {name}, '', '', {plan}, {now} FROM {d.numbers(count)}")
        # donations k = 1 … D: receipt id 2k-1, allocation id 2k; plan p, amount in fen
        plan_k = f"(1 + {h('n.i', 11)} % {PLANS})"
        amount = f"((1 + {h('n.i', 12)} % 100000) / 100.0)"
        txn_cols = ("id, organization_id, public_id, kind, plan_id, occurred_on, channel, external_id, fingerprint, "
                    "goods, unit, valuation_basis, memo, reason, project_id, recorded_at")
        for offset, kind, channel in ((-1, "receipt", "platform"), (0, "allocation", "")):
            external = "'BENCH-X-' || " + d.text("n.i") if kind == "receipt" else "''"
            cursor.execute(
                f"INSERT INTO charity_ledgertransaction ({txn_cols}) SELECT 2 * n.i + ({offset}), "
                f"{first} + ({plan_k} - 1) % {ORGS}, 'BENCH-T-' || {d.text(f'2 * n.i + ({offset})')}, '{kind}', "
                f"{plan_k}, {day(h('n.i', 13) + ' % 700')}, '{channel}', "
                f"{external}, "
                f"'', '', '', '', '', '', NULL, {now} FROM {d.numbers(donations)}")
        receiving = f"(({first} + ({plan_k} - 1) % {ORGS}) - {first} + 1)"
        for txn, acct, sign in (("2 * n.i - 1", f"{donor0} + 1 + {h('n.i', 14)} % {DONORS}", "-"),
                                ("2 * n.i - 1", receiving, ""), ("2 * n.i", receiving, "-"),
                                ("2 * n.i", f"{fund0} + {plan_k}", "")):
            cursor.execute(f"INSERT INTO charity_posting (transaction_id, account_id, amount) "
                           f"SELECT {txn}, {acct}, {sign}{amount} FROM {d.numbers(donations)}")
        # disbursements j = 1 … M: id 2D + j, project q, its plan, an institution
        project_j = f"(1 + {h('n.i', 15)} % {PROJECTS})"
        plan_j = f"(1 + ({project_j} - 1) % {PLANS})"
        small = f"((1 + {h('n.i', 16)} % 20000) / 100.0)"
        cursor.execute(
            f"INSERT INTO charity_ledgertransaction ({txn_cols}) SELECT {2 * donations} + n.i, "
            f"{first} + ({plan_j} - 1) % {ORGS}, 'BENCH-T-' || {d.text(f'{2 * donations} + n.i')}, 'disbursement', "
            f"{plan_j}, {day(h('n.i', 17) + ' % 700')}, '', '', '', '', '', '', '购置物资', '', {project_j}, {now} "
            f"FROM {d.numbers(disbursements)}")
        for acct, sign in ((f"{fund0} + {plan_j}", "-"), (f"{inst0} + 1 + {h('n.i', 18)} % {INSTITUTIONS}", "")):
            cursor.execute(f"INSERT INTO charity_posting (transaction_id, account_id, amount) "
                           f"SELECT {2 * donations} + n.i, {acct}, {sign}{small} FROM {d.numbers(disbursements)}")
        if d.pg:
            for table in ("charity_fundraisingplan", "charity_charityproject", "charity_ledgeraccount",
                          "charity_ledgertransaction"):
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {Posting.objects.count():,} postings ({donations:,} donations, {disbursements:,} "
          f"disbursements), {LedgerAccount.objects.count():,} accounts in {time.perf_counter() - started:.0f}s")


def raw_plan_totals(plan_id: int):
    from django.db import connection

    sql = ("SELECT COALESCE(-SUM(CASE WHEN a.kind = 'donor' THEN p.amount END), 0), "
           "COALESCE(SUM(CASE WHEN a.kind IN ('beneficiary', 'institution') THEN p.amount END), 0), "
           "COALESCE(SUM(CASE WHEN a.kind = 'restricted' AND a.plan_id = %s THEN p.amount END), 0), "
           "COALESCE(SUM(CASE WHEN a.kind = 'project_fund' THEN p.amount END), 0) "
           "FROM charity_posting p JOIN charity_ledgertransaction t ON t.id = p.transaction_id "
           "JOIN charity_ledgeraccount a ON a.id = p.account_id WHERE t.plan_id = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [plan_id, plan_id])
        return cursor.fetchone()


def raw_project_spent(project_id: int):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(SUM(p.amount), 0) FROM charity_posting p JOIN charity_ledgertransaction t "
                       "ON t.id = p.transaction_id JOIN charity_ledgeraccount a ON a.id = p.account_id "
                       "WHERE t.project_id = %s AND a.kind IN ('beneficiary', 'institution')", [project_id])
        return cursor.fetchone()[0]


def _child(fn) -> tuple[float, float, int]:
    """Run ``fn`` in a forked child: (wall seconds, child CPU seconds, peak RSS in MB)."""
    from django.db import connections

    connections.close_all()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            fn()
        except BaseException as exc:  # noqa: BLE001
            print(f"child failed: {exc!r}"[:2000])
            code = 1
        finally:
            os._exit(code)
    _pid, status, usage = os.wait4(pid, 0)
    if status != 0:
        raise SystemExit(f"child exited with {status}")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def import_bench(rows: int, seed: int) -> None:
    from django.db import connection

    from accounts.models import User
    from charity.imports import import_receipts
    from charity.models import FundraisingPlan

    plan = FundraisingPlan.objects.select_related("organization").order_by("id").first()
    user, _ = User.objects.get_or_create(username="bench-charity-org", defaults={
        "role": "organization", "organization_id_bound": plan.organization_id})
    rng = random.Random(seed)
    run = int(time.time())
    path = Path(tempfile.mkdtemp()) / "settlement.csv"
    with path.open("w", newline="", encoding="utf-8-sig") as out:
        w = csv.writer(out)
        w.writerow(["交易号", "日期", "金额", "捐赠人", "统一社会信用代码"])
        for i in range(rows):
            w.writerow([f"S{run}-{i}", date(2025, 6, 1 + i % 28).isoformat(), f"{rng.randint(1, 100000) / 100:.2f}",
                        "", ""])
    vendor = connection.vendor

    def raw():
        from django.db import connection as c

        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            next(reader)
            data = list(reader)
        with c.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_charity_raw")
            cursor.execute("CREATE TABLE bench_charity_raw (tid TEXT, day TEXT, amount TEXT, donor TEXT, uscc TEXT)")
            if vendor == "postgresql":
                with cursor.cursor.copy("COPY bench_charity_raw FROM STDIN") as copy:
                    for r in data:
                        copy.write_row(r)
            else:
                cursor.executemany("INSERT INTO bench_charity_raw VALUES (%s, %s, %s, %s, %s)", data)

    def socorg():
        summary = import_receipts(user, plan, path, channel="platform")
        print(f"  import: {summary.rows:,} rows, {summary.created:,} created")

    raw_wall, raw_cpu, raw_rss = _child(raw)
    wall, cpu, rss = _child(socorg)
    print(f"import {rows:,} rows: socorg {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss} MB "
          f"({rows / wall:,.0f} rows/s) | raw {'COPY' if vendor == 'postgresql' else 'executemany'} {raw_wall:.2f} s "
          f"wall, {raw_cpu:.2f} s CPU, RSS {raw_rss} MB | ratio {wall / raw_wall:.0f}x")
    path.unlink()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-import", action="store_true")
    args = parser.parse_args(argv)
    import bench.bench_credit_sweep as credit_bench

    credit_bench.BENCH_DB = BENCH_DB
    url = database(args.postings, 0).replace("credit-", "charity-")
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from charity import ledger, projects
    from charity.models import CharityProject, FundraisingPlan

    call_command("migrate", verbosity=0)
    build(args.postings, args.seed)
    print(f"{connection.vendor}, {args.postings:,} postings; maxrss so far "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
    rng = random.Random(args.seed)
    plan_ids = list(FundraisingPlan.objects.values_list("id", flat=True))
    project_ids = list(CharityProject.objects.values_list("id", flat=True))
    sample_plans = [rng.choice(plan_ids) for _ in range(args.repeat)]
    sample_projects = [rng.choice(project_ids) for _ in range(args.repeat)]
    # equal figures first
    for pid in sample_plans[:5]:
        t = ledger.plan_totals(FundraisingPlan.objects.get(pk=pid))
        r = raw_plan_totals(pid)
        mine = (t["received"], t["disbursed"], t["held"], t["in_projects"])
        assert all(abs(float(a) - float(b)) < 0.005 for a, b in zip(mine, r, strict=True)), (mine, r)
    plans_iter, raw_iter = iter(sample_plans * 2), iter(sample_plans * 2)
    _, s50, s95 = timed(lambda: ledger.plan_totals(FundraisingPlan.objects.get(pk=next(plans_iter))), args.repeat)
    _, r50, r95 = timed(lambda: raw_plan_totals(next(raw_iter)), args.repeat)
    print(f"{'measure':<22}{'socorg p50':>12}{'p95':>10}{'raw SQL p50':>13}{'p95':>10}{'ratio p95':>11}")
    print(f"{'plan totals':<22}{s50:>10.1f}ms{s95:>8.1f}ms{r50:>11.1f}ms{r95:>8.1f}ms{s95 / r95:>10.2f}x")
    for pid in sample_projects[:5]:
        assert abs(float(projects.disbursed(CharityProject.objects.get(pk=pid))) - float(raw_project_spent(pid))) < 0.005
    proj_iter, rawp_iter = iter(sample_projects * 2), iter(sample_projects * 2)
    _, s50, s95 = timed(lambda: projects.disbursed(CharityProject.objects.get(pk=next(proj_iter))), args.repeat)
    _, r50, r95 = timed(lambda: raw_project_spent(next(rawp_iter)), args.repeat)
    print(f"{'project totals':<22}{s50:>10.1f}ms{s95:>8.1f}ms{r50:>11.1f}ms{r95:>8.1f}ms{s95 / r95:>10.2f}x")
    client = Client()
    page_iter = iter(sample_projects * 2)

    def page():
        response = client.get(reverse("charity:project", kwargs={"pk": next(page_iter)}))
        assert response.status_code == 200
        return len(response.content)

    size, p50, p95 = timed(page, args.repeat)
    rows = CharityProject.objects.get(pk=sample_projects[-1]).ledger_transactions.count()
    print(f"{'project page':<22}{p50:>10.1f}ms{p95:>8.1f}ms   (about {rows:,} disbursements per project, "
          f"{size:,} bytes)")
    if not args.skip_import:
        import_bench(args.import_rows, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
