"""The only writers of beneficiaries (persons or institutions) of a project, its eligibility rules, imported
government-aid lists and the review of suspected duplicates; and the disbursement of a beneficiary's aid.

Matching never uses an ID number in clear: the number is validated (``stdnum.cn.ric``), stored encrypted and
matched by its keyed hash (``common.crypto.search_hash``, the key from settings); a household by the keyed hash of
its identifier (户籍户号 or another stable household number). Every refusal names the rule and, for an earlier
aid, which project or list and the date. Matches no rule of the project forbids are kept as suspected duplicates
for an officer to confirm or clear (and to undo), each review audited.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import Q, Sum
from stdnum.cn import ric, uscc

from accounts.jurisdiction import is_staff_user, may_act_for_division
from audit.services import record
from common.clock import today
from common.crypto import encrypt, mask_id_number, search_hash
from common.errors import Refusal, RuleViolation
from divisions.models import Division, subtree_prefix
from registry.importer import SourceError, cell_text, open_source
from supervision.base import deny_unless_org_or_staff
from supervision.cleaning import clean_text, parse_day

from . import ledger, rules
from . import rules_beneficiaries as br
from .models import (
    AccountKind,
    AidLevel,
    AidList,
    AidListEntry,
    Beneficiary,
    BeneficiaryKind,
    CharityProject,
    DuplicateReview,
    DuplicateSuspect,
    EligibilityRuleSet,
    LedgerAccount,
    LedgerTransaction,
    PartyKind,
    Posting,
    Residence,
    ReviewOutcome,
    TransactionKind,
)
from .services import _collect, _user, refuse

LEVEL_ZH = {"province": "省级", "city": "市级", "county": "县级", "other": "其他"}


def household_hash(value: str) -> str:
    text = "".join(str(value or "").split()).upper()
    return search_hash(f"household:{text}") if text else ""


def person_hash(number: str) -> str:
    """The keyed hash of a validated ID number, as the donations ledger keys persons."""
    return search_hash(ric.compact(number))


def current_rules(project: CharityProject) -> EligibilityRuleSet | None:
    return project.rule_sets.order_by("-number").first()


@transaction.atomic
def set_rules(actor, project: CharityProject, data: dict) -> EligibilityRuleSet:
    """A new version of the project's eligibility rules (the organization, or an officer over it)."""
    project = CharityProject.objects.select_for_update().select_related("organization").get(pk=project.pk)
    deny_unless_org_or_staff(actor, project.organization)
    cleaned, problems = br.clean_rules(data)
    reason = _collect(lambda: clean_text(data.get("reason"), "reason", max_length=1000), problems) or ""
    known = set(CharityProject.objects.filter(public_id__in=cleaned.get("not_combinable_projects", []))
                .values_list("public_id", flat=True))
    for public_id in cleaned.get("not_combinable_projects", []):
        if public_id not in known or public_id == project.public_id:
            problems.append(Refusal("BENEF-RULES", "not_combinable_projects", f"没有编号为 {public_id} 的其他慈善项目",
                                    f"there is no other project {public_id}", value=public_id))
    if problems:
        raise RuleViolation(problems)
    latest = current_rules(project)
    rule_set = EligibilityRuleSet.objects.create(project=project, number=(latest.number + 1) if latest else 1,
                                                 rules=cleaned, reason=reason, recorded_by=_user(actor))
    record(actor, "charity.beneficiary.rules", "CharityProject", project.pk,
           before={"rules": latest.rules} if latest else None, after={"version": rule_set.number, "rules": cleaned},
           reason=reason)
    return rule_set


@dataclass
class Earlier:
    """An earlier aid that matches: a beneficiary of a project, or an entry of an imported aid list."""

    by: str  # "person" or "household"
    label_zh: str
    label_en: str
    on: date
    beneficiary: Beneficiary | None = None
    entry: AidListEntry | None = None
    project_public_id: str = ""
    level: str = ""


def _earlier_beneficiaries(id_hash: str, hh_hash: str, exclude_project=None) -> list[Earlier]:
    where = Q()
    if id_hash:
        where |= Q(id_hash=id_hash)
    if hh_hash:
        where |= Q(household_hash=hh_hash)
    if not where:
        return []
    rows = Beneficiary.objects.filter(where).select_related("project", "organization")
    if exclude_project is not None:
        rows = rows.exclude(project=exclude_project)
    out = []
    for row in rows.order_by("admitted_on", "id"):
        by = "person" if id_hash and row.id_hash == id_hash else "household"
        out.append(Earlier(by, f"{row.organization.name}“{row.project.name}”（项目 {row.project.public_id}，受益人 "
                               f"{row.public_id}）", f"{row.organization.name} project {row.project.public_id} "
                               f"“{row.project.name}” (beneficiary {row.public_id})", row.admitted_on,
                           beneficiary=row, project_public_id=row.project.public_id))
    return out


def _earlier_list_entries(id_hash: str, hh_hash: str, division_code: str) -> list[Earlier]:
    where = Q()
    if id_hash:
        where |= Q(id_hash=id_hash)
    if hh_hash:
        where |= Q(household_hash=hh_hash)
    if not where:
        return []
    out = []
    for entry in AidListEntry.objects.filter(where).select_related("aid_list__authority").order_by("granted_on", "id"):
        aid = entry.aid_list
        if not division_code.startswith(subtree_prefix(aid.authority_id)):
            continue  # a list of another jurisdiction does not cover this beneficiary
        by = "person" if id_hash and entry.id_hash == id_hash else "household"
        out.append(Earlier(by, f"{aid.authority.name}{LEVEL_ZH.get(aid.level, '')}救助名单“{aid.title}”第 {entry.row} 行",
                           f"{aid.get_level_display()} list “{aid.title}” of {aid.authority_id}, row {entry.row}",
                           entry.granted_on, entry=entry, level=aid.level))
    return out


def _refusal_for(earlier: Earlier, code: str, field: str, why_zh: str, why_en: str) -> Refusal:
    return Refusal(code, field, f"{why_zh}：已于 {earlier.on} 获得{earlier.label_zh}的资助",
                   f"{why_en}: already aided on {earlier.on} by {earlier.label_en}", value=earlier.on.isoformat())


def _person_fields(data: dict, problems: list[Refusal]) -> dict:
    number = str(data.get("id_number") or "").strip().upper()
    out: dict = {"id_number": "", "birth_date": None}
    if not number:
        problems.append(Refusal("REQUIRED", "id_number", "个人受益人须填写居民身份证号码",
                                "a person's resident ID number is required"))
    elif not ric.is_valid(number):
        problems.append(Refusal("RIC-CHECK", "id_number", "居民身份证号码无效（校验位或出生日期不符）",
                                "not a valid resident ID number (check digit or date of birth)"))
    else:
        out["id_number"] = ric.compact(number)
        out["birth_date"] = ric.get_birth_date(number)
    household = _collect(lambda: clean_text(data.get("household"), "household", required=True, max_length=100),
                         problems) or ""
    out["household_hash"] = household_hash(household)
    raw = data.get("subsistence")
    flag = br.parse_bool(raw)
    if flag is None and raw not in (None, ""):
        problems.append(Refusal("BENEF-FORMAT", "subsistence", f"“{raw}”应为“是”或“否”", f"'{raw}' should be yes or no",
                                value=str(raw)))
    out["subsistence"] = flag
    residence = str(data.get("residence") or "").strip()
    if residence and residence not in Residence.values:
        problems.append(Refusal("BENEF-FORMAT", "residence", "城乡应为城市或农村", "residence is urban or rural",
                                value=residence))
        residence = ""
    out["residence"] = residence
    year = str(data.get("admission_year") or "").strip()
    out["admission_year"] = None
    if year:
        if year.isdigit() and 1950 <= int(year) <= 2100:
            out["admission_year"] = int(year)
        else:
            problems.append(Refusal("BENEF-FORMAT", "admission_year", f"录取年份“{year}”无效",
                                    f"invalid year of admission '{year}'", value=year))
    return out


def _county(data: dict, org, problems: list[Refusal]):
    code = str(data.get("county") or "").strip()
    if not code:
        return None
    county = Division.objects.filter(code=code).first()
    if county is None:
        problems.append(Refusal("DIVISION-UNKNOWN", "county", f"行政区划代码 {code} 不存在",
                                f"there is no division {code}", value=code))
    return county


def _next_public_id(project: CharityProject) -> str:
    prefix = f"{project.public_id}-B"
    return f"{prefix}{Beneficiary.objects.filter(public_id__startswith=prefix).count() + 1:05d}"


@transaction.atomic
def admit(actor, project: CharityProject, data: dict) -> Beneficiary:
    """Admit a beneficiary after every rule of the project: attributes, once per person, one per household,
    not combinable with the named projects or the named levels of imported aid lists. Nothing is written on
    refusal."""
    project = CharityProject.objects.select_for_update().select_related("organization").get(pk=project.pk)
    org = project.organization
    deny_unless_org_or_staff(actor, org)
    problems: list[Refusal] = []
    kind = str(data.get("kind") or BeneficiaryKind.PERSON)
    if kind not in BeneficiaryKind.values:
        problems.append(Refusal("BENEF-FORMAT", "kind", "受益人应为个人或机构", "a beneficiary is a person or an institution",
                                value=kind))
        raise RuleViolation(problems)
    name = _collect(lambda: clean_text(data.get("name"), "name", required=True, max_length=200), problems) or ""
    on = _collect(lambda: parse_day(data.get("admitted_on"), "admitted_on", default=today()), problems) or today()
    county = _county(data, org, problems)
    fields: dict = {"id_number": "", "birth_date": None, "household_hash": "", "subsistence": None,
                    "residence": "", "admission_year": None}
    code = ""
    if kind == BeneficiaryKind.PERSON:
        fields = _person_fields(data, problems)
    else:
        code = str(data.get("uscc") or "").strip().upper()
        if code and not uscc.is_valid(code):
            problems.append(Refusal("USCC-CHECK", "uscc", f"统一社会信用代码“{code}”无效（校验位不符）",
                                    f"'{code}' is not a valid unified social credit code", value=code))
    rule_set = current_rules(project)
    project_rules = rule_set.rules if rule_set else {}
    if problems:
        raise RuleViolation(problems)
    candidate = br.Candidate(kind, fields["birth_date"], fields["subsistence"], fields["residence"],
                             fields["admission_year"])
    problems += br.check_attributes(project_rules, candidate, on)
    id_hash = person_hash(fields["id_number"]) if fields["id_number"] else ""
    hh = fields["household_hash"]
    if kind == BeneficiaryKind.INSTITUTION and code:
        if Beneficiary.objects.filter(project=project, uscc=code).exists():
            problems.append(Refusal("BENEF-TWICE", "uscc", f"机构 {code} 已是本项目的受益人",
                                    f"institution {code} is already a beneficiary of this project", value=code))
    same_project = _earlier_beneficiaries(id_hash, hh) if kind == BeneficiaryKind.PERSON else []
    here = [e for e in same_project if e.beneficiary and e.beneficiary.project_id == project.pk]
    elsewhere = [e for e in same_project if e not in here]
    for earlier in here:
        if earlier.by == "person":
            problems.append(_refusal_for(earlier, "BENEF-TWICE", "id_number", "同一人不能重复受助",
                                         "the same person cannot be admitted twice"))
        elif project_rules.get("one_per_household"):
            problems.append(_refusal_for(earlier, "BENEF-HOUSEHOLD", "household", "本项目每户限一人，同户已有受益人",
                                         "one per household: this household already has a beneficiary"))
    by = project_rules.get("not_combinable_by", "person")
    blocked_projects = set(project_rules.get("not_combinable_projects", []))
    blocked_levels = set(project_rules.get("not_combinable_levels", []))
    refused: set[int] = set()
    for earlier in elsewhere:
        if earlier.project_public_id in blocked_projects and (earlier.by == "person" or by == "household"):
            problems.append(_refusal_for(earlier, "BENEF-NOT-COMBINABLE", "id_number" if earlier.by == "person"
                                         else "household", f"本项目不得与项目 {earlier.project_public_id} 兼得",
                                         f"not combinable with project {earlier.project_public_id}"))
            refused.add(id(earlier))
    listed = _earlier_list_entries(id_hash, hh, county.code if county else org.authority_id) \
        if kind == BeneficiaryKind.PERSON else []
    for earlier in listed:
        if earlier.level in blocked_levels and (earlier.by == "person" or by == "household"):
            problems.append(_refusal_for(earlier, "BENEF-NOT-COMBINABLE-LIST", "id_number" if earlier.by == "person"
                                         else "household", f"本项目不得与{LEVEL_ZH[earlier.level]}救助兼得",
                                         f"not combinable with {earlier.level} aid"))
            refused.add(id(earlier))
    if problems:
        raise RuleViolation(problems)
    beneficiary = Beneficiary.objects.create(
        organization=org, project=project, public_id=_next_public_id(project), kind=kind, name=name,
        id_encrypted=encrypt(fields["id_number"]), id_hash=id_hash, id_masked=mask_id_number(fields["id_number"]),
        uscc=code, household_hash=hh, birth_date=fields["birth_date"], subsistence=fields["subsistence"],
        residence=fields["residence"], admission_year=fields["admission_year"], county=county, admitted_on=on,
        rule_set=rule_set, checks=[zh for zh, _en in br.describe(project_rules)], recorded_by=_user(actor))
    suspects = [DuplicateSuspect(beneficiary=beneficiary, matched_by=e.by, earlier_beneficiary=e.beneficiary,
                                 earlier_entry=e.entry, earlier_label=e.label_zh[:300], earlier_on=e.on)
                for e in elsewhere + listed if id(e) not in refused]
    DuplicateSuspect.objects.bulk_create(suspects)
    record(actor, "charity.beneficiary.admit", "Beneficiary", beneficiary.pk, after={
        "public_id": beneficiary.public_id, "project": project.public_id, "kind": kind,
        "id_masked": beneficiary.id_masked, "rules_version": rule_set.number if rule_set else None,
        "suspects": len(suspects)})
    return beneficiary


# --- suspected duplicates ---------------------------------------------------------------------------------

@transaction.atomic
def review(actor, suspect: DuplicateSuspect, *, outcome: str, reason: str) -> DuplicateReview:
    """An officer over the organization confirms a suspected duplicate, clears it, or undoes the last review."""
    suspect = DuplicateSuspect.objects.select_related("beneficiary__organization").get(pk=suspect.pk)
    org = suspect.beneficiary.organization
    if not (is_staff_user(actor) and may_act_for_division(actor, org.authority_id)):
        refuse("FORBIDDEN", None, "只有该组织登记机关的工作人员可以审核疑似重复",
               "only officers over the organization review suspected duplicates", status=403)
    problems: list[Refusal] = []
    reason = _collect(lambda: clean_text(reason, "reason", required=True, max_length=1000), problems) or ""
    state = suspect.state
    if outcome not in ReviewOutcome.values:
        problems.append(Refusal("BENEF-REVIEW", "outcome", "审核结果应为确认重复、不是重复或撤销",
                                "the outcome is confirmed, cleared or undone", value=str(outcome)))
    elif outcome == ReviewOutcome.UNDONE and state == "open":
        problems.append(Refusal("BENEF-REVIEW", "outcome", "尚未审核，无可撤销", "nothing to undo: not reviewed yet"))
    elif outcome != ReviewOutcome.UNDONE and state != "open":
        problems.append(Refusal("BENEF-REVIEW", "outcome", "已经审核；如需改变，请先撤销",
                                "already reviewed: undo the review first", value=state))
    if problems:
        raise RuleViolation(problems)
    made = DuplicateReview.objects.create(suspect=suspect, outcome=outcome, reason=reason, reviewed_by=_user(actor))
    record(actor, "charity.beneficiary.review", "DuplicateSuspect", suspect.pk, before={"state": state},
           after={"state": suspect.state, "outcome": outcome, "beneficiary": suspect.beneficiary.public_id},
           reason=reason)
    return made


def confirmed_duplicate(beneficiary: Beneficiary) -> bool:
    return any(s.state == ReviewOutcome.CONFIRMED for s in beneficiary.suspects.all())


# --- a beneficiary's aid through the ledger -----------------------------------------------------------------

def beneficiary_account(beneficiary: Beneficiary) -> LedgerAccount:
    """The ledger account of a beneficiary: its public id is the beneficiary's (never personal data)."""
    found = LedgerAccount.objects.filter(public_id=beneficiary.public_id).first()
    if found is not None:
        return found
    person = beneficiary.kind == BeneficiaryKind.PERSON
    return LedgerAccount.objects.create(
        organization=beneficiary.organization, public_id=beneficiary.public_id,
        kind=AccountKind.BENEFICIARY if person else AccountKind.INSTITUTION,
        party_kind=PartyKind.PERSON if person else PartyKind.ORGANIZATION, name=beneficiary.name,
        uscc=beneficiary.uscc, person_hash=beneficiary.id_hash)


@transaction.atomic
def disburse_to(actor, beneficiary: Beneficiary, data: dict) -> LedgerTransaction:
    """A disbursement from the restricted fund of the project's plan to the beneficiary (receiver id = the
    beneficiary's public id). Refused for a confirmed duplicate and beyond the fund's balance."""
    beneficiary = Beneficiary.objects.select_related("project__plan", "organization").get(pk=beneficiary.pk)
    project, org = beneficiary.project, beneficiary.organization
    deny_unless_org_or_staff(actor, org)
    problems: list[Refusal] = []
    if project.plan is None:
        refuse("BENEF-NO-PLAN", "project", f"项目 {project.public_id} 没有资助它的募捐方案，无法从定向资金拨付",
               f"project {project.public_id} has no funding plan to disburse from", status=409)
    plan = ledger.FundraisingPlan.objects.select_for_update().get(pk=project.plan_id)
    if confirmed_duplicate(beneficiary):
        problems.append(Refusal("BENEF-DUPLICATE-CONFIRMED", None, f"{beneficiary.public_id} 已被确认为重复受助，不能拨付",
                                f"{beneficiary.public_id} is a confirmed duplicate: no disbursement", value="confirmed"))
    amount = ledger._amount(data, problems)
    occurred_on = _collect(lambda: parse_day(data.get("occurred_on"), "occurred_on", default=today()), problems)
    memo = _collect(lambda: clean_text(data.get("memo"), "memo", required=True, max_length=300), problems) or ""
    fund = ledger.fund_of(plan)
    available = ledger.balance(fund)
    if amount is not None and amount > available:
        problems.append(Refusal("LEDGER-FUNDS", "amount",
                                f"拨付金额 {rules.yuan(amount)} 元超过方案 {plan.filing_number} 的定向资金余额 "
                                f"{rules.yuan(available)} 元", f"the disbursement of {rules.yuan(amount)} yuan "
                                f"exceeds the {rules.yuan(available)} yuan left in plan {plan.filing_number}",
                                value=str(amount)))
    if problems:
        raise RuleViolation(problems)
    assert amount is not None
    recipient = beneficiary_account(beneficiary)
    txn = ledger._post(org, TransactionKind.DISBURSEMENT, rules.transfer("fund", "recipient", amount, None),
                       {"fund": fund, "recipient": recipient}, plan=plan, occurred_on=occurred_on, memo=memo,
                       project=project, recorded_by=_user(actor))
    record(actor, "charity.ledger.disbursement", "LedgerTransaction", txn.pk, after={
        "public_id": txn.public_id, "plan": plan.filing_number, "amount": amount, "project": project.public_id,
        "recipient": recipient.public_id, "memo": memo})
    return txn


def served(project: CharityProject) -> dict:
    """Counts only, for the public: beneficiaries admitted (persons, institutions), households, and person-times
    (disbursements to person beneficiaries of the project, net of reversals)."""
    rows = Beneficiary.objects.filter(project=project)
    persons = rows.filter(kind=BeneficiaryKind.PERSON)
    person_accounts = LedgerAccount.objects.filter(public_id__in=persons.values("public_id"))
    given = Posting.objects.filter(transaction__project=project, account__in=person_accounts)
    times = (given.filter(transaction__kind=TransactionKind.DISBURSEMENT).count()
             - given.filter(transaction__kind=TransactionKind.REVERSAL).count())
    amount = given.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return {"beneficiaries": rows.count(), "persons": persons.values("id_hash").distinct().count(),
            "institutions": rows.filter(kind=BeneficiaryKind.INSTITUTION).count(),
            "households": persons.exclude(household_hash="").values("household_hash").distinct().count(),
            "person_times": times, "to_persons": Decimal(amount).quantize(rules.FEN)}


# --- imported government-aid lists --------------------------------------------------------------------------

AID_COLUMNS = {"id_number": ("身份证号码", "身份证号", "id_number"), "household": ("户号", "家庭编号", "household"),
               "amount": ("金额", "amount"), "granted_on": ("发放日期", "日期", "granted_on", "date")}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def import_aid_list(actor, data: dict, path: Path, *, file_name: str = "") -> AidList:
    """An officer imports a government-aid list of a jurisdiction in their scope (CSV UTF-8/GBK or XLSX). Each
    ID number is validated and kept only as a keyed hash and masked; one bad row refuses the whole file, every
    problem naming its row, field and rule."""
    problems: list[Refusal] = []
    authority = str(data.get("authority") or "").strip()
    if not is_staff_user(actor):
        refuse("FORBIDDEN", None, "只有工作人员可以导入政府救助名单", "only officers import government-aid lists", status=403)
    division = Division.objects.filter(code=authority).first()
    if division is None:
        problems.append(Refusal("DIVISION-UNKNOWN", "authority", f"行政区划代码“{authority}”不存在",
                                f"there is no division '{authority}'", value=authority))
    elif not may_act_for_division(actor, authority):
        refuse("FORBIDDEN", "authority", "该行政区划不在您的管辖范围内", "that jurisdiction is not yours", status=403)
    level = str(data.get("level") or "")
    if level not in AidLevel.values:
        problems.append(Refusal("BENEF-FORMAT", "level", "救助级别应为省级、市级、县级或其他",
                                "the level is province, city, county or other", value=level))
    title = _collect(lambda: clean_text(data.get("title"), "title", required=True, max_length=200), problems)
    issued_on = _collect(lambda: parse_day(data.get("issued_on"), "issued_on"), problems)
    if problems:
        raise RuleViolation(problems)
    path = Path(path)
    try:
        source = open_source(path)
    except SourceError as error:
        raise RuleViolation(error.problems) from None
    entries: list[AidListEntry] = []
    seen: dict[str, int] = {}
    try:
        header = [cell_text(h).lower() for h in source.header]
        index = {}
        for key, names in AID_COLUMNS.items():
            index[key] = next((header.index(n.lower()) for n in names if n.lower() in header), None)
        if index["id_number"] is None:
            raise RuleViolation([Refusal("IMPORT-HEADER", "id_number", "缺少列：身份证号码",
                                         "missing column: id_number (身份证号码)", row=1)])
        try:
            for row, cells in source.rows:
                if not any(cell_text(c) for c in cells):
                    continue
                values = {k: (cell_text(cells[i]) if i is not None and i < len(cells) else "") for k, i in index.items()}
                number = values["id_number"].strip().upper()
                row_problems = []
                if not ric.is_valid(number):
                    row_problems.append(Refusal("RIC-CHECK", "id_number",
                                                f"第 {row} 行：居民身份证号码无效（校验位或出生日期不符）",
                                                f"row {row}: not a valid resident ID number (check digit or date)",
                                                row=row, value=mask_id_number(number)))
                elif number in seen:
                    row_problems.append(Refusal("IMPORT-DUPLICATE-ROW", "id_number",
                                                f"第 {row} 行：与第 {seen[number]} 行是同一人",
                                                f"row {row}: the same person as row {seen[number]}", row=row,
                                                value=mask_id_number(number)))
                seen.setdefault(number, row)
                amount = None
                if values["amount"]:
                    try:
                        from .services import parse_money

                        amount = parse_money(values["amount"], "amount")
                    except RuleViolation as violation:
                        row_problems += [Refusal(p.code, p.field, f"第 {row} 行：{p.zh}", f"row {row}: {p.en}", row=row,
                                                 value=p.value) for p in violation.problems]
                granted = issued_on
                if values["granted_on"]:
                    try:
                        granted = date.fromisoformat(values["granted_on"][:10])
                    except ValueError:
                        row_problems.append(Refusal("DATE-FORMAT", "granted_on", f"第 {row} 行：日期格式无效",
                                                    f"row {row}: invalid date", row=row, value=values["granted_on"]))
                if row_problems:
                    problems += row_problems
                    continue
                entries.append(AidListEntry(row=row, id_hash=person_hash(number), id_masked=mask_id_number(number),
                                            household_hash=household_hash(values["household"]), amount=amount,
                                            granted_on=granted))
        except SourceError as error:
            raise RuleViolation(error.problems) from None
        encoding = source.encoding
    finally:
        source.close()
    if not entries and not problems:
        problems.append(Refusal("IMPORT-EMPTY", "file", "文件没有数据行", "the file has no data rows"))
    if problems:
        raise RuleViolation(problems)
    aid = AidList.objects.create(authority=division, level=level, title=title, issued_on=issued_on,
                                 file_name=(file_name or path.name)[:255], sha256=_sha256(path), encoding=encoding,
                                 rows=len(entries), recorded_by=_user(actor))
    for entry in entries:
        entry.aid_list = aid
    AidListEntry.objects.bulk_create(entries, batch_size=2000)
    record(actor, "charity.aidlist.import", "AidList", aid.pk, after={
        "authority": authority, "level": level, "title": title, "rows": len(entries), "sha256": aid.sha256})
    return aid
