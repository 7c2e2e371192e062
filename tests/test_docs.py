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


def layout_block():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Layout", 1)[1]
    return section.split("```", 2)[1]


def layout_names(block, indent):
    """The names at one indentation of the layout (`community/`, `clock.py`, `cli.py / demo.py`)."""
    names = set()
    for line in block.splitlines():
        if len(line) - len(line.lstrip(" ")) != indent or not line.strip():
            continue
        entry = line.strip().split("  ", 1)[0]
        names.update(part.strip() for part in entry.split(" / ") if part.strip())
    return names


def test_the_readme_layout_names_every_module_and_package_of_the_platform():
    listed = layout_names(layout_block(), 2)
    package = ROOT / "community"
    modules = {p.name for p in package.glob("*.py") if p.name != "__init__.py"}
    packages = {p.name + "/" for p in package.iterdir() if p.is_dir() and p.name != "__pycache__"}
    missing = sorted((modules | packages) - listed)
    assert not missing, f"README's Layout does not name: {missing}"
    gone = sorted(name for name in listed if not (package / name.rstrip("/")).exists())
    assert not gone, f"README's Layout names what is not in community/: {gone}"


def test_every_top_level_entry_of_the_readme_layout_exists():
    for name in layout_names(layout_block(), 0):
        assert (ROOT / name.rstrip("/")).exists(), f"README's Layout names {name}, which is missing"
