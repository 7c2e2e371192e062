"""Live polls: the rules as plain functions (preparing, opening, answering once per person,
counting, the person's data), the host's pages over HTTP and the exports."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from community.accounts.erasure import erase_account
from community.accounts.models import User
from community.extensions import db
from community.webinars import polls, services
from community.webinars.models import Poll, PollAnswer, Webinar
from tests.helpers import csv_rows, log_in, make_user, page_text, post_form
from tests.webinars.conftest import new_webinar

CHOICE = {
    "kind": "single",
    "question": "Hoe vaak overleg je met Veilig Thuis?",
    "options": ["Nooit", "Soms", "Vaak"],
}


@pytest.fixture
def scene(app):
    """A webinar with places, its host and two registered attendees (ids)."""
    with app.app_context():
        webinar_id = new_webinar(capacity=10)
        webinar = db.session.get(Webinar, webinar_id)
        attendees = []
        for name in ("anna", "bram"):
            person = make_user(name=name.title(), email=f"{name}@verbind.example")
            services.register(person, webinar)
            attendees.append(person.id)
        return webinar_id, webinar.host_id, attendees


def _get(webinar_id, user_id):
    return db.session.get(Webinar, webinar_id), db.session.get(User, user_id)


def open_poll(webinar_id, host_id, **fields):
    webinar, host = _get(webinar_id, host_id)
    poll = polls.create_poll(host, webinar, **(fields or CHOICE))
    polls.control_poll(host, poll, webinar, "open")
    return poll


# --- services ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({**CHOICE, "question": "Hé"}, "question"),
        ({**CHOICE, "question": "x" * 301}, "question"),
        ({**CHOICE, "options": ["Alleen dit"]}, "options"),
        ({**CHOICE, "options": [f"Optie {n}" for n in range(11)]}, "options"),
        ({**CHOICE, "options": ["Soms", "soms "]}, "options"),
        ({**CHOICE, "options": ["Kort", "x" * 81]}, "options"),
        ({**CHOICE, "kind": "multiple", "max_choices": 4}, "max_choices"),
        ({"kind": "scale", "question": "Hoe nuttig?", "scale_min": 5, "scale_max": 5}, "scale_max"),
        (
            {"kind": "scale", "question": "Hoe nuttig?", "scale_min": 1, "scale_max": 11},
            "scale_max",
        ),
        ({"kind": "quiz", "question": "Wat?"}, "kind"),
    ],
)
def test_a_poll_with_wrong_fields_is_refused_on_its_field(fields, field):
    with pytest.raises(services.WebinarError) as error:
        polls.clean_poll(**fields)
    assert error.value.field == field


def test_an_answer_changed_while_open_stays_one_row_and_counts_once(app, scene):
    webinar_id, host_id, (anna_id, bram_id) = scene
    with app.app_context():
        poll = open_poll(webinar_id, host_id)
        webinar, anna = _get(webinar_id, anna_id)
        polls.answer_poll(anna, webinar_id, poll.id, [0])
        answer = polls.answer_poll(anna, webinar_id, poll.id, [2])
        polls.answer_poll(db.session.get(User, bram_id), webinar_id, poll.id, [2])
        assert answer == [2]
        assert db.session.scalar(select(func.count()).select_from(PollAnswer)) == 2
        results = polls.results_of([poll])[poll.id]
        assert results["counts"] == [0, 0, 2] and results["total"] == 2


def test_a_closed_poll_takes_no_answers_and_a_reopened_one_does(app, scene):
    webinar_id, host_id, (anna_id, _bram) = scene
    with app.app_context():
        poll = open_poll(webinar_id, host_id)
        webinar, host = _get(webinar_id, host_id)
        polls.control_poll(host, poll, webinar, "close")
        with pytest.raises(services.WebinarError):
            polls.answer_poll(db.session.get(User, anna_id), webinar_id, poll.id, [1])
        polls.control_poll(host, poll, webinar, "open")
        polls.answer_poll(db.session.get(User, anna_id), webinar_id, poll.id, [1])
        assert polls.results_of([poll])[poll.id]["counts"] == [0, 1, 0]


def test_opening_a_poll_closes_the_one_that_was_open(app, scene):
    webinar_id, host_id, _attendees = scene
    with app.app_context():
        first = open_poll(webinar_id, host_id)
        second = open_poll(webinar_id, host_id, kind="words", question="Eén woord voor vandaag?")
        assert (first.state, second.state) == ("closed", "open")


def test_answers_are_checked_against_the_poll(app, scene):
    webinar_id, host_id, (anna_id, _bram) = scene
    with app.app_context():
        webinar, anna = _get(webinar_id, anna_id)
        single = open_poll(webinar_id, host_id)
        for wrong in ([0, 1], [3], [], "1", [True], None):
            with pytest.raises(services.WebinarError):
                polls.answer_poll(anna, webinar_id, single.id, wrong)
        several = open_poll(webinar_id, host_id, **{**CHOICE, "kind": "multiple", "max_choices": 2})
        with pytest.raises(services.WebinarError):
            polls.answer_poll(anna, webinar_id, several.id, [0, 1, 2])
        assert polls.answer_poll(anna, webinar_id, several.id, [2, 0, 2]) == [0, 2]
        scale = open_poll(
            webinar_id, host_id, kind="scale", question="Hoe nuttig was dit?", scale_max=5
        )
        for wrong in (0, 6, 2.5, "3"):
            with pytest.raises(services.WebinarError):
                polls.answer_poll(anna, webinar_id, scale.id, wrong)
        assert polls.answer_poll(anna, webinar_id, scale.id, 4) == 4
        words = open_poll(webinar_id, host_id, kind="words", question="Eén woord?")
        for wrong in ("", "   ", "x" * 41, 5, "06-12345678", "Kerkstraat 12"):
            with pytest.raises(services.WebinarError):
                polls.answer_poll(anna, webinar_id, words.id, wrong)


def test_the_word_cloud_counts_words_however_they_were_typed(app, scene):
    webinar_id, host_id, (anna_id, bram_id) = scene
    with app.app_context():
        poll = open_poll(webinar_id, host_id, kind="words", question="Wat neem je mee?")
        webinar, anna = _get(webinar_id, anna_id)
        polls.answer_poll(anna, webinar_id, poll.id, "  Veilig   THUIS ")
        polls.answer_poll(db.session.get(User, bram_id), webinar_id, poll.id, "veilig thuis")
        assert polls.results_of([poll])[poll.id]["words"] == [["veilig thuis", 2]]


def test_an_outsider_cannot_answer(app, scene):
    webinar_id, host_id, _attendees = scene
    with app.app_context():
        poll = open_poll(webinar_id, host_id)
        outsider = make_user(email="buiten@verbind.example")
        with pytest.raises(services.WebinarError) as error:
            polls.answer_poll(outsider, webinar_id, poll.id, [0])
        assert error.value.status == 403


def test_the_own_export_lists_own_answers_and_erasure_keeps_only_the_count(app, scene):
    webinar_id, host_id, (anna_id, bram_id) = scene
    with app.app_context():
        poll = open_poll(webinar_id, host_id)
        webinar, anna = _get(webinar_id, anna_id)
        polls.answer_poll(anna, webinar_id, poll.id, [1])
        polls.answer_poll(db.session.get(User, bram_id), webinar_id, poll.id, [2])
        [mine] = services.personal_data(anna_id)["poll_answers"]
        assert mine["poll"] == CHOICE["question"] and mine["answer"] == ["Soms"]
        assert services.personal_data(host_id)["poll_answers"] == []

        erase_account(db.session.get(User, anna_id), cause="own_request")
        assert services.personal_data(anna_id)["poll_answers"] == []
        assert (
            db.session.scalar(
                select(func.count()).select_from(PollAnswer).where(PollAnswer.user_id == anna_id)
            )
            == 0
        )
        # Her answer still counts, tied to nobody.
        assert polls.results_of([poll])[poll.id]["counts"] == [0, 1, 1]


# --- the host's pages --------------------------------------------------------------------------


def host_client(app, scene):
    client = app.test_client()
    log_in(client, "host@verbind.example")
    return client


def test_the_host_prepares_a_poll_from_the_webinar_page(app, scene):
    webinar_id, _host_id, _attendees = scene
    client = host_client(app, scene)
    detail = page_text(client.get(f"/webinars/{webinar_id}"))
    assert f"/webinars/{webinar_id}/polls" in detail
    response = post_form(
        client,
        f"/webinars/{webinar_id}/polls",
        {
            "kind": "multiple",
            "question": "Wat herken je?",
            "options": "Angst\n\nStilte\nBlauwe plekken",
            "max_choices": "2",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        poll = db.session.scalar(select(Poll))
        assert poll.options == ["Angst", "Stilte", "Blauwe plekken"] and poll.max_choices == 2
    assert "Wat herken je?" in page_text(client.get(f"/webinars/{webinar_id}/polls"))


def test_a_wrong_poll_is_shown_again_with_the_message_and_what_was_typed(app, scene):
    webinar_id, _host_id, _attendees = scene
    client = host_client(app, scene)
    response = post_form(
        client,
        f"/webinars/{webinar_id}/polls",
        {"kind": "single", "question": "Wat kies je?", "options": "Ja\nja"},
    )
    assert response.status_code == 422
    html = page_text(response)
    assert "Wat kies je?" in html and "Ja\nja" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Poll)) == 0


def test_an_opened_poll_can_no_longer_be_edited(app, scene):
    webinar_id, host_id, _attendees = scene
    with app.app_context():
        poll_id = open_poll(webinar_id, host_id).id
    client = host_client(app, scene)
    response = client.get(f"/webinars/{webinar_id}/polls/{poll_id}/edit")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Poll, poll_id).question == CHOICE["question"]


def test_the_host_edits_and_deletes_a_prepared_poll(app, scene):
    webinar_id, host_id, _attendees = scene
    with app.app_context():
        webinar, host = _get(webinar_id, host_id)
        poll_id = polls.create_poll(host, webinar, **CHOICE).id
    client = host_client(app, scene)
    url = f"/webinars/{webinar_id}/polls/{poll_id}/edit"
    assert "Nooit\nSoms\nVaak" in page_text(client.get(url))
    response = post_form(
        client,
        url,
        {"kind": "scale", "question": "Hoe zeker ben je?", "scale_min": "1", "scale_max": "10"},
    )
    assert response.status_code == 302
    with app.app_context():
        poll = db.session.get(Poll, poll_id)
        assert (poll.kind, poll.scale_max, poll.options) == ("scale", 10, [])
    response = post_form(
        client,
        f"/webinars/{webinar_id}/polls/{poll_id}/delete",
        page=f"/webinars/{webinar_id}/polls",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Poll, poll_id) is None


def test_attendees_cannot_reach_the_poll_pages(app, scene):
    webinar_id, host_id, _attendees = scene
    with app.app_context():
        webinar, host = _get(webinar_id, host_id)
        poll_id = polls.create_poll(host, webinar, **CHOICE).id
    client = app.test_client()
    log_in(client, "anna@verbind.example")
    assert client.get(f"/webinars/{webinar_id}/polls").status_code == 403
    assert client.get(f"/webinars/{webinar_id}/polls/{poll_id}/edit").status_code == 403
    assert client.get(f"/webinars/{webinar_id}/polls.csv").status_code == 403
    delete = post_form(
        client, f"/webinars/{webinar_id}/polls/{poll_id}/delete", page=f"/webinars/{webinar_id}"
    )
    assert delete.status_code == 403
    assert f"/webinars/{webinar_id}/polls" not in page_text(client.get(f"/webinars/{webinar_id}"))


def test_poll_forms_need_the_csrf_token(app, scene):
    webinar_id, host_id, _attendees = scene
    with app.app_context():
        webinar, host = _get(webinar_id, host_id)
        poll_id = polls.create_poll(host, webinar, **CHOICE).id
    client = host_client(app, scene)
    response = client.post(f"/webinars/{webinar_id}/polls", data={**CHOICE, "options": "a\nb"})
    assert response.status_code in (400, 422)
    assert client.post(f"/webinars/{webinar_id}/polls/{poll_id}/delete").status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Poll)) == 1


def test_exports_hold_poll_results_as_counts_without_names(app, scene):
    webinar_id, host_id, (anna_id, bram_id) = scene
    with app.app_context():
        poll = open_poll(webinar_id, host_id)
        webinar, anna = _get(webinar_id, anna_id)
        polls.answer_poll(anna, webinar_id, poll.id, [1])
        polls.answer_poll(db.session.get(User, bram_id), webinar_id, poll.id, [1])
        webinar, host = _get(webinar_id, host_id)
        polls.create_poll(host, webinar, kind="words", question="Nog niet geopend?")
    client = host_client(app, scene)
    rows = csv_rows(client.get(f"/webinars/{webinar_id}/polls.csv"))
    # Poll, kind, answer, count, percentage (the kind's label is translated at merge).
    assert [[row[0], *row[2:]] for row in rows[1:]] == [
        [CHOICE["question"], "Nooit", "0", "0"],
        [CHOICE["question"], "Soms", "2", "100"],
        [CHOICE["question"], "Vaak", "0", "0"],
    ]
    markdown = page_text(client.get(f"/webinars/{webinar_id}/questions.md"))
    assert f"### {CHOICE['question']}" in markdown and "- Soms: 2" in markdown
    assert "Nog niet geopend?" not in markdown
    for text in (page_text(client.get(f"/webinars/{webinar_id}/polls.csv")), markdown):
        assert "Anna" not in text and "Bram" not in text


def test_the_live_room_has_the_poll_box_and_only_the_host_has_the_controls(app, scene):
    webinar_id, _host_id, _attendees = scene
    host_page = page_text(host_client(app, scene).get(f"/webinars/{webinar_id}/live"))
    assert 'id="live-poll"' in host_page and 'id="poll-host-panel"' in host_page
    client = app.test_client()
    log_in(client, "anna@verbind.example")
    page = page_text(client.get(f"/webinars/{webinar_id}/live"))
    assert 'id="live-poll"' in page and 'id="poll-host-panel"' not in page


def test_the_archive_shows_counts_of_polls_whose_results_were_shown(app, scene):
    webinar_id, host_id, (anna_id, _bram) = scene
    with app.app_context():
        shown = open_poll(webinar_id, host_id)
        webinar, anna = _get(webinar_id, anna_id)
        polls.answer_poll(anna, webinar_id, shown.id, [2])
        webinar, host = _get(webinar_id, host_id)
        polls.control_poll(host, shown, webinar, "show_results")
        open_poll(webinar_id, host_id, kind="words", question="Verborgen uitslag?")
        webinar = db.session.get(Webinar, webinar_id)
        webinar.starts_at -= timedelta(days=2)
        webinar.ends_at -= timedelta(days=2)
        db.session.commit()
    client = app.test_client()
    log_in(client, "bram@verbind.example")
    page = page_text(client.get(f"/webinars/{webinar_id}/live"))
    assert 'id="poll-archive"' in page and CHOICE["question"] in page
    assert 'data-count="1"' in page and "Anna" not in page.split('id="poll-archive"')[1]
    assert "Verborgen uitslag?" not in page
    assert "Verborgen uitslag?" in page_text(
        host_client(app, scene).get(f"/webinars/{webinar_id}/live")
    )
