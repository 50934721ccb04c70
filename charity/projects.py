"""The only writers of charitable projects 慈善项目 and their disclosures; the deadlines of Law Art. 79 (progress at
least every three months for projects longer than six months, a final disclosure within three months after the
end), the reminders and the organization's public on-time rate."""

from datetime import date, timedelta

from django.db import transaction

from audit.services import record
from common.clock import today
from common.errors import Refusal, RuleViolation
from divisions.policy import setting
from supervision.base import deny_unless_org_or_staff
from supervision.cleaning import clean_text, parse_day

from . import rules
from .models import CharityProject, DisclosureKind, FundraisingPlan, ProjectCategory, ProjectDisclosure
from .sequences import next_number
from .services import _collect, _user, parse_money, refuse


def _count(value, field: str, problems: list[Refusal]) -> int | None:
    try:
        number = int(str(value if value not in (None, "") else "0").strip())
    except ValueError:
        problems.append(Refusal("COUNT-FORMAT", field, f"“{value}”不是整数", f"'{value}' is not a whole number",
                                value=str(value)))
        return None
    if number < 0:
        problems.append(Refusal("COUNT-NEGATIVE", field, "人次或机构数不能为负数", "a count may not be negative",
                                value=str(value)))
        return None
    return number


@transaction.atomic
def create_project(actor, org, data: dict) -> CharityProject:
    deny_unless_org_or_staff(actor, org)
    problems: list[Refusal] = []
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems)
    category = str(data.get("category") or "")
    if category not in ProjectCategory.values:
        problems.append(Refusal("PROJECT-CATEGORY", "category", "项目类别应为助困、助医、助学、助老、救灾或其他",
                                "the category is poverty, medical, education, elderly, disaster or other",
                                value=category))
    starts_on = _collect(lambda: parse_day(data.get("starts_on"), "starts_on", not_after_today=False), problems)
    ends_on = _collect(lambda: parse_day(data.get("ends_on"), "ends_on", not_after_today=False), problems)
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(Refusal("PROJECT-PERIOD", "ends_on", f"结束日期 {ends_on} 早于开始日期 {starts_on}",
                                f"the end {ends_on} is before the start {starts_on}", value=str(ends_on)))
    budget = _collect(lambda: parse_money(data.get("budget"), "budget"), problems)
    funding = _collect(lambda: clean_text(data.get("funding_sources"), "funding_sources", required=True), problems)
    description = _collect(lambda: clean_text(data.get("description"), "description"), problems) or ""
    plan = None
    if data.get("plan"):
        plan = FundraisingPlan.objects.filter(organization=org, filing_number=str(data["plan"]).strip()).first()
        if plan is None:
            problems.append(Refusal("PROJECT-PLAN", "plan", f"本组织没有备案编号为 {data['plan']} 的募捐方案",
                                    f"this organization has no plan with filing number {data['plan']}",
                                    value=str(data["plan"])))
    if problems:
        raise RuleViolation(problems)
    prefix = f"{org.code}P{today().year % 100:02d}"
    number = next_number(org, f"project-{today().year % 100:02d}", model=CharityProject, prefix=prefix, width=3)
    project = CharityProject.objects.create(
        organization=org, public_id=f"{prefix}{number:03d}", name=name, category=category, starts_on=starts_on,
        ends_on=ends_on, budget=budget, funding_sources=funding, plan=plan, description=description,
        created_by=_user(actor))
    record(actor, "charity.project.create", "CharityProject", project.pk, after={
        "public_id": project.public_id, "name": name, "category": category, "starts_on": starts_on,
        "ends_on": ends_on, "budget": budget, "plan": plan.filing_number if plan else None})
    return project


@transaction.atomic
def disclose_project(actor, project: CharityProject, data: dict) -> ProjectDisclosure:
    project = CharityProject.objects.select_related("organization").get(pk=project.pk)
    deny_unless_org_or_staff(actor, project.organization)
    problems: list[Refusal] = []
    kind = str(data.get("kind") or "")
    if kind not in DisclosureKind.values:
        problems.append(Refusal("PROJECT-DISCLOSURE-KIND", "kind", "公开类别应为进展或结项",
                                "the disclosure is progress or final", value=kind))
    on = today()
    covers_to = _collect(lambda: parse_day(data.get("covers_to"), "covers_to", default=on), problems)
    spent = _collect(lambda: parse_money(data.get("spent"), "spent"), problems)
    persons = _count(data.get("persons_served"), "persons_served", problems)
    institutions = _count(data.get("institutions_served"), "institutions_served", problems)
    text = _collect(lambda: clean_text(data.get("text"), "text", required=True), problems)
    if kind == DisclosureKind.FINAL and on < project.ends_on:
        problems.append(Refusal("PROJECT-FINAL-EARLY", "kind", f"项目 {project.ends_on} 结束，结项公开应在结束后作出",
                                f"the project ends on {project.ends_on}: the final disclosure comes after the end",
                                value=kind))
    if kind == DisclosureKind.FINAL and project.disclosures.filter(kind=DisclosureKind.FINAL).exists():
        problems.append(Refusal("PROJECT-FINAL-TWICE", "kind", "结项公开已经作出", "the final disclosure was already made"))
    if problems:
        raise RuleViolation(problems)
    disclosure = ProjectDisclosure.objects.create(project=project, kind=kind, disclosed_on=on, covers_to=covers_to,
                                                  spent=spent, persons_served=persons,
                                                  institutions_served=institutions, text=text,
                                                  recorded_by=_user(actor))
    record(actor, "charity.project.disclose", "CharityProject", project.pk, after={
        "kind": kind, "disclosed_on": on, "spent": spent, "persons_served": persons,
        "institutions_served": institutions})
    return disclosure


def schedule(project: CharityProject, on: date | None = None) -> tuple[list[rules.DueItem], list[str]]:
    on = on or today()
    code = project.organization.authority_id
    long_ = setting("CHARITY_PROJECT_LONG_MONTHS", code, on)
    every = setting("CHARITY_PROJECT_PROGRESS_MONTHS", code, on)
    final = setting("CHARITY_PROJECT_FINAL_MONTHS", code, on)
    items = rules.project_schedule(project.starts_on, project.ends_on,
                                   list(project.disclosures.values_list("kind", "disclosed_on")), on,
                                   long_months=int(long_.value), every_months=int(every.value),
                                   final_months=int(final.value))
    return items, [long_.explanation, every.explanation, final.explanation]


def reminders(projects, on: date | None = None) -> list[tuple[CharityProject, rules.DueItem]]:
    """Deadlines coming within the reminder window, and those already missed."""
    on = on or today()
    out = []
    for project in projects:
        window = setting("CHARITY_PROJECT_REMINDER_DAYS", project.organization.authority_id, on)
        for item in schedule(project, on)[0]:
            if item.status == "missing" or (item.status == "upcoming" and item.due <= on + timedelta(
                    days=int(window.value))):
                out.append((project, item))
    return out


def organization_rate(org, on: date | None = None) -> tuple[int, int]:
    on_time = counted = 0
    for project in CharityProject.objects.filter(organization=org).prefetch_related("disclosures"):
        a, b = rules.on_time_rate(schedule(project, on)[0])
        on_time, counted = on_time + a, counted + b
    return on_time, counted


def project_for_disbursement(org, plan, public_id: str):
    if not public_id:
        return None
    project = CharityProject.objects.filter(organization=org, public_id=str(public_id).strip()).first()
    if project is None:
        refuse("PROJECT-UNKNOWN", "project", f"本组织没有编号为 {public_id} 的慈善项目",
               f"this organization has no project {public_id}", value=str(public_id))
    if project.plan_id and project.plan_id != plan.pk:
        refuse("PROJECT-PLAN", "project", f"项目 {public_id} 由另一个募捐方案资助", f"project {public_id} is funded by "
               "another plan", value=str(public_id))
    return project


def disbursed(project: CharityProject):
    """What the ledger disbursed to beneficiaries and institutions for the project (reversals included)."""
    from decimal import Decimal

    from django.db.models import Sum

    from .models import AccountKind, Posting

    total = Posting.objects.filter(transaction__project=project, account__kind__in=[
        AccountKind.BENEFICIARY, AccountKind.INSTITUTION]).aggregate(s=Sum("amount"))["s"]
    return Decimal(total or 0).quantize(Decimal("0.01"))


def disclosure_gap(project: CharityProject) -> dict | None:
    """GAP-SPENT: the latest disclosure's spending differs from what the ledger disbursed for the project up to
    the day it covers (None when they agree or nothing was disclosed)."""
    from decimal import Decimal

    from django.db.models import Sum

    from .models import AccountKind, Posting

    latest = project.disclosures.order_by("-disclosed_on", "-id").first()
    if latest is None:
        return None
    total = Posting.objects.filter(transaction__project=project, transaction__occurred_on__lte=latest.covers_to,
                                   account__kind__in=[AccountKind.BENEFICIARY, AccountKind.INSTITUTION]).aggregate(
        s=Sum("amount"))["s"]
    booked = Decimal(total or 0).quantize(Decimal("0.01"))
    if booked == latest.spent:
        return None
    return {"rule": "GAP-SPENT", "disclosed_on": latest.disclosed_on.isoformat(),
            "covers_to": latest.covers_to.isoformat(), "disclosed": str(latest.spent), "ledger": str(booked),
            "difference": str(latest.spent - booked)}
