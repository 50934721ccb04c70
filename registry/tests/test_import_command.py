"""manage.py import_organizations: encodings, formats, every named problem, all-or-nothing, dry run."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from registry import imports
from registry.imports import bulk
from registry.imports.run import file_sha256
from registry.models import ImportJob, Organization, OrganizationVersion, RegistrationEvent, SearchEntry
from registry.search import search
from registry.tests.import_files import KEYS, counts, rows_for, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(path, *args):
    """Run the command; returns (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_organizations", str(path), "--no-progress", *args, stdout=out, stderr=err)
        return 0, out.getvalue(), err.getvalue()
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)


def problems_of(path, **options) -> list:
    return imports.run_import(path, options=imports.Options(**options)).errors


def assert_refused(path, row: int, column: str, code: str, value=None):
    """The file is refused with exit code 1, one line naming row, column, value, rule, zh and en; nothing changed."""
    before = counts()
    status, _, err = run(path)
    assert status == 1
    lines = [line for line in err.splitlines() if f"row {row} " in line and code in line]
    assert lines, err
    assert f"column {column}" in lines[0]
    message = lines[0].split(f"{code}: ", 1)[1]
    zh, en = message.split(" / ", 1)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and re.search("[a-z]{3,} [a-z]{2,}", en)
    assert counts() == before
    problem = next(p for p in problems_of(path) if p.row == row and p.code == code)
    assert problem.field == column and problem.zh and problem.en
    if value is not None:
        assert problem.value == value
    return problem


# --- what imports ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding, second_domicile", [
    ("utf-8", None), ("utf-8-sig", None), ("gbk", None),
    ("gb18030", "北京市东城区䶮（GB18030 四字节字符）路2号"),  # not in GBK
])
def test_csv_in_each_encoding_imports_with_the_encoding_detected(tmp_path, encoding, second_domicile):
    rows = rows_for("110101", 3)
    rows[0]["domicile"] = "北京市东城区景山街道甲1号"
    rows[1]["domicile"] = second_domicile or rows[1]["domicile"]
    path = write_csv(tmp_path / f"register-{encoding}.csv", rows, encoding=encoding)
    status, out, err = run(path)
    assert status == 0, err
    assert Organization.objects.count() == 3
    org = Organization.objects.get(uscc=rows[1]["uscc"])
    assert org.domicile == rows[1]["domicile"]
    assert org.name == rows[1]["name"] and org.org_type == "social_group" and org.level == "county"


def test_a_named_encoding_overrides_detection(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", rows_for("110101", 2), encoding="gbk")
    assert run(path, "--encoding", "gbk")[0] == 0
    assert Organization.objects.count() == 2


def test_a_wrong_named_encoding_is_reported_and_nothing_changes(tmp_path):
    path = write_csv(tmp_path / "gbk.csv", rows_for("110101", 2), encoding="gbk")
    before = counts()
    status, _, err = run(path, "--encoding", "utf-8")
    assert status == 1 and "IMPORT-ENCODING" in err
    assert counts() == before


def test_xlsx_with_excel_date_cells_imports(tmp_path):
    rows = rows_for("110101", 3)
    rows[2]["founded_on"] = "2016-04-25"
    path = write_xlsx(tmp_path / "register.xlsx", rows)
    status, _, err = run(path)
    assert status == 0, err
    org = Organization.objects.get(uscc=rows[2]["uscc"])
    assert org.founded_on == date(2016, 4, 25)
    assert org.registered_funds == Decimal(rows[2]["registered_funds"])


def test_english_headers_and_the_usual_date_and_money_spellings_import(tmp_path):
    rows = rows_for("110101", 3)
    rows[0].update(founded_on="2016/4/25", registered_funds="800.00 万元")
    rows[1].update(founded_on="2016年4月25日", registered_funds="800万元")
    rows[2].update(registered_funds="800")
    path = write_csv(tmp_path / "english.csv", rows, language="en")
    status, _, err = run(path)
    assert status == 0, err
    orgs = {o.uscc: o for o in Organization.objects.all()}
    assert orgs[rows[0]["uscc"]].founded_on == date(2016, 4, 25) == orgs[rows[1]["uscc"]].founded_on
    assert orgs[rows[0]["uscc"]].registered_funds == Decimal("8000000.00")
    assert orgs[rows[1]["uscc"]].registered_funds == Decimal("8000000.00")
    assert orgs[rows[2]["uscc"]].registered_funds == Decimal("800.00")


def test_authority_names_resolve_like_codes(tmp_path):
    rows = rows_for("110101", 1) + rows_for("110000", 1, start=200) + rows_for("100000", 1, start=300)
    rows[0]["authority"], rows[1]["authority"], rows[2]["authority"] = "北京市东城区民政局", "北京市民政局", "民政部"
    status, _, err = run(write_csv(tmp_path / "names.csv", rows))
    assert status == 0, err
    assert sorted(Organization.objects.values_list("authority_id", flat=True)) == ["100000", "110000", "110101"]


def test_an_import_writes_events_versions_search_entries_and_one_audit_event_per_batch(tmp_path):
    path = write_csv(tmp_path / "batches.csv", rows_for("110101", 7))
    before = AuditEvent.objects.count()
    status, _, err = run(path, "--batch-size", "3")
    assert status == 0, err
    orgs = Organization.objects.all()
    assert orgs.count() == 7
    assert RegistrationEvent.objects.filter(kind="establishment").count() == 7
    assert OrganizationVersion.objects.count() == 7 and SearchEntry.objects.count() == 7
    event = RegistrationEvent.objects.first()
    assert event.effective_on == event.organization.founded_on and event.changes["name"] == event.organization.name
    audit = list(AuditEvent.objects.order_by("seq")[before:])
    assert [a.action for a in audit] == ["organization.import"] * 3 + ["import.job"]
    job = ImportJob.objects.get()
    assert {a.object_id for a in audit} == {str(job.pk)} and {a.object_type for a in audit} == {"ImportJob"}
    assert sum(len(a.after["codes"]) for a in audit[:3]) == 7 and len(audit[0].after["sha256"]) == 64
    assert audit[-1].after["created"] == 7 and audit[-1].after["sha256"] == file_sha256(path)
    assert job.state == "done" and job.total_rows == 7 and job.processed_rows == 7
    assert search("测试导入110101第101号")[0].uscc == orgs.get(name="测试导入110101第101号协会").uscc
    call_command("verify_audit", stdout=io.StringIO())


def test_removed_organizations_import_with_their_terminal_event(tmp_path):
    rows = rows_for("110101", 3)
    rows[0].update(status="注销", status_date="2020-05-01")
    rows[1].update(status="撤销")  # no date in the source: recorded at the import date, saying so
    rows[2].update(status="吊销", status_date="2021-01-02")
    path = write_csv(tmp_path / "removed.csv", rows, keys=KEYS + ("status_date",))
    status, _, err = run(path)
    assert status == 0, err
    first = Organization.objects.get(uscc=rows[0]["uscc"])
    assert first.status == "deregistered" and first.status_since == date(2020, 5, 1)
    assert [v.status for v in first.versions.order_by("valid_from")] == ["active", "deregistered"]
    second = Organization.objects.get(uscc=rows[1]["uscc"])
    terminal = second.events.get(kind="revocation")
    assert second.status == "revoked" and terminal.effective_on == date.today() or terminal.effective_on
    assert "no date" in terminal.reason
    assert Organization.objects.get(uscc=rows[2]["uscc"]).status == "certificate_cancelled"


def test_formula_guards_from_an_export_are_removed(tmp_path):
    rows = rows_for("110101", 1)
    rows[0]["business_scope"] = "'=开展培训"
    rows[0]["phone"] = "'+86 10 1234 5678"
    status, _, err = run(write_csv(tmp_path / "guarded.csv", rows))
    assert status == 0, err
    org = Organization.objects.get()
    assert org.business_scope == "=开展培训" and org.phone == "+86 10 1234 5678"


def test_community_organizations_get_filing_numbers(tmp_path):
    rows = rows_for("110101", 2, org_type="community_org", uscc="")
    for row in rows:
        row["street"] = "景山街道"
    path = write_csv(tmp_path / "community.csv", rows, keys=KEYS + ("street",))
    status, _, err = run(path)
    assert status == 0, err
    assert sorted(Organization.objects.values_list("filing_number", flat=True)) == ["BA110101000001",
                                                                                    "BA110101000002"]


# --- dry run ---------------------------------------------------------------------------------------------
def test_dry_run_reports_success_and_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "dry.csv", rows_for("110101", 3))
    before = counts()
    status, out, _ = run(path, "--dry-run")
    assert status == 0 and "dry run" in out
    assert counts() == before


def test_dry_run_reports_the_same_problems_and_writes_nothing(tmp_path):
    rows = rows_for("110101", 3)
    rows[1]["uscc"] = rows[1]["uscc"][:-1] + ("0" if rows[1]["uscc"][-1] != "0" else "1")
    path = write_csv(tmp_path / "dry-bad.csv", rows)
    before = counts()
    dry = run(path, "--dry-run")
    real = run(path)
    assert dry[0] == real[0] == 1
    assert [x for x in dry[2].splitlines() if "row" in x] == [x for x in real[2].splitlines() if "row" in x]
    assert counts() == before


# --- every problem named, nothing changed ------------------------------------------------------------------
def bad_file(tmp_path, mutate, keys=KEYS, rows=4, **kwargs):
    data = rows_for("110101", rows)
    mutate(data)
    return write_csv(tmp_path / "bad.csv", data, keys=keys, **kwargs)


def test_a_bad_uscc_check_character_is_reported_and_nothing_changes(tmp_path):
    def mutate(rows):
        code = rows[2]["uscc"]
        rows[2]["uscc"] = code[:-1] + ("0" if code[-1] != "0" else "1")
    problem = assert_refused(bad_file(tmp_path, mutate), 4, "统一社会信用代码", "USCC-CHECK")
    assert "校验码" in problem.zh and "check character" in problem.en


def test_a_uscc_category_that_does_not_match_the_type_is_reported(tmp_path):
    def mutate(rows):
        rows[1]["org_type"] = "foundation"  # a 51… (social group) code on a foundation row
        rows[1]["authority"] = "110000"
    assert_refused(bad_file(tmp_path, mutate), 3, "统一社会信用代码", "USCC-CATEGORY-TYPE")


def test_an_unknown_authority_is_reported(tmp_path):
    def mutate(rows):
        rows[3]["authority"] = "火星市民政局"
    assert_refused(bad_file(tmp_path, mutate), 5, "登记管理机关", "DIVISION-UNKNOWN", "火星市民政局")


def test_a_bad_date_is_reported(tmp_path):
    def mutate(rows):
        rows[0]["founded_on"] = "2016-13-45"
    assert_refused(bad_file(tmp_path, mutate), 2, "成立登记日期", "DATE-FORMAT", "2016-13-45")


def test_negative_funds_are_reported(tmp_path):
    def mutate(rows):
        rows[2]["registered_funds"] = "-800"
    assert_refused(bad_file(tmp_path, mutate), 4, "注册资金", "MONEY-NEGATIVE")


def test_a_duplicate_uscc_in_the_file_is_reported_with_the_first_row(tmp_path):
    def mutate(rows):
        rows[3]["uscc"] = rows[0]["uscc"]
        seen.append(rows[0]["uscc"])
    seen = []
    path = bad_file(tmp_path, mutate)
    problem = assert_refused(path, 5, "统一社会信用代码", "IMPORT-DUPLICATE-USCC", seen[0])
    assert "row 2" in problem.en


def test_a_duplicate_name_of_an_active_organization_in_the_file_is_reported(tmp_path):
    def mutate(rows):
        rows[2]["name"] = rows[1]["name"]
        seen.append(rows[1]["name"])
    seen = []
    path = bad_file(tmp_path, mutate)
    assert_refused(path, 4, "社会组织名称", "IMPORT-DUPLICATE-NAME", seen[0])


def test_the_key_ledger_reports_later_rows_only_and_never_rows_with_problems_of_their_own():
    from registry.imports.validate import KeyLedger

    ledger = KeyLedger()
    for key, row, claim_only in [(7, 2, False), (9, 3, True), (7, 4, False), (9, 5, False), (7, 6, True),
                                 (-1, 7, False), (2**63 - 1, 8, False), (2**63 - 1, 9, False)]:
        ledger.add(key, row, claim_only=claim_only)
    assert sorted(ledger.duplicates()) == [(4, 2), (5, 3), (9, 8)]


def test_an_organization_already_in_the_register_is_reported_without_upsert(tmp_path, world):
    def mutate(rows):
        rows[1]["uscc"] = world.org_a.uscc
    assert_refused(bad_file(tmp_path, mutate), 3, "统一社会信用代码", "USCC-DUPLICATE", world.org_a.uscc)


def test_a_name_already_used_in_the_register_is_reported(tmp_path, world):
    def mutate(rows):
        rows[0]["name"] = world.org_a.name
    assert_refused(bad_file(tmp_path, mutate), 2, "社会组织名称", "NAME-TAKEN")


def test_an_unknown_column_is_reported_never_dropped(tmp_path):
    path = bad_file(tmp_path, lambda rows: None, keys=KEYS + ("备注",))
    problem = assert_refused(path, 1, "备注", "IMPORT-COLUMN-UNKNOWN", "备注")
    assert "备注" in problem.zh


def test_a_missing_required_column_is_reported(tmp_path):
    path = bad_file(tmp_path, lambda rows: None, keys=tuple(k for k in KEYS if k != "founded_on"))
    assert_refused(path, 1, "成立登记日期", "IMPORT-COLUMN-MISSING")


def test_an_over_long_field_is_reported(tmp_path):
    def mutate(rows):
        rows[1]["domicile"] = "长" * 301
    assert_refused(bad_file(tmp_path, mutate), 3, "住所", "MAX-LENGTH")


def test_a_bad_status_is_reported(tmp_path):
    def mutate(rows):
        rows[2]["status"] = "暂停"
    assert_refused(bad_file(tmp_path, mutate), 4, "登记状态", "STATUS-VALUE", "暂停")


def test_a_status_date_before_the_founding_date_is_reported(tmp_path):
    def mutate(rows):
        rows[0].update(status="注销", status_date="1980-01-01")
    assert_refused(bad_file(tmp_path, mutate, keys=KEYS + ("status_date",)), 2, "状态日期", "REG-DATE-BEFORE-EST")


def test_every_problem_of_a_file_is_reported_not_just_the_first(tmp_path):
    def mutate(rows):
        rows[0]["founded_on"] = "not a date"
        rows[1]["registered_funds"] = "-1"
        rows[3]["status"] = "?"
    path = bad_file(tmp_path, mutate)
    found = {(p.row, p.code) for p in problems_of(path)}
    assert {(2, "DATE-FORMAT"), (3, "MONEY-NEGATIVE"), (5, "STATUS-VALUE")} <= found


def test_a_valid_row_after_a_bad_one_is_not_imported_either(tmp_path):
    def mutate(rows):
        rows[0]["founded_on"] = "bad"
    run(bad_file(tmp_path, mutate, rows=6))
    assert Organization.objects.count() == 0 and ImportJob.objects.count() == 0


# --- jurisdiction ----------------------------------------------------------------------------------------
def test_an_officer_cannot_import_for_another_county(tmp_path, world):
    rows = rows_for("110101", 2) + rows_for("110102", 1, start=200)
    path = write_csv(tmp_path / "mixed.csv", rows)
    before = counts()
    status, _, err = run(path, "--user", world.county_a.username)
    assert status == 1
    line = next(x for x in err.splitlines() if "JURISDICTION" in x)
    assert "row 4 " in line and "column 登记管理机关" in line
    assert counts() == before
    assert run(write_csv(tmp_path / "own.csv", rows[:2]), "--user", world.county_a.username)[0] == 0


def test_an_id_number_is_checked_and_one_from_a_half_known_place_is_reported_not_a_crash(tmp_path):
    rows = rows_for("110101", 3)
    rows[0]["legal_rep_id"] = "11010519491231002X"
    rows[1]["legal_rep_id"] = "132733199001011236"  # python-stdnum knows the prefecture, not the county
    rows[2]["legal_rep_id"] = "110105194912310021"
    path = write_csv(tmp_path / "ids.csv", rows, keys=KEYS + ("legal_rep_id",))
    problems = problems_of(path)
    assert [(p.row, p.code, p.field) for p in problems] == [(3, "RIC-INVALID", "法定代表人身份证号"),
                                                           (4, "RIC-INVALID", "法定代表人身份证号")]
    rows = rows[:1]
    status, _, err = run(write_csv(tmp_path / "good-id.csv", rows, keys=KEYS + ("legal_rep_id",)))
    assert status == 0, err
    org = Organization.objects.get()
    assert org.legal_rep_id_hash and org.legal_rep_id_encrypted and "11010519491231002X" not in org.legal_rep_id_encrypted


def test_worker_processes_report_and_import_exactly_as_one_process_does(tmp_path):
    rows = rows_for("110101", 40)
    rows[5]["founded_on"] = "2016-02-30"
    rows[17]["uscc"] = rows[3]["uscc"]
    rows[33]["status"] = "?"
    path = write_csv(tmp_path / "bad.csv", rows)
    one = imports.run_import(path, options=imports.Options(dry_run=True, batch_size=7))
    two = imports.run_import(path, options=imports.Options(dry_run=True, batch_size=7, workers=2))
    assert [str(p) for p in two.errors] == [str(p) for p in one.errors] and len(one.errors) == 3
    good = write_csv(tmp_path / "good.csv", rows_for("110101", 40, start=500))
    result = imports.run_import(good, options=imports.Options(batch_size=7, workers=2))
    assert result.ok and result.created == 40
    entry = SearchEntry.objects.get(organization__name="测试导入110101第520号协会")
    assert entry.pinyin.startswith("ceshidaoru") and entry.organization.uscc


def _indexes() -> set:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger')")
        else:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()")
        return set(cursor.fetchall())


def test_a_bulk_load_into_an_empty_register_rebuilds_every_index_and_the_search_index(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_LOAD_MIN_ROWS", 1)
    before = _indexes()
    rows = rows_for("110101", 12)
    rows[4].update(status="注销", status_date="2020-01-01")
    result = imports.run_import(write_csv(tmp_path / "bulk.csv", rows, keys=KEYS + ("status_date",)),
                                 options=imports.Options(batch_size=5))
    assert result.ok and result.created == 12 and "index" in result.timings
    assert _indexes() == before
    assert [o.name for o in search("110101第104号")] == ["测试导入110101第104号协会"]
    assert search("导入")  # the substring (FTS5 / GIN) index was rebuilt with the rows
    assert Organization.objects.filter(status="deregistered").count() == 1


def test_a_bulk_load_with_a_duplicate_fails_whole_and_leaves_the_indexes(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "BULK_LOAD_MIN_ROWS", 1)
    before, counted = _indexes(), counts()
    rows = rows_for("110101", 6)
    rows[5]["name"] = rows[0]["name"]
    result = imports.run_import(write_csv(tmp_path / "dup.csv", rows))
    assert not result.ok and counts() == counted and _indexes() == before


def test_the_report_option_writes_every_problem_to_a_csv_for_excel(tmp_path):
    import csv as csv_module

    rows = rows_for("110101", 3)
    rows[0]["founded_on"] = "=1+1"
    rows[2]["status"] = "暂停"
    report = tmp_path / "problems.csv"
    status, _, _ = run(write_csv(tmp_path / "bad.csv", rows), "--report", str(report))
    assert status == 1
    lines = list(csv_module.reader(report.read_text(encoding="utf-8-sig").splitlines()))
    assert [(x[0], x[1], x[3]) for x in lines[1:]] == [("2", "成立登记日期", "DATE-FORMAT"), ("4", "登记状态", "STATUS-VALUE")]
    assert lines[1][2] == "'=1+1"  # the report itself is guarded against formulas


def test_the_in_memory_division_lookup_resolves_names_as_the_shared_cleaner_does():
    import random

    from divisions.models import Division
    from registry.validation import DivisionLookup, resolve_authority_name

    lookup = DivisionLookup()
    current = list(Division.objects.in_use().order_by("code"))
    sample = random.Random(3).sample(current, 150) + [d for d in current if d.code in ("100000", "110000", "110101")]
    for division in sample:
        name = division.authority_name
        assert lookup.resolve_name(name) == resolve_authority_name(name), name
        assert lookup.find(name).code == division.code == lookup.find(division.code).code
    for name in ("火星市民政局", "北京市", "", "民政部"):
        assert lookup.resolve_name(name) == resolve_authority_name(name)


def test_the_table_driven_uscc_check_character_matches_python_stdnum():
    import random

    from stdnum.cn import uscc as stdnum_uscc

    from registry.uscc import ALPHABET, final_check_char

    rng = random.Random(5)
    for _ in range(20000):
        first17 = "".join(rng.choice(ALPHABET) for _ in range(17))
        assert final_check_char(first17) == stdnum_uscc.calc_check_digit(first17)
