from django.core.management.base import BaseCommand, CommandError

from audit.models import AuditEvent
from audit.queries import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链 / Verify the audit hash chain; exits non-zero at the first broken link."

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is not None:
            raise CommandError(f"审计链断裂 / audit chain broken at event #{broken.seq}: {broken.problem}")
        self.stdout.write(f"审计链完整 / audit chain intact: {AuditEvent.objects.count()} events")
