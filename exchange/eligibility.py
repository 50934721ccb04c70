"""Who may be awarded a purchased service on a date, from facts already in the register (supervision and credit
facts reused, nothing written). Each check returns a ``common.errors.Refusal`` naming its rule, or None.

- GPS-ELIG-ACTIVE: registered and active on the day of the award (the derived version in force);
- GPS-ELIG-REPORT: the latest annual report concluded by then is not "unqualified" (in a jurisdiction in the
  annual-report mode a completed review without conclusion counts), and there is one;
- GPS-ELIG-LISTED: not on the abnormal-activity list or the serious illegal and dishonest list that day
  (credit's own check, ``credit.eligibility.not_on_a_credit_list``; DOMAIN §3.7: no purchased services);
- GPS-ELIG-RATING: where the purchaser requires an evaluation grade, a grade at least that high valid that day.
"""

from datetime import date

from common.errors import Refusal

FIELD = "organization"


def active(org, on: date) -> Refusal | None:
    from registry.models import OrganizationVersion

    version = OrganizationVersion.objects.filter(organization=org, valid_from__lte=on).order_by("-valid_from").first()
    if version is not None and version.status == "active" and (version.valid_to is None or version.valid_to > on):
        return None
    status_zh = version.get_status_display() if version else "尚未成立"
    return Refusal("GPS-ELIG-ACTIVE", FIELD, f"{on} {org.name}不在正常登记状态（{status_zh}），不得承接政府购买服务",
                   f"{org.name} was not registered and active on {on} ({version.status if version else 'not founded'})"
                   f": it may not be awarded a purchased service")


def annual_report(org, on: date) -> Refusal | None:
    from supervision.models import AnnualReport

    report = (AnnualReport.objects.filter(organization=org, concluded_on__isnull=False, concluded_on__lte=on)
              .order_by("-year").first())
    if report is None:
        return Refusal("GPS-ELIG-REPORT", FIELD, f"截至 {on} {org.name}没有已审查完成的年度报告，不得承接政府购买服务",
                       f"{org.name} has no annual report reviewed by {on}: it may not be awarded a purchased service")
    if report.conclusion == "unqualified":
        return Refusal("GPS-ELIG-REPORT", FIELD,
                       f"{org.name}最近一次年度报告（{report.year} 年度，{report.concluded_on} 审查）结论为不合格",
                       f"the latest annual report of {org.name} ({report.year}, reviewed {report.concluded_on}) "
                       f"was found unqualified")
    return None


def not_listed(org, on: date) -> Refusal | None:
    from credit.eligibility import not_on_a_credit_list

    found = not_on_a_credit_list(org, on)
    if found is None:
        return None
    return Refusal("GPS-ELIG-LISTED", FIELD, f"{found.zh}（列入名录的组织不得承接政府购买服务）",
                   f"{found.en} (an organization on a list may not be awarded purchased services)")


def rating(org, on: date, required: int | None) -> Refusal | None:
    if not required:
        return None
    from supervision.models import GradeSpan

    span = (GradeSpan.objects.filter(organization=org, valid_from__lte=on, valid_to__gt=on)
            .order_by("-rank").first())
    if span is not None and span.rank >= required:
        return None
    held_zh = f"现有评估等级 {span.grade}" if span else "没有有效的评估等级"
    held_en = f"its grade is {span.grade}" if span else "it holds no valid evaluation grade"
    return Refusal("GPS-ELIG-RATING", FIELD, f"购买方要求评估等级 {required}A 及以上，{org.name}{on} {held_zh}",
                   f"the purchaser requires an evaluation grade of {required}A or higher; on {on} {held_en}")


CHECKS = ("GPS-ELIG-ACTIVE", "GPS-ELIG-REPORT", "GPS-ELIG-LISTED", "GPS-ELIG-RATING")


def refusals(org, on: date, required_grade: int | None) -> list[Refusal]:
    found = [active(org, on), annual_report(org, on), not_listed(org, on), rating(org, on, required_grade)]
    return [r for r in found if r is not None]
