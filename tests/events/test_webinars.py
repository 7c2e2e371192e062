"""Week events that are Verbind webinars, and the Verbind webinars during the Week in its
calendar and feeds: linking (who may, which webinars), the event page, no webinar twice,
cancelled and moved webinars, filters, pages and a bounded number of queries."""

import re
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from community.accounts.models import User
from community.clock import to_utc
from community.events.models import Event, EventStatus, WeekEdition
from community.extensions import db
from community.webinars.models import Webinar
from tests.events import test_week
from tests.events.test_week import EVENT, event_id_from, review
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import make_user, page_text, post_form

# The Week of 2030: Monday 18 to Sunday 24 November.
WEEK_START, WEEK_END = date(2030, 11, 18), date(2030, 11, 24)
ONLINE_EVENT = {
    **EVENT,
    "title": "Online avond: signalen bij jonge kinderen",
    "online": "y",
    "venue": "",
    "address": "",
    "gemeente": "",
    "registration_mode": "none",
    "capacity": "",
}
WEBINAR_BLOCK = "This is a Verbind webinar: live questions and polls."


# The pages are read in English: the texts are checked as written, whatever the Dutch becomes.
def in_english(client):
    post_form(client, "/language", {"locale": "en"}, page="/")
    return client


def client_for(app, email, roles=()):
    return in_english(test_week.client_for(app, email, roles))


@pytest.fixture
def client(client):
    return in_english(client)


@pytest.fixture
def week(app):
    with app.app_context():
        db.session.add(
            WeekEdition(year=2030, theme="Samen sterk", starts_on=WEEK_START, ends_on=WEEK_END)
        )
        db.session.commit()


def add_webinar(app, host_email, title="Webinar: de meldcode in de praktijk", **changes):
    """A webinar (20 November 2030, 19:45–20:45 Dutch time unless told), by the user with that
    address; returns its id."""
    starts = changes.pop("starts", datetime(2030, 11, 20, 19, 45))
    with app.app_context():
        host = db.session.scalar(db.select(User).filter_by(email=host_email))
        webinar = Webinar(
            title=title,
            description="Hoe je de vijf stappen zet, met vragen uit het werkveld.",
            speakers="Fatima el Amrani",
            starts_at=to_utc(starts),
            ends_at=to_utc(starts + changes.pop("length", timedelta(hours=1))),
            host_id=host.id,
            **changes,
        )
        db.session.add(webinar)
        db.session.commit()
        return webinar.id


def submit_online(client, **changes):
    return post_form(client, "/week/events/new", {**ONLINE_EVENT, **changes})


def stored(app, event_id):
    with app.app_context():
        event = db.session.get(Event, event_id)
        change = event.pending_change
        return {
            "webinar_id": event.webinar_id,
            "registration_mode": event.registration_mode,
            "online_url": event.online_url,
            "status": event.status,
            "waiting_webinar_id": change.webinar_id if change else None,
        }


def event_count(app):
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Event))


def set_webinar(app, webinar_id, **values):
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        for name, value in values.items():
            setattr(webinar, name, value)
        db.session.commit()


def vevents(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return Calendar.from_ical(response.data).walk("VEVENT")


# --- linking -----------------------------------------------------------------------------------


def test_an_organiser_links_their_own_webinar_and_the_event_page_leads_to_it(app, client, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    mine = add_webinar(app, "org@verbind.example")
    client_for(app, "host@verbind.example", roles=("organiser",))
    other = add_webinar(app, "host@verbind.example", title="Webinar van een ander")
    form = page_text(organiser.get("/week/events/new"))
    assert f'<option value="{mine}">' in form
    assert f'<option value="{other}">' not in form

    response = submit_online(organiser, webinar_id=str(mine), online_url="")
    assert response.status_code == 302, page_text(response)
    event_id = event_id_from(response)
    assert stored(app, event_id)["webinar_id"] == mine
    assert stored(app, event_id)["registration_mode"] == "none"
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    review(moderator, event_id, "approve")

    page = page_text(client.get(f"/week/events/{event_id}"))
    assert WEBINAR_BLOCK in page
    assert f'href="/webinars/{mine}"' in page
    assert "Sign up" not in page  # people register on the webinar's page
    assert "webinar-cancelled" not in page and "webinar-moved" not in page


def test_someone_elses_webinar_is_refused_and_what_was_typed_stays(app, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    client_for(app, "host@verbind.example", roles=("organiser",))
    other = add_webinar(app, "host@verbind.example")
    response = submit_online(organiser, webinar_id=str(other))
    assert response.status_code == 403
    page = page_text(response)
    assert "You can only choose a webinar you host." in page
    assert ONLINE_EVENT["title"] in page
    assert event_count(app) == 0


def test_a_webinar_moderator_may_link_any_coming_webinar(app, week):
    admin = client_for(app, "admin@verbind.example", roles=("admin",))
    client_for(app, "host@verbind.example", roles=("organiser",))
    other = add_webinar(app, "host@verbind.example")
    assert f'<option value="{other}">' in page_text(admin.get("/week/events/new"))
    response = submit_online(admin, webinar_id=str(other))
    assert response.status_code == 302, page_text(response)
    assert stored(app, event_id_from(response))["webinar_id"] == other


def test_a_cancelled_webinar_cannot_be_linked(app, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    cancelled = add_webinar(app, "org@verbind.example", cancelled=True)
    assert f'<option value="{cancelled}">' not in page_text(organiser.get("/week/events/new"))
    response = submit_online(organiser, webinar_id=str(cancelled))
    assert response.status_code == 422
    assert "This webinar has been cancelled." in page_text(response)
    assert event_count(app) == 0


@pytest.mark.parametrize("bogus", ["abc", "999", "-3", "99999999999999999999", "1.5"])
def test_a_webinar_number_that_is_none_is_a_form_error_not_a_crash(app, week, bogus):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    add_webinar(app, "org@verbind.example")
    response = submit_online(organiser, webinar_id=bogus)
    assert response.status_code == 422
    assert 'id="webinar_id-error"' in page_text(response)
    assert ONLINE_EVENT["title"] in page_text(response)
    assert event_count(app) == 0


def test_the_webinar_must_lie_within_the_events_time(app, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    late = add_webinar(app, "org@verbind.example", starts=datetime(2030, 11, 20, 21, 0))
    response = submit_online(organiser, webinar_id=str(late))
    assert response.status_code == 422
    assert "must lie within the time of the event" in page_text(response)
    assert event_count(app) == 0


def test_only_an_online_event_can_be_a_webinar(app, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    mine = add_webinar(app, "org@verbind.example")
    response = post_form(organiser, "/week/events/new", {**EVENT, "webinar_id": str(mine)})
    assert response.status_code == 422
    assert "Only an online event can be a Verbind webinar." in page_text(response)


def linked_event(app):
    """(organiser, moderator, event id, webinar id) of a published event that is a webinar."""
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    webinar_id = add_webinar(app, "org@verbind.example")
    event_id = event_id_from(submit_online(organiser, webinar_id=str(webinar_id)))
    review(moderator, event_id, "approve")
    return organiser, moderator, event_id, webinar_id


def test_a_cancelled_or_moved_webinar_shows_on_the_event_page(app, client, week):
    _organiser, _moderator, event_id, webinar_id = linked_event(app)
    set_webinar(
        app,
        webinar_id,
        starts_at=to_utc(datetime(2030, 11, 21, 10, 0)),
        ends_at=to_utc(datetime(2030, 11, 21, 11, 0)),
    )
    page = page_text(client.get(f"/week/events/{event_id}"))
    assert 'id="webinar-moved"' in page
    assert "21 Nov 2030, 10:00" in page  # the webinar's own time, not a stale copy

    set_webinar(app, webinar_id, cancelled=True)
    page = page_text(client.get(f"/week/events/{event_id}"))
    assert 'id="webinar-cancelled"' in page
    assert "To the webinar: register there" not in page


def test_linking_a_webinar_to_a_published_event_waits_for_a_moderator(app, client, week):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    own_link = {"online_url": "https://meet.example/week", "registration_mode": "verbind"}
    event_id = event_id_from(submit_online(organiser, **own_link))
    review(moderator, event_id, "approve")
    webinar_id = add_webinar(app, "org@verbind.example")

    url = f"/week/events/{event_id}/edit"
    response = post_form(organiser, url, {**ONLINE_EVENT, **own_link, "webinar_id": webinar_id})
    assert response.status_code == 302, page_text(response)
    assert stored(app, event_id) == {
        "webinar_id": None,
        "registration_mode": "verbind",  # registration stays until the link is approved
        "online_url": "https://meet.example/week",
        "status": EventStatus.APPROVED,
        "waiting_webinar_id": webinar_id,
    }
    assert WEBINAR_BLOCK not in page_text(client.get(f"/week/events/{event_id}"))
    queue = page_text(moderator.get("/week/review"))
    assert "Verbind webinar" in queue and "Webinar: de meldcode in de praktijk" in queue

    post_form(
        moderator,
        f"/week/events/{event_id}/change/review",
        {"decision": "approve", "note": ""},
        page="/week/review",
    )
    after = stored(app, event_id)
    assert (after["webinar_id"], after["registration_mode"], after["online_url"]) == (
        webinar_id,
        "none",
        "",
    )
    assert WEBINAR_BLOCK in page_text(client.get(f"/week/events/{event_id}"))


def test_an_event_keeps_its_webinar_when_the_organiser_edits_its_text(app, week):
    organiser, _moderator, event_id, webinar_id = linked_event(app)
    url = f"/week/events/{event_id}/edit"
    form = page_text(organiser.get(url))
    assert f'<option selected value="{webinar_id}">' in form
    response = post_form(
        organiser, url, {**ONLINE_EVENT, "webinar_id": webinar_id, "description": "Nieuwe tekst."}
    )
    assert response.status_code == 302, page_text(response)
    assert stored(app, event_id)["webinar_id"] == webinar_id


# --- the calendar and its feeds ----------------------------------------------------------------


def test_a_webinar_during_the_week_is_in_the_calendar_and_feeds_and_one_outside_is_not(
    app, client, week
):
    with app.app_context():
        make_user(email="host@verbind.example", roles=("organiser",))
    inside = add_webinar(app, "host@verbind.example", title="Webinar in de Week")
    outside = add_webinar(
        app, "host@verbind.example", title="Webinar in december", starts=datetime(2030, 12, 5, 20)
    )
    for url in ("/week/", "/week/?all=1", "/week/?view=week&start=2030-11-18"):
        page = page_text(client.get(url))
        assert "Webinar in de Week" in page, url
        assert f'href="/webinars/{inside}"' in page, url
        assert "Verbind webinar" in page, url
        assert "Webinar in december" not in page, url

    uids = [str(entry["UID"]) for entry in vevents(client, "/week/feed.ics")]
    assert uids == [f"webinar-{inside}@verbind"]
    [entry] = vevents(client, "/week/feed.ics")
    assert str(entry["URL"]).endswith(f"/webinars/{inside}")
    assert str(entry["STATUS"]) == "CONFIRMED"
    [item] = client.get("/week/feed.json").get_json()["events"]
    assert (item["type"], item["id"], item["online"]) == ("webinar", inside, True)
    assert outside not in [i["id"] for i in client.get("/week/feed.json").get_json()["events"]]


def test_a_webinar_that_a_published_event_is_shows_once(app, client, week):
    _organiser, _moderator, event_id, webinar_id = linked_event(app)
    page = page_text(client.get("/week/"))
    assert page.count('class="question-summary') == 1
    assert f'href="/week/events/{event_id}"' in page
    assert f'href="/webinars/{webinar_id}"' not in page
    assert "1 event" in page
    uids = [str(entry["UID"]) for entry in vevents(client, "/week/feed.ics")]
    assert uids == [f"week-event-{event_id}@verbind"]
    [item] = client.get("/week/feed.json").get_json()["events"]
    assert item["type"] == "event" and item["webinar_url"].endswith(f"/webinars/{webinar_id}")

    # A cancelled event no longer stands for the webinar, which still takes place.
    with app.app_context():
        event = db.session.get(Event, event_id)
        event.cancelled_at = event.updated_at
        db.session.commit()
    uids = sorted(str(entry["UID"]) for entry in vevents(client, "/week/feed.ics"))
    assert uids == [f"webinar-{webinar_id}@verbind", f"week-event-{event_id}@verbind"]


def test_a_cancelled_webinar_stays_in_the_calendar_marked_cancelled_like_events(app, client, week):
    with app.app_context():
        make_user(email="host@verbind.example", roles=("organiser",))
    webinar_id = add_webinar(app, "host@verbind.example", cancelled=True)
    page = page_text(client.get("/week/"))
    item = page[page.index(f'href="/webinars/{webinar_id}"') :]
    assert "Cancelled" in item[: item.index("</li>")]
    [entry] = vevents(client, "/week/feed.ics")
    assert str(entry["STATUS"]) == "CANCELLED"
    assert not entry.walk("VALARM")
    assert client.get("/week/feed.json").get_json()["events"][0]["cancelled"] is True


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("mode=online", True),
        ("mode=onsite", False),
        ("province=Gelderland", False),  # a province shows its on-site events, as for online ones
        ("gemeente=Arnhem", False),
        ("audience=professionals", True),
        ("audience=parents", False),
        ("q=meldcode", True),  # in the title
        ("q=amrani", True),  # in the speakers
        ("q=voorleesochtend", False),
        ("start=2030-11-21&end=2030-11-24", False),
        ("start=2030-11-20&end=2030-11-20", True),
    ],
)
def test_filters_treat_webinars_as_online_national_and_for_professionals(
    app, client, week, query, shown
):
    with app.app_context():
        make_user(email="host@verbind.example", roles=("organiser",))
    add_webinar(app, "host@verbind.example")
    title = "Webinar: de meldcode in de praktijk"
    assert (title in page_text(client.get(f"/week/?{query}"))) is shown
    feed = vevents(client, f"/week/feed.ics?{query}")
    assert (len(feed) == 1) is shown


def add_calendar(app, count):
    """`count` published on-site events and `count` webinars, all in the Week, alternating by
    the hour (an event at 9:00, a webinar at 9:30, an event at 10:00 ...)."""
    with app.app_context():
        organiser = make_user(email=f"org{count}@verbind.example", roles=("organiser",))
        for number in range(count):
            day = datetime(2030, 11, 18 + number % 7, 9) + timedelta(hours=number // 7)
            db.session.add(
                Event(
                    organiser_id=organiser.id,
                    title=f"Bijeenkomst {number:02d}",
                    starts_at=to_utc(day),
                    ends_at=to_utc(day + timedelta(minutes=20)),
                    gemeente="Arnhem",
                    province="Gelderland",
                    address="Stationsplein 1",
                    organisation="GGD",
                    status=EventStatus.APPROVED,
                )
            )
            db.session.add(
                Webinar(
                    title=f"Webinar {number:02d}",
                    starts_at=to_utc(day + timedelta(minutes=30)),
                    ends_at=to_utc(day + timedelta(minutes=50)),
                    host_id=organiser.id,
                    cancelled=number % 2 == 1,
                )
            )
        db.session.commit()


def test_pages_mix_events_and_webinars_in_time_order_without_losing_any(app, client, week):
    add_calendar(app, 30)  # 60 entries: a page of 50 and one of 10
    first, second = (page_text(client.get(f"/week/?page={n}")) for n in (1, 2))
    titles = [re.findall(r"(Bijeenkomst \d\d|Webinar \d\d)</a>", html) for html in (first, second)]
    assert [len(t) for t in titles] == [50, 10]
    assert "30 events and 30 webinars" in first  # counted apart, each with its word
    assert sorted(titles[0] + titles[1]) == sorted(
        [f"Bijeenkomst {n:02d}" for n in range(30)] + [f"Webinar {n:02d}" for n in range(30)]
    )
    assert titles[0][:2] == ["Bijeenkomst 00", "Webinar 00"]  # Monday 9:00, then 9:30


def test_the_calendar_runs_as_many_queries_for_many_webinars_as_for_one(app, client, week):
    add_calendar(app, 1)
    with counted_queries(app) as one:
        assert client.get("/week/").status_code == 200
    add_calendar(app, 12)
    with counted_queries(app) as many:
        page = page_text(client.get("/week/"))
    assert "Webinar 11" in page
    assert len(many) == len(one)
    with counted_queries(app) as feed:
        assert len(vevents(client, "/week/feed.ics")) == 26
    assert len(feed) <= len(one)
