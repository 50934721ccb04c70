"""socorg settings. Everything that differs between machines comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from common.cache_config import cache_settings, rate_setting

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SOCORG_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("SOCORG_DEBUG", False)
# The development key only ever signs demo sessions; production must set SOCORG_SECRET_KEY.
SECRET_KEY = os.environ.get("SOCORG_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
# Key for personal ID numbers at rest (Fernet, urlsafe base64 of 32 bytes) and for their keyed search hash.
FIELD_ENCRYPTION_KEY = os.environ.get("SOCORG_FIELD_KEY", "")
# Backups (operations/backup.py): archives are encrypted under this key (falls back to the field key, then the
# secret key: a restore needs the same key); written to BACKUP_DIR.
BACKUP_KEY = os.environ.get("SOCORG_BACKUP_KEY", "")
BACKUP_DIR = Path(os.environ.get("SOCORG_BACKUP_DIR", VAR_DIR / "backups"))
# Audit events are kept at least six months (网络安全法 Art. 21); a longer period may be set, never a shorter one.
AUDIT_RETENTION_DAYS = int(os.environ.get("SOCORG_AUDIT_RETENTION_DAYS", "183"))
ALLOWED_HOSTS = os.environ.get("SOCORG_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("SOCORG_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "common",
    "divisions",
    "accounts",
    "audit",
    "registry",
    "supervision",
    "credit",
    "charity",
    "exchange",
    "engagement",
    "stats",
    "portal",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "socorg.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "audit.middleware.RequestContextMiddleware",
    "operations.replicas.ReplicaReadsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
]

ROOT_URLCONF = "socorg.urls"
WSGI_APPLICATION = "socorg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context.site",
                "portal.context.navigation",
            ],
        },
    },
]

DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'socorg.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", DEFAULT_SQLITE), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the public read while an officer writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
        "transaction_mode": "IMMEDIATE",
    }
# A read replica (PostgreSQL streaming replica): anonymous GET requests read from it (operations/replicas.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["operations.replicas.PublicReadsToReplica"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": int(os.environ.get("SOCORG_PASSWORD_MIN_LENGTH", "8"))}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in security (GB/T 22239-2019 level 3; accounts/two_factor.py). Failed sign-ins lock the username after
# SOCORG_LOGIN_FAILURE_LIMIT attempts for SOCORG_LOCKOUT_MINUTES (django-axes); an administrator unlocks earlier
# with `manage.py axes_reset_username NAME` or in the admin site (Access attempts). Sessions end after
# SOCORG_SESSION_IDLE_MINUTES without a request, and when the browser closes.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("SOCORG_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SOCORG_LOCKOUT_MINUTES", "30")))
# By username: offices reach the platform through shared addresses, and locking an address would lock an office.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # the warning that the lockout is not also by address (chosen, above)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = 60 * int(os.environ.get("SOCORG_SESSION_IDLE_MINUTES", "30"))
SESSION_SAVE_EVERY_REQUEST = True  # the idle timer restarts with every request
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OTP_TOTP_ISSUER = "socorg 社会组织登记管理平台"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "common.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    # Rate limits (common/throttling.py), counted in the shared cache below; "off" disables one.
    "DEFAULT_THROTTLE_CLASSES": ["common.throttling.AnonymousThrottle", "common.throttling.SignedInThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": rate_setting(os.environ.get("SOCORG_THROTTLE_ANON"), "2000/hour"),
        "user": rate_setting(os.environ.get("SOCORG_THROTTLE_USER"), "20000/hour"),
    },  # shown in the OpenAPI description below
    "NUM_PROXIES": int(os.environ["SOCORG_NUM_PROXIES"]) if os.environ.get("SOCORG_NUM_PROXIES") else None,
}
# Redis when SOCORG_CACHE_URL / REDIS_URL is set, else the database cache (table made by `make db`).
CACHES = cache_settings(os.environ)
SPECTACULAR_SETTINGS = {
    "TITLE": "socorg API",
    "DESCRIPTION": (
        "社会组织登记管理与公示 API / Social-organization register API\n\n"
        "**Rate limits / 访问频率限制.** Every endpoint counts requests per client address for anonymous callers "
        "and per user for signed-in callers (token or session), in a cache shared by all servers. On this "
        f"server: {REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['anon'] or 'no limit'} anonymous, "
        f"{REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['user'] or 'no limit'} signed in (settings "
        "`SOCORG_THROTTLE_ANON`, `SOCORG_THROTTLE_USER`; defaults 2000/hour and 20000/hour). The bulk check "
        "(`POST /api/v1/public/check/`) counts each name or code of the batch. Over the limit the answer is `429` with a `Retry-After` header (seconds) and the error body "
        "`{\"errors\": [{\"code\": \"THROTTLED\", ...}]}`; a single batch larger than the whole limit is `429` "
        "`THROTTLE-BATCH` (split it). 匿名访问按来源地址、登录用户按账号计数；批量查询每个名称计一次；超限返回 429 和 "
        "Retry-After。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Organizations and divisions both have `level` and `status` with different choices: name them.
    "ENUM_NAME_OVERRIDES": {
        "DivisionLevelEnum": "divisions.models.Level",
        "DivisionStatusEnum": "divisions.models.Status",
        "OrganizationLevelEnum": "registry.models.Level",
        "OrganizationStatusEnum": "registry.models.Status",
    },
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SOCORG_LOG_LEVEL", "WARNING")},
}

# ---------------------------------------------------------------------------------------------
# Domain settings (DOMAIN.md). Each is a default; [unconfirmed] facts are named so that the
# explanation of a decision can cite the setting it used.
SOCORG = {
    # DOMAIN §1.2: only 民政部 or a provincial department registers foundations; some provinces have
    # delegated downwards [unconfirmed], so the allowed levels are a setting.
    "FOUNDATION_REGISTRATION_LEVELS": ["national", "provincial"],
    # DOMAIN §2.1: which organization types may carry category '9' (其他) [unconfirmed].
    "USCC_CATEGORY_9_TYPES": ["social_group", "social_service_agency", "foundation"],
    # Demo data is loaded by `make run` and flagged on every page that shows it.
    "SHOW_DEMO_BANNER": True,
    # Officers and administrators sign in with a one-time code as well (TOTP); on unless SOCORG_REQUIRE_STAFF_2FA=0.
    "REQUIRE_STAFF_2FA": os.environ.get("SOCORG_REQUIRE_STAFF_2FA", "1") == "1",
    # Days a password stays valid; 0: no expiry (the default adds no condition of its own).
    "PASSWORD_MAX_AGE_DAYS": int(os.environ.get("SOCORG_PASSWORD_MAX_AGE_DAYS", "0")),
}
