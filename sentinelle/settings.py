"""Settings for Sentinelle.

Everything that differs between installations comes from the environment (see
`.env.example`); the defaults are those of the embedded mode: one machine, SQLite
under `var/`, files under `var/files/`, e-mail written to `var/mail/`.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf import locale
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from sentinelle.lib.env import ConfigurationError, env_bool, env_int, env_list, env_str, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SENTINELLE_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The load balancers in front of the app servers (their addresses as the app
# servers see them): the client's address is then taken from X-Forwarded-For.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "ninja",
    "sentinelle.accounts",
    "sentinelle.audit",
    "sentinelle.cases",
    "sentinelle.intake",
    "sentinelle.training",
    "sentinelle.quality",
    "sentinelle.workload",
    "sentinelle.forecast",
    "sentinelle.dashboard",
    "sentinelle.privacy",
    "sentinelle.incidents",
    "sentinelle.watch",
    "sentinelle.operations",
    "sentinelle.governance",
    "sentinelle.ethics",
    "sentinelle.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files carry the policy too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: every response but a static file is marked no-store.
    "sentinelle.accounts.middleware.PrivateCacheMiddleware",
    # A database that cannot be reached gets the 503 "try again" page, not a 500.
    "sentinelle.lib.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "sentinelle.accounts.middleware.StaffMiddleware",
    # Axes must come last: it turns a lock-out noticed during the request into
    # the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sentinelle.urls"
WSGI_APPLICATION = "sentinelle.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sentinelle.lib.context.site",
            ],
            # number, money and percent in the page's language, in every template
            "builtins": ["sentinelle.lib.template_filters"],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sentinelle.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that is down or cut off fails fast (the "try again" page) instead
    # of hanging: a bounded connect, and keepalives that notice a dead peer.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 3),
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 2,
        "keepalives_count": 3,
        # A report is acknowledged only once its commit is durable, whatever the
        # server's setting: with synchronous_commit=off a crash or an immediate stop
        # loses the last commits (an early run of tests/faults/ on a server set so
        # lost 3 acknowledged reports).
        "options": "-c synchronous_commit=on",
    })
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE avoids "database is locked" when the web server and the task
        # worker write at the same time; WAL lets readers go on during a write.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared state lives in the database, so that several app servers behave as one.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sentinelle_cache",
    }
}
# The dashboard keeps its figures this long (seconds) in the cache: see sentinelle/dashboard/snapshot.py.
DASHBOARD_FIGURES_SECONDS = env_int("DASHBOARD_FIGURES_SECONDS", 600)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# A staff session ends after SESSION_IDLE_MINUTES without a request (the row's
# expiry moves forward on every request) and, whatever the activity,
# SESSION_ABSOLUTE_HOURS after sign-in (sentinelle.accounts.middleware). The
# security rules allow at most 30 minutes and 8 hours: more stops start-up.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age above is an idle time-out
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 8)
if not 0 < SESSION_COOKIE_AGE <= 30 * 60 or not 0 < SESSION_ABSOLUTE_HOURS <= 8:
    raise ConfigurationError(
        "SESSION_IDLE_MINUTES must be between 1 and 30 and SESSION_ABSOLUTE_HOURS between 1 and 8."
    )
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
# A worker's visit must leave no cookie behind: the CSRF cookie ends with the visit.
CSRF_COOKIE_AGE = None
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "sentinelle.views.csrf_failure"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# Accounts and sign-in ---------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_ADAPTER = "sentinelle.accounts.adapter.StaffAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sentinelle"
MFA_FORMS = {"authenticate": "sentinelle.accounts.forms.StaffAuthenticateForm"}
MFA_ADAPTER = "sentinelle.accounts.adapter.StaffMFAAdapter"  # says when a code was used already

# Lock-out after repeated failures (passwords and second-factor codes alike).
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "sentinelle.lib.throttle.peer_address"
AXES_USERNAME_CALLABLE = "sentinelle.accounts.lockout.username_from_request"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "sentinelle.accounts.views.locked_out"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# Successful sign-ins are in the audit log already; axes need not keep a second copy.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Languages ----------------------------------------------------------------------
# Tagalog is not among Django's own languages: teach Django its name.
locale.LANG_INFO.setdefault(
    "tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"}
)
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("tl", _("Tagalog")),
]
# Staff pages exist in the two official languages; worker pages in all four.
STAFF_LANGUAGES = ["fr", "en"]
# Numbers group by thousands in every language (sentinelle.lib.formats): the
# languages without Django locale formats (Tagalog) take this grouping.
NUMBER_GROUPING = 3
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "America/Toronto")

# Files --------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("SENTINELLE_STORAGE_DIR", str(VAR_DIR / "files")))
STORAGES = {
    # Uploaded files are kept outside the web root and never get a public URL:
    # they are only ever served through a view that checks permissions.
    "default": {
        # Encrypted at rest with the key ring below (sentinelle/lib/storage.py).
        "BACKEND": env_str(
            "SENTINELLE_STORAGE_BACKEND", "sentinelle.lib.storage.EncryptedFileSystemStorage"
        ),
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}
# A file missing from the manifest is served under its plain name, not a 500.
WHITENOISE_MANIFEST_STRICT = False
FILE_UPLOAD_PERMISSIONS = 0o600
# Encryption at rest of report contents, messages and files (sentinelle/lib/crypto.py):
# the key ring, never derived from SECRET_KEY and backed up apart from the database.
# SENTINELLE_KEYRING ("id:base64key,...", primary first) wins; otherwise the file
# below, created (mode 0600) with a first key on first use. Rotate with `manage.py rotate_keys`.
KEYRING = env_str("SENTINELLE_KEYRING", "")
KEYRING_FILE = Path(env_str("SENTINELLE_KEYRING_FILE", str(VAR_DIR / "keyring")))
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# E-mail -------------------------------------------------------------------------
# Embedded mode writes each message to a file under var/mail/.
_mail_backend = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": {"file_path": str(VAR_DIR / "mail")} if _mail_backend.endswith("filebased.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "sentinelle@localhost")

# Security headers ---------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# Not "no-referrer": under that policy browsers send `Origin: null` with every form
# they post (Fetch standard, "serialize a request origin"; Chromium does), and
# Django's CSRF check then refuses every form, sign-in included
# (tests/test_security_headers.py shows both). "same-origin" is the strictest
# policy that works: nothing at all is sent to another site, which is what
# no-referrer is for; Sentinelle's own pages see the address they come from.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Production (HTTPS) values: deploy/production.env.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
)

# Tip line -------------------------------------------------------------------------
# Server-side pepper of the receipt-code look-up hash; kept out of the database.
# Empty: generated once into var/receipt_pepper.
RECEIPT_PEPPER = env_str("RECEIPT_PEPPER", "")
RECEIPT_ARGON2_TIME_COST = env_int("RECEIPT_ARGON2_TIME_COST", 2)
RECEIPT_ARGON2_MEMORY_KIB = env_int("RECEIPT_ARGON2_MEMORY_KIB", 19 * 1024)
# The address staff use to reach Sentinelle, for links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
TIP_LINE_PHONE = env_str("TIP_LINE_PHONE", "1-866-602-9448")
# Wrong receipt codes per client on the follow-up page: a burst, then one try every
# so many minutes (a token bucket, sentinelle/intake/allowance.py).
FOLLOW_UP_TRIES_BURST = env_int("FOLLOW_UP_TRIES_BURST", 10)
FOLLOW_UP_MINUTES_PER_TRY = env_int("FOLLOW_UP_MINUTES_PER_TRY", 10)
# Reports the public form accepts per client and hour (the same kind of bucket).
REPORTS_PER_HOUR = env_int("REPORTS_PER_HOUR", 20)
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 10) * 1024 * 1024
# A picture above this many million pixels is refused (a decompression bomb is caught too).
ATTACHMENT_MAX_MEGAPIXELS = env_int("ATTACHMENT_MAX_MEGAPIXELS", 40)
# An office document is an archive: what it may unpack to, and how much a part of it may be compressed.
ATTACHMENT_MAX_UNPACKED_BYTES = env_int("ATTACHMENT_MAX_UNPACKED_MB", 100) * 1024 * 1024
ATTACHMENT_MAX_COMPRESSION_RATIO = env_int("ATTACHMENT_MAX_COMPRESSION_RATIO", 100)
ATTACHMENTS_PER_REPORT = env_int("ATTACHMENTS_PER_REPORT", 5)
# Reports that never became cases are purged, with their files, this many days
# after they were received once their triage is over (0: never purged).
REPORT_RETENTION_DAYS = env_int("REPORT_RETENTION_DAYS", 730)
# Days after which the referring team is reminded that a partner has not replied to a referral.
REFERRAL_REPLY_DAYS = env_int("REFERRAL_REPLY_DAYS", 14)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A bigger upload is written to a temporary file encrypted as it arrives, never in
# clear (sentinelle/lib/uploads/handler.py).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "sentinelle.lib.uploads.handler.EncryptedTemporaryFileUploadHandler",
]

# API ----------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_CLASS = "sentinelle.lib.api_pagination.BoundedPagination"  # limit and offset bounded

# LOG_FILE: also append the application log to this file (the test suite points the
# servers it starts there, to scan what they log for personal information).
LOG_FILE = env_str("LOG_FILE", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        **({"file": {"class": "logging.FileHandler", "filename": LOG_FILE, "delay": True}} if LOG_FILE else {}),
    },
    "root": {"handlers": ["console", *(["file"] if LOG_FILE else [])], "level": env_str("LOG_LEVEL", "WARNING")},
    # SQL statements carry their parameters (report text, contact details),
    # Pillow's debug output lists the metadata of uploaded photos (author, GPS), and
    # the template engine's debug output dumps the page's context (names, e-mail
    # addresses): never logged, even at LOG_LEVEL=DEBUG.
    "loggers": {
        **{name: {"level": "INFO"} for name in ("django.db.backends", "PIL", "django.template")},
        # The development server's request lines, without their query string (search words).
        "django.server": {"filters": ["without_query_string"]},
    },
    "filters": {"without_query_string": {"()": "sentinelle.lib.logfilters.WithoutQueryString"}},
}

# Lock-out counts per account (AXES_LOCKOUT_PARAMETERS above); guessing across many
# accounts from one address is slowed by allauth's per-address rate limit on failed
# sign-ins instead, so that one office behind a shared address is never locked out.
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # "HSTS preload not set": entering the browsers' preload list is decided for a
    # whole registrable domain (e.g. gc.ca) by its owner, and a preload directive
    # sent from a sub-domain such as sentinelle.example.gc.ca has no effect. An
    # installation at the top of its own domain can set SECURE_HSTS_PRELOAD=true.
    "security.W021",
]
