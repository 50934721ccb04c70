from django.contrib import admin

from .models import Division, DivisionName


class DivisionNameInline(admin.TabularInline):
    model = DivisionName
    extra = 0
    readonly_fields = ["name", "start_year", "end_year", "status", "successors"]
    can_delete = False


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "status", "start_year", "end_year"]
    list_filter = ["level", "status"]
    search_fields = ["code", "name"]
    inlines = [DivisionNameInline]
    readonly_fields = [f.name for f in Division._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False
