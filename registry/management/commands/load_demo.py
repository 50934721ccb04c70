"""Load the demo register and one demo login per role. Safe to run again: existing demo data is kept."""

from datetime import date

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Role, User
from audit.context import set_request_id
from divisions.models import Division
from registry.demo import community_rows, demo_id_number, generate_rows
from registry.models import Organization, Status
from registry.services import record_event, register_organization

DEMO_PASSWORD = "socorg-demo-2026"
AUTHORITIES = ["100000", "110000", "110101", "110102", "110105", "310000", "310101", "130000", "130100", "130102"]
LOGINS = [
    ("demo-admin", Role.ADMIN, None, "系统管理员 / system administrator"),
    ("demo-mca", Role.OFFICER, "100000", "民政部登记管理机关干部 / national officer"),
    ("demo-beijing", Role.OFFICER, "110000", "北京市民政局干部 / provincial officer"),
    ("demo-shijiazhuang", Role.OFFICER, "130100", "石家庄市民政局干部 / city officer"),
    ("demo-dongcheng", Role.OFFICER, "110101", "东城区民政局干部 / county officer"),
    ("demo-xicheng", Role.OFFICER, "110102", "西城区民政局干部 / county officer (other county)"),
    ("demo-org", Role.ORGANIZATION, None, "社会组织用户 / organization user"),
    ("demo-supervisor", Role.SUPERVISOR, "110101", "业务主管单位用户 / business supervisor user"),
]


class Command(BaseCommand):
    help = "载入演示登记簿和各角色演示账号 / Load the demo register and demo logins (marked as demo)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=240, help="organizations to generate")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, count, seed, **options):
        set_request_id("load-demo")
        admin = self._user("demo-admin", Role.ADMIN, None, None)
        if not Organization.objects.filter(is_demo=True).exists():
            with transaction.atomic():
                self._load(admin, count, seed)
        # The organization user reports for the first active Dongcheng organization that has a business
        # supervisor, and the supervisor user is that unit (a Dongcheng department), so the whole annual-report path can be
        # walked: demo-org submits, demo-supervisor records the 初审, demo-dongcheng concludes.
        dongcheng = Organization.objects.filter(is_demo=True, authority_id="110101", status=Status.ACTIVE)
        first_dongcheng = dongcheng.exclude(supervisor="").order_by("id").first() or dongcheng.order_by("id").first()
        unit = first_dongcheng.supervisor if first_dongcheng else ""
        self.stdout.write(self.style.SUCCESS(
            f"演示登记簿 / demo register: {Organization.objects.filter(is_demo=True).count()} organizations (is_demo)"))
        self.stdout.write(f"演示账号 / demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, division, label in LOGINS:
            if role == Role.SUPERVISOR and not unit:
                continue
            bound = first_dongcheng.pk if role == Role.ORGANIZATION and first_dongcheng else None
            self._user(username, role, division, bound, unit if role == Role.SUPERVISOR else "")
            extra = f" → {first_dongcheng.name}" if bound else ""
            if role == Role.SUPERVISOR:
                extra = f" → {unit}"
            self.stdout.write(f"  {username:<20} {label}{extra}")

    def _user(self, username, role, division, bound, unit=""):
        user, _ = User.objects.get_or_create(username=username)
        user.role = role
        user.division_id = division
        user.organization_id_bound = bound
        user.supervisor_unit = unit
        user.is_superuser = user.is_staff = role == Role.ADMIN
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _load(self, admin, count, seed):
        divisions = {d.code: d for d in Division.objects.filter(code__in=AUTHORITIES)}
        authorities = [(c, divisions[c].full_name, divisions[c].level) for c in AUTHORITIES]
        rows = list(generate_rows(seed, count, authorities))
        for index, row in enumerate(rows):  # personal data as a real register has it (never public)
            row["legal_rep_id"] = demo_id_number(index)
        orgs = [register_organization(admin, row, reason="演示数据 / demo data", is_demo=True) for row in rows]
        for row in community_rows(seed, 12, "110101", "东城区"):
            register_organization(admin, row, reason="演示数据 / demo data", is_demo=True)
        for row in community_rows(seed + 1, 8, "110102", "西城区"):
            register_organization(admin, row, reason="演示数据 / demo data", is_demo=True)
        # A little history, so that as-of views and former names have something to show.
        for i, org in enumerate(orgs[:30]):
            day = max(org.founded_on, date(2019, 1, 1)) if org.founded_on < date(2024, 1, 1) else org.founded_on
            if i % 3 == 0:
                record_event(admin, org, kind="change", effective_on=day, reason="更名 / renamed (demo)",
                             changes={"name": org.name.replace("协会", "发展协会").replace("中心", "发展中心")
                                      if ("协会" in org.name or "中心" in org.name) else org.name + "（更名）"})
            elif i % 3 == 1:
                record_event(admin, org, kind="leadership_change", effective_on=day, reason="换届 / term renewal (demo)",
                             changes={"legal_rep_name": "新任" + org.legal_rep_name[-1]})
            else:  # a new contact phone: the history holds full numbers, the public sees them masked
                record_event(admin, org, kind="change", effective_on=day, reason="变更联系电话 / new phone (demo)",
                             changes={"phone": f"1390000{i:04d}"})
        for org in orgs[30:36]:
            record_event(admin, org, kind="deregistration", effective_on=date(2024, 6, 30), reason="自行解散 / dissolved (demo)")
        for org in orgs[36:39]:
            record_event(admin, org, kind="revocation", effective_on=date(2025, 3, 31),
                         reason="成立后一年未开展活动 / no activity for a year after registration (demo)")
