"""Demo beneficiaries and a demo in-kind distribution programme, made through the services (called by
``load_demo_charity`` inside its transaction, under its request id, so every act is validated and audited):

* the health-kit project gets its rules (80+, 低保, urban, one per household, 500 yuan) and three elders, two of
  them paid from the plan's fund (receiver id = the beneficiary's public id);
* a student-grant project (admitted this year, not combinable with city or county aid), a county aid list
  imported from a CSV file, one student admitted and a sibling on the county list flagged as a suspected
  duplicate by household;
* an oxygen-concentrator and oximeter programme for rural nursing homes in three counties: allocations,
  shipments, receipts (one short), a verification draw from a published seed with one result, an evaluation
  report; one home still waiting, so coverage shows it.
"""

import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum.cn import ric

from common.clock import acting_on
from divisions.models import Division, subtree_prefix

from . import beneficiaries, distribution, projects

# A one-page PDF (the evaluation report's evidence file).
REPORT_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
              b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def demo_person(region: str, born: str, seq: int) -> str:
    body = f"{region}{born}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def counties_of(org, limit: int) -> list[Division]:
    prefix = subtree_prefix(org.authority_id)[:4]  # the counties of the organization's city (or province)
    found = list(Division.objects.in_use().filter(level="county", code__startswith=prefix).order_by("code")[:limit])
    return found or list(Division.objects.in_use().filter(level="county", code__startswith="11").order_by("code")[:limit])


def load(admin, org, plan, kit_project, today) -> dict:
    region = counties_of(org, 1)[0].code
    with acting_on(today - timedelta(days=9)):
        beneficiaries.set_rules(admin, kit_project, {"min_age": 80, "subsistence": True, "residence": "urban",
                                                     "one_per_household": True, "amount": "500",
                                                     "reason": "健康包发放条件（演示）"})
        elders = [beneficiaries.admit(admin, kit_project, {
            "kind": "person", "name": name, "id_number": demo_person(region, born, n), "household": f"DEMO-H-{n}",
            "subsistence": "true", "residence": "urban", "county": region})
            for n, (name, born) in enumerate((("赵老（演示）", "19380211"), ("钱老（演示）", "19410519"),
                                              ("孙老（演示）", "19440801")), 1)]
    with acting_on(today - timedelta(days=8)):
        for elder in elders[:2]:
            beneficiaries.disburse_to(admin, elder, {"amount": "500.00", "memo": "健康包一份（演示）"})

    with acting_on(today - timedelta(days=7)):
        grant = projects.create_project(admin, org, {
            "name": "本科新生一次性资助（演示）", "category": "education", "starts_on": today - timedelta(days=7),
            "ends_on": today + timedelta(days=120), "budget": "200000.00", "funding_sources": "公开募捐",
            "plan": plan.filing_number, "description": "对当年被录取的低保家庭本科新生一次性资助 2000 元"})
        beneficiaries.set_rules(admin, grant, {"admission_year": today.year, "not_combinable_levels": ["city", "county"],
                                               "amount": "2000", "reason": "不得与市、县级助学资助兼得（演示）"})
        sibling, student = demo_person(region, "20061203", 31), demo_person(region, "20070618", 32)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "county-aid.csv"
            path.write_bytes(f"身份证号码,户号,金额,发放日期\n{sibling},DEMO-F-9,3000,{today - timedelta(days=30)}\n"
                             .encode("gbk"))
            beneficiaries.import_aid_list(admin, {"authority": region, "level": "county",
                                                  "title": "县级大学新生入学资助（演示）",
                                                  "issued_on": today - timedelta(days=30)}, path,
                                          file_name="county-aid.csv")
        beneficiaries.admit(admin, grant, {"kind": "person", "name": "周同学（演示）", "id_number": student,
                                           "household": "DEMO-F-9", "admission_year": str(today.year),
                                           "county": region})

    homes = []
    for index, county in enumerate(counties_of(org, 3)):
        for n in (1, 2):
            homes.append({"stable_id": f"NH-{county.code}-{n:02d}", "name": f"{county.name}第{n}农村敬老院（演示）",
                          "county": county.code, "residents": str(20 + 7 * index + 5 * n)})
    with acting_on(today - timedelta(days=30)):
        programme = distribution.create_programme(admin, org, {
            "name": "农村敬老院制氧机、血氧仪配发（演示）", "starts_on": today - timedelta(days=30),
            "project": kit_project.public_id, "description": "每院制氧机 2 台、血氧仪 5 个（演示）",
            "goods": [{"name": "制氧机", "unit": "台", "quantity": "20", "unit_value": "2800.00",
                       "valuation_basis": "政府采购中标价"},
                      {"name": "指夹式血氧仪", "unit": "个", "quantity": "50", "unit_value": "120.00",
                       "valuation_basis": "捐赠方提供的发票价"}]})
        distribution.add_institutions(admin, programme, homes)
    concentrator = programme.goods.get(name="制氧机")
    for index, home in enumerate(homes[:-1]):
        with acting_on(today - timedelta(days=25)):
            allocation = distribution.allocate(admin, programme, {"institution": home["stable_id"],
                                                                  "goods": concentrator.pk, "quantity": "2"})
        with acting_on(today - timedelta(days=20)):
            shipment = distribution.ship(admin, programme, {"allocation": allocation.pk, "quantity": "2",
                                                            "carrier_ref": f"DEMO-WB-{index + 1:04d}"})
        if index < len(homes) - 2:
            with acting_on(today - timedelta(days=18)):
                distribution.confirm_receipt(admin, shipment, {
                    "quantity": "1" if index == 0 else "2", "signed_by": "院长（演示）",
                    "note": "一台运输损坏（演示）" if index == 0 else ""})
    with acting_on(today - timedelta(days=12)):
        made = distribution.draw(admin, programme, {"rate": "50", "seed": f"DEMO-{programme.public_id}"})
        first = programme.institutions.get(pk=made.targets[0])
        distribution.record_verification(admin, made, {"institution": first.stable_id, "quantity_found": "2",
                                                       "note": "现场核查（演示）"})
    with acting_on(today - timedelta(days=5)):
        distribution.add_evaluation(admin, programme, {"evaluator": "第三方社会工作评估中心（演示）",
                                                       "reported_on": today - timedelta(days=5),
                                                       "conclusion": "发放基本到位，一院尚未收到（演示）"},
                                    SimpleUploadedFile("evaluation.pdf", REPORT_PDF, content_type="application/pdf"))
    return {"beneficiaries": len(elders) + 1, "programme": programme}
