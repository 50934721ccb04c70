"""Access-matrix entries of the annual-report, penalty and leadership URLs (see socorg/tests/test_access_matrix.py).

Policies: "scoped" pages are for the organization itself, the officers over it and its business supervisor's
users; "staff-scoped" for those officers only; "supervisor-scoped" (the 初审 form) and "supervisor-page" (its
queue) for business supervisor users only; annual reports, reviews and audits are private in the API
("api-scoped-private"), penalties and leadership terms public ("api-scoped"); the API's first-review queue is for
reviewers ("api-reviewer": business supervisor users and officers). Object-less lists are classified without an
object.
"""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from common.clock import today
from supervision.leadership import services as leadership_services
from supervision.penalties import services as penalties_services

from . import services

URL_POLICIES = {
    "reports:home": "staff-or-own",
    "reports:mine": "staff-or-own",
    "reports:file": "staff-or-own",
    "reports:queue": "staff-page",
    "reports:overdue": "staff-page",
    "reports:penalties": "staff-page",
    "reports:leadership_overdue": "staff-page",
    "reports:first_reviews": "supervisor-page",
    "reports:first_review": "supervisor-scoped",
    "reports:detail": "scoped",
    "reports:audit_file": "scoped",
    "reports:review": "staff-scoped",
    "reports:penalty": "staff-scoped",
    "reports:postpone": "staff-scoped",
    "reports:organization": "staff-scoped",
    "reports:penalty_new": "staff-scoped",
    "reports:term_new": "staff-scoped",
    "reports:audit_new": "staff-scoped",
    "api-annual-report-list": "api-list",
    "api-annual-report-overdue": "api-staff",
    "api-annual-report-first-review": "api-reviewer",
    "api-annual-report-detail": "api-scoped-private",
    "api-annual-report-submissions": "api-scoped-private",
    "api-annual-report-reviews": "api-scoped-private",
    "api-annual-report-audit-file": "api-scoped-private",
    "api-penalty-list": "api-list",
    "api-penalty-detail": "api-scoped",
    "api-leadership-term-list": "api-list",
    "api-leadership-term-overdue": "api-staff",
    "api-leadership-term-detail": "api-scoped",
    "api-leadership-term-postponements": "api-scoped",
    "api-departure-audit-list": "api-list",
    "api-departure-audit-detail": "api-scoped-private",
}
# A tiny PDF: the same bytes every run, so the content-addressed store keeps one copy per organization.
MATRIX_PDF = b"%PDF-1.4\n% socorg access-matrix fixture\n%%EOF\n"


def _objects(world, org_key):
    """One report (with an audit file), penalty, term and audit for world.<org_key>, made through the services."""
    cache = world.__dict__.setdefault("_reports_access", {})
    if org_key not in cache:
        from accounts.models import Role, User

        org = getattr(world, org_key)
        user = User.objects.filter(organization_id_bound=org.pk, role=Role.ORGANIZATION).first() or \
            User.objects.create(username=f"matrix-{org_key}", role=Role.ORGANIZATION, organization_id_bound=org.pk)
        report = services.submit_report(user, org, {"year": today().year - 1, **_figures()},
                                        SimpleUploadedFile("audit.pdf", MATRIX_PDF))
        penalty = penalties_services.record_penalty(world.admin, org, {
            "penalty": "warning", "decision_number": f"矩阵罚〔{org_key}〕1号", "decided_on": date(2020, 1, 2),
            "legal_basis": "《社会团体登记管理条例》第三十条", "facts": "未按规定办理变更登记"})
        term = leadership_services.file_term(world.admin, org, {
            "filing": "initial", "started_on": date(2020, 1, 1), "legal_rep_name": org.legal_rep_name,
            "board_members": ["甲", "乙", "丙"]})
        audit = leadership_services.record_departure_audit(world.admin, org, {"audited_on": date(2021, 1, 1),
                                                                   "auditor": "某会计师事务所"})
        cache[org_key] = {"report": report, "penalty": penalty, "term": term, "audit": audit, "org": org}
    return cache[org_key]


def _figures() -> dict:
    zero = "0.00"
    return {"income_donations": "100.00", "income_government": zero, "income_service_fees": zero,
            "income_membership_dues": zero, "income_other": zero, "income_total": "100.00",
            "expense_programmes": "50.00", "expense_administration": zero, "expense_fundraising": zero,
            "expense_total": "50.00", "total_assets": "50.00", "total_liabilities": zero, "net_assets": "50.00",
            "employees": 1, "volunteers": 0, "branches": 0, "party_organization": False, "activities": "年度活动"}


def url_kwargs(world, name, org_key):
    objects = _objects(world, org_key)
    by_name = {
        "reports:detail": {"pk": objects["report"].pk},
        "reports:review": {"pk": objects["report"].pk},
        "reports:first_review": {"pk": objects["report"].pk},
        "reports:audit_file": {"pk": objects["report"].pk, "number": 1},
        "reports:penalty": {"pk": objects["penalty"].pk},
        "reports:postpone": {"pk": objects["term"].pk},
        "reports:organization": {"code": objects["org"].code},
        "reports:penalty_new": {"code": objects["org"].code},
        "reports:term_new": {"code": objects["org"].code},
        "reports:audit_new": {"code": objects["org"].code},
        "api-annual-report-detail": {"pk": objects["report"].pk},
        "api-annual-report-submissions": {"pk": objects["report"].pk},
        "api-annual-report-reviews": {"pk": objects["report"].pk},
        "api-annual-report-audit-file": {"pk": objects["report"].pk, "number": 1},
        "api-penalty-detail": {"pk": objects["penalty"].pk},
        "api-leadership-term-detail": {"pk": objects["term"].pk},
        "api-leadership-term-postponements": {"pk": objects["term"].pk},
        "api-departure-audit-detail": {"pk": objects["audit"].pk},
    }
    return by_name.get(name)
