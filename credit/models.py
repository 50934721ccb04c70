"""Credit: facts entered by officers, the derived list entries and notices (a cache rebuilt by the sweep), objection
and repair cases, the working-day calendar, illegal-organization batches and name-screening results.

Facts are immutable; a correction is a new fact that supersedes an old one (``supersedes_ref``). ``ListEntry``,
``ListNotice`` are derived by :mod:`credit.rules` through :mod:`credit.sweep` and never edited by hand. Each model
tied to an organization answers ``visible_to(user)`` through :func:`accounts.jurisdiction.scope_q`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import scope_q
from divisions.policy import register_defaults

from . import rules as credit_rules

register_defaults(credit_rules.DEFAULTS)

from . import setting_labels  # noqa: E402,F401  (the settings in words)


class ScopedQuerySet(models.QuerySet):
    """Rows tied to an organization: staff see their jurisdiction, an organization user its own rows."""

    authority_field = "organization__authority_id"
    organization_field = "organization_id"

    def visible_to(self, user):
        return self.filter(scope_q(user, authority_field=self.authority_field,
                                   organization_field=self.organization_field))


class ListKind(models.TextChoices):
    ABNORMAL = credit_rules.ABNORMAL, _("Abnormal-activity list")
    SERIOUS = credit_rules.SERIOUS, _("Serious illegal and dishonest list")


class FactKind(models.TextChoices):
    ANNUAL_REPORT_MISSING = credit_rules.ANNUAL_REPORT_MISSING, _("Annual work report not submitted on time")
    PARTY_ORG_MISSING = credit_rules.PARTY_ORG_MISSING, _("Party organization not set up")
    RECTIFICATION_OVERDUE = credit_rules.RECTIFICATION_OVERDUE, _("Rectification notice not completed by its deadline")
    FUNDRAISING_INACTIVE = credit_rules.FUNDRAISING_INACTIVE, _("Fundraising charity inactive or no longer qualified")
    PENALTY = credit_rules.PENALTY, _("Administrative penalty")
    DOMICILE_UNREACHABLE = credit_rules.DOMICILE_UNREACHABLE, _("Two letters to the domicile unsigned")
    OTHER_ABNORMAL = credit_rules.OTHER_ABNORMAL, _("Other abnormal-list situation required by law")
    CHANGE_REVOKED = credit_rules.CHANGE_REVOKED, _("Change registration revoked for fraud")
    COURT_DISHONEST = credit_rules.COURT_DISHONEST, _("Court notice: dishonest judgment debtor")
    OTHER_SERIOUS = credit_rules.OTHER_SERIOUS, _("Other serious-list situation required by law")
    HONOUR = "honour", _("Honour or award")
    PURCHASED_SERVICE = "purchased_service", _("Government-purchased service undertaken")
    INSPECTION = "inspection", _("Inspection result")
    RATING = "rating", _("Evaluation grade")
    RECTIFICATION_VERIFIED = credit_rules.RECTIFICATION_VERIFIED, _("Rectification verified")
    SERIOUS_REMOVAL_VERIFIED = credit_rules.SERIOUS_REMOVAL_VERIFIED, _("Serious-list removal application verified")
    CORRECTION = credit_rules.CORRECTION, _("Correction of a fact")
    NO_RESPONSIBILITY = credit_rules.EXEMPTION, _("Certified: no direct responsibility (abnormal-list exemption)")


# Kinds an officer records directly; the others come from procedures (repair cases, objections).
ENTERABLE_KINDS = [
    FactKind.ANNUAL_REPORT_MISSING, FactKind.PARTY_ORG_MISSING, FactKind.RECTIFICATION_OVERDUE,
    FactKind.FUNDRAISING_INACTIVE, FactKind.PENALTY, FactKind.DOMICILE_UNREACHABLE, FactKind.OTHER_ABNORMAL,
    FactKind.CHANGE_REVOKED, FactKind.COURT_DISHONEST, FactKind.OTHER_SERIOUS, FactKind.HONOUR,
    FactKind.PURCHASED_SERVICE, FactKind.INSPECTION, FactKind.RATING, FactKind.NO_RESPONSIBILITY,
]
# The five kinds of credit information of Order 60 Art. 6 (DOMAIN §3.2) each fact belongs to.
INFO_CATEGORY = {
    FactKind.ANNUAL_REPORT_MISSING: "annual_report", FactKind.INSPECTION: "inspection",
    FactKind.RECTIFICATION_OVERDUE: "inspection", FactKind.PENALTY: "penalty", FactKind.CHANGE_REVOKED: "basic",
}


class PenaltyKind(models.TextChoices):
    WARNING = credit_rules.WARNING, _("Warning")
    FINE = credit_rules.FINE, _("Fine")
    CONFISCATION = "confiscation", _("Confiscation of illegal gains or property")
    SUSPENSION = credit_rules.SUSPENSION, _("Suspension of activities for a set period")
    OTHER = "other", _("Other penalty")


class CreditFact(models.Model):
    """One dated credit fact entered or imported by an officer, or produced by a repair or objection decision."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="credit_facts")
    kind = models.CharField(_("kind"), max_length=40, choices=FactKind.choices)
    occurred_on = models.DateField(_("date of the fact"), help_text=_("The day it happened or was decided."))
    known_on = models.DateField(_("known to the authority on"),
                                help_text=_("The day the registration authority formed or obtained it; it counts "
                                            "from this day."))
    effective_on = models.DateField(_("takes effect on"), null=True, blank=True,
                                    help_text=_("Removal facts: the day the removal takes effect."))
    penalty_kinds = models.CharField(_("penalty kinds"), max_length=100, blank=True,
                                     help_text=_("Comma-separated: warning, fine, confiscation, suspension, other."))
    fine_amount = models.DecimalField(_("fine (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    issuing_authority = models.CharField(_("deciding or reporting authority"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    supersedes_ref = models.CharField(_("supersedes"), max_length=40, blank=True, db_index=True,
                                      help_text=_("Corrections: the reference of the fact they supersede."))
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit fact")
        verbose_name_plural = _("credit facts")
        ordering = ["organization", "occurred_on", "id"]
        indexes = [models.Index(fields=["organization", "known_on"], name="creditfact_org_known_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on} ({self.organization_id})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("credit facts are immutable; record a correction instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("credit facts are never deleted")

    @property
    def penalty_kinds_display(self) -> str:
        """The penalty kinds in words (警告、罚款 …)."""
        labels = dict(PenaltyKind.choices)
        return "、".join(str(labels.get(k.strip(), k.strip())) for k in self.penalty_kinds.split(",") if k.strip())

    @property
    def ref(self) -> str:
        return f"cf:{self.pk}"


class ListEntry(models.Model):
    """One stay of an organization on a list (derived; rebuilt by the sweep, never edited)."""

    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="list_entries")
    authority = models.ForeignKey("divisions.Division", verbose_name=_("deciding authority"),
                                  on_delete=models.PROTECT, related_name="+")
    list_kind = models.CharField(_("list"), max_length=12, choices=ListKind.choices)
    start_on = models.DateField(_("listed on"))
    end_on = models.DateField(_("removed on"), null=True, blank=True)
    clock_on = models.DateField(_("period counted from"))
    rules = models.CharField(_("grounds (rule ids)"), max_length=200)
    grounds = models.JSONField(_("grounds"), default=list)
    fact_refs = models.JSONField(_("triggering facts"), default=list)
    exit_rule = models.CharField(_("exit rule"), max_length=20, blank=True)
    exit_facts = models.JSONField(_("exit facts"), default=list, blank=True)
    earliest_exit = models.DateField(_("earliest exit"), null=True, blank=True)
    exit_condition_zh = models.TextField(blank=True)
    exit_condition_en = models.TextField(blank=True)
    explanation_zh = models.TextField(blank=True)
    explanation_en = models.TextField(blank=True)
    legal_basis_zh = models.TextField(blank=True)
    legal_basis_en = models.TextField(blank=True)
    deciding_authority_name = models.CharField(_("deciding authority"), max_length=200)
    settings_cited = models.JSONField(_("settings applied"), default=list, blank=True)
    digest = models.CharField(max_length=32)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
        ordering = ["-start_on", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["organization", "list_kind", "start_on"],
                                               name="listentry_one_per_start")]
        indexes = [
            models.Index(fields=["list_kind", "start_on", "end_on"], name="listentry_kind_dates_idx"),
            models.Index(fields=["list_kind", "authority", "start_on"], name="listentry_kind_auth_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_list_kind_display()} {self.organization_id} {self.start_on}–{self.end_on or ''}"

    def open_on(self, day) -> bool:
        return self.start_on <= day and (self.end_on is None or self.end_on > day)


class ListNotice(models.Model):
    """A prior notice before listing (derived). Web notice to the organization; public announcement when the
    domicile is unreachable."""

    class Channel(models.TextChoices):
        WEB = "web", _("Web notification to the organization")
        ANNOUNCEMENT = "announcement", _("Public announcement (domicile unreachable)")

    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="list_notices")
    authority = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    list_kind = models.CharField(_("list"), max_length=12, choices=ListKind.choices)
    notice_on = models.DateField(_("notified on"))
    listing_on = models.DateField(_("to be listed on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    rules = models.CharField(_("grounds (rule ids)"), max_length=200)
    fact_refs = models.JSONField(default=list)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    text_zh = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    digest = models.CharField(max_length=32)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("prior notice")
        verbose_name_plural = _("prior notices")
        ordering = ["-notice_on", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["organization", "list_kind", "notice_on"],
                                               name="listnotice_one_per_day")]
        indexes = [models.Index(fields=["channel", "notice_on"], name="listnotice_channel_idx")]

    def __str__(self) -> str:
        return f"{self.notice_on} {self.rules} ({self.organization_id})"


class Notification(models.Model):
    """A web notification delivered to an organization's users (kept: it was sent)."""

    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE,
                                     related_name="credit_notifications")
    key = models.CharField(max_length=80, unique=True)
    list_kind = models.CharField(_("list"), max_length=12, choices=ListKind.choices)
    notice_on = models.DateField(_("notified on"))
    listing_on = models.DateField(_("to be listed on"))
    text_zh = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("credit notification")
        verbose_name_plural = _("credit notifications")
        ordering = ["-notice_on", "-id"]

    def __str__(self) -> str:
        return self.key


class SweepRun(models.Model):
    """One run of the credit sweep: the date it derived, its scope and what changed."""

    as_of = models.DateField(_("as of"))
    jurisdiction = models.CharField(_("jurisdiction"), max_length=6, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    organizations = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("credit sweep")
        verbose_name_plural = _("credit sweeps")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"sweep {self.as_of} {self.jurisdiction or 'all'}"


class Holiday(models.Model):
    """The working-day calendar: official holidays and adjusted working days (调休), maintained by officers.
    Without an entry a day is a working day Monday to Friday."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("adjusted working day"), default=False,
                                     help_text=_("Checked: a weekend day that is worked (调休). Unchecked: a holiday."))
    name = models.CharField(_("name"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holiday or adjusted working day")
        verbose_name_plural = _("working-day calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休'} {self.name}"


class CaseState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    UPHELD = "upheld", _("Upheld")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")


class Case(models.Model):
    """What an objection and a repair application share: the statement, the state with its clock, the decision
    and its public outcome, who filed and who decided."""

    statement = models.TextField(_("statement"))
    state = models.CharField(_("state"), max_length=12, choices=CaseState.choices, default=CaseState.SUBMITTED)
    filed_on = models.DateField(_("filed on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)
    public_outcome_zh = models.TextField(blank=True)
    public_outcome_en = models.TextField(blank=True)
    settings_cited = models.JSONField(default=list, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-id"]


class ObjectionCase(Case):
    """异议: the organization contests a credit fact; an upheld objection corrects it by a superseding fact."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="objections")
    fact_ref = models.CharField(_("contested fact"), max_length=40)
    fact_label = models.CharField(_("contested fact"), max_length=300, blank=True)
    counted_from = models.DateField(_("time limit counted from"))
    filing_deadline = models.DateField(_("filing deadline"))
    accept_due = models.DateField(_("acceptance due"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    correction = models.ForeignKey(CreditFact, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta(Case.Meta):
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"objection #{self.pk} {self.fact_ref} ({self.state})"


class RepairCase(Case):
    """信用修复: an application to leave a list."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="repairs")
    list_kind = models.CharField(_("list"), max_length=12, choices=ListKind.choices)
    entry_start = models.DateField(_("entry listed on"))
    decision_due = models.DateField(_("decision due"))
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    removal_due = models.DateField(_("removal due"), null=True, blank=True)
    removal = models.ForeignKey(CreditFact, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta(Case.Meta):
        verbose_name = _("credit repair application")
        verbose_name_plural = _("credit repair applications")

    def __str__(self) -> str:
        return f"repair #{self.pk} {self.list_kind} ({self.state})"


def evidence_path(instance, filename: str) -> str:
    return f"credit/evidence/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class Evidence(models.Model):
    """An attachment to an objection or a repair application."""

    objection = models.ForeignKey(ObjectionCase, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="evidence")
    repair = models.ForeignKey(RepairCase, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["id"]
        constraints = [models.CheckConstraint(
            condition=Q(objection__isnull=False, repair__isnull=True) | Q(objection__isnull=True, repair__isnull=False),
            name="evidence_one_case")]

    def __str__(self) -> str:
        return self.name


class IllegalOrgBatch(models.Model):
    """A published batch of suspected illegal social organizations (涉嫌非法社会组织名单)."""

    authority = models.ForeignKey("divisions.Division", verbose_name=_("publishing authority"),
                                  on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    batch_number = models.CharField(_("batch"), max_length=60, blank=True)
    published_on = models.DateField(_("published on"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("illegal-organization batch")
        verbose_name_plural = _("illegal-organization batches")
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.published_on})"


class IllegalOrganization(models.Model):
    batch = models.ForeignKey(IllegalOrgBatch, on_delete=models.PROTECT, related_name="organizations")
    name = models.CharField(_("name"), max_length=200)
    normalized = models.CharField(max_length=200, db_index=True)
    aliases = models.TextField(_("aliases"), blank=True, help_text=_("One per line."))
    claimed_activities = models.TextField(_("claimed activities"), blank=True)
    reported_where = models.CharField(_("where reported"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("suspected illegal organization")
        verbose_name_plural = _("suspected illegal organizations")
        ordering = ["batch", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def alias_list(self) -> list[str]:
        return [a for a in self.aliases.splitlines() if a.strip()]


class Banning(models.Model):
    """取缔: the banning decision on an illegal organization (《取缔非法社会组织办法》, MCA Order No. 77)."""

    organization = models.ForeignKey(IllegalOrganization, on_delete=models.PROTECT, related_name="bannings")
    authority = models.ForeignKey("divisions.Division", verbose_name=_("deciding authority"),
                                  on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("banning")
        verbose_name_plural = _("bannings")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.organization} {self.decided_on}"


class ScreeningResult(models.Model):
    """Name screening run when an organization is registered or renamed (for officers to review)."""

    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="screenings")
    name = models.CharField(_("name screened"), max_length=200)
    trigger = models.CharField(_("trigger"), max_length=40)
    event_id = models.BigIntegerField(null=True, blank=True)
    ran_at = models.DateTimeField(auto_now_add=True)
    threshold = models.FloatField()
    top_score = models.FloatField(default=0)
    flagged = models.BooleanField(default=False)
    candidates = models.JSONField(default=list)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening result")
        verbose_name_plural = _("screening results")
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} {self.top_score:.2f}"

    TRIGGERS = {"establishment": _("at registration"), "rename": _("at renaming"), "bulk": _("bulk screening")}

    @property
    def trigger_label(self):
        return self.TRIGGERS.get(self.trigger, self.trigger)
