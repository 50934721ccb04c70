from django.urls import path

from . import opendata_views as views

app_name = "open_data"

urlpatterns = [
    path("", views.index, name="index"),
    path("public-key.pem", views.public_key, name="public_key"),
    path("latest/<str:name>", views.latest, name="latest"),
    path("<str:release_id>/<str:name>", views.release_file, name="file"),
]
