"""The statistics API: the indicator catalogue and any indicator as of any date, broken down, as JSON, CSV or
XLSX (the same figures the dashboards show)."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api_errors import error_responses

from . import export
from .compute import default_day, evaluate
from .indicators import CATALOGUE


def indicator_dict(i) -> dict:
    return {
        "id": i.id, "name_zh": i.name_zh, "name_en": i.name_en, "unit_zh": i.unit_zh, "unit_en": i.unit_en,
        "definition_zh": i.definition_zh, "definition_en": i.definition_en, "formula": i.formula, "kind": i.kind,
        "source": i.source, "year_kind": i.year_kind or None,
        "breakdowns": [{"id": b, "name_zh": i.breakdown_name(b).zh, "name_en": i.breakdown_name(b).en}
                       for b in i.breakdowns],
    }


class ParamsSerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text="YYYY-MM-DD (default: the latest daily snapshot, or today)")
    division = serializers.CharField(required=False, allow_blank=True, max_length=6,
                                     help_text="GB/T 2260 code of the jurisdiction (default 100000: national)")
    by = serializers.CharField(required=False, allow_blank=True,
                               help_text="division | level | type | category | year (as the indicator offers)")
    year = serializers.IntegerField(required=False, help_text="the year of a flow or the report year")
    base_year = serializers.IntegerField(required=False, help_text="REG-GROWTH: the base year (default: last year)")
    exact = serializers.BooleanField(required=False, default=False,
                                     help_text="recompute from the facts even when a snapshot of the day exists")
    download = serializers.ChoiceField(choices=["csv", "xlsx"], required=False)


def result_for(indicator_id, query_params):
    params = ParamsSerializer(data=query_params)
    params.is_valid(raise_exception=True)
    p = params.validated_data
    return evaluate(indicator_id, p.get("as_of") or default_day(), p.get("division"), p.get("by") or None,
                    p.get("year"), p.get("base_year"), exact=p.get("exact", False)), p.get("download")


def download_response(result, kind: str) -> HttpResponse:
    if kind == "xlsx":
        response = HttpResponse(export.as_xlsx(result),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    else:
        response = HttpResponse(export.as_csv(result), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename(result, kind)}"'
    return response


@extend_schema_view(get=extend_schema(tags=["stats"], summary="统计指标目录 / the indicator catalogue", operation_id="stats_indicators_list",
               description="Every indicator: id, names, unit, definition, formula and the breakdowns it offers.",
               responses={200: OpenApiTypes.OBJECT}))
class CatalogueView(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        return Response({"indicators": [indicator_dict(i) for i in CATALOGUE]})


@extend_schema_view(get=extend_schema(tags=["stats"], summary="统计指标取值 / an indicator as of a date", operation_id="stats_indicator",
               description="The indicator for the subtree of `division` as of `as_of`, broken down `by` one "
                           "dimension. `source` says whether the figures came from the day's snapshot or were "
                           "recomputed from the facts. `download=csv|xlsx` returns the same table as a file.",
               parameters=[ParamsSerializer, OpenApiParameter("id", str, OpenApiParameter.PATH)],
               responses={200: OpenApiTypes.OBJECT, **error_responses(400, 404)}))
class IndicatorView(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request, indicator_id):
        result, download = result_for(indicator_id, request.query_params)
        if download:
            return download_response(result, download)
        return Response({**result.as_dict(), "definition": indicator_dict(result.indicator)})


# --- KPI targets ----------------------------------------------------------------------------------------------

class TargetInSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=32)
    division = serializers.CharField(max_length=6)
    comparison = serializers.ChoiceField(choices=["at_least", "at_most"], default="at_least")
    target_value = serializers.DecimalField(max_digits=16, decimal_places=2)
    deadline = serializers.DateField()
    basis = serializers.CharField()


def target_dict(target) -> dict:
    from .kpi import progress

    p = progress(target)
    return {
        "id": target.pk, "indicator": target.indicator, "division": target.division_id,
        "comparison": target.comparison, "target_value": target.target_value, "deadline": target.deadline,
        "basis": target.basis, "recorded_on": target.recorded_on,
        "progress": {"as_of": p["as_of"], "value": p["value"], "meets": p["meets"], "gap": p["gap"],
                     "projected": p["projected"], "projected_meets": p["projected_meets"],
                     "series": [{"as_of": d, "value": v} for d, v in p["series"]],
                     "sub_jurisdictions": [{"division": r["key"], "name": r["label_zh"], "value": r["value"]}
                                           for r in p["sub_jurisdictions"]],
                     "organizations_count": p["organizations_count"],
                     "organizations": [{"code": o.code, "name": o.name} for o in p["organizations"]]},
    }


class StaffOnly(permissions.BasePermission):
    def has_permission(self, request, view):
        from accounts.jurisdiction import is_staff_user

        return is_staff_user(request.user)


@extend_schema_view(
    get=extend_schema(tags=["stats"], summary="KPI 目标 / KPI targets of the jurisdiction",
                      operation_id="stats_targets_list", responses={200: OpenApiTypes.OBJECT,
                                                                    **error_responses(401, 403)}),
    post=extend_schema(tags=["stats"], summary="记录 KPI 目标 / record a KPI target", operation_id="stats_targets_create",
                       request=TargetInSerializer, responses={201: OpenApiTypes.OBJECT,
                                                              **error_responses(400, 401, 403)}))
class TargetsView(APIView):
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def get(self, request):
        from .models import KpiTarget

        return Response({"targets": [target_dict(t) for t in KpiTarget.objects.visible_to(request.user)]})

    def post(self, request):
        from .services import record_target

        data = TargetInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = record_target(request.user, **data.validated_data)
        return Response(target_dict(target), status=201)


@extend_schema_view(get=extend_schema(tags=["stats"], summary="KPI 目标进度 / one target's progress", operation_id="stats_target",
               parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH)],
               responses={200: OpenApiTypes.OBJECT, **error_responses(401, 403, 404)}))
class TargetView(APIView):
    permission_classes = [permissions.IsAuthenticated, StaffOnly]

    def get(self, request, pk):
        from django.shortcuts import get_object_or_404

        from .models import KpiTarget

        return Response(target_dict(get_object_or_404(KpiTarget.objects.visible_to(request.user), pk=pk)))


# --- change feed ----------------------------------------------------------------------------------------------

class ChangesParams(serializers.Serializer):
    since = serializers.IntegerField(required=False, default=0, min_value=0,
                                     help_text="the last sequence number you have applied (0: from the start)")
    limit = serializers.IntegerField(required=False, default=1000, min_value=1, max_value=10000)


@extend_schema_view(get=extend_schema(tags=["stats"], summary="公开数据变更流 / every public change since a sequence number",
               description="Entries after `since`, in sequence order: `{seq, release, table, key, op, row}` with "
                           "`op` upsert (the whole new row) or delete. Sequence numbers are gap-free and stable; "
                           "follow `next` until it is null. Applying the entries of release N+1 to the tables of "
                           "release N gives release N+1 exactly.",
               operation_id="changes_list", parameters=[ChangesParams],
               responses={200: OpenApiTypes.OBJECT, **error_responses(400)}))
class ChangesView(APIView):
    permission_classes = [permissions.AllowAny]

    def get(self, request):
        from common.errors import RuleViolation

        from .models import ChangeEntry

        params = ChangesParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        since, limit = params.validated_data["since"], params.validated_data["limit"]
        head = ChangeEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        if since > head:
            raise RuleViolation.one("FEED-BEYOND-HEAD", "since", f"since={since} 超出变更流的最新序号 {head}",
                                    f"since={since} is beyond the head of the feed ({head})", value=str(since))
        entries = list(ChangeEntry.objects.filter(seq__gt=since).select_related("release").order_by("seq")[:limit])
        last = entries[-1].seq if entries else since
        next_url = None
        if last < head:
            next_url = request.build_absolute_uri(f"{request.path}?since={last}&limit={limit}")
        return Response({"since": since, "head": head, "next": next_url, "changes": [
            {"seq": e.seq, "release": e.release.release_id, "table": e.table, "key": e.key, "op": e.op, "row": e.row}
            for e in entries]})
