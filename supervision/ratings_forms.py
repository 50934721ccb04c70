"""Web forms of ratings and spot checks. They only collect raw input: every rule is checked once, by the
services, and a RuleViolation is shown back next to the fields it names (:meth:`ProblemForm.show`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text
from registry.models import OrgType

from .models import Art30Ground, CheckMethod, FindingConclusion, GradeActionKind, ObjectionOutcome, PlanKind

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


class PlanForm(ProblemForm):
    authority = text(_("Planning authority (division code)"), max_length=6, required=True)
    year = text(_("Year"), max_length=4, required=True)
    kind = choice(_("Kind"), PlanKind.choices)
    title = text(_("Title"), required=True)
    rate = text(_("Sampling rate (%)"), max_length=10, required=True,
                help_text=_("Periodic plans: at least the legal minimum of the authority's level."))
    type_rates = text(_("Types at their own rate"), max_length=300,
                      help_text=_("The organization type and its rate, e.g. 基金会=100, 社会团体=10"))
    exclude_months = text(_("Leave out organizations drawn in the last N months"), max_length=3)
    inspectors_per_target = text(_("Inspectors per target"), max_length=2)
    scope_note = area(_("Scope and method"))

    def type_rates_dict(self) -> dict:
        out = {}
        for part in (self.cleaned_data.get("type_rates") or "").replace("，", ",").split(","):
            if "=" in part:
                key, value = part.split("=", 1)
                out[_org_type_value(key.strip())] = value.strip()
        return out


def _org_type_value(name: str) -> str:
    """An organization type as an officer writes it (社会团体, its English label, or its stored value) → its value."""
    from django.utils import translation

    from registry.models import OrgType

    for org_type in OrgType:
        labels = {org_type.value}
        for lang in ("zh-hans", "en"):
            with translation.override(lang):
                labels.add(str(org_type.label))
        if name in labels or name.split("（")[0] == str(org_type.label).split("（")[0]:
            return org_type.value
    return name


class DrawForm(ProblemForm):
    seed = text(_("Published seed (optional)"), max_length=128,
                help_text=_("e.g. a lottery result announced in advance; empty: a random seed, published with the draw"))


class InspectorForm(ProblemForm):
    division = text(_("Authority (division code)"), max_length=6, required=True)
    name = text(_("Name"), max_length=64, required=True)
    unit = text(_("Department / unit"))
    badge_number = text(_("Law-enforcement certificate number"), max_length=64)


class ConflictForm(ProblemForm):
    organization = text(_("Organization (USCC or filing number)"), max_length=32, required=True)
    reason = area(_("Reason"), required=True)
    declared_on = day(_("Declared on"))


class AssignForm(ProblemForm):
    inspector = forms.ChoiceField(label=_("Inspector"), required=False, choices=[])
    reason = area(_("Reason"), required=True)

    def __init__(self, *args, inspectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspector"].choices = [("", "—"), *[(str(i.pk), str(i.name)) for i in inspectors]]


class FindingForm(ProblemForm):
    method = choice(_("Method"), CheckMethod.choices)
    checked_on = day(_("Checked on"))
    conclusion = choice(_("Conclusion"), FindingConclusion.choices)
    inspectors = forms.MultipleChoiceField(label=_("Inspectors present"), required=False, choices=[],
                                           widget=forms.CheckboxSelectMultiple)
    summary = area(_("Published summary"), required=True)
    details = area(_("Internal details"))

    def __init__(self, *args, inspectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspectors"].choices = [(str(i.pk), str(i.name)) for i in inspectors]


class RectifyForm(ProblemForm):
    requirements = area(_("Requirements"), required=True)
    issued_on = day(_("Issued on"))
    deadline = day(_("Rectify by"), help_text=_("Empty: the jurisdiction's default period."))


class CompleteForm(ProblemForm):
    completed_on = day(_("Completed on"))
    note = area(_("Completion note"), required=True)


class PublishForm(ProblemForm):
    published_on = day(_("Published on"))


class ShareForm(forms.Form):
    division = forms.RegexField(label=_("Division code"), regex=r"^\d{6}$", required=False)
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
