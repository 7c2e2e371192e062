"""Fixtures for the XSS corpus: the payloads with markers, and the forum's `person` fixture for
signed-in clients per role."""

import pytest

from tests.forum.conftest import person  # noqa: F401 - signed-in clients per role
from tests.security.xss import corpus


@pytest.fixture(scope="session")
def marked_payloads():
    return corpus.marked_payloads()
