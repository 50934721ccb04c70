"""The OpenAPI schema and its Swagger UI: generated without warnings, served without any CDN."""

from django.conf import settings
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import _load_enum_name_overrides
from drf_spectacular.settings import patched_settings, spectacular_settings

PATHS = ["/api/v1/organizations/", "/api/v1/organizations/{code}/", "/api/v1/organizations/{code}/events/",
         "/api/v1/divisions/", "/api/v1/divisions/{code}/", "/api/v1/auth/token/"]
# Organizations and divisions both have "level" and "status" fields with different choices; without names
# for them drf-spectacular warns and invents hashed enum names. These belong in SPECTACULAR_SETTINGS.
ENUM_NAME_OVERRIDES = {
    "DivisionLevelEnum": "divisions.models.Level",
    "DivisionStatusEnum": "divisions.models.Status",
    "OrganizationLevelEnum": "registry.models.Level",
    "OrganizationStatusEnum": "registry.models.Status",
}


def generate_warnings() -> list[str]:
    _load_enum_name_overrides.cache_clear()
    GENERATOR_STATS.reset()
    try:
        SchemaGenerator().get_schema(request=None, public=True)
        return list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    finally:
        GENERATOR_STATS.reset()
        _load_enum_name_overrides.cache_clear()


def test_schema_is_served_with_our_paths(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert set(PATHS) <= set(schema["paths"])
    assert "ErrorResponse" in schema["components"]["schemas"]
    assert "legal_rep_id" not in schema["components"]["schemas"]["Organization"].get("required", [])


def test_docs_use_no_external_host(client, db):
    response = client.get("/api/docs/")

    html = response.content.decode().lower()
    assert response.status_code == 200
    assert "swagger" in html
    for host in ("cdn", "jsdelivr", "unpkg", "https://", "http://"):
        assert host not in html, host
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/drf_spectacular_sidecar/swagger-ui-dist/{asset}" in html
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}"), asset


def test_our_views_generate_without_warnings(db):
    overrides = {**spectacular_settings.ENUM_NAME_OVERRIDES, **ENUM_NAME_OVERRIDES}
    with patched_settings({"ENUM_NAME_OVERRIDES": overrides}):
        assert generate_warnings() == []


def test_settings_name_the_shared_enums(db):
    assert ENUM_NAME_OVERRIDES.items() <= settings.SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}).items()
    assert generate_warnings() == []
