"""Listing dates at every boundary, through the real services and the public interface.

Facts come in as officers record them (supervision's penalty service, the overdue-report sweep, the registry's
events, the credit-fact API); the answer is read the way the public reads it: the sweep command
``manage.py credit_sweep --as-of D`` fills the lists, ``/api/v1/lists/{abnormal,serious}/?as_of=D`` and the
page ``/credit/lists/...?as_of=D`` say who is on them, and ``/api/v1/organizations/{code}/credit/?as_of=D``
derives the organization live (credit.sweep.derive_for). Both answers must agree on each day.

The rule (credit.rules.listing_day): on the day the ground arises the organization is not listed; on the day
after it is (CREDIT_NOTICE_DAYS, a local setting, defaults to 0). Periods (six months, two years, three years)
follow the Civil Code: they count from the day after their start and end on the corresponding day.
"""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from conftest import api_as
from credit.models import ListEntry
from divisions.models import JurisdictionSetting
from registry.services import record_event
from supervision.penalties import services as penalties_services
from supervision.reports import services as reports_services

ONE = timedelta(days=1)


def penalty(world, org, kind, decided, amount=None):
    data = {"penalty": kind, "decision_number": f"东民罚〔{decided.year}〕{decided.month}{decided.day}号",
            "decided_on": decided, "legal_basis": "《社会团体登记管理条例》第三十条", "facts": "未按规定办理变更登记",
            "department_kind": "civil_affairs"}
    if amount is not None:
        data["amount"] = amount
    return penalties_services.record_penalty(world.admin, org, data)


def sweep_to(day: date) -> str:
    out = StringIO()
    call_command("credit_sweep", "--as-of", day.isoformat(), stdout=out)
    return out.getvalue()


def public(org, day: date) -> dict:
    """What the public is told of ``org`` on ``day``: the lists (from the swept cache) and the live profile,
    which must agree. Returns {list kind: rules of the entry, or None when not listed}."""
    sweep_to(day)
    answer = {}
    profile = api_as(None).get(f"/api/v1/organizations/{org.code}/credit/", {"as_of": day.isoformat()})
    assert profile.status_code == 200, profile.content
    for kind in ("abnormal", "serious"):
        response = api_as(None).get(f"/api/v1/lists/{kind}/", {"as_of": day.isoformat()})
        assert response.status_code == 200, response.content
        rows = {r["organization"]["code"]: r for r in response.json()["results"]}
        live = profile.json()[kind]
        assert (org.code in rows) == live["listed"], (kind, day)
        answer[kind] = rows[org.code]["rules"] if org.code in rows else None
        if live["listed"]:
            assert rows[org.code]["listed_on"] == live["listed_on"]
    return answer


NOT_LISTED = {"abnormal": None, "serious": None}


def abnormal(*rules):
    return {"abnormal": list(rules), "serious": None}


def serious(*rules):
    return {"abnormal": None, "serious": list(rules)}


class TestAGround:
    def test_a_warning_lists_the_day_after_its_decision(self, world):
        decided = date(2024, 3, 1)
        penalty(world, world.org_a, "warning", decided)

        assert public(world.org_a, decided - ONE) == NOT_LISTED
        assert public(world.org_a, decided) == NOT_LISTED  # the day of the ground
        assert public(world.org_a, decided + ONE) == abnormal("ABN-5")  # the day after
        entry = ListEntry.objects.get(organization=world.org_a)
        assert entry.start_on == date(2024, 3, 2) and "CREDIT_NOTICE_DAYS = 0" in " ".join(entry.settings_cited)

    def test_a_missing_annual_report_lists_the_day_after_the_deadline(self, world):
        deadline = date(2024, 5, 31)  # 2023 reports of social groups (DOMAIN §5)
        reports_services.sweep_overdue(as_of=deadline + ONE, year=2023)

        assert public(world.org_a, deadline - ONE) == NOT_LISTED
        assert public(world.org_a, deadline) == NOT_LISTED
        assert public(world.org_a, deadline + ONE) == abnormal("ABN-1")

    def test_the_public_list_page_agrees(self, world):
        penalty(world, world.org_a, "warning", date(2024, 3, 1))
        sweep_to(date(2024, 3, 2))
        page = Client().get("/credit/lists/abnormal/", {"as_of": "2024-03-01"}).content.decode()
        assert world.org_a.name not in page
        page = Client().get("/credit/lists/abnormal/", {"as_of": "2024-03-02"}).content.decode()
        assert world.org_a.name in page and "2024-03-02" in page


class TestFineThreshold:
    """A fine below 50,000 yuan is ABN-5; 50,000 or more is SER-4 (DOMAIN §3.3 item 5, §3.5 item 4)."""

    @pytest.mark.parametrize("amount, expected", [
        ("49999.99", abnormal("ABN-5")), ("50000.00", serious("SER-4")), ("50000.01", serious("SER-4")),
    ])
    def test_the_threshold_belongs_to_the_serious_list(self, world, amount, expected):
        decided = date(2024, 3, 1)
        fine = penalty(world, world.org_a, "fine", decided, amount=amount)
        assert fine.amount == Decimal(amount)

        assert public(world.org_a, decided) == NOT_LISTED
        assert public(world.org_a, decided + ONE) == expected


class TestRepeatedWarnings:
    """SER-5: two warnings or small fines within three years. The first on 2021-03-01 opens a period counted
    from 2021-03-02 that ends on 2024-03-01."""

    def test_the_second_warning_on_the_last_day_of_three_years_counts(self, world):
        penalty(world, world.org_a, "warning", date(2021, 3, 1))
        penalty(world, world.org_a, "warning", date(2024, 3, 1))

        assert public(world.org_a, date(2024, 3, 1)) == NOT_LISTED  # the first left after six months
        assert public(world.org_a, date(2024, 3, 2)) == {"abnormal": ["ABN-5"], "serious": ["SER-5"]}

    def test_a_second_warning_one_day_later_does_not(self, world):
        penalty(world, world.org_a, "warning", date(2021, 3, 1))
        penalty(world, world.org_a, "warning", date(2024, 3, 2))

        assert public(world.org_a, date(2024, 3, 2)) == NOT_LISTED
        assert public(world.org_a, date(2024, 3, 3)) == abnormal("ABN-5")


class TestPeriods:
    def test_escalation_after_two_full_years_on_the_abnormal_list(self, world):
        reports_services.sweep_overdue(as_of=date(2023, 6, 1), year=2022)  # listed 2023-06-01
        assert public(world.org_a, date(2023, 6, 1)) == abnormal("ABN-1")

        assert public(world.org_a, date(2025, 5, 31)) == abnormal("ABN-1")  # day before the two-year mark
        assert public(world.org_a, date(2025, 6, 1)) == abnormal("ABN-1")  # the mark: two years complete today
        assert public(world.org_a, date(2025, 6, 2)) == serious("SER-1")  # the day after
        moved = ListEntry.objects.get(organization=world.org_a, list_kind="abnormal")
        assert (moved.end_on, moved.exit_rule) == (date(2025, 6, 2), "ABN-X-ESCALATED")

    def test_removal_six_full_months_after_listing(self, world):
        penalty(world, world.org_a, "warning", date(2024, 3, 1))  # listed 2024-03-02

        assert public(world.org_a, date(2024, 9, 1)) == abnormal("ABN-5")
        assert public(world.org_a, date(2024, 9, 2)) == abnormal("ABN-5")  # six months complete today
        assert public(world.org_a, date(2024, 9, 3)) == NOT_LISTED
        entry = ListEntry.objects.get(organization=world.org_a)
        assert (entry.start_on, entry.end_on, entry.exit_rule) == (date(2024, 3, 2), date(2024, 9, 3), "ABN-X-6M")
        history = api_as(None).get(f"/api/v1/organizations/{world.org_a.code}/credit/",
                                   {"as_of": "2024-09-03"}).json()["history"]
        assert history[0]["exit_rule"] == "ABN-X-6M" and history[0]["removed_on"] == "2024-09-03"

    def test_revocation_lists_the_day_after_and_deregistration_ends_it_the_day_it_takes_effect(self, world):
        revoked, deregistered = date(2024, 4, 1), date(2024, 10, 8)
        record_event(world.admin, world.org_a, kind="revocation", effective_on=revoked, reason="成立后一年未开展活动",
                     decision_number="东民撤字〔2024〕1号")
        assert public(world.org_a, revoked - ONE) == NOT_LISTED
        assert public(world.org_a, revoked) == NOT_LISTED
        assert public(world.org_a, revoked + ONE) == serious("SER-7")

        record_event(world.admin, world.org_a, kind="deregistration", effective_on=deregistered, reason="清算完毕")
        assert public(world.org_a, deregistered - ONE) == serious("SER-7")
        assert public(world.org_a, deregistered) == NOT_LISTED  # the organization no longer exists
        assert public(world.org_a, deregistered + ONE) == NOT_LISTED
        entry = ListEntry.objects.get(organization=world.org_a)
        assert (entry.start_on, entry.end_on, entry.exit_rule) == (revoked + ONE, deregistered, "SER-X-DEREG")


class TestLocalNoticePeriod:
    """CREDIT_NOTICE_DAYS is read for each organization's own registering authority, by the sweep and by the live
    derivation alike."""

    def test_a_jurisdiction_with_ten_days_notice_lists_ten_days_after_the_notice(self, world):
        JurisdictionSetting.objects.create(division_id="110101", key="CREDIT_NOTICE_DAYS", value=10,
                                           effective_from=date(2020, 1, 1), reason="本地事先告知十日")
        decided = date(2024, 3, 1)
        penalty(world, world.org_a, "warning", decided)  # Dongcheng (110101): ten days' notice
        penalty(world, world.org_b, "warning", decided)  # Xicheng (110102): the national default

        assert public(world.org_b, decided + ONE) == abnormal("ABN-5")
        assert public(world.org_a, decided + ONE) == NOT_LISTED
        assert public(world.org_a, decided + timedelta(days=9)) == NOT_LISTED
        assert public(world.org_a, decided + timedelta(days=10)) == abnormal("ABN-5")
        settings_a = " ".join(ListEntry.objects.get(organization=world.org_a).settings_cited)
        settings_b = " ".join(ListEntry.objects.get(organization=world.org_b).settings_cited)
        assert "CREDIT_NOTICE_DAYS = 10 (110101 设定" in settings_a
        assert "CREDIT_NOTICE_DAYS = 0 (默认值" in settings_b
