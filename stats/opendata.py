"""The daily open-data release: the public register and its public facts as of a day, as CSV (UTF-8 with BOM),
JSON Lines and (with pyarrow) Parquet; a Frictionless data package with a zh/en data dictionary; DCAT metadata;
a manifest with row counts and SHA-256 checksums, signed with the platform's Ed25519 key.

Nothing personal beyond what the public register shows: no ID numbers, no hashes of them, no phone numbers, no
event ``changes`` (they can carry the legal representative's ID hash), no internal spot-check details.

Verify a release with the public key alone, either with ``python -m stats.release_verify DIR public-key.pem``
(needs only the ``cryptography`` package) or with OpenSSL 3:

    openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json -sigfile manifest.sig
    sha256sum -c SHA256SUMS
"""

import csv
import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.services import record
from common.files import file_sha256

from .facts import versions_on

FORMATS = ("csv", "jsonl", "parquet")
BATCH = 10000
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless: string, date, number, integer
    zh: str
    en: str
    places: int | None = None  # decimals of a computed amount (the same text on every database)


@dataclass(frozen=True)
class Table:
    name: str
    zh: str
    en: str
    fields: tuple
    rows: object  # day -> queryset.values_list(*fields in order)
    key: tuple = ("id",)  # the fields that identify a row across releases (the change feed's key)


def _code(prefix: str = "organization__"):
    return Coalesce(F(f"{prefix}uscc"), F(f"{prefix}filing_number"))


def _organizations(day):
    return versions_on(day).annotate(code=_code()).order_by("organization_id").values_list(
        "code", "name", "organization__org_type", "organization__level", "authority_id", "status", "valid_from",
        "organization__founded_on", "legal_rep_name", "supervisor", "domicile", "registered_funds", "business_scope")


def _events(day):
    from registry.models import RegistrationEvent

    return RegistrationEvent.objects.filter(effective_on__lte=day).annotate(code=_code()).order_by("id").values_list(
        "id", "code", "kind", "effective_on", "decision_number", "supersedes_id")


def _lists(day):
    from credit.models import ListEntry

    return ListEntry.objects.filter(start_on__lte=day).annotate(code=_code()).order_by(
        "organization_id", "list_kind", "start_on").values_list(
        "code", "list_kind", "start_on", "end_on", "rules", "explanation_zh", "explanation_en", "exit_condition_zh",
        "exit_condition_en", "legal_basis_zh", "legal_basis_en", "deciding_authority_name")


def _grades(day):
    from supervision.models.ratings import GradeSpan

    return GradeSpan.objects.filter(valid_from__lte=day).annotate(code=_code()).order_by(
        "organization_id", "valid_from").values_list("code", "grade", "valid_from", "valid_to", "ended_by")


def _penalties(day):
    from supervision.models.penalties import Penalty

    return Penalty.objects.filter(decided_on__lte=day).annotate(code=_code()).order_by("id").values_list(
        "id", "code", "kind", "amount", "decided_on", "decision_number", "legal_basis", "facts", "department_name",
        "supersedes_id")


def _findings(day):
    from supervision.models.spotchecks import Finding

    return Finding.objects.filter(published_on__lte=day).annotate(code=_code("target__organization__")).order_by(
        "id").values_list("id", "code", "target__draw__drawn_on", "method", "checked_on", "conclusion", "summary",
                          "published_on")


def _charity_grants(day):
    from charity.models import Grant, Revocation

    revoked = Revocation.objects.filter(grant=OuterRef("pk"), revoked_on__lte=day).values("revoked_on")[:1]
    return Grant.objects.filter(granted_on__lte=day).annotate(code=_code(), revoked=Subquery(revoked)).order_by(
        "certificate_number").values_list("certificate_number", "code", "kind", "granted_on", "revoked")


def _not_reversed(qs, day, path="pk"):
    from charity.models import LedgerTransaction

    return qs.exclude(Exists(LedgerTransaction.objects.filter(reverses=OuterRef(path), occurred_on__lte=day)))


def _positive_postings(day, kind):
    """The positive posting of each receipt (donor → receiving account) or disbursement (fund → recipient) made
    by ``day`` and not reversed by then: its amount is the transaction's (money, or goods at their value)."""
    from charity.models import Posting

    return _not_reversed(Posting.objects.filter(amount__gt=0, transaction__kind=kind,
                                                transaction__occurred_on__lte=day), day, "transaction")


YUAN = DecimalField(max_digits=18, decimal_places=2)


def _sum_by(qs, field):
    return Coalesce(Subquery(qs.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(
        s=Sum("amount")).values("s")[:1]), Value(Decimal(0)), output_field=YUAN)


def _plans(day):
    """Filed plans with their received and disbursed totals as of ``day`` (sums only: no donor, no beneficiary)."""
    from charity.models import FundraisingPlan

    return FundraisingPlan.objects.filter(filed_on__lte=day).annotate(
        code=_code(), received=_sum_by(_positive_postings(day, "receipt"), "transaction__plan"),
        disbursed=_sum_by(_positive_postings(day, "disbursement"), "transaction__plan")).order_by(
        "filing_number").values_list("filing_number", "code", "emergency", "filed_on", "title", "starts_on",
                                     "ends_on", "received", "disbursed")


def _projects(day):
    from charity.models import CharityProject, ProjectDisclosure

    latest = ProjectDisclosure.objects.filter(project=OuterRef("pk"), disclosed_on__lte=day).order_by(
        "-disclosed_on", "-pk")
    return CharityProject.objects.filter(starts_on__lte=day).annotate(
        code=_code(), served=Subquery(latest.values("persons_served")[:1]),
        institutions=Subquery(latest.values("institutions_served")[:1]),
        disbursed=_sum_by(_positive_postings(day, "disbursement"), "transaction__project")).order_by(
        "public_id").values_list("public_id", "code", "name", "category", "starts_on", "ends_on", "budget",
                                 "plan__filing_number", "disbursed", "served", "institutions")


def _charity_totals(day):
    """Per organization and year: donations received (money; goods at their value), receipts and disbursed, from
    the ledger as of ``day`` (one GROUP BY over the positive postings)."""
    from charity.models import Posting

    from .facts import Year

    receipt, disbursement = Q(transaction__kind="receipt"), Q(transaction__kind="disbursement")
    postings = _not_reversed(Posting.objects.filter(amount__gt=0, transaction__kind__in=("receipt", "disbursement"),
                                                    transaction__occurred_on__lte=day), day, "transaction")
    return postings.annotate(code=_code("transaction__organization__"), year=Year("transaction__occurred_on")).values(
        "code", "year").annotate(
        money=Coalesce(Sum("amount", filter=receipt & Q(transaction__goods="")), Value(Decimal(0)), output_field=YUAN),
        goods=Coalesce(Sum("amount", filter=receipt & ~Q(transaction__goods="")), Value(Decimal(0)), output_field=YUAN),
        receipts=Count("transaction", filter=receipt),
        disbursed=Coalesce(Sum("amount", filter=disbursement), Value(Decimal(0)), output_field=YUAN)).order_by(
        "code", "year").values_list("code", "year", "money", "goods", "receipts", "disbursed")


CODE = Field("code", "string", "统一社会信用代码（社区社会组织为备案编号）", "USCC (filing number for a community organization)")
TABLES = (
    Table("organizations", "社会组织登记信息（统计日有效）", "Social organizations as registered on the day", (
        CODE, Field("name", "string", "名称", "name"), Field("org_type", "string", "类型", "type"),
        Field("level", "string", "登记层级", "registration level"),
        Field("authority", "string", "登记管理机关行政区划代码", "registering authority (GB/T 2260 code)"),
        Field("status", "string", "登记状态", "status"),
        Field("items_since", "date", "本版登记事项生效日期", "these registered items in force since"),
        Field("founded_on", "date", "成立登记日期", "founding date"),
        Field("legal_rep_name", "string", "法定代表人", "legal representative"),
        Field("supervisor", "string", "业务主管单位", "business supervisor"), Field("domicile", "string", "住所", "domicile"),
        Field("registered_funds", "number", "注册资金（元）", "registered funds (yuan)"),
        Field("business_scope", "string", "业务范围", "business scope")), _organizations, ("code",)),
    Table("events", "登记事项（成立、变更、换届、注销、撤销、吊销）", "Registration events", (
        Field("id", "integer", "事项编号", "event id"), CODE, Field("kind", "string", "事项", "event"),
        Field("effective_on", "date", "生效日期", "effective date"),
        Field("decision_number", "string", "决定文号", "decision number"),
        Field("supersedes", "integer", "更正的事项编号", "id of the event it corrects")), _events),
    Table("list_entries", "活动异常名录和严重违法失信名单", "Abnormal-activity and serious illegal and dishonest lists", (
        CODE, Field("list", "string", "名录", "list"), Field("start_on", "date", "列入日期", "listed on"),
        Field("end_on", "date", "移出日期", "removed on"), Field("rules", "string", "列入规则", "grounds (rule ids)"),
        Field("explanation_zh", "string", "列入说明（中文）", "explanation (Chinese)"),
        Field("explanation_en", "string", "列入说明（英文）", "explanation (English)"),
        Field("exit_condition_zh", "string", "移出条件（中文）", "exit condition (Chinese)"),
        Field("exit_condition_en", "string", "移出条件（英文）", "exit condition (English)"),
        Field("legal_basis_zh", "string", "法律依据（中文）", "legal basis (Chinese)"),
        Field("legal_basis_en", "string", "法律依据（英文）", "legal basis (English)"),
        Field("deciding_authority", "string", "作出决定的机关", "deciding authority")), _lists,
        ("code", "list", "start_on")),
    Table("grades", "评估等级（有效期间）", "Evaluation grades (periods held)", (
        CODE, Field("grade", "string", "等级", "grade"), Field("valid_from", "date", "起始日期", "held from"),
        Field("valid_to", "date", "终止日期（不含）", "held until (exclusive)"),
        Field("ended_by", "string", "终止原因", "ended by")), _grades, ("code", "valid_from")),
    Table("penalties", "行政处罚", "Administrative penalties", (
        Field("id", "integer", "处罚编号", "penalty id"), CODE, Field("kind", "string", "处罚种类", "kind"),
        Field("amount", "number", "金额（元）", "amount (yuan)"), Field("decided_on", "date", "决定日期", "decision date"),
        Field("decision_number", "string", "决定书文号", "decision number"),
        Field("legal_basis", "string", "法律依据", "legal basis"), Field("facts", "string", "违法事实", "facts"),
        Field("department", "string", "作出决定的部门", "deciding department"),
        Field("supersedes", "integer", "更正的处罚编号", "id of the penalty it corrects")), _penalties),
    Table("spot_check_results", "双随机抽查结果（已公示）", "Random spot-check results (published)", (
        Field("id", "integer", "结果编号", "result id"), CODE, Field("drawn_on", "date", "抽取日期", "drawn on"),
        Field("method", "string", "检查方式", "method"), Field("checked_on", "date", "检查日期", "checked on"),
        Field("conclusion", "string", "检查结论", "conclusion"), Field("summary", "string", "公示摘要", "published summary"),
        Field("published_on", "date", "公示日期", "published on")), _findings),
    Table("charities", "慈善组织认定和公开募捐资格", "Charity recognitions and public-fundraising qualifications", (
        Field("certificate_number", "string", "证书编号", "certificate number"), CODE,
        Field("kind", "string", "类别（recognition 慈善组织认定，qualification 公开募捐资格）",
              "kind (recognition: charity recognition; qualification: public-fundraising qualification)"),
        Field("granted_on", "date", "认定（取得）日期", "granted on"),
        Field("revoked_on", "date", "撤销日期（未撤销为空）", "revoked on (empty if not revoked)")), _charity_grants,
        ("certificate_number",)),
    Table("fundraising_plans", "公开募捐方案备案", "Filed public-fundraising plans", (
        Field("filing_number", "string", "备案编号", "filing number"), CODE,
        Field("emergency", "boolean", "紧急募捐（事后补办备案）", "emergency fundraising (filed after the start)"),
        Field("filed_on", "date", "备案日期", "filed on"), Field("purpose", "string", "募捐目的", "purpose"),
        Field("starts_on", "date", "募捐起始日期", "fundraising starts on"),
        Field("ends_on", "date", "募捐终止日期", "fundraising ends on"),
        Field("received", "number", "已收到捐赠（元，物资按估值）", "received to date (yuan, goods at their value)", 2),
        Field("disbursed", "number", "已拨付（元）", "disbursed to date (yuan)", 2)), _plans, ("filing_number",)),
    Table("charity_projects", "慈善项目", "Charitable projects", (
        Field("project", "string", "项目编号", "project id"), CODE, Field("name", "string", "项目名称", "project name"),
        Field("category", "string", "项目类别", "category"), Field("starts_on", "date", "开始日期", "starts on"),
        Field("ends_on", "date", "结束日期", "ends on"), Field("budget", "number", "预算（元）", "budget (yuan)"),
        Field("plan", "string", "资金来源的募捐方案备案编号", "filing number of the plan that funds it"),
        Field("disbursed", "number", "已拨付（元）", "disbursed to date (yuan)", 2),
        Field("persons_served", "integer", "受益人次（最近一次公开）", "person-times served (latest disclosure)"),
        Field("institutions_served", "integer", "受助机构数（最近一次公开）", "institutions served (latest disclosure)")),
        _projects, ("project",)),
    Table("charity_totals", "慈善组织年度捐赠和拨付合计", "Donations received and disbursed per organization and year", (
        CODE, Field("year", "integer", "年度", "year"),
        Field("donations_money", "number", "货币捐赠（元）", "donations of money (yuan)", 2),
        Field("donations_goods", "number", "物资捐赠估值（元）", "donations of goods, valued (yuan)", 2),
        Field("receipts", "integer", "收款笔数", "receipts"),
        Field("disbursed", "number", "拨付金额（元）", "disbursed (yuan)", 2)), _charity_totals, ("code", "year")),
)


# --- the key --------------------------------------------------------------------------------------------------

def key_path() -> Path:
    return Path(getattr(settings, "OPEN_DATA_SIGNING_KEY", "") or settings.VAR_DIR / "open-data-signing-key.pem")


def signing_key():
    """The platform's Ed25519 key (PEM, created with mode 0600 on first use)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = key_path()
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def public_key_pem() -> bytes:
    from cryptography.hazmat.primitives import serialization

    return signing_key().public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)


# --- writing --------------------------------------------------------------------------------------------------

def releases_dir() -> Path:
    return Path(getattr(settings, "OPEN_DATA_DIR", "") or settings.VAR_DIR / "open-data")


def _plain(value):
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "as_tuple"):
        return str(value)
    return value


def _write_table(table: Table, day: date, out: Path) -> dict:
    """Stream the table to its files (CSV, JSON Lines, Parquet in row groups of BATCH): memory stays flat."""
    names = [f.name for f in table.fields]
    parquet = _parquet()
    writer_pq, batch, rows = None, [], 0
    if parquet:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"integer": pa.int64(), "number": pa.string(), "date": pa.string(), "string": pa.string(),
                 "boolean": pa.bool_()}
        schema = pa.schema([(f.name, types[f.type]) for f in table.fields])
        writer_pq = pq.ParquetWriter(out / f"{table.name}.parquet", schema)

    def flush():
        if writer_pq is not None and batch:
            writer_pq.write_table(pa.Table.from_pylist(batch, schema=schema))
        batch.clear()

    with open(out / f"{table.name}.csv", "w", encoding="utf-8-sig", newline="") as csv_file, \
            open(out / f"{table.name}.jsonl", "w", encoding="utf-8", newline="\n") as jsonl:
        writer = csv.writer(csv_file, lineterminator="\n")
        writer.writerow(names)
        places = [Decimal(1).scaleb(-f.places) if f.places is not None else None for f in table.fields]
        for row in table.rows(day).iterator(chunk_size=5000):
            values = [_plain(v if q is None or v is None else Decimal(v).quantize(q))
                      for v, q in zip(row, places, strict=True)]
            record_ = dict(zip(names, values, strict=True))
            writer.writerow(["" if v is None else v for v in values])
            jsonl.write(json.dumps(record_, ensure_ascii=False) + "\n")
            if writer_pq is not None:
                batch.append(record_)
                if len(batch) >= BATCH:
                    flush()
            rows += 1
    if writer_pq is not None:
        flush()
        if rows == 0:
            writer_pq.write_table(pa.Table.from_pylist([], schema=schema))
        writer_pq.close()
    return {"rows": rows}


def _parquet() -> bool:
    try:
        import pyarrow  # noqa: F401
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        return False
    return True


def _datapackage(release_id: str, day: date, counts: dict) -> dict:
    resources = []
    for table in TABLES:
        for fmt in FORMATS:
            if fmt == "parquet" and not _parquet():
                continue
            resources.append({
                "name": f"{table.name}-{fmt}", "path": f"{table.name}.{fmt}", "format": fmt,
                "mediatype": {"csv": "text/csv", "jsonl": "application/jsonl",
                              "parquet": "application/vnd.apache.parquet"}[fmt],
                "encoding": "utf-8-sig" if fmt == "csv" else "utf-8", "title": table.zh, "title_en": table.en,
                "rows": counts[table.name],
                "schema": {"fields": [{"name": f.name, "type": f.type, "title": f.zh, "description": f.en}
                                      for f in table.fields]}})
    return {"profile": "data-package", "name": f"socorg-open-data-{release_id}", "id": release_id,
            "title": "社会组织登记与监督公开数据", "title_en": "Social organization register and supervision open data",
            "description": f"截至 {day} 的公开登记簿及其公开事实。", "description_en": f"The public register and its "
            f"public facts as of {day}.", "version": release_id, "created": timezone.now().isoformat(),
            "licenses": [LICENSE], "resources": resources}


def _dcat(release_id: str, day: date, base_url: str) -> dict:
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Dataset", "@id": f"{base_url}{release_id}/",
        "dct:title": [{"@language": "zh-Hans", "@value": "社会组织登记与监督公开数据"},
                      {"@language": "en", "@value": "Social organization register and supervision open data"}],
        "dct:issued": day.isoformat(), "dct:license": LICENSE["path"], "dct:identifier": release_id,
        "dcat:distribution": [{"@type": "dcat:Distribution", "dct:title": t.zh, "dcat:downloadURL":
                               f"{base_url}{release_id}/{t.name}.{fmt}", "dcat:mediaType": fmt}
                              for t in TABLES for fmt in FORMATS if fmt != "parquet" or _parquet()]}


def make_release(day: date | None = None, actor=None, base_url: str = "/open-data/"):
    """Write the release of ``day`` (default today) and record it; a release of a day is made once."""
    from .models import ChangeEntry, Release

    day = day or timezone.localdate()
    # A release for a day before the newest one (e.g. a past year end, for a bulletin) is outside the feed.
    in_order = not Release.objects.filter(day__gt=day).exists()
    release_id = day.isoformat()
    existing = Release.objects.filter(release_id=release_id).first()
    if existing is not None:
        return existing
    out = releases_dir() / release_id
    out.mkdir(parents=True, exist_ok=True)
    counts = {t.name: _write_table(t, day, out)["rows"] for t in TABLES}
    (out / "datapackage.json").write_text(json.dumps(_datapackage(release_id, day, counts), ensure_ascii=False,
                                                     indent=1), encoding="utf-8")
    (out / "dcat.jsonld").write_text(json.dumps(_dcat(release_id, day, base_url), ensure_ascii=False, indent=1),
                                     encoding="utf-8")
    (out / "public-key.pem").write_bytes(public_key_pem())
    files = []
    for path in sorted(out.iterdir()):
        if path.name in ("manifest.json", "manifest.sig", "SHA256SUMS"):
            continue
        table = path.stem if path.stem in counts and path.suffix[1:] in FORMATS else None
        files.append({"path": path.name, "bytes": path.stat().st_size, "sha256": file_sha256(path),
                      **({"rows": counts[table]} if table else {})})
    previous = Release.objects.filter(day__lt=day).order_by("-day").first()
    with transaction.atomic():
        head = (ChangeEntry.objects.select_for_update().order_by("-seq").values_list("seq", flat=True).first() or 0)
        release = Release.objects.create(release_id=release_id, day=day, manifest_sha256="", rows=counts)
        written = _write_changes(previous, out, release, head) if in_order else 0
        manifest = {"release": release_id, "as_of": release_id, "created_at": timezone.now().isoformat(),
                    "previous_release": previous.release_id if previous else None,
                    "feed": {"from": head + 1, "to": head + written} if in_order else None,
                    "signature": "Ed25519 over the bytes of manifest.json, in manifest.sig", "files": files}
        body = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        (out / "manifest.json").write_bytes(body)
        (out / "manifest.sig").write_bytes(signing_key().sign(body))
        (out / "SHA256SUMS").write_text("".join(f"{f['sha256']}  {f['path']}\n" for f in files))
        release.manifest_sha256 = hashlib.sha256(body).hexdigest()
        release.feed_head = head + written if in_order else 0
        release.save(update_fields=["manifest_sha256", "feed_head"])
        record(actor, "stats.open_data.release", "stats.Release", release_id, after={"rows": counts},
               reason=f"open-data release as of {day}")
    return release


def read_rows(directory: Path, table: Table) -> dict:
    """{key: row} of a table of a release directory (from its JSON Lines file)."""
    rows = {}
    with open(directory / f"{table.name}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            rows[_line_key(table, row)] = row
    return rows


def _line_key(table: Table, row: dict) -> str:
    return json.dumps([row[k] for k in table.key], ensure_ascii=False)


def _write_changes(previous, out: Path, release, head: int) -> int:
    """Write the change-feed entries from the previous release to this one, streaming: the previous release is
    held as {key: SHA-256 of its line} only. Per table: upserts in file order, then deletes. Returns the count."""
    from .models import ChangeEntry

    seq, batch = head, []

    def add(table, key, op, row):
        nonlocal seq
        seq += 1
        batch.append(ChangeEntry(seq=seq, release=release, table=table, key=key, op=op, row=row))
        if len(batch) >= BATCH:
            ChangeEntry.objects.bulk_create(batch)
            batch.clear()

    for table in TABLES:
        before = {}
        if previous is not None:
            with open(releases_dir() / previous.release_id / f"{table.name}.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    before[_line_key(table, json.loads(line))] = hashlib.sha256(line.encode()).digest()
        with open(out / f"{table.name}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                key = _line_key(table, row)
                if before.pop(key, None) != hashlib.sha256(line.encode()).digest():
                    add(table.name, json.loads(key), "upsert", row)
        for key in before:
            add(table.name, json.loads(key), "delete", None)
    ChangeEntry.objects.bulk_create(batch)
    return seq - head


def apply_changes(rows_by_table: dict, changes) -> dict:
    """Apply change-feed entries (dicts with table, key, op, row) to {table: {key: row}}: what a re-user does."""
    for change in changes:
        key = json.dumps(change["key"], ensure_ascii=False)
        table = rows_by_table.setdefault(change["table"], {})
        if change["op"] == "delete":
            table.pop(key, None)
        else:
            table[key] = change["row"]
    return rows_by_table
