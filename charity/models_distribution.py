"""The in-kind distribution ledger 台账 (imported by ``charity.models``): a programme's goods, the recipient
institutions it finds eligible (each with a stable id), allocations, shipments, receipt confirmations, the random
verification draw with its results and third-party evaluation reports. Every row is an immutable fact; a correction
is a new row with a reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import scope_q
from supervision.base import ImmutableFact


class _Scoped(models.QuerySet):
    scope_path = ""

    def visible_to(self, user):
        prefix = f"{self.scope_path}__" if self.scope_path else ""
        return self.filter(scope_q(user, authority_field=f"{prefix}organization__authority_id",
                                   organization_field=f"{prefix}organization_id"))


class DistributionProgramme(models.Model):
    """An in-kind programme (e.g. oxygen concentrators for rural nursing homes)."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="distribution_programmes")
    public_id = models.CharField(_("public id"), max_length=40, unique=True)
    name = models.CharField(_("programme"), max_length=200)
    project = models.ForeignKey("charity.CharityProject", verbose_name=_("project"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="distribution_programmes")
    starts_on = models.DateField(_("starts on"))
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = _Scoped.as_manager()

    class Meta:
        verbose_name = _("distribution programme")
        verbose_name_plural = _("distribution programmes")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.public_id} {self.name}"


class ProgrammeQuerySet(_Scoped):
    scope_path = "programme"


class ProgrammeGoods(ImmutableFact):
    programme = models.ForeignKey(DistributionProgramme, on_delete=models.PROTECT, related_name="goods")
    name = models.CharField(_("goods"), max_length=200)
    unit = models.CharField(_("unit"), max_length=20)
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3)
    unit_value = models.DecimalField(_("value per unit (yuan)"), max_digits=16, decimal_places=2)
    valuation_basis = models.CharField(_("valuation basis"), max_length=200)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("goods of a programme")
        verbose_name_plural = _("goods of programmes")
        ordering = ["programme_id", "id"]
        constraints = [models.UniqueConstraint(fields=["programme", "name", "unit"], name="charity_goods_once")]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）"


class RecipientInstitution(ImmutableFact):
    """An institution the programme finds eligible (e.g. a rural nursing home), with its stable id."""

    programme = models.ForeignKey(DistributionProgramme, on_delete=models.PROTECT, related_name="institutions")
    stable_id = models.CharField(_("institution id"), max_length=40)
    name = models.CharField(_("institution"), max_length=200)
    county = models.ForeignKey("divisions.Division", verbose_name=_("county"), on_delete=models.PROTECT,
                               related_name="+")
    residents = models.PositiveIntegerField(_("residents"))
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("recipient institution")
        verbose_name_plural = _("recipient institutions")
        ordering = ["programme_id", "county_id", "stable_id"]
        constraints = [models.UniqueConstraint(fields=["programme", "stable_id"], name="charity_institution_once")]

    def __str__(self) -> str:
        return f"{self.stable_id} {self.name}"


class Allocation(ImmutableFact):
    programme = models.ForeignKey(DistributionProgramme, on_delete=models.PROTECT, related_name="allocations")
    institution = models.ForeignKey(RecipientInstitution, on_delete=models.PROTECT, related_name="allocations")
    goods = models.ForeignKey(ProgrammeGoods, on_delete=models.PROTECT, related_name="allocations")
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3)
    allocated_on = models.DateField(_("allocated on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["programme_id", "id"]


class Shipment(ImmutableFact):
    programme = models.ForeignKey(DistributionProgramme, on_delete=models.PROTECT, related_name="shipments")
    public_id = models.CharField(_("shipment"), max_length=50, unique=True)
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="shipments")
    quantity = models.DecimalField(_("quantity shipped"), max_digits=16, decimal_places=3)
    shipped_on = models.DateField(_("shipped on"))
    carrier_ref = models.CharField(_("waybill or delivery note"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["programme_id", "shipped_on", "id"]


class ReceiptConfirmation(ImmutableFact):
    """The institution's confirmation of what arrived; less than shipped is a shortfall, flagged."""

    shipment = models.OneToOneField(Shipment, on_delete=models.PROTECT, related_name="receipt")
    quantity = models.DecimalField(_("quantity received"), max_digits=16, decimal_places=3)
    received_on = models.DateField(_("received on"))
    signed_by = models.CharField(_("signed for by"), max_length=64)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("receipt confirmation")
        verbose_name_plural = _("receipt confirmations")

    @property
    def shortfall(self):
        return self.shipment.quantity - self.quantity


class VerificationDraw(ImmutableFact):
    """A random sample of institutions that confirmed a receipt, drawn with the spot-check algorithm
    (``supervision.draw_algorithm``) from a published seed over a frozen candidate list."""

    programme = models.ForeignKey(DistributionProgramme, on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField(_("seed"), max_length=100)
    drawn_on = models.DateField(_("drawn on"))
    rate = models.DecimalField(_("sampling rate (%)"), max_digits=5, decimal_places=2)
    size = models.PositiveIntegerField(_("sample size"))
    algorithm_version = models.CharField(_("algorithm"), max_length=40)
    algorithm_sha256 = models.CharField(max_length=64)
    candidates = models.JSONField(_("candidates"), default=list)
    candidates_sha256 = models.CharField(max_length=64)
    targets = models.JSONField(_("drawn institutions"), default=list)  # institution ids in drawn order
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification draw")
        verbose_name_plural = _("verification draws")
        ordering = ["programme_id", "id"]


class VerificationOutcome(models.TextChoices):
    CONSISTENT = "consistent", _("Consistent with the ledger")
    DISCREPANCY = "discrepancy", _("Discrepancy found")


class VerificationResult(ImmutableFact):
    draw = models.ForeignKey(VerificationDraw, on_delete=models.PROTECT, related_name="results")
    institution = models.ForeignKey(RecipientInstitution, on_delete=models.PROTECT, related_name="verifications")
    checked_on = models.DateField(_("checked on"))
    quantity_found = models.DecimalField(_("quantity found"), max_digits=16, decimal_places=3)
    outcome = models.CharField(_("outcome"), max_length=12, choices=VerificationOutcome.choices)
    note = models.TextField(_("findings"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("verification result")
        verbose_name_plural = _("verification results")
        ordering = ["draw_id", "id"]
        constraints = [models.UniqueConstraint(fields=["draw", "institution"], name="charity_verification_once")]


def evaluation_path(instance, filename: str) -> str:
    return f"charity/evaluations/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class EvaluationReport(ImmutableFact):
    """A third-party evaluation report of the programme, with its file (PDF or image, size checked)."""

    programme = models.ForeignKey(DistributionProgramme, on_delete=models.PROTECT, related_name="evaluations")
    evaluator = models.CharField(_("evaluator"), max_length=200)
    evaluator_uscc = models.CharField(_("evaluator's unified social credit code"), max_length=18, blank=True)
    reported_on = models.DateField(_("report date"))
    conclusion = models.TextField(_("conclusion"))
    file = models.FileField(_("report file"), upload_to=evaluation_path, max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation report")
        verbose_name_plural = _("evaluation reports")
        ordering = ["programme_id", "-reported_on", "-id"]
