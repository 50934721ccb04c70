"""Web pages' answer to refused input: the bilingual problems of a :class:`common.errors.RuleViolation` on the
error page (``400.html``), with its status."""

from django.shortcuts import render

from common.errors import RuleViolation


def problem_response(request, violation: RuleViolation):
    return render(request, "400.html", {"problems": violation.problems}, status=violation.status)
