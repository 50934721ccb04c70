"""The bulk screening job covers an already-imported register: ``manage.py screen_register [--jurisdiction]``
and the Celery task ``credit.screen_register`` store the hits for officers (credit workbench, credit page)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from audit.models import AuditEvent
from conftest import org_row
from credit.models import ScreeningResult
from credit.services import publish_illegal_batch
from registry.services import register_organization


def run(*args) -> str:
    out = io.StringIO()
    call_command("screen_register", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def register(world):
    """Names as an import of the register of record left them: a traditional copy in another county, and the
    alias of a suspected illegal organization."""
    publish_illegal_batch(world.national, {
        "authority": "100000", "title": "第七批涉嫌非法社会组织名单", "published_on": "2026-02-01",
        "organizations": [{"name": "中国国学文化促进总会", "aliases": ["中华书画艺术研究院"]}]})
    a = register_organization(world.admin, org_row("110101", 90, name="北京市东城区晨曦养老服务中心"))
    b = register_organization(world.admin, org_row("110102", 91, name="北京市东城区晨曦養老服務中心"))
    c = register_organization(world.admin, org_row("110101", 92, name="中国书画研究院"))
    hebei = register_organization(world.admin, org_row("130104", 93, name="石家庄市桥西区长青书画研究会"))
    return a, b, c, hebei


def test_the_command_stores_each_hit_and_a_second_run_adds_nothing(world, register):
    a, b, c, hebei = register

    out = run("--jurisdiction", "110000")

    assert "new results stored" in out
    flagged = {r.organization_id: r for r in ScreeningResult.objects.filter(trigger="bulk")}
    assert {a.pk, b.pk, c.pk} <= set(flagged) and hebei.pk not in flagged
    assert flagged[a.pk].candidates[0]["id"] == b.pk and flagged[a.pk].candidates[0]["features"]["traditional"]
    assert flagged[c.pk].candidates[0]["source"] == "illegal"
    assert AuditEvent.objects.filter(action="credit.screening.bulk").count() == 1

    assert "0 new results stored" in run("--jurisdiction", "110000")
    assert ScreeningResult.objects.filter(trigger="bulk").count() == len(flagged)


def test_officers_see_the_bulk_results_of_their_jurisdiction_only(world, register):
    a, _b, c, _hebei = register
    run()
    client = Client()
    client.force_login(world.county_a)

    page = client.get("/credit/staff/").content.decode()

    assert a.name in page and c.name in page and "批量筛查" in page
    credit_page = client.get(f"/credit/staff/org/{c.code}/").content.decode()
    assert "中华书画艺术研究院" in credit_page and "涉嫌非法社会组织名单" in credit_page and "批量筛查" in credit_page
    other = Client()
    other.force_login(world.other_province)
    assert c.name not in other.get("/credit/staff/").content.decode()


def test_the_celery_task_runs_the_same_job(world, register):
    a, _b, c, _hebei = register
    from credit.tasks import screen_register

    summary = screen_register.apply(kwargs={"jurisdiction": "110101"}).get()

    assert (summary["jurisdiction"], summary["screened"]) == ("110101", 3)  # org_a, a and c
    assert {a.pk, c.pk} <= set(ScreeningResult.objects.filter(trigger="bulk").values_list("organization_id",
                                                                                           flat=True))


def test_an_unknown_jurisdiction_is_refused(world):
    with pytest.raises(CommandError, match="unknown division"):
        run("--jurisdiction", "999999")
