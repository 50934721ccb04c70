"""Ratings in publicity (评估结果公示): the evaluation committee's proposed grades whose publicity period covers a
day, with the objection deadline, for the public page and the API.

Order 39 Art. 20: an organization may object in writing within the publicity period; so the deadline shown is the
last day of the period (``publicity_until``, from the setting RATING_PUBLICITY_DAYS of the authority). An
objection already answered is shown with its outcome (an upheld one with the revised grade), dated.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, QuerySet

from divisions.models import subtree_q
from supervision.models import CommitteeDecision, RatingObjection

ORDER_39_ART_20 = ("《社会组织评估管理办法》（民政部令第39号）第二十条",
                   "Measures for the Evaluation of Social Organizations (MCA Order 39), Art. 20")


def in_publicity(day: date, division: str | None = None) -> QuerySet:
    """Committee decisions in publicity on ``day`` (the period includes both ends), deadline soonest first."""
    qs = (CommitteeDecision.objects.filter(publicity_from__lte=day, publicity_until__gte=day)
          .select_related("application__organization__authority")
          .prefetch_related(Prefetch("application__objections",
                                     queryset=RatingObjection.objects.filter(filed_on__lte=day).order_by("filed_on"))))
    if division:
        qs = qs.filter(subtree_q("application__organization__authority_id", division))
    return qs.order_by("publicity_until", "application__organization__name", "id")


def publicity_dict(decision: CommitteeDecision, day: date) -> dict:
    """The public facts of one decision in publicity (no scores by evaluator, no votes)."""
    org = decision.application.organization
    objections = list(decision.application.objections.all())
    answered = [o for o in objections if o.answered_on and o.answered_on <= day]
    revised = next((o for o in reversed(answered) if o.outcome == "upheld" and o.revised_grade), None)
    return {
        "organization": {"code": org.code, "name": org.name, "authority": org.authority.authority_name},
        "application": decision.application_id,
        "proposed_grade": decision.grade or None,
        "proposed_grade_label": decision.grade or "不予评定等级 / no grade",
        "total_points": decision.total_points,
        "decided_on": decision.decided_on, "decision_number": decision.decision_number,
        "publicity_from": decision.publicity_from, "publicity_until": decision.publicity_until,
        "objection_deadline": decision.publicity_until,
        "days_left": (decision.publicity_until - day).days,
        "objections_filed": len(objections),
        "objections_answered": [{"filed_on": o.filed_on, "answered_on": o.answered_on, "outcome": o.outcome,
                                 "revised_grade": o.revised_grade or None} for o in answered],
        "revised_grade": revised.revised_grade if revised else None,
        "revised_on": revised.answered_on if revised else None,
        "how_to_object_zh": (f"对拟评等级有异议的，该社会组织可在 {decision.publicity_until.isoformat()}（含当日）前向"
                             f"{org.authority.authority_name}社会组织评估委员会提出书面复核申请（{ORDER_39_ART_20[0]}）。"),
        "how_to_object_en": (f"The organization may file a written request for review with the evaluation committee of "
                             f"{org.authority.authority_name} until {decision.publicity_until.isoformat()} inclusive "
                             f"({ORDER_39_ART_20[1]})."),
    }
