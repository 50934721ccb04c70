"""Reads behind the pages. Views call these and render; each can be replaced on its own (e.g. the public
search) without touching a view."""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings as django_settings
from django.db.models import Count, Q, QuerySet

from accounts.jurisdiction import may_act_for_division
from audit.models import AuditEvent
from common.clock import today
from divisions import settings_info
from divisions.models import Division, JurisdictionSetting
from divisions.policy import DEFAULTS, SettingValue, setting
from registry.models import Organization, OrganizationVersion, OrgType, Status
from registry.search import Filters, search


def browse_organizations(*, org_type: str = "", status: str = "", as_of: date | None = None) -> QuerySet:
    """The public register without a query, filtered. Removed organizations are included (status shown).
    With ``as_of``: the organizations founded by then, their status filtered as of that day."""
    qs = Organization.objects.select_related("authority")
    if org_type:
        qs = qs.filter(org_type=org_type)
    if as_of is not None:
        qs = qs.as_of(as_of)
        if status:
            qs = qs.filter(Q(versions__valid_to__isnull=True) | Q(versions__valid_to__gt=as_of),
                           versions__valid_from__lte=as_of, versions__status=status)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


@dataclass
class RankedPage:
    """One page of ranked search results, with the parts of Django's Page the templates use (no total count:
    counting every match of a one-character query over a million names is the slow part we avoid)."""

    object_list: list
    number: int
    more: bool
    ranked: bool = True
    paginator: None = None

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def search_page(q: str, *, org_type: str = "", status: str = "", page: int = 1, size: int = 20,
                as_of: date | None = None) -> RankedPage:
    """Public search (registry.search): exact > prefix > substring > pinyin, USCC exact or prefix; traditional
    characters and former names included. Removed organizations stay findable with their status. With
    ``as_of``: as the register stood that day."""
    page = max(1, min(page, 500))
    found = search(q, Filters(org_type=org_type or None, status=status or None, as_of=as_of), limit=size + 1,
                   offset=(page - 1) * size)
    return RankedPage(found[:size], page, len(found) > size)


def staff_organizations(user, *, q: str = "", org_type: str = "", status: str = "", level: str = "") -> QuerySet:
    """The officer's jurisdiction, filtered."""
    qs = Organization.objects.visible_to(user).select_related("authority")
    q = (q or "").strip()
    if q:
        code = q.upper()
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__startswith=code) | Q(filing_number__startswith=code)
                       | Q(legal_rep_name=q))
    if org_type:
        qs = qs.filter(org_type=org_type)
    if status:
        qs = qs.filter(status=status)
    if level:
        qs = qs.filter(level=level)
    return qs.order_by("-id")


@dataclass
class TypeCount:
    org_type: str
    label: str
    active: int = 0
    total: int = 0


@dataclass
class RegisterCounts:
    by_type: list[TypeCount] = field(default_factory=list)
    by_status: dict[str, int] = field(default_factory=dict)
    demo: int = 0

    @property
    def active(self) -> int:
        return self.by_status.get(Status.ACTIVE, 0)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def removed(self) -> int:
        return self.total - self.active


def register_counts(qs: QuerySet | None = None) -> RegisterCounts:
    """Counts by type and status in one grouped query (plus one for demo rows)."""
    qs = Organization.objects.all() if qs is None else qs
    by_type = {t.value: TypeCount(t.value, t.label) for t in OrgType}
    counts = RegisterCounts(by_type=list(by_type.values()))
    for row in qs.order_by().values("org_type", "status").annotate(n=Count("id")):
        entry = by_type.get(row["org_type"])
        if entry is not None:
            entry.total += row["n"]
            if row["status"] == Status.ACTIVE:
                entry.active += row["n"]
        counts.by_status[row["status"]] = counts.by_status.get(row["status"], 0) + row["n"]
    counts.demo = qs.filter(is_demo=True).count()
    return counts


def public_organization(code: str) -> Organization | None:
    return Organization.objects.by_code(code).select_related("authority").first()


def staff_organization(user, code: str) -> Organization | None:
    return Organization.objects.visible_to(user).by_code(code).select_related("authority").first()


def versions_until(org: Organization, day: date | None) -> list[OrganizationVersion]:
    """The organization's derived versions that began on or before ``day`` (all when ``day`` is None)."""
    qs = org.versions.order_by("valid_from")
    if day is not None:
        qs = qs.filter(valid_from__lte=day)
    return list(qs)


def events_of(org: Organization, day: date | None = None) -> list:
    qs = org.events.select_related("actor").order_by("effective_on", "id")
    if day is not None:
        qs = qs.filter(effective_on__lte=day)
    return list(qs)


def audit_history(org: Organization, event_ids) -> QuerySet:
    """Audit rows about this organization and about each of its registration events, newest first."""
    return (AuditEvent.objects
            .filter(Q(object_type="Organization", object_id=org.code)
                    | Q(object_type="RegistrationEvent", object_id__in=[str(pk) for pk in event_ids]))
            .order_by("-seq"))


# --- jurisdiction settings: what is in force for a division ----------------------------------------------------

def setting_keys() -> list[str]:
    """Every per-jurisdiction setting the apps declared and described, by part of the work, then label."""
    groups = list(settings_info.GROUPS)
    keys = [k for k in DEFAULTS if k in settings_info.INFO]
    return sorted(keys, key=lambda k: (groups.index(settings_info.INFO[k].group)
                                       if settings_info.INFO[k].group in groups else len(groups), k))


def default_of(key: str):
    return django_settings.SOCORG.get(key, DEFAULTS[key])


@dataclass
class SettingRow:
    key: str
    info: settings_info.SettingInfo
    current: SettingValue
    default: object
    division: Division
    scheduled: list  # local values from a later date

    @property
    def value_text(self) -> str:
        return settings_info.humanize(self.key, self.current.value)

    @property
    def default_text(self) -> str:
        return settings_info.humanize(self.key, self.default)

    @property
    def label_other(self) -> str:
        return self.info.label_en if settings_info.zh() else self.info.label_zh

    @property
    def other_lang(self) -> str:
        return "en" if settings_info.zh() else "zh-Hans"

    @property
    def label(self) -> str:
        return settings_info.label(self.key)

    @property
    def basis(self) -> str:
        return settings_info.basis(self.key)

    @property
    def group_label(self) -> str:
        return settings_info.pick(settings_info.GROUPS.get(self.info.group, ("其他", "Other")))

    @property
    def where(self) -> str:
        """Local, inherited from a division above, or the national default — in words."""
        zh = settings_info.zh()
        if self.current.source == "default":
            return "全国默认值" if zh else "national default"
        if self.current.source == self.division.code:
            return "本级设定" if zh else "set here"
        above = Division.objects.filter(code=self.current.source).first()
        name = above.authority_name if above else self.current.source
        return f"继承自{name}" if zh else f"inherited from {name}"

    @property
    def local(self) -> bool:
        return self.current.source == self.division.code


def settings_of(division: Division, on: date | None = None) -> list[SettingRow]:
    on = on or today()
    later: dict[str, list[JurisdictionSetting]] = {}
    for row in JurisdictionSetting.objects.filter(division=division, effective_from__gt=on).order_by("effective_from"):
        later.setdefault(row.key, []).append(row)
    return [SettingRow(key, settings_info.INFO[key], setting(key, division.code, on), default_of(key), division,
                       [(r.effective_from, settings_info.humanize(key, r.value)) for r in later.get(key, [])])
            for key in setting_keys()]


def division_for(user, code: str) -> Division | None:
    """The division ``user`` may see and set settings for, or None (pages answer 404)."""
    division = Division.objects.filter(code=code).first()
    if division is None or not may_act_for_division(user, code):
        return None
    return division
