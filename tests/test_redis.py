"""With REDIS_URL set, worker processes share rate limits and Socket.IO rooms through Redis."""

import os
import random

import pytest

from community import create_app
from community.extensions import db, socketio
from tests.helpers import log_in, page_text

REDIS_URL = os.environ.get("TEST_REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")


@pytest.fixture
def redis_config(app_config):
    app_config.update(REDIS_URL=REDIS_URL, LOGIN_RATE_LIMIT="3 per minute")
    return app_config


def test_login_limit_is_shared_between_two_workers(redis_config, app):
    other_worker = create_app(redis_config)
    first, second = app.test_client(), other_worker.test_client()
    # Counters in Redis outlive a test: a fresh client address keeps earlier runs out of it.
    address = "127.{}.{}.{}".format(*random.sample(range(1, 255), 3))
    for client in (first, second):
        client.environ_base["REMOTE_ADDR"] = address
    for client in (first, second, first):
        assert log_in(client, "iemand@verbind.example", "fout-fout-fout").status_code == 401
    # The fourth attempt is refused by the second worker, which saw only one of the three.
    response = log_in(second, "iemand@verbind.example", "fout-fout-fout")
    assert response.status_code == 429
    assert "Te veel pogingen" in page_text(response)
    with other_worker.app_context():
        db.engine.dispose()


def test_socketio_uses_redis_as_message_queue(redis_config, app):
    # Cross-worker delivery itself is exercised with real clients by the scale-out tests.
    manager = socketio.server.manager
    assert type(manager).__name__ == "RedisManager"
    assert manager.redis_url == REDIS_URL
