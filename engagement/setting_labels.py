"""What the engagement settings (engagement.rules.DEFAULTS) are, in words (divisions.settings_info)."""

from divisions.settings_info import GROUPS, describe
from divisions.settings_info import SettingInfo as S

GROUPS.setdefault("engagement", ("社会组织参与", "Social participation"))

describe({
    "ENGAGEMENT_REPORT_DUE_DAYS": S("结对帮扶季度调度、半年小结、年终总结在期末后报送的日数",
                                    "Days after a quarter, half-year or year a pairing report is due", "days",
                                    basis_zh="各地结对帮扶工作安排（陕西合力团：定期会商、季度调度、半年小结、年终总结）；"
                                             "未规定天数，0 即期末当日", basis_en="local pairing work plans (Shaanxi "
                                             "groups: meetings, quarterly schedules, half-year and year-end "
                                             "summaries); no number is set, 0 is the last day of the period",
                                    group="engagement", unconfirmed=True),
    "ENGAGEMENT_REMINDER_DAYS": S("报送期限提前提醒的日数", "Days ahead a reporting deadline is reminded", "days",
                                  basis_zh="页面设定，不是法定条件", basis_en="a page setting, not a legal condition",
                                  group="engagement"),
})
