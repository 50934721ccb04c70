"""The register: organizations, their dated registration events, and the versions derived from them.

Events are the facts (成立, 变更, 换届, 注销, 撤销, 吊销). ``Organization``'s current fields and the
``OrganizationVersion`` rows are a cache derived from the events by :mod:`registry.rules`; services
rebuild them whenever an organization's events change, and nothing edits them by hand.
"""

import copy
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import scope_q
from common.crypto import mask_phone


class OrgType(models.TextChoices):
    SOCIAL_GROUP = "social_group", _("Social group")
    SOCIAL_SERVICE_AGENCY = "social_service_agency", _("Social service agency")
    FOUNDATION = "foundation", _("Foundation")
    COMMUNITY_ORG = "community_org", _("Community organization (filed)")


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County")


class Status(models.TextChoices):
    ACTIVE = "active", _("Active")
    DEREGISTERED = "deregistered", _("Deregistered")
    REVOKED = "revoked", _("Registration revoked")
    CERTIFICATE_CANCELLED = "certificate_cancelled", _("Certificate cancelled")


class EventKind(models.TextChoices):
    ESTABLISHMENT = "establishment", _("Establishment registration")
    CHANGE = "change", _("Change registration")
    LEADERSHIP_CHANGE = "leadership_change", _("Leadership change")
    DEREGISTRATION = "deregistration", _("Deregistration")
    REVOCATION = "revocation", _("Revocation of registration")
    CERTIFICATE_CANCELLATION = "certificate_cancellation", _("Certificate cancellation")


class OrganizationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organizations ``user`` may see as staff or as the organization itself (see accounts.jurisdiction)."""
        return self.filter(scope_q(user, authority_field="authority_id", organization_field="pk"))

    def supervised_by(self, user):
        """The organizations a business supervisor user (业务主管单位) oversees: its unit is their current
        supervisor and their registering authority lies in its division's subtree. None for anyone else."""
        if user is None or not getattr(user, "is_supervisor_user", False) or not user.is_active:
            return self.none()
        return self.filter(scope_q(user, authority_field="authority_id", organization_field="pk"))

    def by_code(self, code: str):
        """Look up by USCC or, for filed community organizations, by filing number."""
        code = (code or "").strip().upper()
        return self.filter(Q(uscc=code) | Q(filing_number=code))

    def founded_by(self, day: date):
        return self.filter(founded_on__lte=day)

    def as_of(self, day: date):
        """Organizations founded by ``day``, each carrying its versions up to that day (one extra query a page);
        :meth:`Organization.as_it_stood` then shows each as it stood."""
        versions = OrganizationVersion.objects.filter(valid_from__lte=day).order_by("valid_from")
        return self.founded_by(day).prefetch_related(
            models.Prefetch("versions", queryset=versions, to_attr="versions_then"))


class Organization(models.Model):
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, null=True, blank=True)
    filing_number = models.CharField(_("filing number"), max_length=32, unique=True, null=True, blank=True)
    org_type = models.CharField(_("type"), max_length=24, choices=OrgType.choices, db_index=True)
    level = models.CharField(_("registration level"), max_length=12, choices=Level.choices, db_index=True)
    authority = models.ForeignKey(
        "divisions.Division", verbose_name=_("registering authority"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    former_names = models.TextField(_("former names"), blank=True, help_text=_("Derived: earlier names, one per line."))
    legal_rep_name = models.CharField(_("legal representative"), max_length=64, blank=True)
    legal_rep_id_encrypted = models.TextField(_("legal representative ID (encrypted)"), blank=True)
    legal_rep_id_hash = models.CharField(_("legal representative ID (keyed hash)"), max_length=64, blank=True,
                                         db_index=True)
    supervisor = models.CharField(_("business supervisor"), max_length=200, blank=True,
                                  help_text=_("Empty for directly registered organizations."))
    domicile = models.CharField(_("domicile"), max_length=300, blank=True)
    founded_on = models.DateField(_("founding date"), db_index=True)
    registered_funds = models.DecimalField(_("registered funds (yuan)"), max_digits=16, decimal_places=2, null=True,
                                           blank=True)
    business_scope = models.TextField(_("business scope"), blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.ACTIVE,
                              db_index=True)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    street = models.CharField(_("street / township"), max_length=100, blank=True)
    community = models.CharField(_("community / village"), max_length=100, blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("social organization")
        verbose_name_plural = _("social organizations")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["authority", "status"], name="org_authority_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "name"], condition=Q(status="active"), name="org_active_name_per_authority"
            ),
            models.CheckConstraint(
                condition=Q(org_type="community_org") | Q(uscc__isnull=False), name="org_uscc_unless_community"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def as_it_stood(self, day: date) -> "Organization":
        """A read-only copy showing the version in force on ``day`` (from the derived versions; the queryset must
        come from :meth:`OrganizationQuerySet.as_of`)."""
        versions = self.versions_then
        then = versions[-1]  # versions are contiguous from the founding date, so the last one started covers day
        shown = copy.copy(self)
        for field in ("name", "status", "legal_rep_name", "supervisor", "domicile", "registered_funds",
                      "business_scope", "phone"):
            setattr(shown, field, getattr(then, field))
        former: list[str] = []
        for earlier, later in zip(versions, versions[1:], strict=False):
            if earlier.name != later.name:
                former.append(earlier.name)
        shown.former_names = "\n".join(dict.fromkeys(former))
        since = then.valid_from
        for version in reversed(versions):
            if version.status != then.status:
                break
            since = version.valid_from
        shown.status_since = since
        shown.as_of_date = day
        shown.as_of_past = then.valid_to is not None
        return shown

    @property
    def code(self) -> str:
        return self.uscc or self.filing_number or ""

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone)


class RegistrationEvent(models.Model):
    """An immutable, dated registration fact. A correction is a new event that supersedes this one."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=32, choices=EventKind.choices)
    effective_on = models.DateField(_("effective date"))
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changes = models.JSONField(_("registered items"), default=dict, blank=True,
                               help_text=_("The items this event sets, with their new values."))
    supersedes = models.OneToOneField("self", verbose_name=_("supersedes"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="superseded_by")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration event")
        verbose_name_plural = _("registration events")
        ordering = ["organization", "effective_on", "id"]
        indexes = [models.Index(fields=["organization", "effective_on"], name="event_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_on} ({self.organization_id})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise RuntimeError("registration events are immutable; record a superseding event instead")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("registration events are never deleted")


class OrganizationVersion(models.Model):
    """The organization as it stood from ``valid_from`` until the day before ``valid_to`` (derived)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="versions")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    name = models.CharField(max_length=200)
    status = models.CharField(max_length=24, choices=Status.choices)
    authority = models.ForeignKey("divisions.Division", on_delete=models.PROTECT, related_name="+")
    legal_rep_name = models.CharField(max_length=64, blank=True)
    supervisor = models.CharField(max_length=200, blank=True)
    domicile = models.CharField(max_length=300, blank=True)
    registered_funds = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    business_scope = models.TextField(blank=True)
    phone = models.CharField(max_length=32, blank=True)

    class Meta:
        verbose_name = _("organization version")
        verbose_name_plural = _("organization versions")
        ordering = ["organization", "valid_from"]
        indexes = [models.Index(fields=["organization", "valid_from"], name="version_org_from_idx")]

    def __str__(self) -> str:
        return f"{self.name} {self.valid_from}–{self.valid_to or ''}"


class ImportJob(models.Model):
    """One spreadsheet import: validated as a whole, then applied all-or-nothing (see registry.imports)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        VALIDATING = "validating", _("Validating")
        INVALID = "invalid", _("Has errors")
        READY = "ready", _("Ready to confirm")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    file_path = models.CharField(_("stored file"), max_length=500)
    encoding = models.CharField(_("encoding"), max_length=32, blank=True)
    upsert = models.BooleanField(_("update existing (by USCC)"), default=False)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors (first 1000)"), default=list, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"import #{self.pk} {self.file_name} ({self.state})"


class SearchEntry(models.Model):
    """The public-search index of one organization (derived; rebuilt by registry.search, never edited).

    ``tokens`` holds the names' characters and character bigrams in order, so that a substring query
    becomes a phrase of bigrams: SQLite searches it with an FTS5 table, PostgreSQL with a GIN-indexed
    tsvector (see migration 0003). ``pinyin`` and ``initials`` are searched by prefix through B-tree indexes.
    """

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, primary_key=True,
                                        related_name="search_entry")
    name = models.CharField(max_length=200)
    former_names = models.TextField(blank=True)
    pinyin = models.CharField(max_length=600, blank=True)
    initials = models.CharField(max_length=200, blank=True)
    tokens = models.TextField(blank=True)
    org_type = models.CharField(max_length=24)
    level = models.CharField(max_length=12)
    status = models.CharField(max_length=24)
    authority_id = models.CharField(max_length=6)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return self.name
