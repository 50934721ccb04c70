"""Web forms of engagement: they collect raw input; the services check every rule and the problems are shown next
to the fields they name (common.forms.ProblemForm)."""

from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text
from registry.models import OrgType

from .models import Outcome, Programme


class PostingForm(ProblemForm):
    title = text(_("Post title"), required=True)
    member_unit = text(_("Member unit offering the posts"), help_text=_("Leave empty when the organization offers "
                                                                         "the posts itself."))
    positions = text(_("Number of posts"), required=True, inputmode="numeric")
    division = text(_("Location (division code)"), required=True, help_text=_("GB/T 2260 code, e.g. 110101"))
    requirements = area(_("Job requirements"))
    opens_on = day(_("Applications open on"))
    closes_on = day(_("Applications close on"), required=True)


class ApplicationForm(ProblemForm):
    name = text(_("Applicant name"), required=True)
    id_number = text(_("Resident ID number"), required=True, autocomplete="off")
    phone = text(_("Mobile phone"))
    school = text(_("School"), required=True)
    graduation_year = text(_("Year of graduation"), required=True, inputmode="numeric")


class StatusForm(ProblemForm):
    reference = text(_("Application reference"), required=True)
    id_number = text(_("Resident ID number"), required=True, autocomplete="off")


class OutcomeForm(ProblemForm):
    outcome = choice(_("Result of the application"), Outcome.choices, required=True)
    on = day(_("Date"))
    note = text(_("Note"), max_length=500)


class DutyTargetForm(ProblemForm):
    division = text(_("Jurisdiction (division code)"), required=True)
    year = text(_("Year"), required=True, inputmode="numeric")
    org_type = choice(_("Organization type"), OrgType.choices, required=True)
    posts_per_organization = text(_("Posts each organization should offer"), required=True, inputmode="numeric")
    document_number = text(_("Document number"), required=True)


class KeyCountyForm(ProblemForm):
    county = text(_("County (division code)"), required=True)
    document_number = text(_("Designating document number"), required=True)
    issued_by = text(_("Issuing authority"), required=True)
    designated_on = day(_("Designated on"), required=True)


class GroupForm(ProblemForm):
    name = text(_("Group name"), required=True)
    lead = text(_("Lead organization (credit code)"), required=True)
    members = area(_("Member organizations (credit codes, one a line)"))
    formed_on = day(_("Formed on"))


class PairingForm(ProblemForm):
    programme = choice(_("Programme"), Programme.choices, blank=False)
    county = text(_("County (division code)"), required=True)
    organization = text(_("Organization (credit code)"), help_text=_("Or a group below, not both."))
    group = text(_("Group name"))
    starts_on = day(_("Start date"), required=True)
    ends_on = day(_("End date"), required=True)
    agreement = text(_("Agreement"))


class ProjectForm(ProblemForm):
    name = text(_("Project name"), required=True)
    budget = text(_("Budget (yuan)"), required=True, inputmode="decimal")
    starts_on = day(_("Start date"), required=True)
    ends_on = day(_("End date"), required=True)


class ProgressForm(ProblemForm):
    project = choice(_("Project"), [], blank=False)
    reported_on = day(_("Reported on"))
    invested = text(_("Funds invested (yuan)"), inputmode="decimal")
    direct_purchases = text(_("Direct purchases (yuan)"), inputmode="decimal")
    sales_help = text(_("Sales helped (yuan)"), inputmode="decimal")
    beneficiaries = text(_("Beneficiaries"), inputmode="numeric")
    note = text(_("Note"), max_length=500)


class MeetingForm(ProblemForm):
    period = text(_("Meeting subject"), required=True, max_length=40)
    due_on = day(_("Meeting date"), required=True)


class DoneForm(ProblemForm):
    deadline = choice(_("Reporting deadline"), [], blank=False)
    summary = area(_("Report or minutes"), required=True)


class BaseForm(ProblemForm):
    name = text(_("Base name"), required=True)
    division = text(_("Division code"), required=True)
    operator = text(_("Operating organization (credit code)"), required=True)
    opened_on = day(_("Opened on"), required=True)


class AdmitForm(ProblemForm):
    name = text(_("Organization incubated"), required=True)
    entered_on = day(_("Entered on"), required=True)


class GraduateForm(ProblemForm):
    incubation = choice(_("Organization incubated"), [], blank=False)
    outcome = choice(_("Result of the incubation"), [("registered", _("Registered")), ("filed", _("Filed")), ("left", _("Left"))],
                     required=True)
    graduated_on = day(_("Left the base on"), required=True)
    organization = text(_("Credit code or filing number, when registered or filed"))


class SessionForm(ProblemForm):
    title = text(_("Training title"), required=True)
    held_on = day(_("Held on"), required=True)
    hours = text(_("Hours"), required=True, inputmode="decimal")
    attendance = area(_("Attendance (organization, persons; one a line)"))


class VenueForm(ProblemForm):
    name = text(_("Venue name"), required=True)
    division = text(_("Division code"), required=True)
    base = text(_("Incubation base (name)"))
    community = text(_("Community"))
    address = text(_("Address"))
    capacity = text(_("Capacity (persons)"), required=True, inputmode="numeric")
    opens_at = text(_("Opens at"), required=True, type="time")
    closes_at = text(_("Closes at"), required=True, type="time")


class BookingForm(ProblemForm):
    organization = text(_("Organization (credit code)"), help_text=_("An organization user books for its own "
                                                                      "organization; leave empty."))
    day = day(_("Day"), required=True)
    starts_at = text(_("Start time"), required=True, type="time")
    ends_at = text(_("End time"), required=True, type="time")
    purpose = text(_("Purpose of the booking"), required=True)
    attendees = text(_("Attendees"), required=True, inputmode="numeric")
