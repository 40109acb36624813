"""Settings for every environment, read from the environment (django-environ).

Development, test and production differ only by environment variables; ``CIVIC_ENV``
picks secure defaults for production (see README: "Environment variables").
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

CIVIC_ENV = env.str("CIVIC_ENV", default="development")
if CIVIC_ENV not in {"development", "test", "production"}:
    raise environ.ImproperlyConfigured("CIVIC_ENV must be development, test or production")
PRODUCTION = CIVIC_ENV == "production"

DEBUG = env.bool("DEBUG", default=CIVIC_ENV == "development")
# Production refuses to start without real secrets; development gets a fixed local key.
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
    CENSUS_HASH_KEY = env.str("CENSUS_HASH_KEY")
    BALLOT_KEY = env.str("BALLOT_KEY")
    RESPONSE_KEY = env.str("RESPONSE_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-" + "x" * 40)
    CENSUS_HASH_KEY = env.str("CENSUS_HASH_KEY", default="dev-only-census-key")
    BALLOT_KEY = env.str("BALLOT_KEY", default="dev-only-ballot-key")
    # Links an anonymous consultation response to its author's edits; never in the database.
    RESPONSE_KEY = env.str("RESPONSE_KEY", default="dev-only-response-key")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "civic.accounts",
    "civic.places",
    "civic.notifications",
    "participation",
    "budgeting",
    "civic.statistics",
    "civic.opendata",
    "civic.search",
    "civic.sdg",
    "civic.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civic.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "civic.accounts.middleware.StaffMfaMiddleware",
]

ROOT_URLCONF = "civic.urls"
WSGI_APPLICATION = "civic.wsgi.application"

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
                "csp.context_processors.nonce",
                "civic.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# The hot hand-written statements (sessions, users, ballots) are prepared on persistent
# connections (civic/db_prepared.py); off behind a pooler that cannot carry them.
DB_PREPARED_STATEMENTS = env.bool("DB_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the web process and the Celery worker share the file;
    # IMMEDIATE transactions take the write lock at BEGIN, so a second writer waits for it
    # instead of failing with "database is locked" when it upgrades a read.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "civic.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="civic"),
            # Give up on an unreachable Redis quickly: the cache fails open.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's and allauth's backends, loading the signed-in user with one statement:
    "civic.auth_backends.ModelBackend",
    "civic.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if CIVIC_ENV == "test"
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"

# django-allauth: email login, verification mandatory before participating, MFA for staff.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_ADAPTER = "civic.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "civic.accounts.forms.SignupExtraForm"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",  # a rate limit, not a password  # nosec B105
    "reset_password_from_key": "20/m/ip",  # a rate limit, not a password  # nosec B105
    "change_password": "5/m/user",  # a rate limit, not a password  # nosec B105
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Civic Square] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Civic Square"
HEADLESS_CLIENTS = ("app", "browser")
HEADLESS_SERVE_SPECIFICATION = True
SESSION_ENGINE = "civic.sessions"
# One query per API request for the session (a class path, not a secret):
HEADLESS_TOKEN_STRATEGY = "civic.api_tokens.SessionTokenStrategy"  # noqa: S105  # nosec B105
# Links in email point at this site's own allauth pages, for web and app sign-ups alike.
# Staff roles grant their powers only to accounts with an active second factor.
CIVIC_STAFF_MFA_REQUIRED = env.bool("CIVIC_STAFF_MFA_REQUIRED", default=True)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
CENSUS_MAX_UPLOAD_BYTES = env.int("CENSUS_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)

# Email: rendered in the request, delivered by a Celery task (never inside a request).
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://localhost:25"
)
EMAIL_BACKEND = EMAIL_CONFIG["EMAIL_BACKEND"]
EMAIL_HOST = EMAIL_CONFIG.get("EMAIL_HOST", "")
EMAIL_PORT = EMAIL_CONFIG.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = EMAIL_CONFIG.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = EMAIL_CONFIG.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = EMAIL_CONFIG.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Civic Square <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Celery on Redis. Without Redis (the embedded default) tasks run eagerly, in process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A broker outage must not hang a request: hand-over fails fast, the outbox relay retries.
CELERY_BROKER_TRANSPORT_OPTIONS.update({"socket_connect_timeout": 2})
# Notifications: emails per delivery batch (one task, one SMTP connection); lease per batch.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=2000)
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=660)
# Recipients per fan-out transaction (rounded to whole batches); each chunk's batches
# leave as it commits.
NOTIFICATIONS_FANOUT_CHUNK = env.int("NOTIFICATIONS_FANOUT_CHUNK", default=5000)
# Participation report PDFs rendered per person (or address) in ten minutes; a report
# already rendered is served from the cache and does not count.
STATISTICS_PDF_RENDERS_PER_WINDOW = env.int("STATISTICS_PDF_RENDERS_PER_WINDOW", default=6)

# Django REST framework: deny by default; one error shape (RFC 9457 problem details).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "civic.api_auth.SessionTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "civic.api_pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "civic.api_problems.problem_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON", default="120/min"),
        "user": env.str("THROTTLE_USER", default="600/min"),
        "writes": env.str("THROTTLE_WRITES", default="60/min"),
        "verification": env.str("THROTTLE_VERIFICATION", default="10/hour"),
    },
    "DEFAULT_VERSIONING_CLASS": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Open data: the licence every dataset is published under (shown on the catalogue, in each
# JSON file and in each download's Link header).
OPEN_DATA_LICENCE_NAME = env.str("OPEN_DATA_LICENCE_NAME", default="CC BY 4.0")
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)

SPECTACULAR_SETTINGS = {
    "TITLE": "Civic Square API",
    "DESCRIPTION": (
        "Consultations, open dialogues and participatory budgeting. Mobile clients sign in "
        "through the allauth headless API (/_allauth/app/v1/) and send the session token "
        "in the X-Session-Token header."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "sessionToken": {"type": "apiKey", "in": "header", "name": "X-Session-Token"}
        }
    },
    "SECURITY": [{"sessionToken": []}],
    "ENUM_NAME_OVERRIDES": {
        "ConsultationAudienceEnum": "participation.models.consultations.Audience",
        "ConsultationStatusEnum": "participation.models.consultations.ConsultationStatus",
        "ConsultationQuestionKindEnum": "participation.models.consultations.QuestionKind",
        "ConsultationAnswerOutcomeEnum": (
            "participation.models.consultation_answers.ConsultationAnswerItem.Outcome"
        ),
        "AreaKindEnum": "civic.places.models.AreaKind",
        "CensusImportStatusEnum": "civic.places.models.CensusImport.Status",
        "CensusImportModeEnum": "civic.places.models.CensusImport.Mode",
        "RoleEnum": "civic.accounts.models.Role",
        "VerificationMethodEnum": "civic.accounts.models.Verification.Method",
        "RoundPhaseEnum": "budgeting.models.rounds.Phase",
        "RoundAudienceEnum": "budgeting.models.rounds.Audience",
        "RoundAreaRuleEnum": "budgeting.models.rounds.AreaRule",
        "RoundRuleEnum": "budgeting.models.rounds.Rule",
        "BallotTypeEnum": "budgeting.models.rounds.BallotType",
        "BallotChannelEnum": "budgeting.models.ballots.Channel",
        "PaperBatchStatusEnum": "budgeting.models.ballots.PaperBatch.Status",
        "ItemStatusEnum": "budgeting.models.items.ItemStatus",
        "FeasibilityEnum": "budgeting.models.items.Feasibility",
        "ProjectStatusEnum": "budgeting.models.results.ProjectStatus",
        "DialoguePhaseEnum": "participation.models.dialogues.DialoguePhase",
        "DialogueIdentityModeEnum": "participation.models.dialogues.IdentityMode",
        "DialogueModerationModeEnum": "participation.models.dialogues.ModerationMode",
        "StatementOriginEnum": "participation.models.dialogues.StatementOrigin",
        "ContentStatusEnum": "participation.models.dialogues.ContentStatus",
        "VoteChannelEnum": "participation.models.dialogues.VoteChannel",
        "VoteChoiceEnum": "participation.models.dialogues.VoteChoice",
        "StanceEnum": "participation.models.dialogues.Stance",
        "ReportReasonEnum": "participation.models.dialogues.ReportReason",
        "ResponseOutcomeEnum": "participation.models.dialogues.ResponseOutcome",
        "MeetingModeEnum": "participation.models.meetings.MeetingMode",
        "MeetingStatusEnum": "participation.models.meetings.MeetingStatus",
        "MinutesStatusEnum": "participation.models.meetings.MinutesStatus",
        "RegistrationStatusEnum": "participation.models.meetings.RegistrationStatus",
        "NotificationChannelEnum": "civic.notifications.kinds.Channel",
        "OpenDataFieldTypeEnum": "civic.opendata.api.FIELD_TYPES",
        "SearchHitKindEnum": "civic.search.api.HIT_KINDS",
    },
}

# Content Security Policy (django-csp 4): no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Secure-sessionid"
    CSRF_COOKIE_NAME = "__Secure-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
