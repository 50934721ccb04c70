"""The web and API kit every app uses: role guards for views and DRF, ``visible_or_404`` and the form-action
helper. Who counts as staff is decided once, in ``accounts.jurisdiction``; the named guards built from it
(``staff_required``, ``IsStaff``, ``StaffWrites`` …) are in ``accounts/permissions.py``, since common sits below
accounts. The templates are ``{% render_field %}`` (``common/templatetags/fields.py``, one field partial
``common/_field.html``), ``common/_problems.html`` and the generic form page ``common/form_page.html``. ``problem_response`` is the web pages' answer to refused input: the bilingual
problems of a RuleViolation on the error page (``400.html``), with its status."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from rest_framework import permissions

from common.errors import RuleViolation


def user_required(predicate, doc: str = ""):
    """A view decorator: login first (anonymous → the sign-in page); then 403 unless ``predicate(user)``."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    decorator.__doc__ = doc
    return decorator


def user_permission(predicate, *, reads_open: bool = False, doc: str = ""):
    """A DRF permission class: ``predicate(request.user)``; with ``reads_open`` the safe methods pass whatever the
    user (the view's other permissions and querysets decide reads)."""

    def has_permission(self, request, view):
        return (reads_open and request.method in permissions.SAFE_METHODS) or bool(predicate(request.user))

    return type(predicate.__name__.title().replace("_", ""), (permissions.BasePermission,),
                {"has_permission": has_permission, "__doc__": doc})


def visible_or_404(queryset, user=None, pk=None, *, error=None, **lookup):
    """The one object of ``queryset`` (narrowed to ``user``'s scope when given) that matches ``pk``/``lookup``;
    404 otherwise, never 403: nothing is confirmed outside the user's scope. ``error`` builds the refusal to
    raise instead of ``Http404`` (an API's bilingual NOT-FOUND)."""
    if user is not None:
        queryset = queryset.visible_to(user)
    if pk is not None:
        lookup["pk"] = pk
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise error() if error is not None else Http404
    return obj


def submit_form(form, request, action, success_message, target):
    """Run ``action()`` for a valid form. On a RuleViolation show its problems on ``form`` and return
    ``(None, status)``; otherwise flash ``success_message(result)`` and return ``(redirect, 200)`` to
    ``target(result)`` (a URL name with arguments as a tuple, or a URL)."""
    try:
        result = action()
    except RuleViolation as violation:
        form.show(violation)
        return None, violation.status
    messages.success(request, success_message(result))
    where = target(result)
    return (redirect(*where) if isinstance(where, tuple) else redirect(where)), 200


def problem_response(request, violation: RuleViolation):
    return render(request, "400.html", {"problems": violation.problems}, status=violation.status)
