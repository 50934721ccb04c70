"""python manage.py load_demo_charity [--seed N]

Charity demo data for the demo register (run ``load_demo``, ``load_demo_supervision`` and ``load_demo_credit``
first: recognition reads their penalties, reports and lists). Made only through charity's services, dated with the
services' clock (:func:`common.clock.acting_on`), so every act is validated and audited like a real one:

* up to three demo organizations that the register finds eligible today apply for recognition and are recognized;
  the first also obtains the public-fundraising qualification (Order 74 Art. 5 checklist with evidence);
* it files a regular plan (10 days ahead) and an emergency plan (within 10 days after the start), receives money
  and goods from a person, an organization and an anonymous donor, disburses to an institution, reverses one
  receipt, and discloses the emergency receipts — then stops, so an overdue disclosure shows on the workbench;
* a project funded by the regular plan, with a disbursement tagged to it and a progress disclosure;
* one more eligible organization's application is left pending, so the decision clock shows;
* beneficiaries with eligibility rules, an imported aid list, a suspected duplicate and an in-kind distribution
  programme (``charity.demo_benef``).

Deterministic and idempotent: a second run finds its own audit events and adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from common.clock import acting_on
from registry.models import Organization, Status
from supervision.demo import DemoLoader

from ... import ledger, projects, services
from ...eligibility import QUALIFICATION, RECOGNITION, eligibility
from ...rules import GOVERNANCE_ITEMS

REQUEST_ID = "load-demo-charity"
LOADER_ACTIONS = ("charity.application.file",)
TYPES = ("foundation", "social_group", "social_service_agency")


class Command(DemoLoader):
    help = ("载入演示慈善数据（认定、公开募捐资格、募捐方案、捐赠账簿）/ Load demo charity data (recognition, "
            "qualification, plans, the donations ledger) through the services.")

    request_id = REQUEST_ID
    loader_actions = LOADER_ACTIONS
    logins = ("demo-admin",)
    already_zh, already_en = "演示慈善数据", "demo charity data"

    def candidates(self, on, limit):
        """Demo organizations eligible for recognition on ``on``, in a fixed order (the register decides)."""
        found = []
        rows = (Organization.objects.filter(is_demo=True, status=Status.ACTIVE, org_type__in=TYPES,
                                            founded_on__lte=on - timedelta(days=400))
                .select_related("authority").order_by("-founded_on", "id"))
        for org in rows[:400]:
            if eligibility(org, RECOGNITION, on).eligible:
                found.append(org)
                if len(found) == limit:
                    break
        return found

    def load(self):
        admin = self.users["demo-admin"]
        today = timezone.localdate()
        start = today - timedelta(days=60)
        orgs = self.candidates(start, 4)
        if not orgs:
            self.stdout.write("没有符合认定条件的演示组织，未载入 / no eligible demo organization: nothing loaded")
            return
        with transaction.atomic():
            recognized = []
            count = min(3, max(1, len(orgs) - 1))  # keep one eligible organization's application pending
            for org in orgs[:count]:
                with acting_on(start):
                    app = services.apply(admin, org, RECOGNITION, resolution_on=start - timedelta(days=7),
                                         resolution_ref="理事会决议（演示）", statement="申请认定为慈善组织（演示）")
                with acting_on(start + timedelta(days=12)):
                    services.decide(admin, app, outcome="grant")
                recognized.append(org)
            pending = orgs[count:count + 1]
            for org in pending:
                with acting_on(today - timedelta(days=3)):
                    services.apply(admin, org, RECOGNITION, resolution_on=today - timedelta(days=10),
                                   resolution_ref="理事会决议（演示）")
            plans = self.fundraising(admin, recognized[0], today) if recognized else []
        self.stdout.write(f"认定 {len(recognized)} 家、待决定 {len(pending)} 家、募捐方案 {len(plans)} 个 / "
                          f"{len(recognized)} recognized, {len(pending)} pending, {len(plans)} plans")

    def fundraising(self, admin, org, today):
        qualified_on = today - timedelta(days=45)
        if not eligibility(org, QUALIFICATION, qualified_on).eligible:
            return []
        checklist = {item.id: {"met": True, "evidence": f"{item.id}（演示材料）", "supervisors": 3}
                     for item in GOVERNANCE_ITEMS}
        with acting_on(qualified_on):
            app = services.apply(admin, org, QUALIFICATION, resolution_on=qualified_on - timedelta(days=5),
                                 resolution_ref="理事会决议（演示）", governance=checklist)
        with acting_on(qualified_on + timedelta(days=8)):
            services.decide(admin, app, outcome="grant")
        common = {
            "area": org.authority.full_name if hasattr(org.authority, "full_name") else org.authority_id,
            "person_in_charge": "张明（演示）", "office_address": org.domicile or "（演示地址）",
            "receiving_accounts": [{"bank": "中国工商银行（演示）", "name": org.name, "number": "0200000000000001"}],
            "online_platform": "腾讯公益", "beneficiaries": "80 周岁以上城市低保对象家庭",
            "use_of_funds": "每户一份价值 500 元的健康包", "fundraising_cost": "不从善款中列支",
            "residual_property": "转入同类助老项目"}
        filed = today - timedelta(days=35)
        with acting_on(filed):
            regular = services.file_plan(admin, org, {**common, "purpose": "慈善助医健康包（演示）",
                                                      "starts_on": filed + timedelta(days=10),
                                                      "ends_on": today + timedelta(days=60),
                                                      "target_amount": "500000.00"})
            emergency = services.file_plan(admin, org, {**common, "purpose": "洪涝灾害应急救助（演示）",
                                                        "starts_on": filed - timedelta(days=5),
                                                        "ends_on": today + timedelta(days=20),
                                                        "beneficiaries": "受灾群众"}, emergency=True)
        gifts = [
            (regular, {"donor_kind": "person", "donor_name": "王芳（演示）", "channel": "bank",
                       "external_id": "DEMO-B-0001", "amount": "2000.00"}, 20),
            (regular, {"donor_kind": "organization", "donor_name": "演示科技有限公司", "channel": "platform",
                       "external_id": "DEMO-P-0001", "amount": "50000.00"}, 18),
            (regular, {"donor_kind": "anonymous", "channel": "on_site", "amount": "8000.00", "goods": "电子血压计",
                       "quantity": "40", "unit": "台", "valuation_basis": "捐赠方提供的发票价"}, 15),
            (regular, {"donor_kind": "person", "donor_name": "李雷（演示）", "channel": "bank",
                       "external_id": "DEMO-B-0002", "amount": "300.00"}, 12),
            (emergency, {"donor_kind": "organization", "donor_name": "演示集团", "channel": "bank",
                         "external_id": "DEMO-B-0101", "amount": "120000.00"}, 33),
        ]
        receipts = []
        for plan, data, days_ago in gifts:
            day = today - timedelta(days=days_ago)
            with acting_on(day):
                receipts.append(ledger.record_donation(admin, plan, {**data, "received_on": day}))
        with acting_on(today - timedelta(days=24)):
            project = projects.create_project(admin, org, {
                "name": "慈善助医健康包（演示）", "category": "elderly", "starts_on": today - timedelta(days=24),
                "ends_on": today + timedelta(days=220), "budget": "500000.00", "funding_sources": "公开募捐",
                "plan": regular.filing_number,
                "description": "为 80 周岁以上城市低保对象家庭发放价值 500 元的健康包"})
        with acting_on(today - timedelta(days=10)):
            ledger.disburse(admin, regular, {"recipient_kind": "organization", "recipient_name": "演示敬老院",
                                             "amount": "20000.00", "memo": "发放健康包 40 份",
                                             "project": project.public_id})
            ledger.disburse(admin, regular, {"recipient_kind": "organization", "recipient_name": "演示敬老院",
                                             "amount": "4000.00", "memo": "电子血压计 20 台", "goods": "电子血压计",
                                             "quantity": "20", "unit": "台", "valuation_basis": "捐赠方提供的发票价"})
            ledger.reverse(admin, receipts[3], reason="银行退回：账户信息有误（演示）")
        with acting_on(today - timedelta(days=5)):
            projects.disclose_project(admin, project, {"kind": "progress", "spent": "20000.00",
                                                       "persons_served": "40", "institutions_served": "1",
                                                       "text": "已发放健康包 40 份（演示）"})
        from ...demo_benef import load as load_beneficiaries_and_distribution

        load_beneficiaries_and_distribution(admin, org, regular, project, today)
        for days_ago in (34, 29, 24):
            with acting_on(today - timedelta(days=days_ago)):
                services.disclose(admin, emergency, amount_received="120000.00", goods="",
                                  use_so_far="已采购救灾物资（演示）")
        return [regular, emergency]
