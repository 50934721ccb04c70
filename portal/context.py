from django.conf import settings
from django.urls import reverse

from accounts.models import Role
from common.declarations import ADMIN, ANONYMOUS, ORGANIZATION, STAFF, SUPERVISOR, nav_entries


def site(request):
    return {"SHOW_DEMO_BANNER": settings.SOCORG["SHOW_DEMO_BANNER"]}


def viewer(user) -> str:
    """The kind of user a navigation entry is declared for (common.declarations)."""
    if not user.is_authenticated:
        return ANONYMOUS
    return {Role.ORGANIZATION: ORGANIZATION, Role.SUPERVISOR: SUPERVISOR}.get(user.role, STAFF)


def navigation(request):
    """The main navigation: the entries the apps declared for this kind of user, in their order."""
    match = request.resolver_match
    namespace, url_name = (match.namespace, match.url_name) if match else (None, None)
    kinds = [ADMIN] if getattr(request.user, "is_admin", False) else []
    return {"nav_entries": [
        {"label": entry.label, "href": entry.url if entry.url.startswith("/") else reverse(entry.url),
         "current": entry.is_current(namespace, url_name)}
        for entry in nav_entries(viewer(request.user), *kinds)]}
