"""No personal data in public output: every public page and API endpoint of the URL conf (the OpenAPI schema and
its examples included), walked anonymously over the demo data, shows no full mainland phone number (mobile or
landline) and no 18-digit ID number, although the demo data holds both."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from common.crypto import decrypt
from registry.models import Organization, RegistrationEvent
from socorg.tests.site_walk import load_demo_data, public_patterns, public_urls

EDGE = r"(?<![0-9A-Za-z])"
END = r"(?![0-9A-Za-z])"
PERSONAL = {
    "mobile phone": re.compile(EDGE + r"1[3-9]\d{9}" + END),
    "landline": re.compile(EDGE + r"0\d{2,3}-?\d{7,8}" + END),
    "ID number": re.compile(EDGE + r"\d{17}[\dXx]" + END),
}


def leaks(text: str) -> list[str]:
    return [f"{kind} {m.group(0)}" for kind, pattern in PERSONAL.items() for m in pattern.finditer(text)]


def test_the_patterns_catch_what_they_must_and_spare_masked_values():
    assert leaks('"phone":"13800138000"') and leaks("电话：010-61234567。") and leaks("11010519491231002X")
    assert not leaks("138****8000 010******67 110105********002X 2026-12-05T01:47:05.796394 51110101MJ9000019X")


def answer_of(response) -> tuple[int, str]:
    """The status and the text of a response, streamed or not."""
    if response.streaming:
        return response.status_code, b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.status_code, response.content.decode("utf-8", "replace")


@pytest.mark.django_db
def test_no_public_url_shows_a_full_phone_or_an_id_number(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    load_demo_data()
    call_command("open_data", "release", stdout=io.StringIO())  # the open-data files are public pages too
    demo = Organization.objects.filter(is_demo=True)
    # the data holds what could leak: mobiles, landlines, ID numbers, phones in the event history
    assert demo.filter(phone__regex=r"^1[3-9]\d{9}$").exists()
    assert demo.filter(phone__regex=r"^0\d{2,3}-\d{7,8}$").exists()
    ids = [decrypt(o.legal_rep_id_encrypted) for o in demo.exclude(legal_rep_id_encrypted="")[:5]]
    assert ids and all(PERSONAL["ID number"].fullmatch(i) for i in ids)
    assert RegistrationEvent.objects.filter(organization__is_demo=True, kind="change", changes__has_key="phone").exists()

    names = {name for name, _ in public_patterns()}
    assert {"api-organization-events", "api-schema", "portal:organization", "credit:check"} <= names
    client = Client()
    answers = {url: answer_of(client.get(url)) for url in public_urls()}
    found = [f"{url}: {status}" for url, (status, _) in answers.items() if status >= 500]
    found += [f"{url}: {leak}" for url, (status, body) in answers.items() if status < 500 for leak in leaks(body)]
    assert sum(1 for status, _ in answers.values() if status == 200) > 60
    assert not found, "personal data in public output:\n" + "\n".join(found[:40])
