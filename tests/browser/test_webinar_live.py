"""In real Chromium: a question typed in one attendee's live room appears in another's, and
identifiers in a question or the host's reply are sent only once the author confirms."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from community.clock import utcnow
from community.extensions import db
from community.webinars import services
from community.webinars.models import Webinar
from tests.helpers import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def webinar(live_app):
    with live_app.app_context():
        host = make_user(name="Gastvrouw", email="host@verbind.example", roles=("organiser",))
        webinar = Webinar(
            title="Live webinar",
            starts_at=utcnow() + timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=1),
            capacity=10,
            host_id=host.id,
        )
        db.session.add(webinar)
        db.session.commit()
        for email in ("anna@verbind.example", "bram@verbind.example"):
            services.register(make_user(name=email.split("@")[0].title(), email=email), webinar)
        return webinar.id


def open_room(browser, live_server, email, webinar_id):
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(8000)
    page = context.new_page()
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"/webinars/{webinar_id}/live")
    page.locator('#live-room[data-live="joined"]').wait_for(state="attached")
    return context, page


def test_a_question_appears_live_in_another_attendees_room(browser, live_server, webinar):
    anna_context, anna = open_room(browser, live_server, "anna@verbind.example", webinar)
    bram_context, bram = open_room(browser, live_server, "bram@verbind.example", webinar)
    try:
        anna.get_by_label("Je vraag").fill("Hoe houden jullie de regie na een melding?")
        anna.get_by_role("button", name="Verstuur vraag").click()
        expect(bram.locator(".live-question .live-text")).to_have_text(
            "Hoe houden jullie de regie na een melding?"
        )
        expect(bram.locator("[data-announcer]")).to_contain_text("Hoe houden jullie de regie")
        # Bram votes; Anna sees the count change.
        bram.get_by_role("button", name="▲ Stem").click()
        expect(anna.locator(".live-question .muted")).to_contain_text("1 stem")
    finally:
        anna_context.close()
        bram_context.close()


def test_identifiers_are_sent_only_after_the_author_confirms_the_warning(
    browser, live_server, webinar
):
    anna_context, anna = open_room(browser, live_server, "anna@verbind.example", webinar)
    bram_context, bram = open_room(browser, live_server, "bram@verbind.example", webinar)
    host_context, host = open_room(browser, live_server, "host@verbind.example", webinar)
    try:
        ask_form = anna.locator("#ask-form")
        confirm = ask_form.get_by_label("Ik heb het gecontroleerd")
        anna.get_by_label("Je vraag").fill("Mag ik BSN 111222333 noemen in het overleg?")
        anna.get_by_role("button", name="Verstuur vraag").click()
        expect(ask_form.locator("[data-ask-error]")).to_contain_text(
            "Burgerservicenummer (BSN): 111222333"
        )
        expect(confirm).to_be_visible()
        # Changing the text drops the confirmation: the new text is warned about again.
        anna.get_by_label("Je vraag").fill("Mag ik BSN 111222333 noemen in het MDO?")
        expect(confirm).to_be_hidden()
        anna.get_by_role("button", name="Verstuur vraag").click()
        confirm.check()
        anna.get_by_role("button", name="Verstuur vraag").click()
        expect(bram.locator(".live-question .live-text")).to_have_text(
            "Mag ik BSN 111222333 noemen in het MDO?"
        )
        expect(bram.locator("[data-privacy-confirmed]")).to_have_count(0)
        question = host.locator(".live-question", has_text="noemen in het MDO")
        expect(question.locator("[data-privacy-confirmed]")).to_contain_text(
            "Vrager bevestigde: niemand herkenbaar"
        )
        expect(ask_form.locator("[data-ask-error]")).to_have_text("")
        expect(confirm).to_be_hidden()

        # The host's reply is warned about the same way.
        question.get_by_role("button", name="Antwoord", exact=True).click()
        reply_form = host.locator("#reply-form")
        expect(reply_form.get_by_label("Je antwoord op deze vraag")).to_be_focused()
        reply_form.get_by_label("Je antwoord op deze vraag").fill(
            "Noem liever niet BSN 111222333, maar de casus."
        )
        reply_form.get_by_role("button", name="Verstuur antwoord").click()
        expect(reply_form.locator("[data-reply-error]")).to_contain_text("111222333")
        reply_form.get_by_label("Ik heb het gecontroleerd").check()
        reply_form.get_by_role("button", name="Verstuur antwoord").click()
        expect(bram.locator(".live-question .live-reply")).to_have_text(
            "Noem liever niet BSN 111222333, maar de casus."
        )
        expect(reply_form).to_be_hidden()
    finally:
        for context in (anna_context, bram_context, host_context):
            context.close()
