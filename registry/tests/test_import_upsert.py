"""--upsert: an existing organization (matched by USCC) changes only through dated, audited events."""

import csv
import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from registry.imports import export
from registry.models import ImportJob, Organization, RegistrationEvent
from registry.tests.import_files import counts

pytestmark = pytest.mark.django_db


def export_register(path, **filters) -> list[list[str]]:
    export.export_to_path(path, "csv", export.ExportFilters(**filters))
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def save(path, table):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(table)
    return path


def edit(table, code, **changes):
    head = table[0]
    for row in table[1:]:
        if row[0] == code:
            for column, value in changes.items():
                row[head.index(column)] = value
    return table


def upsert(path, *args):
    err = io.StringIO()
    try:
        call_command("import_organizations", str(path), "--upsert", "--no-progress", *args, stdout=io.StringIO(),
                     stderr=err)
        return 0, err.getvalue()
    except CommandError as exc:
        return exc.returncode, err.getvalue()


def test_each_difference_becomes_a_change_event_and_is_audited(tmp_path, world):
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_a.uscc, 住所="北京市东城区新地址1号", 注册资金="123456.00", 联系电话="010-12345678")
    audit_before = AuditEvent.objects.count()
    status, err = upsert(save(tmp_path / "changed.csv", table))
    assert status == 0, err
    org = Organization.objects.get(pk=world.org_a.pk)
    assert org.domicile == "北京市东城区新地址1号" and str(org.registered_funds) == "123456.00"
    change = org.events.get(kind="change")
    assert change.changes == {"domicile": "北京市东城区新地址1号", "registered_funds": "123456.00",
                              "phone": "010-12345678"}
    assert change.effective_on == date.today() and "import job" in change.reason
    assert org.versions.count() == 2  # the past stays: the register as of yesterday shows the old domicile
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True)[audit_before:])
    assert actions == ["event.create", "organization.derive", "import.job"]
    for other in (world.org_b, world.org_city, world.org_hebei):
        assert not other.events.exclude(kind="establishment").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path, world):
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_b.uscc, 法定代表人="新代表", 登记状态="注销", 状态日期="2024-06-30")
    path = save(tmp_path / "changed.csv", table)
    assert upsert(path)[0] == 0
    org = Organization.objects.get(pk=world.org_b.pk)
    assert org.status == "deregistered" and org.status_since == date(2024, 6, 30) and org.legal_rep_name == "新代表"
    # the change is dated at the deregistration date, so it precedes it on that day
    assert list(org.events.order_by("effective_on", "id").values_list("kind", "effective_on")) == [
        ("establishment", date(2015, 6, 1)), ("change", date(2024, 6, 30)), ("deregistration", date(2024, 6, 30))]
    before = counts()
    assert upsert(path)[0] == 0
    assert counts() == before  # zero events, zero audit rows, no job row


def test_an_unchanged_register_upserts_to_nothing(tmp_path, world):
    path = tmp_path / "register.csv"
    export_register(path)
    before = counts()
    assert upsert(path)[0] == 0
    assert counts() == before


def test_a_removal_without_a_date_is_recorded_at_the_import_date_and_says_so(tmp_path, world):
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_city.uscc, 登记状态="撤销")
    assert upsert(save(tmp_path / "revoked.csv", table))[0] == 0
    event = RegistrationEvent.objects.get(organization=world.org_city, kind="revocation")
    assert event.effective_on == date.today() and "no date" in event.reason


def test_a_renamed_organization_keeps_its_former_name(tmp_path, world):
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_a.uscc, 社会组织名称="北京市东城区更名后的协会")
    assert upsert(save(tmp_path / "renamed.csv", table))[0] == 0
    org = Organization.objects.get(pk=world.org_a.pk)
    assert org.name == "北京市东城区更名后的协会" and world.org_a.name in org.former_names
    table = export_register(tmp_path / "again.csv")  # now with 曾用名 filled in
    before = counts()
    assert upsert(tmp_path / "again.csv")[0] == 0
    assert counts() == before


@pytest.mark.parametrize(("column", "value", "code"), [
    ("所在街道", "景山街道", "UPSERT-IMMUTABLE"),
    ("成立登记日期", "2001-01-01", "UPSERT-IMMUTABLE"),
    ("曾用名", "从未用过的名字", "UPSERT-DERIVED"),
])
def test_what_a_change_registration_cannot_set_is_refused_and_nothing_changes(tmp_path, world, column, value, code):
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_a.uscc, **{column: value, "住所": "也改了住所"})
    before = counts()
    status, err = upsert(save(tmp_path / "bad.csv", table))
    assert status == 1 and code in err and f"column {column}" in err
    assert counts() == before


def test_a_removed_organization_cannot_be_made_active_again(tmp_path, world):
    from registry.services import record_event

    record_event(world.admin, world.org_b, kind="deregistration", effective_on="2024-01-01", reason="解散")
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_b.uscc, 登记状态="正常", 状态日期="")
    before = counts()
    status, err = upsert(save(tmp_path / "bad.csv", table))
    assert status == 1 and "UPSERT-STATUS" in err
    assert counts() == before


def test_a_refusal_by_the_event_rules_names_the_row(tmp_path, world):
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_a.uscc, 登记状态="注销", 状态日期="2015-06-01", 住所="改")  # change and end on day one
    edit(table, world.org_b.uscc, 登记状态="吊销", 状态日期="2030-01-01")
    status, err = upsert(save(tmp_path / "bad.csv", table))
    assert status == 1 and "DATE-FUTURE" in err and "row 3 " in err
    assert ImportJob.objects.count() == 0


def test_upsert_respects_the_officers_jurisdiction(tmp_path, world):
    table = export_register(tmp_path / "register.csv")
    edit(table, world.org_b.uscc, 住所="西城区改的")
    before = counts()
    status, err = upsert(save(tmp_path / "other.csv", table), "--user", world.county_a.username)
    assert status == 1 and "JURISDICTION" in err
    assert counts() == before


def test_imported_former_names_survive_a_later_change(tmp_path):
    from registry.imports import SYSTEM
    from registry.services import record_event
    from registry.tests.import_files import KEYS, rows_for, write_csv

    rows = rows_for("110101", 1)
    rows[0]["former_names"] = "北京市东城区旧名称协会"
    call_command("import_organizations", str(write_csv(tmp_path / "f.csv", rows, keys=KEYS + ("former_names",))),
                 "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    org = Organization.objects.get()
    assert org.former_names == "北京市东城区旧名称协会"
    record_event(SYSTEM, org, kind="change", effective_on="2024-01-01", changes={"phone": "010-1"})
    org.refresh_from_db()
    assert "北京市东城区旧名称协会" in org.former_names
