from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text
from supervision.models import (
    TermKind,
)


class TermForm(ProblemForm):
    filing = choice(_("Filing"), TermKind.choices, blank=False)
    started_on = day(_("Term started on"), required=True)
    term_years = text(_("Term length (years)"), max_length=2, inputmode="numeric",
                      help_text=_("As in the charter; leave empty for the default."))
    legal_rep_name = text(_("Legal representative"), max_length=64, required=True)
    legal_rep_id = text(_("New legal representative's ID number"), max_length=18, autocomplete="off",
                        help_text=_("Only when the legal representative changes. Stored encrypted."),
                        **{"class": "mono"})
    board_members = area(_("Board members"), required=True, help_text=_("One name per line."), rows=5)
    decision_number = text(_("Decision number"), max_length=100)
    filed_on = day(_("Filed on"), help_text=_("Default: today."))
    note = area(_("Note"))


class DepartureAuditForm(ProblemForm):
    person_name = text(_("Audited legal representative"), max_length=64,
                       help_text=_("Default: the registered legal representative."))
    audited_on = day(_("Audit report date"), required=True)
    auditor = text(_("Auditor"), required=True, help_text=_("The accounting firm or audit body."))
    report_number = text(_("Audit report number"), max_length=100)
    summary = area(_("Findings"))


class PostponementForm(ProblemForm):
    postponed_to = day(_("Renewal postponed to"), required=True)
    approved_on = day(_("Approved on"), help_text=_("Default: today."))
    reason = area(_("Reason"), required=True)
