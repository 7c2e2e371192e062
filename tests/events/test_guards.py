"""The privacy guard on what the Week calendar's readers see: an event's title and description,
and the moderator's note to the organiser. The venue and address are public on purpose."""

import re

from community.events.models import Event
from community.extensions import db
from tests.events.test_week import EVENT, client_for, event_id_from, review, submit
from tests.helpers import hidden_fields, page_text, post_form

WARNING = "Is iemand herkenbaar in deze tekst?"
MODERATOR_NOTICE = "de organisator bevestigde dat niemand herkenbaar is"


def event_count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Event))


def stored_event(app, event_id):
    with app.app_context():
        event = db.session.get(Event, event_id)
        db.session.expunge(event)
        return event


def organiser_and_moderator(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    return organiser, moderator


def test_a_bsn_in_the_description_stops_the_event_and_keeps_what_was_typed(app):
    organiser, _ = organiser_and_moderator(app)
    description = "Een avond over de meldcode. Voorbeeldcasus: kind met BSN 111222333."
    response = submit(organiser, description=description)
    assert response.status_code == 422
    html = page_text(response)
    assert WARNING in html
    assert "<mark>111222333</mark>" in html
    assert description in html, "the description is kept"
    assert 'value="Bibliotheek Centrum"' in html, "the other fields are kept"
    assert event_count(app) == 0


def test_a_name_in_the_title_stops_the_event(app):
    organiser, _ = organiser_and_moderator(app)
    response = submit(organiser, title="Herdenking: het verhaal van moeder Fatima Yilmaz")
    assert response.status_code == 422
    html = page_text(response)
    assert WARNING in html
    assert "<mark>Fatima Yilmaz</mark>" in html
    assert event_count(app) == 0


def test_the_organiser_confirms_and_the_moderator_sees_that_they_did(app):
    organiser, moderator = organiser_and_moderator(app)
    description = "Moeder Fatima Yilmaz vertelt haar verhaal, met haar toestemming."
    warned = submit(organiser, description=description)
    assert warned.status_code == 422
    confirmed = {**hidden_fields(page_text(warned)), "confirm_privacy": "y"}
    response = organiser.post(
        "/week/events/new", data={**EVENT, "description": description, **confirmed}
    )
    assert response.status_code == 302
    event_id = event_id_from(response)
    event = stored_event(app, event_id)
    assert event.description == description
    assert event.privacy_confirmed is True
    assert MODERATOR_NOTICE in page_text(moderator.get("/week/review"))


def test_ordinary_event_text_and_a_public_venue_address_pass_unmarked(app):
    organiser, moderator = organiser_and_moderator(app)
    response = submit(
        organiser,
        venue="Wijkcentrum De Linde",
        address="Lindelaan 12, 6821 AB Arnhem",
        organisation="Veilig Thuis Gelderland-Midden",
    )
    assert response.status_code == 302
    event = stored_event(app, event_id_from(response))
    # The one-line address is split: the postcode has its own field, the gemeente already has.
    assert (event.address, event.postcode, event.privacy_confirmed) == (
        "Lindelaan 12",
        "6821 AB",
        False,
    )
    assert MODERATOR_NOTICE not in page_text(moderator.get("/week/review"))


def test_editing_an_event_goes_through_the_guard_and_records_the_confirmation(app):
    organiser, _ = organiser_and_moderator(app)
    event_id = event_id_from(submit(organiser))
    url = f"/week/events/{event_id}/edit"
    description = "Het gezin woont op 3511 CP 12; we bespreken hun situatie."
    warned = post_form(organiser, url, {**EVENT, "description": description})
    assert warned.status_code == 422
    html = page_text(warned)
    assert WARNING in html and "<mark>3511 CP 12</mark>" in html
    assert stored_event(app, event_id).description == EVENT["description"]

    confirmed = {**hidden_fields(html), "confirm_privacy": "y"}
    response = organiser.post(url, data={**EVENT, "description": description, **confirmed})
    assert response.status_code == 302
    event = stored_event(app, event_id)
    assert (event.description, event.privacy_confirmed) == (description, True)

    # What the event says now decides: ordinary text is no longer marked as confirmed.
    assert post_form(organiser, url, EVENT).status_code == 302
    assert stored_event(app, event_id).privacy_confirmed is False


def test_the_moderators_note_to_the_organiser_goes_through_the_guard(app):
    organiser, moderator = organiser_and_moderator(app)
    event_id = event_id_from(submit(organiser))
    note = "Haal het BSN 111222333 van het kind uit de tekst."
    warned = review(moderator, event_id, "changes", note)
    assert warned.status_code == 422
    html = page_text(warned)
    assert WARNING in html
    assert "<mark>111222333</mark>" in html
    assert note in html, "the note is kept"
    assert re.search(r'<input checked[^>]*value="changes"', html), "the decision is kept"
    event = stored_event(app, event_id)
    assert (event.status, event.review_note) == ("pending", "")

    confirmed = {**hidden_fields(html), "confirm_privacy": "y"}
    response = moderator.post(
        f"/week/events/{event_id}/review", data={"decision": "changes", "note": note, **confirmed}
    )
    assert response.status_code == 302
    event = stored_event(app, event_id)
    assert (event.status, event.review_note) == ("changes_requested", note)


def test_an_ordinary_review_note_passes(app):
    organiser, moderator = organiser_and_moderator(app)
    event_id = event_id_from(submit(organiser))
    response = review(moderator, event_id, "changes", "Voeg de eindtijd van de pauze toe.")
    assert response.status_code == 302
    assert stored_event(app, event_id).review_note == "Voeg de eindtijd van de pauze toe."
