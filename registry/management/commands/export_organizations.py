"""Export the register (or a filtered part, or the register as of a date) as .csv, .xlsx or .jsonl."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.services import record
from common.errors import Refusal
from registry import imports
from registry.imports import export


class Command(BaseCommand):
    help = ("导出社会组织登记簿 / Export the register as CSV (UTF-8 with BOM, for Excel), xlsx or JSON Lines, "
            "streaming. Runs as the system over everything, or over one division's subtree with --division.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write")
        parser.add_argument("--format", choices=export.FORMATS, help="default: from the file name, else csv")
        parser.add_argument("--type", help="社会团体 / 社会服务机构 / 基金会 / 社区社会组织 (or the English codes)")
        parser.add_argument("--status", help="正常 / 注销 / 撤销 / 吊销 (or active, deregistered, …)")
        parser.add_argument("--level", help="national / provincial / city / county")
        parser.add_argument("--division", help="a division code: that authority and everything below it")
        parser.add_argument("--as-of", dest="as_of", help="the register as it stood on this date (YYYY-MM-DD)")
        parser.add_argument("--include-personal-ids", action="store_true",
                            help="also export the legal representatives' ID numbers (decrypted; needs --reason, "
                                 "and the disclosure is recorded in the audit trail)")
        parser.add_argument("--reason", default="", help="why personal ID numbers leave the register (audited)")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, path, format, include_personal_ids, no_progress, **options):
        fmt = format or (Path(path).suffix.lower().lstrip(".") if Path(path).suffix.lower().lstrip(".")
                         in export.FORMATS else "csv")
        filters, problems = export.parse_filters(options)
        if include_personal_ids and not options["reason"].strip():
            problems = [*problems, Refusal("EXPORT-IDS-REASON", "--reason", "导出身份证号须说明理由（--reason），并记入审计日志",
                                           "exporting ID numbers needs a reason (--reason); it is recorded in the "
                                           "audit trail")]
        if problems:
            for problem in problems:
                self.stderr.write(imports.format_problem(problem))
            raise CommandError("筛选条件无效 / invalid filters", returncode=1)
        bar = None
        if not no_progress:
            from tqdm import tqdm

            bar = tqdm(desc="导出 export", unit="row", file=self.stderr._out, mininterval=0.5)

        def progress(count):
            if bar is not None:
                bar.update(count - bar.n)

        try:
            count = export.export_to_path(path, fmt, filters, include_ids=include_personal_ids, progress=progress)
        finally:
            if bar is not None:
                bar.close()
        if include_personal_ids:
            with transaction.atomic():
                record(imports.SYSTEM, "export_personal_ids", "register", "export", after={
                    "file": str(path), "format": fmt, "organizations": count, "filters": filters.as_dict()},
                    reason=options["reason"].strip())
        self.stdout.write(self.style.SUCCESS(f"导出完成 / exported {count} organizations to {path} ({fmt})"))
