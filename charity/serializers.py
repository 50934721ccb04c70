"""API shapes of charity recognition, qualification and fundraising plans. Inputs only collect raw values: the
services check every rule and answer in both languages. Choice fields are plain strings (the labels are given
beside them), so the schema declares no enum of its own."""

from rest_framework import serializers


class CharityRefusalSerializer(serializers.Serializer):
    rule = serializers.CharField()
    zh = serializers.CharField()
    en = serializers.CharField()
    facts = serializers.DictField()
    settings = serializers.ListField(child=serializers.CharField())


class CharityEligibilitySerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    kind = serializers.CharField()
    on = serializers.DateField()
    eligible = serializers.BooleanField()
    checked = serializers.ListField(child=serializers.CharField())
    refusals = CharityRefusalSerializer(many=True)


class CharityExtensionSerializer(serializers.Serializer):
    days = serializers.IntegerField()
    approval_ref = serializers.CharField()
    reason = serializers.CharField()
    recorded_on = serializers.DateField()
    new_due = serializers.DateField()


class CharityApplicationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.CharField(source="organization.code")
    organization_name = serializers.CharField(source="organization.name")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    applied_on = serializers.DateField()
    resolution_on = serializers.DateField()
    resolution_ref = serializers.CharField()
    statement = serializers.CharField()
    governance = serializers.ListField(child=serializers.DictField())
    eligibility = serializers.DictField()
    settings_used = serializers.ListField(child=serializers.CharField())
    decision_due = serializers.DateField()
    overdue = serializers.SerializerMethodField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    decided_on = serializers.DateField(allow_null=True)
    decision_rule = serializers.CharField()
    decision_reason_zh = serializers.CharField()
    decision_reason_en = serializers.CharField()
    extensions = CharityExtensionSerializer(many=True)
    certificate_number = serializers.SerializerMethodField()

    def get_overdue(self, app) -> bool:
        from common.clock import today

        return app.state == "submitted" and today() > app.decision_due

    def get_certificate_number(self, app) -> str | None:
        grant = getattr(app, "grant", None)
        return grant.certificate_number if grant else None


class CharityApplyInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="recognition (慈善组织认定) or qualification (公开募捐资格)")
    resolution_on = serializers.CharField(help_text="Date of the board or member-assembly resolution (YYYY-MM-DD)")
    resolution_ref = serializers.CharField(allow_blank=True)
    statement = serializers.CharField(required=False, allow_blank=True, default="")
    governance = serializers.DictField(required=False, default=dict,
                                       help_text="Order 74 Art. 5 checklist (qualification): item id -> "
                                                 "{met, evidence[, supervisors]}")


class CharityExtendInputSerializer(serializers.Serializer):
    days = serializers.CharField()
    approval_ref = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)


class CharityDecideInputSerializer(serializers.Serializer):
    outcome = serializers.CharField(help_text="grant or refuse")
    rule = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    reason_en = serializers.CharField(required=False, allow_blank=True, default="")
    decided_on = serializers.CharField(required=False, allow_blank=True, default="")


class CharityRevokeInputSerializer(serializers.Serializer):
    revoked_on = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(allow_blank=True)
    legal_basis = serializers.CharField(allow_blank=True)
    decision_number = serializers.CharField(allow_blank=True)


class CharityGrantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.CharField(source="organization.code")
    organization_name = serializers.CharField(source="organization.name")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    granted_on = serializers.DateField()
    certificate_number = serializers.CharField()
    revoked_on = serializers.SerializerMethodField()
    bar_until = serializers.SerializerMethodField()

    def _revocation(self, grant):
        return getattr(grant, "revocation", None) if hasattr(grant, "revocation") else None

    def get_revoked_on(self, grant) -> str | None:
        revocation = self._revocation(grant)
        return revocation.revoked_on.isoformat() if revocation else None

    def get_bar_until(self, grant) -> str | None:
        revocation = self._revocation(grant)
        return revocation.bar_until.isoformat() if revocation and revocation.bar_until else None


class CharityAnnouncementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.CharField(source="organization.code")
    kind = serializers.CharField()
    published_on = serializers.DateField()
    text_zh = serializers.CharField()
    text_en = serializers.CharField()


class CharityAccountSerializer(serializers.Serializer):
    bank = serializers.CharField(allow_blank=True)
    name = serializers.CharField(allow_blank=True)
    number = serializers.CharField(allow_blank=True)


class CharityPlanVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    filed_on = serializers.DateField()
    purpose = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    area = serializers.CharField()
    person_in_charge = serializers.CharField()
    office_address = serializers.CharField()
    receiving_accounts = CharityAccountSerializer(many=True)
    online_platform = serializers.CharField()
    on_site = serializers.BooleanField()
    beneficiaries = serializers.CharField()
    use_of_funds = serializers.CharField()
    fundraising_cost = serializers.CharField()
    residual_property = serializers.CharField()
    target_amount = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    amendment_reason = serializers.CharField()


class CharityDisclosureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    disclosed_on = serializers.DateField()
    received_to = serializers.DateField()
    amount_received = serializers.DecimalField(max_digits=16, decimal_places=2)
    goods = serializers.CharField()
    use_so_far = serializers.CharField()


class CharityPlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    filing_number = serializers.CharField()
    organization = serializers.CharField(source="organization.code")
    organization_name = serializers.CharField(source="organization.name")
    emergency = serializers.BooleanField()
    filed_on = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    current_version = serializers.IntegerField(source="current_number")
    versions = CharityPlanVersionSerializer(many=True)
    disclosures = CharityDisclosureSerializer(many=True)
    overdue_disclosures = serializers.SerializerMethodField(
        help_text="Due days of the five-day disclosure that passed without one (late ones included)")
    outstanding_disclosures = serializers.SerializerMethodField(
        help_text="Missed due days not followed by any disclosure yet")
    next_disclosure_due = serializers.SerializerMethodField()
    disclosure_gap = serializers.SerializerMethodField(
        help_text="GAP-DISCLOSED: the latest disclosure's money received against the ledger up to that day")

    def _status(self, plan):
        from .services import disclosure_status

        cache = self.context.setdefault("_status", {})
        if plan.pk not in cache:
            cache[plan.pk] = disclosure_status(plan)
        return cache[plan.pk]

    def get_overdue_disclosures(self, plan) -> list[str]:
        status = self._status(plan)
        return [d.isoformat() for d in status.overdue] if status else []

    def get_disclosure_gap(self, plan) -> dict | None:
        from .ledger import disclosure_gap

        return disclosure_gap(plan)

    def get_outstanding_disclosures(self, plan) -> list[str]:
        status = self._status(plan)
        return [d.isoformat() for d in status.outstanding] if status else []

    def get_next_disclosure_due(self, plan) -> str | None:
        status = self._status(plan)
        return status.next_due.isoformat() if status and status.next_due else None


class CharityPlanInputSerializer(serializers.Serializer):
    purpose = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.CharField(required=False, allow_blank=True, default="")
    ends_on = serializers.CharField(required=False, allow_blank=True, default="")
    area = serializers.CharField(required=False, allow_blank=True, default="")
    person_in_charge = serializers.CharField(required=False, allow_blank=True, default="")
    office_address = serializers.CharField(required=False, allow_blank=True, default="")
    receiving_accounts = serializers.ListField(child=serializers.DictField(), required=False, default=list)
    online_platform = serializers.CharField(required=False, allow_blank=True, default="")
    on_site = serializers.BooleanField(required=False, default=False)
    beneficiaries = serializers.CharField(required=False, allow_blank=True, default="")
    use_of_funds = serializers.CharField(required=False, allow_blank=True, default="")
    fundraising_cost = serializers.CharField(required=False, allow_blank=True, default="")
    residual_property = serializers.CharField(required=False, allow_blank=True, default="")
    target_amount = serializers.CharField(required=False, allow_blank=True, allow_null=True, default="")
    emergency = serializers.BooleanField(required=False, default=False)
    amendment_reason = serializers.CharField(required=False, allow_blank=True, default="")


class CharityDisclosureInputSerializer(serializers.Serializer):
    received_to = serializers.CharField(required=False, allow_blank=True, default="")
    amount_received = serializers.CharField(allow_blank=True)
    goods = serializers.CharField(required=False, allow_blank=True, default="")
    use_so_far = serializers.CharField(required=False, allow_blank=True, default="")


class CharityPostingSerializer(serializers.Serializer):
    account = serializers.CharField(source="account.public_id")
    account_name = serializers.CharField(source="account.public_name",
                                         help_text="Persons are never named: they show as individual donor or "
                                                   "beneficiary")
    account_kind = serializers.CharField(source="account.kind")
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3, allow_null=True)


class CharityTransactionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.CharField()
    kind = serializers.CharField()
    plan = serializers.CharField(source="plan.filing_number", allow_null=True)
    occurred_on = serializers.DateField()
    channel = serializers.CharField()
    goods = serializers.CharField()
    quantity = serializers.DecimalField(max_digits=16, decimal_places=3, allow_null=True)
    unit = serializers.CharField()
    valuation_basis = serializers.CharField()
    memo = serializers.CharField()
    reason = serializers.CharField()
    reverses = serializers.CharField(source="reverses.public_id", allow_null=True, default=None)
    provider = serializers.SerializerMethodField(help_text="Public id of the account the value came from")
    receiver = serializers.SerializerMethodField(help_text="Public id of the account the value went to")
    amount = serializers.SerializerMethodField()
    postings = CharityPostingSerializer(many=True)

    def _lines(self, txn):
        return list(txn.postings.all())

    def get_provider(self, txn) -> str | None:
        out = [p for p in self._lines(txn) if p.amount < 0]
        return out[0].account.public_id if out else None

    def get_receiver(self, txn) -> str | None:
        into = [p for p in self._lines(txn) if p.amount > 0]
        return into[0].account.public_id if into else None

    def get_amount(self, txn) -> str:
        return str(sum((p.amount for p in self._lines(txn) if p.amount > 0), 0))


class CharityLedgerTotalsSerializer(serializers.Serializer):
    plan = serializers.CharField()
    fund = serializers.CharField(allow_null=True)
    received = serializers.DecimalField(max_digits=16, decimal_places=2)
    disbursed = serializers.DecimalField(max_digits=16, decimal_places=2)
    held = serializers.DecimalField(max_digits=16, decimal_places=2)
    transactions = CharityTransactionSerializer(many=True)


class CharityDonationInputSerializer(serializers.Serializer):
    donor_kind = serializers.CharField(help_text="person, organization or anonymous")
    donor_name = serializers.CharField(required=False, allow_blank=True, default="")
    donor_uscc = serializers.CharField(required=False, allow_blank=True, default="")
    donor_id_number = serializers.CharField(required=False, allow_blank=True, default="",
                                            help_text="validated, stored only as a keyed hash, never shown")
    channel = serializers.CharField(help_text="bank, platform or on_site")
    external_id = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = serializers.CharField(required=False, allow_blank=True, default="")
    currency = serializers.CharField(required=False, allow_blank=True, default="CNY")
    amount = serializers.CharField(required=False, allow_blank=True, default="")
    goods = serializers.CharField(required=False, allow_blank=True, default="")
    quantity = serializers.CharField(required=False, allow_blank=True, default="")
    unit = serializers.CharField(required=False, allow_blank=True, default="")
    valuation_basis = serializers.CharField(required=False, allow_blank=True, default="")


class CharityDisbursementInputSerializer(serializers.Serializer):
    recipient_kind = serializers.CharField(help_text="person or organization (an institution)")
    recipient_name = serializers.CharField(required=False, allow_blank=True, default="")
    recipient_uscc = serializers.CharField(required=False, allow_blank=True, default="")
    recipient_id_number = serializers.CharField(required=False, allow_blank=True, default="")
    amount = serializers.CharField(required=False, allow_blank=True, default="")
    currency = serializers.CharField(required=False, allow_blank=True, default="CNY")
    goods = serializers.CharField(required=False, allow_blank=True, default="")
    quantity = serializers.CharField(required=False, allow_blank=True, default="")
    unit = serializers.CharField(required=False, allow_blank=True, default="")
    valuation_basis = serializers.CharField(required=False, allow_blank=True, default="")
    occurred_on = serializers.CharField(required=False, allow_blank=True, default="")
    memo = serializers.CharField(required=False, allow_blank=True, default="")
    project = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="public id of the project the disbursement is for")


class CharityReversalInputSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class CharityImportBatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    channel = serializers.CharField()
    plan = serializers.CharField(source="plan.filing_number", allow_null=True, default=None)
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    encoding = serializers.CharField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    recorded_at = serializers.DateTimeField()


class CharityImportResultSerializer(serializers.Serializer):
    batch = CharityImportBatchSerializer()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class CharityImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8 or GBK) or XLSX")
    channel = serializers.CharField(required=False, default="bank", help_text="bank or platform (receipts)")


class CharityReconciliationSerializer(serializers.Serializer):
    balanced = serializers.BooleanField()
    matched = serializers.IntegerField()
    amount_differs = serializers.ListField(child=serializers.DictField())
    ledger_only = serializers.ListField(child=serializers.DictField(),
                                        help_text="Bank receipts in the ledger with no statement line")
    statement_only = serializers.ListField(child=serializers.DictField(),
                                           help_text="Statement credits with no receipt in the ledger")
    outside_plans = serializers.ListField(child=serializers.DictField(),
                                          help_text="Statement credits dated outside every filed plan's period")


class CharityDueSerializer(serializers.Serializer):
    kind = serializers.CharField()
    due = serializers.DateField()
    made = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="on_time, late, missing or upcoming")


class CharityProjectDisclosureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    disclosed_on = serializers.DateField()
    covers_to = serializers.DateField()
    spent = serializers.DecimalField(max_digits=16, decimal_places=2)
    persons_served = serializers.IntegerField()
    institutions_served = serializers.IntegerField()
    text = serializers.CharField()


class CharityProjectSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    public_id = serializers.CharField()
    organization = serializers.CharField(source="organization.code")
    name = serializers.CharField()
    category = serializers.CharField()
    category_label = serializers.CharField(source="get_category_display")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    budget = serializers.DecimalField(max_digits=16, decimal_places=2)
    funding_sources = serializers.CharField()
    plan = serializers.CharField(source="plan.filing_number", allow_null=True, default=None)
    description = serializers.CharField()
    disbursed = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    disclosure_gap = serializers.SerializerMethodField(
        help_text="GAP-SPENT: the latest disclosure's spending against the ledger's disbursements")
    disclosures = CharityProjectDisclosureSerializer(many=True)

    def get_disclosure_gap(self, project) -> dict | None:
        from .projects import disclosure_gap

        return disclosure_gap(project)

    def get_disbursed(self, project) -> str:
        from .projects import disbursed

        return str(disbursed(project))

    def get_schedule(self, project) -> list[dict]:
        from .projects import schedule

        return CharityDueSerializer(schedule(project)[0], many=True).data


class CharityProjectInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.CharField(required=False, allow_blank=True, default="")
    starts_on = serializers.CharField(required=False, allow_blank=True, default="")
    ends_on = serializers.CharField(required=False, allow_blank=True, default="")
    budget = serializers.CharField(required=False, allow_blank=True, default="")
    funding_sources = serializers.CharField(required=False, allow_blank=True, default="")
    plan = serializers.CharField(required=False, allow_blank=True, default="", help_text="filing number")
    description = serializers.CharField(required=False, allow_blank=True, default="")


class CharityProjectDisclosureInputSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="progress or final")
    covers_to = serializers.CharField(required=False, allow_blank=True, default="")
    spent = serializers.CharField(required=False, allow_blank=True, default="")
    persons_served = serializers.CharField(required=False, allow_blank=True, default="0")
    institutions_served = serializers.CharField(required=False, allow_blank=True, default="0")
    text = serializers.CharField(required=False, allow_blank=True, default="")
