"""Sign-in security (GB/T 22239-2019 level 3): officers and administrators sign in with a password and a TOTP code;
organization users may turn it on; failed sign-ins lock the username, with an unlock path; the password policy and
its age; sessions end after inactivity; every step is audited."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from conftest import PASSWORD, api_as, assert_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_on(settings):
    settings.SOCORG = {**settings.SOCORG, "REQUIRE_STAFF_2FA": True}
    settings.AXES_ENABLED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # after a wrong code the next try waits 1 s, 2 s, 4 s…; not in tests


def sign_in(client: Client, user, password: str = PASSWORD):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


def code(device: TOTPDevice, drift: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def actions(user_key) -> list[str]:
    return list(AuditEvent.objects.filter(object_type="user", object_id=str(user_key)).order_by("seq")
                .values_list("action", flat=True))


def enrol(client: Client) -> TOTPDevice:
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    assert client.post("/accounts/two-factor/setup/", {"code": code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_an_officer_enrols_then_every_sign_in_asks_for_a_code(world, security_on):
    client = Client()
    assert sign_in(client, world.county_a).status_code == 302
    workbench = client.get("/staff/")
    assert workbench.status_code == 302 and workbench["Location"].startswith("/accounts/two-factor/setup/")
    page = client.get("/accounts/two-factor/setup/").content.decode()
    device = TOTPDevice.objects.get(user=world.county_a)
    assert device.config_url.split("secret=")[1].split("&")[0][:4] in page  # the key is shown beside the QR

    wrong = client.post("/accounts/two-factor/setup/", {"code": "000000" if code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "AUTH-2FA-CODE" in wrong.content.decode()
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed
    assert client.post("/accounts/two-factor/setup/", {"code": code(device)}).status_code == 302
    assert client.get("/staff/").status_code == 200

    client.post("/accounts/logout/")
    again = Client()
    sign_in(again, world.county_a)
    assert again.get("/staff/")["Location"].startswith("/accounts/two-factor/")
    assert again.get("/accounts/two-factor/setup/")["Location"].startswith("/accounts/two-factor/")  # enrolled once
    assert again.post("/accounts/two-factor/", {"code": code(device, drift=1)}).status_code == 302
    assert again.get("/staff/").status_code == 200
    assert actions(world.county_a.pk) == ["sign_in", "second_factor_failed", "second_factor_enrolled",
                                          "second_factor_passed", "sign_out", "sign_in", "second_factor_passed"]


def test_the_api_refuses_an_unverified_officer_and_tokens_need_the_code(world, security_on):
    client = Client()
    sign_in(client, world.county_a)
    refused = client.get("/api/v1/organizations/")
    assert_error(refused, 403, "AUTH-2FA-REQUIRED")
    device = enrol(client)
    assert client.get("/api/v1/organizations/").status_code == 200

    anonymous = api_as(None)
    without = anonymous.post("/api/v1/auth/token/", {"username": "dongcheng", "password": PASSWORD}, format="json")
    assert_error(without, 400, "AUTH-2FA-CODE", "otp")
    granted = anonymous.post("/api/v1/auth/token/", {"username": "dongcheng", "password": PASSWORD,
                                                     "otp": code(device, drift=1)}, format="json")
    assert granted.status_code == 200, granted.json()
    assert len(granted.json()["token"]) == 40


def test_an_organization_user_may_turn_two_factor_on_and_off(world, security_on):
    client = Client()
    sign_in(client, world.user_a)
    assert client.get("/supervision/reports/mine/").status_code == 200  # not required for organizations
    client.cookies["django_language"] = "en"
    assert "Only your password protects this account." in client.get("/accounts/security/").content.decode()
    device = enrol(client)
    client.post("/accounts/logout/")
    again = Client()
    sign_in(again, world.user_a)
    assert again.get("/supervision/reports/mine/")["Location"].startswith("/accounts/two-factor/")
    again.post("/accounts/two-factor/", {"code": code(device, drift=1)})
    assert again.post("/accounts/two-factor/off/").status_code == 302
    assert not TOTPDevice.objects.filter(user=world.user_a).exists()
    assert "second_factor_removed" in actions(world.user_a.pk)

    officer = Client()
    sign_in(officer, world.county_a)
    staff_device = enrol(officer)
    assert officer.post("/accounts/two-factor/off/").status_code == 302
    assert TOTPDevice.objects.filter(pk=staff_device.pk).exists()  # required: it stays


def test_failed_sign_ins_lock_the_username_until_an_administrator_unlocks_it(world, security_on, settings):
    settings.AXES_FAILURE_LIMIT = 5
    client = Client()
    for _ in range(4):
        assert sign_in(client, world.county_b, "wrong password").status_code == 200
    assert sign_in(client, world.county_b, "wrong password").status_code == 429  # the fifth locks
    locked = sign_in(client, world.county_b)  # the right password, too late
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "AUTH-LOCKED" in page and "30" in page
    assert "_auth_user_id" not in client.session
    assert actions("xicheng").count("sign_in_failed") == 6 and "sign_in_locked" in actions("xicheng")
    call_command("axes_reset_username", "xicheng", verbosity=0)
    assert sign_in(Client(), world.county_b).status_code == 302
    assert sign_in(Client(), world.county_a).status_code == 302  # another username was never locked


def test_the_password_policy_refuses_weak_passwords_and_dates_the_change(world):
    client = Client()
    client.force_login(world.county_a)
    client.cookies["django_language"] = "en"
    for weak, words in (("short1", "too short"), ("1234567890123", "entirely numeric"),
                        ("password123", "too common"), ("dongcheng2026", "too similar")):
        page = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": weak,
                                                   "new_password2": weak})
        assert page.status_code == 200 and words in page.content.decode(), weak
    before = timezone.now()
    done = client.post("/accounts/password/", {"old_password": PASSWORD, "new_password1": "晨光-河畔-长廊-47",
                                               "new_password2": "晨光-河畔-长廊-47"})
    assert done.status_code == 302
    world.county_a.refresh_from_db()
    assert world.county_a.password_changed_at >= before


def test_an_expired_password_must_be_changed_first(world, settings):
    settings.SOCORG = {**settings.SOCORG, "PASSWORD_MAX_AGE_DAYS": 90}
    type(world.county_a).objects.filter(pk=world.county_a.pk).update(
        password_changed_at=timezone.now() - timedelta(days=91))
    client = Client()
    client.force_login(world.county_a)
    assert client.get("/staff/")["Location"] == "/accounts/password/"
    assert_error(client.get("/api/v1/organizations/"), 403, "AUTH-PASSWORD-EXPIRED")
    settings.SOCORG = {**settings.SOCORG, "PASSWORD_MAX_AGE_DAYS": 0}  # the default: no expiry
    assert client.get("/staff/").status_code == 200


def test_a_session_ends_after_the_idle_time_and_each_request_restarts_it(world, settings):
    settings.SESSION_COOKIE_AGE = 30 * 60
    client = Client()
    client.force_login(world.county_a)
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/staff/").status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)  # restarted by the request
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")
