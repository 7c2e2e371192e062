"""A published Week event's Verbind webinar while a change of it waits (linked, another one,
unlinked): everyone sees the published version whole, webinar and registration included, the
organiser sees what waits; what became of a linked webinar (cancelled, moved, deleted) on the
page, in the calendar and the feeds; the form offers the webinar only for an online event;
counts of events and webinars apart."""

import re
from datetime import datetime, timedelta

import pytest

from community.clock import to_utc
from community.events.models import Event, WeekEdition
from community.extensions import db
from community.webinars.models import Webinar
from tests.events.test_webinars import (
    EVENT,
    ONLINE_EVENT,
    WEBINAR_BLOCK,
    WEEK_END,
    WEEK_START,
    add_webinar,
    client_for,
    in_english,
    linked_event,
    set_webinar,
    stored,
    submit_online,
    vevents,
)
from tests.events.test_week import client_for as dutch_client_for
from tests.events.test_week import event_id_from, review
from tests.helpers import page_text, post_form

OWN_REGISTRATION = {
    "webinar_id": "0",
    "online_url": "https://meet.example/week",
    "registration_mode": "verbind",
    "capacity": "30",
}


@pytest.fixture
def week(app):
    with app.app_context():
        db.session.add(WeekEdition(year=2030, starts_on=WEEK_START, ends_on=WEEK_END))
        db.session.commit()


@pytest.fixture
def client(client):
    return in_english(client)


def review_change(moderator, event_id, decision):
    return post_form(
        moderator,
        f"/week/events/{event_id}/change/review",
        {"decision": decision, "note": ""},
        page="/week/review",
        follow_redirects=True,
    )


def public_view(client, event_id):
    """What anyone sees of the event: its page, its entry in the JSON feed, the iCal UIDs."""
    page = page_text(client.get(f"/week/events/{event_id}"))
    page = re.sub(r'name="csrf_token"[^>]*', "", page)  # signed anew each second
    [item] = [
        item
        for item in client.get("/week/feed.json").get_json()["events"]
        if item["type"] == "event"
    ]
    uids = sorted(str(entry["UID"]) for entry in vevents(client, "/week/feed.ics"))
    return page, item, uids


def test_unlinking_waits_and_until_then_everyone_sees_the_webinar_with_its_registration(
    app, client, week
):
    organiser, moderator, event_id, webinar_id = linked_event(app)
    before = public_view(client, event_id)

    response = post_form(
        organiser, f"/week/events/{event_id}/edit", {**ONLINE_EVENT, **OWN_REGISTRATION}
    )
    assert response.status_code == 302, page_text(response)
    assert stored(app, event_id)["registration_mode"] == "none"

    # The published version, whole: the webinar, no places, no sign-up, no link; nothing moves.
    page, item, uids = public_view(client, event_id)
    assert (page, item, uids) == before
    assert WEBINAR_BLOCK in page
    assert "places taken" not in page and "Sign up" not in page
    assert item["webinar_url"].endswith(f"/webinars/{webinar_id}")
    assert uids == [f"week-event-{event_id}@verbind"]
    member = client_for(app, "lid@verbind.example")
    url = f"/week/events/{event_id}"
    response = post_form(member, f"{url}/register", page=url, follow_redirects=True)
    assert "You cannot register for this event on Verbind." in page_text(response)

    # The organiser sees the waiting change as waiting, and the form shows what they asked.
    own = page_text(organiser.get(url))
    assert WEBINAR_BLOCK in own
    waiting = re.search(r'id="pending-webinar">([^<]*)', own).group(1)
    assert "no longer to be a Verbind webinar; registration: Register on Verbind" in waiting
    assert 'id="pending-change"' not in own  # the time and place stay
    form = page_text(organiser.get(f"{url}/edit"))
    assert '<option selected value="0">' in form
    assert '<option selected value="verbind">' in form and 'value="30"' in form

    queue = page_text(moderator.get("/week/review"))
    rows = re.findall(
        r'<th scope="row">([^<]*)</th><td><del>([^<]*)</del></td><td><ins>([^<]*)<', queue
    )
    assert ("Registration", "On the webinar&#39;s page", "Register on Verbind") in rows
    assert ("Places", "No limit", "30") in rows

    review_change(moderator, event_id, "approve")
    page = page_text(client.get(url))
    assert WEBINAR_BLOCK not in page
    assert "0 of 30 places taken" in page and "Log in to register" in page
    uids = sorted(str(entry["UID"]) for entry in vevents(client, "/week/feed.ics"))
    assert uids == [f"webinar-{webinar_id}@verbind", f"week-event-{event_id}@verbind"]


def test_a_declined_unlinking_leaves_the_event_its_webinar_and_nothing_of_the_new_registration(
    app, client, week
):
    organiser, moderator, event_id, webinar_id = linked_event(app)
    post_form(organiser, f"/week/events/{event_id}/edit", {**ONLINE_EVENT, **OWN_REGISTRATION})
    review_change(moderator, event_id, "decline")
    assert stored(app, event_id) == {
        "webinar_id": webinar_id,
        "registration_mode": "none",
        "online_url": "",
        "status": "approved",
        "waiting_webinar_id": None,
    }
    page = page_text(client.get(f"/week/events/{event_id}"))
    assert WEBINAR_BLOCK in page and "places taken" not in page


def test_another_webinar_waits_and_the_calendar_keeps_the_published_one(app, client, week):
    organiser, moderator, event_id, first = linked_event(app)
    second = add_webinar(
        app,
        "org@verbind.example",
        title="Webinar: het gesprek met ouders",
        starts=datetime(2030, 11, 20, 20, 0),
    )
    url = f"/week/events/{event_id}"
    response = post_form(organiser, f"{url}/edit", {**ONLINE_EVENT, "webinar_id": second})
    assert response.status_code == 302, page_text(response)

    page = page_text(client.get(url))
    assert f'href="/webinars/{first}"' in page and f'href="/webinars/{second}"' not in page
    listing = page_text(client.get("/week/"))
    # The event stands for its published webinar; the other is still a webinar of its own.
    assert f'href="/webinars/{first}"' not in listing
    assert f'href="/webinars/{second}"' in listing
    assert "1 event and 1 webinar" in listing
    waiting = re.search(r'id="pending-webinar">([^<]*)', page_text(organiser.get(url))).group(1)
    assert "becomes the Verbind webinar “Webinar: het gesprek met ouders”" in waiting

    review_change(moderator, event_id, "approve")
    assert f'href="/webinars/{second}"' in page_text(client.get(url))
    listing = page_text(client.get("/week/"))
    assert f'href="/webinars/{first}"' in listing and f'href="/webinars/{second}"' not in listing


def test_linking_waits_and_the_organiser_sees_it_waiting(app, client, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    own_link = {"online_url": "https://meet.example/week", "registration_mode": "verbind"}
    event_id = event_id_from(submit_online(organiser, **own_link))
    review(moderator, event_id, "approve")
    webinar_id = add_webinar(app, "org@verbind.example")
    url = f"/week/events/{event_id}"
    response = post_form(
        organiser,
        f"{url}/edit",
        {**ONLINE_EVENT, **own_link, "webinar_id": webinar_id},
        follow_redirects=True,
    )
    assert "A moderator reviews the change of the Verbind webinar." in page_text(response)
    public = page_text(client.get(url))
    assert "Log in to register" in public and WEBINAR_BLOCK not in public
    assert 'id="pending-webinar"' not in public
    assert "becomes the Verbind webinar" in page_text(organiser.get(url))


# --- a webinar that changed before the moderator decides --------------------------------------


def test_a_link_to_a_webinar_cancelled_meanwhile_cannot_be_approved(app, client, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    own_link = {"online_url": "https://meet.example/week", "registration_mode": "verbind"}
    event_id = event_id_from(submit_online(organiser, **own_link))
    review(moderator, event_id, "approve")
    webinar_id = add_webinar(app, "org@verbind.example")
    post_form(
        organiser,
        f"/week/events/{event_id}/edit",
        {**ONLINE_EVENT, **own_link, "webinar_id": webinar_id},
    )
    set_webinar(app, webinar_id, cancelled=True)

    page = page_text(review_change(moderator, event_id, "approve"))
    assert "This change cannot be approved: This webinar has been cancelled. Decline it" in page
    assert stored(app, event_id)["webinar_id"] is None
    assert stored(app, event_id)["waiting_webinar_id"] == webinar_id


def test_a_new_event_whose_webinar_moved_away_cannot_be_published(app, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    webinar_id = add_webinar(app, "org@verbind.example")
    event_id = event_id_from(submit_online(organiser, webinar_id=str(webinar_id)))
    set_webinar(
        app,
        webinar_id,
        starts_at=to_utc(datetime(2030, 11, 22, 10, 0)),
        ends_at=to_utc(datetime(2030, 11, 22, 11, 0)),
    )
    response = post_form(
        moderator,
        f"/week/events/{event_id}/review",
        {"decision": "approve", "note": ""},
        page="/week/review",
        follow_redirects=True,
    )
    assert "This event cannot be published: The webinar (Fri 22 Nov 2030, 10:00" in page_text(
        response
    )
    assert stored(app, event_id)["status"] == "pending"


def delete_webinar(app, webinar_id):
    with app.app_context():
        db.session.delete(db.session.get(Webinar, webinar_id))
        db.session.commit()


def test_a_deleted_webinar_shows_on_the_page_and_in_the_calendar_and_a_waiting_link_to_it_stops(
    app, client, week
):
    _organiser, _moderator, event_id, webinar_id = linked_event(app)
    delete_webinar(app, webinar_id)
    page = page_text(client.get(f"/week/events/{event_id}"))
    assert 'id="webinar-gone"' in page and "Ask the organiser how to take part." in page
    listing = page_text(client.get("/week/"))
    assert "Webinar no longer exists" in listing
    [item] = client.get("/week/feed.json").get_json()["events"]
    assert "webinar_url" not in item


def test_a_waiting_link_to_a_deleted_webinar_cannot_be_approved(app, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    own_link = {"online_url": "https://meet.example/week", "registration_mode": "verbind"}
    event_id = event_id_from(submit_online(organiser, **own_link))
    review(moderator, event_id, "approve")
    webinar_id = add_webinar(app, "org@verbind.example")
    post_form(
        organiser,
        f"/week/events/{event_id}/edit",
        {**ONLINE_EVENT, **own_link, "webinar_id": webinar_id},
    )
    delete_webinar(app, webinar_id)
    page = page_text(review_change(moderator, event_id, "approve"))
    assert "Its Verbind webinar no longer exists." in page
    assert stored(app, event_id)["registration_mode"] == "verbind"
    assert stored(app, event_id)["online_url"] == "https://meet.example/week"


def test_the_calendar_marks_a_cancelled_webinar_of_an_event_as_its_page_does(app, client, week):
    _organiser, _moderator, event_id, webinar_id = linked_event(app)
    set_webinar(app, webinar_id, cancelled=True)
    listing = page_text(client.get("/week/"))
    item = listing[listing.index(f'href="/week/events/{event_id}"') :]
    assert "Webinar cancelled" in item[: item.index("</li>")]
    assert f'href="/webinars/{webinar_id}"' not in listing  # the event stands for it
    grid = page_text(client.get("/week/?view=week&start=2030-11-18"))
    assert "Webinar cancelled" in grid
    [item] = client.get("/week/feed.json").get_json()["events"]
    assert item["webinar_cancelled"] is True


@pytest.mark.parametrize(
    ("moved_to", "listed_apart"),
    [
        (datetime(2030, 11, 22, 10, 0), True),  # another day of the Week
        (datetime(2030, 12, 4, 10, 0), False),  # out of the Week
    ],
)
def test_a_webinar_moved_away_from_its_event_is_marked_and_listed_at_its_own_time(
    app, client, week, moved_to, listed_apart
):
    _organiser, _moderator, event_id, webinar_id = linked_event(app)
    set_webinar(
        app,
        webinar_id,
        starts_at=to_utc(moved_to),
        ends_at=to_utc(moved_to + timedelta(hours=1)),
    )
    listing = page_text(client.get("/week/"))
    item = listing[listing.index(f'href="/week/events/{event_id}"') :]
    assert "Webinar moved" in item[: item.index("</li>")]
    assert (f'href="/webinars/{webinar_id}"' in listing) is listed_apart
    events = client.get("/week/feed.json").get_json()["events"]
    [item] = [item for item in events if item["type"] == "event"]
    assert item["webinar_starts"] == moved_to.isoformat() + "+01:00"
    assert item["webinar_cancelled"] is False


# --- the form --------------------------------------------------------------------------------


def test_the_webinar_choice_is_for_online_events_and_only_for_those_who_have_one(app, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    assert 'name="webinar_id"' not in page_text(organiser.get("/week/events/new"))
    add_webinar(app, "org@verbind.example")
    form = page_text(organiser.get("/week/events/new"))
    group = re.search(r'<div data-applies="online"[^>]*>', form).group(0)
    assert "data-unsent-when-hidden" in group
    assert form.index(group) < form.index('name="webinar_id"')
    assert 'src="/static/js/event-form.js"' in form


def test_a_refused_webinar_for_an_event_on_site_is_explained_in_dutch_and_keeps_the_form(app, week):
    organiser = dutch_client_for(app, "org@verbind.example", roles=("organiser",))
    webinar_id = add_webinar(app, "org@verbind.example")
    typed = {**EVENT, "webinar_id": str(webinar_id), "contact": "secretariaat@ggd.example"}
    response = post_form(organiser, "/week/events/new", typed)
    assert response.status_code == 422
    page = page_text(response)
    message = (
        "Alleen een online activiteit kan een Verbind-webinar zijn. Vink ‘Deze bijeenkomst "
        "is online’ aan, of kies bij Verbind-webinar ‘Nee’."
    )
    assert message in page
    for value in (EVENT["title"], EVENT["venue"], EVENT["address"], "secretariaat@ggd.example"):
        assert value in page
    assert f'<option selected value="{webinar_id}">' in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


# --- counts ------------------------------------------------------------------------------------


def test_counts_say_events_and_webinars_apart_in_dutch(app, week):
    organiser = dutch_client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = dutch_client_for(app, "mod@verbind.example", roles=("moderator",))
    visitor = app.test_client()
    add_webinar(app, "org@verbind.example")
    assert "<strong>1 webinar</strong>" in page_text(visitor.get("/week/"))
    event_id = event_id_from(post_form(organiser, "/week/events/new", EVENT))
    review(moderator, event_id, "approve")
    add_webinar(
        app, "org@verbind.example", title="Tweede webinar", starts=datetime(2030, 11, 21, 20)
    )
    for url in ("/week/", "/week/?view=week&start=2030-11-18", "/week/?view=month"):
        assert "<strong>1 bijeenkomst en 2 webinars</strong>" in page_text(visitor.get(url)), url
    assert "<strong>1 bijeenkomst</strong>" in page_text(visitor.get("/week/?mode=onsite"))
    assert "<strong>2 webinars</strong>" in page_text(visitor.get("/week/?mode=online"))
