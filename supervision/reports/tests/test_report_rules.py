"""The pure rules of annual reports, penalties and terms: no database, plain values in, decisions out."""

from datetime import date
from decimal import Decimal

from supervision import days
from supervision.leadership import rules as leadership_rules
from supervision.penalties import rules as penalties_rules
from supervision.reports import rules as reports_rules

DEADLINES = {"social_group": "05-31", "social_service_agency": "05-31", "foundation": "03-31"}


def money(data: dict) -> dict:
    return {k: Decimal(v) for k, v in data.items()}


BALANCED = money({"income_donations": "50", "income_government": "20", "income_service_fees": "15",
                  "income_membership_dues": "10", "income_other": "5", "income_total": "100",
                  "expense_programmes": "60", "expense_administration": "15", "expense_fundraising": "5",
                  "expense_total": "80", "total_assets": "500", "total_liabilities": "100", "net_assets": "400"})


def test_a_missing_report_is_listed_only_from_the_day_after_the_deadline():
    founded = date(2015, 6, 1)
    on_deadline = reports_rules.overdue(report_year=2024, org_type="social_group", founded_on=founded, deadline_setting=DEADLINES, submitted_on=None, as_of=date(2025, 5, 31))
    day_after = reports_rules.overdue(report_year=2024, org_type="social_group", founded_on=founded, deadline_setting=DEADLINES, submitted_on=None, as_of=date(2025, 6, 1))

    assert on_deadline is None
    assert day_after == reports_rules.MISSING


def test_foundations_report_by_31_march():
    assert reports_rules.deadline_for(2024, "foundation", DEADLINES) == date(2025, 3, 31)
    assert reports_rules.overdue(report_year=2024, org_type="foundation", founded_on=date(2015, 1, 1), deadline_setting=DEADLINES, submitted_on=None, as_of=date(2025, 4, 1)) == reports_rules.MISSING


def test_a_report_submitted_after_the_deadline_is_late_and_one_in_time_is_not():
    founded = date(2015, 6, 1)
    assert reports_rules.overdue(report_year=2024, org_type="social_group", founded_on=founded, deadline_setting=DEADLINES, submitted_on=date(2025, 6, 3), as_of=date(2025, 7, 1)) == reports_rules.LATE
    assert reports_rules.overdue(report_year=2024, org_type="social_group", founded_on=founded, deadline_setting=DEADLINES, submitted_on=date(2025, 5, 31), as_of=date(2025, 7, 1)) is None


def test_a_report_submitted_after_the_sweep_day_was_still_missing_on_that_day():
    assert reports_rules.overdue(report_year=2024, org_type="social_group", founded_on=date(2015, 1, 1), deadline_setting=DEADLINES, submitted_on=date(2025, 7, 2),
                         as_of=date(2025, 7, 1)) == reports_rules.MISSING


def test_an_organization_founded_after_the_report_year_owes_no_report():
    assert reports_rules.overdue(report_year=2024, org_type="social_group", founded_on=date(2025, 1, 1), deadline_setting=DEADLINES, submitted_on=None, as_of=date(2025, 9, 1)) is None
    assert reports_rules.overdue(report_year=2024, org_type="social_group", founded_on=date(2024, 12, 31), deadline_setting=DEADLINES, submitted_on=None, as_of=date(2025, 9, 1)) == reports_rules.MISSING


def test_a_type_that_does_not_report_owes_nothing():
    assert reports_rules.overdue(report_year=2024, org_type="community_org", founded_on=date(2015, 1, 1), deadline_setting={**DEADLINES, "community_org": "05-31"}, submitted_on=None,
                         as_of=date(2025, 9, 1)) is None


def test_a_29_february_deadline_falls_on_28_february_in_a_common_year():
    assert reports_rules.deadline_for(2024, "social_group", {"social_group": "02-29"}) == date(2025, 2, 28)


def test_totals_that_add_up_pass():
    assert reports_rules.check_totals(BALANCED) == []


def test_each_wrong_total_names_its_field_the_expected_and_the_given_value():
    figures = {**BALANCED, "income_total": Decimal("99.00"), "expense_total": Decimal("81"),
               "total_assets": Decimal("499")}

    refusals = {r.code: r for r in reports_rules.check_totals(figures)}

    assert set(refusals) == {"REPORT-INCOME-TOTAL", "REPORT-EXPENSE-TOTAL", "REPORT-BALANCE"}
    income = refusals["REPORT-INCOME-TOTAL"]
    assert income.field == "income_total" and "100.00" in income.en and "99.00" in income.en
    assert "100.00" in income.zh and "99.00" in income.zh
    assert refusals["REPORT-EXPENSE-TOTAL"].field == "expense_total" and "80.00" in refusals["REPORT-EXPENSE-TOTAL"].en
    assert refusals["REPORT-BALANCE"].field == "total_assets" and "500.00" in refusals["REPORT-BALANCE"].en


def test_a_report_year_before_founding_or_not_yet_ended_is_refused():
    assert reports_rules.check_report_year(2014, date(2015, 6, 1), date(2025, 1, 1)).code == "REPORT-YEAR-BEFORE-FOUNDING"
    assert reports_rules.check_report_year(2025, date(2015, 6, 1), date(2025, 12, 1)).code == "REPORT-YEAR-NOT-ENDED"
    assert reports_rules.check_report_year(2015, date(2015, 6, 1), date(2025, 1, 1)) is None


def test_a_social_service_agency_reports_no_branches():
    assert reports_rules.check_branches("social_service_agency", 1).code == "REPORT-BRANCHES-SSA"
    assert reports_rules.check_branches("social_group", 3) is None


def test_working_days_skip_the_weekend():
    friday = date(2025, 6, 6)
    assert days.add_working_days(friday, 1) == date(2025, 6, 9)
    assert days.add_working_days(friday, 10) == date(2025, 6, 20)


def test_the_state_follows_first_review_return_and_conclusion():
    on = date(2025, 4, 1)
    assert reports_rules.report_state(True, [])[0] == reports_rules.AWAITING_FIRST_REVIEW
    assert reports_rules.report_state(False, [])[0] == reports_rules.AWAITING_REVIEW
    passed = [("first_review", "passed", "", on)]
    assert reports_rules.report_state(True, passed)[0] == reports_rules.AWAITING_REVIEW
    concluded = passed + [("authority", "concluded", "qualified", on)]
    assert reports_rules.report_state(True, concluded) == (reports_rules.CONCLUDED, "qualified", on)
    assert reports_rules.report_state(True, passed + [("authority", "returned", "", on)])[0] == reports_rules.RETURNED


def test_the_authority_cannot_review_before_the_first_review():
    refusals = reports_rules.check_review(state=reports_rules.AWAITING_FIRST_REVIEW, stage="authority", outcome="concluded", conclusion="qualified", reasons="", mode="inspection")
    assert [r.code for r in refusals] == ["REVIEW-FIRST-REVIEW-REQUIRED"]


def test_inspection_mode_needs_a_conclusion_and_report_mode_refuses_one():
    need = reports_rules.check_review(state=reports_rules.AWAITING_REVIEW, stage="authority", outcome="concluded", conclusion="", reasons="", mode="inspection")
    refuse = reports_rules.check_review(state=reports_rules.AWAITING_REVIEW, stage="authority", outcome="concluded", conclusion="qualified", reasons="", mode="report")
    assert [r.code for r in need] == ["REVIEW-CONCLUSION-REQUIRED"]
    assert [r.code for r in refuse] == ["REVIEW-NO-CONCLUSION-IN-REPORT-MODE"]
    assert reports_rules.check_review(state=reports_rules.AWAITING_REVIEW, stage="authority", outcome="concluded", conclusion="", reasons="", mode="report") == []


def test_a_poor_conclusion_or_a_return_needs_reasons():
    assert [r.code for r in reports_rules.check_review(state=reports_rules.AWAITING_REVIEW, stage="authority", outcome="concluded", conclusion="unqualified", reasons=" ",
                                               mode="inspection")] == ["REVIEW-REASONS-REQUIRED"]
    assert [r.code for r in reports_rules.check_review(state=reports_rules.AWAITING_REVIEW, stage="authority", outcome="returned", conclusion="", reasons="",
                                               mode="inspection")] == ["REVIEW-REASONS-REQUIRED"]


def test_a_penalty_in_the_future_or_without_its_amount_is_refused():
    today = date(2025, 6, 1)
    future = penalties_rules.check_penalty(kind="warning", amount=None, suspended_from=None, suspended_to=None, decided_on=date(2025, 6, 2), department_kind="civil_affairs", founded_on=date(2015, 1, 1),
                                 today=today)
    fine = penalties_rules.check_penalty(kind="fine", amount=None, suspended_from=None, suspended_to=None, decided_on=today, department_kind="civil_affairs", founded_on=date(2015, 1, 1), today=today)
    assert [r.code for r in future] == ["PENALTY-DATE-FUTURE"]
    assert [r.code for r in fine] == ["PENALTY-AMOUNT-REQUIRED"]


def test_a_suspension_needs_an_ordered_period_and_revocation_is_for_the_authority_only():
    today = date(2025, 6, 1)
    backwards = penalties_rules.check_penalty(kind="suspension", amount=None, suspended_from=date(2025, 5, 10), suspended_to=date(2025, 5, 1), decided_on=date(2025, 5, 1),
                                    department_kind="civil_affairs", founded_on=date(2015, 1, 1), today=today)
    other = penalties_rules.check_penalty(kind="revocation", amount=None, suspended_from=None, suspended_to=None, decided_on=today, department_kind="other", founded_on=date(2015, 1, 1), today=today)
    assert [r.code for r in backwards] == ["PENALTY-PERIOD-ORDER"]
    assert [r.code for r in other] == ["PENALTY-REGISTRATION-BY-AUTHORITY"]


def test_a_term_ends_after_its_years_and_is_overdue_from_the_next_day_unless_postponed():
    end = leadership_rules.term_end(date(2020, 3, 1), 5)
    assert end == date(2025, 3, 1)
    assert not leadership_rules.renewal_overdue(end, None, date(2025, 3, 1))
    assert leadership_rules.renewal_overdue(end, None, date(2025, 3, 2))
    assert not leadership_rules.renewal_overdue(end, date(2025, 12, 1), date(2025, 6, 1))


def test_a_postponement_longer_than_the_limit_is_refused():
    refusal = leadership_rules.check_postponement(ends_on=date(2025, 3, 1), postponed_to=date(2026, 3, 2), max_months=12, approved_on=date(2025, 2, 1), today=date(2025, 2, 1))
    assert refusal.code == "LEAD-POSTPONE-TOO-LONG" and "2026-03-01" in refusal.en
    assert leadership_rules.check_postponement(ends_on=date(2025, 3, 1), postponed_to=date(2026, 3, 1), max_months=12, approved_on=date(2025, 2, 1), today=date(2025, 2, 1)) is None


def test_the_audit_rule_depends_on_the_setting():
    assert leadership_rules.audit_required("renewal", leadership_rules.RENEWAL, legal_rep_changes=False)
    assert not leadership_rules.audit_required("legal_rep_change", leadership_rules.RENEWAL, legal_rep_changes=False)
    assert leadership_rules.audit_required("legal_rep_change", leadership_rules.RENEWAL, legal_rep_changes=True)
    assert not leadership_rules.audit_required("never", leadership_rules.RENEWAL, legal_rep_changes=True)
