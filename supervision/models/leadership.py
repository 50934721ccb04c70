"""Leadership terms 换届: the term in force (board, legal representative, length from the charter), renewals,
postponements, and the financial audit 离任审计 that must come before a change of legal representative
(S1 Art. 27, S2 Art. 22; DOMAIN §1.4). All immutable facts."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from divisions.policy import register_defaults
from supervision.base import ImmutableFact, ScopedQuerySet

__all__ = ["DepartureAudit", "LeadershipTerm", "TermKind", "TermPostponement"]

register_defaults({
    # Model charters and S3 Art. 20: a term of at most five years; the charter's length is used when given.
    "LEADERSHIP_TERM_YEARS": 5,
    "LEADERSHIP_TERM_MAX_YEARS": 5,
    # Model charters: renewal may be postponed by at most one year.
    "LEADERSHIP_POSTPONEMENT_MAX_MONTHS": 12,
    # When the financial audit must precede the filing: "renewal" (any 换届 and any change of legal
    # representative, S1 Art. 27), "legal_rep_change" (S2 Art. 22; foundations [unconfirmed]) or "never".
    "LEADERSHIP_AUDIT_BEFORE": {"social_group": "renewal", "social_service_agency": "legal_rep_change",
                                "foundation": "legal_rep_change", "community_org": "never"},
    # S3 Art. 20: a foundation's board has 5 to 25 directors.
    "LEADERSHIP_FOUNDATION_BOARD_SIZE": [5, 25],
})


class TermKind(models.TextChoices):
    INITIAL = "initial", _("Term in force (first record)")
    RENEWAL = "renewal", _("Renewal (new term)")


class LeadershipTermQuerySet(ScopedQuerySet):
    def current(self):
        """Each organization's term in force: not corrected, and no later term filed."""
        later = LeadershipTerm.objects.filter(organization=models.OuterRef("organization"),
                                              started_on__gt=models.OuterRef("started_on"),
                                              superseded_by__isnull=True)
        return self.filter(superseded_by__isnull=True).exclude(models.Exists(later))


class LeadershipTerm(ImmutableFact):
    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="leadership_terms")
    kind = models.CharField(_("filing"), max_length=12, choices=TermKind.choices)
    started_on = models.DateField(_("term started on"))
    term_years = models.PositiveSmallIntegerField(_("term length (years)"))
    ends_on = models.DateField(_("renewal due on"))
    legal_rep_name = models.CharField(_("legal representative"), max_length=64)
    board_members = models.JSONField(_("board members"), default=list)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed on"))
    note = models.TextField(_("note"), blank=True)
    setting_explanation = models.CharField(_("settings applied"), max_length=500, blank=True)
    registration_event = models.OneToOneField("registry.RegistrationEvent", verbose_name=_("registration event"),
                                              null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    departure_audit = models.ForeignKey("DepartureAudit", verbose_name=_("financial audit relied on"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="terms")
    supersedes = models.OneToOneField("self", verbose_name=_("corrects"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = LeadershipTermQuerySet.as_manager()

    class Meta:
        verbose_name = _("leadership term")
        verbose_name_plural = _("leadership terms")
        ordering = ["organization", "-started_on", "-id"]
        indexes = [models.Index(fields=["organization", "started_on"], name="term_org_start_idx"),
                   models.Index(fields=["ends_on"], name="term_ends_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.started_on}–{self.ends_on}"


class TermPostponement(ImmutableFact):
    """An approved postponement of the renewal (延期换届) to ``postponed_to``."""

    term = models.ForeignKey(LeadershipTerm, verbose_name=_("leadership term"), on_delete=models.PROTECT,
                             related_name="postponements")
    postponed_to = models.DateField(_("renewal postponed to"))
    approved_on = models.DateField(_("approved on"))
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("renewal postponement")
        verbose_name_plural = _("renewal postponements")
        ordering = ["term", "postponed_to"]

    def __str__(self) -> str:
        return f"{self.term_id} → {self.postponed_to}"


class DepartureAuditQuerySet(ScopedQuerySet):
    pass

class DepartureAudit(ImmutableFact):
    """The financial audit of the outgoing legal representative's tenure (离任审计 / 换届审计)."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="departure_audits")
    person_name = models.CharField(_("audited legal representative"), max_length=64)
    audited_on = models.DateField(_("audit report date"))
    auditor = models.CharField(_("auditor"), max_length=200)
    report_number = models.CharField(_("audit report number"), max_length=100, blank=True)
    summary = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True,
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = DepartureAuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("departure audit")
        verbose_name_plural = _("departure audits")
        ordering = ["organization", "-audited_on"]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.person_name} {self.audited_on}"
