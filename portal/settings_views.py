"""Staff pages of jurisdiction settings: every setting in force for a division (label, value, default, local or
inherited, legal basis) and the form that sets a local value through portal.services.set_setting."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.errors import RuleViolation
from common.forms import ProblemForm, area, day
from divisions import settings_info
from divisions.models import Division

from . import services
from .staff_views import staff_required


@staff_required
def own(request):
    """The settings of the signed-in officer's own jurisdiction (the nation for an administrator)."""
    return _page(request, request.user.division_id or "100000")


@staff_required
def jurisdiction(request, division):
    return _page(request, division)


def _page(request, division):
    place = services.division_for(request.user, division)
    if place is None:
        raise Http404
    wanted = (request.GET.get("division") or "").strip()
    if wanted and wanted != place.code:
        if services.division_for(request.user, wanted) is None:
            messages.error(request, _("No such division within your jurisdiction."))
        else:
            return redirect("staff:settings", division=wanted)
    rows = services.settings_of(place)
    groups = []
    for row in rows:
        if not groups or groups[-1][0] != row.group_label:
            groups.append((row.group_label, []))
        groups[-1][1].append(row)
    children = place.children.in_use().order_by("code")[:60] if place.code != "100000" else (
        Division.objects.filter(level="provincial").in_use().order_by("code"))
    return render(request, "staff/settings.html", {
        "division": place, "groups": groups, "children": children,
        "parent": place.parent if place.parent_id and services.division_for(request.user, place.parent_id) else None,
        "local_count": sum(1 for r in rows if r.local)})


class SettingForm(ProblemForm):
    value = forms.CharField(label=gettext_lazy("New value"), required=False, max_length=4000)
    effective_from = day(gettext_lazy("Effective from"), help_text=gettext_lazy("Default: today. Not in the past."))
    reason = area(gettext_lazy("Reason or basis"), required=True,
                  help_text=gettext_lazy("Why, and the local document that sets it, if any."))


def _value_field(row) -> forms.Field:
    default = row.default
    label = gettext_lazy("New value")
    if isinstance(default, bool):
        return forms.CharField(label=label, required=False, initial="true" if row.current.value else "false",
                               widget=forms.Select(choices=[("true", _("Yes")), ("false", _("No"))]))
    if row.info.values:  # the service checks the choice (a select of the choices, not Django's own refusal)
        return forms.CharField(label=label, required=False, initial=row.current.value, widget=forms.Select(
            choices=[(v, settings_info.pick(w)) for v, w in row.info.values]))
    if isinstance(default, (dict, list)):
        import json

        return forms.CharField(label=label, required=False, max_length=4000,
                               initial=json.dumps(row.current.value, ensure_ascii=False),
                               widget=forms.Textarea(attrs={"rows": 4, "class": "mono"}),
                               help_text=_("The same shape as the default, as shown."))
    return forms.CharField(label=label, required=False, max_length=100, initial=row.current.value)


@staff_required
def edit(request, division, key):
    place = services.division_for(request.user, division)
    if place is None or key not in services.setting_keys():
        raise Http404
    row = next(r for r in services.settings_of(place) if r.key == key)
    form = SettingForm(request.POST or None)
    form.fields["value"] = _value_field(row)
    form.fields["value"].problems = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.set_setting(request.user, place.code, key, value=form.cleaned_data["value"],
                                 effective_from=form.cleaned_data["effective_from"], reason=form.cleaned_data["reason"])
        except RuleViolation as violation:
            form.show(violation)
            status = violation.status
        else:
            messages.success(request, _("Setting recorded; it applies from its effective date."))
            return redirect("staff:settings", division=place.code)
    return render(request, "staff/setting_form.html", {"division": place, "row": row, "form": form}, status=status)
