"""The only writers of the register. Each service validates, checks permission, writes in one transaction
and records the audit event; any refusal raises RuleViolation and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.jurisdiction import may_act_for_division
from audit.services import record
from common import crypto
from common.errors import Collector, Refusal, RuleViolation

from . import queries, rules
from .actors import Actor
from .models import EventKind, Organization, OrganizationVersion, OrgType, RegistrationEvent, Status
from .validation import (
    MAX_LENGTHS,
    clean_funds,
    clean_id_number,
    clean_organization,
    clean_text,
    parse_date,
    refusal,
)

NOT_FOUND = RuleViolation.one("NOT-FOUND", None, "未找到该社会组织", "organization not found", status=404)

# Checks that a higher app adds from its AppConfig.ready() (DESIGN: dependency direction), so that the register
# refuses an event the higher app's rules forbid when an officer accepts it here: e.g. supervision's "the
# departing legal representative's financial audit is on file" before a change of legal representative. Each is
# called as ``check(org, kind, day, changes, base)`` inside record_event's transaction before anything is written:
# ``changes`` are the cleaned new items, ``base`` the state they change (snapshot() or, for a correction, the
# state without the corrected event). It returns a list of Refusals and never writes.
EventCheck = Callable[[Organization, str, date, dict, dict], list[Refusal]]
event_checks: list[EventCheck] = []


def register_event_check(check: EventCheck) -> EventCheck:
    """Add ``check`` to :data:`event_checks` once (idempotent, so ``ready()`` may run twice)."""
    if check not in event_checks:
        event_checks.append(check)
    return check


def today() -> date:
    return timezone.localdate()


def _deny_outside(actor: Actor, authority_code: str) -> None:
    if not may_act_for_division(actor, authority_code):
        raise RuleViolation.one("JURISDICTION", "authority", "超出本机关管辖范围，无权办理",
                                "outside your jurisdiction: you may not act for this registering authority",
                                status=403, value=authority_code)


def snapshot(org: Organization) -> dict:
    """The audited view of an organization (the ID number only as its keyed hash)."""
    return {
        "uscc": org.uscc, "filing_number": org.filing_number, "org_type": org.org_type, "level": org.level,
        "authority": org.authority_id, "name": org.name, "legal_rep_name": org.legal_rep_name,
        "legal_rep_id_hash": org.legal_rep_id_hash, "supervisor": org.supervisor, "domicile": org.domicile,
        "founded_on": org.founded_on, "registered_funds": org.registered_funds,
        "business_scope": org.business_scope, "status": org.status, "phone": org.phone,
        "street": org.street, "community": org.community,
    }


def _check_uniqueness(values: dict, found: Collector, *, exclude_pk: int | None = None) -> None:
    if values.get("uscc") and queries.uscc_taken(values["uscc"], exclude_pk=exclude_pk):
        found.extend([refusal("USCC-DUPLICATE", "uscc", "该统一社会信用代码已登记",
                              "this unified social credit code is already registered", values["uscc"])])
    if values.get("name") and values.get("authority") is not None:
        if queries.active_name_taken(values["authority"], values["name"], exclude_pk=exclude_pk):
            found.extend([refusal("NAME-TAKEN", "name", "同一登记管理机关已有正常状态的同名社会组织",
                              "an active organization of the same registering authority already uses this name",
                              values["name"])])
            return
        folded = queries.folded_duplicate(values["name"], values["authority"], exclude_pk=exclude_pk)
        if folded:
            found.extend([refusal("NAME-TAKEN", "name",
                              f"同一登记管理机关已有正常状态的同名社会组织“{folded}”（繁简转换、去除空格后相同）",
                              f"an active organization of the same registering authority already uses this name, "
                              f"“{folded}”, once traditional characters are simplified and spaces removed",
                              values["name"])])


@transaction.atomic
def register_organization(actor: Actor, data: dict, *, reason: str = "", decision_number: str = "",
                          is_demo: bool = False, screen: bool = False, screening_confirmed: bool = False,
                          screening_reason: str = "") -> Organization:
    """成立登记 (or 备案 for a community organization): create the organization and its establishment event.

    ``screen``: the officer registers through the form or the API, so the name is screened first
    (:mod:`registry.screening_hook`). A hit refuses the registration (NAME-SCREEN-HIT, with the hits) unless the
    officer has seen them and confirms (``screening_confirmed``) with a ``screening_reason``
    (NAME-SCREEN-REASON without one); the override, its reason and the hits are audited.
    """
    found = Collector()
    values, cleaning = clean_organization(data, today=today(), settings_socorg=settings.SOCORG)
    found.extend(cleaning)
    if values["authority"] is not None:
        _deny_outside(actor, values["authority"].code)
    decision_number = clean_text({"decision_number": decision_number}, "decision_number", found.problems)
    screening_reason = clean_text({"screening_reason": screening_reason}, "screening_reason", found.problems)
    _check_uniqueness(values, found)
    found.raise_if_any()
    hits: list = []
    if screen:
        from . import screening_hook

        hits = screening_hook.screen_name(values["name"], authority=values["authority"].code,
                                          exclude_code=values["uscc"] or "")
        if hits and not screening_confirmed:
            raise screening_hook.hit_refusal(hits)
        if hits and not screening_reason:
            raise screening_hook.reason_refusal(hits)
    from .validation import level_for

    org = Organization(
        uscc=values["uscc"], org_type=values["org_type"], level=level_for(values["authority"]),
        authority=values["authority"], name=values["name"], legal_rep_name=values["legal_rep_name"],
        legal_rep_id_encrypted=crypto.encrypt(values["legal_rep_id"]),
        legal_rep_id_hash=crypto.search_hash(values["legal_rep_id"]),
        supervisor=values["supervisor"], domicile=values["domicile"], founded_on=values["founded_on"],
        registered_funds=values["registered_funds"], business_scope=values["business_scope"],
        phone=values["phone"], street=values["street"], community=values["community"],
        status=Status.ACTIVE, status_since=values["founded_on"], is_demo=is_demo,
    )
    if org.org_type == OrgType.COMMUNITY_ORG:
        org.filing_number = queries.next_filing_number(org.authority_id)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError as exc:  # a concurrent registration won the race
        raise RuleViolation.one("CONFLICT", None, "与同时提交的登记冲突，请重试", "conflicts with a concurrent registration; "
                                "please retry") from exc
    changes = {k: values[k] for k in rules.STATE_ITEMS}
    changes["registered_funds"] = str(values["registered_funds"]) if values["registered_funds"] is not None else None
    event = RegistrationEvent.objects.create(
        organization=org, kind=EventKind.ESTABLISHMENT, effective_on=org.founded_on,
        decision_number=decision_number, reason=reason, changes=changes, actor=_user_or_none(actor),
    )
    rebuild(org)
    record(actor, "organization.register", "Organization", org.code, after=snapshot(org), reason=reason)
    record(actor, "event.create", "RegistrationEvent", event.pk, after=_event_dict(event), reason=reason)
    if hits:
        from .screening_hook import audited

        record(actor, "organization.screening_override", "Organization", org.code,
               after={"name": org.name, "hits": audited(hits)}, reason=screening_reason)
    return org


def _user_or_none(actor: Actor) -> Any:
    """The user row to store as an event's actor (None for the system)."""
    return actor if getattr(actor, "pk", None) else None


def _event_dict(event: RegistrationEvent) -> dict:
    return {"organization": event.organization.code, "kind": event.kind, "effective_on": event.effective_on,
            "decision_number": event.decision_number, "changes": event.changes,
            "supersedes": event.supersedes_id}


def clean_changes(kind: str, raw: dict, org: Organization, *, problems: list[Refusal],
                  base: dict | None = None) -> dict:
    """Typed new values for a change or leadership-change event; unknown or unchanged items are errors.

    ``base`` is the state the change is compared with: the current one, or for a correction the state derived
    without the event being corrected.
    """
    allowed = {rules.CHANGE: rules.CHANGEABLE_ITEMS, rules.LEADERSHIP_CHANGE: rules.LEADERSHIP_ITEMS}.get(kind, ())
    raw = raw or {}
    if not isinstance(raw, dict):
        problems.append(refusal("CHANGES-FORMAT", "changes", "变更事项应为对象", "changes must be an object"))
        return {}
    clean: dict = {}
    for key, value in raw.items():
        if key not in allowed:
            problems.append(refusal("CHANGE-ITEM", f"changes.{key}", f"此类登记不能变更“{key}”",
                              f"'{key}' cannot be set by a {kind} event", key))
            continue
        if key == "registered_funds":
            funds = clean_funds(value, problems)
            clean[key] = None if funds is None else str(funds)
        elif key == "legal_rep_id":
            clean[key] = clean_id_number(value, problems)
        else:
            clean[key] = clean_text({key: value}, key, problems, required=key in ("name", "legal_rep_name"))
    if kind == EventKind.CHANGE:
        current = base if base is not None else snapshot(org)
        for key in list(clean):
            now = current.get(key)
            if key == "registered_funds" and base is None:
                now = None if org.registered_funds is None else str(org.registered_funds)
            if key == "legal_rep_id":
                if crypto.search_hash(clean[key]) == org.legal_rep_id_hash:
                    del clean[key]
            elif now == clean[key]:
                del clean[key]
        if not clean and not [x for x in problems if x.field and x.field.startswith("changes")]:
            problems.append(refusal("CHANGE-EMPTY", "changes", "变更登记没有任何实际变更的事项",
                              "a change registration must change at least one item"))
    return clean


@transaction.atomic
def record_event(actor: Actor, org: Organization, *, kind: str, effective_on: object, decision_number: str = "",
                 reason: str = "", changes: dict | None = None, supersedes: RegistrationEvent | None = None,
                 accepting: bool = False) -> RegistrationEvent:
    """Record one lifecycle event (变更, 换届, 注销, 撤销, 吊销) and re-derive the organization.

    ``accepting``: an officer accepts the event on this platform (the events API, the staff event page), so the
    :data:`event_checks` of higher apps apply too. An import of the register of record (registry.imports) states
    events accepted elsewhere and leaves it False; a higher app's own service runs its checks itself.
    """
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _deny_outside(actor, org.authority_id)
    found = Collector()
    problems = found.problems
    if kind not in EventKind.values or kind == EventKind.ESTABLISHMENT and supersedes is None:
        problems.append(refusal("EVENT-KIND", "kind", "登记事项类型无效", "invalid event kind", kind))
        found.raise_if_any()
    try:
        day = parse_date(effective_on)
    except (ValueError, TypeError):
        day = None
        problems.append(refusal("DATE-FORMAT", "effective_on", "日期格式无效", "invalid date", effective_on))
    if day is None and not problems:
        problems.append(refusal("REQUIRED", "effective_on", "必填项不能为空", "this field is required"))
    decision_number = clean_text({"decision_number": decision_number}, "decision_number", problems)
    reason = clean_text({"reason": reason}, "reason", problems, required=kind != EventKind.CHANGE)
    base = None
    if supersedes is not None:
        without = rules.fold([e for e in queries.rule_events(org) if e.id != supersedes.pk]).current
        if without is None:  # as before this check (then an AttributeError): no correction of the establishment
            raise RuntimeError("a correction cannot supersede the establishment registration itself")
        base = without.items
    clean = clean_changes(kind, changes or {}, org, problems=problems, base=base)
    if clean.get("name") and clean["name"] != org.name:
        _check_uniqueness({"name": clean["name"], "authority": org.authority}, found, exclude_pk=org.pk)
    if day is not None:
        existing = [e for e in queries.rule_events(org) if supersedes is None or e.id != supersedes.pk]
        date_refusal = rules.check_event_date(kind=kind, day=day, events=existing, today=today())
        if date_refusal:
            found.extend([replace(date_refusal, value=str(day))])
        for check in event_checks if accepting else ():
            found.extend(check(org, kind, day, clean, base if base is not None else snapshot(org)))
    found.raise_if_any()
    before = snapshot(org)
    stored = dict(clean)
    if "legal_rep_id" in stored:
        stored["legal_rep_id_hash"] = crypto.search_hash(stored.pop("legal_rep_id"))
    event = RegistrationEvent.objects.create(
        organization=org, kind=kind, effective_on=day, decision_number=decision_number, reason=reason,
        changes=stored, actor=_user_or_none(actor), supersedes=supersedes,
    )
    if "legal_rep_id" in clean:
        org.legal_rep_id_encrypted = crypto.encrypt(clean["legal_rep_id"])
        org.legal_rep_id_hash = crypto.search_hash(clean["legal_rep_id"])
    rebuild(org)
    record(actor, "event.create", "RegistrationEvent", event.pk, after=_event_dict(event), reason=reason)
    record(actor, "organization.derive", "Organization", org.code, before=before, after=snapshot(org), reason=reason)
    return event


def rebuild(org: Organization) -> Organization:
    """Re-derive the organization's current fields and versions from its events (a cache, never edited)."""
    history = rules.fold(queries.rule_events(org))
    current = history.current
    if current is None:
        raise RuntimeError(f"organization {org.pk} has no establishment event")
    items = current.items
    org.name = items["name"]
    for key in ("legal_rep_name", "domicile", "business_scope", "supervisor", "phone"):
        setattr(org, key, items.get(key) or "")
    org.registered_funds = None if items.get("registered_funds") is None else items["registered_funds"]
    org.status = current.status
    org.status_since = _status_since(history)
    org.former_names = "\n".join(dict.fromkeys(history.former_names))
    org.founded_on = history.versions[0].valid_from
    org.save()
    OrganizationVersion.objects.filter(organization=org).delete()
    OrganizationVersion.objects.bulk_create([
        OrganizationVersion(
            organization=org, valid_from=v.valid_from, valid_to=v.valid_to, name=v.items["name"], status=v.status,
            authority_id=org.authority_id, legal_rep_name=v.items.get("legal_rep_name") or "",
            supervisor=v.items.get("supervisor") or "", domicile=v.items.get("domicile") or "",
            registered_funds=v.items.get("registered_funds"), business_scope=v.items.get("business_scope") or "",
            phone=v.items.get("phone") or "",
        )
        for v in history.versions
    ])
    from .search import index_organization

    index_organization(org)
    return org


def _status_since(history: rules.History) -> date:
    since = history.versions[-1].valid_from
    for version in reversed(history.versions):
        if version.status != history.versions[-1].status:
            break
        since = version.valid_from
    return since


def decrypt_id(org: Organization) -> str:
    return crypto.decrypt(org.legal_rep_id_encrypted)


__all__ = ["register_organization", "record_event", "rebuild", "NOT_FOUND", "MAX_LENGTHS"]
