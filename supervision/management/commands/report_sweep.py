"""python manage.py report_sweep [--as-of D] [--jurisdiction CODE] [--year Y]

Records the missing and late annual work reports (set-based, idempotent). Run it daily: nothing is listed
before the day after a deadline, and a second run on the same day finds nothing new. With CELERY_BROKER_URL set,
Celery beat runs it at 00:15 (supervision.tasks.BEAT_SCHEDULE); without Celery, a cron line does the same:

    15 0 * * * cd /srv/socorg && .venv/bin/python manage.py report_sweep
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from audit.context import set_request_id
from divisions.models import NATIONAL_CODES, Division
from supervision.reports.services import sweep_overdue, today


class Command(BaseCommand):
    help = "记录逾期未报和逾期报送的年度工作报告 / Record missing and late annual work reports (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                            help="the day of the sweep (default: today), YYYY-MM-DD")
        parser.add_argument("--jurisdiction", default="100000",
                            help="division code: the authorities in it and below (default: 100000, all)")
        parser.add_argument("--year", type=int, default=None, help="report year (default: the year before as-of)")

    def handle(self, *args, as_of, jurisdiction, year, **options):
        if jurisdiction not in NATIONAL_CODES and not Division.objects.filter(code=jurisdiction).exists():
            raise CommandError(f"未知的行政区划 / unknown division: {jurisdiction}")
        set_request_id("report-sweep")
        result = sweep_overdue(as_of=as_of or today(), jurisdiction=jurisdiction, year=year)
        for line in result.groups:
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS(
            f"{result.jurisdiction} {result.year} as of {result.as_of}: "
            f"{result.missing} 未报 / missing, {result.late} 逾期报送 / late"))
