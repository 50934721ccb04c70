"""Annual spending rules (DOMAIN §6.4) read from the register: each charity's charitable spending and management
costs per year, computed from its annual reports (supervision's current submissions), explained line by line, and
every breach offered to credit as a dated credit fact with its explanation.

A breach reaches credit through credit's fact-source extension point (``credit.feeds.register_source``, registered
from ``CharityConfig.ready()``); credit never imports charity. Nothing is copied: a corrected annual report changes
the fact on the next sweep. How the breach counts is the setting ``CHARITY_SPENDING_BREACH_GROUND``:
``"abnormal"`` (the default) gives a charity holding the public-fundraising qualification the abnormal-list ground
of Order 60 (no longer meeting the qualification conditions, of which the prior year's spending within the
standards is one: Order 74 Art. 5, S45) and every other charity an information fact; ``"information"`` gives
information facts only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from divisions.policy import setting

from . import rules

RECOGNITION, QUALIFICATION = rules.RECOGNITION, rules.QUALIFICATION


@dataclass(frozen=True)
class Assessment:
    organization_id: int
    year: int
    public: bool
    recognized_on: date | None
    result: rules.SpendingResult
    settings: tuple[str, ...]
    known_on: date | None  # the day the report of ``year`` (its current submission) came in
    organization_code: str = ""
    organization_name: str = ""

    @property
    def breach(self) -> bool:
        return not self.result.ok and self.result.tier != ""

    def explanation(self) -> tuple[str, str]:
        return ("；".join(zh for zh, _ in self.result.lines), "; ".join(en for _, en in self.result.lines))

    def as_dict(self) -> dict:
        r = self.result
        figures = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in r.figures.items()}
        return {"year": self.year, "public_fundraising": self.public, "tier": r.tier, "ok": r.ok,
                "exempt": r.exempt, "figures": figures,
                "lines": [{"zh": zh, "en": en} for zh, en in r.lines],
                "problems": [{"code": p.code, "field": p.field, "message_zh": p.zh, "message_en": p.en}
                             for p in r.problems]}


def _in_force(spans: list[tuple[date, date | None]], day: date) -> date | None:
    """The grant date of the grant in force on ``day`` among (granted_on, revoked_on) spans."""
    held = [g for g, revoked in spans if g <= day and (revoked is None or revoked > day)]
    return max(held) if held else None


def _grants(org_ids: Iterable[int] | None, window_q=None) -> dict[int, dict[str, list[tuple[date, date | None]]]]:
    from .models import Grant

    qs = Grant.objects.all()
    if window_q is not None:
        qs = qs.filter(window_q)
    elif org_ids is not None:
        qs = qs.filter(organization_id__in=list(org_ids))
    out: dict[int, dict[str, list[tuple[date, date | None]]]] = {}
    for org_id, kind, granted, revoked in qs.values_list("organization_id", "kind", "granted_on",
                                                          "revocation__revoked_on"):
        out.setdefault(org_id, {}).setdefault(kind, []).append((granted, revoked))
    return out


def _figures(org_ids: list[int]) -> dict[int, dict[int, tuple[rules.YearFigures, date]]]:
    from supervision.models import ReportSubmission

    out: dict[int, dict[int, tuple[rules.YearFigures, date]]] = {}
    rows = ReportSubmission.objects.filter(report__organization_id__in=org_ids, superseded_by__isnull=True).values_list(
        "report__organization_id", "report__year", "income_total", "expense_programmes", "expense_administration",
        "expense_total", "net_assets", "submitted_on")
    for org_id, year, income, programmes, admin, total, net, submitted in rows:
        out.setdefault(org_id, {})[year] = (rules.YearFigures(year, income, programmes, admin, total, net), submitted)
    return out


def _assess(org, year: int, grants: dict[str, list[tuple[date, date | None]]],
            figures: dict[int, tuple[rules.YearFigures, date]], on: date) -> Assessment:
    table = setting("CHARITY_SPENDING_TABLE", org.authority_id, on)
    exempt = setting("CHARITY_MGMT_EXEMPT_BELOW", org.authority_id, on)
    year_end = date(year, 12, 31)
    public = _in_force(grants.get(QUALIFICATION, []), year_end) is not None
    recognized_on = _in_force(grants.get(RECOGNITION, []), year_end)
    prior = [figures[y][0] for y in (year - 1, year - 2, year - 3) if y in figures]
    this = figures.get(year)
    result = rules.check_spending(year=year, org_type=org.org_type, public=public, founded_on=org.founded_on,
                                  this=this[0] if this else None, prior=prior, table=table.value if isinstance(table.value, list) else [],
                                  mgmt_exempt_below=Decimal(str(exempt.value)), recognized_on=recognized_on)
    used = ("CHARITY_SPENDING_TABLE (" + ("默认值 / national default" if table.source == "default" else table.source)
            + ")", exempt.explanation)
    return Assessment(org.pk, year, public, recognized_on, result, used, this[1] if this else None,
                      getattr(org, "code", ""), getattr(org, "name", ""))


def assess(org, year: int, on: date | None = None) -> Assessment:
    """The spending assessment of ``org`` for ``year`` (from its current annual reports)."""
    from common.clock import today

    on = on or today()
    return _assess(org, year, _grants([org.pk]).get(org.pk, {}), _figures([org.pk]).get(org.pk, {}), on)


def history(org, on: date | None = None) -> list[Assessment]:
    """Every year with an annual report while ``org`` was a charity organization, latest first."""
    from common.clock import today

    on = on or today()
    grants = _grants([org.pk]).get(org.pk, {})
    figures = _figures([org.pk]).get(org.pk, {})
    years = sorted((y for y in figures if _in_force(grants.get(RECOGNITION, []), date(y, 12, 31))), reverse=True)
    return [_assess(org, y, grants, figures, on) for y in years]


def breach_facts(window, lists_only: bool = False) -> Iterator[tuple[int, object]]:
    """Credit fact source: one fact per charity and year whose spending or management costs broke the standards,
    known on the day the year's report came in (``ch:`` refs: ``ch:spending:<org>:<year>``)."""
    from common.clock import today
    from credit import rules as credit_rules
    from credit.rules import Fact
    from registry.models import Organization

    grants = _grants(None, window.where())
    charities = [org_id for org_id, kinds in grants.items() if RECOGNITION in kinds]
    if not charities:
        return
    figures = _figures(charities)
    on = today()
    for org in Organization.objects.filter(pk__in=charities).only("id", "org_type", "founded_on", "authority_id", "uscc", "name"):
        mine = figures.get(org.pk, {})
        for year in sorted(mine):
            if _in_force(grants[org.pk][RECOGNITION], date(year, 12, 31)) is None:
                continue
            found = _assess(org, year, grants[org.pk], mine, on)
            if not found.breach:
                continue
            ground = setting("CHARITY_SPENDING_BREACH_GROUND", org.authority_id, on).value
            listed = ground == "abnormal" and found.public
            if lists_only and not listed:
                continue
            zh = "；".join(p.zh for p in found.result.problems)
            en = "; ".join(p.en for p in found.result.problems)
            why_zh, why_en = found.explanation()
            kind = credit_rules.FUNDRAISING_INACTIVE if listed else "inspection"
            head_zh = "具有公开募捐资格的慈善组织年度支出不符合标准，不再符合资格条件" if listed else "慈善组织年度支出检查"
            head_en = ("a charity with the public-fundraising qualification broke the annual spending standards: no "
                       "longer meets the qualification conditions") if listed else "charity annual spending check"
            yield org.pk, Fact(f"ch:spending:{org.pk}:{year}", kind, date(year, 12, 31),
                               max(found.known_on or on, date(year + 1, 1, 1)),
                               summary_zh=f"{head_zh}：{zh}（{why_zh}）", summary_en=f"{head_en}: {en} ({why_en})",
                               value="不符合标准 / below the standards")


def breaches(orgs, on: date | None = None) -> list[Assessment]:
    """The years whose spending or management costs broke the standards, of the charities among ``orgs``
    (latest first per organization): the officer's list."""
    from .models import Grant

    ids = set(Grant.objects.filter(organization__in=orgs, kind=RECOGNITION).values_list("organization_id", flat=True))
    out: list[Assessment] = []
    for org in orgs.filter(pk__in=ids).order_by("name"):
        out += [a for a in history(org, on) if a.breach]
    return out
