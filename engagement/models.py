"""Models of engagement: what organizations do that the authorities count (issue 13, items 1, 2, 5, 6).

Graduate jobs (postings, applications with verified identity, outcomes, duty targets by organization kind),
rural-revitalization pairing 结对帮扶 (designated key counties with provenance, pairings of an organization or a
合力团 group with a county, projects and their progress, reporting deadlines and reminders), incubation bases and
training, shared venues and bookings. Facts are appended, never edited or deleted: an outcome, a progress report,
a graduation, a cancellation are new rows or a one-time stamp recorded by the services, each audited.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import scope_q
from divisions.models import subtree_q
from divisions.policy import register_defaults
from registry.models import OrgType

from . import rules

register_defaults(rules.DEFAULTS)


class Row(models.Model):
    """Every engagement model: shown as its kind and number where a label is needed (admin, logs)."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        label = getattr(self, "name", None) or getattr(self, "title", None) or self.pk
        return f"{self._meta.verbose_name} {label}"


class OrgScoped(models.QuerySet):
    """Rows of the organizations ``user`` may see (the one jurisdiction rule, accounts.jurisdiction.scope_q)."""

    org_path = "organization"

    def visible_to(self, user):
        return self.filter(scope_q(user, authority_field=f"{self.org_path}__authority_id",
                                   organization_field=f"{self.org_path}_id"))


class DivisionScoped(models.QuerySet):
    """Rows tied to a division (a base, a venue, a designated county): staff see their subtree."""

    division_path = "division"

    def visible_to(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self.all()
        if user.is_officer:
            return self.filter(subtree_q(f"{self.division_path}_id", user.division_id))
        return self.none()


# --- graduate jobs ---------------------------------------------------------------------------------------------
class Outcome(models.TextChoices):
    INTERVIEWED = rules.INTERVIEWED, _("Interviewed")
    HIRED = rules.HIRED, _("Hired")
    DECLINED = rules.DECLINED, _("Declined")


class PostingQuerySet(OrgScoped):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)


class JobPosting(Row):
    """A graduate job posting 毕业生就业岗位 by an organization or one of its member units."""

    organization = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="job_postings")
    member_unit = models.CharField(_("member unit"), max_length=200, blank=True,
                                   help_text=_("Empty when the organization offers the posts itself."))
    title = models.CharField(_("title"), max_length=200)
    positions = models.PositiveIntegerField(_("number of posts"))
    division = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("location"))
    requirements = models.TextField(_("job requirements"), blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    posted_on = models.DateField(_("posted on"), db_index=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = PostingQuerySet.as_manager()

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("graduate job posting")

    def is_open(self, day) -> bool:
        return self.opens_on <= day <= self.closes_on


class ApplicationQuerySet(OrgScoped):
    org_path = "posting__organization"


class JobApplication(Row):
    """A graduate's application: the ID number validated (GB 11643), stored encrypted, searchable by keyed hash and
    shown masked; the applicant checks it with the reference and the ID number."""

    posting = models.ForeignKey(JobPosting, on_delete=models.PROTECT, related_name="applications")
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    name = models.CharField(_("name"), max_length=50)
    id_number_encrypted = models.TextField()
    id_number_hash = models.CharField(max_length=64, db_index=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18)
    phone_encrypted = models.TextField(blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    school = models.CharField(_("school"), max_length=200)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"))
    applied_on = models.DateField(_("applied on"))

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["posting", "id_number_hash"], name="one_application_a_person")]

    def current_outcome(self):
        return self.outcomes.order_by("-on", "-pk").first()


class OutcomeQuerySet(OrgScoped):
    org_path = "application__posting__organization"


class ApplicationOutcome(Row):
    application = models.ForeignKey(JobApplication, on_delete=models.PROTECT, related_name="outcomes")
    outcome = models.CharField(_("result"), max_length=12, choices=Outcome.choices)
    on = models.DateField(_("on"), db_index=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        ordering = ["on", "pk"]


class DutyTarget(Row):
    """An authority's graduate-employment duty for organizations of one kind (山西 style): posts each organization
    of that kind registered in its jurisdiction should offer in the year."""

    division = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    org_type = models.CharField(_("organization type"), max_length=24, choices=OrgType.choices)
    posts_per_organization = models.PositiveIntegerField(_("posts per organization"))
    document_number = models.CharField(_("document number"), max_length=100)
    set_on = models.DateField(_("set on"))
    set_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = DivisionScoped.as_manager()

    class Meta:
        ordering = ["-year", "division_id", "org_type", "-set_on", "-pk"]


# --- rural-revitalization pairing ------------------------------------------------------------------------------
class Programme(models.TextChoices):
    KEY_COUNTY = rules.KEY_COUNTY, _("Pairing with a designated key county")
    GENERAL = rules.GENERAL, _("Other pairing assistance")


class KeyCountyQuerySet(DivisionScoped):
    division_path = "county"


class KeyCounty(Row):
    """A county designated for key assistance (乡村振兴重点帮扶县), entered by the authority with its document: the
    list is never invented here (no official list is in the project's data)."""

    county = models.OneToOneField("divisions.Division", on_delete=models.PROTECT, related_name="+")
    document_number = models.CharField(_("document number"), max_length=100)
    issued_by = models.CharField(_("issuing authority"), max_length=200)
    designated_on = models.DateField(_("designated on"))
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = KeyCountyQuerySet.as_manager()

    class Meta:
        ordering = ["county_id"]


class PairingGroup(Row):
    """A group of organizations 合力团 led by one of them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    lead = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="led_pairing_groups")
    members = models.ManyToManyField("registry.Organization", related_name="pairing_groups")
    formed_on = models.DateField(_("formed on"))
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["name"]


class Pairing(Row):
    """One pairing 结对: an organization, or a group through its lead organization, with a county."""

    programme = models.CharField(_("programme"), max_length=16, choices=Programme.choices)
    county = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="pairings",
                                     help_text=_("The organization, or the group's lead organization."))
    group = models.ForeignKey(PairingGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="pairings")
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    agreement = models.CharField(_("agreement"), max_length=200, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = OrgScoped.as_manager()

    class Meta:
        ordering = ["county_id", "pk"]

    @property
    def partner_name(self) -> str:
        return self.group.name if self.group_id else self.organization.name


class ProjectQuerySet(OrgScoped):
    org_path = "pairing__organization"


class PairingProject(Row):
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("name"), max_length=200)
    budget = models.DecimalField(_("budget"), max_digits=16, decimal_places=2)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]


class ProjectProgress(Row):
    """What a project did in one reporting period (amounts and beneficiaries of that period, added up)."""

    project = models.ForeignKey(PairingProject, on_delete=models.PROTECT, related_name="progress")
    reported_on = models.DateField(_("reported on"), db_index=True)
    invested = models.DecimalField(_("funds invested"), max_digits=16, decimal_places=2)
    direct_purchases = models.DecimalField(_("direct purchases"), max_digits=16, decimal_places=2)
    sales_help = models.DecimalField(_("sales helped"), max_digits=16, decimal_places=2)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        ordering = ["reported_on", "pk"]


class DeadlineKind(models.TextChoices):
    MEETING = rules.MEETING, _("Consultation meeting")
    QUARTERLY = rules.QUARTERLY, _("Quarterly schedule report")
    HALF_YEAR = rules.HALF_YEAR, _("Half-year summary")
    YEAR_END = rules.YEAR_END, _("Year-end summary")


class DeadlineQuerySet(OrgScoped):
    org_path = "pairing__organization"


class ReportingDeadline(Row):
    pairing = models.ForeignKey(Pairing, on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField(_("kind"), max_length=12, choices=DeadlineKind.choices)
    period = models.CharField(_("period"), max_length=40)
    due_on = models.DateField(_("due on"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    summary = models.TextField(_("report text"), blank=True)
    done_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]


class Reminder(Row):
    """A reminder the daily task sent for a deadline (once per deadline and kind: coming or overdue)."""

    deadline = models.ForeignKey(ReportingDeadline, on_delete=models.PROTECT, related_name="reminders")
    kind = models.CharField(max_length=8)  # rules.COMING / rules.OVERDUE
    sent_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["deadline", "kind"], name="one_reminder_each")]


# --- incubation and training ----------------------------------------------------------------------------------
class IncubationOutcome(models.TextChoices):
    INCUBATING = rules.INCUBATING, _("Being incubated")
    REGISTERED = rules.REGISTERED, _("Registered")
    FILED = rules.FILED, _("Filed")
    LEFT = rules.LEFT, _("Left")


class BaseQuerySet(OrgScoped):
    org_path = "operator"


class IncubationBase(Row):
    name = models.CharField(_("name"), max_length=200, unique=True)
    division = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    operator = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="operated_bases")
    opened_on = models.DateField(_("opened on"))
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = BaseQuerySet.as_manager()

    class Meta:
        ordering = ["division_id", "name"]


class Incubation(Row):
    base = models.ForeignKey(IncubationBase, on_delete=models.PROTECT, related_name="incubations")
    name = models.CharField(_("incubated organization"), max_length=200)
    organization = models.ForeignKey("registry.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="incubations")
    entered_on = models.DateField(_("entered on"))
    graduated_on = models.DateField(_("left the base on"), null=True, blank=True)
    outcome = models.CharField(_("result"), max_length=12, choices=IncubationOutcome.choices,
                               default=IncubationOutcome.INCUBATING)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["entered_on", "pk"]


class TrainingSession(Row):
    base = models.ForeignKey(IncubationBase, on_delete=models.PROTECT, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-held_on", "pk"]


class Attendance(Row):
    session = models.ForeignKey(TrainingSession, on_delete=models.PROTECT, related_name="attendance")
    name = models.CharField(_("organization"), max_length=200)
    organization = models.ForeignKey("registry.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    persons = models.PositiveIntegerField(_("persons"))

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "name"], name="one_attendance_an_organization")]


# --- shared venues --------------------------------------------------------------------------------------------
class VenueQuerySet(DivisionScoped):
    pass


class Venue(Row):
    name = models.CharField(_("name"), max_length=200)
    division = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    base = models.ForeignKey(IncubationBase, null=True, blank=True, on_delete=models.PROTECT, related_name="venues")
    community = models.CharField(_("community"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["division_id", "name"]


class Booking(Row):
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="bookings")
    organization = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="bookings")
    day = models.DateField(_("day"), db_index=True)
    starts_at = models.TimeField(_("start"))
    ends_at = models.TimeField(_("end"))
    purpose = models.CharField(_("purpose of the booking"), max_length=200)
    attendees = models.PositiveIntegerField(_("attendees"))
    booked_on = models.DateField(_("booked on"))
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    booked_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = OrgScoped.as_manager()

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        indexes = [models.Index(fields=["venue", "day"])]
