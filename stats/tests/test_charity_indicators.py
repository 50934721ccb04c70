"""Charity indicators over registers whose true value is known (the seed: 辽宁 211 charities, 96 qualified)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from charity.models import (
    CharityProject,
    FundraisingPlan,
    Grant,
    LedgerAccount,
    LedgerTransaction,
    Posting,
    ProjectDisclosure,
    Revocation,
)
from stats.compute import evaluate, take_snapshot

from .builders import orgs, reports

pytestmark = pytest.mark.django_db
DAY = date(2024, 6, 30)


def by_key(result):
    return {row["key"]: row["value"] for row in result.rows}


def grant(organizations, kind, on=date(2020, 3, 1)):
    return Grant.objects.bulk_create([Grant(organization=o, kind=kind, granted_on=on,
                                            certificate_number=f"{kind[0]}{o.pk}-{on}") for o in organizations])


def test_liaoning_211_charities_96_qualified():
    # The seed: 辽宁 211 charitable organizations, 96 of them with the public-fundraising qualification.
    provincial = orgs(150, "210000", level="provincial", org_type="foundation")
    city = orgs(61, "210100", level="city")
    charities = provincial + city
    grant(charities, "recognition")
    grant(provincial[:80] + city[:16], "qualification", on=date(2022, 5, 1))
    # Not counted: a recognition revoked before the date, a charity deregistered before it, another province's.
    revoked = orgs(3, "210100", level="city")
    for g in grant(revoked, "recognition"):
        Revocation.objects.create(grant=g, revoked_on=date(2023, 1, 1), legal_basis="慈善法第十条",
                                  decision_number=f"R{g.pk}")
    grant(orgs(2, "210100", status="deregistered", removed_on=date(2024, 1, 1)), "recognition")
    grant(orgs(5, "110000", level="provincial"), "recognition")
    assert evaluate("CHA-CHARITIES", DAY, "210000").total["value"] == 211
    assert evaluate("CHA-QUALIFIED", DAY, "210000").total["value"] == 96
    share = evaluate("CHA-QUALIFIED-SHARE", DAY, "210000")
    assert share.total["value"] == Decimal("45.5")  # 96 / 211
    assert by_key(evaluate("CHA-CHARITIES", DAY, "210000", "level")) == {"provincial": 150, "city": 61}
    assert by_key(evaluate("CHA-QUALIFIED", DAY, "210000", "type")) == {"foundation": 80, "social_group": 16}
    assert by_key(evaluate("CHA-CHARITIES", DAY, "210000", "division")) == {"210000": 150, "210100": 61}
    # As of earlier dates: before the qualifications; while the revoked ones and the deregistered ones still held.
    assert evaluate("CHA-QUALIFIED", date(2022, 4, 30), "210000").total["value"] == 0
    assert evaluate("CHA-CHARITIES", date(2022, 12, 31), "210000").total["value"] == 216
    assert evaluate("CHA-CHARITIES", DAY, "100000").total["value"] == 216
    # Stocks by year read the year-end snapshots (one query over all of them) and equal the recomputation.
    take_snapshot(date(2022, 12, 31))
    take_snapshot(DAY)
    for indicator in ("CHA-CHARITIES", "CHA-QUALIFIED-SHARE"):
        snap, live = evaluate(indicator, DAY, "210000", "year"), evaluate(indicator, DAY, "210000", "year", exact=True)
        assert snap.source == "snapshot" and (snap.rows, snap.total) == (live.rows, live.total)
    rows = {r["key"]: r["value"] for r in evaluate("CHA-QUALIFIED-SHARE", DAY, "210000", "year").rows}
    assert rows[2022] == Decimal("44.4") and rows[2024] == Decimal("45.5")  # 96/216 then, 96/211 now


def _ledger(org):
    accounts = {kind: LedgerAccount.objects.create(organization=org, public_id=f"A{org.pk}-{kind}", kind=kind,
                                                   party_kind=party, name=kind)
                for kind, party in (("donor", "person"), ("receiving", ""), ("restricted", ""),
                                    ("institution", "organization"))}
    accounts["people"] = [LedgerAccount.objects.create(organization=org, public_id=f"A{org.pk}-b{i}",
                                                       kind="beneficiary", party_kind="person", name=f"受益人{i}")
                          for i in range(3)]
    return accounts


_txn = iter(range(1, 10_000))


def _post(org, kind, plan, on, frm, to, amount, goods="", reverses=None):
    txn = LedgerTransaction.objects.create(organization=org, public_id=f"T{next(_txn)}", kind=kind, plan=plan,
                                           occurred_on=on, goods=goods, reverses=reverses)
    Posting.objects.bulk_create([Posting(transaction=txn, account=frm, amount=-Decimal(amount)),
                                 Posting(transaction=txn, account=to, amount=Decimal(amount))])
    return txn


def test_plans_donations_disbursements_beneficiaries():
    a, b = orgs(2, "210100", level="city")
    plans = []
    for i, (org, filed, emergency) in enumerate(((a, date(2024, 1, 10), False), (a, date(2024, 3, 1), True),
                                                 (b, date(2023, 11, 1), False), (b, date(2024, 7, 5), False))):
        plans.append(FundraisingPlan.objects.create(organization=org, filing_number=f"P{i}", filed_on=filed,
                                                    emergency=emergency, starts_on=filed, ends_on=filed
                                                    + timedelta(days=300), title="助学"))
    assert by_key(evaluate("CHA-PLANS", DAY, "210000", "category", year=2024)) == {"ordinary": 1, "emergency": 1}
    assert evaluate("CHA-PLANS", DAY, "210000", "year").rows[-2:] == [
        {"key": 2023, "label_zh": "2023", "label_en": "2023", "value": 1},
        {"key": 2024, "label_zh": "2024", "label_en": "2024", "value": 2}]
    la, lb = _ledger(a), _ledger(b)
    _post(a, "receipt", plans[0], date(2024, 2, 1), la["donor"], la["receiving"], "1000.50")
    _post(a, "receipt", plans[1], date(2024, 3, 5), la["donor"], la["receiving"], "2000", goods="大米")
    wrong = _post(a, "receipt", plans[0], date(2024, 2, 2), la["donor"], la["receiving"], "99999")
    _post(a, "reversal", plans[0], date(2024, 4, 1), la["receiving"], la["donor"], "99999", reverses=wrong)
    _post(b, "receipt", plans[2], date(2023, 12, 1), lb["donor"], lb["receiving"], "300")  # 2023
    _post(b, "receipt", plans[2], date(2024, 1, 3), lb["donor"], lb["receiving"], "700")
    # Allocations to the restricted fund move what was received: not a donation.
    _post(a, "allocation", plans[0], date(2024, 2, 1), la["receiving"], la["restricted"], "1000.50")
    donations = evaluate("CHA-DONATIONS", DAY, "210000", "category", year=2024)
    assert by_key(donations) == {"money": Decimal("1700.50"), "goods": Decimal("2000")}
    assert donations.total["value"] == Decimal("3700.50")
    assert evaluate("CHA-DONATION-RECEIPTS", DAY, "210000", year=2024).total["value"] == 3
    # The reversal was made on 2024-04-01: as of the day before, the mistaken receipt still counted.
    assert evaluate("CHA-DONATIONS", date(2024, 3, 31), "210000", year=2024).total["value"] == Decimal("103699.50")
    assert evaluate("CHA-DONATIONS", DAY, "210000", year=2023).total["value"] == Decimal("300")
    people = la["people"]
    _post(a, "disbursement", plans[0], date(2024, 4, 2), la["restricted"], people[0], "100")
    _post(a, "disbursement", plans[0], date(2024, 4, 3), la["restricted"], people[0], "50")
    _post(a, "disbursement", plans[0], date(2024, 4, 4), la["restricted"], people[1], "25")
    _post(a, "disbursement", plans[0], date(2024, 4, 5), la["restricted"], la["institution"], "500")
    undone = _post(a, "disbursement", plans[0], date(2024, 4, 6), la["restricted"], people[2], "70")
    _post(a, "reversal", plans[0], date(2024, 4, 7), people[2], la["restricted"], "70", reverses=undone)
    _post(b, "disbursement", plans[2], date(2024, 5, 1), lb["restricted"], lb["people"][0], "10")
    assert evaluate("CHA-DISBURSED", DAY, "210000", year=2024).total["value"] == Decimal("685")
    assert evaluate("CHA-BENEFICIARIES", DAY, "210000", year=2024).total["value"] == 3
    # b0 paid twice counts once; as of 2024-04-06 b2 was paid (reversed the next day), b2 of the other not yet
    assert evaluate("CHA-BENEFICIARIES", date(2024, 4, 6), "210000", year=2024).total["value"] == 3
    # snapshots equal recomputation
    take_snapshot(DAY)
    for indicator, by in (("CHA-DONATIONS", "category"), ("CHA-DISBURSED", None), ("CHA-BENEFICIARIES", "level"),
                          ("CHA-PLANS", "year"), ("CHA-DONATION-RECEIPTS", "division")):
        snap, live = evaluate(indicator, DAY, "210000", by), evaluate(indicator, DAY, "210000", by, exact=True)
        assert snap.source == "snapshot" and live.source == "live"
        assert (snap.rows, snap.total) == (live.rows, live.total), indicator


def test_projects_person_times_and_spending_shares():
    a, b, c = orgs(3, "210100", level="city")
    grant([a, b], "recognition")
    projects = [CharityProject.objects.create(organization=org, public_id=f"J{i}", name="助学", category=cat,
                                              starts_on=start, ends_on=start + timedelta(days=365), budget=budget,
                                              funding_sources="募捐")
                for i, (org, cat, start, budget) in enumerate((
                    (a, "education", date(2024, 1, 1), "10000"), (a, "medical", date(2024, 2, 1), "5000"),
                    (b, "education", date(2023, 5, 1), "8000"), (b, "education", date(2024, 9, 1), "1")))]
    assert by_key(evaluate("CHA-PROJECTS", DAY, "210000", "category", year=2024)) == {"education": 1, "medical": 1}
    assert evaluate("CHA-PROJECTS", DAY, "210000", year=2023).total["value"] == 1

    def disclose(project, on, persons):
        ProjectDisclosure.objects.create(project=project, kind="progress", disclosed_on=on, covers_to=on,
                                         spent=0, persons_served=persons, institutions_served=0, text="进展")
    disclose(projects[0], date(2024, 3, 1), 40)
    disclose(projects[0], date(2024, 6, 1), 120)  # to date: replaces the 40
    disclose(projects[2], date(2023, 12, 1), 300)
    disclose(projects[1], date(2024, 7, 1), 999)  # after the date
    assert evaluate("CHA-PERSON-TIMES", DAY, "210000").total["value"] == 420
    assert evaluate("CHA-PERSON-TIMES", date(2024, 5, 31), "210000").total["value"] == 340
    # Spending shares over the charities' annual reports (c is not a charity: not counted).
    for org, income, programmes, admin in ((a, 1000, 700, 100), (b, 3000, 2300, 200), (c, 10, 0, 10)):
        report = reports([org], 2023, submitted=date(2024, 3, 1))[0]
        report.submissions.update(income_total=income, expense_programmes=programmes,
                                  expense_administration=admin, expense_total=programmes + admin)
    assert evaluate("CHA-SPENDING-SHARE", DAY, "210000", year=2023).total["value"] == Decimal("75.0")  # 3000/4000
    assert evaluate("CHA-ADMIN-SHARE", DAY, "210000", year=2023).total["value"] == Decimal("9.1")  # 300/3300
    assert by_key(evaluate("CHA-SPENDING-SHARE", DAY, "210000", "division", year=2023)) == {"210100": Decimal("75.0")}
