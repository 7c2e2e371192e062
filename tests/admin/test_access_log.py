"""The access log: opening someone's personal data as a moderator, organiser or administrator
leaves a row (who, whose, what, when); administrators read the log, paginated."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from community.access_log import AccessLogEntry
from community.accounts.models import User, Verification
from community.clock import utcnow
from community.events.models import Event, EventRegistration, EventStatus
from community.extensions import db
from community.forum import services as forum_services
from community.forum.models import Category
from community.webinars.models import LiveQuestion, Webinar
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import log_in, make_user, page_text


@pytest.fixture
def person(app):
    """person("moderator", name=...) -> (a logged-in client of its own, user id)."""
    counter = {"n": 0}

    def make(role="member", name="Collega", **kwargs):
        counter["n"] += 1
        with app.app_context():
            user = make_user(
                name=name,
                email=f"{role}{counter['n']}@verbind.example",
                roles=() if role == "member" else (role,),
                **kwargs,
            )
            user_id, email = user.id, user.email
        client = app.test_client()
        assert log_in(client, email).status_code == 302
        return client, user_id

    return make


def entries(app):
    with app.app_context():
        return [
            (entry.viewer_id, entry.subject_id, entry.what, entry.detail)
            for entry in db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        ]


def add_members(app, count, **columns):
    with app.app_context():
        ids = []
        for number in range(count):
            user = make_user(name=f"Lid {number}", email=f"lid{number}@verbind.example")
            for name, value in columns.items():
                setattr(user, name, value)
            ids.append(user.id)
        db.session.commit()
        return ids


def test_opening_the_verification_queue_is_logged_per_person_shown(app, person):
    waiting = add_members(
        app, 3, verification=Verification.PENDING, verification_requested_at=utcnow()
    )
    moderator, moderator_id = person("moderator")
    response = moderator.get("/admin/users?filter=pending")
    assert response.status_code == 200
    assert sorted(entries(app)) == sorted(
        (moderator_id, user_id, "verification_queue", "") for user_id in waiting
    )


def test_a_user_page_is_logged_but_not_ones_own(app, person):
    [member] = add_members(app, 1)
    admin, admin_id = person("admin")
    assert admin.get(f"/admin/users/{member}").status_code == 200
    assert admin.get(f"/admin/users/{admin_id}").status_code == 200
    assert entries(app) == [(admin_id, member, "user_page", "")]


def add_event_with_registrants(app, organiser_id, count, prefix="bezoeker"):
    with app.app_context():
        start = utcnow() + timedelta(days=20)
        event = Event(
            organiser_id=organiser_id,
            title="Open avond signalen",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            status=EventStatus.APPROVED,
            registration_mode="verbind",
        )
        db.session.add(event)
        db.session.flush()
        ids = []
        for number in range(count):
            user = make_user(name=f"Bezoeker {number}", email=f"{prefix}{number}@verbind.example")
            db.session.add(EventRegistration(event_id=event.id, user_id=user.id))
            ids.append(user.id)
        db.session.commit()
        return event.id, ids


def test_a_registration_list_and_its_download_are_logged(app, person):
    organiser, organiser_id = person("organiser")
    event_id, registrants = add_event_with_registrants(app, organiser_id, 2)
    assert organiser.get(f"/week/events/{event_id}/registrations").status_code == 200
    assert organiser.get(f"/week/events/{event_id}/registrations?format=csv").status_code == 200
    title = "Open avond signalen"
    assert sorted(entries(app)) == sorted(
        (organiser_id, user_id, kind, title)
        for kind in ("event_registrations", "event_registrations_csv")
        for user_id in registrants
    )


def test_logging_a_long_registration_list_costs_one_statement(app, person):
    organiser, organiser_id = person("organiser")
    few, _ids = add_event_with_registrants(app, organiser_id, 3, prefix="weinig")
    many, _ids = add_event_with_registrants(app, organiser_id, 40, prefix="veel")
    with counted_queries(app) as small:
        assert organiser.get(f"/week/events/{few}/registrations").status_code == 200
    with counted_queries(app) as large:
        assert organiser.get(f"/week/events/{many}/registrations").status_code == 200
    inserts = [s for s in large if s.lstrip().upper().startswith("INSERT INTO ACCESS_LOG")]
    assert len(inserts) == 1
    assert len(large) == len(small)
    assert len([e for e in entries(app) if e[2] == "event_registrations"]) == 3 + 40


def test_revealing_an_anonymous_forum_author_in_the_flag_queue_is_logged(app, person):
    _writer_client, writer_id = person("professional", name="Femke Jansen")
    _named_client, named_id = person("professional", name="Bram de Vries")
    with app.app_context():
        category = db.session.scalar(select(Category).limit(1))
        writer, named = db.session.get_one(User, writer_id), db.session.get_one(User, named_id)
        hidden = forum_services.ask_question(
            writer,
            category=category,
            title="Hoe bereid ik een gesprek met ouders voor?",
            body="Ik wil zorgen bespreken zonder dat het gesprek meteen vastloopt.",
            anonymous=True,
        )
        open_question = forum_services.ask_question(
            named,
            category=category,
            title="Welke afwegingskaders gebruiken jullie?",
            body="Ik zoek ervaringen met de afwegingskaders van de meldcode.",
        )
        forum_services.flag_post(named, hidden, reason="personal_data")
        forum_services.flag_post(writer, open_question, reason="spam")
    moderator, moderator_id = person("moderator")
    response = moderator.get("/forum/moderation/")
    assert "Femke Jansen" in page_text(response)
    # Only the author who wrote without a name: a named author is public anyway.
    assert entries(app) == [(moderator_id, writer_id, "anonymous_author", "")]


def test_a_moderator_opening_the_live_room_logs_who_asked_without_a_name(app, person):
    _asker, asker_id = person("member", name="Femke Jansen")
    _other, other_id = person("member", name="Bram de Vries")
    moderator, moderator_id = person("moderator")
    with app.app_context():
        webinar = Webinar(
            title="Samenwerken bij veiligheid",
            starts_at=utcnow() - timedelta(minutes=10),
            ends_at=utcnow() + timedelta(minutes=50),
            host_id=other_id,
        )
        db.session.add(webinar)
        db.session.flush()
        db.session.add_all(
            [
                LiveQuestion(webinar_id=webinar.id, author_id=asker_id, client_token="a",
                             text="Hoe deel je zorgen met de huisarts?", anonymous=True),
                LiveQuestion(webinar_id=webinar.id, author_id=other_id, client_token="b",
                             text="Wie belt wie?"),
            ]
        )  # fmt: skip
        db.session.commit()
        webinar_id = webinar.id
    response = moderator.get(f"/webinars/{webinar_id}/live")
    assert response.status_code == 200
    assert "(Femke Jansen)" in page_text(response)
    assert entries(app) == [
        (moderator_id, asker_id, "live_question_author", "Samenwerken bij veiligheid")
    ]


def test_the_access_log_page_is_for_admins_and_paginated(app, person):
    members = add_members(app, 3)
    admin, admin_id = person("admin", name="Anna Beheer")
    moderator, _moderator_id = person("moderator")
    app.config["ACCESS_LOG_PER_PAGE"] = 2
    for member in members:
        admin.get(f"/admin/users/{member}")
    assert moderator.get("/admin/access-log").status_code == 403
    anonymous = app.test_client().get("/admin/access-log")
    assert anonymous.status_code == 302
    first = page_text(admin.get("/admin/access-log"))
    assert "Inzagelogboek" in first
    assert "Lid 2" in first and "Lid 1" in first and "Lid 0" not in first
    assert "Anna Beheer" in first
    assert "Pagina 1 van 2" in first
    second = page_text(admin.get("/admin/access-log?page=2"))
    assert "Lid 0" in second
