"""`flask demo load`: demo accounts (one per role) for a local, empty database.

Each feature adds its own demo content through _content_loaders().
"""

from sqlalchemy import func, select

from community.accounts.models import Function, User, Verification
from community.accounts.services import grant_role, hash_password
from community.clock import utcnow
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

    return [load_forum_demo, load_course_demo, load_webinar_demo, load_events_demo]


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
