"""Materialize the statistics of a day: ``python manage.py stats_snapshot [--as-of YYYY-MM-DD]``.

Runs daily after the sweeps (cron, 02:30 every day, as the application user):

    30 2 * * * cd /srv/socorg && .venv/bin/python manage.py stats_snapshot >> var/stats_snapshot.log 2>&1

With ``CELERY_BROKER_URL`` set, Celery beat runs the same job (``stats.tasks.daily_snapshot``) at 02:30. The
snapshot of a day is replaced as a whole when taken again; dashboards for a day without one compute it exactly.
"""

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.errors import RuleViolation

from ...compute import take_snapshot


class Command(BaseCommand):
    help = "Materialize every statistics fact as of a date (default: yesterday, the last complete day)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: yesterday)")

    def handle(self, *args, as_of=None, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate() - timedelta(days=1)
        except ValueError as exc:
            raise CommandError(f"--as-of: invalid date {as_of!r} (use YYYY-MM-DD) / 日期格式无效") from exc
        try:
            snapshot = take_snapshot(day)
        except RuleViolation as exc:
            raise CommandError("; ".join(f"{p.zh} / {p.en}" for p in exc.problems)) from exc
        self.stdout.write(f"statistics snapshot as of {snapshot.day}: {snapshot.cells} cells / "
                          f"统计快照（截至 {snapshot.day}）：{snapshot.cells} 个单元")
