"""Administrative penalties: recorded by officers within the jurisdiction, public, never dated in the future;
revocation and certificate cancellation also write the registration event and end the registration."""

from datetime import date, timedelta

from django.utils import timezone

from conftest import PASSWORD, api_as, grown
from registry.models import RegistrationEvent, Status
from supervision.models import Penalty
from supervision.penalties import queries as penalties_queries
from supervision.tests.reports_helpers import assert_problem, media_in_tmp, state  # noqa: F401

URL = "/api/v1/penalties/"


def penalty(org, **overrides) -> dict:
    data = {"organization": org.code, "penalty": "warning", "decision_number": "东民罚〔2024〕3号",
            "decided_on": "2024-03-15", "legal_basis": "《社会团体登记管理条例》第三十条",
            "facts": "未按规定办理变更登记"}
    data.update(overrides)
    return data


def post(user, data):
    return api_as(user).post(URL, data, format="json")


class TestRecord:
    def test_it_works(self, world):
        before = state()

        response = post(world.county_a, penalty(world.org_a, penalty="fine", amount="30000"))

        assert response.status_code == 201, response.content
        row = Penalty.objects.get(pk=response.json()["id"])
        assert (row.kind, str(row.amount), row.decided_on) == ("fine", "30000.00", date(2024, 3, 15))
        assert row.department_kind == "civil_affairs" and row.department_name == world.org_a.authority.authority_name
        assert row.registration_event is None and row.recorded_by == world.county_a
        assert (grown(before, state())[4], grown(before, state())[-1]) == (1, 1)

    def test_each_kind_is_recorded_with_what_it_needs_and_shown_on_the_public_page(self, client, world):
        kinds = [("warning", {}), ("confiscation", {"amount": "1234.50"}),
                 ("suspension", {"suspended_from": "2024-03-20", "suspended_to": "2024-06-19"})]
        for number, (kind, extra) in enumerate(kinds):
            response = post(world.county_a, penalty(world.org_a, penalty=kind, decision_number=f"东民罚〔2024〕{number}号",
                                                    **extra))
            assert response.status_code == 201, response.content
            assert response.json()["penalty"] == kind

        suspension = Penalty.objects.get(kind="suspension")
        assert (suspension.suspended_from, suspension.suspended_to) == (date(2024, 3, 20), date(2024, 6, 19))
        assert str(Penalty.objects.get(kind="confiscation").amount) == "1234.50"
        html = client.get(f"/org/{world.org_a.uscc}/").content.decode()
        assert "1234.50" in html and "2024-03-20 – 2024-06-19" in html and "东民罚〔2024〕0号" in html

    def test_a_penalty_by_another_department_names_it(self, world):
        response = post(world.county_a, penalty(world.org_a, department_kind="other",
                                                department_name="北京市东城区市场监督管理局"))

        assert response.status_code == 201
        assert response.json()["department_name"] == "北京市东城区市场监督管理局"

    def test_a_penalty_dated_in_the_future_is_refused(self, world):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        before = state()

        response = post(world.county_a, penalty(world.org_a, decided_on=tomorrow))

        assert_problem(response, "PENALTY-DATE-FUTURE", "decided_on", 400)
        assert state() == before

    def test_a_fine_without_amount_a_negative_amount_and_a_backwards_suspension_are_refused(self, world):
        before = state()

        fine = post(world.county_a, penalty(world.org_a, penalty="fine"))
        negative = post(world.county_a, penalty(world.org_a, penalty="confiscation", amount="-1"))
        suspension = post(world.county_a, penalty(world.org_a, penalty="suspension", suspended_from="2024-04-01",
                                                  suspended_to="2024-03-20"))

        assert_problem(fine, "PENALTY-AMOUNT-REQUIRED", "amount", 400)
        assert_problem(negative, "MONEY-NEGATIVE", "amount", 400)
        assert_problem(suspension, "PENALTY-PERIOD-ORDER", "suspended_to", 400)
        assert state() == before

    def test_every_missing_field_is_named_at_once(self, world):
        response = post(world.county_a, {"organization": world.org_a.code, "penalty": "warning"})

        assert response.status_code == 400
        assert {(e["code"], e["field"]) for e in response.json()["errors"]} == {
            ("REQUIRED", "decision_number"), ("REQUIRED", "decided_on"), ("REQUIRED", "legal_basis"),
            ("REQUIRED", "facts")}

    def test_an_unknown_penalty_is_refused(self, world):
        assert_problem(post(world.county_a, penalty(world.org_a, penalty="banishment")), "INVALID-CHOICE",
                       "penalty", 400)

    def test_officers_of_another_county_get_404_and_organization_users_403(self, world):
        before = state()

        other = post(world.county_b, penalty(world.org_a))
        own = post(world.user_a, penalty(world.org_a))
        anonymous = post(None, penalty(world.org_a))

        assert_problem(other, "NOT-FOUND", None, 404)
        assert own.status_code == 403 and anonymous.status_code == 401
        assert state() == before

    def test_the_same_decision_twice_is_refused(self, world):
        assert post(world.county_a, penalty(world.org_a)).status_code == 201

        assert_problem(post(world.county_a, penalty(world.org_a)), "PENALTY-DUPLICATE", "decision_number", 400)

    def test_a_correction_supersedes_the_penalty(self, world):
        first = post(world.county_a, penalty(world.org_a, penalty="fine", amount="60000")).json()

        corrected = post(world.county_a, penalty(world.org_a, penalty="fine", amount="40000", supersedes=first["id"],
                                                 correction_reason="行政复议变更罚款数额"))

        assert corrected.status_code == 201, corrected.content
        assert Penalty.objects.get(pk=first["id"]).superseded_by.pk == corrected.json()["id"]
        assert [str(p.amount) for p in penalties_queries.penalties_as_of(world.org_a, None)] == ["40000.00"]


class TestEndOfRegistration:
    def test_revocation_writes_the_registration_event_and_changes_the_status(self, world):
        before_events = RegistrationEvent.objects.filter(organization=world.org_a).count()

        response = post(world.county_a, penalty(world.org_a, penalty="revocation", decision_number="东民撤〔2024〕1号",
                                                facts="取得登记证书后一年未开展活动"))

        assert response.status_code == 201, response.content
        world.org_a.refresh_from_db()
        event = RegistrationEvent.objects.get(pk=response.json()["registration_event"])
        assert (event.kind, event.effective_on, event.decision_number) == ("revocation", date(2024, 3, 15),
                                                                            "东民撤〔2024〕1号")
        assert world.org_a.status == Status.REVOKED and world.org_a.status_since == date(2024, 3, 15)
        assert RegistrationEvent.objects.filter(organization=world.org_a).count() == before_events + 1

    def test_certificate_cancellation_writes_its_own_event(self, world):
        response = post(world.county_b, penalty(world.org_b, penalty="certificate_cancellation"))

        world.org_b.refresh_from_db()
        assert response.status_code == 201
        assert world.org_b.status == Status.CERTIFICATE_CANCELLED

    def test_another_department_cannot_revoke_and_nothing_changes(self, world):
        before = state()

        response = post(world.county_a, penalty(world.org_a, penalty="revocation", department_kind="other",
                                                department_name="某局"))

        assert_problem(response, "PENALTY-REGISTRATION-BY-AUTHORITY", "department_kind", 400)
        world.org_a.refresh_from_db()
        assert world.org_a.status == Status.ACTIVE and state() == before

    def test_a_register_refusal_rolls_everything_back(self, world):
        assert post(world.county_a, penalty(world.org_a, penalty="revocation")).status_code == 201
        before = (state(), RegistrationEvent.objects.count())

        again = post(world.county_a, penalty(world.org_a, penalty="certificate_cancellation",
                                             decision_number="东民吊〔2024〕9号", decided_on="2024-05-01"))

        assert_problem(again, "REG-DATE-AFTER-END", "decided_on", 400)
        assert (state(), RegistrationEvent.objects.count()) == before


class TestPublic:
    def test_anyone_reads_penalties_and_a_signed_in_user_only_the_scope(self, world):
        post(world.county_a, penalty(world.org_a))
        post(world.county_b, penalty(world.org_b))

        public = api_as(None).get(URL).json()["results"]
        county = api_as(world.county_a).get(URL).json()["results"]

        assert {row["organization"] for row in public} == {world.org_a.code, world.org_b.code}
        assert {row["organization"] for row in county} == {world.org_a.code}
        assert public[0]["legal_basis"] and "recorded_by" not in public[0]

    def test_an_officer_of_another_county_gets_404_for_the_detail(self, world):
        pk = post(world.county_a, penalty(world.org_a)).json()["id"]

        assert api_as(None).get(f"{URL}{pk}/").status_code == 200
        assert api_as(world.county_b).get(f"{URL}{pk}/").status_code == 404


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


class TestWeb:
    def test_the_officer_records_a_penalty_on_the_web(self, client, world):
        login(client, world.county_a)
        url = f"/supervision/organizations/{world.org_a.code}/penalties/new/"
        assert client.get(url).status_code == 200

        response = client.post(url, {"penalty": "warning", "decision_number": "东民罚〔2024〕5号",
                                     "decided_on": "2024-06-01", "department_kind": "civil_affairs",
                                     "legal_basis": "条例第三十条", "facts": "事实"})

        row = Penalty.objects.get(organization=world.org_a)
        assert response.status_code == 302 and response["Location"] == f"/supervision/penalties/{row.pk}/"
        assert world.org_a.name in client.get("/supervision/penalties/").content.decode()

    def test_a_refusal_is_shown_and_nothing_is_saved(self, client, world):
        login(client, world.county_a)
        before = state()

        response = client.post(f"/supervision/organizations/{world.org_a.code}/penalties/new/", {
            "penalty": "fine", "decision_number": "x", "decided_on": "2024-06-01", "department_kind": "civil_affairs",
            "legal_basis": "y", "facts": "z"})

        assert response.status_code == 400 and 'data-code="PENALTY-AMOUNT-REQUIRED"' in response.content.decode()
        assert state() == before

    def test_a_penalty_dated_in_the_future_is_refused_on_the_web(self, client, world):
        login(client, world.county_a)
        before = state()
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

        response = client.post(f"/supervision/organizations/{world.org_a.code}/penalties/new/", {
            "penalty": "warning", "decision_number": "x", "decided_on": tomorrow, "department_kind": "civil_affairs",
            "legal_basis": "y", "facts": "z"})

        html = response.content.decode()
        assert response.status_code == 400 and 'data-code="PENALTY-DATE-FUTURE"' in html and tomorrow in html
        assert state() == before

    def test_the_other_county_gets_404_on_the_web(self, client, world):
        login(client, world.county_b)
        assert client.get(f"/supervision/organizations/{world.org_a.code}/penalties/new/").status_code == 404
