"""Materialized daily snapshots: the cells of every fact as of one day (derived, rebuilt by
``python manage.py stats_snapshot``; never edited by hand)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """One day's cells, complete: dashboards read a day from here when it exists, else compute it exactly."""

    day = models.DateField(_("as of"), unique=True)
    taken_at = models.DateTimeField(_("taken at"))
    cells = models.PositiveIntegerField(_("cells"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("taken by"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} ({self.cells})"


class SnapshotCell(models.Model):
    """The value of one measure of one fact for one registering authority, level, type, category and year."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="+")
    fact = models.CharField(max_length=32)
    measure = models.CharField(max_length=16)
    authority = models.CharField(max_length=6)
    level = models.CharField(max_length=12)
    org_type = models.CharField(max_length=24)
    category = models.CharField(max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(default=0)
    value = models.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        indexes = [models.Index(fields=["snapshot", "fact", "measure", "authority"], name="statcell_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.fact}.{self.measure} {self.authority} {self.level} {self.org_type} {self.category} " \
               f"{self.year}: {self.value}"


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class TargetQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Targets of the jurisdictions ``user`` may see as staff (accounts.jurisdiction.scope_q); staff only."""
        from accounts.jurisdiction import is_staff_user, scope_q

        if not is_staff_user(user):
            return self.none()
        return self.filter(scope_q(user, authority_field="division_id", organization_field="pk"))


class KpiTarget(models.Model):
    """A target an authority set itself: the indicator shall be at least (or at most) a value by a deadline."""

    indicator = models.CharField(_("indicator"), max_length=32)
    division = models.ForeignKey("divisions.Division", verbose_name=_("jurisdiction"), on_delete=models.PROTECT,
                                 related_name="+")
    comparison = models.CharField(_("comparison"), max_length=8, choices=Comparison.choices,
                                  default=Comparison.AT_LEAST)
    target_value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2)
    deadline = models.DateField(_("deadline"))
    basis = models.TextField(_("basis"), help_text=_("The plan or document that sets the target."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField(_("recorded on"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.division_id} {self.comparison} {self.target_value} by {self.deadline}"


class Release(models.Model):
    """One daily open-data release (its files live under OPEN_DATA_DIR/<release_id>/; made once, never changed)."""

    release_id = models.CharField(_("release"), max_length=32, unique=True)
    day = models.DateField(_("as of"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    manifest_sha256 = models.CharField(_("manifest SHA-256"), max_length=64)
    rows = models.JSONField(_("rows per table"), default=dict)
    feed_head = models.PositiveBigIntegerField(_("change feed up to"), default=0)

    class Meta:
        verbose_name = _("open-data release")
        verbose_name_plural = _("open-data releases")
        ordering = ["-day"]

    def __str__(self) -> str:
        return self.release_id


class ChangeEntry(models.Model):
    """One public change between two consecutive open-data releases: a row of a table inserted or updated
    (``upsert``) or gone (``delete``). ``seq`` is gap-free and never reused; applying the entries of a release to
    the previous release gives it exactly."""

    seq = models.PositiveBigIntegerField(_("sequence number"), unique=True)
    release = models.ForeignKey(Release, verbose_name=_("release"), on_delete=models.PROTECT, related_name="+")
    table = models.CharField(_("table"), max_length=32)
    key = models.JSONField(_("key"))
    op = models.CharField(_("operation"), max_length=8)
    row = models.JSONField(_("row"), null=True, blank=True)

    class Meta:
        verbose_name = _("change-feed entry")
        verbose_name_plural = _("change-feed entries")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.table} {self.op} {self.key}"
