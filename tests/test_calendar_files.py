"""The webinar calendar file, read back with an independent parser (icalendar), and the
conversion between stored UTC and Amsterdam wall time."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from community.calendar_files import CalendarEvent, calendar_file, duration_value
from community.clock import date_and_time, local_time, to_utc, utcnow

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
AWKWARD_TEXT = 'Kinderen, ouders; "signalen" \\ meldcode\nTweede regel: café, reünie 🎉👩‍👩‍👧'


def make_event(**overrides):
    values = {
        "uid": "webinar-12@verbind",
        "title": "Meldcode in de praktijk",
        "description": "Een webinar over de meldcode.",
        "starts_at": datetime(2026, 1, 15, 18, 30, tzinfo=UTC),
        "ends_at": datetime(2026, 1, 15, 19, 30, tzinfo=UTC),
        "url": "https://verbind.example/webinars/12",
        "location": "Online",
        "stamp": datetime(2026, 1, 1, 9, 0, tzinfo=UTC),
    }
    values.update(overrides)
    return CalendarEvent(**values)


def parse(text):
    return icalendar.Calendar.from_ical(text)


def only_event(text):
    (event,) = parse(text).walk("VEVENT")
    return event


def rule(component):
    return {key: [str(value) for value in values] for key, values in component["RRULE"].items()}


def physical_lines(text):
    raw = text.encode()
    assert raw.endswith(b"\r\n")
    return raw[: -len(b"\r\n")].split(b"\r\n")


def test_calendar_has_the_required_header_properties():
    text = calendar_file([make_event()], calendar_name="Verbind, webinars")
    calendar = parse(text)

    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Verbind//Webinars//NL"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    # icalendar leaves X- properties undecoded; their default type is TEXT, so escaped.
    assert "\r\nX-WR-CALNAME:Verbind\\, webinars\r\n" in text
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"


def test_each_event_becomes_one_vevent_with_its_uid_and_summary():
    events = [
        make_event(uid="webinar-1@verbind", title="Eerste"),
        make_event(uid="webinar-2@verbind", title="Tweede"),
    ]

    parsed = parse(calendar_file(events)).walk("VEVENT")

    assert [(str(e["UID"]), str(e["SUMMARY"])) for e in parsed] == [
        ("webinar-1@verbind", "Eerste"),
        ("webinar-2@verbind", "Tweede"),
    ]


def test_special_characters_survive_a_round_trip():
    event = only_event(
        calendar_file(
            [make_event(title=AWKWARD_TEXT, description=AWKWARD_TEXT * 5, location="Zaal; 1, é")]
        )
    )

    assert str(event["SUMMARY"]) == AWKWARD_TEXT
    assert str(event["DESCRIPTION"]) == AWKWARD_TEXT * 5
    assert str(event["LOCATION"]) == "Zaal; 1, é"


def test_text_values_are_escaped_on_the_wire():
    text = calendar_file([make_event(title="a\\b;c,d\ne")])

    assert "SUMMARY:a\\\\b\\;c\\,d\\ne\r\n" in text


def test_carriage_returns_in_text_become_escaped_newlines():
    event = only_event(calendar_file([make_event(description="een\r\ntwee\rdrie")]))

    assert str(event["DESCRIPTION"]) == "een\ntwee\ndrie"


def test_url_location_sequence_and_dtstamp_are_written():
    event = only_event(calendar_file([make_event(sequence=3)]))

    assert str(event["URL"]) == "https://verbind.example/webinars/12"
    assert str(event["LOCATION"]) == "Online"
    assert event["SEQUENCE"] == 3
    assert event["DTSTAMP"].dt == datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def test_dtstamp_defaults_to_now_in_utc():
    before = datetime.now(UTC).replace(microsecond=0)
    event = only_event(calendar_file([make_event(stamp=None)]))
    after = datetime.now(UTC)

    assert before <= event["DTSTAMP"].dt <= after


def test_url_and_location_are_left_out_when_empty():
    text = calendar_file([make_event(url="", location="")])

    assert "\r\nURL" not in text
    assert "\r\nLOCATION" not in text


@pytest.mark.parametrize(
    ("starts_at", "local_hour"),
    [
        (datetime(2026, 1, 15, 18, 30, tzinfo=UTC), 19),  # winter: CET, UTC+1
        (datetime(2026, 7, 15, 18, 30, tzinfo=UTC), 20),  # summer: CEST, UTC+2
    ],
)
def test_start_and_end_are_amsterdam_wall_time(starts_at, local_hour):
    text = calendar_file([make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))])
    event = only_event(text)

    start, end = event["DTSTART"].dt, event["DTEND"].dt
    assert (start.hour, start.minute) == (local_hour, 30)
    assert (end.hour, end.minute) == (local_hour + 1, 30)
    assert start.astimezone(UTC) == starts_at
    assert end.astimezone(UTC) == starts_at + timedelta(hours=1)
    assert f"DTSTART;TZID=Europe/Amsterdam:{starts_at:%Y%m%d}T{local_hour}3000\r\n" in text


def test_second_pass_of_the_repeated_october_hour_is_written_in_utc():
    # 01:30 UTC is 02:30 CET, the second 02:30 of the night; with TZID it would read as the first.
    starts_at = datetime(2026, 10, 25, 1, 30, tzinfo=UTC)
    event = only_event(
        calendar_file([make_event(starts_at=starts_at, ends_at=starts_at + timedelta(hours=1))])
    )

    assert event["DTSTART"].dt == starts_at
    # Python never calls a time in the repeated hour equal to one in another zone (PEP 495).
    assert event["DTEND"].dt.astimezone(UTC) == datetime(2026, 10, 25, 2, 30, tzinfo=UTC)


def test_vtimezone_has_standard_and_daylight_rules():
    (timezone,) = parse(calendar_file([make_event()])).walk("VTIMEZONE")
    parts = {part.name: part for part in timezone.subcomponents}

    assert str(timezone["TZID"]) == "Europe/Amsterdam"
    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    standard, daylight = parts["STANDARD"], parts["DAYLIGHT"]
    assert str(standard["TZNAME"]) == "CET"
    assert standard["TZOFFSETFROM"].td == timedelta(hours=2)
    assert standard["TZOFFSETTO"].td == timedelta(hours=1)
    assert rule(standard) == {"FREQ": ["YEARLY"], "BYMONTH": ["10"], "BYDAY": ["-1SU"]}
    assert standard["DTSTART"].dt == datetime(1970, 10, 25, 3, 0)
    assert str(daylight["TZNAME"]) == "CEST"
    assert daylight["TZOFFSETFROM"].td == timedelta(hours=1)
    assert daylight["TZOFFSETTO"].td == timedelta(hours=2)
    assert rule(daylight) == {"FREQ": ["YEARLY"], "BYMONTH": ["3"], "BYDAY": ["-1SU"]}
    assert daylight["DTSTART"].dt == datetime(1970, 3, 29, 2, 0)


@pytest.mark.parametrize(
    "wall_time",
    [
        datetime(2026, 1, 15, 19, 30),
        datetime(2026, 3, 29, 1, 59),
        datetime(2026, 3, 29, 3, 0),
        datetime(2026, 7, 15, 20, 30),
        datetime(2026, 10, 25, 1, 59),
        datetime(2026, 10, 25, 3, 0),
        datetime(2030, 10, 27, 12, 0),
    ],
)
def test_vtimezone_alone_gives_the_same_offsets_as_zoneinfo(wall_time):
    # Calendar clients that do not know the TZID rely on the VTIMEZONE rules alone.
    (timezone,) = parse(calendar_file([])).walk("VTIMEZONE")
    from_rules = timezone.to_tz(lookup_tzid=False)

    assert wall_time.replace(tzinfo=from_rules).utcoffset() == (
        wall_time.replace(tzinfo=AMSTERDAM).utcoffset()
    )


def test_cancelled_event_has_status_cancelled():
    event = only_event(calendar_file([make_event(cancelled=True, sequence=2)]))

    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2


def test_event_is_confirmed_unless_cancelled():
    assert only_event(calendar_file([make_event()]))["STATUS"] == "CONFIRMED"


def test_every_line_ends_with_crlf_and_has_at_most_75_octets():
    text = calendar_file(
        [
            make_event(
                title="é" * 100, description=AWKWARD_TEXT * 20, url="https://x.nl/" + "a" * 200
            )
        ]
    )

    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    assert all(len(line) <= 75 for line in physical_lines(text))


@pytest.mark.parametrize("filler", ["", "a", "ab", "abc"])
def test_folding_never_splits_a_utf8_character(filler):
    # Shifting the text by one to three octets puts the 75-octet boundary inside é and 🎉.
    text = calendar_file([make_event(description=filler + "é🎉ë" * 60)])

    lines = physical_lines(text)
    decoded = [line.decode("utf-8") for line in lines]  # raises if a character was split
    folded = [line for line in decoded if line.startswith(" ")]
    assert folded, "the description should have been folded"
    assert all(not line.startswith("  ") for line in folded)  # exactly one space of folding
    assert str(only_event(text)["DESCRIPTION"]) == filler + "é🎉ë" * 60


def test_unfolding_restores_the_original_content_lines():
    description = "x" * 300
    text = calendar_file([make_event(description=description)])

    unfolded = text.replace("\r\n ", "")
    assert f"\r\nDESCRIPTION:{description}\r\n" in unfolded


@pytest.mark.parametrize(
    ("utc", "wall_time", "offset_hours"),
    [
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 59), 1),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), datetime(2026, 3, 29, 3, 0), 2),
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), datetime(2026, 10, 25, 2, 30), 2),
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), datetime(2026, 10, 25, 2, 30), 1),
        (datetime(2026, 10, 25, 2, 0, tzinfo=UTC), datetime(2026, 10, 25, 3, 0), 1),
    ],
)
def test_local_time_follows_both_dst_transitions(utc, wall_time, offset_hours):
    local = local_time(utc)

    assert local.tzinfo == AMSTERDAM
    assert local.replace(tzinfo=None) == wall_time
    assert local.utcoffset() == timedelta(hours=offset_hours)


@pytest.mark.parametrize(
    "wall_time",
    [
        datetime(2026, 1, 15, 19, 30),
        datetime(2026, 3, 29, 1, 59),
        datetime(2026, 3, 29, 3, 0),
        datetime(2026, 7, 15, 20, 30),
        datetime(2026, 10, 25, 1, 59),
        datetime(2026, 10, 25, 3, 0),
    ],
)
def test_to_utc_and_local_time_round_trip_around_dst_transitions(wall_time):
    assert local_time(to_utc(wall_time)).replace(tzinfo=None) == wall_time


def test_to_utc_reads_the_repeated_october_hour_as_its_first_occurrence():
    assert to_utc(datetime(2026, 10, 25, 2, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


def test_to_utc_moves_a_time_in_the_spring_gap_forward():
    # 02:30 on 29 March 2026 does not exist; read with the winter offset it is 03:30 summer time.
    utc = to_utc(datetime(2026, 3, 29, 2, 30))

    assert utc == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert local_time(utc).replace(tzinfo=None) == datetime(2026, 3, 29, 3, 30)


def test_round_trip_through_the_calendar_for_every_quarter_hour_of_the_transition_days():
    starts = [
        datetime(2026, month, day, tzinfo=UTC) + timedelta(minutes=15 * step)
        for month, day in ((3, 29), (10, 25))
        for step in range(-8, 24)
    ]
    events = [
        make_event(uid=f"w{index}@verbind", starts_at=start, ends_at=start + timedelta(hours=1))
        for index, start in enumerate(starts)
    ]

    parsed = parse(calendar_file(events)).walk("VEVENT")

    assert [e["DTSTART"].dt.astimezone(UTC) for e in parsed] == starts


@pytest.mark.parametrize(
    "overrides",
    [
        {"starts_at": datetime(2026, 1, 15, 18, 30)},
        {"stamp": datetime(2026, 1, 1, 9, 0)},
        {"ends_at": datetime(2026, 1, 15, 18, 30, tzinfo=UTC)},
        {"url": "https://verbind.example/\r\nSTATUS:CANCELLED"},
        {"sequence": -1},
        {"reminder": timedelta(0)},
        {"reminder": timedelta(hours=-1)},
    ],
)
def test_event_rejects_values_that_would_make_an_invalid_calendar(overrides):
    with pytest.raises(ValueError):
        make_event(**overrides)


def test_conversions_reject_the_wrong_kind_of_datetime():
    # local_time takes a stored (aware UTC) time; to_utc a wall time as a form reads it (naive).
    with pytest.raises(ValueError):
        local_time(datetime(2026, 1, 15, 18, 30))
    with pytest.raises(ValueError):
        to_utc(datetime(2026, 1, 15, 18, 30, tzinfo=UTC))


@pytest.mark.parametrize(
    ("wall_time", "utc"),
    [
        (datetime(2026, 3, 29, 1, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (datetime(2026, 3, 29, 3, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (datetime(2026, 10, 25, 1, 59), datetime(2026, 10, 24, 23, 59, tzinfo=UTC)),
        (datetime(2026, 10, 25, 3, 0), datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),
    ],
)
def test_to_utc_gives_aware_utc_on_both_sides_of_the_dst_transitions(wall_time, utc):
    converted = to_utc(wall_time)

    assert converted == utc
    assert converted.tzinfo is UTC


def test_local_time_accepts_any_aware_time():
    in_amsterdam = datetime(2026, 7, 15, 20, 30, tzinfo=AMSTERDAM)

    assert local_time(in_amsterdam.astimezone(UTC)) == in_amsterdam
    assert local_time(in_amsterdam).replace(tzinfo=None) == datetime(2026, 7, 15, 20, 30)


def test_utcnow_is_aware_utc():
    assert utcnow().tzinfo is UTC


def test_a_reminder_becomes_a_display_alarm_before_the_start():
    text = calendar_file([make_event(title=AWKWARD_TEXT * 3, reminder=timedelta(days=1))])
    (alarm,) = only_event(text).walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER") == timedelta(days=-1)
    assert str(alarm["DESCRIPTION"]) == (AWKWARD_TEXT * 3).replace("\r", "")  # folded, escaped
    assert "TRIGGER:-P1D\r\n" in text
    assert all(len(line) <= 75 for line in physical_lines(text))


def test_no_reminder_without_one_or_for_a_cancelled_event():
    assert "VALARM" not in calendar_file([make_event()])
    cancelled = make_event(reminder=timedelta(hours=1), cancelled=True)
    assert "VALARM" not in calendar_file([cancelled])


@pytest.mark.parametrize(
    ("length", "value"),
    [
        (timedelta(days=1), "P1D"),
        (timedelta(days=2), "P2D"),
        (timedelta(hours=1), "PT1H"),
        (timedelta(minutes=90), "PT1H30M"),
        (timedelta(minutes=15), "PT15M"),
        (timedelta(hours=25), "PT25H"),
    ],
)
def test_durations_are_written_as_rfc_5545_durations(length, value):
    assert duration_value(length) == value
    assert icalendar.vDuration.from_ical(value) == length


def test_the_product_id_names_the_calendar():
    assert "PRODID:-//Verbind//Webinars//NL\r\n" in calendar_file([make_event()])
    week = calendar_file([make_event()], product_id="-//Verbind//Week tegen Kindermishandeling//NL")
    assert str(parse(week)["PRODID"]) == "-//Verbind//Week tegen Kindermishandeling//NL"


@pytest.mark.parametrize(
    ("locale", "end", "text"),
    [
        ("nl", None, "do 26 nov 2026, 19:30"),
        ("en", None, "Thu 26 Nov 2026, 19:30"),
        ("nl", datetime(2026, 11, 26, 20, 0, tzinfo=UTC), "do 26 nov 2026, 19:30–21:00"),
        (
            "nl",
            datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
            "do 26 nov 2026, 19:30 – vr 27 nov 2026, 10:00",
        ),
    ],
)
def test_dates_that_can_be_far_away_show_weekday_and_year_in_amsterdam_time(locale, end, text):
    assert date_and_time(datetime(2026, 11, 26, 18, 30, tzinfo=UTC), locale, end) == text


def test_a_date_alone_and_summer_time():
    assert date_and_time(datetime(2026, 7, 1, 22, 30, tzinfo=UTC), time=False) == "do 2 jul 2026"
    assert date_and_time(datetime(2026, 7, 1, 17, 30, tzinfo=UTC)) == "wo 1 jul 2026, 19:30"
    assert date_and_time(datetime(2026, 11, 16).date(), "en") == "Mon 16 Nov 2026"
    assert date_and_time(None) == ""
