"""In real Chromium: on a 390×844 phone the Week list's filters stay folded behind "Filters (n)",
so the first event shows on the first screen; on a 1280×800 screen they open by themselves."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from community.events import services
from tests.browser.test_event_changes import EVENT
from tests.helpers import make_user

pytestmark = pytest.mark.browser

LISTING = "/week/?start=2030-11-01&end=2030-11-30&province=Gelderland"


@pytest.mark.parametrize(("width", "height", "opened"), [(390, 844, False), (1280, 800, True)])
def test_filters_fold_on_a_phone_and_open_on_a_wide_screen(
    browser, live_server, live_app, width, height, opened
):
    with live_app.app_context():
        organiser = make_user(email="org@verbind.example", roles=("organiser",))
        moderator = make_user(email="mod@verbind.example", roles=("moderator",))
        event = services.submit_event(organiser, EVENT, now=datetime(2030, 1, 1, tzinfo=UTC))
        services.review_event(moderator, event, "approve")
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.goto(LISTING)
        fold = page.locator("details#filters")
        expect(fold.locator("summary")).to_have_text("Filters (3)")
        assert fold.evaluate("element => element.open") is opened
        first = page.locator(".question-list .question-summary").first
        expect(first).to_contain_text(EVENT["title"])
        assert first.bounding_box()["y"] < height  # the list starts on the first screen
        expect(page.locator("#result-count")).to_contain_text("1 bijeenkomst")
        if not opened:
            expect(page.get_by_label("Provincie")).to_be_hidden()
            page.locator("details#filters summary").click()  # opens without the script too
        expect(page.get_by_label("Provincie")).to_be_visible()
    finally:
        context.close()
