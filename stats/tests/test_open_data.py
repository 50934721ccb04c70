"""The daily open-data release: tables as CSV (BOM), JSON Lines and Parquet, a data package with a zh/en
dictionary, DCAT, a signed manifest verifiable with the public key alone; stable URLs; no personal data."""

import csv
import io
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from stats.models import Release
from stats.opendata import TABLES

from .builders import grades, listed, orgs, penalties

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def release_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_SIGNING_KEY = tmp_path / "key.pem"
    return tmp_path / "open-data"


@pytest.fixture
def register(world):
    a = orgs(20, "110101", founded=date(2018, 1, 1))
    orgs(3, "110102", status="deregistered", founded=date(2016, 1, 1), removed_on=date(2022, 1, 1))
    grades(a[:5], "4A")
    listed(a[5:7], "abnormal", date(2023, 1, 1))
    penalties(a[7:8], "fine", date(2023, 5, 1), amount="5000")
    return world


def release(day=None):
    out = io.StringIO()
    call_command("open_data", "release", *(["--as-of", day.isoformat()] if day else []), stdout=out)
    return out.getvalue()


def test_a_release_has_every_table_in_three_formats_with_a_dictionary_and_a_signed_manifest(register, release_dir):
    import pyarrow.parquet as pq

    release()
    day = timezone.localdate().isoformat()
    out = release_dir / day
    manifest = json.loads((out / "manifest.json").read_text())
    rows = {f["path"]: f["rows"] for f in manifest["files"] if "rows" in f}
    assert rows["organizations.csv"] == 27 and rows["organizations.jsonl"] == 27  # 23 here + the world's 4
    assert rows["grades.csv"] == 5 and rows["list_entries.csv"] == 2 and rows["penalties.parquet"] == 1
    raw = (out / "organizations.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["status"] for r in table} == {"active", "deregistered"} and len(table) == 27
    assert pq.read_table(out / "organizations.parquet").num_rows == 27
    first = json.loads((out / "organizations.jsonl").read_text().splitlines()[0])
    assert set(first) == {f.name for f in TABLES[0].fields}
    package = json.loads((out / "datapackage.json").read_text())
    field = package["resources"][0]["schema"]["fields"][1]
    assert (field["name"], field["title"], field["description"]) == ("name", "名称", "name")
    assert {r["path"] for r in package["resources"]} >= {"organizations.csv", "organizations.jsonl",
                                                         "organizations.parquet", "spot_check_results.csv"}
    dcat = json.loads((out / "dcat.jsonld").read_text())
    assert dcat["@type"] == "dcat:Dataset" and dcat["dct:identifier"] == day
    assert Release.objects.get().rows["organizations"] == 27


def test_no_personal_data_is_released(register, release_dir):
    release()
    text = "".join(p.read_text(encoding="utf-8", errors="ignore") for p in (release_dir / timezone.localdate()
                                                                              .isoformat()).glob("*.*"))
    assert "11010519491231002X" not in text and "13800138000" not in text  # org_a's legal rep ID and phone
    assert register.org_a.legal_rep_id_hash not in text
    assert register.org_a.name in text


def test_the_release_verifies_with_the_public_key_alone_and_tampering_is_named(register, release_dir, tmp_path):
    release()
    out = release_dir / timezone.localdate().isoformat()
    key = tmp_path / "public.pem"
    key.write_bytes((out / "public-key.pem").read_bytes())
    standalone = [sys.executable, "-m", "stats.release_verify", str(out), str(key)]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}  # no Django settings, no database
    ok = subprocess.run(standalone, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert ok.returncode == 0 and "verified" in ok.stdout
    openssl = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", str(key), "-rawin", "-in",
                              str(out / "manifest.json"), "-sigfile", str(out / "manifest.sig")],
                             capture_output=True, text=True)
    assert openssl.returncode == 0 and "Signature Verified Successfully" in openssl.stdout
    path = out / "penalties.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("5000", "500"), encoding="utf-8-sig")
    bad = subprocess.run(standalone, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 1 and "penalties.csv: SHA-256" in bad.stdout
    manifest = out / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"rows": 1', '"rows": 2'))
    stdout = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("open_data", "verify", str(out), "--public-key", str(key), stdout=stdout)
    assert "manifest.json: the signature does not match" in stdout.getvalue()


def test_stable_urls_for_the_latest_and_every_dated_release(client, register, release_dir):
    earlier = timezone.localdate() - timedelta(days=1)
    release(earlier)
    release()
    today = timezone.localdate().isoformat()
    latest = client.get(reverse("open_data:latest", args=["organizations.csv"]))
    assert latest.status_code == 302 and latest["Location"] == f"/open-data/{today}/organizations.csv"
    served = client.get(latest["Location"])
    assert b"".join(served.streaming_content) == (release_dir / today / "organizations.csv").read_bytes()
    dated = client.get(reverse("open_data:file", args=[earlier.isoformat(), "manifest.json"]))
    assert json.loads(b"".join(dated.streaming_content))["release"] == earlier.isoformat()
    key = client.get(reverse("open_data:public_key"))
    assert key.content == (release_dir / today / "public-key.pem").read_bytes()
    page = client.get(reverse("open_data:index")).content.decode()
    assert today in page and earlier.isoformat() in page and "社会组织登记信息" in page
    assert client.get(reverse("open_data:file", args=["1999-01-01", "manifest.json"])).status_code == 404
    assert client.get(reverse("open_data:file", args=[today, "nothing.csv"])).status_code == 404


def test_a_release_is_made_once_and_never_for_the_future(register, release_dir):
    release()
    first = (release_dir / timezone.localdate().isoformat() / "manifest.json").read_bytes()
    release()
    assert Release.objects.count() == 1
    assert (release_dir / timezone.localdate().isoformat() / "manifest.json").read_bytes() == first
    with pytest.raises(CommandError, match="future"):
        release(timezone.localdate() + timedelta(days=1))
