from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id", "request_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label", "request_id"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in AuditEvent._meta.fields]
