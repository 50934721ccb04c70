"""Spreadsheets for the import and export tests, built from conftest.org_row (real division codes)."""

import csv
from datetime import date
from pathlib import Path

from audit.models import AuditEvent
from conftest import org_row
from registry.imports.columns import COLUMN_BY_KEY
from registry.models import ImportJob, Organization, OrganizationVersion, RegistrationEvent, SearchEntry

KEYS = ("uscc", "name", "org_type", "authority", "legal_rep_name", "founded_on", "registered_funds", "supervisor",
        "domicile", "business_scope", "status", "phone")
TYPE_ZH = {"social_group": "社会团体", "social_service_agency": "社会服务机构", "foundation": "基金会",
           "community_org": "社区社会组织"}


def rows_for(authority: str, count: int, start: int = 100, **overrides) -> list[dict]:
    rows = []
    for index in range(start, start + count):
        row = org_row(authority, index, name=f"测试导入{authority}第{index}号协会", **overrides)
        row["status"] = "正常"
        rows.append(row)
    return rows


def cells(row: dict, keys) -> list:
    out = []
    for key in keys:
        value = row.get(key, "")
        if key == "org_type":
            value = TYPE_ZH.get(value, value)
        out.append(value)
    return out


def header(keys, language: str = "zh") -> list[str]:
    return [getattr(COLUMN_BY_KEY[k], language) if k in COLUMN_BY_KEY else k for k in keys]


def write_csv(path: Path, rows: list[dict], *, keys=KEYS, encoding: str = "utf-8-sig", language: str = "zh",
              head: list[str] | None = None) -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        out.writerow(head or header(keys, language))
        for row in rows:
            out.writerow(cells(row, keys))
    return path


def write_xlsx(path: Path, rows: list[dict], *, keys=KEYS) -> Path:
    """An .xlsx with real Excel date cells and numeric funds, as Excel itself would save it."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header(keys))
    for row in rows:
        values = cells(row, keys)
        for i, key in enumerate(keys):
            if key == "founded_on" and values[i]:
                values[i] = date.fromisoformat(values[i])
            if key == "registered_funds" and values[i]:
                values[i] = int(values[i])
        sheet.append(values)
        for i, key in enumerate(keys):
            if key == "founded_on":
                sheet.cell(row=sheet.max_row, column=i + 1).number_format = "yyyy/m/d"
    book.save(path)
    return path


def counts() -> dict:
    """What an import may change; compared before and after to prove 'nothing changed'."""
    return {model.__name__: model.objects.count() for model in (Organization, RegistrationEvent,
                                                               OrganizationVersion, SearchEntry, AuditEvent,
                                                               ImportJob)}
