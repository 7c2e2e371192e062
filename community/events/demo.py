"""Demo for the Week calendar: the coming edition with two dozen approved events spread over
provinces and audiences, a few waiting for review, and a past edition."""

from datetime import date, datetime, timedelta

from community.clock import amsterdam_today, to_utc
from community.events.models import Audience, Event, EventRegistration, EventStatus, WeekEdition
from community.events.services import find_gemeente
from community.extensions import db
from community.permissions import Role

# (title, gemeente or None for online, audience, day of the week 0-6, start hour, minutes)
DEMO_EVENTS = (
    ("Lezing: signalen van kindermishandeling herkennen", "Arnhem", "professionals", 0, 19, 120),
    ("Ouderavond: praten met je kind over veilig zijn", "Zwolle", "parents", 0, 19, 90),
    ("Training kindcheck voor huisartsenpraktijken", None, "professionals", 1, 12, 60),
    ("Inloopochtend wijkteam: vragen over opvoeden", "Tilburg", "parents", 1, 9, 180),
    ("Theatervoorstelling voor groep 7 en 8", "Leeuwarden", "youth", 1, 10, 60),
    ("Casusbespreking meldcode voor kinderopvang", "Almere", "professionals", 2, 15, 120),
    ("Webinar: het afwegingskader in vijf vragen", None, "professionals", 2, 20, 60),
    ("Wandeling en gesprek: samen sterk in de wijk", "Maastricht", "everyone", 2, 14, 120),
    ("Workshop gespreksvoering met ouders", "Groningen", "professionals", 3, 13, 180),
    ("Open dag Veilig Thuis-regio", "Middelburg", "everyone", 3, 10, 360),
    ("Voorleesmiddag: ik ben de baas over mijn lijf", "Eindhoven", "youth", 3, 15, 60),
    ("Symposium samenwerking school en wijkteam", "Utrecht", "professionals", 3, 9, 420),
    ("Ouderbijeenkomst: stress thuis en waar je hulp vindt", "Rotterdam", "parents", 4, 19, 90),
    ("Online spreekuur voor pleegouders", None, "parents", 4, 20, 60),
    ("Filmavond en nagesprek over huiselijk geweld", "Den Helder", "everyone", 4, 20, 150),
    ("Intervisie aandachtsfunctionarissen", "Assen", "professionals", 4, 14, 120),
    ("Sportdag met weerbaarheidstraining", "Lelystad", "youth", 5, 10, 240),
    ("Markt: hulp en ondersteuning in de gemeente", "Venlo", "everyone", 5, 11, 300),
    ("Lezing voor sportverenigingen: een veilig sportklimaat", "Amersfoort", "everyone", 5, 14, 90),
    ("Gesprekstafel jongeren: wat als het thuis niet veilig is?", "Haarlem", "youth", 5, 15, 90),
    (
        "Training voor leerkrachten: de meldcode in de klas",
        "'s-Hertogenbosch",
        "professionals",
        6,
        10,
        180,
    ),
    ("Bijeenkomst voor vrijwilligers van buurthuizen", "Enschede", "everyone", 6, 14, 120),
    ("Kerkdienst en gesprek over zorgen om kinderen", "Kampen", "everyone", 6, 10, 90),
    ("Online training letsel herkennen bij baby's", None, "professionals", 6, 19, 90),
)

PENDING_EVENTS = (
    ("Ouderochtend op het consultatiebureau", "Nijmegen", "parents", 2, 10, 120),
    ("Informatieavond voor verenigingen", "Goes", "everyone", 3, 19, 90),
    ("Online quiz voor professionals", None, "professionals", 4, 16, 60),
)


def coming_edition_dates(today):
    """The week (Monday to Sunday) around 18 November, this year or next."""
    for year in (today.year, today.year + 1):
        anchor = date(year, 11, 18)
        monday = anchor - timedelta(days=anchor.weekday())
        if monday + timedelta(days=6) >= today:
            return year, monday, monday + timedelta(days=6)
    raise AssertionError("unreachable")


def _event(organiser, spec, monday, status):
    title, gemeente, audience, day, hour, minutes = spec
    start_local = datetime.combine(monday + timedelta(days=day), datetime.min.time()).replace(
        hour=hour
    )
    found = find_gemeente(gemeente) if gemeente else None
    description = (
        f"{title}. Een bijeenkomst in de Week tegen Kindermishandeling, georganiseerd voor "
        f"{'iedereen' if audience == 'everyone' else 'een specifieke doelgroep'}. "
        "Aanmelden is gratis; vragen kun je stellen via het contactadres."
    )
    return Event(
        organiser_id=organiser.id,
        title=title,
        description=description,
        starts_at=to_utc(start_local),
        ends_at=to_utc(start_local + timedelta(minutes=minutes)),
        online=gemeente is None,
        online_url="https://meet.example.org/week" if gemeente is None else "",
        venue="" if gemeente is None else "Wijkcentrum De Brug",
        address="" if gemeente is None else "Marktplein 1",
        gemeente=found[0] if found else "",
        province=found[1] if found else "",
        audience=Audience(audience),
        organisation="Werkgroep Week tegen Kindermishandeling",
        capacity=30 if day % 2 == 0 else None,
        contact="week@verbind.example",
        # Online events take registration: the meeting link is for those registered.
        registration_mode="verbind" if day % 2 == 0 or gemeente is None else "none",
        status=status,
    )


def load_events_demo(users_by_role, today=None):
    organiser = users_by_role[Role.ORGANISER]
    year, monday, sunday = coming_edition_dates(today or amsterdam_today())
    db.session.add(
        WeekEdition(year=year, theme="Samen kijken, samen doen", starts_on=monday, ends_on=sunday)
    )
    db.session.add(
        WeekEdition(
            year=2017,
            theme="Verbind voor het kind",
            starts_on=date(2017, 11, 20),
            ends_on=date(2017, 11, 26),
        )
    )
    for spec in DEMO_EVENTS:
        db.session.add(_event(organiser, spec, monday, EventStatus.APPROVED))
    for spec in PENDING_EVENTS:
        db.session.add(_event(organiser, spec, monday, EventStatus.PENDING))
    db.session.flush()
    # The demo professional has a place at one lecture (their home page lists it).
    lecture = db.session.scalar(db.select(Event).where(Event.title == DEMO_EVENTS[0][0]))
    db.session.add(
        EventRegistration(event_id=lecture.id, user_id=users_by_role[Role.PROFESSIONAL].id)
    )
    db.session.commit()
