"""The OpenAPI schema documents the annual-report, penalty and leadership endpoints, without warnings."""

from django.conf import settings
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.plumbing import _load_enum_name_overrides

PATHS = ["/api/v1/annual-reports/", "/api/v1/annual-reports/{id}/", "/api/v1/annual-reports/{id}/reviews/",
         "/api/v1/annual-reports/{id}/submissions/", "/api/v1/annual-reports/overdue/",
         "/api/v1/annual-reports/{id}/submissions/{number}/audit-report/", "/api/v1/penalties/",
         "/api/v1/penalties/{id}/", "/api/v1/leadership-terms/", "/api/v1/leadership-terms/{id}/",
         "/api/v1/leadership-terms/{id}/postponements/", "/api/v1/leadership-terms/overdue/",
         "/api/v1/departure-audits/", "/api/v1/departure-audits/{id}/"]

# Our views, serializers and enum properties, as warnings would name them.
OUR_WORDS = ("report", "Report", "penalt", "Penalt", "leadership", "Leadership", "departure", "Departure", "Term",
             "Overdue", '"conclusion"', '"review_', '"finding"', '"penalty"', '"department_kind"', '"filing"')


def schema_and_warnings():
    _load_enum_name_overrides.cache_clear()
    GENERATOR_STATS.reset()
    try:
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return schema, list(GENERATOR_STATS._warn_cache) + list(GENERATOR_STATS._error_cache)
    finally:
        GENERATOR_STATS.reset()


def test_our_paths_are_documented_without_warnings(db):
    schema, warnings = schema_and_warnings()
    # Generated under the project's settings, as served: its title, and its enum names for the clashing choices.
    assert schema["info"]["title"] == settings.SPECTACULAR_SETTINGS["TITLE"] == "socorg API"
    assert set(settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) <= set(schema["components"]["schemas"])

    assert set(PATHS) <= set(schema["paths"])
    ours = [w for w in warnings if any(word in w for word in OUR_WORDS)]
    assert ours == []


def test_the_submission_accepts_json_and_a_multipart_upload(db):
    schema, _ = schema_and_warnings()
    body = schema["paths"]["/api/v1/annual-reports/"]["post"]["requestBody"]["content"]

    assert {"application/json", "multipart/form-data"} <= set(body)
    responses = schema["paths"]["/api/v1/annual-reports/"]["post"]["responses"]
    assert {"201", "400", "403", "404"} <= set(responses)
