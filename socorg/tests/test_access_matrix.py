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
for _module in ACCESS_MODULES:
    POLICIES.update(_module.URL_POLICIES)

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
               "api-reviewer")


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
    failures = []
    for org_key in ORGS:
        kwargs = kwargs_for(world, name, org_key)
        assert kwargs is not None, f"{name}: no object for {org_key}"
        url = reverse(name, kwargs=kwargs)
        for role in ROLES:
            response = clients[role].get(url)
            expected = expected_status(policy, role, org_key)
            if response.status_code not in expected:
                failures.append(f"{role} GET {url} ({org_key}): {response.status_code}, expected {expected}")
    assert not failures, "\n".join(failures)


def expected_status(policy, role, org_key):
    """What ``role`` gets for an object in the jurisdiction of ``org_key`` under ``policy``.

    public: anyone, anything (public fields only). api-scoped: anonymous reads public fields; signed-in users
    only their scope. staff-scoped / api-staff-scoped: officers and admins in scope (web: anonymous → login).
    scoped / api-scoped-private: staff in scope, the organization's own users and its business supervisor's
    users (who read); nobody else. scoped-act: the organization's own side (its notices, filing an objection, a
    repair, a rating application): staff in scope and its own users; its business supervisor's users see the
    organization but get 403. supervisor-scoped: business supervisor users only (the 初审), 404 outside the
    organizations their unit supervises.
    """
    visible = org_key in SCOPE[role]
    anonymous = role == "anonymous"
    if policy == "public":
        return {200}
    if policy == "api-scoped":
        return {200} if anonymous or visible else {404}
    if policy == "staff-scoped":
        if anonymous:
            return {302}
        if role not in STAFF:
            return {403, 404}
        return {200} if visible else {404}
    if policy == "api-staff-scoped":
        if anonymous:
            return {401}
        if role not in STAFF:
            return {403, 404}
        return {200} if visible else {404}
    if policy == "scoped":
        return {302} if anonymous else {200} if visible else {404}
    if policy == "api-scoped-private":
        return {401} if anonymous else {200} if visible else {404}
    if policy == "scoped-act":
        if anonymous:
            return {302}
        if not visible:
            return {404}
        return {200} if role in STAFF | ORG_USERS else {403}
    if policy == "supervisor-scoped":
        if anonymous:
            return {302}
        if role not in SUPERVISORS:
            return {403, 404}
        return {200} if visible else {404}
    raise AssertionError(f"unknown policy {policy}")


def expected_page_status(policy, role):
    """What ``role`` gets for a page without an object. staff-page / api-staff: officers and administrators.
    supervisor-page: business supervisor users. api-reviewer: officers, administrators and business
    supervisor users (the first-review queue). Let through: 200, or 400 / 405 for a page that needs
    parameters or an endpoint that only takes POST (the role got past the door)."""
    anonymous = role == "anonymous"
    through = {200, 400, 405}
    if policy == "staff-page":
        return {302} if anonymous else through if role in STAFF else {403}
    if policy == "api-staff":
        return {401, 403} if anonymous else through if role in STAFF else {403}
    if policy == "supervisor-page":
        return {302} if anonymous else {200} if role in SUPERVISORS else {403}
    if policy == "api-reviewer":
        return {401, 403} if anonymous else {200} if role in STAFF | SUPERVISORS else {403}
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


@pytest.mark.parametrize("name", object_less("staff-page", "api-staff", "supervisor-page", "api-reviewer"))
def test_pages_without_an_object_follow_the_role(world, clients, name):
    """Staff pages and APIs (registering, imports, exports, overdue lists, penalties, ratings and spot-check
    work) refuse organization users and business supervisor users alike; the first-review queue is the
    business supervisor's (and, in the API, the officers')."""
    policy = POLICIES[name]
    url = reverse(name)
    failures = []
    for role in ROLES:
        status = clients[role].get(url).status_code
        if status not in expected_page_status(policy, role):
            failures.append(f"{role} GET {url}: {status}, expected {expected_page_status(policy, role)}")
    assert not failures, "\n".join(failures)


def test_api_list_shows_each_role_only_its_jurisdiction(world, clients):
    for role in ROLES:
        response = clients[role].get(reverse("api-organization-list"))
        assert response.status_code == 200, role
        codes = {row["uscc"] for row in response.json()["results"]}
        if role == "anonymous":
            assert codes == {getattr(world, k).code for k in ORGS}  # public fields of the whole register
            assert all("legal_rep_id" not in row for row in response.json()["results"])
        else:
            assert codes == {getattr(world, k).code for k in SCOPE[role]}, role


def test_staff_dashboard_lists_only_the_jurisdiction(world, clients):
    for role in STAFF:
        body = clients[role].get(reverse("staff:home")).content.decode()
        for org_key in ORGS:
            code = getattr(world, org_key).code
            assert (code in body) == (org_key in SCOPE[role]), f"{role} sees {org_key}: {code in body}"
    assert clients["anonymous"].get(reverse("staff:home")).status_code == 302
    own = clients["user_a"].get(reverse("staff:home"))
    assert own.status_code in (302, 403)
    if own.status_code == 302:
        assert world.org_a.code in own["Location"]


@pytest.mark.parametrize("via", ["api", "web"])
def test_no_one_can_record_an_event_outside_the_jurisdiction(world, clients, via):
    for role in ROLES:
        for org_key in ORGS:
            org = getattr(world, org_key)
            before = (RegistrationEvent.objects.count(), AuditEvent.objects.count())
            data = {"kind": "change", "effective_on": "2020-02-02", "reason": "matrix",
                    "changes": {"domicile": f"{role}改的住所"}}
            if via == "api":
                response = clients[role].post(reverse("api-organization-events", kwargs={"code": org.code}),
                                              data=json.dumps(data), content_type="application/json")
            else:
                response = clients[role].post(reverse("staff:record_event", kwargs={"code": org.code}),
                                              {"kind": "change", "effective_on": "2020-02-02", "reason": "matrix",
                                               "domicile": f"{role}改的住所"})
            allowed = role in STAFF and org_key in SCOPE[role]
            changed = (RegistrationEvent.objects.count(), AuditEvent.objects.count()) != before
            assert changed == allowed, f"{via} {role} -> {org_key}: status {response.status_code}"
            if not allowed:
                assert response.status_code in ({401, 403, 404} if via == "api" else {302, 403, 404}), (
                    f"{via} {role} -> {org_key}: {response.status_code}")
                if role in STAFF or (via == "api" and role != "anonymous" and org_key not in SCOPE[role]):
                    assert response.status_code == 404, f"{via} {role} -> {org_key}: {response.status_code}"


@pytest.mark.parametrize("via", ["api", "web"])
def test_no_one_can_register_for_another_jurisdiction(world, clients, via):
    from conftest import org_row

    for index, role in enumerate(ROLES):
        for authority in ("110101", "110102", "130104"):
            row = org_row(authority, 900 + index * 3 + ("110101", "110102", "130104").index(authority))
            before = Organization.objects.count()
            if via == "api":
                response = clients[role].post(reverse("api-organization-list"), data=json.dumps(row),
                                              content_type="application/json")
            else:
                response = clients[role].post(reverse("staff:register"), row)
            may = role in ("admin", "national") or (role == "province" and authority.startswith("11")) or (
                role == "county_a" and authority == "110101") or (role == "county_b" and authority == "110102") or (
                role == "other_province" and authority.startswith("13"))
            assert (Organization.objects.count() > before) == may, f"{via} {role} -> {authority}: {response.status_code}"
            if not may:
                assert response.status_code in (302, 401, 403), f"{via} {role} -> {authority}: {response.status_code}"


def test_admin_site_is_for_administrators_only(world, clients):
    for role in ROLES:
        response = clients[role].get("/admin/registry/organization/")
        if role == "admin":
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], role
