"""Grading rules, as pure functions."""

import random

import pytest

from courses import grading

SINGLE = {
    "id": 1,
    "group": "a",
    "kind": "single",
    "options": [{"key": "a", "correct": False}, {"key": "b", "correct": True}],
}
MULTIPLE = {
    "id": 2,
    "group": "b",
    "kind": "multiple",
    "options": [
        {"key": "a", "correct": True},
        {"key": "b", "correct": True},
        {"key": "c", "correct": False},
    ],
}
ORDERING = {
    "id": 3,
    "group": "c",
    "kind": "ordering",
    "items": [{"key": "a"}, {"key": "b"}, {"key": "c"}],
}
CASE_PARTS = [
    {
        "id": 4,
        "group": "casus",
        "kind": "true_false",
        "options": [{"key": "true", "correct": True}, {"key": "false", "correct": False}],
    },
    {
        "id": 5,
        "group": "casus",
        "kind": "single",
        "options": [{"key": "a", "correct": True}, {"key": "b", "correct": False}],
    },
]


def test_multiple_choice_needs_exactly_the_right_options():
    assert grading.grade_question(MULTIPLE, ["a", "b"]) == 1
    assert grading.grade_question(MULTIPLE, ["a"]) == 0
    assert grading.grade_question(MULTIPLE, ["a", "b", "c"]) == 0


def test_ordering_needs_the_full_order():
    assert grading.grade_question(ORDERING, ["a", "b", "c"]) == 1
    assert grading.grade_question(ORDERING, ["b", "a", "c"]) == 0


def test_unanswered_counts_as_wrong_and_score_is_a_percentage():
    grade = grading.grade_attempt([SINGLE, MULTIPLE, ORDERING], {"1": "b"}, pass_mark=30)
    assert grade.points == {"1": 1, "2": 0, "3": 0}
    assert grade.score == 33.3 and grade.passed is True


@pytest.mark.parametrize(
    "question, shown, raw",
    [
        (SINGLE, ["a", "b"], "x"),
        (MULTIPLE, ["a", "b", "c"], ["a", "d"]),
        (ORDERING, ["c", "a", "b"], ["a", "a", "b"]),
        (ORDERING, ["c", "a", "b"], ["a", "b"]),
    ],
)
def test_options_that_were_not_offered_are_refused(question, shown, raw):
    with pytest.raises(grading.ResponseError):
        grading.parse_response(question, shown, raw)


def test_draw_keeps_case_parts_together():
    pool = [SINGLE, MULTIPLE, ORDERING, *CASE_PARTS]
    for seed in range(20):
        drawn = grading.draw_questions(pool, 2, random.Random(seed))
        groups = [q["group"] for q in drawn]
        assert len(set(groups)) == 2
        if "casus" in groups:
            assert [q["id"] for q in drawn if q["group"] == "casus"] == [4, 5]


def test_ordering_items_are_never_shown_in_the_right_order():
    for seed in range(20):
        [entry] = grading.layout_for([ORDERING], rng=random.Random(seed))
        assert entry["options"] != ["a", "b", "c"]
        assert sorted(entry["options"]) == ["a", "b", "c"]
