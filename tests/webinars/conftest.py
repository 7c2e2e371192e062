"""Webinar fixtures: a webinar in the near future with a host."""

from datetime import timedelta

import pytest

from community.accounts.models import User
from community.clock import utcnow
from community.extensions import db
from community.webinars.models import Webinar
from tests.helpers import make_user


def new_webinar(capacity=2):
    """A webinar half an hour from now with its host (inside an app context); its id."""
    host = make_user(name="Youssef El Amrani", email="host@verbind.example", roles=("organiser",))
    webinar = Webinar(
        title="Samenwerken bij veiligheid",
        description="Hoe wijkteam en Veilig Thuis samen optrekken.",
        starts_at=utcnow() + timedelta(minutes=30),
        ends_at=utcnow() + timedelta(minutes=90),
        capacity=capacity,
        host_id=host.id,
    )
    db.session.add(webinar)
    db.session.commit()
    return webinar.id


@pytest.fixture
def webinar_id(app):
    with app.app_context():
        return new_webinar()


@pytest.fixture
def in_app(app):
    """Run a function inside an app context and hand back plain values."""

    def run(function):
        with app.app_context():
            return function()

    return run


def load(model, key):
    return db.session.get(model, key)


def user(user_id):
    return db.session.get(User, user_id)
