"""Lessons and the forum: a lesson's tags come from its file, its page lists the newest forum
questions with those tags, and "Ask about this lesson" opens the ask form linked to it."""

import re
from pathlib import Path

import pytest
import yaml

from community.accounts.models import User
from community.extensions import db
from community.forum import services as forum_services
from community.forum.models import Category, Post, PostStatus, Question
from courses import learning
from courses.content import ContentError, import_course, read_course
from courses.models import Course, Lesson
from tests.courses.conftest import LESSON_ONE, write_course
from tests.forum.test_thread_queries import counted_queries
from tests.helpers import hidden_fields, log_in, make_user, page_text, post_form

ROOT = Path(__file__).resolve().parents[2]
TAGGED_LESSON = LESSON_ONE.replace("minutes: 5\n", "minutes: 5\ntags: [signaleren, baby]\n")
QUESTION = {
    "title": "Hoe herken ik signalen bij een baby?",
    "body": "Ik zie soms dingen bij baby's op het consultatiebureau en twijfel wat ik moet doen.",
}


def lesson_with_key(key):
    return db.session.scalar(db.select(Lesson).where(Lesson.key == key))


@pytest.fixture
def course(app, tmp_path):
    """The test course, its first lesson tagged signaleren and baby; ids and URLs."""
    folder = write_course(tmp_path, lesson_one=TAGGED_LESSON)
    with app.app_context():
        import_course(folder)
        course = db.session.scalar(db.select(Course))
        tagged = lesson_with_key("01-wat-is-een-signaal")
        untagged = lesson_with_key("02-vastleggen")
        return {
            "folder": folder,
            "slug": course.slug,
            "tagged": tagged.id,
            "untagged": untagged.id,
            "tagged_url": f"/courses/{course.slug}/lessons/{tagged.id}",
            "untagged_url": f"/courses/{course.slug}/lessons/{untagged.id}",
        }


@pytest.fixture
def asker(app):
    """A moderator who asks the scene's questions (no posting limit while setting up)."""
    with app.app_context():
        return make_user(name="Mila Moderator", roles=("moderator",)).id


def ask(app, author_id, title, tags, *, status=PostStatus.VISIBLE, answers=0):
    with app.app_context():
        author = db.session.get(User, author_id)
        question = forum_services.ask_question(
            author,
            category=db.session.scalar(db.select(Category)),
            title=title,
            body="Een vraag uit de praktijk, zonder namen of andere herkenbare gegevens.",
            tags=tags,
        )
        question.status = status
        question.answer_count = answers
        db.session.commit()
        return question.id


def learner(app, client, course, role="professional", locale="en"):
    """Log the client in as an enrolled learner; English, so new texts read as written."""
    email = f"{role or 'member'}@verbind.example"
    with app.app_context():
        user = make_user(name="Noor de Wit", email=email, roles=(role,) if role else ())
        learning.enrol(user, db.session.scalar(db.select(Course)))
        user_id = user.id
    assert log_in(client, email).status_code == 302
    post_form(client, "/language", {"locale": locale}, page="/")
    return user_id


# --- tags on import ------------------------------------------------------------------------------


def test_lesson_tags_are_imported_as_forum_tag_names_and_replaced_on_reimport(app, tmp_path):
    lesson = LESSON_ONE.replace(
        "minutes: 5\n", "minutes: 5\ntags: [Signaleren, Blauwe plekken, signaleren]\n"
    )
    folder = write_course(tmp_path, lesson_one=lesson)
    with app.app_context():
        import_course(folder)
        assert lesson_with_key("01-wat-is-een-signaal").tag_names == [
            "blauwe-plekken",
            "signaleren",
        ]
        assert lesson_with_key("02-vastleggen").tag_names == []

    (folder / "01-signalen" / "01-wat-is-een-signaal.md").write_text(
        LESSON_ONE.replace("minutes: 5\n", "minutes: 5\ntags: [signaleren, documenteren]\n"),
        encoding="utf-8",
    )
    with app.app_context():
        import_course(folder)
        assert lesson_with_key("01-wat-is-een-signaal").tag_names == ["documenteren", "signaleren"]


@pytest.mark.parametrize(
    "tags, problem",
    [
        ("signaleren", "'tags' must be a list"),
        ("[blauwe_plekken]", "Tag 'blauwe_plekken' is not valid"),
        ("[a, b, c, d, e, f]", "at most 5 tags"),
        ('["baby, peuter"]', "each entry of 'tags' must be one tag name"),
        ("[12]", "each entry of 'tags' must be one tag name"),
    ],
)
def test_broken_lesson_tags_name_file_line_and_problem(app, tmp_path, tags, problem):
    lesson = LESSON_ONE.replace("minutes: 5\n", f"minutes: 5\ntags: {tags}\n")
    folder = write_course(tmp_path, lesson_one=lesson)
    with app.app_context(), pytest.raises(ContentError) as caught:
        import_course(folder)
    assert caught.value.path.endswith("01-wat-is-een-signaal.md")
    assert caught.value.line == 5
    assert problem in caught.value.problem
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Course)) == 0


def test_every_shipped_lesson_has_tags_that_the_demo_forum_uses():
    demo = yaml.safe_load((ROOT / "community/forum/demo_forum.yaml").read_text(encoding="utf-8"))
    forum_tags = {tag for question in demo["questions"] for tag in question.get("tags", [])}
    parsed = read_course(ROOT / "courses/content/kindcheck")
    lessons = [lesson for module in parsed.modules for lesson in module["lessons"]]
    assert lessons
    for lesson in lessons:
        assert lesson["tags"], f"{lesson['key']} has no tags"
        assert set(lesson["tags"]) <= forum_tags, lesson["key"]


# --- the lesson page -----------------------------------------------------------------------------


def test_lesson_page_lists_the_newest_visible_questions_with_its_tags(app, client, course, asker):
    ask(app, asker, "Een oude vraag over signalen bij peuters", ["signaleren"])
    for number in range(5):
        ask(app, asker, f"Vraag nummer {number} over baby's en blauwe plekken", ["baby"])
    ask(app, asker, "Een verborgen vraag over signaleren", ["signaleren"], status="hidden")
    ask(app, asker, "Een verwijderde vraag over signaleren", ["signaleren"], status="deleted")
    ask(app, asker, "Een vraag over het beroepsgeheim", ["beroepsgeheim"])
    answered = ask(app, asker, "De nieuwste vraag over signaleren", ["signaleren"], answers=2)
    learner(app, client, course)

    html = page_text(client.get(course["tagged_url"]))
    listed = re.findall(r'<li><a href="/forum/q/\d+">([^<]+)</a>', html)
    assert listed == [
        "De nieuwste vraag over signaleren",
        "Vraag nummer 4 over baby&#39;s en blauwe plekken",
        "Vraag nummer 3 over baby&#39;s en blauwe plekken",
        "Vraag nummer 2 over baby&#39;s en blauwe plekken",
        "Vraag nummer 1 over baby&#39;s en blauwe plekken",
    ]
    assert f'href="/forum/q/{answered}">De nieuwste vraag over signaleren</a>' in html
    assert "2 answers" in html and "0 answers" in html
    assert 'href="/forum/?tag=baby"' in html and 'href="/forum/?tag=signaleren"' in html
    assert "verborgen" not in html and "verwijderde" not in html
    assert "beroepsgeheim" not in html


def test_lesson_page_shows_the_answer_count_in_dutch(app, client, course, asker):
    ask(app, asker, "Een vraag over signalen met een antwoord", ["signaleren"], answers=1)
    learner(app, client, course, locale="nl")
    html = page_text(client.get(course["tagged_url"]))
    assert "1 antwoord<" in html


def test_lesson_without_tags_lists_no_questions_but_offers_to_ask(app, client, course, asker):
    ask(app, asker, "Een vraag over signalen bij peuters", ["signaleren"])
    learner(app, client, course)
    html = page_text(client.get(course["untagged_url"]))
    assert "/forum/q/" not in html
    assert "More questions about" not in html
    assert f'href="/forum/ask?lesson={course["untagged"]}"' in html


def test_tagged_lesson_without_questions_says_so(app, client, course):
    learner(app, client, course)
    html = page_text(client.get(course["tagged_url"]))
    assert "Nobody has asked about the subjects of this lesson yet." in html
    assert 'href="/forum/?tag=baby"' in html


def test_lesson_page_queries_do_not_grow_with_questions(app, client, course, asker):
    learner(app, client, course)
    ask(app, asker, "Een eerste vraag over signaleren", ["signaleren", "baby"])

    def queries():
        client.get(course["tagged_url"])  # warm-up
        with counted_queries(app) as statements:
            response = client.get(course["tagged_url"])
        assert response.status_code == 200
        return len(statements)

    few = queries()
    for number in range(12):
        ask(app, asker, f"Nog een vraag over signaleren, nummer {number}", ["signaleren", "baby"])
    assert queries() == few


def test_member_who_may_not_post_is_pointed_to_verification(app, client, course):
    learner(app, client, course, role=None)
    html = page_text(client.get(course["tagged_url"]))
    assert "/forum/ask?lesson=" not in html
    assert 'href="/account/verification"' in html


# --- asking about a lesson -----------------------------------------------------------------------


def test_ask_form_is_linked_to_the_lesson_with_its_tags_filled_in(app, client, course):
    learner(app, client, course)
    response = client.get(f"/forum/ask?lesson={course['tagged']}")
    html = page_text(response)
    assert response.status_code == 200
    assert hidden_fields(html)["lesson"] == str(course["tagged"])
    assert re.search(r'name="tags"[^>]*value="baby, signaleren"', html)
    assert "Wat is een signaal?" in html


def test_question_keeps_its_lesson_and_its_page_links_to_it(app, client, course):
    learner(app, client, course)
    page = f"/forum/ask?lesson={course['tagged']}"
    html = page_text(client.get(page))
    with app.app_context():
        category_id = db.session.scalar(db.select(Category.id))
    data = {
        **QUESTION,
        "category": category_id,
        "tags": "baby",
        "lesson": hidden_fields(html)["lesson"],
    }
    response = post_form(client, "/forum/ask", data, page=page)
    assert response.status_code == 302, page_text(response)
    question_url = response.headers["Location"]
    with app.app_context():
        question = db.session.scalar(db.select(Question))
        assert question.lesson_id == course["tagged"]

    thread = page_text(client.get(question_url))
    assert "Asked at the lesson:" in thread
    assert f'<a href="{course["tagged_url"]}">Wat is een signaal?</a>' in thread

    # The lesson page lists it, as a question carrying the lesson's tag.
    assert question_url in page_text(client.get(course["tagged_url"]))

    edit = f"/forum/posts/{question.id}/edit"
    edited = post_form(
        client, edit, {**QUESTION, "title": "Hoe herken ik signalen bij baby's?", "tags": "baby"}
    )
    assert edited.status_code == 302, page_text(edited)
    with app.app_context():
        assert db.session.get(Post, question.id).lesson_id == course["tagged"]
    assert f'href="{course["tagged_url"]}"' in page_text(client.get(question_url))


def test_the_lesson_link_survives_a_mistake_in_the_form(app, client, course):
    learner(app, client, course)
    page = f"/forum/ask?lesson={course['tagged']}"
    response = post_form(
        client, "/forum/ask", {"title": "Kort", "lesson": course["tagged"]}, page=page
    )
    assert response.status_code == 422
    assert hidden_fields(page_text(response))["lesson"] == str(course["tagged"])


@pytest.mark.parametrize("bogus", ["999999", "abc", "-1", "1e3", "99999999999999999999"])
def test_an_unknown_lesson_is_left_out_of_the_ask_form(app, client, course, bogus):
    learner(app, client, course)
    response = client.get(f"/forum/ask?lesson={bogus}")
    html = page_text(response)
    assert response.status_code == 200
    assert "That lesson was not found" in html
    assert hidden_fields(html)["lesson"] == ""
    assert "baby" not in re.search(r'<input[^>]*name="tags"[^>]*>', html).group(0)


def test_an_unknown_lesson_sent_with_the_form_is_refused_and_the_text_kept(app, client, course):
    learner(app, client, course)
    with app.app_context():
        category_id = db.session.scalar(db.select(Category.id))
    data = {**QUESTION, "category": category_id, "lesson": "424242"}
    response = post_form(client, "/forum/ask", data, page="/forum/ask")
    html = page_text(response)
    assert response.status_code == 422
    assert "does not exist (anymore)" in html
    assert QUESTION["body"].replace("'", "&#39;") in html
    assert hidden_fields(html)["lesson"] == ""
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Question)) == 0

    again = client.post("/forum/ask", data={**data, **hidden_fields(html)})
    assert again.status_code == 302, page_text(again)
    with app.app_context():
        assert db.session.scalar(db.select(Question)).lesson_id is None


def test_a_removed_lesson_cannot_be_linked_and_is_not_shown(app, client, course):
    learner(app, client, course)
    with app.app_context():
        category_id = db.session.scalar(db.select(Category.id))
    page = f"/forum/ask?lesson={course['untagged']}"
    data = {**QUESTION, "category": category_id, "lesson": course["untagged"]}
    posted = post_form(client, "/forum/ask", data, page=page)
    assert posted.status_code == 302
    question_url = posted.headers["Location"]
    assert f'href="{course["untagged_url"]}"' in page_text(client.get(question_url))

    # A new version of the course no longer has the lesson: it is marked removed.
    (course["folder"] / "01-signalen" / "02-vastleggen.md").unlink()
    with app.app_context():
        import_course(course["folder"])

    html = page_text(client.get(page))
    assert "That lesson was not found" in html
    assert hidden_fields(html)["lesson"] == ""
    refused = post_form(client, "/forum/ask", {**data, "title": "Nog een vraag over vastleggen"})
    assert refused.status_code == 422
    assert course["untagged_url"] not in page_text(client.get(question_url))


def test_logged_out_visitor_is_asked_to_log_in_and_comes_back_to_the_lesson_form(
    app, client, course
):
    response = client.get(f"/forum/ask?lesson={course['tagged']}")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "/account/login" in location
    assert f"lesson%3D{course['tagged']}" in location or f"lesson={course['tagged']}" in location
    lesson_page = client.get(course["tagged_url"])
    assert lesson_page.status_code == 302 and "/account/login" in lesson_page.headers["Location"]
