"""Pass 1: the header, then every row on its own (the same cleaner as the API and the forms, with the divisions
held in memory), duplicates inside the file (:class:`KeyLedger`: 64-bit hashes, found by sorting at the end) and,
per batch, against the register (:mod:`.reconcile`)."""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings

from accounts.jurisdiction import may_act_for_division
from common.errors import Refusal

from ..validation import (
    MAX_LENGTHS,
    DivisionLookup,
    clean_organization_with,
    clean_status,
    parse_date,
    refusal,
)
from .columns import COLUMN_BY_KEY, DERIVED_COLUMNS, HEADER_ALIASES, REQUIRED_COLUMNS, header_key, unguard
from .reconcile import check_against_register
from .results import Options, ProblemLog, Progress
from .rows import CheckedRow, ImportRow, RowKeys
from .sources import Source, cell_text
from .workers import check_chunk, chunked, in_order

if TYPE_CHECKING:
    from multiprocessing.pool import Pool

    from accounts.models import User


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

    def __init__(self, source: Source, *, actor: User | None, options: Options, log: ProblemLog, today: date,
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

    def drop_ledgers(self) -> None:
        """Free the duplicate ledgers once pass 1 has named every duplicate."""
        self.seen_uscc = self.seen_name = self.seen_filing = KeyLedger()

    # -- header
    def read_header(self) -> bool:
        """Map the header; log its problems; False when rows cannot be read meaningfully."""
        fatal = False
        if not any(str(c or "").strip() for c in self.source.header):
            self.log.add(refusal("IMPORT-EMPTY", None, "文件没有表头行", "the file has no header row", row=1))
            return False
        for index, text in enumerate(self.source.header):
            written = str(text or "").replace("\ufeff", "").strip()
            if not written:
                continue
            key = HEADER_ALIASES.get(header_key(written))
            if key is None:
                self.log.add(refusal("IMPORT-COLUMN-UNKNOWN", written, f"无法识别的列：{written}（不会被忽略，请删除或改名）",
                                     f"unknown column: {written} (columns are never dropped silently; remove "
                                     "or rename it)", written, row=1))
                continue
            if key in DERIVED_COLUMNS:
                continue
            if key in self.columns:
                self.log.add(refusal("IMPORT-COLUMN-DUPLICATE", written, f"列重复：{written}",
                                     f"duplicate column: {written}", written, row=1))
                fatal = True
                continue
            self.columns[key] = index
            self.written[key] = written
        missing = [k for k in REQUIRED_COLUMNS if k not in self.columns]
        if "authority" not in self.columns and "authority_code" not in self.columns:
            missing.append("authority")
        for key in missing:
            column = COLUMN_BY_KEY[key]
            self.log.add(refusal("IMPORT-COLUMN-MISSING", column.zh, f"缺少必需的列：{column.zh}（{column.en}）",
                                 f"required column missing: {column.en} ({column.zh})", row=1))
        return not missing and not fatal

    def header_of(self, key: str) -> str | None:
        """The column as written in the file (or its Chinese name when the file lacks it)."""
        if key == "authority" and "authority" not in self.written and "authority_code" in self.written:
            key = "authority_code"
        if key in self.written:
            return self.written[key]
        return COLUMN_BY_KEY[key].zh if key in COLUMN_BY_KEY else (key or None)

    def make(self, row: int, key: str, code: str, zh: str, en: str, value=None) -> Refusal:
        return refusal(code, self.header_of(key), zh, en, value, row=row)

    def problem(self, row: int, key: str, code: str, zh: str, en: str, value=None) -> None:
        self.log.add(self.make(row, key, code, zh, en, value))

    # -- rows
    def raw_rows(self) -> Iterator[tuple[int, list]]:
        for row, cells in self.source.rows:
            if any(cell not in (None, "") and str(cell).strip() for cell in cells):
                self.rows += 1
                yield row, cells

    def batches(self, progress: Progress | None = None, pool: Pool | None = None,
                workers: int = 1) -> Iterator[list[ImportRow]]:
        """Yield lists of normalized rows (only while the file has no problem so far; keeps validating)."""
        checked: Iterator[CheckedRow]
        if pool is None:
            checked = (self.check(row, cells) for row, cells in self.raw_rows())
        else:
            checked = in_order(pool, check_chunk, chunked(self.raw_rows(), 500), window=2 * workers)
        batch: list[ImportRow] = []
        size = self.options.batch_size
        accepted = 0
        for one in checked:
            clean = self.accept(one)
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

    def _finish(self, batch: list[ImportRow]) -> Iterator[list[ImportRow]]:
        if batch and self.check_db:
            check_against_register(batch, self)
        if batch and self.log.count == 0:
            yield batch

    def check(self, row: int, cells: list) -> CheckedRow:
        """One row on its own: its normalized row (or None), its problems, its keys. Pure: no database, no
        state, so worker processes can run it."""
        raw: dict = {}
        width = len(cells)
        for key, index in self.columns.items():
            value = cells[index] if index < width else None
            if value.__class__ is str:  # CSV cells, most xlsx cells: the fast path
                raw[key] = unguard(value).strip()
            elif key in ("founded_on", "status_date", "registered_funds"):
                raw[key] = value
            else:
                raw[key] = cell_text(value)
        found: list[Refusal] = []
        if width > len(self.source.header):
            extra = [c for c in cells[len(self.source.header):] if c not in (None, "") and str(c).strip()]
            if extra:
                found.append(refusal("IMPORT-EXTRA-CELLS", None, f"此行比表头多出 {len(extra)} 个单元格",
                                     f"this row has {len(extra)} cells beyond the header", cell_text(extra[0]),
                                     row=row))
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
        keys = RowKeys(values.get("uscc"), division.code if division is not None else None, values.get("name"),
                       status, filing)
        if found or division is None:
            return CheckedRow(row, None, found, keys)
        return CheckedRow(row, ImportRow(
            row, values["uscc"], filing, values["org_type"], division.code, values["name"], values["legal_rep_name"],
            values["legal_rep_id"] or "", values["supervisor"], values["domicile"], values["founded_on"],
            values["registered_funds"], values["business_scope"], values["phone"], values["street"],
            values["community"], status, status_date, former), [], keys)

    def accept(self, checked: CheckedRow) -> ImportRow | None:
        """In file order: log the row's problems and note its keys; duplicates are named by
        :meth:`report_duplicates` once every row has been read."""
        for problem in checked.problems:
            self.log.add(problem)
        # a row with problems still claims its keys, so a later duplicate of it is reported too
        ledgers = (self.seen_uscc, self.seen_name, self.seen_filing)
        for key, seen in zip(checked.keys.hashes(), ledgers, strict=True):
            if key is not None:
                seen.add(key, checked.row, claim_only=bool(checked.problems))
        return None if checked.problems else checked.clean

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
                    keys = self.check(row, cells).keys
                    values[row] = {"uscc": keys.uscc, "name": keys.name, "filing_number": keys.filing_number}
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

