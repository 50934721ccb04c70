"""Staff pages of jurisdiction settings: every setting in force for a division (label, value, default, local or
inherited, legal basis) and the form that sets a local value through portal.services.set_setting."""

import json

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import ProblemForm, area, day
from common.web import submit_form
from divisions import settings_info
from divisions.models import Division

from . import queries, services
from .staff_views import staff_required


@staff_required
def own(request):
    """The settings of the signed-in officer's own jurisdiction (the nation for an administrator)."""
    return _page(request, request.user.division_id or "100000")


@staff_required
def jurisdiction(request, division):
    return _page(request, division)


def _page(request, division):
    place = queries.division_for(request.user, division)
    if place is None:
        raise Http404
    wanted = (request.GET.get("division") or "").strip()
    if wanted and wanted != place.code:
        if queries.division_for(request.user, wanted) is None:
            messages.error(request, _("No such division within your jurisdiction."))
        else:
            return redirect("staff:settings", division=wanted)
    rows = queries.settings_of(place)
    groups = []
    for row in rows:
        if not groups or groups[-1][0] != row.group_label:
            groups.append((row.group_label, []))
        groups[-1][1].append(row)
    children = place.children.in_use().order_by("code")[:60] if place.code != "100000" else (
        Division.objects.filter(level="provincial").in_use().order_by("code"))
    return render(request, "staff/settings.html", {
        "division": place, "groups": groups, "children": children,
        "parent": place.parent if place.parent_id and queries.division_for(request.user, place.parent_id) else None,
        "local_count": sum(1 for r in rows if r.local)})


class SettingForm(ProblemForm):
    value = forms.CharField(label=gettext_lazy("New value"), required=False, max_length=4000)
    effective_from = day(gettext_lazy("Effective from"), help_text=gettext_lazy("Default: today. Not in the past."))
    reason = area(gettext_lazy("Reason or basis"), required=True,
                  help_text=gettext_lazy("Why, and the local document that sets it, if any."))


def _flat_dict(value) -> bool:
    return isinstance(value, dict) and bool(value) and not any(isinstance(v, (dict, list)) for v in value.values())


def _value_fields(row) -> dict[str, forms.Field]:
    """The inputs of one setting, shaped like its default: yes/no, a choice, a number or text, one input per
    organization type for a table by type, ticks for a list of types, numbers separated by commas; only the two
    tables of the credit evaluation are edited as JSON."""
    default, label, info = row.default, gettext_lazy("New value"), row.info
    current = row.current.value
    if isinstance(default, bool):
        return {"value": forms.CharField(label=label, required=False, initial="true" if current else "false",
                                         widget=forms.Select(choices=[("true", _("Yes")), ("false", _("No"))]))}
    if info.values and not isinstance(default, dict):  # the service checks the choice
        return {"value": forms.CharField(label=label, required=False, initial=current, widget=forms.Select(
            choices=[(v, settings_info.pick(w)) for v, w in info.values]))}
    if _flat_dict(default):
        fields = {}
        for key in default:
            shown = current.get(key, default[key]) if isinstance(current, dict) else default[key]
            widget = forms.Select(choices=[(v, settings_info.pick(w)) for v, w in info.values]) if info.values else (
                forms.TextInput(attrs={"placeholder": "MM-DD"} if info.unit == "mmdd" else {}))
            fields[f"value__{key}"] = forms.CharField(label=settings_info.word(key), required=False, initial=shown,
                                                      max_length=100, widget=widget)
        return fields
    if info.options:
        return {"value": forms.MultipleChoiceField(
            label=label, required=False, initial=list(current or []), widget=forms.CheckboxSelectMultiple,
            choices=[(o, settings_info.word(o)) for o in info.options])}
    if isinstance(default, list) and all(isinstance(v, (int, str)) for v in default):
        return {"value": forms.CharField(label=label, required=False, max_length=300,
                                         initial=", ".join(str(v) for v in current or []),
                                         help_text=_("Separate the items with commas."))}
    if isinstance(default, (dict, list)):
        return {"value": forms.CharField(label=label, required=False, max_length=4000,
                                         initial=json.dumps(current, ensure_ascii=False),
                                         widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}),
                                         help_text=_("The same shape as the default, as shown."))}
    return {"value": forms.CharField(label=label, required=False, max_length=100, initial=current)}


def _typed_list(row, raw: list | str) -> str:
    if isinstance(raw, list):
        return json.dumps(raw, ensure_ascii=False)
    items = [v.strip() for v in str(raw).replace("，", ",").split(",") if v.strip()]
    numbers = all(isinstance(v, int) for v in row.default)
    return json.dumps([int(v) if numbers and v.isdigit() else v for v in items], ensure_ascii=False)


def _submitted_value(row, form) -> str:
    """What the officer entered, as the text the service parses (JSON for tables and lists)."""
    default, data = row.default, form.cleaned_data
    if _flat_dict(default):
        table = {}
        for key, base in default.items():
            text = (data.get(f"value__{key}") or "").strip()
            table[key] = int(text) if isinstance(base, int) and text.isdigit() else text
        return json.dumps(table, ensure_ascii=False)
    if isinstance(default, list) and (row.info.options or all(isinstance(v, (int, str)) for v in default)):
        return _typed_list(row, data.get("value") or [])
    value = data.get("value")
    return "" if value is None else str(value)


@staff_required
def edit(request, division, key):
    place = queries.division_for(request.user, division)
    if place is None or key not in queries.setting_keys():
        raise Http404
    row = next(r for r in queries.settings_of(place) if r.key == key)
    form = SettingForm(request.POST or None)
    del form.fields["value"]
    inputs = _value_fields(row)
    for field in inputs.values():
        field.problems = []
    form.fields = {**inputs, **form.fields}
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = submit_form(
            form, request,
            lambda: services.set_setting(request.user, place.code, key, value=_submitted_value(row, form),
                                         effective_from=form.cleaned_data["effective_from"],
                                         reason=form.cleaned_data["reason"]),
            lambda setting: _("Setting recorded; it applies from its effective date."),
            lambda setting: ("staff:settings", place.code))
        if response is not None:
            return response
    return render(request, "staff/setting_form.html", {"division": place, "row": row, "form": form,
                                                       "inputs": [form[name] for name in inputs]}, status=status)
