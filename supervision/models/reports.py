"""Annual work reports 年度工作报告, their review (初审 by the business supervisor, then the registration
authority's 年检 conclusion or 年报 formal review) and the overdue facts of the sweep.

Facts are immutable: a submission, a review and an overdue finding are never edited; a correction is a new
row that supersedes the old one. ``AnnualReport`` holds one organization's year and a small cache derived
from its facts (state, dates, conclusion) that the services rebuild; nothing edits it by hand.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from divisions.policy import register_defaults
from supervision.base import ImmutableFact, ScopedQuerySet

__all__ = [
    "AnnualReport", "Conclusion", "OverdueKind", "ReportOverdue", "ReportReview", "ReportState", "ReportSubmission",
    "ReviewMode", "ReviewOutcome", "ReviewStage", "MONEY_FIELDS", "INCOME_PARTS", "EXPENSE_PARTS",
    "COUNT_FIELDS",
]

# National defaults (DOMAIN §5); each one may be set per jurisdiction (divisions.JurisdictionSetting) and every
# decision that uses one names it in its explanation.
register_defaults({
    # S1 Art. 28, S2 Art. 23: to the registration authority by 31 May; S3 Art. 36: foundations by 31 March.
    "ANNUAL_REPORT_DEADLINE_MMDD": {"social_group": "05-31", "social_service_agency": "05-31",
                                    "foundation": "03-31", "community_org": "05-31"},
    # S1 Art. 28, S2 Art. 23: to the business supervisor for first review by 31 March.
    "ANNUAL_REPORT_FIRST_REVIEW_MMDD": {"social_group": "03-31", "social_service_agency": "03-31",
                                        "foundation": "03-31", "community_org": "03-31"},
    # Which types owe a report. Filed community organizations are not legal persons [unconfirmed]: not listed.
    "ANNUAL_REPORT_TYPES": ["social_group", "social_service_agency", "foundation"],
    # "inspection" (年检: 合格/基本合格/不合格) or "report" (年报: formal review without conclusion), DOMAIN §5.
    "ANNUAL_REVIEW_MODE": "inspection",
    # Report mode: formal review within N working days (Guangzhou practice, S46d) [secondary].
    "ANNUAL_REPORT_REVIEW_WORKING_DAYS": 10,
    # S3 Art. 36: a foundation's report includes the CPA audit report.
    "ANNUAL_REPORT_AUDIT_REQUIRED_TYPES": ["foundation"],
    "ANNUAL_REPORT_FILE_MAX_MB": 20,
})


class ReportState(models.TextChoices):
    AWAITING_FIRST_REVIEW = "awaiting_first_review", _("Awaiting the business supervisor's first review")
    AWAITING_REVIEW = "awaiting_review", _("Awaiting the registration authority's review")
    RETURNED = "returned", _("Returned for correction")
    CONCLUDED = "concluded", _("Review completed")


class ReviewMode(models.TextChoices):
    INSPECTION = "inspection", _("Annual inspection (with a conclusion)")
    REPORT = "report", _("Annual report (formal review, no conclusion)")


class ReviewStage(models.TextChoices):
    FIRST_REVIEW = "first_review", _("First review by the business supervisor")
    AUTHORITY = "authority", _("Review by the registration authority")


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", _("Passed first review (forwarded to the registration authority)")
    RETURNED = "returned", _("Returned for correction")
    CONCLUDED = "concluded", _("Review completed")


class Conclusion(models.TextChoices):
    QUALIFIED = "qualified", _("Qualified")
    BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class OverdueKind(models.TextChoices):
    MISSING = "missing", _("Not submitted")
    LATE = "late", _("Submitted late")


INCOME_PARTS = ("income_donations", "income_government", "income_service_fees", "income_membership_dues",
                "income_other")
EXPENSE_PARTS = ("expense_programmes", "expense_administration", "expense_fundraising")
MONEY_FIELDS = (*INCOME_PARTS, "income_total", *EXPENSE_PARTS, "expense_total", "total_assets",
                "total_liabilities", "net_assets")
COUNT_FIELDS = ("employees", "volunteers", "branches")


class AnnualReportQuerySet(ScopedQuerySet):
    pass


class AnnualReport(models.Model):
    """One organization's annual work report for one year, with a cache derived from its facts."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("report year"))
    # Derived from the submissions and reviews by services_reports.rebuild_report (a cache, never edited).
    state = models.CharField(_("state"), max_length=24, choices=ReportState.choices)
    first_submitted_on = models.DateField(_("first submitted on"))
    last_submitted_on = models.DateField(_("last submitted on"))
    conclusion = models.CharField(_("conclusion"), max_length=24, choices=Conclusion.choices, blank=True)
    concluded_on = models.DateField(_("review completed on"), null=True, blank=True)
    review_mode = models.CharField(_("review mode"), max_length=12, choices=ReviewMode.choices, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual work report")
        verbose_name_plural = _("annual work reports")
        ordering = ["-year", "organization_id"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="annual_report_once_a_year")]
        indexes = [models.Index(fields=["year", "first_submitted_on"], name="report_year_submitted_idx"),
                   models.Index(fields=["state", "year"], name="report_state_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.organization_id} ({self.state})"

    @property
    def current_submission(self):
        return self.submissions.filter(superseded_by__isnull=True).order_by("-number").first()


def audit_report_path(instance, filename):  # kept for migrations; services store content-addressed names
    return f"annual_reports/{filename}"


class ReportSubmissionQuerySet(ScopedQuerySet):
    scope_prefix = "report__organization"


class ReportSubmission(ImmutableFact):
    """The figures an organization submitted for a year. A resubmission (correction) supersedes it."""

    report = models.ForeignKey(AnnualReport, verbose_name=_("annual work report"), on_delete=models.PROTECT,
                               related_name="submissions")
    number = models.PositiveSmallIntegerField(_("submission number"))
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     on_delete=models.PROTECT, related_name="+")
    supersedes = models.OneToOneField("self", verbose_name=_("corrects"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    correction_note = models.TextField(_("what was corrected"), blank=True)
    # Decided when submitted: the organization had a business supervisor, so 初审 comes first (S1 Art. 28).
    first_review_required = models.BooleanField(_("first review by the business supervisor required"))

    income_donations = models.DecimalField(_("income: donations"), max_digits=16, decimal_places=2)
    income_government = models.DecimalField(_("income: government grants and purchased services"), max_digits=16,
                                            decimal_places=2)
    income_service_fees = models.DecimalField(_("income: service fees"), max_digits=16, decimal_places=2)
    income_membership_dues = models.DecimalField(_("income: membership dues"), max_digits=16, decimal_places=2)
    income_other = models.DecimalField(_("income: other"), max_digits=16, decimal_places=2)
    income_total = models.DecimalField(_("total income"), max_digits=16, decimal_places=2)
    expense_programmes = models.DecimalField(_("expenditure: programmes"), max_digits=16, decimal_places=2)
    expense_administration = models.DecimalField(_("expenditure: administration"), max_digits=16,
                                                 decimal_places=2)
    expense_fundraising = models.DecimalField(_("expenditure: fundraising"), max_digits=16, decimal_places=2)
    expense_total = models.DecimalField(_("total expenditure"), max_digits=16, decimal_places=2)
    total_assets = models.DecimalField(_("total assets"), max_digits=16, decimal_places=2)
    total_liabilities = models.DecimalField(_("total liabilities"), max_digits=16, decimal_places=2)
    net_assets = models.DecimalField(_("net assets"), max_digits=16, decimal_places=2)
    employees = models.PositiveIntegerField(_("employees"))
    volunteers = models.PositiveIntegerField(_("volunteers"))
    branches = models.PositiveIntegerField(_("branches"))
    party_organization = models.BooleanField(_("Party organization set up"))
    activities = models.TextField(_("activities"))
    audit_report = models.FileField(_("audit report"), upload_to=audit_report_path, max_length=300, blank=True)
    audit_report_name = models.CharField(_("audit report file name"), max_length=255, blank=True)
    audit_report_sha256 = models.CharField(_("audit report SHA-256"), max_length=64, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ReportSubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="submission_number_once")]

    def __str__(self) -> str:
        return f"{self.report} #{self.number} {self.submitted_on}"


class ReportReviewQuerySet(ScopedQuerySet):
    scope_prefix = "report__organization"


class ReportReview(ImmutableFact):
    """A first review (recorded by an officer on the business supervisor's behalf) or the authority's review."""

    report = models.ForeignKey(AnnualReport, verbose_name=_("annual work report"), on_delete=models.PROTECT,
                               related_name="reviews")
    submission = models.ForeignKey(ReportSubmission, verbose_name=_("reviewed submission"),
                                   on_delete=models.PROTECT, related_name="reviews")
    stage = models.CharField(_("stage"), max_length=16, choices=ReviewStage.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReviewOutcome.choices)
    mode = models.CharField(_("review mode"), max_length=12, choices=ReviewMode.choices, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=24, choices=Conclusion.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    supervisor_name = models.CharField(_("business supervisor"), max_length=200, blank=True,
                                       help_text=_("First review: the business supervisor whose result this is."))
    mode_explanation = models.CharField(_("mode setting"), max_length=300, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                 on_delete=models.PROTECT, related_name="+")
    supersedes = models.OneToOneField("self", verbose_name=_("corrects"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ReportReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("report review")
        verbose_name_plural = _("report reviews")
        ordering = ["report", "reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.report} {self.stage} {self.outcome} {self.reviewed_on}"


class ReportOverdueQuerySet(ScopedQuerySet):
    pass


class ReportOverdue(ImmutableFact):
    """A finding of the sweep: on ``detected_on`` the report for ``year`` was missing, or it came in late.

    At most one of each kind per organization and year, so the sweep can run again without duplicates.
    """

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="report_overdue_facts")
    year = models.PositiveSmallIntegerField(_("report year"))
    kind = models.CharField(_("finding"), max_length=8, choices=OverdueKind.choices)
    deadline = models.DateField(_("deadline"))
    detected_on = models.DateField(_("found on"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    explanation = models.CharField(_("explanation"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ReportOverdueQuerySet.as_manager()

    class Meta:
        verbose_name = _("overdue annual report")
        verbose_name_plural = _("overdue annual reports")
        ordering = ["-year", "organization_id", "kind"]
        constraints = [models.UniqueConstraint(fields=["organization", "year", "kind"], name="overdue_once")]
        indexes = [models.Index(fields=["year", "kind"], name="overdue_year_kind_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.organization_id} {self.kind} ({self.detected_on})"
