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
