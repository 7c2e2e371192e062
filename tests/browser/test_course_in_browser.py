"""In real Chromium: enrol, read a lesson, answer a quiz by clicking, see the result."""

import pytest

from courses.content import import_course
from tests.browser.test_fair_quiz_in_browser import ORDER, order_with_keyboard
from tests.courses.conftest import write_course
from tests.helpers import TEST_PASSWORD, make_user

pytestmark = pytest.mark.browser


def test_learner_takes_a_quiz_in_the_browser(page, live_app, tmp_path):
    with live_app.app_context():
        import_course(write_course(tmp_path))
        make_user(name="Noor de Wit", email="noor@verbind.example")
    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill("noor@verbind.example")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    page.goto("/courses/testcursus")
    page.get_by_role("button", name="Inschrijven").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Wat is een signaal?"
    page.get_by_role("button", name="Markeer als gedaan en ga verder").click()
    page.get_by_role("button", name="Markeer als gedaan en ga verder").click()
    page.get_by_role("button", name="Start de toets").click()

    page.get_by_label("Wat je zelf zag en hoorde").check()
    page.get_by_label("Blauwe plekken op ongewone plaatsen").check()
    page.get_by_label("Een kind dat schrikt van aanraking").check()
    page.get_by_label("Waar", exact=True).check()
    # With JavaScript the items move with buttons (the drop-downs: test_fair_quiz_in_browser).
    order_with_keyboard(page, ORDER)
    page.get_by_role("button", name="Antwoorden inleveren").click()

    main = page.locator("main").inner_text()
    assert "Resultaat: 100%" in main
    assert "Je hebt de cursus afgerond." in main
    assert page.console_errors == []
