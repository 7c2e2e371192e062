"""Quiz statistics match a hand-computed example."""

from community.clock import utcnow
from community.extensions import db
from courses.content import import_course
from courses.models import Attempt, Course, Quiz, QuizQuestion
from courses.statistics import compute_statistics, pearson
from tests.helpers import make_user, page_text

# Four attempts on three questions (1 = right). Worked out by hand:
#   facility      q1 2/4 = 50%   q2 2/4 = 50%   q3 3/4 = 75%
#   mean score    (100 + 66.7 + 33.3 + 33.3) / 4 = 58.3%
#   discrimination: correlation of the item with the mean of the other items
#     q1: x = 1,1,0,0  rest = 1,.5,.5,.5  cov .25, var 1 and .1875  -> .577 = 57.7%
#     q2: x = 1,0,0,1  rest = 1,1,.5,0    cov -.25, var 1 and .6875 -> -.302 = -30.2%
#     q3: x = 1,1,1,0  rest = 1,.5,0,.5   cov 0                     -> 0%
EXAMPLE = [
    {1: 1, 2: 1, 3: 1},
    {1: 1, 2: 0, 3: 1},
    {1: 0, 2: 0, 3: 1},
    {1: 0, 2: 1, 3: 0},
]


def test_statistics_match_the_hand_computed_example():
    stats = compute_statistics(EXAMPLE)
    assert stats.attempts == 4
    assert stats.mean_score == 58.3
    assert [stats.questions[q].facility for q in (1, 2, 3)] == [50.0, 50.0, 75.0]
    assert [stats.questions[q].discrimination for q in (1, 2, 3)] == [57.7, -30.2, 0.0]


def test_discrimination_is_unknown_when_everyone_scores_the_same():
    stats = compute_statistics([{1: 1, 2: 0}, {1: 1, 2: 1}])
    assert stats.questions[1].discrimination is None
    assert pearson([1, 1], [0, 1]) is None


def test_statistics_page_for_course_authors(app, client, login_as, course_folder):
    with app.app_context():
        import_course(course_folder)
        quiz = db.session.scalar(db.select(Quiz))
        questions = db.session.scalars(
            db.select(QuizQuestion).order_by(QuizQuestion.position)
        ).all()[:3]
        ids = [q.id for q in questions]
        for number, result in enumerate(EXAMPLE):
            learner = make_user(email=f"leerling{number}@verbind.example")
            db.session.add(
                Attempt(
                    user_id=learner.id,
                    quiz_id=quiz.id,
                    submitted_at=utcnow(),
                    layout=[{"question": i, "options": []} for i in ids],
                    results={str(ids[q - 1]): points for q, points in result.items()},
                    score=100 * sum(result.values()) / 3,
                    passed=False,
                )
            )
        db.session.commit()
        slug = db.session.scalar(db.select(Course.slug))
    login_as("moderator")
    html = page_text(client.get(f"/courses/{slug}/statistics"))
    assert "58,3%" in html
    assert "57,7%" in html and "-30,2%" in html and "75%" in html


def test_statistics_are_for_authors_only(app, client, login_as, course_folder):
    with app.app_context():
        import_course(course_folder)
        slug = db.session.scalar(db.select(Course.slug))
    login_as("professional")
    assert client.get(f"/courses/{slug}/statistics").status_code == 403
