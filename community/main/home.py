"""What the home page shows. For a logged-in person: what is next for them (the course they are
in, their webinars and Week events, new answers on questions they follow, open questions in
their werkveld, the Week near them while it runs). For a visitor: what is coming and what
Verbind offers. Each feature is asked only through its `services` and `policies`; every list
is short (LIMIT) and loaded in a fixed number of queries, however much there is."""

from dataclasses import dataclass

from community.clock import amsterdam_today, utcnow
from community.events import services as event_services
from community.forum import services as forum_services
from community.webinars import policies as webinar_policies
from community.webinars import services as webinar_services
from courses import services as course_services

LIMIT = 5
COURSE_LIMIT = 3

# A feature's part of the home page shows only when its blueprint is registered (its list page
# is then an endpoint), so the page never links to a page that does not exist.
FEATURE_ENDPOINTS = {
    "forum": "forum.index",
    "courses": "courses.index",
    "webinars": "webinars.index",
    "events": "events.index",
}

# A question belongs to a werkveld when someone of that werkveld asked it under their own name,
# or when it carries a tag of that werkveld: the werkveld's own name as a tag (veilig_thuis ->
# veilig-thuis) or one of these words that askers use for it. "other" is no werkveld.
FIELD_TAGS = {
    "wijkteam": ("sociaal-wijkteam", "buurtteam"),
    "jgz": ("consultatiebureau", "jeugdarts", "jeugdverpleegkundige"),
    "kinderopvang": ("gastouder", "peuterspeelzaal", "bso"),
    "onderwijs": ("school", "leerkracht", "intern-begeleider"),
    "gemeente": ("leerplicht",),
    "huisarts": ("huisartsenpraktijk", "praktijkondersteuner"),
    "jeugdbescherming": ("gecertificeerde-instelling", "raad-voor-de-kinderbescherming"),
}
NO_FIELD = ("", "other")


def enabled_features(view_functions):
    """The features whose pages exist in this app."""
    return {name for name, endpoint in FEATURE_ENDPOINTS.items() if endpoint in view_functions}


def field_tags(function):
    """The forum tags that mark a question as one of this werkveld (none for "other")."""
    if function in NO_FIELD:
        return ()
    return (function.replace("_", "-"), *FIELD_TAGS.get(function, ()))


@dataclass
class Listing:
    """The first few of a list and how many there are in all (for "all 12 …")."""

    items: list
    total: int

    @property
    def more(self):
        return self.total > len(self.items)


@dataclass
class WeekNearby:
    """The Week tegen Kindermishandeling as it concerns this person: its dates, whether it runs
    now, and then the events in their province (or everywhere when their gemeente is unknown)."""

    edition: object
    running: bool
    province: str = ""
    events: Listing | None = None


@dataclass
class PersonalHome:
    learning: object = None  # courses.services.Learning
    webinars: Listing | None = None  # [(webinar, status, live room open now)]
    events: Listing | None = None  # [(event, status)]
    new_answers: list | None = None  # [(question, new answers, first notification id)]
    field_questions: Listing | None = None
    field_known: bool = False
    week: WeekNearby | None = None


@dataclass
class PublicHome:
    webinars: Listing | None = None
    events: Listing | None = None
    edition: object = None


def personal_home(user, features, now=None, today=None):
    """What is next for this logged-in person, per enabled feature (None for the others)."""
    now = now or utcnow()
    today = today or amsterdam_today()
    home = PersonalHome()
    if "courses" in features:
        home.learning = course_services.learning_of(user.id, COURSE_LIMIT)
    if "webinars" in features:
        rows, total = webinar_services.upcoming_webinars_of(user.id, LIMIT, now)
        # The live-room link is for those with a place, from shortly before the start.
        live = [status == "registered" and webinar_policies.on_air(w, now) for w, status in rows]
        home.webinars = Listing(
            items=[(w, status, on_air) for (w, status), on_air in zip(rows, live, strict=True)],
            total=total,
        )
    if "events" in features:
        home.events = Listing(*event_services.upcoming_events_of(user.id, LIMIT, now))
        home.week = week_nearby(user, now, today)
    if "forum" in features:
        home.new_answers = forum_services.new_answers_for(user, LIMIT)
        home.field_known = user.function not in NO_FIELD
        function = user.function if home.field_known else None
        home.field_questions = Listing(
            *forum_services.unanswered_in_field(user, function, field_tags(user.function), LIMIT)
        )
    return home


def week_nearby(user, now, today):
    """The coming or running edition; while the Week runs, its events in the person's province
    (from the gemeente in their profile, which registration asks for), their own gemeente
    first. Online events are left out here: they are near everyone, and the calendar lists
    them. With no known gemeente: the Week's next events anywhere."""
    edition = event_services.current_edition(today)
    if edition is None or edition.ends_on < today:
        return None
    week = WeekNearby(edition=edition, running=event_services.week_is_on(edition, today))
    if not week.running:
        return week
    week.province = event_services.province_of(user.gemeente)
    if week.province:
        found = event_services.events_nearby(week.province, user.gemeente, edition, LIMIT, now)
    else:
        found = event_services.upcoming_events(LIMIT, now)
    week.events = Listing(*found)
    return week


def public_home(features, now=None, today=None):
    """For visitors: the next webinars and Week events, and the coming edition's dates."""
    now = now or utcnow()
    home = PublicHome()
    if "webinars" in features:
        home.webinars = Listing(*webinar_services.upcoming_webinars(LIMIT, now))
    if "events" in features:
        home.events = Listing(*event_services.upcoming_events(LIMIT, now))
        edition = event_services.current_edition(today or amsterdam_today())
        if edition is not None and edition.ends_on >= (today or amsterdam_today()):
            home.edition = edition
    return home
