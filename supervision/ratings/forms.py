"""Web forms of ratings and spot checks. They only collect raw input: every rule is checked once, by the
services, and a RuleViolation is shown back next to the fields it names (:meth:`ProblemForm.show`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text
from registry.models import OrgType
from supervision.models import Art30Ground, GradeActionKind, ObjectionOutcome

GRADE_CHOICES = [("", _("— by the bands —")), ("5A", "5A"), ("4A", "4A"), ("3A", "3A"), ("2A", "2A"), ("1A", "1A"),
                 ("none", _("No grade"))]


class ApplyForm(ProblemForm):
    note = area(_("Note"))


class DecideForm(ProblemForm):
    grade = forms.ChoiceField(label=_("Grade decided"), choices=GRADE_CHOICES, required=False,
                              help_text=_("Leave at “by the bands” to confer the grade the score earns."))
    reason = area(_("Reason"), help_text=_("Required when the committee decides otherwise than the bands."))
    decided_on = day(_("Decided on"))
    decision_number = text(_("Decision number"), max_length=100)


class ObjectionForm(ProblemForm):
    text = area(_("Objection"), required=True)
    filed_on = day(_("Received on"), help_text=_("Officers recording a written objection: the day it was received."))


class AnswerForm(ProblemForm):
    outcome = choice(_("Outcome"), ObjectionOutcome.choices)
    revised_grade = forms.ChoiceField(label=_("Revised grade"), required=False,
                                      choices=[("", "—"), *[(g, g) for g in ("5A", "4A", "3A", "2A", "1A")]])
    answer = area(_("Answer"), required=True)
    votes_for = text(_("Votes for the outcome"), max_length=5)
    votes_against = text(_("Votes against"), max_length=5)
    answered_on = day(_("Answered on"))


class ConferForm(ProblemForm):
    conferred_on = day(_("Conferred on"))
    certificate_number = text(_("Certificate number"), max_length=100)
    decision_number = text(_("Decision number"), max_length=100)


class GradeActionForm(ProblemForm):
    kind = choice(_("Action"), GradeActionKind.choices)
    new_grade = forms.ChoiceField(label=_("Lowered to"), required=False,
                                  choices=[("", "—"), *[(g, g) for g in ("4A", "3A", "2A", "1A")]])
    ground = choice(_("Ground (Order 39 Art. 30)"), Art30Ground.choices)
    effective_on = day(_("Effective date"))
    reason = area(_("Reason"), required=True)
    decision_number = text(_("Decision number"), max_length=100)


class SheetForm(ProblemForm):
    division = text(_("Jurisdiction (division code)"), max_length=6, required=True)
    org_type = choice(_("Organization type"), OrgType.choices)
    name = text(_("Name"), required=True)
    effective_from = day(_("Effective from"))
    indicators = forms.CharField(
        label=_("Indicators"), required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("One per line: section | code | indicator | maximum points"))
    bands = forms.CharField(label=_("Grade bands"), required=False, max_length=500,
                            widget=forms.Textarea(attrs={"rows": 5}),
                            help_text=_("One per line: grade minimum points, e.g. 5A 900"))
    note = area(_("Note / basis"))

    def rows(self):
        """The indicator and band lines as the service's dicts; malformed lines become service errors."""
        indicators = []
        for line in (self.cleaned_data.get("indicators") or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            parts += [""] * (4 - len(parts))
            indicators.append({"section": parts[0], "code": parts[1], "name": parts[2], "max_points": parts[3]})
        bands = []
        for line in (self.cleaned_data.get("bands") or "").splitlines():
            parts = line.replace("≥", " ").replace(">=", " ").split()
            if parts:
                bands.append({"grade": parts[0], "min_points": parts[1] if len(parts) > 1 else ""})
        return indicators, bands


class ShareForm(forms.Form):
    division = forms.RegexField(label=_("Division code"), regex=r"^\d{6}$", required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
