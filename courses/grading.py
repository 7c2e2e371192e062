"""Quiz rules as pure functions: draw questions, lay out options, check and grade responses.

Questions here are plain dicts: {"id", "group", "kind", "options": [{"key", "correct"}] or
"items": [{"key"}]}. Nothing in this module touches the database or the request.
"""

import random
from dataclasses import dataclass

KINDS = ("single", "multiple", "true_false", "ordering")


class ResponseError(Exception):
    """A submission that does not fit the attempt (tampered or stale form)."""


def draw_questions(questions, draw=None, rng=None):
    """Pick `draw` groups (a case's parts stay together) from the pool; keep pool order."""
    rng = rng or random.SystemRandom()
    groups = []
    for question in questions:
        if not groups or groups[-1][0] != question["group"]:
            groups.append((question["group"], []))
        groups[-1][1].append(question)
    if draw is not None and draw < len(groups):
        chosen = set(rng.sample(range(len(groups)), draw))
        groups = [group for index, group in enumerate(groups) if index in chosen]
    return [question for _, members in groups for question in members]


def option_keys(question):
    if question["kind"] == "ordering":
        return [item["key"] for item in question["items"]]
    return [option["key"] for option in question["options"]]


def layout_for(questions, *, shuffle_options=True, rng=None):
    """[{question id, option keys in the order shown}]; ordering items are always shuffled,
    and never shown in the correct order when another order exists."""
    rng = rng or random.SystemRandom()
    layout = []
    for question in questions:
        keys = option_keys(question)
        shuffle = question["kind"] == "ordering" or (
            shuffle_options and question["kind"] != "true_false"
        )
        if shuffle and len(keys) > 1:
            shown = keys[:]
            for _ in range(10):
                rng.shuffle(shown)
                if question["kind"] != "ordering" or shown != keys:
                    break
            keys = shown
        layout.append({"question": question["id"], "options": keys})
    return layout


def parse_response(question, shown_keys, raw):
    """Turn submitted form values into a clean response, refusing anything not offered.

    raw: for single/true_false a key (or None); multiple a list of keys; ordering a list of
    keys in the chosen order. Returns the cleaned value; an unanswered question is None."""
    offered = set(shown_keys)
    kind = question["kind"]
    if kind in ("single", "true_false"):
        if raw in (None, ""):
            return None
        # A list (q1[]=...) is not a key: refuse it rather than fail on it.
        if not isinstance(raw, str) or raw not in offered:
            raise ResponseError(f"option {raw!r} was not offered")
        return raw
    if isinstance(raw, str):
        # A single value where a list belongs: iterating it would read "ab" as ["a", "b"].
        raise ResponseError("a list of keys was expected")
    if kind == "multiple":
        chosen = list(dict.fromkeys(raw or []))
        if not set(chosen) <= offered:
            raise ResponseError("an option was not offered")
        return sorted(chosen) or None
    if kind == "ordering":
        order = list(raw or [])
        if not order:
            return None
        if sorted(order) != sorted(offered) or len(set(order)) != len(order):
            raise ResponseError("the order must use each item exactly once")
        return order
    raise ResponseError(f"unknown question kind {kind!r}")


def correct_answer(question):
    kind = question["kind"]
    if kind == "ordering":
        return [item["key"] for item in question["items"]]
    correct = [option["key"] for option in question["options"] if option["correct"]]
    if kind == "multiple":
        return sorted(correct)
    return correct[0]


def grade_question(question, response):
    """1 point for a fully right response, else 0 (no partial credit)."""
    return 1 if response is not None and response == correct_answer(question) else 0


@dataclass
class Grade:
    points: dict  # question id -> 0/1
    score: float  # percent
    passed: bool


def grade_attempt(questions, responses, pass_mark):
    """Grade every question shown; unanswered counts as wrong."""
    points = {str(q["id"]): grade_question(q, responses.get(str(q["id"]))) for q in questions}
    score = round(100 * sum(points.values()) / len(points), 1) if points else 0.0
    return Grade(points=points, score=score, passed=score >= pass_mark)
