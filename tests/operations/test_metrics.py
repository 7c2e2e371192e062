"""/metrics: Prometheus' text format behind a bearer token (no token configured: no page), with
requests by route and status, latencies, socket events, live clients and the outbox backlog."""

import pytest
import sqlalchemy as sa
from prometheus_client.parser import text_string_to_metric_families

from community.clock import utcnow
from community.extensions import db, socketio
from community.outbox import MailStatus, OutboxMail
from community.webinars import services
from community.webinars.models import Webinar
from tests.helpers import log_in, make_user

TOKEN = "prometheus-scrape-token-0123456789"  # noqa: S105
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def app_config(app_config):
    app_config["METRICS_TOKEN"] = TOKEN
    return app_config


def scrape(client):
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


def test_without_a_configured_token_there_is_no_metrics_page(app_config):
    from community import create_app

    app_config.pop("METRICS_TOKEN")
    client = create_app(app_config).test_client()
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers=AUTH).status_code == 404


@pytest.mark.parametrize(
    "header",
    [None, "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer", f"bearer{TOKEN}"],
)
def test_a_missing_or_wrong_token_is_refused(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "verbind_" not in response.get_data(as_text=True)


def test_requests_are_counted_by_route_and_status(client):
    before = scrape(client)
    client.get("/help")
    client.get("/help?utm=x")
    client.get("/forum/q/999999")  # a login redirect for a visitor
    after = scrape(client)
    counted = "verbind_http_requests_total"
    help_page = {"route": "/help", "method": "GET", "status": "200"}
    assert value(after, counted, **help_page) - value(before, counted, **help_page) == 2
    question = {"route": "/forum/q/<int:question_id>", "method": "GET", "status": "302"}
    assert value(after, counted, **question) - value(before, counted, **question) == 1
    latency = "verbind_http_request_duration_seconds_count"
    assert value(after, latency, route="/help") - value(before, latency, route="/help") == 2
    assert value(after, "verbind_http_request_duration_seconds_bucket", route="/help", le="+Inf")
    assert not any("999999" in str(key) or "utm" in str(key) for key in after)


def test_live_clients_and_socket_events_are_counted_without_names(app, webinar_id):
    with app.app_context():
        for name in ("Anna", "Bram"):
            user = make_user(name=f"{name} Jansen", email=f"{name.lower()}@verbind.example")
            services.register(user, db.session.get(Webinar, webinar_id))
    client = app.test_client()
    before = scrape(client)
    sockets = []
    for name in ("anna", "bram"):
        browser = app.test_client()
        log_in(browser, f"{name}@verbind.example")
        socket = socketio.test_client(app, namespace="/webinar", flask_test_client=browser)
        socket.emit("join", {"webinar_id": webinar_id}, namespace="/webinar", callback=True)
        sockets.append(socket)
    sockets[0].emit("join", {"webinar_id": 0}, namespace="/webinar", callback=True)

    during = scrape(client)
    assert value(during, "verbind_webinar_room_clients", webinar=str(webinar_id)) == 2
    assert value(during, "verbind_live_clients", namespace="/webinar") >= 2
    events = "verbind_socket_events_total"
    joined = {"namespace": "/webinar", "event": "join", "outcome": "ok"}
    invalid = {"namespace": "/webinar", "event": "join", "outcome": "invalid"}
    assert value(during, events, **joined) - value(before, events, **joined) == 2
    assert value(during, events, **invalid) - value(before, events, **invalid) == 1
    assert not any("Anna" in str(key) or "anna@" in str(key) for key in during)

    for socket in sockets:
        socket.disconnect(namespace="/webinar")
    assert value(scrape(client), "verbind_webinar_room_clients", webinar=str(webinar_id)) == 0


def test_the_outbox_backlog_is_read_at_each_scrape(app, client):
    with app.app_context():
        # Written as rows, not through send_mail: the tests' outbox sends at once.
        for status in (MailStatus.QUEUED, MailStatus.QUEUED, MailStatus.FAILED, MailStatus.SENT):
            db.session.execute(
                sa.insert(OutboxMail).values(
                    to="iemand@verbind.example", subject="Test", body="Hallo", attachments="[]",
                    status=status, attempts=0, next_attempt_at=utcnow(), last_error="",
                    created_at=utcnow(),
                )
            )  # fmt: skip
        db.session.commit()
    samples = scrape(client)
    assert value(samples, "verbind_mail_outbox_backlog", status="queued") == 2
    assert value(samples, "verbind_mail_outbox_backlog", status="sending") == 0
    assert value(samples, "verbind_mail_outbox_backlog", status="failed") == 1
    assert ("verbind_mail_outbox_backlog", (("status", "sent"),)) not in samples
    assert "iemand@" not in client.get("/metrics", headers=AUTH).get_data(as_text=True)
