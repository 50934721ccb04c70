"""Charity facts: recognition 慈善组织认定 and the public-fundraising qualification 公开募捐资格 (applications,
extensions of the decision period, grants, revocations, announcements) and filed fundraising plans 公开募捐方案
(versions, emergency disclosures).

Facts are immutable (``ImmutableFact``): a grant, a revocation, a plan version or a disclosure is never edited; an
amendment is a new version. ``CharityApplication`` and ``FundraisingPlan`` carry small caches (state, due date,
current version) that only the services write.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import scope_q
from divisions.policy import register_defaults
from supervision.base import ImmutableFact

from . import rules

register_defaults(rules.DEFAULTS)


def _scope(user, path: str):
    prefix = f"{path}__" if path else ""
    return scope_q(user, authority_field=f"{prefix}organization__authority_id",
                   organization_field=f"{prefix}organization_id")


class ScopedQuerySet(models.QuerySet):
    scope_path = ""

    def visible_to(self, user):
        """Rows of the organizations ``user`` may see as staff, as the organization or as its supervisor unit."""
        return self.filter(_scope(user, self.scope_path))


class Kind(models.TextChoices):
    RECOGNITION = rules.RECOGNITION, _("Charity recognition")
    QUALIFICATION = rules.QUALIFICATION, _("Public-fundraising qualification")


class ApplicationState(models.TextChoices):
    SUBMITTED = "submitted", _("Under review")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class CharityApplication(models.Model):
    """An organization's application for recognition or for the qualification, and its decision."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="charity_applications")
    kind = models.CharField(_("application for"), max_length=16, choices=Kind.choices)
    applied_on = models.DateField(_("applied on"))
    statement = models.TextField(_("statement"), blank=True)
    resolution_on = models.DateField(_("date of the board or member-assembly resolution"))
    resolution_ref = models.CharField(_("resolution"), max_length=300)
    governance = models.JSONField(_("governance checklist (Order 74 Art. 5)"), default=list, blank=True)
    eligibility = models.JSONField(_("eligibility on the day of application"), default=dict, blank=True)
    settings_used = models.JSONField(_("settings used"), default=list, blank=True)
    decision_due = models.DateField(_("decision due by"))
    state = models.CharField(_("state"), max_length=12, choices=ApplicationState.choices,
                             default=ApplicationState.SUBMITTED)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_rule = models.CharField(_("rule of the refusal"), max_length=40, blank=True)
    decision_reason_zh = models.TextField(_("reasons (Chinese)"), blank=True)
    decision_reason_en = models.TextField(_("reasons (English)"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("charity application")
        verbose_name_plural = _("charity applications")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["state", "decision_due"], name="charity_app_state_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class ExtensionQuerySet(ScopedQuerySet):
    scope_path = "application"


class DecisionExtension(ImmutableFact):
    """An extension of the decision period (Law Art. 10: at most 60 days, with the Ministry's approval)."""

    application = models.ForeignKey(CharityApplication, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="extensions")
    days = models.PositiveSmallIntegerField(_("extended by (days)"))
    approval_ref = models.CharField(_("approval of the Ministry of Civil Affairs"), max_length=300)
    reason = models.TextField(_("reason"))
    recorded_on = models.DateField(_("recorded on"))
    new_due = models.DateField(_("new decision due date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ExtensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("extension of the decision period")
        verbose_name_plural = _("extensions of the decision period")
        ordering = ["recorded_on", "id"]


class Grant(ImmutableFact):
    """A recognition or a qualification granted (public: Law Art. 76)."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="charity_grants")
    kind = models.CharField(_("granted"), max_length=16, choices=Kind.choices)
    application = models.OneToOneField(CharityApplication, verbose_name=_("application"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="grant")
    granted_on = models.DateField(_("granted on"))
    certificate_number = models.CharField(_("certificate number"), max_length=40, unique=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("recognition or qualification")
        verbose_name_plural = _("recognitions and qualifications")
        ordering = ["-granted_on", "-id"]

    def __str__(self) -> str:
        return self.certificate_number

    def revocation_or_none(self):
        return Revocation.objects.filter(grant=self).first()


class RevocationQuerySet(ScopedQuerySet):
    scope_path = "grant"


class Revocation(ImmutableFact):
    """The end of a grant: revoked (qualification: no new application for five years, Law Art. 111)."""

    grant = models.OneToOneField(Grant, verbose_name=_("grant"), on_delete=models.PROTECT, related_name="revocation")
    revoked_on = models.DateField(_("revoked on"))
    reason = models.TextField(_("reason"))
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    decision_number = models.CharField(_("decision number"), max_length=100)
    bar_until = models.DateField(_("no new application before"), null=True, blank=True)
    bar_setting = models.CharField(_("setting used"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RevocationQuerySet.as_manager()

    class Meta:
        verbose_name = _("revocation")
        verbose_name_plural = _("revocations")


class AnnouncementKind(models.TextChoices):
    RECOGNIZED = "recognized", _("Recognized as a charity organization")
    QUALIFIED = "qualified", _("Public-fundraising qualification granted")
    RECOGNITION_REVOKED = "recognition_revoked", _("Charity recognition revoked")
    QUALIFICATION_REVOKED = "qualification_revoked", _("Public-fundraising qualification revoked")


class Announcement(ImmutableFact):
    """A public announcement of a grant or a revocation (Law Arts. 10, 22, 76)."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="charity_announcements")
    kind = models.CharField(_("announcement"), max_length=24, choices=AnnouncementKind.choices)
    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="announcements")
    published_on = models.DateField(_("published on"))
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-published_on", "-id"]


class FundraisingPlan(models.Model):
    """A filed public-fundraising plan (公开募捐方案备案); its contents are in immutable versions."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="fundraising_plans")
    filing_number = models.CharField(_("filing number"), max_length=40, unique=True)
    emergency = models.BooleanField(_("emergency fundraising (filed after the start)"), default=False)
    filed_on = models.DateField(_("filed on"))
    current_number = models.PositiveSmallIntegerField(_("current version"), default=1)
    starts_on = models.DateField(_("starts on"))  # cache of the current version
    ends_on = models.DateField(_("ends on"))
    title = models.CharField(_("purpose"), max_length=200)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("fundraising plan")
        verbose_name_plural = _("fundraising plans")
        ordering = ["-filed_on", "-id"]

    def __str__(self) -> str:
        return self.filing_number

    @property
    def current(self):
        return self.versions.filter(number=self.current_number).first()


class PlanVersionQuerySet(ScopedQuerySet):
    scope_path = "plan"


class PlanVersion(ImmutableFact):
    """The contents of a plan as filed or amended (Law Art. 24)."""

    plan = models.ForeignKey(FundraisingPlan, verbose_name=_("plan"), on_delete=models.PROTECT,
                             related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    filed_on = models.DateField(_("filed on"))
    purpose = models.CharField(_("purpose"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    area = models.CharField(_("area"), max_length=300)
    person_in_charge = models.CharField(_("person in charge"), max_length=64)
    office_address = models.CharField(_("office address"), max_length=300)
    receiving_accounts = models.JSONField(_("receiving accounts"), default=list)
    online_platform = models.CharField(_("designated online platform"), max_length=200, blank=True)
    on_site = models.BooleanField(_("on-site fundraising"), default=False)
    beneficiaries = models.TextField(_("beneficiaries"))
    use_of_funds = models.TextField(_("use of funds"))
    fundraising_cost = models.TextField(_("fundraising cost"))
    residual_property = models.TextField(_("handling of residual property"))
    target_amount = models.DecimalField(_("target amount (yuan)"), max_digits=16, decimal_places=2, null=True,
                                        blank=True)
    amendment_reason = models.TextField(_("reason for the amendment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["plan_id", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="charity_plan_version_once")]


class EmergencyDisclosure(ImmutableFact):
    """A disclosure of the receipts of an emergency fundraising (at least every five days, Law Art. 72)."""

    plan = models.ForeignKey(FundraisingPlan, verbose_name=_("plan"), on_delete=models.PROTECT,
                             related_name="disclosures")
    disclosed_on = models.DateField(_("disclosed on"))
    received_to = models.DateField(_("receipts up to"))
    amount_received = models.DecimalField(_("money received to date (yuan)"), max_digits=16, decimal_places=2)
    goods = models.TextField(_("goods received to date"), blank=True)
    use_so_far = models.TextField(_("use so far"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("emergency disclosure")
        verbose_name_plural = _("emergency disclosures")
        ordering = ["plan_id", "disclosed_on", "id"]


# --- the donations ledger (double entry) ---------------------------------------------------------------------

class AccountKind(models.TextChoices):
    DONOR = "donor", _("Donor")
    RECEIVING = "receiving", _("Receiving account of the organization")
    RESTRICTED = "restricted", _("Restricted fund of a plan")
    BENEFICIARY = "beneficiary", _("Beneficiary")
    INSTITUTION = "institution", _("Recipient institution")
    PROJECT_FUND = "project_fund", _("Restricted fund of a project")


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organization")
    ANONYMOUS = "anonymous", _("Anonymous")


class LedgerAccount(models.Model):
    """An account of the ledger: who holds value. Never deleted; balances are the sums of its postings."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="ledger_accounts")
    public_id = models.CharField(_("public id"), max_length=60, unique=True)
    kind = models.CharField(_("account"), max_length=12, choices=AccountKind.choices)
    party_kind = models.CharField(_("party"), max_length=12, choices=PartyKind.choices, blank=True)
    name = models.CharField(_("name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    person_hash = models.CharField(_("person (keyed hash)"), max_length=64, blank=True, db_index=True)
    plan = models.ForeignKey(FundraisingPlan, verbose_name=_("plan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="ledger_accounts")
    project = models.ForeignKey("CharityProject", verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="ledger_accounts")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.public_id

    @property
    def public_name(self) -> str:
        """Persons are never named in public: their accounts show as a person donor or beneficiary."""
        if self.party_kind == PartyKind.PERSON:
            return str(_("Individual donor") if self.kind == AccountKind.DONOR else _("Individual beneficiary"))
        if self.party_kind == PartyKind.ANONYMOUS:
            return str(_("Anonymous donor"))
        if self.kind == AccountKind.RECEIVING and self.name in Channel.values:
            return str(Channel(self.name).label)
        return self.name


class TransactionKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    ALLOCATION = "allocation", _("Allocation to a restricted fund")
    DISBURSEMENT = "disbursement", _("Disbursement")
    REVERSAL = "reversal", _("Reversal")
    TRANSFER = "transfer", _("Transfer from a plan's fund to a project's fund")


class Channel(models.TextChoices):
    BANK = "bank", _("Bank transfer")
    PLATFORM = "platform", _("Designated online platform")
    ON_SITE = "on_site", _("On site")


class TransactionQuerySet(ScopedQuerySet):
    pass


class LedgerTransaction(ImmutableFact):
    """One balanced transaction: its postings sum to zero (yuan, and for goods the quantity per unit)."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="ledger_transactions")
    public_id = models.CharField(_("public id"), max_length=60, unique=True)
    kind = models.CharField(_("transaction"), max_length=14, choices=TransactionKind.choices)
    plan = models.ForeignKey(FundraisingPlan, verbose_name=_("plan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="ledger_transactions")
    occurred_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    external_id = models.CharField(_("transaction id of the bank or platform"), max_length=100, blank=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64, blank=True)
    goods = models.CharField(_("goods"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    valuation_basis = models.CharField(_("valuation basis"), max_length=200, blank=True)
    memo = models.CharField(_("purpose or note"), max_length=300, blank=True)
    reverses = models.OneToOneField("self", verbose_name=_("reverses"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="reversed_by")
    follows = models.ForeignKey("self", verbose_name=_("follows the receipt"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="followers")
    project = models.ForeignKey("CharityProject", verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="ledger_transactions")
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["occurred_on", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "channel", "external_id"],
                                               condition=~models.Q(external_id=""),
                                               name="charity_txn_external_once")]


class Posting(ImmutableFact):
    """One line of a transaction: a signed amount into (+) or out of (−) an account."""

    transaction = models.ForeignKey(LedgerTransaction, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="postings")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3, null=True, blank=True)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [models.Index(fields=["account", "transaction"], name="charity_posting_account_idx")]


# --- imports and reconciliation ------------------------------------------------------------------------------

class ImportKind(models.TextChoices):
    RECEIPTS = "receipts", _("Receipts (platform settlement or bank donation list)")
    STATEMENT = "statement", _("Bank statement")


class ImportBatch(ImmutableFact):
    """One imported file: a settlement file or donation list (receipts into the ledger) or a bank statement."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="charity_imports")
    plan = models.ForeignKey(FundraisingPlan, verbose_name=_("plan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="imports")
    kind = models.CharField(_("file"), max_length=10, choices=ImportKind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    created = models.PositiveIntegerField(_("new rows"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-recorded_at", "-id"]


class StatementLine(ImmutableFact):
    """A line of the organization's bank statement (credits positive), kept for reconciliation."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="statement_lines")
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="lines")
    external_id = models.CharField(_("transaction id"), max_length=100)
    occurred_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2)
    counterparty = models.CharField(_("counterparty"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    fingerprint = models.CharField(_("content fingerprint"), max_length=64)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")
        ordering = ["occurred_on", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "external_id"],
                                               name="charity_statement_line_once")]


# --- projects (慈善项目) --------------------------------------------------------------------------------------

class ProjectCategory(models.TextChoices):
    POVERTY = "poverty", _("Poverty relief")
    MEDICAL = "medical", _("Medical aid")
    EDUCATION = "education", _("Education aid")
    ELDERLY = "elderly", _("Elderly care")
    DISASTER = "disaster", _("Disaster relief")
    OTHER = "other", _("Other")


class CharityProject(models.Model):
    """A charitable project with its budget and funding sources; its disbursements are ledger transactions."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="charity_projects")
    public_id = models.CharField(_("public id"), max_length=40, unique=True)
    name = models.CharField(_("project name"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=ProjectCategory.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    budget = models.DecimalField(_("budget (yuan)"), max_digits=16, decimal_places=2)
    funding_sources = models.TextField(_("funding sources"))
    plan = models.ForeignKey(FundraisingPlan, verbose_name=_("funded by the plan"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="projects")
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("charitable project")
        verbose_name_plural = _("charitable projects")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.name}"


class DisclosureKind(models.TextChoices):
    PROGRESS = "progress", _("Progress disclosure")
    FINAL = "final", _("Final disclosure")


class ProjectDisclosureQuerySet(ScopedQuerySet):
    scope_path = "project"


class ProjectDisclosure(ImmutableFact):
    """A progress or final disclosure of a project (Law Art. 79; Order 81)."""

    project = models.ForeignKey(CharityProject, verbose_name=_("project"), on_delete=models.PROTECT,
                                related_name="disclosures")
    kind = models.CharField(_("disclosure"), max_length=10, choices=DisclosureKind.choices)
    disclosed_on = models.DateField(_("disclosed on"))
    covers_to = models.DateField(_("covers the period up to"))
    spent = models.DecimalField(_("spent to date (yuan)"), max_digits=16, decimal_places=2)
    persons_served = models.PositiveIntegerField(_("persons served (person-times)"))
    institutions_served = models.PositiveIntegerField(_("institutions served"))
    text = models.TextField(_("progress"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectDisclosureQuerySet.as_manager()

    class Meta:
        verbose_name = _("project disclosure")
        verbose_name_plural = _("project disclosures")
        ordering = ["project_id", "disclosed_on", "id"]


# --- sequences of public ids ---------------------------------------------------------------------------------

class CharitySequence(models.Model):
    """The last number issued in one series of an organization's public ids (filing numbers, certificates,
    accounts, transactions, projects …). Taken under a row lock (charity.sequences.next_number), so two requests
    never get the same number and a number is never reused."""

    organization = models.ForeignKey("registry.Organization", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=40)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("public-id sequence")
        verbose_name_plural = _("public-id sequences")
        constraints = [models.UniqueConstraint(fields=["organization", "series"], name="charity_sequence_once")]

    def __str__(self) -> str:
        return f"{self.series} {self.last} ({self.organization_id})"


# --- beneficiaries and the in-kind distribution ledger (their own modules) ----------------------------------
from .models_beneficiaries import *  # noqa: E402,F401,F403
from .models_distribution import *  # noqa: E402,F401,F403
