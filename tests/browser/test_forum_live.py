"""In real Chromium: a new answer and a vote appear on an open question page without reload."""

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.forum import services
from community.forum.categories import seed_categories
from community.forum.models import Category
from tests.helpers import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def thread(live_app):
    with live_app.app_context():
        seed_categories()
        asker = make_user(
            name="Sanne de Boer", email="sanne@verbind.example", roles=("professional",)
        )
        make_user(name="Ingrid Visser", email="ingrid@verbind.example", roles=("professional",))
        category = db.session.scalar(db.select(Category))
        question = services.ask_question(
            asker,
            category=category,
            title="Hoe bereid ik een huisbezoek voor?",
            body="Ik ga voor het eerst op huisbezoek na een zorgmelding. Tips?",
        )
        return question.id


def login(page, email):
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_new_answer_and_vote_appear_live(browser, live_server, thread):
    reader_context = browser.new_context(base_url=live_server)
    writer_context = browser.new_context(base_url=live_server)
    reader_context.set_default_timeout(8000)
    writer_context.set_default_timeout(8000)
    try:
        reader = reader_context.new_page()
        login(reader, "sanne@verbind.example")
        reader.goto(f"/forum/q/{thread}")
        reader.locator('#live-thread[data-live="following"]').wait_for(state="attached")

        writer = writer_context.new_page()
        login(writer, "ingrid@verbind.example")
        writer.goto(f"/forum/q/{thread}")
        writer.get_by_role("textbox", name="Je antwoord").fill(
            "Neem een collega mee en spreek vooraf af wie wat vraagt."
        )
        writer.get_by_role("button", name="Plaats je antwoord").click()

        answer = reader.locator("#answer-list .post.answer")
        answer.wait_for()
        assert "Neem een collega mee" in answer.inner_text()
        # The heading counts in the singular: "1 antwoord", never "1 antwoorden".
        expect(reader.locator("#answers-heading")).to_have_text("1 antwoord")

        # Ingrid votes on Sanne's question; Sanne's open page shows the new score.
        writer.goto(f"/forum/q/{thread}")
        writer.locator(f"#post-{thread} button.vote-up").click()
        expect(reader.locator(f'[data-score-for="{thread}"]')).to_have_text("1")
    finally:
        reader_context.close()
        writer_context.close()
