"""The site's search: one box that finds forum questions, lessons, webinars and Week events, each
marked with its kind, filtered by kind, paginated, only what the reader may see, with escaped
snippets, a clear message for input that holds no word, and a fixed number of queries."""

import re
from datetime import timedelta

import pytest

from community.clock import utcnow
from community.events.models import Event, EventStatus
from community.extensions import db
from community.forum import moderation
from community.forum.models import Post
from community.search import KIND_LABELS, search_everything
from community.webinars.models import Webinar
from courses.models import Course, Lesson, Module
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import make_user, page_text


class Content:
    """Lessons, webinars and Week events straight into the database; questions via the forum."""

    def __init__(self, app, forum):
        self.app, self.forum, self.count = app, forum, 0
        with app.app_context():
            self.host_id = make_user(name="Host Hendriks", email="host@verbind.example").id

    def lesson(self, title, body="Een les over signalen.", *, removed=False, module_removed=False):
        self.count += 1
        with self.app.app_context():
            course = Course(slug=f"cursus-{self.count}", title=f"Cursus {self.count}")
            db.session.add(course)
            db.session.flush()
            module = Module(course_id=course.id, key="m1", title="Module", removed=module_removed)
            db.session.add(module)
            db.session.flush()
            lesson = Lesson(module_id=module.id, key="l1", title=title, body=body, removed=removed)
            db.session.add(lesson)
            db.session.commit()
            return course.slug, lesson.id

    def webinar(self, title, description="Een webinar.", *, cancelled=False):
        with self.app.app_context():
            webinar = Webinar(
                title=title,
                description=description,
                speakers="Fatima Bakkali",
                starts_at=utcnow() + timedelta(days=7),
                ends_at=utcnow() + timedelta(days=7, hours=1),
                host_id=self.host_id,
                cancelled=cancelled,
            )
            db.session.add(webinar)
            db.session.commit()
            return webinar.id

    def event(self, title, description="Een activiteit.", *, status=EventStatus.APPROVED,
              cancelled=False):  # fmt: skip
        with self.app.app_context():
            event = Event(
                organiser_id=self.host_id,
                title=title,
                description=description,
                gemeente="Zwolle",
                starts_at=utcnow() + timedelta(days=10),
                ends_at=utcnow() + timedelta(days=10, hours=2),
                status=status,
                cancelled_at=utcnow() if cancelled else None,
            )
            db.session.add(event)
            db.session.commit()
            return event.id


@pytest.fixture
def content(app, forum):
    return Content(app, forum)


def label(app, kind):
    """The kind's label as the page shows it (Dutch, once translated)."""
    with app.test_request_context():
        return str(KIND_LABELS[kind])


def hits_of(html):
    return re.findall(r'<li class="search-hit kind-(\w+)">', html)


def test_one_search_finds_a_question_a_lesson_a_webinar_and_an_event(app, person, forum, content):
    reader, author_id = person()
    question_id = forum.ask(
        author_id, title="Hoe voer ik een kindgesprek?", body="Het kindgesprek gaat morgen door."
    )
    slug, lesson_id = content.lesson("Het kindgesprek voorbereiden")
    webinar_id = content.webinar("Webinar: kindgesprekken in de praktijk")
    event_id = content.event("Workshop kindgesprek voor leerkrachten")
    html = page_text(reader.get("/search?q=kindgesprek"))
    assert sorted(hits_of(html)) == ["event", "forum", "lesson", "webinar"]
    assert f"/forum/q/{question_id}#post-{question_id}" in html
    assert f"/courses/{slug}/lessons/{lesson_id}" in html
    assert f"/webinars/{webinar_id}" in html
    assert f"/week/events/{event_id}" in html
    for kind in ("forum", "lesson", "webinar", "event"):
        assert label(app, kind) in html
    assert "<mark>" in html
    assert "Zwolle" in html  # an event's gemeente
    assert "Cursus 1" in html  # a lesson's course


def test_visitors_find_webinars_and_events_but_not_member_content(app, client, forum, person,
                                                                  content):  # fmt: skip
    _, author_id = person()
    forum.ask(author_id, title="Overleg over een huisbezoek")
    content.lesson("Het huisbezoek")
    content.webinar("Huisbezoek zonder zorgen")
    content.event("Huisbezoek-training in Zwolle")
    response = client.get("/search?q=huisbezoek")
    assert response.status_code == 200
    assert sorted(hits_of(page_text(response))) == ["event", "webinar"]
    # Asking for a kind one may not search finds nothing, not someone else's content.
    assert hits_of(page_text(client.get("/search?q=huisbezoek&kind=forum"))) == []


def test_the_kind_filter_shows_one_kind_and_counts_every_kind(app, person, content):
    reader, _ = person()
    for number in range(3):
        content.lesson(f"Les {number} over de meldcode")
    content.webinar("De meldcode in vijf stappen")
    html = page_text(reader.get("/search?q=meldcode&kind=lesson"))
    assert hits_of(html) == ["lesson"] * 3
    with app.test_request_context():
        from community.search import kind_count

        assert kind_count("lesson", 3) in html
        assert kind_count("webinar", 1) in html
        assert kind_count("event", 0) in html
    assert 'href="/search?q=meldcode&amp;kind=webinar"' in html
    assert hits_of(page_text(reader.get("/search?q=meldcode&kind=webinar"))) == ["webinar"]
    assert len(hits_of(page_text(reader.get("/search?q=meldcode")))) == 4


def test_a_kind_with_more_matches_than_are_ranked_counts_as_more_than(app, person, content,
                                                                      monkeypatch):  # fmt: skip
    from community import search

    monkeypatch.setattr(search, "MAX_CANDIDATES_PER_KIND", 2)
    reader, _ = person()
    for number in range(3):
        content.lesson(f"Les {number} over de kindcheck")
    content.webinar("De kindcheck in de praktijk")
    html = page_text(reader.get("/search?q=kindcheck"))
    assert "meer dan 2 lessen" in html  # the two newest were ranked, a third matched
    assert "1 webinar" in html and "meer dan 1 webinar" not in html
    assert '<span class="count">(meer dan 3)</span>' in html  # "All"
    assert "Heel veel resultaten" in html
    assert len(hits_of(html)) == 3
    with app.app_context():
        results = search_everything(None, "kindcheck")
    assert results.capped_kinds == frozenset() and results.total == 1  # visitors: no lessons


def test_the_site_search_ranks_fewer_of_a_kind_than_the_forums_own_search(app, person, forum,
                                                                         monkeypatch):  # fmt: skip
    from community import search
    from community.forum.search import search_threads

    monkeypatch.setattr(search, "MAX_CANDIDATES_PER_KIND", 2)
    reader, author_id = person()
    for number in range(3):
        forum.ask(author_id, title=f"Vraag {number} over de overdracht")
    with app.app_context():
        everything = search_everything(forum.user(author_id), "overdracht")
        threads = search_threads("overdracht")
    assert everything.capped and everything.capped_kinds == {"forum"}
    assert everything.counts["forum"] == 2
    assert not threads.capped and threads.total == 3


def test_only_what_the_reader_may_see_is_found(app, person, forum, content):
    reader, author_id = person()
    _, moderator_id = person("moderator")
    hidden = forum.ask(author_id, title="Verborgen vraag over de zorgmelding")
    with app.app_context():
        moderation.hide_post(forum.user(moderator_id), db.session.get(Post, hidden))
    content.lesson("Verwijderde les over de zorgmelding", removed=True)
    content.lesson("Les in een verwijderde module over de zorgmelding", module_removed=True)
    content.event("Zorgmelding-avond, nog niet goedgekeurd", status=EventStatus.PENDING)
    content.event("Zorgmelding-avond, afgewezen", status=EventStatus.REJECTED)
    content.event("Zorgmelding-avond, afgelast", cancelled=True)
    content.webinar("Zorgmelding-webinar, afgelast", cancelled=True)
    html = page_text(reader.get("/search?q=zorgmelding"))
    assert sorted(hits_of(html)) == ["event", "webinar"]
    assert "afgelast" in html and "Verborgen" not in html and "goedgekeurd" not in html
    # Cancelled ones stay findable, as on their lists, and say so.
    assert html.count('<span class="tag tag-warn">') == 2


def test_results_paginate_across_kinds(app, person, content):
    reader, _ = person()
    app.config["SEARCH_RESULTS_PER_PAGE"] = 2
    for number in range(3):
        content.lesson(f"Les {number} over de verwijsindex")
        content.event(f"Activiteit {number} over de verwijsindex")
    seen = []
    for page in (1, 2, 3):
        html = page_text(reader.get(f"/search?q=verwijsindex&page={page}"))
        seen += re.findall(r'<h2><a href="([^"]+)"', html)
    assert len(seen) == len(set(seen)) == 6
    assert 'rel="next"' not in html
    with app.app_context():
        assert search_everything(None, "verwijsindex", per_page=2, page=9).hits == []


def test_mixed_kinds_rank_the_best_of_each_kind_first(app, person, content, forum):
    _, author_id = person()
    content.lesson("Jeugdhulp", body="Jeugdhulp en jeugdhulp: wat is jeugdhulp?")
    content.lesson("Over samenwerken", body="Soms is er jeugdhulp nodig.")
    content.webinar("Samenwerken", description="Alles over jeugdhulp en jeugdhulp.")
    with app.app_context():
        results = search_everything(forum.user(author_id), "jeugdhulp")
    assert [hit.score for hit in results.hits][:2] == [1.0, 1.0]
    assert {hit.kind for hit in results.hits[:2]} == {"lesson", "webinar"}
    assert results.hits[2].kind == "lesson" and results.hits[2].score < 1.0


def test_snippets_escape_what_authors_wrote(app, person, content):
    reader, _ = person()
    content.lesson("Les", body="Typ nooit <script>alert(1)</script> in een veiligheidsplan.")
    content.event("Avond", description='<img src=x onerror="alert(2)"> over het veiligheidsplan')
    html = page_text(reader.get("/search?q=veiligheidsplan"))
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<mark>veiligheidsplan</mark>" in html


def test_the_index_follows_edits_of_lessons_webinars_and_events(app, content):
    _, lesson_id = content.lesson("Logopedie")
    webinar_id = content.webinar("Logopedie online")
    with app.app_context():
        assert search_everything(None, "logopedie").total == 1  # the webinar; lessons need login
        db.session.get(Webinar, webinar_id).title = "Fysiotherapie online"
        db.session.delete(db.session.get(Lesson, lesson_id))
        db.session.commit()
        assert search_everything(None, "logopedie").total == 0
        assert search_everything(None, "fysiotherapie").total == 1


@pytest.mark.parametrize(
    "query", ['"', "*", "(", "))", "';", "-", "…", "^:*&|!", " " * 5 + "?"]
)  # fmt: skip
def test_input_without_a_word_gets_a_clear_message(person, query):
    reader, _ = person()
    response = reader.get("/search", query_string={"q": query})
    assert response.status_code == 400
    assert 'class="errors" role="alert"' in page_text(response)
    assert 'name="q"' in page_text(response)  # the box is there to try again


@pytest.mark.parametrize(
    "query", ["OR", "kind OR", "NEAR(kind", 'kind"*', "AND NOT", "'; drop table", "é" * 30]
)
def test_search_syntax_is_read_as_words(person, content, query):
    reader, _ = person()
    content.webinar("Kind en gezin")
    assert reader.get("/search", query_string={"q": query}).status_code == 200


def test_empty_and_very_long_queries(person, content):
    reader, _ = person()
    content.webinar("Gesprekken met ouders")
    empty = reader.get("/search?q=")
    assert empty.status_code == 200 and "search-hit" not in page_text(empty)
    long = reader.get("/search", query_string={"q": "gesprek " + "x" * 1000})
    assert long.status_code == 200
    assert 'class="notice"' in page_text(long)  # only the first 200 characters were searched
    assert reader.get("/search?q=gesprek&kind=poll").status_code == 400


def test_the_header_search_box_leads_to_the_search_page(client):
    html = page_text(client.get("/"))
    assert re.search(r'<form method="get" action="/search" class="site-search"', html)


def test_a_search_page_runs_as_many_queries_for_many_hits_as_for_few(app, person, content, forum):
    reader, author_id = person()

    def queries_for(query):
        with counted_queries(app) as statements:
            assert reader.get(f"/search?q={query}").status_code == 200
        return len(statements)

    content.lesson("Eén les over voorlezen")
    few = queries_for("voorlezen")
    for number in range(12):
        content.lesson(f"Les {number} over taalontwikkeling")
        content.webinar(f"Webinar {number} over taalontwikkeling")
        content.event(f"Activiteit {number} over taalontwikkeling")
        forum.ask(author_id, title=f"Vraag {number} over taalontwikkeling")
    assert queries_for("taalontwikkeling") == few


def test_dutch_stemming_finds_other_forms(app, person, content, database_url):
    reader, _ = person()
    content.lesson("Meldingen bij Veilig Thuis", body="Over het doen van meldingen.")
    content.webinar("De melding en daarna")
    html = page_text(reader.get("/search?q=melding"))
    assert sorted(hits_of(html)) == ["lesson", "webinar"]  # a prefix, on SQLite too
    if database_url.startswith("postgresql"):
        # The Dutch stemmer: "meldingen" finds "melding" as well, not only longer words.
        html = page_text(reader.get("/search?q=meldingen"))
        assert sorted(hits_of(html)) == ["lesson", "webinar"]
