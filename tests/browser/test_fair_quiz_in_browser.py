"""In real Chromium: a learner leaves a question open, sees the summary, goes back, orders
items with the keyboard, fails without seeing the right answers, and gets an extra attempt
from a moderator. And the ordering question still works without JavaScript."""

import pytest

from community.permissions import Role
from courses.content import import_course
from tests.courses.conftest import QUIZ_YAML, write_course
from tests.helpers import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser

ORDER = ["Signalen in kaart brengen", "Collegiale consultatie", "Gesprek met de cliënt"]


def log_in(page, email):
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def shown_order(page):
    return page.locator("ul.ordering li .ordering-text").all_inner_texts()


def order_with_keyboard(page, wanted):
    for place, item in enumerate(wanted):
        while shown_order(page).index(item) > place:
            page.get_by_role("button", name=f"Omhoog: {item}").focus()
            page.keyboard.press("Enter")


def test_summary_keyboard_ordering_hidden_answers_and_an_extra_attempt(
    page, browser, live_server, live_app, tmp_path
):
    with live_app.app_context():
        quiz = QUIZ_YAML.replace("attempts: 3", "attempts: 1\nshow_answers: after_passing")
        import_course(write_course(tmp_path, quiz=quiz))
        make_user(name="Noor de Wit", email="noor@verbind.example")
        make_user(name="Mo de Rator", email="mo@verbind.example", roles=(Role.MODERATOR,))
    log_in(page, "noor@verbind.example")
    page.goto("/courses/testcursus")
    page.get_by_role("button", name="Inschrijven").click()
    page.goto("/courses/testcursus/quizzes/1")
    page.get_by_role("button", name="Start de toets").click()

    # Wrong answers, the true/false question left open, the ordering right by keyboard.
    page.get_by_label("Je vermoeden over de dader").check()
    page.get_by_label("Een kind met een nieuwe jas").check()
    assert page.locator("select").first.is_hidden(), "buttons replace the drop-downs"
    order_with_keyboard(page, ORDER)
    assert shown_order(page) == ORDER
    assert "staat nu op plaats" in page.locator("#ordering-announcer").inner_text()
    page.get_by_role("button", name="Antwoorden inleveren").click()

    main = page.locator("main")
    assert "1 vraag nog niet beantwoord" in main.inner_text()
    page.get_by_role("button", name="Terug naar de vragen").click()
    assert page.get_by_label("Je vermoeden over de dader").is_checked()
    assert shown_order(page) == ORDER, "the order given comes back"
    page.get_by_label("Niet waar", exact=True).check()
    page.get_by_role("button", name="Antwoorden inleveren").click()

    text = main.inner_text()
    assert "Resultaat: 25%" in text and "niet goed" in text
    assert "juist antwoord" not in text and "De juiste volgorde" not in text
    assert "vraag dan een moderator om een extra poging" in text
    assert page.console_errors == []

    moderator = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    log_in(moderator, "mo@verbind.example")
    moderator.goto("/courses/testcursus/statistics")
    moderator.get_by_role("link", name="Extra pogingen voor een deelnemer").click()
    moderator.get_by_label("E-mailadres van de deelnemer").fill("noor@verbind.example")
    moderator.get_by_label("Extra pogingen").fill("1")
    moderator.get_by_label("Toelichting (de deelnemer leest die)").fill("Lees stap 1 nog eens.")
    moderator.get_by_role("button", name="Extra pogingen geven").click()
    assert "Noor de Wit heeft 1 extra poging gekregen." in moderator.locator("main").inner_text()
    moderator.context.close()

    page.goto("/courses/testcursus/quizzes/1")
    assert "Lees stap 1 nog eens." in main.inner_text()
    page.get_by_role("button", name="Probeer opnieuw").click()
    assert page.get_by_role("button", name="Antwoorden inleveren").is_visible()


def test_ordering_works_without_javascript(browser, live_server, live_app, tmp_path):
    with live_app.app_context():
        import_course(write_course(tmp_path))
        make_user(name="Noor de Wit", email="noor@verbind.example")
    context = browser.new_context(base_url=live_server, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    log_in(page, "noor@verbind.example")
    page.goto("/courses/testcursus")
    page.get_by_role("button", name="Inschrijven").click()
    page.goto("/courses/testcursus/quizzes/1")
    page.get_by_role("button", name="Start de toets").click()
    assert page.get_by_role("button", name="Omhoog: Collegiale consultatie").count() == 0
    page.get_by_label("Wat je zelf zag en hoorde").check()
    page.get_by_label("Blauwe plekken op ongewone plaatsen").check()
    page.get_by_label("Een kind dat schrikt van aanraking").check()
    page.get_by_label("Waar", exact=True).check()
    for place, item in enumerate(ORDER, start=1):
        page.get_by_label(f"Plaats van: {item}").select_option(str(place))
    page.get_by_role("button", name="Antwoorden inleveren").click()
    assert "Resultaat: 100%" in page.locator("main").inner_text()
    context.close()
