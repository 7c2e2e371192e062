"""The forum's `person` and `forum` fixtures, for the site's search tests."""

from tests.forum.conftest import forum, person  # noqa: F401
