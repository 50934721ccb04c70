"""exchange declares itself: the URL conf includes its URL modules and the access matrix reads its rules."""

from django.urls import URLResolver, get_resolver

from common import declarations


def test_the_app_is_declared_and_its_urls_and_access_rules_are_read():
    assert "exchange" in [d.label for d in declarations.declarations()]
    included = {entry.urlconf_name.__name__ for entry in get_resolver().url_patterns
                if isinstance(entry, URLResolver) and hasattr(entry.urlconf_name, "__name__")}
    assert {"exchange.urls", "exchange.api_urls"} <= included
    assert "exchange.access" in {module.__name__ for module in declarations.access_modules()}
