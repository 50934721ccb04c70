"""The one place where apps declare themselves.

Each app's ``AppConfig.ready()`` calls :func:`declare` with an :class:`AppDeclaration`: its URL modules for the
site and for the API (with their prefixes), its access-matrix modules, the sections it adds to the public
organization page, its navigation entries by role, its Celery beat installer, and the checks it adds to lower
apps' extension points. The project reads it: ``socorg/urls.py`` includes the URL modules, the main navigation
(``portal.context.navigation``) shows the entries, ``portal.sections`` asks the section modules,
``socorg/celery.py`` installs the beat schedules and ``socorg/tests/test_access_matrix.py`` reads the access
modules. Declarations are kept in ``INSTALLED_APPS`` order (Django runs ``ready()`` in that order).

Modules are named by dotted path and imported by whoever reads them, so declaring costs nothing at start-up.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from importlib import import_module

# Who sees a navigation entry (the portal maps each user onto one of these).
ANONYMOUS, ORGANIZATION, SUPERVISOR, STAFF = "anonymous", "organization", "supervisor", "staff"
EVERYONE = frozenset({ANONYMOUS, ORGANIZATION, SUPERVISOR, STAFF})
ADMIN = "admin"  # system administrators: staff, who also see the entries declared for ADMIN


@dataclass(frozen=True)
class NavEntry:
    """A link of the main navigation. ``url`` is a URL name (``"credit:check"``) or a path (``"/api/docs/"``);
    ``viewers`` are the kinds of user who see it; the link is marked as the current page when the page's
    ``namespace:url_name`` matches one of ``current`` and none of ``not_current`` (``*`` is a wildcard, an
    un-namespaced page is ``:name``). Entries are shown in ``order``, across apps."""

    label: str
    url: str
    order: int
    viewers: frozenset = EVERYONE
    current: tuple[str, ...] = ()
    not_current: tuple[str, ...] = ()

    def is_current(self, namespace: str | None, url_name: str | None) -> bool:
        page = f"{namespace or ''}:{url_name or ''}"
        return (any(fnmatchcase(page, p) for p in self.current)
                and not any(fnmatchcase(page, p) for p in self.not_current))


@dataclass(frozen=True)
class AppDeclaration:
    """What one app adds to the project. ``urls`` and ``api_urls`` are ``(prefix, module)`` pairs (``api_urls``
    prefixes are usually ``"api/v1/"``); ``access`` and ``sections`` are module paths (an access module has
    ``URL_POLICIES`` and ``url_kwargs``; a section module has ``sections(org, as_of)``); ``beat`` is the path of a
    module with ``install_beat_schedule(celery_app)``; ``checks`` are ``(register, check)`` pairs: a lower app's
    extension point (e.g. ``supervision.eligibility.register_rating_check``) and the check this app adds to it."""

    label: str
    urls: tuple[tuple[str, str], ...] = ()
    api_urls: tuple[tuple[str, str], ...] = ()
    access: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    nav: tuple[NavEntry, ...] = ()
    beat: str | None = None
    checks: tuple[tuple[Callable, Callable], ...] = field(default=())


_declared: dict[str, AppDeclaration] = {}


def declare(declaration: AppDeclaration) -> AppDeclaration:
    """Record ``declaration`` (again: replaced, so ``ready()`` may run twice) and fill the lower apps' extension
    points with its checks (each register function is idempotent)."""
    _declared[declaration.label] = declaration
    for register, check in declaration.checks:
        register(check)
    return declaration


def declarations() -> list[AppDeclaration]:
    return list(_declared.values())


def url_modules() -> list[tuple[str, str]]:
    """The site's URL modules, app by app; a module mounted at the root ("") comes last, so it cannot shadow
    the others."""
    pairs = [pair for d in declarations() for pair in d.urls]
    return sorted(pairs, key=lambda pair: pair[0] == "")


def api_url_modules() -> list[tuple[str, str]]:
    return [pair for d in declarations() for pair in d.api_urls]


def access_modules() -> list:
    return [import_module(path) for d in declarations() for path in d.access]


@dataclass
class Section:
    """One section an app adds to the public organization page: its title, the template that renders it with
    ``context``, and its place (``order``, smaller first). A section module's ``sections(org, as_of)`` returns
    them; ``portal.sections.collect`` orders them."""

    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


def section_modules() -> list:
    return [import_module(path) for d in declarations() for path in d.sections]


def beat_modules() -> list:
    return [import_module(d.beat) for d in declarations() if d.beat]


def nav_entries(viewer: str, *also: str) -> list[NavEntry]:
    """The navigation entries ``viewer`` (one of ANONYMOUS, ORGANIZATION, SUPERVISOR, STAFF) sees, in order;
    ``also``: further kinds the user is (ADMIN for a system administrator)."""
    kinds = {viewer, *also}
    entries = [entry for d in declarations() for entry in d.nav if kinds & entry.viewers]
    return sorted(entries, key=lambda entry: entry.order)
