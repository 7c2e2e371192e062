"""Asking, answering, accepting, voting, commenting, editing and deleting in the forum."""

import re

from community.extensions import db
from community.forum.models import Category, Revision
from tests.helpers import page_text, post_form

ASK = {
    "title": "Hoe bespreek ik blauwe plekken met de ouders van een peuter?",
    "body": "Op de groep zien we al een paar weken blauwe plekken op de bovenarmen. "
    "Hoe begin ik dat gesprek zonder dat de ouders dichtklappen?",
    "tags": "gesprek met ouders, blauwe plekken",
}


def category_id(app, slug="gespreksvoering"):
    with app.app_context():
        return db.session.scalar(db.select(Category.id).where(Category.slug == slug))


def ask_over_http(app, client, **changes):
    data = {**ASK, "category": str(category_id(app)), **changes}
    return post_form(client, "/forum/ask", data)


def question_id_from(response):
    return int(re.search(r"/forum/q/(\d+)", response.headers["Location"]).group(1))


def test_professional_asks_another_answers_and_the_asker_accepts(app, person):
    asker, _ = person("professional", name="Sanne de Boer")
    helper, _ = person("professional", name="Ingrid Visser")

    response = ask_over_http(app, asker)
    assert response.status_code == 302
    question_id = question_id_from(response)
    thread_url = f"/forum/q/{question_id}"
    html = page_text(asker.get(thread_url))
    assert ASK["title"] in html
    assert "blauwe-plekken" in html and "gesprek-met-ouders" in html

    answer = "Benoem wat je ziet, zonder oordeel, en vraag hoe de ouders het thuis ervaren."
    response = post_form(helper, f"{thread_url}/answer", {"body": answer}, page=thread_url)
    assert response.status_code == 302
    answer_id = int(response.headers["Location"].split("#post-")[1])
    assert answer in page_text(helper.get(thread_url))

    response = post_form(asker, f"/forum/answers/{answer_id}/accept", page=thread_url)
    assert response.status_code == 302
    html = page_text(helper.get(thread_url))
    assert f'id="post-{answer_id}" class="post answer accepted' in html
    assert "Geaccepteerd antwoord" in html


def test_only_the_asker_can_accept(app, person, forum):
    asker, asker_id = person()
    other, other_id = person()
    question_id = forum.ask(asker_id)
    answer_id = forum.answer(other_id, question_id)
    third, _ = person()
    response = post_form(
        third, f"/forum/answers/{answer_id}/accept", page=f"/forum/q/{question_id}"
    )
    assert response.status_code == 302
    with app.app_context():
        assert forum.post(question_id).accepted_answer_id is None


def test_members_read_but_cannot_ask_or_answer(app, person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    member, _ = person("member")
    html = page_text(member.get(f"/forum/q/{question_id}"))
    assert "Hoe bespreek ik zorgen met ouders?" in html
    assert (
        "Alleen geverifieerde professionals kunnen antwoorden." in html or "answer-form" not in html
    )
    assert member.get("/forum/ask").status_code == 403
    page = page_text(member.get(f"/forum/q/{question_id}"))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = member.post(
        f"/forum/q/{question_id}/answer", data={"csrf_token": token, "body": "x" * 30}
    )
    assert response.status_code == 403


def test_visitors_who_are_not_logged_in_are_sent_to_login(client):
    response = client.get("/forum/")
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]


def test_forum_appears_in_the_navigation_for_members(person):
    member, _ = person("member")
    html = page_text(member.get("/"))
    assert 'href="/forum/"' in html


def test_invalid_question_keeps_what_was_typed(app, person):
    asker, _ = person()
    response = ask_over_http(app, asker, title="Kort")
    assert response.status_code == 422
    html = page_text(response)
    assert "Een titel heeft 10 tot 200 tekens." in html
    assert "Hoe begin ik dat gesprek zonder dat de ouders dichtklappen?" in html


def test_more_than_five_tags_are_refused(app, person):
    asker, _ = person()
    response = ask_over_http(app, asker, tags="a1, b2, c3, d4, e5, f6")
    assert response.status_code == 422
    assert "Gebruik maximaal 5 tags." in page_text(response)


def test_anonymous_question_shows_a_neutral_label_except_to_moderators(app, person, forum):
    _, asker_id = person(name="Marloes Jansen")
    question_id = forum.ask(asker_id, anonymous=True)
    peer, _ = person()
    peer_html = page_text(peer.get(f"/forum/q/{question_id}"))
    assert "Een professional (zonder naam)" in peer_html
    assert "Marloes Jansen" not in peer_html
    assert "Marloes Jansen" not in page_text(peer.get("/forum/"))
    moderator, _ = person("moderator")
    assert "Marloes Jansen" in page_text(moderator.get(f"/forum/q/{question_id}"))


def test_votes_count_once_can_be_withdrawn_and_not_on_own_posts(app, person, forum):
    author, author_id = person()
    question_id = forum.ask(author_id)
    thread = f"/forum/q/{question_id}"
    voter, _ = person()
    post_form(voter, f"/forum/posts/{question_id}/vote", {"value": "1"}, page=thread)
    post_form(voter, f"/forum/posts/{question_id}/vote", {"value": "1"}, page=thread)
    assert forum.post(question_id).score == 0, "the second up-vote withdraws the first"
    post_form(voter, f"/forum/posts/{question_id}/vote", {"value": "-1"}, page=thread)
    assert forum.post(question_id).score == -1
    post_form(voter, f"/forum/posts/{question_id}/vote", {"value": "1"}, page=thread)
    assert forum.post(question_id).score == 1

    response = post_form(
        author,
        f"/forum/posts/{question_id}/vote",
        {"value": "1"},
        page=thread,
        follow_redirects=True,
    )
    assert "Je kunt niet stemmen op je eigen bericht." in page_text(response)
    assert forum.post(question_id).score == 1


def test_vote_by_fetch_returns_the_new_score(app, person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    voter, _ = person()
    page = page_text(voter.get(f"/forum/q/{question_id}"))
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = voter.post(
        f"/forum/posts/{question_id}/vote",
        data={"csrf_token": token, "value": "1"},
        headers={"Accept": "application/json"},
    )
    assert response.get_json() == {"score": 1, "my_vote": 1}
    response = voter.post(
        f"/forum/posts/{question_id}/vote",
        data={"csrf_token": token, "value": "7"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400


def test_comments_on_questions_and_answers(app, person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id)
    answer_id = forum.answer(author_id, question_id)
    commenter, _ = person()
    thread = f"/forum/q/{question_id}"
    for parent in (question_id, answer_id):
        response = post_form(
            commenter,
            f"/forum/posts/{parent}/comment",
            {"comment-body": f"Herkenbaar, dank voor het delen ({parent})."},
            page=f"/forum/posts/{parent}/comment",
        )
        assert response.status_code == 302
    html = page_text(commenter.get(thread))
    assert f"Herkenbaar, dank voor het delen ({question_id})." in html
    assert f"Herkenbaar, dank voor het delen ({answer_id})." in html


def test_editing_keeps_a_history_for_the_author_and_moderators(app, person, forum):
    author, author_id = person()
    question_id = forum.ask(author_id, body="De eerste versie van mijn vraag, nog onvolledig.")
    response = post_form(
        author,
        f"/forum/posts/{question_id}/edit",
        {
            "title": "Hoe bespreek ik zorgen met ouders, stap voor stap?",
            "body": "De tweede versie, met meer uitleg over de situatie.",
            "tags": "gesprek",
            "note": "uitleg toegevoegd",
        },
    )
    assert response.status_code == 302
    assert "De tweede versie" in page_text(author.get(f"/forum/q/{question_id}"))

    history = page_text(author.get(f"/forum/posts/{question_id}/revisions"))
    assert "De eerste versie van mijn vraag" in history and "De tweede versie" in history
    assert "uitleg toegevoegd" in history
    moderator, _ = person("moderator")
    assert moderator.get(f"/forum/posts/{question_id}/revisions").status_code == 200
    stranger, _ = person()
    assert stranger.get(f"/forum/posts/{question_id}/revisions").status_code == 403
    assert stranger.get(f"/forum/posts/{question_id}/edit").status_code == 403
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Revision)) == 2


def test_soft_delete_hides_the_post_but_keeps_it(app, person, forum):
    author, author_id = person()
    question_id = forum.ask(author_id)
    answer_id = forum.answer(author_id, question_id, "Dit antwoord trek ik later weer in, sorry.")
    post_form(author, f"/forum/posts/{answer_id}/delete", page=f"/forum/q/{question_id}")
    reader, _ = person()
    assert "Dit antwoord trek ik later weer in" not in page_text(
        reader.get(f"/forum/q/{question_id}")
    )
    assert forum.post(answer_id).status == "deleted"
    assert forum.post(question_id).answer_count == 0
    moderator, _ = person("moderator")
    assert "Dit antwoord trek ik later weer in" in page_text(
        moderator.get(f"/forum/q/{question_id}")
    )


def test_lists_filter_by_category_tag_and_unanswered(app, person, forum):
    _, author_id = person()
    answered = forum.ask(author_id, title="Een vraag over signaleren bij baby's", tags=["baby"])
    forum.answer(author_id, answered)
    forum.ask(
        author_id,
        title="Een vraag over het afwegingskader in stap 4",
        category="meldcode-en-afwegingskader",
    )
    reader, _ = person()
    unanswered = page_text(reader.get("/forum/?sort=unanswered"))
    assert "afwegingskader in stap 4" in unanswered and "signaleren bij baby" not in unanswered
    by_category = page_text(reader.get("/forum/?category=meldcode-en-afwegingskader"))
    assert "afwegingskader in stap 4" in by_category and "signaleren bij baby" not in by_category
    by_tag = page_text(reader.get("/forum/?tag=baby"))
    assert "signaleren bij baby" in by_tag and "afwegingskader in stap 4" not in by_tag
    assert reader.get("/forum/?category=bestaat-niet").status_code == 404


def test_question_list_paginates(app, person, forum):
    app.config["FORUM_QUESTIONS_PER_PAGE"] = 3
    _, author_id = person()
    for number in range(5):
        forum.ask(author_id, title=f"Vraag nummer {number} over samenwerking")
    reader, _ = person()
    first = page_text(reader.get("/forum/?sort=newest"))
    second = page_text(reader.get("/forum/?sort=newest&page=2"))
    assert first.count("over samenwerking</a>") == 3
    assert second.count("over samenwerking</a>") == 2
    assert "Vraag nummer 4" in first and "Vraag nummer 0" in second


def test_posting_limit_keeps_the_text_and_says_when_to_try_again(app, person, forum):
    app.config["FORUM_POSTS_PER_WINDOW"] = 2
    author, author_id = person()
    forum.ask(author_id, title="Eerste vraag van vandaag over gesprekken")
    forum.ask(author_id, title="Tweede vraag van vandaag over gesprekken")
    response = ask_over_http(app, author)
    assert response.status_code == 429
    html = page_text(response)
    assert "Je hebt veel berichten geplaatst in korte tijd" in html
    assert "Hoe begin ik dat gesprek zonder dat de ouders dichtklappen?" in html
