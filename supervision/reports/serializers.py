"""How the API shows annual reports, reviews, overdue findings, penalties and leadership terms, and the thin
input shapes it accepts. Input fields take raw values: every rule (dates, money, totals, states) is applied by
supervision.services_reports, which reports every problem at once with its rule id.

Enum fields carry names of their own (report_state, review_stage, penalty, filing, finding …), so that the
OpenAPI enums never collide with other apps' ``kind`` or ``state``.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import ChoiceLabel
from registry.serializers import LenientDateField, MoneyField
from supervision.models import (
    COUNT_FIELDS,
    MONEY_FIELDS,
    AnnualReport,
    Conclusion,
    OverdueKind,
    ReportOverdue,
    ReportReview,
    ReportState,
    ReportSubmission,
    ReviewMode,
    ReviewOutcome,
    ReviewStage,
)
from supervision.serializer_fields import MONEY_HELP, CountField, YesNoField, enum_field, org_code

# --- annual reports --------------------------------------------------------------------------------------

class SubmissionSerializer(serializers.ModelSerializer):
    audit_report = serializers.SerializerMethodField(help_text="Download URL of the attached audit report, if any.")

    class Meta:
        model = ReportSubmission
        fields = ["id", "number", "submitted_on", "supersedes", "correction_note", "first_review_required",
                  *MONEY_FIELDS, *COUNT_FIELDS, "party_organization", "activities", "audit_report",
                  "audit_report_name", "audit_report_sha256", "recorded_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_audit_report(self, sub) -> str | None:
        if not sub.audit_report:
            return None
        return reverse("api-annual-report-audit-file", kwargs={"pk": sub.report_id, "number": sub.number})


class ReviewSerializer(serializers.ModelSerializer):
    review_stage = serializers.ChoiceField(source="stage", choices=ReviewStage.choices, read_only=True)
    review_stage_label = ChoiceLabel("stage")
    review_outcome = serializers.ChoiceField(source="outcome", choices=ReviewOutcome.choices, read_only=True)
    review_outcome_label = ChoiceLabel("outcome")
    review_mode = serializers.ChoiceField(source="mode", choices=ReviewMode.choices, allow_blank=True, read_only=True,
                                          help_text="Authority reviews: the mode in force on the review date.")
    conclusion = serializers.ChoiceField(choices=Conclusion.choices, allow_blank=True, read_only=True)
    conclusion_label = ChoiceLabel("conclusion")
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = ReportReview
        fields = ["id", "submission", "review_stage", "review_stage_label", "review_outcome", "review_outcome_label",
                  "review_mode", "mode_explanation", "conclusion", "conclusion_label", "reasons", "reviewed_on",
                  "supervisor_name", "supersedes", "superseded_by", "recorded_at"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.INT)
    def get_superseded_by(self, review) -> int | None:
        later = ReportReview.objects.filter(supersedes=review).values_list("pk", flat=True).first()
        return later


class AnnualReportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    organization = serializers.SerializerMethodField(help_text="USCC or filing number.")
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    report_state = serializers.ChoiceField(source="state", choices=ReportState.choices, read_only=True)
    report_state_label = ChoiceLabel("state")
    review_mode = serializers.ChoiceField(choices=ReviewMode.choices, allow_blank=True, read_only=True)
    conclusion = serializers.ChoiceField(choices=Conclusion.choices, allow_blank=True, read_only=True)
    conclusion_label = ChoiceLabel("conclusion")

    class Meta:
        model = AnnualReport
        fields = ["id", "url", "organization", "organization_name", "year", "report_state", "report_state_label",
                  "first_submitted_on", "last_submitted_on", "conclusion", "conclusion_label", "concluded_on",
                  "review_mode"]
        read_only_fields = fields

    def get_url(self, report) -> str:
        return reverse("api-annual-report-detail", kwargs={"pk": report.pk})

    def get_organization(self, report) -> str:
        return org_code(report)


class AnnualReportDetailSerializer(AnnualReportSerializer):
    submissions = SubmissionSerializer(many=True, read_only=True, help_text="Oldest first; the last is current.")
    reviews = ReviewSerializer(many=True, read_only=True)
    deadline = serializers.SerializerMethodField()
    deadline_explanation = serializers.SerializerMethodField()

    class Meta(AnnualReportSerializer.Meta):
        fields = [*AnnualReportSerializer.Meta.fields, "deadline", "deadline_explanation", "submissions", "reviews"]
        read_only_fields = fields

    def _deadline(self, report):
        from .services import deadline_of

        if not hasattr(report, "_deadline"):
            report._deadline = deadline_of(report.organization, report.year)
        return report._deadline

    @extend_schema_field(OpenApiTypes.DATE)
    def get_deadline(self, report):
        return self._deadline(report)[0]

    def get_deadline_explanation(self, report) -> str:
        return self._deadline(report)[1]


class FiguresInput(serializers.Serializer):
    """The figures of a report (all required; the service checks the totals)."""

    income_donations = MoneyField(help_text="Donations. " + MONEY_HELP)
    income_government = MoneyField(help_text="Government grants and purchased services. " + MONEY_HELP)
    income_service_fees = MoneyField(help_text="Service fees. " + MONEY_HELP)
    income_membership_dues = MoneyField(help_text="Membership dues. " + MONEY_HELP)
    income_other = MoneyField(help_text="Other income. " + MONEY_HELP)
    income_total = MoneyField(help_text="Must equal the sum of the five sources (REPORT-INCOME-TOTAL).")
    expense_programmes = MoneyField(help_text="Programme costs. " + MONEY_HELP)
    expense_administration = MoneyField(help_text="Administration costs. " + MONEY_HELP)
    expense_fundraising = MoneyField(help_text="Fundraising costs. " + MONEY_HELP)
    expense_total = MoneyField(help_text="Must equal the sum of the three parts (REPORT-EXPENSE-TOTAL).")
    total_assets = MoneyField(help_text="Must equal total_liabilities + net_assets (REPORT-BALANCE).")
    total_liabilities = MoneyField(help_text=MONEY_HELP)
    net_assets = MoneyField(help_text=MONEY_HELP)
    employees = CountField()
    volunteers = CountField()
    branches = CountField(help_text="Social service agencies may not have branches (REPORT-BRANCHES-SSA).")
    party_organization = YesNoField(help_text="Whether a Party organization has been set up.")
    activities = serializers.CharField(allow_blank=True, help_text="The year's activities (up to 4000 characters).")
    audit_report = serializers.FileField(required=False, allow_null=True,
                                         help_text="PDF, PNG or JPEG. Required for foundations (REPORT-AUDIT-REQUIRED).")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in ("audit_report", "organization"):
                field.required = False  # the service says REQUIRED, with both languages
                field.allow_null = True


class AnnualReportInput(FiguresInput):
    """报送年度工作报告 (multipart/form-data to attach the audit report, or JSON without it)."""

    organization = serializers.CharField(help_text="USCC or filing number of your organization.")
    year = CountField(help_text="The report year, e.g. 2024 (a year that has ended, not before founding).")


class ResubmissionInput(FiguresInput):
    """A corrected report. Without a new audit report, the previous one is kept."""

    correction_note = serializers.CharField(allow_blank=True, help_text="What was corrected (required).")


class ReviewInput(serializers.Serializer):
    review_stage = enum_field(ReviewStage.choices, help_text="first_review (初审: by the business supervisor's "
                                                             "user, or by an officer for it) or authority "
                                                             "(officers only).")
    review_outcome = enum_field(ReviewOutcome.choices, help_text="first_review: passed or returned; authority: "
                                                                 "concluded or returned.")
    conclusion = enum_field(Conclusion.choices, required=False, allow_null=True,
                            help_text="Inspection mode only: qualified, basically_qualified or unqualified.")
    reasons = serializers.CharField(required=False, allow_blank=True,
                                    help_text="Required when returning, and for basically-qualified or unqualified.")
    reviewed_on = LenientDateField(required=False, allow_blank=True, allow_null=True, help_text="Default: today.")
    supervisor_name = serializers.CharField(required=False, allow_blank=True,
                                            help_text="First review recorded by an officer: the business supervisor "
                                                      "(default: the registered one). Ignored for a business "
                                                      "supervisor user, whose own unit is recorded.")
    supersedes = serializers.IntegerField(required=False, allow_null=True,
                                          help_text="Id of the completed review this one corrects.")


class OverdueSerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    authority = serializers.CharField(source="organization.authority_id", read_only=True)
    finding = serializers.ChoiceField(source="kind", choices=OverdueKind.choices, read_only=True)
    finding_label = ChoiceLabel("kind")
    still_missing = serializers.BooleanField(read_only=True, help_text="No report for the year has come in since.")

    class Meta:
        model = ReportOverdue
        fields = ["id", "organization", "organization_name", "authority", "year", "finding", "finding_label",
                  "deadline", "detected_on", "submitted_on", "still_missing", "explanation"]
        read_only_fields = fields

    def get_organization(self, fact) -> str:
        return org_code(fact)


class OverdueParams(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1949, max_value=9999,
                                    help_text="Report year (default: last year).")
    finding = serializers.ChoiceField(choices=OverdueKind.choices, required=False)
    still_missing = serializers.BooleanField(required=False, allow_null=True, default=None)


class FirstReviewParams(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=1949, max_value=9999, help_text="Report year.")
