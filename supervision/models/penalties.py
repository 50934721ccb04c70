"""Administrative penalties 行政处罚 (DOMAIN §1.4, §3.2 item 4, §3.3 ground 5): public credit facts.

A penalty is immutable. A penalty withdrawn or changed (e.g. on administrative reconsideration) is corrected
by a new penalty that supersedes it. Revocation and certificate cancellation also end the registration: the
service writes that registration event through registry.services.record_event and links it here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from supervision.base import ImmutableFact, ScopedQuerySet

__all__ = ["DepartmentKind", "Penalty", "PenaltyKind"]


class PenaltyKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    FINE = "fine", _("Fine")
    CONFISCATION = "confiscation", _("Confiscation of illegal gains")
    SUSPENSION = "suspension", _("Suspension of activities for a period")
    REVOCATION = "revocation", _("Revocation of registration")
    CERTIFICATE_CANCELLATION = "certificate_cancellation", _("Cancellation of the registration certificate")


class DepartmentKind(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("Civil affairs (the registration authority)")
    OTHER = "other", _("Another department")


class PenaltyQuerySet(ScopedQuerySet):
    """Penalties of the organizations ``user`` may see as staff or as the organization itself (``visible_to``)."""

    def in_force(self):
        """Not superseded by a correction."""
        return self.filter(superseded_by__isnull=True)


class Penalty(ImmutableFact):
    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="penalties")
    kind = models.CharField(_("penalty"), max_length=32, choices=PenaltyKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True)
    suspended_from = models.DateField(_("activities suspended from"), null=True, blank=True)
    suspended_to = models.DateField(_("activities suspended until"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=100)
    decided_on = models.DateField(_("decision date"))
    legal_basis = models.TextField(_("legal basis"))
    facts = models.TextField(_("facts"))
    department_kind = models.CharField(_("deciding department"), max_length=16, choices=DepartmentKind.choices)
    department_name = models.CharField(_("name of the deciding department"), max_length=200)
    registration_event = models.OneToOneField("registry.RegistrationEvent", verbose_name=_("registration event"),
                                              null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    supersedes = models.OneToOneField("self", verbose_name=_("corrects"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = PenaltyQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative penalty")
        verbose_name_plural = _("administrative penalties")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["organization", "decided_on"], name="penalty_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.decision_number} {self.kind} {self.decided_on}"
