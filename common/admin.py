"""Admin pieces every app shares."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A model administrators may read but not add, change or delete in the admin: its rows are written by the
    app's services (audited) or derived by a sweep."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
