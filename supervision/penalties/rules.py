from datetime import date
from decimal import Decimal

from common.errors import Refusal

FINE, CONFISCATION, SUSPENSION = "fine", "confiscation", "suspension"
REVOCATION, CERTIFICATE_CANCELLATION = "revocation", "certificate_cancellation"
CIVIL_AFFAIRS = "civil_affairs"


# --- penalties ------------------------------------------------------------------------------------------

def check_penalty(*, kind: str, amount: Decimal | None, suspended_from: date | None, suspended_to: date | None,
                  decided_on: date, department_kind: str, founded_on: date, today: date) -> list[Refusal]:
    """PENALTY-*: a penalty is decided by now, after founding, and carries what its kind needs."""
    refusals = []
    if decided_on > today:
        refusals.append(Refusal("PENALTY-DATE-FUTURE", "decided_on", f"处罚决定日期 {decided_on} 晚于今天",
                                f"decision date {decided_on} is in the future", value=str(decided_on)))
    elif decided_on < founded_on:
        refusals.append(Refusal("PENALTY-DATE-BEFORE-FOUNDING", "decided_on",
                                f"处罚决定日期 {decided_on} 早于成立日期 {founded_on}",
                                f"decision date {decided_on} is before the founding date {founded_on}",
                                value=str(decided_on)))
    if kind in (FINE, CONFISCATION):
        if amount is None:
            refusals.append(Refusal("PENALTY-AMOUNT-REQUIRED", "amount", "罚款和没收违法所得须填写金额",
                                    "a fine or confiscation needs its amount"))
        elif amount <= 0:
            refusals.append(Refusal("PENALTY-AMOUNT-POSITIVE", "amount", "金额应大于 0", "the amount must be above 0",
                                    value=str(amount)))
    elif amount is not None:
        refusals.append(Refusal("PENALTY-AMOUNT-NOT-ALLOWED", "amount", "只有罚款和没收违法所得填写金额",
                                "only a fine or a confiscation has an amount", value=str(amount)))
    if kind == SUSPENSION:
        if suspended_from is None or suspended_to is None:
            refusals.append(Refusal("PENALTY-PERIOD-REQUIRED", "suspended_from" if suspended_from is None
                                    else "suspended_to", "限期停止活动须填写起止日期",
                                    "a suspension of activities needs its first and last day"))
        elif suspended_to < suspended_from:
            refusals.append(Refusal("PENALTY-PERIOD-ORDER", "suspended_to",
                                    f"停止活动截止日期 {suspended_to} 早于起始日期 {suspended_from}",
                                    f"the suspension ends ({suspended_to}) before it starts ({suspended_from})",
                                    value=str(suspended_to)))
        elif suspended_from < decided_on:
            refusals.append(Refusal("PENALTY-PERIOD-BEFORE-DECISION", "suspended_from",
                                    f"停止活动起始日期 {suspended_from} 早于处罚决定日期 {decided_on}",
                                    f"the suspension starts ({suspended_from}) before the decision ({decided_on})",
                                    value=str(suspended_from)))
    elif suspended_from or suspended_to:
        refusals.append(Refusal("PENALTY-PERIOD-NOT-ALLOWED", "suspended_from", "只有限期停止活动填写起止日期",
                                "only a suspension of activities has a period"))
    if kind in (REVOCATION, CERTIFICATE_CANCELLATION) and department_kind != CIVIL_AFFAIRS:
        refusals.append(Refusal("PENALTY-REGISTRATION-BY-AUTHORITY", "department_kind",
                                "撤销登记和吊销登记证书只能由登记管理机关（民政部门）决定",
                                "only the registration authority (civil affairs) revokes a registration or cancels "
                                "its certificate", value=department_kind))
    return refusals
