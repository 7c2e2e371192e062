"""Getting started in the forum, in real Chromium: a member learns how to get verified; a
professional sees similar questions, a privacy hint and a preview while typing, then posts."""

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.forum import services
from community.forum.categories import seed_categories
from community.forum.models import Category
from tests.helpers import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser


def log_in(browser, live_server, email):
    context = browser.new_context(base_url=live_server, locale="nl-NL")
    context.set_default_timeout(8000)
    page = context.new_page()
    page.console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and page.console_errors.append(message.text),
    )
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    return context, page


def test_member_learns_how_to_get_verified_and_professional_asks_with_help(
    browser, live_server, live_app
):
    with live_app.app_context():
        seed_categories()
        make_user(name="Noor de Wit", email="noor@verbind.example")
        asker = make_user(
            name="Sanne de Boer", email="sanne@verbind.example", roles=["professional"]
        )
        services.ask_question(
            asker,
            category=db.session.scalar(db.select(Category)),
            title="Blauwe plekken op de bovenarm van een peuter",
            body="Op de groep zien we blauwe plekken. Hoe bespreek ik dat met de ouders?",
            tags=[],
        )

    member_context, member = log_in(browser, live_server, "noor@verbind.example")
    try:
        member.goto("/forum/")
        member.get_by_role("link", name="Stel een vraag").click()
        expect(
            member.get_by_text("Alleen geverifieerde professionals kunnen vragen stellen")
        ).to_be_visible()
        expect(member.get_by_text("Een controle duurt meestal 2 werkdagen")).to_be_visible()
        member.get_by_role("button", name="Vraag verificatie aan").click()
        expect(member.get_by_text("Je aanvraag wacht sinds")).to_be_visible()
    finally:
        member_context.close()

    context, page = log_in(browser, live_server, "sanne@verbind.example")
    try:
        page.goto("/forum/ask")
        page.get_by_label("Titel").fill("Wat doe ik met blauwe plekken bij een peuter?")
        similar = page.locator(".similar-questions")
        expect(similar).to_contain_text("Blauwe plekken op de bovenarm van een peuter")

        page.get_by_label("Je vraag").fill(
            "Een **peuter** op de groep heeft blauwe plekken, BSN 111222333. Wat nu?"
        )
        expect(page.locator(".privacy-hint")).to_contain_text("111222333")
        expect(page.locator(".preview strong")).to_have_text("peuter")

        page.get_by_label("Je vraag").fill(
            "Een **peuter** op de groep heeft blauwe plekken op de bovenarm. Wat nu?"
        )
        expect(page.locator(".privacy-hint")).to_have_count(0)
        page.get_by_role("button", name="Plaats je vraag").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(
            "blauwe plekken bij een peuter"
        )
        assert page.console_errors == []
    finally:
        context.close()
