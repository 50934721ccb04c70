from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text
from supervision.models import CheckMethod, FindingConclusion, PlanKind


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
