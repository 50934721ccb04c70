"""The change feed: every public change between releases with a stable, gap-free sequence number, paged by
cursor; applying it to release N gives release N+1 exactly."""

import json
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from credit.models import ListEntry
from registry.models import OrganizationVersion
from stats.models import Release
from stats.opendata import TABLES, apply_changes, read_rows, releases_dir

from .builders import grades, listed, orgs, penalties

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _open_data(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_SIGNING_KEY = tmp_path / "key.pem"


def tables_of(release_id):
    return {t.name: read_rows(releases_dir() / release_id, t) for t in TABLES}


def feed(client, since=0, limit=1000):
    changes, url = [], f"{reverse('api-changes')}?since={since}&limit={limit}"
    while url:
        page = client.get(url).json()
        changes += page["changes"]
        url = page["next"]
    return changes


def test_applying_the_feed_to_a_release_gives_the_next_release_exactly(client):
    today = timezone.localdate()
    a = orgs(30, "110101", founded=date(2018, 1, 1))
    grades(a[:5], "4A")
    entries = listed(a[5:8], "abnormal", date(2023, 1, 1))
    call_command("open_data", "release", "--as-of", (today - timedelta(days=1)).isoformat())
    first = Release.objects.get()
    # The next day: new organizations, one deregistered, a grade, a penalty, a list exit.
    orgs(4, "110102", founded=today)
    gone = a[10]
    version = OrganizationVersion.objects.get(organization=gone)
    OrganizationVersion.objects.filter(pk=version.pk).update(valid_to=today)
    OrganizationVersion.objects.create(organization=gone, valid_from=today, name=gone.name, status="deregistered",
                                       authority_id=gone.authority_id)
    grades(a[20:22], "5A", conferred=today)
    penalties(a[23:24], "warning", today)
    ListEntry.objects.filter(pk=entries[0].pk).update(end_on=today)
    call_command("open_data", "release")
    second = Release.objects.get(day=today)

    changes = feed(client, since=first.feed_head, limit=3)  # small pages: the cursor walks them all
    assert [c["seq"] for c in changes] == list(range(first.feed_head + 1, second.feed_head + 1))  # gap-free
    assert {c["release"] for c in changes} == {second.release_id}
    assert apply_changes(tables_of(first.release_id), changes) == tables_of(second.release_id)
    kinds = {(c["table"], c["op"]) for c in changes}
    assert {("organizations", "upsert"), ("grades", "upsert"), ("penalties", "upsert"),
            ("list_entries", "upsert")} <= kinds
    everything = feed(client)  # from the start: the first release is all inserts
    assert apply_changes({t.name: {} for t in TABLES}, everything) == tables_of(second.release_id)
    manifest = json.loads((releases_dir() / second.release_id / "manifest.json").read_text())
    assert manifest["feed"] == {"from": first.feed_head + 1, "to": second.feed_head}
    assert manifest["previous_release"] == first.release_id


def test_a_deleted_row_is_a_delete_entry(client):
    today = timezone.localdate()
    a = orgs(3, "110101", founded=date(2018, 1, 1))
    grades(a[:1], "4A")
    call_command("open_data", "release", "--as-of", (today - timedelta(days=1)).isoformat())
    from supervision.models.ratings import GradeSpan

    GradeSpan.objects.all().delete()  # the derived spans rebuilt without that grade (e.g. a decision withdrawn)
    call_command("open_data", "release")
    changes = feed(client, since=Release.objects.get(day=today - timedelta(days=1)).feed_head)
    assert [(c["table"], c["op"], c["row"]) for c in changes] == [("grades", "delete", None)]


def test_a_since_beyond_the_head_is_refused(client):
    orgs(2, "110101", founded=date(2018, 1, 1))
    call_command("open_data", "release")
    head = Release.objects.get().feed_head
    response = client.get(reverse("api-changes"), {"since": head + 1})
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["code"] == "FEED-BEYOND-HEAD" and error["field"] == "since" and "超出" in error["message_zh"]
    assert client.get(reverse("api-changes"), {"since": -1}).status_code == 400
    assert client.get(reverse("api-changes"), {"since": head}).json() == {"since": head, "head": head, "next": None,
                                                                         "changes": []}


def test_charity_changes_are_in_the_feed_and_replay_exactly(client):
    from charity.models import CharityProject, FundraisingPlan, ProjectDisclosure, Revocation

    from .test_charity_indicators import _ledger, _post, grant

    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    a, b = orgs(2, "210100", level="city", founded=date(2018, 1, 1))
    grants = grant([a, b], "recognition")
    grant([a], "qualification", on=date(2021, 1, 1))
    plan = FundraisingPlan.objects.create(organization=a, filing_number="P-feed-1", filed_on=date(2022, 1, 1),
                                          starts_on=date(2022, 1, 1), ends_on=today + timedelta(days=90),
                                          title="助学募捐")
    project = CharityProject.objects.create(organization=a, public_id="J-feed-1", name="助学项目", category="education",
                                            starts_on=date(2022, 2, 1), ends_on=today + timedelta(days=90),
                                            budget="50000", funding_sources="募捐", plan=plan)
    ledger = _ledger(a)
    ledger["donor"].name = "张三丰"  # a person donor: never in the open data
    ledger["donor"].save()
    _post(a, "receipt", plan, date(2022, 3, 1), ledger["donor"], ledger["receiving"], "1200")
    call_command("open_data", "release", "--as-of", yesterday.isoformat())
    first = Release.objects.get()
    assert first.rows["charities"] == 3 and first.rows["fundraising_plans"] == 1
    before = tables_of(first.release_id)
    assert before["fundraising_plans"]['["P-feed-1"]']["received"] == "1200.00"
    # Today: a receipt in goods, a disbursement on the project, its disclosure, a new plan, a revocation.
    _post(a, "receipt", plan, today, ledger["donor"], ledger["receiving"], "300", goods="书包")
    paid = _post(a, "disbursement", plan, today, ledger["restricted"], ledger["people"][0], "800")
    paid.project = project
    type(paid).objects.filter(pk=paid.pk).update(project=project)
    ProjectDisclosure.objects.create(project=project, kind="progress", disclosed_on=today, covers_to=today,
                                     spent="800", persons_served=35, institutions_served=1, text="进展")
    FundraisingPlan.objects.create(organization=a, filing_number="P-feed-2", filed_on=today, emergency=True,
                                   starts_on=today, ends_on=today + timedelta(days=30), title="救灾募捐")
    Revocation.objects.create(grant=grants[1], revoked_on=today, legal_basis="慈善法", decision_number="R-1")
    call_command("open_data", "release")
    second = Release.objects.get(day=today)
    changes = feed(client, since=first.feed_head, limit=4)
    assert [c["seq"] for c in changes] == list(range(first.feed_head + 1, second.feed_head + 1))
    after = tables_of(second.release_id)
    assert apply_changes(before, changes) == after
    kinds = {(c["table"], c["op"]) for c in changes}
    assert {("charities", "upsert"), ("fundraising_plans", "upsert"), ("charity_projects", "upsert"),
            ("charity_totals", "upsert")} <= kinds
    plan_row = after["fundraising_plans"]['["P-feed-1"]']
    assert (plan_row["received"], plan_row["disbursed"]) == ("1500.00", "800.00")
    assert after["charity_projects"]['["J-feed-1"]']["persons_served"] == 35
    code = a.uscc
    totals = after["charity_totals"][json.dumps([code, today.year])]
    assert totals["donations_goods"] == "300.00" and totals["disbursed"] == "800.00"
    revoked = [r for r in after["charities"].values() if r["revoked_on"]]
    assert [r["revoked_on"] for r in revoked] == [today.isoformat()]
    text = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in
                   (releases_dir() / second.release_id).glob("*.*"))
    assert "张三丰" not in text and "受益人0" not in text
    package = json.loads((releases_dir() / second.release_id / "datapackage.json").read_text())
    fields = {r["name"]: r["schema"]["fields"] for r in package["resources"]}
    assert {"name": "received", "type": "number", "title": "已收到捐赠（元，物资按估值）",
            "description": "received to date (yuan, goods at their value)"} in fields["fundraising_plans-csv"]
