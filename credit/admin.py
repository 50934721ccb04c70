"""Administrators may read credit data here; every change goes through credit.services (facts are immutable and
list entries are derived), so nothing is editable in the admin except the holiday calendar."""

from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import (
    Banning,
    CreditFact,
    Evidence,
    Holiday,
    IllegalOrganization,
    IllegalOrgBatch,
    ListEntry,
    ListNotice,
    ObjectionCase,
    RepairCase,
    ScreeningResult,
    SweepRun,
)


@admin.register(CreditFact)
class CreditFactAdmin(ReadOnlyAdmin):
    list_display = ("id", "organization", "kind", "occurred_on", "known_on", "supersedes_ref")
    list_filter = ("kind",)
    search_fields = ("organization__name", "organization__uscc", "document_number")
    raw_id_fields = ("organization",)


@admin.register(ListEntry)
class ListEntryAdmin(ReadOnlyAdmin):
    list_display = ("organization", "list_kind", "start_on", "end_on", "rules", "exit_rule")
    list_filter = ("list_kind",)
    search_fields = ("organization__name", "organization__uscc")


@admin.register(ListNotice)
class ListNoticeAdmin(ReadOnlyAdmin):
    list_display = ("organization", "list_kind", "notice_on", "listing_on", "channel", "rules")
    list_filter = ("channel", "list_kind")


@admin.register(ObjectionCase)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("id", "organization", "fact_ref", "state", "filed_on", "decided_on")
    list_filter = ("state",)


@admin.register(RepairCase)
class RepairAdmin(ReadOnlyAdmin):
    list_display = ("id", "organization", "list_kind", "state", "filed_on", "decided_on")
    list_filter = ("state", "list_kind")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name", "source")
    list_filter = ("is_workday",)

    def has_change_permission(self, request, obj=None):
        return False  # add or remove days through /credit/staff/holidays/ (audited)

    def has_add_permission(self, request):
        return False


for model in (Evidence, IllegalOrgBatch, IllegalOrganization, Banning, ScreeningResult, SweepRun):
    admin.site.register(model, ReadOnlyAdmin)
