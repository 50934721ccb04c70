"""Web forms of credit. They only collect raw input; the services decide, and a RuleViolation is shown back next
to the fields it names (common.forms.ProblemForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, day, text

from .models import ENTERABLE_KINDS, ListKind, PenaltyKind


class FactForm(ProblemForm):
    kind = forms.ChoiceField(label=_("Kind of fact"), choices=[(k.value, k.label) for k in ENTERABLE_KINDS],
                             required=False)
    occurred_on = day(_("Date of the fact"), help_text=_("The day it happened or was decided."))
    known_on = day(_("Known to the authority on"),
                   help_text=_("Default: today. The fact counts from this day."))
    issuing_authority = text(_("Deciding or reporting authority"))
    document_number = text(_("Document number"), max_length=100)
    penalty_kinds = forms.MultipleChoiceField(label=_("Penalty kinds"), choices=PenaltyKind.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    fine_amount = text(_("Fine (yuan)"), max_length=30, inputmode="decimal")
    first_letter_on = day(_("First letter mailed on"))
    second_letter_on = day(_("Second letter mailed on"))
    grade = text(_("Evaluation grade (1A–5A)"), max_length=4)
    valid_until = day(_("Grade valid until"))
    result = forms.ChoiceField(label=_("Inspection result"), required=False, choices=[
        ("", "—"), ("qualified", _("Qualified")), ("basically_qualified", _("Basically qualified")),
        ("unqualified", _("Unqualified"))])
    supersedes_ref = forms.ChoiceField(label=_("Fact concerned"), required=False,
                                       help_text=_("No-responsibility certificate: the fact it concerns."))
    rectification_deadline = day(_("Rectification deadline"),
                                 help_text=_("The deadline in the rectification notice."))
    situation = forms.ChoiceField(label=_("Fundraising situation"), required=False, choices=[
        ("", "—"), ("inactive", _("No public fundraising for six months or more")),
        ("unqualified", _("No longer meets the public-fundraising conditions"))])
    last_fundraising_on = day(_("Last public fundraising on"))
    legal_basis = text(_("Legal basis"), max_length=300,
                       help_text=_("Required for the 'other situation required by law' kinds."))
    description = area(_("Description"))


class ObjectionForm(ProblemForm):
    fact_ref = forms.ChoiceField(label=_("Contested fact"), required=False)
    statement = area(_("Statement"), help_text=_("Why the information is wrong, and what is right."), rows=5)


class RepairForm(ProblemForm):
    list_kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices, required=False)
    statement = area(_("Statement"),
                     help_text=_("How the obligations were fulfilled or the rectification completed."), rows=5)


class DecisionForm(ProblemForm):
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("uphold", _("Uphold")), ("reject", _("Reject")),
                                        ("grant", _("Grant")), ], required=False)
    reason = area(_("Reason"))
    outcome_zh = text(_("Public outcome (Chinese)"), max_length=2000)
    outcome_en = text(_("Public outcome (English)"), max_length=2000)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"), required=False)


class CheckForm(forms.Form):
    q = forms.CharField(label=_("Name or unified social credit code"), max_length=200, required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ListFilterForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    division = forms.RegexField(label=_("Division code"), regex=r"^\d{6}$", required=False)
    listed_from = forms.DateField(label=_("Listed from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    listed_to = forms.DateField(label=_("Listed until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    rule = forms.RegexField(label=_("Ground (rule id)"), regex=r"^(ABN|SER)-\d$", required=False)


class HolidayForm(ProblemForm):
    date = day(_("Date"))
    is_workday = forms.BooleanField(label=_("Adjusted working day (调休上班)"), required=False)
    name = text(_("Name"), max_length=60)
    source = text(_("Source"), max_length=200)


class IllegalBatchForm(ProblemForm):
    authority = text(_("Publishing authority (division code)"), max_length=6, inputmode="numeric")
    title = text(_("Title"))
    batch_number = text(_("Batch"), max_length=60)
    published_on = day(_("Published on"))
    organizations = area(_("Organizations"),
                         help_text=_("One per line: name | aliases separated by ; | claimed "
                                                         "activities | where reported"), rows=8)

    def service_data(self) -> dict:
        data = {k: self.cleaned_data.get(k, "") for k in ("authority", "title", "batch_number", "published_on")}
        rows = []
        for line in (self.cleaned_data.get("organizations") or "").splitlines():
            parts = [p.strip() for p in line.split("|")]
            if not parts[0]:
                continue
            parts += [""] * (4 - len(parts))
            rows.append({"name": parts[0], "aliases": [a for a in parts[1].replace("；", ";").split(";") if a.strip()],
                         "claimed_activities": parts[2], "reported_where": parts[3]})
        data["organizations"] = rows
        return data
