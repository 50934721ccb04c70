"""Apps declare themselves in one place (common/declarations.py, filled by each AppConfig.ready()); the URL conf,
the navigation, the organization page's sections, Celery beat and the access matrix read it."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLResolver, get_resolver

from common import declarations
from common.declarations import ANONYMOUS, EVERYONE, ORGANIZATION, STAFF, SUPERVISOR, AppDeclaration, NavEntry
from socorg.layers import LAYERS
from socorg.tests.test_access_matrix import client_for

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "registry", "supervision", "credit", "portal")


def included_modules() -> list[tuple[str, str]]:
    return [(str(entry.pattern), entry.urlconf_name.__name__) for entry in get_resolver().url_patterns
            if isinstance(entry, URLResolver) and hasattr(entry.urlconf_name, "__name__")]


def test_every_declared_url_module_is_included_and_nothing_else():
    declared = declarations.api_url_modules() + declarations.url_modules()
    project = [("admin/", "admin"), ("i18n/", "django.conf.urls.i18n")]
    assert [m for m in included_modules() if m[1] != "admin"] == [p for p in project if p[1] != "admin"] + declared
    assert ("credit/", "credit.urls") in declared and ("api/v1/", "supervision.ratings.api_urls") in declared
    assert declarations.url_modules()[-1] == ("", "portal.urls")  # the root catch-all comes last


def test_each_app_declares_itself_once_in_installed_apps_order():
    labels = [d.label for d in declarations.declarations()]
    installed = [name for name in settings.INSTALLED_APPS if name in labels]
    assert labels == installed and set(APPS) <= set(labels)


def test_every_project_app_in_installed_apps_has_its_place_in_the_layers():
    """import-linter checks only the packages socorg/layers.py names: an app missing there would go unchecked."""
    project_apps = [name for name in settings.INSTALLED_APPS if (ROOT / name / "__init__.py").exists()]
    assert set(project_apps) <= set(LAYERS), set(project_apps) - set(LAYERS)
    assert [n for n in reversed(LAYERS) if n in project_apps] == project_apps, "INSTALLED_APPS lists apps bottom first"


def test_every_access_and_public_section_module_in_the_tree_is_declared():
    """A module an app forgot to declare would silently stop counting (its URLs would then fail the matrix)."""
    # an app's access modules sit at its top or one package down (registry/imports/access.py)
    on_disk_access = {".".join(p.relative_to(ROOT).with_suffix("").parts)
                      for p in (*ROOT.glob("*/access*.py"), *ROOT.glob("*/*/access*.py"))
                      if not p.relative_to(ROOT).parts[0].startswith(".") and "tests" not in p.parts}
    on_disk_sections = {f"{p.parent.name}.{p.stem}" for p in ROOT.glob("*/public_*.py")}
    # An app split into sub-domain packages (supervision/<sub>/access.py, supervision/<sub>/public.py).
    on_disk_access |= {f"{p.parent.parent.name}.{p.parent.name}.access" for p in ROOT.glob("*/*/access.py")}
    on_disk_sections |= {f"{p.parent.parent.name}.{p.parent.name}.public" for p in ROOT.glob("*/*/public.py")}
    assert {m.__name__ for m in declarations.access_modules()} == on_disk_access
    assert {m.__name__ for m in declarations.section_modules()} == on_disk_sections
    from socorg.tests import test_access_matrix

    assert test_access_matrix.ACCESS_MODULES == declarations.access_modules()


def nav(client) -> list[tuple[str, str, bool]]:
    client.cookies["django_language"] = "en"
    html = client.get("/credit/check/").content.decode()
    block = html[html.index('<nav class="site-nav"'):html.index("</nav>")]
    return [(label, href, bool(current)) for href, current, label in
            re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]*)</a>', block)]


PUBLIC = [("Public search", "/search/", False), ("Credit check", "/credit/check/", True),
          ("Credit lists", "/credit/lists/abnormal/", False), ("Grades", "/supervision/public/grades/", False),
          ("Grades in publicity", "/supervision/public/grades/publicity/", False), ("Spot checks", "/supervision/public/spot-checks/", False),
          ("Charities", "/charity/", False), ("Social participation", "/engagement/", False),
          ("Resources and needs", "/exchange/", False), ("Statistics", "/stats/", False)]
DOCS = [("API docs", "/api/docs/", False)]


@pytest.mark.parametrize("role, own", [
    ("anonymous", [("Workbench", "/staff/", False)]),
    ("user_a", [("Our annual reports", "/supervision/reports/mine/", False)]),
    ("supervisor", [("Reports for first review", "/supervision/reports/first-review/", False)]),
    ("county_a", [("Workbench", "/staff/", False), ("Supervision", "/supervision/", False),
                  ("Credit workbench", "/credit/staff/", False),
                  ("Participation workbench", "/engagement/workbench/", False)]),
    ("admin", [("Workbench", "/staff/", False), ("Supervision", "/supervision/", False),
               ("Credit workbench", "/credit/staff/", False),
               ("Participation workbench", "/engagement/workbench/", False), ("Operations", "/operations/", False)]),
])
def test_the_navigation_shows_each_kind_of_user_the_declared_entries_in_order(world, role, own):
    assert nav(client_for(world, role)) == PUBLIC + own + DOCS


def test_a_declared_navigation_entry_appears_for_its_viewers_only(world, monkeypatch):
    monkeypatch.setattr(declarations, "_declared", dict(declarations._declared))
    declarations.declare(AppDeclaration("newapp", nav=(
        NavEntry("Care visits", "/care/", 65, frozenset({SUPERVISOR, STAFF}), current=("credit:check",)),)))
    seen = {role: ("Care visits", "/care/", True) in nav(client_for(world, role))
            for role in ("anonymous", "user_a", "supervisor", "county_a")}
    assert seen == {"anonymous": False, "user_a": False, "supervisor": True, "county_a": True}


def test_nav_entry_current_page_patterns():
    entry = NavEntry("Supervision", "reports:home", 70, EVERYONE, current=("reports:*", "ratings:*"),
                     not_current=("ratings:public_grades",))
    assert entry.is_current("reports", "queue") and entry.is_current("ratings", "home")
    assert not entry.is_current("ratings", "public_grades") and not entry.is_current(None, None)
    assert NavEntry("Grades", "x", 1, current=("*:public_grades",)).is_current(None, "public_grades")
    assert {ANONYMOUS, ORGANIZATION, SUPERVISOR, STAFF} == EVERYONE


def test_declared_checks_fill_the_lower_apps_extension_points_once(monkeypatch):
    from credit.eligibility import not_on_a_credit_list
    from registry import services
    from supervision.leadership.services import audit_before_legal_rep_change
    from supervision.ratings import eligibility

    assert not_on_a_credit_list in eligibility.rating_checks
    assert audit_before_legal_rep_change in services.event_checks
    monkeypatch.setattr(declarations, "_declared", dict(declarations._declared))
    for config in ("credit", "supervision"):
        import_module(f"{config}.apps")
        from django.apps import apps

        apps.get_app_config(config).ready()  # ready() may run twice
    assert eligibility.rating_checks.count(not_on_a_credit_list) == 1
    assert services.event_checks.count(audit_before_legal_rep_change) == 1


def test_celery_beat_installs_every_declared_schedule_in_order():
    from socorg.celery import install_beat_schedules

    class App:
        class conf:  # noqa: N801
            beat_schedule = {}

    install_beat_schedules(App)
    assert [d.beat for d in declarations.declarations() if d.beat] == ["supervision.tasks", "credit.tasks", "engagement.tasks",
                                                                         "stats.tasks"]
    assert list(App.conf.beat_schedule) == ["supervision-report-sweep", "credit-daily-sweep",
                                          "engagement-daily-reminders", "stats-daily-snapshot", "stats-daily-release"]
