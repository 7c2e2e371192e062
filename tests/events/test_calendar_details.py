"""Details of the Week calendar: the filter fold with its count, an unknown filter value refused
with a message, webcal links, reminders and product ids in `.ics` files, the place written once,
schema.org data, the meeting link only for people registered, and dates with weekday and year."""

import re
from datetime import date

import pytest
from icalendar import Calendar

from community.calendar_files import WEEK_PRODID
from community.events.models import Event, WeekEdition
from community.extensions import db
from tests.events.test_changes import (
    mails_to,
    published_event,
    register_visitors,
    review_change,
    schema_org,
    vevent,
)
from tests.events.test_week import EVENT, client_for
from tests.helpers import page_text, post_form

ONLINE = {
    "online": "y",
    "online_url": "https://meet.example.org/geheim-123",
    "venue": "",
    "address": "",
    "gemeente": "",
    "registration_mode": "verbind",
}
LISTING = "/week/?start=2030-11-01&end=2030-11-30"


# --- the Week list: fold, count, clear, unknown values -------------------------------------------


def test_filters_fold_behind_a_count_of_the_chosen_ones_with_a_result_count(app, client):
    published_event(app)
    plain = page_text(client.get(LISTING + "&province=Gelderland&audience=professionals"))
    fold = re.search(r'<details class="filter-fold" id="filters"([^>]*)>\s*<summary>(.*?)<', plain)
    # Closed without JavaScript (week-filters.js opens it on wide screens), with the count.
    assert fold.group(1) == "" and fold.group(2) == "Filters (4)"  # start, end and two more
    assert "<strong>1 bijeenkomst</strong>" in plain
    assert 'href="/week/?view=list">Filters wissen</a>' in plain

    none = page_text(client.get("/week/?start=2030-12-01&end=2030-12-31"))
    assert "<strong>0 bijeenkomsten</strong>" in none
    assert "Geen bijeenkomsten of webinars gevonden." in none
    unfiltered = page_text(client.get("/week/?all=1"))
    assert "<summary>Filters</summary>" in unfiltered and "Filters wissen" not in unfiltered


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("province=Atlantis", "Er is geen provincie “Atlantis”. Kies er een uit de lijst."),
        ("gemeente=Nergenshuizen", "We kennen de gemeente “Nergenshuizen” niet."),
        ("audience=aliens", "“aliens” is geen van de doelgroepen."),
        ("mode=telepathy", "“telepathy” is geen keuze voor waar: kies online of op locatie."),
        ("start=2030-13-40", "is geen datum"),
        ("edition=1999", "Er is geen Week van 1999."),
    ],
)
def test_an_unknown_filter_value_is_a_clear_message_not_all_events(app, client, query, message):
    published_event(app)
    response = client.get(f"/week/?{query}")
    assert response.status_code == 400
    html = page_text(response)
    assert message in html
    assert 'id="filter-problems"' in html and 'role="search"' in html  # the form stays
    assert '<details class="filter-fold" id="filters" open>' in html
    assert EVENT["title"] not in html
    assert "Filters wissen" in html
    if query.startswith("gemeente="):
        assert 'value="Nergenshuizen"' in html  # what was typed stays, to correct it


def test_the_form_shows_the_days_the_visitor_chose_not_the_editions(app, client):
    with app.app_context():
        week = WeekEdition(year=2030, starts_on=date(2030, 11, 18), ends_on=date(2030, 11, 24))
        db.session.add(week)
        db.session.commit()
    published_event(app)
    html = page_text(client.get("/week/?edition=2030&province=Gelderland"))
    assert 'name="start" value=""' in html and 'name="edition" value="2030"' in html
    assert "<summary>Filters (1)</summary>" in html and "<strong>1 bijeenkomst</strong>" in html


def test_a_feed_with_an_unknown_filter_value_is_refused_too(app, client):
    published_event(app)
    for feed in ("/week/feed.ics", "/week/feed.json"):
        response = client.get(f"{feed}?province=Atlantis")
        assert response.status_code == 400
        assert "Er is geen provincie “Atlantis”" in page_text(response)


# --- feeds: webcal, reminders, product id, place ---------------------------------------------


def test_feeds_are_offered_as_webcal_beside_http(app, client):
    html = page_text(client.get("/week/?province=Gelderland"))
    assert 'href="webcal://localhost/week/feed.ics?province=Gelderland' in html
    assert 'href="http://localhost/week/feed.ics?province=Gelderland' in html
    webinars = page_text(client.get("/webinars/"))
    assert 'href="webcal://localhost/webinars/feed.ics"' in webinars
    assert 'href="http://localhost/webinars/feed.ics"' in webinars


def test_week_entries_remind_a_day_before_and_name_the_week_calendar(app, client):
    _organiser, _moderator, event_id = published_event(
        app, venue="Bibliotheek Centrum", address="Lindelaan 12, 6821 AB Arnhem"
    )
    for url in (f"/week/events/{event_id}.ics", "/week/feed.ics"):
        calendar = Calendar.from_ical(client.get(url).data)
        assert str(calendar["PRODID"]) == WEEK_PRODID
        assert WEEK_PRODID == "-//Verbind//Week tegen Kindermishandeling//NL"
        [entry] = calendar.walk("VEVENT")
        [alarm] = entry.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"]) == EVENT["title"]
        assert alarm.decoded("TRIGGER").total_seconds() == -24 * 3600
        # The place once: "…, Arnhem, Arnhem" was the old way.
        assert str(entry["LOCATION"]) == "Bibliotheek Centrum, Lindelaan 12, 6821 AB Arnhem"
    raw = client.get(f"/week/events/{event_id}.ics").data
    assert b"LOCATION:Bibliotheek Centrum\\, Lindelaan 12\\, 6821 AB Arnhem\r\n" in raw
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_a_cancelled_event_keeps_no_reminder(app, client):
    organiser, _moderator, event_id = published_event(app)
    post_form(organiser, f"/week/events/{event_id}/cancel-event", {"reason": ""})
    entry = vevent(client, f"/week/events/{event_id}.ics")
    assert str(entry["STATUS"]) == "CANCELLED" and entry.walk("VALARM") == []


# --- schema.org ------------------------------------------------------------------------------


def test_json_ld_has_status_attendance_mode_and_a_structured_address(app, client):
    _organiser, moderator, event_id = published_event(
        app, venue="Wijkcentrum De Linde", address="Lindelaan 12", postcode="6821ab"
    )
    url = f"/week/events/{event_id}"
    data = schema_org(page_text(client.get(url)))
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Lindelaan 12",
        "postalCode": "6821 AB",
        "addressLocality": "Arnhem",
        "addressRegion": "Gelderland",
        "addressCountry": "NL",
    }
    assert "previousStartDate" not in data

    # A new place alone is no new date: still scheduled.
    post_form(moderator, f"{url}/edit", {**EVENT, "venue": "Het Huis", "postcode": "6821 AB"})
    assert schema_org(page_text(client.get(url)))["eventStatus"].endswith("EventScheduled")
    # A new time is: rescheduled, with the start it had.
    moved = {**EVENT, "starts": "2030-11-21T19:30", "ends": "2030-11-21T21:00"}
    post_form(moderator, f"{url}/edit", moved)
    data = schema_org(page_text(client.get(url)))
    assert data["eventStatus"] == "https://schema.org/EventRescheduled"
    assert data["previousStartDate"] == "2030-11-20T19:30:00+01:00"
    assert data["startDate"] == "2030-11-21T19:30:00+01:00"


def test_a_waiting_change_of_time_shows_in_the_review_and_postcode_changes_are_listed(app):
    organiser, moderator, event_id = published_event(app, postcode="6811 AA")
    post_form(organiser, f"/week/events/{event_id}/edit", {**EVENT, "postcode": "6812 BB"})
    queue = page_text(moderator.get("/week/review"))
    assert "<td><del>6811 AA</del></td><td><ins>6812 BB</ins></td>" in queue
    review_change(moderator, event_id, "approve")
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.postcode, event.previous_starts_at) == ("6812 BB", None)


def test_a_postcode_that_is_not_one_is_refused_on_the_form(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    response = post_form(organiser, "/week/events/new", {**EVENT, "postcode": "12345"})
    assert response.status_code == 422
    assert "Dit is geen Nederlandse postcode. Schrijf hem als 1017 GC." in page_text(response)
    assert 'value="12345"' in page_text(response)


# --- the meeting link of an online event -----------------------------------------------------


def test_the_meeting_link_is_only_for_people_registered(app, client, mail_log):
    organiser, _moderator, event_id = published_event(app, **ONLINE, capacity="1")
    url = f"/week/events/{event_id}"
    link = ONLINE["online_url"]
    member = client_for(app, "lid@verbind.example")
    [registered, waiting] = register_visitors(app, event_id, 2)

    def everything(who):
        return "".join(
            page_text(who.get(path))
            for path in (url, f"{url}.ics", "/week/feed.ics", "/week/feed.json", "/week/?all=1")
        )

    for outsider in (client, member, waiting):  # anonymous, not registered, on the waiting list
        assert link not in everything(outsider)
    page = page_text(client.get(url))
    location = schema_org(page)["location"]
    assert location == {"@type": "VirtualLocation", "url": f"http://localhost{url}"}

    mine = page_text(registered.get(url))
    assert f'id="meeting-link"><a class="button" href="{link}"' in mine
    personal = registered.get(f"{url}.ics")
    assert str(vevent(registered, f"{url}.ics")["LOCATION"]) == link
    assert "private" in personal.headers["Cache-Control"]
    assert "Cookie" in personal.headers["Vary"]
    assert link not in page_text(registered.get("/week/feed.ics"))  # the shared feed: never
    [confirmation] = mails_to(mail_log, "v0@verbind.example")
    assert f"Link naar de online bijeenkomst: {link}" in confirmation
    assert link not in "".join(mails_to(mail_log, "v1@verbind.example"))
    assert link in page_text(organiser.get(url))


def test_an_online_event_needs_registration(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    response = post_form(
        organiser, "/week/events/new", {**EVENT, **ONLINE, "registration_mode": "none"}
    )
    assert response.status_code == 422
    assert "Een online bijeenkomst vraagt om aanmelden" in page_text(response)


# --- dates with weekday and year -------------------------------------------------------------


def test_dates_show_weekday_and_year_in_dutch_and_in_english(app, client):
    organiser, _moderator, event_id = published_event(app)
    url = f"/week/events/{event_id}"
    assert "wo 20 nov 2030, 19:30–21:30" in page_text(client.get(url))
    assert "wo 20 nov 2030" in page_text(client.get(LISTING))
    assert "wo 20 nov 2030, 19:30" in page_text(organiser.get("/week/mine"))
    with client.session_transaction() as session:
        session["locale"] = "en"
    assert "Wed 20 Nov 2030, 19:30–21:30" in page_text(client.get(url))
