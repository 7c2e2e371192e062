"""/healthz and /readyz for nginx and a load balancer, and /metrics for Prometheus.

None of them reads the session or the logged-in user, so they set no cookie; they are exempt
from rate limits (a prober asks often) and take GET only, so CSRF does not apply."""

from flask import Blueprint, Response, abort, current_app, jsonify, request

from community.extensions import limiter
from community.operations import health, metrics

bp = Blueprint("operations", __name__)


def _probe_answer(body, status):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """The process answers: no database, nothing else."""
    return _probe_answer({"status": "alive"}, 200)


@bp.get("/readyz")
@limiter.exempt
def readyz():
    checks = health.readiness_checks()
    ready = all(state == "ok" for state in checks.values())
    body = {"status": "ready" if ready else "not ready", "checks": checks}
    return _probe_answer(body, 200 if ready else 503)


@bp.get("/metrics")
@limiter.exempt
def metrics_page():
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)  # metrics are off: the page does not exist
    if not metrics.bearer_token_matches(request.headers.get("Authorization"), token):
        return Response(
            "A bearer token is required.\n",
            401,
            {"WWW-Authenticate": 'Bearer realm="metrics"', "Cache-Control": "no-store"},
            mimetype="text/plain",
        )
    response = Response(metrics.exposition(), content_type=metrics.CONTENT_TYPE)
    response.headers["Cache-Control"] = "no-store"
    return response
