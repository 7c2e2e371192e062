"""EventFilter and events_matching called directly: dates (Amsterdam days), province,
gemeente, audience, online or on site, text, only approved events, soonest first."""

from datetime import date, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from community.arguments import InvalidArgument
from community.clock import to_utc
from community.events.models import Audience, Event, EventStatus
from community.events.services import EventFilter, events_matching
from community.extensions import db
from tests.helpers import make_user


@pytest.fixture
def add_event(app_ctx):
    """add_event(title, start=(2030, 11, 20, 19, 30), **columns): an approved event of two hours,
    its times given as Amsterdam wall time."""
    organiser = make_user(email="organisator@verbind.example", roles=("organiser",))

    def add(title, start=(2030, 11, 20, 19, 30), end=None, **columns):
        starts_at = to_utc(datetime(*start))
        ends_at = to_utc(datetime(*end)) if end else starts_at + timedelta(hours=2)
        columns.setdefault("status", EventStatus.APPROVED)
        columns.setdefault("gemeente", "Arnhem")
        columns.setdefault("province", "Gelderland")
        event = Event(
            organiser_id=organiser.id, title=title, starts_at=starts_at, ends_at=ends_at, **columns
        )
        db.session.add(event)
        db.session.commit()
        return event

    return add


def titles(event_filter):
    return [event.title for event in db.session.scalars(events_matching(event_filter))]


def test_without_filters_every_approved_event_comes_soonest_first(add_event):
    add_event("Later", start=(2030, 11, 22, 10, 0))
    add_event("Eerder", start=(2030, 11, 18, 10, 0))
    add_event("Zelfde tijd, later ingediend", start=(2030, 11, 22, 10, 0))
    assert titles(EventFilter()) == ["Eerder", "Later", "Zelfde tijd, later ingediend"]


@pytest.mark.parametrize(
    "status", [EventStatus.PENDING, EventStatus.CHANGES_REQUESTED, EventStatus.REJECTED]
)
def test_events_that_are_not_approved_are_never_found(add_event, status):
    add_event("Goedgekeurd")
    add_event("Niet goedgekeurd", status=status)
    assert titles(EventFilter()) == ["Goedgekeurd"]


def test_a_date_range_keeps_the_events_on_its_days(add_event):
    add_event("Ervoor", start=(2030, 11, 10, 10, 0))
    add_event("Erin", start=(2030, 11, 20, 10, 0))
    add_event("Erna", start=(2030, 11, 30, 10, 0))
    add_event("Loopt erin door", start=(2030, 11, 14, 10, 0), end=(2030, 11, 16, 12, 0))
    event_filter = EventFilter(start=date(2030, 11, 15), end=date(2030, 11, 25))
    assert titles(event_filter) == ["Loopt erin door", "Erin"]
    assert titles(EventFilter(start=date(2030, 11, 25))) == ["Erna"]
    assert titles(EventFilter(end=date(2030, 11, 12))) == ["Ervoor"]


def test_the_days_of_a_range_are_amsterdam_days(add_event):
    # 00:30 in Amsterdam is still the day before in UTC; 23:30 the evening before is not the day.
    add_event("Net na middernacht", start=(2030, 11, 20, 0, 30))
    add_event("De avond ervoor", start=(2030, 11, 19, 21, 0), end=(2030, 11, 19, 23, 30))
    add_event("Laat op de dag", start=(2030, 11, 20, 21, 0), end=(2030, 11, 20, 23, 30))
    one_day = EventFilter(start=date(2030, 11, 20), end=date(2030, 11, 20))
    assert titles(one_day) == ["Net na middernacht", "Laat op de dag"]


def test_province_and_gemeente_filter_the_place(add_event):
    add_event("Arnhem")
    add_event("Nijmegen", gemeente="Nijmegen")
    add_event("Middelburg", gemeente="Middelburg", province="Zeeland")
    assert titles(EventFilter(province="Gelderland")) == ["Arnhem", "Nijmegen"]
    assert titles(EventFilter(province="Zeeland")) == ["Middelburg"]
    assert titles(EventFilter(gemeente="nijmegen")) == ["Nijmegen"]
    assert titles(EventFilter(province="Zeeland", gemeente="Arnhem")) == []


def test_an_audience_finds_its_own_events_and_those_for_everyone(add_event):
    add_event("Voor iedereen", audience=Audience.EVERYONE)
    add_event("Voor professionals", audience=Audience.PROFESSIONALS)
    add_event("Voor ouders", audience=Audience.PARENTS)
    assert titles(EventFilter(audience="professionals")) == ["Voor iedereen", "Voor professionals"]
    assert titles(EventFilter(audience="parents")) == ["Voor iedereen", "Voor ouders"]
    assert titles(EventFilter(audience="youth")) == ["Voor iedereen"]


def test_online_and_on_site_events_are_told_apart(add_event):
    add_event("Webinar", online=True, online_url="https://stream.verbind.example/1")
    add_event("Bijeenkomst", online=False, venue="Bibliotheek")
    assert titles(EventFilter(mode="online")) == ["Webinar"]
    assert titles(EventFilter(mode="onsite")) == ["Bijeenkomst"]


def test_text_is_found_in_title_description_organisation_venue_and_gemeente(add_event):
    add_event("Lezing over de MELDCODE")
    add_event("Avond", description="We oefenen de meldcode.")
    add_event("Training", organisation="GGD Meldcode-team")
    add_event("Spreekuur", venue="Zaal Meldcode")
    add_event("Inloop", gemeente="Meldcodestad")
    add_event("Iets anders")
    assert len(titles(EventFilter(q="meldcode"))) == 5
    assert titles(EventFilter(q="iets")) == ["Iets anders"]


def test_like_wildcards_in_the_text_are_literal_not_patterns(add_event):
    add_event("Korting 100%")
    add_event("Iets anders")
    assert titles(EventFilter(q="%")) == ["Korting 100%", "Iets anders"]  # % is dropped
    assert titles(EventFilter(q="_")) == ["Korting 100%", "Iets anders"]
    assert titles(EventFilter(q="100%")) == ["Korting 100%"]


def test_filters_combine(add_event):
    add_event("Past", online=True, audience=Audience.PROFESSIONALS, description="meldcode")
    add_event("Niet online", audience=Audience.PROFESSIONALS, description="meldcode")
    add_event("Andere tekst", online=True, audience=Audience.PROFESSIONALS)
    add_event("Andere maand", start=(2030, 12, 20, 10, 0), online=True, description="meldcode")
    event_filter = EventFilter(
        start=date(2030, 11, 1),
        end=date(2030, 11, 30),
        audience="professionals",
        mode="online",
        q="meldcode",
    )
    assert titles(event_filter) == ["Past"]


def test_from_args_reads_known_values_and_tidies_them(app_ctx):
    args = MultiDict(
        {
            "start": "2030-11-15",
            "end": "2030-11-25",
            "province": "Zeeland",
            "gemeente": "  middelburg ",
            "audience": "youth",
            "mode": "online",
            "q": " meldcode " + "x" * 150,
        }
    )
    assert EventFilter.from_args(args) == EventFilter(
        start=date(2030, 11, 15),
        end=date(2030, 11, 25),
        province="Zeeland",
        gemeente="Middelburg",
        audience="youth",
        mode="online",
        q=("meldcode " + "x" * 150)[:99],
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("province", "Atlantis", "Er is geen provincie “Atlantis”"),
        ("gemeente", "Nergenshuizen", "We kennen de gemeente “Nergenshuizen” niet"),
        ("audience", "aliens", "“aliens” is geen van de doelgroepen"),
        ("mode", "telepathy", "“telepathy” is geen keuze voor waar"),
    ],
)
def test_from_args_refuses_a_value_the_calendar_does_not_know(app_ctx, name, value, message):
    with pytest.raises(InvalidArgument) as refused:
        EventFilter.from_args(MultiDict({"province": "Zeeland", name: value}))
    assert message in refused.value.user_message
    # read() keeps what it knows, for the form shown beside the message.
    kept, problems = EventFilter.read(MultiDict({"q": "meldcode", name: value}))
    assert kept == EventFilter(q="meldcode") and len(problems) == 1


def test_from_args_refuses_a_date_that_is_not_one(app_ctx):
    with pytest.raises(InvalidArgument):
        EventFilter.from_args(MultiDict({"start": "2030-13-40"}))


def test_as_args_gives_only_the_filters_that_are_set_and_reads_back_the_same(app_ctx):
    event_filter = EventFilter(start=date(2030, 11, 15), province="Zeeland", q="meldcode")
    args = event_filter.as_args()
    assert args == {"start": "2030-11-15", "province": "Zeeland", "q": "meldcode"}
    assert EventFilter.from_args(MultiDict(args)) == event_filter
