"""operations' URLs in the access matrix (socorg/tests/test_access_matrix.py): the operations page is for system
administrators only; /healthz is open (it says only whether the database and the cache answer)."""

URL_POLICIES: dict[str, str] = {
    "operations:status": "admin-page",
    "operations:check_chain": "admin-page",
    "healthz": "open",
}
PASS_STATUS = {"operations:check_chain": 405}  # POST only


def url_kwargs(world, name, org_key):
    return None
