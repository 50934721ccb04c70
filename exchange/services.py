"""The only writers of exchange: validate, check jurisdiction (accounts.jurisdiction), write in one transaction,
record the audit event (audit.services.record); refuse with common.errors.RuleViolation (nothing written).

Rule ids: EX-INPUT (a missing or malformed value), EX-DATES (dates in the wrong order), EX-ORG-ACTIVE (only a
registered, active organization publishes a resource), EX-JURISDICTION (outside the user's jurisdiction),
EX-STAGE (outcomes contacted -> agreed -> delivered), GPS-* for the purchase chain (GPS-ELIG-* in
exchange.eligibility), GPS-PAY-MILESTONE (a payment names a milestone of the contract), GPS-PAY-CONTRACT (payments
never exceed the contract amount), GPS-PAY-MILESTONE-AMOUNT (nor the milestone's amount), GPS-MILESTONES (the
milestones' amounts never exceed the contract), GPS-AWARD-BUDGET / GPS-CONTRACT-AMOUNT (within budget / award).
"""

import heapq
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum

from accounts.jurisdiction import is_staff_user, may_act_for_division
from audit.services import record
from common.clock import today
from common.errors import Collector, Refusal, RuleViolation
from divisions.models import Division
from divisions.policy import setting

from . import eligibility, rules
from .models import (
    Award,
    Call,
    Contract,
    Delivery,
    Demand,
    Designation,
    Evaluation,
    ExcellentCategory,
    Field,
    Funding,
    Kind,
    Match,
    MatchOutcome,
    Milestone,
    Payment,
    PublisherKind,
    PurchasePlan,
    Resource,
    Result,
    Stage,
)

MONEY_MAX = Decimal("100000000000000")


# --- reading input ---------------------------------------------------------------------------------------------

class Reader:
    """Reads raw input (form or JSON) into values, collecting every problem with its field."""

    def __init__(self, data: Any):
        self.data = data or {}
        self.errors = Collector()

    def raw(self, name: str) -> str:
        value = self.data.get(name)
        return "" if value is None else str(value).strip()

    def missing(self, name: str, zh: str, en: str) -> None:
        self.errors.add("EX-INPUT", name, f"请填写{zh}", f"{en} is required")

    def text(self, name: str, zh: str, en: str, *, required: bool = True, max_length: int = 200) -> str:
        value = self.raw(name)
        if required and not value:
            self.missing(name, zh, en)
        elif len(value) > max_length:
            self.errors.add("EX-INPUT", name, f"{zh}不得超过 {max_length} 个字", f"{en} is longer than {max_length}")
        return value

    def choice(self, name: str, choices: Any, zh: str, en: str) -> str:
        value = self.raw(name)
        if not value:
            self.missing(name, zh, en)
        elif value not in choices.values:
            self.errors.add("EX-INPUT", name, f"{zh}“{value}”不在可选范围内", f"{en} {value!r} is not one of the choices")
        return value

    def money(self, name: str, zh: str, en: str, *, positive: bool = True) -> Decimal | None:
        value = self.raw(name).replace(",", "")
        if not value:
            self.missing(name, zh, en)
            return None
        try:
            amount = Decimal(value)
        except InvalidOperation:
            self.errors.add("EX-INPUT", name, f"{zh}应为数字（元）", f"{en} must be a number (yuan)")
            return None
        too_small = amount <= 0 if positive else amount < 0
        if not amount.is_finite() or too_small or amount >= MONEY_MAX:
            self.errors.add("EX-INPUT", name, f"{zh}应大于零" if positive else f"{zh}不得为负数",
                            f"{en} must be more than zero" if positive else f"{en} must not be negative")
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.errors.add("EX-INPUT", name, f"{zh}最多保留两位小数", f"{en} has more than two decimal places")
            return None
        return amount

    def integer(self, name: str, zh: str, en: str, *, required: bool = True, low: int = 0, high: int = 10 ** 9):
        value = self.raw(name)
        if not value:
            if required:
                self.missing(name, zh, en)
            return None
        try:
            number = int(value)
        except ValueError:
            self.errors.add("EX-INPUT", name, f"{zh}应为整数", f"{en} must be a whole number")
            return None
        if not low <= number <= high:
            self.errors.add("EX-INPUT", name, f"{zh}应在 {low} 至 {high} 之间", f"{en} must be from {low} to {high}")
            return None
        return number

    def day(self, name: str, zh: str, en: str, *, default: date | None = None) -> date | None:
        value = self.raw(name)
        if not value:
            if default is not None:
                return default
            self.missing(name, zh, en)
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.errors.add("EX-INPUT", name, f"{zh}应为日期（年-月-日）", f"{en} must be a date (YYYY-MM-DD)")
            return None

    def division(self, name: str, zh: str, en: str) -> str:
        value = self.raw(name)
        if not value:
            self.missing(name, zh, en)
        elif not Division.objects.filter(code=value).exists():
            self.errors.add("EX-INPUT", name, f"未知的行政区划代码“{value}”", f"unknown division code {value!r}")
        return value

    def order(self, first: str, second: str, a: date | None, b: date | None, zh: str, en: str) -> None:
        """EX-DATES: ``a`` (field ``first``) on or before ``b`` (field ``second``)."""
        if a is not None and b is not None and b < a:
            self.errors.add("EX-DATES", second, f"{zh}：{b} 早于 {a}", f"{en}: {b} is before {a}")

    def done(self) -> None:
        self.errors.raise_if_any()


def _refuse(code: str, field: str | None, zh: str, en: str, status: int = 400):
    raise RuleViolation([Refusal(code, field, zh, en)], status=status)


def _actor(user) -> str:
    return getattr(user, "username", "system")


def _staff_for(user, division_code: str, field: str = "area") -> None:
    """Only officers (and administrators) of the division act for a community or government there."""
    if not is_staff_user(user):
        raise PermissionDenied
    if not may_act_for_division(user, division_code):
        _refuse("EX-JURISDICTION", field, f"行政区划 {division_code} 不在您的管辖范围内",
                f"division {division_code} is outside your jurisdiction", 403)


def _acts_for_org(user, org) -> None:
    """The organization's own users, or officers over it."""
    if user.is_org_user and user.organization_id_bound == org.pk:
        return
    if is_staff_user(user) and may_act_for_division(user, org.authority_id):
        return
    raise PermissionDenied


# --- resources, demands, matches ---------------------------------------------------------------------------------

def _next_public_id(model, prefix: str) -> str:
    last = model.objects.filter(public_id__startswith=prefix).aggregate(n=Max("public_id"))["n"]
    number = int(last[len(prefix):]) + 1 if last else 1
    return f"{prefix}{number:07d}"


def _listing(data: Any, *, start: str, end: str, amount_zh: str) -> tuple[Reader, dict]:
    reader = Reader(data)
    first, last = reader.day(start, "开始日期", "start date"), reader.day(end, "结束日期", "end date")
    values: dict[str, Any] = {
        "kind": reader.choice("kind", Kind, "资源类型", "kind"),
        "field": reader.choice("field", Field, "领域", "field"),
        "title": reader.text("title", "标题", "title"),
        "description": reader.text("description", "说明", "description", required=False, max_length=4000),
        "area_id": reader.division("area", "地区", "area"),
        "amount": reader.money("amount", amount_zh, "size"),
        start: first,
        end: last,
    }
    reader.order(start, end, first, last, "结束日期不得早于开始日期", "the end date is before the start")
    return reader, values


def publish_resource(user, org, data: Any) -> Resource:
    """An organization publishes what it offers (资源清单)."""
    _acts_for_org(user, org)
    reader, values = _listing(data, start="available_from", end="available_to", amount_zh="规模")
    on = today()
    inactive = eligibility.active(org, on)
    if inactive is not None:
        reader.errors.extend([Refusal("EX-ORG-ACTIVE", "organization", inactive.zh.replace("承接政府购买服务", "发布资源"),
                                      inactive.en.replace("be awarded a purchased service", "publish resources"))])
    reader.done()
    with transaction.atomic():
        resource = Resource.objects.create(public_id=_next_public_id(Resource, "R"), organization=org,
                                           published_on=on, **values)
        record(user, "exchange.resource_published", "exchange.Resource", resource.pk,
               after={"public_id": resource.public_id, "organization": org.pk, **values})
    return resource


def publish_demand(user, data: Any) -> Demand:
    """A community, a government department (through its officer) or an organization publishes a need."""
    reader, values = _listing(data, start="needed_from", end="needed_to", amount_zh="需求规模")
    values["publisher_kind"] = reader.choice("publisher_kind", PublisherKind, "发布方类型", "kind of publisher")
    values["publisher_name"] = reader.text("publisher_name", "发布方", "publisher")
    reader.done()
    _staff_for(user, values["area_id"])
    with transaction.atomic():
        demand = Demand.objects.create(public_id=_next_public_id(Demand, "D"), published_on=today(), **values)
        record(user, "exchange.demand_published", "exchange.Demand", demand.pk,
               after={"public_id": demand.public_id, **values})
    return demand


def side(row) -> rules.Side:
    if isinstance(row, Demand):
        return rules.Side(row.kind, row.field, row.area_id, row.amount, row.needed_from, row.needed_to)
    return rules.Side(row.kind, row.field, row.area_id, row.amount, row.available_from, row.available_to)


def candidates(demand: Demand, on: date | None = None):
    """SQL candidates of a demand: resources of its field, in its province or in a division above its area
    (which contains it), not withdrawn, still available after the demand starts."""
    low, high = rules.province_range(demand.area_id)
    on = on or today()
    return (Resource.objects.filter(field=demand.field, available_to__gte=demand.needed_from)
            .filter(Q(area_id__gte=low, area_id__lt=high) | Q(area_id__in=rules.ancestors(demand.area_id)))
            .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)))


@dataclass
class Ranked:
    resource: Resource
    parts: list[rules.Part]
    score: Decimal


def division_names(codes) -> dict[str, tuple[str, str]]:
    wanted = {up for code in codes for up in rules.ancestors(code)}
    names = {code: (name, name) for code, name in Division.objects.filter(code__in=wanted).values_list("code", "name")}
    names.setdefault(rules.NATIONAL, ("全国", "the whole country"))
    return names


def known_divisions() -> frozenset[str]:
    """The codes of the division table (levels it lacks are skipped in distances)."""
    return frozenset(Division.objects.values_list("code", flat=True))


def _rank(want: tuple, rows: list[tuple], known, limit: int) -> list[tuple[float, int]]:
    """The best ``limit`` (score, resource id) of ``rows`` for the demand ``want`` (plain tuples: kind, area,
    amount, start, end ordinals), best first, ties to the older resource (smaller id)."""
    kind, area, amount, start, end = want
    steps: dict[str, int] = {}
    scored = []
    for pk, r_kind, r_area, r_amount, r_start, r_end in rows:
        if r_area not in steps:
            steps[r_area] = rules.distance(area, r_area, known)[0]
        scored.append((-rules.fast_score(kind == r_kind, steps[r_area], amount, r_amount, start, end, r_start, r_end),
                       pk))
    return [(-s, pk) for s, pk in heapq.nsmallest(limit, scored)]


RESOURCE_TUPLE = ("pk", "kind", "area_id", "amount", "available_from", "available_to")


def _resource_tuples(qs) -> list[tuple]:
    return [(pk, kind, area, float(amount), a.toordinal(), b.toordinal())
            for pk, kind, area, amount, a, b in qs.values_list(*RESOURCE_TUPLE)]


def _demand_tuple(d) -> tuple:
    return (d.kind, d.area_id, float(d.amount), d.needed_from.toordinal(), d.needed_to.toordinal())


def ranked_matches(demand: Demand, limit: int = 10, known=None) -> list[Ranked]:
    """The best ``limit`` resources for ``demand``, best first, each with the parts of its score in words."""
    known = known_divisions() if known is None else known
    best = _rank(_demand_tuple(demand), _resource_tuples(candidates(demand)), known, limit)
    resources = Resource.objects.select_related("organization").in_bulk([pk for _s, pk in best])
    names = division_names([demand.area_id, *(r.area_id for r in resources.values())])
    want = side(demand)
    ranked = []
    for _score, pk in best:
        parts = rules.score(want, side(resources[pk]), names)
        ranked.append(Ranked(resources[pk], parts, rules.total(parts)))
    return ranked


def match_all(limit: int = 10, on: date | None = None) -> dict[int, list[tuple[float, int]]]:
    """The best ``limit`` resources of every open demand, set-based: one query for the open demands, then per
    (field, province) one query for the candidates (the demand's province, and the divisions above it), scored
    in memory against each demand of that group. Returns demand id -> [(score, resource id)], best first."""
    on = on or today()
    known = known_divisions()
    groups: dict[tuple[str, str], list] = {}
    for row in Demand.objects.filter(closed_on__isnull=True).values_list(
            "pk", "field", "kind", "area_id", "amount", "needed_from", "needed_to"):
        groups.setdefault((row[1], row[3][:2]), []).append(row)
    out: dict[int, list[tuple[float, int]]] = {}
    open_resources = Resource.objects.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    for (field, province), rows in groups.items():
        low, high = rules.province_range(province + "0000")
        above = {up for row in rows for up in rules.ancestors(row[3])}
        pool = _resource_tuples(open_resources.filter(field=field).filter(
            Q(area_id__gte=low, area_id__lt=high) | Q(area_id__in=above)))
        for pk, _field, kind, area, amount, start, end in rows:
            first = start.toordinal()
            fits = [r for r in pool if r[5] >= first]
            out[pk] = _rank((kind, area, float(amount), first, end.toordinal()), fits, known, limit)
    return out


def record_outcome(user, demand: Demand, data: Any) -> MatchOutcome:
    """EX-STAGE: a match of ``demand`` and a resource (``data["resource"]``, its number) moves contacted -> agreed
    -> delivered, on dates that never go back; the first outcome takes the match up with its score as it stood."""
    reader = Reader(data)
    number = reader.text("resource", "资源编号", "resource number")
    resource = Resource.objects.select_related("organization").filter(public_id=number).first() if number else None
    if number and resource is None:
        reader.errors.add("EX-INPUT", "resource", f"没有编号为“{number}”的资源", f"no resource numbered {number!r}")
    stage = reader.choice("stage", Stage, "对接结果", "outcome")
    on = reader.day("occurred_on", "日期", "date", default=today())
    note = reader.text("note", "备注", "note", required=False, max_length=300)
    reader.done()
    assert resource is not None
    if not (is_staff_user(user) and (may_act_for_division(user, demand.area_id)
                                     or may_act_for_division(user, resource.organization.authority_id))):
        if not (user.is_org_user and user.organization_id_bound == resource.organization_id):
            raise PermissionDenied
    if resource.field != demand.field:
        _refuse("EX-STAGE", "resource", "资源与需求的领域不同，不能对接", "the resource and the demand are of different fields")
    match = Match.objects.filter(demand=demand, resource=resource).first()
    done = list(match.outcomes.order_by("occurred_on", "id").values_list("stage", "occurred_on")) if match else []
    expected = rules.next_stage([s for s, _ in done])
    labels = dict(Stage.choices)
    if stage != expected:
        zh_next = "无（已交付）" if expected is None else str(labels[expected])
        _refuse("EX-STAGE", "stage", f"对接结果须依次记录（已联系、已达成、已交付），下一步应为：{zh_next}",
                f"outcomes are recorded in order (contacted, agreed, delivered); next is {expected or 'none'}")
    if on is not None and on > today():
        _refuse("EX-DATES", "occurred_on", f"日期 {on} 晚于今天", f"the date {on} is after today")
    last = done[-1][1] if done else demand.published_on
    if on is not None and on < last:
        _refuse("EX-DATES", "occurred_on", f"日期 {on} 早于上一步（{last}）", f"the date {on} is before the previous step ({last})")
    with transaction.atomic():
        if match is None:
            parts = rules.score(side(demand), side(resource), division_names([demand.area_id, resource.area_id]))
            match = Match.objects.create(demand=demand, resource=resource, score=rules.total(parts),
                                         parts=[p.as_dict() for p in parts], created_on=on)
        outcome = MatchOutcome.objects.create(match=match, stage=stage, occurred_on=on, note=note,
                                              recorded_by=_actor(user))
        record(user, "exchange.match_outcome", "exchange.Match", match.pk,
               after={"demand": demand.public_id, "resource": resource.public_id, "stage": stage, "on": on,
                      "note": note})
    return outcome


# --- government purchase of services ---------------------------------------------------------------------------

def _plan_for(user, plan: PurchasePlan) -> None:
    _staff_for(user, plan.purchaser_division_id, "purchaser_division")


def create_plan(user, data: Any) -> PurchasePlan:
    reader = Reader(data)
    values = {
        "purchaser_name": reader.text("purchaser_name", "购买方", "purchaser"),
        "purchaser_division_id": reader.division("purchaser_division", "购买方所在行政区划", "purchaser's division"),
        "funding": reader.choice("funding", Funding, "资金来源", "funding"),
        "title": reader.text("title", "项目名称", "title"),
        "field": reader.choice("field", Field, "领域", "field"),
        "budget": reader.money("budget", "预算", "budget"),
        "year": reader.integer("year", "预算年度", "budget year", low=2000, high=2100),
        "required_grade": reader.integer("required_grade", "要求的评估等级", "evaluation grade required",
                                         required=False, low=1, high=5),
        "planned_on": reader.day("planned_on", "计划日期", "planning date", default=today()),
    }
    reader.done()
    _staff_for(user, values["purchaser_division_id"], "purchaser_division")
    prefix = str(setting("EXCHANGE_OCID_PREFIX", values["purchaser_division_id"]).value)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                sequence = (PurchasePlan.objects.aggregate(n=Max("sequence"))["n"] or 0) + 1
                plan = PurchasePlan.objects.create(ocid=rules.ocid(prefix, sequence), sequence=sequence,
                                                   recorded_by=_actor(user), **values)
                record(user, "exchange.plan_created", "exchange.PurchasePlan", plan.pk,
                       after={"ocid": plan.ocid, **values})
            return plan
        except IntegrityError:  # two plans took the same number at once: take the next
            continue
    raise RuntimeError("could not number the plan")


def open_call(user, plan: PurchasePlan, data: Any) -> Call:
    _plan_for(user, plan)
    reader = Reader(data)
    opens = reader.day("opens_on", "征集开始日期", "opening date")
    closes = reader.day("closes_on", "征集截止日期", "closing date")
    description = reader.text("description", "征集内容", "what is asked for", required=False, max_length=4000)
    reader.order("opens_on", "closes_on", opens, closes, "截止日期不得早于开始日期", "the closing date is before the opening")
    reader.order("planned_on", "opens_on", plan.planned_on, opens, "征集开始日期不得早于计划日期",
                 "the call opens before the plan")
    if Call.objects.filter(plan=plan).exists():
        reader.errors.add("GPS-CALL-ONE", None, "该计划已发布征集", "this plan already has its call")
    reader.done()
    with transaction.atomic():
        call = Call.objects.create(plan=plan, public_id=rules.child_id(plan.ocid, "tender"), opens_on=opens,
                                   closes_on=closes, description=description)
        record(user, "exchange.call_opened", "exchange.Call", call.pk,
               after={"ocid": plan.ocid, "opens_on": opens, "closes_on": closes})
    return call


def award(user, call: Call, data: Any) -> Award:
    """GPS-ELIG-*: only an eligible organization (``data["organization"]``, its USCC or filing number) is awarded
    (every refusal named); GPS-AWARD-BUDGET."""
    from registry.models import Organization

    plan = call.plan
    _plan_for(user, plan)
    reader = Reader(data)
    code = reader.text("organization", "承接组织的统一社会信用代码", "the organization's USCC")
    org = Organization.objects.by_code(code).first() if code else None
    if code and org is None:
        reader.errors.add("EX-INPUT", "organization", f"没有代码为“{code}”的社会组织", f"no organization with code {code!r}")
    amount = reader.money("amount", "中标金额", "amount awarded")
    on = reader.day("awarded_on", "确定承接日期", "award date", default=today())
    reader.order("closes_on", "awarded_on", call.closes_on, on, "确定承接日期不得早于征集截止日期",
                 "the award is dated before the call closed")
    if on is not None and on > today():
        reader.errors.add("EX-DATES", "awarded_on", f"日期 {on} 晚于今天", f"the date {on} is after today")
    if amount is not None and amount > plan.budget:
        reader.errors.add("GPS-AWARD-BUDGET", "amount", f"中标金额 {amount} 超过预算 {plan.budget}",
                          f"the amount {amount} exceeds the budget {plan.budget}")
    if Award.objects.filter(call=call).exists():
        reader.errors.add("GPS-AWARD-ONE", None, "该征集已确定承接方", "this call has already been awarded")
    if on is not None and org is not None:
        reader.errors.extend(eligibility.refusals(org, on, plan.required_grade))
    reader.done()
    assert org is not None and amount is not None
    with transaction.atomic():
        made = Award.objects.create(call=call, public_id=rules.child_id(plan.ocid, "award"), organization=org,
                                    amount=amount, awarded_on=on, checks=list(eligibility.CHECKS))
        record(user, "exchange.awarded", "exchange.Award", made.pk,
               after={"ocid": plan.ocid, "organization": org.pk, "amount": amount, "awarded_on": on})
    return made


def sign_contract(user, award_: Award, data: Any) -> Contract:
    plan = award_.call.plan
    _plan_for(user, plan)
    reader = Reader(data)
    amount = reader.money("amount", "合同金额", "contract amount")
    signed = reader.day("signed_on", "签订日期", "signing date", default=today())
    starts = reader.day("starts_on", "服务开始日期", "service start")
    ends = reader.day("ends_on", "服务结束日期", "service end")
    target = reader.integer("person_times_target", "计划服务人次", "person-times to serve", required=False) or 0
    reader.order("awarded_on", "signed_on", award_.awarded_on, signed, "签订日期不得早于确定承接日期",
                 "the contract is signed before the award")
    reader.order("starts_on", "ends_on", starts, ends, "服务结束日期不得早于开始日期", "the service ends before it starts")
    if amount is not None and amount > award_.amount:
        reader.errors.add("GPS-CONTRACT-AMOUNT", "amount", f"合同金额 {amount} 超过中标金额 {award_.amount}",
                          f"the contract amount {amount} exceeds the award {award_.amount}")
    if Contract.objects.filter(award=award_).exists():
        reader.errors.add("GPS-CONTRACT-ONE", None, "该项目已签订合同", "this award already has its contract")
    reader.done()
    with transaction.atomic():
        contract = Contract.objects.create(award=award_, public_id=rules.child_id(plan.ocid, "contract"),
                                           amount=amount, signed_on=signed, starts_on=starts, ends_on=ends,
                                           person_times_target=target)
        record(user, "exchange.contract_signed", "exchange.Contract", contract.pk,
               after={"ocid": plan.ocid, "amount": amount, "signed_on": signed, "starts_on": starts, "ends_on": ends})
    return contract


def _contract_for(user, contract: Contract) -> None:
    _plan_for(user, contract.award.call.plan)


def add_milestone(user, contract: Contract, data: Any) -> Milestone:
    """GPS-MILESTONES: the milestones' amounts together never exceed the contract."""
    _contract_for(user, contract)
    reader = Reader(data)
    title = reader.text("title", "节点名称", "milestone")
    due = reader.day("due_on", "节点日期", "due date")
    amount = reader.money("amount", "节点应付金额", "amount payable")
    reader.order("starts_on", "due_on", contract.starts_on, due, "节点日期不得早于服务开始日期",
                 "the milestone is due before the service starts")
    planned = contract.milestones.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if amount is not None and planned + amount > contract.amount:
        reader.errors.add("GPS-MILESTONES", "amount",
                          f"各节点金额合计 {planned + amount} 将超过合同金额 {contract.amount}",
                          f"the milestones would total {planned + amount}, more than the contract's {contract.amount}")
    reader.done()
    with transaction.atomic():
        number = (contract.milestones.aggregate(n=Max("number"))["n"] or 0) + 1
        milestone = Milestone.objects.create(contract=contract, number=number, title=title, due_on=due,
                                             amount=amount,
                                             public_id=rules.child_id(contract.public_id, "milestone", number))
        record(user, "exchange.milestone_added", "exchange.Milestone", milestone.pk,
               after={"contract": contract.public_id, "number": number, "amount": amount, "due_on": due})
    return milestone


def _milestone_of(reader: Reader, contract: Contract) -> Milestone | None:
    raw = reader.raw("milestone")
    if not raw:
        reader.errors.add("GPS-PAY-MILESTONE", "milestone", "付款须对应合同的一个履约节点",
                          "a payment must name a milestone of the contract")
        return None
    milestone = contract.milestones.filter(public_id=raw).first() or (
        contract.milestones.filter(pk=int(raw)).first() if raw.isdigit() else None)
    if milestone is None:
        reader.errors.add("GPS-PAY-MILESTONE", "milestone", f"“{raw}”不是本合同的履约节点",
                          f"{raw!r} is not a milestone of this contract")
    return milestone


def pay(user, contract: Contract, data: Any) -> Payment:
    """GPS-PAY-MILESTONE, GPS-PAY-CONTRACT, GPS-PAY-MILESTONE-AMOUNT: a payment names a milestone of the contract
    and never takes the payments beyond the milestone's amount or the contract's."""
    _contract_for(user, contract)
    reader = Reader(data)
    milestone = _milestone_of(reader, contract)
    amount = reader.money("amount", "付款金额", "amount paid")
    paid_on = reader.day("paid_on", "付款日期", "payment date", default=today())
    reader.order("signed_on", "paid_on", contract.signed_on, paid_on, "付款日期不得早于合同签订日期",
                 "the payment is dated before the contract was signed")
    if paid_on is not None and paid_on > today():
        reader.errors.add("EX-DATES", "paid_on", f"日期 {paid_on} 晚于今天", f"the date {paid_on} is after today")
    if amount is not None:
        paid = Payment.objects.filter(milestone__contract=contract).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        left, _ = rules.payment_room(contract.amount, paid, Decimal(0), Decimal(0))
        if amount > left:
            reader.errors.add("GPS-PAY-CONTRACT", "amount",
                              f"付款 {amount} 元将使累计付款超过合同金额 {contract.amount} 元（已付 {paid} 元，尚可付 {left} 元）",
                              f"paying {amount} would take the payments beyond the contract amount {contract.amount} "
                              f"(paid {paid}, {left} left)")
        elif milestone is not None:
            done = milestone.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
            room = milestone.amount - done
            if amount > room:
                reader.errors.add("GPS-PAY-MILESTONE-AMOUNT", "amount",
                                  f"付款 {amount} 元超过节点“{milestone.title}”尚可付的 {room} 元",
                                  f"paying {amount} exceeds the {room} left on the milestone {milestone.title!r}")
    reader.done()
    assert milestone is not None and amount is not None and paid_on is not None
    with transaction.atomic():
        number = Payment.objects.filter(milestone__contract=contract).count() + 1
        payment = Payment.objects.create(milestone=milestone, amount=amount, paid_on=paid_on,
                                         public_id=rules.child_id(contract.public_id, "payment", number),
                                         recorded_by=_actor(user))
        record(user, "exchange.paid", "exchange.Payment", payment.pk,
               after={"contract": contract.public_id, "milestone": milestone.public_id, "amount": amount,
                      "paid_on": paid_on})
    return payment


def deliver(user, contract: Contract, data: Any) -> Delivery:
    """Person-times served for a milestone (服务人次)."""
    _contract_for(user, contract)
    reader = Reader(data)
    milestone = _milestone_of(reader, contract)
    person_times = reader.integer("person_times", "服务人次", "person-times served", low=1)
    on = reader.day("delivered_on", "服务日期", "date", default=today())
    reader.order("starts_on", "delivered_on", contract.starts_on, on, "服务日期不得早于服务开始日期",
                 "the service is dated before the contract's service start")
    reader.done()
    with transaction.atomic():
        delivery = Delivery.objects.create(milestone=milestone, delivered_on=on, person_times=person_times,
                                           recorded_by=_actor(user))
        record(user, "exchange.delivered", "exchange.Delivery", delivery.pk,
               after={"contract": contract.public_id, "person_times": person_times, "on": on})
    return delivery


def evaluate(user, contract: Contract, data: Any) -> Evaluation:
    _contract_for(user, contract)
    reader = Reader(data)
    on = reader.day("evaluated_on", "评估日期", "evaluation date", default=today())
    score = reader.money("score", "评估得分", "score", positive=False)
    result = reader.choice("result", Result, "评估结果", "result")
    evaluator = reader.text("evaluator", "评估机构", "evaluator")
    reader.order("starts_on", "evaluated_on", contract.starts_on, on, "评估日期不得早于服务开始日期",
                 "the evaluation is dated before the service started")
    if score is not None and score > 100:
        reader.errors.add("EX-INPUT", "score", "评估得分应在 0 至 100 之间", "the score must be from 0 to 100")
    reader.done()
    with transaction.atomic():
        evaluation = Evaluation.objects.create(contract=contract, evaluated_on=on, score=score, result=result,
                                               evaluator=evaluator, recorded_by=_actor(user))
        record(user, "exchange.evaluated", "exchange.Evaluation", evaluation.pk,
               after={"contract": contract.public_id, "score": score, "result": result, "on": on})
    return evaluation


def designate(user, contract: Contract, data: Any) -> Designation:
    """GPS-EXCELLENT: an excellent-project designation follows an evaluation of the contract that was not
    unqualified."""
    _contract_for(user, contract)
    reader = Reader(data)
    category = reader.choice("category", ExcellentCategory, "优秀项目类别", "category")
    on = reader.day("designated_on", "认定日期", "designation date", default=today())
    batch = reader.text("batch", "批次", "batch")
    latest = contract.evaluations.order_by("-evaluated_on", "-id").first()
    if latest is None or latest.result == Result.UNQUALIFIED:
        reader.errors.add("GPS-EXCELLENT", None, "优秀项目须以合格以上的绩效评估为前提",
                          "an excellent project needs an evaluation that was not unqualified")
    elif on is not None:
        reader.order("evaluated_on", "designated_on", latest.evaluated_on, on, "认定日期不得早于评估日期",
                     "the designation is dated before the evaluation")
    if category and contract.designations.filter(category=category).exists():
        reader.errors.add("GPS-EXCELLENT", "category", "该项目已在此类别中认定为优秀项目",
                          "the project is already designated in this category")
    reader.done()
    with transaction.atomic():
        designation = Designation.objects.create(contract=contract, category=category, designated_on=on,
                                                 batch=batch, recorded_by=_actor(user))
        record(user, "exchange.designated", "exchange.Designation", designation.pk,
               after={"contract": contract.public_id, "category": category, "batch": batch, "on": on})
    return designation
