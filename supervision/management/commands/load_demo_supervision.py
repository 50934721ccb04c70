"""python manage.py load_demo_supervision [--seed N]

Supervision demo data for the demo register (organizations with ``is_demo``; run ``load_demo`` first), made only
through supervision's own services, so every row is validated and audited like an officer's work:

* annual work reports of the last report year for most active Dongcheng (110101) and Xicheng (110102) demo
  organizations, submitted by each organization's own account, first-reviewed by the business supervisor (by
  demo-supervisor for its unit, on paper for the others) and concluded 合格 / 基本合格 / 不合格 by the county; a few
  left awaiting review, demo-org's report returned for correction (its user has something to do), a few never
  submitted and one submitted late, recorded by the overdue sweep (``report_sweep``);
* administrative penalties: a warning and a fine below the threshold (abnormal list) and a fine above it (serious
  list);
* grades: a 4A through the whole rating flow (application, scores, committee decision, 公示, conferral) and a 3A
  recorded from the paper files;
* one published Dongcheng spot-check draw (fixed seed) with findings, one rectification completed and one overdue.

Dates are fixed within the report year Y and the year after it: Y is the latest year whose reporting season
(deadline 31 May of Y+1, reviews until August) is over. The services date each act by their clock
(:func:`common.clock.today`); the loader sets it to the demo date of each act (:func:`common.clock.acting_on`),
never to a date after the real today. Deterministic (fixed seed) and idempotent: a second run finds its own audit events and
adds nothing. It never touches an organization that is not a demo organization, and it runs the county-wide
steps (the overdue sweep, the spot-check draw) only in a county whose register is all demo organizations.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import Role, User
from common.clock import acting_on
from registry.models import Organization, Status
from supervision.demo import DemoLoader
from supervision.models import (
    AnnualReport,
    Draw,
    Grade,
    Penalty,
    ReportOverdue,
)
from supervision.penalties import services as penalties_services
from supervision.ratings import services as ratings_services
from supervision.reports import services as reports_services
from supervision.spotchecks import services as spotchecks_services

REQUEST_ID = "load-demo-supervision"
COUNTIES = {"110101": "demo-dongcheng", "110102": "demo-xicheng"}
REPORT_TYPES = ("social_group", "social_service_agency")  # foundations would need a CPA audit file
DEMO = "（演示）"
LOADER_ACTIONS = ("annual_report.submit", "penalty.record", "rating.grade.record", "spotcheck.plan")


clock = acting_on


def demo_only(authority: str) -> bool:
    """Whether every organization registered by ``authority`` is a demo organization (county-wide steps)."""
    orgs = Organization.objects.filter(authority_id=authority)
    return orgs.exists() and not orgs.filter(is_demo=False).exists()


class Command(DemoLoader):
    help = ("载入演示监管数据（年度报告、处罚、评估等级、抽查）/ Load demo supervision data (annual reports, penalties, "
            "grades, a spot check) for the demo organizations, through the services.")

    request_id = REQUEST_ID
    loader_actions = LOADER_ACTIONS
    logins = ("demo-admin", *COUNTIES.values())
    optional_logins = ("demo-org", "demo-supervisor")
    already_zh, already_en = "演示监管数据", "demo supervision data"

    def load(self):
        self.counts = {"reports": 0, "concluded": 0, "missing": 0, "late": 0, "penalties": 0, "grades": 0,
                       "findings": 0}
        with transaction.atomic():
            self.load_all()
        self.summary()

    # --- helpers ---------------------------------------------------------------------------------------------

    def officer(self, org: Organization) -> User:
        return self.users[COUNTIES[org.authority_id]]

    def org_user(self, org: Organization) -> User:
        """The organization's own account: demo-org for its organization, else a demo account without a password."""
        bound = User.objects.filter(role=Role.ORGANIZATION, organization_id_bound=org.pk).order_by("id").first()
        if bound is not None:
            return bound
        return User.objects.create(username=f"demo-org-{org.code}"[:150], role=Role.ORGANIZATION,
                                   organization_id_bound=org.pk, password=make_password(None))

    def reporting(self, authority: str) -> list[Organization]:
        return list(Organization.objects.filter(
            is_demo=True, authority_id=authority, status=Status.ACTIVE, org_type__in=REPORT_TYPES,
            founded_on__lte=date(self.year, 12, 31)).order_by("id"))

    def figures(self, org: Organization, rng: random.Random) -> dict:
        parts = {"income_donations": rng.randrange(0, 300_000, 1000), "income_government": rng.randrange(0, 500_000, 1000),
                 "income_service_fees": rng.randrange(0, 400_000, 1000),
                 "income_membership_dues": rng.randrange(0, 100_000, 500) if org.org_type == "social_group" else 0,
                 "income_other": rng.randrange(0, 20_000, 100)}
        income = sum(parts.values())
        programmes = income * rng.randrange(70, 90) // 100
        administration = income * rng.randrange(5, 12) // 100
        liabilities, net = rng.randrange(0, 200_000, 1000), rng.randrange(50_000, 900_000, 1000)
        return {**{k: str(v) for k, v in parts.items()}, "income_total": str(income),
                "expense_programmes": str(programmes), "expense_administration": str(administration),
                "expense_fundraising": "0", "expense_total": str(programmes + administration),
                "total_assets": str(liabilities + net), "total_liabilities": str(liabilities), "net_assets": str(net),
                "employees": rng.randrange(2, 40), "volunteers": rng.randrange(0, 120),
                "branches": rng.randrange(0, 3) if org.org_type == "social_group" else 0,
                "party_organization": rng.random() < 0.7,
                "activities": f"{self.year} 年度开展业务活动、培训和公益服务{DEMO} / activities of {self.year} (demo)"}

    # --- the load ----------------------------------------------------------------------------------------------

    def load_all(self):
        y = self.year
        demo_org_user = self.users.get("demo-org")
        own = demo_org_user.organization_id_bound if demo_org_user else None
        plans = {}
        for authority in COUNTIES:
            rng = random.Random(f"{self.seed}-{authority}")
            orgs = [o for o in self.reporting(authority) if o.pk != own]
            rng.shuffle(orgs)
            missing, rest = orgs[:2], orgs[2:]
            late = rest[:1] if authority == "110101" else []
            on_time = rest[len(late):]
            plans[authority] = {"missing": missing, "late": late, "on_time": on_time}
            for org in on_time:
                self.submit(org, date(y + 1, 3, 1) + timedelta(days=rng.randrange(0, 80)), rng)
            for org in late:
                self.submit(org, date(y + 1, 6, 20), rng)
        if own is not None:
            own_org = Organization.objects.filter(pk=own, is_demo=True, status=Status.ACTIVE).first()
            if own_org is not None and own_org.org_type in REPORT_TYPES and own_org.founded_on.year <= y:
                self.demo_org_report(own_org, random.Random(f"{self.seed}-own"))
        # The overdue sweep the day after the deadline (the missing ones), and a month later (the late one).
        for authority in COUNTIES:
            if demo_only(authority):
                for as_of in (date(y + 1, 6, 1), date(y + 1, 7, 1)):
                    reports_services.sweep_overdue(as_of=as_of, jurisdiction=authority, year=y,
                                                   actor=self.users["demo-admin"])
        self.counts["missing"] = ReportOverdue.objects.filter(organization__is_demo=True, year=y,
                                                              kind="missing").count()
        self.counts["late"] = ReportOverdue.objects.filter(organization__is_demo=True, year=y, kind="late").count()
        # Reviews: the first on_time report of each county waits for the authority; the others are concluded.
        conclusions = ["qualified", "basically_qualified", "qualified", "qualified", "unqualified"] + ["qualified"] * 5
        for authority, plan in plans.items():
            rng = random.Random(f"{self.seed}-{authority}-review")
            for index, org in enumerate(plan["on_time"] + plan["late"]):
                report = AnnualReport.objects.get(organization=org, year=y)
                day = report.first_submitted_on + timedelta(days=rng.randrange(3, 15))
                if report.state == "awaiting_first_review":
                    self.first_review(report, org, day)
                if index == 0:
                    continue
                conclusion = conclusions[index % len(conclusions)] if org not in plan["late"] else "qualified"
                self.conclude(report, org, max(day, date(y + 1, 6, 1)) + timedelta(days=rng.randrange(0, 40)),
                              conclusion)
        qualified = {a: [o for o in p["on_time"][1:] if AnnualReport.objects.get(organization=o, year=y).conclusion
                         == "qualified"] for a, p in plans.items()}
        graded = self.grades(qualified)
        self.penalties(qualified, graded)
        if demo_only("110101"):
            self.spot_check(exclude={own, *graded})

    def submit(self, org, day, rng):
        with clock(day):
            reports_services.submit_report(self.org_user(org), org, {"year": self.year, **self.figures(org, rng)})
        self.counts["reports"] += 1

    def first_review(self, report, org, day, outcome="passed", reasons=""):
        supervisor = self.users.get("demo-supervisor")
        with clock(day):
            if supervisor is not None and Organization.objects.supervised_by(supervisor).filter(pk=org.pk).exists():
                reports_services.record_review(supervisor, report, stage="first_review", outcome=outcome,
                                               reasons=reasons, reviewed_on=day)
            else:  # the supervisor's first review came on paper; the county officer records it
                reports_services.record_review(self.officer(org), report, stage="first_review", outcome=outcome,
                                               reasons=reasons, reviewed_on=day, supervisor_name=org.supervisor)

    def conclude(self, report, org, day, conclusion):
        reasons = {"qualified": "",
                   "basically_qualified": f"财务管理制度不够健全，会计凭证不完整{DEMO} / incomplete accounting records (demo)",
                   "unqualified": f"未按章程召开会员（代表）大会，财务收支未纳入法定账簿{DEMO} / no general assembly held; "
                                  "income kept off the books (demo)"}[conclusion]
        with clock(day):
            reports_services.record_review(self.officer(org), report, stage="authority", outcome="concluded",
                                           conclusion=conclusion, reasons=reasons, reviewed_on=day)
        self.counts["concluded"] += 1

    def demo_org_report(self, org, rng):
        """demo-org's report: submitted in time, then returned by its supervisor, so its user has something to do."""
        self.submit(org, date(self.year + 1, 4, 15), rng)
        report = AnnualReport.objects.get(organization=org, year=self.year)
        if report.state == "awaiting_first_review":
            self.first_review(report, org, date(self.year + 1, 4, 25), outcome="returned",
                              reasons=f"请补充志愿者服务时长统计和党建工作情况后重新报送{DEMO} / add the volunteer hours and "
                                      "the Party-building section, then resubmit (demo)")

    def grades(self, qualified) -> set[int]:
        """A 4A through the rating flow in Dongcheng, a 3A recorded from the paper files in Xicheng."""
        y, graded = self.year, set()
        old = [o for o in qualified.get("110101", []) if o.founded_on <= date(y - 2, 1, 1)]
        if old:
            org = old[0]
            officer, applicant = self.officer(org), self.org_user(org)
            with clock(date(y + 1, 8, 1)) as day:
                app = ratings_services.apply_for_rating(applicant, org, on=day, note=f"申请等级评估{DEMO}")
            with clock(date(y + 1, 8, 8)) as day:
                entries = [{"indicator": i.code, "points": str((i.max_points * Decimal("0.85")).quantize(
                    Decimal("0.01"))), "comment": DEMO} for i in app.sheet_version.indicators.order_by("order")]
                ratings_services.score(officer, app, entries, on=day)
            with clock(date(y + 1, 8, 10)) as day:
                ratings_services.decide(officer, app, decided_on=day, decision_number=f"东民评〔{y + 1}〕1号{DEMO}")
            with clock(date(y + 1, 8, 20)) as day:
                ratings_services.confer(officer, app, on=day, certificate_number=f"DC-{y + 1}-4A-001{DEMO}")
            graded.add(org.pk)
        candidates = qualified.get("110102", [])
        if candidates:
            org = candidates[0]
            ratings_services.record_grade(
                self.officer(org), org, grade="3A", conferred_on=date(y - 1, 12, 20),
                basis=f"西城区社会组织评估委员会 {y - 1} 年评估结果（纸质档案）{DEMO} / paper files of the {y - 1} "
                      "evaluation (demo)", certificate_number=f"XC-{y - 1}-3A-007{DEMO}",
                decision_number=f"西民评〔{y - 1}〕12号{DEMO}")
            graded.add(org.pk)
        self.counts["grades"] = Grade.objects.filter(organization__is_demo=True).count()
        return graded

    def penalties(self, qualified, graded):
        """A warning and a small fine (abnormal list), a fine above the threshold (serious list)."""
        y = self.year
        basis = {"social_group": "《社会团体登记管理条例》第三十条", "social_service_agency": "《民办非企业单位登记管理暂行条例》第二十五条"}
        plan = [("110101", "warning", None, date(y + 1, 3, 16), f"东民罚字〔{y + 1}〕第3号{DEMO}",
                 f"未按规定办理负责人变更备案{DEMO} / change of officers not filed (demo)"),
                ("110101", "fine", "80000.00", date(y + 1, 4, 10), f"东民罚字〔{y + 1}〕第5号{DEMO}",
                 f"违反规定收取费用，违法所得数额较大{DEMO} / unlawful fees on a large scale (demo)"),
                ("110102", "fine", "20000.00", date(y + 1, 5, 12), f"西民罚字〔{y + 1}〕第2号{DEMO}",
                 f"超出章程规定的宗旨和业务范围开展活动{DEMO} / activities outside the statutes (demo)")]
        used = {a: [o for o in reversed(orgs) if o.pk not in graded] for a, orgs in qualified.items()}
        for authority, kind, amount, day, number, facts in plan:
            if not used.get(authority):
                continue
            org = used[authority].pop(0)
            penalties_services.record_penalty(self.officer(org), org, {
                "penalty": kind, "amount": amount, "decided_on": day, "decision_number": number,
                "legal_basis": basis[org.org_type], "facts": facts})
        self.counts["penalties"] = Penalty.objects.filter(organization__is_demo=True).count()

    def spot_check(self, exclude):
        """Dongcheng's periodic spot check of the year after the report year: drawn, checked, published."""
        y = self.year
        officer = self.users["demo-dongcheng"]
        with clock(date(y + 1, 3, 2)):
            for name, badge in (("王建国", "DC-01"), ("李秀英", "DC-02"), ("张海燕", "DC-03"), ("刘志强", "DC-04")):
                spotchecks_services.add_inspector(officer, division_code="110101", name=name + DEMO,
                                                  unit="东城区民政局社会组织管理科", badge_number=badge)
            plan = spotchecks_services.create_plan(
                officer, authority_code="110101", year=y + 1, kind="periodic", rate="10",
                title=f"东城区 {y + 1} 年度社会组织“双随机、一公开”抽查{DEMO}",
                scope_note="演示数据 / demo data")
        with clock(date(y + 1, 4, 15)):
            draw = spotchecks_services.run_draw(officer, plan, seed=f"socorg-demo-{self.seed}-{y + 1}")
        targets = list(draw.targets.select_related("organization").order_by("position"))
        problems = [t for t in targets if t.organization_id not in exclude and t.organization.org_type in REPORT_TYPES]
        overdue, completed = (problems + [None, None])[:2]
        for n, target in enumerate(targets):
            inspectors = list(target.inspectors.values_list("inspector_id", flat=True))
            checked = date(y + 1, 5, 6) + timedelta(days=2 * n)
            conclusion = "rectify" if target in (overdue, completed) else "no_problem"
            summary = {"rectify": f"未按规定公开年度工作报告，印章管理不规范{DEMO} / annual report not published; seals not "
                                  "kept properly (demo)",
                       "no_problem": f"未发现问题{DEMO} / no problem found (demo)"}[conclusion]
            with clock(checked):
                finding = spotchecks_services.record_finding(officer, target, method="on_site", checked_on=checked,
                                                             conclusion=conclusion, summary=summary,
                                                             inspector_ids=inspectors)
            self.counts["findings"] += 1
            if conclusion == "rectify":
                issued = checked + timedelta(days=4)
                with clock(issued):
                    notice = spotchecks_services.issue_rectification(
                        officer, finding, issued_on=issued,
                        requirements=f"30 日内在统一信息平台公开年度工作报告，建立印章使用登记制度{DEMO} / publish the annual "
                                     "report and keep a seal register within 30 days (demo)")
                if target is completed:
                    with clock(issued + timedelta(days=20)) as day:
                        spotchecks_services.complete_rectification(
                            officer, notice, completed_on=day, note=f"已按期完成整改{DEMO} / rectified in time (demo)")
        with clock(date(y + 1, 6, 30)) as day:
            if targets:
                spotchecks_services.publish_results(officer, draw, on=day)

    def summary(self):
        c, y = self.counts, self.year
        draws = Draw.objects.filter(plan__authority_id="110101", plan__title__endswith=DEMO).count()
        self.stdout.write(self.style.SUCCESS(
            f"演示监管数据 / demo supervision data ({y} 年度 / report year {y}):"))
        self.stdout.write(f"  年度工作报告 {c['reports']} 份，已作结论 {c['concluded']} 份 / annual reports: {c['reports']} "
                          f"submitted, {c['concluded']} concluded")
        self.stdout.write(f"  逾期未报 {c['missing']}，逾期报送 {c['late']} / overdue: {c['missing']} missing, "
                          f"{c['late']} late")
        self.stdout.write(f"  行政处罚 {c['penalties']} 项 / administrative penalties: {c['penalties']}")
        self.stdout.write(f"  评估等级 {c['grades']} 个 / grades: {c['grades']}")
        self.stdout.write(f"  抽查 {draws} 次，检查结果 {c['findings']} 条（已公开）/ spot checks: {draws} draw, "
                          f"{c['findings']} published findings")
