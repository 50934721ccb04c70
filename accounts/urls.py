from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    # Logout is POST-only (Django 5): a link cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/off/", views.two_factor_disable, name="two_factor_disable"),
    path("security/", views.security, name="security"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
]
