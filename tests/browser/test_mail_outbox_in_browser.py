"""In real Chromium: while the mail server is down a registration still answers at once; the
mail waits in the outbox, shows as failed to an administrator, who sends it again once the
server is back."""

import pytest
from playwright.sync_api import expect

from community.extensions import db
from community.outbox import deliver_due
from community.permissions import Role
from tests.helpers import TEST_PASSWORD, make_user
from tests.smtp_server import SMTPServer

pytestmark = pytest.mark.browser
pytest.importorskip("aiosmtpd")


@pytest.fixture
def smtp():
    server = SMTPServer()
    yield server
    server.stop()


@pytest.fixture
def outage_app(live_app, smtp):
    live_app.config.update(
        MAIL_SEND_AT_ONCE=False,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_USE_TLS=False,
        MAIL_TIMEOUT_SECONDS=5,
        MAIL_MAX_ATTEMPTS=1,
    )
    with live_app.app_context():
        make_user(name="Bea Beheer", email="beheer@verbind.example", roles=(Role.ADMIN,))
    return live_app


def work(app):
    with app.app_context():
        result = deliver_due()
        db.session.remove()
        return result


def test_failed_mail_is_shown_to_the_admin_and_sent_again(page, outage_app, smtp):
    page.goto("/account/register")
    page.get_by_label("Naam").fill("Hanna Vos")
    page.get_by_label("E-mailadres").fill("hanna@verbind.example")
    page.get_by_label("Organisatie").fill("Wijkteam Leiden")
    page.get_by_label("Werkveld").select_option("wijkteam")
    page.get_by_label("Gemeente").fill("Leiden")
    page.get_by_label("Wachtwoord", exact=True).fill("koffie-met-de-buurvrouw")
    page.get_by_label("Herhaal wachtwoord").fill("koffie-met-de-buurvrouw")
    page.get_by_role("button", name="Account aanmaken").click()
    expect(page.locator("main")).to_contain_text("bevestigingslink gestuurd naar hanna@verbind")

    assert work(outage_app) == (0, 1)  # the mail server is down: the one attempt fails

    page.goto("/account/login")
    page.get_by_label("E-mailadres").fill("beheer@verbind.example")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="Beheer", exact=True).click()
    page.get_by_role("link", name="Uitgaande e-mail").click()
    main = page.locator("main")
    expect(main).to_contain_text("1 e-mail mislukt")
    row = page.get_by_role("row", name="hanna@verbind.example")
    expect(row).to_contain_text("Bevestig je e-mailadres voor Verbind")
    expect(row).to_contain_text("Mislukt")
    expect(row).to_contain_text("Connection refused")

    smtp.start()
    row.get_by_role("button", name="Probeer opnieuw").click()
    expect(main).to_contain_text("De e-mail aan hanna@verbind.example wordt opnieuw verstuurd.")
    assert work(outage_app) == (1, 0)
    assert smtp.collector.recipients() == ["hanna@verbind.example"]
    page.reload()
    expect(main).to_contain_text("Er wacht geen e-mail en er is geen e-mail mislukt.")
    assert page.console_errors == []
