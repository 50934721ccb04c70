"""Re-run a spot-check draw from its stored seed, frozen candidate list and roster snapshot, and compare.

    python manage.py verify_draw 12          # exit 0: same result; exit 1: it differs (or the inputs were altered)
"""

from django.core.management.base import BaseCommand, CommandError

from supervision.models import Draw
from supervision.spotchecks.services import verify


class Command(BaseCommand):
    help = "Re-run spot-check draws from their stored inputs; exit non-zero if any result differs."

    def add_arguments(self, parser):
        parser.add_argument("draw_ids", nargs="+", type=int, metavar="ID")

    def handle(self, *args, draw_ids, **options):
        failed = []
        for draw_id in draw_ids:
            draw = Draw.objects.filter(pk=draw_id).first()
            if draw is None:
                raise CommandError(f"draw {draw_id} does not exist")
            result = verify(draw)
            self.stdout.write(f"draw {draw.pk} (plan {draw.plan_id}, seed {draw.seed!r}, {draw.algorithm_version}):")
            for what, passed, detail in result.checks:
                mark = self.style.SUCCESS("ok  ") if passed else self.style.ERROR("FAIL")
                self.stdout.write(f"  {mark} {what}: {detail}")
            if result.ok:
                self.stdout.write(self.style.SUCCESS(f"draw {draw.pk}: the re-run gives the stored result"))
            else:
                failed.append(draw.pk)
        if failed:
            raise CommandError(f"draw(s) {', '.join(map(str, failed))}: the re-run does NOT give the stored result")
