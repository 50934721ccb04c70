"""Registers whose true statistics are known, built in bulk (bulk_create: thousands of rows in a second)."""

import itertools
from datetime import date, timedelta

from registry.models import EventKind, Organization, OrganizationVersion, RegistrationEvent
from supervision.models.ratings import Grade, GradeSpan

_serial = itertools.count(1)
REMOVAL_EVENT = {"deregistered": EventKind.DEREGISTRATION, "revoked": EventKind.REVOCATION,
                 "certificate_cancelled": EventKind.CERTIFICATE_CANCELLATION}
RANK = {"5A": 5, "4A": 4, "3A": 3, "2A": 2, "1A": 1}


def orgs(count: int, authority: str, *, level: str = "county", org_type: str = "social_group",
         founded: date = date(2015, 1, 1), status: str = "active", removed_on: date | None = None,
         community: str = "") -> list[Organization]:
    """``count`` organizations with their derived versions (and removal events for removed ones)."""
    rows = []
    for _ in range(count):
        n = next(_serial)
        community_org = org_type == "community_org"
        rows.append(Organization(
            uscc=None if community_org else f"T{n:017d}", filing_number=f"F{n:011d}" if community_org else None,
            org_type=org_type, level=level, authority_id=authority, name=f"统计测试{n}号组织", founded_on=founded,
            status=status, status_since=removed_on, community=community))
    created = Organization.objects.bulk_create(rows, batch_size=2000)
    versions, events = [], []
    for org in created:
        end = removed_on if status != "active" else None
        versions.append(OrganizationVersion(organization=org, valid_from=founded, valid_to=end, name=org.name,
                                            status="active", authority_id=authority))
        events.append(RegistrationEvent(organization=org, kind=EventKind.ESTABLISHMENT, effective_on=founded))
        if end is not None:
            versions.append(OrganizationVersion(organization=org, valid_from=end, name=org.name, status=status,
                                                authority_id=authority))
            events.append(RegistrationEvent(organization=org, kind=REMOVAL_EVENT[status], effective_on=end))
    OrganizationVersion.objects.bulk_create(versions, batch_size=2000)
    RegistrationEvent.objects.bulk_create(events, batch_size=2000)
    return created


def grades(organizations, grade: str, *, conferred: date = date(2023, 6, 1), years: int = 5) -> None:
    """Grant ``grade`` to each organization (its grade fact and the derived span)."""
    until = conferred.replace(year=conferred.year + years) - timedelta(days=1)
    made = Grade.objects.bulk_create([Grade(organization=o, grade=grade, conferred_on=conferred, valid_until=until)
                                      for o in organizations], batch_size=2000)
    GradeSpan.objects.bulk_create([
        GradeSpan(organization_id=g.organization_id, source=g, grade=grade, rank=RANK[grade], valid_from=conferred,
                  valid_to=until + timedelta(days=1), ended_by="expiry") for g in made], batch_size=2000)


def reports(organizations, year: int, *, submitted: date, employees: int = 0, assets="0", conclusion: str = "",
            concluded: date | None = None, mode: str = "inspection"):
    """An annual report for ``year`` from each organization: one submission and, when ``concluded``, the
    registration authority's concluding review (``conclusion`` blank for a formal report review)."""
    from supervision.models.reports import AnnualReport, ReportReview, ReportSubmission

    made = AnnualReport.objects.bulk_create([
        AnnualReport(organization=o, year=year, state="concluded" if concluded else "awaiting_review",
                     first_submitted_on=submitted, last_submitted_on=submitted, conclusion=conclusion,
                     concluded_on=concluded, review_mode=mode if concluded else "") for o in organizations])
    zero = {f: 0 for f in ("income_donations", "income_government", "income_service_fees", "income_membership_dues",
                           "income_other", "income_total", "expense_programmes", "expense_administration",
                           "expense_fundraising", "expense_total", "total_liabilities")}
    subs = ReportSubmission.objects.bulk_create([
        ReportSubmission(report=r, number=1, submitted_on=submitted, first_review_required=False, employees=employees,
                         volunteers=0, branches=0, party_organization=False, activities="统计测试",
                         total_assets=assets, net_assets=assets, **zero) for r in made])
    if concluded:
        ReportReview.objects.bulk_create([
            ReportReview(report=r, submission=s, stage="authority", outcome="concluded", mode=mode,
                         conclusion=conclusion, reviewed_on=concluded) for r, s in zip(made, subs, strict=True)])
    return made


def penalties(organizations, kind: str, decided: date, amount=None):
    from supervision.models.penalties import Penalty

    return Penalty.objects.bulk_create([
        Penalty(organization=o, kind=kind, amount=amount, decision_number=f"统罚{next(_serial)}", decided_on=decided,
                legal_basis="《社会团体登记管理条例》", facts="统计测试", department_kind="civil_affairs",
                department_name="民政局") for o in organizations])


def draw(organizations, authority: str, drawn: date, conclusions: list[str] | None = None, published=None):
    """A spot-check draw of ``organizations`` and, for the first len(conclusions), a published result."""
    from supervision.models.spotchecks import Draw, DrawTarget, Finding, SpotCheckPlan

    plan = SpotCheckPlan.objects.create(authority_id=authority, year=drawn.year, kind="periodic", title="统计测试",
                                        rate=5)
    the_draw = Draw.objects.create(
        plan=plan, seed="s", drawn_on=drawn, algorithm_version="1", algorithm_sha256="0" * 64, python_version="3",
        candidates=[], candidates_count=len(organizations), candidates_sha256="0" * 64, sizes=[], roster=[],
        conflicts=[], inspectors_per_target=2, roster_sha256="0" * 64, result_sha256="0" * 64)
    targets = DrawTarget.objects.bulk_create([DrawTarget(draw=the_draw, organization=o, stratum="all", position=i)
                                              for i, o in enumerate(organizations, 1)])
    Finding.objects.bulk_create([
        Finding(target=t, method="desk", checked_on=drawn, conclusion=c, summary="统计测试",
                published_on=published or drawn) for t, c in zip(targets, conclusions or [], strict=False)])
    return targets


def listed(organizations, kind: str, start: date, end: date | None = None):
    from credit.models import ListEntry

    return ListEntry.objects.bulk_create([
        ListEntry(organization=o, authority_id=o.authority_id, list_kind=kind, start_on=start, end_on=end,
                  clock_on=start, rules="T", deciding_authority_name="民政局", digest="0") for o in organizations])
