"""Keyboard only: the quiz and the live room can be used without a mouse."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from community.clock import utcnow
from community.extensions import db
from community.webinars import services
from community.webinars.models import Webinar
from courses.content import import_course
from tests.courses.conftest import write_course
from tests.helpers import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser


def log_in_by_keyboard(page, email):
    page.goto("/account/login")
    page.get_by_label("E-mailadres").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(TEST_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")


def tab_to(page, predicate_js, limit=80):
    """Press Tab until the focused element matches; fail when it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js):
            return
    raise AssertionError(f"Tab never reached: {predicate_js}")


def test_quiz_by_keyboard_only(page, live_app, tmp_path):
    with live_app.app_context():
        import_course(write_course(tmp_path))
        make_user(name="Noor", email="noor@verbind.example")
    log_in_by_keyboard(page, "noor@verbind.example")
    page.goto("/courses/testcursus")
    tab_to(page, "document.activeElement.textContent.trim() === 'Inschrijven'")
    page.keyboard.press("Enter")
    done_button = "document.activeElement.textContent.trim() === 'Markeer als gedaan en ga verder'"
    for heading in ("Wat is een signaal?", "Vastleggen"):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        tab_to(page, done_button)
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Toets signalen")
    tab_to(page, "document.activeElement.textContent.trim() === 'Start de toets'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Antwoorden inleveren")).to_be_visible()
    # First radio of the first question: Space selects it; then on to the submit button.
    tab_to(page, "document.activeElement.type === 'radio'")
    page.keyboard.press("Space")
    tab_to(page, "document.activeElement.textContent.trim() === 'Antwoorden inleveren'")
    page.keyboard.press("Enter")
    # Three questions left open: the summary, then "submit anyway".
    expect(page.get_by_role("heading", level=1)).to_contain_text("nog niet beantwoord")
    tab_to(page, "document.activeElement.textContent.trim() === 'Toch inleveren'")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Resultaat")


def test_live_room_by_keyboard_only(page, live_app):
    with live_app.app_context():
        host = make_user(name="Gastvrouw", email="host@verbind.example", roles=("organiser",))
        webinar = Webinar(
            title="Toetsenbordwebinar",
            starts_at=utcnow() + timedelta(minutes=5),
            ends_at=utcnow() + timedelta(hours=1),
            capacity=10,
            host_id=host.id,
        )
        db.session.add(webinar)
        db.session.commit()
        services.register(make_user(name="Anna", email="anna@verbind.example"), webinar)
        webinar_id = webinar.id
    log_in_by_keyboard(page, "anna@verbind.example")
    page.goto(f"/webinars/{webinar_id}/live")
    page.locator('#live-room[data-live="joined"]').wait_for(state="attached")
    tab_to(page, "document.activeElement.id === 'ask-text'")
    page.keyboard.type("Kan ik deze vraag met alleen het toetsenbord stellen?")
    tab_to(page, "document.activeElement.textContent.trim() === 'Verstuur vraag'")
    page.keyboard.press("Enter")
    expect(page.locator(".live-question .live-text")).to_have_text(
        "Kan ik deze vraag met alleen het toetsenbord stellen?"
    )
