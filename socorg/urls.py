from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from common.declarations import api_url_modules, url_modules

# The project's own URLs; every app's come from its declaration (common/declarations.py, filled in ready()).
urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    *[path(prefix, include(module)) for prefix, module in api_url_modules()],
    *[path(prefix, include(module)) for prefix, module in url_modules()],
]
