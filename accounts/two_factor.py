"""Two-factor sign-in (TOTP, django-otp) and password age, enforced for every request in one middleware.

Who must give a second factor: officers and administrators when ``SOCORG["REQUIRE_STAFF_2FA"]`` is on (the
production default; GB/T 22239-2019 level 3), and any user who enrolled an authenticator (organization users may).
Until then every page sends them to enrolment or to the code page; the API answers 403 with a bilingual error.
API tokens for such users are issued only with a current code (registry.api.TokenView asks
:func:`token_needs_code`). A password older than ``SOCORG["PASSWORD_MAX_AGE_DAYS"]`` (0: no expiry) sends the
user to the password change page first."""

from datetime import timedelta

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils import timezone
from django_otp import user_has_device

OPEN_PREFIXES = ("/accounts/", "/admin/login/", "/admin/logout/", "/i18n/", "/static/", "/healthz",
                 "/api/v1/auth/token/")


def is_staff_role(user) -> bool:
    return bool(user.is_active and (user.is_admin or user.is_officer))


def needs_second_factor(user) -> bool:
    """Whether ``user`` must give a code at sign-in: staff when the setting requires it, or anyone enrolled."""
    if not user.is_authenticated:
        return False
    return (settings.SOCORG["REQUIRE_STAFF_2FA"] and is_staff_role(user)) or user_has_device(user, confirmed=True)


def token_needs_code(user) -> bool:
    return needs_second_factor(user)


def password_expired(user, now=None) -> bool:
    days = int(settings.SOCORG["PASSWORD_MAX_AGE_DAYS"])
    if days <= 0 or not user.is_authenticated or not user.has_usable_password():
        return False
    changed = user.password_changed_at or user.date_joined
    return changed < (now or timezone.now()) - timedelta(days=days)


def _refuse_api(code: str, zh: str, en: str) -> JsonResponse:
    return JsonResponse({"errors": [{"code": code, "field": None, "message_zh": zh, "message_en": en}]}, status=403)


class SecondFactorMiddleware:
    """After AuthenticationMiddleware and django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            if needs_second_factor(user) and not user.is_verified():
                if request.path.startswith("/api/"):
                    return _refuse_api("AUTH-2FA-REQUIRED", "请先完成两步验证（动态验证码）再使用接口",
                                       "complete two-factor sign-in (a one-time code) before using the API")
                has_device = user_has_device(user, confirmed=True)
                target = "accounts:two_factor_verify" if has_device else "accounts:two_factor_setup"
                return redirect(f"{_reverse(target)}?next={request.get_full_path()}")
            if password_expired(user):
                if request.path.startswith("/api/"):
                    return _refuse_api("AUTH-PASSWORD-EXPIRED", "密码已过期，请先在网页上修改密码",
                                       "your password has expired: change it on the web first")
                return redirect(_reverse("accounts:password_change"))
        return self.get_response(request)


def _reverse(name: str) -> str:
    from django.urls import reverse

    return reverse(name)
