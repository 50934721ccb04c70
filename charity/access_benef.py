"""Access-matrix entries of the URLs of beneficiaries and of the in-kind distribution ledger (see
socorg/tests/test_access_matrix.py).

Public: what a project served (counts only), distribution programmes with goods, shipments, receipts, the
verification draw and its results, evaluation reports and coverage by county. The organization, the officers over
it and its business supervisor's users read the beneficiaries (ID numbers masked) ("scoped"); the organization and
those officers act ("scoped-act"). Government-aid lists, suspected duplicates and their review, the verification
draw and its results are the officers' ("staff-page", "staff-scoped", "api-staff", "api-staff-scoped").
"""

from django.core.files.base import ContentFile
from django.utils import timezone

URL_POLICIES = {
    "charity:served": "public",
    "charity:beneficiaries": "scoped",
    "charity:admit": "scoped-act",
    "charity:project_rules": "scoped-act",
    "charity:beneficiary_disburse": "scoped-act",
    "charity:aid_lists": "staff-page",
    "charity:suspects": "staff-page",
    "charity:suspect_review": "staff-scoped",
    "charity:programmes": "public-page",
    "charity:programme": "public",
    "charity:coverage": "public",
    "charity:coverage_csv": "public",
    "charity:evaluation_file": "public",
    "charity:programme_institution": "scoped-act",
    "charity:allocate": "scoped-act",
    "charity:ship": "scoped-act",
    "charity:evaluation_new": "scoped-act",
    "charity:confirm_receipt": "scoped-act",
    "charity:new_programme": "scoped-act",
    "charity:programme_draw": "staff-scoped",
    "charity:draw_result": "staff-scoped",
    "api-charity-project-rules": "public",
    "api-charity-project-served": "public",
    "api-charity-project-beneficiaries": "api-scoped-private",
    "api-charity-beneficiary-disbursements": "api-scoped-private",
    "api-charity-aid-lists": "api-staff",
    "api-charity-suspects": "api-staff",
    "api-charity-suspect-reviews": "api-staff-scoped",
    "api-charity-org-programmes": "public",
    "api-charity-programme": "public",
    "api-charity-programme-institutions": "public",
    "api-charity-programme-allocations": "public",
    "api-charity-programme-shipments": "public",
    "api-charity-shipment-receipt": "public",
    "api-charity-programme-draws": "public",
    "api-charity-draw": "public",
    "api-charity-draw-results": "public",
    "api-charity-programme-evaluations": "public",
    "api-charity-programme-coverage": "public",
}

KWARGS = {
    "charity:served": ("pk", "project"), "charity:beneficiaries": ("pk", "project"),
    "charity:admit": ("pk", "project"), "charity:project_rules": ("pk", "project"),
    "charity:beneficiary_disburse": ("pk", "beneficiary"), "charity:suspect_review": ("pk", "suspect"),
    "charity:programme": ("pk", "programme"), "charity:coverage": ("pk", "programme"),
    "charity:coverage_csv": ("pk", "programme"), "charity:evaluation_file": ("pk", "evaluation"),
    "charity:programme_institution": ("pk", "programme"), "charity:allocate": ("pk", "programme"),
    "charity:ship": ("pk", "programme"), "charity:evaluation_new": ("pk", "programme"),
    "charity:confirm_receipt": ("pk", "shipment"), "charity:new_programme": ("code", "code"),
    "charity:programme_draw": ("pk", "programme"), "charity:draw_result": ("pk", "draw"),
    "api-charity-project-rules": ("pk", "project"), "api-charity-project-served": ("pk", "project"),
    "api-charity-project-beneficiaries": ("pk", "project"),
    "api-charity-beneficiary-disbursements": ("pk", "beneficiary"),
    "api-charity-suspect-reviews": ("pk", "suspect"), "api-charity-org-programmes": ("code", "code"),
    "api-charity-programme": ("pk", "programme"), "api-charity-programme-institutions": ("pk", "programme"),
    "api-charity-programme-allocations": ("pk", "programme"), "api-charity-programme-shipments": ("pk", "programme"),
    "api-charity-shipment-receipt": ("pk", "shipment"), "api-charity-programme-draws": ("pk", "programme"),
    "api-charity-draw": ("pk", "draw"), "api-charity-draw-results": ("pk", "draw"),
    "api-charity-programme-evaluations": ("pk", "programme"), "api-charity-programme-coverage": ("pk", "programme"),
}


def url_kwargs(world, name, org_key):
    if name not in KWARGS:
        return None
    key, what = KWARGS[name]
    return {key: _objects(world, org_key)[what]}


def _objects(world, org_key) -> dict:
    """One project, beneficiary, suspect, programme, shipment, draw and report of world.<org_key> (rows only)."""
    cache = world.__dict__.setdefault("_charity_benef_objects", {})
    if org_key in cache:
        return cache[org_key]
    from . import access
    from .models import (
        Allocation,
        Beneficiary,
        CharityProject,
        DistributionProgramme,
        DuplicateSuspect,
        EvaluationReport,
        ProgrammeGoods,
        RecipientInstitution,
        Shipment,
        VerificationDraw,
    )

    org = getattr(world, org_key)
    base = access._objects(world, org_key)
    project = CharityProject.objects.get(pk=base["project"])
    today = timezone.localdate()
    first = Beneficiary.objects.create(organization=org, project=project, public_id=f"{project.public_id}-B1",
                                       kind="person", name="受益人甲", id_hash="h1", household_hash="hh",
                                       admitted_on=today)
    second = Beneficiary.objects.create(organization=org, project=project, public_id=f"{project.public_id}-B2",
                                        kind="person", name="受益人乙", id_hash="h2", household_hash="hh",
                                        admitted_on=today)
    suspect = DuplicateSuspect.objects.create(beneficiary=second, matched_by="household", earlier_beneficiary=first,
                                              earlier_label="同户", earlier_on=today)
    programme = DistributionProgramme.objects.create(organization=org, public_id=f"{org.code}G{org_key}",
                                                     name="制氧机发放", starts_on=today)
    goods = ProgrammeGoods.objects.create(programme=programme, name="制氧机", unit="台", quantity=10, unit_value=1000,
                                          valuation_basis="采购价")
    institution = RecipientInstitution.objects.create(programme=programme, stable_id="NH1", name="敬老院",
                                                      county_id=org.authority_id if len(org.authority_id) == 6
                                                      and not org.authority_id.endswith("00") else "110101",
                                                      residents=30)
    allocation = Allocation.objects.create(programme=programme, institution=institution, goods=goods, quantity=2,
                                           allocated_on=today)
    shipment = Shipment.objects.create(programme=programme, public_id=f"{programme.public_id}-S1",
                                       allocation=allocation, quantity=2, shipped_on=today)
    draw = VerificationDraw.objects.create(programme=programme, seed="s", drawn_on=today, rate=50, size=1,
                                           algorithm_version="socorg-draw/1", algorithm_sha256="", candidates=[],
                                           candidates_sha256="", targets=[])
    report = EvaluationReport(programme=programme, evaluator="第三方评估机构", reported_on=today, conclusion="良好",
                              file_name="report.pdf", content_type="application/pdf", size=9, sha256=f"{org_key:0>8}")
    report.file.save("report.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    report.save()
    cache[org_key] = {"code": org.code, "project": project.pk, "beneficiary": first.pk, "suspect": suspect.pk,
                      "programme": programme.pk, "shipment": shipment.pk, "draw": draw.pk, "evaluation": report.pk}
    return cache[org_key]
