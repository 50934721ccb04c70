"""REST API of credit: the two lists, the public check, name screening, an organization's credit profile, credit
facts, objections and repair applications, illegal organizations and the holiday calendar.

Views parse input, call :mod:`credit.queries` and :mod:`credit.services`, and render. Who sees what follows the
register (registry.api): anonymous readers get the public credit information of any organization; a signed-in
user only the organizations ``visible_to`` them (404 otherwise, never 403). Objections and repair applications
are private to the organization and the officers over it.
"""

from __future__ import annotations

import re
from datetime import date

from django.db.models import Prefetch, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, pagination, permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.jurisdiction import is_staff_user
from common.api_errors import error_responses
from common.dates import as_of_or_today
from common.errors import RuleViolation
from registry.api import organization_or_404
from registry.models import Organization
from registry.search import normalize, search
from registry.uscc import check_code_characters

from . import grading, queries, rules, screening, services
from .models import (
    Banning,
    CaseState,
    CreditFact,
    Holiday,
    IllegalOrganization,
    IllegalOrgBatch,
    ListKind,
    ObjectionCase,
    RepairCase,
    ScreeningResult,
)
from .policy import PolicyBook
from .serializers import (
    BanningInputSerializer,
    BulkCheckResultSerializer,
    BulkCheckSerializer,
    CaseActionSerializer,
    CheckParamsSerializer,
    CheckResultSerializer,
    CreditFactInputSerializer,
    CreditFactSerializer,
    CreditProfileSerializer,
    EvidenceInputSerializer,
    EvidenceSerializer,
    HolidaySerializer,
    IllegalBatchInputSerializer,
    IllegalBatchSerializer,
    IllegalOrgSerializer,
    ListParamsSerializer,
    ListRowSerializer,
    ObjectionInputSerializer,
    ObjectionSerializer,
    RepairInputSerializer,
    RepairSerializer,
    ScreeningResultSerializer,
    ScreenParamsSerializer,
    ScreenResultSerializer,
)
from .sweep import derive_for

MAX_BULK = 1000
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, OpenApiParameter.QUERY,
                         description="Replay this date (YYYY-MM-DD); default today.")


def check_day(day: date | None, field: str = "as_of") -> date:
    """The day to replay: today when none is given; a future day is refused (common.dates.parse_as_of)."""
    return as_of_or_today(day, field=field)


def private_organization_or_404(request, code: str) -> Organization:
    """The organization for its own users and the officers over it; 404 for everyone else."""
    org = Organization.objects.visible_to(request.user).select_related("authority").by_code(code).first()
    if org is None:
        raise RuleViolation.one("NOT-FOUND", None, "未找到该社会组织", "organization not found", status=404)
    return org


# --- the lists ---------------------------------------------------------------------------------------------

class ByStart(pagination.CursorPagination):
    ordering = ("-start_on", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class ListView(generics.GenericAPIView):
    list_kind = rules.ABNORMAL
    pagination_class = ByStart
    serializer_class = ListRowSerializer

    def get_queryset(self):
        return queries.listed_on(self.list_kind, timezone.localdate())

    def get(self, request):
        params = ListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        day = check_day(p.get("as_of"))
        qs = queries.filter_entries(queries.listed_on(self.list_kind, day, p.get("division")),
                                    listed_from=p.get("listed_from"), listed_to=p.get("listed_to"),
                                    rule=p.get("rule")).select_related("organization")
        page = self.paginate_queryset(qs)
        orgs = [e.organization for e in page]
        book = PolicyBook()
        derivations = derive_for(orgs, day, book)
        versions = queries.versions_on([o.pk for o in orgs], day)
        rows = []
        for org in orgs:
            entry = derivations[org.pk].current(self.list_kind)
            if entry is None:  # the cache is older than the facts: show what the facts say
                continue
            policy = book.for_authority(org.authority_id)
            rows.append({"organization": queries.org_dict(org, versions.get(org.pk)),
                         **queries.entry_dict(entry, derivations[org.pk], policy, code=org.code)})
        response = self.get_paginated_response(ListRowSerializer(rows, many=True).data)
        response.data["as_of"] = day
        response.data["swept_through"] = queries.sweep_date()
        return response


LIST_DOC = ("Organizations on the list on `as_of` (default today), newest entries first: why (rules, facts, "
            "settings), since when, until what (earliest exit and exit condition), deciding authority and legal "
            "basis, each derived for that very day. `swept_through` is the date of the last completed sweep, the "
            "cache that selects the rows.")


@extend_schema(tags=["credit"], summary="活动异常名录 / the abnormal-activity list", description=LIST_DOC,
               parameters=[ListParamsSerializer], responses={200: ListRowSerializer(many=True), **error_responses(400)})
class AbnormalListView(ListView):
    list_kind = rules.ABNORMAL


@extend_schema(tags=["credit"], summary="严重违法失信名单 / the serious illegal and dishonest list", description=LIST_DOC,
               parameters=[ListParamsSerializer], responses={200: ListRowSerializer(many=True), **error_responses(400)})
class SeriousListView(ListView):
    list_kind = rules.SERIOUS


# --- public check ------------------------------------------------------------------------------------------

_CODE_LIKE = re.compile(r"^[0-9A-Za-z]{15,20}$")


def code_problems(query: str) -> list[dict]:
    """A query that reads as a unified social credit code (15–20 letters and digits, with digits) but breaks a
    GB 32100 rule (length, characters, check character): the rules it breaks, so the answer is "invalid code",
    not "not found"."""
    text = normalize(query).upper()
    if not _CODE_LIKE.match(text) or sum(c.isdigit() for c in text) < 8 or text.startswith("BA"):
        return []  # not a code, or a filing number of a community organization (BA + division + sequence)
    return [{"rule": p.code, "message_zh": p.zh, "message_en": p.en}
            for p in check_code_characters(text)]


def other_department(query: str) -> tuple[str, str] | None:
    """A valid GB 32100 code whose registration-department character is not 5 (民政): not a social organization's
    code, so "not found here" is expected; the answer says why."""
    text = normalize(query).upper()
    if len(text) != 18 or check_code_characters(text) or text[0] == "5":
        return None
    return (f"“{query}”是有效的统一社会信用代码，但登记管理部门码为 {text[0]}，不是民政部门（5）登记的社会组织。",
            f"“{query}” is a valid unified social credit code, but its registration department is {text[0]}, not civil "
            "affairs (5): it is not a social organization's code.")


def result_answer(query: str, matches: list[dict], invalid: list[dict], illegal: list[dict]) -> tuple[str, str]:
    """One sentence per finding: registered (with standing), suspected illegal (with batch and date), invalid code."""
    zh = [m["answer_zh"] for m in matches]
    en = [m["answer_en"] for m in matches]
    for item in illegal:
        via_zh = f"（别名“{item['matched_alias']}”）" if item.get("matched_alias") else ""
        via_en = f" (alias “{item['matched_alias']}”)" if item.get("matched_alias") else ""
        zh.append(f"“{item['name']}”{via_zh}：涉嫌非法社会组织（民政部门公布），{item['published_by']}"
                  f"{item['published_on'].isoformat()}公布，{item['batch']}{item['batch_number'] or ''}。")
        en.append(f"“{item['name']}”{via_en}: suspected illegal social organization (published by the civil-affairs "
                  f"department), {item['batch']} {item['batch_number'] or ''}, {item['published_by']}, "
                  f"{item['published_on'].isoformat()}.")
    for problem in invalid:
        zh.append(f"“{query}”不是有效的统一社会信用代码：{problem['message_zh']}（{problem['rule']}，GB 32100-2015）。")
        en.append(f"“{query}” is not a valid unified social credit code: {problem['message_en']} "
                  f"({problem['rule']}, GB 32100-2015).")
    other = other_department(query) if not zh else None
    if other:
        zh.append(other[0])
        en.append(other[1])
    if not zh:
        zh.append(f"登记信息中没有名称或代码为“{query}”的社会组织，也不在涉嫌非法社会组织名单上。")
        en.append(f"No registered organization has the name or code “{query}”, and it is not on the list of suspected "
                  "illegal social organizations.")
    return "".join(zh), " ".join(en)


def check_results(query_list: list[str], day: date, single: bool, badges: bool = False) -> list[dict]:
    """The check of each query as of ``day``. ``badges`` keeps the Standing objects for the web pages."""
    from .standing import illegal_standing

    found = queries.resolve(query_list)
    orgs = {o.pk: o for hits in found.values() for o in hits}
    checked = queries.check_organizations(list(orgs.values()), day)
    illegal = queries.illegal_matches(query_list)
    results = []
    for query in query_list:
        matches = [checked[o.pk] for o in found[query] if o.pk in checked]
        if not badges:
            matches = [{k: v for k, v in m.items() if k != "badge"} for m in matches]
        similar = []
        if single and not matches and len(normalize(query)) >= 2:
            similar = [{"code": o.code, "name": o.name} for o in search(query, limit=5)]
        suspected = illegal.get(query, [])
        for item in suspected:
            badge = illegal_standing(item, day)
            item["standing"] = badge.as_dict()
            if badges:
                item["badge"] = badge
        invalid = code_problems(query) if not matches else []
        zh, en = result_answer(query, matches, invalid, suspected)
        results.append({"query": query, "as_of": day, "registered": bool(matches), "matches": matches,
                        "similar": similar, "suspected_illegal": suspected, "valid_code": not invalid,
                        "code_problems": invalid, "answer_zh": zh, "answer_en": en})
    return results


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="Check one organization: registered? status? listed? why? since when?",
                      parameters=[CheckParamsSerializer],
                      responses={200: CheckResultSerializer, **error_responses(400, 429)}),
    post=extend_schema(tags=["credit"], summary="Check up to 1,000 names or codes at once",
                       description="For donors and fundraising platforms. More than 1,000 entries is refused "
                                   "(CREDIT-CHECK-TOO-MANY); nothing is stored. Each entry counts as one request "
                                   "against the rate limit (429 with Retry-After when over it).",
                       request=BulkCheckSerializer,
                       responses={200: BulkCheckResultSerializer, **error_responses(400, 429)}),
)
class PublicCheckView(APIView):
    permission_classes = [permissions.AllowAny]

    def throttle_cost(self, request) -> int:
        """The rate limit counts each name or code of a bulk check (common/throttling.py)."""
        raw = request.data.get("queries") if request.method == "POST" and isinstance(request.data, dict) else None
        return min(len(raw), MAX_BULK) if isinstance(raw, list) else 1

    def get(self, request):
        params = CheckParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        day = check_day(params.validated_data.get("as_of"))
        return Response(check_results([params.validated_data["q"]], day, single=True)[0])

    def post(self, request):
        raw = request.data.get("queries") if isinstance(request.data, dict) else None
        if isinstance(raw, list) and len(raw) > MAX_BULK:
            raise RuleViolation.one("CREDIT-CHECK-TOO-MANY", "queries",
                                    f"一次最多查询 {MAX_BULK} 个名称或代码，本次提交 {len(raw)} 个，请分批查询",
                                    f"at most {MAX_BULK} names or codes per request; this one has {len(raw)}: split it",
                                    value=len(raw))
        body = BulkCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        day = check_day(body.validated_data.get("as_of"))
        items = [q.strip() for q in body.validated_data["queries"]]
        results = check_results(items, day, single=False)
        return Response({"as_of": day, "count": len(results), "results": results})


# --- screening ---------------------------------------------------------------------------------------------

@extend_schema(tags=["credit"], summary="Screen a name against the register, the illegal list and the serious list",
               description="Scored candidates, best first, each with the features behind its score (character "
                           "overlap, core and pinyin similarity, traditional/simplified, inserted generic words, "
                           "regional prefixes, organization form). `match` is true from the threshold "
                           "CREDIT_SCREENING_THRESHOLD.",
               parameters=[ScreenParamsSerializer], responses={200: ScreenResultSerializer, **error_responses(400)})
class ScreenView(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        params = ScreenParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        name = params.validated_data["name"]
        if len(screening.clean(name)) < 2:
            raise RuleViolation.one("CREDIT-SCREEN-NAME-SHORT", "name", "名称至少需要 2 个字才能筛查",
                                    "a name needs at least 2 characters to be screened", value=name)
        return Response(screening.screen(name, limit=params.validated_data["limit"]))


@extend_schema(tags=["credit"], summary="Screening results stored when the organization was registered or renamed",
               responses={200: ScreeningResultSerializer(many=True), **error_responses(401, 403, 404)})
class OrganizationScreeningsView(generics.ListAPIView):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ScreeningResultSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScreeningResult.objects.none()
        if not is_staff_user(self.request.user):
            raise RuleViolation.one("FORBIDDEN", None, "仅登记管理机关工作人员可查看", "officers only", status=403)
        org = private_organization_or_404(self.request, self.kwargs["code"])
        return ScreeningResult.objects.filter(organization=org)


# --- an organization's credit ------------------------------------------------------------------------------

def sees_privately(user, org) -> bool:
    return Organization.objects.visible_to(user).filter(pk=org.pk).exists()


@extend_schema(tags=["credit"], summary="An organization's credit information, lists, history and evaluation",
               parameters=[AS_OF], responses={200: CreditProfileSerializer, **error_responses(400, 404)})
class CreditProfileView(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request, code):
        org = organization_or_404(request, code)
        params = CheckParamsSerializer(data={"q": "x", **request.query_params.dict()})
        params.is_valid(raise_exception=True)
        day = check_day(params.validated_data.get("as_of"))
        if org.founded_on > day:
            raise RuleViolation.one("NOT-YET-FOUNDED", "as_of", f"该组织在 {day} 尚未成立（成立日期 {org.founded_on}）",
                                    f"the organization had not been founded on {day} (founded {org.founded_on})",
                                    status=404)
        return Response(profile(org, day, private=sees_privately(request.user, org)))


def corrected_fact(derivation, case: ObjectionCase) -> dict:
    """For an upheld objection: the fact it corrected (what the record said), dated by the decision, with the
    anchor of the fact on the credit page."""
    if case.state != CaseState.UPHELD:
        return {"corrected": False}
    zh, en = rules.fact_line(derivation.facts.get(case.fact_ref), case.fact_ref)
    return {"corrected": True, "fact_ref": case.fact_ref, "fact_zh": zh or case.fact_label, "fact_en": en or case.fact_label,
            "corrected_on": case.decided_on, "anchor": case.fact_ref.replace(":", "-")}


def profile(org: Organization, day: date, private: bool) -> dict:
    book = PolicyBook()
    policy = book.for_authority(org.authority_id)
    derivation = derive_for([org], day, book)[org.pk]
    versions = queries.versions_on([org.pk], day)
    evaluation = grading.evaluate(derivation, policy, day)
    notices = [n for n in derivation.notices if private or n.channel == "announcement"]
    outcomes = [{"kind": "objection", "filed_on": c.filed_on, "decided_on": c.decided_on, "state": c.state,
                 "outcome_zh": c.public_outcome_zh, "outcome_en": c.public_outcome_en,
                 **corrected_fact(derivation, c)}
                for c in ObjectionCase.objects.filter(organization=org, decided_on__isnull=False, decided_on__lte=day)]
    outcomes += [{"kind": "repair", "filed_on": c.filed_on, "decided_on": c.decided_on, "state": c.state,
                  "outcome_zh": c.public_outcome_zh, "outcome_en": c.public_outcome_en}
                 for c in RepairCase.objects.filter(organization=org, decided_on__isnull=False, decided_on__lte=day)]
    return {
        "organization": queries.org_dict(org, versions.get(org.pk)), "as_of": day,
        "abnormal": queries.list_state(derivation, rules.ABNORMAL, policy, code=org.code),
        "serious": queries.list_state(derivation, rules.SERIOUS, policy, code=org.code),
        "history": [queries.entry_dict(e, derivation, policy, code=org.code) for e in derivation.entries],
        "notices": [{"list": n.list, "notice_on": n.notice_on, "listing_on": n.listing_on,
                     "withdrawn_on": n.withdrawn_on(), "rules": list(n.rules), "channel": n.channel} for n in notices],
        "evaluation": {"on": evaluation.on, "graded": evaluation.graded, "score": evaluation.score,
                       "grade": evaluation.grade, "negative_record": evaluation.negative,
                       "basis_zh": evaluation.basis_zh, "basis_en": evaluation.basis_en,
                       "reason_zh": evaluation.reason_zh, "reason_en": evaluation.reason_en,
                       "factors": [vars(f) for f in evaluation.factors], "settings": evaluation.settings},
        "information": queries.registry_and_report_information(org, day, queries.credit_information(derivation,
                                                                                                     org.code)),
        "outcomes": sorted(outcomes, key=lambda o: o["decided_on"]),
    }


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="Credit facts recorded in credit for an organization",
                      responses={200: CreditFactSerializer(many=True), **error_responses(404)}),
    post=extend_schema(tags=["credit"], summary="Record a credit fact (court notice, unsigned letters, penalty by "
                                                "another department, honour …)",
                       request=CreditFactInputSerializer,
                       responses={201: CreditFactSerializer, **error_responses(400, 401, 403, 404)}),
)
class CreditFactsView(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    pagination_class = None

    def get_serializer_class(self):
        return CreditFactInputSerializer if self.request.method == "POST" else CreditFactSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CreditFact.objects.none()
        org = organization_or_404(self.request, self.kwargs["code"])
        return CreditFact.objects.filter(organization=org).order_by("occurred_on", "id")

    def create(self, request, *args, **kwargs):
        org = organization_or_404(request, self.kwargs["code"])
        body = CreditFactInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        fact = services.record_fact(request.user, org, dict(body.validated_data))
        return Response(CreditFactSerializer(fact).data, status=status.HTTP_201_CREATED)


# --- objections and repairs --------------------------------------------------------------------------------

class CaseListView(generics.ListCreateAPIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None
    model = ObjectionCase
    output = ObjectionSerializer
    input = ObjectionInputSerializer

    def get_serializer_class(self):
        return self.input if self.request.method == "POST" else self.output

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        org = private_organization_or_404(self.request, self.kwargs["code"])
        return self.model.objects.filter(organization=org).prefetch_related("evidence").select_related("organization")

    def create(self, request, *args, **kwargs):
        org = private_organization_or_404(request, self.kwargs["code"])
        body = self.input(data=request.data)
        body.is_valid(raise_exception=True)
        case = self.file(request.user, org, body.validated_data)
        return Response(self.output(case).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="Objections of an organization",
                      responses={200: ObjectionSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=["credit"], summary="File an objection (异议) to a credit fact",
                       request=ObjectionInputSerializer,
                       responses={201: ObjectionSerializer, **error_responses(400, 401, 403, 404)}),
)
class ObjectionListView(CaseListView):
    def file(self, user, org, data):
        return services.file_objection(user, org, data["fact_ref"], data["statement"])


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="Credit-repair applications of an organization",
                      responses={200: RepairSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=["credit"], summary="Apply for credit repair (信用修复): leave a list",
                       description="Refused with the date from which an application is possible "
                                   "(CREDIT-REPAIR-TOO-EARLY), or the day of automatic removal when nothing needs "
                                   "rectifying (CREDIT-REPAIR-NOT-NEEDED).",
                       request=RepairInputSerializer, responses={201: RepairSerializer, **error_responses(400, 401, 403, 404)}),
)
class RepairListView(CaseListView):
    model = RepairCase
    output = RepairSerializer
    input = RepairInputSerializer

    def file(self, user, org, data):
        return services.file_repair(user, org, data["list_kind"], data["statement"])


class CaseDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]
    model = ObjectionCase
    output = ObjectionSerializer

    def get_case(self, request, pk):
        qs = self.model.objects.visible_to(request.user).select_related("organization").prefetch_related("evidence")
        case = qs.filter(pk=pk).first()
        if case is None:
            raise RuleViolation.one("NOT-FOUND", None, "未找到该案件", "case not found", status=404)
        return case

    def get(self, request, pk):
        return Response(self.output(self.get_case(request, pk)).data)

    def post(self, request, pk):
        case = self.get_case(request, pk)
        body = CaseActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        if d["action"] == "accept":
            if self.model is not ObjectionCase:
                raise RuleViolation.one("CREDIT-CASE-ACTION", "action", "修复申请直接作出决定", "decide a repair "
                                        "application directly")
            case = services.accept_objection(request.user, case)
        elif self.model is ObjectionCase:
            case = services.decide_objection(request.user, case, upheld=bool(d.get("upheld")), reason=d.get("reason", ""),
                                             outcome_zh=d.get("outcome_zh", ""), outcome_en=d.get("outcome_en", ""))
        else:
            case = services.decide_repair(request.user, case, granted=bool(d.get("granted")), reason=d.get("reason", ""),
                                          removal_on=d.get("removal_on"), outcome_zh=d.get("outcome_zh", ""),
                                          outcome_en=d.get("outcome_en", ""))
        case = self.get_case(request, case.pk)
        return Response(self.output(case).data)


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="One objection",
                      responses={200: ObjectionSerializer, **error_responses(401, 404)}),
    post=extend_schema(tags=["credit"], summary="Accept or decide an objection (officers)",
                       description="An upheld objection corrects the fact by a superseding fact, never by editing; "
                                   "the entry it supported ends from today.",
                       request=CaseActionSerializer, responses={200: ObjectionSerializer, **error_responses(400, 401, 403, 404)}),
)
class ObjectionDetailView(CaseDetailView):
    pass


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="One credit-repair application",
                      responses={200: RepairSerializer, **error_responses(401, 404)}),
    post=extend_schema(tags=["credit"], summary="Decide a credit-repair application (officers)",
                       request=CaseActionSerializer, responses={200: RepairSerializer, **error_responses(400, 401, 403, 404)}),
)
class RepairDetailView(CaseDetailView):
    model = RepairCase
    output = RepairSerializer


class EvidenceView(CaseDetailView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get(self, request, pk):
        return Response(EvidenceSerializer(self.get_case(request, pk).evidence.all(), many=True).data)

    def post(self, request, pk):
        case = self.get_case(request, pk)
        body = EvidenceInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        evidence = services.add_evidence(request.user, case, body.validated_data["file"])
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="Evidence attached to an objection",
                      responses={200: EvidenceSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=["credit"], summary="Attach evidence to an objection", request={
        "multipart/form-data": EvidenceInputSerializer}, responses={201: EvidenceSerializer, **error_responses(400, 401, 403, 404)}),
)
class ObjectionEvidenceView(EvidenceView):
    pass


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="Evidence attached to a credit-repair application",
                      responses={200: EvidenceSerializer(many=True), **error_responses(401, 404)}),
    post=extend_schema(tags=["credit"], summary="Attach evidence to a credit-repair application", request={
        "multipart/form-data": EvidenceInputSerializer}, responses={201: EvidenceSerializer, **error_responses(400, 401, 403, 404)}),
)
class RepairEvidenceView(EvidenceView):
    model = RepairCase
    output = RepairSerializer


@extend_schema(tags=["credit"], summary="Download one evidence file of an objection or a repair application",
               description="The organization itself and the officers over it; 404 for everyone else.",
               responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
                          **error_responses(401, 404)})
class EvidenceFileView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request, pk):
        evidence = queries.evidence_visible_to(request.user, pk)
        if evidence is None:
            raise RuleViolation.one("NOT-FOUND", None, "未找到该材料", "evidence not found", status=404)
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name)


# --- illegal organizations ---------------------------------------------------------------------------------

class ById(pagination.CursorPagination):
    ordering = "-id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def _with_bannings(qs):
    return qs.select_related("batch").prefetch_related(Prefetch("bannings", queryset=Banning.objects.order_by("decided_on")))


@extend_schema(tags=["credit"], summary="Suspected illegal social organizations (涉嫌非法社会组织), newest first",
               parameters=[OpenApiParameter("q", OpenApiTypes.STR, OpenApiParameter.QUERY,
                                            description="Name or alias contains this text.")],
               responses={200: IllegalOrgSerializer(many=True)})
class IllegalOrganizationsView(generics.ListAPIView):
    pagination_class = ById
    serializer_class = IllegalOrgSerializer

    def get_queryset(self):
        qs = _with_bannings(IllegalOrganization.objects.all())
        q = normalize(self.request.query_params.get("q", ""))
        if q:
            qs = qs.filter(Q(normalized__contains=q) | Q(aliases__contains=q))
        return qs

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([queries.illegal_dict(item) for item in page])


def batch_dict(batch: IllegalOrgBatch) -> dict:
    return {"id": batch.pk, "title": batch.title, "batch_number": batch.batch_number, "published_on": batch.published_on,
            "authority": queries.authority_name(batch.authority_id),
            "organizations": [queries.illegal_dict(o) for o in _with_bannings(batch.organizations.all())]}


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="Published batches of suspected illegal organizations",
                      responses={200: IllegalBatchSerializer(many=True)}),
    post=extend_schema(tags=["credit"], summary="Publish a batch (officers)", request=IllegalBatchInputSerializer,
                       responses={201: IllegalBatchSerializer, **error_responses(400, 401, 403)}),
)
class IllegalBatchesView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get(self, request):
        batches = IllegalOrgBatch.objects.order_by("-published_on", "-id")[:100]
        return Response([batch_dict(b) for b in batches])

    def post(self, request):
        body = IllegalBatchInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        batch = services.publish_illegal_batch(request.user, dict(body.validated_data))
        return Response(batch_dict(batch), status=status.HTTP_201_CREATED)


@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="One suspected illegal organization with its bannings",
                      responses={200: IllegalOrgSerializer, **error_responses(404)}),
    post=extend_schema(tags=["credit"], summary="Record the banning (取缔) of a listed organization (officers)",
                       request=BanningInputSerializer, responses={201: IllegalOrgSerializer, **error_responses(400, 401, 403, 404)}),
)
class BanningsView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get(self, request, pk):
        return Response(queries.illegal_dict(get_object_or_404(_with_bannings(IllegalOrganization.objects), pk=pk)))

    def post(self, request, pk):
        item = get_object_or_404(IllegalOrganization, pk=pk)
        body = BanningInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.record_banning(request.user, item, dict(body.validated_data))
        return Response(queries.illegal_dict(_with_bannings(IllegalOrganization.objects).get(pk=pk)),
                        status=status.HTTP_201_CREATED)


# --- holidays ----------------------------------------------------------------------------------------------

@extend_schema_view(
    get=extend_schema(tags=["credit"], summary="The working-day calendar (holidays and adjusted working days)",
                      parameters=[OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.QUERY)],
                      responses={200: HolidaySerializer(many=True)}),
    post=extend_schema(tags=["credit"], summary="Add a holiday or an adjusted working day (administrators, Ministry)",
                       request=HolidaySerializer, responses={201: HolidaySerializer, **error_responses(400, 401, 403)}),
)
class HolidaysView(APIView):
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def get(self, request):
        qs = Holiday.objects.all()
        year = request.query_params.get("year", "")
        if year.isdigit():
            qs = qs.filter(date__year=int(year))
        return Response(HolidaySerializer(qs, many=True).data)

    def post(self, request):
        holiday = services.set_holiday(request.user, request.data)
        return Response(HolidaySerializer(holiday).data, status=status.HTTP_201_CREATED)


__all__ = ["AbnormalListView", "SeriousListView", "PublicCheckView", "ScreenView", "CreditProfileView",
           "CreditFactsView", "ObjectionListView", "RepairListView", "ObjectionDetailView", "RepairDetailView",
           "ObjectionEvidenceView", "RepairEvidenceView", "EvidenceFileView", "IllegalOrganizationsView",
           "IllegalBatchesView",
           "BanningsView", "HolidaysView", "OrganizationScreeningsView", "ListKind", "CaseState"]
