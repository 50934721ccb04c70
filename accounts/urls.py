from django.contrib.auth import views as auth_views
from django.urls import path

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    # Logout is POST-only (Django 5): a link cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
