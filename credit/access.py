"""Access-matrix entries of the credit URLs (see socorg/tests/test_access_matrix.py).

Public: both lists, the check, screening, announcements, the illegal list and every organization's credit page
(credit information is published, Order 60). Objections, repair applications and their evidence are private to
the organization, the officers over it and its business supervisor's users, who read them ("scoped" /
"api-scoped-private"); the organization's own side (its notices, filing an objection or a repair) is for the
organization and those officers only ("scoped-act": 403 for its business supervisor's users); fact entry, the
officer's credit page and stored screening results are for those officers only ("staff-scoped" /
"api-staff-scoped").
"""

from django.utils import timezone

URL_POLICIES = {
    "credit:abnormal": "public-page",
    "credit:serious": "public-page",
    "credit:check": "public-page",
    "credit:check_bulk": "public-page",
    "credit:screen": "public-page",
    "credit:announcements": "public-page",
    "credit:illegal": "public-page",
    "credit:organization": "public",
    "credit:notifications": "scoped-act",
    "credit:file_objection": "scoped-act",
    "credit:file_repair": "scoped-act",
    "credit:objection": "scoped",
    "credit:repair": "scoped",
    "credit:evidence": "scoped",
    "credit:workbench": "staff-page",
    "credit:holidays": "staff-page",
    "credit:illegal_new": "staff-page",
    "credit:staff_organization": "staff-scoped",
    "credit:record_fact": "staff-scoped",
    "api-credit-abnormal-list": "open",
    "api-credit-serious-list": "open",
    "api-credit-check": "open",
    "api-credit-screen": "open",
    "api-credit-illegal-list": "open",
    "api-credit-illegal-detail": "open",
    "api-credit-illegal-batches": "open",
    "api-credit-holidays": "open",
    "api-credit-profile": "api-scoped",
    "api-credit-facts": "api-scoped",
    "api-credit-objections": "api-scoped-private",
    "api-credit-repairs": "api-scoped-private",
    "api-credit-objection": "api-scoped-private",
    "api-credit-objection-evidence": "api-scoped-private",
    "api-credit-repair": "api-scoped-private",
    "api-credit-repair-evidence": "api-scoped-private",
    "api-credit-evidence": "api-scoped-private",
    "api-credit-screenings": "api-staff-scoped",
}
CODE_NAMES = {"credit:organization", "credit:notifications", "credit:file_objection", "credit:file_repair",
              "credit:staff_organization", "credit:record_fact", "api-credit-profile", "api-credit-facts",
              "api-credit-objections", "api-credit-repairs", "api-credit-screenings"}


def _cases(world, org_key):
    """One objection and one repair application of world.<org_key> (rows only: the matrix tests reading)."""
    from django.core.files.base import ContentFile

    from .models import Evidence, ObjectionCase, RepairCase

    cache = world.__dict__.setdefault("_credit_access", {})
    if org_key not in cache:
        org = getattr(world, org_key)
        today = timezone.localdate()
        objection = ObjectionCase.objects.create(
            organization=org, fact_ref="cf:0", counted_from=today, statement="matrix", filed_on=today,
            filing_deadline=today, accept_due=today)
        repair = RepairCase.objects.create(organization=org, list_kind="abnormal", entry_start=today,
                                           statement="matrix", filed_on=today, decision_due=today)
        evidence = Evidence(objection=objection, name="matrix.txt", sha256="0" * 64, size=6)
        evidence.file.save("matrix.txt", ContentFile(b"matrix"), save=True)
        cache[org_key] = (objection.pk, repair.pk, evidence.pk)
    return cache[org_key]


def url_kwargs(world, name, org_key):
    if name in CODE_NAMES:
        return {"code": getattr(world, org_key).code}
    if name in ("credit:objection", "api-credit-objection", "api-credit-objection-evidence"):
        return {"pk": _cases(world, org_key)[0]}
    if name in ("credit:repair", "api-credit-repair", "api-credit-repair-evidence"):
        return {"pk": _cases(world, org_key)[1]}
    if name in ("credit:evidence", "api-credit-evidence"):
        return {"pk": _cases(world, org_key)[2]}
    return None
