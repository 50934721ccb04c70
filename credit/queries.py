"""Reads behind the credit API and pages, and the plain dicts both render.

Which organizations are on a list on a day comes from the cache (``ListEntry``, index-backed, correct for any day
up to the last sweep); what is shown for each of them (why, since when, until what) is derived again for that
day from the facts, so a replayed date shows the explanation, the exit condition and the settings of that day.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.urls import reverse

from common.errors import Refusal, refusal
from common.labels import bilingual_labels
from divisions.models import subtree_q
from registry.models import Organization, OrganizationVersion
from registry.search import normalize

from . import feeds, rules
from .models import Evidence, FactKind, IllegalOrganization, ListEntry, ObjectionCase, RepairCase
from .policy import PolicyBook, policy_for, work_calendar
from .sweep import authority_name, derive_for, swept_through


def listed_on(list_kind: str, day: date, division: str | None = None) -> QuerySet:
    """Entries of ``list_kind`` open on ``day`` (from the cache), optionally under one division."""
    qs = ListEntry.objects.filter(Q(end_on__isnull=True) | Q(end_on__gt=day), list_kind=list_kind, start_on__lte=day)
    if division:
        qs = qs.filter(subtree_q("authority_id", division))
    return qs


def filter_entries(qs: QuerySet, *, listed_from: date | None = None, listed_to: date | None = None,
                   rule: str | None = None) -> QuerySet:
    """The list filters of the API and the pages: listed between two dates, citing one ground."""
    if listed_from:
        qs = qs.filter(start_on__gte=listed_from)
    if listed_to:
        qs = qs.filter(start_on__lte=listed_to)
    if rule:
        qs = qs.filter(Q(rules=rule) | Q(rules__startswith=rule + ",") | Q(rules__endswith="," + rule)
                       | Q(rules__contains="," + rule + ","))
    return qs


def evidence_visible_to(user, pk: int) -> Evidence | None:
    """An evidence file for the user who may see its case (the organization itself, the officers over it)."""
    return Evidence.objects.filter(
        Q(objection__in=ObjectionCase.objects.visible_to(user)) | Q(repair__in=RepairCase.objects.visible_to(user)),
        pk=pk).first()


def versions_on(org_ids, day: date) -> dict[int, OrganizationVersion]:
    found = {}
    for version in OrganizationVersion.objects.filter(organization_id__in=list(org_ids), valid_from__lte=day).order_by(
            "organization_id", "valid_from"):
        found[version.organization_id] = version  # the last one started on or before the day
    return found


def fact_url(code: str, ref: str) -> str:
    return reverse("credit:organization", kwargs={"code": code}) + f"#{ref.replace(':', '-')}"


def fact_dict(derivation: rules.Derivation, ref: str, code: str) -> dict:
    fact = derivation.facts.get(ref)
    zh, en = rules.fact_line(fact, ref)
    return {"ref": ref, "kind": fact.kind if fact else "", "date": fact.occurred_on if fact else None,
            "summary_zh": zh, "summary_en": en, "url": fact_url(code, ref)}


def entry_dict(entry: rules.Entry, derivation: rules.Derivation, policy, *, code: str) -> dict:
    why_zh, why_en = rules.explain(entry, derivation, policy)
    grounds = []
    for g in entry.grounds:
        zh, en = rules.rule_text(g.rule, policy, g.triggered_on)
        grounds.append({"rule": g.rule, "rule_text_zh": zh, "rule_text_en": en, "triggered_on": g.triggered_on,
                        "listed_on": g.listed_on, "withdrawn_on": g.void_on,
                        "facts": [fact_dict(derivation, r, code) for r in g.facts]})
    exit_zh, exit_en = rules.rule_text(entry.exit_rule, policy, entry.end) if entry.exit_rule else ("", "")
    basis = [rules.RULES[r] for r in entry.rules] + ([rules.RULES[entry.exit_rule]] if entry.exit_rule else [])
    days = {"days": policy.get("CREDIT_SER_REMOVAL_WORKING_DAYS" if entry.list == rules.SERIOUS else
                               "CREDIT_ABN_REMOVAL_WORKING_DAYS", entry.start).value}
    name_zh, name_en = rules.LIST_NAMES[entry.list]
    return {
        "list": entry.list, "list_name_zh": name_zh, "list_name_en": name_en,
        "listed_on": entry.start, "removed_on": entry.end, "period_counted_from": entry.clock, "rules": entry.rules,
        "grounds": grounds, "why_zh": why_zh, "why_en": why_en,
        "earliest_exit": entry.earliest_exit if entry.end is None else None,
        "exit_condition_zh": entry.exit_condition_zh if entry.end is None else "",
        "exit_condition_en": entry.exit_condition_en if entry.end is None else "",
        "exit_rule": entry.exit_rule or "", "exit_rule_text_zh": exit_zh, "exit_rule_text_en": exit_en,
        "exit_facts": [fact_dict(derivation, r, code) for r in entry.exit_facts],
        "deciding_authority": derivation.org.authority_name,
        "legal_basis_zh": "；".join(dict.fromkeys(b.basis_zh.format(**days) for b in basis)),
        "legal_basis_en": "; ".join(dict.fromkeys(b.basis_en.format(**days) for b in basis)),
        "settings": rules.settings_cited(entry),
    }


def org_dict(org: Organization, version: OrganizationVersion | None) -> dict:
    name = version.name if version else org.name
    status = version.status if version else org.status
    from registry.models import Status

    return {"code": org.code, "name": name, "org_type": org.org_type, "org_type_label": org.get_org_type_display(),
            "authority": {"code": org.authority_id, "name": authority_name(org.authority_id)},
            "status": status, "status_label": str(Status(status).label), "founded_on": org.founded_on}


def list_state(derivation: rules.Derivation, list_kind: str, policy, *, code: str) -> dict:
    entry = derivation.current(list_kind)
    if entry is None:
        return {"listed": False}
    return {"listed": True, **entry_dict(entry, derivation, policy, code=code)}


def answer(org: dict, abnormal: dict, serious: dict, standing=None) -> tuple[str, str]:
    """The check's sentence. Its first sentence always carries the standing (正常, 已撤销, 严重违法失信名单 …), so a
    revoked organization is never answered "已登记" without its status in the same sentence."""
    if standing is None:
        from .standing import build

        standing = build(org["code"], date.today(), status=org["status"], status_since=None, listings=[])
    ended = standing.value in ("deregistered", "revoked", "certificate_cancelled")
    detail_zh = f"（{standing.reason_zh.split('；')[0]}）" if ended else ""
    detail_en = f" ({standing.reason_en.split('; ')[0]})" if ended else ""
    zh = [f"{org['name']}（{org['code']}）已登记，状态：{standing.label_zh}{detail_zh}。"]
    en = [f"{org['name']} ({org['code']}) is registered; standing: {standing.label_en}{detail_en}."]
    for state in (abnormal, serious):
        if state["listed"]:
            zh.append(f"自 {state['listed_on']} 起列入{state['list_name_zh']}（{'、'.join(state['rules'])}）。"
                      f"{state['exit_condition_zh']}")
            en.append(f"On the {state['list_name_en']} since {state['listed_on']} ({', '.join(state['rules'])}). "
                      f"{state['exit_condition_en']}")
    if not abnormal["listed"] and not serious["listed"]:
        zh.append("未列入活动异常名录和严重违法失信名单。")
        en.append("Not on the abnormal-activity list or the serious illegal and dishonest list.")
    return "".join(zh), " ".join(en)


def check_organizations(orgs: list[Organization], day: date) -> dict[int, dict]:
    """For each organization: registered? status? listed? why? since when? until what? (as of ``day``)."""
    from .standing import standings

    book = PolicyBook()
    derivations = derive_for(orgs, day, book)
    versions = versions_on([o.pk for o in orgs], day)
    badges = standings(orgs, day, derivations)
    out = {}
    for org in orgs:
        if org.founded_on > day:
            continue
        policy = book.for_authority(org.authority_id)
        info = org_dict(org, versions.get(org.pk))
        abnormal = list_state(derivations[org.pk], rules.ABNORMAL, policy, code=org.code)
        serious = list_state(derivations[org.pk], rules.SERIOUS, policy, code=org.code)
        zh, en = answer(info, abnormal, serious, badges[org.pk])
        out[org.pk] = {**info, "abnormal": abnormal, "serious": serious, "answer_zh": zh, "answer_en": en,
                       "standing": badges[org.pk].as_dict(), "badge": badges[org.pk]}
    return out


def resolve(queries: list[str]) -> dict[str, list[Organization]]:
    """Each query (USCC, filing number or exact name, current or former) → the organizations it names."""
    wanted = {q: normalize(q) for q in queries}
    codes = {n.upper() for n in wanted.values()}
    found: dict[str, list[Organization]] = {q: [] for q in queries}
    orgs = list(Organization.objects.select_related("authority").filter(
        Q(uscc__in=codes) | Q(filing_number__in=codes) | Q(search_entry__name__in=set(wanted.values()))))
    by_key: dict[str, list[Organization]] = {}
    for org in orgs:
        for key in {org.uscc or "", org.filing_number or "", normalize(org.name)}:
            if key:
                by_key.setdefault(key, []).append(org)
    for query, norm in wanted.items():
        found[query] = by_key.get(norm.upper()) or by_key.get(norm) or []
    names = [q for q, hits in found.items() if not hits and len(wanted[q]) >= 2
             and not (wanted[q].isascii() and wanted[q].isalnum())]  # a code is not a former name
    former = former_name_ids({q: wanted[q] for q in names})
    if former:
        orgs = Organization.objects.select_related("authority").in_bulk({pk for ids in former.values() for pk in ids})
        for query, ids in former.items():
            found[query] = [orgs[pk] for pk in ids if pk in orgs]
    return found


PER_NAME_LOOKUPS = 20  # up to this many names: one index lookup each; more: one pass over the renamed entries


def former_name_ids(names: dict[str, str]) -> dict[str, list[int]]:
    """Organizations whose former name is exactly each (normalized) name. A few names: one substring lookup in
    the search index each (its own token phrase, registry.search), then the exact line compared. Many (a bulk
    check): one pass over the index entries that have former names, compared against the whole set at once."""
    from registry.models import SearchEntry
    from registry.search import _substring

    out: dict[str, list[int]] = {}
    if len(names) > PER_NAME_LOOKUPS:
        by_norm: dict[str, list[str]] = {}
        for query, norm in names.items():
            by_norm.setdefault(norm, []).append(query)
        rows = SearchEntry.objects.exclude(former_names="").values_list("organization_id", "former_names")
        for pk, lines in rows.iterator(chunk_size=5000):
            for line in lines.split("\n"):
                for query in by_norm.get(line, ()):
                    out.setdefault(query, []).append(pk)
        return out
    for query, norm in names.items():
        qs = _substring(SearchEntry.objects.exclude(former_names=""), norm)
        if qs is None:
            continue
        ids = [pk for pk, lines in qs.values_list("organization_id", "former_names")[:50]
               if norm in lines.split("\n")]
        if ids:
            out[query] = ids
    return out


def illegal_matches(names: list[str]) -> dict[str, list[dict]]:
    """Names of the published list of suspected illegal organizations, and their aliases, matching each query
    (compared normalized: simplified, half-width, without spaces). The list is a few published batches, so it
    is read in one query."""
    wanted: dict[str, list[str]] = {}
    for n in names:
        wanted.setdefault(normalize(n), []).append(n)
    out: dict[str, list[dict]] = {n: [] for n in names}
    hits = [pk for pk, norm, aliases in IllegalOrganization.objects.values_list("id", "normalized", "aliases")
            if norm in wanted or any(normalize(a) in wanted for a in aliases.splitlines() if a.strip())]
    if not hits:
        return out
    for item in IllegalOrganization.objects.select_related("batch").prefetch_related("bannings").filter(pk__in=hits):
        aliases = {normalize(a): a for a in item.alias_list}
        for key in ({item.normalized} | set(aliases)) & set(wanted):
            for query in wanted[key]:
                found = illegal_dict(item)
                found["matched_on"] = "name" if key == item.normalized else "alias"
                found["matched_alias"] = "" if key == item.normalized else aliases[key]
                out[query].append(found)
    return out


def illegal_dict(item: IllegalOrganization) -> dict:
    banned = sorted(item.bannings.all(), key=lambda b: b.decided_on) if hasattr(item, "bannings") else []
    return {"id": item.pk, "name": item.name, "aliases": item.alias_list, "claimed_activities": item.claimed_activities,
            "reported_where": item.reported_where, "batch": item.batch.title, "batch_number": item.batch.batch_number,
            "published_on": item.batch.published_on, "published_by": authority_name(item.batch.authority_id),
            "bannings": [{"decided_on": b.decided_on, "decision_number": b.decision_number,
                          "authority": authority_name(b.authority_id)} for b in banned]}


def credit_information(derivation: rules.Derivation, code: str) -> dict[str, list[dict]]:
    """The facts by the five kinds of credit information of Order 60 Art. 6 (basic, annual report, inspection,
    penalty, other); the registry's own history stays on the organization page."""
    groups: dict[str, list[dict]] = {"basic": [], "annual_report": [], "inspection": [], "penalty": [], "other": []}
    labels = {k.value: k for k in FactKind}
    corrected = {f.target for f in derivation.facts.values() if f.kind == rules.CORRECTION}
    for fact in sorted(derivation.facts.values(), key=lambda f: (f.occurred_on, f.ref)):
        if fact.kind in (rules.CORRECTION, rules.DEREGISTERED):
            continue
        group = {rules.ANNUAL_REPORT_MISSING: "annual_report", "annual_report": "annual_report",
                 "inspection": "inspection", rules.RECTIFICATION_OVERDUE: "inspection", rules.PENALTY: "penalty",
                 rules.REGISTRATION_ENDED: "basic", rules.CHANGE_REVOKED: "basic"}.get(fact.kind, "other")
        zh, en = rules.fact_line(fact, fact.ref)
        label = labels.get(fact.kind)
        groups[group].append({"ref": fact.ref, "kind": fact.kind, "kind_label": str(label.label) if label else fact.kind,
                              "date": fact.occurred_on, "known_on": fact.known_on, "summary_zh": zh,
                              "summary_en": en, "corrected": fact.ref in corrected, "anchor": fact.ref.replace(":", "-")})
    return groups


def sweep_date(authority: str | None = None) -> date | None:
    return swept_through(authority)


def registry_and_report_information(org, day: date, groups: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Add the registry's events (basic information) and the annual reports submitted (annual-report information)
    to ``groups``: public fields only, read from the apps that own them."""
    from django.utils import translation

    from registry.models import EventKind, RegistrationEvent

    have = {item["ref"] for items in groups.values() for item in items}
    zh_page = (translation.get_language() or "zh-hans").startswith("zh")
    labels = bilingual_labels(EventKind)
    basic = []
    for event in RegistrationEvent.objects.filter(organization=org, effective_on__lte=day).order_by("effective_on", "id"):
        ref = f"re:{event.pk}"
        if ref in have:
            continue
        zh, en = labels.get(event.kind, (event.kind, event.kind))
        number = f"（{event.decision_number}）" if event.decision_number else ""
        basic.append({"ref": ref, "kind": event.kind, "kind_label": zh if zh_page else en, "date": event.effective_on,
                      "known_on": event.effective_on, "summary_zh": f"{zh}{number}", "summary_en": f"{en}{number}", "corrected": False,
                      "anchor": ref.replace(":", "-")})
    groups["basic"] = basic + groups["basic"]
    try:
        from supervision.models import AnnualReport
    except ImportError:
        return groups
    for report in AnnualReport.objects.filter(organization=org, first_submitted_on__lte=day).order_by("year"):
        ref = f"ary:{report.pk}"
        groups["annual_report"].append({
            "ref": ref, "kind": "annual_report", "kind_label": "年度工作报告" if zh_page else "annual work report",
            "date": report.first_submitted_on, "known_on": report.first_submitted_on,
            "summary_zh": f"{report.year} 年度工作报告，{report.first_submitted_on} 报送",
            "summary_en": f"annual work report {report.year}, submitted {report.first_submitted_on}",
            "corrected": False, "anchor": ref.replace(":", "-")})
    return groups


# --- objections and repair: what the filer may do ---------------------------------------------------------

def facts_of(org: Organization) -> dict[str, rules.Fact]:
    """Every credit fact of one organization, by reference, as the rules see them."""
    return {f.ref: f for f in feeds.load(feeds.Window.of([org.pk])).get(org.pk, [])}


class ObjectionClock(NamedTuple):
    counted_from: date
    deadline: date
    setting: str  # the filing-days setting in force, as cited


def objection_clock(org: Organization, fact: rules.Fact, on: date) -> ObjectionClock:
    """When an objection to ``fact`` may be filed until: the limit runs from the first prior notice citing the
    fact, or from the day the fact became known when no notice cites it."""
    derivation = derive_for([org], on)[org.pk]
    notices = [n.notice_on for n in derivation.notices if fact.ref in n.facts]
    start = min(notices) if notices else fact.known_on
    setting = policy_for(org.authority_id).get("CREDIT_OBJECTION_FILING_DAYS", start)
    return ObjectionClock(start, work_calendar().deadline(start, int(setting.value)), setting.explanation)


class RepairAnswer(NamedTuple):
    entry: rules.Entry | None  # the open entry of the list, if any
    refusal: Refusal | None  # why no application is possible (yet), or None


def repair_answer(org: Organization, list_kind: str, on: date) -> RepairAnswer:
    """Whether the organization may apply to leave ``list_kind`` on ``on``; if not, the refusal says when it may
    (or that no application is needed)."""
    derivation = derive_for([org], on)[org.pk]
    entry = derivation.current(list_kind)
    name_zh, name_en = rules.LIST_NAMES.get(list_kind, (list_kind, list_kind))
    if entry is None:
        return RepairAnswer(None, refusal(
            "CREDIT-REPAIR-NOT-LISTED", "list_kind", f"该组织目前不在{name_zh}中",
            f"the organization is not on the {name_en}", list_kind))
    live = entry.live_grounds(on)
    if list_kind == rules.ABNORMAL:
        policy = policy_for(org.authority_id)
        nothing = set(policy.get("CREDIT_ABN_NOTHING_TO_RECTIFY", entry.clock).value)
        if not [g for g in live if g.rule not in nothing]:
            return RepairAnswer(entry, refusal(
                "CREDIT-REPAIR-NOT-NEEDED", "list_kind",
                f"列入情形无需整改，无需申请；将于 {entry.earliest_exit} 自动移出（{entry.exit_condition_zh}）",
                f"nothing to rectify and no application needed: the entry ends automatically on "
                f"{entry.earliest_exit} ({entry.exit_condition_en})", entry.earliest_exit))
        return RepairAnswer(entry, None)
    if live and all(g.rule == "SER-7" for g in live):
        return RepairAnswer(entry, refusal(
            "CREDIT-REPAIR-AFTER-DEREGISTRATION", "list_kind",
            "因吊销登记证书或撤销成立登记被列入的，完成注销登记后移出，不能申请提前移出",
            "an entry for certificate cancellation or revocation ends after deregistration; it cannot be left on "
            "application"))
    if entry.earliest_exit and on < entry.earliest_exit:
        return RepairAnswer(entry, refusal(
            "CREDIT-REPAIR-TOO-EARLY", "list_kind",
            f"尚不能申请移出：最早可于 {entry.earliest_exit} 申请（{entry.exit_condition_zh}）",
            f"no application is possible yet: the earliest day to apply is {entry.earliest_exit} "
            f"({entry.exit_condition_en})", entry.earliest_exit))
    return RepairAnswer(entry, None)
