"""Prometheus metrics of this process: requests by route and status, latency, Socket.IO events,
and, computed when /metrics is read, live clients per webinar room and the mail outbox backlog.

Labels hold route patterns, event names and webinar ids only: never a person."""

import hmac

from flask import has_app_context
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from sqlalchemy.exc import SQLAlchemyError

from community.extensions import db

# One registry for the process (gunicorn runs one worker per process, so one app per process).
REGISTRY = CollectorRegistry(auto_describe=True)
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)

# Page latencies: most pages take tens of milliseconds; the slow end shows trouble.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)

HTTP_REQUESTS = Counter(
    "verbind_http_requests",
    "HTTP requests by route pattern, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_LATENCY = Histogram(
    "verbind_http_request_duration_seconds",
    "Time from the first request hook to the response, by route pattern.",
    ["route"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
SOCKET_EVENTS = Counter(
    "verbind_socket_events",
    "Socket.IO events by namespace, event name and outcome (ok, accepted, or the refusal).",
    ["namespace", "event", "outcome"],
    registry=REGISTRY,
)
SOCKET_LATENCY = Histogram(
    "verbind_socket_event_duration_seconds",
    "Time a Socket.IO event handler took, by namespace and event name.",
    ["namespace", "event"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
CONTENT_TYPE = CONTENT_TYPE_LATEST


def observe_request(method, route, status, seconds):
    HTTP_REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    HTTP_LATENCY.labels(route=route).observe(seconds)


def observe_socket_event(namespace, event, outcome, seconds):
    SOCKET_EVENTS.labels(namespace=namespace, event=event, outcome=outcome).inc()
    SOCKET_LATENCY.labels(namespace=namespace, event=event).observe(seconds)


class ScrapeTimeCollector:
    """Gauges read when /metrics is scraped (inside its app context), so they are never stale:
    connected Socket.IO clients and the mail outbox (one COUNT query)."""

    def describe(self):
        return []

    def collect(self):
        if not has_app_context():
            return
        from community.outbox import outbox_backlog
        from community.webinars.live import clients_per_webinar

        live = GaugeMetricFamily(
            "verbind_live_clients",
            "Socket.IO clients connected to this process, by namespace.",
            labels=["namespace"],
        )
        for namespace, count in connected_clients().items():
            live.add_metric([namespace], count)
        yield live

        rooms = GaugeMetricFamily(
            "verbind_webinar_room_clients",
            "Clients in each webinar's live room on this process (attendees, presenter screens "
            "and moderators together).",
            labels=["webinar"],
        )
        for webinar_id, count in sorted(clients_per_webinar().items()):
            rooms.add_metric([str(webinar_id)], count)
        yield rooms

        try:
            by_status = outbox_backlog()
        except SQLAlchemyError:
            # The database is down (/readyz says so): the other metrics still get through.
            db.session.rollback()
            return
        backlog = GaugeMetricFamily(
            "verbind_mail_outbox_backlog",
            "Mails in the outbox not sent (yet), by status: queued, sending, failed.",
            labels=["status"],
        )
        for status, count in by_status.items():
            backlog.add_metric([status], count)
        yield backlog


REGISTRY.register(ScrapeTimeCollector())


def connected_clients():
    """{namespace: connected clients} on this process."""
    from community.extensions import socketio
    from community.live import USER_NAMESPACES

    server = socketio.server
    counts = dict.fromkeys(USER_NAMESPACES, 0)
    if server is None:
        return counts
    for namespace in USER_NAMESPACES:
        everyone = server.manager.rooms.get(namespace, {}).get(None, {})
        counts[namespace] = len(everyone)
    return counts


def exposition():
    """The metrics in Prometheus' text format."""
    return generate_latest(REGISTRY)


def bearer_token_matches(authorization_header, expected_token):
    """Whether an `Authorization: Bearer <token>` header carries the expected token, compared
    in constant time."""
    scheme, _, presented = (authorization_header or "").partition(" ")
    if scheme.lower() != "bearer" or not presented:
        return False
    return hmac.compare_digest(presented.strip().encode(), expected_token.encode())
