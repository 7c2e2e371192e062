"""In real Chromium: an organiser moves a published Week event, the public page keeps the old
time until a moderator approves the change field by field, then registrants get mail."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from community.events import services
from tests.browser.test_journeys import person
from tests.helpers import make_user

pytestmark = pytest.mark.browser

EVENT = {
    "title": "Lezing: signalen herkennen op school",
    "description": "Een avond voor leerkrachten over signalen en de meldcode.",
    "starts": datetime(2030, 11, 20, 19, 30),
    "ends": datetime(2030, 11, 20, 21, 30),
    "online": False,
    "venue": "Bibliotheek Centrum",
    "address": "Stationsplein 1",
    "gemeente": "Arnhem",
    "audience": "professionals",
    "organisation": "GGD Gelderland-Midden",
    "registration_mode": "verbind",
    "capacity": 20,
}


def test_organiser_moves_an_event_moderator_approves_registrants_hear_of_it(
    browser, live_server, live_app, mail_log
):
    with live_app.app_context():
        organiser = make_user(email="org@verbind.example", roles=("organiser",))
        moderator = make_user(email="mod@verbind.example", roles=("moderator",))
        event = services.submit_event(organiser, EVENT, now=datetime(2030, 1, 1, tzinfo=UTC))
        services.review_event(moderator, event, "approve")
        registrant = make_user(name="Rik Registrant", email="rik@verbind.example")
        services.register(registrant, event)
        event_id = event.id
    url = f"/week/events/{event_id}"

    organiser_context, organiser_page = person(browser, live_server, "org@verbind.example")
    moderator_context, moderator_page = person(browser, live_server, "mod@verbind.example")
    visitor_context, visitor = person(browser, live_server)
    try:
        organiser_page.goto(f"{url}/edit")
        organiser_page.get_by_label("Begin (Nederlandse tijd)").fill("2030-11-21T14:00")
        organiser_page.get_by_label("Einde (Nederlandse tijd)").fill("2030-11-21T16:00")
        organiser_page.get_by_role("button", name="Opslaan").click()
        expect(organiser_page.locator("#pending-change")).to_contain_text("do 21 nov 2030, 14:00")

        visitor.goto(url)
        expect(visitor.locator(".facts")).to_contain_text("wo 20 nov 2030, 19:30")
        expect(visitor.locator("#changed")).to_have_count(0)

        moderator_page.goto("/week/review")
        change = moderator_page.locator(f"#change-{event_id}")
        expect(change.locator("del").first).to_have_text("wo 20 nov 2030, 19:30")
        expect(change.locator("ins").first).to_have_text("do 21 nov 2030, 14:00")
        change.get_by_label("Goedkeuren: aanmelders krijgen de nieuwe tijd en plaats").check()
        change.get_by_role("button", name="Besluit opslaan").click()
        expect(moderator_page.get_by_text("Niets te beoordelen.")).to_be_visible()

        visitor.goto(url)
        expect(visitor.locator(".facts")).to_contain_text("do 21 nov 2030, 14:00")
        expect(visitor.locator("#changed")).to_contain_text("Gewijzigd op")
        [mail] = [m for m in mail_log.messages if "To: rik@verbind.example" in m and "Nu:" in m]
        assert "Eerst: wo 20 nov 2030, 19:30" in mail and "Nu: do 21 nov 2030, 14:00" in mail
        assert f"[attachment: verbind-week-{event_id}.ics]" in mail
    finally:
        organiser_context.close()
        moderator_context.close()
        visitor_context.close()
