from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("accounts.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("registry.api_urls")),
    path("api/v1/", include("registry.import_urls_api")),
    path("api/v1/", include("supervision.reports_api_urls")),
    path("api/v1/", include("supervision.ratings_api_urls")),
    path("api/v1/", include("credit.api_urls")),
    path("api/v1/", include("stats.api_urls")),
    path("credit/", include("credit.urls")),
    path("stats/", include("stats.urls")),
    path("open-data/", include("stats.opendata_urls")),
    path("supervision/", include("supervision.reports_urls")),
    path("supervision/", include("supervision.ratings_urls")),
    path("staff/", include("portal.staff_urls")),
    path("staff/imports/", include("registry.import_urls")),
    path("", include("portal.urls")),
]
