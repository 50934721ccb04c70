"""Sign-in events the audit log records (audit.apps connects them; accounts sits below audit)."""

from django.dispatch import Signal

# sender: the User class; kwargs: user, request, method ("totp")
second_factor_verified = Signal()
# kwargs: user, request
second_factor_failed = Signal()
