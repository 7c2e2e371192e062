"""Configuration read from the environment; the only module that reads os.environ."""

import os
import secrets
from pathlib import Path

ENVIRONMENTS = ("development", "production", "testing")


def _env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def local_secret_key(instance_path):
    """Return the secret key kept in instance/, creating it on first use.

    Local installs get a stable random key without anyone having to think about it; production
    must pass SECRET_KEY explicitly (see ProductionConfig).
    """
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY")

    # Database: SQLite in instance/ unless DATABASE_URL says otherwise.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Milliseconds a write waits for SQLite's lock before "database is locked": several seconds,
    # so simultaneous writers (votes, registrations) take turns instead of failing.
    SQLITE_BUSY_TIMEOUT_MS = 5000

    REDIS_URL = os.environ.get("REDIS_URL")
    # "threading" or "gevent"; unset means gevent when the process runs under gevent's monkey
    # patching (gunicorn's gevent worker), threading otherwise. See deploy/gunicorn.conf.py.
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE") or None
    # A live room hears changed vote counts at most this often (seconds); 0 sends one broadcast
    # per vote. See community/webinars/vote_broadcasts.py.
    LIVE_VOTE_BROADCAST_SECONDS = float(os.environ.get("LIVE_VOTE_BROADCAST_SECONDS", "0.25"))

    # Sessions and cookies.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    # CSRF tokens live as long as the session, so a long answer typed slowly is not refused.
    WTF_CSRF_TIME_LIMIT = None

    # Language: Dutch first, English second.
    LANGUAGES = {"nl": "Nederlands", "en": "English"}
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = "Europe/Amsterdam"

    # Rate limits (Flask-Limiter syntax). Storage: Redis when configured, else per process.
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;60 per hour")
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "5 per minute")
    MAIL_REQUEST_RATE_LIMIT = os.environ.get("MAIL_REQUEST_RATE_LIMIT", "5 per hour")
    REGISTER_RATE_LIMIT = os.environ.get("REGISTER_RATE_LIMIT", "20 per hour")
    # How many reverse proxies in front of the app to believe about the client's address and
    # scheme (X-Forwarded-For, X-Forwarded-Proto): 1 behind the shipped nginx. 0 when clients
    # connect directly, so a client cannot pick its own address (and a fresh rate limit).
    TRUSTED_PROXY_HOPS = int(os.environ.get("TRUSTED_PROXY_HOPS", "0"))

    # Request sizes, checked before anything reads the body. The largest real form is a forum
    # post of 20,000 characters: at most 4 bytes each in UTF-8, 3 characters per byte once
    # form-encoded, about 240 kB. The largest real Socket.IO event is a host's reply of 1,000
    # characters (4 kB in UTF-8); Engine.IO refuses bigger messages before any handler runs
    # (its own default, 1 MB, let a live question cost seconds of privacy scanning).
    MAX_CONTENT_LENGTH = 1024 * 1024
    SOCKETIO_MAX_MESSAGE_BYTES = 16 * 1024

    # Tokens sent by e-mail (seconds).
    CONFIRM_TOKEN_MAX_AGE = 60 * 60 * 48
    RESET_TOKEN_MAX_AGE = 60 * 60

    # Mail: SMTP when MAIL_SERVER is set, otherwise the message is written to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _env_flag("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _env_flag("MAIL_USE_SSL", False)
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "Verbind <noreply@verbind.example>")
    # Where the privacy statement (/privacy) sends questions and requests about personal data.
    PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "privacy@verbind.example")
    MAIL_TIMEOUT_SECONDS = int(os.environ.get("MAIL_TIMEOUT_SECONDS", "20"))
    # The outbox (community/outbox.py): the worker `flask mail work` sends queued mail, retrying
    # after 1, 2, 4 ... minutes (at most 6 hours apart) and giving up after MAIL_MAX_ATTEMPTS.
    # MAIL_SEND_AT_ONCE sends each mail right after the commit that queued it, in the process
    # itself: for tests, and for a server that runs without a worker.
    MAIL_SEND_AT_ONCE = _env_flag("MAIL_SEND_AT_ONCE", False)
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))
    MAIL_RETRY_BASE_SECONDS = 60
    MAIL_RETRY_MAX_SECONDS = 6 * 60 * 60
    # A worker's claim on a batch; after it runs out (the worker crashed) another one takes it.
    MAIL_BATCH_SIZE = 10
    MAIL_CLAIM_SECONDS = 600
    MAIL_WORKER_INTERVAL_SECONDS = float(os.environ.get("MAIL_WORKER_INTERVAL_SECONDS", "5"))
    MAILS_PER_PAGE = 25
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")

    # Webinars: the follow-up mail (recording, Q&A, forum questions) goes to attendees this many
    # hours after the end (`flask webinars send-follow-ups`, hourly from cron), unless the host
    # sends it sooner from the webinar's page.
    WEBINAR_FOLLOW_UP_HOURS = float(os.environ.get("WEBINAR_FOLLOW_UP_HOURS", "2"))

    # The site's search (forum questions, lessons, webinars, Week events): hits per page.
    SEARCH_RESULTS_PER_PAGE = 20

    # Forum: pages and a posting limit counted from the database (so no typed text is lost).
    FORUM_QUESTIONS_PER_PAGE = 20
    FORUM_ANSWERS_PER_PAGE = 20
    FORUM_POSTS_PER_WINDOW = int(os.environ.get("FORUM_POSTS_PER_WINDOW", "8"))
    FORUM_POST_WINDOW_MINUTES = int(os.environ.get("FORUM_POST_WINDOW_MINUTES", "10"))
    # Previews while typing (one call per pause of 600 ms) and the similar questions per
    # member: generous for typing, a ceiling for a script.
    FORUM_PREVIEW_RATE_LIMIT = os.environ.get("FORUM_PREVIEW_RATE_LIMIT", "60 per minute")
    # What the verification request page promises: how many working days a check usually takes.
    VERIFICATION_USUAL_DAYS = int(os.environ.get("VERIFICATION_USUAL_DAYS", "2"))
    # Where the site lives, for links in mail sent from the command line (digests, reminders).
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")

    # "Download my data" (community/data_rights.py): how long the mailed link works, and where
    # the ZIPs wait for it (default: exports/ in the instance folder; the worker and the web
    # processes must both reach it).
    EXPORT_LINK_DAYS = int(os.environ.get("EXPORT_LINK_DAYS", "7"))
    EXPORT_FOLDER = os.environ.get("EXPORT_FOLDER") or None
    ACCESS_LOG_PER_PAGE = 50
    # Operations (README, "Operations and privacy"). The bearer token Prometheus sends to
    # /metrics; without one the page does not exist (404). How long /readyz waits for Redis.
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN") or None
    READINESS_TIMEOUT_SECONDS = float(os.environ.get("READINESS_TIMEOUT_SECONDS", "2"))

    # Retention (community/retention.py, `flask retention run` daily from cron), in days.
    # Accounts whose address was never confirmed go after RETENTION_UNCONFIRMED_DAYS. Accounts
    # without a login for RETENTION_INACTIVE_DAYS get a mail; still away RETENTION_WARNING_DAYS
    # later, they are erased (community/accounts/erasure.py). Live questions lose their author
    # RETENTION_LIVE_QUESTION_DAYS after their webinar ended, and poll answers their person; sent
    # and failed mail leaves the outbox after RETENTION_MAIL_DAYS.
    RETENTION_UNCONFIRMED_DAYS = int(os.environ.get("RETENTION_UNCONFIRMED_DAYS", "7"))
    RETENTION_INACTIVE_DAYS = int(os.environ.get("RETENTION_INACTIVE_DAYS", str(3 * 365)))
    RETENTION_WARNING_DAYS = int(os.environ.get("RETENTION_WARNING_DAYS", "30"))
    RETENTION_LIVE_QUESTION_DAYS = int(os.environ.get("RETENTION_LIVE_QUESTION_DAYS", "90"))
    RETENTION_MAIL_DAYS = int(os.environ.get("RETENTION_MAIL_DAYS", "90"))

    PASSWORD_MIN_LENGTH = 10
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105
    # Under gevent, password hashing, Markdown and the privacy scan run in native threads beside
    # the event loop (community/offload.py); OFFLOAD_CPU_WORK=0 runs them on the loop (for the
    # benchmark's before/after, benchmarks/login_burst.py). Threads per process: the work pool
    # is mostly pure Python holding the GIL, so more threads would only take turns from the
    # loop. Each password thread keeps a core busy (and 32 MiB per scrypt) for the whole
    # burst: with two on two cores the loop lost its core (room p95 2.1 s against 0.9 s with
    # one), so one per process, ~5-8 logins/s; raise it where the process has cores to spare.
    OFFLOAD_CPU_WORK = _env_flag("OFFLOAD_CPU_WORK", True)
    OFFLOAD_THREADS = int(os.environ.get("OFFLOAD_THREADS", "2"))
    OFFLOAD_PASSWORD_THREADS = int(os.environ.get("OFFLOAD_PASSWORD_THREADS", "1"))
    USERS_PER_PAGE = 25


class DevelopmentConfig(Config):
    ENV_NAME = "development"


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "https")


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    REDIS_URL = None
    MAIL_SERVER = None
    # Mail is delivered (to the log) right after each commit; tests of the worker turn this off.
    MAIL_SEND_AT_ONCE = True
    WTF_CSRF_ENABLED = True
    # Hashing cost is irrelevant to what the tests check and dominates their run time.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # noqa: S105
    LOGIN_RATE_LIMIT = "1000 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "1000 per minute"
    MAIL_REQUEST_RATE_LIMIT = "1000 per minute"
    REGISTER_RATE_LIMIT = "1000 per minute"
    FORUM_POSTS_PER_WINDOW = 1000
    TRUSTED_PROXY_HOPS = 0


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestingConfig,
}


def config_from_environment():
    """The Config class named by VERBIND_ENV (default: development)."""
    name = os.environ.get("VERBIND_ENV", "development").strip().lower()
    if name not in CONFIGS:
        raise RuntimeError(f"VERBIND_ENV must be one of {', '.join(ENVIRONMENTS)}, not {name!r}")
    return CONFIGS[name]
