"""Web pages of beneficiaries and eligibility (item 6) and of the in-kind distribution ledger (item 7).

Public: what a project served (counts only), distribution programmes with their goods, shipments, receipts,
verification draw (seed, sample, re-run check), results, evaluation reports and coverage by county (page and CSV
with the same totals). The organization and the officers over it: eligibility rules, beneficiaries (ID numbers
masked), a beneficiary's disbursement, the programme's entries. Officers: government-aid lists, suspected
duplicates and their review, the verification draw and its results. Views parse input, call the services, render.
"""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.jurisdiction import is_staff_user
from common.errors import RuleViolation

from . import beneficiaries as bs
from . import distribution as ds
from . import forms_benef as f
from . import rules_beneficiaries as br
from .models import (
    AidList,
    Beneficiary,
    CharityProject,
    DistributionProgramme,
    DuplicateSuspect,
    EvaluationReport,
    LedgerTransaction,
    Shipment,
    VerificationDraw,
)
from .views import org_or_404, posted, require_acting, staff_required

T = "charity/"


def form_page(request, form, call, success, *, title, back, done, files=False, intro=""):
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = call(form)
            except RuleViolation as violation:
                form.show(violation)
                status = violation.status
            else:
                messages.success(request, done)
                return redirect(success(result))
        else:
            status = 400
    return render(request, T + "benef_form.html", {"form": form, "title": title, "back": back, "files": files,
                                                   "intro": intro}, status=status)


# --- beneficiaries ------------------------------------------------------------------------------------------

def _project(request, pk) -> CharityProject:
    project = CharityProject.objects.visible_to(request.user).select_related("organization", "plan").filter(
        pk=pk).first()
    if project is None:
        raise Http404
    return project


@login_required
def beneficiaries(request, pk):
    """The project's eligibility rules and beneficiaries (ID numbers masked), with suspected duplicates."""
    project = _project(request, pk)
    rule_set = bs.current_rules(project)
    rows = (Beneficiary.objects.filter(project=project).select_related("county")
            .prefetch_related("suspects__reviews").order_by("id"))
    return render(request, T + "beneficiaries.html", {
        "project": project, "rule_set": rule_set, "rule_lines": br.describe(rule_set.rules if rule_set else {}),
        "rows": rows, "served": bs.served(project),
        "acts": request.user.is_org_user or is_staff_user(request.user)})


@login_required
def project_rules(request, pk):
    project = _project(request, pk)
    require_acting(request.user)
    back = reverse("charity:beneficiaries", args=[project.pk])
    return form_page(request, f.RulesForm(posted(request)),
                     lambda form: bs.set_rules(request.user, project, form.cleaned_data), lambda r: back,
                     title=_("Eligibility rules of the project"), back=(back, project.name),
                     done=_("Eligibility rules recorded."))


@login_required
def admit(request, pk):
    project = _project(request, pk)
    require_acting(request.user)
    back = reverse("charity:beneficiaries", args=[project.pk])
    rule_set = bs.current_rules(project)
    intro = "；".join(zh for zh, _en in br.describe(rule_set.rules if rule_set else {}))
    return form_page(request, f.BeneficiaryForm(posted(request)),
                     lambda form: bs.admit(request.user, project, form.cleaned_data), lambda b: back,
                     title=_("Admit a beneficiary"), back=(back, project.name), done=_("Beneficiary admitted."),
                     intro=intro)


@login_required
def beneficiary_disburse(request, pk):
    beneficiary = Beneficiary.objects.visible_to(request.user).select_related("project").filter(pk=pk).first()
    if beneficiary is None:
        raise Http404
    require_acting(request.user)
    back = reverse("charity:beneficiaries", args=[beneficiary.project_id])
    return form_page(request, f.BeneficiaryDisbursementForm(posted(request)),
                     lambda form: bs.disburse_to(request.user, beneficiary, form.cleaned_data), lambda t: back,
                     title=_("Disburse the aid of %(id)s") % {"id": beneficiary.public_id},
                     back=(back, beneficiary.project.name), done=_("Disbursement recorded."))


def served(request, pk):
    """Public: what the project served, counts only (never names or numbers)."""
    project = CharityProject.objects.select_related("organization").filter(pk=pk).first()
    if project is None:
        raise Http404
    rule_set = bs.current_rules(project)
    txns = (LedgerTransaction.objects.filter(project=project, postings__account__public_id__startswith=f"{project.public_id}-B")
            .distinct().order_by("occurred_on", "id"))
    return render(request, T + "served.html", {
        "project": project, "served": bs.served(project), "transactions": txns,
        "rule_lines": br.describe(rule_set.rules if rule_set else {})})


@staff_required
def aid_lists(request):
    lists = AidList.objects.visible_to(request.user).select_related("authority")[:100]
    form = f.AidListForm()
    status = 200
    if request.method == "POST":
        from .api import _stored_upload

        form = f.AidListForm(request.POST, request.FILES)
        upload = request.FILES.get("file")
        if form.is_valid() and upload is not None:
            path = _stored_upload(upload)
            try:
                made = bs.import_aid_list(request.user, form.cleaned_data, path, file_name=upload.name)
            except RuleViolation as violation:
                form.show(violation)
                status = violation.status
            else:
                messages.success(request, _("Imported %(rows)s rows.") % {"rows": made.rows})
                return redirect("charity:aid_lists")
            finally:
                path.unlink(missing_ok=True)
        else:
            form.show(RuleViolation.one("REQUIRED", "file", "请选择文件", "choose a file"))
            status = 400
    return render(request, T + "aid_lists.html", {"lists": lists, "form": form}, status=status)


@staff_required
def suspects(request):
    rows = (DuplicateSuspect.objects.visible_to(request.user)
            .select_related("beneficiary__project", "beneficiary__organization").prefetch_related("reviews")
            .order_by("-id")[:200])
    return render(request, T + "suspects.html", {"rows": rows})


@staff_required
def suspect_review(request, pk):
    suspect = (DuplicateSuspect.objects.visible_to(request.user).select_related("beneficiary__project")
               .filter(pk=pk).first())
    if suspect is None:
        raise Http404
    back = reverse("charity:suspects")
    intro = (f"{suspect.beneficiary.public_id} · {suspect.earlier_label} · {suspect.earlier_on:%Y-%m-%d}")
    return form_page(request, f.ReviewForm(posted(request)),
                     lambda form: bs.review(request.user, suspect, outcome=form.cleaned_data["outcome"],
                                            reason=form.cleaned_data["reason"]), lambda r: back,
                     title=_("Review a suspected duplicate"), back=(back, _("Suspected duplicates")),
                     done=_("Review recorded."), intro=intro)


# --- distribution -------------------------------------------------------------------------------------------

def programmes(request):
    rows = DistributionProgramme.objects.select_related("organization").order_by("-starts_on", "-id")[:200]
    return render(request, T + "programmes.html", {"rows": rows})


def _public_programme(pk) -> DistributionProgramme:
    programme = DistributionProgramme.objects.select_related("organization", "project").filter(pk=pk).first()
    if programme is None:
        raise Http404
    return programme


def _acts(user, programme) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_org_user:
        return user.organization_id_bound == programme.organization_id
    return is_staff_user(user) and DistributionProgramme.objects.visible_to(user).filter(pk=programme.pk).exists()


def programme(request, pk):
    programme = _public_programme(pk)
    acts = _acts(request.user, programme)
    draws = []
    for made in programme.draws.order_by("id"):
        by_id = {i.pk: i for i in programme.institutions.filter(pk__in=made.targets)}
        results = {r.institution_id: r for r in made.results.all()}
        draws.append({"draw": made, "check": ds.verify_draw(made),
                      "targets": [(by_id[t], results.get(t)) for t in made.targets if t in by_id]})
    shipments = (Shipment.objects.filter(programme=programme)
                 .select_related("allocation__institution", "allocation__goods", "receipt").order_by("id"))
    rows, total = ds.coverage(programme)
    return render(request, T + "programme.html", {
        "programme": programme, "goods": ds.goods_totals(programme), "shipments": shipments, "draws": draws,
        "evaluations": programme.evaluations.all(), "total": total, "counties": rows, "acts": acts,
        "staff": acts and is_staff_user(request.user),
        "allocations": programme.allocations.select_related("institution", "goods").order_by("id")})


def coverage(request, pk):
    programme = _public_programme(pk)
    rows, total = ds.coverage(programme)
    return render(request, T + "coverage.html", {"programme": programme, "rows": rows, "total": total})


def coverage_csv(request, pk):
    programme = _public_programme(pk)
    rows, total = ds.coverage(programme)
    buffer = io.StringIO()
    out = csv.writer(buffer)
    out.writerow(["区县代码", "区县", "符合条件的机构", "已分配", "已发运", "已收到", "尚未收到", "在院人数", "已覆盖人数",
                  "尚未收到的机构编号"])
    for row in rows:
        out.writerow([row.code, row.name, row.eligible, row.allocated, row.shipped, row.received, row.not_received,
                      row.residents, row.residents_reached, " ".join(i.stable_id for i in row.waiting)])
    out.writerow(["合计", "", total.eligible, total.allocated, total.shipped, total.received, total.not_received,
                  total.residents, total.residents_reached, ""])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="coverage-{programme.public_id}.csv"'
    return response


def evaluation_file(request, pk):
    report = EvaluationReport.objects.filter(pk=pk).first()
    if report is None:
        raise Http404
    return FileResponse(report.file.open("rb"), content_type=report.content_type, as_attachment=False,
                        filename=report.file_name)


def _programme_acting(request, pk) -> DistributionProgramme:
    programme = DistributionProgramme.objects.visible_to(request.user).select_related("organization").filter(
        pk=pk).first()
    if programme is None:
        raise Http404
    require_acting(request.user)
    return programme


def _back(programme):
    return reverse("charity:programme", args=[programme.pk]), programme.name


@login_required
def new_programme(request, code):
    org = org_or_404(request.user, code)
    require_acting(request.user)
    return form_page(request, f.ProgrammeForm(posted(request)),
                     lambda form: ds.create_programme(request.user, org, form.data_for_service()),
                     lambda p: reverse("charity:programme", args=[p.pk]), title=_("New distribution programme"),
                     back=(reverse("charity:organization", args=[org.code]), org.name),
                     done=_("Programme created."))


@login_required
def programme_institution(request, pk):
    programme = _programme_acting(request, pk)
    back = _back(programme)
    return form_page(request, f.InstitutionForm(posted(request)),
                     lambda form: ds.add_institutions(request.user, programme, [form.cleaned_data]),
                     lambda r: back[0], title=_("Add an eligible institution"), back=back,
                     done=_("Institution added."))


@login_required
def allocate(request, pk):
    programme = _programme_acting(request, pk)
    back = _back(programme)
    form = f.AllocationForm(posted(request), goods=programme.goods.all())
    return form_page(request, form, lambda form: ds.allocate(request.user, programme, form.cleaned_data),
                     lambda r: back[0], title=_("Allocate goods"), back=back, done=_("Allocation recorded."))


@login_required
def ship(request, pk):
    programme = _programme_acting(request, pk)
    back = _back(programme)
    form = f.ShipmentForm(posted(request), allocations=programme.allocations.select_related("institution", "goods"))
    return form_page(request, form, lambda form: ds.ship(request.user, programme, form.cleaned_data),
                     lambda r: back[0], title=_("Record a shipment"), back=back, done=_("Shipment recorded."))


@login_required
def confirm_receipt(request, pk):
    shipment = (Shipment.objects.visible_to(request.user).select_related("programme", "allocation__institution")
                .filter(pk=pk).first())
    if shipment is None:
        raise Http404
    require_acting(request.user)
    back = _back(shipment.programme)
    return form_page(request, f.ReceiptForm(posted(request)),
                     lambda form: ds.confirm_receipt(request.user, shipment, form.cleaned_data), lambda r: back[0],
                     title=_("Confirm the receipt of %(id)s") % {"id": shipment.public_id}, back=back,
                     done=_("Receipt confirmed."),
                     intro=f"{shipment.allocation.institution.name} · {shipment.quantity}")


@login_required
def evaluation_new(request, pk):
    programme = _programme_acting(request, pk)
    back = _back(programme)
    form = f.EvaluationForm(request.POST or None, request.FILES or None) if request.method == "POST" else \
        f.EvaluationForm()
    return form_page(request, form,
                     lambda form: ds.add_evaluation(request.user, programme, form.cleaned_data,
                                                    request.FILES.get("file")), lambda r: back[0],
                     title=_("Add a third-party evaluation report"), back=back, done=_("Report added."), files=True)


@staff_required
def programme_draw(request, pk):
    programme = DistributionProgramme.objects.visible_to(request.user).filter(pk=pk).first()
    if programme is None:
        raise Http404
    back = _back(programme)
    return form_page(request, f.DrawForm(posted(request)),
                     lambda form: ds.draw(request.user, programme, form.cleaned_data), lambda r: back[0],
                     title=_("Draw the verification sample"), back=back, done=_("Sample drawn and published."),
                     intro=_("%(n)s institutions have confirmed a receipt.") % {
                         "n": len(ds.draw_candidates(programme))})


@staff_required
def draw_result(request, pk):
    made = VerificationDraw.objects.visible_to(request.user).select_related("programme").filter(pk=pk).first()
    if made is None:
        raise Http404
    back = _back(made.programme)
    form = f.VerificationForm(posted(request), institutions=made.programme.institutions.filter(pk__in=made.targets))
    return form_page(request, form, lambda form: ds.record_verification(request.user, made, form.cleaned_data),
                     lambda r: back[0], title=_("Record a verification result"), back=back,
                     done=_("Verification result recorded."))

