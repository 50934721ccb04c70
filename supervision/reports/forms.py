"""Web forms of annual reports, reviews, penalties and leadership. They only collect raw input: the services
check every rule once and a RuleViolation is shown next to the fields it names (:meth:`ProblemForm.show`).

ProblemForm and the field helpers are common.forms'.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text
from supervision.models import (
    Conclusion,
    OverdueKind,
    ReportState,
    ReviewOutcome,
    ReviewStage,
)


def money(label, help_text=""):
    return text(label, max_length=30, required=True, help_text=help_text, inputmode="decimal",
                **{"class": "num"})


def count(label, help_text=""):
    return text(label, max_length=12, required=True, help_text=help_text, inputmode="numeric", **{"class": "num"})


YES_NO = [("true", _("Yes")), ("false", _("No"))]


class ReportForm(ProblemForm):
    """年度工作报告 (also its correction): the keys supervision.services_reports.clean_figures reads."""

    year = text(_("Report year"), max_length=4, required=True, inputmode="numeric")
    income_donations = money(_("Donations"))
    income_government = money(_("Government grants and purchased services"))
    income_service_fees = money(_("Service fees"))
    income_membership_dues = money(_("Membership dues"))
    income_other = money(_("Other income"))
    income_total = money(_("Total income"), _("The sum of the five sources above."))
    expense_programmes = money(_("Programme costs"))
    expense_administration = money(_("Administration costs"))
    expense_fundraising = money(_("Fundraising costs"))
    expense_total = money(_("Total expenditure"), _("The sum of the three parts above."))
    total_assets = money(_("Total assets"), _("Total liabilities plus net assets."))
    total_liabilities = money(_("Total liabilities"))
    net_assets = money(_("Net assets"))
    employees = count(_("Employees"))
    volunteers = count(_("Volunteers"))
    branches = count(_("Branches"))
    party_organization = choice(_("Party organization set up"), YES_NO, required=True)
    activities = area(_("Activities of the year"), required=True, rows=6)
    audit_report = forms.FileField(label=_("Audit report"), required=False,
                                   help_text=_("PDF, PNG or JPEG. Required for foundations."),
                                   widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
    correction_note = area(_("What was corrected"), help_text=_("Required when correcting a submitted report."))

    INCOME = ("income_donations", "income_government", "income_service_fees", "income_membership_dues",
              "income_other", "income_total")
    EXPENSE = ("expense_programmes", "expense_administration", "expense_fundraising", "expense_total")
    BALANCE = ("total_assets", "total_liabilities", "net_assets")
    PEOPLE = ("employees", "volunteers", "branches", "party_organization")

    def section(self, names):
        return [self[name] for name in names]

    def data_for_service(self) -> dict:
        data = self.raw()
        data.pop("audit_report", None)
        return data


class ReviewForm(ProblemForm):
    review_stage = choice(_("Stage"), ReviewStage.choices, blank=False)
    review_outcome = choice(_("Outcome"), ReviewOutcome.choices, blank=False)
    conclusion = choice(_("Conclusion"), Conclusion.choices,)
    reasons = area(_("Reasons"), help_text=_("Required when returning the report, and for basically qualified or "
                                             "unqualified."))
    reviewed_on = day(_("Review date"), help_text=_("Default: today."))
    supervisor_name = text(_("Business supervisor"), help_text=_("First review: the business supervisor whose "
                                                                 "result you record."))
    supersedes = forms.IntegerField(required=False, widget=forms.HiddenInput)


class FirstReviewForm(ProblemForm):
    """初审 by the business supervisor's own user: the stage and the unit are fixed, only the result is given."""

    review_outcome = choice(_("Outcome"), [(ReviewOutcome.PASSED, ReviewOutcome.PASSED.label),
                                           (ReviewOutcome.RETURNED, ReviewOutcome.RETURNED.label)], blank=False)
    reasons = area(_("Reasons"), help_text=_("Required when returning the report for correction."))
    reviewed_on = day(_("Review date"), help_text=_("Default: today."))


class FirstReviewQueueForm(forms.Form):
    year = forms.IntegerField(label=_("Report year"), required=False, min_value=1949, max_value=9999)
    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("awaiting", _("Awaiting our first review")), ("all", _("All reports of our organizations"))])


ANY = [("", _("All"))]


class QueueFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Report year"), required=False, min_value=1949, max_value=9999)
    state = forms.ChoiceField(label=_("State"), choices=ANY + ReportState.choices, required=False)


class OverdueFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Report year"), required=False, min_value=1949, max_value=9999)
    finding = forms.ChoiceField(label=_("Finding"), choices=ANY + OverdueKind.choices, required=False)


class AsOfFilterForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            input_formats=["%Y-%m-%d"])
