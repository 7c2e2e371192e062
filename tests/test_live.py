"""The replies and payload readers every Socket.IO namespace shares (community/live.py)."""

import pytest

from community.live import (
    error_reply,
    id_from,
    invalid_payload,
    ok_reply,
    refused_reply,
    storable,
)
from community.security import MAX_ID
from community.webinars.services import WebinarError


def test_an_ok_reply_carries_its_fields():
    assert ok_reply() == {"ok": True}
    assert ok_reply(score=3, answer_count=0) == {"ok": True, "score": 3, "answer_count": 0}


def test_an_error_reply_has_a_code_for_the_client_and_a_message_for_the_user():
    assert error_reply("not_found", "This question does not exist.") == {
        "ok": False,
        "error": "not_found",
        "message": "This question does not exist.",
    }


def test_an_error_reply_can_carry_more_fields():
    reply = error_reply("privacy", "Could someone be recognised?", findings=[], digest="abc")
    assert reply == {
        "ok": False,
        "error": "privacy",
        "message": "Could someone be recognised?",
        "findings": [],
        "digest": "abc",
    }


def test_a_user_error_from_the_domain_is_refused_with_its_message():
    error = WebinarError("The Q&A of this webinar is closed.")
    assert refused_reply(error) == {
        "ok": False,
        "error": "refused",
        "message": "The Q&A of this webinar is closed.",
    }


def test_an_invalid_payload_asks_for_a_reload_in_the_users_language(app):
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        reply = invalid_payload()
    assert reply == {
        "ok": False,
        "error": "invalid",
        "message": "Laad de pagina opnieuw en probeer het nog eens.",
    }


@pytest.mark.parametrize("value", [1, 42, MAX_ID])
def test_a_whole_number_a_database_holds_is_an_id(value):
    assert id_from({"question_id": value}, "question_id") == value


@pytest.mark.parametrize(
    "value",
    [
        "5",
        "abc",
        "",
        5.0,
        1.5,
        float("nan"),
        True,
        False,
        0,
        -1,
        -(2**40),
        MAX_ID + 1,
        10**30,
        None,
        [1],
        {"id": 1},
    ],
)
def test_anything_else_is_no_id(value):
    assert id_from({"question_id": value}, "question_id") is None


def test_a_missing_key_is_no_id():
    assert id_from({"webinar_id": 3}, "question_id") is None
    assert id_from({}, "question_id") is None


@pytest.mark.parametrize("payload", [None, [], [3], "3", 3])
def test_a_payload_that_is_no_object_has_no_id(payload):
    assert id_from(payload, "question_id") is None


@pytest.mark.parametrize("value", ["Een vraag", "", "café ☕", None, 5, True, [1]])
def test_text_a_column_takes_and_other_types_pass(value):
    assert storable(value)


@pytest.mark.parametrize("value", ["a\x00b", "\ud800", "half \udfff"])
def test_text_no_database_column_takes_is_not_storable(value):
    assert not storable(value)
