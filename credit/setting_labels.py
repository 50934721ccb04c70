"""What the credit settings (credit.rules.DEFAULTS) are, in words (divisions.settings_info). Labels only: the
figures and their meaning stay in credit.rules."""

from divisions.settings_info import SettingInfo, describe, words

O60 = "《社会组织信用信息管理办法》（民政部令第60号）"
O60_EN = "MCA Order 60 on credit information"


def order_60_basis(zh: str, en: str, unconfirmed: bool = False) -> dict:
    """The legal basis of a setting in Order No. 60 (``zh``/``en`` name the article or say what is missing)."""
    return {"basis_zh": f"{O60}{zh}" if zh else O60, "basis_en": f"{O60_EN} {en}".strip(), "unconfirmed": unconfirmed}


words({
    "ABN-5": ("警告或较小数额罚款（活动异常名录第5项）", "a warning or small fine (abnormal-list ground 5)"),
    "base": ("基础分", "base"), "rating": ("评估等级", "grade"), "inspection": ("检查结论", "inspection"),
    "penalty_each": ("每项行政处罚", "each penalty"), "penalty_floor": ("行政处罚扣分下限", "penalty floor"),
    "penalty_years": ("行政处罚计算年数", "penalty years counted"), "honour_each": ("每项表彰", "each honour"),
    "honour_cap": ("表彰加分上限", "honour cap"), "honour_years": ("表彰计算年数", "honour years counted"),
    "abnormal": ("列入活动异常名录", "on the abnormal-activity list"),
    "serious": ("列入严重违法失信名单", "on the serious list"),
})

describe({
    "CREDIT_NOTICE_DAYS": SettingInfo("列入前告知期", "Prior notice before listing", "days", group="credit",
                            **order_60_basis("（征求意见稿）；正式文本未规定期限", "(draft); the final text sets no period", True)),
    "CREDIT_CLOCK_RESTART": SettingInfo("列入期间出现新情形是否重新计算期限", "A new ground while listed restarts the period",
                              group="credit", **order_60_basis("（征求意见稿）第十三条、第十六条", "(draft) Arts. 13, 16", True)),
    "CREDIT_ABN_ESCALATION_YEARS": SettingInfo("活动异常名录满几年列入严重违法失信名单", "Years on the abnormal list before the serious list",
                                     "years", group="credit", **order_60_basis("（严重违法失信名单第1项）", "(serious-list ground 1)")),
    "CREDIT_ABN_AUTO_REMOVAL_MONTHS": SettingInfo("无须整改情形满几个月移出活动异常名录",
                                        "Months after which an entry with nothing to rectify ends", "months",
                                        group="credit", **order_60_basis("", "", True)),
    "CREDIT_ABN_NOTHING_TO_RECTIFY": SettingInfo("无须整改的活动异常情形", "Abnormal grounds with nothing to rectify",
                                       group="credit", basis_zh="平台解读", basis_en="platform reading"),
    "CREDIT_ABN_REMOVAL_WORKING_DAYS": SettingInfo("核实整改后移出活动异常名录的时限", "Time to remove after verified rectification",
                                         "working_days", group="credit", **order_60_basis("", "", True)),
    "CREDIT_ABN_EXIT_ON_DEREGISTRATION": SettingInfo("注销登记是否移出活动异常名录", "Deregistration ends an abnormal-list entry",
                                           group="credit", **order_60_basis("", "", True)),
    "CREDIT_LETTER_INTERVAL_DAYS": SettingInfo("两次邮寄住所函件的间隔", "Interval between the two letters to the domicile",
                                     "days", group="credit",
                                     **order_60_basis("（征求意见稿 20–60 日，正式文本或为 15–30 日）", "(draft 20–60 days; 15–30 in the final?)",
                                         True)),
    "CREDIT_FUNDRAISING_INACTIVE_MONTHS": SettingInfo("连续未开展公开募捐的月数", "Months without public fundraising", "months",
                                            group="credit", basis_zh="《慈善组织公开募捐管理办法》第二十二条",
                                            basis_en="Charity Public Fundraising Measures Art. 22"),
    "CREDIT_ABN_EXEMPTION_ON_CERTIFICATE": SettingInfo("有关部门证明不负直接责任可免列活动异常名录",
                                             "Exemption on a certificate of no direct responsibility", group="credit",
                                             **order_60_basis("（征求意见稿）第十二条", "(draft) Art. 12", True)),
    "CREDIT_SER_FINE_THRESHOLD": SettingInfo("列入严重违法失信名单的罚款数额", "Fine from which the serious list applies", "yuan",
                                   group="credit", **order_60_basis("（严重违法失信名单第4项）", "(serious-list ground 4)")),
    "CREDIT_SER_REPEAT_COUNT": SettingInfo("几次警告或较小罚款列入严重违法失信名单", "Warnings or small fines that lead to the serious list",
                                 "count", group="credit", **order_60_basis("（严重违法失信名单第5项）", "(serious-list ground 5)")),
    "CREDIT_SER_REPEAT_YEARS": SettingInfo("上述次数的计算年数", "Within how many years", "years", group="credit",
                                 **order_60_basis("（严重违法失信名单第5项）", "(serious-list ground 5)")),
    "CREDIT_SER_EXIT_CLEAN_YEARS": SettingInfo("严重违法失信名单满几年无新情形可申请移出", "Clean years before applying for removal",
                                     "years", group="credit", **order_60_basis("", "", True)),
    "CREDIT_SER_EXIT_NEEDS_RECTIFICATION": SettingInfo("由活动异常名录转入的须完成整改方可移出",
                                             "Escalated entries must also be rectified", group="credit", **order_60_basis("", "")),
    "CREDIT_SER_REMOVAL_WORKING_DAYS": SettingInfo("核实申请后移出严重违法失信名单的时限", "Time to remove after a verified application",
                                         "working_days", group="credit", **order_60_basis("", "", True)),
    "CREDIT_SER_EXIT_ON_DEREGISTRATION": SettingInfo("注销登记后移出（撤销、吊销情形）", "Removal after deregistration (revoked entries)",
                                           group="credit", **order_60_basis("", "")),
    "CREDIT_OBJECTION_FILING_DAYS": SettingInfo("提出异议的期限", "Time to file an objection", "days", group="cases",
                                      basis_zh="参照企业信用做法（待确认）", basis_en="enterprise practice [unconfirmed]",
                                      unconfirmed=True),
    "CREDIT_OBJECTION_ACCEPT_WORKING_DAYS": SettingInfo("受理异议的时限", "Time to accept an objection", "working_days",
                                              group="cases", basis_zh="参照企业信用做法（待确认）",
                                              basis_en="enterprise practice [unconfirmed]", unconfirmed=True),
    "CREDIT_OBJECTION_DECISION_WORKING_DAYS": SettingInfo("异议处理决定的时限", "Time to decide an objection", "working_days",
                                                group="cases", basis_zh="参照企业信用做法（待确认）",
                                                basis_en="enterprise practice [unconfirmed]", unconfirmed=True),
    "CREDIT_REPAIR_DECISION_WORKING_DAYS": SettingInfo("信用修复决定的时限", "Time to decide a credit repair", "working_days",
                                             group="cases", basis_zh="待确认", basis_en="[unconfirmed]", unconfirmed=True),
    "CREDIT_SCREENING_THRESHOLD": SettingInfo("名称比对的提示分值", "Score from which a name counts as a match", "score",
                                    group="credit", basis_zh="平台设定（按 bench/screening_eval.tsv 调校）",
                                    basis_en="platform setting (tuned on the screening evaluation set)"),
    "CREDIT_GRADE_WEIGHTS": SettingInfo("信用评价各项分值", "Points of the credit evaluation", "score", group="evaluation",
                              basis_zh="平台评分，不是法定等级", basis_en="a platform score, not a legal grade"),
    "CREDIT_GRADE_BANDS": SettingInfo("信用评价等级分数线", "Score bands of the credit evaluation", "score", group="evaluation",
                            basis_zh="平台评分，不是法定等级", basis_en="a platform score, not a legal grade"),
})
