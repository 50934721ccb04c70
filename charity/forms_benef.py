"""Web forms of beneficiaries, eligibility rules, aid lists, duplicate reviews and the distribution ledger. They
only collect raw input; the services check every rule and the form shows the refusals next to the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, choice, day, text
from common.forms import area as textarea

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class RulesForm(ProblemForm):
    min_age = text(_("Minimum age (years)"), max_length=3)
    max_age = text(_("Maximum age (years)"), max_length=3)
    subsistence = choice(_("Subsistence allowance (低保)"), YES_NO)
    residence = choice(_("Urban or rural"), [("urban", _("Urban")), ("rural", _("Rural"))])
    admission_year = text(_("Year of admission"), max_length=4)
    one_per_household = forms.BooleanField(label=_("One per household"), required=False)
    not_combinable_projects = text(_("Not combinable with the projects (public ids, comma-separated)"),
                                   max_length=400)
    not_combinable_levels = forms.MultipleChoiceField(
        label=_("Not combinable with government aid of the level"), required=False,
        choices=[("province", _("Provincial aid")), ("city", _("City aid")), ("county", _("County aid")),
                 ("other", _("Other aid"))], widget=forms.CheckboxSelectMultiple)
    not_combinable_by = choice(_("The same recipient means"), [("person", _("the same person")),
                                                               ("household", _("the same household"))])
    amount = text(_("Aid per beneficiary (yuan)"), max_length=20)
    reason = textarea(_("Reason"))


class BeneficiaryForm(ProblemForm):
    kind = choice(_("Beneficiary"), [("person", _("Person")), ("institution", _("Institution"))], required=True,
                  blank=False)
    name = text(_("Name"), required=True)
    id_number = text(_("ID number (stored encrypted, shown masked)"), max_length=18)
    household = text(_("Household number"), max_length=100)
    subsistence = choice(_("Subsistence allowance (低保)"), YES_NO)
    residence = choice(_("Urban or rural"), [("urban", _("Urban")), ("rural", _("Rural"))])
    admission_year = text(_("Year of admission"), max_length=4)
    uscc = text(_("Unified social credit code (institutions)"), max_length=18)
    county = text(_("County (division code)"), max_length=6)
    admitted_on = day(_("Admitted on"))


class BeneficiaryDisbursementForm(ProblemForm):
    amount = text(_("Amount (yuan)"), required=True, max_length=20)
    occurred_on = day(_("Date"))
    memo = text(_("Purpose"), required=True, max_length=300)


class AidListForm(ProblemForm):
    authority = text(_("Issuing jurisdiction (division code)"), required=True, max_length=6)
    level = choice(_("Level of the aid"), [("province", _("Provincial aid")), ("city", _("City aid")),
                                           ("county", _("County aid")), ("other", _("Other aid"))], required=True)
    title = text(_("Aid programme"), required=True)
    issued_on = day(_("Issued on"), required=True)
    file = forms.FileField(label=_("List (CSV or XLSX; columns 身份证号码, 户号, 金额, 发放日期)"), required=False)


class ReviewForm(ProblemForm):
    outcome = choice(_("Review"), [("confirmed", _("Confirmed duplicate")), ("cleared", _("Not a duplicate")),
                                   ("undone", _("Undo the review"))], required=True)
    reason = textarea(_("Reason"), required=True)


class ProgrammeForm(ProblemForm):
    name = text(_("Programme"), required=True)
    starts_on = day(_("Starts on"), required=True)
    project = text(_("Project (public id)"), max_length=40)
    description = textarea(_("Description"))
    goods_name = text(_("Goods"), required=True)
    goods_unit = text(_("Unit"), required=True, max_length=20)
    goods_quantity = text(_("Quantity"), required=True, max_length=20)
    goods_unit_value = text(_("Value per unit (yuan)"), required=True, max_length=20)
    goods_valuation_basis = text(_("Valuation basis"), required=True)

    def field_for(self, name):
        if name.startswith("goods."):
            return self.fields.get(f"goods_{name.split('.')[-1]}")
        return super().field_for(name)

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data["goods"] = [{k: data.pop(f"goods_{k}") for k in ("name", "unit", "quantity", "unit_value",
                                                                "valuation_basis")}]
        return data


class InstitutionForm(ProblemForm):
    stable_id = text(_("Institution id"), required=True, max_length=40)
    name = text(_("Institution"), required=True)
    county = text(_("County (division code)"), required=True, max_length=6)
    residents = text(_("Residents"), required=True, max_length=10)
    uscc = text(_("Unified social credit code"), max_length=18)

    def field_for(self, name):
        return super().field_for(name.split(".")[-1])


class AllocationForm(ProblemForm):
    institution = text(_("Institution id"), required=True, max_length=40)
    goods = forms.ChoiceField(label=_("Goods"), required=False)
    quantity = text(_("Quantity"), required=True, max_length=20)
    allocated_on = day(_("Allocated on"))

    def __init__(self, *args, goods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goods"].choices = [(str(g.pk), f"{g.name}（{g.unit}）") for g in goods]
        self.fields["goods"].problems = []


class ShipmentForm(ProblemForm):
    allocation = forms.ChoiceField(label=_("Allocation"), required=False)
    quantity = text(_("Quantity shipped"), required=True, max_length=20)
    shipped_on = day(_("Shipped on"))
    carrier_ref = text(_("Waybill or delivery note"), max_length=100)

    def __init__(self, *args, allocations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].choices = [
            (str(a.pk), f"{a.institution.stable_id} {a.institution.name} · {a.goods.name} {a.quantity} {a.goods.unit}")
            for a in allocations]
        self.fields["allocation"].problems = []


class ReceiptForm(ProblemForm):
    quantity = text(_("Quantity received"), required=True, max_length=20)
    received_on = day(_("Received on"))
    signed_by = text(_("Signed for by"), required=True, max_length=64)
    note = text(_("Note"), max_length=300)


class DrawForm(ProblemForm):
    rate = text(_("Sampling rate (%)"), required=True, max_length=6)
    seed = text(_("Seed (leave empty for a random one)"), max_length=100)


class VerificationForm(ProblemForm):
    institution = forms.ChoiceField(label=_("Institution"), required=False)
    checked_on = day(_("Checked on"))
    quantity_found = text(_("Quantity found"), required=True, max_length=20)
    note = textarea(_("Findings"))

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].choices = [(i.stable_id, f"{i.stable_id} {i.name}") for i in institutions]
        self.fields["institution"].problems = []


class EvaluationForm(ProblemForm):
    evaluator = text(_("Evaluator"), required=True)
    evaluator_uscc = text(_("Evaluator's unified social credit code"), max_length=18)
    reported_on = day(_("Report date"), required=True)
    conclusion = textarea(_("Conclusion"), required=True)
    file = forms.FileField(label=_("Report file (PDF, PNG or JPEG, at most 10 MB)"), required=False)
