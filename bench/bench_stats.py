"""Statistics benchmark: dashboard queries at national scale, beside raw SQL and a per-organization loop.

    python -m bench.bench_stats                                    # quick: 50,000 organizations
    python -m bench.bench_stats --orgs 1000000                     # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_stats --orgs 1000000

Self-contained: a dedicated benchmark database (SQLite file, or the PostgreSQL database ``socorg_bench_stats``),
migrated, filled by set-based ``INSERT … SELECT`` from a number series (bench/bench_credit_sweep.py's helpers):
N organizations over 400 real registering authorities (10 % provincial, 30 % city, 60 % county; 43 % social
groups, 55 % social service agencies, 2 % foundations), founded 1990–2024, 8 % removed (a second version and a
注销 event), 15 % holding a grade (5A–1A), 3 % on the abnormal-activity list. A rerun with the same size reuses it.

For each dashboard panel that has data here it times, as of 2025-06-30, over ``--repeat`` runs:

* **stats live**: ``stats.compute.evaluate(..., exact=True)``, the exact recomputation from the facts;
* **stats snapshot**: the same from the day's materialized snapshot (``stats_snapshot``, timed once);
* **raw SQL**: one hand-written GROUP BY for the same numbers (checked equal to both);

and once, for REG-ORGS by type, the **per-organization loop** the register offers for one organization
(``Organization.objects.as_of(day)`` and ``as_it_stood`` for each, counted in Python). It prints p50/p95 in ms and
the ratios. Not a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date

from bench.bench_credit_sweep import Dialect, database, h, insert_columns, setup_django

DAY = date(2025, 6, 30)
BENCH_DB = "socorg_bench_stats"


def build(orgs: int, seed: int) -> None:
    from django.db import connection, transaction

    from credit.models import ListEntry
    from divisions.models import Division
    from registry.models import Organization, OrganizationVersion, RegistrationEvent
    from supervision.models.ratings import Grade, GradeSpan

    d = Dialect(connection.vendor)
    if Organization.objects.count() == orgs:
        print(f"reusing {orgs:,} organizations")
        return
    started = time.perf_counter()
    rng = random.Random(seed)
    by_level = {lvl: sorted(Division.objects.in_use().filter(level=lvl).exclude(code__startswith="71").exclude(
        code__startswith="81").exclude(code__startswith="82").values_list("code", flat=True))
        for lvl in ("provincial", "city", "county")}
    codes = ([(c, "provincial") for c in by_level["provincial"]] + [(c, "city") for c in rng.sample(
        by_level["city"], 120)] + [(c, "county") for c in rng.sample(by_level["county"], 249)])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_stats_authority (k INTEGER PRIMARY KEY, code VARCHAR(6), "
                       "lvl VARCHAR(12))")
        for table in ("charity_projectdisclosure", "charity_posting", "charity_ledgertransaction",
                      "charity_charityproject", "charity_ledgeraccount", "charity_fundraisingplan", "charity_grant",
                      "supervision_reportsubmission", "supervision_annualreport",
                      "stats_snapshotcell", "stats_snapshot", "credit_listentry", "supervision_gradespan",
                      "supervision_grade", "registry_registrationevent", "registry_organizationversion",
                      "registry_organization", "bench_stats_authority"):
            cursor.execute(f"DELETE FROM {table}")
        # Weighted: provincial authorities 10 %, city 30 %, county 60 % of the rows.
        rows, k = [], 0
        for code, lvl in codes:
            weight = {"provincial": 1, "city": 4, "county": 4}[lvl]
            for _ in range(weight):
                rows.append((k, code, lvl))
                k += 1
        cursor.executemany("INSERT INTO bench_stats_authority (k, code, lvl) VALUES (%s, %s, %s)", rows)
        t = h("n.i", 7) + " % 100"
        org_type = (f"CASE WHEN {t} < 43 THEN 'social_group' WHEN {t} < 98 THEN 'social_service_agency' "
                    f"ELSE 'foundation' END")
        removed = f"({h('n.i', 8)} % 100 < 8)"
        cols, exprs = insert_columns(Organization, {
            "uscc": "'5S' || " + d.pad("n.i", 16), "org_type": org_type, "level": "a.lvl", "authority_id": "a.code",
            "name": "'统计基准组织' || " + d.text("n.i"),
            "founded_on": d.add_days(d.literal_date(date(1990, 1, 1)), f"{h('n.i', 1)} % 12700"),
            "status": f"CASE WHEN {removed} THEN 'deregistered' ELSE 'active' END", "is_demo": d.true(),
        }, d)
        cursor.execute(f"INSERT INTO registry_organization ({cols}) SELECT {exprs} FROM {d.numbers(orgs)} "
                       f"JOIN bench_stats_authority a ON a.k = {h('n.i', 2)} % {len(rows)}")
        gone = "o.status <> 'active'"
        end = d.add_days("o.founded_on", f"1 + {h('o.id', 9)} % 3000")
        for values, where in (
                ({"valid_to": f"CASE WHEN {gone} THEN {end} ELSE NULL END", "status": "'active'"}, "1 = 1"),
                ({"valid_from": end, "status": "o.status"}, gone)):
            cols, exprs = insert_columns(OrganizationVersion, {
                "organization_id": "o.id", "valid_from": "o.founded_on", "name": "o.name",
                "authority_id": "o.authority_id", **values}, d)
            cursor.execute(f"INSERT INTO registry_organizationversion ({cols}) SELECT {exprs} "
                           f"FROM registry_organization o WHERE {where}")
        for kind, when, where in (("establishment", "o.founded_on", "1 = 1"), ("deregistration", end, gone)):
            cols, exprs = insert_columns(RegistrationEvent, {
                "organization_id": "o.id", "kind": f"'{kind}'", "effective_on": when, "reason": "'bench'"}, d)
            cursor.execute(f"INSERT INTO registry_registrationevent ({cols}) SELECT {exprs} "
                           f"FROM registry_organization o WHERE {where}")
        g = h("o.id", 10) + " % 100"
        grade = f"CASE WHEN {g} < 2 THEN '5A' WHEN {g} < 5 THEN '4A' WHEN {g} < 9 THEN '3A' WHEN {g} < 12 THEN '2A' " \
                f"ELSE '1A' END"
        conferred = d.add_days(d.literal_date(date(2019, 1, 1)), f"{h('o.id', 11)} % 2300")
        cols, exprs = insert_columns(Grade, {
            "organization_id": "o.id", "grade": grade, "conferred_on": conferred,
            "valid_until": d.add_days(conferred, "1825"), "settings_used": "'[]'" if not d.pg else "'[]'::jsonb"}, d)
        cursor.execute(f"INSERT INTO supervision_grade ({cols}) SELECT {exprs} FROM registry_organization o "
                       f"WHERE {g} < 15")
        rank = "CASE g.grade WHEN '5A' THEN 5 WHEN '4A' THEN 4 WHEN '3A' THEN 3 WHEN '2A' THEN 2 ELSE 1 END"
        cols, exprs = insert_columns(GradeSpan, {
            "organization_id": "g.organization_id", "source_id": "g.id", "grade": "g.grade", "rank": rank,
            "valid_from": "g.conferred_on", "valid_to": d.add_days("g.valid_until", "1"), "ended_by": "'expiry'"}, d)
        cursor.execute(f"INSERT INTO supervision_gradespan ({cols}) SELECT {exprs} FROM supervision_grade g")
        cols, exprs = insert_columns(ListEntry, {
            "organization_id": "o.id", "authority_id": "o.authority_id", "list_kind": "'abnormal'",
            "start_on": d.add_days(d.literal_date(date(2022, 1, 1)), f"{h('o.id', 12)} % 1200"),
            "clock_on": d.literal_date(date(2022, 1, 1)), "rules": "'ABN-1'", "deciding_authority_name": "'bench'",
            "digest": "'0'", "grounds": "'[]'", "fact_refs": "'[]'", "exit_facts": "'[]'", "settings_cited": "'[]'",
        }, d)
        if d.pg:
            exprs = exprs.replace("'[]'", "'[]'::jsonb").replace("'{}'::jsonb::jsonb", "'{}'::jsonb")
        cursor.execute(f"INSERT INTO credit_listentry ({cols}) SELECT {exprs} FROM registry_organization o "
                       f"WHERE {h('o.id', 13)} % 100 < 3")
    if d.pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {orgs:,} organizations in {time.perf_counter() - started:.1f} s")


def build_extra(orgs: int) -> None:
    """Annual reports (2020–2024, one submission each, for every organization founded before the year) and
    charity data (2 % recognized charities, half of them with the public-fundraising qualification; 3 filed plans
    each, 10 receipts and 3 disbursements per plan, 2 projects each with one disclosure), set-based. Together with
    the register this makes the fact rows of the national benchmark (about 12M at 1M organizations)."""
    from django.db import connection, transaction

    from charity.models import (
        CharityProject,
        FundraisingPlan,
        Grant,
        LedgerAccount,
        LedgerTransaction,
        Posting,
        ProjectDisclosure,
    )
    from supervision.models.reports import AnnualReport, ReportSubmission

    d = Dialect(connection.vendor)
    if AnnualReport.objects.exists() and Grant.objects.exists():
        print(f"reusing {AnnualReport.objects.count():,} annual reports and {Grant.objects.count():,} grants")
        return
    started = time.perf_counter()

    def insert(model, values, source):
        cols, exprs = insert_columns(model, values, d)
        if d.pg:
            exprs = exprs.replace("'[]'", "'[]'::jsonb").replace("'[]'::jsonb::jsonb", "'[]'::jsonb")
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {model._meta.db_table} ({cols}) SELECT {exprs} {source}")

    money = lambda salt, mod: f"(({h('r.id', salt)} % {mod}) * 100)"  # noqa: E731
    with transaction.atomic():
        for table in ("charity_projectdisclosure", "charity_posting", "charity_ledgertransaction",
                      "charity_charityproject", "charity_ledgeraccount", "charity_fundraisingplan",
                      "charity_grant", "supervision_reportsubmission", "supervision_annualreport"):
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {table}")
        year = "y.y"
        years = " UNION ALL ".join(f"SELECT {y} AS y" for y in range(2020, 2025))
        insert(AnnualReport, {
            "organization_id": "o.id", "year": year, "state": "'concluded'",
            "first_submitted_on": d.add_days(f"{d.literal_date(date(2021, 1, 1))}", f"({year} - 2020) * 365 + "
                                                                                     f"{h('o.id', 21)} % 150"),
            "last_submitted_on": d.add_days(f"{d.literal_date(date(2021, 1, 1))}", f"({year} - 2020) * 365 + "
                                                                                    f"{h('o.id', 21)} % 150"),
            "conclusion": "''", "review_mode": "'report'"},
            f"FROM registry_organization o JOIN ({years}) y ON o.founded_on < "
            + ("make_date(y.y, 1, 1)" if d.pg else "(y.y || '-01-01')"))
        r = "r"
        insert(ReportSubmission, {
            "report_id": "r.id", "number": "1", "submitted_on": "r.first_submitted_on",
            "first_review_required": "FALSE" if d.pg else "0", "party_organization": "FALSE" if d.pg else "0",
            "income_donations": money(22, 5000), "income_government": money(23, 5000),
            "income_service_fees": money(24, 5000), "income_membership_dues": "0", "income_other": "0",
            "income_total": f"{money(22, 5000)} + {money(23, 5000)} + {money(24, 5000)}",
            "expense_programmes": money(25, 8000), "expense_administration": money(26, 2000),
            "expense_fundraising": "0", "expense_total": f"{money(25, 8000)} + {money(26, 2000)}",
            "total_assets": money(27, 90000), "total_liabilities": money(28, 10000),
            "net_assets": f"{money(27, 90000)} - {money(28, 10000)}",
            "employees": f"{h('r.id', 29)} % 40", "volunteers": f"{h('r.id', 30)} % 200", "branches": "0",
            "activities": "'bench'"}, f"FROM supervision_annualreport {r}")
        charity = f"{h('o.id', 31)} % 100"
        for kind, cond, when in (("recognition", f"{charity} < 2", d.add_days(d.literal_date(date(2017, 1, 1)),
                                                                               f"{h('o.id', 32)} % 2500")),
                                 ("qualification", f"{charity} < 1", d.add_days(d.literal_date(date(2019, 1, 1)),
                                                                                 f"{h('o.id', 32)} % 2000"))):
            insert(Grant, {"organization_id": "o.id", "kind": f"'{kind}'", "granted_on": when,
                           "certificate_number": f"'B{kind[0].upper()}' || {d.text('o.id')}",
                           "application_id": "NULL"},
                   f"FROM registry_organization o WHERE o.status = 'active' AND {cond}")
        plans = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(3))
        insert(FundraisingPlan, {
            "organization_id": "g.organization_id", "filing_number": f"'BP' || {d.text('g.id')} || '-' || "
                                                                     f"{d.text('p.k')}",
            "filed_on": d.add_days("g.granted_on", "30 + p.k * 200"),
            "starts_on": d.add_days("g.granted_on", "40 + p.k * 200"),
            "ends_on": d.add_days("g.granted_on", "400 + p.k * 200"), "title": "'基准募捐方案'",
            "emergency": "FALSE" if d.pg else "0"},
            f"FROM charity_grant g JOIN ({plans}) p ON 1 = 1 WHERE g.kind = 'qualification'")
        accounts = " UNION ALL ".join(f"SELECT '{k}' AS kind, {i} AS k" for i, k in enumerate(
            ("donor", "receiving", "beneficiary", "beneficiary", "beneficiary", "institution")))
        insert(LedgerAccount, {
            "organization_id": "g.organization_id", "public_id": f"'BA' || {d.text('g.id')} || '-' || "
                                                                 f"{d.text('a.k')}",
            "kind": "a.kind", "party_kind": "CASE WHEN a.kind = 'donor' THEN 'anonymous' WHEN a.kind = "
                                            "'beneficiary' THEN 'person' ELSE '' END",
            "name": "'基准账户'"}, f"FROM charity_grant g JOIN ({accounts}) a ON 1 = 1 WHERE g.kind = 'qualification'")
        tens = " UNION ALL ".join(f"SELECT {k} AS k" for k in range(13))
        insert(LedgerTransaction, {
            "organization_id": "p.organization_id", "public_id": f"'BT' || {d.text('p.id')} || '-' || "
                                                                 f"{d.text('t.k')}",
            "kind": "CASE WHEN t.k < 10 THEN 'receipt' ELSE 'disbursement' END", "plan_id": "p.id",
            "occurred_on": d.add_days("p.starts_on", "t.k * 30"),
            "channel": "CASE WHEN t.k < 10 THEN 'bank' ELSE '' END",
            "external_id": f"CASE WHEN t.k < 10 THEN 'BX' || {d.text('p.id')} || '-' || {d.text('t.k')} ELSE '' END",
            "goods": "CASE WHEN t.k = 9 THEN '大米' ELSE '' END", "reason": "''"},
            f"FROM charity_fundraisingplan p JOIN ({tens}) t ON 1 = 1")
        grant = ("(SELECT g.id FROM charity_grant g WHERE g.organization_id = t.organization_id AND "
                 "g.kind = 'qualification')")
        acct = ("(SELECT a.id FROM charity_ledgeraccount a WHERE a.public_id = 'BA' || "
                + d.text(grant) + " || '-' || " + d.text("{offset}") + ")")
        for sign, kind, offset in (("-", "donor", "0"), ("", "receiving", "1")):
            insert(Posting, {"transaction_id": "t.id", "account_id": acct.format(kind=kind, offset=offset),
                             "amount": f"{sign}(({h('t.id', 33)} % 5000 + 1) * 10)"},
                   "FROM charity_ledgertransaction t WHERE t.kind = 'receipt'")
        for sign, kind, offset in (("-", "receiving", "1"), ("", "beneficiary", f"2 + {h('t.id', 34)} % 3")):
            insert(Posting, {"transaction_id": "t.id", "account_id": acct.format(kind=kind, offset=offset),
                             "amount": f"{sign}(({h('t.id', 35)} % 1000 + 1) * 10)"},
                   "FROM charity_ledgertransaction t WHERE t.kind = 'disbursement'")
        two = "SELECT 0 AS k UNION ALL SELECT 1 AS k"
        insert(CharityProject, {
            "organization_id": "g.organization_id", "public_id": f"'BJ' || {d.text('g.id')} || '-' || "
                                                                 f"{d.text('j.k')}",
            "name": "'基准慈善项目'", "category": "CASE WHEN j.k = 0 THEN 'poverty' ELSE 'education' END",
            "starts_on": d.add_days("g.granted_on", "60 + j.k * 300"),
            "ends_on": d.add_days("g.granted_on", "700 + j.k * 300"), "budget": "500000",
            "funding_sources": "'bench'"}, f"FROM charity_grant g JOIN ({two}) j ON 1 = 1 "
                                           "WHERE g.kind = 'qualification'")
        insert(ProjectDisclosure, {
            "project_id": "j.id", "kind": "'progress'", "disclosed_on": d.add_days("j.starts_on", "90"),
            "covers_to": d.add_days("j.starts_on", "85"), "spent": "10000",
            "persons_served": f"{h('j.id', 36)} % 500", "institutions_served": f"{h('j.id', 37)} % 5",
            "text": "'bench'"}, "FROM charity_charityproject j")
    if d.pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built {AnnualReport.objects.count():,} annual reports, {Grant.objects.count():,} charity grants, "
          f"{LedgerTransaction.objects.count():,} ledger transactions in {time.perf_counter() - started:.1f} s")


def year_end_snapshots() -> None:
    """The snapshot of 31 December of every year from the first founding year to the year before DAY (missing
    ones only), as the daily snapshots of a running platform would have left them."""
    from stats.compute import take_snapshot
    from stats.facts import first_day
    from stats.models import Snapshot

    start = first_day()
    for year in range(start.year, DAY.year):
        day = date(year, 12, 31)
        if not Snapshot.objects.filter(day=day).exists():
            started = time.perf_counter()
            snapshot = take_snapshot(day)
            print(f"snapshot {day}: {snapshot.cells:,} cells in {time.perf_counter() - started:.1f} s", flush=True)


def fact_rows() -> dict:
    """Rows of every fact table of the benchmark database."""
    from django.db import connection

    tables = ("registry_organization", "registry_organizationversion", "registry_registrationevent",
              "supervision_grade", "supervision_gradespan", "credit_listentry", "supervision_annualreport",
              "supervision_reportsubmission", "charity_grant", "charity_fundraisingplan", "charity_ledgeraccount",
              "charity_ledgertransaction", "charity_posting", "charity_charityproject", "charity_projectdisclosure")
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            out[table] = cursor.fetchone()[0]
    return out


def raw_queries(d) -> dict:
    """The same numbers by hand-written SQL (one statement each): {(indicator, by): (sql, params)}."""
    day = DAY.isoformat()
    v = ("FROM registry_organizationversion v JOIN registry_organization o ON o.id = v.organization_id "
         "WHERE v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)")
    active = f"{v} AND v.status = 'active'"
    spans = ("FROM supervision_gradespan s JOIN registry_organization o ON o.id = s.organization_id "
             "WHERE s.valid_from <= %s AND s.valid_to > %s AND s.organization_id IN (SELECT organization_id "
             "FROM registry_organizationversion WHERE valid_from <= %s AND (valid_to IS NULL OR valid_to > %s) "
             "AND status = 'active')")
    year = "EXTRACT(YEAR FROM o.founded_on)" if d.pg else "CAST(strftime('%%Y', o.founded_on) AS INTEGER)"
    return {
        ("REG-ORGS", "type"): (f"SELECT o.org_type, COUNT(*) {active} GROUP BY o.org_type", [day, day]),
        ("REG-ORGS", "level"): (f"SELECT o.level, COUNT(*) {active} GROUP BY o.level", [day, day]),
        ("REG-ORGS", "division"): (f"SELECT substr(v.authority_id, 1, 2), COUNT(*) {active} "
                                   "GROUP BY substr(v.authority_id, 1, 2)", [day, day]),
        ("REG-REGISTRATIONS", "year"): (f"SELECT {year}, COUNT(*) FROM registry_organization o "
                                        f"WHERE o.founded_on <= %s GROUP BY {year}", [day]),
        ("SUP-GRADED", "category"): (f"SELECT s.grade, COUNT(*) {spans} GROUP BY s.grade", [day] * 4),
        ("SUP-3A-SHARE", "level"): (
            f"SELECT n.level, n.c, t.c FROM (SELECT o.level, COUNT(*) c {active} GROUP BY o.level) t "
            f"LEFT JOIN (SELECT o.level, COUNT(*) c {spans} AND s.grade IN ('5A', '4A', '3A') GROUP BY o.level) n "
            "ON n.level = t.level", [day, day] + [day] * 4),
        ("CRD-LISTED", "category"): ("SELECT list_kind, COUNT(*) FROM credit_listentry WHERE start_on <= %s AND "
                                     "(end_on IS NULL OR end_on > %s) GROUP BY list_kind", [day, day]),
    }


def raw_charity_queries(d) -> dict:
    """Hand-written SQL for the charity and annual-report panels (one statement each): {(indicator, by): sql}."""
    day, start, end = DAY.isoformat(), date(DAY.year, 1, 1).isoformat(), date(DAY.year + 1, 1, 1).isoformat()
    active = ("SELECT organization_id FROM registry_organizationversion WHERE valid_from <= %s AND (valid_to IS NULL "
              "OR valid_to > %s) AND status = 'active'")
    charities = (f"SELECT g.organization_id FROM charity_grant g WHERE g.kind = 'recognition' AND g.granted_on <= %s "
                 f"AND NOT EXISTS (SELECT 1 FROM charity_revocation r WHERE r.grant_id = g.id AND r.revoked_on <= %s) "
                 f"AND g.organization_id IN ({active})")
    reports = ("FROM supervision_reportsubmission s JOIN supervision_annualreport r ON r.id = s.report_id "
               "JOIN registry_organization o ON o.id = r.organization_id WHERE r.year = %s AND s.submitted_on <= %s "
               "AND NOT EXISTS (SELECT 1 FROM supervision_reportsubmission c WHERE c.supersedes_id = s.id AND "
               "c.submitted_on <= %s)")
    report_year = DAY.year - 1
    return {
        ("CHA-CHARITIES", "division"): (
            f"SELECT substr(o.authority_id, 1, 2), COUNT(*) FROM registry_organization o WHERE o.id IN ({charities}) "
            "GROUP BY substr(o.authority_id, 1, 2)", [day, day, day, day]),
        ("CHA-QUALIFIED", "level"): (
            "SELECT o.level, COUNT(*) FROM charity_grant g JOIN registry_organization o ON o.id = g.organization_id "
            "WHERE g.kind = 'qualification' AND g.granted_on <= %s AND NOT EXISTS (SELECT 1 FROM charity_revocation r "
            f"WHERE r.grant_id = g.id AND r.revoked_on <= %s) AND g.organization_id IN ({active}) GROUP BY o.level",
            [day, day, day, day]),
        ("CHA-DONATIONS", "category"): (
            "SELECT CASE WHEN t.goods = '' THEN 'money' ELSE 'goods' END, SUM(p.amount) FROM charity_ledgertransaction "
            "t JOIN charity_posting p ON p.transaction_id = t.id AND p.amount > 0 WHERE t.kind = 'receipt' AND "
            "t.occurred_on <= %s AND t.occurred_on >= %s AND t.occurred_on < %s AND NOT EXISTS (SELECT 1 FROM "
            "charity_ledgertransaction x WHERE x.reverses_id = t.id AND x.occurred_on <= %s) "
            "GROUP BY CASE WHEN t.goods = '' THEN 'money' ELSE 'goods' END", [day, start, end, day]),
        ("SUP-EMPLOYEES", "division"): (
            f"SELECT substr(o.authority_id, 1, 2), SUM(s.employees) {reports} GROUP BY substr(o.authority_id, 1, 2)",
            [report_year, day, day]),
        ("CHA-SPENDING-SHARE", "level"): (
            f"SELECT o.level, SUM(s.expense_programmes), SUM(s.income_total) {reports} AND o.id IN ({charities}) "
            "GROUP BY o.level", [report_year, day, day, day, day, day, day]),
    }


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return value, statistics.median(times), times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgs", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--loop-sample", type=int, default=20_000,
                        help="organizations the per-organization loop reads (extrapolated to all)")
    parser.add_argument("--bulletin-release", action="store_true",
                        help="also time a national bulletin and an open-data release (files under var/bench/)")
    parser.add_argument("--build-only", action="store_true", help="build (or reuse) the database and stop")
    parser.add_argument("--panels", action="store_true",
                        help="time every dashboard panel and the dashboard page (needs --year-ends once)")
    parser.add_argument("--release-only", action="store_true",
                        help="only the bulletin and the open-data release, in this fresh process (peak memory)")
    parser.add_argument("--year-ends", action="store_true",
                        help="also take the snapshot of every past year end (stock indicators by year read them; "
                             "a daily beat task leaves one per day in production)")
    args = parser.parse_args(argv)
    global BENCH_DB
    import bench.bench_credit_sweep as credit_bench

    credit_bench.BENCH_DB = BENCH_DB
    url = database(args.orgs, 0).replace("credit-", "stats-")
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    build(args.orgs, args.seed)
    build_extra(args.orgs)
    counts = fact_rows()
    print(f"fact rows: {sum(counts.values()):,} ({', '.join(f'{t} {n:,}' for t, n in counts.items())})")
    if args.year_ends:
        year_end_snapshots()
    if args.build_only:
        return
    if args.release_only:
        bulletin_and_release(args.orgs)
        return
    if args.panels:
        from stats.compute import take_snapshot
        from stats.models import Snapshot

        if not Snapshot.objects.filter(day=DAY).exists():
            take_snapshot(DAY)
        panels(args.repeat)
        return
    from registry.models import Organization
    from stats.compute import evaluate, take_snapshot

    d = Dialect(connection.vendor)
    started = time.perf_counter()
    snapshot = take_snapshot(DAY)
    snapshot_s = time.perf_counter() - started
    print(f"{connection.vendor}, {args.orgs:,} organizations; snapshot as of {DAY}: {snapshot.cells:,} cells in "
          f"{snapshot_s:.1f} s")
    header = f"{'panel':<28}{'live p50':>10}{'live p95':>10}{'snap p95':>10}{'raw SQL p95':>13}" \
             f"{'live/raw':>10}{'snap/raw':>10}"
    print(header)
    print("-" * len(header))
    for (indicator, by), (sql, params) in raw_queries(d).items():
        def raw(sql=sql, params=params):
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall()
        rows, _, raw95 = timed(raw, args.repeat)
        live, live50, live95 = timed(lambda i=indicator, b=by: evaluate(i, DAY, "100000", b, exact=True),
                                     args.repeat)
        snap, _, snap95 = timed(lambda i=indicator, b=by: evaluate(i, DAY, "100000", b), args.repeat)
        assert snap.source == "snapshot" and (snap.rows, snap.total) == (live.rows, live.total)
        if indicator == "SUP-3A-SHARE":
            assert sum(r[1] or 0 for r in rows) == live.total["numerator"]
        elif by == "division":
            assert sum(r[1] for r in rows) == live.total["value"] and len(rows) >= len(live.rows) - 1
        else:
            assert {str(r[0]) if by != "year" else int(r[0]): r[1] for r in rows} == {
                r["key"]: r["value"] for r in live.rows}, (indicator, by)
        print(f"{indicator + ' by ' + by:<28}{live50:>10.1f}{live95:>10.1f}{snap95:>10.1f}{raw95:>13.1f}"
              f"{live95 / raw95:>10.2f}{snap95 / raw95:>10.2f}")
    sample = min(args.loop_sample, args.orgs)
    started = time.perf_counter()
    counts: dict = {}
    for org in Organization.objects.as_of(DAY).order_by("id")[:sample]:
        stood = org.as_it_stood(DAY)
        if stood.status == "active":
            counts[org.org_type] = counts.get(org.org_type, 0) + 1
    loop_s = (time.perf_counter() - started) * args.orgs / sample
    live = evaluate("REG-ORGS", DAY, "100000", "type", exact=True)
    print(f"per-organization loop (Organization.objects.as_of + as_it_stood), REG-ORGS by type: {loop_s * 1000:,.0f} ms "
          f"for {args.orgs:,} (read {sample:,}, extrapolated) = {loop_s / (timed(lambda: evaluate('REG-ORGS', DAY, '100000', 'type', exact=True), 3)[2] / 1000):,.0f}x stats live"
          f"{'' if sample < args.orgs else '; counts equal: ' + str(counts == {r['key']: r['value'] for r in live.rows})}")
    if args.bulletin_release:
        bulletin_and_release(args.orgs)


def panels(repeat: int) -> None:
    """Every panel of the dashboard (stats.views.PANELS) as the dashboard computes it (from the day's snapshot),
    the exact recomputation, and, where written, raw SQL for the same numbers (checked equal); then the whole
    dashboard page rendered by Django (the 30 panels, server side)."""
    from django.db import connection
    from django.test import Client

    from stats.compute import evaluate
    from stats.views import PANELS

    d = Dialect(connection.vendor)
    raw_sql = {**raw_queries(d), **raw_charity_queries(d)}
    header = f"{'dashboard panel':<34}{'snap p50':>10}{'snap p95':>10}{'live p95':>10}{'raw SQL p95':>13}" \
             f"{'snap/raw':>10}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for indicator, by, _chart in PANELS:
        snap, snap50, snap95 = timed(lambda i=indicator, b=by: evaluate(i, DAY, "100000", b), repeat)
        live, _, live95 = timed(lambda i=indicator, b=by: evaluate(i, DAY, "100000", b, exact=True),
                                max(2, repeat // 5))
        assert (snap.rows, snap.total) == (live.rows, live.total), (indicator, by)
        worst = max(worst, snap95)
        raw95 = None
        if (indicator, by) in raw_sql:
            sql, params = raw_sql[(indicator, by)]

            def raw(sql=sql, params=params):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    return cursor.fetchall()
            rows, _, raw95 = timed(raw, repeat)
            if indicator in ("SUP-3A-SHARE", "CHA-SPENDING-SHARE"):
                column = 1 if indicator == "CHA-SPENDING-SHARE" else 1
                assert sum(r[column] or 0 for r in rows) == live.total["numerator"], indicator
            elif indicator == "REG-REGISTRATIONS":
                pass  # checked in the panel table above
            else:
                assert sum(r[1] for r in rows) == live.total["value"], (indicator, by)
        shown = f"{raw95:>13.1f}{snap95 / raw95:>10.2f}" if raw95 else f"{'—':>13}{'—':>10}"
        print(f"{indicator + ' by ' + by:<34}{snap50:>10.1f}{snap95:>10.1f}{live95:>10.1f}{shown}", flush=True)
    print(f"slowest panel p95 from the snapshot: {worst:.1f} ms")
    client = Client()
    _, page50, page95 = timed(lambda: client.get("/stats/", {"as_of": DAY.isoformat()}), max(3, repeat // 2))
    response = client.get("/stats/", {"as_of": DAY.isoformat()})
    assert response.status_code == 200 and response.content.count(b'class="stats-panel') == len(PANELS)
    print(f"dashboard page /stats/ ({len(PANELS)} panels, rendered by Django): p50 {page50:.0f} ms, p95 "
          f"{page95:.0f} ms, {len(response.content):,} bytes")


def bulletin_and_release(orgs: int) -> None:
    """A national bulletin (every standard table, exact recomputation) and a full open-data release, with time and
    this process's peak resident memory."""
    import resource
    import shutil
    import tempfile
    from pathlib import Path

    from django.conf import settings

    from stats.bulletin import as_html, build
    from stats.models import ChangeEntry, Release
    from stats.opendata import make_release

    started = time.perf_counter()
    bulletin = build("100000", DAY.year)
    html = as_html(bulletin)
    print(f"bulletin 100000 {DAY.year}: {len(bulletin.figures)} figures, {len(html):,} bytes HTML in "
          f"{time.perf_counter() - started:.1f} s")
    out = Path(tempfile.mkdtemp(dir=settings.VAR_DIR))
    settings.OPEN_DATA_DIR, settings.OPEN_DATA_SIGNING_KEY = out, out / "key.pem"
    ChangeEntry.objects.all().delete()
    Release.objects.all().delete()
    started = time.perf_counter()
    release = make_release(DAY)
    size = sum(p.stat().st_size for p in (out / release.release_id).iterdir())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"open-data release of {orgs:,} organizations: {sum(release.rows.values()):,} rows, {size / 1e6:.0f} MB, "
          f"{ChangeEntry.objects.count():,} feed entries in {time.perf_counter() - started:.1f} s; peak RSS of "
          f"this process {peak:.0f} MB")
    shutil.rmtree(out)


if __name__ == "__main__":
    main()
