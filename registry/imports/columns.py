"""The import's columns: keys, Chinese and English headers, aliases, and the formula guard.

The export writes these headers, so an export imports again unchanged. Text cells that a spreadsheet would
read as a formula (starting with = + - @, tab or CR) are written with a leading apostrophe (:func:`guard`),
which the import removes again (:func:`unguard`): the one guard, shared by the export, the import's error
report and other apps' CSV files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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


def header_key(text: str) -> str:
    text = str(text or "").replace("\ufeff", "").strip().rstrip("*＊").strip()
    return re.sub(r"[\s\-]+", "_", text.lower()) if text.isascii() else re.sub(r"\s+", "", text)


HEADER_ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    for _alias in (_column.zh, _column.en, _column.key, *_column.aliases):
        HEADER_ALIASES[header_key(_alias)] = _column.key



def guard(text: str) -> str:
    """A text cell as a spreadsheet will not evaluate it: a leading apostrophe before = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def unguard(text: str) -> str:
    """Undo :func:`guard`."""
    if text[:1] == "'" and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text
