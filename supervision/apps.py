from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The sub-domains, each a package supervision/<name>/ (rules, services, queries, forms, serializers, api, views, urls).
SUBDOMAINS = ("reports", "penalties", "leadership", "ratings", "spotchecks")


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("Supervision")

    def ready(self):
        from common.declarations import (
            EVERYONE,
            ORGANIZATION,
            STAFF,
            SUPERVISOR,
            AppDeclaration,
            NavEntry,
            declare,
        )
        from registry.services import register_event_check

        from . import setting_labels  # noqa: F401  (the settings in words)
        from .leadership.services import audit_before_legal_rep_change

        declare(AppDeclaration(
            self.label,
            # Two page namespaces as before the split: "reports" (annual reports, penalties, leadership) and
            # "ratings" (ratings, spot checks); each sub-domain's urls.py joins its namespace there.
            urls=(("supervision/", "supervision.reports.urls"), ("supervision/", "supervision.ratings.urls")),
            api_urls=tuple(("api/v1/", f"supervision.{sub}.api_urls") for sub in SUBDOMAINS),
            access=("supervision.reports.access", "supervision.ratings.access"),
            sections=("supervision.ratings.public", "supervision.reports.public"),
            nav=(
                NavEntry(_("Grades"), "ratings:public_grades", 40, EVERYONE, current=("*:public_grades",)),
                NavEntry(_("Grades in publicity"), "ratings:public_publicity", 45, EVERYONE,
                         current=("*:public_publicity",)),
                NavEntry(_("Spot checks"), "ratings:public_results", 50, EVERYONE, current=("*:public_results",)),
                NavEntry(_("Our annual reports"), "reports:mine", 60, frozenset({ORGANIZATION}),
                         current=("reports:*",)),
                NavEntry(_("Reports for first review"), "reports:first_reviews", 60, frozenset({SUPERVISOR}),
                         current=("reports:*",)),
                NavEntry(_("Supervision"), "reports:home", 70, frozenset({STAFF}), current=("reports:*", "ratings:*"),
                         not_current=("ratings:public_grades", "ratings:public_publicity", "ratings:public_results")),
            ),
            # Before credit's (INSTALLED_APPS order): the report sweep (00:15) finds the overdue reports that the
            # credit sweep (01:30) reads.
            beat="supervision.tasks",
            # The register refuses a change of legal representative without the departure audit (离任审计),
            # whichever interface records it; registry does not import supervision (DESIGN: dependency direction).
            checks=((register_event_check, audit_before_legal_rep_change),),
        ))
