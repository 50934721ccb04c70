"""Web forms of credit. They only collect raw input; the services decide, and a RuleViolation is shown back next
to the fields it names (common.forms.ProblemForm)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm

from .models import ENTERABLE_KINDS, ListKind, PenaltyKind


def _text(label, max_length=200, help_text="", **attrs):
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text,
                           widget=forms.TextInput(attrs=attrs))


def _day(label, help_text=""):
    return forms.CharField(label=label, required=False, max_length=20, help_text=help_text,
                           widget=forms.DateInput(attrs={"type": "date"}))


def _area(label, help_text="", rows=3):
    return forms.CharField(label=label, required=False, max_length=4000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class FactForm(ProblemForm):
    kind = forms.ChoiceField(label=_("Kind of fact"), choices=[(k.value, k.label) for k in ENTERABLE_KINDS],
                             required=False)
    occurred_on = _day(_("Date of the fact"), _("The day it happened or was decided."))
    known_on = _day(_("Known to the authority on"), _("Default: today. The fact counts from this day."))
    issuing_authority = _text(_("Deciding or reporting authority"))
    document_number = _text(_("Document number"), 100)
    penalty_kinds = forms.MultipleChoiceField(label=_("Penalty kinds"), choices=PenaltyKind.choices, required=False,
                                              widget=forms.CheckboxSelectMultiple)
    fine_amount = _text(_("Fine (yuan)"), 30, inputmode="decimal")
    first_letter_on = _day(_("First letter mailed on"))
    second_letter_on = _day(_("Second letter mailed on"))
    grade = _text(_("Evaluation grade (1A–5A)"), 4)
    valid_until = _day(_("Grade valid until"))
    result = forms.ChoiceField(label=_("Inspection result"), required=False, choices=[
        ("", "—"), ("qualified", _("Qualified")), ("basically_qualified", _("Basically qualified")),
        ("unqualified", _("Unqualified"))])
    supersedes_ref = forms.ChoiceField(label=_("Fact concerned"), required=False,
                                       help_text=_("No-responsibility certificate: the fact it concerns."))
    rectification_deadline = _day(_("Rectification deadline"), _("The deadline in the rectification notice."))
    situation = forms.ChoiceField(label=_("Fundraising situation"), required=False, choices=[
        ("", "—"), ("inactive", _("No public fundraising for six months or more")),
        ("unqualified", _("No longer meets the public-fundraising conditions"))])
    last_fundraising_on = _day(_("Last public fundraising on"))
    legal_basis = _text(_("Legal basis"), 300, _("Required for the 'other situation required by law' kinds."))
    description = _area(_("Description"))


class ObjectionForm(ProblemForm):
    fact_ref = forms.ChoiceField(label=_("Contested fact"), required=False)
    statement = _area(_("Statement"), _("Why the information is wrong, and what is right."), rows=5)


class RepairForm(ProblemForm):
    list_kind = forms.ChoiceField(label=_("List"), choices=ListKind.choices, required=False)
    statement = _area(_("Statement"), _("How the obligations were fulfilled or the rectification completed."), rows=5)


class DecisionForm(ProblemForm):
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("uphold", _("Uphold")), ("reject", _("Reject")),
                                        ("grant", _("Grant")), ], required=False)
    reason = _area(_("Reason"))
    outcome_zh = _text(_("Public outcome (Chinese)"), 2000)
    outcome_en = _text(_("Public outcome (English)"), 2000)


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
    date = _day(_("Date"))
    is_workday = forms.BooleanField(label=_("Adjusted working day (调休上班)"), required=False)
    name = _text(_("Name"), 60)
    source = _text(_("Source"), 200)


class IllegalBatchForm(ProblemForm):
    authority = _text(_("Publishing authority (division code)"), 6, inputmode="numeric")
    title = _text(_("Title"))
    batch_number = _text(_("Batch"), 60)
    published_on = _day(_("Published on"))
    organizations = _area(_("Organizations"), _("One per line: name | aliases separated by ; | claimed activities | "
                                                "where reported"), rows=8)

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
