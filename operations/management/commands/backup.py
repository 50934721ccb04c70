from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.errors import RuleViolation
from operations.backup import backup_directory, create_backup


class Command(BaseCommand):
    help = ("备份数据库与上传文件为加密归档（附 SHA-256 校验文件） / Back up the database and uploaded files into an "
            "encrypted archive with a SHA-256 file beside it.")

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=None,
                            help="directory for the archive (default: the BACKUP_DIR setting, var/backups)")

    def handle(self, *args, **options):
        try:
            archive = create_backup(options["output"] or backup_directory())
        except RuleViolation as refused:
            raise CommandError(str(refused)) from None
        tables = archive.manifest["tables"]
        self.stdout.write(f"备份完成 / backup written: {archive.path}\n"
                          f"  {len(tables)} 张表 tables, {sum(tables.values())} 行 rows, "
                          f"{len(archive.manifest['members']) - 1} 个文件 media files, {archive.size} bytes\n"
                          f"  SHA-256 {archive.sha256}")
