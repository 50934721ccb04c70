"""accounts' own pages in the access matrix (socorg/tests/test_access_matrix.py): sign-in security pages are for
any signed-in user (anonymous visitors go to the sign-in page)."""

URL_POLICIES: dict[str, str] = {
    "accounts:two_factor_verify": "signed-in-page",
    "accounts:two_factor_setup": "signed-in-page",
    "accounts:two_factor_disable": "signed-in-page",
    "accounts:security": "signed-in-page",
    "accounts:password_change": "signed-in-page",
}
# Without an enrolled authenticator the code page sends the user to enrolment; turning it off is POST only.
PASS_STATUS = {"accounts:two_factor_verify": 302, "accounts:two_factor_disable": 405}


def url_kwargs(world, name, org_key):
    return None
