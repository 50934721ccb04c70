"""Import a register from .csv or .xlsx, all or nothing (see registry.imports)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from audit.context import set_request_id
from registry import imports


class Command(BaseCommand):
    help = ("导入社会组织登记簿（.csv 或 .xlsx，全部成功或全部不导入） / Import a register from .csv (UTF-8, UTF-8 with "
            "BOM, GBK, GB18030) or .xlsx, all or nothing; every problem is printed with its row, column, value and "
            "rule, and the exit code is 1.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .csv or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="validate and report only; write nothing")
        parser.add_argument("--upsert", action="store_true",
                            help="update organizations already registered (matched by USCC) by dated change events")
        parser.add_argument("--encoding", help="the CSV's encoding (utf-8, gbk, gb18030…); detected when omitted")
        parser.add_argument("--reason", default="", help="reason recorded with the events and the audit trail")
        parser.add_argument("--user", help="act as this user (their jurisdiction applies); default: the system")
        parser.add_argument("--batch-size", type=int, default=imports.BATCH_SIZE)
        parser.add_argument("--workers", type=int,
                            help="worker processes for checking rows and search entries (0: one per CPU; "
                                 "default: one per CPU for files over 4 MB, else none)")
        parser.add_argument("--report", help="also write every problem to this CSV file")
        parser.add_argument("--progress-file", help="keep live progress (JSON) in this file")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, path, dry_run, upsert, encoding, reason, user, batch_size, report, progress_file,
               no_progress, workers, **options):
        set_request_id(f"cli-import-{Path(path).name}"[:80])
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"文件不存在 / no such file: {path}")
        actor = imports.SYSTEM
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"没有该用户 / no such active user: {user}")
        if workers is None:
            workers = 0 if source.stat().st_size > 4_000_000 else 1
        bar = None if no_progress else _Bar(self.stderr)
        report_file = imports.ErrorReport(Path(report)) if report else None

        def say(line: str) -> None:
            if bar:
                bar.write(line)
            else:
                self.stderr.write(line)

        def on_problem(problem):
            say(imports.format_problem(problem))
            if report_file:
                report_file.add(problem)

        def on_warning(warning):
            say("警告 / warning · " + imports.format_problem(warning))
            if report_file:
                report_file.warn(warning)

        try:
            result = imports.run_import(
                source, actor=actor,
                options=imports.Options(upsert=upsert, dry_run=dry_run, encoding=encoding, reason=reason,
                                         batch_size=batch_size, workers=workers),
                on_problem=on_problem, on_warning=on_warning, progress=bar.update if bar else None,
                progress_file=Path(progress_file) if progress_file else None)
        finally:
            if bar:
                bar.close()
            if report_file:
                report_file.close()
        enc = f", {result.encoding}" if result.encoding else ""
        if result.warning_count:
            self.stdout.write(self.style.WARNING(
                f"名称筛查：{result.warning_count} 行与已登记或已公布的名称相同或近似，请核对 / name screening: "
                f"{result.warning_count} row(s) look like registered or published names; please check them"))
        if not result.ok:
            raise CommandError(
                f"{result.error_count} 个问题，未导入任何数据 / {result.error_count} problem(s); nothing was imported "
                f"({result.total_rows} rows{enc})", returncode=1)
        if dry_run:
            self.stdout.write(self.style.SUCCESS(
                f"检查通过（未写入） / dry run passed, nothing written: {result.total_rows} rows{enc}"))
            return
        self.stdout.write(self.style.SUCCESS(
            f"导入完成 / imported: {result.total_rows} rows, {result.created} created, {result.updated} updated "
            f"({result.events} events), {result.unchanged} unchanged{enc}; job #{result.job_id or '-'}; "
            f"{result.seconds:.1f} s"))
        if options.get("verbosity", 1) >= 2 and result.timings:
            self.stdout.write("  " + ", ".join(f"{phase} {seconds:.1f} s" for phase, seconds in result.timings.items()))


class _Bar:
    """A tqdm bar per phase (validate, apply) on stderr."""

    def __init__(self, stream):
        self.stream = stream
        self.bar = None
        self.phase = None

    def update(self, phase: str, done: int, total: int | None):
        from tqdm import tqdm

        if phase != self.phase:
            self.close()
            label = {"validate": "检查 validate", "apply": "导入 import"}.get(phase, phase)
            self.bar = tqdm(total=total, desc=label, unit="row", file=self.stream._out, dynamic_ncols=True,
                            mininterval=0.5)
            self.phase = phase
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)

    def write(self, line: str):
        from tqdm import tqdm

        tqdm.write(line, file=self.stream._out)

    def close(self):
        if self.bar is not None:
            self.bar.close()
            self.bar = None
