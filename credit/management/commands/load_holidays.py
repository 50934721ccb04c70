"""Load the official holiday schedule into the working-day calendar: ``python manage.py load_holidays [FILE]``.

The shipped file (credit/data/holidays_cn.csv) holds the State Council General Office schedules for 2024–2026,
each row citing its notice. Existing dates are left as they are (officers may have corrected them); later years
are added by officers on /credit/staff/holidays/ or with another file of the same columns.
"""

import csv
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.services import record

from ...models import Holiday

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "holidays_cn.csv"


class Command(BaseCommand):
    help = "Load holidays and adjusted working days (CSV: date,is_workday,name,source)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT))

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"no such file: {path} / 文件不存在")
        with path.open(encoding="utf-8") as fh:
            lines = [line for line in fh if not line.startswith("#")]
        rows = list(csv.DictReader(lines))
        existing = set(Holiday.objects.values_list("date", flat=True))
        new = []
        for index, row in enumerate(rows, start=2):
            try:
                day = date.fromisoformat(row["date"])
                workday = row["is_workday"].strip() in ("1", "true", "True")
            except (KeyError, ValueError) as exc:
                raise CommandError(f"line {index}: {exc} / 第 {index} 行格式错误") from exc
            if day not in existing:
                new.append(Holiday(date=day, is_workday=workday, name=row.get("name", "")[:60],
                                   source=row.get("source", "")[:200]))
                existing.add(day)
        with transaction.atomic():
            Holiday.objects.bulk_create(new)
            if new:
                record(None, "credit.holiday.load", "Holiday", path.name,
                       after={"file": path.name, "added": len(new), "first": new[0].date, "last": new[-1].date})
        self.stdout.write(f"{len(new)} days added, {len(rows) - len(new)} already present ({path.name})")
