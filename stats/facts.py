"""The fact tables indicators are computed from, each as of a date (set-based: one SQL query per fact).

A fact is a queryset over one model, filtered to what was in force on the day, with the organization it
belongs to (for the registering authority, the registration level and the type), an optional category (status,
grade, conclusion, kind, list, community), an optional year (for flows: the year of the dated event) and one or
more additive measures (counts and sums). Every measure is additive over the cells of a snapshot, so a division
subtree, a level, a type or a category is a GROUP BY over the same cells.

The register as of a day is the derived versions in force on that day (the semantics of
``registry.models.OrganizationQuerySet.as_of`` / ``Organization.as_it_stood``: a version holds from
``valid_from`` until the day before ``valid_to``); registrations use ``OrganizationQuerySet.founded_by``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from charity.models import (
    AccountKind,
    CharityProject,
    FundraisingPlan,
    Grant,
    LedgerTransaction,
    ProjectDisclosure,
    Revocation,
    TransactionKind,
)
from charity.rules import RECOGNITION
from credit.models import ListEntry
from registry.models import EventKind, Organization, OrganizationVersion, OrgType, RegistrationEvent, Status
from supervision.models.penalties import Penalty
from supervision.models.ratings import GradeSpan
from supervision.models.reports import ReportReview, ReportSubmission, ReviewOutcome, ReviewStage
from supervision.models.spotchecks import DrawTarget, Finding

REMOVAL_EVENTS = (EventKind.DEREGISTRATION, EventKind.REVOCATION, EventKind.CERTIFICATE_CANCELLATION)
NO_CONCLUSION = "reviewed"  # annual reports reviewed formally (report mode) carry no conclusion


def versions_on(day: date) -> QuerySet:
    """The derived version of every organization founded by ``day`` that was in force on ``day``."""
    return OrganizationVersion.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def active_on(day: date) -> QuerySet:
    """Ids of the organizations whose registration was in force (status active) on ``day``."""
    return versions_on(day).filter(status=Status.ACTIVE).values("organization_id")


class Year(Func):
    """The year of a date column, as an integer, computed in the database (SQLite: strftime, not a Python
    function per row as Django's ExtractYear is there)."""

    output_field = IntegerField()
    template = "CAST(EXTRACT(YEAR FROM %(expressions)s) AS INTEGER)"

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="CAST(strftime('%%Y', %(expressions)s) AS INTEGER)",
                              **extra)


@dataclass(frozen=True)
class Fact:
    id: str
    rows: Callable[[date], QuerySet]
    org: str  # lookup path from the row to its organization ("" for Organization itself)
    measures: dict = field(default_factory=lambda: {"n": Count("pk")})
    category: object = None  # an expression, or None
    year_date: str = ""  # flows counted by the year of this date
    year_field: str = ""  # flows counted by this integer year (the report year)

    @property
    def flow(self) -> bool:
        return bool(self.year_date or self.year_field)

    @property
    def year(self):
        if self.year_date:
            return Year(self.year_date)
        return F(self.year_field) if self.year_field else None

    def in_year(self, year: int) -> Q:
        """Rows of ``year`` (a date range on the date column, which its index serves)."""
        if self.year_date:
            return Q(**{f"{self.year_date}__gte": date(year, 1, 1), f"{self.year_date}__lt": date(year + 1, 1, 1)})
        return Q(**{self.year_field: year})

    def path(self, name: str) -> str:
        return f"{self.org}__{name}" if self.org else name

    def dimensions(self) -> dict:
        """The cell dimensions as annotations (the registering authority is the division of the cell)."""
        return {
            "s_auth": F(self.path("authority_id")),
            "s_level": F(self.path("level")),
            "s_type": F(self.path("org_type")),
            "s_cat": self.category if self.category is not None else Value(""),
            "s_year": self.year if self.year is not None else Value(0),
        }


def _registrations(day):
    return Organization.objects.founded_by(day)


def _removals(day):
    return RegistrationEvent.objects.filter(kind__in=REMOVAL_EVENTS, effective_on__lte=day).exclude(
        Exists(RegistrationEvent.objects.filter(supersedes=OuterRef("pk"))))


def _community(day):
    return versions_on(day).filter(status=Status.ACTIVE, organization__org_type=OrgType.COMMUNITY_ORG)


def _grades(day):
    return GradeSpan.objects.filter(valid_from__lte=day, valid_to__gt=day, organization_id__in=active_on(day))


def _conclusions(day):
    """The registration authority's concluding review of each report, as it stood on ``day`` (a correction
    reviewed by then replaces the review it corrects)."""
    return ReportReview.objects.filter(stage=ReviewStage.AUTHORITY, outcome=ReviewOutcome.CONCLUDED,
                                       reviewed_on__lte=day).exclude(
        Exists(ReportReview.objects.filter(supersedes=OuterRef("pk"), reviewed_on__lte=day)))


def _submissions(day):
    """The submission of each annual report in force on ``day`` (the latest correction submitted by then)."""
    return ReportSubmission.objects.filter(submitted_on__lte=day).exclude(
        Exists(ReportSubmission.objects.filter(supersedes=OuterRef("pk"), submitted_on__lte=day)))


def _penalties(day):
    return Penalty.objects.filter(decided_on__lte=day).exclude(
        Exists(Penalty.objects.filter(supersedes=OuterRef("pk"), decided_on__lte=day)))


def _drawn(day):
    return DrawTarget.objects.filter(draw__drawn_on__lte=day)


def _findings(day):
    return Finding.objects.filter(published_on__lte=day)


def _listed(day):
    return ListEntry.objects.filter(start_on__lte=day).filter(Q(end_on__isnull=True) | Q(end_on__gt=day))


def _list_entries(day):
    return ListEntry.objects.filter(start_on__lte=day)


def _list_exits(day):
    return ListEntry.objects.filter(end_on__lte=day)


# --- charity (charity app) --------------------------------------------------------------------------------------

MONEY, GOODS = "money", "goods"
ORDINARY, EMERGENCY = "ordinary", "emergency"


def _grants(day):
    """Recognitions and qualifications in force on ``day``: granted by then, not revoked by then, held by an
    organization whose registration was in force that day (charity.eligibility.grant_in_force, for all at once)."""
    return Grant.objects.filter(granted_on__lte=day, organization_id__in=active_on(day)).exclude(
        Exists(Revocation.objects.filter(grant=OuterRef("pk"), revoked_on__lte=day)))


def charities_on(day):
    """Ids of the organizations recognized as charities on ``day``."""
    return _grants(day).filter(kind=RECOGNITION).values("organization_id")


def _plans(day):
    return FundraisingPlan.objects.filter(filed_on__lte=day)


def _not_reversed(qs, day):
    """Ledger transactions not reversed by ``day`` (a reversal is a transaction of its own, dated when made)."""
    return qs.exclude(Exists(LedgerTransaction.objects.filter(reverses=OuterRef("pk"), occurred_on__lte=day)))


POSITIVE = Q(postings__amount__gt=0)


def _receipts(day):
    return _not_reversed(LedgerTransaction.objects.filter(kind=TransactionKind.RECEIPT, occurred_on__lte=day), day)


def _disbursements(day):
    return _not_reversed(LedgerTransaction.objects.filter(kind=TransactionKind.DISBURSEMENT,
                                                          occurred_on__lte=day), day)


def _projects(day):
    return CharityProject.objects.filter(starts_on__lte=day)


def _disclosed(day):
    """The latest disclosure of each project made by ``day`` (its figures are to date, not per period)."""
    later = ProjectDisclosure.objects.filter(project=OuterRef("project"), disclosed_on__lte=day).filter(
        Q(disclosed_on__gt=OuterRef("disclosed_on")) | Q(disclosed_on=OuterRef("disclosed_on"), pk__gt=OuterRef("pk")))
    return ProjectDisclosure.objects.filter(disclosed_on__lte=day).exclude(Exists(later))


def _charity_reports(day):
    """The annual reports in force on ``day`` of the organizations recognized as charities on ``day``."""
    return _submissions(day).filter(report__organization_id__in=charities_on(day))


FACTS = {f.id: f for f in (
    Fact("register", versions_on, "organization", category=F("status")),
    Fact("registrations", _registrations, "", year_date="founded_on"),
    Fact("removals", _removals, "organization", category=F("kind"), year_date="effective_on"),
    Fact("community", _community, "organization", category=F("organization__community")),
    Fact("grades", _grades, "organization", category=F("grade")),
    Fact("conclusions", _conclusions, "report__organization",
         category=Case(When(conclusion="", then=Value(NO_CONCLUSION)), default=F("conclusion")),
         year_field="report__year"),
    Fact("submissions", _submissions, "report__organization", year_field="report__year",
         measures={"n": Count("pk"), "employees": Sum("employees"), "volunteers": Sum("volunteers"),
                   "assets": Sum("total_assets"), "net_assets": Sum("net_assets"),
                   "income": Sum("income_total"), "expense": Sum("expense_total")}),
    Fact("penalties", _penalties, "organization", category=F("kind"), year_date="decided_on",
         measures={"n": Count("pk"), "amount": Sum("amount")}),
    Fact("drawn", _drawn, "organization", year_date="draw__drawn_on"),
    Fact("findings", _findings, "target__organization", category=F("conclusion"),
         year_date="published_on"),
    Fact("listed", _listed, "organization", category=F("list_kind")),
    Fact("list_entries", _list_entries, "organization", category=F("list_kind"), year_date="start_on"),
    Fact("list_exits", _list_exits, "organization", category=F("list_kind"), year_date="end_on"),
    Fact("charity_grants", _grants, "organization", category=F("kind")),
    Fact("charity_plans", _plans, "organization", year_date="filed_on",
         category=Case(When(emergency=True, then=Value(EMERGENCY)), default=Value(ORDINARY))),
    # A receipt posts its amount (money, or goods at their stated value) from the donor to the receiving account;
    # a disbursement from the plan's fund to the beneficiary or institution: the positive posting is the amount.
    Fact("charity_receipts", _receipts, "organization", year_date="occurred_on",
         category=Case(When(goods="", then=Value(MONEY)), default=Value(GOODS)),
         measures={"n": Count("pk", distinct=True), "amount": Sum("postings__amount", filter=POSITIVE)}),
    Fact("charity_disbursements", _disbursements, "organization", year_date="occurred_on",
         measures={"n": Count("pk", distinct=True), "amount": Sum("postings__amount", filter=POSITIVE),
                   # beneficiary accounts belong to one organization, so distinct counts add up over cells
                   "persons": Count("postings__account", distinct=True,
                                    filter=POSITIVE & Q(postings__account__kind=AccountKind.BENEFICIARY))}),
    Fact("charity_projects", _projects, "organization", category=F("category"), year_date="starts_on",
         measures={"n": Count("pk"), "budget": Sum("budget")}),
    Fact("charity_disclosed", _disclosed, "project__organization",
         measures={"persons": Sum("persons_served"), "institutions": Sum("institutions_served"),
                   "spent": Sum("spent")}),
    Fact("charity_reports", _charity_reports, "report__organization", year_field="report__year",
         measures={"n": Count("pk"), "income": Sum("income_total"), "programmes": Sum("expense_programmes"),
                   "administration": Sum("expense_administration"), "expense": Sum("expense_total")}),
)}


# --- engagement (issue 13): graduate jobs, pairing, incubation, shared venues -------------------------------------
def _job_posts(day):
    from engagement.models import JobPosting

    return JobPosting.objects.filter(posted_on__lte=day)


def _job_hires(day):
    from engagement.models import ApplicationOutcome

    return ApplicationOutcome.objects.filter(outcome="hired", on__lte=day)


def _pairings(day):
    from engagement.models import Pairing

    return Pairing.objects.filter(starts_on__lte=day, ends_on__gte=day)


def _pairing_progress(day):
    from engagement.models import ProjectProgress

    return ProjectProgress.objects.filter(reported_on__lte=day)


def _incubations(day):
    from engagement.models import Incubation

    return Incubation.objects.filter(entered_on__lte=day)


def _bookings(day):
    from engagement.models import Booking

    return Booking.objects.filter(booked_on__lte=day, day__lte=day).filter(
        Q(cancelled_on__isnull=True) | Q(cancelled_on__gt=day))


FACTS.update({f.id: f for f in (
    Fact("job_posts", _job_posts, "organization", year_date="posted_on",
         category=Case(When(member_unit="", then=Value("direct")), default=Value("member_unit")),
         measures={"n": Count("pk"), "posts": Sum("positions")}),
    Fact("job_hires", _job_hires, "application__posting__organization", year_date="on"),
    Fact("pairings", _pairings, "organization", category=F("county__name")),
    Fact("pairing_progress", _pairing_progress, "project__pairing__organization",
         category=F("project__pairing__county__name"), year_date="reported_on",
         measures={"n": Count("pk"), "invested": Sum("invested"), "purchases": Sum("direct_purchases"),
                   "sales": Sum("sales_help"), "beneficiaries": Sum("beneficiaries")}),
    Fact("incubations", _incubations, "base__operator", category=F("outcome"), year_date="entered_on"),
    Fact("bookings", _bookings, "organization", year_date="day"),
)})


def first_day() -> date | None:
    """The day the data starts: the earliest founding date in the register."""
    return Organization.objects.order_by("founded_on").values_list("founded_on", flat=True).first()


# --- exchange: resources, demands, matches, purchased services -----------------------------------------------

@dataclass(frozen=True)
class AreaFact(Fact):
    """A fact of a place rather than of an organization's registering authority: a demand's area, a purchase's
    purchaser division. Its cells have the division and no registration level or type."""

    area: str = "area_id"

    def path(self, name: str) -> str:
        return self.area if name == "authority_id" else name

    def dimensions(self) -> dict:
        return {**super().dimensions(), "s_level": Value(""), "s_type": Value("")}


def _exchange(model_name: str, date_field: str, **filters):
    def rows(day):
        from django.apps import apps

        return apps.get_model("exchange", model_name).objects.filter(**{f"{date_field}__lte": day}, **filters)
    return rows


PURCHASER = "call__plan__purchaser_division_id"
FACTS.update({f.id: f for f in (
    Fact("exchange_resources", _exchange("Resource", "published_on"), "organization", category=F("kind"),
         year_date="published_on"),
    AreaFact("exchange_demands", _exchange("Demand", "published_on"), "", category=F("kind"),
             year_date="published_on"),
    Fact("exchange_delivered", _exchange("MatchOutcome", "occurred_on", stage="delivered"),
         "match__resource__organization", year_date="occurred_on"),
    AreaFact("exchange_purchases", _exchange("Award", "awarded_on"), "", category=F("call__plan__funding"),
             year_date="awarded_on", area=PURCHASER),
    AreaFact("exchange_contracts", _exchange("Contract", "signed_on"), "", category=F("award__call__plan__funding"),
             year_date="signed_on", measures={"n": Count("pk"), "amount": Sum("amount")}, area=f"award__{PURCHASER}"),
    AreaFact("exchange_person_times", _exchange("Delivery", "delivered_on"), "",
             category=F("milestone__contract__award__call__plan__funding"), year_date="delivered_on",
             measures={"person_times": Sum("person_times")}, area=f"milestone__contract__award__{PURCHASER}"),
    AreaFact("exchange_excellent", _exchange("Designation", "designated_on"), "", category=F("category"),
             year_date="designated_on", area=f"contract__award__{PURCHASER}"),
)})
