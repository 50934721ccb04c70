"""Supervision facts in the admin: read only. They are written through the services, which validate and audit."""

from django.contrib import admin

from .models import (
    AnnualReport,
    DepartureAudit,
    LeadershipTerm,
    Penalty,
    ReportOverdue,
    ReportReview,
    ReportSubmission,
    TermPostponement,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and shows; adds, changes and deletes nothing: supervision facts are written by the services only."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyAdmin):
    list_display = ["organization", "year", "state", "conclusion", "first_submitted_on", "concluded_on"]
    list_filter = ["year", "state", "conclusion", "review_mode"]
    search_fields = ["organization__name", "organization__uscc"]
    raw_id_fields = ["organization"]


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["report", "number", "submitted_on", "income_total", "expense_total", "net_assets"]
    raw_id_fields = ["report"]


@admin.register(ReportReview)
class ReportReviewAdmin(ReadOnlyAdmin):
    list_display = ["report", "stage", "outcome", "conclusion", "reviewed_on"]
    list_filter = ["stage", "outcome", "conclusion", "mode"]


@admin.register(ReportOverdue)
class ReportOverdueAdmin(ReadOnlyAdmin):
    list_display = ["organization", "year", "kind", "deadline", "detected_on", "submitted_on"]
    list_filter = ["year", "kind"]
    search_fields = ["organization__name", "organization__uscc"]


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyAdmin):
    list_display = ["organization", "kind", "decision_number", "decided_on", "department_name", "amount"]
    list_filter = ["kind", "department_kind"]
    search_fields = ["organization__name", "organization__uscc", "decision_number"]


@admin.register(LeadershipTerm)
class LeadershipTermAdmin(ReadOnlyAdmin):
    list_display = ["organization", "kind", "started_on", "ends_on", "legal_rep_name"]
    list_filter = ["kind"]
    search_fields = ["organization__name", "organization__uscc", "legal_rep_name"]


@admin.register(TermPostponement)
class TermPostponementAdmin(ReadOnlyAdmin):
    list_display = ["term", "postponed_to", "approved_on"]


@admin.register(DepartureAudit)
class DepartureAuditAdmin(ReadOnlyAdmin):
    list_display = ["organization", "person_name", "audited_on", "auditor"]
    search_fields = ["organization__name", "person_name"]


# --- ratings and spot checks (part B): read only as well ------------------------------------------------------

from .models import (  # noqa: E402
    CommitteeDecision,
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    Grade,
    GradeAction,
    Inspector,
    RatingApplication,
    RatingObjection,
    RectificationNotice,
    ScoreSheetVersion,
    SpotCheckPlan,
)


@admin.register(ScoreSheetVersion)
class ScoreSheetVersionAdmin(ReadOnlyAdmin):
    list_display = ["sheet", "number", "effective_from", "max_total"]


@admin.register(RatingApplication)
class RatingApplicationAdmin(ReadOnlyAdmin):
    list_display = ["organization", "applied_on", "state"]
    list_filter = ["state"]
    search_fields = ["organization__name", "organization__uscc"]
    raw_id_fields = ["organization"]


@admin.register(CommitteeDecision)
class CommitteeDecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "decided_on", "total_points", "band_grade", "grade", "publicity_until"]


@admin.register(RatingObjection)
class RatingObjectionAdmin(ReadOnlyAdmin):
    list_display = ["application", "filed_on", "reply_due", "answered_on", "outcome"]


@admin.register(Grade)
class GradeAdmin(ReadOnlyAdmin):
    list_display = ["organization", "grade", "conferred_on", "valid_until"]
    list_filter = ["grade"]
    search_fields = ["organization__name", "organization__uscc"]
    raw_id_fields = ["organization"]


@admin.register(GradeAction)
class GradeActionAdmin(ReadOnlyAdmin):
    list_display = ["grade", "kind", "effective_on", "new_grade", "ground"]


@admin.register(Inspector)
class InspectorAdmin(ReadOnlyAdmin):
    list_display = ["name", "division", "unit", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ["inspector", "organization", "declared_on"]
    raw_id_fields = ["organization"]


@admin.register(SpotCheckPlan)
class SpotCheckPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "authority", "year", "kind", "rate"]
    list_filter = ["kind", "year"]


@admin.register(Draw)
class DrawAdmin(ReadOnlyAdmin):
    list_display = ["plan", "drawn_on", "seed", "candidates_count", "algorithm_version"]
    exclude = ["candidates"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "candidates"]


@admin.register(DrawTarget)
class DrawTargetAdmin(ReadOnlyAdmin):
    list_display = ["draw", "position", "organization", "stratum"]
    raw_id_fields = ["organization"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["target", "method", "checked_on", "conclusion", "published_on"]


@admin.register(RectificationNotice)
class RectificationNoticeAdmin(ReadOnlyAdmin):
    list_display = ["finding", "issued_on", "deadline", "completed_on"]
