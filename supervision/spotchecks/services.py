"""The only writers of 双随机、一公开 facts: roster, conflicts, plans, draws, inspector assignments, findings,
rectification notices and publication. Each service validates, checks who may act, writes in one transaction
and records the audit event; any refusal raises RuleViolation and changes nothing.

Candidate selection is set-based: one SQL query selects the active organizations registered by the planning
authority, assigns each its stratum with a CASE on its type and leaves out the recently drawn with a
NOT IN subquery, so a province-sized register is frozen in one round trip (see bench/bench_draw.py).
"""

import secrets
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Coalesce

from audit.services import record
from common.errors import Refusal, RuleViolation
from divisions.models import Division, level_of_code
from divisions.policy import setting
from registry.models import Organization, OrgType
from supervision.base import by_type, deny_unless_staff_for, whole_number
from supervision.cleaning import clean_text, parse_day
from supervision.models import (
    AssignedBy,
    CheckMethod,
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    FindingConclusion,
    Inspector,
    PlanKind,
    RectificationNotice,
    SpotCheckPlan,
    TargetInspector,
)
from supervision.ratings.services import today

from . import draw_algorithm, rules

SEED_MAX = 128


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


# --- strata registered by higher apps (charity: "recognized charities at their own rate") ----------------

@dataclass(frozen=True)
class ExtraStratum:
    """A part of the register sampled at its own rate, declared by an app above supervision (DESIGN: inverted
    dependency). ``members`` gives a Q on Organization for the day of the draw; ``rate_setting`` names the
    per-jurisdiction setting of its rate (the app declares its default with register_defaults)."""

    name: str
    members: Callable[[date], Q]
    rate_setting: str


spot_check_strata: list[ExtraStratum] = []


def register_stratum(stratum: ExtraStratum) -> ExtraStratum:
    if all(s.name != stratum.name for s in spot_check_strata):
        spot_check_strata.append(stratum)
    return stratum


# --- roster and conflicts ---------------------------------------------------------------------------------

@transaction.atomic
def add_inspector(actor, *, division_code: str, name: str, unit: str = "", badge_number: str = "") -> Inspector:
    division = Division.objects.filter(code=str(division_code or "")).first()
    if division is None:
        raise RuleViolation.one("DIVISION", "division", f"行政区划代码“{division_code}”不存在", f"unknown division code '{division_code}'",
               value=str(division_code))
    deny_unless_staff_for(actor, division.code)
    inspector = Inspector.objects.create(
        name=clean_text(name, "name", required=True, max_length=64), division=division,
        unit=clean_text(unit, "unit", max_length=200), badge_number=clean_text(badge_number, "badge_number",
                                                                                max_length=64),
        created_by=_user(actor))
    record(actor, "spotcheck.inspector.add", "Inspector", inspector.pk, after={
        "name": inspector.name, "division": division.code, "unit": inspector.unit, "badge": inspector.badge_number})
    return inspector


@transaction.atomic
def set_inspector_active(actor, inspector: Inspector, *, active: bool, reason: str) -> Inspector:
    inspector = Inspector.objects.select_for_update().get(pk=inspector.pk)
    deny_unless_staff_for(actor, inspector.division_id)
    reason = clean_text(reason, "reason", required=True)
    before = inspector.active
    inspector.active = bool(active)
    inspector.save(update_fields=["active"])
    record(actor, "spotcheck.inspector.active", "Inspector", inspector.pk, before={"active": before},
           after={"active": inspector.active}, reason=reason)
    return inspector


@transaction.atomic
def declare_conflict(actor, inspector: Inspector, org: Organization, *, reason: str, on=None) -> ConflictDeclaration:
    """回避: the inspector is never drawn or assigned for this organization from now on."""
    deny_unless_staff_for(actor, inspector.division_id)
    if not Organization.objects.visible_to(actor).filter(pk=org.pk).exists():
        raise RuleViolation.one("NOT-FOUND", "organization", "未找到该社会组织", "organization not found", status=404)
    reason = clean_text(reason, "reason", required=True)
    day = parse_day(on, "declared_on", default=today())
    if ConflictDeclaration.objects.filter(inspector=inspector, organization=org).exists():
        raise RuleViolation.one("SPOT-CONFLICT-DUP", "organization", f"{inspector.name} 已申报与该组织存在利害关系",
               f"{inspector.name} has already declared a conflict with this organization", status=409)
    conflict = ConflictDeclaration.objects.create(inspector=inspector, organization=org, declared_on=day,
                                                  reason=reason, recorded_by=_user(actor))
    record(actor, "spotcheck.conflict", "ConflictDeclaration", conflict.pk, after={
        "inspector": inspector.pk, "organization": org.code, "declared_on": day}, reason=reason)
    return conflict


# --- plans -----------------------------------------------------------------------------------------------

def _rate_setting(level: str, authority: str, day: date):
    return setting(rules.LEVEL_RATE_SETTINGS[level], authority, day)


@transaction.atomic
def create_plan(actor, *, authority_code: str, year, kind: str, title: str, rate, type_rates: dict | None = None,
                exclude_months=0, inspectors_per_target=None, scope_note: str = "") -> SpotCheckPlan:
    """抽查计划 of one authority for one year. A periodic plan samples at least the minimum rate of the authority's
    level (SPOT-RATE); types with a rate of their own (SPOT_CHECK_TYPE_RATES, or the plan's) form strata."""
    authority = Division.objects.filter(code=str(authority_code or "")).first()
    if authority is None:
        raise RuleViolation.one("DIVISION", "authority", f"行政区划代码“{authority_code}”不存在", f"unknown division code '{authority_code}'",
               value=str(authority_code))
    deny_unless_staff_for(actor, authority.code)
    day = today()
    problems: list[Refusal] = []
    if kind not in PlanKind.values:
        raise RuleViolation.one("SPOT-KIND", "kind", "抽查类型应为 periodic（定期）或 ad_hoc（不定期）", "kind must be periodic or ad_hoc",
               value=str(kind))
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= day.year + 1:
        problems.append(Refusal("SPOT-YEAR", "year", f"年度应在 2000 至 {day.year + 1} 之间",
                                f"the year must be between 2000 and {day.year + 1}", value=str(year)))
    title = clean_text(title, "title", required=True, max_length=200)
    scope_note = clean_text(scope_note, "scope_note")
    level = level_of_code(authority.code)
    minimum_setting = _rate_setting(level, authority.code, day)
    minimum = Decimal(str(minimum_setting.value))
    try:
        rate_value = rules.parse_rate(rate)
        rules.check_minimum(rate=rate_value, minimum=minimum, level=level, kind=kind, setting_explanation=minimum_setting.explanation)
    except RuleViolation as error:
        problems.extend(error.problems)
        rate_value = None
    type_setting = setting("SPOT_CHECK_TYPE_RATES", authority.code, day)
    strata = []
    for extra in spot_check_strata:
        extra_rate = setting(extra.rate_setting, authority.code, day)
        strata.append({"name": extra.name, "rate": str(rules.parse_rate(extra_rate.value)),
                       "source": extra_rate.explanation})
    wanted = dict(by_type(type_setting))
    for org_type, value in (type_rates or {}).items():
        if org_type not in OrgType.values:
            problems.append(Refusal("ORG-TYPE", f"type_rates.{org_type}", f"组织类型“{org_type}”无效",
                                    f"invalid organization type '{org_type}'", value=str(org_type)))
            continue
        try:
            plan_rate = rules.parse_rate(value, f"type_rates.{org_type}")
        except RuleViolation as error:
            problems.extend(error.problems)
            continue
        floor = Decimal(str(wanted[org_type])) if org_type in wanted else None
        if floor is not None and plan_rate < floor:
            problems.append(Refusal("SPOT-RATE", f"type_rates.{org_type}",
                                    f"{org_type} 的抽查比例 {plan_rate}% 低于本辖区设定的 {floor}%（{type_setting.explanation}）",
                                    f"the rate {plan_rate}% for {org_type} is below the jurisdiction's {floor}% "
                                    f"({type_setting.explanation})", value=str(plan_rate)))
            continue
        wanted[org_type] = {"rate": plan_rate, "source": "plan"}
    for org_type in sorted(wanted):
        entry = wanted[org_type]
        if isinstance(entry, dict):
            strata.append({"name": f"type:{org_type}", "rate": str(entry["rate"]), "source": entry["source"]})
        else:
            strata.append({"name": f"type:{org_type}", "rate": str(rules.parse_rate(entry)),
                           "source": type_setting.explanation})
    strata.append({"name": rules.GENERAL, "rate": str(rate_value), "source": "plan"})
    try:
        exclude_months = int(exclude_months or 0)
    except (TypeError, ValueError):
        exclude_months = -1
    if not 0 <= exclude_months <= 60:
        problems.append(Refusal("SPOT-EXCLUDE", "exclude_months", "排除近期已抽查对象的月数应在 0 至 60 之间",
                                "the months of recent checks to leave out must be between 0 and 60",
                                value=str(exclude_months)))
    per_target_setting = setting("SPOT_CHECK_MIN_INSPECTORS", authority.code, day)
    try:
        per_target = int(inspectors_per_target or whole_number(per_target_setting))
    except (TypeError, ValueError):
        per_target = 0
    if per_target < whole_number(per_target_setting) or per_target > 10:
        problems.append(Refusal("SPOT-INSPECTORS", "inspectors_per_target",
                                f"每个抽查对象应抽取至少 {per_target_setting.value} 名（至多 10 名）检查人员"
                                f"（{per_target_setting.explanation}）",
                                f"each target needs at least {per_target_setting.value} (at most 10) inspectors "
                                f"({per_target_setting.explanation})", value=str(inspectors_per_target)))
    if problems:
        raise RuleViolation(problems)
    plan = SpotCheckPlan.objects.create(
        authority=authority, year=year, kind=kind, title=title, rate=rate_value, strata=strata,
        exclude_months=exclude_months, inspectors_per_target=per_target, scope_note=scope_note,
        settings_used=[minimum_setting.explanation, type_setting.explanation, per_target_setting.explanation],
        created_by=_user(actor))
    record(actor, "spotcheck.plan", "SpotCheckPlan", plan.pk, after={
        "authority": authority.code, "year": year, "kind": kind, "rate": rate_value, "strata": strata,
        "exclude_months": exclude_months, "inspectors_per_target": per_target, "settings": plan.settings_used})
    return plan


# --- the draw --------------------------------------------------------------------------------------------

def stratum_case(strata: list[dict], day: date):
    """CASE WHEN … THEN stratum: the first stratum an organization belongs to (extra, then type, then general)."""
    whens = []
    for entry in strata:
        name = entry["name"]
        if name.startswith("type:"):
            whens.append(When(org_type=name.removeprefix("type:"), then=Value(name)))
        elif name != rules.GENERAL:
            extra = next((s for s in spot_check_strata if s.name == name), None)
            if extra is not None:
                whens.append(When(extra.members(day), then=Value(name)))
    return Case(*whens, default=Value(rules.GENERAL), output_field=CharField())


def candidates_queryset(authority_code: str, day: date, strata: list[dict], exclude_since: date | None, *,
                        subtree: bool = False):
    """Set-based candidate selection: active organizations registered by the authority by ``day``, less those
    drawn since ``exclude_since``, each with its stratum and code, sorted by id. (``subtree`` only serves the
    benchmark's province-wide variant; plans always sample the authority's own registrations.)"""
    from divisions.models import subtree_q

    where = subtree_q("authority_id", authority_code) if subtree else Q(authority_id=authority_code)
    queryset = Organization.objects.filter(where, status="active", founded_on__lte=day)
    if exclude_since is not None:
        recent = DrawTarget.objects.filter(draw__drawn_on__gte=exclude_since).values("organization_id")
        queryset = queryset.exclude(id__in=recent)
    return (queryset.annotate(code_value=Coalesce("uscc", "filing_number"), stratum=stratum_case(strata, day))
            .order_by("id").values_list("id", "code_value", "stratum"))


@dataclass
class DrawInputs:
    seed: str
    candidates: list[list]
    sizes: dict[str, int]
    size_rows: list[list]
    excluded_since: date | None
    excluded_count: int


def draw_inputs(plan: SpotCheckPlan, day: date, seed: str) -> DrawInputs:
    since = rules.excluded_since(day, plan.exclude_months)
    candidates = [[org_id, code or "", stratum]
                  for org_id, code, stratum in candidates_queryset(plan.authority_id, day, plan.strata, since)]
    excluded = 0
    if since is not None:
        everyone = candidates_queryset(plan.authority_id, day, plan.strata, None).count()
        excluded = everyone - len(candidates)
    counts: dict[str, int] = {}
    for row in candidates:
        counts[row[2]] = counts.get(row[2], 0) + 1
    strata = [rules.Stratum(s["name"], Decimal(s["rate"]), s["source"]) for s in plan.strata]
    sizes = rules.stratum_sizes(counts, strata)
    size_rows = [[s.name, str(s.rate), counts.get(s.name, 0), sizes[s.name]] for s in strata]
    return DrawInputs(seed, candidates, sizes, size_rows, since, excluded)


def roster_snapshot(authority_code: str, organization_ids: list[int]) -> tuple[list[int], list[list[int]]]:
    roster = sorted(Inspector.objects.filter(division_id=authority_code, active=True).values_list("pk", flat=True))
    conflicts = sorted([i, o] for i, o in ConflictDeclaration.objects.filter(
        inspector_id__in=roster, organization_id__in=organization_ids).values_list("inspector_id", "organization_id"))
    return roster, conflicts


def result_fingerprint(targets: list[tuple[str, int]], inspectors: dict[int, list[int]]) -> str:
    return rules.canonical_sha256({"targets": [[s, o] for s, o in targets],
                                   "inspectors": {str(o): ids for o, ids in inspectors.items()}})


@transaction.atomic
def run_draw(actor, plan: SpotCheckPlan, *, seed: str | None = None) -> Draw:
    """Draw the targets and, for each, its inspectors; freeze every input so that anyone can re-run it."""
    plan = SpotCheckPlan.objects.select_for_update().get(pk=plan.pk)
    deny_unless_staff_for(actor, plan.authority_id)
    if Draw.objects.filter(plan=plan).exists():
        raise RuleViolation.one("SPOT-DRAW-ONCE", None, "该计划已经抽取过，抽取结果不可重抽", "this plan has already been drawn; a draw is final",
               status=409)
    seed = clean_text(seed, "seed", max_length=SEED_MAX) or secrets.token_hex(16)
    day = today()
    inputs = draw_inputs(plan, day, seed)
    if not inputs.candidates:
        raise RuleViolation.one("SPOT-NO-CANDIDATES", None, "没有符合条件的抽查对象（本机关登记的正常状态社会组织）",
               "there are no candidates (active organizations registered by this authority)", status=409)
    targets = draw_algorithm.draw_targets(seed, inputs.candidates, inputs.sizes)
    target_ids = [org_id for _, org_id in targets]
    roster, conflicts = roster_snapshot(plan.authority_id, target_ids)
    try:
        chosen = draw_algorithm.draw_inspectors(seed, target_ids, roster, conflicts, plan.inspectors_per_target)
    except draw_algorithm.NotEnoughInspectors as short:
        org = Organization.objects.get(pk=short.organization_id)
        raise RuleViolation.one("SPOT-ROSTER", None,
               f"检查人员名录不足：{org.name} 可抽取的检查人员（已排除申报回避者）只有 {short.eligible} 名，需要 "
               f"{short.needed} 名",
               f"the roster is too small: {short.eligible} inspectors without a declared conflict are available "
               f"for {org.name}, {short.needed} needed", status=409, value=org.code) from None
    draw = Draw.objects.create(
        plan=plan, seed=seed, drawn_on=day, algorithm_version=draw_algorithm.ALGORITHM_VERSION,
        algorithm_sha256=draw_algorithm.algorithm_hash(), python_version=sys.version.split()[0],
        candidates=inputs.candidates, candidates_count=len(inputs.candidates),
        candidates_sha256=rules.canonical_sha256(inputs.candidates), excluded_since=inputs.excluded_since,
        excluded_count=inputs.excluded_count, sizes=inputs.size_rows, roster=roster, conflicts=conflicts,
        inspectors_per_target=plan.inspectors_per_target,
        roster_sha256=rules.canonical_sha256({"roster": roster, "conflicts": conflicts}),
        result_sha256=result_fingerprint(targets, chosen), drawn_by=_user(actor))
    rows = DrawTarget.objects.bulk_create([
        DrawTarget(draw=draw, organization_id=org_id, stratum=stratum, position=index)
        for index, (stratum, org_id) in enumerate(targets, 1)], batch_size=2000)
    by_org = {row.organization_id: row for row in rows}
    if any(row.pk is None for row in rows):  # backends that do not return ids from bulk inserts
        by_org = {t.organization_id: t for t in DrawTarget.objects.filter(draw=draw)}
    TargetInspector.objects.bulk_create([
        TargetInspector(target=by_org[org_id], inspector_id=inspector_id, how=AssignedBy.DRAWN, position=n)
        for org_id, ids in chosen.items() for n, inspector_id in enumerate(ids, 1)], batch_size=2000)
    codes = {row[0]: row[1] for row in inputs.candidates}
    record(actor, "spotcheck.draw", "Draw", draw.pk, after={
        "plan": plan.pk, "seed": seed, "drawn_on": day, "algorithm": [draw.algorithm_version, draw.algorithm_sha256],
        "candidates": [draw.candidates_count, draw.candidates_sha256], "sizes": inputs.size_rows,
        "excluded": [inputs.excluded_since, inputs.excluded_count], "roster_sha256": draw.roster_sha256,
        "result_sha256": draw.result_sha256, "targets": [codes[org_id] for _, org_id in targets]})
    return draw


@dataclass
class Verification:
    draw_id: int
    ok: bool
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (what, passed, detail)

    def add(self, what: str, passed: bool, detail: str = "") -> None:
        self.checks.append((what, passed, detail))
        if not passed:
            self.ok = False


def verify(draw: Draw) -> Verification:
    """SPOT-VERIFY: re-run the draw from its stored seed, frozen candidate list and roster snapshot, and compare
    with the stored targets and drawn inspectors. The algorithm source hash is compared too; a different hash
    alone is reported but is not a failure when the result is the same."""
    result = Verification(draw.pk, True)
    result.add("candidate list SHA-256", rules.canonical_sha256(draw.candidates) == draw.candidates_sha256,
               draw.candidates_sha256)
    result.add("roster and conflicts SHA-256",
               rules.canonical_sha256({"roster": draw.roster, "conflicts": draw.conflicts}) == draw.roster_sha256,
               draw.roster_sha256)
    result.add("algorithm version", draw.algorithm_version == draw_algorithm.ALGORITHM_VERSION,
               f"stored {draw.algorithm_version}, running {draw_algorithm.ALGORITHM_VERSION}")
    same_source = draw.algorithm_sha256 == draw_algorithm.algorithm_hash()
    result.checks.append(("algorithm source SHA-256", same_source,
                          "same source" if same_source else "the algorithm file changed since the draw (informational)"))
    sizes = {row[0]: int(row[3]) for row in draw.sizes}
    try:
        again = draw_algorithm.run(draw.seed, draw.candidates, sizes, draw.roster, draw.conflicts,
                                   draw.inspectors_per_target)
    except draw_algorithm.NotEnoughInspectors as short:
        result.add("re-run", False, str(short))
        return result
    stored_targets = [(t.stratum, t.organization_id) for t in draw.targets.order_by("position")]
    result.add("targets", stored_targets == again.targets,
               f"{len(stored_targets)} stored, {len(again.targets)} re-drawn")
    stored_inspectors: dict[int, list[int]] = {}
    for org_id, inspector_id in (TargetInspector.objects.filter(target__draw=draw, how=AssignedBy.DRAWN)
                                 .order_by("target__position", "position")
                                 .values_list("target__organization_id", "inspector_id")):
        stored_inspectors.setdefault(org_id, []).append(inspector_id)
    result.add("drawn inspectors", stored_inspectors == again.inspectors,
               f"{sum(map(len, stored_inspectors.values()))} stored assignments")
    result.add("result SHA-256", result_fingerprint(again.targets, again.inspectors) == draw.result_sha256,
               draw.result_sha256)
    return result


# --- inspectors on a target, findings, rectification, publication ----------------------------------------

def _target_locked(target: DrawTarget) -> DrawTarget:
    return DrawTarget.objects.select_for_update().select_related("draw__plan", "organization").get(pk=target.pk)


def _conflicted(inspector_ids, org_id) -> list[Inspector]:
    return list(Inspector.objects.filter(pk__in=list(inspector_ids), conflicts__organization_id=org_id))


@transaction.atomic
def assign_inspector(actor, target: DrawTarget, inspector: Inspector, *, reason: str) -> TargetInspector:
    """An officer adds an inspector to a target (e.g. a replacement); never one with a declared conflict."""
    target = _target_locked(target)
    plan = target.draw.plan
    deny_unless_staff_for(actor, plan.authority_id)
    reason = clean_text(reason, "reason", required=True)
    if inspector.division_id != plan.authority_id or not inspector.active:
        raise RuleViolation.one("SPOT-ROSTER", "inspector", f"{inspector.name} 不在本机关现行检查人员名录中",
               f"{inspector.name} is not on this authority's current roster", value=str(inspector.pk))
    if _conflicted([inspector.pk], target.organization_id):
        raise RuleViolation.one("SPOT-CONFLICT", "inspector", f"{inspector.name} 已申报与 {target.organization.name} 存在利害关系，应当回避",
               f"{inspector.name} declared a conflict with {target.organization.name} and must withdraw",
               value=str(inspector.pk))
    if target.inspectors.filter(inspector=inspector).exists():
        raise RuleViolation.one("SPOT-ASSIGNED-DUP", "inspector", f"{inspector.name} 已是该对象的检查人员",
               f"{inspector.name} is already assigned to this target", status=409, value=str(inspector.pk))
    position = (target.inspectors.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    row = TargetInspector.objects.create(target=target, inspector=inspector, how=AssignedBy.MANUAL,
                                         position=position, reason=reason, assigned_by=_user(actor))
    record(actor, "spotcheck.assign", "DrawTarget", target.pk, after={
        "inspector": inspector.pk, "how": "manual", "organization": target.organization.code}, reason=reason)
    return row


@transaction.atomic
def record_finding(actor, target: DrawTarget, *, method: str, checked_on, conclusion: str, summary: str,
                   inspector_ids, details: str = "") -> Finding:
    """抽查结果: desk review or on-site (SPOT-INSPECTORS: on-site needs at least N inspectors present, none of
    them conflicted, all assigned to this target)."""
    target = _target_locked(target)
    plan = target.draw.plan
    deny_unless_staff_for(actor, plan.authority_id)
    if method not in CheckMethod.values:
        raise RuleViolation.one("SPOT-METHOD", "method", "检查方式应为 desk（书面检查）或 on_site（实地检查）", "method must be desk or on_site",
               value=str(method))
    if conclusion not in FindingConclusion.values:
        raise RuleViolation.one("SPOT-CONCLUSION", "conclusion", "检查结论无效", "invalid conclusion", value=str(conclusion))
    day = parse_day(checked_on, "checked_on")
    if day < target.draw.drawn_on:
        raise RuleViolation.one("SPOT-DATE", "checked_on", f"检查日期 {day} 早于抽取日期 {target.draw.drawn_on}",
               f"the check date {day} is before the draw of {target.draw.drawn_on}", value=day.isoformat())
    summary = clean_text(summary, "summary", required=True)
    details = clean_text(details, "details")
    try:
        ids = sorted({int(i) for i in (inspector_ids or [])})
    except (TypeError, ValueError):
        raise RuleViolation.one("SPOT-INSPECTORS", "inspectors", "检查人员应为编号列表", "inspectors must be a list of ids") from None
    assigned = set(target.inspectors.values_list("inspector_id", flat=True))
    strangers = [i for i in ids if i not in assigned]
    if strangers:
        raise RuleViolation.one("SPOT-INSPECTOR-NOT-ASSIGNED", "inspectors", f"检查人员 {strangers} 未被抽取或指派到该对象",
               f"inspectors {strangers} are not assigned to this target", value=",".join(map(str, strangers)))
    conflicted = _conflicted(ids, target.organization_id)
    if conflicted:
        names = "、".join(i.name for i in conflicted)
        raise RuleViolation.one("SPOT-CONFLICT", "inspectors", f"{names} 已申报与该组织存在利害关系，应当回避",
               f"{', '.join(i.name for i in conflicted)} declared a conflict with this organization and must withdraw")
    minimum = setting("SPOT_CHECK_MIN_INSPECTORS", plan.authority_id, day)
    rules.check_on_site(method=method, inspectors=len(ids), minimum=whole_number(minimum), setting_explanation=minimum.explanation)
    if not ids:
        raise RuleViolation.one("SPOT-INSPECTORS", "inspectors", "至少要有一名检查人员", "at least one inspector must be named")
    finding = Finding.objects.create(target=target, method=method, checked_on=day, conclusion=conclusion,
                                     summary=summary, details=details, recorded_by=_user(actor))
    finding.inspectors.set(ids)
    record(actor, "spotcheck.finding", "Finding", finding.pk, after={
        "target": target.pk, "organization": target.organization.code, "method": method, "checked_on": day,
        "conclusion": conclusion, "inspectors": ids, "summary": summary})
    return finding


@transaction.atomic
def issue_rectification(actor, finding: Finding, *, requirements: str, issued_on=None,
                        deadline=None) -> RectificationNotice:
    """责令整改 with a deadline (default SPOT_CHECK_RECTIFICATION_DAYS after the notice)."""
    finding = Finding.objects.select_related("target__draw__plan", "target__organization").get(pk=finding.pk)
    plan = finding.target.draw.plan
    deny_unless_staff_for(actor, plan.authority_id)
    if finding.conclusion == FindingConclusion.NO_PROBLEM:
        raise RuleViolation.one("SPOT-RECTIFY-NO-PROBLEM", None, "检查未发现问题，不能责令整改", "the check found no problem to rectify",
               status=409)
    requirements = clean_text(requirements, "requirements", required=True)
    day = parse_day(issued_on, "issued_on", default=today())
    if day < finding.checked_on:
        raise RuleViolation.one("SPOT-DATE", "issued_on", f"通知日期 {day} 早于检查日期 {finding.checked_on}",
               f"the notice date {day} is before the check of {finding.checked_on}", value=day.isoformat())
    days = setting("SPOT_CHECK_RECTIFICATION_DAYS", plan.authority_id, day)
    due = parse_day(deadline, "deadline", default=day + timedelta(days=whole_number(days)), not_after_today=False)
    rules.rectification_deadline_ok(day, due)
    notice = RectificationNotice.objects.create(finding=finding, issued_on=day, deadline=due,
                                                requirements=requirements, issued_by=_user(actor))
    record(actor, "spotcheck.rectification", "RectificationNotice", notice.pk, after={
        "finding": finding.pk, "organization": finding.target.organization.code, "issued_on": day, "deadline": due,
        "settings": [days.explanation] if deadline in (None, "") else []})
    return notice


@transaction.atomic
def complete_rectification(actor, notice: RectificationNotice, *, completed_on, note: str) -> RectificationNotice:
    notice = RectificationNotice.objects.select_for_update().select_related("finding__target__draw__plan").get(
        pk=notice.pk)
    deny_unless_staff_for(actor, notice.finding.target.draw.plan.authority_id)
    if notice.completed_on is not None:
        raise RuleViolation.one("SPOT-RECTIFY-DONE", None, f"整改完成情况已于 {notice.completed_on} 记录",
               f"completion was already recorded ({notice.completed_on})", status=409)
    day = parse_day(completed_on, "completed_on")
    if day < notice.issued_on:
        raise RuleViolation.one("SPOT-DATE", "completed_on", f"完成日期 {day} 早于通知日期 {notice.issued_on}",
               f"the completion date {day} is before the notice of {notice.issued_on}", value=day.isoformat())
    note = clean_text(note, "note", required=True)
    notice.completed_on, notice.completion_note = day, note
    notice.completion_recorded_by = _user(actor)
    notice.save(update_fields=["completed_on", "completion_note", "completion_recorded_by"])
    record(actor, "spotcheck.rectification.complete", "RectificationNotice", notice.pk,
           before={"completed_on": None}, after={"completed_on": day, "late": day > notice.deadline, "note": note})
    return notice


@transaction.atomic
def publish_results(actor, draw: Draw, *, on=None) -> int:
    """一公开: publish every recorded finding of the draw not yet published; returns how many."""
    deny_unless_staff_for(actor, draw.plan.authority_id)
    day = parse_day(on, "published_on", default=today())
    pending = Finding.objects.filter(target__draw=draw, published_on__isnull=True)
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        raise RuleViolation.one("SPOT-PUBLISH-NONE", None, "没有待公开的检查结果", "there are no unpublished findings", status=409)
    Finding.objects.filter(pk__in=ids).update(published_on=day)
    record(actor, "spotcheck.publish", "Draw", draw.pk, after={"findings": ids, "published_on": day})
    return len(ids)
