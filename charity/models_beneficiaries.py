"""Beneficiaries of a project and their eligibility (imported by ``charity.models``).

A beneficiary is a person or an institution that a project admitted. Personal data never leaves the staff side:
the ID number is stored encrypted (``common.crypto``), matched only by its keyed hash, shown masked; the household
is matched by the keyed hash of its identifier. The project's eligibility rules are immutable versions; imported
government-aid lists keep only keyed hashes and masked numbers. A suspected duplicate is reviewed by an officer
(confirmed, cleared, undone): each review is an immutable fact, the latest one decides.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import is_staff_user, scope_q
from supervision.base import ImmutableFact


def _scoped(path: str):
    prefix = f"{path}__" if path else ""
    return lambda user: scope_q(user, authority_field=f"{prefix}organization__authority_id",
                                organization_field=f"{prefix}organization_id")


class _Scoped(models.QuerySet):
    scope_path = ""

    def visible_to(self, user):
        return self.filter(_scoped(self.scope_path)(user))


class BeneficiaryKind(models.TextChoices):
    PERSON = "person", _("Person")
    INSTITUTION = "institution", _("Institution")


class Residence(models.TextChoices):
    URBAN = "urban", _("Urban")
    RURAL = "rural", _("Rural")


class RuleSetQuerySet(_Scoped):
    scope_path = "project"


class EligibilityRuleSet(ImmutableFact):
    """A version of a project's eligibility rules; the newest version applies to beneficiaries admitted after it."""

    project = models.ForeignKey("charity.CharityProject", verbose_name=_("project"), on_delete=models.PROTECT,
                                related_name="rule_sets")
    number = models.PositiveSmallIntegerField(_("version"))
    rules = models.JSONField(_("rules"), default=dict)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("eligibility rules")
        verbose_name_plural = _("eligibility rules")
        ordering = ["project_id", "number"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="charity_ruleset_version_once")]


class AidLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial aid")
    CITY = "city", _("City aid")
    COUNTY = "county", _("County aid")
    OTHER = "other", _("Other aid")


class AidListQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers over the issuing jurisdiction (the lists are the government's, never the organizations')."""
        if not is_staff_user(user):
            return self.none()
        return self.filter(scope_q(user, authority_field="authority_id", organization_field="pk"))


class AidList(ImmutableFact):
    """An imported government-aid list (e.g. a county's student grants): one file, atomic, hashes only."""

    authority = models.ForeignKey("divisions.Division", verbose_name=_("issuing jurisdiction"),
                                  on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level of the aid"), max_length=10, choices=AidLevel.choices)
    title = models.CharField(_("aid programme"), max_length=200)
    issued_on = models.DateField(_("issued on"))
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    rows = models.PositiveIntegerField(_("rows"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = AidListQuerySet.as_manager()

    class Meta:
        verbose_name = _("government-aid list")
        verbose_name_plural = _("government-aid lists")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class AidListEntry(ImmutableFact):
    """One row of an aid list: the person and the household as keyed hashes, the number masked."""

    aid_list = models.ForeignKey(AidList, on_delete=models.PROTECT, related_name="entries")
    row = models.PositiveIntegerField(_("row"))
    id_hash = models.CharField(_("person (keyed hash)"), max_length=64, db_index=True)
    id_masked = models.CharField(_("ID number (masked)"), max_length=18)
    household_hash = models.CharField(_("household (keyed hash)"), max_length=64, blank=True, db_index=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True)
    granted_on = models.DateField(_("granted on"))

    class Meta:
        verbose_name = _("aid list entry")
        verbose_name_plural = _("aid list entries")
        ordering = ["aid_list_id", "row"]


class BeneficiaryQuerySet(_Scoped):
    pass


class Beneficiary(ImmutableFact):
    """A person or institution admitted to a project after its eligibility rules were checked."""

    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="beneficiaries")
    project = models.ForeignKey("charity.CharityProject", verbose_name=_("project"), on_delete=models.PROTECT,
                                related_name="beneficiaries")
    public_id = models.CharField(_("public id"), max_length=60, unique=True)
    kind = models.CharField(_("beneficiary"), max_length=12, choices=BeneficiaryKind.choices)
    name = models.CharField(_("name"), max_length=200)
    id_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    id_hash = models.CharField(_("person (keyed hash)"), max_length=64, blank=True, db_index=True)
    id_masked = models.CharField(_("ID number (masked)"), max_length=18, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    household_hash = models.CharField(_("household (keyed hash)"), max_length=64, blank=True, db_index=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    subsistence = models.BooleanField(_("subsistence allowance (低保)"), null=True, blank=True)
    residence = models.CharField(_("urban or rural"), max_length=6, choices=Residence.choices, blank=True)
    admission_year = models.PositiveSmallIntegerField(_("year of admission"), null=True, blank=True)
    county = models.ForeignKey("divisions.Division", verbose_name=_("county"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    admitted_on = models.DateField(_("admitted on"))
    rule_set = models.ForeignKey(EligibilityRuleSet, verbose_name=_("rules applied"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    checks = models.JSONField(_("checks passed"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = BeneficiaryQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["project_id", "id"]

    def __str__(self) -> str:
        return self.public_id


class SuspectQuerySet(_Scoped):
    scope_path = "beneficiary"


class DuplicateSuspect(ImmutableFact):
    """An earlier aid that matches a beneficiary but no rule of the project forbids: for an officer to review."""

    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="suspects")
    matched_by = models.CharField(_("matched by"), max_length=12)  # "person" or "household"
    earlier_beneficiary = models.ForeignKey(Beneficiary, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    earlier_entry = models.ForeignKey(AidListEntry, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    earlier_label = models.CharField(_("earlier aid"), max_length=300)
    earlier_on = models.DateField(_("earlier aid on"))
    found_at = models.DateTimeField(auto_now_add=True)

    objects = SuspectQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspected duplicate")
        verbose_name_plural = _("suspected duplicates")
        ordering = ["id"]

    @property
    def state(self) -> str:
        latest = self.reviews.order_by("-id").first()
        return latest.outcome if latest and latest.outcome != "undone" else "open"


class ReviewOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed duplicate")
    CLEARED = "cleared", _("Not a duplicate")
    UNDONE = "undone", _("Review undone")


class DuplicateReview(ImmutableFact):
    suspect = models.ForeignKey(DuplicateSuspect, on_delete=models.PROTECT, related_name="reviews")
    outcome = models.CharField(_("outcome"), max_length=10, choices=ReviewOutcome.choices)
    reason = models.TextField(_("reason"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("duplicate review")
        verbose_name_plural = _("duplicate reviews")
        ordering = ["suspect_id", "id"]
