"""What supervision's per-jurisdiction settings are, in words (divisions.settings_info)."""

from divisions.settings_info import SettingInfo, describe, words
from registry.models import OrgType

from .models import Conclusion, ReviewMode

TYPES = tuple(t.value for t in OrgType)

S1 = ("《社会团体登记管理条例》", "Social Groups Regulation")
S2 = ("《民办非企业单位登记管理暂行条例》", "Private Non-enterprise Units Regulation")
S3 = ("《基金会管理条例》", "Foundations Regulation")
O39 = ("《社会组织评估管理办法》（民政部令第39号）", "MCA Order 39 on evaluation")
SPOT = ("《社会组织抽查暂行办法》（民发〔2017〕45号）", "Interim Measures on Spot Checks (民发〔2017〕45号)")


def basis(zh_source, zh, en):
    return {"basis_zh": f"{zh_source[0]}{zh}", "basis_en": f"{zh_source[1]} {en}"}


WHEN = {
    "renewal": ("任何换届及法定代表人变更之前", "before any renewal or change of legal representative"),
    "legal_rep_change": ("法定代表人变更之前", "before a change of legal representative"),
    "never": ("不要求", "not required"),
}
words({c.value: c.label for c in Conclusion} | WHEN)

describe({
    # annual reports (DOMAIN §5)
    "ANNUAL_REPORT_DEADLINE_MMDD": SettingInfo("年度工作报告报送截止日", "Annual report deadline", "mmdd", group="reports",
                                     **basis(S1, "第二十八条、《民办非企业单位登记管理暂行条例》第二十三条、《基金会管理条例》第三十六条",
                                         "Art. 28, S2 Art. 23, S3 Art. 36")),
    "ANNUAL_REPORT_FIRST_REVIEW_MMDD": SettingInfo("报送业务主管单位初审截止日", "Deadline for the business supervisor's first review",
                                         "mmdd", group="reports", **basis(S1, "第二十八条", "Art. 28")),
    "ANNUAL_REPORT_TYPES": SettingInfo("须报送年度工作报告的组织类型", "Organization types that owe an annual report", group="reports",
                             basis_zh="DOMAIN §5；备案的社区社会组织不是法人（待确认）",
                             basis_en="DOMAIN §5; filed community organizations are not legal persons [unconfirmed]",
                             unconfirmed=True, options=TYPES),
    "ANNUAL_REVIEW_MODE": SettingInfo("年检或年报制度", "Annual inspection or annual report mode", group="reports",
                            basis_zh="各地实行年检（作出结论）或年报（形式审查）", basis_en="DOMAIN §5: local practice",
                            values=tuple((m.value, m.label) for m in ReviewMode)),
    "ANNUAL_REPORT_REVIEW_WORKING_DAYS": SettingInfo("年报形式审查时限", "Time limit of the formal review (report mode)",
                                           "working_days", group="reports",
                                           basis_zh="广州市做法（参考）", basis_en="Guangzhou practice [secondary]"),
    "ANNUAL_REPORT_AUDIT_REQUIRED_TYPES": SettingInfo("须附审计报告的组织类型", "Types whose report includes an audit report",
                                            group="reports", options=TYPES, **basis(S3, "第三十六条", "Art. 36")),
    "ANNUAL_REPORT_FILE_MAX_MB": SettingInfo("审计报告文件大小上限", "Largest audit-report file", "mb", group="reports",
                                   basis_zh="平台设定", basis_en="platform setting"),
    # leadership terms (DOMAIN §1.4)
    "LEADERSHIP_TERM_YEARS": SettingInfo("默认届期", "Default term length", "years", group="leadership",
                               basis_zh="示范章程：每届不超过五年，以章程为准", basis_en="model charters: at most five years"),
    "LEADERSHIP_TERM_MAX_YEARS": SettingInfo("最长届期", "Longest term", "years", group="leadership",
                                   **basis(S3, "第二十条", "Art. 20")),
    "LEADERSHIP_POSTPONEMENT_MAX_MONTHS": SettingInfo("延期换届最长期限", "Longest postponement of a renewal", "months",
                                            group="leadership", basis_zh="示范章程：延期最长不超过1年",
                                            basis_en="model charters: at most one year"),
    "LEADERSHIP_AUDIT_BEFORE": SettingInfo("何时须先完成离任审计", "When the departure audit must come first", group="leadership",
                                 values=(("renewal", WHEN["renewal"]), ("legal_rep_change", WHEN["legal_rep_change"]),
                                         ("never", WHEN["never"])),
                                 **basis(S1, "第二十七条、《民办非企业单位登记管理暂行条例》第二十二条（基金会待确认）",
                                     "Art. 27, S2 Art. 22 (foundations unconfirmed)")),
    "LEADERSHIP_FOUNDATION_BOARD_SIZE": SettingInfo("基金会理事人数", "Size of a foundation's board", "count", group="leadership",
                                          **basis(S3, "第二十条：5至25人", "Art. 20: 5 to 25 directors")),
    # ratings (DOMAIN §4, §11)
    "RATING_MIN_FULL_YEARS": SettingInfo("申请评估须登记满的年度数", "Full years registered before applying", "years",
                               group="ratings", **basis(O39, "第六条", "Art. 6")),
    "RATING_VALIDITY_YEARS": SettingInfo("评估等级有效期", "Validity of a grade", "years", group="ratings",
                               **basis(O39, "第二十八条", "Art. 28")),
    "RATING_REEVALUATION_WINDOW_YEARS": SettingInfo("期满前可申请重新评估的年数", "Years before expiry to re-apply", "years",
                                          group="ratings", **basis(O39, "第二十九条", "Art. 29")),
    "RATING_PUBLICITY_DAYS": SettingInfo("评估结果公示期", "Publicity period of a proposed grade", "days", group="ratings",
                               basis_zh="各地设定（待确认）", basis_en="set locally [unconfirmed]", unconfirmed=True),
    "RATING_OBJECTION_REPLY_DAYS": SettingInfo("复核委员会答复异议时限", "Time for the review committee to answer an objection",
                                     "days", group="ratings", **basis(O39, "第二十三条", "Art. 23")),
    "RATING_BAR_AFTER_LOWERED_YEARS": SettingInfo("降级后不得申请的年数", "Years barred after a grade is lowered", "years",
                                        group="ratings", **basis(O39, "第三十一条", "Art. 31")),
    "RATING_BAR_AFTER_CANCELLED_YEARS": SettingInfo("取消等级后不得申请的年数", "Years barred after a grade is cancelled", "years",
                                          group="ratings", **basis(O39, "第三十一条", "Art. 31")),
    "RATING_CERTIFICATE_RETURN_DAYS": SettingInfo("退回证书、牌匾时限", "Time to return the certificate and plaque", "days",
                                        group="ratings", **basis(O39, "第三十三条", "Art. 33")),
    "RATING_BASIC_QUALIFIED_RUN": SettingInfo("连续“基本合格”多少年不得申请", "Years running of “basically qualified” that refuse an application",
                                    "years", group="ratings", **basis(O39, "第七条", "Art. 7")),
    "RATING_PENALTY_LOOKBACK_YEARS": SettingInfo("申请前受处罚的回溯年数", "Years looked back for penalties", "years",
                                       group="ratings", **basis(O39, "第七条（上一年度）", "Art. 7 (the previous year)")),
    # spot checks (DOMAIN §7)
    "SPOT_CHECK_MIN_RATE_COUNTY": SettingInfo("县级定向抽查最低比例", "Lowest sampling rate, county", "percent",
                                    group="spot_checks", **basis(SPOT, "第五条", "Art. 5")),
    "SPOT_CHECK_MIN_RATE_CITY": SettingInfo("市级定向抽查最低比例", "Lowest sampling rate, city", "percent",
                                  group="spot_checks", **basis(SPOT, "第五条", "Art. 5")),
    "SPOT_CHECK_MIN_RATE_PROVINCIAL": SettingInfo("省级定向抽查最低比例", "Lowest sampling rate, province", "percent",
                                        group="spot_checks", **basis(SPOT, "第五条", "Art. 5")),
    "SPOT_CHECK_MIN_RATE_NATIONAL": SettingInfo("部级定向抽查最低比例", "Lowest sampling rate, national", "percent",
                                      group="spot_checks", **basis(SPOT, "第五条", "Art. 5")),
    "SPOT_CHECK_TYPE_RATES": SettingInfo("按组织类型另定的抽查比例", "Sampling rates of their own by organization type",
                               "percent", group="spot_checks", basis_zh="各地做法（如基金会全部抽查）",
                               basis_en="local practice (e.g. every foundation)"),
    "SPOT_CHECK_MIN_INSPECTORS": SettingInfo("每个对象的检查人员最少人数", "Fewest inspectors per target", "count",
                                   group="spot_checks", basis_zh="双随机做法（参考）", basis_en="practice [secondary]"),
    "SPOT_CHECK_RECTIFICATION_DAYS": SettingInfo("整改通知默认期限", "Default rectification period", "days", group="spot_checks",
                                       basis_zh="各地设定（待确认）", basis_en="set locally [unconfirmed]",
                                       unconfirmed=True),
})
