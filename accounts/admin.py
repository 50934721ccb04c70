from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class SocorgUserAdmin(UserAdmin):
    list_display = ["username", "role", "division", "organization_id_bound", "supervisor_unit", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (
        ("socorg", {"fields": ["role", "division", "organization_id_bound", "supervisor_unit"]}),
    )
    autocomplete_fields = ["division"]
