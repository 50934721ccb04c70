"""python manage.py load_demo_exchange [--seed N]

Demo resources, demands, matches and purchased services for the demo register (run ``load_demo``,
``load_demo_supervision`` and ``load_demo_credit`` first: awards read their reports, grades and lists). Made only
through exchange's services, so every act is validated and audited like a real one:

* up to 40 active demo organizations publish a resource each (kinds and fields in turn, their own county or
  their city as the area);
* officers publish 12 demands of communities and departments in the demo counties; the best match of the first
  four is contacted, of three agreed, of two delivered;
* three purchase plans (one union-funded) of demo counties are called and awarded to organizations the register
  finds eligible; two are contracted with milestones, a payment and person-times served; one is evaluated
  excellent and designated an excellent project.

Deterministic and idempotent: a second run finds its own audit events and adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from registry.models import Organization, Status
from supervision.demo import DemoLoader

from ... import eligibility, services
from ...models import ExcellentCategory, Field, Kind

REQUEST_ID = "load-demo-exchange"
LOADER_ACTIONS = ("exchange.resource_published",)
COMMUNITIES = ("社区居委会", "街道办事处", "村民委员会", "区民政局", "区卫生健康委员会", "区总工会")


class Command(DemoLoader):
    help = ("载入演示资源对接与政府购买服务数据 / Load demo resources, demands, matches and purchased services "
            "through the services.")

    request_id = REQUEST_ID
    loader_actions = LOADER_ACTIONS
    logins = ("demo-admin",)
    already_zh, already_en = "演示资源对接数据", "demo exchange data"

    def load(self):
        admin = self.users["demo-admin"]
        today = timezone.localdate()
        kinds, fields = list(Kind.values), list(Field.values)[:6]
        orgs = list(Organization.objects.filter(is_demo=True, status=Status.ACTIVE).select_related("authority")
                    .order_by("id")[:40])
        with transaction.atomic():
            for i, org in enumerate(orgs):
                area = org.authority_id if i % 3 or not org.authority.parent_id else org.authority.parent_id
                services.publish_resource(admin, org, {
                    "kind": kinds[i % len(kinds)], "field": fields[i % len(fields)],
                    "title": f"{org.name[:12]}（演示）提供的服务", "area": area,
                    "amount": str(10000 * (1 + (i * 7 + self.seed) % 9)),
                    "available_from": (today - timedelta(days=30)).isoformat(),
                    "available_to": (today + timedelta(days=200 + 10 * (i % 5))).isoformat()})
            areas = sorted({o.authority_id for o in orgs if not o.authority_id.endswith("00")})[:4] or ["110101"]
            demands = []
            for i in range(12):
                area = areas[i % len(areas)]
                demands.append(services.publish_demand(admin, {
                    "publisher_kind": ("community", "government")[i % 2],
                    "publisher_name": f"（演示）{COMMUNITIES[i % len(COMMUNITIES)]}", "kind": kinds[i % len(kinds)],
                    "field": fields[i % len(fields)], "title": f"（演示）需求 {i + 1}", "area": area,
                    "amount": str(20000 + 5000 * (i % 4)),
                    "needed_from": (today + timedelta(days=5)).isoformat(),
                    "needed_to": (today + timedelta(days=120)).isoformat()}))
            for i, demand in enumerate(demands[:4]):
                ranked = services.ranked_matches(demand, 1)
                if not ranked:
                    continue
                for stage in ("contacted", "agreed", "delivered")[:(3, 3, 2, 1)[i]]:
                    services.record_outcome(admin, demand, {"resource": ranked[0].resource.public_id,
                                                            "stage": stage})
            self.purchases(admin, orgs, today)

    def purchases(self, admin, orgs, today):
        eligible = [o for o in orgs if not o.authority_id.endswith("00")
                    and not eligibility.refusals(o, today - timedelta(days=30), None)][:3]
        day = lambda n: (today + timedelta(days=n)).isoformat()  # noqa: E731
        for i, org in enumerate(eligible):
            plan = services.create_plan(admin, {
                "purchaser_name": ("（演示）区民政局", "（演示）区总工会", "（演示）街道办事处")[i],
                "purchaser_division": org.authority_id, "funding": ("government", "union", "government")[i],
                "title": ("（演示）社区居家养老服务", "（演示）职工健康服务站", "（演示）困境儿童关爱")[i],
                "field": ("elderly", "workers", "children")[i], "budget": "200000", "year": today.year,
                "planned_on": day(-60)})
            call = services.open_call(admin, plan, {"opens_on": day(-50), "closes_on": day(-40)})
            award = services.award(admin, call, {"organization": org.code, "amount": str(180000 - 20000 * i),
                                                 "awarded_on": day(-30)})
            if i == 2:
                continue
            contract = services.sign_contract(admin, award, {
                "amount": str(award.amount), "signed_on": day(-25), "starts_on": day(-20), "ends_on": day(300),
                "person_times_target": 6000})
            milestone = services.add_milestone(admin, contract, {"title": "首期服务", "due_on": day(30),
                                                                 "amount": str(award.amount * 6 / 10)})
            services.add_milestone(admin, contract, {"title": "结项验收", "due_on": day(290),
                                                     "amount": str(award.amount * 4 / 10)})
            services.pay(admin, contract, {"milestone": milestone.public_id, "amount": str(award.amount * 3 / 10),
                                           "paid_on": day(-5)})
            services.deliver(admin, contract, {"milestone": milestone.public_id, "person_times": 1500 + 500 * i,
                                               "delivered_on": day(-3)})
            if i == 1:
                services.evaluate(admin, contract, {"score": "93", "result": "excellent",
                                                    "evaluator": "（演示）第三方评估机构"})
                services.designate(admin, contract, {"category": ExcellentCategory.HEALTH, "batch": "（演示）第二批"})
        self.stdout.write(f"演示资源对接数据已载入 / demo exchange data loaded: {len(orgs)} resources, 12 demands, "
                          f"{len(eligible)} purchased services")
