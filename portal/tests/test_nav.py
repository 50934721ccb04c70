"""The main navigation leads each kind of user to the supervision and credit pages meant for them."""

import re

from django.test import Client


def nav_links(client: Client) -> set[str]:
    html = client.get("/").content.decode()
    nav = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    return set(re.findall(r'href="([^"]+)"', nav))


def test_public_nav_reaches_the_public_credit_and_supervision_pages(world):
    links = nav_links(Client())
    assert {"/credit/check/", "/credit/lists/abnormal/", "/supervision/public/grades/",
            "/supervision/public/spot-checks/"} <= links
    assert "/supervision/" not in links and "/credit/staff/" not in links
    shown = links - {"/api/docs/"}
    statuses = {link: Client().get(link).status_code for link in shown}
    # every public page answers; the staff entry sends an anonymous visitor to the login page
    assert statuses == {**{link: 200 for link in shown}, "/staff/": 302}


def test_officer_nav_reaches_supervision_and_the_credit_workbench(world):
    client = Client()
    client.force_login(world.county_a)
    links = nav_links(client)
    assert {"/supervision/", "/credit/staff/", "/staff/"} <= links
    for link in ("/supervision/", "/credit/staff/", "/staff/"):
        assert client.get(link).status_code == 200, link


def test_organization_nav_reaches_its_own_annual_reports(world):
    client = Client()
    client.force_login(world.user_a)
    links = nav_links(client)
    assert "/supervision/reports/mine/" in links and "/credit/staff/" not in links
    assert client.get("/supervision/reports/mine/").status_code == 200


def test_business_supervisor_nav_reaches_its_first_review_queue(world):
    client = Client()
    client.force_login(world.supervisor)
    links = nav_links(client)
    assert "/supervision/reports/first-review/" in links
    assert not {"/supervision/reports/mine/", "/staff/", "/credit/staff/", "/supervision/"} & links
    assert client.get("/supervision/reports/first-review/").status_code == 200
