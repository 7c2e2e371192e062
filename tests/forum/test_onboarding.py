"""Getting started in the forum: members who may not post yet learn why and how to get
verified; authors see a preview and privacy hints before posting; askers see similar
questions from their title."""

import re

import pytest

from community.accounts.models import User, Verification
from community.clock import amsterdam_today, utcnow
from community.extensions import db
from community.forum import moderation, services
from community.forum.models import Post, Question
from tests.forum.test_questions import category_id
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import csrf_token_from, make_user, page_text, post_form

BSN = "111222333"  # passes the 11-proof


def set_verification(app, user_id, state, note=""):
    with app.app_context():
        user = db.session.get(User, user_id)
        user.verification = state
        user.verification_requested_at = utcnow()
        user.verification_note = note
        db.session.commit()


def preview(client, data, *, page="/forum/ask"):
    token = csrf_token_from(page_text(client.get(page)))
    return client.post("/forum/preview", data={"csrf_token": token, **data})


# --- members who may not post yet --------------------------------------------------------------


def test_member_who_asks_learns_why_and_how_to_get_verified(person):
    member, _ = person("member")
    forum_page = page_text(member.get("/forum/"))
    assert 'href="/forum/ask"' in forum_page, "the button is there for members too"

    response = member.get("/forum/ask")
    html = page_text(response)
    assert response.status_code == 403
    assert "Alleen geverifieerde professionals kunnen vragen stellen" in html
    assert "Een moderator controleert de organisatie en het werkveld in je profiel" in html
    assert "Een controle duurt meestal 2 werkdagen" in html
    assert 'action="/account/verification"' in html
    assert "Vraag verificatie aan" in html


def test_member_asks_to_be_verified_from_the_forum_and_sees_the_request_waiting(app, person):
    member, user_id = person("member")
    response = post_form(member, "/account/verification", page="/forum/ask")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/verification")
    with app.app_context():
        assert db.session.get(User, user_id).verification == Verification.PENDING

    html = page_text(member.get("/forum/ask"))
    today_in_amsterdam = str(amsterdam_today().day)  # after 23:00 UTC it is tomorrow there
    assert "Je aanvraag wacht sinds" in html and today_in_amsterdam in html
    assert 'action="/account/verification"' not in html, "no second request while one waits"


def test_a_declined_member_sees_the_reason_and_may_ask_again(app, person):
    member, user_id = person("member")
    set_verification(app, user_id, Verification.DECLINED, "Vul je organisatie aan.")
    html = page_text(member.get("/forum/ask"))
    assert "Je vorige aanvraag is afgewezen." in html
    assert "Vul je organisatie aan." in html
    assert 'action="/account/verification"' in html


def test_verification_page_says_how_long_a_check_usually_takes(app, client, login_as):
    app.config["VERIFICATION_USUAL_DAYS"] = 1
    login_as("member")
    html = page_text(client.get("/account/verification"))
    assert "Geverifieerd professional worden" in html
    assert "Een controle duurt meestal 1 werkdag." in html


def test_anonymous_visitors_who_ask_are_sent_to_log_in(client):
    response = client.get("/forum/ask")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_a_member_cannot_post_a_question_by_sending_the_form_anyway(app, person):
    member, _ = person("member")
    token = csrf_token_from(page_text(member.get("/forum/")))
    response = member.post(
        "/forum/ask",
        data={"csrf_token": token, "category": str(category_id(app)), "title": "x" * 20},
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 0


# --- the preview endpoint ----------------------------------------------------------------------


def test_preview_renders_markdown_and_shows_privacy_hints(person):
    author, _ = person()
    response = preview(
        author,
        {"title": "Een vraag", "body": f"**Vet** en een lijst:\n\n- een\n- twee\n\nBSN {BSN}"},
    )
    html = page_text(response)
    assert response.status_code == 200
    assert "<strong>Vet</strong>" in html and "<li>een</li>" in html
    assert "Privacycheck" in html and f"<mark>{BSN}</mark>" in html


def test_preview_of_ordinary_text_has_no_privacy_hint(person):
    author, _ = person()
    html = page_text(preview(author, {"body": "Hoe begin ik een gesprek over zorgen met ouders?"}))
    assert "Privacycheck" not in html
    assert "Hoe begin ik een gesprek" in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        "[klik](javascript:alert(1))",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)" onclick="alert(1)">a</a>',
        "```js onload=alert(1)\ncode\n```",
        '<svg onload="alert(1)"></svg>',
    ],
)
def test_preview_html_is_sanitised(person, payload):
    author, _ = person()
    html = page_text(preview(author, {"body": f"Tekst met {payload} erin."}))
    assert "<script" not in html
    assert "javascript:" not in html
    assert not re.search(r"<[^>]+\son\w+=", html), html
    assert "<img" not in html and "<svg" not in html


def test_preview_refuses_text_longer_than_any_post_without_rendering_it(person):
    author, _ = person()
    response = preview(author, {"body": "a" * 20_001})
    assert response.status_code == 422
    assert "te lang voor een voorbeeld" in page_text(response)


def test_preview_needs_a_csrf_token(person):
    author, _ = person()
    response = author.post("/forum/preview", data={"body": "**vet**"})
    assert response.status_code == 400
    assert "<strong>vet</strong>" not in page_text(response)


def test_preview_is_for_those_who_may_post(client, person):
    member, _ = person("member")
    token = csrf_token_from(page_text(member.get("/forum/")))
    assert member.post("/forum/preview", data={"csrf_token": token, "body": "x"}).status_code == 403
    response = client.post("/forum/preview", data={"body": "x"})
    assert response.status_code in (302, 400)


def test_preview_is_rate_limited_per_member(app, person):
    app.config["FORUM_PREVIEW_RATE_LIMIT"] = "3 per minute"
    author, _ = person()
    token = csrf_token_from(page_text(author.get("/forum/ask")))
    statuses = [
        author.post("/forum/preview", data={"csrf_token": token, "body": "tekst"}).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    other, _ = person()
    assert preview(other, {"body": "tekst"}).status_code == 200, "another member's own budget"


# --- the forms' Preview button, without JavaScript ---------------------------------------------


def test_preview_button_on_the_ask_form_shows_the_text_keeps_it_and_stores_nothing(
    app, person, forum
):
    author, author_id = person()
    forum.ask(author_id, title="Blauwe plekken bij een peuter bespreken")
    data = {
        "category": str(category_id(app)),
        "title": "Wat doe ik met blauwe plekken op de arm?",
        "body": f"Een *peuter* heeft blauwe plekken. BSN {BSN}",
        "tags": "peuter",
        "preview": "1",
    }
    response = post_form(author, "/forum/ask", data)
    html = page_text(response)
    assert response.status_code == 200
    assert "<em>peuter</em>" in html, "the rendered preview"
    assert "Een *peuter* heeft blauwe plekken." in html, "the typed text is kept"
    assert "Privacycheck" in html
    assert "Vergelijkbare vragen" in html
    assert "Blauwe plekken bij een peuter bespreken" in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 1


def test_preview_button_on_the_answer_form(app, person, forum):
    _, asker_id = person()
    question_id = forum.ask(asker_id)
    helper, _ = person()
    thread = f"/forum/q/{question_id}"
    body = "Begin met **wat je ziet** en vraag hoe het thuis gaat."
    response = post_form(helper, f"{thread}/answer", {"body": body, "preview": "1"}, page=thread)
    html = page_text(response)
    assert response.status_code == 200
    assert "<strong>wat je ziet</strong>" in html
    assert "Begin met **wat je ziet**" in html
    with app.app_context():
        assert forum.post(question_id).answer_count == 0


def test_preview_button_on_the_edit_form(app, person, forum):
    author, author_id = person()
    question_id = forum.ask(author_id)
    url = f"/forum/posts/{question_id}/edit"
    data = {
        "title": "Hoe bereid ik een gesprek met ouders voor?",
        "body": "Nieuwe tekst met een [link](https://voorbeeld.nl).",
        "tags": "",
        "note": "",
        "preview": "1",
    }
    html = page_text(post_form(author, url, data))
    assert '<a href="https://voorbeeld.nl" rel="nofollow noopener">link</a>' in html
    with app.app_context():
        assert "Nieuwe tekst" not in forum.post(question_id).body


# --- similar questions -------------------------------------------------------------------------


def test_similar_questions_come_from_the_title(person, forum):
    author, author_id = person()
    forum.ask(author_id, title="Blauwe plekken op de bovenarm van een peuter")
    forum.ask(author_id, title="Hoe meld ik een vermoeden bij Veilig Thuis?")
    html = page_text(author.get("/forum/similar", query_string={"title": "peuter met plekken"}))
    assert "Vergelijkbare vragen" in html
    assert "Blauwe plekken op de bovenarm van een peuter" in html
    assert "Veilig Thuis" not in html
    empty = author.get("/forum/similar", query_string={"title": "hoe en wat"})
    assert page_text(empty).strip() == "", "words that say nothing find nothing"


def test_similar_questions_show_at_most_five_visible_questions_without_authors(app, person, forum):
    author, author_id = person(name="Sanne de Boer")
    ids = [forum.ask(author_id, title=f"Zorgen over slapen bij baby nummer {n}") for n in range(7)]
    anonymous_id = forum.ask(author_id, title="Zorgen over slapen, anoniem", anonymous=True)
    with app.app_context():
        mod = make_user(name="Mo de Rator", email="mod@verbind.example", roles=("moderator",))
        moderation.hide_post(mod, db.session.get(Post, ids[0]), "naam genoemd")
        services.delete_post(db.session.get(User, author_id), db.session.get(Post, ids[1]))
        db.session.commit()
    html = page_text(author.get("/forum/similar", query_string={"title": "slapen baby"}))
    links = re.findall(r'href="/forum/q/(\d+)"', html)
    assert 0 < len(links) <= 5
    assert str(ids[0]) not in links and str(ids[1]) not in links
    assert "Sanne de Boer" not in html
    assert anonymous_id  # its title may show; its author never does


def test_similar_questions_escape_titles(person, forum):
    author, author_id = person()
    forum.ask(author_id, title="<script>alert(1)</script> signalen bij peuters")
    html = page_text(author.get("/forum/similar", query_string={"title": "signalen peuters"}))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_similar_questions_take_a_bounded_number_of_queries(app, person, forum):
    author, author_id = person()
    for n in range(12):
        forum.ask(author_id, title=f"Signalen van verwaarlozing op school, situatie {n}")
    with counted_queries(app) as statements:
        response = author.get("/forum/similar", query_string={"title": "signalen verwaarlozing"})
    assert response.status_code == 200
    assert len(re.findall(r'href="/forum/q/\d+"', page_text(response))) == 5
    # PostgreSQL's search first sets its plan mode (SET LOCAL): a setting, not a query.
    queries = [s for s in statements if not s.lstrip().startswith("SET ")]
    assert len(queries) <= 5, "\n---\n".join(s[:150] for s in queries)


def test_similar_questions_are_for_logged_in_members(client):
    assert client.get("/forum/similar?title=peuter").status_code == 302
