"""Access-matrix entries of the jurisdiction-settings pages (see socorg/tests/test_access_matrix.py).

An officer sees and sets the settings of their own division and the divisions below it; administrators any;
organization users and business supervisor users none ("staff-scoped": 404 outside the jurisdiction). The page of
one's own jurisdiction is a staff page."""

URL_POLICIES = {
    "staff:settings_own": "staff-page",
    "staff:settings": "staff-scoped",
    "staff:setting_edit": "staff-scoped",
}


def url_kwargs(world, name, org_key):
    """The division of world.<org_key>'s registering authority (its jurisdiction)."""
    division = getattr(world, org_key).authority_id
    if name == "staff:settings":
        return {"division": division}
    if name == "staff:setting_edit":
        return {"division": division, "key": "ANNUAL_REVIEW_MODE"}
    return None
