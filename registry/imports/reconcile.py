"""Reconciling rows with the register: duplicates of codes and of active names (also once folded, as the search
index keeps names), and for ``upsert`` the plan of each existing organization's changes, recorded through
:func:`registry.services.record_event` as dated, audited events (nothing is overwritten silently)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from common import crypto
from common.errors import RuleViolation

from ..actors import Actor
from ..models import EventKind, Organization, SearchEntry
from .columns import IMMUTABLE_ON_UPSERT, TEXT_ITEMS
from .rows import NO_DATE_REASON, TERMINAL_KIND, ImportRow
from .workers import chunked

if TYPE_CHECKING:
    from .validate import Validator

QUERY_CHUNK = 900  # codes or names per IN (...): under SQLite's 999 parameters


def existing_by_code(batch: list[ImportRow], *, full: bool) -> dict[str, Organization | int]:
    """Organizations of the register with the batch's USCCs or filing numbers: code -> org (or pk)."""
    usccs = [r.uscc for r in batch if r.uscc]
    filings = [r.filing_number for r in batch if r.filing_number]
    found: dict[str, Organization | int] = {}
    for lookup, codes in (("uscc", usccs), ("filing_number", filings)):
        for chunk in chunked(codes, QUERY_CHUNK):
            qs = Organization.objects.filter(**{f"{lookup}__in": chunk})
            if full:
                for org in qs:
                    found[getattr(org, lookup)] = org
            else:
                found.update(qs.values_list(lookup, "pk"))
    return found


def taken_names(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (authority, name) pairs already used by active organizations of the register."""
    names = sorted({name for _, name in pairs})
    wanted = set(pairs)
    taken: set[tuple[str, str]] = set()
    for chunk in chunked(names, QUERY_CHUNK):
        # No status condition in SQL: SQLite would pick the low-selectivity status index and scan.
        for authority, name, status in Organization.objects.filter(name__in=chunk).values_list(
                "authority_id", "name", "status"):
            if status == "active" and (authority, name) in wanted:
                taken.add((authority, name))
    # The same name once folded (traditional → simplified, full-width, spaces): the search index keeps every
    # name in that form.
    from ..search import normalize

    folded: dict[tuple[str, str], set[str]] = {}
    for authority, name in pairs:
        folded.setdefault((authority, normalize(name)), set()).add(name)
    for chunk in chunked(sorted({name for _, name in folded}), QUERY_CHUNK):
        for authority, name, status in SearchEntry.objects.filter(name__in=chunk).values_list(
                "authority_id", "name", "status"):
            if status == "active" and (authority, name) in folded:
                taken.update((authority, raw) for raw in folded[(authority, name)])
    return taken


def check_against_register(batch: list[ImportRow], validator: Validator) -> tuple[list[ImportRow], list[Update]]:
    """Duplicates against the register, and for ``upsert`` the plan for existing organizations.

    Returns (new rows, updates of existing organizations); logs problems through the validator.
    """
    upsert = validator.options.upsert
    existing = existing_by_code(batch, full=upsert)
    new: list[ImportRow] = []
    updates: list[Update] = []
    for r in batch:
        org = existing.get(r.uscc) if r.uscc else existing.get(r.filing_number) if r.filing_number \
            else None
        if org is None:
            new.append(r)
        elif not upsert:
            key = "uscc" if r.uscc else "filing_number"
            validator.problem(r.row, key, "USCC-DUPLICATE" if key == "uscc" else "FILING-DUPLICATE",
                              "该统一社会信用代码已登记（如需更新已登记的组织，请使用 --upsert / 更新模式）"
                              if key == "uscc" else "该备案编号已存在",
                              "this unified social credit code is already registered (use upsert to update "
                              "registered organizations)" if key == "uscc" else "this filing number already exists",
                              r.code)
        else:
            plan = plan_update(org, r, validator)
            if plan is not None:
                updates.append(Update(r, org, plan))
    pairs = [(r.authority, r.name) for r in new if r.status == "active"]
    if pairs:
        taken = taken_names(pairs)
        for r in new:
            if r.status == "active" and (r.authority, r.name) in taken:
                validator.problem(r.row, "name", "NAME-TAKEN", "同一登记管理机关已有正常状态的同名社会组织",
                                  "an active organization of the same registering authority already uses this name",
                                  r.name)
    return new, updates


@dataclass
class Plan:
    """What an upsert row changes on an existing organization: one change event and/or one status event."""

    changes: dict
    status_kind: str | None = None
    status_date: date | None = None
    status_reason: str = ""

    @property
    def empty(self) -> bool:
        return not self.changes and not self.status_kind


class Update(NamedTuple):
    """An upsert row for an organization already in the register, and what it changes there."""

    row: ImportRow
    organization: Organization
    plan: Plan


def plan_update(org: Organization, r: ImportRow, validator: Validator) -> Plan | None:
    """Every difference between the row and the organization, as events to record; None if any is refused."""
    present = validator.columns
    row = r.row
    before = validator.log.count
    current = {
        "org_type": org.org_type, "authority": org.authority_id, "founded_on": org.founded_on,
        "street": org.street, "community": org.community,
    }
    new_values = {"org_type": r.org_type, "authority": r.authority, "founded_on": r.founded_on,
                  "street": r.street, "community": r.community}
    for key in IMMUTABLE_ON_UPSERT:
        column_present = key in present or (key == "authority" and "authority_code" in present)
        if column_present and current[key] != new_values[key]:
            validator.problem(row, key, "UPSERT-IMMUTABLE",
                              f"与已登记的值（{current[key]}）不同；此项不能通过变更登记修改",
                              f"differs from the registered value ({current[key]}); a change registration cannot "
                              "set this item", new_values[key])
    changes: dict = {}
    for key in TEXT_ITEMS:
        if key in present and (getattr(org, key) or "") != getattr(r, key):
            changes[key] = getattr(r, key)
    if "registered_funds" in present and _money(org.registered_funds) != _money(r.registered_funds):
        changes["registered_funds"] = None if r.registered_funds is None else str(r.registered_funds)
    if r.legal_rep_id and crypto.search_hash(r.legal_rep_id) != org.legal_rep_id_hash:
        changes["legal_rep_id"] = r.legal_rep_id
    if r.former_names:
        known = set(filter(None, org.former_names.splitlines())) | {org.name}
        unknown = [n for n in r.former_names if n not in known]
        if unknown:
            validator.problem(row, "former_names", "UPSERT-DERIVED",
                              "曾用名由变更登记推导，不能通过导入添加：" + "；".join(unknown),
                              "former names derive from change registrations and cannot be added by an import: "
                              + "; ".join(unknown), "；".join(unknown))
    plan = Plan(changes)
    status = r.status
    if "status" in present and status != org.status:
        if status == "active":
            validator.problem(row, "status", "UPSERT-STATUS", "已注销、撤销或吊销的组织不能通过导入恢复为正常",
                              "a deregistered, revoked or cancelled organization cannot be made active by an import",
                              status)
        else:
            plan.status_kind = TERMINAL_KIND[status]
            plan.status_date = r.status_date or validator.today
            plan.status_reason = "" if r.status_date else NO_DATE_REASON
    elif "status_date" in present and r.status_date and status != "active" and r.status_date != org.status_since:
        validator.problem(row, "status_date", "UPSERT-IMMUTABLE",
                          f"与已登记的状态日期（{org.status_since}）不同", f"differs from the registered status date "
                          f"({org.status_since})", r.status_date)
    if validator.log.count > before:
        return None
    return plan


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


def apply_updates(updates: list[Update], validator: Validator, actor: Actor, reason: str) -> tuple[int, int]:
    """Record each planned difference through the service (dated, audited); returns (orgs, events)."""
    from ..services import record_event

    orgs = events = 0
    for r, org, plan in updates:
        if plan.empty:
            continue
        try:
            # Changes are dated at the terminal date when one is given, so they precede it on that day.
            day = plan.status_date if plan.status_kind and plan.status_date < validator.today else validator.today
            if plan.changes:
                record_event(actor, org, kind=EventKind.CHANGE, effective_on=day, reason=reason,
                             changes=plan.changes)
                events += 1
            if plan.status_kind:
                record_event(actor, org, kind=plan.status_kind, effective_on=plan.status_date,
                             reason="；".join(x for x in (reason, plan.status_reason) if x))
                events += 1
            orgs += 1
        except RuleViolation as refusal:
            for problem in refusal.problems:
                key = (problem.field or "").removeprefix("changes.")
                key = {"effective_on": "status_date", "kind": "status"}.get(key, key)
                validator.log.add(replace(problem, row=r.row, field=validator.header_of(key)))
    return orgs, events

