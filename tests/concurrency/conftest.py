"""Fixtures borrowed from other test folders."""

from tests.webinars.conftest import webinar_id  # noqa: F401 - a fixture used here too
