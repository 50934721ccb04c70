"""The credit sweep: derive every list entry and prior notice for a date and store them as a cache.

Set-based: organizations are taken in id-ordered chunks; for each chunk every fact source is read with one query
(:mod:`credit.feeds`), the pure rules (:mod:`credit.rules`) run in memory, the result is compared with the stored
cache by digest, and only the differences are written (bulk delete, bulk insert) and audited, all in one
transaction per chunk. Deterministic and idempotent: the same facts, settings and date give the same rows, so a
second run changes nothing, and a run every day ends where one run at the end does.

:func:`refresh` is the same code for a few organizations (services call it after recording a fact, so the
organization's page is current at once); the benchmark's per-organization loop calls it one organization at a
time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import Change, record_many
from divisions.models import Division, subtree_q
from registry.models import Organization

from . import feeds, rules
from .models import ListEntry, ListNotice, Notification, SweepRun
from .policy import PolicyBook

CHUNK = 5000


@dataclass
class Report:
    as_of: date
    jurisdiction: str = ""
    organizations: int = 0
    entered: int = 0
    left: int = 0
    revised: int = 0
    withdrawn: int = 0
    notices: int = 0
    lines: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.entered + self.left + self.revised + self.withdrawn + self.notices

    def summary(self) -> dict:
        return {"organizations": self.organizations, "entered": self.entered, "left": self.left,
                "revised": self.revised, "withdrawn": self.withdrawn, "notices": self.notices}


_names: dict[str, str] = {}


def authority_name(code: str) -> str:
    if not _names:
        for division in Division.objects.all():
            _names[division.code] = division.authority_name
    return _names.get(code, code)


def _iso(day):
    return day.isoformat() if day else None


def _digest(row: dict) -> str:
    # repr of the row's values in a fixed key order: deterministic (dates, lists and dicts print the same way
    # every run) and much cheaper than JSON.
    return hashlib.md5(repr([row[k] for k in sorted(row)]).encode()).hexdigest()


def rule_org(org_id: int, founded_on: date, authority_id: str) -> rules.Org:
    return rules.Org(org_id, founded_on, authority_id, authority_name(authority_id))


def entry_row(entry: rules.Entry, derivation: rules.Derivation, policy) -> dict:
    """The stored form of one derived entry (without ids), digest included."""
    org = derivation.org
    why_zh, why_en = rules.explain(entry, derivation, policy)
    basis = [rules.RULES[r] for r in entry.rules]
    if entry.exit_rule:
        basis.append(rules.RULES[entry.exit_rule])
    days = {"days": policy.get("CREDIT_SER_REMOVAL_WORKING_DAYS" if entry.list == rules.SERIOUS else
                               "CREDIT_ABN_REMOVAL_WORKING_DAYS", entry.start).value}
    row = {
        "organization_id": org.id, "authority_id": org.authority, "list_kind": entry.list,
        "start_on": entry.start, "end_on": entry.end, "clock_on": entry.clock, "rules": ",".join(entry.rules),
        "grounds": [{
            "rule": g.rule, "facts": list(g.facts), "triggered_on": _iso(g.triggered_on), "listed_on": _iso(g.listed_on),
            "void_on": _iso(g.void_on), "discharged_on": _iso(g.discharged_on), "discharged_by": g.discharged_by,
            "discharge_facts": list(g.discharge_facts),
        } for g in entry.grounds],
        "fact_refs": entry.fact_refs, "exit_rule": entry.exit_rule or "", "exit_facts": list(entry.exit_facts),
        "earliest_exit": entry.earliest_exit if entry.end is None else None,
        "exit_condition_zh": entry.exit_condition_zh if entry.end is None else "",
        "exit_condition_en": entry.exit_condition_en if entry.end is None else "",
        "explanation_zh": why_zh, "explanation_en": why_en,
        "legal_basis_zh": "；".join(dict.fromkeys(b.basis_zh.format(**days) for b in basis)),
        "legal_basis_en": "; ".join(dict.fromkeys(b.basis_en.format(**days) for b in basis)),
        "deciding_authority_name": org.authority_name or org.authority,
        "settings_cited": rules.settings_cited(entry),
    }
    row["digest"] = _digest(row)
    return row


def notice_row(notice: rules.Notice, derivation: rules.Derivation, policy) -> dict:
    org = derivation.org
    zh_list, en_list = rules.LIST_NAMES[notice.list]
    reasons_zh, reasons_en = [], []
    for rule_id in notice.rules:
        zh, en = rules.rule_text(rule_id, policy, notice.notice_on)
        reasons_zh.append(f"[{rule_id}] {zh}")
        reasons_en.append(f"[{rule_id}] {en}")
    facts = [rules.fact_line(derivation.facts.get(ref), ref) for ref in notice.facts]
    objection = policy.get("CREDIT_OBJECTION_FILING_DAYS", notice.notice_on)
    text_zh = (f"{org.authority_name}拟于 {notice.listing_on.isoformat()} 将你组织列入{zh_list}。事由：" + "；".join(reasons_zh)
               + "。所依据的信息：" + ("；".join(z for z, _ in facts) or "—") + f"。依据：{rules.ORDER_60.zh}。"
               f"你组织有权陈述、申辩，并可自本通知之日起{objection.value}日内对所依据的信息提出异议"
               f"（{objection.explanation}）。")
    text_en = (f"{org.authority_name} intends to place the organization on the {en_list} on {notice.listing_on.isoformat()}. "
               "Grounds: " + "; ".join(reasons_en) + ". Facts: " + ("; ".join(e for _, e in facts) or "—")
               + f". Basis: {rules.ORDER_60.en}. The organization may state its case and may object to the "
               f"information within {objection.value} days of this notice ({objection.explanation}).")
    row = {
        "organization_id": org.id, "authority_id": org.authority, "list_kind": notice.list,
        "notice_on": notice.notice_on, "listing_on": notice.listing_on, "withdrawn_on": notice.withdrawn_on(),
        "rules": ",".join(notice.rules), "fact_refs": list(notice.facts), "channel": notice.channel,
        "text_zh": text_zh, "text_en": text_en,
    }
    row["digest"] = _digest(row)
    return row


def derive_rows(org: rules.Org, facts: list[rules.Fact], policy, as_of: date) -> tuple[list[dict], list[dict]]:
    derivation = rules.derive(org, facts, policy, as_of=as_of)
    return ([entry_row(e, derivation, policy) for e in derivation.entries],
            [notice_row(n, derivation, policy) for n in derivation.notices])


def _entry_label(row: dict, names: dict[int, str]) -> str:
    tag = "ABN" if row["list_kind"] == rules.ABNORMAL else "SER"
    return f"{tag} {names.get(row['organization_id'], row['organization_id'])} [{row['rules']}] {row['start_on']}"


def _audit_after(row: dict) -> dict:
    return {k: row[k] for k in ("list_kind", "start_on", "end_on", "rules", "fact_refs", "exit_rule", "exit_facts")}


class Sweeper:
    def __init__(self, as_of: date, actor=None, book: PolicyBook | None = None, lines: int = 200):
        self.as_of, self.actor = as_of, actor
        self.book = book or PolicyBook()
        self.max_lines = lines
        self.bound = set(User.objects.filter(organization_id_bound__isnull=False)
                         .values_list("organization_id_bound", flat=True))

    def run_window(self, orgs: list[tuple[int, date, str]], window: feeds.Window, report: Report,
                   labels: dict[int, str] | None = None) -> None:
        """Derive, compare and write the organizations ``orgs`` (id, founding date, authority), read via ``window``."""
        facts = feeds.load(window, lists_only=True)
        entries: dict[tuple, dict] = {}
        notices: dict[tuple, dict] = {}
        for org_id, founded_on, authority in orgs:
            if founded_on > self.as_of:
                continue
            policy = self.book.for_authority(authority)
            new_entries, new_notices = derive_rows(rule_org(org_id, founded_on, authority),
                                                   facts.get(org_id, []), policy, self.as_of)
            for row in new_entries:
                entries[(org_id, row["list_kind"], row["start_on"])] = row
            for row in new_notices:
                notices[(org_id, row["list_kind"], row["notice_on"])] = row
        wanted = {o[0] for o in orgs}
        old_entries = {(o, k, s): (pk, d, e) for pk, o, k, s, d, e in ListEntry.objects.filter(window.where()).values_list(
            "id", "organization_id", "list_kind", "start_on", "digest", "end_on") if o in wanted}
        old_notices = {(o, k, s): (pk, d) for pk, o, k, s, d in ListNotice.objects.filter(window.where()).values_list(
            "id", "organization_id", "list_kind", "notice_on", "digest") if o in wanted}
        labels = labels or {}
        changes: list[Change] = []
        delete_entries, create_entries = [], []
        for key, row in entries.items():
            old = old_entries.get(key)
            if old is not None and old[1] == row["digest"]:
                continue
            object_id = f"{key[0]}:{key[1]}:{key[2]}"
            if old is None:
                report.entered += 1
                action = "credit.entry.open"
                self._line(report, "+ " + _entry_label(row, labels))
            elif old[2] is None and row["end_on"] is not None:
                report.left += 1
                action = "credit.entry.close"
                self._line(report, f"- {_entry_label(row, labels)} → {row['end_on']} [{row['exit_rule']}]")
            else:
                report.revised += 1
                action = "credit.entry.revise"
                self._line(report, "~ " + _entry_label(row, labels))
            if old is not None:
                delete_entries.append(old[0])
            create_entries.append(ListEntry(**row))
            changes.append(Change(action, "ListEntry", object_id, after=_audit_after(row)))
        for key, old in old_entries.items():
            if key not in entries:
                report.withdrawn += 1
                delete_entries.append(old[0])
                changes.append(Change("credit.entry.withdraw", "ListEntry", f"{key[0]}:{key[1]}:{key[2]}",
                                      before={"start_on": key[2], "end_on": old[2]}))
                self._line(report, f"× {labels.get(key[0], key[0])} {key[1]} {key[2]} (no longer derived)")
        delete_notices, create_notices, notifications = [], [], []
        for key, row in notices.items():
            old = old_notices.get(key)
            if old is not None and old[1] == row["digest"]:
                continue
            if old is None:
                report.notices += 1
                if key[0] in self.bound:
                    notifications.append(Notification(
                        organization_id=key[0], key=f"{key[0]}:{key[1]}:{key[2].isoformat()}", list_kind=key[1],
                        notice_on=key[2], listing_on=row["listing_on"], text_zh=row["text_zh"], text_en=row["text_en"]))
            else:
                delete_notices.append(old[0])
            create_notices.append(ListNotice(**row))
        delete_notices += [old[0] for key, old in old_notices.items() if key not in notices]
        if not (delete_entries or create_entries or delete_notices or create_notices):
            return
        with transaction.atomic():
            for start in range(0, len(delete_entries), 900):
                ListEntry.objects.filter(pk__in=delete_entries[start:start + 900]).delete()
            for start in range(0, len(delete_notices), 900):
                ListNotice.objects.filter(pk__in=delete_notices[start:start + 900]).delete()
            ListEntry.objects.bulk_create(create_entries, batch_size=1000)
            ListNotice.objects.bulk_create(create_notices, batch_size=1000)
            Notification.objects.bulk_create(notifications, batch_size=1000, ignore_conflicts=True)
            if changes:
                record_many(self.actor, changes)

    def _line(self, report: Report, text: str) -> None:
        if len(report.lines) < self.max_lines:
            report.lines.append(text)


def sweep(as_of: date, jurisdiction: str | None = None, actor=None, chunk: int = CHUNK,
          progress: Callable[[int], None] | None = None, lines: int = 200) -> Report:
    """Derive and store every list entry and notice as of ``as_of`` (all organizations, or one jurisdiction)."""
    report = Report(as_of, jurisdiction or "")
    sweeper = Sweeper(as_of, actor, lines=lines)
    run = SweepRun.objects.create(as_of=as_of, jurisdiction=jurisdiction or "")
    qs = Organization.objects.order_by("id")
    if jurisdiction:
        qs = qs.filter(subtree_q("authority_id", jurisdiction))
    last = 0
    while True:
        rows = list(qs.filter(id__gt=last).values_list("id", "founded_on", "authority_id", "name")[:chunk])
        if not rows:
            break
        orgs = [r[:3] for r in rows]
        labels = {r[0]: r[3] for r in rows}
        window = feeds.Window.of([r[0] for r in rows]) if jurisdiction else feeds.Window(low=rows[0][0], high=rows[-1][0])
        sweeper.run_window(orgs, window, report, labels)
        report.organizations += len(rows)
        last = rows[-1][0]
        if progress:
            progress(len(rows))
    run.organizations = report.organizations
    run.summary = report.summary()
    run.finished_at = timezone.now()
    run.save()
    return report


def refresh(org_ids: Iterable[int], as_of: date | None = None, actor=None) -> Report:
    """Re-derive a few organizations now (after a fact, a correction or a removal is recorded)."""
    as_of = as_of or timezone.localdate()
    ids = list(org_ids)
    report = Report(as_of)
    rows = list(Organization.objects.filter(pk__in=ids).values_list("id", "founded_on", "authority_id", "name"))
    Sweeper(as_of, actor).run_window([r[:3] for r in rows], feeds.Window.of(ids), report, {r[0]: r[3] for r in rows})
    report.organizations = len(rows)
    return report


def swept_through(authority_code: str | None = None) -> date | None:
    """The latest date a completed sweep covered for this authority (a national run covers everyone)."""
    runs = SweepRun.objects.filter(finished_at__isnull=False).order_by("-as_of").values_list("as_of", "jurisdiction")
    for day, scope in runs[:50]:
        if not scope or (authority_code and _in_subtree(authority_code, scope)):
            return day
    return None


def _in_subtree(code: str, scope: str) -> bool:
    from divisions.models import subtree_prefix

    prefix = subtree_prefix(scope)
    return code.startswith(prefix) if len(prefix) < 6 else code == scope


def derive_for(orgs: Iterable, as_of: date, book: PolicyBook | None = None) -> dict[int, rules.Derivation]:
    """Derivations of a few organizations (objects with id, founded_on, authority_id) for ``as_of``: one query
    per fact source for all of them. Used by the pages and the API to replay any date exactly."""
    orgs = [o for o in orgs]
    if not orgs:
        return {}
    book = book or PolicyBook()
    facts = feeds.load(feeds.Window.of([o.id for o in orgs]))
    out = {}
    for org in orgs:
        policy = book.for_authority(org.authority_id)
        out[org.id] = rules.derive(rule_org(org.id, org.founded_on, org.authority_id), facts.get(org.id, []),
                                   policy, as_of=as_of)
    return out
