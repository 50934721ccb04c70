"""The only writer of stats records other than the snapshot cache: KPI targets (recorded, with an audit event)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from accounts.jurisdiction import is_staff_user, may_act_for_division
from audit.services import record
from common.errors import Collector, RuleViolation

from .compute import check_division, indicator_or_error
from .models import Comparison, KpiTarget


def record_target(actor, *, indicator: str, division: str, target_value, deadline: date, basis: str,
                  comparison: str = str(Comparison.AT_LEAST)) -> KpiTarget:
    """Record a KPI target for ``division`` (an officer's own jurisdiction or below)."""
    if not is_staff_user(actor):
        raise RuleViolation.one("STATS-TARGET-STAFF", None, "只有登记管理机关工作人员可以设定目标",
                                "only registration-authority staff set targets", status=403)
    problems = Collector()
    item = None
    try:
        item = indicator_or_error(indicator)
    except RuleViolation as exc:
        problems.extend(exc.problems)
    if item is not None and item.year_kind:
        problems.add("STATS-TARGET-STOCK", "indicator", f"{item.id} 统计的是每年发生的事项，目标只能设定在按日统计的指标上",
                     f"{item.id} counts events per year; targets are set on indicators measured on a date")
    try:
        division = check_division(division)
        if not may_act_for_division(actor, division):
            problems.add("JURISDICTION", "division", f"{division} 不在您的管辖范围内",
                         f"{division} is outside your jurisdiction")
    except RuleViolation as exc:
        problems.extend(exc.problems)
    try:
        value = Decimal(str(target_value))
        if not value.is_finite() or value < 0:
            raise InvalidOperation
        if item is not None and item.kind in ("ratio",) and value > 100:
            problems.add("STATS-TARGET-PERCENT", "target_value", "比例目标不能超过100%", "a share cannot exceed 100%")
    except (InvalidOperation, ValueError):
        value = None
        problems.add("STATS-TARGET-VALUE", "target_value", f"目标值应为非负数：{target_value}",
                     f"the target value must be a non-negative number: {target_value}")
    today = timezone.localdate()
    if deadline is None or deadline <= today:
        problems.add("STATS-TARGET-DEADLINE", "deadline", "期限应晚于今天", "the deadline must be after today")
    if comparison not in Comparison.values:
        problems.add("STATS-TARGET-COMPARISON", "comparison", "比较方式应为“不低于”或“不高于”",
                     "the comparison must be at_least or at_most")
    if not (basis or "").strip():
        problems.add("STATS-TARGET-BASIS", "basis", "请注明设定目标的依据（文件或方案）",
                     "name the plan or document that sets the target")
    problems.raise_if_any()
    assert item is not None  # an unknown indicator is a problem raised above
    with transaction.atomic():
        target = KpiTarget.objects.create(indicator=item.id, division_id=division, comparison=comparison,
                                          target_value=value, deadline=deadline, basis=basis.strip(),
                                          recorded_by=actor, recorded_on=today)
        record(actor, "stats.target.record", "stats.KpiTarget", target.pk,
               after={"indicator": item.id, "division": division, "comparison": comparison,
                      "target_value": str(value), "deadline": deadline.isoformat()}, reason=basis.strip())
    return target
