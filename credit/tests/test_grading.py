"""The credit evaluation grades only the facts that exist, states its basis, and grades no organization whose
registration has ended: through the credit API and the public pages."""

from datetime import date

from django.test import Client

from conftest import api_as
from divisions.models import JurisdictionSetting
from registry.services import record_event

from .helpers import fact, warning


def evaluation(org, as_of=None):
    params = {"as_of": as_of} if as_of else {}
    response = api_as(None).get(f"/api/v1/organizations/{org.code}/credit/", params)
    assert response.status_code == 200, response.content
    return response.json()["evaluation"]


def page(url, **params) -> str:
    response = Client().get(url, params)
    assert response.status_code == 200
    return response.content.decode()


class TestNoNegativeRecord:
    def test_nothing_to_evaluate_means_no_grade_not_a_c(self, world):
        e = evaluation(world.org_a)

        assert (e["graded"], e["grade"], e["score"], e["factors"]) == (False, "", None, [])
        assert "无不良信用记录" in e["reason_zh"] and "no negative record" in e["reason_en"]
        credit_page = page(f"/credit/org/{world.org_a.code}/")
        assert "未评定信用等级" in credit_page and "无不良信用记录" in credit_page
        assert '<span class="score">' not in credit_page
        org_page = page(f"/org/{world.org_a.code}/")
        assert "未评定信用等级" in org_page and "(70/100)" not in org_page

    def test_only_good_facts_grade_b_or_better_and_the_basis_names_them(self, world):
        fact(world.org_a, "honour", "2025-05-01", issuing_authority="北京市民政局")

        e = evaluation(world.org_a, "2025-06-01")

        assert (e["graded"], e["grade"], e["score"], e["negative_record"]) == (True, "B", 73, False)
        assert [f["key"] for f in e["factors"]] == ["base", "honour"]  # no pseudo-factor for a missing grade
        assert "起评分 70" in e["basis_zh"] and "近 3 年表彰 1 次（+3）" in e["basis_zh"]
        assert "B ≥ 70" in e["basis_zh"] and "全国默认值" in e["basis_zh"]
        assert "starting score of 70" in e["basis_en"] and "honours" in e["basis_en"]
        credit_page = page(f"/credit/org/{world.org_a.code}/", as_of="2025-06-01")
        assert '<span class="score">B</span>' in credit_page and "近 3 年表彰 1 次（+3）" in credit_page
        assert "CREDIT_GRADE_WEIGHTS" not in credit_page  # the basis is in words, not setting names

    def test_a_grade_of_five_a_is_a(self, world):
        fact(world.org_a, "rating", "2023-01-01", details={"grade": "5A", "valid_until": "2027-12-31"})
        assert evaluation(world.org_a, "2025-06-01")["grade"] == "A"


class TestNegativeRecord:
    def test_a_penalty_lowers_the_grade_and_the_basis_shows_it(self, world):
        warning(world.org_a, "2024-01-05")

        listed = evaluation(world.org_a, "2024-02-01")  # on the abnormal list then
        assert (listed["grade"], listed["score"], listed["negative_record"]) == ("D", 30, True)
        assert "列入活动异常名录" in listed["basis_zh"] and "行政处罚 1 次（-10）" in listed["basis_zh"]
        later = evaluation(world.org_a, "2025-01-05")  # removed after six months; the penalty still counts
        assert (later["grade"], later["score"]) == ("C", 60)
        assert "-30" not in later["basis_zh"]
        section = page(f"/org/{world.org_a.code}/", as_of="2025-01-05")
        assert "<strong>C</strong>" in section and "行政处罚 1 次（-10）" in section

    def test_the_basis_names_a_local_rule(self, world):
        JurisdictionSetting.objects.create(division_id="110101", key="CREDIT_GRADE_BANDS",
                                           value=[["A", 95], ["B", 65], ["C", 50], ["D", 0]],
                                           effective_from=date(2020, 1, 1), reason="本地分档")
        warning(world.org_a, "2024-01-05")
        e = evaluation(world.org_a, "2025-01-05")
        assert e["grade"] == "C" and "B ≥ 65" in e["basis_zh"] and "110101 地方设定" in e["basis_zh"]


class TestRegistrationEnded:
    def test_a_deregistered_organization_is_not_graded_and_the_page_says_why(self, world):
        fact(world.org_a, "honour", "2024-05-01")
        record_event(world.admin, world.org_a, kind="deregistration", effective_on=date(2025, 3, 1), reason="清算完毕")

        before = evaluation(world.org_a, "2025-02-28")
        assert before["graded"] and before["grade"] == "B"
        after = evaluation(world.org_a, "2025-03-01")
        assert (after["graded"], after["grade"], after["score"]) == (False, "", None)
        assert "2025-03-01 注销登记" in after["reason_zh"] and "registration has ended" in after["reason_en"]
        credit_page = page(f"/credit/org/{world.org_a.code}/", as_of="2025-03-01")
        assert "未评定信用等级" in credit_page and "2025-03-01 注销登记" in credit_page
        assert '<span class="score">' not in credit_page

    def test_revoked_and_cancelled_organizations_are_not_graded(self, world):
        record_event(world.admin, world.org_a, kind="revocation", effective_on=date(2025, 3, 1),
                     reason="成立后一年未开展活动", decision_number="东民撤字〔2025〕1号")
        record_event(world.admin, world.org_b, kind="certificate_cancellation", effective_on=date(2025, 3, 1),
                     reason="严重违法", decision_number="西民吊字〔2025〕2号")

        revoked = evaluation(world.org_a, "2025-04-01")
        cancelled = evaluation(world.org_b, "2025-04-01")
        assert not revoked["graded"] and "撤销登记（东民撤字〔2025〕1号）" in revoked["reason_zh"]
        assert not cancelled["graded"] and "吊销登记证书（西民吊字〔2025〕2号）" in cancelled["reason_zh"]
        org_page = page(f"/org/{world.org_b.code}/", as_of="2025-04-01")
        assert "未评定信用等级" in org_page and "吊销登记证书" in org_page
