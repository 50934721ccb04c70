from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.admin import SocorgUserAdmin, account_state
from accounts.models import User
from audit.services import record

from .models import Organization, RegistrationEvent


class EventInline(admin.TabularInline):
    model = RegistrationEvent
    fk_name = "organization"
    extra = 0
    can_delete = False
    fields = ["kind", "effective_on", "decision_number", "reason", "changes", "actor", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Read-only here: registrations and events are made through the staff pages so that they are validated
    and audited by the services."""

    list_display = ["name", "uscc", "filing_number", "org_type", "level", "authority", "status", "is_demo"]
    list_filter = ["org_type", "level", "status", "is_demo"]
    search_fields = ["name", "uscc", "filing_number"]
    inlines = [EventInline]
    exclude = ["legal_rep_id_encrypted"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Organization._meta.fields if f.name != "legal_rep_id_encrypted"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- choosers on the user admin: an organization user's organization, a supervisor user's unit -----------------
# accounts keeps only the organization's id (it needs no registry model), so the register supplies the choosers.


class OrganizationChooser(AutocompleteSelect):
    """The admin's searchable chooser (select2 over OrganizationAdmin.search_fields: name, USCC, filing number)
    for the organization a user reports for. It searches organizations through a real foreign key to them,
    RegistrationEvent.organization, because the user's binding is a plain id."""

    def __init__(self, admin_site, attrs=None):
        super().__init__(RegistrationEvent._meta.get_field("organization"), admin_site, attrs=attrs)


class SupervisorUnitChooser(forms.Select):
    """A searchable chooser of business supervisor units as the register records them (distinct
    Organization.supervisor values), served by SocorgUserAdmin.supervisor_units; select2 from the admin."""

    def __init__(self, url_name="admin:accounts_user_supervisor_units", attrs=None):
        super().__init__(attrs=attrs)
        self.url_name = url_name

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs.update({
            "data-ajax--cache": "true", "data-ajax--delay": 250, "data-ajax--type": "GET",
            "data-ajax--url": reverse(self.url_name), "data-theme": "admin-autocomplete",
            "data-allow-clear": "true", "data-placeholder": "",
            # autocomplete.js sends these along; the unit view does not need them.
            "data-app-label": "registry", "data-model-name": "organization", "data-field-name": "supervisor",
            "class": (attrs.get("class", "") + " admin-autocomplete").strip(),
        })
        return attrs

    def optgroups(self, name, value, attrs=None):
        chosen = [v for v in value if v]
        self.choices = [("", "")] + [(v, v) for v in chosen]
        return super().optgroups(name, value, attrs)

    @property
    def media(self):
        return AutocompleteSelect(RegistrationEvent._meta.get_field("organization"), admin.site).media


class BindingMixin:
    """Shows ``organization_id_bound`` as an organization chooser and the unit as a unit chooser, and checks
    that the unit is one the register records as a business supervisor."""

    def setup_binding(self, admin_site):
        self.fields["bound_organization"] = forms.ModelChoiceField(
            Organization.objects.all(), required=False, label=_("bound organization"),
            widget=OrganizationChooser(admin_site),
            help_text=_("For organization users: the one organization this account reports for (search by name, "
                        "USCC or filing number)."))
        if self.instance.organization_id_bound:
            self.initial["bound_organization"] = self.instance.organization_id_bound
        self.fields["supervisor_unit"] = forms.CharField(
            required=False, max_length=200, label=_("business supervisor unit"), widget=SupervisorUnitChooser(),
            help_text=_("For business supervisor users: the unit as the register records it as the business "
                        "supervisor of its organizations (search by name)."))
        self.initial.setdefault("supervisor_unit", self.instance.supervisor_unit)

    def clean(self):
        cleaned = super().clean()
        org = cleaned.get("bound_organization")
        self.instance.organization_id_bound = org.pk if org else None
        unit = (cleaned.get("supervisor_unit") or "").strip()
        if unit and not Organization.objects.filter(supervisor=unit).exists():
            self.add_error("supervisor_unit", _("No organization in the register has this business supervisor unit."))
        return cleaned

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict") and "organization_id_bound" in errors.error_dict:
            errors.error_dict["bound_organization"] = errors.error_dict.pop("organization_id_bound")
        super()._update_errors(errors)


class BindingAddForm(BindingMixin, AdminUserCreationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_binding(admin.site)


class BindingChangeForm(BindingMixin, UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_binding(admin.site)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(SocorgUserAdmin):
    """The accounts admin with searchable choosers for every binding (division, organization, unit)."""

    binding_fields = ["role", "division", "bound_organization", "supervisor_unit"]
    form = BindingChangeForm
    add_form = BindingAddForm

    def get_form(self, request, obj=None, **kwargs):
        # bound_organization is a form field of the choosers, not a model field: keep it out of fields=.
        kwargs["fields"] = [f for f in flatten_fieldsets(self.get_fieldsets(request, obj)) if f != "bound_organization"]
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        before = account_state(User.objects.get(pk=obj.pk)) if change and obj.pk else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            record(request.user, "account.change" if change else "account.create", "user", obj.pk,
                   before=before, after=account_state(obj), reason=str(_("administration site")))

    def get_urls(self):
        units = path("supervisor-units/", self.admin_site.admin_view(self.supervisor_units),
                     name="accounts_user_supervisor_units")
        return [units, *super().get_urls()]

    def supervisor_units(self, request):
        """select2's JSON: distinct business supervisor units of the register containing the search term."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        term = request.GET.get("term", "").strip()
        units = Organization.objects.exclude(supervisor="")
        if term:
            units = units.filter(supervisor__icontains=term)
        names = list(units.order_by("supervisor").values_list("supervisor", flat=True).distinct()[:21])
        return JsonResponse({"results": [{"id": n, "text": n} for n in names[:20]],
                             "pagination": {"more": len(names) > 20}})
