"""The table of a result, as shown on the page, as CSV (UTF-8 with BOM, for Excel) and XLSX: the same rows and
the same numbers as the chart and the table beside it."""

import csv
import io

HEADERS = ("指标代码 indicator", "指标 name", "统计日 as of", "行政区划 division", "分组 breakdown", "分组值 key",
           "名称", "name", "数值 value", "单位 unit", "分子 numerator", "分母 denominator")


def rows(result) -> list[list]:
    i = result.indicator
    division = f"{result.division_name} ({result.division})"
    out = []
    for row in [*result.rows, {**result.total, "key": "total"}]:
        out.append([i.id, f"{i.name_zh} / {i.name_en}", result.as_of.isoformat(), division, result.by or "",
                    row.get("key", ""), row.get("label_zh", ""), row.get("label_en", ""), row.get("value"),
                    f"{i.unit_zh} / {i.unit_en}", row.get("numerator", ""), row.get("denominator", "")])
    return out


def filename(result, ext: str) -> str:
    return f"{result.indicator.id}_{result.division}_{result.as_of.isoformat()}" \
           f"{'_' + result.by if result.by else ''}.{ext}"


def as_csv(result) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    for row in rows(result):
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def as_xlsx(result) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = result.indicator.id[:31]
    sheet.append(list(HEADERS))
    for row in rows(result):
        sheet.append([_number(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _number(value):
    if hasattr(value, "as_tuple"):  # Decimal: an integer stays an integer, a share keeps its decimals
        return int(value) if value == value.to_integral() else float(value)
    return value
