"""Shared test fixtures: two counties of one city (东城区 110101, 西城区 110102 under 北京市 110000) and a
county of another province (石家庄市桥西区 130104), with an officer and an organization in each, so every test can
check the other side too (the healthchecks habit). org_a has a business supervisor (业务主管单位) with its own
user; the other organizations are registered directly."""

import pytest
from rest_framework.test import APIClient

from accounts.models import Role, User
from registry.demo import generate_rows
from registry.services import register_organization

PASSWORD = "test-pass-123456"
SUPERVISOR_A = "东城区教育委员会"  # org_a's business supervisor; org_b, org_city and org_hebei have none


def make_user(username, role, division=None, org=None, unit=""):
    user = User.objects.create(username=username, role=role, division_id=division,
                               organization_id_bound=org.pk if org else None, supervisor_unit=unit,
                               is_superuser=role == Role.ADMIN, is_staff=role == Role.ADMIN)
    user.set_password(PASSWORD)
    user.save()
    return user


def org_row(authority: str, index: int, **overrides) -> dict:
    """A valid establishment record for ``authority`` (deterministic)."""
    row = next(generate_rows(index, 1, [(authority, "测试", "county")], start_index=index))
    row["org_type"] = overrides.pop("org_type", "social_group")
    from registry.demo import org_body
    from registry.uscc import CATEGORY_BY_TYPE, make_uscc

    if row["org_type"] in CATEGORY_BY_TYPE:
        row["uscc"] = make_uscc(CATEGORY_BY_TYPE[row["org_type"]], authority, org_body(index))
    row["name"] = overrides.pop("name", f"测试{authority}第{index}号协会")
    row["founded_on"] = overrides.pop("founded_on", "2015-06-01")
    row.update(overrides)
    return row


class World:
    """Who and what every test can use."""

    def __init__(self):
        self.admin = make_user("admin", Role.ADMIN)
        self.national = make_user("mca", Role.OFFICER, "100000")
        self.province = make_user("beijing", Role.OFFICER, "110000")
        self.county_a = make_user("dongcheng", Role.OFFICER, "110101")
        self.county_b = make_user("xicheng", Role.OFFICER, "110102")
        self.other_province = make_user("hebei", Role.OFFICER, "130000")
        self.org_a = register_organization(self.admin, org_row("110101", 1, phone="13800138000",
                                                               legal_rep_id="11010519491231002X",
                                                               supervisor=SUPERVISOR_A))
        self.org_b = register_organization(self.admin, org_row("110102", 2))
        self.org_city = register_organization(self.admin, org_row("110000", 3))
        self.org_hebei = register_organization(self.admin, org_row("130104", 4))
        self.user_a = make_user("org-a", Role.ORGANIZATION, org=self.org_a)
        self.user_b = make_user("org-b", Role.ORGANIZATION, org=self.org_b)
        # org_a's business supervisor (业务主管单位), a Dongcheng unit: it sees org_a and nothing else here.
        self.supervisor = make_user("dongcheng-education", Role.SUPERVISOR, "110101", unit=SUPERVISOR_A)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2's deliberate slowness is for attackers, not for tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """API rate limits are off in tests; the throttle tests turn them on with override_settings."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}


@pytest.fixture(autouse=True)
def _one_factor_sign_in(settings):
    """Tests sign in with a password alone and without lockout counting (Client.login passes no request, which
    django-axes needs); accounts/tests/test_sign_in_security.py turns both on."""
    settings.SOCORG = {**settings.SOCORG, "REQUIRE_STAFF_2FA": False}
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _private_media_root(settings, tmp_path_factory):
    """Uploaded files (evidence, audit reports) go to a directory of the test run, never to var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def api():
    return APIClient()


def api_as(user):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# --- shared assertions ----------------------------------------------------------------------------------------
ANY_FIELD = object()


def assert_error(refusal, status: int | None, code: str, field=ANY_FIELD):
    """``refusal`` (an API response, or a RuleViolation a service raised) has ``status`` (None: not checked) and
    names rule ``code`` (and ``field``, when given; None is the form as a whole) with a Chinese and a different
    English message. Returns the matching error (a dict of the response, or the Refusal)."""
    if hasattr(refusal, "status_code"):
        if status is not None:
            assert refusal.status_code == status, refusal.content
        errors = [(e["code"], e["field"], e["message_zh"], e["message_en"], e) for e in refusal.json()["errors"]]
    else:
        if status is not None:
            assert refusal.status == status, refusal
        errors = [(p.code, p.field, p.zh, p.en, p) for p in refusal.problems]
    match = [e for e in errors if e[0] == code and (field is ANY_FIELD or e[1] == field)]
    assert match, [e[4] for e in errors]
    _, _, zh, en, error = match[0]
    assert zh and en and zh != en, error
    return error


def db_snapshot(*models) -> tuple:
    """The content of each model's table (every row, every column, in primary-key order, the key first), so that
    ``snapshot == before`` says nothing was written, changed or removed, not just that the counts match."""
    return tuple(tuple(model._base_manager.order_by("pk").values_list(
        "pk", *[f.attname for f in model._meta.concrete_fields])) for model in models)


def grown(before: tuple, after: tuple) -> tuple[int, ...]:
    """How many rows each table of two snapshots gained (derived caches such as organization versions are
    rebuilt, so their rows may be replaced)."""
    return tuple(len(new) - len(old) for old, new in zip(before, after, strict=True))


def register_state() -> tuple:
    """The content of everything the register's services write: organizations, events, versions, audit log."""
    from audit.models import AuditEvent
    from registry.models import Organization, OrganizationVersion, RegistrationEvent

    return db_snapshot(Organization, RegistrationEvent, OrganizationVersion, AuditEvent)


# --- browser tests: Debian's Chromium through Playwright --------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> None:
    """Browser tests need Debian's Chromium. `make test` installs it and sets SOCORG_REQUIRE_BROWSER=1, so a
    missing browser fails the run there instead of silently skipping the browser tests."""
    import os
    from pathlib import Path

    if Path(CHROMIUM).exists():
        return
    message = "Debian's chromium is not installed (make browser)"
    if os.environ.get("SOCORG_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def browser(settings, tmp_path):
    """A headless Chromium for one test (uploads go to the test's own media root)."""
    import os

    require_chromium()
    # Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still plain sync calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    settings.MEDIA_ROOT = tmp_path / "media"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_page(browser, **options):
    """A page in a new context: a Chinese browser, as most visitors have (the site's default is Chinese anyway)."""
    context = browser.new_context(locale=options.pop("locale", "zh-CN"),
                                  viewport=options.pop("viewport", {"width": 1280, "height": 900}), **options)
    context.set_default_timeout(30000)
    return context.new_page()


def signed_in(browser, live_server, user, **options):
    """A page logged in as ``user`` through the login form."""
    page = new_page(browser, **options)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def screenshot_path(name: str):
    """Where a browser test leaves a screenshot for a person to look at (var/screenshots, not committed)."""
    from pathlib import Path

    from django.conf import settings as django_settings

    shots = Path(django_settings.VAR_DIR) / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    return str(shots / name)
