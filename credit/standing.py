"""An organization's standing on one day: the one badge shown wherever an organization is shown.

Standing combines the registration status (as of the day, from the registry's derived versions) with the credit
lists (as of the day): 正常 / 活动异常名录 / 严重违法失信名单 / 已注销 / 已撤销 / 已吊销, and 涉嫌非法社会组织 for a
name on the published list of suspected illegal organizations. The order of precedence: a registration that
ended (撤销, 吊销, 注销) comes first, because the organization no longer exists as registered; then the serious
list, then the abnormal list; otherwise 正常. Every warning carries its reason in words (the list, since when, the
rule ids) and a link to the explanation (the list entry on the organization's credit page).

Set-based: :func:`standings` answers a page of organizations with one query for their list entries (the sweep's
cache, ``ListEntry``) and, for a past day, one query for their versions. Pages that already derived the lists
live for one organization (the check, the credit profile) pass their derivations instead, so the badge and the
answer beside it cannot disagree. The registry (below credit) reaches this through
``registry.standing.register_provider``, filled in ``CreditConfig.ready()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from registry.models import OrganizationVersion, Status

from . import rules
from .models import ListEntry

NORMAL = "normal"
ABNORMAL = rules.ABNORMAL
SERIOUS = rules.SERIOUS
DEREGISTERED = "deregistered"
REVOKED = "revoked"
CERTIFICATE_CANCELLED = "certificate_cancelled"
ILLEGAL = "suspected_illegal"

LABELS = {
    NORMAL: ("正常", "Normal"),
    ABNORMAL: ("活动异常名录", "Abnormal-activity list"),
    SERIOUS: ("严重违法失信名单", "Serious illegal and dishonest list"),
    DEREGISTERED: ("已注销", "Deregistered"),
    REVOKED: ("已撤销", "Registration revoked"),
    CERTIFICATE_CANCELLED: ("已吊销", "Certificate cancelled"),
    ILLEGAL: ("涉嫌非法社会组织", "Suspected illegal social organization"),
}
# ok: nothing to warn about; warn: amber; danger: red; ended: grey (deregistered, a lawful end)
TONES = {NORMAL: "ok", ABNORMAL: "warn", SERIOUS: "danger", DEREGISTERED: "ended", REVOKED: "danger",
         CERTIFICATE_CANCELLED: "danger", ILLEGAL: "danger"}
BY_STATUS = {Status.DEREGISTERED: DEREGISTERED, Status.REVOKED: REVOKED,
             Status.CERTIFICATE_CANCELLED: CERTIFICATE_CANCELLED}
STATUS_EVENT_ZH = {DEREGISTERED: "注销登记", REVOKED: "撤销登记", CERTIFICATE_CANCELLED: "吊销登记证书"}
STATUS_EVENT_EN = {DEREGISTERED: "deregistered", REVOKED: "registration revoked",
                   CERTIFICATE_CANCELLED: "certificate cancelled"}


@dataclass
class Listing:
    list: str
    since: date
    rules: list[str]
    url: str


@dataclass
class Standing:
    """What the badge says, why, and where the explanation is."""

    value: str
    label_zh: str
    label_en: str
    tone: str
    as_of: date
    since: date | None = None
    reason_zh: str = ""
    reason_en: str = ""
    url: str = ""
    rules: list[str] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)

    @property
    def warns(self) -> bool:
        return self.tone in ("warn", "danger")

    @property
    def label(self) -> str:
        return self.label_zh if _zh() else self.label_en

    @property
    def reason(self) -> str:
        return self.reason_zh if _zh() else self.reason_en

    def as_dict(self) -> dict:
        """The API shape (both languages, ISO dates)."""
        return {"value": self.value, "label_zh": self.label_zh, "label_en": self.label_en, "tone": self.tone,
                "warns": self.warns, "as_of": self.as_of, "since": self.since, "reason_zh": self.reason_zh,
                "reason_en": self.reason_en, "rules": self.rules, "explanation_url": self.url,
                "listings": [{"list": x.list, "since": x.since, "rules": x.rules, "explanation_url": x.url}
                             for x in self.listings]}


def _zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def _credit_url(code: str, day: date, anchor: str = "") -> str:
    url = reverse("credit:organization", kwargs={"code": code})
    if day != timezone.localdate():
        url += f"?as_of={day.isoformat()}"
    return url + (f"#{anchor}" if anchor else "")


def entry_anchor(list_kind: str, start: date) -> str:
    """The id of a list entry on the credit page (credit/_entry.html)."""
    return f"entry-{list_kind}-{start.isoformat()}"


def build(code: str, day: date, *, status: str, status_since: date | None, listings: list[Listing]) -> Standing:
    """The standing from the status on the day and the open list entries (pure apart from URL reversing)."""
    by_list = {x.list: x for x in listings}
    ended = BY_STATUS.get(status)
    listed_zh = [f"自 {x.since.isoformat()} 起列入{rules.LIST_NAMES[x.list].zh}（{'、'.join(x.rules)}）"
                 for x in listings]
    listed_en = [f"on the {rules.LIST_NAMES[x.list].en} since {x.since.isoformat()} ({', '.join(x.rules)})"
                 for x in listings]
    if ended:
        when = f"{status_since.isoformat()} " if status_since else ""
        zh = f"{when}{STATUS_EVENT_ZH[ended]}" + ("；" + "；".join(listed_zh) if listed_zh else "")
        en = (f"{STATUS_EVENT_EN[ended]}{' on ' + status_since.isoformat() if status_since else ''}"
              + ("; " + "; ".join(listed_en) if listed_en else ""))
        url = by_list[SERIOUS].url if SERIOUS in by_list else _credit_url(code, day)
        value, since, rule_ids = ended, status_since, [r for x in listings for r in x.rules]
    elif SERIOUS in by_list or ABNORMAL in by_list:
        main = by_list.get(SERIOUS) or by_list[ABNORMAL]
        value, since, rule_ids, url = main.list, main.since, list(main.rules), main.url
        zh, en = "；".join(listed_zh), "; ".join(listed_en)
    else:
        value, since, rule_ids, url = NORMAL, None, [], _credit_url(code, day)
        zh, en = "已登记，未列入活动异常名录和严重违法失信名单", "registered; on neither credit list"
    label_zh, label_en = LABELS[value]
    return Standing(value, label_zh, label_en, TONES[value], day, since, zh, en, url, rule_ids, listings)


def standings(orgs, day: date | None = None, derivations: dict | None = None) -> dict[int, Standing]:
    """The standing of each organization on ``day`` (default today), by organization id.

    ``orgs`` are Organization objects (a page of results). Without ``derivations`` the list entries come from the
    sweep's cache in one query; with them (``credit.sweep.derive_for``), from the live derivation.
    """
    orgs = [o for o in orgs if o is not None]
    if not orgs:
        return {}
    day = day or timezone.localdate()
    ids = [o.pk for o in orgs]
    codes = {o.pk: o.code for o in orgs}
    open_lists: dict[int, list[Listing]] = {pk: [] for pk in ids}
    if derivations is not None:
        for pk in ids:
            derivation = derivations.get(pk)
            for kind in (SERIOUS, ABNORMAL):
                entry = derivation.current(kind) if derivation else None
                if entry is not None:
                    open_lists[pk].append(Listing(kind, entry.start, list(entry.rules),
                                                  _credit_url(codes[pk], day, entry_anchor(kind, entry.start))))
    else:
        rows = (ListEntry.objects.filter(organization_id__in=ids, start_on__lte=day)
                .filter(Q(end_on__isnull=True) | Q(end_on__gt=day))
                .order_by("organization_id", "list_kind", "-start_on")
                .values_list("organization_id", "list_kind", "start_on", "rules"))
        for pk, kind, start, rule_ids in rows:
            if any(x.list == kind for x in open_lists[pk]):
                continue  # one open entry per list (the latest)
            open_lists[pk].append(Listing(kind, start, [r for r in rule_ids.split(",") if r],
                                          _credit_url(codes[pk], day, entry_anchor(kind, start))))
        for pk in ids:
            open_lists[pk].sort(key=lambda x: x.list != SERIOUS)
    status = {o.pk: (o.status, o.status_since) for o in orgs}
    if day < timezone.localdate() and not all(getattr(o, "as_of_date", None) == day for o in orgs):
        status = _status_on(ids, day, status)  # (rows shown as they stood that day already carry it)
    return {o.pk: build(codes[o.pk], day, status=status[o.pk][0], status_since=status[o.pk][1],
                        listings=open_lists[o.pk]) for o in orgs}


def _status_on(ids: list[int], day: date, fallback: dict) -> dict:
    """Status and since when, on a past day, from the versions (one query)."""
    found: dict[int, tuple[str, date | None]] = {}
    for pk, valid_from, status in (OrganizationVersion.objects.filter(organization_id__in=ids, valid_from__lte=day)
                                   .order_by("organization_id", "valid_from")
                                   .values_list("organization_id", "valid_from", "status")):
        previous = found.get(pk)
        found[pk] = (status, previous[1] if previous and previous[0] == status else valid_from)
    return {pk: found.get(pk, fallback[pk]) for pk in ids}


def attach(orgs, day: date | None = None) -> list:
    """Set ``org.standing`` on each organization of a page (one query for the page); returns the list."""
    orgs = list(orgs)
    found = standings(orgs, day)
    for org in orgs:
        org.standing = found.get(org.pk)
    return orgs


def for_api(orgs, day: date | None = None) -> dict[int, dict]:
    """The registry hook: the API shape of each organization's standing."""
    return {pk: s.as_dict() for pk, s in standings(orgs, day).items()}


def illegal_standing(item: dict, day: date) -> Standing:
    """The badge of a name on the list of suspected illegal organizations (an ``illegal_dict``)."""
    published = item["published_on"]
    batch = item["batch"] + (f"（{item['batch_number']}）" if item.get("batch_number") else "")
    zh = f"涉嫌非法社会组织（民政部门公布）：{item['published_by']}{published.isoformat()}发布《{batch}》"
    en = (f"suspected illegal social organization (published by the civil-affairs department): {batch}, "
          f"{item['published_by']}, {published.isoformat()}")
    url = reverse("credit:illegal") + "?" + _query(item["name"])
    label_zh, label_en = LABELS[ILLEGAL]
    return Standing(ILLEGAL, label_zh, label_en, TONES[ILLEGAL], day, published, zh, en, url)


def _query(name: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"q": name})
