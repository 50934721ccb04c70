"""Export of the register as .csv, .xlsx or .jsonl, streaming (a million rows in constant memory).

The columns and their Chinese headers are the import's (:mod:`.columns`), so an export imports again unchanged (the round
trip is tested). CSV is UTF-8 with a BOM so that Excel opens it, and text cells that Excel would read as a
formula (starting with = + - @, tab or CR) get a leading apostrophe, which the import removes again. In
.xlsx every text cell is written as a string cell, never a formula. Rows come in id order by keyset pages,
so no server-side cursor or long read is held open; the scope is the caller's (``visible_to(user)`` for the
web and the API, everything or one division's subtree for the command).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from django.db.models import Q

from accounts.jurisdiction import scope_q
from common import crypto
from common.dates import parse_as_of
from common.errors import Refusal, RuleViolation
from divisions.models import Division, subtree_q

from .. import standing
from ..models import Level, Organization, OrganizationVersion, OrgType, Status
from ..validation import TYPE_ALIASES, clean_status, refusal
from .columns import COLUMN_BY_KEY, guard

FORMATS = ("csv", "xlsx", "jsonl")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "jsonl": "application/x-ndjson; charset=utf-8"}
EXPORT_KEYS = ("uscc", "name", "org_type", "authority", "authority_code", "legal_rep_name", "founded_on",
               "registered_funds", "supervisor", "domicile", "business_scope", "status", "status_date", "phone",
               "former_names", "street", "community", "filing_number", "standing")
TYPE_LABELS = {OrgType.SOCIAL_GROUP: "社会团体", OrgType.SOCIAL_SERVICE_AGENCY: "社会服务机构",
               OrgType.FOUNDATION: "基金会", OrgType.COMMUNITY_ORG: "社区社会组织"}
STATUS_LABELS = {Status.ACTIVE: "正常", Status.DEREGISTERED: "注销", Status.REVOKED: "撤销",
                 Status.CERTIFICATE_CANCELLED: "吊销"}
LEVEL_ALIASES = {"national": Level.NATIONAL, "全国": Level.NATIONAL, "provincial": Level.PROVINCIAL,
                 "省级": Level.PROVINCIAL, "city": Level.CITY, "市级": Level.CITY, "county": Level.COUNTY,
                 "县级": Level.COUNTY}
PAGE = 5000


def keys_for(include_ids: bool) -> tuple[str, ...]:
    return EXPORT_KEYS + (("legal_rep_id",) if include_ids else ())


def headers(keys, language: str = "zh") -> list[str]:
    return [getattr(COLUMN_BY_KEY[k], language) for k in keys]


# --------------------------------------------------------------------------------------------- filters
@dataclass(frozen=True)
class ExportFilters:
    org_type: str | None = None
    status: str | None = None
    level: str | None = None
    division: str | None = None
    as_of: date | None = None

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in self.__dict__.items() if v}


def parse_filters(params: Mapping) -> tuple[ExportFilters, list[Refusal]]:
    """Filters from a query string or command options (type, status, level, division, as_of)."""
    problems: list[Refusal] = []

    def get(*names):
        for name in names:
            value = params.get(name)
            if value not in (None, ""):
                return str(value).strip()
        return None

    org_type = get("type", "org_type")
    if org_type is not None:
        resolved = TYPE_ALIASES.get(org_type)
        if resolved is None:
            problems.append(refusal("ORG-TYPE", "type", f"组织类型无效：{org_type}", f"unknown organization type: {org_type}",
                              org_type))
        org_type = resolved
    status = get("status")
    if status is not None:
        found: list[Refusal] = []
        status = clean_status(status, found)
        problems += found
    level = get("level")
    if level is not None:
        resolved = LEVEL_ALIASES.get(level.lower())
        if resolved is None:
            problems.append(refusal("LEVEL", "level", f"登记级别无效：{level}（应为 national、provincial、city 或 county）",
                              f"unknown level: {level} (expected national, provincial, city or county)", level))
        level = resolved
    division = get("division")
    if division is not None and not Division.objects.filter(code=division).exists():
        problems.append(refusal("DIVISION-UNKNOWN", "division", f"未知的行政区划代码：{division}",
                          f"unknown division code: {division}", division))
    as_of = get("as_of", "as-of")
    day = None
    if as_of is not None:
        try:
            day = parse_as_of(as_of)
        except RuleViolation as violation:
            problems.extend(violation.problems)
    return ExportFilters(org_type and str(org_type), status, level and str(level), division, day), problems


# --------------------------------------------------------------------------------------------- rows
_ORG_FIELDS = ("pk", "uscc", "filing_number", "org_type", "authority_id", "name", "former_names", "legal_rep_name",
               "legal_rep_id_encrypted", "supervisor", "domicile", "founded_on", "registered_funds",
               "business_scope", "status", "status_since", "phone", "street", "community")
_VERSION_FIELDS = ("organization_id", "organization__uscc", "organization__filing_number", "organization__org_type",
                   "organization__authority_id", "name", "organization__former_names", "legal_rep_name",
                   "organization__legal_rep_id_encrypted", "supervisor", "domicile", "organization__founded_on",
                   "registered_funds", "business_scope", "status", "valid_from", "phone", "organization__street",
                   "organization__community")


class ExportRow(NamedTuple):
    """One organization as read for the export (from the organization, or from its version on ``as_of``)."""

    pk: int
    uscc: str | None
    filing_number: str | None
    org_type: str
    authority: str
    name: str
    former_names: str
    legal_rep_name: str
    legal_rep_id_encrypted: str
    supervisor: str
    domicile: str
    founded_on: date
    registered_funds: Decimal | None
    business_scope: str
    status: str
    status_since: date
    phone: str
    street: str
    community: str


def _scoped(qs, user, *, authority_field: str, organization_field: str):
    return qs if user is None else qs.filter(scope_q(user, authority_field=authority_field,
                                                     organization_field=organization_field))


def export_rows(filters: ExportFilters = ExportFilters(), *, user=None, include_ids: bool = False
                ) -> Iterator[dict]:
    """Typed rows (key -> value) in id order; ``user`` None means everything (the command's system actor)."""
    authority_names = {code: d.authority_name for code, d in ((d.code, d) for d in Division.objects.all())}
    if filters.as_of is None:
        qs = _scoped(Organization.objects.all(), user, authority_field="authority_id", organization_field="pk")
        prefix, key_field, fields = "", "pk", _ORG_FIELDS
    else:
        day = filters.as_of
        qs = _scoped(OrganizationVersion.objects.filter(valid_from__lte=day).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)), user,
            authority_field="organization__authority_id", organization_field="organization_id")
        prefix, key_field, fields = "organization__", "organization_id", _VERSION_FIELDS
    if filters.org_type:
        qs = qs.filter(**{f"{prefix}org_type": filters.org_type})
    if filters.level:
        qs = qs.filter(**{f"{prefix}level": filters.level})
    if filters.division:
        qs = qs.filter(subtree_q(f"{prefix}authority_id", filters.division))
    if filters.status:
        qs = qs.filter(status=filters.status)
    qs = qs.order_by(key_field).values_list(*fields)
    last = 0
    while True:
        page = [ExportRow(*values) for values in qs.filter(**{f"{key_field}__gt": last})[:PAGE]]
        if not page:
            return
        last = page[-1].pk
        former_as_of = _former_names_as_of(page, filters.as_of) if filters.as_of else {}
        standings = _standings(page, filters.as_of)
        for row in page:
            data = _row(row, authority_names, include_ids, filters.as_of, former_as_of)
            found = standings.get(row.pk)
            data["standing"] = _standing_text(found) if found else ""
            yield data


def _standings(page: list[ExportRow], day: date | None) -> dict[int, dict]:
    """The standing of a page of rows (one query for their list entries, through the credit hook)."""
    from types import SimpleNamespace

    orgs = [SimpleNamespace(pk=r.pk, code=r.uscc or r.filing_number or "", status=r.status,
                            status_since=r.status_since) for r in page]
    return standing.standings(orgs, day)


def _standing_text(found: dict) -> str:
    """正常, or the badge with its reason: 严重违法失信名单（自 2025-01-02 起列入…（SER-4））."""
    if found["value"] == "normal":
        return found["label_zh"]
    return f"{found['label_zh']}（{found['reason_zh']}）"


def _former_names_as_of(page: list[ExportRow], day: date) -> dict[int, list[str]]:
    """Former names on ``day``: names of the versions before it, then names that predate every version."""
    renamed = [row.pk for row in page if row.former_names]
    result: dict[int, list[str]] = {}
    if not renamed:
        return result
    names: dict[int, list[tuple[date, str]]] = {}
    for org_id, valid_from, name in (OrganizationVersion.objects.filter(organization_id__in=renamed)
                                     .order_by("organization_id", "valid_from").values_list(
                                         "organization_id", "valid_from", "name")):
        names.setdefault(org_id, []).append((valid_from, name))
    for row in page:
        if not row.former_names:
            continue
        history = names.get(row.pk, [])
        used = {name for _, name in history}
        before = [name for valid_from, name in history if valid_from <= day]
        earliest = [n for n in row.former_names.splitlines() if n and n not in used]
        result[row.pk] = [n for n in dict.fromkeys(earliest + before) if n != row.name]
    return result


def _row(row: ExportRow, authority_names: dict, include_ids: bool, as_of: date | None, former_as_of: dict) -> dict:
    (pk, uscc, filing, org_type, authority, name, former, rep, rep_id, supervisor, domicile, founded, funds,
     scope, status, since, phone, street, community) = row
    former_names = former_as_of.get(pk, []) if as_of else [n for n in former.splitlines() if n]
    data = {
        "uscc": uscc or "", "name": name, "org_type": org_type, "authority": authority_names.get(authority, ""),
        "authority_code": authority, "legal_rep_name": rep, "founded_on": founded, "registered_funds": funds,
        "supervisor": supervisor, "domicile": domicile, "business_scope": scope, "status": status,
        "status_date": since if status != Status.ACTIVE else None, "phone": phone, "former_names": former_names,
        "street": street, "community": community, "filing_number": filing or "",
    }
    if include_ids:
        data["legal_rep_id"] = crypto.decrypt(rep_id) if rep_id else ""
    return data


# --------------------------------------------------------------------------------------------- formats
def _money(value) -> str:
    return "" if value is None else f"{Decimal(value):.2f}"


def text_cells(data: dict, keys, *, guarded: bool = True) -> list[str]:
    """A row as the spreadsheet's text cells (Chinese labels, ISO dates, yuan with two decimals), each
    guarded against formula evaluation unless ``guarded`` is false (xlsx writes string cells instead)."""
    out = []
    for key in keys:
        value = data[key]
        if key == "org_type":
            value = TYPE_LABELS.get(value, value)
        elif key == "status":
            value = STATUS_LABELS.get(value, value)
        elif key == "registered_funds":
            value = _money(value)
        elif key == "former_names":
            value = "；".join(value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif value is None:
            value = ""
        out.append(guard(str(value)) if guarded else str(value))
    return out


def json_record(data: dict, keys) -> dict:
    """A row for JSON Lines: English keys, codes for type and status, ISO dates, money as a string."""
    out = {}
    for key in keys:
        value = data[key]
        if key == "registered_funds":
            value = None if value is None else _money(value)
        elif isinstance(value, date):
            value = value.isoformat()
        out[COLUMN_BY_KEY[key].en] = value
    return out


def csv_chunks(rows: Iterator[dict], keys, rows_per_chunk: int = 2000) -> Iterator[bytes]:
    """UTF-8 with BOM, Chinese headers; yields encoded chunks (for streaming responses and files)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers(keys))
    first = True
    count = 0
    for data in rows:
        writer.writerow(text_cells(data, keys))
        count += 1
        if count % rows_per_chunk == 0:
            yield (("\ufeff" if first else "") + buffer.getvalue()).encode("utf-8")
            first = False
            buffer.seek(0)
            buffer.truncate()
    yield (("\ufeff" if first else "") + buffer.getvalue()).encode("utf-8")


def jsonl_chunks(rows: Iterator[dict], keys, rows_per_chunk: int = 2000) -> Iterator[bytes]:
    lines: list[str] = []
    for data in rows:
        lines.append(json.dumps(json_record(data, keys), ensure_ascii=False))
        if len(lines) >= rows_per_chunk:
            yield ("\n".join(lines) + "\n").encode("utf-8")
            lines = []
    if lines:
        yield ("\n".join(lines) + "\n").encode("utf-8")


def write_xlsx(rows: Iterator[dict], keys, path: Path) -> None:
    """A write-only (streaming) workbook: dates as date cells, money as numbers, text as string cells."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    sheet = book.create_sheet("社会组织")
    sheet.append(headers(keys))
    for data in rows:
        cells = []
        for key, text in zip(keys, text_cells(data, keys, guarded=False), strict=True):
            value = data[key]
            if key in ("founded_on", "status_date") and value is not None:
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
            elif key == "registered_funds" and value is not None:
                cell = Decimal(value)
            else:
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
                cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def export_to_path(path, fmt: str, filters: ExportFilters = ExportFilters(), *, user=None,
                   include_ids: bool = False, progress: Callable[[int], None] | None = None) -> int:
    """Write the export to ``path``; returns the number of organizations written."""
    keys = keys_for(include_ids)
    count = 0

    def counted():
        nonlocal count
        for data in export_rows(filters, user=user, include_ids=include_ids):
            count += 1
            if progress and count % PAGE == 0:
                progress(count)
            yield data

    path = Path(path)
    if fmt == "xlsx":
        write_xlsx(counted(), keys, path)
    else:
        chunks = csv_chunks if fmt == "csv" else jsonl_chunks
        with open(path, "wb") as fh:
            for chunk in chunks(counted(), keys):
                fh.write(chunk)
    if progress:
        progress(count)
    return count


def file_name(fmt: str, filters: ExportFilters) -> str:
    suffix = "-".join(str(v) for v in filters.as_dict().values())
    return f"organizations{('-' + suffix) if suffix else ''}.{fmt}"
