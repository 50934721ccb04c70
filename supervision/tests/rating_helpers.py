"""Shared helpers of the rating and spot-check tests."""

from datetime import date, timedelta

from django.utils import timezone

from audit.models import AuditEvent
from conftest import db_snapshot
from supervision.models import (
    AnnualReport,
    CommitteeDecision,
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    Grade,
    GradeAction,
    GradeSpan,
    IndicatorScore,
    Inspector,
    RatingApplication,
    RatingObjection,
    RectificationNotice,
    ScoreSheetVersion,
    SpotCheckPlan,
    TargetInspector,
)
from supervision.ratings import services as ratings_services


def today() -> date:
    return timezone.localdate()


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def state() -> tuple:
    """The content of everything the rating and spot-check services write, and the audit log."""
    return db_snapshot(RatingApplication, IndicatorScore, CommitteeDecision, RatingObjection, Grade, GradeAction,
                       GradeSpan, ScoreSheetVersion, Inspector, ConflictDeclaration, SpotCheckPlan, Draw, DrawTarget,
                       TargetInspector, Finding, RectificationNotice, AuditEvent)


def inspected(org, year: int, conclusion: str = "qualified", concluded_on: date | None = None) -> AnnualReport:
    """The annual-inspection result of ``year`` as part A's report cache holds it (its full submission and
    review flow is tested in test_report_*; here only the concluded result matters)."""
    concluded_on = concluded_on or min(date(year + 1, 5, 31), days_ago(60))
    return AnnualReport.objects.create(organization=org, year=year, state="concluded",
                                       first_submitted_on=concluded_on, last_submitted_on=concluded_on,
                                       conclusion=conclusion, concluded_on=concluded_on, review_mode="inspection")


def make_eligible(org, on: date | None = None) -> None:
    """Qualified in the annual inspections of the two years before ``on``."""
    on = on or days_ago(40)
    for year in (on.year - 1, on.year - 2):
        inspected(org, year, concluded_on=min(date(year + 1, 5, 31), on - timedelta(days=1)))


def score_all(actor, app, points=lambda indicator: indicator.max_points * 9 / 10, on=None):
    entries = [{"indicator": i.code, "points": str(round(points(i), 2))} for i in app.sheet_version.indicators.all()]
    return ratings_services.score(actor, app, entries, on=on)


def decided(world, org, *, share=0.9, applied=40, decided_on=20, grade=ratings_services.GRADE_FROM_BANDS, reason=""):
    """An application of ``org`` scored at ``share`` of every indicator and decided ``decided_on`` days ago."""
    make_eligible(org, days_ago(applied))
    officer = world.admin
    app = ratings_services.apply_for_rating(officer, org, on=days_ago(applied))
    score_all(officer, app, lambda i: i.max_points * type(i.max_points)(str(share)), on=days_ago(decided_on + 1))
    ratings_services.decide(officer, app, grade=grade, reason=reason, decided_on=days_ago(decided_on))
    app.refresh_from_db()
    return app


def problem_codes(violation) -> list[str]:
    return [p.code for p in violation.problems]


def api_codes(response) -> list[str]:
    return [e["code"] for e in response.json()["errors"]]
