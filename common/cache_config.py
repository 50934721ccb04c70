"""Cache and rate-limit settings from the environment (imported by socorg/settings.py: no Django or DRF import
here). The shared cache holds the API rate-limit counters (common/throttling.py)."""

from urllib.parse import urlparse

CACHE_TABLE = "socorg_cache"


def cache_settings(environ) -> dict:
    """``CACHES`` from the environment: Redis at SOCORG_CACHE_URL (or REDIS_URL), else the database cache."""
    url = environ.get("SOCORG_CACHE_URL") or environ.get("REDIS_URL") or ""
    if url:
        scheme = urlparse(url).scheme
        if scheme not in ("redis", "rediss", "unix"):
            raise ValueError(f"SOCORG_CACHE_URL must be a redis:// URL, not {scheme or url!r}")
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url,
                            "KEY_PREFIX": environ.get("SOCORG_CACHE_PREFIX", "socorg")}}
    return {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": CACHE_TABLE}}


def rate_setting(value: str | None, default: str) -> str | None:
    value = (value if value is not None else default).strip()
    return None if value.lower() in ("", "off", "none", "0") else value
