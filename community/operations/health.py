"""Readiness: can this process reach its database and, when one is configured, Redis? Each check
is one round trip (SELECT 1, PING) and answers "ok" or "failed", never the error's text."""

import logging

import redis
from flask import current_app
from sqlalchemy import text

from community.extensions import db

log = logging.getLogger("verbind.health")


def database_ready():
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        log.warning("readiness: database unreachable (%s)", type(error).__name__)
        return False
    return True


def redis_ready(url, timeout):
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except Exception as error:  # noqa: BLE001
        log.warning("readiness: Redis unreachable (%s)", type(error).__name__)
        return False
    finally:
        client.close()


def readiness_checks():
    """{"database": "ok"|"failed"[, "redis": ...]} for the current app."""
    checks = {"database": "ok" if database_ready() else "failed"}
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        timeout = current_app.config["READINESS_TIMEOUT_SECONDS"]
        checks["redis"] = "ok" if redis_ready(redis_url, timeout) else "failed"
    return checks
