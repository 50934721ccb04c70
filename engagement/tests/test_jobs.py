"""Graduate jobs through the HTTP API: postings only from registered, active, unlisted organizations; applications
with a validated, encrypted, masked ID number, private to the applicant, the posting organization and the officers
over it; outcomes in order and within the posts; duty targets by organization type; counts per organization and
jurisdiction."""

from datetime import timedelta

import pytest
from django.urls import reverse

from common.clock import today
from conftest import api_as, assert_error, org_row
from engagement.models import JobApplication

from .helpers import VALID_ID, deregister, engagement_state, id_number, list_abnormal, post

pytestmark = pytest.mark.django_db


def posting_data(org, **over):
    data = {"organization": org.code, "title": "项目助理", "positions": 2, "division": "110101",
            "requirements": "2026届高校毕业生", "closes_on": (today() + timedelta(days=30)).isoformat()}
    data.update(over)
    return data


def make_posting(world, user=None, org=None, **over):
    org = org or world.org_a
    response = post(user or world.user_a, "api-engagement-postings", posting_data(org, **over))
    assert response.status_code == 201, response.content
    return response.json()


def apply(posting_id, n=1, **over):
    data = {"name": f"毕业生{n}", "id_number": id_number(n), "phone": "13912345678", "school": "北京大学",
            "graduation_year": 2026, **over}
    return api_as(None).post(reverse("api-engagement-posting-applications", kwargs={"pk": posting_id}), data,
                             format="json")


def test_an_organization_posts_jobs_and_the_public_sees_them(world):
    posting = make_posting(world, member_unit="某会员企业")
    listed = api_as(None).get(reverse("api-engagement-postings")).json()
    assert [(p["id"], p["organization"]["code"], p["member_unit"], p["positions"]) for p in listed] == [
        (posting["id"], world.org_a.code, "某会员企业", 2)]


@pytest.mark.parametrize("how, code", [("deregistered", "JOB-ORG-STATUS"), ("listed", "JOB-ORG-LISTED")])
def test_a_deregistered_or_listed_organization_may_not_post_and_nothing_is_written(world, how, code):
    (deregister if how == "deregistered" else list_abnormal)(world, world.org_a)
    before = engagement_state()
    response = post(world.county_a, "api-engagement-postings", posting_data(world.org_a))
    error = assert_error(response, 400, code, "organization")
    assert world.org_a.name in error["message_zh"]
    assert engagement_state() == before


def test_dates_in_the_wrong_order_and_bad_fields_are_all_named(world):
    before = engagement_state()
    response = post(world.user_a, "api-engagement-postings", posting_data(
        world.org_a, opens_on="2026-12-10", closes_on="2026-12-01", positions="0", division="999999", title=""))
    for code, field in (("JOB-PERIOD", "closes_on"), ("COUNT-MIN", "positions"), ("DIVISION-UNKNOWN", "division"),
                        ("REQUIRED", "title")):
        assert_error(response, 400, code, field)
    assert engagement_state() == before


def test_an_organization_may_not_post_for_another(world):
    response = post(world.user_b, "api-engagement-postings", posting_data(world.org_a))
    assert response.status_code == 404


def test_a_graduate_applies_and_the_id_number_is_encrypted_and_masked(world):
    posting = make_posting(world)
    response = apply(posting["id"], 7)
    assert response.status_code == 201, response.content
    body = response.json()
    number = id_number(7)
    assert body["id_number"] == number[:6] + "********" + number[-4:] and body["phone"] == "139****5678"
    row = JobApplication.objects.get()
    assert number not in (row.id_number_encrypted, row.id_number_masked) and row.id_number_hash != number
    # the applicant reads it back with the reference and the ID number; a wrong number confirms nothing
    mine = api_as(None).post(reverse("api-engagement-application-status"),
                             {"reference": body["reference"], "id_number": number}, format="json")
    assert mine.status_code == 200 and mine.json()["reference"] == body["reference"]
    wrong = api_as(None).post(reverse("api-engagement-application-status"),
                              {"reference": body["reference"], "id_number": VALID_ID}, format="json")
    assert_error(wrong, 404, "JOB-NOT-FOUND")


def test_applications_are_private_to_the_posting_organization_and_its_officers(world):
    posting = make_posting(world)
    apply(posting["id"], 1)
    url = reverse("api-engagement-posting-applications", kwargs={"pk": posting["id"]})
    seen = {who: api_as(getattr(world, who) if who != "anonymous" else None).get(url).status_code
            for who in ("anonymous", "user_a", "county_a", "county_b", "user_b", "supervisor")}
    assert seen == {"anonymous": 401, "user_a": 200, "county_a": 200, "county_b": 404, "user_b": 404,
                    "supervisor": 403}
    public = api_as(None).get(reverse("api-engagement-posting", kwargs={"pk": posting["id"]})).content.decode()
    assert "毕业生1" not in public and id_number(1)[-4:] not in public


@pytest.mark.parametrize("bad, code", [({"id_number": "110101200101010011"}, "JOB-ID"),
                                       ({"id_number": ""}, "REQUIRED"), ({"school": ""}, "REQUIRED")])
def test_a_bad_application_is_refused_and_nothing_is_written(world, bad, code):
    posting = make_posting(world)
    before = engagement_state()
    assert_error(apply(posting["id"], 2, **bad), 400, code)
    assert engagement_state() == before


def test_an_application_to_a_closed_posting_is_refused(world):
    posting = make_posting(world, opens_on=(today() - timedelta(days=20)).isoformat(),
                           closes_on=(today() - timedelta(days=1)).isoformat())
    before = engagement_state()
    error = assert_error(apply(posting["id"], 3), 400, "JOB-CLOSED", "posting")
    assert "项目助理" in error["message_zh"]
    assert engagement_state() == before


def test_the_same_person_applies_once(world):
    posting = make_posting(world)
    assert apply(posting["id"], 4).status_code == 201
    assert_error(apply(posting["id"], 4), 400, "JOB-DUPLICATE", "id_number")


def outcome(user, application_id, outcome_value, on=None):
    data = {"outcome": outcome_value, **({"on": on} if on else {})}
    return post(user, "api-engagement-application-outcomes", data, pk=application_id)


def test_outcomes_in_order_and_no_more_hires_than_posts(world):
    posting = make_posting(world, positions=1)
    first, second = (apply(posting["id"], n).json()["id"] for n in (5, 6))
    assert outcome(world.user_a, first, "interviewed").status_code == 201
    assert outcome(world.user_a, first, "hired").status_code == 201
    assert_error(outcome(world.user_a, first, "declined"), 400, "JOB-OUTCOME-ORDER", "outcome")
    assert_error(outcome(world.county_a, second, "hired"), 400, "JOB-FULL", "outcome")
    assert_error(outcome(world.user_a, second, "interviewed", on="2020-01-01"), 400, "JOB-OUTCOME-DATE", "on")
    assert outcome(world.supervisor, second, "declined").status_code == 403
    assert outcome(world.county_b, second, "declined").status_code == 404
    counts = api_as(None).get(reverse("api-engagement-job-counts")).json()
    assert counts["organizations"] == [{"code": world.org_a.code, "name": world.org_a.name, "posts": 1,
                                        "applications": 2, "hired": 1}]
    assert [(j["code"], j["posts"], j["hired"]) for j in counts["jurisdictions"]] == [("110101", 1, 1)]


def test_duty_targets_by_organization_type_count_who_met_them(world):
    from registry.services import register_organization

    extra = register_organization(world.admin, org_row("110102", 11))
    make_posting(world, positions=3)  # org_a (Dongcheng) offers 3
    make_posting(world, user=world.county_b, org=extra, positions=1)  # a Xicheng group offers 1
    response = post(world.province, "api-engagement-duty-targets", {
        "division": "110000", "year": today().year, "org_type": "social_group", "posts_per_organization": 2,
        "document_number": "京民社发〔2026〕1号"})
    assert response.status_code == 201, response.content
    refused = post(world.county_a, "api-engagement-duty-targets", {
        "division": "110000", "year": today().year, "org_type": "social_group", "posts_per_organization": 2,
        "document_number": "x"})
    assert_error(refused, 403, "JURISDICTION")
    rows = api_as(None).get(reverse("api-engagement-duty-targets")).json()
    # social groups of Beijing: org_a, org_b, org_city and the extra one; only org_a offered 2 or more
    assert [(r["division"], r["organizations"], r["met"], r["posts_offered"]) for r in rows] == [("110000", 4, 1, 4)]
