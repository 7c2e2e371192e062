"""The privacy guard on what attendees read about a webinar: its title and description."""

from community.extensions import db
from community.webinars.models import Webinar
from tests.helpers import hidden_fields, log_in, page_text, post_form
from tests.webinars.test_pages import client_for

WARNING = "Is iemand herkenbaar in deze tekst?"

WEBINAR = {
    "title": "Webinar over signaleren bij jonge kinderen",
    "description": "Een uur over signalen bij jonge kinderen en de meldcode.",
    "starts_at": "2030-07-01T19:30",
    "ends_at": "2030-07-01T20:30",
    "capacity": "40",
    "related_course": "0",
    "related_category": "0",
}


def webinars(app):
    with app.app_context():
        found = db.session.scalars(db.select(Webinar)).all()
        for webinar in found:
            db.session.expunge(webinar)
        return found


def test_a_bsn_in_the_description_stops_scheduling_and_keeps_what_was_typed(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    description = "We bespreken een casus: het kind met BSN 111222333 op school."
    response = post_form(organiser, "/webinars/new", {**WEBINAR, "description": description})
    assert response.status_code == 422
    html = page_text(response)
    assert WARNING in html
    assert "<mark>111222333</mark>" in html
    assert description in html, "the description is kept"
    assert f'value="{WEBINAR["title"]}"' in html, "the title is kept"
    assert webinars(app) == []


def test_a_name_in_the_title_stops_scheduling(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    title = "Wat moeder Fatima Yilmaz ons leerde"
    response = post_form(organiser, "/webinars/new", {**WEBINAR, "title": title})
    assert response.status_code == 422
    assert "<mark>Fatima Yilmaz</mark>" in page_text(response)
    assert webinars(app) == []


def test_the_host_confirms_and_the_webinar_records_it(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    title = "Wat moeder Fatima Yilmaz ons leerde"
    warned = post_form(organiser, "/webinars/new", {**WEBINAR, "title": title})
    confirmed = {**hidden_fields(page_text(warned)), "confirm_privacy": "y"}
    response = organiser.post("/webinars/new", data={**WEBINAR, "title": title, **confirmed})
    assert response.status_code == 302
    [webinar] = webinars(app)
    assert (webinar.title, webinar.privacy_confirmed) == (title, True)


def test_ordinary_webinar_text_passes_unmarked(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    response = post_form(organiser, "/webinars/new", WEBINAR)
    assert response.status_code == 302
    [webinar] = webinars(app)
    assert (webinar.description, webinar.privacy_confirmed) == (WEBINAR["description"], False)


def test_editing_a_webinar_goes_through_the_guard(app, webinar_id):
    host = app.test_client()
    log_in(host, "host@verbind.example")  # the host of the webinar_id fixture
    url = f"/webinars/{webinar_id}/edit"
    description = "Met moeder Fatima Yilmaz, die vertelt hoe het voor haar was."
    warned = post_form(host, url, {**WEBINAR, "description": description})
    assert warned.status_code == 422
    html = page_text(warned)
    assert WARNING in html and "<mark>Fatima Yilmaz</mark>" in html
    assert webinars(app)[0].description == "Hoe wijkteam en Veilig Thuis samen optrekken."

    confirmed = {**hidden_fields(html), "confirm_privacy": "y"}
    response = host.post(url, data={**WEBINAR, "description": description, **confirmed})
    assert response.status_code == 302
    [webinar] = webinars(app)
    assert (webinar.description, webinar.privacy_confirmed) == (description, True)

    # What the webinar says now decides: ordinary text is no longer marked as confirmed.
    assert post_form(host, url, WEBINAR).status_code == 302
    assert webinars(app)[0].privacy_confirmed is False
