from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User

BINDING_FIELDS = ["role", "division", "organization_id_bound", "supervisor_unit"]


def account_state(user: User) -> dict:
    """What an audit event records about an account (never its password)."""
    return {"username": user.username, "role": user.role, "division": user.division_id,
            "organization_id_bound": user.organization_id_bound, "supervisor_unit": user.supervisor_unit,
            "is_active": user.is_active, "is_superuser": user.is_superuser, "is_staff": user.is_staff}


@admin.register(User)
class SocorgUserAdmin(UserAdmin):
    """Accounts. The add page asks for the role and its binding at once, because a user's role decides which
    binding it needs (User.clean). registry.admin extends it with searchable choosers and audits every save (audit
    lies above accounts)."""

    binding_fields = BINDING_FIELDS
    list_display = ["username", "role", "division", "organization_id_bound", "supervisor_unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "supervisor_unit"]
    autocomplete_fields = ["division"]

    def get_fieldsets(self, request, obj=None):
        binding = (_("Role and jurisdiction"), {"fields": list(self.binding_fields)})
        if obj is None:
            return (*self.add_fieldsets, binding)
        return (*UserAdmin.fieldsets, binding)
