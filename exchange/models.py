"""Models of exchange (资源对接与政府购买服务): facts are immutable, corrections supersede them
(docs/architecture.md).

Two parts. The resource list and the demand list (资源清单 / 需求清单): organizations publish what they offer,
communities, governments (and organizations) publish what they need; a match pairs one demand with one resource
and its outcomes (contacted, agreed, delivered) are dated facts. Government purchase of services (政府购买服务,
union-funded projects included): plan -> call -> award -> contract -> milestones -> payments / deliveries ->
evaluation and excellent-project designation, each with a stable OCDS-style id (``ocid``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.jurisdiction import scope_q
from divisions.models import subtree_q
from divisions.policy import register_defaults

from . import rules

register_defaults(rules.DEFAULTS)


class Immutable(models.Model):
    """A fact: written once, never changed or deleted (a correction is a new fact)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise ValueError(f"{type(self).__name__} is an immutable fact")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{type(self).__name__} is an immutable fact: nothing is deleted")


class Kind(models.TextChoices):
    FUNDS = "funds", _("Funds")
    GOODS = "goods", _("Goods")
    SERVICES = "services", _("Services")
    VENUES = "venues", _("Venues")
    EXPERTISE = "expertise", _("Expertise")


class Field(models.TextChoices):
    ELDERLY = "elderly", _("Elderly care")
    CHILDREN = "children", _("Children and youth")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    EMPLOYMENT = "employment", _("Employment and skills")
    DISABILITY = "disability", _("Disability")
    RURAL = "rural", _("Rural revitalization")
    COMMUNITY = "community", _("Community services")
    CULTURE = "culture", _("Culture and sports")
    ENVIRONMENT = "environment", _("Environment")
    WORKERS = "workers", _("Services for workers")


class PublisherKind(models.TextChoices):
    COMMUNITY = "community", _("Community")
    GOVERNMENT = "government", _("Government department")
    ORGANIZATION = "organization", _("Social organization")


class ByOrganization(models.QuerySet):
    organization_field = "organization_id"

    def visible_to(self, user):
        path = self.organization_field.removesuffix("_id")
        return self.filter(scope_q(user, authority_field=f"{path}__authority_id",
                                   organization_field=self.organization_field))


class Resource(Immutable):
    """An entry of the resource list: what an organization offers."""

    public_id = models.CharField(_("resource number"), max_length=32, unique=True)
    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="offered_resources")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey("divisions.Division", verbose_name=_("area served"), on_delete=models.PROTECT,
                             related_name="+", db_constraint=False)
    amount = models.DecimalField(_("size (yuan or units)"), max_digits=16, decimal_places=2)
    available_from = models.DateField(_("available from"))
    available_to = models.DateField(_("available until"))
    published_on = models.DateField(_("published on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    objects = ByOrganization.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["field", "area"], name="exchange_res_field_area")]

    def __str__(self):
        return self.title


class DemandQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers act on the demands of their division's subtree (the demand's area); administrators on all."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        if user.is_officer:
            return self.filter(subtree_q("area_id", user.division_id))
        return self.none()


class Demand(Immutable):
    """An entry of the demand list: what a community, a government department or an organization needs."""

    public_id = models.CharField(_("demand number"), max_length=32, unique=True)
    publisher_kind = models.CharField(_("published by"), max_length=16, choices=PublisherKind.choices)
    publisher_name = models.CharField(_("publisher"), max_length=200)
    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="demands", null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey("divisions.Division", verbose_name=_("area"), on_delete=models.PROTECT,
                             related_name="+", db_constraint=False)
    amount = models.DecimalField(_("size needed (yuan or units)"), max_digits=16, decimal_places=2)
    needed_from = models.DateField(_("needed from"))
    needed_to = models.DateField(_("needed until"))
    published_on = models.DateField(_("published on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = DemandQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [models.Index(fields=["field", "area"], name="exchange_dem_field_area")]

    def __str__(self):
        return self.title


class Stage(models.TextChoices):
    CONTACTED = "contacted", _("Contacted")
    AGREED = "agreed", _("Agreed")
    DELIVERED = "delivered", _("Delivered")


class MatchQuerySet(ByOrganization):
    organization_field = "resource__organization_id"


class Match(Immutable):
    """A demand paired with a resource, with the score and its parts when it was taken up."""

    demand = models.ForeignKey(Demand, verbose_name=_("demand"), on_delete=models.PROTECT, related_name="matches")
    resource = models.ForeignKey(Resource, verbose_name=_("resource"), on_delete=models.PROTECT,
                                 related_name="matches")
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    parts = models.JSONField(_("parts of the score"), default=list)
    created_on = models.DateField(_("taken up on"))

    objects = MatchQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["demand", "resource"], name="exchange_one_match_per_pair")]

    def __str__(self):
        return f"{self.demand_id}-{self.resource_id}"


class MatchOutcome(Immutable):
    """One step of a match: contacted, agreed, delivered (in that order, on non-decreasing dates)."""

    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="outcomes")
    stage = models.CharField(_("outcome"), max_length=12, choices=Stage.choices)
    occurred_on = models.DateField(_("on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.CharField(_("recorded by"), max_length=150)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["match", "stage"], name="exchange_one_outcome_per_stage")]

    def __str__(self):
        return f"{self.match_id} {self.stage}"


# --- government purchase of services -------------------------------------------------------------------------

class Funding(models.TextChoices):
    GOVERNMENT = "government", _("Government budget")
    UNION = "union", _("Trade union funds")


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Officers see the plans of purchasers in their division's subtree; administrators all."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_admin:
            return self
        if user.is_officer:
            return self.filter(subtree_q("purchaser_division_id", user.division_id))
        return self.none()


class PurchasePlan(Immutable):
    """A purchaser's plan to buy a service (the OCDS planning stage)."""

    ocid = models.CharField(_("open contracting id"), max_length=64, unique=True)
    sequence = models.PositiveIntegerField()
    purchaser_name = models.CharField(_("purchaser"), max_length=200)
    purchaser_division = models.ForeignKey("divisions.Division", verbose_name=_("purchaser's division"),
                                           on_delete=models.PROTECT, related_name="+", db_constraint=False)
    funding = models.CharField(_("funded by"), max_length=12, choices=Funding.choices)
    title = models.CharField(_("title"), max_length=200)
    field = models.CharField(_("field"), max_length=16, choices=Field.choices)
    budget = models.DecimalField(_("budget (yuan)"), max_digits=16, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("budget year"))
    required_grade = models.PositiveSmallIntegerField(
        _("evaluation grade required"), null=True, blank=True,
        help_text=_("The lowest evaluation grade (1 for 1A … 5 for 5A) the purchaser requires; empty: none."))
    planned_on = models.DateField(_("planned on"))
    recorded_by = models.CharField(_("recorded by"), max_length=150)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["sequence"], name="exchange_plan_sequence")]

    def __str__(self):
        return self.ocid


class Call(Immutable):
    """The call for proposals (tender) of a plan."""

    plan = models.OneToOneField(PurchasePlan, on_delete=models.PROTECT, related_name="call")
    public_id = models.CharField(_("call id"), max_length=80, unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    description = models.TextField(_("what is asked for"), blank=True)

    def __str__(self):
        return self.public_id


class Award(Immutable):
    """The award of a call to one eligible organization."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="award")
    public_id = models.CharField(_("award id"), max_length=80, unique=True)
    organization = models.ForeignKey("registry.Organization", verbose_name=_("social organization"),
                                     on_delete=models.PROTECT, related_name="service_awards")
    amount = models.DecimalField(_("amount awarded (yuan)"), max_digits=16, decimal_places=2)
    awarded_on = models.DateField(_("awarded on"))
    checks = models.JSONField(_("eligibility checks passed"), default=list)

    objects = ByOrganization.as_manager()

    def __str__(self):
        return self.public_id


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The contractor's scope (scope_q) or, for officers, the purchaser's division subtree."""
        q = scope_q(user, authority_field="award__organization__authority_id",
                    organization_field="award__organization_id")
        if user is not None and user.is_authenticated and user.is_active and user.is_officer:
            q |= subtree_q("award__call__plan__purchaser_division_id", user.division_id)
        return self.filter(q)


class Contract(Immutable):
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="contract")
    public_id = models.CharField(_("contract id"), max_length=80, unique=True)
    amount = models.DecimalField(_("contract amount (yuan)"), max_digits=16, decimal_places=2)
    signed_on = models.DateField(_("signed on"))
    starts_on = models.DateField(_("service from"))
    ends_on = models.DateField(_("service until"))
    person_times_target = models.PositiveIntegerField(_("person-times to serve"), default=0)

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-id"]

    def __str__(self):
        return self.public_id


class Milestone(Immutable):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="milestones")
    number = models.PositiveSmallIntegerField(_("number"))
    public_id = models.CharField(_("milestone id"), max_length=90, unique=True)
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount payable (yuan)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="exchange_milestone_number")]

    def __str__(self):
        return self.public_id


class Payment(Immutable):
    milestone = models.ForeignKey(Milestone, verbose_name=_("milestone"), on_delete=models.PROTECT,
                                  related_name="payments")
    public_id = models.CharField(_("payment id"), max_length=90, unique=True)
    amount = models.DecimalField(_("amount paid (yuan)"), max_digits=16, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    recorded_by = models.CharField(_("recorded by"), max_length=150)

    class Meta:
        ordering = ["paid_on", "id"]

    def __str__(self):
        return self.public_id


class Delivery(Immutable):
    """Service delivered for a milestone: person-times served (服务人次)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="deliveries")
    delivered_on = models.DateField(_("delivered on"))
    person_times = models.PositiveIntegerField(_("person-times served"))
    recorded_by = models.CharField(_("recorded by"), max_length=150)

    def __str__(self):
        return f"{self.milestone_id} {self.person_times}"


class Result(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    QUALIFIED = "qualified", _("Qualified")
    UNQUALIFIED = "unqualified", _("Unqualified")


class Evaluation(Immutable):
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="evaluations")
    evaluated_on = models.DateField(_("evaluated on"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices)
    evaluator = models.CharField(_("evaluator"), max_length=200)
    recorded_by = models.CharField(_("recorded by"), max_length=150)

    class Meta:
        ordering = ["-evaluated_on", "-id"]

    def __str__(self):
        return f"{self.contract_id} {self.result}"


class ExcellentCategory(models.TextChoices):
    """The eight fields of the national trade union's excellent projects (全总, two batches, 134 projects)."""

    SKILLS = "skills", _("Labour competitions and skills")
    HEALTH = "health", _("Workers' health")
    CHILDREN = "children", _("Workers' children")
    CULTURE = "culture", _("Workers' culture and sports")
    STATIONS = "stations", _("Service stations and platforms")
    NEW_FORMS = "new_forms", _("Workers in new forms of employment")
    PROSPERITY = "prosperity", _("Common prosperity")
    VOLUNTEER = "volunteer", _("Public-interest volunteering")


class Designation(Immutable):
    """An "excellent project" designation of a contract, in a category."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="designations")
    category = models.CharField(_("category"), max_length=16, choices=ExcellentCategory.choices)
    designated_on = models.DateField(_("designated on"))
    batch = models.CharField(_("batch"), max_length=100)
    recorded_by = models.CharField(_("recorded by"), max_length=150)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["contract", "category"], name="exchange_one_designation")]

    def __str__(self):
        return f"{self.contract_id} {self.category}"
