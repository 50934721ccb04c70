"""What the register's deployment settings (settings.SOCORG) are, in words (divisions.settings_info)."""

from divisions.settings_info import SettingInfo, describe, words

from .models import Level, OrgType

words({t.value: t.label for t in OrgType} | {lv.value: lv.label for lv in Level})

describe({
    "FOUNDATION_REGISTRATION_LEVELS": SettingInfo(
        "可登记基金会的登记管理机关层级", "Levels of authority that register foundations", "",
        "《基金会管理条例》第六条：民政部或省级民政部门登记；部分省份已下放（待确认）",
        "Foundations Regulation Art. 6: the Ministry or a provincial department; some provinces delegate "
        "[unconfirmed]", "register", True),
    "USCC_CATEGORY_9_TYPES": SettingInfo(
        "统一社会信用代码类别“9（其他）”适用的组织类型", "Organization types that may carry USCC category 9 (other)",
        "", "GB 32100-2015 机构类别代码（待确认）", "GB 32100-2015 category codes [unconfirmed]", "register", True),
})
