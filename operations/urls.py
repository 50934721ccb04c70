"""Pages of operations, mounted at /operations/ by its declaration (apps.py); classified in access.py."""

from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [
    path("", views.status, name="status"),
    path("audit-chain/", views.check_chain, name="check_chain"),
]
