"""API for bulk import and export (staff only).

POST /api/v1/imports/ takes a multipart upload (``file``, ``dry_run``, ``upsert``, ``encoding``) and answers
with the job: with a problem in the file, 400 and every problem in ``errors`` (the API's error shape, plus
``row`` and ``value``); a dry run or an import that went through, 200 / 201; on a Celery worker, 202, and the
client polls GET /api/v1/imports/{id}/. GET /api/v1/exports/?format=csv|xlsx|jsonl streams the register the
user may see, with the filters type, status, level, division and as_of.
"""

from django.conf import settings
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import parsers, renderers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from common.errors import RuleViolation

from ..models import ImportJob
from . import export, tasks
from .views import export_response, visible_jobs


class ImportJobSerializer(serializers.ModelSerializer):
    # A plain string in the schema: other apps' "state" enums would otherwise collide with this one's name.
    state = serializers.CharField(read_only=True, help_text="pending, validating, invalid (has errors), ready "
                                  "(validated, waiting for confirmation), running, done, failed")
    progress = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = ["id", "url", "state", "file_name", "encoding", "upsert", "total_rows", "processed_rows",
                  "error_count", "errors", "summary", "progress", "created_at", "finished_at"]

    def get_progress(self, job) -> dict:
        return tasks.progress_of(job)

    def get_url(self, job) -> str:
        from django.urls import reverse

        return reverse("api-import-detail", kwargs={"pk": job.pk})


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=False)
    upsert = serializers.BooleanField(default=False)
    encoding = serializers.ChoiceField(choices=["", "utf-8", "utf-8-sig", "gbk", "gb18030", "gb2312"], default="",
                                       required=False)

    def validate_file(self, upload):
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise RuleViolation.one("IMPORT-FORMAT", "file", "应上传 .csv 或 .xlsx 文件", "upload a .csv or .xlsx file",
                                    value=upload.name)
        return upload


class ImportList(APIView):
    permission_classes = [IsStaff]
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]

    @extend_schema(
        summary="Import a register file (all or nothing)",
        request={"multipart/form-data": ImportUploadSerializer},
        responses={200: ImportJobSerializer, 201: ImportJobSerializer, 202: ImportJobSerializer,
                   400: OpenApiResponse(ImportJobSerializer, description="the file has problems: every one is "
                                        "in `errors`, with its row, column (`field`), value and rule (`code`)")},
    )
    def post(self, request):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        job = tasks.store_upload(data["file"], user=request.user, upsert=data["upsert"], encoding=data["encoding"])
        job.summary = {"dry_run": data["dry_run"]}
        job.save(update_fields=["summary"])
        tasks.start_validation(job, then_apply=not data["dry_run"])
        job.refresh_from_db()
        if not settings.CELERY_TASK_ALWAYS_EAGER and job.state in (ImportJob.State.PENDING,
                                                                    ImportJob.State.VALIDATING):
            code = status.HTTP_202_ACCEPTED
        elif job.state == ImportJob.State.INVALID:
            code = status.HTTP_400_BAD_REQUEST
        elif job.state == ImportJob.State.DONE:
            code = status.HTTP_201_CREATED
        elif job.state == ImportJob.State.FAILED:
            code = status.HTTP_500_INTERNAL_SERVER_ERROR
        else:
            code = status.HTTP_200_OK
        return Response(ImportJobSerializer(job).data, status=code)


class ImportDetail(APIView):
    permission_classes = [IsStaff]

    @extend_schema(summary="An import job: state, progress, counts and every problem (first 1000)",
                   responses={200: ImportJobSerializer})
    def get(self, request, pk):
        job = visible_jobs(request.user).filter(pk=pk).first()
        if job is None:
            raise Http404
        return Response(ImportJobSerializer(job).data)


class _FileRenderer(renderers.BaseRenderer):
    """Lets ?format=csv|xlsx|jsonl through content negotiation; the view returns the file itself."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):  # only used for error bodies
        import json

        return json.dumps(data, ensure_ascii=False).encode("utf-8")


class CsvRenderer(_FileRenderer):
    media_type, format = "text/csv", "csv"


class XlsxRenderer(_FileRenderer):
    media_type, format = export.CONTENT_TYPES["xlsx"], "xlsx"


class JsonLinesRenderer(_FileRenderer):
    media_type, format = "application/x-ndjson", "jsonl"


class ExportView(APIView):
    permission_classes = [IsStaff]
    renderer_classes = [CsvRenderer, renderers.JSONRenderer, XlsxRenderer, JsonLinesRenderer]

    def perform_content_negotiation(self, request, force=False):
        # ``format`` names the export's file format, not a renderer: the file is returned as it is, and any
        # error is JSON in the API's error shape.
        return renderers.JSONRenderer(), "application/json"

    @extend_schema(
        summary="Export the register you may see (streamed)",
        parameters=[
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(export.FORMATS), description="default csv"),
            OpenApiParameter("type", OpenApiTypes.STR, description="social_group, social_service_agency, "
                             "foundation, community_org (or 社会团体 …)"),
            OpenApiParameter("status", OpenApiTypes.STR, description="active, deregistered, revoked, "
                             "certificate_cancelled (or 正常, 注销, 撤销, 吊销)"),
            OpenApiParameter("level", OpenApiTypes.STR, description="national, provincial, city, county"),
            OpenApiParameter("division", OpenApiTypes.STR, description="division code: that authority and below"),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="the register as it stood on this date"),
        ],
        responses={(200, "text/csv"): OpenApiTypes.BINARY,
                   400: inline_serializer("ExportErrors", {"errors": serializers.ListField()})},
    )
    def get(self, request):
        fmt = request.query_params.get("format") or "csv"
        if fmt not in export.FORMATS:
            raise RuleViolation.one("EXPORT-FORMAT", "format", "导出格式应为 csv、xlsx 或 jsonl",
                                    "format must be csv, xlsx or jsonl", value=fmt)
        filters, problems = export.parse_filters(request.query_params)
        if problems:
            raise RuleViolation(problems)
        return export_response(fmt, filters, request.user)
