"""python manage.py load_demo_engagement [--seed N]

Engagement demo data for the demo register (run ``load_demo``, ``load_demo_supervision``, ``load_demo_credit`` and
``load_demo_charity`` first). Made only through engagement's services, dated with the services' clock
(:func:`common.clock.acting_on`), so every act is validated and audited like a real one:

* graduate jobs: three demo organizations in good standing post jobs (one through a member unit), graduates apply
  (valid, encrypted ID numbers), outcomes are recorded (interviewed, hired, declined); a duty target by type;
* pairing: a county is designated with a document marked as demo (no official list is in the project's data, so
  the demo never presents one as real), a 合力团 of three organizations and a single organization pair with it
  (many-to-one), projects report funds invested, purchases, sales help and beneficiaries; the pairing began last
  year, so some reports are overdue and the reminders task has something to say;
* incubation: a base with three incubated organizations (registered, left, still incubating) and a training
  session with attendance; shared venues: a room of the base and a community room, booked by three organizations.

Deterministic and idempotent: a second run finds its own audit events and adds nothing.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from common.clock import acting_on
from registry.demo import demo_id_number
from registry.models import Organization, Status
from supervision.demo import DemoLoader

from ... import services

REQUEST_ID = "load-demo-engagement"
LOADER_ACTIONS = ("engagement.posting.create",)
DEMO_COUNTY = "630106"  # 西宁市湟中区: designated here only as demo data, with a document marked as demo


class Command(DemoLoader):
    help = ("载入演示社会组织参与数据（毕业生就业、结对帮扶、孵化培训、共享场地）/ Load demo engagement data (graduate "
            "jobs, pairing, incubation and training, shared venues) through the services.")

    request_id = REQUEST_ID
    loader_actions = LOADER_ACTIONS
    logins = ("demo-admin",)
    already_zh, already_en = "演示社会组织参与数据", "demo engagement data"

    def candidates(self, on, limit):
        """Active demo organizations that may take part both on ``on`` and today (the credit demo lists some of
        them in between, and a posting is checked on the day it is made)."""
        today = timezone.localdate()
        found = []
        rows = (Organization.objects.filter(is_demo=True, status=Status.ACTIVE, founded_on__lte=on,
                                            authority__code__startswith="11")
                .exclude(org_type="community_org").select_related("authority").order_by("id"))
        for org in rows[:300]:
            if not services.standing_refusals(org, on) and not services.standing_refusals(org, today):
                found.append(org)
                if len(found) == limit:
                    break
        return found

    def load(self):
        admin = self.users["demo-admin"]
        today = timezone.localdate()
        orgs = self.candidates(today - timedelta(days=400), 6)
        if len(orgs) < 6:
            self.stdout.write("演示组织不足，未载入 / not enough demo organizations in good standing: nothing loaded")
            return
        with transaction.atomic():
            hired = self.jobs(admin, orgs, today)
            pairings = self.pairing(admin, orgs, today)
            self.incubation(admin, orgs, today)
        self.stdout.write(f"岗位 3 个、录用 {hired} 人、结对 {pairings} 个 / 3 postings, {hired} hired, "
                          f"{pairings} pairings")

    def jobs(self, admin, orgs, today):
        opened = today - timedelta(days=20)
        with acting_on(opened):
            postings = [
                services.create_posting(admin, orgs[0], {
                    "title": "项目专员（演示）", "positions": 3, "division": orgs[0].authority_id,
                    "requirements": "2026届高校毕业生，社会工作等相关专业", "opens_on": opened,
                    "closes_on": today + timedelta(days=40)}),
                services.create_posting(admin, orgs[0], {
                    "title": "会员企业技术岗（演示）", "member_unit": "演示会员企业有限公司", "positions": 20,
                    "division": orgs[0].authority_id, "opens_on": opened, "closes_on": today + timedelta(days=40)}),
                services.create_posting(admin, orgs[1], {
                    "title": "财务助理（演示）", "positions": 2, "division": orgs[1].authority_id, "opens_on": opened,
                    "closes_on": today + timedelta(days=25)}),
            ]
        applications = []
        for n in range(5):
            with acting_on(opened + timedelta(days=1 + n)):
                applications.append(services.apply(postings[n % 2 * 2], {
                    "name": f"演示毕业生{n + 1}", "id_number": demo_id_number(5000 + n), "phone": f"1390000{n:04d}",
                    "school": "演示大学", "graduation_year": today.year}))
        with acting_on(today - timedelta(days=8)):
            for application in applications[:4]:
                services.record_outcome(admin, application, {"outcome": "interviewed"})
        with acting_on(today - timedelta(days=3)):
            services.record_outcome(admin, applications[0], {"outcome": "hired"})
            services.record_outcome(admin, applications[2], {"outcome": "hired"})
            services.record_outcome(admin, applications[1], {"outcome": "declined"})
            services.set_duty_target(admin, {"division": "110000", "year": today.year, "org_type": "social_group",
                                             "posts_per_organization": 2,
                                             "document_number": "演示文件（非真实文件）第1号"})
        return 2

    def pairing(self, admin, orgs, today):
        start = date(today.year - 1, 7, 1)
        with acting_on(start - timedelta(days=30)):
            services.designate_county(admin, {"county": DEMO_COUNTY, "document_number": "演示文件（非真实认定）第1号",
                                              "issued_by": "演示发文机关", "designated_on": start - timedelta(days=30)})
            group = services.create_group(admin, {"name": "演示合力团", "lead": orgs[2].code,
                                                  "members": f"{orgs[3].code}\n{orgs[4].code}"})
        span = {"county": DEMO_COUNTY, "starts_on": start, "ends_on": date(today.year + 1, 6, 30)}
        with acting_on(start):
            single = services.create_pairing(admin, {**span, "organization": orgs[5].code, "agreement": "结对协议（演示）"})
            joint = services.create_pairing(admin, {**span, "group": group.name, "agreement": "合力团帮扶协议（演示）"})
        count = 0
        for pairing, name, budget, rounds in ((single, "特色种植产业帮扶（演示）", "800000.00", 2),
                                              (joint, "消费帮扶与技能培训（演示）", "2000000.00", 3)):
            with acting_on(start + timedelta(days=5)):
                project = services.add_project(admin, pairing, {"name": name, "budget": budget, "starts_on": start,
                                                                "ends_on": span["ends_on"]})
            for k in range(rounds):
                with acting_on(start + timedelta(days=90 * (k + 1))):
                    services.report_progress(admin, project, {
                        "invested": f"{150000 + 50000 * k}.00", "direct_purchases": f"{30000 + 1000 * k}.00",
                        "sales_help": f"{45000 + 2500 * k}.50", "beneficiaries": 300 + 40 * k})
                    count += 1
            first = pairing.deadlines.order_by("due_on").first()
            with acting_on(first.due_on + timedelta(days=3)):
                services.complete_deadline(admin, first, {"summary": "季度调度：项目按计划推进（演示）"})
            with acting_on(start + timedelta(days=20)):
                services.schedule_meeting(admin, pairing, {"period": "定期会商（演示）", "due_on": start + timedelta(days=30)})
        services.send_reminders(today)
        return 2

    def incubation(self, admin, orgs, today):
        opened = today - timedelta(days=500)
        with acting_on(opened):
            base = services.create_base(admin, {"name": "演示社会组织孵化基地", "division": orgs[0].authority_id,
                                                "operator": orgs[0].code, "opened_on": opened})
        rows = []
        for n, name in enumerate(("演示志愿服务队", "演示邻里互助会", "演示文化社")):
            with acting_on(opened + timedelta(days=30 + 30 * n)):
                rows.append(services.admit(admin, base, {"name": name, "entered_on": opened + timedelta(days=30 + 30 * n)}))
        with acting_on(opened + timedelta(days=300)):
            services.graduate(admin, rows[0], {"outcome": "registered", "graduated_on": opened + timedelta(days=300),
                                               "organization": orgs[3].code})
            services.graduate(admin, rows[1], {"outcome": "left", "graduated_on": opened + timedelta(days=300)})
        with acting_on(opened + timedelta(days=120)):
            services.create_session(admin, base, {"title": "社会组织财务与内部治理培训（演示）", "held_on": opened + timedelta(days=120),
                                                  "hours": "3.0", "attendance": "演示志愿服务队,3\n演示邻里互助会,2"})
        with acting_on(today - timedelta(days=60)):
            room = services.create_venue(admin, {"name": "孵化基地多功能厅（演示）", "division": orgs[0].authority_id,
                                                 "base": base.name, "capacity": 60, "opens_at": "09:00",
                                                 "closes_at": "21:00"})
            community = services.create_venue(admin, {"name": "社区共享会议室（演示）", "division": orgs[1].authority_id,
                                                      "community": "演示社区", "capacity": 20, "opens_at": "08:30",
                                                      "closes_at": "17:30"})
        for n, (venue, org) in enumerate(((room, orgs[0]), (room, orgs[2]), (community, orgs[1]), (room, orgs[5]))):
            services.book(admin, venue, {"organization": org.code, "day": today + timedelta(days=2 + n),
                                         "starts_at": "14:00", "ends_at": "16:00", "purpose": "会员大会（演示）",
                                         "attendees": 15})
