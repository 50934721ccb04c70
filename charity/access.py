"""Access-matrix entries of the charity URLs (see socorg/tests/test_access_matrix.py).

Public (Charity Law Art. 76): the lists of charity organizations and of qualified organizations, announcements,
certificates, filed plans with their versions and disclosures. Eligibility and applications belong to the
organization, the officers over it and its business supervisor's users, who read them ("scoped" /
"api-scoped-private"); applying, filing, amending and disclosing are for the organization and those officers only
("scoped-act"); deciding, extending and revoking for those officers only ("staff-scoped" / "api-staff-scoped").
"""

from datetime import timedelta

from django.utils import timezone

URL_POLICIES = {
    "charity:public_list": "public-page",
    "charity:announcements": "public-page",
    "charity:plans": "public-page",
    "charity:plan": "public",
    "charity:certificate": "public",
    "charity:workbench": "staff-page",
    "charity:organization": "scoped",
    "charity:apply": "scoped-act",
    "charity:file_plan": "scoped-act",
    "charity:amend_plan": "scoped-act",
    "charity:disclose": "scoped-act",
    "charity:donation": "scoped-act",
    "charity:disbursement": "scoped-act",
    "charity:reversal": "scoped-act",
    "charity:application": "scoped",
    "charity:decide": "staff-scoped",
    "charity:extend": "staff-scoped",
    "charity:revoke": "staff-scoped",
    "api-charity-eligibility": "api-scoped-private",
    "api-charity-org-applications": "api-scoped-private",
    "api-charity-org-plans": "public",
    "api-charity-application": "api-scoped-private",
    "api-charity-application-extend": "api-staff-scoped",
    "api-charity-application-decision": "api-staff-scoped",
    "api-charity-grants": "open",
    "api-charity-grant": "public",
    "api-charity-grant-revoke": "api-staff-scoped",
    "api-charity-announcements": "open",
    "api-charity-plans": "open",
    "api-charity-plan": "public",
    "api-charity-plan-versions": "public",
    "api-charity-plan-disclosures": "public",
    "api-charity-overdue": "api-staff",
    "api-charity-plan-donations": "public",
    "api-charity-plan-disbursements": "public",
    "api-charity-plan-ledger": "public",
    "api-charity-transaction-reversal": "public",
    "api-charity-plan-receipt-imports": "api-scoped-private",
    "api-charity-org-statements": "api-scoped-private",
    "api-charity-org-reconciliation": "api-scoped-private",
    "charity:reconciliation": "scoped",
    "charity:project": "public",
    "charity:plan_ledger": "public",
    "charity:new_project": "scoped-act",
    "charity:disclose_project": "scoped-act",
    "api-charity-org-projects": "public",
    "api-charity-project": "public",
    "api-charity-project-disclosures": "public",
    "charity:transfer": "scoped-act",
    "charity:transparency": "public",
    "api-charity-plan-transfers": "public",
    "api-charity-plan-trace": "public",
    "api-charity-project-trace": "public",
    "api-charity-org-transparency": "public",
}

KWARGS = {
    "charity:organization": ("code", "code"), "charity:apply": ("code", "code"),
    "charity:file_plan": ("code", "code"), "api-charity-eligibility": ("code", "code"),
    "api-charity-org-applications": ("code", "code"), "api-charity-org-plans": ("code", "code"),
    "charity:application": ("pk", "application"), "charity:decide": ("pk", "application"),
    "charity:extend": ("pk", "application"), "api-charity-application": ("pk", "application"),
    "api-charity-application-extend": ("pk", "application"),
    "api-charity-application-decision": ("pk", "application"),
    "charity:certificate": ("pk", "grant"), "charity:revoke": ("pk", "grant"), "api-charity-grant": ("pk", "grant"),
    "api-charity-grant-revoke": ("pk", "grant"),
    "charity:plan": ("pk", "plan"), "charity:amend_plan": ("pk", "plan"), "charity:disclose": ("pk", "plan"),
    "api-charity-plan": ("pk", "plan"), "api-charity-plan-versions": ("pk", "plan"),
    "api-charity-plan-disclosures": ("pk", "plan"), "api-charity-plan-donations": ("pk", "plan"),
    "api-charity-plan-disbursements": ("pk", "plan"), "api-charity-plan-ledger": ("pk", "plan"),
    "api-charity-transaction-reversal": ("pk", "transaction"), "charity:reversal": ("pk", "transaction"),
    "charity:donation": ("pk", "plan"), "charity:disbursement": ("pk", "plan"),
    "api-charity-plan-receipt-imports": ("pk", "plan"), "api-charity-org-statements": ("code", "code"),
    "api-charity-org-reconciliation": ("code", "code"), "charity:reconciliation": ("code", "code"),
    "charity:new_project": ("code", "code"), "api-charity-org-projects": ("code", "code"),
    "charity:project": ("pk", "project"), "charity:plan_ledger": ("pk", "plan"), "charity:disclose_project": ("pk", "project"),
    "api-charity-project": ("pk", "project"), "api-charity-project-disclosures": ("pk", "project"),
    "charity:transfer": ("pk", "plan"), "charity:transparency": ("code", "code"),
    "api-charity-plan-transfers": ("pk", "plan"), "api-charity-plan-trace": ("pk", "plan"),
    "api-charity-project-trace": ("pk", "project"), "api-charity-org-transparency": ("code", "code"),
}


def url_kwargs(world, name, org_key):
    if name not in KWARGS:
        return None
    key, what = KWARGS[name]
    return {key: _objects(world, org_key)[what]}


def _objects(world, org_key) -> dict:
    """One application, grant and plan of world.<org_key> (rows only: the matrix tests reading)."""
    cache = world.__dict__.setdefault("_charity_objects", {})
    if org_key in cache:
        return cache[org_key]
    from .models import (
        CharityApplication,
        CharityProject,
        FundraisingPlan,
        Grant,
        LedgerAccount,
        LedgerTransaction,
        PlanVersion,
        Posting,
    )

    org = getattr(world, org_key)
    today = timezone.localdate()
    app = CharityApplication.objects.create(organization=org, kind="recognition", applied_on=today,
                                            resolution_on=today, resolution_ref="理事会决议", decision_due=today)
    grant = Grant.objects.create(organization=org, kind="recognition", granted_on=today,
                                 certificate_number=f"{org.code}-R{org_key}")
    plan = FundraisingPlan.objects.create(organization=org, filing_number=f"{org.code}A{today.year % 100}001",
                                          emergency=True, filed_on=today, starts_on=today - timedelta(days=2),
                                          ends_on=today + timedelta(days=30), title="应急募捐")
    PlanVersion.objects.create(plan=plan, number=1, filed_on=today, purpose="应急募捐", starts_on=plan.starts_on,
                               ends_on=plan.ends_on, area="北京市", person_in_charge="张三", office_address="北京市",
                               receiving_accounts=[{"bank": "银行", "name": org.name, "number": "6222"}],
                               beneficiaries="受灾群众", use_of_funds="救灾", fundraising_cost="无",
                               residual_property="转入同类项目")
    donor = LedgerAccount.objects.create(organization=org, public_id=f"{org.code}-D{org_key}", kind="donor",
                                         party_kind="anonymous", name="匿名")
    fund = LedgerAccount.objects.create(organization=org, public_id=f"{org.code}-F{org_key}", kind="restricted",
                                        party_kind="organization", name=plan.filing_number, plan=plan)
    txn = LedgerTransaction.objects.create(organization=org, public_id=f"{org.code}-T{org_key}", kind="receipt",
                                           plan=plan, occurred_on=today, channel="on_site")
    Posting.objects.bulk_create([Posting(transaction=txn, account=donor, amount=-100),
                                 Posting(transaction=txn, account=fund, amount=100)])
    project = CharityProject.objects.create(organization=org, public_id=f"{org.code}P{org_key}", name="助学",
                                            category="education", starts_on=today, ends_on=today, budget=100,
                                            funding_sources="募捐")
    cache[org_key] = {"code": org.code, "application": app.pk, "grant": grant.pk, "plan": plan.pk,
                      "transaction": txn.pk, "project": project.pk}
    return cache[org_key]
