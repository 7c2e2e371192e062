"""Every payload through every forum field that becomes HTML, over HTTP, and every page that
shows it: thread, lists, search, notifications, the live answer fragment, revisions, edit form."""

import pytest

from community.extensions import db
from community.forum.models import Category
from tests.helpers import page_text, post_confirming_privacy
from tests.security.xss.corpus import assert_safe, markdown_chunks, packed

BENIGN_TITLE = "Hoe bespreek ik zorgen met ouders?"
BENIGN_BODY = "Ik merk spanning bij een gezin en wil het gesprek goed voorbereiden."
GUARDS = {"acknowledge_danger": "1"}


def ask(client, category_id, title, body):
    response = post_confirming_privacy(
        client,
        "/forum/ask",
        {"category": category_id, "title": title, "body": body, "tags": "", **GUARDS},
    )
    assert response.status_code == 302, page_text(response)[:2000]
    return int(response.headers["Location"].rsplit("/", 1)[1])


def answer(client, question_id, body):
    response = post_confirming_privacy(
        client,
        f"/forum/q/{question_id}/answer",
        {"body": body, **GUARDS},
        page=f"/forum/q/{question_id}",
    )
    assert response.status_code == 302, page_text(response)[:2000]
    return int(response.headers["Location"].rsplit("#post-", 1)[1])


def comment(client, post_id, body):
    url = f"/forum/posts/{post_id}/comment"
    data = {"comment-body": body}
    response = post_confirming_privacy(client, url, data, page=url, prefix="comment-")
    assert response.status_code == 302, page_text(response)[:2000]


def edit(client, post_id, data):
    url = f"/forum/posts/{post_id}/edit"
    response = post_confirming_privacy(client, url, {**data, **GUARDS})
    assert response.status_code == 302, page_text(response)[:2000]


@pytest.fixture
def category_id(app):
    with app.app_context():
        return db.session.scalar(db.select(Category.id).order_by(Category.position))


def test_forum_posts_edits_and_their_pages_never_execute_payloads(
    app, person, category_id, marked_payloads
):
    author, _ = person("professional", name="Lotte Smit")
    colleague, _ = person("professional", name="Bram Visser")

    # The same pages without payloads: whatever they execute is the app's own.
    plain_id = ask(author, category_id, BENIGN_TITLE, BENIGN_BODY)
    plain_answer = answer(colleague, plain_id, BENIGN_BODY)
    comment(colleague, plain_id, "Herkenbaar, dank voor het delen.")
    edit(author, plain_id, {"title": BENIGN_TITLE, "body": BENIGN_BODY + " Nu."})
    baseline = {
        "thread": page_text(author.get(f"/forum/q/{plain_id}")),
        "index": page_text(author.get("/forum/")),
        "search": page_text(author.get("/forum/search?q=gezin")),
        "notifications": page_text(author.get("/forum/notifications")),
        "fragment": page_text(author.get(f"/forum/posts/{plain_answer}/fragment")),
        "revisions": page_text(author.get(f"/forum/posts/{plain_id}/revisions")),
        "edit": page_text(author.get(f"/forum/posts/{plain_id}/edit")),
    }

    titles = packed(marked_payloads, 200)
    bodies = markdown_chunks(marked_payloads)
    questions = []
    for i in range(max(len(titles), len(bodies))):
        title_markers, title = titles[i] if i < len(titles) else ([], BENIGN_TITLE)
        body_markers, body = bodies[i] if i < len(bodies) else ([], BENIGN_BODY)
        question_id = ask(author, category_id, title, body)
        questions.append((question_id, title, title_markers + body_markers))
    first = questions[0][0]
    answers = [(answer(colleague, first, body), markers) for markers, body in bodies]
    comments = packed(marked_payloads, 1000, single_line=False, separator="\n\n")
    for _, text in comments:
        comment(colleague, first, text)

    for question_id, title, markers in questions:
        html = page_text(author.get(f"/forum/q/{question_id}"))
        extra = [m for group, _ in comments for m in group] if question_id == first else []
        assert_safe(html, baseline["thread"], f"thread {question_id}", markers + extra, [title])
    for answer_id, markers in answers:
        html = page_text(author.get(f"/forum/posts/{answer_id}/fragment"))
        assert_safe(html, baseline["fragment"], f"answer fragment {answer_id}", markers)

    # Editing: each question gets its title and body again (changed) with the packed payloads
    # as the edit note; each answer gets another chunk.
    for (question_id, title, _), (note_markers, note) in zip(questions, titles * 2, strict=False):
        body = next(
            (b for q, (_, b) in zip(questions, bodies, strict=False) if q[0] == question_id), None
        )
        edit(
            author,
            question_id,
            {
                "title": title[:197] + " b",
                "body": (body or BENIGN_BODY) + "\n\nBewerkt.",
                "note": note,
            },
        )
        html = page_text(author.get(f"/forum/posts/{question_id}/revisions"))
        assert_safe(html, baseline["revisions"], f"revisions {question_id}", note_markers)
        html = page_text(author.get(f"/forum/posts/{question_id}/edit"))
        assert_safe(html, baseline["edit"], f"edit form {question_id}")
    for (answer_id, _), (markers, body) in zip(answers, reversed(bodies), strict=True):
        edit(colleague, answer_id, {"body": body, "note": ""})
        html = page_text(author.get(f"/forum/posts/{answer_id}/fragment"))
        assert_safe(html, baseline["fragment"], f"edited answer {answer_id}", markers)
    html = page_text(author.get(f"/forum/q/{first}"))
    assert_safe(html, baseline["thread"], "thread after edits")

    for page in (1, 2, 3):
        html = page_text(author.get(f"/forum/?page={page}"))
        assert_safe(html, baseline["index"], f"forum index page {page}")
        html = page_text(author.get(f"/forum/search?q=xss&page={page}"))
        assert_safe(html, baseline["search"], f"search page {page}")
        html = page_text(author.get(f"/forum/notifications?page={page}"))
        assert_safe(html, baseline["notifications"], f"notifications page {page}")
    shown_titles = page_text(author.get("/forum/")) + page_text(author.get("/forum/?page=2"))
    assert "XSS000" in shown_titles
