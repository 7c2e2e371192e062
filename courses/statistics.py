"""Quiz statistics as Moodle reports them: attempts, mean score, and per question the facility
index (share of attempts that got it right) and the discrimination index (correlation between
the question's score and the score on the rest of the attempt, as a percentage)."""

from dataclasses import dataclass
from math import sqrt

from sqlalchemy import select

from community.extensions import db
from courses.models import Attempt


@dataclass
class QuestionStatistics:
    question_id: int
    attempts: int
    facility: float | None  # percent
    discrimination: float | None  # percent; None when it cannot be computed


@dataclass
class QuizStatistics:
    attempts: int
    mean_score: float | None
    questions: dict  # question id -> QuestionStatistics


def pearson(xs, ys):
    """Correlation coefficient, or None when either side does not vary."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    cov = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    var_x = sum((x - mean_x) ** 2 for x in xs)
    var_y = sum((y - mean_y) ** 2 for y in ys)
    if var_x == 0 or var_y == 0:
        return None
    return cov / sqrt(var_x * var_y)


def compute_statistics(results):
    """results: one dict per submitted attempt, question id -> points (0 or 1)."""
    question_ids = sorted({qid for result in results for qid in result})
    scores = [100 * sum(r.values()) / len(r) for r in results if r]
    questions = {}
    for qid in question_ids:
        item_scores, rest_scores = [], []
        for result in results:
            if qid not in result:
                continue
            item = result[qid]
            others = [points for other, points in result.items() if other != qid]
            item_scores.append(item)
            rest_scores.append(sum(others) / len(others) if others else 0)
        correlation = pearson(item_scores, rest_scores)
        questions[qid] = QuestionStatistics(
            question_id=qid,
            attempts=len(item_scores),
            facility=round(100 * sum(item_scores) / len(item_scores), 1) if item_scores else None,
            discrimination=round(100 * correlation, 1) if correlation is not None else None,
        )
    return QuizStatistics(
        attempts=len(results),
        mean_score=round(sum(scores) / len(scores), 1) if scores else None,
        questions=questions,
    )


def quiz_statistics(quiz):
    rows = db.session.scalars(
        select(Attempt.results).where(Attempt.quiz_id == quiz.id, Attempt.submitted_at.is_not(None))
    ).all()
    # JSON keys are strings; the questions are ints in the database.
    results = [{int(qid): points for qid, points in (row or {}).items()} for row in rows]
    return compute_statistics(results)
