"""Web forms. They only collect raw input: every rule is checked once, by the registry services, and a
:class:`~common.errors.RuleViolation` is shown back next to the fields it names (:meth:`ProblemForm.show`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, day, text
from registry.models import EventKind, Level, OrgType, Status


class RegisterForm(ProblemForm):
    """成立登记 / 备案: the keys :func:`registry.services.register_organization` reads."""

    org_type = forms.ChoiceField(label=_("Type"), choices=OrgType.choices, required=False)
    uscc = text(_("Unified social credit code"), max_length=18, autocomplete="off", spellcheck="false",
                help_text=_("18 characters; leave empty for a filed community organization (a filing number is "
                            "assigned)."), **{"class": "mono", "data-upper": "1"})
    authority = text(_("Registering authority (division code)"), required=True, max_length=6, inputmode="numeric",
                     pattern=r"\d{6}", help_text=_("Six-digit GB/T 2260 code of the registering authority."))
    name = text(_("Name"), required=True)
    legal_rep_name = text(_("Legal representative"), required=True, max_length=64)
    legal_rep_id = text(_("Legal representative's ID number"), max_length=18, autocomplete="off",
                        help_text=_("Stored encrypted; shown masked."), **{"class": "mono"})
    supervisor = text(_("Business supervisor"), help_text=_("Leave empty for direct registration."))
    domicile = text(_("Domicile"), required=True, max_length=300)
    founded_on = day(_("Founding date"), required=True)
    registered_funds = text(_("Registered funds (yuan)"), max_length=30, inputmode="decimal",
                            help_text=_("In yuan, e.g. 30000 or 3万."))
    business_scope = area(_("Business scope"))
    phone = text(_("Contact phone"), max_length=32, inputmode="tel")
    street = text(_("Street / township"), max_length=100,
                  help_text=_("Required for community organizations."))
    community = text(_("Community / village"), max_length=100)
    decision_number = text(_("Decision number"), max_length=100)
    reason = area(_("Reason / note"))
    screening_confirmed = forms.BooleanField(
        label=_("I have checked the similar names above and register this name anyway"), required=False)
    screening_reason = area(_("Reason for registering despite the similar names"),
                            help_text=_("Required when you confirm over a name-screening hit; it is audited."))

    SERVICE_KEYS = ("uscc", "org_type", "authority", "name", "legal_rep_name", "legal_rep_id", "supervisor",
                    "domicile", "founded_on", "registered_funds", "business_scope", "phone", "street", "community")

    def service_data(self) -> dict:
        return {key: self.cleaned_data.get(key, "") for key in self.SERVICE_KEYS}


RECORDABLE_KINDS = [(k.value, k.label) for k in EventKind if k != EventKind.ESTABLISHMENT]
CHANGE_ITEMS = ("name", "legal_rep_name", "legal_rep_id", "domicile", "business_scope", "supervisor",
                "registered_funds", "phone")
ITEMS_BY_KIND = {
    EventKind.CHANGE: CHANGE_ITEMS,
    EventKind.LEADERSHIP_CHANGE: ("legal_rep_name", "legal_rep_id"),
}


class EventForm(ProblemForm):
    """变更 / 换届 / 注销 / 撤销 / 吊销: the arguments of :func:`registry.services.record_event`."""

    kind = forms.ChoiceField(label=_("Event"), choices=RECORDABLE_KINDS, required=False)
    effective_on = day(_("Effective date"), required=True)
    decision_number = text(_("Decision number"), max_length=100)
    reason = area(_("Reason"), help_text=_("Required except for a change registration."))
    name = text(_("New name"))
    legal_rep_name = text(_("New legal representative"), max_length=64)
    legal_rep_id = text(_("New legal representative's ID number"), max_length=18, autocomplete="off",
                        **{"class": "mono"})
    domicile = text(_("New domicile"), max_length=300)
    business_scope = area(_("New business scope"))
    supervisor = text(_("New business supervisor"))
    registered_funds = text(_("New registered funds (yuan)"), max_length=30, inputmode="decimal")
    phone = text(_("New contact phone"), max_length=32, inputmode="tel")

    def item_fields(self, kind: str):
        """The item fields shown for ``kind`` (none for the terminal events), plus any the user filled in
        anyway or that carry a problem, so that nothing typed or refused is hidden."""
        wanted = set(ITEMS_BY_KIND.get(kind, ()))
        return [self[name] for name in CHANGE_ITEMS
                if name in wanted or self.fields[name].problems or (self.is_bound and self.data.get(name))]

    def changes(self) -> dict:
        return self.filled(CHANGE_ITEMS)


ANY = [("", _("All"))]


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), choices=ANY + OrgType.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ANY + Status.choices, required=False)
    level = forms.ChoiceField(label=_("Level"), choices=ANY + Level.choices, required=False)


class PublicSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    type = forms.ChoiceField(label=_("Type"), choices=ANY + OrgType.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=ANY + Status.choices, required=False)


class AsOfForm(forms.Form):
    as_of = forms.DateField(label=_("As of"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            input_formats=["%Y-%m-%d"])
