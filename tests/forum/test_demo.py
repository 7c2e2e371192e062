"""The demo forum: realistic content across the categories, clean for the privacy guard."""

import yaml

from community.extensions import db
from community.forum.danger import acute_danger_signals
from community.forum.demo import DEMO_FILE
from community.forum.models import Answer, Category, Question, Vote
from community.privacy import find_identifiers
from tests.helpers import log_in, page_text


def test_demo_load_fills_every_category_with_questions_answers_and_votes(app, runner):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        questions = db.session.scalars(db.select(Question)).all()
        assert len(questions) >= 30
        assert db.session.scalar(db.select(db.func.count()).select_from(Answer)) >= 60
        assert db.session.scalar(db.select(db.func.count()).select_from(Vote)) > 50
        assert sum(1 for q in questions if q.accepted_answer_id) >= 15
        assert {q.category_id for q in questions} == set(db.session.scalars(db.select(Category.id)))
        for question in questions:
            if question.accepted_answer_id:
                answer = db.session.get(Answer, question.accepted_answer_id)
                assert answer.question_id == question.id


def test_demo_professional_sees_the_forum(app, runner):
    runner.invoke(args=["demo", "load"])
    client = app.test_client()
    log_in(client, "professional@verbind.example", "verbind-demo-2026")
    html = page_text(client.get("/forum/"))
    assert "Stel een vraag" in html
    assert html.count('class="question-summary') == 20


def test_demo_texts_pass_the_privacy_guard():
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    texts = []
    for question in data["questions"]:
        texts += [question["title"], question["body"]]
        texts += [c["body"] for c in question.get("comments", [])]
        for answer in question.get("answers", []):
            texts.append(answer["body"])
            texts += [c["body"] for c in answer.get("comments", [])]
    assert len(texts) > 150
    flagged = [(text[:60], find_identifiers(text)) for text in texts if find_identifiers(text)]
    assert flagged == []
    assert [q["title"] for q in data["questions"] if acute_danger_signals(q["body"])] == []
