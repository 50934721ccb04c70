"""Two-factor enrolment and the code page, turning an authenticator off (where it is not required), and the
password change page. The rules are in accounts.two_factor; events are audited (audit.apps)."""

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .signals import second_factor_failed, second_factor_verified
from .two_factor import is_staff_role

DEVICE_NAME = "authenticator"


class CodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Six-digit code"), min_length=6, max_length=8,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse_lazy("staff:home") if is_staff_role(request.user) else "/"


def _wrong_code(request, form):
    second_factor_failed.send(sender=type(request.user), user=request.user, request=request)
    form.add_error("code", "AUTH-2FA-CODE: " + _("the code is wrong or has expired; read the current one from "
                                                 "the app"))


@login_required
def two_factor_setup(request):
    """Enrol an authenticator: a QR code and the secret, confirmed by one code."""
    if user_has_device(request.user, confirmed=True):
        return redirect("accounts:two_factor_verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            second_factor_verified.send(sender=type(request.user), user=request.user, request=request, method="totp")
            messages.success(request, _("Two-factor sign-in is on for your account."))
            return redirect(_next(request))
        _wrong_code(request, form)
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code for the authenticator app"))
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr": qr, "secret": " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
        "next": _next(request), "required": is_staff_role(request.user)})


@login_required
def two_factor_verify(request):
    """The second step of sign-in: a current code from the enrolled authenticator."""
    if not user_has_device(request.user, confirmed=True):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].strip()
        device = next((d for d in TOTPDevice.objects.filter(user=request.user, confirmed=True)
                       if d.verify_token(code)), None)
        if device is not None:
            otp_login(request, device)
            second_factor_verified.send(sender=type(request.user), user=request.user, request=request, method="totp")
            return redirect(_next(request))
        _wrong_code(request, form)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_POST
def two_factor_disable(request):
    """An organization user may turn the authenticator off (after giving a code); staff may not when it is
    required."""
    from django.conf import settings

    if settings.SOCORG["REQUIRE_STAFF_2FA"] and is_staff_role(request.user):
        messages.error(request, "AUTH-2FA-REQUIRED: " + _("two-factor sign-in is required for officers and "
                                                          "administrators: it cannot be turned off"))
        return redirect("accounts:security")
    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    TOTPDevice.objects.filter(user=request.user).delete()
    messages.success(request, _("Two-factor sign-in is off for your account."))
    return redirect("accounts:security")


@login_required
def security(request):
    """The user's own sign-in security: two-factor state, password age, the way to change it."""
    return render(request, "accounts/security.html", {
        "enrolled": user_has_device(request.user, confirmed=True), "required": is_staff_role(request.user)})


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response
