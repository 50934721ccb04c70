"""Credit's registered rating-eligibility check, the holiday calendar and the credit evaluation."""

from datetime import date, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from conftest import api_as
from credit import grading, rules
from credit.models import Holiday
from credit.policy import PolicyBook, work_calendar
from credit.services import file_objection
from credit.sweep import derive_for

from .helpers import assert_error, fact, warning


class TestRatingEligibility:
    def test_credit_registers_its_check_with_supervision(self):
        from supervision.ratings.eligibility import rating_checks

        assert any(c.__module__ == "credit.eligibility" for c in rating_checks)

    def test_a_listed_organization_is_refused_with_the_rule_and_why(self, world):
        from credit.eligibility import not_on_a_credit_list

        warning(world.org_a, "2024-01-05")
        refusal = not_on_a_credit_list(world.org_a, date(2024, 3, 1))
        assert refusal.code == "CREDIT-ELIG-LISTED" and "ABN-5" in refusal.zh and "2024-01-06" in refusal.en
        assert refusal.facts["rules"] == ["ABN-5"] and any("CREDIT_" in s for s in refusal.settings)
        assert not_on_a_credit_list(world.org_a, date(2024, 8, 1)) is None

    def test_supervision_shows_credits_reason(self, world):
        from supervision.ratings.eligibility import eligibility

        warning(world.org_a, "2024-01-05")
        result = eligibility(world.org_a, date(2024, 3, 1))
        assert "CREDIT-ELIG-LISTED" in [r.code for r in result.refusals]


class TestCalendar:
    def test_the_official_schedules_load_once(self, db):
        out = StringIO()
        call_command("load_holidays", stdout=out)
        assert "108 days added" in out.getvalue()
        call_command("load_holidays", stdout=StringIO())
        assert Holiday.objects.count() == 108
        assert Holiday.objects.get(date=date(2026, 2, 28)).is_workday is True
        cal = work_calendar()
        assert cal.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
        assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)

    def test_objection_deadlines_follow_the_calendar(self, world):
        call_command("load_holidays", stdout=StringIO())
        today = timezone.localdate()
        court = fact(world.org_a, "court_dishonest_debtor", today - timedelta(days=1), today - timedelta(days=1))
        case = file_objection(world.user_a, world.org_a, court.ref, "有误")
        assert case.accept_due == work_calendar().add_working_days(today, 5)

    def test_only_administrators_and_the_ministry_maintain_it(self, world):
        assert_error(api_as(world.county_a).post("/api/v1/holidays/", {"date": "2027-01-01"}, format="json"), 403,
                     "FORBIDDEN")
        assert api_as(world.national).post("/api/v1/holidays/", {"date": "2027-01-01", "name": "元旦"},
                                           format="json").status_code == 201
        assert_error(api_as(world.admin).post("/api/v1/holidays/", {"date": "2027-01-01"}, format="json"), 400,
                     "CREDIT-HOLIDAY-EXISTS", "date")
        assert_error(api_as(world.admin).post("/api/v1/holidays/", {"date": "2027-01-04", "is_workday": True},
                                              format="json"), 400, "CREDIT-HOLIDAY-WORKDAY", "is_workday")
        assert api_as(None).get("/api/v1/holidays/", {"year": "2027"}).json()[0]["name"] == "元旦"


class TestEvaluation:
    def test_each_factor_shows_its_contribution(self, world):
        fact(world.org_a, "rating", "2023-01-01", details={"grade": "4A", "valid_until": "2027-12-31"})
        fact(world.org_a, "honour", "2025-05-01")
        fact(world.org_a, "inspection", "2025-06-01", details={"result": "basically_qualified"})
        warning(world.org_a, "2025-01-05")
        day = date(2025, 3, 1)
        derivation = derive_for([world.org_a], day)[world.org_a.pk]
        evaluation = grading.evaluate(derivation, PolicyBook().for_authority("110101"), day)
        points = {f.key: f.points for f in evaluation.factors}
        assert points == {"base": 70, "rating": 15, "penalty": -10, "abnormal": -30}
        assert (evaluation.score, evaluation.grade) == (45, "D")
        later = date(2026, 1, 1)
        evaluation = grading.evaluate(derive_for([world.org_a], later)[world.org_a.pk],
                                      PolicyBook().for_authority("110101"), later)
        assert {f.key: f.points for f in evaluation.factors} == {"base": 70, "rating": 15, "inspection": -5,
                                                                 "penalty": -10, "honour": 3}
        assert (evaluation.score, evaluation.grade) == (73, "B") and "CREDIT_GRADE_WEIGHTS" in evaluation.settings[0]
        assert evaluation.negative and "起评分 70" in evaluation.basis_zh and "基本合格" in evaluation.basis_zh

    def test_the_weights_are_a_setting(self, world):
        from divisions.models import JurisdictionSetting

        weights = {**rules.DEFAULTS["CREDIT_GRADE_WEIGHTS"], "base": 95}
        JurisdictionSetting.objects.create(division_id="110101", key="CREDIT_GRADE_WEIGHTS", value=weights,
                                           effective_from=date(2020, 1, 1))
        fact(world.org_a, "honour", "2024-05-01")  # something to grade
        day = date(2025, 1, 1)
        evaluation = grading.evaluate(derive_for([world.org_a], day)[world.org_a.pk],
                                      PolicyBook().for_authority("110101"), day)
        assert evaluation.grade == "A" and "110101" in evaluation.settings[0]
