"""Pure rules of exchange: the match score and its parts in words, the distance between two divisions along the
GB/T 2260 tree, stable OCDS-style ids, the payment limits. No database here.

The score (0-100) of a resource for a demand is the sum of five parts, each explained:

- field (30): the candidates are the resources of the demand's field, so every candidate has it;
- kind (10): the same kind of help (funds, goods, services, venues, expertise), else 0;
- area (30): 30 less 5 for each step between the two divisions along the GB/T 2260 tree (county -> city ->
  province -> nation); a resource whose area contains the demand's area counts the steps from the demand up to it;
- size (20): 20 x the share of the demand's size the resource covers (at most all of it);
- timing (10): 10 x the share of the demand's period inside the resource's period.

These weights are the platform's ordering of candidates, not a rule of law: they decide the order shown, never
whether anyone may publish or take up a match.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DEFAULTS = {
    # The publisher prefix of the open-contracting ids (OCDS: "ocds-" and a registered prefix). A deployment
    # sets its own registered prefix.
    "EXCHANGE_OCID_PREFIX": "ocds-socorg",
}

WEIGHTS = {"field": 30, "kind": 10, "area": 30, "size": 20, "timing": 10}
AREA_STEP = 5
NATIONAL = "100000"
STAGES = ("contacted", "agreed", "delivered")


def ancestors(code: str, known: set[str] | frozenset[str] | None = None) -> list[str]:
    """The division and the divisions above it, nearest first, by the shape of GB/T 2260 codes. With ``known``
    (the codes of the division table), a level the table does not hold is skipped (the 市辖区 level of the
    municipalities: 110101 sits directly under 110000)."""
    if code in (NATIONAL, "100001"):
        return [NATIONAL]
    chain = [code]
    if not code.endswith("00"):
        chain.append(code[:4] + "00")
    if not code.endswith("0000"):
        chain.append(code[:2] + "0000")
    chain = list(dict.fromkeys(chain))
    if known is not None:
        chain = [chain[0]] + [c for c in chain[1:] if c in known]
    return chain + [NATIONAL]


def distance(a: str, b: str, known: set[str] | frozenset[str] | None = None) -> tuple[int, bool]:
    """Steps between divisions ``a`` (the demand's) and ``b`` (the resource's) along the tree, and whether ``b``
    contains ``a`` (then the steps are from ``a`` up to ``b``)."""
    if a == b:
        return 0, False
    up_a, up_b = ancestors(a, known), ancestors(b, known)
    if b in up_a:
        return up_a.index(b), True
    common = next(code for code in up_a if code in up_b)
    return up_a.index(common) + up_b.index(common), False


def province_range(code: str) -> tuple[str, str]:
    """The half-open code range of the province of ``code`` (candidates by area prefix)."""
    prefix = code[:2]
    return prefix + "0000", str(int(prefix) + 1).zfill(2) + "0000"


@dataclass(frozen=True)
class Part:
    name: str
    points: Decimal
    of: int
    zh: str
    en: str

    def as_dict(self) -> dict:
        return {"part": self.name, "points": str(self.points), "of": self.of, "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Side:
    """What the score reads of a demand or a resource."""

    kind: str
    field: str
    area: str
    amount: Decimal
    starts: date
    ends: date


def _points(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return f"{value:,.2f}"


def score(demand: Side, resource: Side, names: dict[str, tuple[str, str]] | None = None) -> list[Part]:
    """The parts of the score of ``resource`` for ``demand`` (their sum is the score). ``names`` gives the
    division names (zh, en) by code for the explanation."""
    names = names or {}

    def name(code: str) -> tuple[str, str]:
        return names.get(code, (code, code))

    parts = [Part("field", Decimal(WEIGHTS["field"]), WEIGHTS["field"], "领域相同", "the same field")]
    same_kind = demand.kind == resource.kind
    parts.append(Part("kind", Decimal(WEIGHTS["kind"] if same_kind else 0), WEIGHTS["kind"],
                      "资源类型相同" if same_kind else "资源类型不同",
                      "the same kind of help" if same_kind else "a different kind of help"))
    steps, contains = distance(demand.area, resource.area, set(names) if names else None)
    area_points = Decimal(max(0, WEIGHTS["area"] - AREA_STEP * steps))
    (dz, de), (rz, re) = name(demand.area), name(resource.area)
    if steps == 0:
        zh, en = f"同一地区（{dz}）", f"the same area ({de})"
    elif contains:
        zh, en = f"资源覆盖{rz}，含需求所在的{dz}（上溯 {steps} 级）", \
            f"the resource serves {re}, which contains {de} ({steps} levels up)"
    else:
        zh, en = f"{rz}与{dz}在行政区划树上相距 {steps} 级", f"{re} is {steps} steps from {de} on the division tree"
    parts.append(Part("area", area_points, WEIGHTS["area"], zh, en))
    share = Decimal(1) if demand.amount <= 0 else min(Decimal(1), resource.amount / demand.amount)
    parts.append(Part("size", _points(WEIGHTS["size"] * share), WEIGHTS["size"],
                      f"资源规模 {_money(resource.amount)}，满足需求 {_money(demand.amount)} 的 {share:.0%}",
                      f"the resource's size {_money(resource.amount)} covers {share:.0%} of the "
                      f"{_money(demand.amount)} needed"))
    span = (demand.ends - demand.starts).days + 1
    overlap = max(0, (min(demand.ends, resource.ends) - max(demand.starts, resource.starts)).days + 1)
    covered = Decimal(overlap) / Decimal(span) if span > 0 else Decimal(0)
    parts.append(Part("timing", _points(WEIGHTS["timing"] * covered), WEIGHTS["timing"],
                      f"资源可用期覆盖需求期间（{demand.starts} 至 {demand.ends}）的 {covered:.0%}",
                      f"the resource is available for {covered:.0%} of the period needed ({demand.starts} to "
                      f"{demand.ends})"))
    return parts


def total(parts: list[Part]) -> Decimal:
    return _points(sum((p.points for p in parts), Decimal(0)))


# --- open-contracting ids ------------------------------------------------------------------------------------

def ocid(prefix: str, sequence: int) -> str:
    """The plan's OCDS id: the publisher prefix and a stable sequence number that is never reused."""
    return f"{prefix}-{sequence:06d}"


def child_id(ocid_: str, stage: str, number: int = 1) -> str:
    """The id of a release of the same contracting process (call, award, contract, milestone, payment)."""
    return f"{ocid_}-{stage}-{number}"


# --- payments ------------------------------------------------------------------------------------------------

def payment_room(contract_amount: Decimal, paid: Decimal, milestone_amount: Decimal,
                 milestone_paid: Decimal) -> tuple[Decimal, Decimal]:
    """What may still be paid under the contract and under the milestone."""
    return contract_amount - paid, milestone_amount - milestone_paid


def next_stage(done: list[str]) -> str | None:
    """The outcome a match may record next (contacted, then agreed, then delivered)."""
    for stage in STAGES:
        if stage not in done:
            return stage
    return None


def fast_score(same_kind: bool, steps: int, d_amount: float, r_amount: float, d_start: int, d_end: int,
               r_start: int, r_end: int) -> float:
    """The score of :func:`score` as a float, from plain numbers (dates as ordinals), for ranking many pairs;
    the parts in words are built only for the pairs shown. Equal to ``total(score(...))`` within 0.01 (the
    parts are not rounded here)."""
    share = 1.0 if d_amount <= 0 else min(1.0, r_amount / d_amount)
    span = d_end - d_start + 1
    overlap = min(d_end, r_end) - max(d_start, r_start) + 1
    covered = overlap / span if overlap > 0 and span > 0 else 0.0
    return (WEIGHTS["field"] + (WEIGHTS["kind"] if same_kind else 0) + max(0, WEIGHTS["area"] - AREA_STEP * steps)
            + WEIGHTS["size"] * share + WEIGHTS["timing"] * covered)
