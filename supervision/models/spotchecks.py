"""双随机、一公开 random spot checks (民发〔2017〕45号): inspector roster and declared conflicts, plans per
authority and year, reproducible draws with their frozen inputs, targets and their inspectors, findings,
rectification notices and their completion."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import NOTHING, is_staff_user, scope_q
from divisions.policy import register_defaults
from supervision.base import ScopedQuerySet

__all__ = [
    "Inspector", "ConflictDeclaration", "PlanKind", "SpotCheckPlan", "Draw", "DrawTarget", "AssignedBy",
    "TargetInspector", "CheckMethod", "FindingConclusion", "Finding", "RectificationNotice",
]

# DOMAIN §7. Minimum rates of periodic sampling by the planning authority's level (Art. 5), in percent.
register_defaults({
    "SPOT_CHECK_MIN_RATE_COUNTY": 3,
    "SPOT_CHECK_MIN_RATE_CITY": 4,
    "SPOT_CHECK_MIN_RATE_PROVINCIAL": 5,
    "SPOT_CHECK_MIN_RATE_NATIONAL": 10,
    # Organization types sampled at their own rate, {type: percent}; local practice, e.g. {"foundation": 100}.
    "SPOT_CHECK_TYPE_RATES": {},
    # Inspectors drawn per target; an on-site check needs at least this many present [secondary].
    "SPOT_CHECK_MIN_INSPECTORS": 2,
    # Default deadline of a rectification notice, days after the notice [unconfirmed: set locally].
    "SPOT_CHECK_RECTIFICATION_DAYS": 30,
})


def authority_scope(user, field: str = "authority_id"):
    """Staff only: an officer sees what authorities in their subtree own; organization users see none of it."""
    if not is_staff_user(user):
        return NOTHING
    return scope_q(user, authority_field=field, organization_field="pk")


class AuthorityQuerySet(models.QuerySet):
    authority_field = "authority_id"

    def visible_to(self, user):
        """Rows owned by an authority: visible to staff whose jurisdiction contains that authority."""
        return self.filter(authority_scope(user, self.authority_field))


class InspectorQuerySet(AuthorityQuerySet):
    authority_field = "division_id"

    def active(self):
        return self.filter(active=True)


class Inspector(models.Model):
    """A law-enforcement inspector on an authority's roster (执法检查人员名录库)."""

    name = models.CharField(_("name"), max_length=64)
    division = models.ForeignKey("divisions.Division", verbose_name=_("authority"), on_delete=models.PROTECT,
                                 related_name="+")
    unit = models.CharField(_("department / unit"), max_length=200, blank=True)
    badge_number = models.CharField(_("law-enforcement certificate number"), max_length=64, blank=True)
    active = models.BooleanField(_("on the roster"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = InspectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("inspector")
        verbose_name_plural = _("inspectors")
        ordering = ["division", "name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.division_id})"


class ConflictQuerySet(AuthorityQuerySet):
    authority_field = "inspector__division_id"


class ConflictDeclaration(models.Model):
    """An inspector's declared conflict of interest with an organization (回避): never drawn for it."""

    inspector = models.ForeignKey(Inspector, verbose_name=_("inspector"), on_delete=models.PROTECT,
                                  related_name="conflicts")
    organization = models.ForeignKey("registry.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="+")
    declared_on = models.DateField(_("declared on"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        verbose_name = _("conflict declaration")
        verbose_name_plural = _("conflict declarations")
        ordering = ["inspector", "organization"]
        constraints = [models.UniqueConstraint(fields=["inspector", "organization"], name="conflict_once")]

    def __str__(self) -> str:
        return f"{self.inspector_id} x {self.organization_id}"


class PlanKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic (annual)")
    AD_HOC = "ad_hoc", _("Ad hoc")


class SpotCheckPlan(models.Model):
    """An authority's sampling plan for a year (抽查计划). The candidates are the active organizations that
    authority itself registered (DOMAIN §7: "organizations they registered"), not those of authorities below."""

    authority = models.ForeignKey("divisions.Division", verbose_name=_("planning authority"),
                                  on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=PlanKind.choices)
    title = models.CharField(_("title"), max_length=200)
    rate = models.DecimalField(_("sampling rate (%)"), max_digits=5, decimal_places=2)
    strata = models.JSONField(_("strata"), default=list,
                              help_text=_("Parts sampled at their own rate, in draw order: name, rate, source."))
    exclude_months = models.PositiveSmallIntegerField(
        _("leave out organizations drawn in the last N months"), default=0)
    inspectors_per_target = models.PositiveSmallIntegerField(_("inspectors per target"), default=2)
    scope_note = models.TextField(_("scope and method"), blank=True)
    settings_used = models.JSONField(_("settings used"), default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AuthorityQuerySet.as_manager()

    class Meta:
        verbose_name = _("spot-check plan")
        verbose_name_plural = _("spot-check plans")
        ordering = ["-year", "authority", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.authority_id}, {self.year})"


class DrawQuerySet(AuthorityQuerySet):
    authority_field = "plan__authority_id"


class Draw(models.Model):
    """The draw of one plan, with everything needed to re-run it: the published seed, the frozen candidate list
    (sorted by id) and its SHA-256, the roster and conflict snapshot, the algorithm version and source hash."""

    plan = models.OneToOneField(SpotCheckPlan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="draw")
    seed = models.CharField(_("published seed"), max_length=128)
    drawn_on = models.DateField(_("drawn on"))
    drawn_at = models.DateTimeField(_("drawn at"), auto_now_add=True)
    algorithm_version = models.CharField(_("algorithm version"), max_length=32)
    algorithm_sha256 = models.CharField(_("algorithm source SHA-256"), max_length=64)
    python_version = models.CharField(_("Python version"), max_length=32)
    candidates = models.JSONField(_("frozen candidate list"),
                                  help_text=_("[organization id, code, stratum], sorted by id."))
    candidates_count = models.PositiveIntegerField(_("candidates"))
    candidates_sha256 = models.CharField(_("candidate list SHA-256"), max_length=64)
    excluded_since = models.DateField(_("left out if drawn since"), null=True, blank=True)
    excluded_count = models.PositiveIntegerField(_("left out as recently drawn"), default=0)
    sizes = models.JSONField(_("sample size per stratum"), help_text=_("[[stratum, rate, candidates, size], …]"))
    roster = models.JSONField(_("inspector roster snapshot"), help_text=_("Inspector ids, sorted."))
    conflicts = models.JSONField(_("conflict snapshot"), help_text=_("[inspector id, organization id] pairs."))
    inspectors_per_target = models.PositiveSmallIntegerField(_("inspectors per target"))
    roster_sha256 = models.CharField(_("roster and conflicts SHA-256"), max_length=64)
    result_sha256 = models.CharField(_("result SHA-256"), max_length=64)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drawn by"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    objects = DrawQuerySet.as_manager()

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-drawn_on", "-id"]

    def __str__(self) -> str:
        return f"draw #{self.pk} of plan {self.plan_id} ({self.drawn_on})"


class TargetQuerySet(ScopedQuerySet):
    pass


class DrawTarget(models.Model):
    """An organization drawn for checking (抽查对象)."""

    draw = models.ForeignKey(Draw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="targets")
    organization = models.ForeignKey("registry.Organization", verbose_name=_("organization"),
                                     on_delete=models.PROTECT, related_name="spot_check_targets")
    stratum = models.CharField(_("stratum"), max_length=40)
    position = models.PositiveIntegerField(_("drawn as number"))

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("spot-check target")
        verbose_name_plural = _("spot-check targets")
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "organization"], name="target_once_per_draw")]
        indexes = [models.Index(fields=["organization", "draw"], name="target_org_idx")]

    def __str__(self) -> str:
        return f"{self.draw_id}#{self.position} {self.organization_id}"


class AssignedBy(models.TextChoices):
    DRAWN = "drawn", _("Drawn at random")
    MANUAL = "manual", _("Assigned by an officer")


class TargetInspector(models.Model):
    target = models.ForeignKey(DrawTarget, verbose_name=_("target"), on_delete=models.PROTECT,
                               related_name="inspectors")
    inspector = models.ForeignKey(Inspector, verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+")
    how = models.CharField(_("assigned"), max_length=8, choices=AssignedBy.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    reason = models.TextField(_("reason"), blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("target inspector")
        verbose_name_plural = _("target inspectors")
        ordering = ["target", "position"]
        constraints = [models.UniqueConstraint(fields=["target", "inspector"], name="inspector_once_per_target")]

    def __str__(self) -> str:
        return f"{self.inspector_id} -> {self.target_id} ({self.how})"


class CheckMethod(models.TextChoices):
    DESK = "desk", _("Desk review")
    ON_SITE = "on_site", _("On-site inspection")


class FindingConclusion(models.TextChoices):
    NO_PROBLEM = "no_problem", _("No problem found")
    RECTIFY = "rectify", _("Problems found: rectification ordered")
    REFERRED = "referred", _("Problems found: referred for investigation")


class FindingQuerySet(ScopedQuerySet):
    scope_prefix = "target__organization"

    def published(self):
        return self.filter(published_on__isnull=False)


class Finding(models.Model):
    """What the check found (抽查结果). ``summary`` is what gets published; ``details`` stays internal."""

    target = models.ForeignKey(DrawTarget, verbose_name=_("target"), on_delete=models.PROTECT,
                               related_name="findings")
    method = models.CharField(_("method"), max_length=8, choices=CheckMethod.choices)
    checked_on = models.DateField(_("checked on"))
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=FindingConclusion.choices)
    summary = models.TextField(_("published summary"))
    details = models.TextField(_("internal details"), blank=True)
    inspectors = models.ManyToManyField(Inspector, verbose_name=_("inspectors present"), related_name="+")
    published_on = models.DateField(_("published on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["target", "checked_on", "id"]

    def __str__(self) -> str:
        return f"{self.target_id} {self.checked_on} {self.conclusion}"


class NoticeQuerySet(ScopedQuerySet):
    scope_prefix = "finding__target__organization"


class RectificationNotice(models.Model):
    """责令整改通知: what to fix and by when; its completion is recorded once, with who verified it."""

    finding = models.ForeignKey(Finding, verbose_name=_("finding"), on_delete=models.PROTECT,
                                related_name="notices")
    issued_on = models.DateField(_("issued on"))
    deadline = models.DateField(_("rectify by"))
    requirements = models.TextField(_("requirements"))
    completed_on = models.DateField(_("rectification completed on"), null=True, blank=True)
    completion_note = models.TextField(_("completion note"), blank=True)
    completion_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("completion verified by"),
                                               null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("issued by"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["finding", "issued_on", "id"]

    def __str__(self) -> str:
        return f"notice #{self.pk} by {self.deadline}"

    def overdue_on(self, day) -> bool:
        return self.completed_on is None and day > self.deadline
