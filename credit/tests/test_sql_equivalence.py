"""The benchmark's raw-SQL program (bench/bench_credit_sweep.py) reaches the same list decisions as the sweep on
random fact timelines, so the benchmark compares like with like."""

from datetime import date, timedelta

from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.bench_credit_sweep import SCRATCH, Dialect, sql_program
from credit.models import ListEntry
from credit.sweep import sweep
from registry.services import record_event

from .helpers import fact

KINDS = ["annual_report_missing", "party_org_missing", "court_dishonest_debtor", "domicile_unreachable",
         "penalty-warning", "penalty-fine", "penalty-bigfine", "penalty-suspension", "rectification_verified",
         "serious_removal_verified", "honour"]
START = date(2019, 1, 1)


@st.composite
def timelines(draw):
    items = []
    for _ in range(draw(st.integers(1, 10))):
        kind = draw(st.sampled_from(KINDS))
        occurred = START + timedelta(days=draw(st.integers(0, 6 * 365)))
        late = draw(st.sampled_from([0, 0, 0, 7, 90]))
        items.append((draw(st.integers(0, 1)), kind, occurred, late, draw(st.integers(0, 5))))
    dereg = draw(st.sampled_from([None, None, START + timedelta(days=draw(st.integers(300, 7 * 365)))]))
    return items, dereg


PENALTIES = {"warning": {"penalty_kinds": "warning"}, "fine": {"penalty_kinds": "fine", "fine_amount": 9000},
             "bigfine": {"penalty_kinds": "fine", "fine_amount": 70000},
             "suspension": {"penalty_kinds": "suspension"}}


def record_timeline(world, items, dereg) -> None:
    """Write one drawn timeline: its facts for the two organizations, and org_a's revocation and deregistration
    when the draw has one."""
    orgs = [world.org_a, world.org_b]
    for which, kind, occurred, late, gap in items:
        org = orgs[which]
        known = occurred + timedelta(days=late)
        if kind.startswith("penalty"):
            fact(org, "penalty", occurred, known, **PENALTIES[kind.split("-")[1]])
        elif kind in ("rectification_verified", "serious_removal_verified"):
            fact(org, kind, occurred, occurred, effective_on=occurred + timedelta(days=gap))
        else:
            fact(org, kind, occurred, known)
    if dereg:
        record_event(world.admin, world.org_a, kind="revocation", effective_on=dereg, reason="x")
        record_event(world.admin, world.org_a, kind="deregistration", effective_on=dereg + timedelta(days=200),
                     reason="x")


def as_date(value):
    """A date column as a date (SQLite returns text)."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(timeline=timelines())
def test_the_raw_sql_program_and_the_sweep_agree(world, timeline):
    items, dereg = timeline
    as_of = date(2026, 1, 1)
    with transaction.atomic():
        record_timeline(world, items, dereg)
        ListEntry.objects.all().delete()
        sweep(as_of)
        python = {(o, k, s, e, r) for o, k, s, e, r in ListEntry.objects.values_list(
            "organization_id", "list_kind", "start_on", "end_on", "exit_rule")}
        with connection.cursor() as cursor:
            for statement in sql_program(Dialect(connection.vendor), as_of):
                cursor.execute(statement)
            cursor.execute(f"SELECT org, list_kind, start_on, end_on, exit_rule FROM {SCRATCH}")
            sql = {(o, k, as_date(s), as_date(e), r or "") for o, k, s, e, r in cursor.fetchall()}
            for table in ("bench_f", "bench_dereg", "bench_g", "bench_ev", SCRATCH):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        assert sql == python
        transaction.set_rollback(True)
