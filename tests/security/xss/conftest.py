"""Fixtures for the XSS corpus: the payloads with markers and signed-in clients per role."""

import pytest

from tests.helpers import log_in, make_user
from tests.security.xss import corpus


@pytest.fixture(scope="session")
def marked_payloads():
    return corpus.marked_payloads()


@pytest.fixture
def signed_in(app):
    """signed_in("professional") -> (logged-in client, user id)."""
    counter = {"n": 0}

    def make(role="professional", **kwargs):
        counter["n"] += 1
        roles = () if role == "member" else (role,)
        with app.app_context():
            user = make_user(
                name=kwargs.pop("name", f"Collega {counter['n']}"),
                email=f"xss-{role}{counter['n']}@verbind.example",
                roles=roles,
                **kwargs,
            )
            user_id, email = user.id, user.email
        client = app.test_client()
        assert log_in(client, email).status_code == 302
        return client, user_id

    return make
