"""Access-matrix entries of the import and export URLs (see socorg/tests/test_access_matrix.py).

All are for officers and administrators only ("staff-page", "api-staff"); organization users get 403. An import
job belongs to no organization: its pages and API are visible to the officer who uploaded it and to
administrators (404 for anyone else), and an upload is refused row by row (rule JURISDICTION) outside the
officer's jurisdiction; exports are ``Organization.objects.visible_to(user)``. Those checks are tested in
registry/tests/test_import_web.py, test_import_api.py and test_export_api.py.
"""

URL_POLICIES = {
    "imports:index": "staff-page",
    "imports:export": "staff-page",
    "imports:job": "staff-page",
    "imports:progress": "staff-page",
    "imports:confirm": "staff-page",
    "imports:errors": "staff-page",
    "api-import-list": "api-staff",
    "api-import-detail": "api-staff",
    "api-export": "api-staff",
}

# What a role let through gets from a GET without parameters, where it is not 200: the export page needs its
# filters (400, the form with its errors); the import list API only takes POST (405).
PASS_STATUS = {"imports:export": 400, "api-import-list": 405}
