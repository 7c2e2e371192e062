"""Screenshots of the key pages (desktop and a 390-px phone) for docs/screenshots and the README.
Each page is also checked for what a person would see on it."""

import os
from pathlib import Path

import pytest

from community.demo import load_demo
from community.forum.categories import seed_categories

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BOTH = tuple(SIZES)
PHONE = ("phone",)
# (file name, address, who looks, text the page shows, sizes); the phone shots show the folded
# menu and the one-line help line (tests/browser/test_phone_layout.py measures them).
PAGES = [
    ("home", "/", None, "Samen tegen kindermishandeling", BOTH),
    ("my-home", "/", "professional@verbind.example", "Je cursus", BOTH),
    ("forum", "/forum/", "professional@verbind.example", "Stel een vraag", BOTH),
    ("thread", "/forum/q/1", "professional@verbind.example", "Je antwoord", BOTH),
    ("course", "/courses/kindcheck", "lid@verbind.example", "Kindcheck en meldcode", BOTH),
    ("live-room", "/webinars/1/live", "lid@verbind.example", "Live vragen", BOTH),
    ("week", "/week/?view=month", None, "Week tegen Kindermishandeling", BOTH),
    ("week-list", "/week/", None, "Week tegen Kindermishandeling", PHONE),
]


@pytest.fixture
def demo_app(live_app):
    with live_app.app_context():
        seed_categories()
        load_demo()
    return live_app


def screenshot_names():
    """The files one run makes (docs/screenshots holds them all: tests/test_docs.py)."""
    return [f"{name}-{size}.png" for name, *_, sizes in PAGES for size in sizes]


@pytest.fixture(scope="session")
def shots(tmp_path_factory):
    """docs/screenshots only when asked (`make screenshots` sets SCREENSHOTS_DIR), so an ordinary
    test run leaves the committed pictures alone."""
    chosen = os.environ.get("SCREENSHOTS_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("size", SIZES)
def test_key_pages_look_right_and_are_saved(browser, live_server, demo_app, shots, size):
    sessions = {}
    try:
        for name, path, email, expected, sizes in PAGES:
            if size not in sizes:
                continue
            if email not in sessions:
                context = browser.new_context(base_url=live_server, viewport=SIZES[size])
                page = context.new_page()
                if email:
                    page.goto("/account/login")
                    page.fill("#email", email)
                    page.fill("#password", "verbind-demo-2026")
                    page.click("main button[type=submit]")
                sessions[email] = (context, page)
            page = sessions[email][1]
            page.goto(path)
            assert expected in page.locator("main").inner_text(), name
            # The help line is visible at the top on every size.
            assert page.locator(".helpline").is_visible()
            page.screenshot(path=str(shots / f"{name}-{size}.png"))
    finally:
        for context, _page in sessions.values():
            context.close()
