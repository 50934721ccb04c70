"""Statistical bulletins 统计公报.

    python manage.py bulletin build --division 110000 --year 2024 --out bulletin.html   # or .xlsx / .pdf
    python manage.py bulletin verify bulletin.html                                      # or .xlsx

``build`` cites the open-data release of the bulletin's date (making it if needed; ``--no-release`` not to).
``verify`` recomputes every figure of the file as of its date from the data and names each figure that differs,
and says when the figures no longer match the file's own checksum (the file was altered). Exit status 1 when
anything differs. Without the platform, anyone recomputes the figures from the cited release:
``python -m stats.release_check bulletin.html RELEASE_DIR public-key.pem``.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from common.errors import RuleViolation

from ...bulletin import as_html, as_pdf, as_xlsx, build, verify


class Command(BaseCommand):
    help = "Build a statistical bulletin (HTML, XLSX or PDF) or verify one against the data."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        make = sub.add_parser("build", help="write the bulletin of a jurisdiction and year")
        make.add_argument("--division", default="100000", help="GB/T 2260 code (default 100000: national)")
        make.add_argument("--year", type=int, required=True)
        make.add_argument("--out", type=Path, required=True, help="FILE.html, FILE.xlsx or FILE.pdf")
        make.add_argument("--no-release", action="store_true",
                          help="do not cite (and if needed make) the open-data release of the bulletin's date")
        check = sub.add_parser("verify", help="recompute every figure of a bulletin file and report differences")
        check.add_argument("file", type=Path)

    def handle(self, *args, action, **options):
        try:
            if action == "build":
                return self._build(options["division"], options["year"], options["out"], not options["no_release"])
            return self._verify(options["file"])
        except RuleViolation as exc:
            raise CommandError("; ".join(f"{p.zh} / {p.en}" for p in exc.problems)) from exc

    def _build(self, division, year, out: Path, with_release: bool):
        kind = out.suffix.lower()
        if kind not in (".html", ".xlsx", ".pdf"):
            raise CommandError(f"--out: {out.name} must end in .html, .xlsx or .pdf / 输出文件须为 .html、.xlsx 或 .pdf")
        bulletin = build(division, year, with_release=with_release)
        data = {".html": lambda: as_html(bulletin).encode(), ".xlsx": lambda: as_xlsx(bulletin),
                ".pdf": lambda: as_pdf(bulletin)}[kind]()
        out.write_bytes(data)
        meta = bulletin.meta
        self.stdout.write(f"bulletin {meta['division_name']} {year} as of {meta['as_of']}: {meta['figures']} figures, "
                          f"checksum {meta['checksum']}, release {meta['release_id'] or '—'} -> {out}")

    def _verify(self, path: Path):
        if not path.exists():
            raise CommandError(f"{path}: no such file / 文件不存在")
        if path.suffix.lower() not in (".html", ".xlsx"):
            raise CommandError(f"{path.name}: verify reads the .html or .xlsx bulletin / 请核验 .html 或 .xlsx 文件")
        problems = verify(path)
        for line in problems:
            self.stdout.write(line)
        if problems:
            self.stdout.write(f"NOT VERIFIED: {len(problems)} difference(s) / 核验未通过")
            sys.exit(1)
        self.stdout.write("verified: every figure recomputed equal, checksum matches / 核验通过：每个数字重新计算一致，校验值相符")
