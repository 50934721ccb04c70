from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.permissions import staff_required
from common.web import submit_form, visible_or_404
from supervision.models import (
    Penalty,
)
from supervision.web import PAGE_SIZE, staff_organization

from . import services
from .forms import PenaltyForm


@staff_required
def penalty_new(request, code):
    org = staff_organization(request.user, code)
    form = PenaltyForm(request.POST or None, initial={"department_kind": "civil_affairs"})
    status = 200
    if request.method == "POST" and form.is_valid():
        response, status = submit_form(form, request, lambda: services.record_penalty(request.user, org, form.raw()),
                                   lambda p: _("Recorded: %(penalty)s, decision %(number)s.")
                                   % {"penalty": p.get_kind_display(), "number": p.decision_number},
                                   lambda p: ("reports:penalty", p.pk))
        if response is not None:
            return response
    elif request.method == "POST":
        status = 400
    return render(request, "supervision/penalties/penalty_form.html", {"org": org, "form": form}, status=status)


@staff_required
def penalties(request):
    rows = Penalty.objects.visible_to(request.user).select_related("organization").order_by("-decided_on", "-id")
    return render(request, "supervision/penalties/penalties.html", {
        "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))})


@staff_required
def penalty(request, pk):
    row = visible_or_404(Penalty.objects.visible_to(request.user).select_related("organization", "registration_event"), pk=pk)
    return render(request, "supervision/penalties/penalty.html", {"penalty": row, "org": row.organization})
