"""The dashboard in a real browser: every chart is drawn by ECharts (served locally) beside its table, and the
screenshot shows Chinese glyphs, not missing-glyph boxes. Screenshots go to var/screenshots/ (not committed)."""

from datetime import date

import pytest

from conftest import new_page, screenshot_path  # browser: the shared fixture in conftest.py

from .builders import grades, orgs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SAME_LENGTH = ("社会组织", "统计公报")  # two Chinese strings: with a CJK font they look different; without, identical boxes


def test_the_public_dashboard_draws_every_chart_with_chinese_labels(browser, live_server):
    city = orgs(300, "110000", level="city", founded=date(2012, 1, 1))
    orgs(40, "110101", founded=date(2019, 1, 1))
    orgs(25, "110102", org_type="social_service_agency", founded=date(2022, 5, 1))
    grades(city[:30], "5A")
    grades(city[30:90], "3A")
    page = new_page(browser)
    page.goto(f"{live_server.url}/stats/?division=110000&as_of=2024-06-30")
    assert "社会组织统计" in page.inner_text("h1")
    # The first panels come with the page, the others load right after it: wait until none is loading.
    page.wait_for_function("document.querySelectorAll('.stats-panel').length >= 25 && "
                           "!document.querySelector('.stats-panel[aria-busy]')")
    assert page.locator("#panel-cha-charities-division h2").inner_text().startswith("慈善组织数")
    charts = page.locator("[data-chart]")
    count = charts.count()
    assert count >= 6  # every panel with rows (empty panels show their table only)
    page.wait_for_function(f"document.querySelectorAll('[data-chart][data-rendered]').length === {count}")
    inked = page.evaluate("""() => Array.from(document.querySelectorAll('[data-chart] canvas')).map(c => {
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; })""")
    assert len(inked) == count and min(inked) > 500  # every canvas has something drawn on it
    share = page.locator("#panel-sup-3a-share-level")
    assert "30.0" in share.inner_text()  # 90 of 300 city-level organizations hold 3A or above
    assert "市级" in share.inner_text() and "下载 CSV" in share.inner_text()
    page.screenshot(path=screenshot_path("stats-dashboard.png"), full_page=True)

    # Chinese text is rendered with real glyphs: two different Chinese strings of the same length give different
    # pixels in the page's own text and in a canvas drawn with the chart's font.
    title = page.locator("#panel-reg-orgs-type h2")
    shots = []
    for text in SAME_LENGTH:
        page.evaluate("t => { document.querySelector('#panel-reg-orgs-type h2').firstChild.textContent = t; }", text)
        shots.append(title.screenshot())
    assert shots[0] != shots[1]
    drawn = page.evaluate("""(texts) => texts.map(t => { const c = document.createElement('canvas');
        c.width = 200; c.height = 40; const g = c.getContext('2d'); g.font = '20px sans-serif';
        g.fillText(t, 5, 30); return c.toDataURL(); })""", list(SAME_LENGTH))
    assert drawn[0] != drawn[1]
