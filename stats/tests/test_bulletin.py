"""Statistical bulletins: the standard tables and text, each figure citing its indicator; built and verified by
the command, tampering and changed data named figure by figure; HTML, XLSX and PDF from the web page."""

import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from stats.bulletin import build

from .builders import grades, listed, orgs

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _open_data(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_SIGNING_KEY = tmp_path / "key.pem"


@pytest.fixture
def register():
    city = orgs(300, "110000", level="city", founded=date(2015, 1, 1))
    orgs(60, "110101", founded=date(2023, 4, 1), org_type="social_service_agency")
    orgs(10, "110102", founded=date(2016, 1, 1), status="deregistered", removed_on=date(2023, 5, 1))
    orgs(5, "110102", founded=date(2016, 1, 1), org_type="foundation")
    grades(city[:40], "4A")
    grades(city[40:50], "2A")
    listed(city[50:53], "abnormal", date(2023, 2, 1))
    return city


def run(*args):
    out = io.StringIO()
    try:
        call_command("bulletin", *args, stdout=out)
    except SystemExit as exit_:
        return out.getvalue(), exit_.code
    return out.getvalue(), 0


def test_the_bulletin_has_the_standard_tables_and_a_generated_text(register):
    b = build("110000", 2023)
    assert b.as_of == date(2023, 12, 31)
    assert b.text_zh.startswith("截至2023年底，北京市共有登记社会组织365个，比上年末增长15.9%；")  # 315 -> 365
    assert "社会服务机构60个" in b.text_zh and "基金会5个" in b.text_zh and "全年成立登记60个" in b.text_zh
    assert "注销、撤销、吊销10个" in b.text_zh and "3A以上等级的社会组织占登记社会组织的11.0%" in b.text_zh
    assert "At the end of 2023, 110000 had 365 registered social organizations" in b.text_en
    assert all(f["indicator"] and f["label_zh"] for f in b.figures)
    meta = b.meta
    assert meta["as_of"] == "2023-12-31" and len(meta["checksum"]) == 64 and len(meta["code_version"]) == 12


def test_a_bulletin_verifies_and_a_tampered_one_names_the_figure(register, tmp_path):
    path = tmp_path / "bulletin.html"
    out, code = run("build", "--division", "110000", "--year", "2023", "--out", str(path))
    assert code == 0 and "checksum" in out
    html = path.read_text()
    assert "北京市2023年社会组织统计公报" in html and 'data-indicator="SUP-3A-SHARE"' in html
    out, code = run("verify", str(path))
    assert code == 0 and "verified" in out
    first = re.search(r'data-n="1" data-indicator="REG-ORGS" data-by="" data-key="">365<', html)
    assert first
    path.write_text(html.replace(first.group(0), first.group(0).replace(">365<", ">366<")))
    out, code = run("verify", str(path))
    assert code == 1 and "figure 1 (REG-ORGS total ): the file says 366, recomputed 365" in out
    assert "checksum" in out and "NOT VERIFIED" in out


def test_changed_data_is_named_by_verify(register, tmp_path):
    path = tmp_path / "bulletin.xlsx"
    run("build", "--division", "110000", "--year", "2023", "--out", str(path))
    assert run("verify", str(path))[1] == 0
    orgs(2, "110101", founded=date(2023, 6, 1), org_type="social_service_agency")  # a late, backdated entry
    out, code = run("verify", str(path))
    assert code == 1 and "(REG-ORGS total ): the file says 365, recomputed 367" in out
    assert "(REG-ORGS type social_service_agency): the file says 60, recomputed 62" in out
    assert "checksum" not in out  # the file itself is intact


def test_a_tampered_spreadsheet_is_named(register, tmp_path):
    path = tmp_path / "bulletin.xlsx"
    run("build", "--division", "110000", "--year", "2023", "--out", str(path))
    book = load_workbook(path)
    sheet = book["统计公报"]
    row = next(r for r in sheet.iter_rows(min_row=6) if r[5].value == "SUP-3A-SHARE")
    row[3].value = "33.0"
    book.save(path)
    out, code = run("verify", str(path))
    assert code == 1 and "(SUP-3A-SHARE total ): the file says 33.0, recomputed 11.0" in out


def test_bad_input_is_refused(register, tmp_path):
    with pytest.raises(CommandError, match="unknown division code"):
        run("build", "--division", "999999", "--year", "2023", "--out", str(tmp_path / "x.html"))
    with pytest.raises(CommandError, match=r"\.html, \.xlsx or \.pdf"):
        run("build", "--year", "2023", "--out", str(tmp_path / "x.doc"))
    other = tmp_path / "other.html"
    other.write_text("<html><body>hello</body></html>")
    with pytest.raises(CommandError, match="not a socorg statistical bulletin"):
        run("verify", str(other))
    with pytest.raises(CommandError, match="no such file"):
        run("verify", str(tmp_path / "missing.html"))


def test_the_web_page_shows_the_bulletin_and_its_files(client, register):
    url = reverse("stats:bulletin")
    page = client.get(url, {"division": "110000", "year": 2023})
    html = page.content.decode()
    assert page.status_code == 200 and "北京市2023年社会组织统计公报" in html and "SUP-3A-SHARE" in html
    pdf = client.get(url, {"division": "110000", "year": 2023, "file": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    # The PDF names its CJK font, subset (a six-letter tag before the name).
    assert re.search(rb"\b[A-Z]{6}\+Noto-Sans-CJK-SC\b", _fonts(pdf.content))
    xlsx = client.get(url, {"division": "110000", "year": 2023, "file": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content))["verification"]["A1"].value == "format"
    bad = client.get(url, {"division": "999999", "year": 2023})
    assert bad.status_code == 400 and "未知的行政区划代码" in bad.content.decode()


def _fonts(pdf: bytes) -> bytes:
    """Font names from the PDF's object streams (compressed)."""
    import zlib

    names = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            data = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        names += b" ".join(re.findall(rb"/BaseFont\s*/([^\s/]+)", data))
    return names


def test_anyone_verifies_a_bulletin_from_the_open_data_release_without_the_platform(register, tmp_path):
    path = tmp_path / "bulletin.html"
    out, code = run("build", "--division", "110000", "--year", "2023", "--out", str(path))
    assert "release 2023-12-31" in out
    release = tmp_path / "open-data" / "2023-12-31"
    key = tmp_path / "public.pem"
    key.write_bytes((release / "public-key.pem").read_bytes())
    assert '"release_id": "2023-12-31"' in path.read_text()
    command = [sys.executable, "-m", "stats.release_check", str(path), str(release), str(key)]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}  # no Django settings, no database
    ok = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout
    assert "verified from the open data" in ok.stdout and "(SUP-EMPLOYEES): not in the open data" in ok.stdout
    html = path.read_text()
    share = re.search(r'data-indicator="SUP-3A-SHARE" data-by="" data-key="">11.0<', html).group(0)
    path.write_text(html.replace(share, share.replace("11.0", "32.9")))
    bad = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path)
    assert bad.returncode == 1
    assert "(SUP-3A-SHARE total ): the bulletin says 32.9, the open data give 11.0" in bad.stdout
