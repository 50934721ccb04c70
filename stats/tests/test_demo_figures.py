"""The seeds' kind of figures come out of the demo data (load_demo, load_demo_supervision, load_demo_credit) by
clicking: the dashboard of Beijing shows registered organizations by type and level, grades and the 3A-and-above
share, list members; each equals the register counted directly, and the demo bulletin verifies."""

import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from credit.models import ListEntry
from divisions.models import subtree_q
from registry.models import Organization
from supervision.models.ratings import GradeSpan

pytestmark = pytest.mark.django_db


def run(name, *args) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def cell(html, panel, key_label):
    section = re.search(rf'id="panel-{panel}".*?</section>', html, re.S).group(0)
    later = re.match(r'[^>]*hx-get="([^"]+)"', section)  # a panel the dashboard loads after the page
    if later:
        section = Client().get(later.group(1).replace("&amp;", "&")).content.decode()
    row = re.search(rf'<th scope="row">{key_label}.*?data-value="([^"]*)"', section, re.S)
    return row.group(1) if row else None


def test_the_demo_dashboard_shows_the_seeds_kind_of_figures(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_SIGNING_KEY = tmp_path / "key.pem"
    run("load_demo", "--count", "120")
    run("load_demo_supervision")
    run("load_demo_credit")
    today = timezone.localdate()
    html = Client().get("/stats/", {"division": "110000", "as_of": today.isoformat()}).content.decode()
    beijing = Organization.objects.filter(subtree_q("authority_id", "110000"), status="active")
    assert int(cell(html, "reg-orgs-type", "合计 Total")) == beijing.count() > 0
    assert int(cell(html, "reg-orgs-type", "社会团体")) == beijing.filter(org_type="social_group").count()
    spans = GradeSpan.objects.filter(valid_from__lte=today, valid_to__gt=today, organization__in=beijing)
    assert spans.exists(), "the demo confers grades"
    assert int(cell(html, "sup-graded-category", "合计 Total")) == spans.count()
    top = spans.filter(grade__in=("5A", "4A", "3A")).count()
    share = cell(html, "sup-3a-share-level", "合计 Total")
    assert Decimal(share) == (Decimal(100 * top) / beijing.count()).quantize(Decimal("0.1"), ROUND_HALF_UP)
    listed = ListEntry.objects.filter(subtree_q("organization__authority_id", "110000"), start_on__lte=today).exclude(
        end_on__lte=today)
    assert int(cell(html, "crd-listed-category", "合计 Total") or 0) == listed.count()
    path = tmp_path / "demo-bulletin.html"
    run("bulletin", "build", "--division", "110000", "--year", str(today.year), "--out", str(path))
    assert "verified" in run("bulletin", "verify", str(path))
