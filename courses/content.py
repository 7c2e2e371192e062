"""Import a course folder (see courses/CONTENT_FORMAT.md) into the database.

Everything is read and checked first; only a course without mistakes is written. Re-importing
matches modules, lessons, quizzes and questions by key and updates them in place, so learners'
progress and attempts stay; items no longer in the files are marked removed, not deleted.
"""

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from flask_babel import force_locale
from sqlalchemy import select

from community.extensions import db
from community.forum import services as forum_services
from courses.models import SHOW_ANSWERS, Course, Lesson, LessonTag, Module, Quiz, QuizQuestion

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
QUESTION_KINDS = ("single", "multiple", "true_false", "ordering", "case")
PART_KINDS = ("single", "multiple", "true_false")
OPTION_KEYS = string.ascii_lowercase


class ContentError(Exception):
    """A mistake in a content file; the message names the file, the line and the problem."""

    def __init__(self, path, line, problem):
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


# --- YAML with line numbers ------------------------------------------------------------------


class LineDict(dict):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    line = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path, text=None, line_offset=0):
    text = path.read_text(encoding="utf-8") if text is None else text
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 + line_offset if mark else None
        raise ContentError(path, line, f"not valid YAML: {error.problem}") from error
    if not isinstance(data, dict):
        raise ContentError(path, 1 + line_offset, "expected a mapping of keys and values")
    _shift_lines(data, line_offset)
    return data


def _shift_lines(value, offset):
    if isinstance(value, LineDict) and offset:
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
    if isinstance(value, dict):
        for item in value.values():
            _shift_lines(item, offset)
    elif isinstance(value, list):
        for item in value:
            _shift_lines(item, offset)


class _Reader:
    """Checks values of one file and reports mistakes with their line."""

    def __init__(self, path):
        self.path = path

    def line_of(self, mapping, key=None):
        if isinstance(mapping, LineDict):
            return mapping.key_lines.get(key, mapping.line) if key else mapping.line
        return None

    def fail(self, mapping, key, problem):
        raise ContentError(self.path, self.line_of(mapping, key), problem)

    def text(self, mapping, key, *, required=True, maximum=None, default=""):
        value = mapping.get(key)
        if value is None:
            if required:
                self.fail(mapping, None, f"'{key}' is missing")
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(mapping, key, f"'{key}' must be text")
        value = str(value).strip()
        if required and not value:
            self.fail(mapping, key, f"'{key}' is empty")
        if maximum and len(value) > maximum:
            self.fail(mapping, key, f"'{key}' is longer than {maximum} characters")
        return value

    def integer(self, mapping, key, *, required=True, minimum=None, maximum=None, default=None):
        value = mapping.get(key)
        if value is None:
            if required:
                self.fail(mapping, None, f"'{key}' is missing")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(mapping, key, f"'{key}' must be a whole number")
        if minimum is not None and value < minimum:
            self.fail(mapping, key, f"'{key}' must be at least {minimum}")
        if maximum is not None and value > maximum:
            self.fail(mapping, key, f"'{key}' must be at most {maximum}")
        return value

    def flag(self, mapping, key, default):
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            self.fail(mapping, key, f"'{key}' must be true or false")
        return value

    def items(self, mapping, key, *, minimum, maximum):
        value = mapping.get(key)
        if not isinstance(value, list):
            self.fail(mapping, key if key in mapping else None, f"'{key}' must be a list")
        if not minimum <= len(value) <= maximum:
            self.fail(mapping, key, f"'{key}' needs {minimum} to {maximum} entries")
        return value

    def tags(self, mapping, key="tags"):
        """A list of forum tag names, checked and written as the forum's ask form does
        (community.forum.services.parse_tags): "Blauwe plekken" becomes blauwe-plekken."""
        value = mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(mapping, key, f"'{key}' must be a list, for example [signaleren, baby]")
        names = []
        # The forum's messages, in the language of the other import messages.
        with force_locale("en"):
            try:
                for item in value:
                    if not isinstance(item, str) or len(forum_services.parse_tags(item)) != 1:
                        self.fail(mapping, key, f"each entry of '{key}' must be one tag name")
                    names += forum_services.parse_tags(item)
                return forum_services.parse_tags(", ".join(names))
            except forum_services.ForumError as error:
                self.fail(mapping, key, f"'{key}': {error}")

    def key(self, mapping, name="id"):
        value = self.text(mapping, name, maximum=100)
        if not KEY_PATTERN.match(value):
            self.fail(mapping, name, f"'{name}' must be lower-case letters, digits and hyphens")
        return value


# --- reading a course folder ------------------------------------------------------------------


@dataclass
class ParsedCourse:
    slug: str
    fields: dict
    modules: list = field(default_factory=list)


def _order_prefix(name):
    match = re.match(r"^(\d+)", name)
    return int(match.group(1)) if match else 0


def read_course(folder):
    folder = Path(folder)
    if not folder.is_dir():
        raise ContentError(folder, None, "is not a folder")
    course_file = folder / "course.yaml"
    if not course_file.exists():
        raise ContentError(course_file, None, "missing: every course folder needs course.yaml")
    data = load_yaml(course_file)
    reader = _Reader(course_file)
    accreditation = data.get("accreditation") or {}
    if not isinstance(accreditation, dict):
        reader.fail(data, "accreditation", "'accreditation' must have 'body' and 'points'")
    points = accreditation.get("points", 0)
    if isinstance(points, bool) or not isinstance(points, int | float) or points < 0:
        _Reader(course_file).fail(accreditation, "points", "'points' must be a number, 0 or more")
    # A claim shown on certificates: both parts or none, never "2 points" from nobody.
    if accreditation and not (points and accreditation.get("body")):
        reader.fail(
            data, "accreditation", "'accreditation' needs both 'body' and 'points' (more than 0)"
        )
    parsed = ParsedCourse(
        slug=folder.name.lower(),
        fields={
            "title": reader.text(data, "title", maximum=200),
            "summary": reader.text(data, "summary", maximum=300),
            "description": reader.text(data, "description"),
            "language": reader.text(data, "language", required=False, maximum=5, default="nl"),
            "accreditation_body": _Reader(course_file).text(
                accreditation, "body", required=False, maximum=50
            ),
            "accreditation_points": float(points),
        },
    )
    if not KEY_PATTERN.match(parsed.slug):
        raise ContentError(folder, None, "folder name must be lower-case letters, digits, hyphens")
    module_folders = sorted(
        (p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: (_order_prefix(p.name), p.name),
    )
    if not module_folders:
        raise ContentError(folder, None, "has no module folders")
    for module_folder in module_folders:
        parsed.modules.append(_read_module(module_folder))
    return parsed


def _read_module(folder):
    module_file = folder / "module.yaml"
    if not module_file.exists():
        raise ContentError(module_file, None, "missing: every module folder needs module.yaml")
    data = load_yaml(module_file)
    reader = _Reader(module_file)
    module = {
        "key": folder.name.lower(),
        "position": _order_prefix(folder.name),
        "title": reader.text(data, "title", maximum=200),
        "summary": reader.text(data, "summary", required=False, maximum=300),
        "lessons": [],
        "quizzes": [],
    }
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".quiz.yaml"):
            module["quizzes"].append(_read_quiz(path))
        elif path.suffix == ".md":
            module["lessons"].append(_read_lesson(path))
    if not module["lessons"] and not module["quizzes"]:
        raise ContentError(folder, None, "has no lessons or quizzes")
    return module


FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n?(.*)\Z", re.DOTALL)


def _read_lesson(path):
    text = path.read_text(encoding="utf-8")
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError(path, 1, "must start with front matter between '---' lines")
    data = load_yaml(path, match.group(1), line_offset=1)
    reader = _Reader(path)
    body = match.group(2).strip()
    if not body:
        raise ContentError(path, match.group(1).count("\n") + 3, "the lesson text is empty")
    return {
        "key": path.stem.lower(),
        "title": reader.text(data, "title", maximum=200),
        "position": reader.integer(data, "order", minimum=0),
        "minutes": reader.integer(data, "minutes", minimum=1, maximum=600),
        "required": reader.flag(data, "required", True),
        "tags": reader.tags(data),
        "body": body,
    }


def _read_quiz(path):
    data = load_yaml(path)
    reader = _Reader(path)
    quiz = {
        "key": path.name[: -len(".quiz.yaml")].lower(),
        "title": reader.text(data, "title", maximum=200),
        "position": reader.integer(data, "order", minimum=0),
        "pass_mark": reader.integer(data, "pass_mark", minimum=1, maximum=100),
        "max_attempts": reader.integer(data, "attempts", required=False, minimum=0, default=0),
        "draw": reader.integer(data, "draw", required=False, minimum=1),
        "shuffle_options": reader.flag(data, "shuffle_options", True),
        "show_answers": reader.text(
            data, "show_answers", required=False, default="after_passing_or_last_attempt"
        ),
        "retry_after_hours": reader.integer(
            data, "retry_after_hours", required=False, minimum=1, maximum=24 * 365
        ),
        "questions": [],
    }
    if quiz["show_answers"] not in SHOW_ANSWERS:
        choices = ", ".join(SHOW_ANSWERS)
        reader.fail(data, "show_answers", f"'show_answers' must be one of: {choices}")
    entries = reader.items(data, "questions", minimum=1, maximum=200)
    seen = set()
    for entry in entries:
        if not isinstance(entry, dict):
            raise ContentError(
                path, reader.line_of(data, "questions"), "a question must be a mapping"
            )
        quiz["questions"].extend(_read_question(reader, entry, seen))
    groups = len({question["group_key"] for question in quiz["questions"]})
    if quiz["draw"] is not None and quiz["draw"] > groups:
        reader.fail(data, "draw", f"'draw' is {quiz['draw']} but the quiz has {groups} questions")
    return quiz


def _read_question(reader, entry, seen, group=None, case_text=""):
    key = reader.key(entry)
    if key in seen:
        reader.fail(entry, "id", f"question id '{key}' is used twice in this quiz")
    seen.add(key)
    kind = reader.text(entry, "type")
    allowed = PART_KINDS if group else QUESTION_KINDS
    if kind not in allowed:
        reader.fail(entry, "type", f"'type' must be one of: {', '.join(allowed)}")
    if kind == "case":
        vignette = reader.text(entry, "case")
        parts = reader.items(entry, "parts", minimum=1, maximum=4)
        questions = []
        for part in parts:
            if not isinstance(part, dict):
                reader.fail(entry, "parts", "each part must be a mapping")
            questions.extend(_read_question(reader, part, seen, group=key, case_text=vignette))
        return questions
    question = {
        "key": key,
        "group_key": group or key,
        "kind": kind,
        "text": reader.text(entry, "text"),
        "feedback": reader.text(entry, "feedback", required=False),
        "case_text": case_text,
    }
    if kind == "true_false":
        correct = entry.get("correct")
        if not isinstance(correct, bool):
            reader.fail(
                entry, "correct" if "correct" in entry else None, "'correct' must be true or false"
            )
        question["data"] = {
            "options": [
                {"key": "true", "text": "Waar", "correct": correct, "feedback": ""},
                {"key": "false", "text": "Niet waar", "correct": not correct, "feedback": ""},
            ]
        }
    elif kind == "ordering":
        items = reader.items(entry, "items", minimum=3, maximum=8)
        if not all(isinstance(item, str) and item.strip() for item in items):
            reader.fail(entry, "items", "every item must be a line of text")
        question["data"] = {
            "items": [{"key": OPTION_KEYS[i], "text": item.strip()} for i, item in enumerate(items)]
        }
    else:
        options = reader.items(entry, "options", minimum=2, maximum=8)
        parsed = []
        for index, option in enumerate(options):
            if not isinstance(option, dict):
                reader.fail(entry, "options", "each option needs 'text' and 'correct'")
            correct = option.get("correct")
            if not isinstance(correct, bool):
                reader.fail(
                    option,
                    "correct" if "correct" in option else None,
                    "'correct' must be true or false",
                )
            parsed.append(
                {
                    "key": OPTION_KEYS[index],
                    "text": reader.text(option, "text"),
                    "correct": correct,
                    "feedback": reader.text(option, "feedback", required=False),
                }
            )
        right = sum(option["correct"] for option in parsed)
        if kind == "single" and right != 1:
            reader.fail(
                entry,
                "options",
                f"a single-choice question needs exactly one correct option, not {right}",
            )
        if kind == "multiple" and right < 1:
            reader.fail(entry, "options", "a multiple-choice question needs a correct option")
        question["data"] = {"options": parsed}
    return [question]


# --- writing ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    course: Course
    created: bool
    counts: dict


def import_course(folder):
    """Read, check and upsert one course folder. Raises ContentError on any mistake."""
    parsed = read_course(folder)
    course = db.session.scalar(select(Course).where(Course.slug == parsed.slug))
    created = course is None
    if created:
        course = Course(slug=parsed.slug)
        db.session.add(course)
    for name, value in parsed.fields.items():
        setattr(course, name, value)
    db.session.flush()

    counts = {"modules": 0, "lessons": 0, "quizzes": 0, "questions": 0}
    existing_modules = {
        m.key: m for m in db.session.scalars(select(Module).where(Module.course_id == course.id))
    }
    kept_modules = set()
    for module_data in parsed.modules:
        module = existing_modules.get(module_data["key"]) or Module(
            course_id=course.id, key=module_data["key"]
        )
        module.position = module_data["position"]
        module.title = module_data["title"]
        module.summary = module_data["summary"]
        module.removed = False
        db.session.add(module)
        db.session.flush()
        kept_modules.add(module.key)
        counts["modules"] += 1
        _upsert_children(module, module_data, counts)
    for key, module in existing_modules.items():
        if key not in kept_modules:
            module.removed = True
    db.session.commit()
    return ImportResult(course=course, created=created, counts=counts)


def _upsert(model, parent_filter, rows, fill):
    existing = {row.key: row for row in db.session.scalars(select(model).where(parent_filter))}
    kept = set()
    objects = []
    for data in rows:
        obj = existing.get(data["key"]) or model(key=data["key"])
        fill(obj, data)
        obj.removed = False
        db.session.add(obj)
        kept.add(data["key"])
        objects.append((obj, data))
    for key, obj in existing.items():
        if key not in kept:
            obj.removed = True
    db.session.flush()
    return objects


def _upsert_children(module, module_data, counts):
    def fill_lesson(lesson, data):
        lesson.module_id = module.id
        for name in ("title", "position", "minutes", "required", "body"):
            setattr(lesson, name, data[name])
        # Rows kept by name: a tag the lesson keeps is not deleted and added again.
        kept = [row for row in lesson.tag_rows if row.name in data["tags"]]
        have = {row.name for row in kept}
        lesson.tag_rows = kept + [LessonTag(name=n) for n in data["tags"] if n not in have]

    def fill_quiz(quiz, data):
        quiz.module_id = module.id
        for name in (
            "title",
            "position",
            "pass_mark",
            "max_attempts",
            "draw",
            "shuffle_options",
            "show_answers",
            "retry_after_hours",
        ):
            setattr(quiz, name, data[name])

    counts["lessons"] += len(
        _upsert(Lesson, Lesson.module_id == module.id, module_data["lessons"], fill_lesson)
    )
    for quiz, quiz_data in _upsert(
        Quiz, Quiz.module_id == module.id, module_data["quizzes"], fill_quiz
    ):
        counts["quizzes"] += 1

        def fill_question(question, data, quiz=quiz):
            question.quiz_id = quiz.id
            for name in ("group_key", "kind", "text", "feedback", "case_text", "data"):
                setattr(question, name, data[name])

        numbered = [dict(data, position=i) for i, data in enumerate(quiz_data["questions"])]
        questions = _upsert(
            QuizQuestion,
            QuizQuestion.quiz_id == quiz.id,
            numbered,
            lambda q, d: (fill_question(q, d), setattr(q, "position", d["position"])),
        )
        counts["questions"] += len(questions)
