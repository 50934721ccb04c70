"""What the rules make public about an organization's supervision, for its public page (portal.sections).

Credit information of DOMAIN §3.2: the annual-report information and inspection results, administrative
penalties, and the leadership term in force. On ``as_of`` each is shown as it stood that day (replayed from
the dated facts), else as of today. Supervision may not import the portal, so the sections are plain objects
with the fields the portal reads (title, template, context, order).
"""

from datetime import date

from django.utils.translation import gettext as _

from supervision.base import PublicSection
from supervision.leadership import queries as leadership_queries
from supervision.models import AnnualReport, ReportOverdue, ReportState
from supervision.penalties import queries as penalties_queries

from . import services


def annual_rows(org, day: date | None) -> list[dict]:
    """One row per report year: the conclusion, "report filed", or "under review"; and any overdue finding."""
    reports = AnnualReport.objects.filter(organization=org).prefetch_related("submissions__reviews")
    findings: dict[int, list] = {}
    for fact in ReportOverdue.objects.filter(organization=org).order_by("kind"):
        if day is None or fact.detected_on <= day:
            findings.setdefault(fact.year, []).append(fact)
    rows = {}
    for report in reports:
        standing = services.report_as_of(report, day) if day else services.ReportStanding(
            report.year, report.state, report.conclusion, report.concluded_on, report.review_mode)
        if standing is not None:
            rows[report.year] = {"year": report.year, "standing": standing,
                                 "concluded": standing.state == ReportState.CONCLUDED}
    for year in findings:
        rows.setdefault(year, {"year": year, "standing": None, "concluded": False})
    for year, row in rows.items():
        row["findings"] = findings.get(year, [])
    return [rows[year] for year in sorted(rows, reverse=True)]


def sections(org, as_of=None) -> list[PublicSection]:
    term = leadership_queries.term_as_of(org, as_of)
    postponements = [p for p in term.postponements.all() if as_of is None or p.approved_on <= as_of] if term else []
    return [
        PublicSection(_("Annual work reports and inspection"), "supervision/public_reports_annual.html",
                      {"rows": annual_rows(org, as_of)}, order=30),
        PublicSection(_("Administrative penalties"), "supervision/public_reports_penalties.html",
                      {"penalties": penalties_queries.penalties_as_of(org, as_of)}, order=40),
        PublicSection(_("Leadership term"), "supervision/public_reports_leadership.html",
                      {"term": term, "postponements": postponements}, order=50),
    ]
