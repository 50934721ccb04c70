"""manage.py export_organizations: formats, filters, the register as of a date, formula neutralization,
and the round trip: export, import into an empty register, and every organization's fields are identical."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from common import crypto
from conftest import org_row
from registry.models import Organization, OrganizationVersion, RegistrationEvent, SearchEntry
from registry.services import record_event, register_organization

pytestmark = pytest.mark.django_db
COMPARED = [f.attname for f in Organization._meta.concrete_fields
            if f.attname not in ("id", "created_at", "updated_at", "legal_rep_id_encrypted")]


@pytest.fixture
def register(world):
    """The world's four organizations plus the awkward cases: removed, renamed, community, formulas."""
    admin = world.admin
    removed = register_organization(admin, org_row("110101", 501, name="北京市东城区已注销协会"))
    record_event(admin, removed, kind="deregistration", effective_on="2023-03-31", reason="自行解散")
    revoked = register_organization(admin, org_row("110102", 502, name="北京市西城区被撤销的服务中心",
                                                   org_type="social_service_agency", registered_funds=""))
    record_event(admin, revoked, kind="revocation", effective_on="2022-02-02", reason="一年未开展活动")
    renamed = register_organization(admin, org_row("110000", 503, name="北京市老名字研究会", founded_on="2010-01-01"))
    record_event(admin, renamed, kind="change", effective_on="2020-07-01", reason="更名",
                 changes={"name": "北京市新名字研究会"})
    register_organization(admin, org_row("110101", 504, org_type="community_org", uscc="", street="景山街道",
                                         community="钟鼓社区", name="东城区景山街道钟鼓社区合唱团"))
    register_organization(admin, org_row("100000", 505, org_type="foundation", name="中国=公式基金会",
                                         business_scope="=HYPERLINK(\"http://evil\",\"点我\")",
                                         domicile="@北京市", phone="+86 10 6512 3456",
                                         legal_rep_id="11010519491231002X"))
    return world


def export(path, *args) -> str:
    out = io.StringIO()
    call_command("export_organizations", str(path), "--no-progress", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def read_csv(path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def snapshot() -> dict:
    orgs = {}
    for org in Organization.objects.order_by("pk"):
        data = {k: getattr(org, k) for k in COMPARED}
        data["legal_rep_id"] = crypto.decrypt(org.legal_rep_id_encrypted) if org.legal_rep_id_encrypted else ""
        orgs[org.code] = data
    return orgs


def empty_the_register():
    """Test only (the platform never deletes the register's facts): plain SQL deletes, table by table."""
    for model in (SearchEntry, OrganizationVersion, RegistrationEvent, Organization):
        model.objects.all()._raw_delete(model.objects.db)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_register_round_trips(tmp_path, register, fmt):
    path = tmp_path / f"register.{fmt}"
    export(path, "--include-personal-ids", "--reason", "迁移到新系统 / migration to the new system")
    before = snapshot()
    empty_the_register()
    assert Organization.objects.count() == 0
    call_command("import_organizations", str(path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    after = snapshot()
    assert after.keys() == before.keys()
    for code in before:
        assert after[code] == before[code], code


def test_csv_is_utf8_with_bom_and_chinese_headers_matching_the_import(tmp_path, register):
    path = tmp_path / "register.csv"
    export(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    head = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert head[:4] == ["统一社会信用代码", "社会组织名称", "社会组织类型", "登记管理机关"]
    assert "法定代表人身份证号" not in head  # ID numbers only with --include-personal-ids
    rows = {r["社会组织名称"]: r for r in read_csv(path)}
    assert rows["北京市东城区已注销协会"]["登记状态"] == "注销"
    assert rows["北京市东城区已注销协会"]["状态日期"] == "2023-03-31"
    assert rows["北京市新名字研究会"]["曾用名"] == "北京市老名字研究会"
    assert rows["东城区景山街道钟鼓社区合唱团"]["备案编号"].startswith("BA110101")


def test_cells_that_excel_would_run_as_formulas_are_neutralized(tmp_path, register):
    path = tmp_path / "register.csv"
    export(path)
    row = next(r for r in read_csv(path) if r["社会组织名称"] == "中国=公式基金会")
    assert row["业务范围"] == "'=HYPERLINK(\"http://evil\",\"点我\")"
    assert row["住所"] == "'@北京市" and row["联系电话"] == "'+86 10 6512 3456"
    assert row["社会组织名称"] == "中国=公式基金会"  # only a leading trigger matters


def test_xlsx_writes_text_as_string_cells_never_formulas_and_dates_as_dates(tmp_path, register):
    from openpyxl import load_workbook

    path = tmp_path / "register.xlsx"
    export(path)
    sheet = load_workbook(path).worksheets[0]
    head = [c.value for c in sheet[1]]
    [row] = [row for row in sheet.iter_rows(min_row=2) if row[head.index("社会组织名称")].value == "中国=公式基金会"]
    scope = row[head.index("业务范围")]
    assert scope.data_type == "s" and scope.value == "=HYPERLINK(\"http://evil\",\"点我\")"
    assert row[head.index("成立登记日期")].is_date


def test_jsonl_has_one_object_per_line_with_english_keys(tmp_path, register):
    path = tmp_path / "register.jsonl"
    export(path)
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == Organization.objects.count()
    removed = next(x for x in lines if x["name"] == "北京市东城区已注销协会")
    assert removed["status"] == "deregistered" and removed["status_date"] == "2023-03-31"
    assert removed["registration_authority_code"] == "110101" and removed["type"] == "social_group"


@pytest.mark.parametrize(("args", "expected"), [
    (["--type", "基金会"], {"中国=公式基金会"}),
    (["--status", "撤销"], {"北京市西城区被撤销的服务中心"}),
    (["--level", "national"], {"中国=公式基金会"}),
    (["--division", "110102"], {"北京市西城区被撤销的服务中心", "测试110102第2号协会"}),
])
def test_filters_select_the_organizations(tmp_path, register, args, expected):
    path = tmp_path / "filtered.csv"
    export(path, *args)
    assert {r["社会组织名称"] for r in read_csv(path)} == expected


def test_the_division_filter_takes_the_whole_subtree(tmp_path, register):
    path = tmp_path / "beijing.csv"
    export(path, "--division", "110000")
    assert {r["登记管理机关代码"] for r in read_csv(path)} == {"110000", "110101", "110102"}


def test_as_of_a_date_exports_the_register_as_it_stood_then(tmp_path, register):
    path = tmp_path / "then.csv"
    export(path, "--as-of", "2020-01-01")
    rows = {r["统一社会信用代码"] or r["备案编号"]: r for r in read_csv(path)}
    renamed = Organization.objects.get(name="北京市新名字研究会")
    assert rows[renamed.uscc]["社会组织名称"] == "北京市老名字研究会" and rows[renamed.uscc]["曾用名"] == ""
    removed = Organization.objects.get(name="北京市东城区已注销协会")
    assert rows[removed.uscc]["登记状态"] == "正常" and rows[removed.uscc]["状态日期"] == ""
    assert all(date.fromisoformat(r["成立登记日期"]) <= date(2020, 1, 1) for r in rows.values())


def test_bad_filters_are_reported(tmp_path, register):
    with pytest.raises(CommandError):
        call_command("export_organizations", str(tmp_path / "x.csv"), "--status", "暂停", "--no-progress",
                     stderr=io.StringIO(), stdout=io.StringIO())


def test_personal_ids_leave_the_register_only_with_a_reason_that_is_audited(tmp_path, register):
    from audit.models import AuditEvent

    path = tmp_path / "ids.csv"
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError):
        call_command("export_organizations", str(path), "--no-progress", "--include-personal-ids",
                     stdout=io.StringIO(), stderr=(err := io.StringIO()))
    assert "EXPORT-IDS-REASON" in err.getvalue() and not path.exists()
    assert AuditEvent.objects.count() == before
    export(path, "--include-personal-ids", "--reason", "移交公安机关核查")
    assert "法定代表人身份证号" in next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.action == "export_personal_ids" and event.reason == "移交公安机关核查"
    assert event.after["organizations"] == Organization.objects.count() and event.after["file"] == str(path)
