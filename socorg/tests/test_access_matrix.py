"""Role x jurisdiction x endpoint: every URL the project serves, discovered from the URL conf.

A new URL that is not classified fails ``test_every_url_is_classified``, so no endpoint can escape the
matrix. For each classified URL that names an object (an organization, or something that belongs to one or
to a jurisdiction), every role is tried against an object in each jurisdiction, and the status says whether
it may know the object exists: 200 inside the jurisdiction, 404 outside (never 403, which would confirm
existence).

Apps add their URLs in ``access.py`` (or ``access_<part>.py``) modules beside their urls, named in their
declaration (``AppDeclaration(access=...)`` in ``AppConfig.ready()``):

    URL_POLICIES = {"app:url-name": "<policy>", ...}        # policies: see expected_status()
    def url_kwargs(world, name, org_key): -> dict | None     # URL kwargs of an object belonging to the
                                                             # jurisdiction of world.<org_key>, or None
"""

import json

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditEvent
from common.declarations import access_modules
from conftest import db_snapshot, grown
from registry.models import Organization, RegistrationEvent

ROLES = ["anonymous", "admin", "national", "province", "county_a", "county_b", "other_province", "user_a", "user_b",
         "supervisor"]
ORGS = ["org_a", "org_b", "org_city", "org_hebei"]
# Which organizations each role may see as staff or as the organization itself.
SCOPE = {
    "anonymous": set(),
    "admin": set(ORGS),
    "national": set(ORGS),
    "province": {"org_a", "org_b", "org_city"},
    "county_a": {"org_a"},
    "county_b": {"org_b"},
    "other_province": {"org_hebei"},
    "user_a": {"org_a"},
    "user_b": {"org_b"},
    "supervisor": {"org_a"},  # org_a's business supervisor (业务主管单位) in Dongcheng
}
STAFF = {"admin", "national", "province", "county_a", "county_b", "other_province"}
ORG_USERS = {"user_a", "user_b"}
SUPERVISORS = {"supervisor"}

# url name -> policy. "public": anyone, any organization. "api-scoped": anonymous reads public fields of any
# organization; authenticated users only what they may see (404 otherwise). "staff-scoped": staff only, 404
# outside the jurisdiction. "staff": staff-only page without an organization. Others are listed with a reason.
POLICIES = {
    "portal:home": "public-page",
    "portal:search": "public-page",
    "portal:organization": "public",
    "staff:home": "staff-or-own",
    "staff:register": "staff",
    "staff:organization": "staff-scoped",
    "staff:record_event": "staff-scoped",
    "accounts:login": "open",
    "accounts:logout": "open",
    "set_language": "open",
    "api-schema": "open",
    "api-docs": "open",
    "api-token": "open",
    "api-organization-list": "api-list",
    "api-organization-detail": "api-scoped",
    "api-organization-events": "api-scoped",
    "api-division-list": "open",
    "api-division-detail": "open",
}


ACCESS_MODULES = access_modules()  # each app declares its access modules (common/declarations.py)
PASS_STATUS = {}  # url name -> what a role let through gets without parameters, where it is not 200
for _module in ACCESS_MODULES:
    POLICIES.update(_module.URL_POLICIES)
    PASS_STATUS.update(getattr(_module, "PASS_STATUS", {}))

CODE_URLS = {"portal:organization", "staff:organization", "staff:record_event", "api-organization-detail",
             "api-organization-events"}


def kwargs_for(world, name, org_key):
    if name in CODE_URLS:
        return {"code": getattr(world, org_key).code}
    for module in ACCESS_MODULES:
        if name in module.URL_POLICIES:
            return module.url_kwargs(world, name, org_key)
    return None


OBJECT_LESS = ("open", "api-list", "staff", "staff-or-own", "public-page", "staff-page", "api-staff", "supervisor-page",
               "api-reviewer", "admin-page", "signed-in-page")


def object_urls():
    return [name for name, policy in POLICIES.items() if policy not in OBJECT_LESS]


def walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, prefix + str(entry.pattern)


def discovered():
    return [(name, route) for name, route in walk(get_resolver().url_patterns)
            if not (name or "").startswith("admin:") and not route.startswith("admin/")]


def test_every_url_is_classified():
    unclassified = sorted({f"{name} ({route})" for name, route in discovered() if name not in POLICIES})
    assert not unclassified, f"classify these in POLICIES: {unclassified}"


def client_for(world, role):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.fixture
def clients(world):
    return {role: client_for(world, role) for role in ROLES}


def urls_with(policy):
    return [name for name, p in POLICIES.items() if p == policy]


@pytest.mark.parametrize("name", object_urls())
def test_reads_of_an_object_follow_the_jurisdiction(world, clients, name):
    policy = POLICIES[name]
    observed, expected = [], []
    for org_key in ORGS:
        kwargs = kwargs_for(world, name, org_key)
        assert kwargs is not None, f"{name}: no object for {org_key}"
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            observed.append((role, org_key, url, clients[role].get(url).status_code))
            expected.append((role, org_key, url, expected_status(policy, role, org_key)))
    assert observed == expected


def expected_status(policy, role, org_key) -> int:
    """What ``role`` gets for an object in the jurisdiction of ``org_key`` under ``policy``.

    public: anyone, anything (public fields only). api-scoped: anonymous reads public fields; signed-in users
    only their scope. staff-scoped / api-staff-scoped: officers and admins in scope (web: anonymous → login; the
    organization's and business supervisors' users: 403, the role is refused before any object is looked up).
    scoped / api-scoped-private: staff in scope, the organization's own users and its business supervisor's
    users (who read); nobody else. scoped-act: the organization's own side (its notices, filing an objection, a
    repair, a rating application): staff in scope and its own users; its business supervisor's users see the
    organization but get 403 (api-scoped-act: the same in the API, anonymous 401). supervisor-scoped: business supervisor users only (the 初审; everyone else 403),
    404 outside the organizations their unit supervises.
    """
    visible = org_key in SCOPE[role]
    anonymous = role == "anonymous"
    in_scope = 200 if visible else 404
    if policy == "public":
        return 200
    if policy == "api-scoped":
        return 200 if anonymous else in_scope
    if policy == "staff-scoped":
        return 302 if anonymous else in_scope if role in STAFF else 403
    if policy == "api-staff-scoped":
        return 401 if anonymous else in_scope if role in STAFF else 403
    if policy == "scoped":
        return 302 if anonymous else in_scope
    if policy == "api-scoped-private":
        return 401 if anonymous else in_scope
    if policy == "scoped-act":
        if anonymous:
            return 302
        return 404 if not visible else 200 if role in STAFF | ORG_USERS else 403
    if policy == "api-scoped-act":  # the API twin of scoped-act (e.g. a posting's applications)
        if anonymous:
            return 401
        return 404 if not visible else 200 if role in STAFF | ORG_USERS else 403
    if policy == "supervisor-scoped":
        return 302 if anonymous else in_scope if role in SUPERVISORS else 403
    raise AssertionError(f"unknown policy {policy}")


def expected_page_status(policy, role, name) -> int:
    """What ``role`` gets for a page without an object. staff-page / api-staff: officers and administrators.
    supervisor-page: business supervisor users. api-reviewer: officers, administrators and business
    supervisor users (the first-review queue). admin-page: system administrators only. Anonymous: the sign-in page (302) or 401 (API). A role let
    through gets 200, or the URL's ``PASS_STATUS`` (a page that needs parameters, an endpoint that only takes
    POST)."""
    anonymous = role == "anonymous"
    through = PASS_STATUS.get(name, 200)
    if policy == "staff-page":
        return 302 if anonymous else through if role in STAFF else 403
    if policy == "api-staff":
        return 401 if anonymous else through if role in STAFF else 403
    if policy == "supervisor-page":
        return 302 if anonymous else through if role in SUPERVISORS else 403
    if policy == "api-reviewer":
        return 401 if anonymous else through if role in STAFF | SUPERVISORS else 403
    if policy == "signed-in-page":
        return 302 if anonymous else through
    if policy == "admin-page":
        return 302 if anonymous else through if role == "admin" else 403
    raise AssertionError(f"unknown policy {policy}")


def object_less(*policies):
    """URL names of these policies that take no URL argument (pages of one job or object are tested beside it)."""
    names = []
    for name, policy in POLICIES.items():
        if policy in policies:
            try:
                reverse(name)
            except Exception:  # noqa: BLE001 - needs arguments
                continue
            names.append(name)
    return names


@pytest.mark.parametrize("name", object_less("staff-page", "api-staff", "supervisor-page", "api-reviewer",
                                                  "admin-page", "signed-in-page"))
def test_pages_without_an_object_follow_the_role(world, clients, name):
    """Staff pages and APIs (registering, imports, exports, overdue lists, penalties, ratings and spot-check
    work) refuse organization users and business supervisor users alike; the first-review queue is the
    business supervisor's (and, in the API, the officers')."""
    policy = POLICIES[name]
    url = reverse(name)
    observed = [(role, clients[role].get(url).status_code) for role in ROLES]
    assert observed == [(role, expected_page_status(policy, role, name)) for role in ROLES]


def test_the_api_list_shows_anonymous_callers_the_public_fields_of_the_whole_register(world, clients):
    response = clients["anonymous"].get(reverse("api-organization-list"))
    assert response.status_code == 200
    assert {row["uscc"] for row in response.json()["results"]} == {getattr(world, k).code for k in ORGS}
    assert all("legal_rep_id" not in row for row in response.json()["results"])


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_the_api_list_shows_each_signed_in_role_only_its_jurisdiction(world, clients, role):
    response = clients[role].get(reverse("api-organization-list"))
    assert response.status_code == 200
    assert {row["uscc"] for row in response.json()["results"]} == {getattr(world, k).code for k in SCOPE[role]}


def test_staff_dashboard_lists_only_the_jurisdiction(world, clients):
    for role in STAFF:
        body = clients[role].get(reverse("staff:home")).content.decode()
        for org_key in ORGS:
            code = getattr(world, org_key).code
            assert (code in body) == (org_key in SCOPE[role]), f"{role} sees {org_key}: {code in body}"
    assert clients["anonymous"].get(reverse("staff:home")).status_code == 302
    own = clients["user_a"].get(reverse("staff:home"))  # an organization user is sent to its own page
    assert own.status_code == 302 and own["Location"] == reverse("portal:organization", kwargs={"code": world.org_a.code})


def event_status(via, role, org_key) -> int:
    """Recording an event: staff in scope succeed (API 201, web 302 to the organization); anonymous callers are
    asked to sign in (401 / 302 to the sign-in page); staff outside their jurisdiction get 404; organization and
    business supervisor users get 403 on the staff page, and in the API 403 for an organization they may see,
    404 for one they may not."""
    may_see = org_key in SCOPE[role]
    if role == "anonymous":
        return {"api": 401, "web": 302}[via]
    if role in STAFF:
        return ({"api": 201, "web": 302}[via]) if may_see else 404
    return 403 if via == "web" or may_see else 404


def post_event(client, via, org, role):
    if via == "api":
        data = {"kind": "change", "effective_on": "2020-02-02", "reason": "matrix",
                "changes": {"domicile": f"{role}改的住所"}}
        return client.post(reverse("api-organization-events", kwargs={"code": org.code}), data=json.dumps(data),
                           content_type="application/json")
    return client.post(reverse("staff:record_event", kwargs={"code": org.code}),
                       {"kind": "change", "effective_on": "2020-02-02", "reason": "matrix",
                        "domicile": f"{role}改的住所"})


@pytest.mark.parametrize("via", ["api", "web"])
def test_no_one_can_record_an_event_outside_the_jurisdiction(world, clients, via):
    """Each (role, organization): the status, and whether anything was written (table contents compared)."""
    observed, expected = [], []
    for role in ROLES:
        for org_key in ORGS:
            before = db_snapshot(Organization, RegistrationEvent, AuditEvent)
            response = post_event(clients[role], via, getattr(world, org_key), role)
            changed = db_snapshot(Organization, RegistrationEvent, AuditEvent) != before
            observed.append((role, org_key, response.status_code, changed))
            expected.append((role, org_key, event_status(via, role, org_key), role in STAFF and org_key in SCOPE[role]))
    assert observed == expected


def may_register(role, authority) -> bool:
    return role in ("admin", "national") or (role == "province" and authority.startswith("11")) or (
        role == "county_a" and authority == "110101") or (role == "county_b" and authority == "110102") or (
        role == "other_province" and authority.startswith("13"))


def register_status(via, role, authority) -> int:
    """Registering: allowed officers get 201 (API) or 302 to the new organization; anonymous callers 401 or 302
    to the sign-in page; everyone else 403 (the service refuses another jurisdiction, the door everyone else)."""
    if may_register(role, authority) or role == "anonymous":
        return {"api": 201 if role != "anonymous" else 401, "web": 302}[via]
    return 403


def post_registration(client, via, row):
    if via == "api":
        return client.post(reverse("api-organization-list"), data=json.dumps(row), content_type="application/json")
    return client.post(reverse("staff:register"), row)


@pytest.mark.parametrize("via", ["api", "web"])
def test_no_one_can_register_for_another_jurisdiction(world, clients, via):
    """Each (role, registering authority): the status, and what was written: one new organization, its founding
    event and their two audit records with nothing else changed, or nothing at all (table contents compared)."""
    from conftest import org_row

    observed, expected = [], []
    for index, role in enumerate(ROLES):
        for authority in ("110101", "110102", "130104"):
            row = org_row(authority, 900 + index * 3 + ("110101", "110102", "130104").index(authority))
            before = db_snapshot(Organization, RegistrationEvent, AuditEvent)
            response = post_registration(clients[role], via, row)
            after = db_snapshot(Organization, RegistrationEvent, AuditEvent)
            kept = all(table[:len(old)] == old for table, old in zip(after, before, strict=True))
            observed.append((role, authority, response.status_code, kept, grown(before, after)))
            expected.append((role, authority, register_status(via, role, authority), True,
                             (1, 1, 2) if may_register(role, authority) else (0, 0, 0)))
    assert observed == expected


def test_the_admin_site_is_open_to_administrators(world, clients):
    assert clients["admin"].get("/admin/registry/organization/").status_code == 200


@pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
def test_the_admin_site_sends_everyone_else_to_its_sign_in_page(world, clients, role):
    response = clients[role].get("/admin/registry/organization/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
