"""In real Chromium, three people and the host's screen: an attendee asks, the host corrects
and approves the question, another attendee votes and takes the vote back, the host sets "now
answering" (highlighted for everyone and on the presenter view) and then "answered", which
moves the question to the answered list."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from community.clock import utcnow
from community.extensions import db
from community.webinars import services
from community.webinars.models import Webinar
from tests.browser.test_webinar_live import open_room
from tests.helpers import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def webinar(live_app):
    with live_app.app_context():
        host = make_user(name="Gastvrouw", email="host@verbind.example", roles=("organiser",))
        webinar = Webinar(
            title="Live webinar met moderatie",
            starts_at=utcnow() + timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=1),
            capacity=10,
            host_id=host.id,
            questions_need_approval=True,
        )
        db.session.add(webinar)
        db.session.commit()
        for email in ("anna@verbind.example", "bram@verbind.example"):
            services.register(make_user(name=email.split("@")[0].title(), email=email), webinar)
        return webinar.id


def test_a_moderator_runs_the_room_from_question_to_answered(browser, live_server, webinar):
    anna_context, anna = open_room(browser, live_server, "anna@verbind.example", webinar)
    bram_context, bram = open_room(browser, live_server, "bram@verbind.example", webinar)
    host_context, host = open_room(browser, live_server, "host@verbind.example", webinar)
    presenter = host_context.new_page()
    presenter.goto(f"/webinars/{webinar}/presenter")
    presenter.locator('#presenter[data-live="joined"]').wait_for(state="attached")
    try:
        typed = "Hoe bespreek je zorgen met ouders die boos wordn?"
        anna.get_by_label("Je vraag").fill(typed)
        anna.get_by_role("button", name="Verstuur vraag").click()
        # Anna sees her own question waiting, without a vote button; Bram sees nothing yet.
        own = anna.locator(".live-question", has_text="ouders die boos")
        expect(own).to_contain_text("wacht op goedkeuring")
        expect(own).to_contain_text("Je vraag")
        expect(own.get_by_role("button")).to_have_count(0)
        expect(bram.locator(".live-question")).to_have_count(0)

        # The host sees only what fits a waiting question, and corrects the typo.
        waiting = host.locator(".live-question", has_text="ouders die boos")
        expect(waiting.get_by_role("button")).to_have_text(["Goedkeuren", "Bewerken", "Verbergen"])
        waiting.get_by_role("button", name="Bewerken").click()
        edit_form = host.locator("#edit-form")
        field = edit_form.get_by_label("Tekst van de vraag")
        expect(field).to_be_focused()
        field.fill("Hoe bespreek je zorgen met ouders die boos worden?")
        edit_form.get_by_role("button", name="Vraag opslaan").click()
        expect(edit_form).to_be_hidden()
        expect(waiting.locator(".live-text")).to_have_text(
            "Hoe bespreek je zorgen met ouders die boos worden?"
        )
        expect(waiting.locator("[data-original]")).to_contain_text(typed)
        expect(own.locator(".live-text")).to_have_text(
            "Hoe bespreek je zorgen met ouders die boos worden?"
        )
        waiting.get_by_role("button", name="Goedkeuren").click()

        # Bram sees it, votes, sees that he voted, and takes the vote back.
        question = bram.locator(".live-question", has_text="ouders die boos worden")
        expect(question).to_be_visible()
        expect(question.locator("[data-original]")).to_have_count(0)
        question.get_by_role("button", name="▲ Stem").click()
        expect(question).to_contain_text("1 stem")
        expect(question).to_contain_text("Je hebt gestemd")
        expect(own).to_contain_text("1 stem")
        question.get_by_role("button", name="Stem intrekken").click()
        expect(question).to_contain_text("0 stemmen")
        expect(question).not_to_contain_text("Je hebt gestemd")
        expect(question.get_by_role("button", name="▲ Stem")).to_be_visible()

        # Now answering: highlighted for everyone, and large on the presenter view.
        approved = host.locator(".live-question", has_text="ouders die boos worden")
        expect(approved.get_by_role("button")).to_have_text(
            ["▲ Stem", "Nu aan de beurt", "Beantwoord", "Antwoord", "Bewerken", "Verbergen"]
        )
        approved.get_by_role("button", name="Nu aan de beurt").click()
        for page in (anna, bram, host):
            now = page.locator("[data-now-answering]")
            expect(now).to_contain_text("Nu aan de beurt")
            expect(now).to_contain_text("ouders die boos worden")
            expect(now).to_have_attribute("aria-live", "polite")
        expect(bram.locator(".live-question.answering")).to_have_count(1)
        expect(presenter.locator(".presenter-current .presenter-text")).to_have_text(
            "Hoe bespreek je zorgen met ouders die boos worden?"
        )

        # Answered: it moves to the answered list, and off the big screen.
        host.locator(".live-question", has_text="ouders die boos worden").get_by_role(
            "button", name="Beantwoord"
        ).click()
        answered = bram.locator("[data-answered-list] .live-question")
        expect(answered).to_have_count(1)
        expect(answered).to_contain_text("ouders die boos worden")
        expect(bram.locator("[data-open-list] .live-question")).to_have_count(0)
        expect(bram.locator("[data-now-answering]")).to_have_text("")
        expect(presenter.locator("[data-current]")).to_contain_text(
            "Er wordt nu geen vraag beantwoord."
        )
        expect(
            host.locator("[data-answered-list] .live-question").get_by_role("button")
        ).to_have_text(["▲ Stem", "Terug naar open vragen", "Antwoord", "Verbergen"])
    finally:
        for context in (anna_context, bram_context, host_context):
            context.close()
