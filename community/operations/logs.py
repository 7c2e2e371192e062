"""One structured line (JSON) per HTTP request and per Socket.IO event, with a request id.

A line names the route's pattern (`/account/reset/<token>`), never the path or query string a
client sent (tokens live there), and no address, user id or e-mail address."""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import g, request

from community.operations import metrics

REQUEST_LOG = logging.getLogger("verbind.requests")
SOCKET_LOG = logging.getLogger("verbind.socket")
REQUEST_ID_HEADER = "X-Request-ID"
# What a request id from a proxy (nginx's $request_id, a load balancer's id) looks like; any
# other value is replaced, so a client cannot write text of its own choosing into the log.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
UNMATCHED_ROUTE = "<unmatched>"


def request_id_from(header_value):
    """The proxy's request id when it looks like one, else a fresh random one."""
    if header_value and _SANE_REQUEST_ID.fullmatch(header_value):
        return header_value
    return uuid.uuid4().hex


def route_of(flask_request):
    """The URL rule's pattern, the same for every person and token; unmatched paths share one."""
    rule = flask_request.url_rule
    return rule.rule if rule is not None else UNMATCHED_ROUTE


def _line(**fields):
    return json.dumps(
        {"time": datetime.now(UTC).isoformat(timespec="milliseconds"), **fields},
        ensure_ascii=False,
    )


def record_request(method, route, status, seconds, request_id):
    REQUEST_LOG.info(
        _line(
            type="request",
            method=method,
            route=route,
            status=status,
            duration_ms=round(seconds * 1000, 1),
            request_id=request_id,
        )
    )
    metrics.observe_request(method, route, status, seconds)


def record_socket_event(namespace, event, outcome, seconds):
    SOCKET_LOG.info(
        _line(
            type="socket",
            namespace=namespace,
            event=event,
            outcome=outcome,
            duration_ms=round(seconds * 1000, 1),
        )
    )
    metrics.observe_socket_event(namespace, event, outcome, seconds)


def socket_event_outcome(event, result):
    """What became of an event, from its handler's reply: ok, the reply's error code
    (invalid, forbidden, ...), or accepted/refused for a connection."""
    if event == "connect":
        return "refused" if result is False else "accepted"
    if isinstance(result, dict) and "ok" in result:
        return "ok" if result["ok"] else str(result.get("error", "error"))
    if isinstance(result, tuple):  # Flask-SocketIO's answer for a client it does not know
        return "ignored"
    return "ok"


def configure(app):
    """Write the lines to stderr (gunicorn and systemd's journal collect it); tests read them
    through pytest's log capture instead."""
    for logger in (REQUEST_LOG, SOCKET_LOG):
        logger.setLevel(logging.INFO)
        if not app.testing and not logger.handlers:
            handler = logging.StreamHandler(sys.stderr)
            handler.setFormatter(logging.Formatter("%(message)s"))
            logger.addHandler(handler)


def register(app):
    configure(app)

    @app.before_request
    def start_request_clock():
        g.request_started = time.perf_counter()
        g.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))

    @app.after_request
    def log_request(response):
        started = g.get("request_started")
        request_id = g.get("request_id") or request_id_from(None)
        seconds = time.perf_counter() - started if started is not None else 0.0
        record_request(request.method, route_of(request), response.status_code, seconds, request_id)
        response.headers[REQUEST_ID_HEADER] = request_id
        return response
