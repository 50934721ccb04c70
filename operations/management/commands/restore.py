from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.errors import RuleViolation
from operations.backup import restore_backup


class Command(BaseCommand):
    help = ("从加密归档恢复到空数据库，并校验行数与审计链 / Restore an encrypted archive into an empty database, then "
            "verify row counts and the audit chain.")

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, **options):
        try:
            restored = restore_backup(options["archive"])
        except RuleViolation as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"恢复完成并已校验 / restored and verified: {restored.tables} 张表 tables, "
                          f"{restored.rows} 行 rows, {restored.media_files} 个文件 media files, "
                          f"审计链完整 audit chain intact ({restored.audit_events} events)")
