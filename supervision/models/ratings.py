"""等级评估 (MCA Order 39): score sheets as data per jurisdiction, applications, scores, committee decisions,
objections, and the conferred grades with their lowering and cancellation, all as dated facts.

``GradeSpan`` is derived: the organization's grade day by day, rebuilt by services_ratings from the grades
and actions with the pure rule :func:`supervision.rules_ratings.grade_spans`; nothing edits it by hand.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from divisions.policy import register_defaults
from registry.models import OrgType
from supervision.base import ScopedQuerySet

__all__ = [
    "GradeChoice", "ScoreSheet", "ScoreSheetVersion", "Indicator", "GradeBand", "ApplicationState",
    "RatingApplication", "IndicatorScore", "CommitteeDecision", "ObjectionOutcome", "RatingObjection", "Grade",
    "GradeActionKind", "Art30Ground", "GradeAction", "GradeSpan",
]

# DOMAIN §4 / §11. Every time limit of the evaluation procedure is a per-jurisdiction setting; each decision's
# explanation names the setting it used. [unconfirmed] marks values the DOMAIN could not confirm.
register_defaults({
    "RATING_MIN_FULL_YEARS": 2,                # Art. 6: registered 满两个年度 (complete calendar years)
    "RATING_VALIDITY_YEARS": 5,                # Art. 28
    "RATING_REEVALUATION_WINDOW_YEARS": 2,     # Art. 29: re-apply in the 2 years before expiry
    "RATING_PUBLICITY_DAYS": 7,                # 公示 length in calendar days [unconfirmed: set locally]
    "RATING_OBJECTION_REPLY_DAYS": 15,         # Art. 23: review committee notifies within 15 days
    "RATING_BAR_AFTER_LOWERED_YEARS": 2,       # Art. 31
    "RATING_BAR_AFTER_CANCELLED_YEARS": 3,     # Art. 31
    "RATING_CERTIFICATE_RETURN_DAYS": 15,      # Art. 33
    "RATING_BASIC_QUALIFIED_RUN": 2,           # Art. 7: 基本合格 this many years running refuses an application
    "RATING_PENALTY_LOOKBACK_YEARS": 1,        # Art. 7: penalized "last year" (the previous calendar year)
})


class GradeChoice(models.TextChoices):
    A5 = "5A", _("5A (AAAAA)")
    A4 = "4A", _("4A (AAAA)")
    A3 = "3A", _("3A (AAA)")
    A2 = "2A", _("2A (AA)")
    A1 = "1A", _("1A (A)")


class ScoreSheet(models.Model):
    """The evaluation standard of one jurisdiction for one organization type (评估指标体系). Lookups walk up the
    division tree, so a county without its own sheet uses its city's, province's or the national one."""

    division = models.ForeignKey("divisions.Division", verbose_name=_("jurisdiction"), on_delete=models.PROTECT,
                                 related_name="+")
    org_type = models.CharField(_("organization type"), max_length=24, choices=OrgType.choices)
    name = models.CharField(_("name"), max_length=200)
    is_example = models.BooleanField(
        _("example sheet"), default=False,
        help_text=_("An illustrative sheet shipped with the platform, not a legal standard: replace it with the "
                    "jurisdiction's own."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["division", "org_type"]
        constraints = [models.UniqueConstraint(fields=["division", "org_type"], name="scoresheet_one_per_type")]

    def __str__(self) -> str:
        return f"{self.name} ({self.division_id}, {self.org_type})"


class ScoreSheetVersion(models.Model):
    """One version of a sheet: its indicators and grade bands, in force from ``effective_from``. Never edited."""

    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("score sheet"), on_delete=models.PROTECT,
                              related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    max_total = models.DecimalField(_("total points"), max_digits=8, decimal_places=2)
    note = models.TextField(_("note / basis"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("score sheet version")
        verbose_name_plural = _("score sheet versions")
        ordering = ["sheet", "-number"]
        constraints = [models.UniqueConstraint(fields=["sheet", "number"], name="scoresheetversion_number")]

    def __str__(self) -> str:
        return f"{self.sheet.name} v{self.number} ({self.effective_from})"


class Indicator(models.Model):
    version = models.ForeignKey(ScoreSheetVersion, verbose_name=_("sheet version"), on_delete=models.PROTECT,
                                related_name="indicators")
    section = models.CharField(_("section"), max_length=100)
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("indicator"), max_length=300)
    max_points = models.DecimalField(_("maximum points"), max_digits=7, decimal_places=2)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="indicator_code_per_version")]

    def __str__(self) -> str:
        return f"{self.code} {self.name} ({self.max_points})"


class GradeBand(models.Model):
    """The minimum total points for a grade on one sheet version (set locally; never hard-coded)."""

    version = models.ForeignKey(ScoreSheetVersion, verbose_name=_("sheet version"), on_delete=models.PROTECT,
                                related_name="bands")
    grade = models.CharField(_("grade"), max_length=2, choices=GradeChoice.choices)
    min_points = models.DecimalField(_("minimum points"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("grade band")
        verbose_name_plural = _("grade bands")
        ordering = ["version", "-min_points"]
        constraints = [models.UniqueConstraint(fields=["version", "grade"], name="gradeband_one_per_grade")]

    def __str__(self) -> str:
        return f"{self.grade} >= {self.min_points}"


class ApplicationQuerySet(ScopedQuerySet):
    pass


class ObjectionQuerySet(ScopedQuerySet):
    scope_prefix = "application__organization"


class GradeQuerySet(ScopedQuerySet):
    pass


class ApplicationState(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SCORING = "scoring", _("Being scored")
    PUBLICITY = "publicity", _("Decided, in publicity")
    CONFERRED = "conferred", _("Grade conferred")
    NOT_GRADED = "not_graded", _("No grade conferred")


class RatingApplication(models.Model):
    """An organization's application for evaluation. ``state`` is a cache of the facts below it."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="rating_applications")
    applied_on = models.DateField(_("applied on"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applied by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(_("filed by an officer on the organization's behalf"), default=False)
    sheet_version = models.ForeignKey(ScoreSheetVersion, verbose_name=_("score sheet"), on_delete=models.PROTECT,
                                      related_name="+")
    eligibility = models.JSONField(_("eligibility as checked"), default=dict,
                                   help_text=_("The checks run on the application date and what each found."))
    state = models.CharField(_("state"), max_length=16, choices=ApplicationState.choices,
                             default=ApplicationState.APPLIED, db_index=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating application")
        verbose_name_plural = _("rating applications")
        ordering = ["-applied_on", "-id"]
        indexes = [models.Index(fields=["organization", "applied_on"], name="ratingapp_org_date_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.organization_id} {self.applied_on} ({self.state})"


class IndicatorScore(models.Model):
    """One evaluator's points for one indicator (评估专家打分). Never edited."""

    application = models.ForeignKey(RatingApplication, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="scores")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT,
                                  related_name="+")
    points = models.DecimalField(_("points"), max_digits=7, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    scored_on = models.DateField(_("scored on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        ordering = ["application", "indicator__order", "indicator_id", "evaluator_id"]
        constraints = [models.UniqueConstraint(fields=["application", "indicator", "evaluator"],
                                               name="score_once_per_evaluator")]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.points} by {self.evaluator_id}"


class CommitteeDecision(models.Model):
    """The evaluation committee's decision (评估委员会), which opens the publicity period (公示)."""

    application = models.OneToOneField(RatingApplication, verbose_name=_("application"), on_delete=models.PROTECT,
                                       related_name="decision")
    decided_on = models.DateField(_("decided on"))
    total_points = models.DecimalField(_("total points"), max_digits=8, decimal_places=2)
    band_grade = models.CharField(_("grade by the bands"), max_length=2, choices=GradeChoice.choices, blank=True)
    grade = models.CharField(_("grade decided"), max_length=2, choices=GradeChoice.choices, blank=True,
                             help_text=_("Empty: no grade (不予评定等级)."))
    reason = models.TextField(_("reason"), blank=True,
                              help_text=_("Required when the committee decides otherwise than the bands."))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    publicity_from = models.DateField(_("publicity from"))
    publicity_until = models.DateField(_("publicity until"))
    settings_used = models.JSONField(_("settings used"), default=list)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.grade or '—'} ({self.total_points})"


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: grade revised")
    DISMISSED = "dismissed", _("Dismissed: decision stands")


class RatingObjection(models.Model):
    """A written request for review filed during publicity (Art. 20) and its answer (Arts. 22–23)."""

    application = models.ForeignKey(RatingApplication, verbose_name=_("application"), on_delete=models.PROTECT,
                                    related_name="objections")
    filed_on = models.DateField(_("filed on"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("filed by"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("objection"))
    reply_due = models.DateField(_("answer due by"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=ObjectionOutcome.choices, blank=True)
    revised_grade = models.CharField(_("revised grade"), max_length=2, choices=GradeChoice.choices, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    votes_for = models.PositiveIntegerField(_("votes for the outcome"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("votes against"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating objection")
        verbose_name_plural = _("rating objections")
        ordering = ["application", "filed_on", "id"]

    def __str__(self) -> str:
        return f"objection #{self.pk} to {self.application_id} ({self.filed_on})"

    @property
    def answered_late(self) -> bool:
        return self.answered_on is not None and self.answered_on > self.reply_due


class Grade(models.Model):
    """A conferred grade (评估等级), valid ``valid_until`` inclusive (Art. 28). Never edited: lowering and
    cancellation are GradeAction facts."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="grades")
    application = models.OneToOneField(RatingApplication, verbose_name=_("application"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="conferred_grade")
    grade = models.CharField(_("grade"), max_length=2, choices=GradeChoice.choices)
    conferred_on = models.DateField(_("conferred on"))
    valid_until = models.DateField(_("valid until (inclusive)"))
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    basis = models.TextField(_("basis"), blank=True,
                             help_text=_("For grades recorded from earlier paper files: where the decision is."))
    settings_used = models.JSONField(_("settings used"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = GradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("conferred grade")
        verbose_name_plural = _("conferred grades")
        ordering = ["organization", "conferred_on", "id"]
        indexes = [models.Index(fields=["organization", "conferred_on"], name="grade_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.grade} {self.conferred_on}–{self.valid_until} ({self.organization_id})"


class GradeActionKind(models.TextChoices):
    LOWERED = "lowered", _("Grade lowered")
    CANCELLED = "cancelled", _("Grade cancelled")


class Art30Ground(models.TextChoices):
    FALSE_MATERIAL = "1", _("Art. 30(1) false material or collusion with evaluators")
    CERTIFICATE = "2", _("Art. 30(2) certificate or plaque altered, forged, rented out or lent")
    BASIC_TWICE = "3", _("Art. 30(3) basically qualified in annual inspection two years running")
    FAILED_INSPECTION = "4", _("Art. 30(4) failed or did not take last year's annual inspection")
    PENALTY = "5", _("Art. 30(5) administrative penalty (warning, fine, confiscation, suspension)")
    OTHER_LAW = "6", _("Art. 30(6) other violations of laws or regulations")


class GradeAction(models.Model):
    """降低评估等级 / 取消评估等级 (Art. 30), effective from ``effective_on``; starts the Art. 31 bar."""

    grade = models.ForeignKey(Grade, verbose_name=_("grade"), on_delete=models.PROTECT, related_name="actions")
    kind = models.CharField(_("action"), max_length=12, choices=GradeActionKind.choices)
    effective_on = models.DateField(_("effective date"))
    new_grade = models.CharField(_("lowered to"), max_length=2, choices=GradeChoice.choices, blank=True)
    ground = models.CharField(_("ground (Art. 30)"), max_length=2, choices=Art30Ground.choices)
    reason = models.TextField(_("reason"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    certificate_return_due = models.DateField(_("certificate and plaque to be returned by"))
    settings_used = models.JSONField(_("settings used"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("grade action")
        verbose_name_plural = _("grade actions")
        ordering = ["grade", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.effective_on} ({self.grade_id})"


class GradeSpan(models.Model):
    """Derived: the organization held ``grade`` from ``valid_from`` until the day before ``valid_to``."""

    organization = models.ForeignKey("registry.Organization", on_delete=models.CASCADE, related_name="grade_spans")
    source = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="spans")
    grade = models.CharField(max_length=2, choices=GradeChoice.choices)
    rank = models.PositiveSmallIntegerField(help_text="5 for 5A … 1 for 1A, for range queries.")
    valid_from = models.DateField()
    valid_to = models.DateField()
    ended_by = models.CharField(max_length=12)

    objects = GradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("grade span")
        verbose_name_plural = _("grade spans")
        ordering = ["organization", "valid_from"]
        indexes = [
            models.Index(fields=["valid_from", "valid_to", "rank"], name="gradespan_day_idx"),
            models.Index(fields=["organization", "valid_from"], name="gradespan_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.grade} {self.valid_from}–{self.valid_to} ({self.organization_id})"

