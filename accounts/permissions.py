"""The named role guards of every app's views and APIs, built with ``common.web`` from the one rule of who
is staff (``accounts.jurisdiction.is_staff_user``). Jurisdiction itself is checked by the querysets and the
services; these only say which roles get past the door."""

from common.web import user_permission, user_required

from .jurisdiction import is_staff_user


def is_supervisor(user) -> bool:
    """Business supervisor users (业务主管单位)."""
    return bool(user and user.is_authenticated and user.is_supervisor_user)


def is_reviewer(user) -> bool:
    """Who reviews annual reports: officers and administrators, and business supervisor users (初审 only)."""
    return is_staff_user(user) or is_supervisor(user)


staff_required = user_required(
    is_staff_user, "Login first; then only officers and administrators (an organization user gets 403).")
supervisor_required = user_required(
    is_supervisor, "Login first; then only business supervisor users (officers, administrators and organizations "
                   "get 403).")

IsStaff = user_permission(
    is_staff_user, doc="Signed-in officers and administrators (after IsAuthenticated has answered 401 to "
                       "anonymous callers; an organization user gets 403).")
StaffWrites = user_permission(
    is_staff_user, reads_open=True,
    doc="Reads as the view allows; writes by officers and administrators only (the service checks jurisdiction).")
IsReviewer = user_permission(is_reviewer, doc="Officers, administrators and business supervisor users.")
ReviewerWrites = user_permission(
    is_reviewer, reads_open=True,
    doc="Reads for whoever the view lets through; reviews by officers, administrators and business supervisors "
        "(the service lets a business supervisor record the first review of its own organizations only).")
