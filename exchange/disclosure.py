"""The public disclosure of purchased services: awards and their contracts, one row each, with the money paid,
the person-times served, the latest evaluation and the excellent-project designations. One query (subqueries
for the sums), read by the page, the CSV and the API, so their totals are the same numbers."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from divisions.models import subtree_q

from .models import Award, Delivery, Designation, Evaluation, Payment

ZERO = Decimal("0.00")


def _sum(model, field, path):
    rows = (model.objects.filter(**{path: OuterRef("contract")}).order_by().values(path)
            .annotate(s=Sum(field)).values("s"))
    return rows


def awards(division: str | None = None, year: int | None = None):
    qs = (Award.objects.select_related("call__plan", "organization", "contract")
          .annotate(paid=Coalesce(Subquery(_sum(Payment, "amount", "milestone__contract"),
                                           output_field=DecimalField(max_digits=18, decimal_places=2)),
                                  Value(ZERO), output_field=DecimalField(max_digits=18, decimal_places=2)),
                    person_times=Coalesce(Subquery(_sum(Delivery, "person_times", "milestone__contract"),
                                                   output_field=IntegerField()), Value(0)),
                    result=Subquery(Evaluation.objects.filter(contract=OuterRef("contract"))
                                    .order_by("-evaluated_on", "-id").values("result")[:1]))
          .order_by("-awarded_on", "-id"))
    if division:
        qs = qs.filter(subtree_q("call__plan__purchaser_division_id", division))
    if year:
        qs = qs.filter(call__plan__year=year)
    return qs


@dataclass
class Totals:
    awards: int
    awarded: Decimal
    contracts: int
    contracted: Decimal
    paid: Decimal
    person_times: int


def rows(division: str | None = None, year: int | None = None) -> tuple[list[dict], Totals]:
    from .models import ExcellentCategory, Funding, Result

    found = list(awards(division, year))
    contracts = [a.contract.pk for a in found if hasattr(a, "contract")]
    designations: dict[int, list[str]] = {}
    for contract_id, category in Designation.objects.filter(contract_id__in=contracts).values_list(
            "contract_id", "category"):
        designations.setdefault(contract_id, []).append(str(ExcellentCategory(category).label))
    out = []
    for a in found:
        contract = getattr(a, "contract", None)
        plan = a.call.plan
        out.append({
            "ocid": plan.ocid, "title": plan.title, "purchaser": plan.purchaser_name,
            "funding": str(Funding(plan.funding).label), "year": plan.year, "award_id": a.public_id,
            "organization": a.organization.name, "uscc": a.organization.code, "awarded_on": a.awarded_on,
            "award_amount": a.amount, "contract_id": contract.public_id if contract else "",
            "contract_pk": contract.pk if contract else None,
            "contract_amount": contract.amount if contract else None,
            "signed_on": contract.signed_on if contract else None,
            "period": f"{contract.starts_on} – {contract.ends_on}" if contract else "",
            "paid": a.paid, "person_times": a.person_times,
            "result": str(Result(a.result).label) if a.result else "",
            "excellent": "、".join(designations.get(contract.pk, [])) if contract else "",
        })
    totals = Totals(len(out), sum((r["award_amount"] for r in out), ZERO),
                    sum(1 for r in out if r["contract_id"]),
                    sum((r["contract_amount"] for r in out if r["contract_amount"] is not None), ZERO),
                    sum((r["paid"] for r in out), ZERO), sum(r["person_times"] for r in out))
    return out, totals
