from django.contrib import admin

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
