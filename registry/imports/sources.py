"""Reading a spreadsheet: the encoding of a CSV (detected or named), streaming CSV and XLSX readers, cells as
text. Other apps' imports read their files with these too (charity)."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from common.errors import Refusal

from ..validation import refusal
from .columns import unguard


class SourceError(Exception):
    """The file cannot be read at all (format, encoding, header); carries the problems to report."""

    def __init__(self, problems: list[Refusal]):
        super().__init__("; ".join(str(x) for x in problems))
        self.problems = problems


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
    raise SourceError([refusal("IMPORT-FORMAT", None, f"不支持的文件类型：{suffix}（应为 .csv 或 .xlsx）",
                               f"unsupported file type {suffix} (expected .csv or .xlsx)", path.name)])


def _open_csv(path: Path, encoding: str | None) -> Source:
    if encoding:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise SourceError([refusal("IMPORT-ENCODING", None, f"未知的字符编码：{encoding}",
                                       f"unknown encoding: {encoding}", encoding)]) from None
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
            raise SourceError([refusal("IMPORT-CSV", None, f"CSV 格式错误：{exc}", f"malformed CSV: {exc}",
                                       row=row + 1)]) from None

    def progress():
        try:
            return min(fh.buffer.tell() / size, 1.0)
        except (ValueError, OSError):
            return None

    return Source("csv", encoding, header, rows(), progress, fh.close)


def _decode_problem(exc, row: int, encoding: str) -> Refusal:
    return refusal("IMPORT-ENCODING", None, f"无法按 {encoding} 解码（约第 {row} 行）；请用 --encoding 指定编码",
                   f"cannot decode the file as {encoding} (near row {row}); name the encoding with --encoding",
                   str(exc)[:120], row=row)


def _open_xlsx(path: Path) -> Source:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt or foreign file
        raise SourceError([refusal("IMPORT-FORMAT", None, "无法读取 .xlsx 文件", "cannot read the .xlsx file",
                                   f"{type(exc).__name__}: {exc}"[:200])]) from None
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

