"""What learners do: enrol, finish lessons, take quiz attempts, earn a certificate.

Plain functions over the models; views call these and tests call them directly.
"""

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from community.clock import amsterdam_time, utcnow
from community.errors import UserError
from community.extensions import db
from courses import grading, policies
from courses.models import (
    Attempt,
    Certificate,
    Course,
    Enrolment,
    ExtraAttempts,
    Lesson,
    LessonCompletion,
    Module,
    Quiz,
    QuizQuestion,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


def course_durations(course_ids):
    """{course id: minutes} for these courses in one query: the sum of the `minutes` of their
    lessons (those still in the course), the one duration every page shows."""
    if not course_ids:
        return {}
    rows = db.session.execute(
        select(Module.course_id, func.coalesce(func.sum(Lesson.minutes), 0))
        .join(Lesson, Lesson.module_id == Module.id)
        .where(
            Module.course_id.in_(course_ids),
            Module.removed.is_(False),
            Lesson.removed.is_(False),
        )
        .group_by(Module.course_id)
    ).all()
    found = {course_id: int(minutes) for course_id, minutes in rows}
    return {course_id: found.get(course_id, 0) for course_id in course_ids}


def course_duration_minutes(course):
    """How many minutes the course takes, computed from its lessons (see course_durations)."""
    return course_durations([course.id])[course.id]


class LearningError(UserError):
    """A problem with a course or quiz the user can fix; mostly its state (attempts used up)."""

    status = 409


# --- structure and progress --------------------------------------------------------------------


def course_items(course_id):
    """[(module, [lesson or quiz in order])] for a course: three queries."""
    return course_items_of([course_id])[course_id]


def course_items_of(course_ids):
    """{course id: [(module, [lesson or quiz in order])]} for several courses: three queries,
    however many courses."""
    modules = db.session.scalars(
        select(Module)
        .where(Module.course_id.in_(course_ids), Module.removed.is_(False))
        .order_by(Module.position, Module.key)
    ).all()
    module_ids = [m.id for m in modules]
    lessons = db.session.scalars(
        select(Lesson).where(Lesson.module_id.in_(module_ids), Lesson.removed.is_(False))
    ).all()
    quizzes = db.session.scalars(
        select(Quiz).where(Quiz.module_id.in_(module_ids), Quiz.removed.is_(False))
    ).all()
    by_module = {m.id: [] for m in modules}
    for item in [*lessons, *quizzes]:
        by_module[item.module_id].append(item)
    for items in by_module.values():
        items.sort(key=lambda item: (item.position, isinstance(item, Quiz), item.key))
    structures = {course_id: [] for course_id in course_ids}
    for module in modules:
        structures[module.course_id].append((module, by_module[module.id]))
    return structures


def item_ref(item):
    return f"{'quiz' if isinstance(item, Quiz) else 'lesson'}:{item.id}"


@dataclass
class Progress:
    done: set = field(default_factory=set)  # item refs completed (lessons done, quizzes passed)
    total: int = 0
    best_scores: dict = field(default_factory=dict)  # quiz id -> best score

    @property
    def percent(self):
        return round(100 * len(self.done) / self.total) if self.total else 0

    def module_percent(self, items):
        counted = [item for item in items if isinstance(item, Quiz) or item.required]
        if not counted:
            return 100
        return round(100 * sum(item_ref(i) in self.done for i in counted) / len(counted))


def progress_for(user_id, structure):
    """Which required lessons and quizzes this learner has completed: two queries."""
    items = [item for _module, module_items in structure for item in module_items]
    counted = [item for item in items if isinstance(item, Quiz) or item.required]
    lesson_ids = [i.id for i in items if isinstance(i, Lesson)]
    quiz_ids = [i.id for i in items if isinstance(i, Quiz)]
    progress = Progress(total=len(counted))
    if lesson_ids:
        for lesson_id in db.session.scalars(
            select(LessonCompletion.lesson_id).where(
                LessonCompletion.user_id == user_id, LessonCompletion.lesson_id.in_(lesson_ids)
            )
        ):
            progress.done.add(f"lesson:{lesson_id}")
    if quiz_ids:
        rows = db.session.execute(
            select(
                Attempt.quiz_id, func.max(Attempt.score), func.max(Attempt.passed.cast(db.Integer))
            )
            .where(
                Attempt.user_id == user_id,
                Attempt.quiz_id.in_(quiz_ids),
                Attempt.submitted_at.is_not(None),
            )
            .group_by(Attempt.quiz_id)
        ).all()
        for quiz_id, best, passed in rows:
            progress.best_scores[quiz_id] = best
            if passed:
                progress.done.add(f"quiz:{quiz_id}")
    progress.done &= {item_ref(item) for item in counted}
    return progress


def next_item(structure, progress):
    """The first required item not yet done, else None."""
    for _module, items in structure:
        for item in items:
            if (isinstance(item, Quiz) or item.required) and item_ref(item) not in progress.done:
                return item
    return None


# --- enrolment and lessons ---------------------------------------------------------------------


def enrolment_of(user_id, course_id):
    return db.session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id)
    )


def enrol(user, course):
    enrolment = enrolment_of(user.id, course.id)
    if enrolment is None:
        enrolment = Enrolment(user_id=user.id, course_id=course.id)
        db.session.add(enrolment)
        db.session.commit()
    return enrolment


def _require_enrolment(user, course_id):
    enrolment = enrolment_of(user.id, course_id)
    if enrolment is None:
        raise LearningError(_("Enrol in the course first."), status=403)
    return enrolment


def remember_position(user, course_id, item):
    """Remember where the learner goes next, for "continue where I left off". Called by the
    POSTs that move them on (enrol, lesson done, start a quiz): reading a page writes nothing."""
    enrolment = enrolment_of(user.id, course_id)
    if enrolment is not None and item is not None and enrolment.last_item != item_ref(item):
        enrolment.last_item = item_ref(item)
        db.session.commit()


def complete_lesson(user, lesson):
    _require_enrolment(user, lesson.module.course_id)
    if db.session.get(LessonCompletion, (user.id, lesson.id)) is None:
        db.session.add(LessonCompletion(user_id=user.id, lesson_id=lesson.id))
        db.session.commit()
    return issue_certificate_if_complete(user, lesson.module.course_id)


# --- quiz attempts -----------------------------------------------------------------------------


def question_dict(question):
    data = question.data or {}
    return {
        "id": question.id,
        "group": question.group_key,
        "kind": question.kind,
        "options": data.get("options", []),
        "items": data.get("items", []),
    }


def quiz_questions(quiz):
    return db.session.scalars(
        select(QuizQuestion)
        .where(QuizQuestion.quiz_id == quiz.id, QuizQuestion.removed.is_(False))
        .order_by(QuizQuestion.position, QuizQuestion.id)
    ).all()


def attempts_of(user_id, quiz_id):
    return db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id)
        .order_by(Attempt.started_at.desc(), Attempt.id.desc())
    ).all()


def attempts_left(quiz, attempts, granted=0):
    if not quiz.max_attempts:
        return None
    return max(0, quiz.max_attempts + granted - sum(1 for a in attempts if not a.is_open))


@dataclass
class QuizState:
    """Where one learner stands with one quiz: what they may do next and why.

    status: "open" (an attempt to continue), "available" (may start one), "passed" (and no
    attempt left to improve), "waiting" (a new attempt opens at retry_at) or "blocked" (no
    attempt left: read again and ask for extra attempts)."""

    quiz: Quiz
    attempts: list  # newest first
    granted: int = 0  # extra attempts moderators gave
    now: datetime = field(default_factory=utcnow)

    @property
    def open_attempt(self):
        return next((a for a in self.attempts if a.is_open), None)

    @property
    def submitted(self):
        return [a for a in self.attempts if not a.is_open]

    @property
    def passed(self):
        return any(a.passed for a in self.submitted)

    @property
    def left(self):
        return attempts_left(self.quiz, self.attempts, self.granted)

    @property
    def allowed(self):
        return self.quiz.max_attempts + self.granted if self.quiz.max_attempts else None

    @property
    def retry_at(self):
        """When a new attempt opens after the last failed one, if the quiz allows waiting."""
        if self.left != 0 or self.passed or not self.quiz.retry_after_hours:
            return None
        last = max(a.submitted_at for a in self.submitted)
        return last + timedelta(hours=self.quiz.retry_after_hours)

    @property
    def status(self):
        if self.open_attempt is not None:
            return "open"
        if self.left is None or self.left > 0:
            return "available"
        if self.passed:
            return "passed"
        if self.retry_at is not None and self.now < self.retry_at:
            return "waiting"
        if self.retry_at is not None:
            return "available"
        return "blocked"

    @property
    def can_continue(self):
        return self.status in ("open", "available")

    @property
    def no_attempt_ever_again(self):
        """Without a moderator, this learner can never make another attempt."""
        return self.left == 0 and not self.quiz.retry_after_hours


def quiz_state(user_id, quiz):
    return quiz_states(user_id, [quiz])[quiz.id]


def quiz_states(user_id, quizzes):
    """{quiz id: QuizState} for a learner: two queries, however many quizzes."""
    ids = [quiz.id for quiz in quizzes]
    attempts = {quiz_id: [] for quiz_id in ids}
    granted = {}
    if ids:
        for attempt in db.session.scalars(
            select(Attempt)
            .where(Attempt.user_id == user_id, Attempt.quiz_id.in_(ids))
            .order_by(Attempt.started_at.desc(), Attempt.id.desc())
        ):
            attempts[attempt.quiz_id].append(attempt)
        granted = dict(
            db.session.execute(
                select(ExtraAttempts.quiz_id, func.sum(ExtraAttempts.count))
                .where(ExtraAttempts.user_id == user_id, ExtraAttempts.quiz_id.in_(ids))
                .group_by(ExtraAttempts.quiz_id)
            ).all()
        )
    now = utcnow()
    return {
        quiz.id: QuizState(quiz, attempts[quiz.id], int(granted.get(quiz.id) or 0), now)
        for quiz in quizzes
    }


def answers_visible(attempt, state):
    """May the learner see the right answers of this submitted attempt? As the quiz's
    show_answers says; never while it is open."""
    if attempt.is_open:
        return False
    option = attempt.quiz.show_answers
    after_passing = state.passed
    after_last = state.no_attempt_ever_again and state.open_attempt is None
    return (
        option == "always"
        or (option == "after_passing" and after_passing)
        or (option == "after_last_attempt" and after_last)
        or (option == "after_passing_or_last_attempt" and (after_passing or after_last))
    )


def start_attempt(user, quiz, rng=None):
    """Reuse the open attempt, or draw questions and shuffle options for a new one."""
    _require_enrolment(user, quiz.module.course_id)
    state = quiz_state(user.id, quiz)
    if state.open_attempt is not None:
        return state.open_attempt
    if state.status == "waiting":
        raise LearningError(
            _(
                "You can start a new attempt from %(time)s.",
                time=amsterdam_time(state.retry_at),
            )
        )
    if state.status in ("blocked", "passed"):
        raise LearningError(_("You have used all attempts for this quiz."))
    pool = [question_dict(q) for q in quiz_questions(quiz)]
    drawn = grading.draw_questions(pool, quiz.draw, rng)
    attempt = Attempt(
        user_id=user.id,
        quiz_id=quiz.id,
        layout=grading.layout_for(drawn, shuffle_options=quiz.shuffle_options, rng=rng),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def _parse_responses(attempt, raw_responses):
    """(questions shown, {question id: clean response or None}); a response that was not
    offered in this attempt is refused."""
    questions = {
        q.id: question_dict(q)
        for q in db.session.scalars(
            select(QuizQuestion).where(
                QuizQuestion.id.in_([entry["question"] for entry in attempt.layout])
            )
        )
    }
    responses = {}
    shown = []
    for entry in attempt.layout:
        question = questions.get(entry["question"])
        if question is None:
            continue
        shown.append(question)
        try:
            responses[str(question["id"])] = grading.parse_response(
                question, entry["options"], raw_responses.get(str(question["id"]))
            )
        except grading.ResponseError as error:
            raise LearningError(
                _("Your answers do not match this attempt. Reload the quiz and try again."),
                status=400,
            ) from error
    return shown, responses


def unanswered_numbers(attempt, raw_responses):
    """The numbers (1, 2, ... as shown) of the questions left unanswered."""
    shown, responses = _parse_responses(attempt, raw_responses)
    return [
        number
        for number, question in enumerate(shown, start=1)
        if responses[str(question["id"])] is None
    ]


def submit_attempt(user, attempt, raw_responses):
    """Check that every answer was offered in this attempt, grade it on the server, close it.

    raw_responses: question id (str) -> submitted value (see grading.parse_response)."""
    if not policies.may_open_attempt(user, attempt):
        raise LearningError(_("This attempt belongs to someone else."), status=403)
    if not attempt.is_open:
        raise LearningError(_("This attempt has already been submitted."))
    shown, responses = _parse_responses(attempt, raw_responses)
    if shown and all(response is None for response in responses.values()):
        # Probably a slip (or an empty form): it should not cost an attempt.
        raise LearningError(_("Answer at least one question before you submit."), status=422)
    grade = grading.grade_attempt(shown, responses, attempt.quiz.pass_mark)
    attempt.responses = responses
    attempt.results = grade.points
    attempt.score = grade.score
    attempt.passed = grade.passed
    attempt.submitted_at = utcnow()
    db.session.commit()
    certificate = issue_certificate_if_complete(user, attempt.quiz.module.course_id)
    return grade, certificate


# --- extra attempts ----------------------------------------------------------------------------

MAX_EXTRA_ATTEMPTS = 10


def learner_by_email(course_id, email):
    """The enrolled learner with this address, or a LearningError for the form's email field."""
    from community.accounts.models import User

    normalised = (email or "").strip().lower()
    user = db.session.scalar(select(User).where(func.lower(User.email) == normalised))
    if user is None or enrolment_of(user.id, course_id) is None:
        raise LearningError(
            _("Nobody with this e-mail address is enrolled in this course."),
            field="email",
            status=422,
        )
    return user


def grant_extra_attempts(moderator, quiz, learner, count, note=""):
    """Give a learner `count` more attempts at a quiz; the row is the log of who, when, why."""
    if not policies.may_grant_extra_attempts(moderator, quiz):
        raise LearningError(_("Only course managers can grant extra attempts."), status=403)
    if not 1 <= count <= MAX_EXTRA_ATTEMPTS:
        raise LearningError(
            _("Grant 1 to %(max)d attempts.", max=MAX_EXTRA_ATTEMPTS), field="count", status=422
        )
    grant = ExtraAttempts(
        quiz_id=quiz.id,
        user_id=learner.id,
        granted_by_id=moderator.id,
        count=count,
        note=(note or "").strip(),
    )
    db.session.add(grant)
    db.session.commit()
    return grant


def grants_for_quiz(quiz_id):
    """Every grant on a quiz, newest first (the log moderators read)."""
    return db.session.scalars(
        select(ExtraAttempts)
        .where(ExtraAttempts.quiz_id == quiz_id)
        .order_by(ExtraAttempts.granted_at.desc(), ExtraAttempts.id.desc())
    ).all()


def grants_of(user_id, quiz_id):
    return db.session.scalars(
        select(ExtraAttempts)
        .where(ExtraAttempts.user_id == user_id, ExtraAttempts.quiz_id == quiz_id)
        .order_by(ExtraAttempts.granted_at.desc(), ExtraAttempts.id.desc())
    ).all()


# --- certificates ------------------------------------------------------------------------------


def new_certificate_code():
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def certificate_of(user_id, course_id):
    """The learner's certificate for this course, or None. Pages read it with this; only the
    POSTs that complete a course issue one (issue_certificate_if_complete)."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user_id, Certificate.course_id == course_id
        )
    )


def issue_certificate_if_complete(user, course_id):
    """When every required lesson is done and every quiz passed, issue (once) a certificate."""
    existing = certificate_of(user.id, course_id)
    if existing is not None:
        return existing
    structure = course_items(course_id)
    if next_item(structure, progress_for(user.id, structure)) is not None:
        return None
    course = db.session.get(Course, course_id)
    certificate = Certificate(
        code=new_certificate_code(),
        user_id=user.id,
        course_id=course.id,
        holder_name=user.name,
        course_title=course.title,
        accreditation_body=course.accreditation_body,
        accreditation_points=course.accreditation_points,
        course_minutes=course_duration_minutes(course),
    )
    db.session.add(certificate)
    enrolment = enrolment_of(user.id, course.id)
    if enrolment is not None:
        enrolment.completed_at = utcnow()
    db.session.commit()
    return certificate


def certificate_by_code(code):
    normalised = (code or "").strip().upper()
    return db.session.scalar(select(Certificate).where(Certificate.code == normalised))


def certificates_of(user_id):
    return db.session.scalars(
        select(Certificate)
        .where(Certificate.user_id == user_id)
        .order_by(Certificate.issued_at.desc())
    ).all()


def certificate_rows(certificates, verify_url):
    """The learner's certificates as table rows (header first) for their professional register."""
    header = [
        _("Course"),
        _("Date"),
        _("Accreditation register"),
        _("Points"),
        _("Code"),
        _("Verification"),
    ]
    return [
        header,
        *(
            [
                certificate.course_title,
                certificate.issued_at.date().isoformat(),
                certificate.accreditation_body,
                f"{certificate.accreditation_points:g}",
                certificate.code,
                verify_url(certificate),
            ]
            for certificate in certificates
        ),
    ]
