"""Where the rules' facts come from, read set-based at derivation time.

One source of truth: the sweep reads the registry's and supervision's own tables as fact sources and never copies
them into credit. Copying would give two places to correct (and two to disagree) whenever an officer fixes a
penalty or a registration event; reading them means a correction in supervision or registry reaches the lists
on the next sweep by itself. Credit stores only what no other app owns: facts officers enter or import here
(court notices, unsigned letters, Party organization, other departments' penalties, honours …), the facts its
procedures produce (verified rectification, serious-list removal, corrections after upheld objections) and the
derived cache.

Every source is a function ``(window) -> iterable of (organization id, rules.Fact)``; a window is a list of
organization ids or an id range, so a national sweep reads each table in a handful of range scans, and a page
reads the facts of its fifty organizations in one query per source. Refs name the source row: ``cf:`` credit
fact, ``re:`` registration event, and the supervision prefixes below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from django.db.models import Q
from django.utils import timezone

from common.labels import bilingual_labels
from registry.models import EventKind, RegistrationEvent

from . import rules
from .models import CreditFact, FactKind


@dataclass(frozen=True)
class Window:
    """Which organizations to read: an explicit list of ids, or the ids from ``low`` to ``high``."""

    ids: tuple[int, ...] | None = None
    low: int | None = None
    high: int | None = None

    @classmethod
    def of(cls, ids: Iterable[int]) -> Window:
        return cls(ids=tuple(ids))

    def where(self, field: str = "organization_id") -> Q:
        """The filter that keeps these organizations' rows (``field`` names the organization column)."""
        if self.ids is not None:
            return Q(**{f"{field}__in": self.ids})
        return Q(**{f"{field}__gte": self.low, f"{field}__lte": self.high})


@cache
def kind_labels() -> dict[str, tuple[str, str]]:
    return bilingual_labels(FactKind)


PENALTY_WORDS = {"warning": ("警告", "warning"), "fine": ("罚款", "fine"), "confiscation": ("没收", "confiscation"),
                 "suspension": ("限期停止活动", "suspension of activities"), "other": ("其他处罚", "other penalty")}


def _money(amount) -> str:
    return f"{Decimal(amount):,.2f}"


def penalty_summary(kinds: tuple[str, ...], fine, authority: str, number: str) -> tuple[str, str]:
    zh = "、".join(PENALTY_WORDS.get(k, (k, k))[0] for k in kinds) or "行政处罚"
    en = ", ".join(PENALTY_WORDS.get(k, (k, k))[1] for k in kinds) or "administrative penalty"
    if fine is not None and "fine" in kinds:
        zh += f" {_money(fine)} 元"
        en += f" of {_money(fine)} yuan"
    tail_zh = " ".join(x for x in (authority, number) if x)
    if tail_zh:
        zh += f"（{tail_zh}）"
        en += f" ({tail_zh})"
    return zh, en


# Kinds whose summary an explanation needs; information-only kinds skip the string work in a national sweep.
LIST_KINDS = set(rules.DIRECT_GROUNDS) | {rules.PENALTY, rules.RECTIFICATION_VERIFIED,
                                         rules.SERIOUS_REMOVAL_VERIFIED, rules.CORRECTION, rules.EXEMPTION}


def _day(value):
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


FUNDRAISING_SITUATIONS = {"inactive": ("连续{months}个月以上未开展公开募捐活动", "no public fundraising for {months} months or more"),
                          "unqualified": ("不再符合公开募捐资格条件", "no longer meets the public-fundraising conditions")}


def detail_words(kind: str, details) -> tuple[str, str]:
    """What an officer-entered fact's details add to its summary: both mailing dates of the unsigned letters, the
    rectification deadline, the fundraising situation (so an explanation shows them without opening the fact)."""
    if kind not in (rules.DOMICILE_UNREACHABLE, rules.RECTIFICATION_OVERDUE, rules.FUNDRAISING_INACTIVE) or not details:
        return "", ""
    import json

    details = json.loads(details) if isinstance(details, str) else details
    if kind == rules.DOMICILE_UNREACHABLE and details.get("first_letter_on"):
        first, second = details["first_letter_on"], details.get("second_letter_on", "")
        return f"专用信函 {first}、{second} 两次寄出均无人签收", f"letters mailed {first} and {second}, both unsigned"
    if kind == rules.RECTIFICATION_OVERDUE and details.get("rectification_deadline"):
        deadline = details["rectification_deadline"]
        return f"整改期限 {deadline}", f"rectification deadline {deadline}"
    if kind == rules.FUNDRAISING_INACTIVE and details.get("situation") in FUNDRAISING_SITUATIONS:
        zh, en = FUNDRAISING_SITUATIONS[details["situation"]]
        months = details.get("months", 6)
        zh, en = zh.format(months=months), en.format(months=months)
        if details.get("last_fundraising_on"):
            zh += f"，最近一次 {details['last_fundraising_on']}"
            en += f", last on {details['last_fundraising_on']}"
        return zh, en
    return "", ""


def credit_facts(window: Window, lists_only: bool = False) -> Iterator[tuple[int, rules.Fact]]:
    """Credit's own facts. Read with one plain SQL query per window (no ORM row conversion: this is the table
    with tens of millions of rows); a sweep reads only the kinds the list rules use."""
    import json

    from django.db import connection

    labels = kind_labels()
    if window.ids is not None:
        where, params = f"organization_id IN ({', '.join(['%s'] * len(window.ids))})", list(window.ids)
    else:
        where, params = "organization_id BETWEEN %s AND %s", [window.low, window.high]
    if lists_only:
        kinds = sorted(LIST_KINDS)
        where += f" AND kind IN ({', '.join(['%s'] * len(kinds))})"
        params += kinds
    table = CreditFact._meta.db_table
    sql = (f"SELECT id, organization_id, kind, occurred_on, known_on, effective_on, penalty_kinds, fine_amount, "
           f"supersedes_ref, issuing_authority, document_number, details FROM {table} WHERE {where}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            batch = cursor.fetchmany(20000)
            if not batch:
                break
            for pk, org_id, kind, occurred, known, effective, penalties, fine, target, authority, number, details \
                    in batch:
                occurred, known, effective = _day(occurred), _day(known), _day(effective)
                if kind not in LIST_KINDS:
                    value, until = "", None
                    if kind in ("rating", "inspection") and details:
                        details = json.loads(details) if isinstance(details, str) else details
                        value = details.get("grade" if kind == "rating" else "result") or ""
                        until = _day(details.get("valid_until")) if kind == "rating" else None
                    yield org_id, rules.Fact(f"cf:{pk}", kind, occurred, known, effective, value=value, until=until)
                    continue
                kinds = tuple(penalties.split(",")) if penalties else ()
                fine = Decimal(str(fine)) if fine is not None else None
                if kind == rules.PENALTY:
                    zh, en = penalty_summary(kinds, fine, authority, number)
                else:
                    zh, en = labels.get(kind, (kind, kind))
                    if target and kind == rules.EXEMPTION:
                        zh, en = f"{zh}：{target}（{authority}）", f"{en}: {target} ({authority})"
                    elif target:
                        zh, en = f"{zh}：更正 {target}", f"{en}: supersedes {target}"
                    else:
                        tail_zh, tail_en = detail_words(kind, details)
                        tail = " ".join(x for x in (authority, number) if x)
                        zh = f"{zh}（{'；'.join(x for x in (tail_zh, tail) if x)}）" if tail_zh or tail else zh
                        en = f"{en} ({'; '.join(x for x in (tail_en, tail) if x)})" if tail_en or tail else en
                yield org_id, rules.Fact(f"cf:{pk}", kind, occurred, known, effective, kinds, fine, target or None,
                                         zh, en)


TERMINAL = {EventKind.REVOCATION: rules.REGISTRATION_ENDED, EventKind.CERTIFICATE_CANCELLATION: rules.REGISTRATION_ENDED,
            EventKind.DEREGISTRATION: rules.DEREGISTERED}
EVENT_WORDS = {EventKind.REVOCATION: ("撤销登记", "registration revoked"),
               EventKind.CERTIFICATE_CANCELLATION: ("吊销登记证书", "registration certificate cancelled"),
               EventKind.DEREGISTRATION: ("注销登记", "deregistration")}


def registry_facts(window: Window, lists_only: bool = False) -> Iterator[tuple[int, rules.Fact]]:
    """撤销 / 吊销 give SER-7; 注销 ends entries (ABN-X-DEREG, SER-X-DEREG). A registry correction of such an event
    (an event that supersedes it) withdraws it from the day the correction was recorded."""
    kinds = list(TERMINAL)
    rows = RegistrationEvent.objects.filter(window.where()).filter(
        Q(kind__in=kinds) | Q(supersedes__kind__in=kinds)).values_list(
        "id", "organization_id", "kind", "effective_on", "supersedes_id", "recorded_at", "decision_number")
    for pk, org_id, kind, effective, supersedes, recorded, number in rows.iterator(chunk_size=20000):
        recorded_on = timezone.localdate(recorded) if recorded else effective
        known = effective if supersedes is None else max(effective, recorded_on)
        if supersedes is not None:
            yield org_id, rules.Fact(f"re:{pk}:corr", rules.CORRECTION, recorded_on, max(known, recorded_on),
                                     target=f"re:{supersedes}", summary_zh=f"登记更正（re:{pk}）",
                                     summary_en=f"registration correction (re:{pk})")
        if kind in TERMINAL:
            zh, en = EVENT_WORDS[kind]
            if number:
                zh, en = f"{zh}（{number}）", f"{en} ({number})"
            yield org_id, rules.Fact(f"re:{pk}", TERMINAL[kind], effective, known, summary_zh=zh, summary_en=en)


Source = Callable[[Window, bool], Iterable[tuple[int, rules.Fact]]]


# --- supervision's tables ------------------------------------------------------------------------------------
# Refs: sp penalty, ro overdue annual report, rn rectification notice, gs grade span, ar annual report
# conclusion, sf published spot-check finding.

SUPERVISION_PENALTIES = {"warning": ("warning",), "fine": ("fine",), "confiscation": ("confiscation",),
                         "suspension": ("suspension",), "revocation": ("revocation",),
                         "certificate_cancellation": ("certificate_cancellation",)}
PENALTY_WORDS.update({"revocation": ("撤销登记", "revocation of registration"),
                      "certificate_cancellation": ("吊销登记证书", "cancellation of the certificate")})


def supervision_penalties(window: Window, lists_only: bool = False) -> Iterator[tuple[int, rules.Fact]]:
    """行政处罚: a warning or a fine below the threshold gives ABN-5 (and counts for SER-5), a fine at or above it
    SER-4, a suspension SER-3 (credit.rules). 撤销/吊销 penalties are information here: their registration event
    gives SER-7 through the registry. A civil-affairs penalty is known on its decision date; another department's
    when it was recorded. A penalty superseded by a correction stops counting on the day the correction was
    recorded."""
    from supervision.models import Penalty

    rows = Penalty.objects.filter(window.where()).values_list(
        "id", "organization_id", "kind", "amount", "decided_on", "department_kind", "department_name",
        "decision_number", "supersedes_id", "recorded_at")
    for pk, org_id, kind, amount, decided, department, name, number, supersedes, recorded in rows.iterator(
            chunk_size=20000):
        recorded_on = timezone.localdate(recorded) if recorded else decided
        known = decided if department == "civil_affairs" and supersedes is None else max(decided, recorded_on)
        kinds = SUPERVISION_PENALTIES.get(kind, (kind,))
        zh, en = penalty_summary(kinds, amount, name, number)
        yield org_id, rules.Fact(f"sp:{pk}", rules.PENALTY, decided, known, penalties=kinds,
                                 fine=Decimal(amount) if amount is not None else None, summary_zh=zh, summary_en=en)
        if supersedes is not None:
            yield org_id, rules.Fact(f"sp:{pk}:corr", rules.CORRECTION, recorded_on, max(known, recorded_on),
                                     target=f"sp:{supersedes}", summary_zh=f"处罚更正（sp:{pk}）",
                                     summary_en=f"penalty corrected (sp:{pk})")


def supervision_overdue_reports(window: Window, lists_only: bool = False) -> Iterator[tuple[int, rules.Fact]]:
    """ABN-1 from supervision's overdue findings: the first finding per organization and report year (missing, or
    late when it came in late before the sweep saw it missing), known on the day it was found."""
    from supervision.models import ReportOverdue

    seen: set[tuple[int, int]] = set()
    rows = ReportOverdue.objects.filter(window.where()).order_by("organization_id", "year", "detected_on", "id").values_list(
        "id", "organization_id", "year", "kind", "deadline", "detected_on", "submitted_on")
    for pk, org_id, year, kind, deadline, detected, submitted in rows.iterator(chunk_size=20000):
        if (org_id, year) in seen:
            continue
        seen.add((org_id, year))
        # The ground arises on the deadline (the last day the report was due) and takes effect the day after
        # (credit.rules.listing_day); nobody can know it is missing before that day.
        occurred, known = deadline, max(deadline + timedelta(days=1), detected)
        if kind == "late" and submitted:
            zh, en = (f"{year} 年度工作报告逾期报送（截止 {deadline}，{submitted} 报送）",
                      f"annual report {year} submitted late (due {deadline}, submitted {submitted})")
        else:
            zh, en = f"{year} 年度工作报告未按时报送（截止 {deadline}）", f"annual report {year} not submitted (due {deadline})"
        yield org_id, rules.Fact(f"ro:{pk}", rules.ANNUAL_REPORT_MISSING, occurred, known,
                                 summary_zh=zh, summary_en=en)


def supervision_rectification_notices(window: Window, lists_only: bool = False) -> Iterator[tuple[int, rules.Fact]]:
    """ABN-3: a rectification notice not completed by its deadline (open, or completed after it): the ground arises
    on the deadline and is known, and listed, from the day after it."""
    from django.db.models import F
    from django.db.models import Q as DQ

    from supervision.models import RectificationNotice

    rows = RectificationNotice.objects.filter(window.where("finding__target__organization_id")).filter(
        DQ(completed_on__isnull=True) | DQ(completed_on__gt=F("deadline"))).values_list(
        "id", "finding__target__organization_id", "issued_on", "deadline", "completed_on")
    for pk, org_id, issued, deadline, completed in rows.iterator(chunk_size=20000):
        occurred, known = deadline, deadline + timedelta(days=1)  # derivations only see what is known by their day
        tail_zh = f"，{completed} 完成" if completed else ""
        tail_en = f", completed {completed}" if completed else ""
        yield org_id, rules.Fact(
            f"rn:{pk}", rules.RECTIFICATION_OVERDUE, occurred, known,
            summary_zh=f"整改通知（{issued} 发出）未在 {deadline} 前完成整改{tail_zh}",
            summary_en=f"rectification notice of {issued} not completed by {deadline}{tail_en}")


def supervision_grades(window: Window, lists_only: bool = False) -> Iterator[tuple[int, rules.Fact]]:
    """Evaluation grades as they held over time (supervision's derived spans: conferral, lowering, cancellation,
    expiry), as "other" information for the credit evaluation."""
    from supervision.models import GradeSpan

    if lists_only:
        return

    rows = GradeSpan.objects.filter(window.where()).values_list("id", "organization_id", "grade", "valid_from", "valid_to")
    for pk, org_id, grade, start, end in rows.iterator(chunk_size=20000):
        yield org_id, rules.Fact(f"gs:{pk}", "rating", start, start, value=grade, until=end - timedelta(days=1),
                                 summary_zh=f"评估等级 {grade}（{start} 至 {end - timedelta(days=1)}）",
                                 summary_en=f"evaluation grade {grade} ({start} to {end - timedelta(days=1)})")


def supervision_inspections(window: Window, lists_only: bool = False) -> Iterator[tuple[int, rules.Fact]]:
    """Inspection results: annual-inspection conclusions and published spot-check findings."""
    from supervision.models import AnnualReport, Finding, FindingConclusion

    if lists_only:
        return

    words = {"qualified": ("合格", "qualified"), "basically_qualified": ("基本合格", "basically qualified"),
             "unqualified": ("不合格", "unqualified")}
    rows = AnnualReport.objects.filter(window.where()).exclude(conclusion="").filter(concluded_on__isnull=False)
    for pk, org_id, year, conclusion, concluded in rows.values_list(
            "id", "organization_id", "year", "conclusion", "concluded_on").iterator(chunk_size=20000):
        zh, en = words.get(conclusion, (conclusion, conclusion))
        yield org_id, rules.Fact(f"ar:{pk}", "inspection", concluded, concluded, value=conclusion,
                                 summary_zh=f"{year} 年度检查结论：{zh}", summary_en=f"annual inspection {year}: {en}")
    findings = Finding.objects.filter(window.where("target__organization_id"), published_on__isnull=False).values_list(
        "id", "target__organization_id", "checked_on", "published_on", "conclusion", "summary")
    conclusions = bilingual_labels(FindingConclusion)
    for pk, org_id, checked, published, conclusion, summary in findings.iterator(chunk_size=20000):
        zh, en = conclusions.get(conclusion, (conclusion, conclusion))
        yield org_id, rules.Fact(f"sf:{pk}", "inspection", checked, max(checked, published),
                                 summary_zh=f"抽查结果（{zh}）：{summary[:80]}",
                                 summary_en=f"spot-check finding ({en}): "
                                            f"{summary[:80]}")


def _supervision_sources() -> list:
    try:
        from supervision import models as supervision_models
    except ImportError:
        return []
    wanted = {"Penalty": supervision_penalties, "ReportOverdue": supervision_overdue_reports,
              "RectificationNotice": supervision_rectification_notices, "GradeSpan": supervision_grades,
              "AnnualReport": supervision_inspections}
    return [source for name, source in wanted.items() if hasattr(supervision_models, name)]


SUPERVISION_SOURCES: list[Source] = _supervision_sources()


# Apps above credit (charity …) add fact sources of their own from their AppConfig.ready(): credit reads them like
# its own, never knowing the app.
EXTRA_SOURCES: list[Source] = []


def register_source(source: Source) -> Source:
    """Add a fact source ``(window, lists_only) -> iterable of (organization id, rules.Fact)`` once (idempotent)."""
    if source not in EXTRA_SOURCES:
        EXTRA_SOURCES.append(source)
    return source


def sources() -> list[Source]:
    return [credit_facts, registry_facts, *SUPERVISION_SOURCES, *EXTRA_SOURCES]


def load(window: Window, lists_only: bool = False) -> dict[int, list[rules.Fact]]:
    """Every fact of the organizations in ``window``, by organization id (one query per source). ``lists_only``:
    only what the list rules read (the sweep), not the information shown beside them."""
    found: dict[int, list[rules.Fact]] = {}
    for source in sources():
        for org_id, fact in source(window, lists_only):
            found.setdefault(org_id, []).append(fact)
    return found


def known_by(facts: list[rules.Fact], day: date) -> list[rules.Fact]:
    return [f for f in facts if f.known_on <= day]
