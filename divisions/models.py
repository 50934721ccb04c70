"""GB/T 2260 administrative divisions, with their whole history since 1981.

A USCC carries the code of the registering authority *at the time of issue*, and that code never changes
(DOMAIN §2.1), so retired codes stay here forever. ``100000`` (and ``100001``) stand for 民政部, the national
registration level; they are not GB/T 2260 codes.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

NATIONAL_CODES = ("100000", "100001")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City (prefecture)")
    COUNTY = "county", _("County")


class Status(models.TextChoices):
    IN_USE = "in_use", _("In use")
    RETIRED = "retired", _("Retired")
    RENAMED = "renamed", _("Renamed")


def level_of_code(code: str) -> str:
    """The registration level implied by a division code's shape."""
    if code in NATIONAL_CODES:
        return Level.NATIONAL
    if code.endswith("0000"):
        return Level.PROVINCIAL
    if code.endswith("00"):
        return Level.CITY
    return Level.COUNTY


def subtree_prefix(code: str) -> str:
    """The code prefix shared by a division and everything below it ('' for national: everything)."""
    level = level_of_code(code)
    return {Level.NATIONAL: "", Level.PROVINCIAL: code[:2], Level.CITY: code[:4]}.get(level, code)


def subtree_q(field: str, code: str) -> models.Q:
    """A Q object selecting rows whose ``field`` is the division ``code`` or lies below it.

    Written as a half-open range on the code, not LIKE, so that it uses the index on both SQLite and
    PostgreSQL. National codes select everything.
    """
    prefix = subtree_prefix(code)
    if not prefix:
        return models.Q()
    if len(prefix) == 6:
        return models.Q(**{field: code})
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return models.Q(**{f"{field}__gte": prefix.ljust(6, "0"), f"{field}__lt": upper.ljust(6, "0")})


class DivisionQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(status=Status.IN_USE)

    def subtree(self, code: str):
        return self.filter(subtree_q("code", code))


class Division(models.Model):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    name = models.CharField(_("name"), max_length=64, help_text=_("The latest name under this code."))
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province_name = models.CharField(_("province"), max_length=32, blank=True)
    prefecture_name = models.CharField(_("prefecture"), max_length=32, blank=True)
    start_year = models.PositiveSmallIntegerField(_("in use from"))
    end_year = models.PositiveSmallIntegerField(_("in use until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    successors = models.CharField(
        _("successor codes"), max_length=200, blank=True, help_text=_("As published: codes separated by ';'.")
    )

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.full_name}"

    @property
    def full_name(self) -> str:
        """The name with its province and prefecture, e.g. 北京市东城区."""
        if self.level in (Level.NATIONAL, Level.PROVINCIAL):
            return self.name
        parts = [self.province_name]
        if self.level == Level.COUNTY and self.prefecture_name and self.prefecture_name != "直辖":
            parts.append(self.prefecture_name)
        return "".join(p for p in parts if p and p != self.name) + self.name

    @property
    def authority_name(self) -> str:
        """The civil-affairs department of this division, e.g. 北京市民政局, or 民政部 for national."""
        if self.level == Level.NATIONAL:
            return "民政部"
        if self.level == Level.PROVINCIAL:
            return f"{self.name}民政厅" if not self.name.endswith("市") else f"{self.name}民政局"
        return f"{self.full_name}民政局"

    @property
    def is_current(self) -> bool:
        return self.status == Status.IN_USE


class DivisionName(models.Model):
    """One row of the published history: a code under one name for a span of years."""

    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="names")
    name = models.CharField(_("name"), max_length=64)
    start_year = models.PositiveSmallIntegerField(_("in use from"))
    end_year = models.PositiveSmallIntegerField(_("in use until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    successors = models.CharField(_("successor codes"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("division name")
        verbose_name_plural = _("division names")
        ordering = ["division", "start_year"]
        constraints = [
            models.UniqueConstraint(fields=["division", "name", "start_year"], name="division_name_unique_span")
        ]

    def __str__(self) -> str:
        end = self.end_year or ""
        return f"{self.division_id} {self.name} ({self.start_year}–{end})"


class JurisdictionSetting(models.Model):
    """A local rule value (deadline, rate, score band, mode …) set by an authority for its division and below.

    Dated and never edited: a new value is a new row from its ``effective_from``. Lookups walk up the tree
    (county → city → province → national) and fall back to ``settings.SOCORG`` (see divisions.policy).
    """

    division = models.ForeignKey(Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="+")
    key = models.CharField(_("setting"), max_length=64, db_index=True)
    value = models.JSONField(_("value"))
    effective_from = models.DateField(_("effective from"))
    reason = models.TextField(_("reason / basis"), blank=True)
    set_by = models.ForeignKey("accounts.User", verbose_name=_("set by"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("jurisdiction setting")
        verbose_name_plural = _("jurisdiction settings")
        ordering = ["key", "division", "-effective_from", "-id"]
        indexes = [models.Index(fields=["key", "division", "effective_from"], name="jsetting_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.key}@{self.division_id} = {self.value!r} from {self.effective_from}"
