"""The main journeys through real Chromium, each in one test."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from community.clock import utcnow
from community.extensions import db
from community.forum.categories import seed_categories
from community.webinars.models import Webinar
from courses.content import import_course
from tests.browser.test_fair_quiz_in_browser import ORDER, order_with_keyboard
from tests.courses.conftest import write_course
from tests.helpers import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser


def person(browser, live_server, email=None):
    context = browser.new_context(base_url=live_server)
    context.set_default_timeout(8000)
    page = context.new_page()
    if email:
        page.goto("/account/login")
        page.get_by_label("E-mailadres").fill(email)
        page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
    return context, page


def test_forum_ask_with_privacy_guard_answer_live_accept_and_search(browser, live_server, live_app):
    with live_app.app_context():
        seed_categories()
        make_user(name="Sanne de Boer", email="sanne@verbind.example", roles=("professional",))
        make_user(name="Ingrid Visser", email="ingrid@verbind.example", roles=("professional",))
    asker_context, asker = person(browser, live_server, "sanne@verbind.example")
    helper_context, helper = person(browser, live_server, "ingrid@verbind.example")
    try:
        asker.goto("/forum/ask")
        asker.get_by_label("Titel").fill("Hoe bespreek ik blauwe plekken met ouders?")
        asker.get_by_label("Je vraag").fill("Het gaat om een peuter met BSN 111222333 op de groep.")
        asker.get_by_role("button", name="Plaats je vraag").click()
        expect(
            asker.get_by_role("heading", name="Is iemand herkenbaar in deze tekst?")
        ).to_be_visible()
        asker.get_by_label("Je vraag").fill(
            "Het gaat om een peuter bij ons op de groep; hoe begin ik?"
        )
        asker.get_by_role("button", name="Plaats je vraag").click()
        expect(asker.get_by_role("heading", level=1)).to_contain_text("blauwe plekken met ouders")
        question_url = asker.url
        asker.locator('#live-thread[data-live="following"]').wait_for(state="attached")

        helper.goto(question_url)
        helper.get_by_role("textbox", name="Je antwoord").fill(
            "Begin met wat je zag en vraag hoe het thuis gaat: samen kijken, niet beschuldigen."
        )
        helper.get_by_role("button", name="Plaats je antwoord").click()
        expect(asker.locator("#answer-list .post.answer")).to_contain_text("samen kijken")

        asker.get_by_role("button", name="Accepteer dit antwoord").click()
        expect(asker.locator(".accepted-label")).to_be_visible()

        helper.goto("/forum/search?q=beschuldigen")
        expect(helper.locator(".search-results")).to_contain_text("blauwe plekken met ouders")
    finally:
        asker_context.close()
        helper_context.close()


def test_course_fail_retry_pass_certificate_and_public_verification(
    browser, live_server, live_app, tmp_path
):
    with live_app.app_context():
        import_course(write_course(tmp_path))
        make_user(name="Noor de Wit", email="noor@verbind.example")
    context, page = person(browser, live_server, "noor@verbind.example")
    visitor_context, visitor = person(browser, live_server)
    try:
        page.goto("/courses/testcursus")
        page.get_by_role("button", name="Inschrijven").click()
        page.get_by_role("button", name="Markeer als gedaan en ga verder").click()
        page.get_by_role("button", name="Markeer als gedaan en ga verder").click()

        page.get_by_role("button", name="Start de toets").click()
        page.get_by_label("Je vermoeden over de dader").check()
        page.get_by_role("button", name="Antwoorden inleveren").click()
        expect(page.locator("main")).to_contain_text("3 vragen nog niet beantwoord")
        page.get_by_role("button", name="Toch inleveren").click()
        expect(page.locator("main")).to_contain_text("Nog niet gehaald")
        expect(page.locator("main")).to_contain_text("Een vermoeden is geen feit.")

        page.get_by_role("link", name="Terug naar de toets").click()
        page.get_by_role("button", name="Probeer opnieuw").click()
        page.get_by_label("Wat je zelf zag en hoorde").check()
        page.get_by_label("Blauwe plekken op ongewone plaatsen").check()
        page.get_by_label("Een kind dat schrikt van aanraking").check()
        page.get_by_label("Waar", exact=True).check()
        order_with_keyboard(page, ORDER)
        page.get_by_role("button", name="Antwoorden inleveren").click()
        expect(page.locator("main")).to_contain_text("Gehaald")

        page.get_by_role("link", name="Bekijk je certificaat").click()
        expect(page.locator(".certificate")).to_contain_text("Noor de Wit")
        code = re.search(
            r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", page.locator(".certificate-code").inner_text()
        ).group(0)
        visitor.goto(f"/certificates/{code}")
        expect(visitor.locator("main")).to_contain_text("Dit certificaat is geldig.")
        expect(visitor.locator("main")).to_contain_text("Noor de Wit")
    finally:
        context.close()
        visitor_context.close()


def test_webinar_room_with_two_attendees_and_a_moderator(browser, live_server, live_app):
    with live_app.app_context():
        host = make_user(name="Gastvrouw", email="host@verbind.example", roles=("organiser",))
        make_user(name="Moderator", email="mod@verbind.example", roles=("moderator",))
        webinar = Webinar(
            title="Webinar veiligheid",
            starts_at=utcnow() + timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=1),
            capacity=10,
            host_id=host.id,
        )
        db.session.add(webinar)
        db.session.commit()
        webinar_id = webinar.id
        make_user(name="Anna", email="anna@verbind.example")
        make_user(name="Bram", email="bram@verbind.example")
    rooms = {}
    try:
        for name, email in [
            ("anna", "anna@verbind.example"),
            ("bram", "bram@verbind.example"),
            ("mod", "mod@verbind.example"),
        ]:
            context, page = person(browser, live_server, email)
            if name != "mod":
                page.goto(f"/webinars/{webinar_id}")
                page.get_by_role("button", name="Aanmelden").click()
            page.goto(f"/webinars/{webinar_id}/live")
            page.locator('#live-room[data-live="joined"]').wait_for(state="attached")
            rooms[name] = (context, page)
        anna, bram, mod = rooms["anna"][1], rooms["bram"][1], rooms["mod"][1]

        for text in [
            "Eerste vraag: wie belt de ouders?",
            "Tweede vraag: wat zeg je tegen het kind?",
        ]:
            anna.get_by_label("Je vraag").fill(text)
            anna.get_by_role("button", name="Verstuur vraag").click()
            expect(bram.locator(".live-question .live-text", has_text=text)).to_be_visible()
        expect(bram.locator(".live-question .live-text").first).to_have_text(
            "Eerste vraag: wie belt de ouders?"
        )
        # An upvote on the second question puts it on top.
        bram.locator(".live-question", has_text="Tweede vraag").get_by_role(
            "button", name="▲ Stem"
        ).click()
        expect(anna.locator(".live-question .live-text").first).to_have_text(
            "Tweede vraag: wat zeg je tegen het kind?"
        )
        mod.locator(".live-question", has_text="Tweede vraag").get_by_role(
            "button", name="Beantwoord"
        ).click()
        # An answered question moves to its own list, for everyone and after a reload.
        answered = ".answered-questions .live-question"
        for page in (anna, bram):
            expect(page.locator(answered, has_text="Tweede vraag")).to_contain_text("beantwoord")
        bram.reload()
        bram.locator('#live-room[data-live="joined"]').wait_for(state="attached")
        expect(bram.locator(".live-question")).to_have_count(2)
        expect(bram.locator(answered, has_text="Tweede vraag")).to_be_visible()
    finally:
        for context, _page in rooms.values():
            context.close()


def test_week_event_submitted_approved_found_and_downloaded(browser, live_server, live_app):
    with live_app.app_context():
        make_user(name="Organisator", email="org@verbind.example", roles=("organiser",))
        make_user(name="Moderator", email="mod@verbind.example", roles=("moderator",))
    organiser_context, organiser = person(browser, live_server, "org@verbind.example")
    moderator_context, moderator = person(browser, live_server, "mod@verbind.example")
    visitor_context, visitor = person(browser, live_server)
    try:
        organiser.goto("/week/events/new")
        organiser.get_by_label("Titel").fill("Ouderavond over veilig opgroeien")
        organiser.get_by_label("Beschrijving").fill("Een avond met tips en gesprekken.")
        organiser.get_by_label("Begin (Nederlandse tijd)").fill("2030-11-19T19:30")
        organiser.get_by_label("Einde (Nederlandse tijd)").fill("2030-11-19T21:00")
        organiser.get_by_label("Locatie").fill("Buurthuis De Kern")
        organiser.get_by_label("Adres").fill("Dorpsstraat 3")
        organiser.get_by_label("Gemeente").fill("Ede")
        organiser.get_by_label("Ouders").check()
        organiser.get_by_label("Organisatie").fill("CJG Ede")
        organiser.get_by_role("button", name="Ter beoordeling versturen").click()
        expect(organiser.locator("main")).to_contain_text("Niet gepubliceerd")

        moderator.goto("/week/review")
        moderator.get_by_label("Goedkeuren en publiceren").check()
        moderator.get_by_role("button", name="Besluit opslaan").click()
        expect(moderator.locator("main")).to_contain_text("Niets te beoordelen.")

        visitor.goto("/week/?start=2030-11-01&end=2030-11-30")
        visitor.get_by_label("Provincie").select_option("Gelderland")
        visitor.get_by_role("button", name="Tonen").click()
        visitor.get_by_role("link", name="Ouderavond over veilig opgroeien").click()
        with visitor.expect_download() as download:
            visitor.get_by_role("link", name="Zet in je agenda (.ics)").click()
        content = Path(download.value.path()).read_text(encoding="utf-8")
        assert "SUMMARY:Ouderavond over veilig opgroeien" in content
        assert "DTSTART;TZID=Europe/Amsterdam:20301119T193000" in content
    finally:
        for context in (organiser_context, moderator_context, visitor_context):
            context.close()
