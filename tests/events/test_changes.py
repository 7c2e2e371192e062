"""Week events that change: a new time or place waits for review while the published version
stays public, approval mails registrants with an updated .ics; cancelling; registration mail."""

import json
import re

from icalendar import Calendar

from community.events.ical import event_attachment
from community.events.models import Event
from community.extensions import db
from community.mail import build_message
from tests.events.test_week import EVENT, client_for, event_id_from, review, submit
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import log_in, page_text, post_form


def published_event(app, **changes):
    """(organiser, moderator, event id) of an approved event (capacity 2, Arnhem, 19:30)."""
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    event_id = event_id_from(submit(organiser, **changes))
    review(moderator, event_id, "approve")
    return organiser, moderator, event_id


def register_visitors(app, event_id, count):
    url = f"/week/events/{event_id}"
    visitors = [client_for(app, f"v{n}@verbind.example") for n in range(count)]
    for visitor in visitors:
        post_form(visitor, f"{url}/register", page=url)
    return visitors


def vevent(client, url):
    [entry] = Calendar.from_ical(client.get(url).data).walk("VEVENT")
    return entry


def schema_org(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def review_change(moderator, event_id, decision, note=""):
    return post_form(
        moderator,
        f"/week/events/{event_id}/change/review",
        {"decision": decision, "note": note},
        page="/week/review",
    )


def mails_to(mail_log, address):
    return [m for m in mail_log.messages if f"To: {address}" in m]


def test_a_new_time_waits_for_review_then_everyone_registered_hears_of_it(app, client, mail_log):
    organiser, moderator, event_id = published_event(app)
    register_visitors(app, event_id, 3)  # two places, one on the waiting list
    url = f"/week/events/{event_id}"
    sequence = vevent(client, f"{url}.ics")["SEQUENCE"]

    response = post_form(
        organiser,
        f"{url}/edit",
        {**EVENT, "starts": "2030-11-21T14:00", "ends": "2030-11-21T16:00", "venue": "Het Huis"},
        follow_redirects=True,
    )
    assert "Een moderator bekijkt de nieuwe tijd of plaats." in page_text(response)
    assert "wacht op een moderator: do 21 nov 2030, 14:00–16:00" in page_text(response)
    public = page_text(client.get(url))
    assert "wo 20 nov 2030, 19:30" in public and "21 nov" not in public
    assert "Het Huis" not in public and "wacht op een moderator" not in public
    assert vevent(client, f"{url}.ics")["SEQUENCE"] == sequence
    assert vevent(client, "/week/feed.ics")["DTSTART"].dt.hour == 19
    assert "Het Huis" not in client.get("/week/feed.json").get_data(as_text=True)
    assert not [m for m in mail_log.messages if "Nieuwe tijd of plaats" in m]

    queue = page_text(moderator.get("/week/review"))
    assert '<th scope="row">Begint</th><td><del>wo 20 nov 2030, 19:30</del></td>' in queue
    assert "<td><ins>do 21 nov 2030, 14:00</ins></td>" in queue
    assert "<td><del>Bibliotheek Centrum</del></td><td><ins>Het Huis</ins></td>" in queue
    assert "Gemeente" not in queue.split('class="card" id="change-')[1]  # unchanged: left out

    review_change(moderator, event_id, "approve")
    page = page_text(client.get(url))
    assert "do 21 nov 2030, 14:00" in page and "Het Huis" in page
    assert re.search(r"Gewijzigd op \d{1,2} \w+ 20\d\d", page)
    assert schema_org(page)["eventStatus"] == "https://schema.org/EventRescheduled"
    entry = vevent(client, f"{url}.ics")
    assert entry["SEQUENCE"] > sequence and entry["DTSTART"].dt.hour == 14
    for address in ("v0@verbind.example", "v1@verbind.example", "v2@verbind.example"):
        [mail] = [m for m in mails_to(mail_log, address) if "Nieuwe tijd of plaats" in m]
        before = "wo 20 nov 2030, 19:30–21:30, Bibliotheek Centrum, Stationsplein 1, Arnhem"
        assert f"Eerst: {before}" in mail
        assert "Nu: do 21 nov 2030, 14:00–16:00, Het Huis, Stationsplein 1, Arnhem" in mail
        assert f"[attachment: verbind-week-{event_id}.ics]" in mail
    assert not [m for m in mails_to(mail_log, "org@verbind.example") if "Nieuwe tijd" in m]
    assert "Niets te beoordelen." in page_text(moderator.get("/week/review"))


def test_a_declined_change_keeps_the_published_event_and_tells_the_organiser(app, client, mail_log):
    organiser, moderator, event_id = published_event(app)
    url = f"/week/events/{event_id}"
    post_form(organiser, f"{url}/edit", {**EVENT, "gemeente": "Utrecht"})
    review_change(moderator, event_id, "decline", "Het adres ligt niet in Utrecht.")
    page = page_text(client.get(url))
    assert "Arnhem" in page and "Utrecht" not in page and "Gewijzigd op" not in page
    [mail] = mails_to(mail_log, "org@verbind.example")
    assert "niet goedgekeurd" in mail and "Het adres ligt niet in Utrecht." in mail
    # The edit form shows the published place again: nothing waits any more.
    assert 'value="Arnhem"' in page_text(organiser.get(f"{url}/edit"))


def test_the_edit_form_shows_the_waiting_change_and_going_back_withdraws_it(app, client):
    organiser, moderator, event_id = published_event(app)
    url = f"/week/events/{event_id}"
    post_form(organiser, f"{url}/edit", {**EVENT, "gemeente": "Utrecht"})
    assert 'value="Utrecht"' in page_text(organiser.get(f"{url}/edit"))
    post_form(organiser, f"{url}/edit", EVENT)
    assert "Niets te beoordelen." in page_text(moderator.get("/week/review"))


def test_a_moderators_own_change_applies_at_once_and_mails_registrants(app, client, mail_log):
    _organiser, moderator, event_id = published_event(app)
    register_visitors(app, event_id, 1)
    url = f"/week/events/{event_id}"
    sequence = vevent(client, f"{url}.ics")["SEQUENCE"]
    post_form(moderator, f"{url}/edit", {**EVENT, "starts": "2030-11-20T20:00"})
    assert "wo 20 nov 2030, 20:00" in page_text(client.get(url))
    assert vevent(client, f"{url}.ics")["SEQUENCE"] > sequence
    [mail] = mails_to(mail_log, "v0@verbind.example")[-1:]
    assert "Eerst: wo 20 nov 2030, 19:30" in mail and "Nu: wo 20 nov 2030, 20:00" in mail


def test_a_cancelled_event_stays_visible_closes_registration_and_tells_registrants(
    app, client, mail_log
):
    organiser, _moderator, event_id = published_event(app)
    register_visitors(app, event_id, 3)
    url = f"/week/events/{event_id}"
    sequence = vevent(client, f"{url}.ics")["SEQUENCE"]

    confirm = page_text(organiser.get(f"{url}/cancel-event"))
    assert "3 mensen die zich aanmeldden of op de wachtlijst staan krijgen een mail." in confirm
    response = post_form(
        organiser, f"{url}/cancel-event", {"reason": "De spreker is ziek."}, follow_redirects=True
    )
    assert "De bijeenkomst is geannuleerd" in page_text(response)

    page = page_text(client.get(url))
    assert "Geannuleerd" in page and "De spreker is ziek." in page
    assert schema_org(page)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "Geannuleerd" in page_text(client.get("/week/?start=2030-11-01&end=2030-11-30"))
    assert "<td>Geannuleerd</td>" in page_text(organiser.get("/week/mine"))
    entry = vevent(client, "/week/feed.ics")
    assert entry["STATUS"] == "CANCELLED" and entry["SEQUENCE"] > sequence
    assert client.get("/week/feed.json").get_json()["events"][0]["cancelled"] is True
    for n in range(3):
        [mail] = [m for m in mails_to(mail_log, f"v{n}@verbind.example") if "Geannuleerd:" in m]
        assert "De spreker is ziek." in mail and "[attachment: verbind-week-" in mail

    late = client_for(app, "laat@verbind.example")
    response = post_form(late, f"{url}/register", page=url, follow_redirects=True)
    assert "Deze bijeenkomst is geannuleerd." in page_text(response)
    assert "Aanmelden</button>" not in page_text(response)
    assert organiser.get(f"{url}/edit").status_code == 200  # the form shows, saving refuses
    refused = post_form(organiser, f"{url}/edit", {**EVENT, "gemeente": "Utrecht"})
    assert refused.status_code == 409


def test_only_those_who_run_the_event_cancel_it_and_only_with_a_token(app, client):
    _organiser, _moderator, event_id = published_event(app)
    url = f"/week/events/{event_id}/cancel-event"
    member = client_for(app, "lid@verbind.example")
    assert member.get(url).status_code == 403
    assert client.get(url).status_code in (302, 401)
    assert client.post(url).status_code in (302, 400, 401)
    organiser = app.test_client()
    log_in(organiser, "org@verbind.example")
    assert organiser.post(url, data={"reason": "zonder token"}).status_code == 400
    with app.app_context():
        assert db.session.get(Event, event_id).cancelled_at is None


def test_a_cancellation_reason_goes_through_the_privacy_guard_and_keeps_what_was_typed(app):
    organiser, _moderator, event_id = published_event(app)
    url = f"/week/events/{event_id}/cancel-event"
    reason = "Moeder Fatima Yilmaz belde af, BSN 111222333."
    response = post_form(organiser, url, {"reason": reason})
    assert response.status_code == 422
    assert "Fatima Yilmaz" in page_text(response) and "privacy_digest" in page_text(response)
    with app.app_context():
        assert db.session.get(Event, event_id).cancelled_at is None


def test_registration_waiting_list_and_moving_up_are_mailed(app, mail_log):
    _organiser, _moderator, event_id = published_event(app)
    visitors = register_visitors(app, event_id, 3)
    assert "Je bent aangemeld voor" in mails_to(mail_log, "v0@verbind.example")[-1]
    assert "op de wachtlijst" in mails_to(mail_log, "v2@verbind.example")[-1]
    url = f"/week/events/{event_id}"
    post_form(visitors[0], f"{url}/cancel", page=url)
    moved = mails_to(mail_log, "v2@verbind.example")[-1]
    assert "Er is een plek vrijgekomen" in moved and "wo 20 nov 2030, 19:30" in moved
    # Registering twice sends no second confirmation.
    before = len(mails_to(mail_log, "v1@verbind.example"))
    post_form(visitors[1], f"{url}/register", page=url)
    assert len(mails_to(mail_log, "v1@verbind.example")) == before


def test_the_review_card_shows_audience_address_and_capacity(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    submit(organiser)
    card = page_text(moderator.get("/week/review"))
    assert "Professionals" in card and "professionals</dd>" not in card
    assert "Bibliotheek Centrum, Stationsplein 1, Arnhem (Gelderland)" in card
    assert "2 plaatsen" in card


def test_the_review_queue_runs_as_many_queries_for_five_changes_as_for_one(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))

    def add_changed_events(count):
        for n in range(count):
            event_id = event_id_from(submit(organiser, title=f"Bijeenkomst nummer {n}"))
            review(moderator, event_id, "approve")
            post_form(organiser, f"/week/events/{event_id}/edit", {**EVENT, "gemeente": "Ede"})
            submit(organiser, title=f"Nieuwe bijeenkomst {n}")

    add_changed_events(1)
    with counted_queries(app) as one:
        moderator.get("/week/review")
    add_changed_events(4)
    with counted_queries(app) as five:
        page = page_text(moderator.get("/week/review"))
    assert page.count('class="card" id="change-') == 5
    assert len(five) == len(one)


def test_mail_carries_the_events_ics_as_a_calendar_attachment(app):
    _organiser, moderator, event_id = published_event(app)
    post_form(moderator, f"/week/events/{event_id}/cancel-event", {"reason": ""})
    with app.test_request_context():
        event = db.session.get(Event, event_id)
        attachment = event_attachment(event)
        message = build_message("a@verbind.example", "Onderwerp", "Tekst", "v@x", [attachment])
    [part] = list(message.iter_attachments())
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "PUBLISH"
    assert part.get_filename() == f"verbind-week-{event_id}.ics"
    [entry] = Calendar.from_ical(part.get_content()).walk("VEVENT")
    assert entry["STATUS"] == "CANCELLED" and entry["UID"] == f"week-event-{event_id}@verbind"
