"""The documentation's pictures: every screenshot the README or docs/ shows is committed, and so
is every one the screenshot test makes (`make screenshots` renews them)."""

import re
from pathlib import Path

from tests.browser.test_screenshots import screenshot_names

ROOT = Path(__file__).resolve().parent.parent
DOCS_SHOTS = ROOT / "docs" / "screenshots"


def referenced_screenshots():
    documents = [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]
    for document in documents:
        for reference in re.findall(r"docs/screenshots/[\w.-]+", document.read_text()):
            yield document.name, reference


def test_every_screenshot_the_documentation_shows_is_committed():
    references = list(referenced_screenshots())
    assert references, "the README shows screenshots"
    for document, reference in references:
        assert (ROOT / reference).is_file(), f"{document} shows {reference}, which is missing"


def test_every_screenshot_the_browser_test_makes_is_committed():
    missing = [name for name in screenshot_names() if not (DOCS_SHOTS / name).is_file()]
    assert not missing, f"missing in docs/screenshots (run `make screenshots`): {missing}"
