"""Every POST route of the URL map, fuzzed: random, very long and control-character text, NUL
bytes, invalid UTF-8, numbers, lists, dicts, missing and extra fields, always with a valid CSRF
token and as a user allowed to use the form. Never a 500; a refusal says why, in Dutch; and
reasonable text the user typed is still in the form shown again."""

import io
import json
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tests.helpers import page_text
from tests.security.fuzz.conftest import is_dutch_message, new_attempt, page_messages

MISSING = object()

EVENT_FIELDS = {
    "title": "Voorlichting over signalen",
    "description": "Een avond over signalen van kindermishandeling.",
    "starts": "2031-11-18T19:00",
    "ends": "2031-11-18T21:00",
    "online_url": "",
    "venue": "Bibliotheek",
    "address": "Stationsplein 1",
    "gemeente": "Utrecht",
    "audience": "everyone",
    "organisation": "Gemeente Utrecht",
    "capacity": "40",
    "contact": "info@verbind.example",
    "registration_mode": "none",
    "external_url": "",
}
EVENT_ECHO = ("title", "description", "venue", "address", "organisation", "contact")
WEBINAR_FIELDS = {
    "title": "Webinar over de Kindcheck",
    "description": "Wat vraag je een volwassen cliënt over kinderen?",
    "speakers": "Anna de Vries",
    "starts_at": "2031-05-01T10:00",
    "ends_at": "2031-05-01T11:00",
    "capacity": "50",
    "stream_url": "",
    "recording_url": "",
    "related_course": "0",
    "related_category": "0",
}
WEBINAR_ECHO = ("title", "description", "speakers")
PASSWORDS = {
    "password": "een-lange-zin-als-wachtwoord",
    "password_repeat": "een-lange-zin-als-wachtwoord",
}


def form_specs(ids):
    """endpoint -> (who, url, valid fields, fields whose typed text must come back)."""
    q, a = ids["question"], ids["answer"]
    return {
        "accounts.resend_confirmation": ("anonymous", "/account/confirm",
                                         {"email": "iemand@verbind.example"}, ("email",)),
        "accounts.login": ("anonymous", "/account/login",
                           {"email": "iemand@verbind.example", "password": "x" * 12,
                            "remember": "y"}, ("email",)),
        "accounts.logout": ("logout", "/account/logout", {}, ()),
        "accounts.change_password": ("password", "/account/password",
                                     {"current_password": "niet-het-wachtwoord", **PASSWORDS}, ()),
        # A wrong password: the account stays (deleting it is tested in tests/accounts).
        "accounts.delete_account": ("password", "/account/delete",
                                    {"password": "niet-het-wachtwoord"}, ()),
        "accounts.profile": ("profile", "/account/profile",
                             {"name": "Eigen Profiel", "organisation": "Wijkteam Zwolle",
                              "function": "wijkteam", "gemeente": "Zwolle",
                              "handle": "eigen_profiel", "locale": "nl",
                              "notify_email": "digest"},
                             ("name", "organisation", "gemeente")),
        "accounts.register": ("anonymous", "/account/register",
                              {"name": "Nieuwe Collega", "email": "nieuw@verbind.example",
                               **PASSWORDS, "organisation": "GGD", "function": "jgz",
                               "gemeente": "Utrecht", "request_verification": "y"},
                              ("name", "email", "organisation", "gemeente")),
        "accounts.request_reset": ("anonymous", "/account/reset",
                                   {"email": "iemand@verbind.example"}, ("email",)),
        "accounts.reset_password": ("anonymous", f"/account/reset/{ids['reset_token']}",
                                    dict(PASSWORDS), ()),
        "accounts.request_verification": ("member", "/account/verification", {}, ()),
        "accounts.request_export": ("member", "/account/export", {}, ()),
        "accounts.confirm_email": ("anonymous", f"/account/confirm/{ids['confirm_token']}",
                                   {}, ()),
        "admin.set_active": ("admin", f"/admin/users/{ids['target']}/active", {"active": "1"}, ()),
        "admin.erase_account": ("admin", f"/admin/users/{ids['erasable']}/erase",
                                {"reason": "Verzoek per e-mail."}, ("reason",)),
        "admin.decline": ("moderator", f"/admin/users/{ids['target']}/decline",
                          {"note": "Vul je organisatie aan, dan kijken we opnieuw."}, ("note",)),
        "admin.set_roles": ("admin", f"/admin/users/{ids['target']}/roles",
                            {"roles": "professional"}, ()),
        "admin.retry_mail": ("admin", f"/admin/mail/{ids['mail']}/retry", {"back": "failed"}, ()),
        "admin.verify": ("moderator", f"/admin/users/{ids['target']}/verify",
                         {"back": "pending"}, ()),
        "courses.enrol": ("professional", f"/courses/{ids['course']}/enrol", {}, ()),
        "courses.claim_certificate": ("professional", f"/courses/{ids['course']}/certificate",
                                      {}, ()),
        "courses.lesson_done": ("professional",
                                f"/courses/{ids['course']}/lessons/{ids['lesson']}/done",
                                {"last": "1"}, ()),
        "courses.start_attempt": ("professional",
                                  f"/courses/{ids['course']}/quizzes/{ids['quiz']}/attempts",
                                  {}, ()),
        "courses.extra_attempts": ("moderator",
                                   f"/courses/{ids['course']}/quizzes/{ids['quiz']}/extra-attempts",
                                   {"email": ids["professional_email"], "count": "1",
                                    "note": "Lees de les over vastleggen nog eens."},
                                   ("email", "note")),
        # The URL and fields of an attempt are made per example (see attempt_form).
        "courses.attempt": ("professional", None, {}, ()),
        "forum.accept": ("professional", f"/forum/answers/{a}/accept", {}, ()),
        "forum.ask": ("professional", "/forum/ask",
                      {"category": str(ids["category"]),
                       "title": "Hoe spreek ik een collega aan op zorgen?",
                       "body": "Ik twijfel hoe ik mijn zorgen over een gezin bespreek.",
                       "tags": "gesprek, collega"},
                      ("title", "body", "tags")),
        "forum.preview": ("professional", "/forum/preview",
                          {"title": "Hoe spreek ik ouders aan?",
                           "body": "Vraag de ouders **wat zij zien**.", "tags": "ouders"}, ()),
        "forum_moderation.danger_phrases": ("moderator", "/forum/moderation/danger-phrases",
                                            {"phrase": "nieuwe zin"}, ("phrase",)),
        "forum_moderation.delete_danger_phrase": (
            "moderator", f"/forum/moderation/danger-phrases/{ids['phrase']}/delete", {}, ()),
        "forum_moderation.dismiss": ("moderator",
                                     f"/forum/moderation/posts/{ids['moderated']}/dismiss",
                                     {"next": "queue"}, ()),
        "forum_moderation.hide": ("moderator", f"/forum/moderation/posts/{ids['moderated']}/hide",
                                  {"reason": "Bevat een naam.", "next": "queue"}, ()),
        "forum_moderation.restore": ("moderator",
                                     f"/forum/moderation/posts/{ids['moderated']}/restore",
                                     {"next": "queue"}, ()),
        "forum_moderation.lock": (
            "moderator", f"/forum/moderation/questions/{ids['moderated_question']}/lock",
            {"locked": "1"}, ()),
        "forum_moderation.move": (
            "moderator", f"/forum/moderation/questions/{ids['moderated_question']}/move",
            {"category": str(ids["category"])}, ()),
        "forum_moderation.pin": (
            "moderator", f"/forum/moderation/questions/{ids['moderated_question']}/pin",
            {"pinned": "1"}, ()),
        "forum.read_all_notifications": ("professional", "/forum/notifications/read", {}, ()),
        "forum.comment": ("professional", f"/forum/posts/{a}/comment",
                          {"comment-body": "Goed punt, dank je."}, ("comment-body",)),
        "forum.delete": ("professional", f"/forum/posts/{ids['deletable']}/delete", {}, ()),
        "forum.edit": ("professional", f"/forum/posts/{q}/edit",
                       {"title": "Hoe bereid ik een gesprek met ouders voor?",
                        "body": "Ik wil het gesprek met de ouders goed voorbereiden, tips?",
                        "tags": "ouders", "note": "Verduidelijkt"},
                       ("title", "body", "tags", "note")),
        "forum.flag": ("member", f"/forum/posts/{a}/flag",
                       {"reason": "spam", "note": "Lijkt reclame."}, ("note",)),
        "forum.vote": ("professional", f"/forum/posts/{a}/vote", {"value": "1"}, ()),
        "forum.answer": ("professional", f"/forum/q/{q}/answer",
                         {"body": "Vraag de ouders wat zij zelf zien gebeuren."}, ("body",)),
        "forum.watch": ("member", f"/forum/q/{q}/watch", {"watch": "1"}, ()),
        "main.set_language": ("anonymous", "/language", {"locale": "nl", "next": "/help"}, ()),
        "webinars.cancel": ("member", f"/webinars/{ids['webinar']}/cancel", {}, ()),
        "webinars.edit": ("admin", f"/webinars/{ids['webinar']}/edit", dict(WEBINAR_FIELDS),
                          WEBINAR_ECHO),
        "webinars.questions_to_forum": ("admin", f"/webinars/{ids['webinar']}/questions/to-forum",
                                        {}, ()),
        "webinars.register": ("member", f"/webinars/{ids['webinar']}/register", {}, ()),
        # The seeded webinar is still to come: refused with a message, redirected.
        "webinars.send_follow_up": ("admin", f"/webinars/{ids['webinar']}/follow-up", {}, ()),
        "webinars.polls_page": ("admin", f"/webinars/{ids['webinar']}/polls",
                                {"kind": "single", "question": "Wat doe je bij twijfel?",
                                 "options": "Overleggen\nAfwachten"}, ("question", "options")),
        # The seeded poll is open: it can be neither edited nor deleted (a message says so).
        "webinars.edit_poll": ("admin", f"/webinars/{ids['webinar']}/polls/{ids['poll']}/edit",
                               {"kind": "single", "question": "Wat doe je bij twijfel?",
                                "options": "Overleggen\nAfwachten"}, ()),
        "webinars.delete_poll": ("admin",
                                 f"/webinars/{ids['webinar']}/polls/{ids['poll']}/delete", {}, ()),
        "webinars.move_poll": ("admin", f"/webinars/{ids['webinar']}/polls/{ids['poll']}/move",
                               {"direction": "down"}, ()),
        "webinars.create": ("organiser", "/webinars/new", dict(WEBINAR_FIELDS), WEBINAR_ECHO),
        "events.editions": ("admin", "/week/editions",
                            {"year": "2031", "theme": "Samen sterk", "starts_on": "2031-11-17",
                             "ends_on": "2031-11-23"}, ("theme",)),
        "events.cancel": ("member", f"/week/events/{ids['public_event']}/cancel", {}, ()),
        # An unpublished event, so the shared scene keeps its published one: refused, redirected.
        "events.cancel_event": ("moderator", f"/week/events/{ids['pending_event']}/cancel-event",
                                {"reason": "De spreker is ziek."}, ()),
        "events.edit": ("organiser", f"/week/events/{ids['event']}/edit", dict(EVENT_FIELDS),
                        EVENT_ECHO),
        "events.register": ("member", f"/week/events/{ids['public_event']}/register", {}, ()),
        "events.review": ("moderator", f"/week/events/{ids['event']}/review",
                          {"decision": "approve", "note": "Prima."}, ()),
        "events.review_change": ("moderator", f"/week/events/{ids['event']}/change/review",
                                 {"decision": "approve", "note": "Prima."}, ()),
        "events.submit": ("organiser", "/week/events/new", dict(EVENT_FIELDS), EVENT_ECHO),
    }  # fmt: skip


class _AnyIds(dict):
    def __missing__(self, key):
        return 1


ENDPOINTS = sorted(form_specs(_AnyIds()))

# --- values ------------------------------------------------------------------------------------

_WORD = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "S"), exclude_characters="\x7f"),
    min_size=1,
    max_size=12,
)
# Text a person could type: words with single spaces (what the form should give back).
reasonable_text = st.lists(_WORD, min_size=1, max_size=6).map(" ".join)

nasty_text = st.one_of(
    st.text(max_size=300),  # any code point but surrogates, control characters included
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=20),
    reasonable_text.map(lambda text: f"{text}\x00{text}"),
    st.sampled_from(["x" * 100_000, "é" * 100_000, "\u202e" * 1000, " " * 5000, "\r\n" * 500]),
    st.binary(min_size=1, max_size=40),  # invalid UTF-8, and surrogates encoded as bytes
    st.just(b"\xed\xa0\x80lone surrogate"),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(["", "0", "-1", "true", "null", "[]", "{}", "NaN", "1e309", "²", "٣"]),
)

# A field's fuzzed value: text, several values (a list), a dict (field[key]=...), or absent.
field_value = st.one_of(
    reasonable_text,
    nasty_text,
    st.lists(nasty_text, min_size=2, max_size=3),
    st.dictionaries(_WORD, nasty_text, min_size=1, max_size=2),
    st.just(MISSING),
)


def form_pairs(fields):
    pairs = []
    for name, value in fields.items():
        if value is MISSING:
            continue
        if isinstance(value, list):
            pairs += [(name, item) for item in value]
        elif isinstance(value, dict):
            pairs += [(f"{name}[{key}]", item) for key, item in value.items()]
        else:
            pairs.append((name, value))
    return pairs


@st.composite
def fuzzed_fields(draw, valid):
    """The valid fields with some replaced by fuzz, and now and then some extra ones."""
    fields = dict(valid)
    names = list(fields)
    if names:
        for name in draw(st.lists(st.sampled_from(names), min_size=1, unique=True)):
            fields[name] = draw(field_value)
    extra = draw(st.dictionaries(_WORD.map(lambda w: "x" + w), nasty_text, max_size=2))
    fields.update(extra)
    return fields


def attempt_form(app, ids):
    """A fresh open attempt and valid-looking answers for it, plus the other answer shapes."""
    attempt_id, layout = new_attempt(app, ids["professional"], ids["quiz"])
    fields = {}
    for question_id, options in layout:
        name = f"q{question_id}"
        fields[name] = options[0] if options else "1"
        fields[f"{name}[]"] = MISSING
        fields[f"{name}-order"] = MISSING
        for position, key in enumerate(options, start=1):
            fields[f"{name}-{key}"] = MISSING if position > 1 else str(position)
    return f"/courses/attempts/{attempt_id}", fields


# --- the property ------------------------------------------------------------------------------


def assert_dutch_messages(page, *, required, error_page=False):
    messages = page_messages(page, error_page=error_page)
    if required:
        assert messages, "a refusal without a message"
    if '<html lang="nl"' in page:
        for message in messages:
            assert is_dutch_message(message), f"not a Dutch message: {message!r}"


def assert_typed_text_kept(page, sent, echo_fields):
    for name in echo_fields:
        value = sent.get(name)
        if isinstance(value, str) and value and value == value.strip():
            assert f'name="{name}"' in page, f"the form with {name} is not shown again"
            assert str(escape(value)) in page, f"typed {name} lost: {value!r}"


def check(client, response, sent, echo_fields, *, may_switch_language):
    status = response.status_code
    page = page_text(response)
    assert status < 500, page
    if not may_switch_language:
        assert '<html lang="en"' not in page
    if 300 <= status < 400:
        target = urlsplit(response.headers["Location"])
        assert not target.netloc or target.netloc == "localhost", "redirected off site"
        follow = client.get(target.path, query_string=target.query)
        assert follow.status_code < 500
        assert_dutch_messages(page_text(follow), required=False)
        return
    # A 200 is a success page or a form shown again with its errors.
    refused = status >= 400 or 'class="errors"' in page
    assert_dutch_messages(page, required=refused, error_page=status >= 400)
    if refused and status in (200, 409, 422) and '<html lang="nl"' in page:
        assert_typed_text_kept(page, sent, echo_fields)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_fuzzed_form_never_fails_and_explains_in_dutch(fuzz_app, scene, visitors, endpoint, data):
    who, url, valid, echo_fields = form_specs(scene)[endpoint]
    if url is None:
        url, valid = attempt_form(fuzz_app, scene)
    visitor = visitors[who]
    with visitor.client.session_transaction() as session:
        session["locale"] = "nl"
    sent = data.draw(fuzzed_fields(valid))
    body = urlencode([("csrf_token", visitor.token), *form_pairs(sent)])
    response = visitor.client.post(url, data=body, content_type="application/x-www-form-urlencoded")
    check(
        visitor.client,
        response,
        sent,
        echo_fields,
        may_switch_language=endpoint in ("main.set_language", "accounts.profile"),
    )


def test_every_post_route_is_fuzzed(fuzz_app):
    posting = {rule.endpoint for rule in fuzz_app.url_map.iter_rules() if "POST" in rule.methods}
    assert posting == set(ENDPOINTS)


def test_text_no_database_can_store_is_refused(fuzz_app, visitors):
    client = visitors["professional"]
    response = client.client.post(
        "/forum/ask",
        data={"csrf_token": client.token, "title": "Een titel\x00", "body": "x" * 30},
    )
    assert response.status_code == 400
    assert "Er klopte iets niet in het verzoek" in page_text(response)
    assert client.client.get("/forum/search", query_string={"q": "a\x00"}).status_code == 400


@pytest.mark.parametrize(
    "path", ["/forum/q/{}", "/webinars/{}", "/week/events/{}", "/admin/users/{}"]
)
def test_ids_too_large_for_the_database_are_not_found(visitors, path):
    response = visitors["admin"].client.get(path.format(2**70))
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page_text(response)


# --- a file or a JSON body where the form expects text -----------------------------------------


def form_cases(scene):
    """(endpoint, field): every field of every form; None for forms without fields."""
    cases = []
    for endpoint in ENDPOINTS:
        _, _, valid, _ = form_specs(scene)[endpoint]
        cases += [(endpoint, name) for name in valid] or [(endpoint, None)]
    return cases


FILE_CASES = form_cases(_AnyIds()) + [("courses.attempt", "answers")]


@pytest.mark.parametrize(("endpoint", "field"), FILE_CASES)
def test_a_file_in_a_text_field_is_refused_on_the_form(fuzz_app, scene, visitors, endpoint, field):
    who, url, valid, echo_fields = form_specs(scene)[endpoint]
    if url is None:
        url, valid = attempt_form(fuzz_app, scene)
        valid = {name: value for name, value in valid.items() if value is not MISSING}
        field = next(iter(valid))
    visitor = visitors[who]
    sent = {name: value for name, value in valid.items() if name != field}
    data = {"csrf_token": visitor.token, **sent}
    data[field or "attachment"] = (io.BytesIO(b"Tekst in een bestand"), "vraag.txt")
    response = visitor.client.post(url, data=data, content_type="multipart/form-data")
    check(visitor.client, response, sent, echo_fields, may_switch_language=True)
    page = page_text(response)
    if field in valid and response.status_code == 422 and f'name="{field}"' in page:
        assert "dit veld neemt geen bestand aan" in page


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_json_body_is_not_read_as_the_form(fuzz_app, scene, visitors, endpoint):
    who, url, valid, _ = form_specs(scene)[endpoint]
    if url is None:
        url, valid = attempt_form(fuzz_app, scene)
    visitor = visitors[who]
    wrong = {name: 12345 for name in valid}
    for body in (wrong, {**wrong, "csrf_token": visitor.token}, [1, 2], "tekst", 5, None):
        response = visitor.client.post(
            url, data=json.dumps(body), headers={"X-CSRFToken": visitor.token},
            content_type="application/json",
        )  # fmt: skip
        check(visitor.client, response, {}, (), may_switch_language=True)
