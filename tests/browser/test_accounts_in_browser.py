"""In real Chromium: the pages render under the CSP, work by keyboard, and an account can be
created, confirmed from the logged link and used."""

import re

import pytest

from tests.helpers import path_of

pytestmark = pytest.mark.browser


def test_home_page_shows_the_help_line_without_policy_violations(page):
    page.goto("/")
    helpline = page.get_by_role("complementary", name="Hulp")
    assert "Bel Veilig Thuis: 0800-2000" in helpline.inner_text()
    # The stylesheet applied (no CSP block): the help line has its dark background.
    background = helpline.evaluate("element => getComputedStyle(element).backgroundColor")
    assert background == "rgb(8, 79, 79)"
    assert page.console_errors == []


def test_first_tab_reaches_the_skip_link(page):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    # Focus lands on the main content, so the next Tab continues from there.
    page.wait_for_url("**#main")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")


def test_language_switch_by_click(page):
    page.goto("/account/login")
    page.get_by_role("button", name="EN (English)").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Log in"


def test_register_confirm_and_log_in(page, mail_log):
    page.goto("/account/register")
    page.get_by_label("Naam").fill("Hanna Vos")
    page.get_by_label("E-mailadres").fill("hanna@verbind.example")
    page.get_by_label("Organisatie").fill("Wijkteam Leiden")
    page.get_by_label("Werkveld").select_option("wijkteam")
    page.get_by_label("Gemeente").fill("Leiden")
    page.get_by_label("Wachtwoord", exact=True).fill("koffie-met-de-buurvrouw")
    page.get_by_label("Herhaal wachtwoord").fill("koffie-met-de-buurvrouw")
    page.get_by_role("button", name="Account aanmaken").click()
    assert "hanna@verbind.example" in page.locator("main").inner_text()

    # The link shows the address and one button, which confirms and logs in.
    page.goto(path_of(mail_log.last_link()))
    assert "hanna@verbind.example" in page.locator("main").inner_text()
    page.get_by_role("button", name="Bevestigen en inloggen").click()
    assert "Welkom bij Verbind, Hanna Vos." in page.locator("main").inner_text()
    assert re.search(r"/$", page.url)

    # Switch to English and back; the choice sticks to the account.
    page.get_by_role("button", name="EN (English)").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.locator("header").inner_text()
    page.get_by_role("button", name="NL (Nederlands)").click()
    assert "Uitloggen" in page.locator("header").inner_text()
    assert page.console_errors == []
