"""Fixtures for the operations tests: a webinar to hold a live room, the log lines written."""

import json

import pytest

from tests.webinars.conftest import new_webinar


@pytest.fixture
def webinar_id(app):
    with app.app_context():
        return new_webinar(capacity=20)


@pytest.fixture
def log_lines(caplog):
    """The structured lines written so far, parsed: log_lines("request") or ("socket")."""
    caplog.set_level("INFO", logger="verbind.requests")
    caplog.set_level("INFO", logger="verbind.socket")

    def lines(kind):
        logger = {"request": "verbind.requests", "socket": "verbind.socket"}[kind]
        return [json.loads(r.getMessage()) for r in caplog.records if r.name == logger]

    lines.raw = lambda: "\n".join(r.getMessage() for r in caplog.records)
    return lines
