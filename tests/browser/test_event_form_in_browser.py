"""In real Chromium, on a 390×844 phone and a 1280×800 screen: the Week event form shows the
webinar choice only for an online event, the address only for one on site and registration only
when the event is not a Verbind webinar; an organiser who ticks online, picks a webinar and
then changes their mind sends a plain on-site event that the server takes."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from community.events.models import Event, WeekEdition
from community.extensions import db
from community.webinars.models import Webinar
from tests.browser.test_journeys import person
from tests.helpers import make_user

pytestmark = pytest.mark.browser


def fill_the_rest(page):
    page.get_by_label("Titel").fill("Lezing: signalen herkennen op school")
    page.get_by_label("Beschrijving").fill("Een avond voor leerkrachten over signalen.")
    page.get_by_label("Begin (Nederlandse tijd)").fill("2030-11-20T19:00")
    page.get_by_label("Einde (Nederlandse tijd)").fill("2030-11-20T21:30")
    page.get_by_label("Organisatie").fill("GGD Gelderland-Midden")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 800)])
def test_the_form_shows_the_webinar_choice_only_for_an_online_event(
    browser, live_server, live_app, width, height
):
    with live_app.app_context():
        db.session.add(
            WeekEdition(
                year=2030,
                starts_on=datetime(2030, 11, 18).date(),
                ends_on=datetime(2030, 11, 24).date(),
            )
        )
        organiser = make_user(email="org@verbind.example", roles=("organiser",))
        starts = datetime(2030, 11, 20, 18, 45, tzinfo=UTC)
        db.session.add(
            Webinar(
                title="Webinar: de meldcode in de praktijk",
                host_id=organiser.id,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
            )
        )
        db.session.commit()
    context, page = person(browser, live_server, "org@verbind.example")
    try:
        page.set_viewport_size({"width": width, "height": height})
        page.goto("/week/events/new")
        online = page.get_by_label("Deze bijeenkomst is online")
        webinar = page.get_by_label("Verbind-webinar", exact=True)
        expect(webinar).to_be_hidden()
        expect(page.get_by_label("Adres")).to_be_visible()
        expect(page.get_by_label("Aanmelden", exact=True)).to_be_visible()

        online.check()
        expect(webinar).to_be_visible()
        expect(page.get_by_label("Adres")).to_be_hidden()
        expect(page.get_by_label("Link naar de online bijeenkomst")).to_be_visible()
        webinar.select_option(
            label="Webinar: de meldcode in de praktijk (wo 20 nov 2030, 19:45–20:45)"
        )
        # People register on the webinar's page: the own link and registration do not apply.
        expect(page.get_by_label("Link naar de online bijeenkomst")).to_be_hidden()
        expect(page.get_by_label("Aanmelden", exact=True)).to_be_hidden()
        # Nothing runs off a phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        # Changing their mind: on site after all. The hidden webinar choice is not sent.
        online.uncheck()
        expect(webinar).to_be_hidden()
        fill_the_rest(page)
        page.get_by_label("Locatie").fill("Bibliotheek Centrum")
        page.get_by_label("Adres").fill("Stationsplein 1")
        page.get_by_label("Gemeente").fill("Arnhem")
        page.get_by_role("button", name="Ter beoordeling versturen").click()
        expect(page.locator("h1")).to_have_text("Lezing: signalen herkennen op school")
        with live_app.app_context():
            [event] = db.session.scalars(db.select(Event)).all()
            assert (event.online, event.webinar_id, event.gemeente) == (False, None, "Arnhem")
    finally:
        context.close()
