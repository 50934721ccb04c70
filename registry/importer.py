"""Bulk import of the register from a spreadsheet (.csv in UTF-8, UTF-8 with BOM, GBK or GB18030, or .xlsx).

All or nothing, in two passes:

1. **Validate** the whole file, streaming: every row goes through the same cleaner as the API and the forms
   (:func:`registry.validation.clean_organization_with`, with the divisions held in memory), plus the import's
   own checks (columns, status and its date, duplicates inside the file and against the register, the user's
   jurisdiction, and for ``upsert`` what may and may not change). Memory stays flat apart from the sets of
   keys that find duplicates. Every problem is reported with its spreadsheet row (header = 1), the column as
   written in the file, the value, the rule id and a message in Chinese and English. Valid rows are spilled,
   normalized, to a temporary file, so the second pass neither re-reads nor re-cleans the spreadsheet.
2. **Apply** the spilled rows in ONE transaction. New organizations go in set-based, a batch of a few thousand
   at a time: their rows, their establishment (and, for removed ones, terminal) registration events, the
   versions derived from those events by :func:`registry.rules.fold`, their search entries, and one audit
   event per batch (the batch's codes and the SHA-256 of its normalized rows) plus one for the job. Existing
   organizations (``upsert``, matched by USCC) change only through :func:`registry.services.record_event`, one
   dated, audited event per difference, so nothing is overwritten silently and a second run of the same file
   changes nothing. A process killed mid-way leaves the database as it was: the transaction never commits.

Progress: the apply pass runs inside a transaction that other connections cannot see (and on SQLite cannot
write beside), so live progress goes to a small JSON file per job (:func:`write_progress`), written
atomically once per batch; that works the same on SQLite and PostgreSQL and never touches the import
transaction. The job row gets ``processed_rows`` per batch while validating (outside any transaction) and
its final counts inside the import transaction, so they commit together with the data.
"""

from __future__ import annotations

import codecs
import csv
import gc
import hashlib
import json
import os
import pickle
import re
import tempfile
import time
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from accounts.jurisdiction import may_act_for_division
from audit.services import Change, record_many
from common import crypto
from common.errors import Refusal, RuleViolation

from . import rules
from .models import EventKind, ImportJob, Organization, OrganizationVersion, RegistrationEvent, SearchEntry
from .validation import (
    MAX_LENGTHS,
    DivisionLookup,
    clean_organization_with,
    clean_status,
    level_for,
    parse_date,
)

BATCH_SIZE = 5000
MAX_STORED_ERRORS = 1000
MAX_SHOWN_WARNINGS = 200
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TERMINAL_KIND = {"deregistered": rules.DEREGISTRATION, "revoked": rules.REVOCATION,
                 "certificate_cancelled": rules.CERTIFICATE_CANCELLATION}
NO_DATE_REASON = "来源文件未载明状态日期，按导入日期记录 / the source file gave no date; recorded at the import date"


# --------------------------------------------------------------------------------------------- columns
@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("uscc", "统一社会信用代码", "uscc", ("unified_social_credit_code",)),
    Column("name", "社会组织名称", "name", ("名称",)),
    Column("org_type", "社会组织类型", "type", ("org_type", "组织类型")),
    Column("authority", "登记管理机关", "registration_authority", ("authority",)),
    Column("authority_code", "登记管理机关代码", "registration_authority_code", ("authority_code",)),
    Column("legal_rep_name", "法定代表人", "legal_representative", ("legal_rep_name",)),
    Column("legal_rep_id", "法定代表人身份证号", "legal_rep_id", ("法定代表人身份证号码",)),
    Column("founded_on", "成立登记日期", "founded_on", ("成立日期",)),
    Column("registered_funds", "注册资金", "registered_funds", ("注册资本", "开办资金")),
    Column("supervisor", "业务主管单位", "business_supervisor", ("supervisor",)),
    Column("domicile", "住所", "domicile"),
    Column("business_scope", "业务范围", "business_scope"),
    Column("status", "登记状态", "status"),
    Column("status_date", "状态日期", "status_date"),
    Column("phone", "联系电话", "phone"),
    Column("former_names", "曾用名", "former_names"),
    Column("street", "所在街道", "street"),
    Column("community", "所在社区", "community"),
    Column("filing_number", "备案编号", "filing_number"),
    Column("standing", "信用与登记状态", "standing"),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
# Written by the export for people to read, derived again from the facts: an import recognizes and skips them.
DERIVED_COLUMNS = ("standing",)
REQUIRED_COLUMNS = ("uscc", "name", "org_type", "legal_rep_name", "founded_on", "domicile")
# Fields that a change registration cannot set: for an existing organization a difference is an error.
IMMUTABLE_ON_UPSERT = ("org_type", "authority", "founded_on", "street", "community")
TEXT_ITEMS = ("name", "legal_rep_name", "supervisor", "domicile", "business_scope", "phone")


def _header_key(text: str) -> str:
    text = str(text or "").replace("\ufeff", "").strip().rstrip("*＊").strip()
    return re.sub(r"[\s\-]+", "_", text.lower()) if text.isascii() else re.sub(r"\s+", "", text)


HEADER_ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    for _alias in (_column.zh, _column.en, _column.key, *_column.aliases):
        HEADER_ALIASES[_header_key(_alias)] = _column.key


# --------------------------------------------------------------------------------------------- reading
class SourceError(Exception):
    """The file cannot be read at all (format, encoding, header); carries the problems to report."""

    def __init__(self, problems: list[Refusal]):
        super().__init__("; ".join(str(x) for x in problems))
        self.problems = problems


def file_problem(code: str, zh: str, en: str, row: int | None = None, value=None, column: str | None = None):
    return Refusal(code, column, zh, en, row=row, value=None if value is None else str(value)[:200])


def detect_encoding(path: Path, sample_size: int = 1 << 20) -> str:
    """UTF-8 (with or without BOM) when the bytes say so; otherwise charset-normalizer's guess among the
    encodings Chinese registers come in. GBK and GB2312 are read as GB18030, their superset."""
    with open(path, "rb") as fh:
        sample = fh.read(sample_size)
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < sample_size)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=["gb18030", "gbk", "gb2312", "big5", "utf_8"]).best()
    name = (best.encoding if best else "gb18030").lower().replace("-", "_")
    return "gb18030" if name in ("gb2312", "gbk", "gb18030", "hz", "cp936") else name


def unguard(text: str) -> str:
    """Undo the export's formula guard: a leading apostrophe before = + - @ tab or CR."""
    if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


@dataclass
class Source:
    kind: str
    encoding: str
    header: list[str]
    rows: Iterator[tuple[int, list]]
    progress: Callable[[], float | None]
    close: Callable[[], None]


def open_source(path: Path, encoding: str | None = None) -> Source:
    """The header and a streaming iterator of (spreadsheet row number, cells); raises SourceError."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path)
    if suffix in (".csv", ".txt", ""):
        return _open_csv(path, encoding)
    raise SourceError([file_problem("IMPORT-FORMAT", f"不支持的文件类型：{suffix}（应为 .csv 或 .xlsx）",
                                    f"unsupported file type {suffix} (expected .csv or .xlsx)", value=path.name)])


def _open_csv(path: Path, encoding: str | None) -> Source:
    if encoding:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise SourceError([file_problem("IMPORT-ENCODING", f"未知的字符编码：{encoding}",
                                            f"unknown encoding: {encoding}", value=encoding)]) from None
        if encoding == "utf-8":
            encoding = "utf-8-sig"  # a BOM is never data
    else:
        encoding = detect_encoding(path)
    size = max(path.stat().st_size, 1)
    fh = open(path, encoding=encoding, newline="", errors="strict")  # noqa: SIM115 (closed by Source.close)
    reader = csv.reader(fh)
    state = {"row": 1}

    def read_header():
        try:
            return next(reader)
        except StopIteration:
            return []
        except (UnicodeDecodeError, csv.Error) as exc:
            fh.close()
            raise SourceError([_decode_problem(exc, 1, encoding)]) from None

    header = read_header()

    def rows():
        row = 1
        try:
            for cells in reader:
                row += 1
                state["row"] = row
                yield row, cells
        except UnicodeDecodeError as exc:
            raise SourceError([_decode_problem(exc, row + 1, encoding)]) from None
        except csv.Error as exc:
            raise SourceError([file_problem("IMPORT-CSV", f"CSV 格式错误：{exc}", f"malformed CSV: {exc}",
                                            row=row + 1)]) from None

    def progress():
        try:
            return min(fh.buffer.tell() / size, 1.0)
        except (ValueError, OSError):
            return None

    return Source("csv", encoding, header, rows(), progress, fh.close)


def _decode_problem(exc, row: int, encoding: str) -> Refusal:
    return file_problem("IMPORT-ENCODING", f"无法按 {encoding} 解码（约第 {row} 行）；请用 --encoding 指定编码",
                        f"cannot decode the file as {encoding} (near row {row}); name the encoding with --encoding",
                        row=row, value=str(exc)[:120])


def _open_xlsx(path: Path) -> Source:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt or foreign file
        raise SourceError([file_problem("IMPORT-FORMAT", "无法读取 .xlsx 文件", "cannot read the .xlsx file",
                                        value=f"{type(exc).__name__}: {exc}"[:200])]) from None
    sheet = book.worksheets[0]
    total = sheet.max_row or None
    iterator = sheet.iter_rows(values_only=True)
    header = [("" if c is None else str(c)) for c in next(iterator, ())]
    state = {"row": 1}

    def rows():
        row = 1
        for cells in iterator:
            row += 1
            state["row"] = row
            yield row, list(cells)

    return Source("xlsx", "", header, rows(), lambda: (state["row"] / total) if total else None, book.close)


def cell_text(value) -> str:
    """A spreadsheet cell as text: numbers without a spurious '.0', dates as ISO dates, guard removed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unguard(value).strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()[:10] if not hasattr(value, "hour") or not (value.hour or value.minute) \
            else value.isoformat()
    return str(value).strip()


# --------------------------------------------------------------------------------------------- results
@dataclass
class Options:
    upsert: bool = False
    dry_run: bool = False
    encoding: str | None = None
    reason: str = ""
    batch_size: int = BATCH_SIZE
    # Worker processes that clean rows and compute search entries beside the main process (fork; Linux).
    # 1: everything in this process (the default: web requests and Celery tasks must not fork). 0: one per CPU.
    workers: int = 1


@dataclass
class Result:
    """What an import did (or, with errors or ``dry_run``, would have done: then nothing was written)."""

    file_name: str
    sha256: str = ""
    encoding: str = ""
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    events: int = 0
    error_count: int = 0
    errors: list[Refusal] = field(default_factory=list)
    # Name-screening hits per row (registry.screening_hook): warnings for the officer, never a refusal.
    warning_count: int = 0
    warnings: list[Refusal] = field(default_factory=list)
    dry_run: bool = False
    job_id: int | None = None
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # seconds per phase

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def summary(self) -> dict:
        return {"file_name": self.file_name, "sha256": self.sha256, "encoding": self.encoding,
                "rows": self.total_rows, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "events": self.events, "errors": self.error_count,
                "warnings": self.warning_count,
                "screening_warnings": [w.as_dict() for w in self.warnings[:MAX_SHOWN_WARNINGS]],
                "dry_run": self.dry_run, "seconds": round(self.seconds, 3)}


class ProblemLog:
    """Counts every problem, keeps the first ``MAX_STORED_ERRORS`` and hands each to ``on_problem``."""

    def __init__(self, on_problem: Callable[[Refusal], None] | None = None):
        self.count = 0
        self.first: list[Refusal] = []
        self.on_problem = on_problem

    def add(self, problem: Refusal) -> None:
        self.count += 1
        if len(self.first) < MAX_STORED_ERRORS:
            self.first.append(problem)
        if self.on_problem:
            self.on_problem(problem)


Progress = Callable[[str, int, int | None], None]


@dataclass
class Actor:
    """The actor of a command-line import: the system, allowed everywhere, recorded as "system"."""

    username: str = "system"
    pk: None = None
    is_authenticated: bool = True
    is_active: bool = True
    is_admin: bool = True
    is_officer: bool = False
    is_org_user: bool = False


SYSTEM = Actor()


# --------------------------------------------------------------------------------------------- rows
# The normalized row, spilled between the passes and applied in the second (a tuple: compact and fast).
ROW_FIELDS = ("row", "uscc", "filing_number", "org_type", "authority", "name", "legal_rep_name", "legal_rep_id",
              "supervisor", "domicile", "founded_on", "registered_funds", "business_scope", "phone", "street",
              "community", "status", "status_date", "former_names")
R = SimpleNamespace(**{name: i for i, name in enumerate(ROW_FIELDS)})


class KeyLedger:
    """The 64-bit key hashes of a file's rows with their row numbers: 12 bytes a row in two arrays (a dict of
    Python ints costs about 110 bytes an entry, over 200 MB per key at a million rows). Duplicates are found
    once, at the end, by sorting."""

    def __init__(self):
        self.keys = array("q")
        self.rows = array("l")  # negative: the row has problems of its own (it claims the key, is not reported)

    def add(self, key: int, row: int, *, claim_only: bool = False) -> None:
        self.keys.append(key)
        self.rows.append(-row if claim_only else row)

    def duplicates(self) -> Iterator[tuple[int, int]]:
        """(row, first row with the same key) for every later row without problems of its own."""
        repeated, previous = set(), None
        for key in sorted(self.keys):
            if key == previous:
                repeated.add(key)
            previous = key
        if not repeated:
            return
        groups: dict[int, list[int]] = {}
        for key, row in zip(self.keys, self.rows, strict=True):
            if key in repeated:
                groups.setdefault(key, []).append(row)
        for rows in groups.values():
            rows.sort(key=abs)
            first = abs(rows[0])
            yield from ((row, first) for row in rows[1:] if row > 0)


class Validator:
    """Pass 1: header, then each row; yields batches of normalized rows, logs every problem."""

    def __init__(self, source: Source, *, actor, options: Options, log: ProblemLog, today: date,
                 divisions: DivisionLookup | None = None, check_db: bool = True,
                 reopen: Callable[[], Source] | None = None):
        self.source = source
        self.reopen = reopen
        self.actor = actor
        self.options = options
        self.log = log
        self.today = today
        self.divisions = divisions or DivisionLookup()
        self.check_db = check_db
        self.socorg = settings.SOCORG
        self.rows = 0
        self.columns: dict[str, int] = {}
        self.written: dict[str, str] = {}
        # 64-bit hashes of the keys of every row (a hash collision is ~1e-8 at a million rows); duplicates are
        # named at the end of pass 1.
        self.seen_uscc, self.seen_name, self.seen_filing = KeyLedger(), KeyLedger(), KeyLedger()

    # -- header
    def read_header(self) -> bool:
        """Map the header; log its problems; False when rows cannot be read meaningfully."""
        fatal = False
        if not any(str(c or "").strip() for c in self.source.header):
            self.log.add(file_problem("IMPORT-EMPTY", "文件没有表头行", "the file has no header row", row=1))
            return False
        for index, text in enumerate(self.source.header):
            written = str(text or "").replace("\ufeff", "").strip()
            if not written:
                continue
            key = HEADER_ALIASES.get(_header_key(written))
            if key is None:
                self.log.add(file_problem("IMPORT-COLUMN-UNKNOWN", f"无法识别的列：{written}（不会被忽略，请删除或改名）",
                                          f"unknown column: {written} (columns are never dropped silently; remove "
                                          "or rename it)", row=1, value=written, column=written))
                continue
            if key in DERIVED_COLUMNS:
                continue
            if key in self.columns:
                self.log.add(file_problem("IMPORT-COLUMN-DUPLICATE", f"列重复：{written}",
                                          f"duplicate column: {written}", row=1, value=written, column=written))
                fatal = True
                continue
            self.columns[key] = index
            self.written[key] = written
        missing = [k for k in REQUIRED_COLUMNS if k not in self.columns]
        if "authority" not in self.columns and "authority_code" not in self.columns:
            missing.append("authority")
        for key in missing:
            column = COLUMN_BY_KEY[key]
            self.log.add(file_problem("IMPORT-COLUMN-MISSING", f"缺少必需的列：{column.zh}（{column.en}）",
                                      f"required column missing: {column.en} ({column.zh})", row=1,
                                      column=column.zh))
        return not missing and not fatal

    def header_of(self, key: str) -> str | None:
        """The column as written in the file (or its Chinese name when the file lacks it)."""
        if key == "authority" and "authority" not in self.written and "authority_code" in self.written:
            key = "authority_code"
        if key in self.written:
            return self.written[key]
        return COLUMN_BY_KEY[key].zh if key in COLUMN_BY_KEY else (key or None)

    def make(self, row: int, key: str, code: str, zh: str, en: str, value=None) -> Refusal:
        return Refusal(code, self.header_of(key), zh, en, row=row, value=None if value is None else str(value)[:200])

    def problem(self, row: int, key: str, code: str, zh: str, en: str, value=None) -> None:
        self.log.add(self.make(row, key, code, zh, en, value))

    # -- rows
    def raw_rows(self) -> Iterator[tuple[int, list]]:
        for row, cells in self.source.rows:
            if any(cell not in (None, "") and str(cell).strip() for cell in cells):
                self.rows += 1
                yield row, cells

    def batches(self, progress: Progress | None = None, pool=None, workers: int = 1) -> Iterator[list[tuple]]:
        """Yield lists of normalized rows (only while the file has no problem so far; keeps validating)."""
        if pool is None:
            checked = ((row, *self.check(row, cells)) for row, cells in self.raw_rows())
        else:
            checked = _in_order(pool, _check_chunk, _chunked(self.raw_rows(), 500), window=2 * workers)
        batch: list[tuple] = []
        size = self.options.batch_size
        accepted = 0
        for row, clean, problems, keys in checked:
            clean = self.accept(row, clean, problems, keys)
            if clean is not None:
                batch.append(clean)
            accepted += 1
            if accepted % size == 0:
                yield from self._finish(batch)
                batch = []
                if progress:
                    fraction = self.source.progress()
                    progress("validate", accepted, int(accepted / fraction) if fraction else None)
        self.report_duplicates()
        yield from self._finish(batch)
        if progress:
            progress("validate", accepted, accepted)

    def _finish(self, batch: list[tuple]) -> Iterator[list[tuple]]:
        if batch and self.check_db:
            check_against_register(batch, self)
        if batch and self.log.count == 0:
            yield batch

    def check(self, row: int, cells: list) -> tuple[tuple | None, list[Refusal], tuple]:
        """One row on its own: (normalized row or None, its problems, its keys). Pure: no database, no state,
        so worker processes can run it."""
        raw: dict = {}
        width = len(cells)
        for key, index in self.columns.items():
            value = cells[index] if index < width else None
            if value.__class__ is str:  # CSV cells, most xlsx cells: the fast path
                raw[key] = (value[1:] if value[:1] == "'" and value[1:2] in FORMULA_TRIGGERS else value).strip()
            elif key in ("founded_on", "status_date", "registered_funds"):
                raw[key] = value
            else:
                raw[key] = cell_text(value)
        found: list[Refusal] = []
        if width > len(self.source.header):
            extra = [c for c in cells[len(self.source.header):] if c not in (None, "") and str(c).strip()]
            if extra:
                found.append(Refusal("IMPORT-EXTRA-CELLS", None, f"此行比表头多出 {len(extra)} 个单元格",
                                     f"this row has {len(extra)} cells beyond the header", row=row,
                                     value=cell_text(extra[0])[:200]))
        written_name = ""
        if raw.get("authority_code"):
            written_name = raw.get("authority", "")
            raw["authority"] = raw["authority_code"]
        values, problems = clean_organization_with(raw, today=self.today, settings_socorg=self.socorg,
                                                   divisions=self.divisions)
        for problem in problems:
            found.append(replace(problem, row=row, field=self.header_of(problem.field or "")))
        division = values["authority"]
        if division is not None and written_name:
            named = self.divisions.find(written_name)
            if written_name != division.authority_name and (named is None or named.code != division.code):
                found.append(self.make(
                    row, "authority", "AUTHORITY-MISMATCH",
                    f"登记管理机关“{written_name}”与代码 {division.code}（{division.authority_name}）不符",
                    f"registering authority '{written_name}' does not match code {division.code} "
                    f"({division.authority_name})", written_name))
        if division is not None and self.actor is not None and not may_act_for_division(self.actor, division.code):
            found.append(self.make(row, "authority", "JURISDICTION", "超出本机关管辖范围，无权为该登记管理机关导入",
                                   "outside your jurisdiction: you may not import for this registering authority",
                                   division.code))
        status_problems: list[Refusal] = []
        status = clean_status(raw.get("status"), status_problems)
        for problem in status_problems:
            found.append(replace(problem, row=row, field=self.header_of("status")))
        status_date = self._status_date(row, raw.get("status_date"), status, values.get("founded_on"), found)
        former = self._former_names(row, raw.get("former_names", ""), values.get("name"), found)
        filing = raw.get("filing_number", "") or None
        if filing and values["org_type"] not in (None, "community_org"):
            found.append(self.make(row, "filing_number", "FILING-NOT-COMMUNITY", "只有备案的社区社会组织才有备案编号",
                                   "only filed community organizations have a filing number", filing))
        elif filing and len(filing) > 32:
            found.append(self.make(row, "filing_number", "MAX-LENGTH", f"长度 {len(filing)} 超过上限 32 个字符",
                                   f"length {len(filing)} exceeds the limit of 32 characters", filing))
        keys = (values.get("uscc"), division.code if division is not None else None, values.get("name"), status,
                filing)
        if found:
            return None, found, keys
        return (row, values["uscc"], filing, values["org_type"], division.code, values["name"],
                values["legal_rep_name"], values["legal_rep_id"] or "", values["supervisor"], values["domicile"],
                values["founded_on"], values["registered_funds"], values["business_scope"], values["phone"],
                values["street"], values["community"], status, status_date, former), [], keys

    def accept(self, row: int, clean: tuple | None, problems: list[Refusal], keys: tuple) -> tuple | None:
        """In file order: log the row's problems and note its keys; duplicates are named by
        :meth:`report_duplicates` once every row has been read."""
        for problem in problems:
            self.log.add(problem)
        # a row with problems still claims its keys, so a later duplicate of it is reported too
        for key, seen in zip(self._keys(keys), (self.seen_uscc, self.seen_name, self.seen_filing), strict=True):
            if key is not None:
                seen.add(key, row, claim_only=bool(problems))
        return None if problems else clean

    def report_duplicates(self) -> None:
        """IMPORT-DUPLICATE-*: every row whose key an earlier row of the file already has, in row order."""
        found = []
        for seen, column, code, zh, en in (
                (self.seen_uscc, "uscc", "IMPORT-DUPLICATE-USCC", "文件中统一社会信用代码重复（与第 {} 行相同）",
                 "duplicate unified social credit code in the file (same as row {})"),
                (self.seen_name, "name", "IMPORT-DUPLICATE-NAME",
                 "文件中同一登记管理机关有同名的正常状态社会组织（与第 {} 行相同）",
                 "duplicate name for the same registering authority among active organizations in the file "
                 "(same as row {})"),
                (self.seen_filing, "filing_number", "IMPORT-DUPLICATE-FILING", "文件中备案编号重复（与第 {} 行相同）",
                 "duplicate filing number in the file (same as row {})")):
            found += [(row, column, code, zh.format(first), en.format(first)) for row, first in seen.duplicates()]
        values = self._key_values({row for row, *_ in found})
        for row, column, code, zh, en in sorted(found):
            self.problem(row, column, code, zh, en, values.get(row, {}).get(column))

    def _key_values(self, rows: set[int]) -> dict[int, dict[str, str]]:
        """The cleaned uscc, name and filing number of ``rows``, read again from the file (only when it has
        duplicates: the ledger keeps hashes, not values)."""
        if not rows or self.reopen is None:
            return {}
        values = {}
        source = self.reopen()
        try:
            for row, cells in source.rows:
                if row in rows:
                    uscc, _, name, _, filing = self.check(row, cells)[2]
                    values[row] = {"uscc": uscc, "name": name, "filing_number": filing}
                    if len(values) == len(rows):
                        break
        finally:
            source.close()
        return values

    def _status_date(self, row: int, raw, status: str | None, founded: date | None, found: list) -> date | None:
        if raw in (None, ""):
            return None
        try:
            day = parse_date(raw)
        except (ValueError, TypeError):
            found.append(self.make(row, "status_date", "DATE-FORMAT",
                                   "日期格式无效（应为 2016-04-25、2016/4/25 或 2016年4月25日）",
                                   "invalid date (expected 2016-04-25, 2016/4/25 or 2016年4月25日)", raw))
            return None
        if status == "active":
            found.append(self.make(row, "status_date", "STATUS-DATE-ACTIVE", "登记状态为正常时不应填写状态日期",
                                   "a status date is given only for 注销, 撤销 or 吊销", day))
        elif day > self.today:
            found.append(self.make(row, "status_date", "DATE-FUTURE", f"状态日期 {day} 晚于今天",
                                   f"status date {day} is in the future", day))
        elif founded and day < founded:
            found.append(self.make(row, "status_date", "REG-DATE-BEFORE-EST", f"状态日期 {day} 早于成立登记日期 {founded}",
                                   f"status date {day} is before the founding date {founded}", day))
        return day

    def _former_names(self, row: int, raw: str, name: str | None, found: list) -> tuple[str, ...]:
        names = tuple(dict.fromkeys(n.strip() for n in re.split(r"[；;\n]", raw or "") if n.strip()))
        for former in names:
            if len(former) > MAX_LENGTHS["name"]:
                found.append(self.make(row, "former_names", "MAX-LENGTH", f"曾用名长度 {len(former)} 超过上限 200 个字符",
                                       f"a former name's length {len(former)} exceeds the limit of 200 characters",
                                       former))
        return tuple(n for n in names if n != name)

    @staticmethod
    def _keys(keys: tuple) -> tuple[int | None, int | None, int | None]:
        uscc, authority, name, status, filing = keys
        return (hash(uscc) if uscc else None,
                hash((authority, name)) if status == "active" and authority and name else None,
                hash(filing) if filing else None)


# --------------------------------------------------------------------------------------------- worker processes
_WORKER_VALIDATOR: Validator | None = None


def _check_chunk(chunk: list[tuple[int, list]]) -> list[tuple]:
    """In a worker process: check rows with the validator inherited at fork."""
    validator = _WORKER_VALIDATOR
    return [(row, *validator.check(row, cells)) for row, cells in chunk]


def _search_chunk(rows: list[tuple]) -> list[tuple]:
    """In a worker process: the search entries of normalized rows (without their organization id)."""
    return [search_values(r) for r in rows]


def _chunked(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_order(pool, function, chunks: Iterable[list], window: int) -> Iterator:
    """Results of ``function`` over ``chunks`` in order, with at most ``window`` chunks in flight (memory stays
    bounded: Pool.imap would read the whole file ahead)."""
    from collections import deque

    pending: deque = deque()
    for chunk in chunks:
        pending.append(pool.apply_async(function, (chunk,)))
        if len(pending) >= window:
            yield from pending.popleft().get()
    while pending:
        yield from pending.popleft().get()


def _with_search_entries(batches: Iterable[list[tuple]], pool) -> Iterator[tuple[list[tuple], list | None]]:
    """Each batch with its search entries, computed by the workers one batch ahead of the inserts."""
    if pool is None:
        for batch in batches:
            yield batch, None
        return
    batches = iter(batches)
    current = next(batches, None)
    pending = pool.apply_async(_search_chunk, (current,)) if current is not None else None
    while current is not None:
        following = next(batches, None)
        upcoming = pool.apply_async(_search_chunk, (following,)) if following is not None else None
        yield current, pending.get()
        current, pending = following, upcoming


def _worker_init() -> None:
    """Workers die with the import process (a SIGKILLed import must not leave orphans behind)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_workers(validator: Validator, workers: int):
    """A fork pool that inherits the validator (divisions in memory, header mapping); None for one process.

    Forked before any progress bar thread exists; the workers never touch the database connection they
    inherit (they only clean rows and compute search entries) and end with os._exit, closing nothing.
    """
    global _WORKER_VALIDATOR
    if workers == 0:
        workers = os.cpu_count() or 1
    if workers <= 1 or os.name != "posix":
        return None, 1
    import multiprocessing

    from . import search  # noqa: F401 (loaded before the fork, so the workers share pypinyin's dictionaries)

    _WORKER_VALIDATOR = validator
    # Objects that exist now (Django, the divisions, pypinyin's dictionaries) move to the collector's permanent
    # generation, so neither side's collections write to them and the forked workers keep sharing their pages.
    gc.collect()
    gc.freeze()
    return multiprocessing.get_context("fork").Pool(workers, initializer=_worker_init), workers


# --------------------------------------------------------------------------------------------- register checks
def _chunks(items: list, size: int = 900) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def existing_by_code(batch: list[tuple], *, full: bool) -> dict[str, Organization | int]:
    """Organizations of the register with the batch's USCCs or filing numbers: code -> org (or pk)."""
    usccs = [r[R.uscc] for r in batch if r[R.uscc]]
    filings = [r[R.filing_number] for r in batch if r[R.filing_number]]
    found: dict = {}
    for lookup, codes in (("uscc", usccs), ("filing_number", filings)):
        for chunk in _chunks(codes):
            qs = Organization.objects.filter(**{f"{lookup}__in": chunk})
            if full:
                for org in qs:
                    found[getattr(org, lookup)] = org
            else:
                found.update(qs.values_list(lookup, "pk"))
    return found


def taken_names(pairs: list[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (authority, name) pairs already used by active organizations of the register."""
    names = sorted({name for _, name in pairs})
    wanted = set(pairs)
    taken = set()
    for chunk in _chunks(names):
        # No status condition in SQL: SQLite would pick the low-selectivity status index and scan.
        for authority, name, status in Organization.objects.filter(name__in=chunk).values_list(
                "authority_id", "name", "status"):
            if status == "active" and (authority, name) in wanted:
                taken.add((authority, name))
    # The same name once folded (traditional → simplified, full-width, spaces): the search index keeps every
    # name in that form.
    from .search import normalize

    folded: dict[tuple[str, str], set[str]] = {}
    for authority, name in pairs:
        folded.setdefault((authority, normalize(name)), set()).add(name)
    for chunk in _chunks(sorted({name for _, name in folded})):
        for authority, name, status in SearchEntry.objects.filter(name__in=chunk).values_list(
                "authority_id", "name", "status"):
            if status == "active" and (authority, name) in folded:
                taken.update((authority, raw) for raw in folded[(authority, name)])
    return taken


def row_code(r: tuple) -> str | None:
    return r[R.uscc] or r[R.filing_number]


def check_against_register(batch: list[tuple], validator: Validator) -> tuple[list, list]:
    """Duplicates against the register, and for ``upsert`` the plan for existing organizations.

    Returns (new rows, [(row, org, plan)]); logs problems through the validator.
    """
    upsert = validator.options.upsert
    existing = existing_by_code(batch, full=upsert)
    new, updates = [], []
    for r in batch:
        org = existing.get(r[R.uscc]) if r[R.uscc] else existing.get(r[R.filing_number]) if r[R.filing_number] \
            else None
        if org is None:
            new.append(r)
        elif not upsert:
            key = "uscc" if r[R.uscc] else "filing_number"
            validator.problem(r[R.row], key, "USCC-DUPLICATE" if key == "uscc" else "FILING-DUPLICATE",
                              "该统一社会信用代码已登记（如需更新已登记的组织，请使用 --upsert / 更新模式）"
                              if key == "uscc" else "该备案编号已存在",
                              "this unified social credit code is already registered (use upsert to update "
                              "registered organizations)" if key == "uscc" else "this filing number already exists",
                              row_code(r))
        else:
            plan = plan_update(org, r, validator)
            if plan is not None:
                updates.append((r, org, plan))
    pairs = [(r[R.authority], r[R.name]) for r in new if r[R.status] == "active"]
    if pairs:
        taken = taken_names(pairs)
        for r in new:
            if r[R.status] == "active" and (r[R.authority], r[R.name]) in taken:
                validator.problem(r[R.row], "name", "NAME-TAKEN", "同一登记管理机关已有正常状态的同名社会组织",
                                  "an active organization of the same registering authority already uses this name",
                                  r[R.name])
    return new, updates


@dataclass
class Plan:
    """What an upsert row changes on an existing organization: one change event and/or one status event."""

    changes: dict
    status_kind: str | None = None
    status_date: date | None = None
    status_reason: str = ""

    @property
    def empty(self) -> bool:
        return not self.changes and not self.status_kind


def plan_update(org: Organization, r: tuple, validator: Validator) -> Plan | None:
    """Every difference between the row and the organization, as events to record; None if any is refused."""
    present = validator.columns
    row = r[R.row]
    before = validator.log.count
    current = {
        "org_type": org.org_type, "authority": org.authority_id, "founded_on": org.founded_on,
        "street": org.street, "community": org.community,
    }
    new_values = {"org_type": r[R.org_type], "authority": r[R.authority], "founded_on": r[R.founded_on],
                  "street": r[R.street], "community": r[R.community]}
    for key in IMMUTABLE_ON_UPSERT:
        column_present = key in present or (key == "authority" and "authority_code" in present)
        if column_present and current[key] != new_values[key]:
            validator.problem(row, key, "UPSERT-IMMUTABLE",
                              f"与已登记的值（{current[key]}）不同；此项不能通过变更登记修改",
                              f"differs from the registered value ({current[key]}); a change registration cannot "
                              "set this item", new_values[key])
    changes: dict = {}
    for key in TEXT_ITEMS:
        if key in present and (getattr(org, key) or "") != r[getattr(R, key)]:
            changes[key] = r[getattr(R, key)]
    if "registered_funds" in present and _money(org.registered_funds) != _money(r[R.registered_funds]):
        changes["registered_funds"] = None if r[R.registered_funds] is None else str(r[R.registered_funds])
    if r[R.legal_rep_id] and crypto.search_hash(r[R.legal_rep_id]) != org.legal_rep_id_hash:
        changes["legal_rep_id"] = r[R.legal_rep_id]
    if r[R.former_names]:
        known = set(filter(None, org.former_names.splitlines())) | {org.name}
        unknown = [n for n in r[R.former_names] if n not in known]
        if unknown:
            validator.problem(row, "former_names", "UPSERT-DERIVED",
                              "曾用名由变更登记推导，不能通过导入添加：" + "；".join(unknown),
                              "former names derive from change registrations and cannot be added by an import: "
                              + "; ".join(unknown), "；".join(unknown))
    plan = Plan(changes)
    status = r[R.status]
    if "status" in present and status != org.status:
        if status == "active":
            validator.problem(row, "status", "UPSERT-STATUS", "已注销、撤销或吊销的组织不能通过导入恢复为正常",
                              "a deregistered, revoked or cancelled organization cannot be made active by an import",
                              status)
        else:
            plan.status_kind = TERMINAL_KIND[status]
            plan.status_date = r[R.status_date] or validator.today
            plan.status_reason = "" if r[R.status_date] else NO_DATE_REASON
    elif "status_date" in present and r[R.status_date] and status != "active" and r[R.status_date] != org.status_since:
        validator.problem(row, "status_date", "UPSERT-IMMUTABLE",
                          f"与已登记的状态日期（{org.status_since}）不同", f"differs from the registered status date "
                          f"({org.status_since})", r[R.status_date])
    if validator.log.count > before:
        return None
    return plan


def _money(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


# --------------------------------------------------------------------------------------------- spill
class Spill:
    """Normalized rows between the passes: pickled batches in a temporary file (deleted when closed)."""

    def __init__(self, directory: Path):
        directory.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="import-", suffix=".spill", dir=directory)
        self.path = Path(name)
        self._fh = os.fdopen(fd, "wb")
        self.rows = 0

    def write(self, batch: list[tuple]) -> None:
        pickle.dump(batch, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.rows += len(batch)

    def batches(self) -> Iterator[list[tuple]]:
        self._fh.close()
        with open(self.path, "rb") as fh:
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def close(self) -> None:
        self._fh.close()
        self.path.unlink(missing_ok=True)


def spill_dir() -> Path:
    """Where spills live; spills of killed imports older than a day are removed here."""
    directory = Path(settings.VAR_DIR) / "imports" / "tmp"
    if directory.is_dir():
        for stale in directory.glob("import-*.spill"):
            try:
                if time.time() - stale.stat().st_mtime > 86400:
                    stale.unlink()
            except OSError:
                pass
    return directory


# --------------------------------------------------------------------------------------------- progress
def progress_path(job_id) -> Path:
    return Path(settings.VAR_DIR) / "imports" / f"job-{job_id}.progress.json"


def write_progress(path: Path | None, phase: str, done: int, total: int | None) -> None:
    """Atomically replace the progress file (readers never see half a file)."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"phase": phase, "done": done, "total": total, "at": time.time()}))
    os.replace(tmp, path)


def read_progress(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


# --------------------------------------------------------------------------------------------- apply
class _Rollback(Exception):
    pass


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def batch_digest(batch: list[tuple]) -> str:
    """SHA-256 of the batch's normalized rows (the audit event's fingerprint of exactly what was imported)."""
    digest = hashlib.sha256()
    for r in batch:
        digest.update("\x1f".join("" if v is None else "；".join(v) if isinstance(v, tuple) else str(v)
                                  for v in r[1:]).encode())
        digest.update(b"\x1e")
    return digest.hexdigest()


ORG_COLUMNS = ("id", "uscc", "filing_number", "org_type", "level", "authority_id", "name", "former_names",
               "legal_rep_name", "legal_rep_id_encrypted", "legal_rep_id_hash", "supervisor", "domicile",
               "founded_on", "registered_funds", "business_scope", "status", "status_since", "phone", "street",
               "community", "is_demo", "created_at", "updated_at")
EVENT_COLUMNS = ("organization_id", "kind", "effective_on", "decision_number", "reason", "changes",
                 "supersedes_id", "actor_id", "recorded_at")
VERSION_COLUMNS = ("organization_id", "valid_from", "valid_to", "name", "status", "authority_id", "legal_rep_name",
                   "supervisor", "domicile", "registered_funds", "business_scope", "phone")


def _check_columns() -> None:
    """The set-based insert names every column; a new model field must be added here too (tests call this)."""
    for model, columns, skip in ((Organization, ORG_COLUMNS, ()), (RegistrationEvent, EVENT_COLUMNS, ("id",)),
                                 (OrganizationVersion, VERSION_COLUMNS, ("id",))):
        fields = {f.column for f in model._meta.concrete_fields} - set(skip)
        if fields != set(columns):
            raise RuntimeError(f"{model.__name__} columns changed: {sorted(fields ^ set(columns))}")


BULK_LOAD_MIN_ROWS = 20000
BULK_TABLES = ("registry_organization", "registry_registrationevent", "registry_organizationversion",
               "registry_searchentry")


class BulkLoad:
    """Loading a large file into an empty register: indexes are built once at the end instead of row by row.

    Inside the import transaction (DDL is transactional on SQLite and PostgreSQL, so a killed import leaves
    them as they were), the secondary indexes of the register's tables are dropped, the rows inserted, and the
    indexes created again from their saved definitions: a sorted build instead of a million random B-tree
    inserts. Unique indexes that back constraints stay (they guard the data while it goes in); a partial unique
    index is rebuilt, so a duplicate would still fail the whole import. On SQLite the search index's FTS5 sync
    triggers are dropped too and the FTS5 table rebuilt from its content table at the end (correct only
    because that table was empty). On PostgreSQL the dropped indexes lock the tables until commit, which is
    why this is done only when the register was empty when the import began and still is.
    """

    def __init__(self, cursor):
        self.cursor = cursor
        self.vendor = connection.vendor
        self.indexes: list[str] = []
        self.triggers: list[str] = []
        self.fts: list[str] = []

    def prepare(self) -> None:
        cursor = self.cursor
        tables = BULK_TABLES
        if self.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(f"SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                           f"(tbl_name IN ({marks}) OR type = 'table')", list(tables))
            objects = cursor.fetchall()
            self.fts = [name for kind, name, _, sql in objects if kind == "table" and "fts5" in sql.lower()
                        and "content='registry_searchentry'" in sql.replace('"', "'")]
            for kind, name, table, sql in objects:
                if table not in tables:
                    continue
                if kind == "index":
                    self.indexes.append(sql)
                    cursor.execute(f'DROP INDEX "{name}"')
                elif kind == "trigger" and self.fts and any(f in sql for f in self.fts):
                    self.triggers.append(sql)
                    cursor.execute(f'DROP TRIGGER "{name}"')
        elif self.vendor == "postgresql":
            cursor.execute(
                "SELECT ci.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ci ON ci.oid = i.indexrelid "
                "LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid "
                "WHERE t.relname = ANY(%s) AND NOT i.indisprimary AND c.oid IS NULL", [list(tables)])
            for name, definition in cursor.fetchall():
                self.indexes.append(definition)
                cursor.execute(f'DROP INDEX "{name}"')
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")

    def finish(self) -> None:
        if self.vendor == "postgresql":
            # The deferred foreign-key checks of the new rows must run before CREATE INDEX on those tables.
            self.cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            self.cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for sql in self.indexes:
            self.cursor.execute(sql)
        for table in self.fts:
            self.cursor.execute(f"INSERT INTO \"{table}\"(\"{table}\") VALUES ('rebuild')")
        for sql in self.triggers:
            self.cursor.execute(sql)


def analyze_after_bulk_load() -> None:
    """Fresh planner statistics after a bulk load (outside the transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(BULK_TABLES))


_LEVELS: dict[str, str] = {}
_SEARCH_ATTRS: list[str] = []


def level_of(code: str) -> str:
    if code not in _LEVELS:
        _LEVELS[code] = str(level_for(SimpleNamespace(code=code)).value)
    return _LEVELS[code]


def search_values(r: tuple) -> tuple:
    """The search entry of a normalized row, as column values (organization id 0: filled in on insert).

    registry.search.entry_values is the one definition of an entry; this only feeds it the row."""
    from .search import entry_values

    if not _SEARCH_ATTRS:
        _SEARCH_ATTRS.extend(f.attname for f in SearchEntry._meta.concrete_fields)
    values = entry_values(name=r[R.name], former_names="\n".join(r[R.former_names]), org_type=r[R.org_type],
                          level=level_of(r[R.authority]), status=r[R.status], authority_id=r[R.authority])
    values["organization_id"] = 0
    return tuple(values[attr] for attr in _SEARCH_ATTRS)


class Writer:
    """Set-based inserts of new organizations inside the import transaction (executemany / COPY)."""

    def __init__(self, actor, reason: str, today: date):
        self.vendor = connection.vendor
        self.actor_id = getattr(actor, "pk", None)
        self.reason = reason
        self.today = today
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())
        self.cursor = connection.cursor()
        self.filing_next: dict[str, int] = {}
        self.search_columns = [f.column for f in SearchEntry._meta.concrete_fields]
        self.search_pk = [f.attname for f in SearchEntry._meta.concrete_fields].index("organization_id")
        self.events = 0

    # ids are allocated here so events, versions and search entries can point at their organization
    # without reading the rows back.
    def allocate_ids(self, count: int) -> list[int]:
        if self.vendor == "postgresql":
            self.cursor.execute("SELECT nextval(pg_get_serial_sequence('registry_organization', 'id')) "
                                "FROM generate_series(1, %s)", [count])
            return [row[0] for row in self.cursor.fetchall()]
        # SQLite: the import transaction holds the write lock, so nobody else takes ids meanwhile.
        self.cursor.execute("SELECT MAX(x) FROM (SELECT MAX(id) AS x FROM registry_organization UNION ALL "
                            "SELECT seq FROM sqlite_sequence WHERE name = 'registry_organization')")
        start = (self.cursor.fetchone()[0] or 0) + 1
        return list(range(start, start + count))

    def filing_number(self, authority: str) -> str:
        from .services import _next_filing_number

        if authority not in self.filing_next:
            self.filing_next[authority] = int(_next_filing_number(authority)[-6:])
        seq = self.filing_next[authority]
        self.filing_next[authority] = seq + 1
        return f"BA{authority}{seq:06d}"

    def insert(self, rows: list[tuple], entries: list[tuple] | None = None) -> list[int]:
        """Insert new organizations; ``entries`` are their search entries if computed elsewhere (workers)."""
        ids = self.allocate_ids(len(rows))
        if entries is None:
            entries = [search_values(r) for r in rows]
        at = self.search_pk
        search_rows = [entry[:at] + (pk,) + entry[at + 1:] for pk, entry in zip(ids, entries, strict=True)]
        orgs, events, versions = [], [], []
        now = self.now
        dumps = json.dumps
        reason = self.reason
        for pk, r in zip(ids, rows, strict=True):
            founded, status = r[R.founded_on], r[R.status]
            funds = r[R.registered_funds]
            filing = r[R.filing_number] or (self.filing_number(r[R.authority]) if r[R.org_type] == "community_org"
                                             else None)
            items = {"name": r[R.name], "legal_rep_name": r[R.legal_rep_name], "domicile": r[R.domicile],
                     "business_scope": r[R.business_scope], "supervisor": r[R.supervisor],
                     "registered_funds": None if funds is None else str(funds), "phone": r[R.phone]}
            establishment = dict(items)
            if r[R.former_names]:
                establishment["former_names"] = list(r[R.former_names])
            events.append((pk, rules.ESTABLISHMENT, founded, "", reason, dumps(establishment), None,
                           self.actor_id, now))
            if status == "active":
                since = founded
                versions.append((pk, founded, None, r[R.name], "active", r[R.authority], r[R.legal_rep_name],
                                 r[R.supervisor], r[R.domicile], funds, r[R.business_scope], r[R.phone]))
            else:
                day = r[R.status_date] or self.today
                kind = TERMINAL_KIND[status]
                events.append((pk, kind, day, "", reason if r[R.status_date] else f"{reason}；{NO_DATE_REASON}",
                               "{}", None, self.actor_id, now))
                history = rules.fold([rules.Event(1, rules.ESTABLISHMENT, founded, items),
                                      rules.Event(2, kind, day, {})])
                for v in history.versions:
                    versions.append((pk, v.valid_from, v.valid_to, r[R.name], v.status, r[R.authority],
                                     r[R.legal_rep_name], r[R.supervisor], r[R.domicile], funds,
                                     r[R.business_scope], r[R.phone]))
                since = history.versions[-1].valid_from
            legal_id = r[R.legal_rep_id]
            former = "\n".join(r[R.former_names])
            level = level_of(r[R.authority])
            orgs.append((pk, r[R.uscc], filing, r[R.org_type], level, r[R.authority], r[R.name], former,
                         r[R.legal_rep_name], crypto.encrypt(legal_id) if legal_id else "",
                         crypto.search_hash(legal_id) if legal_id else "", r[R.supervisor], r[R.domicile], founded,
                         funds, r[R.business_scope], status, since, r[R.phone], r[R.street], r[R.community], False,
                         now, now))
        self.copy("registry_organization", ORG_COLUMNS, orgs)
        self.copy("registry_registrationevent", EVENT_COLUMNS, events)
        self.copy("registry_organizationversion", VERSION_COLUMNS, versions)
        self.copy(SearchEntry._meta.db_table, self.search_columns, search_rows)
        self.events += len(events)
        return ids

    def copy(self, table: str, columns, rows: list[tuple]) -> None:
        if not rows:
            return
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        if self.vendor == "postgresql":
            with self.cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            self.cursor.executemany(f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({marks})",
                                    rows)


def apply_updates(updates: list, validator: Validator, actor, reason: str) -> tuple[int, int]:
    """Record each planned difference through the service (dated, audited); returns (orgs, events)."""
    from .services import record_event

    orgs = events = 0
    for r, org, plan in updates:
        if plan.empty:
            continue
        try:
            # Changes are dated at the terminal date when one is given, so they precede it on that day.
            day = plan.status_date if plan.status_kind and plan.status_date < validator.today else validator.today
            if plan.changes:
                record_event(actor, org, kind=EventKind.CHANGE, effective_on=day, reason=reason,
                             changes=plan.changes)
                events += 1
            if plan.status_kind:
                record_event(actor, org, kind=plan.status_kind, effective_on=plan.status_date,
                             reason="；".join(x for x in (reason, plan.status_reason) if x))
                events += 1
            orgs += 1
        except RuleViolation as refusal:
            for problem in refusal.problems:
                key = (problem.field or "").removeprefix("changes.")
                key = {"effective_on": "status_date", "kind": "status"}.get(key, key)
                validator.log.add(replace(problem, row=r[R.row], field=validator.header_of(key)))
    return orgs, events


def _sqlite_bulk_settings(enable: bool) -> None:
    """A larger page cache for the import's random-order index inserts (SQLite only; per connection)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {-65536 if enable else -2000}")


# --------------------------------------------------------------------------------------------- name screening
def screen_rows(batch: list[tuple], validator: Validator, result: Result,
                on_warning: Callable[[Refusal], None] | None, *, register: bool = True) -> None:
    """Screen every valid row's name (registry.screening_hook) and report each hit as a warning of its row.

    ``register``: also against the register (pointless, and skipped, when the import began on an empty one;
    the suspected-illegal and serious lists are always screened)."""
    from . import screening_hook

    if not screening_hook.name_screens:
        return
    answers = screening_hook.screen_names([(r[R.name], r[R.authority], row_code(r) or "") for r in batch],
                                          register=register)
    for r, hits in zip(batch, answers, strict=True):
        if not hits:
            continue
        zh, en = screening_hook.summary(hits)
        warning = validator.make(r[R.row], "name", "NAME-SCREEN-HIT", f"名称筛查：与以下名称相同或近似：{zh}",
                                 f"name screening: the same as or like {en}", r[R.name])
        result.warning_count += 1
        if len(result.warnings) < MAX_SHOWN_WARNINGS:
            result.warnings.append(warning)
        if on_warning:
            on_warning(warning)


# --------------------------------------------------------------------------------------------- entry points
AfterBatch = Callable[[list[int]], None]
# Set-based hooks run inside the import transaction with the ids of each batch's new organizations (apps that
# derive data from organizations register here instead of the importer importing them).
after_batch_hooks: list[AfterBatch] = []


def run_import(path, *, actor=SYSTEM, options: Options | None = None, job: ImportJob | None = None,
               file_name: str | None = None, on_problem: Callable[[Refusal], None] | None = None,
               progress: Progress | None = None, progress_file: Path | None = None,
               on_warning: Callable[[Refusal], None] | None = None) -> Result:
    """Validate ``path`` and, unless it has problems or ``options.dry_run``, apply it all-or-nothing.

    ``actor`` is the user importing (jurisdiction applies) or :data:`SYSTEM` for the command line. With ``job``
    the job row is updated as it goes; otherwise (command line) a job row is created inside the import
    transaction, and only when the import changes something.
    """
    options = options or Options()
    path = Path(path)
    started = time.monotonic()
    result = Result(file_name=file_name or path.name, dry_run=options.dry_run)
    log = ProblemLog(on_problem)
    today = timezone.localdate()

    def report(phase: str, done: int, total: int | None):
        write_progress(progress_file, phase, done, total)
        if progress:
            progress(phase, done, total)
        if job is not None and phase == "validate":
            _update_job(job, processed_rows=done, total_rows=total or 0)

    result.sha256 = _file_sha256(path)
    spill = pool = None
    try:
        try:
            source = open_source(path, options.encoding)
        except SourceError as exc:
            for problem in exc.problems:
                log.add(problem)
            return _finish(result, log, started)
        result.encoding = source.encoding
        try:
            register_empty = not Organization.objects.exists()
            validator = Validator(source, actor=None if actor is SYSTEM else actor, options=options, log=log,
                                  today=today, check_db=not register_empty,
                                  reopen=lambda: open_source(path, options.encoding))
            if validator.read_header():
                pool, workers = start_workers(validator, options.workers)
                spill = Spill(spill_dir())
                try:
                    for batch in validator.batches(report, pool=pool, workers=workers):
                        spill.write(batch)
                        screen_rows(batch, validator, result, on_warning, register=not register_empty)
                except SourceError as exc:
                    for problem in exc.problems:
                        log.add(problem)
        finally:
            source.close()
        result.total_rows = validator.rows
        result.timings["validate"] = time.monotonic() - started
        validator.seen_uscc = validator.seen_name = validator.seen_filing = None  # pass 2 has no use for them
        if log.count or options.dry_run:
            return _finish(result, log, started)
        _apply(spill, validator, result, actor=actor, options=options, job=job, report=report, today=today,
               register_was_empty=register_empty, pool=pool)
        return _finish(result, log, started)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if spill is not None:
            spill.close()


def _finish(result: Result, log: ProblemLog, started: float) -> Result:
    result.error_count = log.count
    result.errors = list(log.first)
    result.seconds = time.monotonic() - started
    return result


def _update_job(job: ImportJob, **fields) -> None:
    """Progress on the job row, outside any transaction; skipped when the database is busy (SQLite)."""
    if transaction.get_connection().in_atomic_block:
        return
    try:
        ImportJob.objects.filter(pk=job.pk).update(**fields)
    except DatabaseError:
        pass


def _apply(spill: Spill, validator: Validator, result: Result, *, actor, options: Options, job, report,
           today: date, register_was_empty: bool = False, pool=None) -> None:
    _check_columns()
    log = validator.log
    total = validator.rows
    reason_text = options.reason or f"批量导入 / bulk import: {result.file_name}"
    audit_actor = None if actor is SYSTEM else actor
    created_job = job is None
    bulk = None
    _sqlite_bulk_settings(True)
    try:
        with transaction.atomic():
            if created_job:
                job = ImportJob.objects.create(
                    created_by=audit_actor, file_name=result.file_name, file_path=result.file_name,
                    encoding=result.encoding, upsert=options.upsert, state=ImportJob.State.RUNNING,
                    total_rows=total)
            reason = f"{reason_text}（导入任务 #{job.pk} / import job #{job.pk}）"
            writer = Writer(audit_actor, reason, today)
            # Into a register that was empty when validation began and still is (inside this transaction), every
            # row is new and the file's own duplicates are already excluded: no per-batch lookups. Otherwise the
            # register is checked again here, since it may have changed since validation.
            still_empty = register_was_empty and not Organization.objects.exists()
            bulk = BulkLoad(writer.cursor) if still_empty and total >= BULK_LOAD_MIN_ROWS else None
            if bulk:
                bulk.prepare()
            done = 0
            report("apply", 0, total)
            phase_started = time.monotonic()
            for batch, entries in _with_search_entries(spill.batches(), pool):
                new, updates = (batch, []) if still_empty else check_against_register(batch, validator)
                done += len(batch)
                if log.count:
                    continue  # keep checking, to report every problem; nothing more is written
                if new:
                    if entries is not None and len(new) != len(batch):
                        by_row = {r[R.row]: e for r, e in zip(batch, entries, strict=True)}
                        entries = [by_row[r[R.row]] for r in new]
                    ids = writer.insert(new, entries)
                    for hook in after_batch_hooks:
                        hook(ids)
                    record_many(audit_actor, [Change(
                        "organization.import", "ImportJob", str(job.pk),
                        after={"codes": [row_code(r) for r in new], "sha256": batch_digest(new),
                               "rows": [new[0][R.row], new[-1][R.row]]},
                        reason=reason)])
                    result.created += len(new)
                changed, events = apply_updates(updates, validator, actor, reason)
                result.updated += changed
                result.events += events
                result.unchanged += len(batch) - len(new) - changed
                report("apply", done, total)
            result.events += writer.events
            result.timings["write"] = time.monotonic() - phase_started
            if bulk and not log.count:
                report("index", total, total)
                bulk.finish()
                result.timings["index"] = time.monotonic() - phase_started - result.timings["write"]
            if log.count or (created_job and not result.created and not result.updated):
                raise _Rollback  # problems; or nothing changed and a command-line job leaves no trace
            if result.created or result.updated:
                record_many(audit_actor, [Change(
                    "import.job", "ImportJob", str(job.pk),
                    after={"file_name": result.file_name, "sha256": result.sha256, "rows": result.total_rows,
                           "created": result.created, "updated": result.updated, "events": result.events,
                           "unchanged": result.unchanged, "upsert": options.upsert,
                           "by": getattr(actor, "username", "system")},
                    reason=reason)])
            result.job_id = job.pk
            job.state = ImportJob.State.DONE
            job.total_rows = job.processed_rows = total
            job.error_count = 0
            job.errors = []
            job.finished_at = timezone.now()
            job.summary = {**(job.summary or {}), **result.summary()}
            job.save()
            commit_started = time.monotonic()
        result.timings["commit"] = time.monotonic() - commit_started
    except _Rollback:
        result.created = result.updated = result.events = 0
        result.unchanged = 0 if log.count else result.total_rows
        result.job_id = None if created_job else job.pk
    except IntegrityError as exc:
        log.add(file_problem("CONFLICT", "与同时进行的登记冲突，未导入任何数据，请重试",
                             f"conflicts with a concurrent change; nothing was imported, please retry ({exc})"[:300]))
        result.created = result.updated = result.events = 0
        result.job_id = None if created_job else job.pk
    finally:
        _sqlite_bulk_settings(False)
    if bulk and result.created:
        analyzed = time.monotonic()
        analyze_after_bulk_load()
        result.timings["analyze"] = time.monotonic() - analyzed


def format_problem(problem: Refusal) -> str:
    """One line per problem: row, column, value, rule id, Chinese / English message."""
    parts = []
    if problem.row is not None:
        parts.append(f"第 {problem.row} 行 / row {problem.row}")
    if problem.field:
        parts.append(f"列 / column {problem.field}")
    if problem.value not in (None, ""):
        parts.append(f"值 / value {problem.value!r}")
    parts.append(problem.code)
    return " · ".join(parts) + f": {problem.zh} / {problem.en}"


class ErrorReport:
    """Every problem, streamed to a CSV file (UTF-8 with BOM, for Excel): row, column, value, rule, messages."""

    def __init__(self, path: Path):
        self.fh = open(path, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by close())
        self.out = csv.writer(self.fh)
        self.out.writerow(["行 row", "列 column", "值 value", "规则 rule", "说明", "message",
                           "筛查警告 screening warning"])
        self.warnings = 0

    def add(self, problem: Refusal) -> None:
        self.out.writerow([problem.row or "", problem.field or "", _guard(problem.value or ""), problem.code,
                           problem.zh, problem.en, ""])

    def warn(self, warning: Refusal) -> None:
        """A name-screening hit: the row is not refused; the warning column says so."""
        self.warnings += 1
        self.out.writerow([warning.row or "", warning.field or "", _guard(warning.value or ""), warning.code,
                           warning.zh, warning.en, "近似名称，请核对 / similar name, please check"])

    __call__ = add

    def close(self) -> None:
        self.fh.close()


def _guard(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
