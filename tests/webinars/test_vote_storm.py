"""A vote storm and a join storm in the live room: every vote is stored and acknowledged at
once, the room hears the changed counts coalesced (a few broadcasts, not one per vote) with the
exact last count, and people joining together each get their own exact state."""

import threading
import time

import pytest
from sqlalchemy.exc import OperationalError

from community.extensions import db, socketio
from community.webinars import vote_broadcasts
from community.webinars.models import LiveQuestion, LiveVote
from tests.webinars.conftest import new_webinar
from tests.webinars.test_live import NAMESPACE, ask, attendee, join, received

VOTERS = 12


@pytest.fixture
def webinar_id(app):
    with app.app_context():
        return new_webinar(capacity=50)


@pytest.fixture
def app_config(app_config):
    app_config["LIVE_VOTE_BROADCAST_SECONDS"] = 0.3
    return app_config


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_many_votes_reach_the_room_in_a_few_broadcasts_with_the_exact_count(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "asker@verbind.example"), webinar_id)
    question_id = ask(asker, webinar_id, "Wanneer schakel je Veilig Thuis in voor advies?")[
        "question"
    ]["id"]
    voters = [
        join(app, attendee(app, webinar_id, f"stemmer{n}@verbind.example"), webinar_id)[0]
        for n in range(VOTERS)
    ]
    asker.get_received(NAMESPACE)

    acknowledged = []
    for voter in voters:
        reply = voter.emit(
            "vote",
            {"webinar_id": webinar_id, "question_id": question_id},
            namespace=NAMESPACE,
            callback=True,
        )
        acknowledged.append(reply)

    # Every voter heard at once that their vote counted, with the count at that moment.
    assert all(reply["ok"] for reply in acknowledged), acknowledged[:2]
    assert sorted(reply["votes"] for reply in acknowledged) == list(range(1, VOTERS + 1))
    heard = []

    def last_count():
        heard.extend(received(asker, "votes"))
        return heard and heard[-1]["changes"][-1]["votes"] == VOTERS

    assert wait_for(last_count), heard
    # The room heard far fewer broadcasts than votes, and counts never went backwards.
    assert len(heard) < VOTERS / 2
    counts = [change["votes"] for payload in heard for change in payload["changes"]]
    assert counts == sorted(counts)
    with app.app_context():
        assert db.session.get(LiveQuestion, question_id).votes == VOTERS
        assert db.session.scalar(db.select(db.func.count()).select_from(LiveVote)) == VOTERS


def test_a_late_count_from_another_process_carries_an_older_version(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "asker@verbind.example"), webinar_id)
    asked = ask(asker, webinar_id, "Hoe leg je een zorg vast in het dossier?")
    question_id = asked["question"]["id"]
    versions = []
    for n in range(3):
        voter, _ = join(app, attendee(app, webinar_id, f"v{n}@verbind.example"), webinar_id)
        reply = voter.emit(
            "vote",
            {"webinar_id": webinar_id, "question_id": question_id},
            namespace=NAMESPACE,
            callback=True,
        )
        versions.append(reply["version"])
    # Each change of the count has a higher version, which the browser uses to keep the newest.
    assert versions == sorted(set(versions))
    _other, state = join(app, attendee(app, webinar_id, "later@verbind.example"), webinar_id)
    shown = next(q for q in state["questions"] if q["id"] == question_id)
    assert (shown["votes"], shown["vote_version"]) == (3, versions[-1])


def test_people_joining_together_each_get_their_own_exact_state(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "asker@verbind.example"), webinar_id)
    question_id = ask(asker, webinar_id, "Wat doe je als ouders het gesprek weigeren?")["question"][
        "id"
    ]
    people = [attendee(app, webinar_id, f"samen{n}@verbind.example") for n in range(8)]
    voter = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=people[0])
    voter.emit("join", {"webinar_id": webinar_id}, namespace=NAMESPACE, callback=True)
    voter.emit(
        "vote",
        {"webinar_id": webinar_id, "question_id": question_id},
        namespace=NAMESPACE,
        callback=True,
    )
    outsider = attendee(app, webinar_id, "buiten@verbind.example", register=False)

    replies = {}
    start = threading.Barrier(len(people) + 1)

    def join_now(number, client):
        socket = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=client)
        start.wait()
        replies[number] = socket.emit(
            "join", {"webinar_id": webinar_id}, namespace=NAMESPACE, callback=True
        )

    threads = [
        threading.Thread(target=join_now, args=(n, client))
        for n, client in enumerate([*people, outsider])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # The one who voted sees their vote; the others see the count without it as theirs.
    assert replies[0]["my_votes"] == [question_id]
    for number in range(1, len(people)):
        assert replies[number]["ok"] and replies[number]["my_votes"] == []
        assert [q["votes"] for q in replies[number]["questions"]] == [1]
    # Someone without a place is refused, even when joining with everyone else.
    assert replies[len(people)]["error"] == "forbidden"


def test_a_broadcast_that_fails_is_sent_again_so_the_room_ends_with_the_exact_count(
    app, webinar_id, monkeypatch
):
    """A broadcast can fail after the votes were stored (no database connection free under
    load): the room must still end with the exact count, not keep an older one."""
    monkeypatch.setattr(vote_broadcasts, "RETRY_SECONDS", 0.05)
    real_send, failures = vote_broadcasts._send, []

    def send_failing_once(webinar, question_ids):
        if not failures:
            failures.append(question_ids)
            raise OperationalError("SELECT", {}, Exception("no connection free"))
        real_send(webinar, question_ids)

    monkeypatch.setattr(vote_broadcasts, "_send", send_failing_once)
    asker, _ = join(app, attendee(app, webinar_id, "asker@verbind.example"), webinar_id)
    question_id = ask(asker, webinar_id, "Wie belt Veilig Thuis bij twijfel?")["question"]["id"]
    voter, _ = join(app, attendee(app, webinar_id, "stemmer@verbind.example"), webinar_id)
    asker.get_received(NAMESPACE)
    reply = voter.emit(
        "vote",
        {"webinar_id": webinar_id, "question_id": question_id},
        namespace=NAMESPACE,
        callback=True,
    )
    assert reply["ok"], reply
    heard = []

    def counted():
        heard.extend(received(asker, "votes"))
        return heard and heard[-1]["changes"][-1]["votes"] == 1

    assert wait_for(counted), heard
    assert failures, "the first broadcast failed"
