"""The home page on a 390-px phone, in real Chromium with the demo data: one column of cards,
nothing wider than the screen, the way on (continue the course) within reach, and no
accessibility violations (axe-core, as tests/browser/test_accessibility.py)."""

import pytest
from playwright.sync_api import expect

from community.demo import DEMO_PASSWORD, load_demo
from community.forum.categories import seed_categories
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_app(live_app):
    with live_app.app_context():
        seed_categories()
        load_demo()
    return live_app


def open_home(browser, live_server, email=None):
    context = browser.new_context(
        base_url=live_server, viewport=PHONE, locale="nl-NL", bypass_csp=True
    )
    context.set_default_timeout(8000)
    page = context.new_page()
    if email:
        page.goto("/account/login")
        page.fill("#email", email)
        page.fill("#password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
    page.goto("/")
    return context, page


def blocks_in_one_column(page):
    """[(left, top, right, bottom)] of the home page's cards, rounded to whole pixels."""
    return page.eval_on_selector_all(
        ".home-block",
        "cards => cards.map(card => { const r = card.getBoundingClientRect();"
        " return [Math.round(r.left), Math.round(r.top), Math.round(r.right),"
        " Math.round(r.bottom)]; })",
    )


def assert_fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a 390-px screen"
    cards = blocks_in_one_column(page)
    assert cards, "the home page shows cards"
    for card, below in zip(cards, cards[1:], strict=False):
        assert below[1] >= card[3], "cards stand one below the other"
    for left, _top, right, _bottom in cards:
        assert left >= 0 and right <= PHONE["width"]


def test_the_personal_home_page_fits_a_phone(browser, live_server, demo_app):
    context, page = open_home(browser, live_server, "professional@verbind.example")
    try:
        expect(page.get_by_role("heading", name="Je cursus")).to_be_visible()
        expect(page.get_by_text("2 van 21 onderdelen klaar")).to_be_visible()
        page.get_by_role("link", name="Verder:").click()
        page.wait_for_url("**/courses/kindcheck/lessons/*")
        page.goto("/")
        assert_fits_the_phone(page)
        assert violations(page) == []
    finally:
        context.close()


def test_the_visitors_home_page_fits_a_phone(browser, live_server, demo_app):
    context, page = open_home(browser, live_server)
    try:
        expect(page.get_by_role("heading", name="Komende webinars")).to_be_visible()
        assert_fits_the_phone(page)
        assert violations(page) == []
    finally:
        context.close()
