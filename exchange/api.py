"""/api/v1/exchange/: the resource and demand lists, a demand's ranked matches with their explanations, outcomes,
the purchase chain and its public disclosure. Writes go through the services (refusals in the one error shape of
common.api_errors); reads of what officers act on go through ``visible_to`` (404 outside the jurisdiction)."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from registry.models import Organization

from . import disclosure, services
from .models import Award, Call, Contract, Demand, MatchOutcome, PurchasePlan, Resource

TAGS = ["exchange"]
LIMIT = 500


def _resource(r: Resource) -> dict:
    return {"id": r.public_id, "organization": r.organization.name, "uscc": r.organization.code, "kind": r.kind,
            "field": r.field, "title": r.title, "description": r.description, "area": r.area_id,
            "amount": str(r.amount), "available_from": r.available_from, "available_to": r.available_to,
            "published_on": r.published_on}


def _demand(d: Demand) -> dict:
    return {"id": d.public_id, "pk": d.pk, "publisher_kind": d.publisher_kind, "publisher": d.publisher_name,
            "kind": d.kind, "field": d.field, "title": d.title, "description": d.description, "area": d.area_id,
            "amount": str(d.amount), "needed_from": d.needed_from, "needed_to": d.needed_to,
            "published_on": d.published_on}


def _filtered(qs, request):
    for name in ("field", "kind"):
        if request.query_params.get(name):
            qs = qs.filter(**{name: request.query_params[name]})
    return qs


class Resources(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, operation_id="v1_exchange_resources_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The resource list (public)."""
        qs = _filtered(Resource.objects.select_related("organization").filter(withdrawn_on__isnull=True), request)
        return Response({"count": qs.count(), "results": [_resource(r) for r in qs[:LIMIT]]})

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Publish a resource of ``organization`` (its USCC): the organization's users or officers over it."""
        if not request.user.is_authenticated:
            from rest_framework.exceptions import NotAuthenticated
            raise NotAuthenticated
        org = Organization.objects.visible_to(request.user).by_code(str(request.data.get("organization", ""))).first()
        if org is None:
            raise Http404
        resource = services.publish_resource(request.user, org, request.data)
        return Response(_resource(resource), status=status.HTTP_201_CREATED)


class Demands(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, operation_id="v1_exchange_demands_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The demand list (public)."""
        qs = _filtered(Demand.objects.filter(closed_on__isnull=True), request)
        return Response({"count": qs.count(), "results": [_demand(d) for d in qs[:LIMIT]]})

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Publish a demand (officers, for a community or a department of their jurisdiction)."""
        if not request.user.is_authenticated:
            from rest_framework.exceptions import NotAuthenticated
            raise NotAuthenticated
        demand = services.publish_demand(request.user, request.data)
        return Response(_demand(demand), status=status.HTTP_201_CREATED)


class DemandDetail(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """A demand with its ten best matches, each score with its parts in words."""
        demand = Demand.objects.filter(pk=pk).first()
        if demand is None:
            raise Http404
        ranked = services.ranked_matches(demand)
        return Response({**_demand(demand), "matches": [
            {"resource": _resource(m.resource), "score": str(m.score), "parts": [p.as_dict() for p in m.parts]}
            for m in ranked]})


class DemandOutcomes(APIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]

    def _demand(self, request, pk) -> Demand:
        demand = Demand.objects.visible_to(request.user).filter(pk=pk).first()
        if demand is None:
            raise Http404
        return demand

    @extend_schema(tags=TAGS, responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """The outcomes recorded for the demand's matches (officers of its area)."""
        demand = self._demand(request, pk)
        rows = MatchOutcome.objects.filter(match__demand=demand).select_related("match__resource")
        return Response({"results": [{"resource": o.match.resource.public_id, "stage": o.stage,
                                      "on": o.occurred_on, "note": o.note} for o in rows]})

    @extend_schema(tags=TAGS, request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        """Record an outcome: ``resource`` (its number), ``stage`` (contacted, agreed, delivered), ``occurred_on``."""
        outcome = services.record_outcome(request.user, self._demand(request, pk), request.data)
        return Response({"resource": outcome.match.resource.public_id, "stage": outcome.stage,
                         "on": outcome.occurred_on, "score": str(outcome.match.score),
                         "parts": outcome.match.parts}, status=status.HTTP_201_CREATED)


def _plan(plan: PurchasePlan) -> dict:
    call = getattr(plan, "call", None)
    award = getattr(call, "award", None) if call else None
    contract = getattr(award, "contract", None) if award else None
    return {"ocid": plan.ocid, "pk": plan.pk, "purchaser": plan.purchaser_name,
            "purchaser_division": plan.purchaser_division_id, "funding": plan.funding, "title": plan.title,
            "field": plan.field, "budget": str(plan.budget), "year": plan.year,
            "required_grade": plan.required_grade, "planned_on": plan.planned_on,
            "call": {"id": call.public_id, "pk": call.pk, "opens_on": call.opens_on,
                     "closes_on": call.closes_on} if call else None,
            "award": {"id": award.public_id, "pk": award.pk, "organization": award.organization.code,
                      "amount": str(award.amount), "awarded_on": award.awarded_on} if award else None,
            "contract": _contract(contract) if contract else None}


def _contract(c: Contract) -> dict:
    return {"id": c.public_id, "pk": c.pk, "amount": str(c.amount), "signed_on": c.signed_on,
            "starts_on": c.starts_on, "ends_on": c.ends_on,
            "milestones": [{"id": m.public_id, "number": m.number, "title": m.title, "due_on": m.due_on,
                            "amount": str(m.amount),
                            "payments": [{"id": p.public_id, "amount": str(p.amount), "paid_on": p.paid_on}
                                         for p in m.payments.all()],
                            "person_times": sum(d.person_times for d in m.deliveries.all())}
                           for m in c.milestones.prefetch_related("payments", "deliveries")],
            "evaluations": [{"on": e.evaluated_on, "score": str(e.score), "result": e.result,
                             "evaluator": e.evaluator} for e in c.evaluations.all()],
            "designations": [{"category": d.category, "batch": d.batch, "on": d.designated_on}
                             for d in c.designations.all()]}


class Plans(APIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]

    @extend_schema(tags=TAGS, operation_id="v1_exchange_plans_list", responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The purchase plans of the officer's jurisdiction."""
        qs = PurchasePlan.objects.visible_to(request.user)
        return Response({"count": qs.count(), "results": [_plan(p) for p in qs[:LIMIT]]})

    @extend_schema(tags=TAGS, operation_id="v1_exchange_plans_create", request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Record a plan; it gets its open-contracting id."""
        plan = services.create_plan(request.user, request.data)
        return Response(_plan(plan), status=status.HTTP_201_CREATED)


STEPS = {"milestone": services.add_milestone, "payment": services.pay, "delivery": services.deliver,
         "evaluation": services.evaluate, "designation": services.designate}


class PlanDetail(APIView):
    permission_classes = [permissions.IsAuthenticated, IsStaff]

    def _plan(self, request, pk) -> PurchasePlan:
        plan = PurchasePlan.objects.visible_to(request.user).filter(pk=pk).first()
        if plan is None:
            raise Http404
        return plan

    @extend_schema(tags=TAGS, responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """The whole chain of a plan: call, award, contract, milestones, payments, evaluation."""
        return Response(_plan(self._plan(request, pk)))

    @extend_schema(tags=TAGS, operation_id="v1_exchange_plan_next_step", request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk):
        """The next step of the chain: ``step`` is call, award, contract, milestone, payment, delivery, evaluation
        or designation, with that step's fields."""
        from common.errors import RuleViolation

        plan = self._plan(request, pk)
        step = str(request.data.get("step", ""))
        call = Call.objects.filter(plan=plan).first()
        award = Award.objects.filter(call__plan=plan).first()
        contract = Contract.objects.filter(award__call__plan=plan).first()
        if step == "call":
            services.open_call(request.user, plan, request.data)
        elif step == "award" and call is not None:
            services.award(request.user, call, request.data)
        elif step == "contract" and award is not None:
            services.sign_contract(request.user, award, request.data)
        elif step in STEPS and contract is not None:
            STEPS[step](request.user, contract, request.data)
        else:
            raise RuleViolation.one("GPS-STEP", "step", f"“{step}”不是本项目可以进行的下一步（计划 → 征集 → 确定承接 → 合同 → 节点、付款、服务、评估、优秀项目）",
                                    f"{step!r} is not a step this project can take now (plan -> call -> award -> "
                                    f"contract -> milestones, payments, deliveries, evaluation, designation)")
        return Response(_plan(PurchasePlan.objects.get(pk=plan.pk)), status=status.HTTP_201_CREATED)


class Awards(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses=OpenApiTypes.OBJECT)
    def get(self, request):
        """The public disclosure of awards and contracts, with the totals of the page."""
        year = request.query_params.get("year", "")
        rows, totals = disclosure.rows(request.query_params.get("division") or None,
                                       int(year) if year.isdigit() else None)
        money = ("award_amount", "contract_amount", "paid")
        return Response({
            "totals": {"awards": totals.awards, "awarded": str(totals.awarded), "contracts": totals.contracts,
                       "contracted": str(totals.contracted), "paid": str(totals.paid),
                       "person_times": totals.person_times},
            "results": [{k: (str(v) if k in money and v is not None else v) for k, v in r.items()} for r in rows]})


class ContractDetail(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(tags=TAGS, responses=OpenApiTypes.OBJECT)
    def get(self, request, pk):
        """A contract as disclosed: its milestones, payments, person-times, evaluation and designations."""
        contract = Contract.objects.select_related("award__organization", "award__call__plan").filter(pk=pk).first()
        if contract is None:
            raise Http404
        plan = contract.award.call.plan
        return Response({"ocid": plan.ocid, "title": plan.title, "purchaser": plan.purchaser_name,
                         "organization": contract.award.organization.name,
                         "uscc": contract.award.organization.code, **_contract(contract)})
