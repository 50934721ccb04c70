"""Statistical bulletins 统计公报: the standard tables of a jurisdiction for a year, a short generated text, and
what it takes to check them: each figure cites its indicator, breakdown and key; the file carries the date the
figures stood on, the code version and a SHA-256 checksum of the figures; ``python manage.py bulletin verify
FILE`` recomputes every figure and names each that differs (and a checksum that no longer matches the file)."""

import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from common.errors import RuleViolation

from .compute import check_division, division_name, evaluate

FORMAT = "socorg-bulletin/1"
# (section zh, section en, [(indicator, breakdown)]) — the standard tables, in order.
SECTIONS = (
    ("一、社会组织登记", "1. Registration", [("REG-ORGS", None), ("REG-ORGS", "type"), ("REG-ORGS", "level"),
                                          ("REG-GROWTH", None), ("REG-REGISTRATIONS", None),
                                          ("REG-REMOVALS", "category"), ("REG-COMMUNITY", None)]),
    ("二、等级评估", "2. Evaluation grades", [("SUP-GRADED", "category"), ("SUP-3A-SHARE", None),
                                        ("SUP-3A-SHARE-RATED", None)]),
    ("三、年度检查与年度报告", "3. Annual inspection and reports", [("SUP-REPORTS", None), ("SUP-INSPECTION", "category"),
                                                           ("SUP-EMPLOYEES", None), ("SUP-ASSETS", None)]),
    ("四、监督执法", "4. Enforcement", [("SUP-PENALTIES", "category"), ("SUP-FINES", None), ("SUP-SPOT-DRAWN", None),
                                  ("SUP-SPOT-FINDINGS", "category")]),
    ("五、信用管理", "5. Credit lists", [("CRD-LISTED", "category"), ("CRD-LIST-ENTRIES", None),
                                   ("CRD-LIST-EXITS", None)]),
)


def code_version() -> str:
    """SHA-256 (first 12 hex digits) of the statistics code that computes the figures (no git needed)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def _text(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def figures_checksum(figures: list[dict]) -> str:
    canonical = json.dumps([[f["indicator"], f["by"] or "", str(f["key"]), f["value"]] for f in figures],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass
class Bulletin:
    division: str
    year: int
    as_of: date
    sections: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    release_id: str | None = None
    text_zh: str = ""
    text_en: str = ""

    @property
    def division_name(self) -> str:
        return division_name(self.division)

    @property
    def meta(self) -> dict:
        return {"format": FORMAT, "division": self.division, "division_name": self.division_name,
                "year": self.year, "as_of": self.as_of.isoformat(), "code_version": code_version(),
                "release_id": self.release_id,
                "source": f"open-data release {self.release_id} / 公开数据发布 {self.release_id}" if self.release_id
                else "socorg database as of the date / socorg 数据库（统计日）",
                "checksum": figures_checksum(self.figures), "figures": len(self.figures)}


def build(division: str | None, year, *, with_release: bool = False) -> Bulletin:
    """The bulletin of ``division`` for ``year``: the figures as they stood on 31 December (or today for the
    current year). ``with_release``: cite the open-data release of that day (made if there is none yet), from
    which ``python -m stats.release_check`` recomputes the figures without the platform."""
    division = check_division(division)
    today = timezone.localdate()
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise RuleViolation.one("STATS-YEAR-INVALID", "year", f"年度应为四位数字：{year}",
                                f"the year must be four digits: {year}", value=str(year)) from None
    as_of = min(date(year, 12, 31), today)
    bulletin = Bulletin(division, year, as_of)
    if with_release:
        from .opendata import make_release

        bulletin.release_id = make_release(as_of).release_id
    for zh, en, items in SECTIONS:
        tables = []
        for indicator_id, by in items:
            result = evaluate(indicator_id, as_of, division, by, year=None, base_year=year - 1, exact=True)
            rows = [*result.rows, {**result.total, "key": ""}] if by else [{**result.total, "key": ""}]
            table = {"indicator": result.indicator, "by": by, "year": result.year, "rows": []}
            for row in rows:
                figure = {"n": len(bulletin.figures) + 1, "indicator": indicator_id, "by": by, "key": row["key"],
                          "value": _text(row["value"]), "label_zh": row["label_zh"], "label_en": row["label_en"]}
                bulletin.figures.append(figure)
                table["rows"].append(figure)
            tables.append(table)
        bulletin.sections.append({"zh": zh, "en": en, "tables": tables})
    bulletin.text_zh, bulletin.text_en = _summary(bulletin)
    return bulletin


def _figure(bulletin, indicator, by=None, key=""):
    for f in bulletin.figures:
        if f["indicator"] == indicator and f["by"] == by and str(f["key"]) == str(key):
            return f["value"]
    return "0"


def _summary(b: Bulletin) -> tuple[str, str]:
    f = lambda *a: _figure(b, *a)  # noqa: E731
    zh = (f"截至{b.year}年底，{b.division_name}共有登记社会组织{f('REG-ORGS')}个，比上年末增长{f('REG-GROWTH')}%；"
          f"其中社会团体{f('REG-ORGS', 'type', 'social_group')}个，社会服务机构{f('REG-ORGS', 'type', 'social_service_agency')}个，"
          f"基金会{f('REG-ORGS', 'type', 'foundation')}个。全年成立登记{f('REG-REGISTRATIONS')}个，注销、撤销、吊销"
          f"{f('REG-REMOVALS', 'category')}个。持有有效3A以上等级的社会组织占登记社会组织的{f('SUP-3A-SHARE')}%。"
          f"年末列入活动异常名录或严重违法失信名单的{f('CRD-LISTED', 'category')}个。")
    en = (f"At the end of {b.year}, {b.division} had {f('REG-ORGS')} registered social organizations, "
          f"{f('REG-GROWTH')}% more than a year before: {f('REG-ORGS', 'type', 'social_group')} social groups, "
          f"{f('REG-ORGS', 'type', 'social_service_agency')} social service agencies and "
          f"{f('REG-ORGS', 'type', 'foundation')} foundations. {f('REG-REGISTRATIONS')} were established during the "
          f"year and {f('REG-REMOVALS', 'category')} deregistered, revoked or had their certificate cancelled. "
          f"{f('SUP-3A-SHARE')}% held a valid grade of 3A or above; {f('CRD-LISTED', 'category')} were on a credit "
          "list at the year end.")
    return zh, en


# --- files ----------------------------------------------------------------------------------------------------

def as_html(bulletin: Bulletin) -> str:
    return render_to_string("stats/bulletin.html", {"b": bulletin, "meta": bulletin.meta,
                                                    "meta_json": json.dumps(bulletin.meta, ensure_ascii=False).replace("<", "\\u003c")})


def as_xlsx(bulletin: Bulletin) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "统计公报"
    sheet.append([f"{bulletin.division_name}{bulletin.year}年社会组织统计公报",
                  f"Social organization statistical bulletin, {bulletin.division} {bulletin.year}"])
    sheet.append([bulletin.text_zh])
    sheet.append([bulletin.text_en])
    sheet.append([])
    sheet.append(["序号 No.", "名称", "name", "数值 value", "单位 unit", "指标 indicator", "分组 breakdown", "分组值 key"])
    units = {}
    for section in bulletin.sections:
        sheet.append([section["zh"], section["en"]])
        for table in section["tables"]:
            i = table["indicator"]
            units[i.id] = f"{i.unit_zh} / {i.unit_en}"
            sheet.append(["", f"{i.name_zh}", i.name_en])
            for fig in table["rows"]:
                sheet.append([fig["n"], fig["label_zh"], fig["label_en"], fig["value"], units[i.id], fig["indicator"],
                              fig["by"] or "", str(fig["key"])])
    info = book.create_sheet("verification")
    for key, value in bulletin.meta.items():
        info.append([key, "" if value is None else str(value)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_pdf(bulletin: Bulletin) -> bytes:
    """The HTML bulletin printed by WeasyPrint with the Noto Sans CJK SC font (subset into the PDF)."""
    from weasyprint import HTML

    return HTML(string=as_html(bulletin)).write_pdf()


# --- verification ---------------------------------------------------------------------------------------------

class _Figures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.figures, self._cell, self._in_meta, self._buffer = None, [], None, False, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("id") == "bulletin-meta":
            self._in_meta, self._buffer = True, []
        elif "data-indicator" in attrs:
            self._cell = {"n": int(attrs["data-n"]), "indicator": attrs["data-indicator"],
                          "by": attrs.get("data-by") or None, "key": attrs.get("data-key", ""), "value": ""}

    def handle_data(self, data):
        if self._in_meta:
            self._buffer.append(data)
        elif self._cell is not None:
            self._cell["value"] += data

    def handle_endtag(self, tag):
        if self._in_meta and tag == "script":
            self.meta, self._in_meta = json.loads("".join(self._buffer)), False
        elif self._cell is not None and tag == "td":
            self._cell["value"] = self._cell["value"].strip()
            self.figures.append(self._cell)
            self._cell = None


def read(path: Path) -> tuple[dict, list[dict]]:
    """The meta data and the figures (as shown) of a bulletin file (.html or .xlsx)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        meta = {row[0]: row[1] for row in book["verification"].iter_rows(values_only=True)}
        figures = []
        for row in book["统计公报"].iter_rows(min_row=6, values_only=True):
            if row and isinstance(row[0], int):
                figures.append({"n": row[0], "indicator": row[5], "by": row[6] or None, "key": row[7] or "",
                                "value": str(row[3])})
        return meta, figures
    parser = _Figures()
    parser.feed(path.read_text(encoding="utf-8"))
    if parser.meta is None:
        raise RuleViolation.one("BULLETIN-NOT-A-BULLETIN", "file", f"{path.name} 不是 socorg 统计公报",
                                f"{path.name} is not a socorg statistical bulletin")
    return parser.meta, parser.figures


def verify(path: Path) -> list[str]:
    """Every difference between the file and a recomputation of its figures (empty: verified)."""
    meta, shown = read(path)
    problems = []
    if figures_checksum(shown) != meta.get("checksum"):
        problems.append(f"checksum: the figures in the file do not match its checksum {meta.get('checksum')} "
                        "(the file was altered) / 文件中的数字与其校验值不符（文件已被改动）")
    fresh = build(meta["division"], int(meta["year"]))
    if fresh.as_of.isoformat() != meta["as_of"]:
        problems.append(f"as_of: the file says {meta['as_of']}, a bulletin for that year now stands on "
                        f"{fresh.as_of} / 统计日不一致")
    expected = {(f["indicator"], f["by"], str(f["key"])): f for f in fresh.figures}
    for figure in shown:
        mine = expected.get((figure["indicator"], figure["by"], str(figure["key"])))
        if mine is None:
            problems.append(f"figure {figure['n']} ({figure['indicator']} {figure['by'] or ''} {figure['key']}): "
                            f"not in the recomputed bulletin / 重新计算的公报中没有该数字")
        elif mine["value"] != figure["value"]:
            problems.append(f"figure {figure['n']} ({figure['indicator']} {figure['by'] or 'total'} "
                            f"{figure['key'] or ''}): the file says {figure['value']}, recomputed {mine['value']} / "
                            f"文件为 {figure['value']}，重新计算为 {mine['value']}")
    if len(shown) != len(fresh.figures):
        problems.append(f"figures: the file has {len(shown)}, the recomputed bulletin {len(fresh.figures)} / 数字个数不一致")
    return problems
