"""Leadership terms 换届: the term in force, renewals that write the leadership_change registration event, the
departure audit required before a change of legal representative, postponements and the overdue list."""

import re
from datetime import date, timedelta

from django.utils import timezone

from conftest import PASSWORD, api_as, grown, org_row
from divisions.models import JurisdictionSetting
from registry.models import RegistrationEvent
from registry.services import register_organization
from supervision.leadership import queries as leadership_queries
from supervision.leadership import services as leadership_services
from supervision.models import LeadershipTerm, TermPostponement
from supervision.tests.reports_helpers import assert_problem, media_in_tmp, state  # noqa: F401

TERMS = "/api/v1/leadership-terms/"
AUDITS = "/api/v1/departure-audits/"
BOARD = ["张三", "李四", "王五"]


def post(user, url, data):
    return api_as(user).post(url, data, format="json")


def initial(world, org, started_on="2019-06-01", **overrides):
    return leadership_services.file_term(world.admin, org, {"filing": "initial", "started_on": started_on,
                                                 "legal_rep_name": org.legal_rep_name, "board_members": BOARD,
                                                 **overrides})


def renewal(org, **overrides):
    return {"organization": org.code, "filing": "renewal", "started_on": "2024-06-01", "legal_rep_name": "赵新",
            "board_members": ["赵新", *BOARD], "decision_number": "换届备案〔2024〕2号", **overrides}


class TestTerms:
    def test_the_term_in_force_is_recorded_with_the_charter_length(self, world):
        before = state()

        response = post(world.county_a, TERMS, {"organization": world.org_a.code, "filing": "initial",
                                                "started_on": "2019-06-01", "legal_rep_name": world.org_a.legal_rep_name,
                                                "board_members": BOARD, "term_years": 4})

        assert response.status_code == 201, response.content
        term = LeadershipTerm.objects.get(organization=world.org_a)
        assert term.ends_on == date(2023, 6, 1) and term.board_members == BOARD
        assert term.registration_event is None  # a first record registers nothing new
        assert (grown(before, state())[5], grown(before, state())[-1]) == (1, 1)

    def test_the_default_length_is_the_setting(self, world):
        term = initial(world, world.org_a)
        assert term.term_years == 5 and term.ends_on == date(2024, 6, 1)
        assert "LEADERSHIP_TERM_YEARS" in term.setting_explanation

    def test_a_term_longer_than_the_maximum_or_without_a_board_is_refused(self, world):
        before = state()

        response = post(world.county_a, TERMS, {"organization": world.org_a.code, "filing": "initial",
                                                "started_on": "2019-06-01", "legal_rep_name": world.org_a.legal_rep_name,
                                                "term_years": 6})

        assert_problem(response, "LEAD-TERM-LENGTH", "term_years", 400)
        assert_problem(response, "LEAD-BOARD-REQUIRED", "board_members")
        assert state() == before

    def test_a_first_record_must_name_the_registered_legal_representative(self, world):
        response = post(world.county_a, TERMS, {"organization": world.org_a.code, "filing": "initial",
                                                "started_on": "2019-06-01", "legal_rep_name": "别人",
                                                "board_members": BOARD})

        assert_problem(response, "LEAD-REP-MISMATCH", "legal_rep_name", 400)

    def test_a_foundation_board_has_five_to_twenty_five_directors(self, world):
        foundation = register_organization(world.admin, org_row("110000", 95, org_type="foundation",
                                                                registered_funds="8000000"))

        response = post(world.province, TERMS, {"organization": foundation.code, "filing": "initial",
                                                "started_on": "2019-06-01", "legal_rep_name": foundation.legal_rep_name,
                                                "board_members": BOARD})

        assert_problem(response, "LEAD-BOARD-SIZE", "board_members", 400)


class TestChangeOfLegalRepresentative:
    def test_a_change_without_the_departure_audit_is_refused_and_nothing_changes(self, world):
        initial(world, world.org_a)
        before = (state(), RegistrationEvent.objects.count(), world.org_a.legal_rep_name)

        response = post(world.county_a, TERMS, renewal(world.org_a))

        problem = assert_problem(response, "LEAD-AUDIT-REQUIRED", "departure_audit", 400)
        assert world.org_a.legal_rep_name in problem["message_zh"]
        assert "LEADERSHIP_AUDIT_BEFORE[social_group]" in problem["message_en"]
        world.org_a.refresh_from_db()
        assert (state(), RegistrationEvent.objects.count(), world.org_a.legal_rep_name) == before

    def test_an_audit_of_someone_else_or_after_the_new_term_does_not_count(self, world):
        initial(world, world.org_a)
        post(world.county_a, AUDITS, {"organization": world.org_a.code, "person_name": "别人",
                                      "audited_on": "2024-05-01", "auditor": "某会计师事务所"})
        post(world.county_a, AUDITS, {"organization": world.org_a.code, "audited_on": "2024-06-02",
                                      "auditor": "某会计师事务所"})

        assert_problem(post(world.county_a, TERMS, renewal(world.org_a)), "LEAD-AUDIT-REQUIRED", "departure_audit",
                       400)

    def test_with_the_audit_the_renewal_writes_the_leadership_change_event(self, world):
        initial(world, world.org_a)
        outgoing = world.org_a.legal_rep_name
        audit = post(world.county_a, AUDITS, {"organization": world.org_a.code, "audited_on": "2024-05-20",
                                              "auditor": "北京某会计师事务所", "report_number": "审字〔2024〕88号"})
        assert audit.status_code == 201 and audit.json()["person_name"] == outgoing

        response = post(world.county_a, TERMS, renewal(world.org_a, legal_rep_id="110101199003074477"))

        assert response.status_code == 201, response.content
        world.org_a.refresh_from_db()
        event = RegistrationEvent.objects.get(pk=response.json()["registration_event"])
        assert event.kind == "leadership_change" and event.effective_on == date(2024, 6, 1)
        assert event.changes["legal_rep_name"] == "赵新" and "legal_rep_id_hash" in event.changes
        assert world.org_a.legal_rep_name == "赵新"
        assert response.json()["departure_audit"] == audit.json()["id"]
        assert LeadershipTerm.objects.current().get(organization=world.org_a).pk == response.json()["id"]

    def test_a_social_service_agency_renews_without_an_audit_when_the_legal_representative_stays(self, world):
        agency = register_organization(world.admin, org_row("110101", 96, org_type="social_service_agency"))
        initial(world, agency)

        response = post(world.county_a, TERMS, renewal(agency, legal_rep_name=agency.legal_rep_name))

        assert response.status_code == 201, response.content
        event = RegistrationEvent.objects.get(pk=response.json()["registration_event"])
        assert event.kind == "leadership_change" and event.changes == {}

    def test_a_jurisdiction_may_relax_the_audit_rule(self, world):
        JurisdictionSetting.objects.create(division_id="110101", key="LEADERSHIP_AUDIT_BEFORE",
                                           effective_from=date(2000, 1, 1), value={"social_group": "never"})
        initial(world, world.org_a)

        assert post(world.county_a, TERMS, renewal(world.org_a)).status_code == 201

    def test_officers_of_another_county_get_404(self, world):
        initial(world, world.org_a)
        before = state()

        response = post(world.county_b, TERMS, renewal(world.org_a))

        assert_problem(response, "NOT-FOUND", None, 404)
        assert post(world.county_b, AUDITS, {"organization": world.org_a.code, "audited_on": "2024-05-01",
                                             "auditor": "x"}).status_code == 404
        assert state() == before


class TestOverdue:
    def test_a_term_past_its_renewal_date_is_listed_until_renewed(self, world):
        initial(world, world.org_a, started_on="2015-06-01")  # due 2020-06-01
        initial(world, world.org_b, started_on=(timezone.localdate() - timedelta(days=30)).isoformat())

        overdue = api_as(world.province).get(f"{TERMS}overdue/")

        assert overdue.status_code == 200
        assert [row["organization"] for row in overdue.json()] == [world.org_a.code]
        assert overdue.json()[0]["due_on"] == "2020-06-01"
        assert api_as(world.county_b).get(f"{TERMS}overdue/").json() == []
        assert api_as(world.user_a).get(f"{TERMS}overdue/").status_code == 403

    def test_an_approved_postponement_moves_the_due_date_by_at_most_the_setting(self, world):
        term = initial(world, world.org_a, started_on="2020-03-01")  # due 2025-03-01
        url = f"{TERMS}{term.pk}/postponements/"
        before = state()

        too_long = post(world.county_a, url, {"postponed_to": "2026-03-02", "approved_on": "2025-02-01",
                                              "reason": "疫情"})
        assert_problem(too_long, "LEAD-POSTPONE-TOO-LONG", "postponed_to", 400)
        assert state() == before

        ok = post(world.county_a, url, {"postponed_to": "2026-03-01", "approved_on": "2025-02-01",
                                        "reason": "疫情影响无法召开会员大会"})
        assert ok.status_code == 201, ok.content
        assert TermPostponement.objects.get(term=term).postponed_to == date(2026, 3, 1)
        assert not leadership_queries.overdue_terms(world.county_a, date(2025, 12, 1)).exists()
        assert leadership_queries.overdue_terms(world.county_a, date(2026, 3, 2)).get().pk == term.pk


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


class TestChangeRecordedInTheRegister:
    """The same rule holds when the change of legal representative is recorded as a registration event, not as a
    leadership filing: the register asks supervision (registry.services.event_checks)."""

    def events(self, org):
        return f"/api/v1/organizations/{org.code}/events/"

    def test_the_events_api_refuses_a_new_legal_representative_without_the_departure_audit(self, world):
        before = (state(), RegistrationEvent.objects.count(), world.org_a.legal_rep_name)
        change = {"kind": "change", "effective_on": "2024-06-01", "changes": {"legal_rep_name": "赵新"}}

        response = post(world.county_a, self.events(world.org_a), change)

        problem = assert_problem(response, "LEAD-AUDIT-REQUIRED", "changes.legal_rep_name", 400)
        assert world.org_a.legal_rep_name in problem["message_zh"] and "离任审计" in problem["message_zh"]
        assert "LEADERSHIP_AUDIT_BEFORE[social_group]" in problem["message_en"]
        world.org_a.refresh_from_db()
        assert (state(), RegistrationEvent.objects.count(), world.org_a.legal_rep_name) == before

        assert post(world.county_a, AUDITS, {"organization": world.org_a.code, "audited_on": "2024-05-20",
                                             "auditor": "北京某会计师事务所"}).status_code == 201
        assert post(world.county_a, self.events(world.org_a), change).status_code == 201
        world.org_a.refresh_from_db()
        assert world.org_a.legal_rep_name == "赵新"

    def test_an_audit_before_the_outgoing_representative_took_office_does_not_count(self, world):
        leadership_services.record_departure_audit(world.admin, world.org_a, {"audited_on": "2019-01-10", "auditor": "甲所"})
        outgoing = world.org_a.legal_rep_name
        leadership_services.record_departure_audit(world.admin, world.org_a, {"audited_on": "2020-01-10", "auditor": "甲所"})
        post(world.county_a, self.events(world.org_a), {"kind": "leadership_change", "effective_on": "2020-02-01",
                                                        "reason": "换届", "changes": {"legal_rep_name": "钱一"}})
        world.org_a.refresh_from_db()
        assert world.org_a.legal_rep_name == "钱一" != outgoing
        leadership_services.record_departure_audit(world.admin, world.org_a, {"person_name": "钱一", "audited_on": "2020-01-20",
                                                                   "auditor": "甲所"})  # before 钱一 took office

        response = post(world.county_a, self.events(world.org_a), {
            "kind": "leadership_change", "effective_on": "2024-06-01", "reason": "换届",
            "changes": {"legal_rep_name": outgoing}})

        problem = assert_problem(response, "LEAD-AUDIT-REQUIRED", "changes.legal_rep_name", 400)
        assert "2020-02-01" in problem["message_en"]

    def test_the_staff_event_page_shows_the_refusal_next_to_the_legal_representative(self, client, world):
        login(client, world.county_a)
        before = (state(), RegistrationEvent.objects.count())

        response = client.post(f"/staff/organizations/{world.org_a.uscc}/events/new/", {
            "kind": "leadership_change", "effective_on": "2024-06-01", "reason": "换届", "legal_rep_name": "赵新"})

        field = re.search(r'id="field-legal_rep_name"(.*?)(?=id="field-|</form>)', response.content.decode(), re.S)
        assert response.status_code == 400 and "LEAD-AUDIT-REQUIRED" in field.group(1) and "离任审计" in field.group(1)
        assert (state(), RegistrationEvent.objects.count()) == before

    def test_other_changes_and_a_jurisdiction_without_the_rule_pass(self, world):
        moved = {"kind": "change", "effective_on": "2024-05-01", "changes": {"domicile": "东城区新地址1号"}}
        assert post(world.county_a, self.events(world.org_a), moved).status_code == 201  # not a new legal rep

        JurisdictionSetting.objects.create(division_id="110101", key="LEADERSHIP_AUDIT_BEFORE",
                                           effective_from=date(2000, 1, 1), value={"social_group": "never"})
        assert post(world.county_a, self.events(world.org_a), {
            "kind": "change", "effective_on": "2024-06-01", "changes": {"legal_rep_name": "赵新"}}).status_code == 201


class TestWeb:
    def test_the_officer_records_the_audit_then_files_the_change(self, client, world):
        initial(world, world.org_a)
        login(client, world.county_a)
        code = world.org_a.code
        assert client.get(f"/supervision/organizations/{code}/").status_code == 200

        refused = client.post(f"/supervision/organizations/{code}/leadership/new/", {
            "filing": "renewal", "started_on": "2024-06-01", "legal_rep_name": "赵新",
            "board_members": "赵新\n张三\n李四"})
        assert refused.status_code == 400 and 'data-code="LEAD-AUDIT-REQUIRED"' in refused.content.decode()

        audit = client.post(f"/supervision/organizations/{code}/audits/new/", {
            "person_name": world.org_a.legal_rep_name, "audited_on": "2024-05-01", "auditor": "某会计师事务所"})
        filed = client.post(f"/supervision/organizations/{code}/leadership/new/", {
            "filing": "renewal", "started_on": "2024-06-01", "legal_rep_name": "赵新",
            "board_members": "赵新\n张三\n李四"})

        assert audit.status_code == 302 and filed.status_code == 302
        world.org_a.refresh_from_db()
        assert world.org_a.legal_rep_name == "赵新"
        assert LeadershipTerm.objects.current().get(organization=world.org_a).board_members == ["赵新", "张三", "李四"]

    def test_the_overdue_page_lists_the_jurisdiction(self, client, world):
        initial(world, world.org_a, started_on="2015-06-01")
        initial(world, world.org_b, started_on="2015-06-01")
        login(client, world.county_a)

        html = client.get("/supervision/leadership/overdue/").content.decode()

        assert world.org_a.code in html and world.org_b.code not in html
