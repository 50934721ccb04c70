from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from common.errors import RuleViolation
from operations.backup import backup_directory
from operations.retention import archive_audit


class Command(BaseCommand):
    help = ("把早于截止日期的审计日志复制到归档文件（数据库中的日志不删除；截止日期至少在六个月前） / Copy audit events "
            "older than a cut-off into an archive file (nothing is deleted; the cut-off is at least six months ago).")

    def add_arguments(self, parser):
        parser.add_argument("--before", type=date.fromisoformat, required=True, help="cut-off date, YYYY-MM-DD")
        parser.add_argument("--output", type=Path, default=None, help="directory (default: BACKUP_DIR/audit)")

    def handle(self, *args, **options):
        try:
            archive = archive_audit(options["before"], options["output"] or backup_directory() / "audit",
                                    today=timezone.localdate())
        except RuleViolation as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(f"已归档 / archived {archive.events} events (#{archive.first_seq}–#{archive.last_seq}) to "
                          f"{archive.path}; SHA-256 {archive.sha256}; 数据库中的记录保留 / the database keeps them")
