"""Every sign-in, failure, lockout, sign-out and two-factor change goes into the audit log (GB/T 22239-2019
level 3: security events audited). Connected in AuditConfig.ready(); passwords and codes are never recorded.

What is recorded is what arrives over HTTP (a request with a client address, as every WSGI request has): a sign-in
made in code without a request (``Client.force_login`` in tests, a shell) is not a security event of the site."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .services import record


def _client(request) -> dict:
    if request is None:
        return {}
    return {"ip": request.META.get("REMOTE_ADDR", ""), "path": request.path}


def _record(actor, action: str, user_key, after: dict, reason: str = "") -> None:
    with transaction.atomic():
        record(actor, action, "user", user_key, after=after, reason=reason)


def _over_http(request) -> bool:
    return request is not None and bool(request.META.get("REMOTE_ADDR"))


def logged_in(sender, request, user, **kwargs):
    if not _over_http(request):
        return
    _record(user, "sign_in", user.pk, {"username": user.username, **_client(request)})


def logged_out(sender, request, user, **kwargs):
    if user is not None and _over_http(request):
        _record(user, "sign_out", user.pk, {"username": user.username, **_client(request)})


def login_failed(sender, credentials, request=None, **kwargs):
    if not _over_http(request):
        return
    username = str(credentials.get("username", ""))[:150]
    _record(None, "sign_in_failed", username, {"username": username, **_client(request)},
            reason="wrong username or password, or a locked username")


def locked_out(sender, request, username=None, ip_address=None, **kwargs):
    _record(None, "sign_in_locked", username or "", {"username": username or "", "ip": ip_address or ""},
            reason="too many failed sign-ins in a row")


def second_factor_verified(sender, user, request, method, **kwargs):
    _record(user, "second_factor_passed", user.pk, {"username": user.username, "method": method, **_client(request)})


def second_factor_failed(sender, user, request, **kwargs):
    _record(user, "second_factor_failed", user.pk, {"username": user.username, **_client(request)},
            reason="a wrong or expired one-time code")


def device_saved(sender, instance, created, update_fields=None, **kwargs):
    """Enrolment is the save that confirms a device (a verification also saves it, to remember the last code)."""
    if instance.confirmed and (created or (update_fields and "confirmed" in update_fields)):
        _record(instance.user, "second_factor_enrolled", instance.user_id,
                {"username": instance.user.username, "device": instance.name})


def device_deleted(sender, instance, **kwargs):
    _record(None, "second_factor_removed", instance.user_id, {"device": instance.name, "confirmed": instance.confirmed})


def connect() -> None:
    from axes.signals import user_locked_out
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import signals as account_signals

    user_logged_in.connect(logged_in, dispatch_uid="audit-sign-in")
    user_logged_out.connect(logged_out, dispatch_uid="audit-sign-out")
    user_login_failed.connect(login_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit-sign-in-locked")
    account_signals.second_factor_verified.connect(second_factor_verified, dispatch_uid="audit-2fa-passed")
    account_signals.second_factor_failed.connect(second_factor_failed, dispatch_uid="audit-2fa-failed")
    post_save.connect(device_saved, sender=TOTPDevice, dispatch_uid="audit-2fa-enrolled")
    post_delete.connect(device_deleted, sender=TOTPDevice, dispatch_uid="audit-2fa-removed")
