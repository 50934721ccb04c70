"""Pages speak to people. Crawled over the demo data from the home page (anonymously) and from the workbenches
(as an officer, an organization user and a business supervisor user): every public page of the URL conf is reachable
by following the site's links, and no page prints a Python repr, a setting's name, an internal fact code (re:6,
ary:46) or, on a Chinese page, an untranslated enum token (objection, establishment, illegal …); every column
heading says what it holds."""

import re

import pytest
from django.apps import apps
from django.test import Client

from accounts.models import User
from socorg.tests.site_walk import crawl, load_demo_data, parameters, public_patterns

REPRS = {
    "a Python dict or list": re.compile(r"\{'|\{\"|\['|\[\""),
    "a QuerySet or object repr": re.compile(r"<QuerySet|<[A-Z]\w+: |object at 0x"),
    "None/True/False": re.compile(r"\b(None|True|False)\b"),
    "a setting name": re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"),
    "an internal code": re.compile(r"(?<![\w/.:-])[a-z]{1,5}:\d+\b"),
    "an audit action code": re.compile(r"\b(?:organization|event|account|setting|import)\.[a-z_]+\b"),
}
NAMED_TOKENS = {"objection", "establishment", "illegal", "abnormal", "serious", "rectify", "renewal", "inspection"}


def enum_tokens() -> set[str]:
    """The stored snake_case values of every choice field of the project's models (what a page shows when it
    prints a value instead of its label), and the tokens the issue names. Single plain words are left out: the
    demo data itself is bilingual ("（演示） / annual report not published")."""
    tokens = set(NAMED_TOKENS)
    for model in apps.get_models():
        if model._meta.app_label not in {"registry", "supervision", "credit", "accounts", "divisions"}:
            continue
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "choices", None) or []:
                if isinstance(value, str) and re.fullmatch(r"[a-z]+(_[a-z]+)+", value):
                    tokens.add(value)
    return tokens


def page_problems(url, page, tokens) -> list[str]:
    text = " ".join(" ".join(page.text).split())
    found = [f"{url}: {what} «{m.group(0)}» …{text[max(0, m.start() - 40):m.end() + 40]}…"
             for what, pattern in REPRS.items() for m in pattern.finditer(text)]
    if page.lang.startswith("zh"):
        zh = " ".join(" ".join(page.zh_text).split())
        found += [f"{url}: untranslated «{m.group(0)}» …{zh[max(0, m.start() - 40):m.end() + 40]}…"
                  for m in re.finditer(r"\b[a-z]+(?:_[a-z]+)*\b", zh) if m.group(0) in tokens]
    found += [f"{url}: a column heading that says nothing ({heading!r})" for heading in page.headings
              if not heading.strip() or heading.strip() == "#" or re.fullmatch(r"[a-z_]+", heading.strip())]
    return found


@pytest.fixture
def demo(db):
    load_demo_data()


def client_of(username=None):
    client = Client()
    if username == "en":
        client.cookies["django_language"] = "en"
    elif username:
        client.force_login(User.objects.get(username=username))
    return client


def test_the_scan_catches_what_it_must():
    from socorg.tests.site_walk import parse

    page = parse('<html lang="zh-Hans"><body><p>CREDIT_NOTICE_DAYS = 10 {\'base\': 70} ar:7 None objection'
                 '</p><table><tr><th></th><th>ref</th></tr></table></body></html>')
    problems = " ".join(page_problems("/x/", page, {"objection"}))
    for expected in ("setting name", "dict", "internal code", "None", "untranslated «objection»", "heading"):
        assert expected in problems, expected
    clean = parse('<html lang="zh-Hans"><body><p>列入前告知期：10 日（全国默认值） 10:30 ABN-1 API</p></body></html>')
    assert page_problems("/y/", clean, {"objection"}) == []


def test_every_public_page_is_reachable_from_the_home_page(demo):
    _pages, targets = crawl(client_of(), ["/"])
    pages = {name for name, route in public_patterns()
             if not parameters(route) and (not route.startswith("api/") or name == "api-docs")}
    pages -= {"accounts:logout"}  # a signed-in user's button (POST), not a page
    pages -= {"healthz"}  # JSON for load balancers, not a page
    assert {"credit:illegal", "credit:announcements", "credit:screen", "ratings:sheets", "portal:home"} <= pages
    unreachable = sorted(pages - targets)
    assert not unreachable, f"public pages no link reaches from the home page: {unreachable}"


@pytest.mark.parametrize("who,starts", [
    (None, ["/"]),
    ("en", ["/"]),  # the English site: reprs, setting names and codes are as wrong there
    ("demo-dongcheng", ["/", "/staff/", "/supervision/", "/credit/staff/"]),
    ("demo-org", ["/supervision/reports/mine/", "/supervision/ratings/"]),
    ("demo-supervisor", ["/supervision/reports/first-review/"]),
])
def test_pages_show_no_reprs_setting_names_or_codes(demo, who, starts):
    pages, _targets = crawl(client_of(who), starts)
    scanned = [url for url, (status, page) in pages.items() if page is not None]
    assert len(scanned) >= (10 if who in (None, "en") else 2), scanned
    tokens = enum_tokens()
    problems = [p for url, (status, page) in pages.items() if page is not None for p in page_problems(url, page, tokens)]
    errors = [f"{url}: {status}" for url, (status, _page) in pages.items() if status >= 500]
    assert not errors, errors
    assert not problems, "\n".join(problems[:40])
