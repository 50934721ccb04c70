"""What the demo loaders of supervision and credit share."""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import User
from audit.context import reset_request_id, set_request_id
from audit.models import AuditEvent
from registry.models import Organization


def demo_report_year(today: date) -> int:
    """The latest report year whose whole season (deadline 31 May, reviews to 31 August of the next year) is over:
    the year the demo's annual reports, reviews and overdue findings belong to."""
    return today.year - 1 if today > date(today.year, 8, 31) else today.year - 2


class DemoLoader(BaseCommand):
    """A demo loader: runs under its own request id, does nothing without the demo register and its logins, and
    nothing the second time (it finds its own audit events). Subclasses set the attributes and write ``load()``,
    which finds ``self.users`` (username -> user), ``self.seed`` and ``self.year`` (the demo report year)."""

    request_id = ""
    loader_actions: tuple[str, ...] = ()
    logins: tuple[str, ...] = ()  # required
    optional_logins: tuple[str, ...] = ()
    already_zh = already_en = ""

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, seed, **options):
        token = set_request_id(self.request_id)
        try:
            self.run(seed)
        finally:
            reset_request_id(token)

    def already_loaded(self) -> bool:
        """Whether a run of this loader was committed: its own audit events, under its request id."""
        return AuditEvent.objects.filter(request_id=self.request_id, action__in=self.loader_actions).exists()

    def run(self, seed):
        if not Organization.objects.filter(is_demo=True).exists():
            self.stdout.write("没有演示登记簿，未载入 / no demo register: nothing loaded (run load_demo first)")
            return
        if self.already_loaded():
            self.stdout.write(f"{self.already_zh}已载入，未作改动 / {self.already_en} already loaded: nothing changed")
            return
        users = {u.username: u for u in User.objects.filter(username__in=[*self.logins, *self.optional_logins])}
        if not set(self.logins) <= set(users):
            self.stdout.write("缺少演示账号，未载入 / demo logins missing: nothing loaded (run load_demo first)")
            return
        self.users, self.seed, self.year = users, seed, demo_report_year(timezone.localdate())
        self.load()

    def load(self) -> None:
        raise NotImplementedError
