"""Full-text search: ranked threads with highlighted snippets, on SQLite (FTS5) and PostgreSQL."""

from community.extensions import db
from community.forum import moderation, services
from community.forum.models import Post
from community.forum.search import highlighted, plain_snippet, search_threads
from tests.helpers import page_text


def test_search_finds_the_thread_by_a_word_in_an_answer(app, person, forum):
    _, asker_id = person()
    _, helper_id = person()
    question_id = forum.ask(asker_id, title="Hoe ga ik om met een boze vader aan de balie?")
    answer_id = forum.answer(
        helper_id, question_id, "Wat bij ons werkt is de-escalatie: rustig blijven en samenvatten."
    )
    forum.ask(asker_id, title="Een andere vraag over samenwerking met school")
    reader, _ = person()
    html = page_text(reader.get("/forum/search?q=escalatie"))
    assert "1 vraag gevonden" in html
    assert "Hoe ga ik om met een boze vader aan de balie?" in html
    assert f"/forum/q/{question_id}#post-{answer_id}" in html
    assert "<mark>" in html


def test_one_hit_per_thread_and_titles_rank_above_bodies(app, person, forum):
    _, author_id = person()
    in_body = forum.ask(
        author_id,
        title="Vraag over een overleg met de school",
        body="Het ging in het overleg ook kort over een veiligheidsplan voor het gezin.",
    )
    in_title = forum.ask(author_id, title="Wat hoort er in een veiligheidsplan?")
    forum.answer(author_id, in_title, "Een veiligheidsplan beschrijft concrete afspraken.")
    with app.app_context():
        results = search_threads("veiligheidsplan")
    assert results.total == 2
    assert [hit.question_id for hit in results.hits] == [in_title, in_body]


def test_index_follows_edits_and_deletions(app, person, forum):
    _, author_id = person()
    question_id = forum.ask(author_id, body="Het gaat over logopedie en een taalachterstand.")
    with app.app_context():
        assert search_threads("logopedie").total == 1
        user = forum.user(author_id)
        post = db.session.get(Post, question_id)
        services.edit_post(
            user, post, title=post.title, body="Nu over fysiotherapie op school.", tags=[]
        )
        assert search_threads("logopedie").total == 0
        assert search_threads("fysiotherapie").total == 1
        services.delete_post(user, db.session.get(Post, question_id))
        assert search_threads("fysiotherapie").total == 0


def test_hidden_posts_are_not_found(app, person, forum):
    _, author_id = person()
    _, moderator_id = person("moderator")
    question_id = forum.ask(author_id, body="Over een huisbezoek met de wijkagent erbij.")
    with app.app_context():
        moderation.hide_post(forum.user(moderator_id), db.session.get(Post, question_id))
        assert search_threads("wijkagent").total == 0


def test_snippets_escape_user_text(app, person, forum):
    _, author_id = person()
    forum.ask(author_id, body="Ik schreef <script>alert(1)</script> over een zorgmelding.")
    with app.app_context():
        [hit] = search_threads("zorgmelding").hits
    # SQLite keeps the text and it is escaped; PostgreSQL's headline drops tags. Never a tag.
    assert "<script" not in str(hit.snippet)
    assert "alert(1)" in str(hit.snippet)
    assert "<mark>zorgmelding</mark>" in str(hit.snippet)


def test_prefixes_and_odd_input_do_not_break_search(app, person, forum):
    _, author_id = person()
    forum.ask(author_id, body="We hadden meerdere gesprekken met het gezin.")
    reader, _ = person()
    with app.app_context():
        assert search_threads("gesprek").total == 1
    for query in ['"', "AND OR NOT", "*", "gesprek)", "'; drop table", "é" * 300, ""]:
        assert reader.get("/forum/search", query_string={"q": query}).status_code == 200


def test_search_results_paginate(app, person, forum):
    _, author_id = person()
    for number in range(5):
        forum.ask(author_id, title=f"Vraag {number} over de verwijsindex en signalen")
    with app.app_context():
        first = search_threads("verwijsindex", page=1, per_page=2)
        third = search_threads("verwijsindex", page=3, per_page=2)
    assert first.total == 5 and len(first.hits) == 2 and first.pages == 3
    assert len(third.hits) == 1


def test_very_common_words_rank_the_newest_matches_and_say_so(app, person, forum, monkeypatch):
    from community.forum import search

    monkeypatch.setattr(search, "MAX_CANDIDATES", 2)
    _, author_id = person()
    for number in range(3):
        forum.ask(author_id, title=f"Vraag {number} over overdracht aan school")
    with app.app_context():
        results = search_threads("overdracht")
    assert results.capped is True
    assert len(results.hits) == 2
    reader, _ = person()
    html = page_text(reader.get("/forum/search?q=overdracht"))
    assert "Veel vragen gevonden" in html


def test_a_snippet_marks_words_by_prefix_ignoring_accents_and_cuts_long_text():
    body = "Eerst een lange inleiding. " * 10 + "Toen volgde het gesprek met de cliënt. " * 2
    snippet = str(highlighted(plain_snippet(body, ["gesprek", "client"])))
    assert snippet.startswith("…")
    assert "<mark>gesprek</mark>" in snippet
    assert "<mark>cliënt</mark>" in snippet
    assert "inleiding" in snippet  # a little context before the first match
