from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("panels/<str:indicator_id>/<str:by>/", views.panel, name="panel"),
    path("indicators/", views.catalogue, name="catalogue"),
    path("indicators/<str:indicator_id>/", views.indicator, name="indicator"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("targets/", views.targets, name="targets"),
    path("targets/<int:pk>/", views.target, name="target"),
]
