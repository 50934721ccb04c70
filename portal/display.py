"""How register values are shown: money in 元/万元, item labels, the history of changes and audit diffs.

Presentation only: the values come from the register and its derived versions; nothing here decides.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from common.crypto import mask_phone
from registry import rules
from registry.models import (
    EventKind,
    Level,
    Organization,
    OrganizationVersion,
    OrgType,
    RegistrationEvent,
    Status,
)

EXTRA_LABELS = {
    "legal_rep_id": _("legal representative's ID number"),
    "organization": _("social organization"),
}
CHOICE_LABELS = {"kind": EventKind, "status": Status, "org_type": OrgType, "level": Level}
_TEN_THOUSAND = Decimal(10000)


def item_label(key: str):
    """The translated label of a register item (``name``, ``changes.domicile`` …)."""
    key = key.rsplit(".", 1)[-1]
    if key in EXTRA_LABELS:
        return EXTRA_LABELS[key]
    for model in (Organization, RegistrationEvent):
        try:
            return model._meta.get_field(key).verbose_name
        except FieldDoesNotExist:
            continue
    return key


def money(amount) -> str:
    """Yuan for the page: ``800 万元`` when a whole number of hundreds of yuan above 万, else ``1,234.56 元``
    (English: ``8,000,000 yuan``)."""
    if amount in (None, ""):
        return ""
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    if not (get_language() or "").startswith("zh"):
        return f"{_grouped(amount)} yuan"
    if amount >= _TEN_THOUSAND and amount % 100 == 0:
        return f"{_grouped(amount / _TEN_THOUSAND, strip=True)} 万元"
    return f"{_grouped(amount)} 元"


def _grouped(amount: Decimal, *, strip: bool = False) -> str:
    """1,234 or 1,234.50: thousands grouped, cents only when there are any (``strip``: 3.5 for 万)."""
    text = f"{amount:,.2f}"
    if text.endswith(".00"):
        return text[:-3]
    return text.rstrip("0") if strip else text


@dataclass
class ItemChange:
    key: str
    label: str
    old: str = ""
    new: str = ""
    redacted: bool = False  # a changed value the page may not show (the ID number)


@dataclass
class HistoryRow:
    event: RegistrationEvent
    changes: list[ItemChange]
    superseded: bool = False


def _shown(key: str, value, *, public: bool) -> str:
    if value in (None, ""):
        return ""
    if key == "registered_funds":
        return money(value)
    if key == "phone" and public:
        return mask_phone(str(value))
    return str(value)


def history_rows(events: list[RegistrationEvent], *, public: bool) -> list[HistoryRow]:
    """Each event with what it changed (old → new), in legal order. The ID number is never shown, not even
    as its hash: a change of it is only said to have happened."""
    live = rules.effective_events([rules.Event(e.pk, e.kind, e.effective_on, e.changes, e.supersedes_id)
                                   for e in events])
    live_ids = [e.id for e in live]
    by_id = {e.pk: e for e in events}
    state: dict = {}
    rows = []
    for event_id in live_ids:
        event = by_id[event_id]
        changes = []
        if event.kind == EventKind.ESTABLISHMENT:
            state = {k: event.changes.get(k) for k in rules.STATE_ITEMS}
        elif event.kind in (EventKind.CHANGE, EventKind.LEADERSHIP_CHANGE):
            for key, value in event.changes.items():
                if key == "legal_rep_id_hash":
                    changes.append(ItemChange(key, item_label("legal_rep_id"), redacted=True))
                    continue
                changes.append(ItemChange(key, item_label(key), _shown(key, state.get(key), public=public),
                                          _shown(key, value, public=public)))
                state[key] = value
        rows.append(HistoryRow(event, changes))
    rows += [HistoryRow(e, [], superseded=True) for e in events if e.pk not in set(live_ids)]
    return rows


@dataclass
class Standing:
    """The public facts of an organization on one day (today, or a past ``as_of``)."""

    name: str
    former_names: list[str]
    status: str
    status_label: str
    status_since: date | None
    legal_rep_name: str
    supervisor: str
    domicile: str
    registered_funds: Decimal | None
    business_scope: str
    phone: str


def standing_now(org: Organization) -> Standing:
    return Standing(org.name, [n for n in org.former_names.splitlines() if n], org.status,
                    org.get_status_display(), org.status_since, org.legal_rep_name, org.supervisor, org.domicile,
                    org.registered_funds, org.business_scope, org.phone)


def standing_on(versions: list[OrganizationVersion]) -> Standing | None:
    """The standing from the versions that began on or before the day (the last one is in force)."""
    if not versions:
        return None
    current = versions[-1]
    since = current.valid_from
    for version in reversed(versions[:-1]):
        if version.status != current.status:
            break
        since = version.valid_from
    former = list(dict.fromkeys(v.name for v in versions[:-1] if v.name != current.name))
    return Standing(current.name, former, current.status, current.get_status_display(), since,
                    current.legal_rep_name, current.supervisor, current.domicile, current.registered_funds,
                    current.business_scope, current.phone)


def _flatten(data, prefix="") -> dict:
    out = {}
    for key, value in (data or {}).items():
        if isinstance(value, dict):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _audit_value(key: str, value) -> str:
    if value in (None, ""):
        return ""
    leaf = key.rsplit(".", 1)[-1]
    if leaf in CHOICE_LABELS:
        try:
            return str(CHOICE_LABELS[leaf](value).label)
        except ValueError:
            return str(value)
    if leaf.endswith("_hash"):
        return f"{str(value)[:8]}…"
    if leaf == "registered_funds":
        return money(value)
    text = str(value)
    return text if len(text) <= 80 else text[:79] + "…"


def audit_diff(before: dict | None, after: dict | None) -> list[ItemChange]:
    """The items an audit event changed (for a creation: the non-empty values it set)."""
    old, new = _flatten(before), _flatten(after)
    keys = list(dict.fromkeys([*old, *new]))
    rows = []
    for key in keys:
        if old.get(key) == new.get(key):
            continue
        if before is None and new.get(key) in (None, ""):
            continue
        rows.append(ItemChange(key, item_label(key), _audit_value(key, old.get(key)), _audit_value(key, new.get(key))))
    return rows
