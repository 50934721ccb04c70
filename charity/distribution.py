"""The only writers of the in-kind distribution ledger 台账: programmes and their goods, eligible recipient
institutions (stable ids, resident counts, county), allocations, shipments, receipt confirmations (a shortfall is
flagged), the random verification sample (the spot-check draw algorithm of ``supervision.draw_algorithm``, from a
published seed, verifiable by anyone), verification results and third-party evaluation reports; and coverage by
county: which eligible institutions have not yet received.

Who acts: the organization (or an officer over it) runs the programme; the draw and the verification results are
the officers' (the supervision side). Every write is audited; nothing is edited or deleted.
"""

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Sum
from stdnum.cn import uscc

from audit.services import record
from common.clock import today
from common.errors import Refusal, RuleViolation
from divisions.models import Division
from supervision.base import deny_unless_org_or_staff, deny_unless_staff_for
from supervision.cleaning import clean_text, parse_day
from supervision.spotchecks import draw_algorithm
from supervision.spotchecks.rules import canonical_sha256, sample_size

from .models import (
    Allocation,
    CharityProject,
    DistributionProgramme,
    EvaluationReport,
    ProgrammeGoods,
    ReceiptConfirmation,
    RecipientInstitution,
    Shipment,
    VerificationDraw,
    VerificationOutcome,
    VerificationResult,
)
from .services import _collect, _user, refuse

STRATUM = "received"
MAX_REPORT_BYTES = 10 * 1024 * 1024
REPORT_TYPES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def _quantity(value, field_name: str, problems: list[Refusal], *, allow_zero: bool = False) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        problems.append(Refusal("DIST-QUANTITY", field_name, f"数量“{value}”不是数字", f"quantity '{value}' is not a number",
                                value=str(value)))
        return None
    if not number.is_finite() or number != number.quantize(Decimal("0.001")):
        problems.append(Refusal("DIST-QUANTITY", field_name, "数量最多三位小数", "a quantity has at most three decimals",
                                value=str(value)))
        return None
    if number < 0 or (number == 0 and not allow_zero):
        problems.append(Refusal("DIST-QUANTITY", field_name, "数量应大于 0" if not allow_zero else "数量不能为负数",
                                "the quantity must be above 0" if not allow_zero else "a quantity may not be negative",
                                value=str(value)))
        return None
    return number


def _money(value, field_name: str, problems: list[Refusal]) -> Decimal | None:
    from .services import parse_money

    return _collect(lambda: parse_money(value, field_name), problems)


def _with_row(problems: list[Refusal], row: int, prefix: str) -> list[Refusal]:
    return [Refusal(p.code, f"{prefix}.{row}.{p.field}" if p.field else prefix, f"第 {row} 项：{p.zh}",
                    f"item {row}: {p.en}", row=row, value=p.value) for p in problems]


# --- programmes, goods, institutions ------------------------------------------------------------------------

@transaction.atomic
def create_programme(actor, org, data: dict) -> DistributionProgramme:
    deny_unless_org_or_staff(actor, org)
    problems: list[Refusal] = []
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems)
    starts_on = _collect(lambda: parse_day(data.get("starts_on"), "starts_on", not_after_today=False), problems)
    description = _collect(lambda: clean_text(data.get("description"), "description"), problems) or ""
    project = None
    if data.get("project"):
        project = CharityProject.objects.filter(organization=org, public_id=str(data["project"]).strip()).first()
        if project is None:
            problems.append(Refusal("PROJECT-UNKNOWN", "project", f"本组织没有编号为 {data['project']} 的慈善项目",
                                    f"this organization has no project {data['project']}", value=str(data["project"])))
    goods_rows = data.get("goods") or []
    if not goods_rows:
        problems.append(Refusal("REQUIRED", "goods", "至少登记一种物资", "list at least one kind of goods"))
    goods: list[ProgrammeGoods] = []
    seen: set[tuple[str, str]] = set()
    for index, row in enumerate(goods_rows, 1):
        row_problems: list[Refusal] = []
        g_name = _collect(lambda r=row: clean_text(r.get("name"), "name", required=True, max_length=200),
                          row_problems) or ""
        unit = _collect(lambda r=row: clean_text(r.get("unit"), "unit", required=True, max_length=20), row_problems) or ""
        quantity = _quantity(row.get("quantity"), "quantity", row_problems)
        value = _money(row.get("unit_value"), "unit_value", row_problems)
        basis = _collect(lambda r=row: clean_text(r.get("valuation_basis"), "valuation_basis", required=True,
                                                  max_length=200), row_problems) or ""
        if (g_name, unit) in seen:
            row_problems.append(Refusal("DIST-GOODS-TWICE", "name", f"物资“{g_name}（{unit}）”重复", f"goods '{g_name}' "
                                        f"({unit}) listed twice", value=g_name))
        seen.add((g_name, unit))
        problems += _with_row(row_problems, index, "goods")
        if not row_problems:
            goods.append(ProgrammeGoods(name=g_name, unit=unit, quantity=quantity, unit_value=value,
                                        valuation_basis=basis))
    if problems:
        raise RuleViolation(problems)
    prefix = f"{org.code}G{today().year % 100:02d}"
    number = DistributionProgramme.objects.filter(public_id__startswith=prefix).count() + 1
    programme = DistributionProgramme.objects.create(organization=org, public_id=f"{prefix}{number:03d}", name=name,
                                                     project=project, starts_on=starts_on, description=description,
                                                     created_by=_user(actor))
    for item in goods:
        item.programme = programme
    ProgrammeGoods.objects.bulk_create(goods)
    record(actor, "charity.distribution.create", "DistributionProgramme", programme.pk, after={
        "public_id": programme.public_id, "name": name, "goods": [[g.name, g.unit, g.quantity, g.unit_value]
                                                                   for g in goods]})
    return programme


def _programme(actor, programme: DistributionProgramme, *, staff: bool = False) -> DistributionProgramme:
    programme = DistributionProgramme.objects.select_for_update().select_related("organization").get(pk=programme.pk)
    if staff:
        deny_unless_staff_for(actor, programme.organization.authority_id)
    else:
        deny_unless_org_or_staff(actor, programme.organization)
    return programme


@transaction.atomic
def add_institutions(actor, programme: DistributionProgramme, rows: list[dict]) -> list[RecipientInstitution]:
    """Eligible recipient institutions, each with a stable id (its USCC, or the id the programme gives it), its
    county and its resident count. All or nothing; each problem names its item."""
    programme = _programme(actor, programme)
    problems: list[Refusal] = []
    existing = set(programme.institutions.values_list("stable_id", flat=True))
    counties = {d.code: d for d in Division.objects.filter(code__in=[str(r.get("county") or "") for r in rows])}
    made: list[RecipientInstitution] = []
    if not rows:
        problems.append(Refusal("REQUIRED", "institutions", "至少登记一家机构", "list at least one institution"))
    for index, row in enumerate(rows, 1):
        rp: list[Refusal] = []
        stable = _collect(lambda r=row: clean_text(r.get("stable_id"), "stable_id", required=True, max_length=40),
                          rp) or ""
        name = _collect(lambda r=row: clean_text(r.get("name"), "name", required=True, max_length=200), rp) or ""
        code = str(row.get("uscc") or "").strip().upper()
        if code and not uscc.is_valid(code):
            rp.append(Refusal("USCC-CHECK", "uscc", f"统一社会信用代码“{code}”无效（校验位不符）",
                              f"'{code}' is not a valid unified social credit code", value=code))
        county = counties.get(str(row.get("county") or ""))
        if county is None or county.level != "county":
            rp.append(Refusal("DIVISION-UNKNOWN", "county", f"“{row.get('county') or ''}”不是县级行政区划代码",
                              f"'{row.get('county') or ''}' is not a county-level division code",
                              value=str(row.get("county") or "")))
        residents = None
        try:
            residents = int(str(row.get("residents") or "").strip())
            if residents < 0:
                raise ValueError
        except ValueError:
            rp.append(Refusal("DIST-RESIDENTS", "residents", "在院人数应为非负整数", "residents is a whole number, 0 or more",
                              value=str(row.get("residents") or "")))
        if stable in existing:
            rp.append(Refusal("DIST-INSTITUTION-TWICE", "stable_id", f"机构编号 {stable} 已登记",
                              f"institution id {stable} is already listed", value=stable))
        existing.add(stable)
        problems += _with_row(rp, index, "institutions")
        if not rp:
            made.append(RecipientInstitution(programme=programme, stable_id=stable, name=name, county=county,
                                             residents=residents, uscc=code))
    if problems:
        raise RuleViolation(problems)
    RecipientInstitution.objects.bulk_create(made, batch_size=2000)
    record(actor, "charity.distribution.institutions", "DistributionProgramme", programme.pk,
           after={"added": [m.stable_id for m in made]})
    return list(programme.institutions.filter(stable_id__in=[m.stable_id for m in made]))


def _goods(programme, value, problems: list[Refusal]) -> ProgrammeGoods | None:
    text = str(value or "").strip()
    found = programme.goods.filter(pk=int(text)).first() if text.isdigit() else programme.goods.filter(
        name=text).first()
    if found is None:
        problems.append(Refusal("DIST-GOODS-UNKNOWN", "goods", f"本计划没有物资“{text}”",
                                f"this programme has no goods '{text}'", value=text))
    return found


def allocated(goods: ProgrammeGoods) -> Decimal:
    return goods.allocations.aggregate(q=Sum("quantity"))["q"] or Decimal(0)


@transaction.atomic
def allocate(actor, programme: DistributionProgramme, data: dict) -> Allocation:
    programme = _programme(actor, programme)
    problems: list[Refusal] = []
    stable = str(data.get("institution") or "").strip()
    institution = programme.institutions.filter(stable_id=stable).first()
    if institution is None:
        problems.append(Refusal("DIST-INSTITUTION-UNKNOWN", "institution", f"本计划没有编号为 {stable} 的受赠机构",
                                f"this programme lists no institution {stable}", value=stable))
    goods = _goods(programme, data.get("goods"), problems)
    quantity = _quantity(data.get("quantity"), "quantity", problems)
    on = _collect(lambda: parse_day(data.get("allocated_on"), "allocated_on", default=today()), problems)
    if goods is not None and quantity is not None:
        left = goods.quantity - allocated(goods)
        if quantity > left:
            problems.append(Refusal("DIST-ALLOC-EXCEEDS", "quantity",
                                    f"分配 {quantity} {goods.unit} 超过“{goods.name}”尚未分配的 {left} {goods.unit}",
                                    f"{quantity} {goods.unit} exceeds the {left} {goods.unit} of '{goods.name}' "
                                    "not yet allocated", value=str(quantity)))
    if problems:
        raise RuleViolation(problems)
    assert goods is not None and institution is not None and quantity is not None
    made = Allocation.objects.create(programme=programme, institution=institution, goods=goods, quantity=quantity,
                                     allocated_on=on, recorded_by=_user(actor))
    record(actor, "charity.distribution.allocate", "Allocation", made.pk, after={
        "programme": programme.public_id, "institution": stable, "goods": goods.name, "quantity": quantity})
    return made


def shipped(allocation: Allocation) -> Decimal:
    return allocation.shipments.aggregate(q=Sum("quantity"))["q"] or Decimal(0)


@transaction.atomic
def ship(actor, programme: DistributionProgramme, data: dict) -> Shipment:
    programme = _programme(actor, programme)
    problems: list[Refusal] = []
    raw = str(data.get("allocation") or "").strip()
    allocation = programme.allocations.select_related("goods", "institution").filter(
        pk=int(raw)).first() if raw.isdigit() else None
    if allocation is None:
        problems.append(Refusal("DIST-ALLOCATION-UNKNOWN", "allocation", f"本计划没有分配记录 {raw}",
                                f"this programme has no allocation {raw}", value=raw))
    quantity = _quantity(data.get("quantity"), "quantity", problems)
    on = _collect(lambda: parse_day(data.get("shipped_on"), "shipped_on", default=today()), problems)
    ref = _collect(lambda: clean_text(data.get("carrier_ref"), "carrier_ref", max_length=100), problems) or ""
    if allocation is not None and quantity is not None:
        left = allocation.quantity - shipped(allocation)
        if quantity > left:
            problems.append(Refusal("DIST-SHIP-EXCEEDS", "quantity",
                                    f"发运 {quantity} {allocation.goods.unit} 超过分配给 {allocation.institution.name} "
                                    f"尚未发运的 {left} {allocation.goods.unit}",
                                    f"{quantity} {allocation.goods.unit} exceeds the {left} allocated to "
                                    f"{allocation.institution.stable_id} and not yet shipped", value=str(quantity)))
    if problems:
        raise RuleViolation(problems)
    assert allocation is not None and quantity is not None
    number = Shipment.objects.filter(programme=programme).count() + 1
    made = Shipment.objects.create(programme=programme, public_id=f"{programme.public_id}-S{number:05d}",
                                   allocation=allocation, quantity=quantity, shipped_on=on, carrier_ref=ref,
                                   recorded_by=_user(actor))
    record(actor, "charity.distribution.ship", "Shipment", made.pk, after={
        "public_id": made.public_id, "institution": allocation.institution.stable_id, "quantity": quantity})
    return made


@transaction.atomic
def confirm_receipt(actor, shipment: Shipment, data: dict) -> ReceiptConfirmation:
    """The institution's signed receipt: never more than shipped (DIST-RECEIPT-EXCEEDS); less is a shortfall."""
    shipment = Shipment.objects.select_for_update().select_related(
        "programme__organization", "allocation__goods", "allocation__institution").get(pk=shipment.pk)
    deny_unless_org_or_staff(actor, shipment.programme.organization)
    problems: list[Refusal] = []
    if ReceiptConfirmation.objects.filter(shipment=shipment).exists():
        refuse("DIST-RECEIPT-TWICE", None, f"发运 {shipment.public_id} 已确认收货",
               f"shipment {shipment.public_id} was already confirmed", status=409)
    quantity = _quantity(data.get("quantity"), "quantity", problems, allow_zero=True)
    on = _collect(lambda: parse_day(data.get("received_on"), "received_on", default=today()), problems)
    signed = _collect(lambda: clean_text(data.get("signed_by"), "signed_by", required=True, max_length=64), problems)
    note = _collect(lambda: clean_text(data.get("note"), "note", max_length=300), problems) or ""
    unit = shipment.allocation.goods.unit
    if quantity is not None and quantity > shipment.quantity:
        problems.append(Refusal("DIST-RECEIPT-EXCEEDS", "quantity",
                                f"签收 {quantity} {unit} 多于发运的 {shipment.quantity} {unit}（{shipment.public_id}）",
                                f"{quantity} {unit} received is more than the {shipment.quantity} {unit} shipped "
                                f"({shipment.public_id})", value=str(quantity)))
    if on is not None and on < shipment.shipped_on:
        problems.append(Refusal("DIST-RECEIPT-DATE", "received_on", f"签收日期 {on} 早于发运日期 {shipment.shipped_on}",
                                f"received on {on}, before it was shipped on {shipment.shipped_on}", value=str(on)))
    if problems:
        raise RuleViolation(problems)
    made = ReceiptConfirmation.objects.create(shipment=shipment, quantity=quantity, received_on=on, signed_by=signed,
                                              note=note, recorded_by=_user(actor))
    record(actor, "charity.distribution.receipt", "Shipment", shipment.pk, after={
        "shipment": shipment.public_id, "quantity": quantity, "shortfall": shipment.quantity - quantity})
    return made


# --- the verification draw ----------------------------------------------------------------------------------

def draw_candidates(programme: DistributionProgramme) -> list[list]:
    """Institutions with at least one confirmed receipt: [institution id, stable id, stratum], by id."""
    rows = (RecipientInstitution.objects.filter(programme=programme, allocations__shipments__receipt__isnull=False)
            .distinct().order_by("id").values_list("id", "stable_id"))
    return [[pk, stable, STRATUM] for pk, stable in rows]


@transaction.atomic
def draw(actor, programme: DistributionProgramme, data: dict) -> VerificationDraw:
    """An officer draws the verification sample: ``rate`` percent of the institutions that confirmed a receipt
    (at least one), with the spot-check algorithm and a published seed (given, or random)."""
    programme = _programme(actor, programme, staff=True)
    problems: list[Refusal] = []
    rate = None
    try:
        rate = Decimal(str(data.get("rate") or "").strip())
        if not (0 < rate <= 100):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        problems.append(Refusal("DIST-DRAW-RATE", "rate", "抽样比例应为 0 到 100 之间的百分数（由抽取人确定）",
                                "the sampling rate is a percentage above 0 and at most 100 (set by the officer)",
                                value=str(data.get("rate") or "")))
    seed = _collect(lambda: clean_text(data.get("seed"), "seed", max_length=100), problems) or secrets.token_hex(16)
    candidates = draw_candidates(programme)
    if not candidates:
        problems.append(Refusal("DIST-DRAW-EMPTY", None, "尚无确认收货的机构，无从抽取",
                                "no institution has confirmed a receipt yet: nothing to draw from"))
    if problems:
        raise RuleViolation(problems)
    assert rate is not None
    size = sample_size(len(candidates), rate)
    targets = [pk for _stratum, pk in draw_algorithm.draw_targets(seed, candidates, {STRATUM: size})]
    made = VerificationDraw.objects.create(
        programme=programme, seed=seed, drawn_on=today(), rate=rate, size=size,
        algorithm_version=draw_algorithm.ALGORITHM_VERSION, algorithm_sha256=draw_algorithm.algorithm_hash(),
        candidates=candidates, candidates_sha256=canonical_sha256(candidates), targets=targets,
        drawn_by=_user(actor))
    record(actor, "charity.distribution.draw", "VerificationDraw", made.pk, after={
        "programme": programme.public_id, "seed": seed, "rate": rate, "size": size,
        "candidates_sha256": made.candidates_sha256, "targets": targets})
    return made


@dataclass
class DrawCheck:
    ok: bool
    checks: list[tuple[str, bool, str]] = field(default_factory=list)


def verify_draw(made: VerificationDraw) -> DrawCheck:
    """Re-run the draw from its published seed and frozen candidate list; compare with the stored sample."""
    result = DrawCheck(True)
    same_list = canonical_sha256(made.candidates) == made.candidates_sha256
    again = [pk for _s, pk in draw_algorithm.draw_targets(made.seed, made.candidates, {STRATUM: made.size})]
    same = again == list(made.targets)
    result.checks = [("candidate list SHA-256", same_list, made.candidates_sha256),
                     ("algorithm version", made.algorithm_version == draw_algorithm.ALGORITHM_VERSION,
                      made.algorithm_version), ("re-drawn sample", same, f"{len(again)} re-drawn")]
    result.ok = same_list and same and made.algorithm_version == draw_algorithm.ALGORITHM_VERSION
    return result


@transaction.atomic
def record_verification(actor, made: VerificationDraw, data: dict) -> VerificationResult:
    made = VerificationDraw.objects.select_related("programme__organization").get(pk=made.pk)
    deny_unless_staff_for(actor, made.programme.organization.authority_id)
    problems: list[Refusal] = []
    stable = str(data.get("institution") or "").strip()
    institution = made.programme.institutions.filter(stable_id=stable).first()
    if institution is None or institution.pk not in made.targets:
        problems.append(Refusal("DIST-VERIFY-TARGET", "institution", f"机构 {stable} 不在本次抽取的核查样本中",
                                f"institution {stable} is not in this draw's sample", value=stable))
    elif VerificationResult.objects.filter(draw=made, institution=institution).exists():
        problems.append(Refusal("DIST-VERIFY-TWICE", "institution", f"机构 {stable} 的核查结果已登记",
                                f"the result for {stable} is already recorded", value=stable))
    on = _collect(lambda: parse_day(data.get("checked_on"), "checked_on", default=today()), problems)
    found = _quantity(data.get("quantity_found"), "quantity_found", problems, allow_zero=True)
    note = _collect(lambda: clean_text(data.get("note"), "note", max_length=2000), problems) or ""
    if problems:
        raise RuleViolation(problems)
    received = (ReceiptConfirmation.objects.filter(shipment__allocation__institution=institution)
                .aggregate(q=Sum("quantity"))["q"] or Decimal(0))
    outcome = VerificationOutcome.CONSISTENT if found == received else VerificationOutcome.DISCREPANCY
    made_result = VerificationResult.objects.create(draw=made, institution=institution, checked_on=on,
                                                    quantity_found=found, outcome=outcome, note=note,
                                                    recorded_by=_user(actor))
    record(actor, "charity.distribution.verify", "VerificationResult", made_result.pk, after={
        "draw": made.pk, "institution": stable, "found": found, "received": received, "outcome": outcome})
    return made_result


# --- third-party evaluation ---------------------------------------------------------------------------------

@transaction.atomic
def add_evaluation(actor, programme: DistributionProgramme, data: dict, uploaded) -> EvaluationReport:
    """A third-party evaluation report with its file: PDF, PNG or JPEG by content (not by name), at most 10 MB."""
    programme = _programme(actor, programme)
    problems: list[Refusal] = []
    evaluator = _collect(lambda: clean_text(data.get("evaluator"), "evaluator", required=True, max_length=200), problems)
    code = str(data.get("evaluator_uscc") or "").strip().upper()
    if code and not uscc.is_valid(code):
        problems.append(Refusal("USCC-CHECK", "evaluator_uscc", f"统一社会信用代码“{code}”无效（校验位不符）",
                                f"'{code}' is not a valid unified social credit code", value=code))
    on = _collect(lambda: parse_day(data.get("reported_on"), "reported_on"), problems)
    conclusion = _collect(lambda: clean_text(data.get("conclusion"), "conclusion", required=True), problems)
    content_type = ""
    if uploaded is None:
        problems.append(Refusal("REQUIRED", "file", "请选择评估报告文件", "choose the report file"))
    elif uploaded.size > MAX_REPORT_BYTES:
        problems.append(Refusal("DIST-REPORT-SIZE", "file", "文件不能超过 10 MB", "files are limited to 10 MB",
                                value=str(uploaded.size)))
    else:
        head = uploaded.read(16)
        uploaded.seek(0)
        content_type = next((t for magic, t in REPORT_TYPES.items() if head.startswith(magic)), "")
        if not content_type:
            problems.append(Refusal("DIST-REPORT-TYPE", "file", "评估报告应为 PDF、PNG 或 JPEG 文件",
                                    "the report must be a PDF, PNG or JPEG file", value=(uploaded.name or "")[:100]))
    if problems:
        raise RuleViolation(problems)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    report = EvaluationReport(programme=programme, evaluator=evaluator, evaluator_uscc=code, reported_on=on,
                              conclusion=conclusion, file_name=(uploaded.name or "report")[:200],
                              content_type=content_type, size=uploaded.size, sha256=digest.hexdigest(),
                              recorded_by=_user(actor))
    report.file.save(report.file_name, uploaded, save=False)
    report.save()
    record(actor, "charity.distribution.evaluation", "EvaluationReport", report.pk, after={
        "programme": programme.public_id, "evaluator": evaluator, "sha256": report.sha256, "size": report.size})
    return report


# --- coverage by county -------------------------------------------------------------------------------------

@dataclass
class CountyRow:
    code: str
    name: str
    eligible: int = 0
    allocated: int = 0
    shipped: int = 0
    received: int = 0
    residents: int = 0
    residents_reached: int = 0
    waiting: list = field(default_factory=list)  # institutions not yet received

    @property
    def not_received(self) -> int:
        return self.eligible - self.received


def coverage(programme: DistributionProgramme, on: date | None = None) -> tuple[list[CountyRow], CountyRow]:
    """Per county: eligible institutions, allocated, shipped, received (a confirmed receipt of any goods), and
    those not yet received. Totals are the sums of the rows (the CSV gives the same rows and totals)."""
    institutions = list(RecipientInstitution.objects.filter(programme=programme).select_related("county")
                        .annotate(n_alloc=Count("allocations", distinct=True),
                                  n_ship=Count("allocations__shipments", distinct=True),
                                  n_recv=Count("allocations__shipments__receipt", distinct=True))
                        .order_by("county_id", "stable_id"))
    rows: dict[str, CountyRow] = {}
    for inst in institutions:
        row = rows.setdefault(inst.county_id, CountyRow(inst.county_id, inst.county.full_name))
        row.eligible += 1
        row.residents += inst.residents
        row.allocated += inst.n_alloc > 0
        row.shipped += inst.n_ship > 0
        if inst.n_recv > 0:
            row.received += 1
            row.residents_reached += inst.residents
        else:
            row.waiting.append(inst)
    out = [rows[k] for k in sorted(rows)]
    total = CountyRow("", "")
    for row in out:
        for name in ("eligible", "allocated", "shipped", "received", "residents", "residents_reached"):
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return out, total


def goods_totals(programme: DistributionProgramme) -> list[dict]:
    out = []
    for goods in programme.goods.all():
        shipped_q = Shipment.objects.filter(allocation__goods=goods).aggregate(q=Sum("quantity"))["q"] or Decimal(0)
        received_q = ReceiptConfirmation.objects.filter(shipment__allocation__goods=goods).aggregate(
            q=Sum("quantity"))["q"] or Decimal(0)
        out.append({"goods": goods, "allocated": allocated(goods), "shipped": shipped_q, "received": received_q,
                    "value": (goods.quantity * goods.unit_value).quantize(Decimal("0.01"))})
    return out
