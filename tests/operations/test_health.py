"""/healthz says the process is alive; /readyz says whether the database (and Redis, when set)
answer, as JSON for nginx and a load balancer, without a cookie or anything personal."""

import pytest

from community import create_app
from tests.helpers import log_in, make_user


def test_healthz_answers_without_asking_the_database():
    # A database that cannot be reached does not matter to "alive".
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql://verbind@127.0.0.1:1/verbind"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "alive"}
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_when_the_database_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ready", "checks": {"database": "ok"}}


def test_readyz_is_503_naming_the_database_when_it_cannot_be_reached():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "postgresql://verbind@127.0.0.1:1/verbind"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "not ready", "checks": {"database": "failed"}}
    # Neither the address nor the user of the database is given away.
    assert "127.0.0.1" not in response.get_data(as_text=True)
    assert "verbind@" not in response.get_data(as_text=True)


def test_readyz_names_redis_when_the_message_queue_cannot_be_reached(app):
    app.config["REDIS_URL"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    app.config["READINESS_TIMEOUT_SECONDS"] = 0.5
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "not ready", "checks": {"database": "ok", "redis": "failed"}}


def test_probes_set_no_cookie_even_for_a_logged_in_browser(app, client):
    with app.app_context():
        email = make_user().email
    log_in(client, email)
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers, path


@pytest.fixture
def default_rate_limit(app_config):
    """A default limit for this test's app only: the limiter is made once per process
    (community/extensions.py) and keeps the first default limit any app gave it."""
    from community.extensions import limiter

    app_config["RATELIMIT_DEFAULT"] = "2 per minute"
    yield app_config
    limiter.limit_manager.set_default_limits([])


def test_probes_are_not_rate_limited(default_rate_limit):
    app_config = default_rate_limit
    app = create_app(app_config)
    client = app.test_client()
    with app.app_context():
        from community.extensions import db

        db.create_all()
    statuses = {client.get(path).status_code for _ in range(5) for path in ("/healthz", "/readyz")}
    assert statuses == {200}
    # The default limit itself is in force: another page is refused after two requests.
    assert [client.get("/help").status_code for _ in range(3)][-1] == 429
