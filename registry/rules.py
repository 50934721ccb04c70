"""Pure rules of the register: from registration events to the organization's state on any date.

No database here: these functions take plain values, so they are tested directly and reused by the
sweep, the API and the import. Rule ids are cited in errors and explanations; a refusal is the one
:class:`common.errors.Refusal` (``code`` = the rule id).
"""

from dataclasses import dataclass, field
from datetime import date

from common.errors import Refusal

ESTABLISHMENT = "establishment"
CHANGE = "change"
LEADERSHIP_CHANGE = "leadership_change"
DEREGISTRATION = "deregistration"
REVOCATION = "revocation"
CERTIFICATE_CANCELLATION = "certificate_cancellation"

TERMINAL_STATUS = {
    DEREGISTRATION: "deregistered",
    REVOCATION: "revoked",
    CERTIFICATE_CANCELLATION: "certificate_cancelled",
}
# Items that a change registration may set (DOMAIN §1.4); leadership change sets the legal representative.
CHANGEABLE_ITEMS = ("name", "legal_rep_name", "legal_rep_id", "domicile", "business_scope", "supervisor",
                    "registered_funds", "phone")
LEADERSHIP_ITEMS = ("legal_rep_name", "legal_rep_id")
STATE_ITEMS = ("name", "legal_rep_name", "domicile", "business_scope", "supervisor", "registered_funds", "phone")
_KIND_ORDER = {ESTABLISHMENT: 0, CHANGE: 1, LEADERSHIP_CHANGE: 1, REVOCATION: 2, CERTIFICATE_CANCELLATION: 2,
               DEREGISTRATION: 3}


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    effective_on: date
    changes: dict
    supersedes_id: int | None = None


@dataclass
class Version:
    valid_from: date
    valid_to: date | None
    status: str
    items: dict


@dataclass
class History:
    versions: list[Version] = field(default_factory=list)
    former_names: list[str] = field(default_factory=list)

    def as_of(self, day: date) -> Version | None:
        for version in self.versions:
            if version.valid_from <= day and (version.valid_to is None or day < version.valid_to):
                return version
        return None

    @property
    def current(self) -> Version | None:
        return self.versions[-1] if self.versions else None


def effective_events(events: list[Event]) -> list[Event]:
    """Events in force: those no later event supersedes, in legal order."""
    superseded = {e.supersedes_id for e in events if e.supersedes_id}
    live = [e for e in events if e.id not in superseded]
    return sorted(live, key=lambda e: (e.effective_on, _KIND_ORDER.get(e.kind, 1), e.id))


def fold(events: list[Event]) -> History:
    """Derive every version of the organization from its events (REG-FOLD)."""
    history = History()
    items: dict = {}
    status = None
    for event in effective_events(events):
        if event.kind == ESTABLISHMENT:
            items = {k: event.changes.get(k) for k in STATE_ITEMS}
            status = "active"
            # names used before the register knew the organization (an imported legacy register carries them)
            history.former_names.extend(n for n in event.changes.get("former_names") or () if n)
        elif status is None:
            continue
        elif event.kind in (CHANGE, LEADERSHIP_CHANGE):
            new_name = event.changes.get("name")
            if new_name and new_name != items.get("name") and items.get("name"):
                history.former_names.append(items["name"])
            items = {**items, **{k: v for k, v in event.changes.items() if k in STATE_ITEMS}}
        elif event.kind in TERMINAL_STATUS:
            status = TERMINAL_STATUS[event.kind]
        if history.versions and history.versions[-1].valid_from == event.effective_on:
            history.versions[-1].items = dict(items)
            history.versions[-1].status = status
            continue
        if history.versions:
            history.versions[-1].valid_to = event.effective_on
        history.versions.append(Version(event.effective_on, None, status, dict(items)))
    return history


def check_event_date(*, kind: str, day: date, events: list[Event], today: date) -> Refusal | None:
    """REG-DATE-*: an event may not be in the future, before establishment, or after the organization ended."""
    if day > today:
        return Refusal("REG-DATE-FUTURE", "effective_on", f"生效日期 {day} 晚于今天", f"effective date {day} is in the future")
    live = effective_events(events)
    established = next((e for e in live if e.kind == ESTABLISHMENT), None)
    if kind == ESTABLISHMENT:
        if established is not None:
            return Refusal("REG-EST-ONCE", "kind", "该组织已有成立登记", "the organization already has an establishment registration")
        return None
    if established is None or day < established.effective_on:
        since = established.effective_on if established else "—"
        return Refusal("REG-DATE-BEFORE-EST", "effective_on", f"生效日期 {day} 早于成立登记日期 {since}",
                       f"effective date {day} is before the establishment date {since}")
    deregistered = next((e for e in live if e.kind == DEREGISTRATION), None)
    if deregistered is not None and day >= deregistered.effective_on:
        return Refusal("REG-DATE-AFTER-END", "effective_on",
                       f"该组织已于 {deregistered.effective_on} 注销，不能再登记此后的事项",
                       f"the organization was deregistered on {deregistered.effective_on}; nothing can be registered "
                       "on or after that date")
    ended = next((e for e in live if e.kind in (REVOCATION, CERTIFICATE_CANCELLATION)), None)
    if ended is not None:
        if kind != DEREGISTRATION and day >= ended.effective_on:
            return Refusal("REG-DATE-AFTER-END", "effective_on",
                           f"该组织已于 {ended.effective_on} 被{'撤销登记' if ended.kind == REVOCATION else '吊销登记证书'}，此后只能办理注销登记",
                           f"registration ended on {ended.effective_on} ({ended.kind}); only deregistration may follow")
        if kind == DEREGISTRATION and day < ended.effective_on:
            return Refusal("REG-DATE-AFTER-END", "effective_on", "注销日期不能早于撤销/吊销日期",
                           "deregistration cannot be dated before the revocation or cancellation")
    return None
