"""The privacy statement: what is stored, why, how long, who sees it; linked from registration
and from the footer of every page."""

from tests.helpers import page_text, post_form


def test_privacy_statement_answers_what_why_how_long_and_who(client):
    response = client.get("/privacy")
    assert response.status_code == 200
    html = page_text(response)
    for heading in ("Privacyverklaring", "Wat we bewaren, waarom en hoe lang", "Wie ziet wat"):
        assert heading in html
    for stored in ("Je account", "Forum", "Cursussen", "Webinars", "E-mail", "Technische"):
        assert stored in html
    assert html.count("Hoe lang:") >= 6 and "Waarom:" in html
    # The periods `flask retention run` enforces (RETENTION_* defaults).
    assert "niet is bevestigd binnen 7 dagen" in html
    assert "3 jaar" in html and "30 dagen na een waarschuwing" in html
    assert "na 90 dagen" in html
    assert "Inzage" in html and "Correctie" in html and "Verwijdering" in html
    assert "mailto:privacy@verbind.example" in html


def test_privacy_statement_in_english(client):
    post_form(client, "/language", {"locale": "en"}, page="/")
    assert "Who sees what" in page_text(client.get("/privacy"))


def test_registration_form_and_footer_link_to_the_privacy_statement(client):
    assert 'href="/privacy"' in page_text(client.get("/account/register"))
    assert 'href="/privacy"' in page_text(client.get("/"))


def test_privacy_statement_says_what_the_download_holds_and_that_access_is_logged(client):
    html = page_text(client.get("/privacy"))
    assert "Download mijn gegevens" in html
    assert "werkt één keer, 7 dagen" in html
    assert "wie van moderatie of beheer je gegevens heeft bekeken" in html
