"""A poll burst in the live room: every answer is stored and acknowledged at once, the room
hears the results coalesced (a few broadcasts, not one per answer) ending with the exact
counts, and versions that never go backwards."""

import pytest
from sqlalchemy.exc import OperationalError

from community.extensions import db
from community.webinars import poll_broadcasts, polls
from community.webinars.models import PollAnswer, Webinar
from tests.helpers import log_in
from tests.webinars.conftest import new_webinar
from tests.webinars.test_live import NAMESPACE, attendee, join, received
from tests.webinars.test_vote_storm import wait_for

ANSWERERS = 12


@pytest.fixture
def webinar_id(app):
    with app.app_context():
        return new_webinar(capacity=50)


@pytest.fixture
def app_config(app_config):
    app_config["LIVE_VOTE_BROADCAST_SECONDS"] = 0.3
    return app_config


def test_a_burst_of_answers_reaches_the_room_coalesced_with_exact_counts(app, webinar_id):
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        poll = polls.create_poll(
            webinar.host, webinar, kind="scale", question="Hoe zeker voel je je nu?", scale_max=5
        )
        poll_id = poll.id
    host_client = app.test_client()
    log_in(host_client, "host@verbind.example")
    host, _ = join(app, host_client, webinar_id)
    for action in ("open", "show_results"):
        reply = host.emit(
            "poll_control",
            {"webinar_id": webinar_id, "poll_id": poll_id, "action": action},
            namespace=NAMESPACE,
            callback=True,
        )
        assert reply["ok"], reply
    people = [
        join(app, attendee(app, webinar_id, f"deelnemer{n}@verbind.example"), webinar_id)[0]
        for n in range(ANSWERERS)
    ]
    listener = people[0]
    listener.get_received(NAMESPACE)

    acknowledged = [
        person.emit(
            "poll_answer",
            {"webinar_id": webinar_id, "poll_id": poll_id, "answer": 1 + n % 5},
            namespace=NAMESPACE,
            callback=True,
        )
        for n, person in enumerate(people)
    ]
    assert all(reply["ok"] for reply in acknowledged), acknowledged[:2]

    heard = []

    def complete():
        heard.extend(received(listener, "poll_results"))
        return heard and heard[-1]["total"] == ANSWERERS

    assert wait_for(complete), heard
    assert len(heard) < ANSWERERS / 2
    versions = [results["version"] for results in heard]
    assert versions == sorted(versions)
    assert heard[-1]["counts"] == [3, 3, 2, 2, 2] and heard[-1]["version"] == ANSWERERS
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PollAnswer)) == ANSWERERS


def test_a_results_broadcast_that_fails_is_sent_again_with_the_exact_counts(
    app, webinar_id, monkeypatch
):
    """The answers are stored; if the broadcast after them fails (no database connection free
    under load), the room still ends with the exact counts."""
    monkeypatch.setattr(poll_broadcasts, "RETRY_SECONDS", 0.05)
    real_send, failures = poll_broadcasts.send_results, []

    def send_failing_once(webinar, poll):
        if not failures:
            failures.append(poll)
            raise OperationalError("SELECT", {}, Exception("no connection free"))
        real_send(webinar, poll)

    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        poll_id = polls.create_poll(
            webinar.host, webinar, kind="single", question="Overleg je?", options=["Ja", "Nee"]
        ).id
    host_client = app.test_client()
    log_in(host_client, "host@verbind.example")
    host, _ = join(app, host_client, webinar_id)
    for action in ("open", "show_results"):
        host.emit(
            "poll_control",
            {"webinar_id": webinar_id, "poll_id": poll_id, "action": action},
            namespace=NAMESPACE,
            callback=True,
        )
    person, _ = join(app, attendee(app, webinar_id, "deelnemer@verbind.example"), webinar_id)
    person.get_received(NAMESPACE)
    monkeypatch.setattr(poll_broadcasts, "send_results", send_failing_once)
    reply = person.emit(
        "poll_answer",
        {"webinar_id": webinar_id, "poll_id": poll_id, "answer": [0]},
        namespace=NAMESPACE,
        callback=True,
    )
    assert reply["ok"], reply
    heard = []

    def counted():
        heard.extend(received(person, "poll_results"))
        return heard and heard[-1]["total"] == 1

    assert wait_for(counted), heard
    assert heard[-1]["counts"] == [1, 0]
    assert failures, "the first broadcast failed"
