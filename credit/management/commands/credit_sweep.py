"""Derive every list entry for a date: ``python manage.py credit_sweep [--as-of YYYY-MM-DD] [--jurisdiction CODE]``.

Runs daily. Cron (01:30 every day, as the application user):

    30 1 * * * cd /srv/socorg && .venv/bin/python manage.py credit_sweep >> var/credit_sweep.log 2>&1

With ``CELERY_BROKER_URL`` set, Celery beat runs the same sweep (``credit.tasks.daily_sweep``) at 01:30.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from divisions.models import Division

from ...sweep import sweep


class Command(BaseCommand):
    help = "Derive the abnormal and serious list entries as of a date (deterministic, idempotent) and print changes."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        parser.add_argument("--jurisdiction", help="only organizations registered by this division or below it")
        parser.add_argument("--lines", type=int, default=200, help="how many changes to print (default 200)")

    def handle(self, *args, as_of=None, jurisdiction=None, lines=200, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--as-of: invalid date {as_of!r} (use YYYY-MM-DD) / 日期格式无效") from exc
        if day > timezone.localdate():
            raise CommandError(f"--as-of {day} is in the future / 不能推导将来的日期")
        if jurisdiction and not Division.objects.filter(code=jurisdiction).exists():
            raise CommandError(f"--jurisdiction: unknown division {jurisdiction!r} / 行政区划代码无效")
        report = sweep(day, jurisdiction, lines=lines)
        for line in report.lines:
            self.stdout.write(line)
        if report.changed > len(report.lines):
            self.stdout.write(f"… {report.changed - len(report.lines)} more")
        s = report.summary()
        self.stdout.write(
            f"credit sweep as of {day} ({jurisdiction or 'all'}): {s['organizations']} organizations; "
            f"entered {s['entered']}, left {s['left']}, revised {s['revised']}, withdrawn {s['withdrawn']}, "
            f"notices {s['notices']}" + ("" if report.changed else " — nothing changed"))
