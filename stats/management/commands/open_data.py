"""The daily open-data release.

    python manage.py open_data release [--as-of YYYY-MM-DD]     # writes OPEN_DATA_DIR/<date>/ (default var/open-data)
    python manage.py open_data verify DIR --public-key FILE     # signature, checksums and row counts

Cron (03:00 every day, after the statistics snapshot): ``0 3 * * * cd /srv/socorg && .venv/bin/python manage.py
open_data release``; with ``CELERY_BROKER_URL`` set, Celery beat runs ``stats.daily_release`` at 03:00.
"""

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ...opendata import make_release, releases_dir
from ...release_verify import verify


class Command(BaseCommand):
    help = "Make the open-data release of a day, or verify a release directory with the public key."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        make = sub.add_parser("release", help="write and sign the release of a day")
        make.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        check = sub.add_parser("verify", help="check a release with the public key alone")
        check.add_argument("directory", type=Path)
        check.add_argument("--public-key", type=Path, required=True)

    def handle(self, *args, action, **options):
        if action == "release":
            try:
                day = date.fromisoformat(options["as_of"]) if options["as_of"] else timezone.localdate()
            except ValueError as exc:
                raise CommandError(f"--as-of: invalid date {options['as_of']!r} (use YYYY-MM-DD) / 日期格式无效") from exc
            if day > timezone.localdate():
                raise CommandError(f"--as-of {day} is in the future / 不能发布将来日期的数据")
            release = make_release(day)
            self.stdout.write(f"open-data release {release.release_id}: " + ", ".join(
                f"{name} {rows}" for name, rows in release.rows.items()) + f" -> {releases_dir() / release.release_id}")
            return
        directory, key = options["directory"], options["public_key"]
        for path in (directory / "manifest.json", directory / "manifest.sig", key):
            if not path.exists():
                raise CommandError(f"{path}: no such file / 文件不存在")
        problems = verify(directory, key.read_bytes())
        for line in problems:
            self.stdout.write(line)
        if problems:
            self.stdout.write(f"NOT VERIFIED: {len(problems)} problem(s) / 核验未通过")
            sys.exit(1)
        self.stdout.write("verified: signature and every file match / 核验通过：签名和每个文件均相符")
