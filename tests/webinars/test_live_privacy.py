"""The privacy guard in the live Q&A: questions and the host's replies are read as readers will
see them, and "I have checked" counts only with the digest of the findings the author was
shown (never a bare `true`, never a digest for other findings or another person)."""

import pytest
from sqlalchemy import select

from community.extensions import db
from community.webinars.models import LiveQuestion
from tests.helpers import log_in, page_text
from tests.webinars.test_live import (
    ask,
    ask_confirming_privacy,
    attendee,
    join,
    moderate,
    received,
)

BSN_QUESTION = "Het gaat om een kind met BSN 111222333, wat nu?"
# Identifiers a reader sees although a search of the typed characters misses them: a
# zero-width space inside a number, a non-breaking hyphen in a phone number, full-width digits.
HIDDEN_IDENTIFIERS = [
    ("Het kind met BSN 1112\u200b22333, wat nu?", "1112\u200b22333"),
    ("Bel de moeder op 06\u201112345678 terug?", "06\u201112345678"),
    ("Het kind met BSN \uff11\uff11\uff11\uff12\uff12\uff12\uff13\uff13\uff13?", None),
]


def host(app):
    client = app.test_client()
    log_in(client, "host@verbind.example")
    return client


def stored_questions(app):
    with app.app_context():
        return [
            (q.text, q.privacy_confirmed, q.reply)
            for q in db.session.scalars(select(LiveQuestion).order_by(LiveQuestion.id))
        ]


def test_confirming_privacy_without_a_warning_does_not_pass(app, webinar_id):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    for confirmation in (True, "y", "1", 1):
        reply = ask(socket, webinar_id, BSN_QUESTION, confirm_privacy=confirmation)
        assert reply["ok"] is False and reply["error"] == "privacy"
        assert reply["findings"] == [{"label": "Burgerservicenummer (BSN)", "text": "111222333"}]
        assert isinstance(reply["digest"], str) and len(reply["digest"]) == 64
    assert stored_questions(app) == []


def test_a_digest_for_other_findings_or_another_person_does_not_pass(app, webinar_id):
    anna, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    bram, _ = join(app, attendee(app, webinar_id, "bram@verbind.example"), webinar_id)
    digest = ask(anna, webinar_id, BSN_QUESTION)["digest"]
    # The text changed after the warning: another BSN is a new finding.
    other = ask(anna, webinar_id, "Het kind met BSN 123456782?", confirm_privacy=digest)
    assert other["error"] == "privacy" and other["digest"] != digest
    # One more finding than was shown.
    more = ask(anna, webinar_id, BSN_QUESTION + " Zus: 123456782.", confirm_privacy=digest)
    assert more["error"] == "privacy"
    # Bram cannot use the digest Anna was shown.
    assert ask(bram, webinar_id, BSN_QUESTION, confirm_privacy=digest)["error"] == "privacy"
    # Something that is not a digest at all is a warning too, never a server error.
    for wrong in ("é" * 64, digest.upper(), digest[:-1], "", ["a"], {"digest": digest}):
        assert ask(anna, webinar_id, BSN_QUESTION, confirm_privacy=wrong)["error"] == "privacy"
    assert stored_questions(app) == []


def test_a_question_confirmed_for_the_findings_shown_is_marked_for_moderators_only(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    bram = attendee(app, webinar_id, "bram@verbind.example")
    listener, _ = join(app, bram, webinar_id)
    moderator, _ = join(app, host(app), webinar_id)
    warning = ask(asker, webinar_id, BSN_QUESTION)
    reply = ask(asker, webinar_id, BSN_QUESTION, confirm_privacy=warning["digest"])
    assert reply["ok"], reply
    assert ask(asker, webinar_id, "Een vraag zonder gegevens?", token="token-0002")["ok"]
    assert stored_questions(app) == [
        (BSN_QUESTION, True, ""),
        ("Een vraag zonder gegevens?", False, ""),
    ]
    confirmed, plain = received(moderator, "question")
    assert confirmed["privacy_confirmed"] is True and plain["privacy_confirmed"] is False
    assert all("privacy_confirmed" not in q for q in received(listener, "question"))
    _, moderator_state = join(app, host(app), webinar_id)
    assert {q["text"]: q["privacy_confirmed"] for q in moderator_state["questions"]} == {
        BSN_QUESTION: True,
        "Een vraag zonder gegevens?": False,
    }
    _, attendee_state = join(app, bram, webinar_id)
    assert all("privacy_confirmed" not in q for q in attendee_state["questions"])


@pytest.mark.parametrize(("text", "finding"), HIDDEN_IDENTIFIERS)
def test_questions_are_read_as_readers_see_them(app, webinar_id, text, finding):
    socket, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    reply = ask(socket, webinar_id, text)
    assert reply["error"] == "privacy", reply
    [shown] = reply["findings"]
    assert shown["text"] == (finding or shown["text"]) and shown["text"] in text
    assert ask_confirming_privacy(socket, webinar_id, text)["ok"]
    assert stored_questions(app) == [(text, True, "")]


def test_a_hosts_reply_with_a_bsn_is_warned_and_passes_only_with_the_digest(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    moderator, _ = join(app, host(app), webinar_id)
    question_id = ask(asker, webinar_id, "Wat doe ik met het dossier?")["question"]["id"]
    received(asker, "question")
    reply_text = "Vraag het dossier op bij BSN 111222333."
    warning = moderate(moderator, webinar_id, question_id, "reply", reply=reply_text)
    assert warning["ok"] is False and warning["error"] == "privacy"
    assert warning["findings"] == [{"label": "Burgerservicenummer (BSN)", "text": "111222333"}]
    for wrong in (True, "y", ask(asker, webinar_id, BSN_QUESTION, token="token-0002")["digest"]):
        again = moderate(
            moderator, webinar_id, question_id, "reply", reply=reply_text, confirm_privacy=wrong
        )
        assert again["error"] == "privacy"
    assert received(asker, "question") == []
    assert stored_questions(app) == [("Wat doe ik met het dossier?", False, "")]
    passed = moderate(
        moderator,
        webinar_id,
        question_id,
        "reply",
        reply=reply_text,
        confirm_privacy=warning["digest"],
    )
    assert passed["ok"] and passed["question"]["reply"] == reply_text
    [broadcast] = received(asker, "question")
    assert broadcast["reply"] == reply_text


@pytest.mark.parametrize(("text", "finding"), HIDDEN_IDENTIFIERS)
def test_a_hosts_reply_is_read_as_readers_see_it(app, webinar_id, text, finding):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    moderator, _ = join(app, host(app), webinar_id)
    question_id = ask(asker, webinar_id, "Wat doe ik met het dossier?")["question"]["id"]
    warning = moderate(moderator, webinar_id, question_id, "reply", reply=text)
    assert warning["error"] == "privacy", warning
    [shown] = warning["findings"]
    assert shown["text"] == (finding or shown["text"]) and shown["text"] in text


def test_an_attendees_reply_is_refused_before_any_privacy_scan(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    question_id = ask(asker, webinar_id, "Mag een deelnemer antwoorden?")["question"]["id"]
    reply = moderate(asker, webinar_id, question_id, "reply", reply=BSN_QUESTION)
    assert reply["ok"] is False and reply["error"] == "refused"
    assert "findings" not in reply


def test_other_moderation_actions_are_not_scanned(app, webinar_id):
    asker, _ = join(app, attendee(app, webinar_id, "anna@verbind.example"), webinar_id)
    moderator, _ = join(app, host(app), webinar_id)
    question_id = ask_confirming_privacy(asker, webinar_id, BSN_QUESTION)["question"]["id"]
    # A stray reply field on another action is neither stored nor a reason for a warning.
    assert moderate(moderator, webinar_id, question_id, "answered", reply=BSN_QUESTION)["ok"]


def test_the_live_page_shows_moderators_who_confirmed(app, webinar_id):
    anna = attendee(app, webinar_id, "anna@verbind.example")
    asker, _ = join(app, anna, webinar_id)
    assert ask_confirming_privacy(asker, webinar_id, BSN_QUESTION)["ok"]
    url = f"/webinars/{webinar_id}/live"
    badge = "data-privacy-confirmed>Vrager bevestigde: niemand herkenbaar"
    assert badge in page_text(host(app).get(url))
    assert badge not in page_text(anna.get(url))
