"""python manage.py load_demo_credit [--seed N]

Credit demo data for the demo register (organizations with ``is_demo``; run ``load_demo`` and then
``load_demo_supervision`` first, since the lists also read supervision's facts: overdue annual reports, penalties,
overdue rectification). Made only through credit's own services (:mod:`credit.services`), so every fact is
validated and audited like an officer's entry:

* two unsigned letters to the registered domicile, in Dongcheng and in Xicheng (ABN-6, abnormal list);
* a court notice naming a Xicheng organization a dishonest judgment debtor (SER-6, serious list);
* an honour (information only);
* one published batch of suspected illegal social organizations (names marked as demo).

Then the lists are derived as of today (:mod:`credit.sweep`): the national sweep when the whole register is demo
data, else :func:`credit.sweep.refresh` of the demo organizations only, so no other organization's entries are
written. Fact dates are fixed within the year after the report year Y (the year of load_demo_supervision).
Deterministic (fixed seed) and idempotent: a second run finds its own audit events and adds nothing. It never
touches an organization that is not a demo organization.
"""

import random
from datetime import date

from django.db import transaction
from django.utils import timezone

from registry.models import Organization, Status
from supervision.demo import DemoLoader

from ... import services
from ...models import IllegalOrgBatch, ListEntry
from ...sweep import refresh, sweep

REQUEST_ID = "load-demo-credit"
COUNTIES = {"110101": "demo-dongcheng", "110102": "demo-xicheng"}
TYPES = ("social_group", "social_service_agency")
DEMO = "（演示）"
LOADER_ACTIONS = ("credit.fact.create", "credit.illegal.publish")


class Command(DemoLoader):
    help = ("载入演示信用数据（信用信息、非法社会组织名单）并推导名单 / Load demo credit data (credit facts, an "
            "illegal-organization batch) for the demo organizations, through the services, and derive the lists.")

    request_id = REQUEST_ID
    loader_actions = LOADER_ACTIONS
    logins = ("demo-admin", "demo-beijing", *COUNTIES.values())
    optional_logins = ("demo-org",)
    already_zh, already_en = "演示信用数据", "demo credit data"

    def load(self):
        users, seed = self.users, self.seed
        own = users["demo-org"].organization_id_bound if "demo-org" in users else None
        with transaction.atomic():
            facts = self.facts(random.Random(seed), own)
            batch = self.illegal_batch()
            how = self.derive()
        self.summary(facts, batch, how)

    def candidates(self, authority: str, own) -> list[Organization]:
        """Active demo organizations of the county with neither a credit entry nor a grade yet, in a fixed order."""
        orgs = Organization.objects.filter(is_demo=True, authority_id=authority, status=Status.ACTIVE,
                                           org_type__in=TYPES, founded_on__lt=date(self.year, 1, 1))
        orgs = orgs.exclude(pk=own).exclude(pk__in=ListEntry.objects.values("organization_id"))
        try:
            from supervision.models import Grade, Penalty, ReportOverdue
        except ImportError:  # credit without supervision: nothing else to avoid
            return list(orgs.order_by("id"))
        busy = [*Grade.objects.values_list("organization_id", flat=True),
                *Penalty.objects.values_list("organization_id", flat=True),
                *ReportOverdue.objects.values_list("organization_id", flat=True)]
        return list(orgs.exclude(pk__in=busy).order_by("id"))

    def facts(self, rng: random.Random, own) -> list:
        y1 = self.year + 1
        plan = [
            ("110101", {"kind": "domicile_unreachable", "first_letter_on": date(y1, 2, 10),
                        "second_letter_on": date(y1, 3, 12), "occurred_on": date(y1, 3, 27),
                        "known_on": date(y1, 3, 27), "issuing_authority": "北京市东城区民政局",
                        "document_number": f"东民函〔{y1}〕17号{DEMO}",
                        "description": f"两次向登记住所邮寄专用信函均被退回{DEMO} / both letters returned (demo)"}),
            ("110102", {"kind": "domicile_unreachable", "first_letter_on": date(y1, 3, 3),
                        "second_letter_on": date(y1, 4, 7), "occurred_on": date(y1, 4, 21),
                        "known_on": date(y1, 4, 21), "issuing_authority": "北京市西城区民政局",
                        "document_number": f"西民函〔{y1}〕9号{DEMO}",
                        "description": f"两次向登记住所邮寄专用信函均无人签收{DEMO} / both letters unsigned (demo)"}),
            ("110102", {"kind": "court_dishonest_debtor", "occurred_on": date(y1, 5, 8), "known_on": date(y1, 5, 14),
                        "issuing_authority": "北京市西城区人民法院", "document_number": f"（{y1}）京0102执1234号{DEMO}",
                        "description": f"有履行能力而拒不履行生效法律文书确定的义务{DEMO} / refused to perform a judgment it "
                                       "could perform (demo)"}),
            ("110101", {"kind": "honour", "occurred_on": date(y1, 1, 18), "known_on": date(y1, 1, 18),
                        "issuing_authority": "北京市东城区人民政府",
                        "description": f"{self.year} 年度东城区优秀社会组织{DEMO} / outstanding social organization of "
                                       f"{self.year} (demo)"}),
        ]
        pools = {a: self.candidates(a, own) for a in COUNTIES}
        for pool in pools.values():
            rng.shuffle(pool)
        recorded = []
        for authority, data in plan:
            if not pools[authority]:
                continue
            org = pools[authority].pop(0)
            recorded.append(services.record_fact(self.users[COUNTIES[authority]], org, data))
        return recorded

    def illegal_batch(self) -> IllegalOrgBatch:
        y1 = self.year + 1
        return services.publish_illegal_batch(self.users["demo-beijing"], {
            "authority": "110000", "title": f"北京市民政局公布第一批涉嫌非法社会组织名单{DEMO}",
            "batch_number": f"{y1}-01{DEMO}", "published_on": date(y1, 4, 20),
            "organizations": [
                {"name": f"中华国学智慧传承总会{DEMO}", "aliases": ["国学智慧总会"],
                 "claimed_activities": "以举办国学论坛、颁发证书为名收取费用", "reported_where": "北京市东城区"},
                {"name": f"全国乡村振兴发展促进联盟{DEMO}", "aliases": ["乡村振兴促进联盟"],
                 "claimed_activities": "冒用“全国”字样开展评比表彰、收取会费", "reported_where": "北京市西城区"},
                {"name": f"中国青少年艺术素养评价中心{DEMO}", "aliases": [],
                 "claimed_activities": "未经登记开展考级、培训活动", "reported_where": "北京市朝阳区"},
            ]})

    def derive(self) -> str:
        """The lists as of today: the national sweep when every organization is a demo one, else only the demo
        organizations (refresh: the same derivation, for those organizations only)."""
        today = timezone.localdate()
        admin = self.users["demo-admin"]
        if not Organization.objects.filter(is_demo=False).exists():
            sweep(today, actor=admin)
            return "sweep"
        ids = list(Organization.objects.filter(is_demo=True).values_list("id", flat=True))
        for start in range(0, len(ids), 500):
            refresh(ids[start:start + 500], as_of=today, actor=admin)
        return "refresh"

    def summary(self, facts, batch, how):
        today = timezone.localdate()
        entries = ListEntry.objects.filter(organization__is_demo=True)
        abnormal = entries.filter(list_kind="abnormal", start_on__lte=today, end_on__isnull=True).count()
        serious = entries.filter(list_kind="serious", start_on__lte=today, end_on__isnull=True).count()
        self.stdout.write(self.style.SUCCESS(f"演示信用数据 / demo credit data (as of {today}):"))
        self.stdout.write(f"  信用信息 {len(facts)} 条 / credit facts recorded: {len(facts)}")
        self.stdout.write(f"  非法社会组织名单 1 批 {batch.organizations.count()} 个 / illegal-organization batch: 1, "
                          f"{batch.organizations.count()} names")
        way = "全国推导 / national sweep" if how == "sweep" else "仅演示组织 / demo organizations only"
        self.stdout.write(f"  名单推导（{way}）：活动异常名录 {abnormal} 个，严重违法失信名单 {serious} 个 / lists derived: "
                          f"{abnormal} on the abnormal list, {serious} on the serious list")
