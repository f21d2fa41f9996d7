"""Django settings for Verbinding, read from the environment.

``DEBUG`` is off unless the environment turns it on (``DEBUG=true``: the Makefile's demo and test
targets do). With ``DEBUG`` off the app refuses to start without ``SECRET_KEY`` and
``ALLOWED_HOSTS`` and runs hardened (HTTPS redirect, HSTS, Secure cookies; docs/security.md). The
demo (``DEBUG=true``) needs no configuration at all (SQLite under ``var/``). PostgreSQL via
``DATABASE_URL``.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from verbinding.env import env_bool, env_int, env_list, env_str
from verbinding.ops.logs import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("VERBINDING_VAR_DIR", str(BASE_DIR / "var")))

TESTING = "pytest" in sys.modules or env_bool("VERBINDING_TESTING")

DEBUG = env_bool("DEBUG", default=False)
# A real installation: DEBUG off and not the test runner (whose client speaks plain HTTP to
# ``testserver``; the tests switch the production pieces on one by one, web/tests/test_transport.py).
PRODUCTION = not DEBUG and not TESTING

_DEV_SECRET = "insecure-demo-key-only-for-debug-mode"  # noqa: S105 - refused when DEBUG is off
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if PRODUCTION:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET:
        raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY to a long random value.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS (comma-separated host names).")
else:
    SECRET_KEY = SECRET_KEY or _DEV_SECRET
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
# Old keys, still accepted while sessions, signed links and recovery codes made under them are in use
# (rotate: move the old key here, set a new SECRET_KEY; drop it after the session lifetime).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Verbinding, one app per domain concept
    "verbinding.audit",
    "verbinding.areas",
    "verbinding.accounts",
    "verbinding.households",
    "verbinding.access",
    "verbinding.ledger",
    "verbinding.cases",
    "verbinding.contacts",
    "verbinding.network",
    "verbinding.plans",
    "verbinding.imports",
    "verbinding.arrears",
    "verbinding.worklist",
    "verbinding.arrangements",
    "verbinding.letters",
    "verbinding.escalation",
    "verbinding.earlysignals",
    "verbinding.nuisance",
    "verbinding.feedback",
    "verbinding.lessons",
    "verbinding.dayplan",
    "verbinding.referrals",
    "verbinding.tenantmessages",
    "verbinding.outcomes",
    "verbinding.privacy",
    "verbinding.api",
    "verbinding.demo",
    "verbinding.web",
    "verbinding.jobs",
    "verbinding.ops",
    "verbinding.security",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "verbinding.ops.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below whitenoise: static files keep their far-future cache headers, the rest is no-store.
    "verbinding.security.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "verbinding.web.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "verbinding.security.middleware.SessionTimeoutMiddleware",
    "verbinding.security.twofactor.TwoFactorMiddleware",
    # request.user as the user itself from here on (no lazy proxies; it has been read above)
    "verbinding.accounts.middleware.ResolvedUserMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "verbinding.audit.middleware.AuditViewsMiddleware",
    "verbinding.web.once.OnceMiddleware",
]

ROOT_URLCONF = "verbinding.urls"
WSGI_APPLICATION = "verbinding.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "verbinding.web.context_processors.navigation",
                "verbinding.security.context_processors.security",
            ],
            # {% url %} with addresses of ids built once per process (verbinding.web.reversing)
            "builtins": ["verbinding.web.templatetags.idurls"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'verbinding.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if not env_str("DATABASE_URL"):
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

elif "postgresql" in DATABASES["default"]["ENGINE"] and not env_bool("DATABASE_JIT", False):
    # PostgreSQL's JIT compiles the expressions of queries it estimates as costly. For this app's
    # page queries compiling costs more than it saves (the dashboard's time-to-first-contact query
    # spent 70 of 179 ms compiling at 100k households: docs/benchmarks.md). DATABASE_JIT=true
    # leaves the server's setting alone.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

if "postgresql" in DATABASES["default"]["ENGINE"] and env_bool("DATABASE_PREPARED", True):
    # Values sent as parameters and statements prepared on the connection, planned once
    # (verbinding/db/postgresql/base.py, ADR 0020). DATABASE_PREPARED=false: Django's default.
    DATABASES["default"]["ENGINE"] = "verbinding.db.postgresql"
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["server_side_binding"] = True
    _options["prepare_threshold"] = env_int("DATABASE_PREPARE_THRESHOLD", 5)

# PostgreSQL: the role the app runs as when it is not the tables' owner (docs/deployment.md).
# ``migrate`` (run as the owner) grants it what it needs; it may only SELECT/INSERT audit rows.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE", "")

# Retention in years per kind of record (verbinding retention, docs/avg.md).
RETENTION_YEARS = {
    "casework": env_int("RETENTION_CASEWORK_YEARS", 2),
    "nuisance": env_int("RETENTION_NUISANCE_YEARS", 5),
    "financial": env_int("RETENTION_FINANCIAL_YEARS", 7),
    "audit": env_int("RETENTION_AUDIT_YEARS", 5),
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "verbinding.accounts.backends.ModelBackend",  # Django's, the session's user read faster
    "verbinding.security.oidc.VerbindingOIDCBackend",  # does nothing unless OIDC_ENABLED
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Throttling of failed logins (django-axes): lock a username+address after N failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The client's real address (verbinding.security.clientip): X-Forwarded-For is honoured only from
# these proxies (addresses or networks, comma-separated; the kit's nginx: 127.0.0.1).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_proxy!r} is no address or network") from exc
AXES_CLIENT_IP_CALLABLE = "verbinding.security.clientip.client_address"
AXES_VERBOSE = False

# Sessions end after SESSION_HOURS in any case (absolute) and after SESSION_IDLE_MINUTES without a
# request (idle); verbinding.security.middleware.SessionTimeoutMiddleware enforces both.
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 10) * 3600
# Cache and session store. With REDIS_URL (production: the kit's env file) the cache is Redis,
# shared by every web process, and sessions are read from it (``cached_db``: written to the
# database and the cache, read from the cache; a logout deletes both, so no process keeps a
# copy). Without it (the demo, the tests) the cache is each process's memory and sessions stay in
# the database alone: a per-process cache must not hold sessions (a logout in one process would
# leave the others' copies valid).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "verbinding.ops.cache.RedisCache",  # Django's, keeping its clients
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "verbinding"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # Behind the kit's nginx (deploy/nginx): it terminates TLS and says so in X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # The probes of systemd/a load balancer talk plain HTTP to gunicorn on the machine itself.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# Two-factor authentication (TOTP, django-otp; verbinding.security.twofactor): required in
# production for team leads, managers, the privacy officer (import rights) and admin staff;
# advisors by policy: "optional" (those who set it up use it) or "required". Off in the demo
# (DEBUG) and the tests unless turned on; the header then says so.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", default=PRODUCTION)
TWO_FACTOR_ADVISORS = env_str("TWO_FACTOR_ADVISORS", "optional")
if TWO_FACTOR_ADVISORS not in {"optional", "required"}:
    raise ImproperlyConfigured("TWO_FACTOR_ADVISORS must be optional or required.")
OTP_TOTP_ISSUER = "Verbinding"

# Single sign-on (OpenID Connect, mozilla-django-oidc; verbinding.security.oidc), beside the local
# accounts: on when OIDC_RP_CLIENT_ID is set. Role and team come from the provider's claims.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT") or None
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
OIDC_ROLE_CLAIM = env_str("OIDC_ROLE_CLAIM", "roles")
OIDC_TEAM_CLAIM = env_str("OIDC_TEAM_CLAIM", "team")
OIDC_ROLE_MAP = env_list("OIDC_ROLE_MAP")  # e.g. wijkteam-adviseur:advisor,wijkteam-lead:team_lead
OIDC_MFA_AMR = env_list("OIDC_MFA_AMR", ["mfa", "otp", "hwk", "swk"])
LOGIN_REDIRECT_URL_FAILURE = "/account/login/?sso=failed"
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
        )
        if not globals()[name]
    ]
    if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not OIDC_OP_JWKS_ENDPOINT:
        _missing.append("OIDC_OP_JWKS_ENDPOINT")
    if _missing:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID is set: also set {', '.join(_missing)}.")

# Content-Security-Policy (django-csp): scripts only from our own static files or with the
# request's nonce (no inline handlers: web/tests/test_csp.py renders every page and checks).
# Styles only from our own static files, or a <style> element with the request's nonce (the
# charts pygal draws: verbinding's {% inline_svg %} tag); no style attributes at all.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],  # django-csp adds the nonce when a page uses it
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# One date style on every screen (verbinding/formats/nl/formats.py).
FORMAT_MODULE_PATH = ["verbinding.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Production (PRODUCTION): `verbinding collectstatic` writes hashed, compressed (gzip + brotli when
# available) copies that whitenoise serves with far-future cache headers. Demo and tests: the
# files straight from the apps' static folders.
_STATIC_MANIFEST = PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not _STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not PRODUCTION

MEDIA_ROOT = VAR_DIR / "media"

# Uploads (imports): at most UPLOAD_MAX_MB (the kit's nginx allows 512 MB on /imports/), streamed
# to a temporary file above 1 MB, never read whole into memory (verbinding.security.uploads).
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_MB", 512) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "verbinding.security.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if TESTING
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)

# Logs: JSON lines with a request id in production, text in the demo (verbinding.ops.logs).
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = logging_config(
    json=LOG_FORMAT == "json",
    level=env_str("LOG_LEVEL", "WARNING" if DEBUG or TESTING else "INFO"),
)

# Background jobs (verbinding.jobs): the Django Tasks API with django-tasks-db's database
# backend: the queue is a table in the app's own database, run by `verbinding worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOBS_SCHEDULE = env_list("JOBS_SCHEDULE") or None  # e.g. signals@02:15,outcomes_refresh@02:45
JOBS_HEARTBEAT_SECONDS = env_int("JOBS_HEARTBEAT_SECONDS", 10)
JOBS_WORKER_LOST_AFTER = env_int("JOBS_WORKER_LOST_AFTER", 300)
# /readyz answers 503 when no worker sent a heartbeat in this many seconds (production default).
READYZ_REQUIRE_WORKER = env_bool("READYZ_REQUIRE_WORKER", default=PRODUCTION)
READYZ_WORKER_MAX_AGE = env_int("READYZ_WORKER_MAX_AGE", 120)

# Demo: the association's name shown in the interface.
ASSOCIATION_NAME = env_str("ASSOCIATION_NAME", "Woonstichting Verbinding (demo)")
# What letters tell the tenant (docs/law.md, "The 14-dagenbrief"): how to pay and whom to call.
ASSOCIATION_IBAN = env_str("ASSOCIATION_IBAN", "NL91 ABNA 0417 1643 00")
ASSOCIATION_PHONE = env_str("ASSOCIATION_PHONE", "0570 123 456")
ASSOCIATION_EMAIL = env_str("ASSOCIATION_EMAIL", "huur@verbinding.example")
# VAT on collection costs (Besluit vergoeding voor buitengerechtelijke incassokosten art. 2 lid 3):
# 0 = none (the default); e.g. 21 where the association cannot reclaim VAT. Stated in the letter.
LETTERS_VAT_PERCENT = env_int("LETTERS_VAT_PERCENT", 0)

# The REST API (verbinding.api; docs/api.md): systems authenticate with an API key or an OAuth2
# client-credentials JWT from the association's OpenID Connect provider; no sessions, no CSRF.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "verbinding.api.auth.ApiKeyAuthentication",
        "verbinding.api.auth.OidcJwtAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["verbinding.api.auth.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["verbinding.api.auth.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "verbinding.api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "verbinding.api.problems.exception_handler",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Verbinding API",
    "DESCRIPTION": (
        "Casework data for the ERP, the municipality and survey tools, named after VERA. "
        "Our own extensions are prefixed x-verbinding (paths) or vb_ (fields). See docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "verbinding.api.schema.add_problem_responses",
    ],
}
# OAuth2 client credentials: tokens are JWTs signed by the association's OIDC provider. The keys
# come from API_OIDC_JWKS (a JWKS document as JSON) or API_OIDC_JWKS_URL (fetched and cached).
API_OIDC_ISSUER = env_str("API_OIDC_ISSUER")
API_OIDC_AUDIENCE = env_str("API_OIDC_AUDIENCE", "verbinding")
API_OIDC_JWKS = env_str("API_OIDC_JWKS")
API_OIDC_JWKS_URL = env_str("API_OIDC_JWKS_URL")
API_BULK_MAX_BYTES = env_int("API_BULK_MAX_BYTES", 256 * 1024 * 1024)
# Outgoing messages (warm referrals to partners, what was agreed to the tenant). The demo prints
# them; production sets an SMTP backend (EMAIL_HOST etc.) and an SMS provider adapter.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "verbinding@localhost")
SMS_BACKEND = env_str("SMS_BACKEND", "verbinding.tenantmessages.sms.ConsoleBackend")
VERBINDING_VAR_DIR = VAR_DIR
# Access (verbinding.access): a household whose tenancy in one's area ended stays reachable this
# many months after the end date; a break-the-glass opening lasts until the end of the day.
VERBINDING_REACH_AFTER_TENANCY_END_MONTHS = env_int("VERBINDING_REACH_AFTER_TENANCY_END_MONTHS", 6)
