"""The bulk check on the web: read up to 1,000 names or codes (pasted, or a .txt/.csv/.xlsx file in UTF-8 or GBK),
check them all (credit.api.check_results, the same answers as the API) and write the answers as CSV (UTF-8 with
a BOM, so Excel opens it) or XLSX. Reading and writing only: the answers come from the check."""

from __future__ import annotations

import csv
import io

from common.errors import RuleViolation

MAX_BULK = 1000
MAX_FILE_BYTES = 2 * 1024 * 1024
EXTENSIONS = (".txt", ".csv", ".xlsx")
# A first line that names the column, not an organization (skipped).
HEADER_WORDS = {"名称", "社会组织名称", "名称或代码", "统一社会信用代码", "代码", "name", "names", "code", "uscc", "query",
                "查询"}


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without a BOM), else GBK (GB 18030, its superset); else a clear refusal."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RuleViolation.one("CREDIT-BULK-ENCODING", "file", "文件编码无法识别：请使用 UTF-8 或 GBK 编码",
                            "the file's encoding is not recognized: use UTF-8 or GBK")


def _first_cells(rows) -> list[str]:
    return [str(row[0]).strip() for row in rows if row and row[0] is not None and str(row[0]).strip()]


def read_file(name: str, raw: bytes) -> list[str]:
    """The names or codes in an uploaded file: one per line (.txt) or the first column (.csv, .xlsx)."""
    lower = (name or "").lower()
    if not lower.endswith(EXTENSIONS):
        raise RuleViolation.one("CREDIT-BULK-FILE-TYPE", "file", f"不支持的文件类型：{name}（请上传 .txt、.csv 或 .xlsx）",
                                f"unsupported file type: {name} (upload .txt, .csv or .xlsx)", value=name)
    if len(raw) > MAX_FILE_BYTES:
        raise RuleViolation.one("CREDIT-BULK-FILE-SIZE", "file", "文件超过 2 MB", "the file is larger than 2 MB")
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises several kinds for a damaged file
            raise RuleViolation.one("CREDIT-BULK-FILE-UNREADABLE", "file", "无法读取该 .xlsx 文件",
                                    "the .xlsx file cannot be read", value=name) from error
        values = _first_cells(book.worksheets[0].iter_rows(values_only=True)) if book.worksheets else []
        book.close()
    elif lower.endswith(".csv"):
        values = _first_cells(csv.reader(io.StringIO(_decode(raw))))
    else:
        values = [line.strip() for line in _decode(raw).splitlines() if line.strip()]
    if values and values[0].strip().lower() in HEADER_WORDS:
        values = values[1:]
    return values


def collect(text: str, upload=None) -> list[str]:
    """Pasted lines and the uploaded file's entries, in order, without repeats; refused when empty or over 1,000."""
    values = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if upload is not None:
        values += read_file(upload.name, upload.read())
    values = list(dict.fromkeys(v[:200] for v in values))
    if not values:
        raise RuleViolation.one("CREDIT-BULK-EMPTY", "queries", "请粘贴或上传至少一个名称或统一社会信用代码",
                                "paste or upload at least one name or unified social credit code")
    if len(values) > MAX_BULK:
        raise RuleViolation.one("CREDIT-CHECK-TOO-MANY", "queries",
                                f"一次最多查询 {MAX_BULK} 个名称或代码，本次提交 {len(values)} 个，请分批查询",
                                f"at most {MAX_BULK} names or codes per check; this one has {len(values)}: split it",
                                value=len(values))
    return values


COLUMNS = (("query", "查询内容", "query"), ("standing", "状态", "standing"), ("code", "统一社会信用代码", "code"),
           ("name", "登记名称", "registered name"), ("since", "起始日期", "since"), ("rules", "依据规则", "rules"),
           ("answer", "答复", "answer"), ("link", "说明链接", "explanation"))


def rows(results: list[dict], base_url: str = "") -> list[list[str]]:
    """One row per finding (a query naming two organizations gives two rows; a query that finds nothing, one)."""
    out = []
    for result in results:
        findings = []
        for m in result["matches"]:
            s = m["standing"]
            findings.append((s["label_zh"], m["code"], m["name"], s["since"], s["rules"], m["answer_zh"],
                             s["explanation_url"]))
        for item in result["suspected_illegal"]:
            s = item["standing"]
            findings.append((s["label_zh"], "", item["name"], s["since"], [], s["reason_zh"], s["explanation_url"]))
        if not findings:
            label = "代码无效" if result["code_problems"] else "未找到"
            findings.append((label, "", "", None, [p["rule"] for p in result["code_problems"]], result["answer_zh"], ""))
        for label, code, name, since, rule_ids, answer, link in findings:
            out.append([result["query"], label, code, name, since.isoformat() if since else "", "、".join(rule_ids),
                        answer, (base_url + link) if link else ""])
    return out


def _guard(text: str) -> str:
    from registry.exporter import guard

    return guard(text)


def csv_bytes(table: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f"{zh} / {en}" for _, zh, en in COLUMNS])
    for row in table:
        writer.writerow([_guard(c) for c in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(table: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("核查结果")
    sheet.append([f"{zh} / {en}" for _, zh, en in COLUMNS])
    for row in table:
        cells = []
        for text in row:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
            cell.data_type = "s"  # never a formula
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
