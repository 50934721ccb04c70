"""Credit-sweep benchmark at national scale: 1M organizations and 10M facts.

    python -m bench.bench_credit_sweep                                   # quick: 20,000 orgs, 200,000 facts
    python -m bench.bench_credit_sweep --orgs 1000000 --facts 10000000   # SQLite file under var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x python -m bench.bench_credit_sweep --orgs 1000000 --facts 10000000

Self-contained: it creates a dedicated benchmark database (SQLite file, or the PostgreSQL database
``socorg_bench_credit``), migrates it and generates the data with set-based ``INSERT … SELECT`` from a number
series (no Python row loop): N organizations (founded 1990–2014, spread over 400 real registering authorities),
terminal registration events for about 6 % of them (撤销, 注销) and M credit facts (90 % information: honours,
inspection results, grades, purchased services; 10 % list-relevant: missing annual reports, Party organization,
overdue rectification, unreachable domicile, court notices, warnings, small and large fines, suspensions,
verified rectifications and serious-list removals), dated 2015–2025, about one in ten known later than it
happened. With ten facts per organization that lists far more organizations than the real registers do (see
the "listed" line of the output): a stress test for the explanations and writes. A rerun with the same sizes reuses the data.

Then, in the same run and on the same data, as of one date (default 2026-01-01), it times:

* **socorg, set-based**: ``credit.sweep.sweep`` — id-ordered chunks, one query per fact source per chunk, the
  pure rules in memory, writes only differences (cold cache: every entry and notice is written and audited), and
  its idempotent re-run (warm cache: nothing to write);
* **per-organization loop**: ``credit.sweep.refresh`` one organization at a time (a query per fact source, the
  rules, the comparison and the writes for that organization), timed on a random sample with its cached rows
  removed first, and extrapolated to N — **the loop is not run in full**;
* **raw SQL**: the same list decisions (organization, list, entry date, removal date, exit rule) computed by one
  set-based SQL program (temporary tables and a recursive CTE stepping each organization's events, with the
  settings' national defaults built in) and written to a scratch table.

It then checks that the raw SQL and the sweep agree on every entry and prints the table. The raw SQL covers the
bench's data only: no corrections (objections upheld, registry supersessions) and no local settings, which the
Python rules handle. Not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "socorg_bench_credit"
SCRATCH = "bench_credit_sql_entries"


# --- setup ----------------------------------------------------------------------------------------------

def database(orgs: int, facts: int) -> str:
    url = os.environ.get("DATABASE_URL")
    var_dir = ROOT / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    if not url:
        return f"sqlite:///{var_dir / f'credit-{orgs}-{facts}.sqlite3'}"
    base, _, _name = url.rpartition("/")
    import psycopg

    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
            conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return f"{base}/{BENCH_DB}"


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SOCORG_VAR_DIR"] = str(ROOT / "var" / "bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socorg.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Dialect:
    def __init__(self, vendor: str):
        self.pg = vendor == "postgresql"

    def numbers(self, count: int) -> str:
        """A FROM clause giving rows i = 1 … count."""
        if self.pg:
            return f"generate_series(1, {count}) AS n(i)"
        return f"(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) SELECT i FROM n) n"

    def add_days(self, expr: str, days: str) -> str:
        return f"({expr} + ({days})::int)" if self.pg else f"date({expr}, '+' || ({days}) || ' days')"

    def literal_date(self, day: date) -> str:
        return f"DATE '{day.isoformat()}'" if self.pg else f"'{day.isoformat()}'"

    def after_full(self, expr: str, months: int) -> str:
        """The day after a period of ``months`` full months from ``expr`` (credit.rules.after_full)."""
        if self.pg:  # PostgreSQL clamps to the month's last day, as Civil Code Art. 202 does
            return f"(({expr} + INTERVAL '{months} months')::date + 1)"
        clamped = (f"min(date({expr}, '+{months} months'), "
                   f"date({expr}, 'start of month', '+{months + 1} months', '-1 day'))")
        return f"date({clamped}, '+1 day')"

    def pad(self, expr: str, width: int) -> str:
        return f"lpad(({expr})::text, {width}, '0')" if self.pg else f"printf('%0{width}d', {expr})"

    def text(self, expr: str) -> str:
        return f"({expr})::text" if self.pg else f"CAST({expr} AS TEXT)"

    def greatest(self, a: str, b: str) -> str:
        return f"GREATEST({a}, {b})" if self.pg else f"max({a}, {b})"

    def now(self) -> str:
        return "now()" if self.pg else "strftime('%Y-%m-%d %H:%M:%f', 'now')"

    def true(self) -> str:
        return "TRUE" if self.pg else "1"


def h(i: str, salt: int) -> str:
    """A deterministic pseudo-random non-negative integer from a row number (same on both databases)."""
    return f"((({i}) * 2654435761 + {salt * 40503 + 12345}) % 2147483647)"


def insert_columns(model, values: dict[str, str], d: Dialect) -> tuple[str, str]:
    """The column list and SELECT expressions of an INSERT into ``model``: the given expressions, and for every
    other column its default, NULL or the empty string, so the generator follows the models as they change."""
    from django.db.models import NOT_PROVIDED

    cols, exprs = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        cols.append(f.column)
        if f.column in values:
            exprs.append(values[f.column])
        elif f.default is not NOT_PROVIDED and not callable(f.default):
            value = f.default
            exprs.append(("TRUE" if value else "FALSE") if d.pg and isinstance(value, bool) else
                         str(int(value)) if isinstance(value, bool) else f"'{value}'")
        elif f.get_internal_type() == "JSONField":
            exprs.append("'{}'" if not d.pg else "'{}'::jsonb")
        elif f.get_internal_type() in ("DateTimeField",):
            exprs.append(d.now())
        elif f.null:
            exprs.append("NULL")
        else:
            exprs.append("''")
    return ", ".join(cols), ", ".join(exprs)


def build(orgs: int, facts: int, seed: int) -> None:
    from django.db import connection, transaction

    from credit.models import CreditFact
    from divisions.models import Division
    from registry.models import Organization, RegistrationEvent

    d = Dialect(connection.vendor)
    if Organization.objects.count() == orgs and CreditFact.objects.count() == facts:
        print(f"reusing {orgs:,} organizations and {facts:,} credit facts")
        return
    started = time.perf_counter()
    codes = sorted(Division.objects.in_use().filter(level__in=["county", "city"]).exclude(
        code__startswith="71").values_list("code", flat=True))
    codes = random.Random(seed).sample(codes, min(400, len(codes)))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_authority (k INTEGER PRIMARY KEY, code VARCHAR(6))")
        for table in ("credit_listentry", "credit_listnotice", "credit_notification", "credit_creditfact",
                      "registry_registrationevent", "registry_searchentry", "registry_organizationversion",
                      "registry_organization", "bench_authority"):
            cursor.execute(f"DELETE FROM {table}")
        cursor.executemany("INSERT INTO bench_authority (k, code) VALUES (%s, %s)", list(enumerate(codes)))
        cols, exprs = insert_columns(Organization, {
            "uscc": "'5X' || " + d.pad("n.i", 16), "org_type": "'social_group'", "level": "'county'",
            "authority_id": "a.code", "name": "'基准社会组织' || " + d.text("n.i"),
            "founded_on": d.add_days(d.literal_date(date(1990, 1, 1)), f"{h('n.i', 1)} % 9000"),
            "status": "'active'", "is_demo": d.true(),
        }, d)
        cursor.execute(f"INSERT INTO registry_organization ({cols}) SELECT {exprs} FROM {d.numbers(orgs)} "
                       f"JOIN bench_authority a ON a.k = {h('n.i', 2)} % {len(codes)}")
        cursor.execute("SELECT MIN(id) FROM registry_organization")
        first = cursor.fetchone()[0]
        # 撤销 for 3 %, followed by 注销 a year later for a third of them; 注销 alone for another 3 %.
        roll = h("o.id", 3) + " % 1000"
        day = d.add_days(d.literal_date(date(2016, 1, 1)), h("o.id", 4) + " % 3000")
        for kind, condition, when in (
                ("revocation", f"{roll} < 30", day),
                ("deregistration", f"{roll} < 10", d.add_days(day, "400")),
                ("deregistration", f"{roll} >= 30 AND {roll} < 60", day)):
            cols, exprs = insert_columns(RegistrationEvent, {
                "organization_id": "o.id", "kind": f"'{kind}'", "effective_on": when, "reason": "'bench'"}, d)
            cursor.execute(f"INSERT INTO registry_registrationevent ({cols}) SELECT {exprs} "
                           f"FROM registry_organization o WHERE {condition}")
        b, s = h("n.i", 5) + " % 1000", h("n.i", 6) + " % 10"
        kind = (f"CASE WHEN {b} < 250 THEN 'honour' WHEN {b} < 500 THEN 'inspection' WHEN {b} < 600 THEN 'rating' "
                f"WHEN {b} < 900 THEN 'purchased_service' WHEN {b} < 925 THEN 'annual_report_missing' "
                f"WHEN {b} < 932 THEN 'party_org_missing' WHEN {b} < 940 THEN 'rectification_overdue' "
                f"WHEN {b} < 943 THEN 'domicile_unreachable' WHEN {b} < 948 THEN 'court_dishonest_debtor' "
                f"WHEN {b} < 973 THEN 'penalty' WHEN {b} < 993 THEN 'rectification_verified' "
                f"ELSE 'serious_removal_verified' END")
        penalty = f"CASE WHEN {b} >= 948 AND {b} < 973 THEN (CASE WHEN {s} < 6 THEN 'warning' WHEN {s} < 9 THEN 'fine' " \
                  f"ELSE 'suspension' END) ELSE '' END"
        fine = f"CASE WHEN {b} >= 948 AND {b} < 973 AND {s} IN (6, 7) THEN 10000 " \
               f"WHEN {b} >= 948 AND {b} < 973 AND {s} = 8 THEN 80000 END"
        occurred = d.add_days(d.literal_date(date(2015, 1, 1)), h("n.i", 7) + " % 4000")
        removal = f"{b} >= 973"
        late = h("n.i", 8)
        known = f"CASE WHEN {removal} OR {late} % 10 <> 0 THEN {occurred} ELSE {d.add_days(occurred, late + ' % 60')} END"
        details = (f"CASE WHEN {b} >= 250 AND {b} < 500 THEN '{{\"result\": \"qualified\"}}' "
                   f"WHEN {b} >= 500 AND {b} < 600 THEN '{{\"grade\": \"3A\", \"valid_until\": null}}' "
                   "ELSE '{}' END")
        cols, exprs = insert_columns(CreditFact, {
            "organization_id": f"{first} + {h('n.i', 9)} % {orgs}", "kind": kind, "occurred_on": occurred,
            "known_on": known, "effective_on": f"CASE WHEN {removal} THEN {d.add_days(occurred, h('n.i', 10) + ' % 6')} END",
            "penalty_kinds": penalty, "fine_amount": fine, "details": details + ("::jsonb" if d.pg else ""),
            "issuing_authority": "'基准数据'",
        }, d)
        cursor.execute(f"INSERT INTO credit_creditfact ({cols}) SELECT {exprs} FROM {d.numbers(facts)}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"generated {orgs:,} organizations and {facts:,} credit facts in {time.perf_counter() - started:.0f}s "
          f"({RegistrationEvent.objects.count():,} registration events)")


# --- the raw SQL decisions -------------------------------------------------------------------------------

DIRECT = {"annual_report_missing": "ABN-1", "party_org_missing": "ABN-2", "rectification_overdue": "ABN-3",
          "fundraising_inactive": "ABN-4", "domicile_unreachable": "ABN-6", "other_abnormal": "ABN-7",
          "change_registration_revoked": "SER-2", "court_dishonest_debtor": "SER-6", "registration_ended": "SER-7",
          "other_serious": "SER-8"}


def sql_program(d: Dialect, as_of: date, notice_days: int = 0, threshold: int = 50000) -> list[str]:
    """Statements that compute every list entry as of ``as_of`` into the scratch table (national defaults)."""
    day = d.literal_date(as_of)
    temp = "CREATE TEMP TABLE" if not d.pg else "CREATE TEMP TABLE"
    later = "CASE WHEN f.occurred_on > f.known_on THEN f.occurred_on ELSE f.known_on END"
    kinds = ", ".join(f"'{k}'" for k in DIRECT)
    rule = "CASE kind " + " ".join(f"WHEN '{k}' THEN '{r}'" for k, r in DIRECT.items()) + " END"
    small = f"(pk LIKE '%warning%' OR (pk LIKE '%fine%' AND fine < {threshold}))"
    maxnull = "CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL THEN {a} WHEN {a} > {b} THEN {a} ELSE {b} END"
    # Timer dates are carried in the state (a_auto, a_esc, a_esc2, s_elig) and computed per event beforehand,
    # so the recursive step does no date arithmetic: the clock only ever becomes an event's own day.
    auto = "(CASE WHEN s.ao = 1 AND s.a_rmax IS NULL AND s.a_nr > 0 THEN s.a_auto END)"
    tim = "(CASE WHEN s.ao = 1 AND s.a_rmax IS NULL AND s.a_nr > 0 THEN s.a_auto WHEN s.ao = 1 THEN s.a_esc END)"
    due = f"({tim} IS NOT NULL AND ({tim} < e.day OR ({tim} = e.day AND e.typ <> 1)))"
    is_auto = f"({auto} IS NOT NULL)"
    list_a = "(e.typ = 3 AND e.lst = 'A' AND e.skip = 0)"
    list_s = "(e.typ = 3 AND e.lst = 'S' AND e.skip = 0)"
    rect = "(e.typ = 1 AND e.kind = 'R')"
    srem = "(e.typ = 1 AND e.kind = 'S')"
    dereg = "(e.typ = 1 AND e.kind = 'D')"
    end = "(e.typ = 9)"
    rmax_after = "(CASE WHEN s.a_rmax IS NULL OR e.v >= s.a_rmax THEN NULL ELSE s.a_rmax END)"
    rect_close = f"(s.ao = 1 AND {rmax_after} IS NULL AND (s.a_nr = 0 OR e.day >= s.a_auto))"
    eligible = "(CASE WHEN e.l1 IS NOT NULL AND e.l1 >= s.s_start AND e.l1 > s.s_clock THEN e.l1e ELSE s.s_elig END)"
    srem_close = f"(s.so = 1 AND s.s_umax IS NULL AND e.v >= {eligible})"
    dereg_s_close = "(s.so = 1 AND s.s_other = 0)"
    abn_close = f"(({rect} AND {rect_close}) OR {dereg})"
    ser_close = f"(({srem} AND {srem_close}) OR ({dereg} AND {dereg_s_close}))"
    umax_esc = maxnull.format(a="(CASE WHEN s.so = 1 THEN s.s_umax END)", b="s.a_rmax")

    def col(timer: str, event: str) -> str:
        return f"CASE WHEN {due} THEN {timer} ELSE {event} END"

    def abn_date(field: str, event_value: str) -> str:
        return col("NULL", f"CASE WHEN {list_a} THEN {event_value} WHEN {abn_close} THEN NULL ELSE s.{field} END")

    step = ", ".join([
        "s.org",
        col("s.pos", "s.pos + 1"),
        col("0", f"CASE WHEN {list_a} THEN 1 WHEN {abn_close} THEN 0 ELSE s.ao END"),
        abn_date("a_start", "(CASE WHEN s.ao = 1 THEN s.a_start ELSE e.day END)"),
        abn_date("a_clock", "e.day"), abn_date("a_auto", "e.auto"), abn_date("a_esc", "e.esc"),
        abn_date("a_esc2", "e.esc2"),
        col("NULL", f"CASE WHEN {list_a} THEN (CASE WHEN e.rect = 1 THEN "
                    f"{maxnull.format(a='(CASE WHEN s.ao = 1 THEN s.a_rmax END)', b='e.trig')} "
                    f"ELSE (CASE WHEN s.ao = 1 THEN s.a_rmax END) END) WHEN {rect} AND s.ao = 1 THEN "
                    f"(CASE WHEN {rect_close} THEN NULL ELSE {rmax_after} END) WHEN {dereg} THEN NULL ELSE s.a_rmax END"),
        col("0", f"CASE WHEN {list_a} THEN (CASE WHEN s.ao = 1 THEN s.a_nr ELSE 0 END) + 1 - e.rect "
                 f"WHEN {abn_close} THEN 0 ELSE s.a_nr END"),
        col(f"CASE WHEN {is_auto} THEN s.so ELSE 1 END",
            f"CASE WHEN {list_s} THEN 1 WHEN {ser_close} THEN 0 ELSE s.so END"),
        col(f"CASE WHEN {is_auto} OR s.so = 1 THEN s.s_start ELSE s.a_esc END",
            f"CASE WHEN {list_s} THEN (CASE WHEN s.so = 1 THEN s.s_start ELSE e.day END) "
            f"WHEN {ser_close} THEN NULL ELSE s.s_start END"),
        col(f"CASE WHEN {is_auto} THEN s.s_clock ELSE s.a_esc END",
            f"CASE WHEN {list_s} THEN e.day WHEN {ser_close} THEN NULL ELSE s.s_clock END"),
        col(f"CASE WHEN {is_auto} THEN s.s_elig ELSE s.a_esc2 END",
            f"CASE WHEN {list_s} THEN e.esc WHEN {ser_close} THEN NULL ELSE s.s_elig END"),
        col(f"CASE WHEN {is_auto} THEN s.s_other WHEN s.so = 1 THEN s.s_other + 1 ELSE 1 END",
            f"CASE WHEN {list_s} THEN (CASE WHEN s.so = 1 THEN s.s_other ELSE 0 END) + "
            "(CASE WHEN e.rule = 'SER-7' THEN 0 ELSE 1 END) "
            f"WHEN {ser_close} THEN 0 ELSE s.s_other END"),
        col(f"CASE WHEN {is_auto} THEN s.s_umax ELSE {umax_esc} END",
            f"CASE WHEN {list_s} THEN (CASE WHEN s.so = 1 THEN s.s_umax END) "
            f"WHEN {rect} AND s.so = 1 AND s.s_umax IS NOT NULL AND e.v >= s.s_umax THEN NULL "
            f"WHEN {ser_close} THEN NULL ELSE s.s_umax END"),
        col("s.a_start", f"CASE WHEN ({rect} AND {rect_close}) OR ({dereg} AND s.ao = 1) OR ({end} AND s.ao = 1) "
                         "THEN s.a_start END"),
        col(tim, f"CASE WHEN ({rect} AND {rect_close}) OR ({dereg} AND s.ao = 1) THEN e.day END"),
        col(f"CASE WHEN {is_auto} THEN 'ABN-X-6M' ELSE 'ABN-X-ESCALATED' END",
            f"CASE WHEN {rect} AND {rect_close} THEN 'ABN-X-RECTIFIED' WHEN {dereg} AND s.ao = 1 THEN 'ABN-X-DEREG' "
            "ELSE '' END"),
        col("NULL", f"CASE WHEN {ser_close} OR ({end} AND s.so = 1) THEN s.s_start END"),
        col("NULL", f"CASE WHEN {ser_close} THEN e.day END"),
        col("''", f"CASE WHEN {srem} AND {srem_close} THEN 'SER-X-2Y' WHEN {dereg} AND {dereg_s_close} "
                  "THEN 'SER-X-DEREG' ELSE '' END"),
    ])
    columns = ("org, pos, ao, a_start, a_clock, a_auto, a_esc, a_esc2, a_rmax, a_nr, so, s_start, s_clock, s_elig, "
               "s_other, s_umax, ca_start, ca_end, ca_rule, cs_start, cs_end, cs_rule")
    date_type = "DATE" if d.pg else "TEXT"
    nd = f"CAST(NULL AS {date_type})"
    seq_key = "e.day, e.typ, e.key"
    return [
        "DROP TABLE IF EXISTS bench_f", "DROP TABLE IF EXISTS bench_dereg", "DROP TABLE IF EXISTS bench_g",
        "DROP TABLE IF EXISTS bench_ev", f"DROP TABLE IF EXISTS {SCRATCH}",
        # 1. the facts known on the day, with the day each becomes actionable
        f"""{temp} bench_f AS
            SELECT f.organization_id AS org, 'cf:' || {d.text('f.id')} AS ref, f.kind, f.occurred_on AS occ,
                   {later} AS trig, COALESCE(f.effective_on, {later}) AS eff, f.penalty_kinds AS pk,
                   f.fine_amount AS fine
            FROM credit_creditfact f WHERE f.known_on <= {day}
            UNION ALL
            SELECT r.organization_id, 're:' || {d.text('r.id')},
                   CASE r.kind WHEN 'deregistration' THEN 'deregistered' ELSE 'registration_ended' END,
                   r.effective_on, r.effective_on, r.effective_on, '', NULL
            FROM registry_registrationevent r
            WHERE r.kind IN ('revocation', 'certificate_cancellation', 'deregistration') AND r.effective_on <= {day}""",
        "CREATE INDEX bench_f_org ON bench_f (org, kind)",
        # 2. the first deregistration
        f"""{temp} bench_dereg AS
            SELECT org, MIN(trig) AS day FROM bench_f WHERE kind = 'deregistered' GROUP BY org""",
        # 3. every ground with its trigger and listing day: the day after the ground, and no earlier than
        #    CREDIT_NOTICE_DAYS after the trigger (credit.rules.listing_day)
        f"""{temp} bench_g AS
            SELECT g.org, g.rule, g.trig,
                   {d.greatest(d.add_days('g.occ', '1'), d.add_days('g.trig', str(notice_days)))} AS listed,
                   CASE WHEN g.rule = 'ABN-5' OR g.rule LIKE 'SER%' THEN 0 ELSE 1 END AS rect
            FROM (
              SELECT org, {rule} AS rule, trig, occ FROM bench_f WHERE kind IN ({kinds})
              UNION ALL SELECT org, 'SER-3', trig, occ FROM bench_f WHERE kind = 'penalty' AND pk LIKE '%suspension%'
              UNION ALL SELECT org, 'SER-4', trig, occ FROM bench_f
                        WHERE kind = 'penalty' AND pk LIKE '%fine%' AND fine >= {threshold}
              UNION ALL SELECT org, 'ABN-5', trig, occ FROM bench_f WHERE kind = 'penalty' AND {small}
              UNION ALL SELECT p.org, 'SER-5', {d.greatest('p.trig', 'MIN(q.trig)')}, p.occ FROM bench_f p
                        JOIN bench_f q ON q.org = p.org AND q.kind = 'penalty' AND (q.occ < p.occ OR
                             (q.occ = p.occ AND q.ref < p.ref)) AND p.occ < {d.after_full('q.occ', 36)}
                        WHERE p.kind = 'penalty' AND {small.replace('pk', 'p.pk').replace('fine <', 'p.fine <')}
                          AND {small.replace('pk', 'q.pk').replace('fine <', 'q.fine <')}
                        GROUP BY p.org, p.ref, p.trig, p.occ
            ) g LEFT JOIN bench_dereg x ON x.org = g.org
            WHERE x.day IS NULL OR g.trig < x.day""",
        "CREATE INDEX bench_g_org ON bench_g (org, listed)",
        # 4. the events of each organization in the rules' order (removals before listings on a day), numbered
        f"""{temp} bench_ev AS
            SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.org ORDER BY {seq_key}) AS seq FROM (
              SELECT g.org, g.listed AS day, 3 AS typ, g.rule || {d.text('g.trig')} AS key,
                     CASE WHEN g.rule LIKE 'ABN%' THEN 'A' ELSE 'S' END AS lst, g.rule, g.trig, g.rect,
                     CASE WHEN (x.day IS NOT NULL AND g.listed >= x.day) OR (g.rect = 1 AND EXISTS (
                       SELECT 1 FROM bench_f r WHERE r.org = g.org AND r.kind = 'rectification_verified'
                         AND g.trig <= r.occ AND r.eff < g.listed AND r.eff <= {day})) THEN 1 ELSE 0 END AS skip,
                     {nd} AS v, '' AS kind, {nd} AS l1, {nd} AS l1e, {d.after_full('g.listed', 6)} AS auto,
                     {d.after_full('g.listed', 24)} AS esc, {d.after_full(d.after_full('g.listed', 24), 24)} AS esc2
              FROM bench_g g LEFT JOIN bench_dereg x ON x.org = g.org WHERE g.listed <= {day}
              UNION ALL
              SELECT f.org, f.eff, 1, f.ref, '', '', {nd}, 0, 0, f.occ,
                     CASE f.kind WHEN 'rectification_verified' THEN 'R' WHEN 'serious_removal_verified' THEN 'S' ELSE 'D' END,
                     f.l1, {d.after_full('f.l1', 24)}, {nd}, {nd}, {nd}
              FROM (SELECT f.*, (SELECT MAX(g.listed) FROM bench_g g WHERE g.org = f.org AND g.listed <= f.occ) AS l1
                    FROM bench_f f) f LEFT JOIN bench_dereg x ON x.org = f.org
              WHERE f.eff <= {day} AND (f.kind IN ('rectification_verified', 'serious_removal_verified')
                    OR (f.kind = 'deregistered' AND f.trig = x.day AND f.ref = (SELECT MIN(y.ref) FROM bench_f y
                        WHERE y.org = f.org AND y.kind = 'deregistered' AND y.trig = x.day)))
              UNION ALL
              SELECT DISTINCT org, {day}, 9, '', '', '', {nd}, 0, 0, {nd}, '', {nd}, {nd}, {nd}, {nd}, {nd} FROM bench_f
            ) e""",
        "CREATE INDEX bench_ev_step ON bench_ev (org, seq)",
        # 5. step every organization through its events at once; each step applies one transition
        f"""CREATE TABLE {SCRATCH} AS
            WITH RECURSIVE st({columns}) AS (
              SELECT DISTINCT org, 1, 0, {nd}, {nd}, {nd}, {nd}, {nd}, {nd}, 0, 0, {nd}, {nd}, {nd}, 0, {nd},
                     {nd}, {nd}, CAST('' AS TEXT), {nd}, {nd}, CAST('' AS TEXT)
              FROM bench_ev
              UNION ALL
              SELECT {step} FROM st s JOIN bench_ev e ON e.org = s.org AND e.seq = s.pos
            )
            SELECT org, 'abnormal' AS list_kind, ca_start AS start_on, ca_end AS end_on, ca_rule AS exit_rule
              FROM st WHERE ca_start IS NOT NULL
            UNION ALL
            SELECT org, 'serious', cs_start, cs_end, cs_rule FROM st WHERE cs_start IS NOT NULL""",
    ]


def run_sql(as_of: date) -> float:
    from django.db import connection

    statements = sql_program(Dialect(connection.vendor), as_of)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return time.perf_counter() - started


def compare_sql() -> tuple[int, int, list]:
    """(entries in the sweep's cache, entries from raw SQL, first differences)."""
    from django.db import connection

    from credit.models import ListEntry

    cache = {(o, k, str(s), str(e) if e else None, r) for o, k, s, e, r in ListEntry.objects.values_list(
        "organization_id", "list_kind", "start_on", "end_on", "exit_rule")}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT org, list_kind, start_on, end_on, exit_rule FROM {SCRATCH}")
        sql = {(o, k, str(s), str(e) if e else None, r or "") for o, k, s, e, r in cursor.fetchall()}
    return len(cache), len(sql), sorted(cache ^ sql)[:10]


# --- the run -------------------------------------------------------------------------------------------

def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=20_000)
    parser.add_argument("--facts", type=int, default=200_000)
    parser.add_argument("--as-of", default="2026-01-01")
    parser.add_argument("--sample", type=int, default=1000, help="organizations timed in the per-organization loop")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    as_of = date.fromisoformat(args.as_of)
    setup_django(database(args.orgs, args.facts))
    from django.core.management import call_command
    from django.db import connection

    from credit.models import ListEntry, ListNotice
    from credit.sweep import refresh, sweep
    from registry.models import Organization

    call_command("migrate", verbosity=0)
    build(args.orgs, args.facts, args.seed)
    vendor = connection.vendor
    print(f"\ncredit sweep benchmark: {vendor}, {args.orgs:,} organizations, {args.facts:,} credit facts, "
          f"as of {as_of}\n")

    ListEntry.objects.all().delete()
    ListNotice.objects.all().delete()
    started = time.perf_counter()
    report = sweep(as_of, lines=0)
    cold = time.perf_counter() - started
    print(f"set-based sweep (cold cache): {cold:.1f}s — {report.summary()}")
    listed = ListEntry.objects.values("organization_id").distinct().count()
    print(f"organizations with a list entry at some time: {listed:,} of {args.orgs:,} "
          f"({listed / args.orgs:.0%})")
    started = time.perf_counter()
    again = sweep(as_of, lines=0)
    warm = time.perf_counter() - started
    print(f"set-based sweep (re-run, nothing to write): {warm:.1f}s — changed {again.changed}")

    ids = list(Organization.objects.values_list("id", flat=True))
    sample = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
    kept = {(o, k, s, e, r) for o, k, s, e, r in ListEntry.objects.filter(organization_id__in=sample).values_list(
        "organization_id", "list_kind", "start_on", "end_on", "exit_rule")}
    ListEntry.objects.filter(organization_id__in=sample).delete()
    ListNotice.objects.filter(organization_id__in=sample).delete()
    started = time.perf_counter()
    for org_id in sample:
        refresh([org_id], as_of)
    loop = time.perf_counter() - started
    per_org = loop / len(sample)
    loop_full = per_org * len(ids)
    again = {(o, k, s, e, r) for o, k, s, e, r in ListEntry.objects.filter(organization_id__in=sample).values_list(
        "organization_id", "list_kind", "start_on", "end_on", "exit_rule")}
    print(f"per-organization loop: {len(sample):,} organizations in {loop:.1f}s ({per_org * 1000:.2f} ms each); "
          f"extrapolated to {len(ids):,}: {loop_full:.0f}s; same entries as the sweep: {again == kept}")

    sql_seconds = run_sql(as_of)
    cached, from_sql, differences = compare_sql()
    print(f"raw SQL (recursive CTE): {sql_seconds:.1f}s — {from_sql:,} entries; sweep cache {cached:,}; "
          f"differences: {len(differences)}{' ' + str(differences[:3]) if differences else ''}")

    print("\n| method | time | vs loop |\n| --- | --- | --- |")
    print(f"| per-organization loop (sample of {len(sample):,}, extrapolated) | {loop_full:,.0f} s | 1x |")
    print(f"| socorg set-based sweep, cold cache (writes and audits every entry) | {cold:,.1f} s | "
          f"{loop_full / cold:.0f}x |")
    print(f"| socorg set-based sweep, re-run (nothing changed) | {warm:,.1f} s | {loop_full / warm:.0f}x |")
    print(f"| raw SQL, same decisions (entries only, no explanations or audit) | {sql_seconds:,.1f} s | "
          f"{loop_full / sql_seconds:.0f}x |")
    return 0 if not differences else 1


if __name__ == "__main__":
    sys.exit(main())
