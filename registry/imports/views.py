"""Staff pages for bulk import (upload, preview of every problem, confirm, progress) and export downloads.

Views parse and render only: the work is registry.imports.tasks, .run and .export. An upload is
validated at once (inline, or on a Celery worker when one is configured) and the job page lists every
problem; nothing is written until the user confirms a clean file. Progress is polled with htmx.
"""

import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.permissions import staff_required

from ..models import ImportJob, Level, OrgType, Status
from . import export as exporter
from . import tasks

ENCODINGS = [("", _("Detect automatically")), ("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030")]
ACTIVE_STATES = (ImportJob.State.PENDING, ImportJob.State.VALIDATING, ImportJob.State.RUNNING)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.csv or .xlsx)"))
    encoding = forms.ChoiceField(label=_("Encoding of a CSV file"), choices=ENCODINGS, required=False)
    upsert = forms.BooleanField(label=_("Update organizations already registered (matched by USCC)"),
                                required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=[("csv", "CSV (Excel)"), ("xlsx", "Excel .xlsx"),
                                                           ("jsonl", "JSON Lines")], initial="csv")
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All"))] + list(OrgType.choices))
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + list(Status.choices))
    level = forms.ChoiceField(label=_("Registration level"), required=False,
                              choices=[("", _("All"))] + list(Level.choices))
    division = forms.CharField(label=_("Division code (with everything below it)"), required=False, max_length=6)
    as_of = forms.DateField(label=_("As of date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def visible_jobs(user):
    jobs = ImportJob.objects.select_related("created_by")
    return jobs if user.is_admin else jobs.filter(created_by=user)


def _job_or_404(request, pk) -> ImportJob:
    job = visible_jobs(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


@staff_required
@require_http_methods(["GET", "POST"])
def index(request):
    """Upload a file; recent jobs; the export form."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = tasks.store_upload(form.cleaned_data["file"], user=request.user, upsert=form.cleaned_data["upsert"],
                                 encoding=form.cleaned_data["encoding"])
        tasks.start_validation(job)
        return redirect("imports:job", pk=job.pk)
    return render(request, "registry/import_list.html", {
        "form": form, "export_form": ExportForm(), "jobs": visible_jobs(request.user)[:20],
    })


@staff_required
def job(request, pk):
    """One job: state, progress, and every problem found (the first 1000 here, all in the CSV report)."""
    job = _job_or_404(request, pk)
    return render(request, "registry/import_job.html", {
        "job": job, "progress": tasks.progress_of(job), "polling": job.state in ACTIVE_STATES,
        "has_report": tasks.error_report_path(job).exists() and (
            job.error_count > 0 or bool((job.summary or {}).get("warnings"))),
    })


@staff_required
def progress(request, pk):
    """The progress fragment (htmx polls it while the job runs; when it ends the page reloads)."""
    job = _job_or_404(request, pk)
    response = render(request, "registry/_import_progress.html", {
        "job": job, "progress": tasks.progress_of(job), "polling": job.state in ACTIVE_STATES,
    })
    if job.state not in ACTIVE_STATES and request.headers.get("HX-Request") and request.GET.get("was") == "active":
        response["HX-Refresh"] = "true"
    return response


@staff_required
@require_POST
def confirm(request, pk):
    """Import a file whose preview showed no problem."""
    job = _job_or_404(request, pk)
    if job.state not in (ImportJob.State.READY, ImportJob.State.FAILED):
        messages.error(request, _("Only a validated file without problems can be imported."))
        return redirect("imports:job", pk=job.pk)
    tasks.start_apply(job)
    return redirect("imports:job", pk=job.pk)


@staff_required
def errors_csv(request, pk):
    """Every problem of the job's last run, as CSV for Excel."""
    job = _job_or_404(request, pk)
    path = tasks.error_report_path(job)
    if not path.exists():
        raise Http404
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"import-{job.pk}-errors.csv",
                         content_type="text/csv; charset=utf-8")


@staff_required
def export(request):
    """Download the register visible to the user (filters as on the form), streamed."""
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "registry/export_form.html", {"export_form": form}, status=400)
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    fmt = data.pop("format", "csv")
    if "as_of" in data:
        data["as_of"] = data["as_of"].isoformat()
    filters, problems = exporter.parse_filters(data)
    if problems:
        for problem in problems:
            form.add_error(None, f"{problem.zh} / {problem.en}")
        return render(request, "registry/export_form.html", {"export_form": form}, status=400)
    return export_response(fmt, filters, request.user)


def export_response(fmt: str, filters: exporter.ExportFilters, user):
    """The export as a download: CSV and JSON Lines stream; xlsx is built in a temporary file first."""
    name = exporter.file_name(fmt, filters)
    keys = exporter.keys_for(False)
    rows = exporter.export_rows(filters, user=user)
    if fmt == "xlsx":
        handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
        exporter.write_xlsx(rows, keys, Path(handle.name))
        handle.seek(0)
        return FileResponse(handle, as_attachment=True, filename=name, content_type=exporter.CONTENT_TYPES[fmt])
    chunks = exporter.csv_chunks(rows, keys) if fmt == "csv" else exporter.jsonl_chunks(rows, keys)
    response = StreamingHttpResponse(chunks, content_type=exporter.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
