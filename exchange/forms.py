"""Web forms of exchange: they only collect raw input; the services check every rule (common/forms.py)."""

from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, area, choice, day, text

from .models import ExcellentCategory, Field, Funding, Kind, PublisherKind, Result, Stage

GRADES = [(str(n), f"{n}A") for n in range(1, 6)]


class ResourceForm(ProblemForm):
    kind = choice(_("Kind"), Kind.choices, required=True)
    field = choice(_("Field"), Field.choices, required=True)
    title = text(_("Title"), required=True)
    description = area(_("Description"))
    area = text(_("Area served (division code)"), required=True, help_text=_("A GB/T 2260 code, e.g. 110101."))
    amount = text(_("Size (yuan or units)"), required=True)
    available_from = day(_("Available from"), required=True)
    available_to = day(_("Available until"), required=True)


class DemandForm(ProblemForm):
    publisher_kind = choice(_("Published by"), PublisherKind.choices, required=True)
    publisher_name = text(_("Publisher"), required=True)
    kind = choice(_("Kind"), Kind.choices, required=True)
    field = choice(_("Field"), Field.choices, required=True)
    title = text(_("Title"), required=True)
    description = area(_("Description"))
    area = text(_("Area (division code)"), required=True, help_text=_("A GB/T 2260 code, e.g. 110101."))
    amount = text(_("Size needed (yuan or units)"), required=True)
    needed_from = day(_("Needed from"), required=True)
    needed_to = day(_("Needed until"), required=True)


class OutcomeForm(ProblemForm):
    resource = text(_("Resource number"), required=True)
    stage = choice(_("Outcome"), Stage.choices, required=True)
    occurred_on = day(_("On"))
    note = text(_("Note"))


class PlanForm(ProblemForm):
    purchaser_name = text(_("Purchaser"), required=True)
    purchaser_division = text(_("Purchaser's division (code)"), required=True)
    funding = choice(_("Funded by"), Funding.choices, required=True)
    title = text(_("Project title"), required=True)
    field = choice(_("Field"), Field.choices, required=True)
    budget = text(_("Budget (yuan)"), required=True)
    year = text(_("Budget year"), required=True)
    required_grade = choice(_("Evaluation grade required"), GRADES, help_text=_("Empty: no grade required."))
    planned_on = day(_("Planned on"))


class CallForm(ProblemForm):
    opens_on = day(_("Opens on"), required=True)
    closes_on = day(_("Closes on"), required=True)
    description = area(_("What is asked for"))


class AwardForm(ProblemForm):
    organization = text(_("Organization's unified social credit code"), required=True)
    amount = text(_("Amount awarded (yuan)"), required=True)
    awarded_on = day(_("Awarded on"))


class ContractForm(ProblemForm):
    amount = text(_("Contract amount (yuan)"), required=True)
    signed_on = day(_("Signed on"))
    starts_on = day(_("Service from"), required=True)
    ends_on = day(_("Service until"), required=True)
    person_times_target = text(_("Person-times to serve"))


class MilestoneForm(ProblemForm):
    title = text(_("Milestone"), required=True)
    due_on = day(_("Due on"), required=True)
    amount = text(_("Amount payable (yuan)"), required=True)


class MilestoneChoice(ProblemForm):
    def __init__(self, *args, milestones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].choices = [("", "—")] + [(m.public_id, f"{m.number}. {m.title}（{m.amount}）")
                                                          for m in milestones]


class PaymentForm(MilestoneChoice):
    milestone = choice(_("Milestone"), [])
    amount = text(_("Amount paid (yuan)"), required=True)
    paid_on = day(_("Paid on"))


class DeliveryForm(MilestoneChoice):
    milestone = choice(_("Milestone"), [])
    person_times = text(_("Person-times served"), required=True)
    delivered_on = day(_("Delivered on"))


class EvaluationForm(ProblemForm):
    evaluated_on = day(_("Evaluated on"))
    score = text(_("Score (0-100)"), required=True)
    result = choice(_("Result"), Result.choices, required=True)
    evaluator = text(_("Evaluator"), required=True)


class DesignationForm(ProblemForm):
    category = choice(_("Category"), ExcellentCategory.choices, required=True)
    batch = text(_("Batch"), required=True)
    designated_on = day(_("Designated on"))
