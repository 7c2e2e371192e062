"""`flask demo load`: demo accounts (one per role) for a local, empty database.

Each feature adds its own demo content through _content_loaders().
"""

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from community.accounts.models import Function, User, Verification
from community.accounts.services import grant_role, hash_password
from community.clock import amsterdam_today, to_utc, utcnow
from community.extensions import db
from community.permissions import Role

DEMO_PASSWORD = "verbind-demo-2026"

# (role, name, e-mail, organisation, function, gemeente)
DEMO_ACCOUNTS = (
    (Role.MEMBER, "Mila Jansen", "lid@verbind.example", "Hogeschool Utrecht (student)",
     Function.OTHER, "Utrecht"),
    (Role.PROFESSIONAL, "Sanne de Boer", "professional@verbind.example", "Wijkteam Zwolle-Zuid",
     Function.WIJKTEAM, "Zwolle"),
    (Role.ORGANISER, "Youssef El Amrani", "organisator@verbind.example",
     "Gemeente Tilburg, team Veilig Opgroeien", Function.GEMEENTE, "Tilburg"),
    (Role.MODERATOR, "Ingrid Visser", "moderator@verbind.example", "GGD Fryslân, JGZ",
     Function.JGZ, "Leeuwarden"),
    (Role.ADMIN, "Bram Hoekstra", "beheer@verbind.example", "Verbind", Function.OTHER,
     "Amsterdam"),
)  # fmt: skip

# Members waiting for verification, so the moderators' queue is not empty in the demo.
DEMO_PENDING = (
    ("Fatima Bakker", "f.bakker@verbind.example", "Kinderdagverblijf De Speeltuin",
     Function.KINDEROPVANG, "Almere"),
    ("Tom Verhoeven", "t.verhoeven@verbind.example", "OBS De Regenboog", Function.ONDERWIJS,
     "Eindhoven"),
)  # fmt: skip


def _content_loaders():
    """Each feature's demo content, loaded after the accounts (callables taking users by role)."""
    from community.events.demo import load_events_demo
    from community.forum.demo import load_forum_demo
    from community.webinars.demo import load_webinar_demo
    from courses.demo import load_course_demo

    return [load_forum_demo, load_course_demo, load_webinar_demo, load_events_demo, load_links_demo]


def load_links_demo(users_by_role):
    """What ties the parts together in the demo (after every feature loaded its own): the coming
    webinar's course and forum category, a forum question asked at a lesson, and two webinars in
    the coming Week tegen Kindermishandeling, one of them a Week event of its own."""
    from community.events.demo import coming_edition_dates
    from community.events.models import Audience, Event, EventStatus, RegistrationMode
    from community.forum.models import Category, Question, question_tag
    from community.forum.models import Tag as ForumTag
    from community.webinars.models import Webinar
    from courses.models import Course, Lesson, LessonTag

    organiser = users_by_role[Role.ORGANISER]
    course = db.session.scalar(select(Course).order_by(Course.id))
    category = db.session.scalar(
        select(Category).where(Category.slug == "samenwerking-in-de-keten")
    )
    coming = db.session.scalar(select(Webinar).where(Webinar.title.like("Samen optrekken%")))
    if coming is not None:
        coming.course_id = course.id if course else None
        coming.forum_category_id = category.id if category else None

    # The newest demo question that shares a subject with a lesson was asked at that lesson.
    pair = db.session.execute(
        select(Question, Lesson)
        .join(question_tag, question_tag.c.question_id == Question.id)
        .join(ForumTag, ForumTag.id == question_tag.c.tag_id)
        .join(LessonTag, LessonTag.name == ForumTag.name)
        .join(Lesson, Lesson.id == LessonTag.lesson_id)
        .order_by(Question.created_at.desc(), Lesson.id)
        .limit(1)
    ).first()
    if pair is not None:
        pair.Question.lesson_id = pair.Lesson.id

    _year, monday, _sunday = coming_edition_dates(amsterdam_today())

    def during_the_week(day, hour, minute, minutes):
        start = datetime.combine(monday + timedelta(days=day), time(hour, minute))
        return to_utc(start), to_utc(start + timedelta(minutes=minutes))

    starts, ends = during_the_week(1, 19, 30, 60)
    linked = Webinar(
        title="Webinar: zorgen bespreken met ouders",
        description=(
            "Hoe begin je het gesprek als je je zorgen maakt over een kind? Een "
            "jeugdverpleegkundige laat zien hoe zij het aanpakt; stel je vragen live."
        ),
        speakers="Een jeugdverpleegkundige en een aandachtsfunctionaris",
        starts_at=starts,
        ends_at=ends,
        capacity=300,
        course_id=course.id if course else None,
        host_id=organiser.id,
    )
    starts, ends = during_the_week(3, 12, 30, 45)
    on_its_own = Webinar(
        title="Lunchwebinar: de meldcode in de kinderopvang",
        description=(
            "In drie kwartier langs de vijf stappen, met voorbeelden uit kinderdagverblijf en "
            "buitenschoolse opvang."
        ),
        speakers="Een pedagogisch coach uit de kinderopvang",
        starts_at=starts,
        ends_at=ends,
        capacity=200,
        host_id=organiser.id,
    )
    db.session.add_all([linked, on_its_own])
    db.session.flush()
    db.session.add(
        Event(
            organiser_id=organiser.id,
            title="Online: zorgen bespreken met ouders",
            description=(
                "Onze bijdrage aan de Week: een Verbind-webinar met live vragen en peilingen. "
                "Inschrijven doe je op de pagina van het webinar."
            ),
            starts_at=linked.starts_at,
            ends_at=linked.ends_at,
            online=True,
            audience=Audience.PROFESSIONALS,
            organisation="Werkgroep Week tegen Kindermishandeling",
            contact="week@verbind.example",
            registration_mode=RegistrationMode.NONE,
            status=EventStatus.APPROVED,
            webinar_id=linked.id,
        )
    )
    db.session.commit()


class DemoError(Exception):
    pass


def _demo_user(name, email, organisation, function, gemeente, password_hash):
    now = utcnow()
    return User(
        name=name,
        email=email,
        password_hash=password_hash,
        organisation=organisation,
        function=function,
        gemeente=gemeente,
        email_confirmed_at=now,
    )


def load_demo():
    """Create the demo accounts and content; returns [(role, e-mail, password)]."""
    if db.session.scalar(select(func.count()).select_from(User)):
        raise DemoError("the database already has users; demo content goes into an empty one.")
    password_hash = hash_password(DEMO_PASSWORD)
    users_by_role = {}
    for role, name, email, organisation, function, gemeente in DEMO_ACCOUNTS:
        user = _demo_user(name, email, organisation, function, gemeente, password_hash)
        db.session.add(user)
        db.session.flush()
        if role != Role.MEMBER:
            grant_role(user, role)
        if role in (Role.MODERATOR, Role.ADMIN):
            grant_role(user, Role.PROFESSIONAL)
        users_by_role[role] = user
    for name, email, organisation, function, gemeente in DEMO_PENDING:
        user = _demo_user(name, email, organisation, function, gemeente, password_hash)
        user.verification = Verification.PENDING
        user.verification_requested_at = utcnow()
        db.session.add(user)
    db.session.commit()
    for loader in _content_loaders():
        loader(users_by_role)
    db.session.commit()
    return [(role.value, users_by_role[role].email, DEMO_PASSWORD) for role, *_ in DEMO_ACCOUNTS]
