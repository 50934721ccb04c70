"""The indicator catalogue: one definition per indicator, in code.

Each indicator names its fact terms (stats/facts.py): a numerator, and for a ratio a denominator, each a measure
of a fact restricted to some categories. ``stats.compute.evaluate`` computes any indicator as of any date for a
division subtree, optionally broken down by sub-jurisdiction, registration level, type, category or year.
Urban/rural is not offered: the register holds GB/T 2260 codes, which carry no urban-rural classification.
"""

from dataclasses import dataclass

from charity.models import ProjectCategory
from charity.rules import QUALIFICATION, RECOGNITION
from common.labels import Bilingual
from credit.models import ListKind
from registry.models import EventKind, Level, OrgType, Status
from supervision.models.penalties import PenaltyKind
from supervision.models.ratings import GradeChoice
from supervision.models.reports import Conclusion
from supervision.models.spotchecks import FindingConclusion

from .facts import EMERGENCY, GOODS, MONEY, NO_CONCLUSION, ORDINARY

TOP_GRADES = ("5A", "4A", "3A")
REMOVED = (Status.DEREGISTERED, Status.REVOKED, Status.CERTIFICATE_CANCELLED)
CONCLUSIONS = (Conclusion.QUALIFIED, Conclusion.BASICALLY_QUALIFIED, Conclusion.UNQUALIFIED)
PROBLEMS = (FindingConclusion.RECTIFY, FindingConclusion.REFERRED)


@dataclass(frozen=True)
class Term:
    fact: str
    measure: str = "n"
    cats: tuple | None = None  # categories counted; None: all


@dataclass(frozen=True)
class Indicator:
    id: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    definition_zh: str
    definition_en: str
    numerator: Term
    denominator: Term | None = None
    kind: str = "value"  # value | ratio (percent) | growth (percent since a base year) | per_category
    category: tuple | None = None  # (zh, en) name of the category breakdown, when offered
    year_kind: str = ""  # "event": flows counted by the year of the event; "report": by the report year
    source: str = "registry"

    def breakdown_name(self, breakdown: str) -> Bilingual:
        """What a breakdown is called for this indicator (the category breakdown has the indicator's own name)."""
        if breakdown == "category" and self.category:
            return Bilingual(*self.category)
        return BREAKDOWN_NAMES[breakdown]

    @property
    def breakdowns(self) -> tuple:
        names = ["division", "level", "type"]
        if self.category and self.kind == "value":
            names.append("category")
        if self.kind != "growth":
            names.append("year")
        return tuple(names)

    @property
    def formula(self) -> str:
        def term(t):
            cats = f" [{', '.join(t.cats)}]" if t.cats else ""
            return f"{t.measure}({t.fact}{cats}; as_of)"
        if self.kind == "ratio":
            return f"100 × {term(self.numerator)} / {term(self.denominator)}"
        if self.kind == "growth":
            return f"100 × ({term(self.numerator)} − {term(self.numerator)}@base_year-12-31) / " \
                   f"{term(self.numerator)}@base_year-12-31"
        if self.kind == "per_category":
            return f"{term(self.numerator)} / count(distinct community with ≥ 1)"
        return term(self.numerator)


ORG = ("个", "organizations")
PCT = ("%", "%")

CATALOGUE = (
    Indicator("REG-ORGS", "登记社会组织数", "Registered social organizations", *ORG,
              "截至统计日登记状态为正常的社会组织数（含备案的社区社会组织），按当日有效的登记事项推导。",
              "Social organizations whose registration was in force (status active) on the date, filed community "
              "organizations included, as derived from the registration events in force that day.",
              Term("register", cats=(Status.ACTIVE,))),
    Indicator("REG-ORGS-STATUS", "社会组织数（按登记状态）", "Social organizations by registration status", *ORG,
              "截至统计日已成立登记的全部社会组织，按当日登记状态（正常、注销、撤销、吊销）分列。",
              "Every social organization founded by the date, by its registration status that day (active, "
              "deregistered, revoked, certificate cancelled).",
              Term("register"), category=("登记状态", "status")),
    Indicator("REG-REGISTRATIONS", "成立登记数", "Establishment registrations", *ORG,
              "统计年度内成立登记（备案）的社会组织数，按成立登记日期计。",
              "Social organizations established (or filed) in the year, by founding date.",
              Term("registrations"), year_kind="event"),
    Indicator("REG-REMOVALS", "注销、撤销、吊销数", "Deregistrations, revocations and certificate cancellations",
              *ORG, "统计年度内生效的注销登记、撤销登记和吊销登记证书数（被更正的登记事项不计）。",
              "Deregistrations, revocations and certificate cancellations effective in the year (events superseded "
              "by a correction are not counted).",
              Term("removals"), category=("事项", "event"), year_kind="event"),
    Indicator("REG-GROWTH", "社会组织数增长率", "Growth in registered social organizations", *PCT,
              "统计日登记社会组织数较基期年末（12月31日）增长的百分比。",
              "Percentage growth of registered social organizations on the date over the end (31 December) of the "
              "base year.",
              Term("register", cats=(Status.ACTIVE,)), kind="growth"),
    Indicator("REG-COMMUNITY", "备案社区社会组织数", "Filed community organizations", *ORG,
              "截至统计日备案状态正常的社区社会组织数，可按所在社区分列。",
              "Filed community social organizations in force on the date; can be broken down by community.",
              Term("community"), category=("社区", "community")),
    Indicator("REG-COMMUNITY-PER", "平均每个社区备案社区社会组织数", "Filed community organizations per community",
              "个/社区", "per community",
              "备案社区社会组织数除以登记簿中至少有一个备案社区社会组织的社区数（社区按登记机关和社区名称区分）。",
              "Filed community organizations divided by the number of communities with at least one of them in the "
              "register (a community is its registering authority and community name).",
              Term("community"), kind="per_category"),
    Indicator("SUP-GRADED", "评估等级有效的社会组织数", "Social organizations holding a valid grade", *ORG,
              "统计日持有有效评估等级（5A至1A）的登记状态正常的社会组织数，按等级分列。",
              "Active social organizations holding a valid evaluation grade (5A to 1A) on the date, by grade.",
              Term("grades"), category=("等级", "grade"), source="supervision"),
    Indicator("SUP-3A-SHARE", "3A以上等级占登记社会组织比例", "3A and above as a share of registered organizations",
              *PCT, "统计日持有有效3A、4A、5A等级的社会组织数占登记社会组织数的百分比。",
              "Organizations holding a valid 3A, 4A or 5A grade on the date as a percentage of registered "
              "(active) social organizations.",
              Term("grades", cats=TOP_GRADES), Term("register", cats=(Status.ACTIVE,)), kind="ratio",
              source="supervision"),
    Indicator("SUP-3A-SHARE-RATED", "3A以上等级占有效评估等级组织比例", "3A and above among validly rated organizations",
              *PCT, "统计日持有有效3A以上等级的社会组织数占持有有效评估等级的社会组织数的百分比。",
              "Organizations holding a valid 3A-or-above grade on the date as a percentage of those holding any "
              "valid grade.",
              Term("grades", cats=TOP_GRADES), Term("grades"), kind="ratio", source="supervision"),
    Indicator("SUP-INSPECTION", "年度检查（年报）审查结论数", "Annual inspection and report review results",
              "份", "reports", "登记管理机关对该报告年度的年度工作报告作出审查结论的份数，按结论（合格、基本合格、不合格、"
              "已审查无结论）分列，更正以统计日前已作出的为准。",
              "Annual work reports of the report year reviewed by the registration authority by the date, by "
              "result (qualified, basically qualified, unqualified, reviewed without a conclusion); corrections "
              "made by the date replace what they correct.",
              Term("conclusions"), category=("结论", "result"), year_kind="report", source="supervision"),
    Indicator("SUP-INSPECTION-QUALIFIED", "年检合格率", "Annual inspection qualified rate", *PCT,
              "年度检查结论为合格的份数占作出合格、基本合格或不合格结论份数的百分比。",
              "Reports concluded qualified as a percentage of those concluded qualified, basically qualified or "
              "unqualified.",
              Term("conclusions", cats=(Conclusion.QUALIFIED,)), Term("conclusions", cats=CONCLUSIONS),
              kind="ratio", year_kind="report", source="supervision"),
    Indicator("SUP-REPORTS", "报送年度工作报告数", "Annual work reports submitted", "份", "reports",
              "统计日前已报送的该报告年度年度工作报告份数。",
              "Annual work reports for the report year submitted by the date.",
              Term("submissions"), year_kind="report", source="supervision"),
    Indicator("SUP-EMPLOYEES", "从业人员数", "Employees", "人", "persons",
              "统计日前已报送的该报告年度年度工作报告所填从业人员数之和（以统计日有效的报送为准）。",
              "Sum of employees stated in the annual work reports for the report year in force on the date.",
              Term("submissions", "employees"), year_kind="report", source="supervision"),
    Indicator("SUP-VOLUNTEERS", "志愿者数", "Volunteers", "人", "persons",
              "年度工作报告所填志愿者数之和。", "Sum of volunteers stated in the annual work reports for the year.",
              Term("submissions", "volunteers"), year_kind="report", source="supervision"),
    Indicator("SUP-ASSETS", "资产总额", "Total assets", "元", "yuan",
              "年度工作报告所填年末资产总额之和。", "Sum of total assets stated in the annual work reports for the year.",
              Term("submissions", "assets"), year_kind="report", source="supervision"),
    Indicator("SUP-NET-ASSETS", "净资产", "Net assets", "元", "yuan",
              "年度工作报告所填年末净资产之和。", "Sum of net assets stated in the annual work reports for the year.",
              Term("submissions", "net_assets"), year_kind="report", source="supervision"),
    Indicator("SUP-PENALTIES", "行政处罚数", "Administrative penalties", "件", "penalties",
              "统计年度内作出的行政处罚件数（被更正的以更正后为准），按处罚种类分列。",
              "Administrative penalties decided in the year (a corrected penalty counts as corrected), by kind.",
              Term("penalties"), category=("处罚种类", "kind"), year_kind="event", source="supervision"),
    Indicator("SUP-FINES", "罚款金额", "Fines imposed", "元", "yuan",
              "统计年度内作出的行政处罚所涉罚款等金额之和。", "Sum of the amounts of the penalties decided in the year.",
              Term("penalties", "amount"), year_kind="event", source="supervision"),
    Indicator("SUP-SPOT-DRAWN", "双随机抽查抽中数", "Organizations drawn for random spot checks", "家次", "draws",
              "统计年度内双随机抽查摇号抽中的对象数。", "Targets drawn in the year's random spot-check draws.",
              Term("drawn"), year_kind="event", source="supervision"),
    Indicator("SUP-SPOT-FINDINGS", "抽查结果数", "Spot-check results published", "项", "results",
              "统计年度内公示的抽查结果数，按结论分列。", "Spot-check results published in the year, by conclusion.",
              Term("findings"), category=("结论", "conclusion"), year_kind="event", source="supervision"),
    Indicator("SUP-SPOT-PROBLEM-RATE", "抽查发现问题比例", "Spot checks finding problems", *PCT,
              "统计年度内公示的抽查结果中发现问题（责令整改或移交查处）的百分比。",
              "Published spot-check results of the year that found problems (rectification ordered or referred) "
              "as a percentage of all published results.",
              Term("findings", cats=PROBLEMS), Term("findings"), kind="ratio", year_kind="event",
              source="supervision"),
    Indicator("CRD-LISTED", "列入名录（名单）的社会组织数", "Organizations on a credit list", *ORG,
              "统计日在活动异常名录或严重违法失信名单上的社会组织数，按名录分列。",
              "Organizations on the abnormal-activity list or the serious illegal and dishonest list on the date, "
              "by list.",
              Term("listed"), category=("名录", "list"), source="credit"),
    Indicator("CRD-LIST-ENTRIES", "列入数", "List entries", "次", "entries",
              "统计年度内列入活动异常名录或严重违法失信名单的次数，按名录分列。",
              "Entries onto either list in the year, by list.",
              Term("list_entries"), category=("名录", "list"), year_kind="event", source="credit"),
    Indicator("CRD-LIST-EXITS", "移出数", "List exits", "次", "exits",
              "统计年度内移出活动异常名录或严重违法失信名单的次数，按名录分列。",
              "Removals from either list in the year, by list.",
              Term("list_exits"), category=("名录", "list"), year_kind="event", source="credit"),
    # engagement (issue 13): what organizations do, counted from the records kept on the platform
    Indicator("ENG-POSTS", "提供毕业生就业岗位数", "Graduate posts offered", "个", "posts",
              "统计年度内社会组织发布的毕业生就业岗位数（按发布日期），可按组织直接提供或会员单位提供分列。",
              "Graduate posts offered in the year by organizations (by posting date), directly or through their "
              "member units.",
              Term("job_posts", "posts"), category=("提供方", "offered by"), year_kind="event", source="engagement"),
    Indicator("ENG-HIRED", "录用毕业生数", "Graduates hired", "人", "persons",
              "统计年度内社会组织记录为录用的毕业生人数（按录用日期）。",
              "Graduates recorded as hired by organizations in the year (by the date of hiring).",
              Term("job_hires"), year_kind="event", source="engagement"),
    Indicator("ENG-PAIRINGS", "结对帮扶数", "Pairings in force", "个", "pairings",
              "统计日处于结对期内的社会组织（含合力团，按牵头组织）与县的结对数，可按帮扶县分列。",
              "Pairings of organizations (groups by their lead organization) with a county in force on the date; "
              "can be broken down by county.",
              Term("pairings"), category=("帮扶县", "county"), source="engagement"),
    Indicator("ENG-PAIRING-FUNDS", "结对帮扶投入资金", "Funds invested in pairing projects", "元", "yuan",
              "统计年度内结对帮扶项目报告的投入资金之和（按报告日期），可按帮扶县分列。",
              "Funds invested by pairing projects as reported in the year (by report date); can be broken down by "
              "county.",
              Term("pairing_progress", "invested"), category=("帮扶县", "county"), year_kind="event",
              source="engagement"),
    Indicator("ENG-INCUBATED", "入驻孵化的社会组织数", "Organizations entering incubation", *ORG,
              "统计年度内入驻孵化基地的组织数（按入驻日期，按基地运营组织的登记管理机关计），按出孵结果分列。",
              "Organizations entering an incubation base in the year (by entry date, counted under the base "
              "operator's registration authority), by outcome.",
              Term("incubations"), category=("结果", "outcome"), year_kind="event", source="engagement"),
    Indicator("ENG-BOOKINGS", "共享场地预约次数", "Shared venue bookings", "次", "bookings",
              "统计年度内社会组织预约并使用共享场地的次数（按使用日期，截至统计日已取消的不计）。",
              "Bookings of shared venues by organizations used in the year (by the day of use; bookings cancelled "
              "by the date are not counted).",
              Term("bookings"), year_kind="event", source="engagement"),
    Indicator("CHA-CHARITIES", "慈善组织数", "Charitable organizations", *ORG,
              "统计日已认定（或登记）为慈善组织、认定未被撤销且登记状态正常的社会组织数。",
              "Social organizations recognized as charitable organizations on the date (recognition not revoked "
              "by then, registration in force).",
              Term("charity_grants", cats=(RECOGNITION,)), source="charity"),
    Indicator("CHA-QUALIFIED", "具有公开募捐资格的慈善组织数", "Charities with the public-fundraising qualification",
              *ORG, "统计日持有公开募捐资格（未被撤销）且登记状态正常的慈善组织数。",
              "Charitable organizations holding the public-fundraising qualification on the date (not revoked by "
              "then, registration in force).",
              Term("charity_grants", cats=(QUALIFICATION,)), source="charity"),
    Indicator("CHA-QUALIFIED-SHARE", "具有公开募捐资格的慈善组织比例", "Charities qualified for public fundraising",
              *PCT, "统计日具有公开募捐资格的慈善组织数占慈善组织数的百分比。",
              "Charitable organizations holding the public-fundraising qualification as a percentage of all "
              "charitable organizations on the date.",
              Term("charity_grants", cats=(QUALIFICATION,)), Term("charity_grants", cats=(RECOGNITION,)),
              kind="ratio", source="charity"),
    Indicator("CHA-PLANS", "备案公开募捐方案数", "Public-fundraising plans filed", "份", "plans",
              "统计年度内备案的公开募捐方案数（按备案日期计），按普通募捐和紧急募捐（先行开展、事后补办备案）分列。",
              "Public-fundraising plans filed in the year (by filing date), ordinary and emergency (fundraising "
              "started before the filing) shown apart.",
              Term("charity_plans"), category=("方案类别", "kind of plan"), year_kind="event", source="charity"),
    Indicator("CHA-DONATIONS", "接受捐赠金额", "Donations received", "元", "yuan",
              "统计年度内公开募捐收款的金额之和（按收款日期计；统计日前已冲销的收款不计），货币捐赠按金额、物资捐赠按"
              "登记的估值，分列货币和物资。",
              "Sum of the receipts of public fundraising in the year (by receipt date; receipts reversed by the "
              "date are not counted): money at its amount, goods at their recorded value, shown apart.",
              Term("charity_receipts", "amount"), category=("捐赠形式", "form"), year_kind="event",
              source="charity"),
    Indicator("CHA-DONATION-RECEIPTS", "接受捐赠笔数", "Donation receipts", "笔", "receipts",
              "统计年度内公开募捐收款的笔数（统计日前已冲销的不计），分列货币和物资。",
              "Receipts of public fundraising in the year (those reversed by the date not counted), money and "
              "goods shown apart.",
              Term("charity_receipts"), category=("捐赠形式", "form"), year_kind="event", source="charity"),
    Indicator("CHA-DISBURSED", "募捐财产拨付金额", "Donations disbursed", "元", "yuan",
              "统计年度内从公开募捐定向资金拨付给受益人和受助机构的金额之和（统计日前已冲销的不计）。",
              "Sum of the disbursements from the restricted funds of public fundraising to beneficiaries and "
              "recipient institutions in the year (those reversed by the date not counted).",
              Term("charity_disbursements", "amount"), year_kind="event", source="charity"),
    Indicator("CHA-BENEFICIARIES", "获得拨付的受益人数", "Beneficiaries paid", "人", "persons",
              "统计年度内至少获得一笔拨付（未冲销）的个人受益人数，每个组织的受益人账户各计一次。",
              "Individual beneficiaries who received at least one disbursement (not reversed) in the year, each "
              "beneficiary account of an organization counted once.",
              Term("charity_disbursements", "persons"), year_kind="event", source="charity"),
    Indicator("CHA-PROJECTS", "慈善项目数", "Charitable projects", "个", "projects",
              "统计年度内开始实施的慈善项目数，按项目类别分列。",
              "Charitable projects starting in the year, by category.",
              Term("charity_projects"), category=("项目类别", "category"), year_kind="event", source="charity"),
    Indicator("CHA-PERSON-TIMES", "慈善项目受益人次", "Person-times served by charitable projects", "人次",
              "person-times",
              "各慈善项目在统计日前最近一次信息公开所报累计受益人次之和。",
              "Sum of the person-times served to date as stated in each charitable project's latest disclosure "
              "made by the date.",
              Term("charity_disclosed", "persons"), source="charity"),
    Indicator("CHA-SPENDING-SHARE", "慈善组织慈善活动支出占总收入比例",
              "Charities' programme spending as a share of income", *PCT,
              "慈善组织该报告年度年度工作报告所填业务活动（慈善活动）支出之和占总收入之和的百分比（慈善组织以统计日"
              "认定有效的为准）。",
              "Sum of the programme (charitable activity) spending stated in the annual work reports of the report "
              "year of the organizations recognized as charities on the date, as a percentage of their total "
              "income.",
              Term("charity_reports", "programmes"), Term("charity_reports", "income"), kind="ratio",
              year_kind="report", source="charity"),
    Indicator("CHA-ADMIN-SHARE", "慈善组织管理费用占总支出比例", "Charities' administration costs as a share of spending",
              *PCT, "慈善组织该报告年度年度工作报告所填管理费用之和占总支出之和的百分比。",
              "Sum of the administration costs stated in the charities' annual work reports of the report year as "
              "a percentage of their total spending.",
              Term("charity_reports", "administration"), Term("charity_reports", "expense"), kind="ratio",
              year_kind="report", source="charity"),
)
INDICATORS = {i.id: i for i in CATALOGUE}

BREAKDOWN_NAMES = {
    "division": Bilingual("下级行政区划", "sub-jurisdiction"),
    "level": Bilingual("登记层级", "registration level"),
    "type": Bilingual("组织类型", "type"),
    "category": Bilingual("分类", "category"),
    "year": Bilingual("年度", "year"),
}


def _choices(*enums) -> dict:
    labels = {}
    for enum in enums:
        for value, label in enum.choices:
            labels[value] = label
    return labels


CATEGORY_LABELS = {
    **_choices(Status, EventKind, GradeChoice, Conclusion, PenaltyKind, FindingConclusion, ListKind, ProjectCategory),
}
CATEGORY_LABELS_ZH = {
    "active": "正常", "deregistered": "注销", "revoked": "撤销登记", "certificate_cancelled": "吊销登记证书",
    "deregistration": "注销登记", "revocation": "撤销登记", "certificate_cancellation": "吊销登记证书",
    "5A": "5A", "4A": "4A", "3A": "3A", "2A": "2A", "1A": "1A",
    "qualified": "合格", "basically_qualified": "基本合格", "unqualified": "不合格", NO_CONCLUSION: "已审查（无结论）",
    "warning": "警告", "fine": "罚款", "confiscation": "没收违法所得", "suspension": "责令限期停止活动",
    "no_problem": "未发现问题", "rectify": "发现问题，责令整改", "referred": "发现问题，移交查处",
    "abnormal": "活动异常名录", "serious": "严重违法失信名单",
    "direct": "组织直接提供", "member_unit": "会员单位提供", "incubating": "孵化中", "registered": "已登记",
    "filed": "已备案", "left": "已离开",
    RECOGNITION: "慈善组织认定", QUALIFICATION: "公开募捐资格", MONEY: "货币", GOODS: "物资（估值）",
    ORDINARY: "普通募捐", EMERGENCY: "紧急募捐（事后备案）", "poverty": "助困", "medical": "助医",
    "education": "助学", "elderly": "助老", "disaster": "救灾", "other": "其他",
}
CATEGORY_LABELS_EN = {
    "active": "Active", "deregistered": "Deregistered", "revoked": "Registration revoked",
    "certificate_cancelled": "Certificate cancelled", "deregistration": "Deregistration",
    "revocation": "Revocation of registration", "certificate_cancellation": "Certificate cancellation",
    "5A": "5A", "4A": "4A", "3A": "3A", "2A": "2A", "1A": "1A", "qualified": "Qualified",
    "basically_qualified": "Basically qualified", "unqualified": "Unqualified",
    NO_CONCLUSION: "Reviewed (no conclusion)", "warning": "Warning", "fine": "Fine",
    "confiscation": "Confiscation of illegal gains", "suspension": "Suspension of activities",
    "no_problem": "No problem found", "rectify": "Problems found: rectification ordered",
    "referred": "Problems found: referred", "abnormal": "Abnormal-activity list",
    "serious": "Serious illegal and dishonest list",
    "direct": "Offered directly", "member_unit": "Offered by member units", "incubating": "Being incubated",
    "registered": "Registered", "filed": "Filed", "left": "Left",
    RECOGNITION: "Charity recognition", QUALIFICATION: "Public-fundraising qualification", MONEY: "Money",
    GOODS: "Goods (valued)", ORDINARY: "Ordinary", EMERGENCY: "Emergency (filed afterwards)",
    "poverty": "Poverty relief", "medical": "Medical aid", "education": "Education aid", "elderly": "Elderly care",
    "disaster": "Disaster relief", "other": "Other",
}
LEVEL_LABELS = {Level.NATIONAL: ("全国性", "National"), Level.PROVINCIAL: ("省级", "Provincial"),
                Level.CITY: ("市级", "City"), Level.COUNTY: ("县级", "County")}
TYPE_LABELS = {OrgType.SOCIAL_GROUP: ("社会团体", "Social group"),
               OrgType.SOCIAL_SERVICE_AGENCY: ("社会服务机构", "Social service agency"),
               OrgType.FOUNDATION: ("基金会", "Foundation"),
               OrgType.COMMUNITY_ORG: ("社区社会组织（备案）", "Community organization (filed)")}


# --- exchange: resources and demands, government purchase of services (issue 13) ------------------------------
EXCHANGE = (
    Indicator("EXC-RESOURCES", "发布资源数", "Resources published", "项", "resources",
              "统计年度内社会组织在资源清单上发布的资源数（资金、物资、服务、场地、专业力量），按发布组织的登记管理机关统计，按类型分列。",
              "Resources organizations published on the resource list in the year (funds, goods, services, venues, "
              "expertise), by the publishing organization's registration authority, by kind.",
              Term("exchange_resources"), category=("资源类型", "kind"), year_kind="event", source="exchange"),
    Indicator("EXC-DEMANDS", "发布需求数", "Needs published", "项", "needs",
              "统计年度内社区、政府部门等在需求清单上发布的需求数，按需求所在地区统计，按类型分列。",
              "Needs communities, government departments and organizations published on the demand list in the "
              "year, by the area of the need, by kind.",
              Term("exchange_demands"), category=("资源类型", "kind"), year_kind="event", source="exchange"),
    Indicator("EXC-DELIVERED", "对接成功数", "Matches delivered", "项", "matches",
              "统计年度内资源与需求对接并已交付的次数，按提供资源的组织的登记管理机关统计。",
              "Matches of a resource with a need delivered in the year, by the providing organization's "
              "registration authority.",
              Term("exchange_delivered"), year_kind="event", source="exchange"),
    Indicator("GPS-PROJECTS", "政府购买服务项目数", "Purchased service projects", "个", "projects",
              "统计年度内确定承接方的政府购买社会组织服务项目数（含工会经费购买），按购买方所在行政区划统计，按资金来源分列。",
              "Projects of government (and trade-union) purchase of services from social organizations awarded in "
              "the year, by the purchaser's division, by source of funds.",
              Term("exchange_purchases"), category=("资金来源", "source of funds"), year_kind="event",
              source="exchange"),
    Indicator("GPS-CONTRACT-AMOUNT", "购买服务合同金额", "Contract amounts of purchased services", "元", "yuan",
              "统计年度内签订的政府购买服务合同金额合计，按购买方所在行政区划统计，按资金来源分列。",
              "The amounts of the purchase-of-services contracts signed in the year, by the purchaser's division, "
              "by source of funds.",
              Term("exchange_contracts", "amount"), category=("资金来源", "source of funds"), year_kind="event",
              source="exchange"),
    Indicator("GPS-PERSON-TIMES", "购买服务服务人次", "Person-times served by purchased services", "人次",
              "person-times",
              "统计年度内政府购买服务项目记录的服务人次合计，按购买方所在行政区划统计，按资金来源分列。",
              "Person-times served recorded by purchased service projects in the year, by the purchaser's "
              "division, by source of funds.",
              Term("exchange_person_times", "person_times"), category=("资金来源", "source of funds"),
              year_kind="event", source="exchange"),
    Indicator("GPS-EXCELLENT", "优秀项目数", "Excellent projects", "个", "projects",
              "统计年度内认定的优秀项目数，按购买方所在行政区划统计，按类别分列。",
              "Projects designated excellent in the year, by the purchaser's division, by category.",
              Term("exchange_excellent"), category=("类别", "category"), year_kind="event", source="exchange"),
)
CATALOGUE = CATALOGUE + EXCHANGE
INDICATORS.update({i.id: i for i in EXCHANGE})


def _exchange_labels():
    from exchange.models import ExcellentCategory, Funding, Kind

    for enum in (Kind, Funding, ExcellentCategory):
        CATEGORY_LABELS.update(dict(enum.choices))
    CATEGORY_LABELS_ZH.update({"funds": "资金", "goods": "物资", "services": "服务", "venues": "场地",
                               "expertise": "专业力量", "government": "财政资金", "union": "工会经费",
                               "skills": "劳动竞赛和技能提升类", "health": "职工健康服务类",
                               "children": "职工子女服务类", "culture": "职工文体服务类",
                               "stations": "站点平台服务类", "new_forms": "新就业形态劳动者服务类",
                               "prosperity": "助力共同富裕服务类", "volunteer": "公益志愿服务类"})
    CATEGORY_LABELS_EN.update({"funds": "Funds", "goods": "Goods", "services": "Services", "venues": "Venues",
                               "expertise": "Expertise", "government": "Government budget",
                               "union": "Trade union funds", "skills": "Labour competitions and skills",
                               "health": "Workers' health", "children": "Workers' children",
                               "culture": "Workers' culture and sports", "stations": "Service stations and platforms",
                               "new_forms": "Workers in new forms of employment", "prosperity": "Common prosperity",
                               "volunteer": "Public-interest volunteering"})


_exchange_labels()
