"""API shapes of engagement. Outputs carry no personal data except in the application serializer, which only the
posting organization and the officers over it read (ID numbers masked there too). Inputs are documented here and
checked by the services (every problem at once, bilingual, naming rule and field)."""

from rest_framework import serializers

from .models import (
    ApplicationOutcome,
    Booking,
    DutyTarget,
    Incubation,
    IncubationBase,
    JobApplication,
    JobPosting,
    KeyCounty,
    Pairing,
    PairingProject,
    ProjectProgress,
    ReportingDeadline,
    TrainingSession,
    Venue,
)


def text(**kw):
    return serializers.CharField(required=False, allow_blank=True, **kw)


class EngOrgRef(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class EngPostingSerializer(serializers.ModelSerializer):
    organization = EngOrgRef(read_only=True)
    division = serializers.CharField(source="division_id")
    division_name = serializers.CharField(source="division.name")

    class Meta:
        model = JobPosting
        fields = ["id", "organization", "member_unit", "title", "positions", "division", "division_name",
                  "requirements", "opens_on", "closes_on", "posted_on"]


class EngPostingInput(serializers.Serializer):
    organization = text(help_text="USCC of the posting organization")
    member_unit = text(help_text="the member unit offering the posts; empty for the organization itself")
    title, positions, division, requirements = text(), text(), text(help_text="GB/T 2260 code"), text()
    opens_on, closes_on = text(help_text="YYYY-MM-DD"), text(help_text="YYYY-MM-DD")


class EngOutcomeSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField()

    class Meta:
        model = ApplicationOutcome
        fields = ["id", "outcome", "on", "note"]


class EngApplicationSerializer(serializers.ModelSerializer):
    """Private: the applicant, the posting organization and the officers over it."""

    outcomes = EngOutcomeSerializer(many=True, read_only=True)
    id_number = serializers.CharField(source="id_number_masked")
    phone = serializers.CharField(source="phone_masked")

    class Meta:
        model = JobApplication
        fields = ["id", "reference", "name", "id_number", "phone", "school", "graduation_year", "applied_on",
                  "outcomes"]


class EngApplicationInput(serializers.Serializer):
    name, id_number, phone, school, graduation_year = text(), text(), text(), text(), text()


class EngStatusInput(serializers.Serializer):
    reference, id_number = text(), text()


class EngOutcomeInput(serializers.Serializer):
    outcome = text(help_text="interviewed, hired or declined")
    on, note = text(help_text="YYYY-MM-DD"), text()


class EngDutyTargetSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division_id")
    org_type = serializers.CharField()

    class Meta:
        model = DutyTarget
        fields = ["id", "division", "year", "org_type", "posts_per_organization", "document_number", "set_on"]


class EngDutyTargetInput(serializers.Serializer):
    division, year, org_type, posts_per_organization, document_number = text(), text(), text(), text(), text()


class EngKeyCountySerializer(serializers.ModelSerializer):
    county = serializers.CharField(source="county_id")
    county_name = serializers.CharField(source="county.name")

    class Meta:
        model = KeyCounty
        fields = ["county", "county_name", "document_number", "issued_by", "designated_on"]


class EngKeyCountyInput(serializers.Serializer):
    county, document_number, issued_by, designated_on = text(), text(), text(), text()


class EngDeadlineSerializer(serializers.ModelSerializer):
    kind = serializers.CharField()

    class Meta:
        model = ReportingDeadline
        fields = ["id", "kind", "period", "due_on", "done_on"]


class EngProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectProgress
        fields = ["id", "reported_on", "invested", "direct_purchases", "sales_help", "beneficiaries", "note"]


class EngProjectSerializer(serializers.ModelSerializer):
    progress = EngProgressSerializer(many=True, read_only=True)

    class Meta:
        model = PairingProject
        fields = ["id", "name", "budget", "starts_on", "ends_on", "progress"]


class EngPairingSerializer(serializers.ModelSerializer):
    programme = serializers.CharField()
    county = serializers.CharField(source="county_id")
    county_name = serializers.CharField(source="county.name")
    organization = EngOrgRef(read_only=True)
    group = serializers.CharField(source="group.name", allow_null=True, default=None)
    projects = EngProjectSerializer(many=True, read_only=True)
    deadlines = EngDeadlineSerializer(many=True, read_only=True)

    class Meta:
        model = Pairing
        fields = ["id", "programme", "county", "county_name", "organization", "group", "starts_on", "ends_on",
                  "agreement", "projects", "deadlines"]


class EngPairingInput(serializers.Serializer):
    programme = text(help_text="key_county (designated counties only) or general")
    county, organization, group, starts_on, ends_on, agreement = text(), text(), text(), text(), text(), text()


class EngProjectInput(serializers.Serializer):
    name, budget, starts_on, ends_on = text(), text(), text(), text()


class EngProgressInput(serializers.Serializer):
    reported_on, invested, direct_purchases, sales_help, beneficiaries, note = (text(), text(), text(), text(),
                                                                              text(), text())


class EngCountyProgressSerializer(serializers.Serializer):
    code, name = serializers.CharField(), serializers.CharField()
    designated = serializers.BooleanField()
    pairings, organizations, groups, projects = (serializers.IntegerField(), serializers.IntegerField(),
                                                 serializers.IntegerField(), serializers.IntegerField())
    budget, invested = serializers.DecimalField(18, 2), serializers.DecimalField(18, 2)
    direct_purchases, sales_help = serializers.DecimalField(18, 2), serializers.DecimalField(18, 2)
    beneficiaries = serializers.IntegerField()


class EngIncubationSerializer(serializers.ModelSerializer):
    outcome = serializers.CharField()
    organization = serializers.CharField(source="organization.code", allow_null=True, default=None)

    class Meta:
        model = Incubation
        fields = ["id", "name", "entered_on", "graduated_on", "outcome", "organization"]


class EngBaseSerializer(serializers.ModelSerializer):
    operator = EngOrgRef(read_only=True)
    division = serializers.CharField(source="division_id")

    class Meta:
        model = IncubationBase
        fields = ["id", "name", "division", "operator", "opened_on"]


class EngBaseInput(serializers.Serializer):
    name, division, operator, opened_on = text(), text(), text(help_text="USCC of the operating organization"), text()


class EngIncubationInput(serializers.Serializer):
    name, entered_on = text(), text()


class EngGraduationInput(serializers.Serializer):
    outcome = text(help_text="registered, filed or left")
    graduated_on, organization = text(), text(help_text="USCC or filing number, when registered or filed")


class EngSessionSerializer(serializers.ModelSerializer):
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = TrainingSession
        fields = ["id", "title", "held_on", "hours", "attendance"]

    def get_attendance(self, obj) -> list[dict]:
        return [{"organization": a.name, "persons": a.persons} for a in obj.attendance.all()]


class EngSessionInput(serializers.Serializer):
    title, held_on, hours = text(), text(), text()
    attendance = text(help_text="one line per organization: name, persons")


class EngVenueSerializer(serializers.ModelSerializer):
    division = serializers.CharField(source="division_id")
    base = serializers.CharField(source="base.name", allow_null=True, default=None)

    class Meta:
        model = Venue
        fields = ["id", "name", "division", "base", "community", "address", "capacity", "opens_at", "closes_at"]


class EngVenueInput(serializers.Serializer):
    name, division, base, community, address, capacity, opens_at, closes_at = (
        text(), text(), text(), text(), text(), text(), text(help_text="HH:MM"), text(help_text="HH:MM"))


class EngBookingSerializer(serializers.ModelSerializer):
    organization = EngOrgRef(read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "organization", "day", "starts_at", "ends_at", "purpose", "attendees", "booked_on",
                  "cancelled_on"]


class EngBookingInput(serializers.Serializer):
    organization = text(help_text="USCC; an organization user books for its own organization")
    day, starts_at, ends_at, purpose, attendees = text(), text(), text(), text(), text()


class EngGroupProgressSerializer(serializers.Serializer):
    group = serializers.CharField(source="group.name")
    lead = serializers.CharField(source="group.lead.code")
    members, counties, projects = serializers.IntegerField(), serializers.IntegerField(), serializers.IntegerField()
    invested, direct_purchases = serializers.DecimalField(18, 2), serializers.DecimalField(18, 2)
    sales_help = serializers.DecimalField(18, 2)
    beneficiaries = serializers.IntegerField()
