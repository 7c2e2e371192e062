"""A live room a moderator can run: actions per question state, votes taken back, own and
waiting questions, a moderator's edit that keeps the original, and the presenter view."""

import re

from sqlalchemy import select

from community.extensions import db, socketio
from community.webinars.models import LiveQuestion, Webinar
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import csv_rows, log_in, page_text
from tests.webinars.test_live import (
    NAMESPACE,
    ask,
    attendee,
    join,
    moderate,
    received,
)


def emit(socket, event, **payload):
    return socket.emit(event, payload, namespace=NAMESPACE, callback=True)


def logged_in(app, email):
    client = app.test_client()
    log_in(client, email)
    return client


def host_client(app, webinar_id):
    return logged_in(app, "host@verbind.example")


def need_approval(app, webinar_id):
    with app.app_context():
        db.session.get(Webinar, webinar_id).questions_need_approval = True
        db.session.commit()


def room(app, webinar_id):
    """An asker, another attendee and the host, each joined."""
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    other, _ = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    host, _ = join(app, host_client(app, webinar_id), webinar_id)
    return asker, other, host


def test_each_question_state_allows_only_its_own_actions(app, webinar_id):
    need_approval(app, webinar_id)
    asker, _other, host = room(app, webinar_id)
    question = ask(asker, webinar_id, "Hoe werkt de meldcode bij twijfel?")["question"]
    question_id = question["id"]
    [waiting] = [q for q in received(host, "question") if q["id"] == question_id]
    assert waiting["actions"] == ["approve", "edit", "hide"]

    refused = moderate(host, webinar_id, question_id, "answering")
    assert refused["ok"] is False
    assert refused["message"] == "Dat kan nu niet bij deze vraag (wacht op goedkeuring)."

    approved = moderate(host, webinar_id, question_id, "approve")["question"]
    assert approved["actions"] == ["answering", "answered", "reply", "edit", "hide"]
    assert moderate(host, webinar_id, question_id, "approve")["ok"] is False
    now = moderate(host, webinar_id, question_id, "answering")["question"]
    assert now["state"] == "answering" and now["state_label"] == "nu aan de beurt"
    done = moderate(host, webinar_id, question_id, "answered")["question"]
    assert done["actions"] == ["reopen", "reply", "hide"] and not done["answering"]
    hidden = moderate(host, webinar_id, question_id, "hide")["question"]
    assert hidden["actions"] == ["show"]
    assert moderate(host, webinar_id, question_id, "answering")["message"] == (
        "Dat kan nu niet bij deze vraag (verborgen)."
    )


def test_one_question_at_a_time_is_now_answering(app, webinar_id):
    asker, other, host = room(app, webinar_id)
    first = ask(asker, webinar_id, "Eerste vraag aan de spreker", token="first-0001")["question"]
    second = ask(asker, webinar_id, "Tweede vraag aan de spreker", token="second-001")["question"]
    moderate(host, webinar_id, first["id"], "answering")
    moderate(host, webinar_id, second["id"], "answering")
    latest = {}
    for q in received(other, "question"):
        latest[q["id"]] = q
    assert not latest[first["id"]]["answering"] and latest[second["id"]]["answering"]


def test_an_attendee_takes_a_vote_back_and_everyone_sees_the_count(app, webinar_id):
    asker, voter, host = room(app, webinar_id)
    question_id = ask(asker, webinar_id, "Wie doet de terugkoppeling?")["question"]["id"]
    given = emit(voter, "vote", webinar_id=webinar_id, question_id=question_id)
    assert given["ok"] and given["votes"] == 1 and given["voted"] is True
    # Voting again as undo, and the explicit unvote event, both take it back once.
    undone = emit(voter, "vote", webinar_id=webinar_id, question_id=question_id, voted=False)
    assert undone["votes"] == 0 and undone["voted"] is False
    assert emit(voter, "unvote", webinar_id=webinar_id, question_id=question_id)["votes"] == 0
    assert received(asker, "votes")[-1]["changes"][0]["votes"] == 0
    assert received(host, "votes")[-1]["changes"][0]["votes"] == 0
    assert (
        emit(voter, "vote", webinar_id=webinar_id, question_id=question_id, voted="ja")["ok"]
        is False
    )


def test_an_attendee_cannot_vote_on_their_own_question(app, webinar_id):
    asker, _other, _host = room(app, webinar_id)
    question_id = ask(asker, webinar_id, "Mag ik op mezelf stemmen?")["question"]["id"]
    reply = emit(asker, "vote", webinar_id=webinar_id, question_id=question_id)
    assert reply["ok"] is False
    assert reply["message"] == "Je kunt niet stemmen op je eigen vraag."
    with app.app_context():
        assert db.session.get(LiveQuestion, question_id).votes == 0


def test_joining_tells_an_attendee_their_votes_and_their_waiting_questions(app, webinar_id):
    asker, other, host = room(app, webinar_id)
    open_id = ask(other, webinar_id, "Een open vraag van Bram", token="bram-00001")["question"][
        "id"
    ]
    emit(asker, "vote", webinar_id=webinar_id, question_id=open_id)
    need_approval(app, webinar_id)
    waiting = ask(asker, webinar_id, "Wacht deze vraag op goedkeuring?", token="anna-00001")
    assert waiting["question"]["state_label"] == "wacht op goedkeuring"
    waiting_id = waiting["question"]["id"]

    # A reconnect (or a second tab) learns it all from the join reply.
    _, state = join(app, logged_in(app, "anna@verbind.example"), webinar_id)
    assert state["my_votes"] == [open_id]
    assert state["my_questions"] == [waiting_id] and state["my_pending"] == [waiting_id]
    [mine] = [q for q in state["questions"] if q["id"] == waiting_id]
    assert mine["state_label"] == "wacht op goedkeuring"
    _, bram_state = join(app, logged_in(app, "bram@verbind.example"), webinar_id)
    assert [q["id"] for q in bram_state["questions"]] == [open_id]
    assert bram_state["my_questions"] == [open_id] and bram_state["my_votes"] == []


def test_a_waiting_question_reaches_its_asker_and_moderators_only(app, webinar_id):
    need_approval(app, webinar_id)
    asker, other, host = room(app, webinar_id)
    asker.get_received(NAMESPACE)
    other.get_received(NAMESPACE)
    question_id = ask(asker, webinar_id, "Zien anderen deze al?")["question"]["id"]
    assert received(other, "question") == [] and received(other, "own_question") == []
    assert [q["id"] for q in received(host, "question")] == [question_id]
    # A moderator's edit of the waiting question reaches its asker, still marked as waiting.
    emit(host, "edit", webinar_id=webinar_id, question_id=question_id, text="Zien anderen dit al?")
    own = received(asker, "own_question")[-1]
    assert own["text"] == "Zien anderen dit al?" and own["state"] == "pending"
    assert own["webinar_id"] == webinar_id and "real_author" not in own
    assert received(other, "own_question") == [] and received(other, "question") == []


def test_a_moderator_edits_a_question_and_the_original_is_kept(app, webinar_id):
    need_approval(app, webinar_id)
    asker, other, host = room(app, webinar_id)
    typed = "Hoe pak ik dit aan met de moeder van Sanne de Vries?"
    question_id = ask(asker, webinar_id, typed, confirm_privacy=None)
    if question_id.get("error") == "privacy":
        question_id = ask(asker, webinar_id, typed, confirm_privacy=question_id["digest"])
    question_id = question_id["question"]["id"]

    edited = emit(
        host,
        "edit",
        webinar_id=webinar_id,
        question_id=question_id,
        text="Hoe pak ik dit aan met de moeder?",
    )
    assert edited["ok"]
    assert edited["question"]["text"] == "Hoe pak ik dit aan met de moeder?"
    assert edited["question"]["original_text"] == typed
    assert edited["question"]["edited_by"] == "Youssef El Amrani"
    moderate(host, webinar_id, question_id, "approve")
    [shown] = [q for q in received(other, "question") if q["id"] == question_id]
    assert shown["text"] == "Hoe pak ik dit aan met de moeder?" and "original_text" not in shown

    # The original stays in the moderators' export.
    rows = csv_rows(host_client(app, webinar_id).get(f"/webinars/{webinar_id}/questions.csv"))
    assert rows[0][6] == "Oorspronkelijke vraag (voordat een moderator die bewerkte)"
    assert rows[1][0] == "Hoe pak ik dit aan met de moeder?" and rows[1][6] == typed
    assert rows[1][7] == "Youssef El Amrani"
    # And on the moderators' page, not on the attendees'.
    assert typed in page_text(host_client(app, webinar_id).get(f"/webinars/{webinar_id}/live"))
    with app.app_context():
        assert db.session.scalar(select(LiveQuestion.original_text)) == typed


def test_an_edit_is_checked_like_a_question(app, webinar_id):
    asker, other, host = room(app, webinar_id)
    question_id = ask(asker, webinar_id, "Een vraag met een tikfoutt")["question"]["id"]
    too_long = emit(host, "edit", webinar_id=webinar_id, question_id=question_id, text="x" * 501)
    assert too_long["ok"] is False and "500" in too_long["message"]
    warned = emit(
        host,
        "edit",
        webinar_id=webinar_id,
        question_id=question_id,
        text="Een vraag over BSN 111222333",
    )
    assert warned["error"] == "privacy"
    assert (
        emit(
            other, "edit", webinar_id=webinar_id, question_id=question_id, text="Een andere tekst"
        )["ok"]
        is False
    )
    moderate(host, webinar_id, question_id, "answered")
    late = emit(host, "edit", webinar_id=webinar_id, question_id=question_id, text="Te laat nog")
    assert late["ok"] is False and "beantwoord" in late["message"]
    with app.app_context():
        question = db.session.get(LiveQuestion, question_id)
        assert question.text == "Een vraag met een tikfoutt" and question.original_text is None


def test_the_live_page_lists_answered_questions_apart(app, webinar_id):
    asker, _other, host = room(app, webinar_id)
    done = ask(asker, webinar_id, "Deze is al beantwoord", token="done-00001")["question"]["id"]
    now = ask(asker, webinar_id, "Deze is nu aan de beurt", token="now-000001")["question"]["id"]
    moderate(host, webinar_id, done, "answered")
    moderate(host, webinar_id, now, "answering")
    html = (
        logged_in(app, "bram@verbind.example")
        .get(f"/webinars/{webinar_id}/live")
        .get_data(as_text=True)
    )
    answered_part = html[html.index("data-answered-list") :]
    open_part = html[html.index("data-open-list") : html.index("data-answered-list")]
    assert "Deze is al beantwoord" in answered_part and "Deze is al beantwoord" not in open_part
    assert "Deze is nu aan de beurt" in open_part
    now_part = html[html.index("data-now-answering") : html.index("data-open-list")]
    assert "Nu aan de beurt" in now_part and "Deze is nu aan de beurt" in now_part


def test_the_presenter_view_shows_the_current_and_next_questions(app, webinar_id):
    need_approval(app, webinar_id)
    asker, other, host = room(app, webinar_id)
    texts = ["Over de meldcode", "Over het AMK", "Over de kindcheck", "Wacht nog even"]
    ids = [
        ask(host if n < 3 else asker, webinar_id, text, token=f"present-{n:03d}", anonymous=True)[
            "question"
        ]["id"]
        for n, text in enumerate(texts)
    ]
    emit(other, "vote", webinar_id=webinar_id, question_id=ids[2])
    moderate(host, webinar_id, ids[0], "answering")
    page = host_client(app, webinar_id).get(f"/webinars/{webinar_id}/presenter")
    assert page.status_code == 200
    text = " ".join(re.sub(r"<[^>]+>", " ", page_text(page)).split())
    assert "Nu aan de beurt Over de meldcode" in text
    assert text.index("1 stem Over de kindcheck") < text.index("0 stemmen Over het AMK")
    assert "Wacht nog even" not in text  # waiting for approval: not on the big screen
    assert "Youssef" not in text  # no names of askers
    # The presenter joins read-only as attendees see it: no pending questions, no real names.
    presenter = socketio.test_client(
        app, namespace=NAMESPACE, flask_test_client=host_client(app, webinar_id)
    )
    state = emit(presenter, "join", webinar_id=webinar_id, presenter=True)
    assert state["moderator"] is False
    assert sorted(q["id"] for q in state["questions"]) == sorted(ids[:3])
    assert all("real_author" not in q for q in state["questions"])
    # Only the host and moderators open it.
    assert (
        attendee(app, webinar_id, "dirk@verbind.example")
        .get(f"/webinars/{webinar_id}/presenter")
        .status_code
        == 403
    )
    assert emit(other, "join", webinar_id=webinar_id, presenter=True)["ok"] is False


def test_the_presenter_view_runs_a_fixed_number_of_queries(app, webinar_id):
    asker, _other, host = room(app, webinar_id)
    client = host_client(app, webinar_id)

    def queries():
        with counted_queries(app) as statements:
            assert client.get(f"/webinars/{webinar_id}/presenter").status_code == 200
        return len(statements)

    ask(asker, webinar_id, "Een eerste vraag", token="count-0000")
    few = queries()
    for n in range(1, 8):
        ask(host, webinar_id, f"Nog een vraag nummer {n}", token=f"count-{n:04d}")
    assert queries() == few
