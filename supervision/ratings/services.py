"""The only writers of 等级评估 facts. Each service validates, checks who may act, writes in one transaction and
records the audit event; any refusal raises RuleViolation (rule id, zh, en) and changes nothing.

Who acts (DOMAIN §4): the organization applies and objects (an officer may file either on its behalf);
officers of the registration authority (or above it) score, decide, answer objections, confer, lower and
cancel. Time limits come from per-jurisdiction settings, named in the stored ``settings_used``.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q

from audit.services import Change, record, record_many
from common.clock import today
from common.errors import Refusal, RuleViolation
from divisions.models import Division, subtree_q
from divisions.policy import chain, setting
from registry.models import OrganizationVersion, OrgType
from supervision.base import deny_unless_org_or_staff, deny_unless_staff_for, whole_number
from supervision.cleaning import clean_text, parse_day, parse_points
from supervision.models import (
    ApplicationState,
    Art30Ground,
    CommitteeDecision,
    Grade,
    GradeAction,
    GradeActionKind,
    GradeBand,
    GradeSpan,
    Indicator,
    IndicatorScore,
    ObjectionOutcome,
    RatingApplication,
    RatingObjection,
    ScoreSheet,
    ScoreSheetVersion,
)

from . import rules
from .eligibility import eligibility

# --- score sheets ---------------------------------------------------------------------------------------

def sheet_version_for(org_type: str, authority_code: str, on: date) -> ScoreSheetVersion | None:
    """The sheet of the nearest jurisdiction (county → city → province → national) in force on ``on``."""
    for code in chain(authority_code):
        version = (ScoreSheetVersion.objects.filter(sheet__division_id=code, sheet__org_type=org_type,
                                                    effective_from__lte=on)
                   .select_related("sheet").order_by("-effective_from", "-number").first())
        if version is not None:
            return version
    return None


@transaction.atomic
def create_sheet_version(actor, *, division_code: str, org_type: str, name: str, indicators: list[dict],
                         bands: list[dict], effective_from=None, note: str = "") -> ScoreSheetVersion:
    """A jurisdiction's own evaluation standard: indicators (section, code, name, max points) and bands."""
    problems: list[Refusal] = []
    division = Division.objects.filter(code=str(division_code or "")).first()
    if division is None:
        raise RuleViolation.one("DIVISION", "division", f"行政区划代码“{division_code}”不存在", f"unknown division code '{division_code}'",
               value=str(division_code))
    deny_unless_staff_for(actor, division.code)
    if org_type not in OrgType.values:
        raise RuleViolation.one("ORG-TYPE", "org_type", f"组织类型“{org_type}”无效", f"invalid organization type '{org_type}'",
               value=str(org_type))
    name = clean_text(name, "name", required=True, max_length=200)
    note = clean_text(note, "note")
    effective_from = parse_day(effective_from, "effective_from", default=today(), not_after_today=False)
    rows, codes = [], set()
    if not isinstance(indicators, list) or not indicators:
        raise RuleViolation.one("RAT-INDICATORS", "indicators", "评分表至少要有一项指标", "a score sheet needs at least one indicator")
    for index, item in enumerate(indicators):
        where = f"indicators.{index}"
        if not isinstance(item, dict):
            raise RuleViolation.one("RAT-INDICATORS", where, "指标应为对象", "an indicator must be an object")
        code = clean_text(item.get("code"), f"{where}.code", required=True, max_length=20)
        if code in codes:
            problems.append(Refusal("RAT-INDICATORS", f"{where}.code", f"指标编号 {code} 重复",
                                    f"indicator code {code} appears twice", value=code))
        codes.add(code)
        points = parse_points(item.get("max_points"), f"{where}.max_points")
        if points <= 0:
            problems.append(Refusal("RAT-INDICATORS", f"{where}.max_points", "指标分值应大于 0",
                                    "an indicator's maximum points must be above 0", value=str(points)))
        rows.append(Indicator(section=clean_text(item.get("section"), f"{where}.section", required=True,
                                                 max_length=100),
                              code=code, name=clean_text(item.get("name"), f"{where}.name", required=True,
                                                         max_length=300),
                              max_points=points, order=index + 1))
    max_total = sum((r.max_points for r in rows), Decimal(0))
    band_rows = []
    if not isinstance(bands, list):
        raise RuleViolation.one("RAT-BANDS", "bands", "分数线应为列表", "bands must be a list")
    for index, item in enumerate(bands):
        if not isinstance(item, dict):
            raise RuleViolation.one("RAT-BANDS", f"bands.{index}", "分数线应为对象", "a band must be an object")
        band_rows.append(rules.Band(str(item.get("grade", "")),
                                    parse_points(item.get("min_points"), f"bands.{index}.min_points")))
    problems += rules.validate_bands(band_rows, max_total)
    if problems:
        raise RuleViolation(problems)
    sheet, _ = ScoreSheet.objects.get_or_create(division=division, org_type=org_type, defaults={"name": name})
    number = (sheet.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    if sheet.name != name or sheet.is_example:
        ScoreSheet.objects.filter(pk=sheet.pk).update(name=name, is_example=False)
    version = ScoreSheetVersion.objects.create(sheet=sheet, number=number, effective_from=effective_from,
                                               max_total=max_total, note=note, created_by=_user(actor))
    for row in rows:
        row.version = version
    Indicator.objects.bulk_create(rows)
    GradeBand.objects.bulk_create([GradeBand(version=version, grade=rules.clean_grade(b.grade), min_points=b.min_points)
                                   for b in band_rows])
    record(actor, "rating.sheet.version", "ScoreSheetVersion", version.pk, after={
        "division": division.code, "org_type": org_type, "number": number, "effective_from": effective_from,
        "max_total": max_total, "indicators": [[r.code, r.name, r.max_points] for r in rows],
        "bands": [[b.grade, b.min_points] for b in band_rows]})
    return version


def bands_of(version: ScoreSheetVersion) -> list[rules.Band]:
    return [rules.Band(b.grade, b.min_points) for b in version.bands.all()]


# --- application --------------------------------------------------------------------------------------

def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def refusal_problems(result) -> list[Refusal]:
    problems = []
    for refusal in result.refusals:
        used = "；".join(refusal.settings)
        zh = f"{refusal.zh}（依据设定：{used}）" if used else refusal.zh
        en = f"{refusal.en} (settings: {'; '.join(refusal.settings)})" if used else refusal.en
        problems.append(Refusal(refusal.code, None, zh, en))
    return problems


def application_dict(app: RatingApplication) -> dict:
    return {"organization": app.organization.code, "applied_on": app.applied_on, "state": app.state,
            "sheet_version": app.sheet_version_id, "on_behalf": app.on_behalf}


@transaction.atomic
def apply_for_rating(actor, org, *, on=None, note: str = "") -> RatingApplication:
    """申请评估. Refused, with every refusal explained, when a check of supervision.eligibility fails."""
    deny_unless_org_or_staff(actor, org)
    day = parse_day(on, "applied_on", default=today())
    note = clean_text(note, "note")
    result = eligibility(org, day)
    problems = refusal_problems(result)
    version = sheet_version_for(org.org_type, org.authority_id, day)
    if version is None:
        problems.append(Refusal("RAT-SHEET-MISSING", None, f"本辖区及上级均未设定“{org.get_org_type_display()}”的评估评分表",
                                f"no score sheet for {org.org_type} is set for this jurisdiction or above it"))
    if problems:
        raise RuleViolation(problems)
    app = RatingApplication.objects.create(
        organization=org, applied_on=day, applied_by=_user(actor),
        on_behalf=not (getattr(actor, "is_org_user", False)), sheet_version=version,
        eligibility=result.as_dict(), note=note)
    record(actor, "rating.apply", "RatingApplication", app.pk, after=application_dict(app))
    return app


def _locked(app: RatingApplication) -> RatingApplication:
    return RatingApplication.objects.select_for_update().select_related("organization").get(pk=app.pk)


def _require_state(app: RatingApplication, states, code: str) -> None:
    if app.state not in states:
        wanted = "、".join(str(ApplicationState(s).label) for s in states)
        raise RuleViolation.one(code, "state", f"申请当前状态为“{app.get_state_display()}”，此操作只能在“{wanted}”时进行",
               f"the application is '{app.state}'; this can only be done while it is "
               f"{' or '.join(states)}", status=409, value=app.state)


@transaction.atomic
def score(actor, app: RatingApplication, entries: list[dict], *, on=None) -> list[IndicatorScore]:
    """评估打分: one evaluator's points for one or more indicators of the application's sheet."""
    app = _locked(app)
    deny_unless_staff_for(actor, app.organization.authority_id)
    _require_state(app, (ApplicationState.APPLIED, ApplicationState.SCORING), "RAT-SCORE-STATE")
    day = parse_day(on, "scored_on", default=today())
    if day < app.applied_on:
        raise RuleViolation.one("RAT-SCORE-DATE", "scored_on", f"打分日期 {day} 早于申请日期 {app.applied_on}",
               f"the scoring date {day} is before the application date {app.applied_on}", value=day.isoformat())
    indicators = {i.pk: i for i in app.sheet_version.indicators.all()}
    by_code = {i.code: i for i in indicators.values()}
    if not isinstance(entries, list) or not entries:
        raise RuleViolation.one("RAT-SCORE-EMPTY", "scores", "至少为一项指标打分", "score at least one indicator")
    done = set(IndicatorScore.objects.filter(application=app, evaluator=actor).values_list("indicator_id", flat=True))
    problems, rows, seen = [], [], set()
    for index, entry in enumerate(entries):
        where = f"scores.{index}"
        key = entry.get("indicator")
        indicator = indicators.get(key) if isinstance(key, int) else by_code.get(str(key)) or (
            indicators.get(int(str(key))) if str(key).isdigit() else None)
        if indicator is None:
            problems.append(Refusal("RAT-INDICATOR", f"{where}.indicator", f"指标“{key}”不在本申请所用评分表中",
                                    f"indicator '{key}' is not on this application's score sheet", value=str(key)))
            continue
        points = parse_points(entry.get("points"), f"{where}.points")
        if points < 0 or points > indicator.max_points:
            problems.append(Refusal("RAT-POINTS-RANGE", f"{where}.points",
                                    f"指标 {indicator.code} 的得分 {points} 应在 0 至 {indicator.max_points} 之间",
                                    f"points {points} for indicator {indicator.code} must be between 0 and "
                                    f"{indicator.max_points}", value=str(points)))
        if indicator.pk in done or indicator.pk in seen:
            problems.append(Refusal("RAT-SCORE-DUP", f"{where}.indicator",
                                    f"您已为指标 {indicator.code} 打过分（评分不可修改）",
                                    f"you have already scored indicator {indicator.code} (scores are final)",
                                    value=indicator.code))
        seen.add(indicator.pk)
        rows.append(IndicatorScore(application=app, indicator=indicator, evaluator=actor, points=points,
                                   comment=clean_text(entry.get("comment"), f"{where}.comment"), scored_on=day))
    if problems:
        raise RuleViolation(problems)
    IndicatorScore.objects.bulk_create(rows)
    before = app.state
    app.state = ApplicationState.SCORING
    app.save(update_fields=["state"])
    record_many(actor, [Change("rating.score", "RatingApplication", str(app.pk),
                               after={"indicator": r.indicator.code, "points": r.points, "scored_on": day,
                                      "evaluator": actor.username}) for r in rows]
                + ([Change("rating.state", "RatingApplication", str(app.pk), {"state": before},
                           {"state": app.state})] if before != app.state else []))
    return rows


def current_total(app: RatingApplication) -> tuple[Decimal, list[Indicator]]:
    indicators = list(app.sheet_version.indicators.all())
    total, missing = rules.total_points([i.pk for i in indicators],
                                        app.scores.values_list("indicator_id", "points"))
    missing_set = set(missing)
    return total, [i for i in indicators if i.pk in missing_set]


GRADE_FROM_BANDS = "bands"


@transaction.atomic
def decide(actor, app: RatingApplication, *, grade=GRADE_FROM_BANDS, reason: str = "", decided_on=None,
           decision_number: str = "") -> CommitteeDecision:
    """评估委员会 decision: the grade the bands give, or another grade (or none) with the committee's reason.
    Opens the 公示 period (RATING_PUBLICITY_DAYS)."""
    app = _locked(app)
    org = app.organization
    deny_unless_staff_for(actor, org.authority_id)
    _require_state(app, (ApplicationState.SCORING,), "RAT-DECIDE-STATE")
    day = parse_day(decided_on, "decided_on", default=today())
    reason = clean_text(reason, "reason")
    decision_number = clean_text(decision_number, "decision_number", max_length=100)
    total, missing = current_total(app)
    if missing:
        raise RuleViolation.one("RAT-DECIDE-INCOMPLETE", "scores",
               f"尚有 {len(missing)} 项指标未打分：{'、'.join(i.code for i in missing[:20])}",
               f"{len(missing)} indicators have no score yet: {', '.join(i.code for i in missing[:20])}", status=409)
    last_score = app.scores.order_by("-scored_on").values_list("scored_on", flat=True).first()
    if last_score and day < last_score:
        raise RuleViolation.one("RAT-DECIDE-DATE", "decided_on", f"决定日期 {day} 早于最后打分日期 {last_score}",
               f"the decision date {day} is before the last score of {last_score}", value=day.isoformat())
    by_bands = rules.band_grade(total, bands_of(app.sheet_version))
    chosen = by_bands if grade == GRADE_FROM_BANDS else rules.clean_grade(grade, allow_none=True)
    if chosen != by_bands and not reason:
        raise RuleViolation.one("RAT-DECIDE-REASON", "reason",
               f"按分数线（总分 {total}）应为 {by_bands or '不予评级'}，评估委员会决定为 {chosen or '不予评级'}，须说明理由",
               f"the bands give {by_bands or 'no grade'} for {total} points; the committee's different decision "
               f"({chosen or 'no grade'}) needs a reason")
    days = setting("RATING_PUBLICITY_DAYS", org.authority_id, day)
    starts, ends = rules.publicity_window(day, whole_number(days))
    decision = CommitteeDecision.objects.create(
        application=app, decided_on=day, total_points=total, band_grade=by_bands or "", grade=chosen or "",
        reason=reason, decision_number=decision_number, publicity_from=starts, publicity_until=ends,
        settings_used=[days.explanation], decided_by=_user(actor))
    app.state = ApplicationState.PUBLICITY
    app.save(update_fields=["state"])
    record(actor, "rating.decide", "CommitteeDecision", decision.pk, after={
        "application": app.pk, "total_points": total, "band_grade": by_bands, "grade": chosen, "reason": reason,
        "decided_on": day, "publicity": [starts, ends], "settings": [days.explanation]})
    return decision


@transaction.atomic
def file_objection(actor, app: RatingApplication, *, text: str, on=None) -> RatingObjection:
    """Art. 20: a written objection during the publicity period, by the organization (or an officer for it)."""
    app = _locked(app)
    org = app.organization
    deny_unless_org_or_staff(actor, org)
    text = clean_text(text, "text", required=True)
    day = parse_day(on, "filed_on", default=today())
    decision = getattr(app, "decision", None)
    if decision is None:
        raise RuleViolation.one("RAT-OBJ-STATE", "state", "评估结果尚未作出，不能提出异议", "there is no evaluation result to object to yet",
               status=409)
    if not (decision.publicity_from <= day <= decision.publicity_until):
        late = day > decision.publicity_until
        raise RuleViolation.one("RAT-OBJ-LATE" if late else "RAT-OBJ-EARLY", "filed_on",
               f"异议须在公示期内（{decision.publicity_from} 至 {decision.publicity_until}）提出，{day} "
               f"{'已过公示期' if late else '公示尚未开始'}（第二十条；{decision.settings_used[0] if decision.settings_used else ''}）",
               f"objections must be filed during the publicity period ({decision.publicity_from} to "
               f"{decision.publicity_until}); {day} is {'after it' if late else 'before it'} (Art. 20; "
               f"{decision.settings_used[0] if decision.settings_used else ''})", status=409, value=day.isoformat())
    days = setting("RATING_OBJECTION_REPLY_DAYS", org.authority_id, day)
    objection = RatingObjection.objects.create(application=app, filed_on=day, filed_by=_user(actor), text=text,
                                               reply_due=rules.reply_due(day, whole_number(days)))
    record(actor, "rating.objection", "RatingObjection", objection.pk, after={
        "application": app.pk, "filed_on": day, "reply_due": objection.reply_due, "settings": [days.explanation]})
    return objection


@transaction.atomic
def answer_objection(actor, objection: RatingObjection, *, outcome: str, answer: str, revised_grade=None,
                     votes_for=None, votes_against=None, on=None) -> RatingObjection:
    """Arts. 22–23: the review committee's answer (roll-call majority), due within RATING_OBJECTION_REPLY_DAYS."""
    objection = RatingObjection.objects.select_for_update().select_related("application__organization").get(
        pk=objection.pk)
    org = objection.application.organization
    deny_unless_staff_for(actor, org.authority_id)
    if objection.answered_on is not None:
        raise RuleViolation.one("RAT-OBJ-ANSWERED", None, f"该异议已于 {objection.answered_on} 答复", f"this objection was answered on "
               f"{objection.answered_on}", status=409)
    if outcome not in ObjectionOutcome.values:
        raise RuleViolation.one("RAT-OBJ-OUTCOME", "outcome", "复核结论应为 upheld（异议成立）或 dismissed（维持原结论）",
               "outcome must be upheld or dismissed", value=str(outcome))
    answer = clean_text(answer, "answer", required=True)
    day = parse_day(on, "answered_on", default=today())
    if day < objection.filed_on:
        raise RuleViolation.one("RAT-OBJ-DATE", "answered_on", f"答复日期 {day} 早于异议提出日期 {objection.filed_on}",
               f"the answer date {day} is before the objection's date {objection.filed_on}", value=day.isoformat())
    decided = objection.application.decision.grade or None
    revised = None
    if outcome == ObjectionOutcome.UPHELD:
        revised = rules.clean_grade(revised_grade, field="revised_grade")
        if revised == decided:
            raise RuleViolation.one("RAT-OBJ-REVISED", "revised_grade", f"异议成立时，复核后的等级应不同于原定等级 {decided}",
                   f"an upheld objection must revise the grade (it was {decided})", value=revised)
    elif revised_grade not in (None, ""):
        raise RuleViolation.one("RAT-OBJ-REVISED", "revised_grade", "维持原结论时不能给出新的等级",
               "a dismissed objection cannot revise the grade", value=str(revised_grade))
    votes: list[int | None] = []
    for name, value in (("votes_for", votes_for), ("votes_against", votes_against)):
        if value in (None, ""):
            votes.append(None)
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if number < 0:
            raise RuleViolation.one("RAT-OBJ-VOTES", name, "票数应为非负整数", "votes must be a whole number, zero or more", value=str(value))
        votes.append(number)
    if votes[0] is not None and votes[1] is not None and votes[0] <= votes[1]:
        raise RuleViolation.one("RAT-OBJ-MAJORITY", "votes_for",
               f"复核委员会须以过半数（记名投票）作出复核结论：赞成 {votes[0]} 票、反对 {votes[1]} 票（第二十二条）",
               f"the review committee decides by majority of a roll-call vote: {votes[0]} for, {votes[1]} against "
               f"(Art. 22)")
    before = {"answered_on": None}
    objection.answered_on, objection.outcome, objection.answer = day, outcome, answer
    objection.revised_grade = revised or ""
    objection.votes_for, objection.votes_against = votes
    objection.answered_by = _user(actor)
    objection.save()
    record(actor, "rating.objection.answer", "RatingObjection", objection.pk, before=before, after={
        "answered_on": day, "outcome": outcome, "revised_grade": revised, "votes": votes,
        "late": objection.answered_late, "reply_due": objection.reply_due})
    return objection


def final_grade(app: RatingApplication) -> str | None:
    """The decided grade, as revised by the last upheld objection."""
    upheld = app.objections.filter(outcome=ObjectionOutcome.UPHELD).order_by("-answered_on", "-id").first()
    if upheld is not None:
        return upheld.revised_grade or None
    return app.decision.grade or None


@transaction.atomic
def confer(actor, app: RatingApplication, *, on=None, certificate_number: str = "",
           decision_number: str = "") -> Grade | None:
    """After the publicity period and every objection answered: confer the grade (valid RATING_VALIDITY_YEARS),
    or close the application without a grade when the final result is none."""
    app = _locked(app)
    org = app.organization
    deny_unless_staff_for(actor, org.authority_id)
    _require_state(app, (ApplicationState.PUBLICITY,), "RAT-CONFER-STATE")
    day = parse_day(on, "conferred_on", default=today())
    decision = app.decision
    if day <= decision.publicity_until:
        raise RuleViolation.one("RAT-CONFER-PUBLICITY", "conferred_on",
               f"公示期至 {decision.publicity_until} 结束，{day} 尚不能授予等级",
               f"the publicity period runs until {decision.publicity_until}; the grade cannot be conferred on {day}",
               status=409, value=day.isoformat())
    open_objections = list(app.objections.filter(answered_on__isnull=True).values_list("pk", flat=True))
    if open_objections:
        raise RuleViolation.one("RAT-CONFER-OBJECTIONS", None, f"尚有 {len(open_objections)} 项异议未答复（#{open_objections[0]}）",
               f"{len(open_objections)} objections are not answered yet (#{open_objections[0]})", status=409)
    certificate_number = clean_text(certificate_number, "certificate_number", max_length=100)
    decision_number = clean_text(decision_number, "decision_number", max_length=100)
    grade_value = final_grade(app)
    if grade_value is None:
        app.state = ApplicationState.NOT_GRADED
        app.save(update_fields=["state"])
        record(actor, "rating.close", "RatingApplication", app.pk, before={"state": "publicity"},
               after={"state": app.state, "on": day})
        return None
    years = setting("RATING_VALIDITY_YEARS", org.authority_id, day)
    grade = Grade.objects.create(
        organization=org, application=app, grade=grade_value, conferred_on=day,
        valid_until=rules.valid_until(day, whole_number(years)), certificate_number=certificate_number,
        decision_number=decision_number or decision.decision_number, settings_used=[years.explanation],
        recorded_by=_user(actor))
    app.state = ApplicationState.CONFERRED
    app.save(update_fields=["state"])
    rebuild_spans(org)
    record(actor, "rating.confer", "Grade", grade.pk, after=grade_dict(grade))
    return grade


def grade_dict(grade: Grade) -> dict:
    return {"organization": grade.organization.code, "grade": grade.grade, "conferred_on": grade.conferred_on,
            "valid_until": grade.valid_until, "application": grade.application_id,
            "certificate_number": grade.certificate_number, "settings": grade.settings_used}


@transaction.atomic
def record_grade(actor, org, *, grade, conferred_on, basis: str, certificate_number: str = "",
                 decision_number: str = "") -> Grade:
    """Record a grade conferred before the platform (from the paper files), with where the decision is."""
    deny_unless_staff_for(actor, org.authority_id)
    value = rules.clean_grade(grade)
    day = parse_day(conferred_on, "conferred_on")
    if day < org.founded_on:
        raise RuleViolation.one("RAT-GRADE-DATE", "conferred_on", f"授予日期 {day} 早于成立日期 {org.founded_on}",
               f"the conferral date {day} is before the founding date {org.founded_on}", value=day.isoformat())
    basis = clean_text(basis, "basis", required=True)
    years = setting("RATING_VALIDITY_YEARS", org.authority_id, day)
    fact = Grade.objects.create(
        organization=org, grade=value, conferred_on=day, valid_until=rules.valid_until(day, whole_number(years)),
        certificate_number=clean_text(certificate_number, "certificate_number", max_length=100),
        decision_number=clean_text(decision_number, "decision_number", max_length=100), basis=basis,
        settings_used=[years.explanation], recorded_by=_user(actor))
    rebuild_spans(org)
    record(actor, "rating.grade.record", "Grade", fact.pk, after={**grade_dict(fact), "basis": basis})
    return fact


@transaction.atomic
def lower_or_cancel(actor, grade: Grade, *, kind: str, effective_on, ground: str, reason: str,
                    new_grade=None, decision_number: str = "") -> GradeAction:
    """Art. 30: lower the grade (to a lower one) or cancel it, from ``effective_on``; starts the Art. 31 bar.
    Art. 33: the certificate and plaque are due back within RATING_CERTIFICATE_RETURN_DAYS."""
    grade = Grade.objects.select_for_update().select_related("organization").get(pk=grade.pk)
    org = grade.organization
    deny_unless_staff_for(actor, org.authority_id)
    if kind not in GradeActionKind.values:
        raise RuleViolation.one("RAT-ACTION-KIND", "kind", "处理方式应为 lowered（降低等级）或 cancelled（取消等级）",
               "kind must be lowered or cancelled", value=str(kind))
    if ground not in Art30Ground.values:
        raise RuleViolation.one("RAT-ACTION-GROUND", "ground", "须注明《社会组织评估管理办法》第三十条的情形（1–6）",
               "name the ground of Order 39 Art. 30, (1) to (6)", value=str(ground))
    reason = clean_text(reason, "reason", required=True)
    day = parse_day(effective_on, "effective_on")
    span = GradeSpan.objects.filter(source=grade, valid_from__lte=day, valid_to__gt=day).first()
    if span is None:
        raise RuleViolation.one("RAT-ACTION-NOT-IN-FORCE", "effective_on", f"该等级在 {day} 不在有效期内（或已被取消、被新的等级取代）",
               f"this grade was not in force on {day} (expired, cancelled or replaced)", status=409,
               value=day.isoformat())
    lowered_to = None
    if kind == GradeActionKind.LOWERED:
        lowered_to = str(rules.clean_grade(new_grade, field="new_grade"))
        if rules.RANK[lowered_to] >= rules.RANK[span.grade]:
            raise RuleViolation.one("RAT-ACTION-NOT-LOWER", "new_grade", f"降低后的等级 {lowered_to} 应低于当时的等级 {span.grade}",
                   f"the lowered grade {lowered_to} must be below the grade then held, {span.grade}", value=lowered_to)
    elif new_grade not in (None, ""):
        raise RuleViolation.one("RAT-ACTION-NEW-GRADE", "new_grade", "取消等级时不能给出新的等级", "a cancellation has no new grade",
               value=str(new_grade))
    days = setting("RATING_CERTIFICATE_RETURN_DAYS", org.authority_id, day)
    lowered_years = setting("RATING_BAR_AFTER_LOWERED_YEARS", org.authority_id, day)
    cancelled_years = setting("RATING_BAR_AFTER_CANCELLED_YEARS", org.authority_id, day)
    action = GradeAction.objects.create(
        grade=grade, kind=kind, effective_on=day, new_grade=lowered_to or "", ground=ground, reason=reason,
        decision_number=clean_text(decision_number, "decision_number", max_length=100),
        certificate_return_due=day + timedelta(days=whole_number(days)),
        settings_used=[days.explanation, (cancelled_years if kind == GradeActionKind.CANCELLED else lowered_years)
                       .explanation],
        recorded_by=_user(actor))
    before = [[s.grade, s.valid_from, s.valid_to] for s in GradeSpan.objects.filter(organization=org)]
    spans = rebuild_spans(org)
    record(actor, f"rating.grade.{kind}", "GradeAction", action.pk, before={"spans": before}, after={
        "grade": grade.pk, "kind": kind, "effective_on": day, "new_grade": lowered_to, "ground": ground,
        "reason": reason, "certificate_return_due": action.certificate_return_due,
        "spans": [[s.grade, s.valid_from, s.valid_to] for s in spans], "settings": action.settings_used})
    return action


# --- derived ---------------------------------------------------------------------------------------------

def facts_of(org) -> tuple[list[rules.GradeFact], list[rules.ActionFact]]:
    grades = [rules.GradeFact(g.pk, g.grade, g.conferred_on, g.valid_until)
              for g in Grade.objects.filter(organization=org)]
    actions = [rules.ActionFact(a.pk, a.grade_id, a.kind, a.effective_on, a.new_grade or None)
               for a in GradeAction.objects.filter(grade__organization=org)]
    return grades, actions


def rebuild_spans(org) -> list[GradeSpan]:
    """Re-derive the organization's grade spans from its grades and actions (a cache, never edited)."""
    spans = rules.grade_spans(*facts_of(org))
    GradeSpan.objects.filter(organization=org).delete()
    return GradeSpan.objects.bulk_create([
        GradeSpan(organization=org, source_id=s.grade_id, grade=s.grade, rank=rules.RANK[s.grade],
                  valid_from=s.valid_from, valid_to=s.valid_to, ended_by=s.ended_by) for s in spans])


def grade_on(org, day: date) -> rules.Span | None:
    """The organization's grade on ``day`` (RAT-SPAN), derived from the facts."""
    return rules.span_on(rules.grade_spans(*facts_of(org)), day)


# --- the share of 3A and above (RAT-SHARE) -----------------------------------------------------------------

@dataclass(frozen=True)
class GradeShare:
    division: str
    on: date
    by_grade: dict  # grade -> organizations holding it
    graded_3a_plus: int
    active: int
    share: Decimal | None

    def as_dict(self) -> dict:
        return {"division": self.division, "as_of": self.on.isoformat(), "by_grade": self.by_grade,
                "graded_3a_plus": self.graded_3a_plus, "active": self.active,
                "share_percent": None if self.share is None else str(self.share),
                "rule": "RAT-SHARE",
                "definition_zh": "当日持有有效期内 3A 及以上评估等级的正常状态社会组织数 ÷ 当日该辖区（含下级）登记的正常状态社会组织数",
                "definition_en": "active organizations holding a valid grade of 3A or above on the day / active "
                                 "organizations registered in the jurisdiction (and below) on the day"}


def active_versions_on(division_code: str, day: date):
    """The registration version of each organization active on ``day`` under ``division_code`` (set-based)."""
    return (OrganizationVersion.objects.filter(subtree_q("authority_id", division_code))
            .filter(valid_from__lte=day, status="active").filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)))


def grade_share(division_code: str, day: date) -> GradeShare:
    """Two aggregate queries, whatever the size of the register: organizations active on the day in the subtree,
    and the grade spans in force on the day among them, counted by grade."""
    active = active_versions_on(division_code, day)
    counts = dict(GradeSpan.objects.filter(valid_from__lte=day, valid_to__gt=day,
                                           organization_id__in=active.values("organization_id"))
                  .values_list("grade").annotate(n=Count("organization_id", distinct=True)).values_list("grade", "n"))
    by_grade = {g: counts.get(g, 0) for g in rules.GRADES}
    graded = sum(n for g, n in by_grade.items() if rules.at_least(g, "3A"))
    total = active.values("organization_id").distinct().count()
    return GradeShare(division_code, day, by_grade, graded, total, rules.share_percent(graded, total))
