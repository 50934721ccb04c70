"""The in-kind distribution ledger 台账 through the HTTP API: a programme of oxygen concentrators and oximeters for
rural nursing homes (stable ids, resident counts, counties), allocations, shipments, receipt confirmations (a
shortfall flagged; more than shipped refused), a verification sample drawn with the spot-check algorithm and
re-drawn from its published seed, results, a third-party evaluation report (type and size checked) and coverage
by county, whose CSV totals equal the page."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from charity import distribution
from charity.models import (
    Allocation,
    DistributionProgramme,
    EvaluationReport,
    ReceiptConfirmation,
    RecipientInstitution,
    Shipment,
    VerificationDraw,
    VerificationResult,
)
from conftest import api_as, assert_error, db_snapshot
from supervision.spotchecks import draw_algorithm

TABLES = (DistributionProgramme, RecipientInstitution, Allocation, Shipment, ReceiptConfirmation, VerificationDraw,
          VerificationResult, EvaluationReport, AuditEvent)

HOMES = [("NH-DC-01", "东城区第一敬老院", "110101", 40), ("NH-DC-02", "东城区第二敬老院", "110101", 25),
         ("NH-DC-03", "东城区第三敬老院", "110101", 30), ("NH-XC-01", "西城区敬老院", "110102", 55)]


def create(world, **overrides):
    body = {"name": "农村敬老院制氧机、血氧仪配发", "starts_on": "2026-01-10", "description": "每院制氧机 2 台、血氧仪 5 个",
            "goods": [{"name": "制氧机", "unit": "台", "quantity": "20", "unit_value": "2800.00",
                       "valuation_basis": "政府采购中标价"},
                      {"name": "指夹式血氧仪", "unit": "个", "quantity": "50", "unit_value": "120.00",
                       "valuation_basis": "捐赠方发票价"}], **overrides}
    return api_as(world.user_a).post(reverse("api-charity-org-programmes", kwargs={"code": world.org_a.code}), body,
                                     format="json")


@pytest.fixture
def programme(world):
    made = create(world)
    assert made.status_code == 201, made.content
    added = api_as(world.user_a).post(
        reverse("api-charity-programme-institutions", kwargs={"pk": made.json()["id"]}),
        {"institutions": [{"stable_id": s, "name": n, "county": c, "residents": r} for s, n, c, r in HOMES]},
        format="json")
    assert added.status_code == 201, added.content
    return DistributionProgramme.objects.get(pk=made.json()["id"])


def post(user, name, pk, body, **kw):
    return api_as(user).post(reverse(name, kwargs={"pk": pk}), body, format=kw.get("format", "json"))


def goods_id(programme, name):
    return programme.goods.get(name=name).pk


def test_bad_programme_input_is_refused_and_named_with_nothing_written(world):
    before = db_snapshot(*TABLES)
    bad = create(world, name="", goods=[{"name": "制氧机", "unit": "台", "quantity": "-2", "unit_value": "x",
                                         "valuation_basis": ""}])
    assert bad.status_code == 400
    assert {(e["code"], e["field"]) for e in bad.json()["errors"]} == {
        ("REQUIRED", "name"), ("DIST-QUANTITY", "goods.1.quantity"), ("MONEY-FORMAT", "goods.1.unit_value"),
        ("REQUIRED", "goods.1.valuation_basis")}
    assert db_snapshot(*TABLES) == before


def test_allocate_ship_confirm_with_a_shortfall_and_refuse_more_than_shipped(world, programme):
    pk = programme.pk
    concentrator = goods_id(programme, "制氧机")
    before = db_snapshot(*TABLES)
    too_many = post(world.user_a, "api-charity-programme-allocations", pk,
                    {"institution": "NH-DC-01", "goods": concentrator, "quantity": "21"})
    assert_error(too_many, 400, "DIST-ALLOC-EXCEEDS", "quantity")
    unknown = post(world.user_a, "api-charity-programme-allocations", pk,
                   {"institution": "NH-NOPE", "goods": concentrator, "quantity": "1"})
    assert_error(unknown, 400, "DIST-INSTITUTION-UNKNOWN", "institution")
    assert db_snapshot(*TABLES) == before
    allocation = post(world.user_a, "api-charity-programme-allocations", pk,
                      {"institution": "NH-DC-01", "goods": concentrator, "quantity": "2"})
    assert allocation.status_code == 201, allocation.content
    over = post(world.user_a, "api-charity-programme-shipments", pk,
                {"allocation": allocation.json()["id"], "quantity": "3"})
    assert_error(over, 400, "DIST-SHIP-EXCEEDS", "quantity")
    shipment = post(world.user_a, "api-charity-programme-shipments", pk,
                    {"allocation": allocation.json()["id"], "quantity": "2", "carrier_ref": "SF1234"})
    assert shipment.status_code == 201, shipment.content
    sid = shipment.json()["id"]
    before = db_snapshot(*TABLES)
    more = post(world.user_a, "api-charity-shipment-receipt", sid, {"quantity": "3", "signed_by": "王院长"})
    error = assert_error(more, 400, "DIST-RECEIPT-EXCEEDS", "quantity")
    assert shipment.json()["public_id"] in error["message_zh"] and "2" in error["message_en"]
    assert db_snapshot(*TABLES) == before
    assert post(world.user_b, "api-charity-shipment-receipt", sid, {"quantity": "1", "signed_by": "x"}
                ).status_code == 404
    short = post(world.user_a, "api-charity-shipment-receipt", sid, {"quantity": "1", "signed_by": "王院长",
                                                                     "note": "一台运输损坏"})
    assert short.status_code == 201, short.content
    assert short.json()["receipt"] == {"quantity": "1.000", "received_on": short.json()["receipt"]["received_on"],
                                       "shortfall": "1.000"}
    assert "王院长" not in api_as(None).get(reverse("api-charity-shipment-receipt", kwargs={"pk": sid})).content.decode()
    assert_error(post(world.user_a, "api-charity-shipment-receipt", sid, {"quantity": "1", "signed_by": "王院长"}),
                 409, "DIST-RECEIPT-TWICE")
    page = api_as(None).get(reverse("charity:programme", kwargs={"pk": pk})).content.decode()
    assert 'data-code="DIST-SHORTFALL"' in page and "王院长" not in page


def receive(world, programme, stable):
    allocation = post(world.user_a, "api-charity-programme-allocations", programme.pk,
                      {"institution": stable, "goods": "指夹式血氧仪", "quantity": "5"}).json()
    shipment = post(world.user_a, "api-charity-programme-shipments", programme.pk,
                    {"allocation": allocation["id"], "quantity": "5"}).json()
    return post(world.user_a, "api-charity-shipment-receipt", shipment["id"], {"quantity": "5", "signed_by": "院长"})


def test_the_verification_sample_is_drawn_from_a_published_seed_and_re_drawn_by_anyone(world, programme):
    url = reverse("api-charity-programme-draws", kwargs={"pk": programme.pk})
    assert_error(api_as(world.county_a).post(url, {"rate": "50"}, format="json"), 400, "DIST-DRAW-EMPTY")
    for stable in ("NH-DC-01", "NH-DC-02", "NH-DC-03"):
        assert receive(world, programme, stable).status_code == 201
    assert api_as(world.user_a).post(url, {"rate": "50"}, format="json").status_code == 403
    assert api_as(world.county_b).post(url, {"rate": "50"}, format="json").status_code == 404
    assert_error(api_as(world.county_a).post(url, {"rate": "0"}, format="json"), 400, "DIST-DRAW-RATE", "rate")
    drawn = api_as(world.county_a).post(url, {"rate": "50", "seed": "2026-核查-东城"}, format="json")
    assert drawn.status_code == 201, drawn.content
    public = api_as(None).get(reverse("api-charity-draw", kwargs={"pk": drawn.json()["id"]})).json()
    assert public["seed"] == "2026-核查-东城" and public["size"] == 2 and public["verified"] is True
    # anyone re-draws it from the published seed and candidate list with the spot-check algorithm
    again = draw_algorithm.draw_targets(public["seed"], public["candidates"], {"received": public["size"]})
    ids = {row[0]: row[1] for row in public["candidates"]}
    assert [ids[pk] for _s, pk in again] == public["sample"]
    assert {row[1] for row in public["candidates"]} == {"NH-DC-01", "NH-DC-02", "NH-DC-03"}

    target = public["sample"][0]
    results = reverse("api-charity-draw-results", kwargs={"pk": public["id"]})
    assert_error(api_as(world.county_a).post(results, {"institution": "NH-XC-01", "quantity_found": "5"},
                                             format="json"), 400, "DIST-VERIFY-TARGET", "institution")
    found = api_as(world.county_a).post(results, {"institution": target, "quantity_found": "4", "note": "少一个"},
                                        format="json")
    assert found.status_code == 201, found.content
    assert found.json()["outcome"] == "discrepancy"
    assert api_as(None).get(results).json()[0]["institution"] == target
    made = VerificationDraw.objects.get()
    assert distribution.verify_draw(made).ok


def test_coverage_by_county_lists_who_has_not_received_and_the_csv_totals_equal_the_page(world, programme):
    assert receive(world, programme, "NH-DC-01").status_code == 201
    coverage = api_as(None).get(reverse("api-charity-programme-coverage", kwargs={"pk": programme.pk})).json()
    rows = {(r["county"], r["eligible"], r["received"], r["not_received"], tuple(r["waiting"]))
            for r in coverage["counties"]}
    assert rows == {("110101", 3, 1, 2, ("NH-DC-02", "NH-DC-03")), ("110102", 1, 0, 1, ("NH-XC-01",))}
    assert (coverage["total"]["eligible"], coverage["total"]["received"], coverage["total"]["not_received"]) == (4, 1, 3)
    page = api_as(None).get(reverse("charity:coverage", kwargs={"pk": programme.pk})).content.decode()
    assert '<td id="total-not-received">3</td>' in page and 'data-stable-id="NH-XC-01"' in page
    body = api_as(None).get(reverse("charity:coverage_csv", kwargs={"pk": programme.pk})).content.decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    assert table[-1][:7] == ["合计", "", "4", "1", "1", "1", "3"]
    assert sum(int(r[6]) for r in table[1:-1]) == 3 and sum(int(r[2]) for r in table[1:-1]) == 4
    assert {r[0]: r[9] for r in table[1:-1]} == {"110101": "NH-DC-02 NH-DC-03", "110102": "NH-XC-01"}


def test_an_evaluation_report_is_checked_for_type_and_size(world, programme, settings):
    url = reverse("api-charity-programme-evaluations", kwargs={"pk": programme.pk})
    body = {"evaluator": "北京某社会工作评估中心", "reported_on": "2026-06-30", "conclusion": "发放到位，使用良好"}
    before = db_snapshot(*TABLES)
    fake = SimpleUploadedFile("report.pdf", b"MZ this is not a pdf", content_type="application/pdf")
    assert_error(api_as(world.user_a).post(url, {**body, "file": fake}, format="multipart"), 400,
                 "DIST-REPORT-TYPE", "file")
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (distribution.MAX_REPORT_BYTES + 1))
    assert_error(api_as(world.user_a).post(url, {**body, "file": big}, format="multipart"), 400,
                 "DIST-REPORT-SIZE", "file")
    assert db_snapshot(*TABLES) == before
    good = SimpleUploadedFile("评估报告.pdf", b"%PDF-1.4\n%report\n", content_type="application/pdf")
    made = api_as(world.user_a).post(url, {**body, "file": good}, format="multipart")
    assert made.status_code == 201, made.content
    assert made.json()["content_type"] == "application/pdf" and made.json()["size"] == 17
    download = api_as(None).get(made.json()["download"])
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF-")
