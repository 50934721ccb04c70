"""POST/GET /api/v1/organizations/{code}/credit-facts/: officers record credit facts; bad input changes nothing."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import api_as, grown
from credit.models import CreditFact, ListEntry, ListNotice, Notification
from divisions.models import JurisdictionSetting

from .helpers import assert_error, db_state


def url(org):
    return f"/api/v1/organizations/{org.code}/credit-facts/"


COURT = {"kind": "court_dishonest_debtor", "occurred_on": "2026-01-05", "known_on": "2026-01-06",
         "issuing_authority": "北京市东城区人民法院", "document_number": "(2025)京0101执123号"}


class TestRecord:
    def test_it_works_and_lists_the_organization_the_day_after_the_ground(self, world):
        before = db_state()

        response = api_as(world.county_a).post(url(world.org_a), COURT, format="json")

        assert response.status_code == 201, response.content
        assert response.json()["ref"].startswith("cf:")
        fact = CreditFact.objects.get()
        assert (fact.kind, fact.occurred_on, fact.known_on) == ("court_dishonest_debtor", date(2026, 1, 5),
                                                                 date(2026, 1, 6))
        entry = ListEntry.objects.get(organization=world.org_a)
        assert (entry.list_kind, entry.start_on, entry.rules) == ("serious", date(2026, 1, 6), "SER-6")
        assert entry.fact_refs == [fact.ref] and entry.deciding_authority_name == "北京市东城区民政局"
        assert "CREDIT_NOTICE_DAYS = 0" in " ".join(entry.settings_cited)
        assert entry.earliest_exit == date(2028, 1, 7) and "2028-01-07" in entry.exit_condition_zh
        assert "民政部令第60号" in entry.legal_basis_zh
        added = grown(before, db_state())
        assert added[0] == 1 and added[-1] > 0  # fact, entry, notice and audit events

    def test_the_organization_users_get_a_web_notification(self, world):
        api_as(world.county_a).post(url(world.org_a), COURT, format="json")

        notice = ListNotice.objects.get(organization=world.org_a)
        assert (notice.notice_on, notice.listing_on, notice.channel) == (date(2026, 1, 6), date(2026, 1, 6), "web")
        note = Notification.objects.get(organization=world.org_a)
        assert "拟于 2026-01-06" in note.text_zh and "object" in note.text_en

    def test_an_unreachable_domicile_is_announced_publicly(self, world):
        response = api_as(world.county_a).post(url(world.org_a), {
            "kind": "domicile_unreachable", "occurred_on": "2026-03-20", "known_on": "2026-03-20",
            "first_letter_on": "2026-01-05", "second_letter_on": "2026-02-10"}, format="json")

        assert response.status_code == 201, response.content
        assert ListNotice.objects.get(organization=world.org_a).channel == "announcement"
        assert ListEntry.objects.get(organization=world.org_a).rules == "ABN-6"

    def test_anyone_reads_the_facts_of_any_organization(self, world):
        api_as(world.county_a).post(url(world.org_a), COURT, format="json")
        assert [f["kind"] for f in api_as(None).get(url(world.org_a)).json()] == ["court_dishonest_debtor"]


OFFICER_KINDS = [
    ({"kind": "domicile_unreachable", "occurred_on": "2026-03-20", "first_letter_on": "2026-01-05",
      "second_letter_on": "2026-02-10"}, "ABN-6", ["2026-01-05", "2026-02-10"]),
    ({"kind": "rectification_overdue", "occurred_on": "2026-03-02", "rectification_deadline": "2026-03-01",
      "document_number": "东民整字〔2026〕3号"}, "ABN-3", ["2026-03-01", "东民整字〔2026〕3号"]),
    ({"kind": "party_org_missing", "occurred_on": "2026-03-02"}, "ABN-2", []),
    ({"kind": "fundraising_inactive", "occurred_on": "2026-03-02", "situation": "inactive",
      "last_fundraising_on": "2025-08-15"}, "ABN-4", ["2025-08-15", "CREDIT_FUNDRAISING_INACTIVE_MONTHS"]),
    ({"kind": "fundraising_inactive", "occurred_on": "2026-03-02", "situation": "unqualified"}, "ABN-4",
     ["不再符合公开募捐资格条件"]),
    ({**COURT}, "SER-6", ["(2025)京0101执123号"]),
]


@pytest.mark.parametrize("data, rule, shown", OFFICER_KINDS, ids=[f"{d['kind']}-{r}" for d, r, _ in OFFICER_KINDS])
def test_each_officer_entered_kind_lists_with_its_details_in_the_explanation(world, data, rule, shown):
    response = api_as(world.county_a).post(url(world.org_a), {"known_on": data["occurred_on"], **data},
                                           format="json")

    assert response.status_code == 201, response.content
    entry = ListEntry.objects.get(organization=world.org_a)
    assert entry.rules == rule and entry.fact_refs == [response.json()["ref"]]
    public = api_as(None).get("/api/v1/lists/" + entry.list_kind + "/").json()["results"][0]
    text = " ".join([public["why_zh"], public["why_en"], *public["settings"]])
    for words in shown:
        assert words in text, (words, text)


def test_an_honour_is_credit_information_but_lists_nothing(world):
    response = api_as(world.county_a).post(url(world.org_a), {
        "kind": "honour", "occurred_on": "2026-05-01", "issuing_authority": "北京市民政局",
        "description": "全市先进社会组织"}, format="json")
    assert response.status_code == 201, response.content
    assert not ListEntry.objects.filter(organization=world.org_a).exists()
    info = api_as(None).get(f"/api/v1/organizations/{world.org_a.code}/credit/").json()
    assert [f["kind"] for f in info["information"]["other"]] == ["honour"]
    assert "honour" in {f["key"] for f in info["evaluation"]["factors"]}


class TestBadInput:
    @pytest.mark.parametrize("data, code, field", [
        ({"occurred_on": "2010-01-01"}, "CREDIT-FACT-BEFORE-FOUNDING", "occurred_on"),
        ({"occurred_on": "2099-01-01", "known_on": ""}, "CREDIT-FACT-FUTURE", "occurred_on"),
        ({"known_on": "2099-01-01"}, "CREDIT-FACT-FUTURE", "known_on"),
        ({"known_on": "2026-01-01"}, "CREDIT-FACT-KNOWN-BEFORE", "known_on"),
        ({"occurred_on": "2026-02-30"}, "DATE-FORMAT", "occurred_on"),
    ])
    def test_bad_dates_are_refused_and_nothing_changes(self, world, data, code, field):
        before = db_state()

        response = api_as(world.county_a).post(url(world.org_a), {**COURT, **data}, format="json")

        assert_error(response, 400, code, field)
        assert db_state() == before

    def test_a_fact_dated_in_the_future_names_today(self, world):
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = api_as(world.county_a).post(url(world.org_a), {**COURT, "occurred_on": tomorrow.isoformat(),
                                                                  "known_on": ""}, format="json")
        problem = assert_error(response, 400, "CREDIT-FACT-FUTURE", "occurred_on")
        assert str(timezone.localdate()) in problem["message_zh"]

    def test_letters_must_respect_the_interval_setting(self, world):
        before = db_state()

        response = api_as(world.county_a).post(url(world.org_a), {
            "kind": "domicile_unreachable", "occurred_on": "2026-03-20", "first_letter_on": "2026-03-01",
            "second_letter_on": "2026-03-10"}, format="json")

        problem = assert_error(response, 400, "CREDIT-LETTER-INTERVAL", "second_letter_on")
        assert "CREDIT_LETTER_INTERVAL_DAYS" in problem["message_en"]
        assert db_state() == before

    def test_a_fine_needs_its_amount_and_other_situations_their_basis(self, world):
        before = db_state()
        fine = api_as(world.county_a).post(url(world.org_a), {
            "kind": "penalty", "occurred_on": "2026-01-05", "penalty_kinds": ["fine"],
            "issuing_authority": "某局"}, format="json")
        other = api_as(world.county_a).post(url(world.org_a), {"kind": "other_serious", "occurred_on": "2026-01-05"},
                                            format="json")
        assert_error(fine, 400, "CREDIT-PENALTY-FINE", "fine_amount")
        assert_error(other, 400, "REQUIRED", "legal_basis")
        assert db_state() == before

    @pytest.mark.parametrize("data, code, field", [
        ({"kind": "rectification_overdue", "occurred_on": "2026-03-01", "rectification_deadline": "2026-03-01"},
         "CREDIT-RECTIFICATION-NOT-OVERDUE", "occurred_on"),
        ({"kind": "rectification_overdue", "occurred_on": "2026-03-01"}, "REQUIRED", "rectification_deadline"),
        ({"kind": "fundraising_inactive", "occurred_on": "2026-03-01"}, "CREDIT-FUNDRAISING-SITUATION", "situation"),
        ({"kind": "fundraising_inactive", "occurred_on": "2026-03-01", "situation": "inactive",
          "last_fundraising_on": "2025-09-15"}, "CREDIT-FUNDRAISING-INACTIVE", "last_fundraising_on"),
        ({"kind": "domicile_unreachable", "occurred_on": "2026-03-20", "first_letter_on": "2026-01-05"},
         "REQUIRED", "second_letter_on"),
    ])
    def test_officer_kinds_need_their_particulars(self, world, data, code, field):
        before = db_state()
        assert_error(api_as(world.county_a).post(url(world.org_a), data, format="json"), 400, code, field)
        assert db_state() == before

    def test_the_fundraising_inactive_refusal_cites_its_setting_and_ground(self, world):
        response = api_as(world.county_a).post(url(world.org_a), {
            "kind": "fundraising_inactive", "occurred_on": "2026-03-01", "situation": "inactive",
            "last_fundraising_on": "2025-09-15"}, format="json")
        problem = assert_error(response, 400, "CREDIT-FUNDRAISING-INACTIVE", "last_fundraising_on")
        assert "CREDIT_FUNDRAISING_INACTIVE_MONTHS" in problem["message_en"] and "ABN-4" in problem["message_zh"]

    def test_procedural_kinds_cannot_be_entered_directly(self, world):
        response = api_as(world.county_a).post(url(world.org_a), {"kind": "rectification_verified",
                                                                  "occurred_on": "2026-01-05"}, format="json")
        assert_error(response, 400, "CREDIT-FACT-KIND", "kind")


class TestWhoMay:
    def test_county_officer_cannot_see_another_countys_organization(self, world):
        before = db_state()
        assert_error(api_as(world.county_a).post(url(world.org_b), COURT, format="json"), 404, "NOT-FOUND")
        assert_error(api_as(world.county_a).get(url(world.org_b)), 404, "NOT-FOUND")
        assert db_state() == before

    def test_an_organization_user_cannot_record_facts(self, world):
        before = db_state()
        assert_error(api_as(world.user_a).post(url(world.org_a), COURT, format="json"), 403, "JURISDICTION")
        assert db_state() == before

    def test_anonymous_cannot_record(self, world):
        assert api_as(None).post(url(world.org_a), COURT, format="json").status_code == 401


def test_a_fact_learnt_late_is_listed_the_day_it_is_known_never_backdated(world):
    today = timezone.localdate()
    api_as(world.county_a).post(url(world.org_a), {**COURT, "known_on": ""}, format="json")
    notice = ListNotice.objects.get(organization=world.org_a)
    assert (notice.notice_on, notice.listing_on) == (today, today)
    assert ListEntry.objects.get(organization=world.org_a).start_on == today


def test_a_jurisdiction_with_a_notice_period_notifies_first_and_lists_after_it(world):
    JurisdictionSetting.objects.create(division_id="110101", key="CREDIT_NOTICE_DAYS", value=10,
                                       effective_from=date(2020, 1, 1), reason="本地事先告知")
    today = timezone.localdate()
    api_as(world.county_a).post(url(world.org_a), {**COURT, "known_on": ""}, format="json")
    notice = ListNotice.objects.get(organization=world.org_a)
    assert (notice.notice_on, notice.listing_on) == (today, today + timedelta(days=10))
    assert not ListEntry.objects.filter(organization=world.org_a).exists()


class TestNoResponsibilityCertificate:
    """Draft Art. 12 [unconfirmed], a setting: off, the certificate is refused naming the setting; on, it ends the
    abnormal entry from the day it is known (ABN-X-EXEMPT)."""

    PARTY = {"kind": "party_org_missing", "occurred_on": "2026-03-02", "known_on": "2026-03-02"}

    def certificate(self, ref):
        return {"kind": "no_responsibility_certified", "occurred_on": "2026-05-01", "known_on": "2026-05-01",
                "supersedes_ref": ref, "issuing_authority": "北京市东城区教育委员会"}

    def test_refused_while_the_setting_is_off(self, world):
        ref = api_as(world.county_a).post(url(world.org_a), self.PARTY, format="json").json()["ref"]
        before = db_state()
        problem = assert_error(api_as(world.county_a).post(url(world.org_a), self.certificate(ref), format="json"),
                               400, "CREDIT-EXEMPTION-OFF", "kind")
        assert "CREDIT_ABN_EXEMPTION_ON_CERTIFICATE" in problem["message_zh"]
        assert db_state() == before

    def test_on_it_ends_the_entry(self, world):
        from divisions.models import JurisdictionSetting

        JurisdictionSetting.objects.create(division_id="110101", key="CREDIT_ABN_EXEMPTION_ON_CERTIFICATE", value=True,
                                           effective_from=date(2020, 1, 1))
        ref = api_as(world.county_a).post(url(world.org_a), self.PARTY, format="json").json()["ref"]
        assert_error(api_as(world.county_a).post(url(world.org_a), self.certificate("cf:999999"), format="json"),
                     400, "CREDIT-EXEMPTION-FACT", "supersedes_ref")

        response = api_as(world.county_a).post(url(world.org_a), self.certificate(ref), format="json")

        assert response.status_code == 201, response.content
        entry = ListEntry.objects.get(organization=world.org_a)
        assert (entry.end_on, entry.exit_rule, entry.exit_facts) == (date(2026, 5, 1), "ABN-X-EXEMPT",
                                                                      [response.json()["ref"]])
        assert "不负直接责任" in entry.explanation_zh
