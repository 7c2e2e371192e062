"""Fixtures for the operations tests: a webinar to hold a live room, the log lines written."""

import json
from datetime import timedelta

import pytest

from community.clock import utcnow
from community.extensions import db
from community.webinars.models import Webinar
from tests.helpers import make_user


@pytest.fixture
def webinar_id(app):
    with app.app_context():
        host = make_user(
            name="Youssef El Amrani", email="host@verbind.example", roles=("organiser",)
        )
        webinar = Webinar(
            title="Samenwerken bij veiligheid",
            description="Hoe wijkteam en Veilig Thuis samen optrekken.",
            starts_at=utcnow() + timedelta(minutes=30),
            ends_at=utcnow() + timedelta(minutes=90),
            capacity=20,
            host_id=host.id,
        )
        db.session.add(webinar)
        db.session.commit()
        return webinar.id


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
