"""Recognition and qualification through the web pages: the organization's page explains eligibility, the
application form carries the Order 74 Art. 5 checklist, officers decide, extend and revoke, the public lists and
announcements show the result."""

import pytest
from django.test import Client
from django.urls import reverse

from charity.models import CharityApplication, Grant

from .helpers import recognize, state, submit_reports

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def reported(world):
    submit_reports(world.user_a, world.org_a, (2023, 2024, 2025))
    return world


def test_the_organization_page_explains_each_check(world):
    page = client_for(world.user_a).get(reverse("charity:organization", kwargs={"code": world.org_a.code}))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-code="CH-SPENDING"' in body and 'data-code="CH-RECOGNIZED"' in body
    assert "慈善组织认定" in body and "公开募捐资格" in body


def test_apply_for_recognition_through_the_form(reported):
    world = reported
    url = reverse("charity:apply", kwargs={"code": world.org_a.code}) + "?kind=recognition"
    client = client_for(world.user_a)
    assert client.get(url).status_code == 200
    before = state()
    bad = client.post(url, {"kind": "recognition", "resolution_on": "2026-13-01", "resolution_ref": ""})
    assert bad.status_code == 400 and 'data-code="DATE-FORMAT"' in bad.content.decode()
    assert state() == before
    done = client.post(url, {"kind": "recognition", "resolution_on": "2026-01-10", "resolution_ref": "理事会决议"})
    app = CharityApplication.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("charity:application", kwargs={"pk": app.pk})
    page = client.get(done["Location"]).content.decode()
    assert "审查中" in page and app.decision_due.isoformat() in page
    assert client_for(world.supervisor).post(url, {"kind": "recognition", "resolution_on": "2026-01-10",
                                                   "resolution_ref": "x"}).status_code == 403


def test_the_qualification_form_shows_a_missing_governance_item_next_to_it(reported):
    world = reported
    recognize(world)
    url = reverse("charity:apply", kwargs={"code": world.org_a.code}) + "?kind=qualification"
    client = client_for(world.user_a)
    form = client.get(url).content.decode()
    assert 'id="gov-GOV-2F"' in form and 'id="gov-GOV-3P"' not in form
    data = {"kind": "qualification", "resolution_on": "2026-01-10", "resolution_ref": "理事会决议"}
    from charity.rules import governance_items_for

    for item in governance_items_for("county"):
        data[f"gov_{item.id}_met"] = "on"
        data[f"gov_{item.id}_evidence"] = f"{item.id}.pdf"
    missing = dict(data, **{"gov_GOV-2F_evidence": ""})
    response = client.post(url, missing)
    assert response.status_code == 400 and 'data-code="GOV-2F"' in response.content.decode()
    assert not CharityApplication.objects.filter(kind="qualification").exists()
    assert client.post(url, data).status_code == 302
    assert CharityApplication.objects.filter(kind="qualification", state="submitted").exists()


def test_officer_decides_extends_and_revokes_through_the_pages(reported):
    world = reported
    client_for(world.user_a).post(reverse("charity:apply", kwargs={"code": world.org_a.code}),
                                  {"kind": "recognition", "resolution_on": "2026-01-10", "resolution_ref": "决议"})
    app = CharityApplication.objects.get()
    officer = client_for(world.county_a)
    extend = reverse("charity:extend", kwargs={"pk": app.pk})
    too_long = officer.post(extend, {"days": "61", "approval_ref": "民函", "reason": "核查"})
    assert too_long.status_code == 400 and 'data-code="CH-EXTEND-MAX"' in too_long.content.decode()
    assert officer.post(extend, {"days": "10", "approval_ref": "民函〔2026〕1号", "reason": "核查"}).status_code == 302
    decide = reverse("charity:decide", kwargs={"pk": app.pk})
    assert client_for(world.user_a).get(decide).status_code == 403
    no_rule = officer.post(decide, {"outcome": "refuse", "reason": "不符合"})
    assert no_rule.status_code == 400 and 'data-code="CH-REFUSE-RULE"' in no_rule.content.decode()
    assert officer.post(decide, {"outcome": "grant"}).status_code == 302
    grant = Grant.objects.get()
    public = Client().get(reverse("charity:public_list")).content.decode()
    assert grant.certificate_number in public and world.org_a.name in public
    assert world.org_a.name in Client().get(reverse("charity:announcements")).content.decode()
    revoke = reverse("charity:revoke", kwargs={"pk": grant.pk})
    empty = officer.post(revoke, {"reason": "", "legal_basis": "", "decision_number": ""})
    assert empty.status_code == 400
    assert officer.post(revoke, {"reason": "违法", "legal_basis": "慈善法第一百零九条",
                                 "decision_number": "东民〔2026〕3号"}).status_code == 302
    assert "已撤销" in Client().get(reverse("charity:public_list")).content.decode()
    workbench = officer.get(reverse("charity:workbench"))
    assert workbench.status_code == 200
