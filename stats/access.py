"""Access-matrix entries of the stats URLs (see socorg/tests/test_access_matrix.py).

Statistics are aggregates of published information: the dashboards, the catalogue, every indicator page, the
bulletin and the statistics API are open to everyone, signed in or not. KPI targets are the authorities' own:
the open-data releases (/open-data/) are public too. Officers and administrators see the targets of their jurisdiction ("staff-page" / "api-staff"), and a target
of another jurisdiction is not found ("staff-scoped" / "api-staff-scoped").
"""

URL_POLICIES = {
    "stats:dashboard": "public-page",
    "stats:panel": "public-page",
    "stats:catalogue": "public-page",
    "stats:indicator": "public-page",
    "stats:bulletin": "public-page",
    "stats:targets": "staff-page",
    "stats:target": "staff-scoped",
    "open_data:index": "public-page",
    "open_data:public_key": "open",
    "open_data:latest": "public-page",
    "open_data:file": "public-page",
    "api-changes": "open",
    "api-stats-indicators": "open",
    "api-stats-indicator": "open",
    "api-stats-targets": "api-staff",
    "api-stats-target": "api-staff-scoped",
}


def url_kwargs(world, name, org_key):
    if name in ("stats:target", "api-stats-target"):
        from datetime import date

        from stats.models import KpiTarget

        division = getattr(world, org_key).authority_id
        target = KpiTarget.objects.filter(division_id=division).first() or KpiTarget.objects.create(
            indicator="SUP-3A-SHARE-RATED", division_id=division, target_value=80, deadline=date(2099, 12, 31),
            basis="matrix", recorded_on=date(2025, 1, 1))
        return {"pk": target.pk}
    return None
