"""The register's writers: derived state, corrections, uniqueness and the audit they leave."""

import pytest

from audit.models import AuditEvent
from common.errors import RuleViolation
from conftest import org_row
from registry.models import Organization, RegistrationEvent
from registry.services import record_event, register_organization


def test_a_correction_may_fix_only_the_date_of_a_change(world):
    wrong = record_event(world.county_a, world.org_a, kind="change", effective_on="2021-05-01",
                         changes={"name": "东城区更正测试协会"}, reason="更名")
    record_event(world.county_a, world.org_a, kind="change", effective_on="2021-03-01",
                 changes={"name": "东城区更正测试协会"}, reason="更正日期", supersedes=wrong)
    world.org_a.refresh_from_db()
    versions = list(world.org_a.versions.values_list("name", "valid_from"))
    assert versions[-1][1].isoformat() == "2021-03-01"
    assert world.org_a.name == "东城区更正测试协会"
    assert RegistrationEvent.objects.filter(organization=world.org_a).count() == 3  # nothing deleted


def test_a_deregistered_name_may_be_used_again_by_the_same_authority(world):
    record_event(world.county_a, world.org_a, kind="deregistration", effective_on="2024-01-01", reason="解散")
    again = register_organization(world.county_a, org_row("110101", 77, name=world.org_a.name))
    assert again.status == "active"


def test_an_unchanged_item_is_not_a_change(world):
    before = AuditEvent.objects.count()
    with pytest.raises(RuleViolation) as refused:
        record_event(world.county_a, world.org_a, kind="change", effective_on="2021-05-01",
                     changes={"name": world.org_a.name})
    assert refused.value.problems[0].code == "CHANGE-EMPTY"
    assert AuditEvent.objects.count() == before


def test_community_organizations_are_filed_at_county_level_without_uscc(world):
    row = {"org_type": "community_org", "authority": "110101", "name": "东华门街道老年人互助会",
           "legal_rep_name": "李四", "domicile": "东华门街道活动室", "founded_on": "2020-01-01", "street": "东华门街道"}
    org = register_organization(world.county_a, row)
    assert org.uscc is None and org.filing_number.startswith("BA110101")
    with pytest.raises(RuleViolation) as refused:
        register_organization(world.province, {**row, "authority": "110000", "name": "另一个互助会"})
    assert {p.code for p in refused.value.problems} == {"COMMUNITY-COUNTY"}


def test_foundations_register_only_at_national_or_provincial_level(world):
    with pytest.raises(RuleViolation) as refused:
        register_organization(world.county_a, org_row("110101", 78, org_type="foundation"))
    assert "FOUNDATION-LEVEL" in {p.code for p in refused.value.problems}
    assert not Organization.objects.filter(name__contains="第78号").exists()


def test_foundation_level_is_a_setting(world, settings):
    settings.SOCORG = {**settings.SOCORG, "FOUNDATION_REGISTRATION_LEVELS": ["national", "provincial", "county"]}
    org = register_organization(world.county_a, org_row("110101", 79, org_type="foundation"))
    assert org.level == "county"


def test_the_id_number_is_stored_encrypted_and_searchable_by_hash(world):
    from common import crypto

    org = Organization.objects.get(pk=world.org_a.pk)
    assert "11010519491231002X" not in org.legal_rep_id_encrypted
    assert org.legal_rep_id_hash == crypto.search_hash("11010519491231002x")
    assert crypto.decrypt(org.legal_rep_id_encrypted) == "11010519491231002X"
