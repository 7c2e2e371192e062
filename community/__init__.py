"""Verbind: the app factory. Nothing runs at import time; create_app() builds an app."""

import logging
import sys
from pathlib import Path

from flask import Flask, current_app, has_request_context, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from community.config import config_from_environment, local_secret_key
from community.extensions import babel, csrf, db, limiter, login_manager, migrate, socketio

PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_folder(name):
    """templates/, static/ or migrations/: inside the package when installed (pyproject.toml
    puts them there), else at the top of the source checkout."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def create_app(config=None):
    """Build the app. `config` is a Config class or a mapping of overrides (tests use both)."""
    # Flask's own instance path: ./instance in a source checkout, <prefix>/var/community-instance
    # when installed, so the database and secret key never land inside site-packages.
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(shipped_folder("templates")),
        static_folder=str(shipped_folder("static")),
    )
    _load_config(app, config)
    _configure_logging(app)
    from community import offload

    offload.init_app(app)
    from community.operations import logs

    # First of all request hooks, so the log line's clock also covers the checks that refuse.
    logs.register(app)
    from community.security import BoundedIntegerConverter

    # Before any route is added: routes read their converters when they are registered.
    app.url_map.converters["int"] = BoundedIntegerConverter
    _init_extensions(app)
    _trust_proxies(app)
    _register_blueprints(app)

    from community import cli, errors, security, templating

    errors.register(app)
    security.register(app)
    templating.register(app)
    cli.register(app)
    return app


def _load_config(app, config):
    overrides = {}
    if config is None:
        app.config.from_object(config_from_environment())
    elif isinstance(config, type):
        app.config.from_object(config)
    else:
        from community.config import TestingConfig

        base = config.get("CONFIG_CLASS", TestingConfig)
        app.config.from_object(base)
        overrides = dict(config)
    app.config.update(overrides)

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(
            Path(app.instance_path) / "verbind.sqlite"
        )
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite"):
        # How long a write waits for SQLite's lock before "database is locked"; without it a
        # second writer fails at once.
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options["connect_args"] = {
            "timeout": app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000,
            **options.get("connect_args", {}),
        }
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    # Heroku-style URLs and the plain driver name both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + uri[len(prefix) :]

    if not app.config.get("SECRET_KEY"):
        if app.config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set in production (VERBIND_ENV=production).")
        app.config["SECRET_KEY"] = local_secret_key(app.instance_path)

    redis_url = app.config.get("REDIS_URL")
    app.config.setdefault("RATELIMIT_STORAGE_URI", redis_url or "memory://")
    if redis_url:
        app.config["RATELIMIT_STORAGE_URI"] = redis_url


def _configure_logging(app):
    # Mail written to the log must be visible on the console of `make run`.
    mail_log = logging.getLogger("verbind.mail")
    mail_log.setLevel(logging.INFO)
    if not app.testing and not mail_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("[%(asctime)s] %(levelname)s %(name)s: %(message)s"))
        mail_log.addHandler(handler)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL (readers do not wait for the writer) and foreign keys for SQLite connections. The busy
    timeout is a connect argument, set from SQLITE_BUSY_TIMEOUT_MS in create_app."""
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def select_locale():
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    # Dutch by default: the platform is Dutch; English only when someone chooses it.
    return "nl"


def _init_extensions(app):
    db.init_app(app)
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            from community.read_transactions import end_reads_with_commit

            end_reads_with_commit(db.engine)
    # The outbox model and the session events that send a commit's mail (community/outbox.py),
    # and the access log every feature writes to. (The data export's model comes with the
    # accounts blueprint, which imports community/data_rights.py.)
    from community import access_log, outbox  # noqa: F401

    migrate.init_app(app, db, directory=str(shipped_folder("migrations")), render_as_batch=True)
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.refresh_view = "accounts.login"
    login_manager.needs_refresh_message = _l("For your safety, log in again to continue.")
    login_manager.needs_refresh_message_category = "info"
    login_manager.session_protection = "basic"
    from community.security import session_fingerprint

    # Flask-Login's own fingerprint reads the first X-Forwarded-For entry, which any client
    # writes; there is no public setting for it.
    login_manager._session_identifier_generator = session_fingerprint

    @login_manager.user_loader
    def load_user(session_token):
        from flask import request

        from community.accounts.services import users_by_session_token
        from community.live import user_of_connection

        sid = getattr(request, "sid", None)  # set by Flask-SocketIO on a socket's events
        if sid is not None:
            return user_of_connection(request.namespace, sid, session_token)
        return users_by_session_token([session_token]).get(session_token)

    from community.forum.live import register_namespace as register_forum_namespace
    from community.webinars.live import register_namespace as register_webinar_namespace

    register_forum_namespace()
    register_webinar_namespace()
    # SocketIO keeps the previous app's Redis client manager across init_app calls; drop it so
    # an app without REDIS_URL (several apps per process, as in tests) stays in-process.
    socketio.server_options.pop("client_manager", None)
    # Same-origin only (the default): '*' would open cross-site WebSocket hijacking.
    socketio.init_app(
        app,
        message_queue=app.config.get("REDIS_URL"),
        async_mode=app.config.get("SOCKETIO_ASYNC_MODE") or detected_async_mode(),
        logger=False,
        engineio_logger=False,
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
    )


def _trust_proxies(app):
    """Take the client's address and scheme from the X-Forwarded-* headers that the configured
    number of proxies (TRUSTED_PROXY_HOPS) added, and from nothing a client could send itself.

    Everything that asks for the client's address (Flask-Limiter's per-IP limits, Flask-Login's
    session protection, gunicorn's access log) then sees the same, resolved one. Wrapped around
    Flask-SocketIO's middleware, not inside it, so socket events see that address too."""
    hops = app.config["TRUSTED_PROXY_HOPS"]
    if hops < 0:
        raise RuntimeError(f"TRUSTED_PROXY_HOPS must be 0 or more, not {hops}")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def detected_async_mode():
    """gevent when gevent has patched the standard library (gunicorn's gevent worker does so
    before it loads the app), otherwise threads. Never left to Flask-SocketIO's own guess,
    which picks gevent whenever it is installed, patched or not."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("socket"):
        return "gevent"
    return "threading"


def _register_blueprints(app):
    from community.accounts.views import bp as accounts_bp
    from community.admin.views import bp as admin_bp
    from community.forum.moderation_views import bp as forum_moderation_bp
    from community.forum.views import bp as forum_bp
    from community.main.views import bp as main_bp
    from community.operations.views import bp as operations_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(operations_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(forum_bp)
    app.register_blueprint(forum_moderation_bp)

    from community.events.views import bp as events_bp
    from community.webinars.views import bp as webinars_bp
    from courses.views import bp as courses_bp
    from courses.views import certificates_bp

    app.register_blueprint(courses_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(webinars_bp)
    app.register_blueprint(events_bp)
