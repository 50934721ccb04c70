"""Access-matrix entries of the stats URLs (see socorg/tests/test_access_matrix.py).

Statistics are aggregates of published information: the dashboards, the catalogue, every indicator page and the
statistics API are open to everyone, signed in or not. No URL names an organization.
"""

URL_POLICIES = {
    "stats:dashboard": "public-page",
    "stats:catalogue": "public-page",
    "stats:indicator": "public-page",
    "stats:bulletin": "public-page",
    "api-stats-indicators": "open",
    "api-stats-indicator": "open",
}


def url_kwargs(world, name, org_key):
    return None
