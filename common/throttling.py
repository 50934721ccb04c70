"""API rate limits: one anonymous and one signed-in throttle for every API endpoint, kept in the shared cache
(Redis when ``SOCORG_CACHE_URL`` or ``REDIS_URL`` is set, otherwise Django's database cache), so every gunicorn
worker and every app server counts the same requests.

* Anonymous callers are counted per client address (scope ``anon``), signed-in callers per user (``user``).
* The rates are the settings ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (environment
  ``SOCORG_THROTTLE_ANON`` / ``SOCORG_THROTTLE_USER``, e.g. ``2000/hour``; ``off`` disables one), read at each
  request so ``override_settings`` applies.
* A view may say that one request costs more than one (``throttle_cost(request)``): the bulk check counts each
  name or code of the batch.
* Over the limit: 429 with ``Retry-After`` (seconds) and the bilingual error body (common.api_errors, THROTTLED).
"""

from rest_framework import throttling
from rest_framework.settings import api_settings

from common.errors import RuleViolation


class _CostedThrottle(throttling.SimpleRateThrottle):
    """SimpleRateThrottle whose rate is read at each request and whose request may count more than once."""

    def __init__(self):  # the rate is read in allow_request, not once at construction
        pass

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        cost_of = getattr(view, "throttle_cost", None)
        self.cost = max(1, int(cost_of(request))) if cost_of else 1
        if self.cost > self.num_requests:
            raise RuleViolation.one(
                "THROTTLE-BATCH", None,
                f"本次请求计 {self.cost} 次查询，超过每个周期 {self.num_requests} 次的上限（{self.rate}），请分批提交",
                f"this request counts as {self.cost} queries, more than the limit of {self.num_requests} per period "
                f"({self.rate}): split it", status=429)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]
        if len(self.history) + self.cost > self.num_requests:
            return self.throttle_failure()
        self.history[:0] = [self.now] * self.cost
        self.cache.set(self.key, self.history, self.duration)
        return True

    def wait(self):
        """Seconds until enough of the counted requests have expired for this one to fit."""
        must_expire = len(self.history) + self.cost - self.num_requests  # history is newest first
        oldest_needed = self.history[len(self.history) - must_expire]
        return max(1.0, oldest_needed + self.duration - self.now)


class AnonymousThrottle(_CostedThrottle):
    """Anonymous callers, per client address (REMOTE_ADDR, or X-Forwarded-For behind NUM_PROXIES proxies)."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SignedInThrottle(_CostedThrottle):
    """Signed-in callers (token or session), per user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
