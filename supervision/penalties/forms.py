from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text
from supervision.models import (
    DepartmentKind,
    PenaltyKind,
)


class PenaltyForm(ProblemForm):
    penalty = choice(_("Penalty"), PenaltyKind.choices, blank=False)
    decision_number = text(_("Decision number"), max_length=100, required=True)
    decided_on = day(_("Decision date"), required=True)
    amount = text(_("Amount (yuan)"), max_length=30, inputmode="decimal",
                  help_text=_("Fine or confiscation of illegal gains only."))
    suspended_from = day(_("Activities suspended from"), help_text=_("Suspension of activities only."))
    suspended_to = day(_("Activities suspended until"))
    department_kind = choice(_("Deciding department"), DepartmentKind.choices, blank=False)
    department_name = text(_("Name of the deciding department"),
                           help_text=_("Required for another department; default: this registration authority."))
    legal_basis = area(_("Legal basis"), required=True)
    facts = area(_("Facts"), required=True, rows=4)
