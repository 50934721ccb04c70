"""Web forms of charity recognition, qualification and plans. They only collect raw input: every rule is checked
once, by the services, and a RuleViolation is shown back next to the fields it names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import ProblemForm, choice, day, text
from common.forms import area as textarea

from . import rules


class ApplyForm(ProblemForm):
    resolution_on = day(_("Date of the board or member-assembly resolution"), required=True)
    resolution_ref = text(_("Resolution (number or title)"), required=True, max_length=300)
    statement = textarea(_("Statement"))

    def __init__(self, *args, level: str = "", kind: str = rules.RECOGNITION, **kwargs):
        super().__init__(*args, **kwargs)
        self.governance_items = []
        if kind == rules.QUALIFICATION:
            for item in rules.governance_items_for(level):
                met = forms.BooleanField(label=_("Met"), required=False)
                evidence = forms.CharField(label=_("Evidence"), required=False, max_length=1000)
                self.fields[f"gov_{item.id}_met"] = met
                self.fields[f"gov_{item.id}_evidence"] = evidence
                met.problems, evidence.problems = [], []
                extra = None
                if item.provincial_only:
                    extra = forms.CharField(label=_("Number of supervisors"), required=False, max_length=4)
                    extra.problems = []
                    self.fields[f"gov_{item.id}_supervisors"] = extra
                self.governance_items.append(item)

    def field_for(self, name):
        if name.startswith("governance."):
            parts = name.split(".")
            key = f"gov_{parts[1]}_{parts[2] if len(parts) > 2 else 'met'}"
            return self.fields.get(key)
        return super().field_for(name)

    def governance(self) -> dict:
        out = {}
        for item in self.governance_items:
            entry = {"met": bool(self.cleaned_data.get(f"gov_{item.id}_met")),
                     "evidence": self.cleaned_data.get(f"gov_{item.id}_evidence", "")}
            if item.provincial_only:
                entry["supervisors"] = self.cleaned_data.get(f"gov_{item.id}_supervisors", "")
            out[item.id] = entry
        return out

    def governance_rows(self):
        for item in self.governance_items:
            yield (item, self[f"gov_{item.id}_met"], self[f"gov_{item.id}_evidence"],
                   self[f"gov_{item.id}_supervisors"] if item.provincial_only else None)


class DecideForm(ProblemForm):
    outcome = choice(_("Decision"), [("grant", _("Grant")), ("refuse", _("Refuse"))], required=True)
    rule = forms.ChoiceField(label=_("Rule of the refusal"), required=False)
    reason = textarea(_("Reasons"))
    reason_en = textarea(_("Reasons in English"))
    decided_on = day(_("Decided on"))

    def __init__(self, *args, rules_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "—"), *rules_choices]
        self.fields["rule"].problems = []


class ExtendForm(ProblemForm):
    days = text(_("Extend by (days)"), required=True, max_length=4)
    approval_ref = text(_("Approval of the Ministry of Civil Affairs"), required=True, max_length=300)
    reason = textarea(_("Reason"), required=True)


class RevokeForm(ProblemForm):
    revoked_on = day(_("Revoked on"))
    decision_number = text(_("Decision number"), required=True, max_length=100)
    legal_basis = text(_("Legal basis"), required=True, max_length=300)
    reason = textarea(_("Reason"), required=True)


class PlanForm(ProblemForm):
    purpose = text(_("Purpose"), required=True)
    starts_on = day(_("Starts on"), required=True)
    ends_on = day(_("Ends on"), required=True)
    area = text(_("Area"), required=True, max_length=300)
    person_in_charge = text(_("Person in charge"), required=True, max_length=64)
    office_address = text(_("Office address"), required=True, max_length=300)
    account_bank = text(_("Receiving account: bank"), required=True, max_length=100)
    account_name = text(_("Receiving account: account name"), required=True)
    account_number = text(_("Receiving account: account number"), required=True, max_length=40)
    online_platform = text(_("Designated online platform"))
    on_site = forms.BooleanField(label=_("On-site fundraising"), required=False)
    beneficiaries = textarea(_("Beneficiaries"), required=True)
    use_of_funds = textarea(_("Use of funds"), required=True)
    fundraising_cost = textarea(_("Fundraising cost"), required=True)
    residual_property = textarea(_("Handling of residual property"), required=True)
    target_amount = text(_("Target amount (yuan)"), max_length=20)
    field_aliases = {"receiving_accounts": "account_number"}

    def __init__(self, *args, amendment=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_site"].problems = []
        if amendment:
            field = textarea(_("Reason for the amendment"), required=True)
            field.problems = []
            self.fields["amendment_reason"] = field
        else:
            field = forms.BooleanField(label=_("Emergency fundraising (filed within 10 days after the start)"),
                                       required=False)
            field.problems = []
            self.fields["emergency"] = field

    def field_for(self, name):
        if name.startswith("receiving_accounts."):
            part = name.split(".")[-1]
            return self.fields.get(f"account_{part}") or self.fields["account_number"]
        return super().field_for(name)

    def data_for_service(self) -> dict:
        d = dict(self.cleaned_data)
        d["receiving_accounts"] = [{"bank": d.pop("account_bank"), "name": d.pop("account_name"),
                                    "number": d.pop("account_number")}]
        return d


class DisclosureForm(ProblemForm):
    received_to = day(_("Receipts up to"))
    amount_received = text(_("Money received to date (yuan)"), required=True, max_length=20)
    goods = textarea(_("Goods received to date"))
    use_so_far = textarea(_("Use so far"))


class DonationForm(ProblemForm):
    donor_kind = choice(_("Donor"), [("person", _("Person")), ("organization", _("Organization")),
                                     ("anonymous", _("Anonymous"))], required=True)
    donor_name = text(_("Donor name"))
    donor_uscc = text(_("Donor's unified social credit code"), max_length=18)
    donor_id_number = text(_("Donor's ID number (kept as a keyed hash, never shown)"), max_length=18)
    channel = choice(_("Channel"), [("bank", _("Bank transfer")), ("platform", _("Designated online platform")),
                                    ("on_site", _("On site"))], required=True)
    external_id = text(_("Transaction id of the bank or platform"), max_length=100)
    received_on = day(_("Received on"), required=True)
    amount = text(_("Amount (yuan)"), required=True, max_length=20)
    goods = text(_("Goods (leave empty for money)"))
    quantity = text(_("Quantity"), max_length=20)
    unit = text(_("Unit"), max_length=20)
    valuation_basis = text(_("Valuation basis"))


class DisbursementForm(ProblemForm):
    recipient_kind = choice(_("Recipient"), [("organization", _("Institution")), ("person", _("Person"))],
                            required=True)
    recipient_name = text(_("Recipient name"), required=True)
    recipient_uscc = text(_("Recipient's unified social credit code"), max_length=18)
    recipient_id_number = text(_("Recipient's ID number (kept as a keyed hash, never shown)"), max_length=18)
    amount = text(_("Amount (yuan)"), required=True, max_length=20)
    occurred_on = day(_("Date"))
    memo = text(_("Purpose"), required=True, max_length=300)
    project = text(_("Project (public id)"), max_length=40)
    goods = text(_("Goods (leave empty for money)"))
    quantity = text(_("Quantity"), max_length=20)
    unit = text(_("Unit"), max_length=20)
    valuation_basis = text(_("Valuation basis"))


class ReversalForm(ProblemForm):
    reason = textarea(_("Reason"), required=True)


class StatementUploadForm(ProblemForm):
    file = forms.FileField(label=_("Bank statement (CSV or XLSX)"), required=False)


class ReceiptsUploadForm(ProblemForm):
    plan = forms.ChoiceField(label=_("Plan"), required=False)
    channel = choice(_("Channel"), [("platform", _("Designated online platform")), ("bank", _("Bank transfer"))],
                     required=True)
    file = forms.FileField(label=_("Settlement file or donation list (CSV or XLSX)"), required=False)

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(str(p.pk), f"{p.filing_number} · {p.title}") for p in plans]
        self.fields["plan"].problems = []


class ProjectForm(ProblemForm):
    name = text(_("Project name"), required=True)
    category = choice(_("Category"), [("poverty", _("Poverty relief")), ("medical", _("Medical aid")),
                                      ("education", _("Education aid")), ("elderly", _("Elderly care")),
                                      ("disaster", _("Disaster relief")), ("other", _("Other"))], required=True)
    starts_on = day(_("Starts on"), required=True)
    ends_on = day(_("Ends on"), required=True)
    budget = text(_("Budget (yuan)"), required=True, max_length=20)
    funding_sources = textarea(_("Funding sources"), required=True)
    plan = text(_("Funded by the plan (filing number)"), max_length=40)
    description = textarea(_("Description"))


class ProjectDisclosureForm(ProblemForm):
    kind = choice(_("Disclosure"), [("progress", _("Progress disclosure")), ("final", _("Final disclosure"))],
                  required=True)
    covers_to = day(_("Covers the period up to"))
    spent = text(_("Spent to date (yuan)"), required=True, max_length=20)
    persons_served = text(_("Persons served (person-times)"), max_length=10)
    institutions_served = text(_("Institutions served"), max_length=10)
    text = textarea(_("Progress"), required=True)
