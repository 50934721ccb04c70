"""The public site as the URL conf declares it, over the demo data (load_demo, load_demo_supervision,
load_demo_credit): which URL patterns are public, and a concrete URL for each, path parameters filled from the
demo. Used by the personal-data walk, the crawl and the page-language scan."""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from socorg.tests.test_access_matrix import POLICIES, discovered

# Policies under which an anonymous visitor gets a page or an answer (see test_access_matrix.expected_status).
PUBLIC_POLICIES = {"public", "public-page", "open", "api-list", "api-scoped"}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")


def load_demo_data() -> None:
    for name, args in (("load_demo", ["--count", "200"]), ("load_demo_supervision", []), ("load_demo_credit", []),
                       ("load_demo_charity", []), ("load_demo_engagement", []), ("load_demo_exchange", [])):
        call_command(name, *args, stdout=io.StringIO())
    # The demo files no leadership term: file one, with the legal representative's ID number, through the service.
    from accounts.models import User
    from registry.demo import demo_id_number
    from registry.models import Organization

    org = Organization.objects.filter(is_demo=True, authority_id="110101", status="active").order_by("pk").first()
    from supervision.leadership import services as leadership_services
    leadership_services.file_term(User.objects.get(username="demo-admin"), org, {
        "filing": "initial", "started_on": "2022-06-01", "legal_rep_name": org.legal_rep_name,
        "legal_rep_id": demo_id_number(999), "board_members": ["王伟", "李芳", "张敏", "刘洋", "陈静"]})


def public_patterns() -> list[tuple[str, str]]:
    """(url name, route) of every public pattern of the URL conf."""
    return [(name, route) for name, route in discovered() if POLICIES.get(name) in PUBLIC_POLICIES]


def parameters(route: str) -> list[str]:
    return [m.group(2) for m in PARAMETER.finditer(route)]


def demo_organizations():
    """Demo organizations that carry what a leak would show: a changed phone, a landline, a list entry, a grade,
    a penalty, a published spot check, the organization user's own."""
    from accounts.models import User
    from credit.models import ListEntry
    from registry.models import Organization, RegistrationEvent
    from supervision.models import DrawTarget, Grade, Penalty

    demo = Organization.objects.filter(is_demo=True)
    picked = []
    picked += list(RegistrationEvent.objects.filter(organization__is_demo=True, changes__has_key="phone",
                                                    kind="change").values_list("organization_id", flat=True)[:3])
    picked += list(demo.filter(org_type="community_org").values_list("id", flat=True)[:2])
    picked += list(ListEntry.objects.filter(organization__is_demo=True).values_list("organization_id", flat=True)[:3])
    picked += list(Grade.objects.values_list("organization_id", flat=True)[:2])
    picked += list(Penalty.objects.values_list("organization_id", flat=True)[:2])
    picked += list(DrawTarget.objects.values_list("organization_id", flat=True)[:2])
    picked += list(demo.exclude(status="active").values_list("id", flat=True)[:2])
    picked += [u.organization_id_bound for u in User.objects.filter(username="demo-org")]
    return list(Organization.objects.filter(pk__in=set(picked)).order_by("pk"))


def object_ids(name: str) -> list[dict]:
    """URL kwargs for a public pattern that names an object, from the demo data. A new public pattern with a
    parameter must be added here (the walk fails on one it cannot fill)."""
    from charity.models import CharityProject, FundraisingPlan, Grant, LedgerTransaction
    from credit.models import IllegalOrganization
    from exchange.models import Contract, Demand
    from stats.indicators import INDICATORS
    from stats.models import Release
    from stats.opendata import releases_dir
    from supervision.models import Draw, Grade, LeadershipTerm, Penalty
    from supervision.ratings.api import sheet_versions

    if name == "api-division-detail":
        return [{"code": code} for code in ("110101", "110000", "100000")]
    if name in ("api-stats-indicator", "stats:indicator"):
        return [{"indicator_id": indicator_id} for indicator_id in sorted(INDICATORS)]
    if name == "stats:panel":  # the dashboard panels that load after the page
        from stats.views import PANELS

        return [{"indicator_id": indicator_id, "by": by} for indicator_id, by, _chart in PANELS]
    if name.startswith("open_data:"):  # every file of the latest release (the walk makes one first)
        release = Release.objects.order_by("-day", "-pk").first()
        # Parquet is binary (compressed columns): its tables are read in their CSV and JSON Lines twins.
        files = sorted(p.name for p in (releases_dir() / release.release_id).iterdir()
                       if p.suffix != ".parquet") if release else []
        if name == "open_data:latest":
            return [{"name": file} for file in files]
        return [{"release_id": release.release_id, "name": file} for file in files]
    sources = {
        "api-penalty-detail": Penalty.objects.all(),
        "api-leadership-term-detail": LeadershipTerm.objects.all(),
        "api-leadership-term-postponements": LeadershipTerm.objects.all(),
        "api-grade": Grade.objects.all(), "api-grade-actions": Grade.objects.all(),
        "api-spot-draw": Draw.objects.all(), "api-spot-draw-candidates": Draw.objects.all(),
        "api-spot-draw-verify": Draw.objects.all(), "ratings:public_draw": Draw.objects.all(),
        "api-credit-illegal-detail": IllegalOrganization.objects.all(),
        "api-score-sheet": sheet_versions(), "ratings:sheet": sheet_versions(),
        "api-charity-grant": Grant.objects.all(), "charity:certificate": Grant.objects.all(),
        "api-charity-plan": FundraisingPlan.objects.all(), "api-charity-plan-versions": FundraisingPlan.objects.all(),
        "api-charity-plan-disclosures": FundraisingPlan.objects.all(),
        "api-charity-plan-donations": FundraisingPlan.objects.all(),
        "api-charity-plan-disbursements": FundraisingPlan.objects.all(),
        "api-charity-plan-ledger": FundraisingPlan.objects.all(), "charity:plan": FundraisingPlan.objects.all(),
        "charity:plan_ledger": FundraisingPlan.objects.all(),
        "api-charity-transaction-reversal": LedgerTransaction.objects.all(),
        "api-charity-project": CharityProject.objects.all(),
        "api-charity-project-disclosures": CharityProject.objects.all(), "charity:project": CharityProject.objects.all(),
        "api-charity-plan-transfers": FundraisingPlan.objects.all(), "api-charity-plan-trace": FundraisingPlan.objects.all(),
        "api-charity-project-trace": CharityProject.objects.all(),
        "exchange:demand": Demand.objects.all(), "api-exchange-demand": Demand.objects.all(),
        "exchange:contract": Contract.objects.all(), "api-exchange-contract": Contract.objects.all(),
    }
    sources.update(benef_sources())
    sources.update(_engagement_sources(name))
    if name not in sources:
        raise KeyError(name)
    return [{"pk": pk} for pk in sources[name].order_by("pk").values_list("pk", flat=True)[:4]]


def benef_sources() -> dict:
    """Public patterns of charity beneficiaries (counts only) and of the in-kind distribution ledger."""
    from charity.models import (
        CharityProject,
        DistributionProgramme,
        EvaluationReport,
        Shipment,
        VerificationDraw,
    )

    projects, programmes = CharityProject.objects.all(), DistributionProgramme.objects.all()
    return {
        "charity:served": projects, "api-charity-project-rules": projects, "api-charity-project-served": projects,
        "charity:programme": programmes, "charity:coverage": programmes, "charity:coverage_csv": programmes,
        "api-charity-programme": programmes, "api-charity-programme-institutions": programmes,
        "api-charity-programme-allocations": programmes, "api-charity-programme-shipments": programmes,
        "api-charity-programme-draws": programmes, "api-charity-programme-evaluations": programmes,
        "api-charity-programme-coverage": programmes, "api-charity-shipment-receipt": Shipment.objects.all(),
        "api-charity-draw": VerificationDraw.objects.all(), "api-charity-draw-results": VerificationDraw.objects.all(),
        "charity:evaluation_file": EvaluationReport.objects.all(),
    }


def _engagement_sources(name: str) -> dict:
    """engagement's public object pages and endpoints (issue 13)."""
    if not (name.startswith("engagement:") or name.startswith("api-engagement-")):
        return {}
    from engagement.models import Incubation, IncubationBase, JobPosting, Pairing, PairingProject, Venue

    return {
        "engagement:posting": JobPosting.objects.all(), "api-engagement-posting": JobPosting.objects.all(),
        "engagement:pairing_detail": Pairing.objects.all(), "api-engagement-pairing": Pairing.objects.all(),
        "api-engagement-pairing-projects": Pairing.objects.all(),
        "api-engagement-project-progress": PairingProject.objects.all(),
        "engagement:base": IncubationBase.objects.all(), "api-engagement-base-incubations": IncubationBase.objects.all(),
        "api-engagement-base-sessions": IncubationBase.objects.all(),
        "api-engagement-incubation-graduation": Incubation.objects.all(),
        "engagement:venue": Venue.objects.all(), "api-engagement-venue-bookings": Venue.objects.all(),
    }


def public_urls() -> list[str]:
    """A concrete URL for every public pattern (several for those naming an object), and a few query pages."""
    orgs = demo_organizations()
    urls = []
    for name, route in public_patterns():
        params = parameters(route)
        if not params:
            urls.append(reverse(name))
        elif params == ["code"] and name != "api-division-detail":
            urls += [reverse(name, kwargs={"code": org.code}) for org in orgs]
        else:
            found = object_ids(name)
            assert found, f"the demo data has no object for {name} ({route})"
            urls += [reverse(name, kwargs=kwargs) for kwargs in found]
    for org in orgs[:4]:
        urls += [f"{reverse('portal:search')}?q={org.name}", f"{reverse('credit:check')}?q={org.name}",
                 f"{reverse('api-credit-check')}?q={org.code}", f"{reverse('api-organization-list')}?q={org.name}",
                 f"{reverse('portal:organization', kwargs={'code': org.code})}?as_of={org.founded_on}"]
    return urls


# --- crawling ----------------------------------------------------------------------------------------------

class PageText(HTMLParser):
    """The links, form targets and visible text of a page (script and style contents are not text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms, self.text, self.headings = [], [], [], []
        self.zh_text = []  # the text outside elements marked lang="en" (an English label beside a Chinese one)
        self._en = []
        self._skip = 0
        self._th = None
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang") or ""
        if tag in ("script", "style", "template", "textarea"):  # a textarea holds the user's input, not prose
            self._skip += 1
        if (attrs.get("lang") or "").startswith("en") and tag != "html":
            self._en.append(tag)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self.forms.append(attrs.get("action") or "")
        if tag == "th":
            self._th = []

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea") and self._skip:
            self._skip -= 1
        if self._en and self._en[-1] == tag:
            self._en.pop()
        if tag == "th" and self._th is not None:
            self.headings.append(" ".join("".join(self._th).split()))
            self._th = None

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
            if not self._en:
                self.zh_text.append(data)
            if self._th is not None:
                self._th.append(data)


def parse(html: str) -> PageText:
    page = PageText()
    page.feed(html)
    return page


SKIP_PREFIXES = ("/admin/", "/api/v1/", "/api/schema/", "/static/", "/media/", "/i18n/", "/accounts/logout/")


def crawl(client, starts, *, limit=350, per_pattern=3):
    """Pages reached from ``starts`` by following the site's own links (GET, bounded: at most ``per_pattern``
    pages of one URL pattern, ``limit`` pages in all). Returns {url: (status, PageText)} and the set of URL
    names that some link or form points to."""
    seen, pages, targets, per = set(), {}, set(), {}
    queue = list(starts)
    while queue and len(pages) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        try:
            match = resolve(path)
        except Resolver404:
            pages[url] = (404, None)
            continue
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        if per.get(name, 0) >= per_pattern:
            continue
        per[name] = per.get(name, 0) + 1
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            pages[url] = (response.status_code, None)
            continue
        page = parse(response.content.decode())
        pages[url] = (200, page)
        for href in page.links + page.forms:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc and parts.netloc != "testserver" or parts.scheme not in ("", "http"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            try:
                found = resolve(parts.path)
                targets.add(f"{found.namespace}:{found.url_name}" if found.namespace else found.url_name)
            except Resolver404:
                pass
            if href in page.links and not local.startswith(SKIP_PREFIXES) and local not in seen:
                queue.append(local)
    return pages, targets
