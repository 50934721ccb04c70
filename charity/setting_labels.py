"""What the charity settings (charity.rules.DEFAULTS) are, in words (divisions.settings_info). Labels and legal
basis only: the figures and their meaning stay in charity.rules."""

from divisions.settings_info import SettingInfo as S
from divisions.settings_info import describe, words

LAW = "《中华人民共和国慈善法》（2023年修正）"
LAW_EN = "Charity Law (as amended 2023)"
O74 = "《公开募捐资格管理办法》（民政部令第74号）"
O74_EN = "MCA Order 74"
SPEND = "《关于慈善组织开展慈善活动年度支出和管理费用的规定》（2016）"
SPEND_EN = "Three-ministry rule on charities' annual spending and management costs (2016)"


def c(label_zh, label_en, unit="", *, zh, en, unconfirmed=False, values=()):
    return S(label_zh, label_en, unit, basis_zh=zh, basis_en=en, group="charity", unconfirmed=unconfirmed,
             values=values)


words({  # the columns and values of the spending table (CHARITY_SPENDING_TABLE)
    "tier": ("档次", "tier"), "class": ("类别", "kind"), "public": ("具有公开募捐资格", "qualified to fundraise"),
    "min_net_assets": ("上年末净资产不低于（元）", "net assets at least (yuan)"),
    "spend": ("年度慈善活动支出不低于", "charitable spending at least"), "base": ("计算基数", "of"),
    "mgmt": ("管理费用不高于", "management costs at most"), "income_share": ("或不低于上年总收入的", "or of income at least"),
    "foundation": ("基金会", "foundation"), "other": ("其他慈善组织", "other charity"),
    "income": ("上年总收入", "prior-year income"), "net_assets": ("前三年平均净资产", "average net assets of the "
                                                                   "three prior years"),
})

describe({
    "CHARITY_RECOGNITION_DECISION_DAYS": c("慈善组织认定决定期限", "Time to decide a charity recognition", "days",
                                           zh=f"{LAW}第十条", en=f"{LAW_EN} Art. 10"),
    "CHARITY_QUALIFICATION_DECISION_DAYS": c("公开募捐资格决定期限", "Time to decide a fundraising qualification",
                                             "days", zh=f"{LAW}第二十二条", en=f"{LAW_EN} Art. 22"),
    "CHARITY_DECISION_EXTENSION_MAX_DAYS": c("决定期限最长延长", "Longest extension of the decision time", "days",
                                             zh=f"{LAW}第十条", en=f"{LAW_EN} Art. 10"),
    "CHARITY_DECISION_DAY_COUNT": c("决定期限的计算方式", "How the decision time is counted",
                                    zh="法律规定为“日”，未写“工作日”；按工作日计算为本地解读（《行政许可法》第八十二条）",
                                    en="the law says days, not working days; counting working days is a local "
                                       "reading (Administrative Licensing Law Art. 82)", unconfirmed=True,
                                    values=(("calendar", ("自然日（末日为节假日的顺延）", "calendar days (a last day off "
                                                          "work moves to the next working day)")),
                                            ("working", ("工作日", "working days")))),
    "CHARITY_QUALIFICATION_MIN_YEARS": c("申请公开募捐资格须登记满", "Registered for at least, to apply for the "
                                         "qualification", "years", zh=f"{LAW}第二十二条",
                                         en=f"{LAW_EN} Art. 22"),
    "CHARITY_RECOGNITION_PENALTY_YEARS": c("申请认定前无行政处罚的年数", "Years before a recognition application "
                                           "without a penalty", "years",
                                           zh="《慈善组织认定办法》（民政部令第58号）第八条；第73号令未见",
                                           en="MCA Order 58 Art. 8; Order 73 not seen", unconfirmed=True),
    "CHARITY_QUALIFICATION_PENALTY_YEARS": c("申请资格前无违法违规的年数", "Years before a qualification "
                                             "application without violations", "years", zh=f"{O74}第五条",
                                             en=f"{O74_EN} Art. 5", unconfirmed=True),
    "CHARITY_QUALIFICATION_MIN_GRADE": c("申请资格须达到的评估等级", "Rating required for the qualification",
                                         zh="第59号令要求3A以上，第74号令是否保留未经确认；空值不增加条件",
                                         en="Order 59 required 3A or above; unconfirmed whether Order 74 keeps it; "
                                            "empty adds no condition", unconfirmed=True),
    "CHARITY_QUALIFICATION_REAPPLY_BAR_YEARS": c("资格被撤销后不得再申请的年数", "Years barred from reapplying after "
                                                 "the qualification is revoked", "years", zh=f"{LAW}第一百一十一条",
                                                 en=f"{LAW_EN} Art. 111"),
    "CHARITY_RECOGNITION_REAPPLY_BAR_YEARS": c("认定被撤销后不得再申请的年数", "Years barred from reapplying after "
                                               "the recognition is revoked", "years",
                                               zh="规则未规定；0 不增加条件", en="no rule sets one; 0 adds none",
                                               unconfirmed=True),
    "CHARITY_SUPERVISORS_MIN_PROVINCIAL": c("省级以上申请资格须有的监事人数", "Supervisors required at provincial "
                                            "level and above", "count", zh=f"{O74}第五条第三项",
                                            en=f"{O74_EN} Art. 5(3)"),
    "CHARITY_SPENDING_TABLE": c("年度慈善活动支出和管理费用标准", "Annual spending and management-cost standards",
                                zh=SPEND, en=SPEND_EN),
    "CHARITY_MGMT_EXEMPT_BELOW": c("管理费用低于此数不受比例限制", "Management costs below this are exempt from the "
                                   "ratio", "yuan", zh=f"{SPEND}第十一条", en=f"{SPEND_EN} Art. 11"),
    "CHARITY_SPENDING_BREACH_GROUND": c("年度支出不符合标准在信用信息中的记载方式", "How a breach of the spending "
                                        "standards counts in credit",
                                        zh="《社会组织信用信息管理办法》列入活动异常名录第四项，结合第74号令第五条（评论材料）",
                                        en="Order 60 abnormal-list ground 4 with Order 74 Art. 5 (commentary)",
                                        unconfirmed=True,
                                        values=(("abnormal", ("具有公开募捐资格的，作为不再符合资格条件的列入事由；其他慈善组织记为信用信息",
                                                              "for a qualified charity, the ground of no longer "
                                                              "meeting the qualification conditions; other charities: "
                                                              "an information fact")),
                                                ("information", ("仅记为信用信息", "an information fact only")))),
    "CHARITY_PLAN_LEAD_DAYS": c("募捐方案须在开始前备案的日数", "Days before the start a plan must be filed",
                                "days", zh="民政部公开募捐备案指引（2026年1月1日起）",
                                en="MCA fundraising filing guideline (from 2026-01-01)"),
    "CHARITY_EMERGENCY_FILING_DAYS": c("紧急募捐开始后补办备案的期限", "Days after an emergency appeal starts to "
                                       "file it", "days", zh=f"{LAW}第七十三条", en=f"{LAW_EN} Art. 73"),
    "CHARITY_EMERGENCY_DISCLOSURE_DAYS": c("紧急募捐收入公开的间隔", "Interval for disclosing emergency receipts",
                                           "days", zh=f"{LAW}第七十二条", en=f"{LAW_EN} Art. 72"),
    "CHARITY_PROJECT_LONG_MONTHS": c("须定期公开进展的项目期限", "Projects longer than this disclose progress",
                                     "months", zh=f"{LAW}第七十九条", en=f"{LAW_EN} Art. 79"),
    "CHARITY_PROJECT_PROGRESS_MONTHS": c("项目进展公开的间隔", "Interval for disclosing project progress", "months",
                                         zh=f"{LAW}第七十九条", en=f"{LAW_EN} Art. 79"),
    "CHARITY_PROJECT_FINAL_MONTHS": c("项目结束后全面公开的期限", "Months after a project ends to disclose it in "
                                      "full", "months", zh=f"{LAW}第七十九条", en=f"{LAW_EN} Art. 79"),
    "CHARITY_PROJECT_REMINDER_DAYS": c("公开期限提前提醒的日数", "Days ahead a disclosure deadline is shown as a "
                                       "reminder", "days", zh="页面设定，不是法定条件",
                                       en="a page setting, not a legal condition"),
    "CHARITY_DESIGNATED_PLATFORMS": c("民政部指定的互联网公开募捐服务平台", "MCA-designated online fundraising "
                                      "platforms", zh=f"{LAW}第二十七条；名单未收录，空值接受所申报的平台名称",
                                      en=f"{LAW_EN} Art. 27; the list is not recorded here, empty accepts the "
                                         "declared platform name", unconfirmed=True),
})
