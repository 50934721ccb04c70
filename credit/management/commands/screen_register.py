"""Screen an already-imported register: ``python manage.py screen_register [--jurisdiction CODE]``.

Every active organization's name is screened against the register (the same authority and nationwide, former
names), the suspected-illegal list with its aliases and the serious list. Each organization with a hit gets a
stored screening result (trigger "bulk") that officers see on the credit workbench and on the organization's
credit page. Idempotent: a second run stores nothing new unless a name or its candidates changed. With
``CELERY_BROKER_URL`` set the same job runs as the Celery task ``credit.screen_register``.
"""

from django.core.management.base import BaseCommand, CommandError

from divisions.models import Division

from ...screening import screen_register


class Command(BaseCommand):
    help = ("批量名称筛查 / Screen every active organization's name against the register, former names, the "
            "suspected-illegal list and the serious list; store the hits for officers.")

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", help="only organizations registered by this division or below it")

    def handle(self, *args, jurisdiction=None, **options):
        if jurisdiction and not Division.objects.filter(code=jurisdiction).exists():
            raise CommandError(f"--jurisdiction: unknown division {jurisdiction!r} / 行政区划代码无效")
        s = screen_register(jurisdiction)
        self.stdout.write(
            f"名称筛查 / name screening ({s['jurisdiction']}): {s['screened']} organizations screened, "
            f"{s['flagged']} with similar names, {s['stored']} new results stored")
