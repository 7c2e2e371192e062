"""Registration with a waiting list, and the live Q&A rules."""

import threading

import pytest

from community.extensions import db
from community.webinars import services
from community.webinars.models import LiveQuestion, LiveVote, Webinar
from tests.helpers import make_user
from tests.webinars.conftest import load, user


def people(app, count, role=()):
    with app.app_context():
        return [
            make_user(email=f"deelnemer{n}@verbind.example", roles=role).id for n in range(count)
        ]


def test_a_full_webinar_puts_people_on_a_waiting_list_that_moves_up(app, webinar_id):
    ids = people(app, 4)
    with app.app_context():
        webinar = load(Webinar, webinar_id)
        statuses = [services.register(user(i), webinar).status for i in ids]
        assert statuses == ["registered", "registered", "waiting", "waiting"]
        moved = services.cancel(user(ids[0]), webinar)
        assert moved.user_id == ids[2]
        assert services.registration_of(ids[2], webinar_id).status == "registered"
        assert services.registration_of(ids[3], webinar_id).status == "waiting"
        # Leaving the waiting list moves nobody.
        assert services.cancel(user(ids[3]), webinar) is None
        assert services.registered_count(webinar_id) == 2


def test_registering_twice_keeps_one_registration(app, webinar_id):
    [person] = people(app, 1)
    with app.app_context():
        webinar = load(Webinar, webinar_id)
        first = services.register(user(person), webinar)
        second = services.register(user(person), webinar)
        assert first.id == second.id and services.registered_count(webinar_id) == 1


def test_only_attendees_hosts_and_moderators_take_part(app, webinar_id):
    outsider, attendee = people(app, 2)
    with app.app_context():
        webinar = load(Webinar, webinar_id)
        services.register(user(attendee), webinar)
        with pytest.raises(services.WebinarError) as refused:
            services.ask(user(outsider), webinar, text="Mag ik iets vragen?", client_token="t" * 10)
        assert refused.value.status == 403
        question, created = services.ask(
            user(attendee), webinar, text="Hoe start ik?", client_token="abcdefgh12"
        )
        assert created and question.status == "visible"


def test_the_same_client_token_never_makes_two_questions(app, webinar_id):
    [attendee] = people(app, 1)
    with app.app_context():
        webinar = load(Webinar, webinar_id)
        services.register(user(attendee), webinar)
        for _ in range(3):
            services.ask(user(attendee), webinar, text="Dubbel verstuurd?", client_token="k" * 12)
        assert db.session.scalar(db.select(db.func.count()).select_from(LiveQuestion)) == 1


@pytest.mark.parametrize(
    "text, token, anonymous, status",
    [
        ("", "t" * 10, False, 422),
        ("x" * 501, "t" * 10, False, 422),
        (42, "t" * 10, False, 400),
        ("Een vraag", "kort", False, 400),
        ("Een vraag", "t" * 10, "ja", 400),
    ],
)
def test_question_payloads_are_checked(app, webinar_id, text, token, anonymous, status):
    [attendee] = people(app, 1)
    with app.app_context():
        webinar = load(Webinar, webinar_id)
        services.register(user(attendee), webinar)
        with pytest.raises(services.WebinarError) as refused:
            services.ask(
                user(attendee), webinar, text=text, client_token=token, anonymous=anonymous
            )
        assert refused.value.status == status


def test_votes_count_once_per_person_even_when_clicked_at_once(app, webinar_id):
    asker, voter = people(app, 2)
    with app.app_context():
        webinar = load(Webinar, webinar_id)
        services.register(user(asker), webinar)
        services.register(user(voter), webinar)
        question, _ = services.ask(
            user(asker), webinar, text="Wie belt Veilig Thuis?", client_token="q" * 10
        )
        question_id = question.id

    errors = []

    def click():
        try:
            with app.app_context():
                services.vote(
                    user(voter), load(LiveQuestion, question_id), load(Webinar, webinar_id)
                )
        except Exception as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(LiveVote)) == 1
        assert load(LiveQuestion, question_id).votes == 1
    assert errors == []


def test_moderation_queue_and_hidden_questions(app, webinar_id):
    attendee, other = people(app, 2)
    with app.app_context():
        webinar = load(Webinar, webinar_id)
        webinar.questions_need_approval = True
        db.session.commit()
        for person in (attendee, other):
            services.register(user(person), webinar)
        question, _ = services.ask(
            user(attendee), webinar, text="Wacht op goedkeuring?", client_token="m" * 10
        )
        assert question.status == "pending"
        assert [q.id for q in services.questions_for(user(other), webinar)] == []
        assert [q.id for q in services.questions_for(user(attendee), webinar)] == [question.id]
        host = user(webinar.host_id)
        services.moderate(host, question, webinar, "approve")
        assert [q.id for q in services.questions_for(user(other), webinar)] == [question.id]
        services.moderate(host, question, webinar, "hide")
        assert services.questions_for(user(other), webinar) == []
        assert [q.id for q in services.questions_for(host, webinar)] == [question.id]
        with pytest.raises(services.WebinarError) as refused:
            services.moderate(user(other), question, webinar, "show")
        assert refused.value.status == 403
