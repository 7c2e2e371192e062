"""Course pages: catalogue, course, lessons, quizzes and attempts, my learning, certificates,
and quiz statistics for course authors."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from community.access_log import AccessKind, log_access
from community.csv_export import csv_download
from community.errors import apply_error
from community.extensions import db
from community.forms import ActionForm, privacy_warnings
from community.forum import services as forum_services
from community.mail import absolute_url
from community.permissions import Permission, can, permission_required
from community.webinars import services as webinar_services
from courses import learning, policies, services
from courses.forms import ExtraAttemptsForm
from courses.models import Attempt, Course, Lesson, Quiz, QuizQuestion
from courses.statistics import quiz_statistics

bp = Blueprint("courses", __name__, url_prefix="/courses")
certificates_bp = Blueprint("certificates", __name__, url_prefix="/certificates")


def _course_or_404(slug):
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        abort(404)
    return course


def _item_or_404(model, item_id, course):
    item = db.session.get(model, item_id)
    if item is None or item.removed or item.module.course_id != course.id or item.module.removed:
        abort(404)
    return item


def _item_url(course, item):
    if isinstance(item, Quiz):
        return url_for("courses.quiz", slug=course.slug, quiz_id=item.id)
    return url_for("courses.lesson", slug=course.slug, lesson_id=item.id)


def _fail(error):
    if error.status == 403 and not current_user.is_authenticated:
        abort(403)
    flash(str(error), "error")


@bp.route("/")
def index():
    courses = db.session.scalars(select(Course).order_by(Course.title)).all()
    enrolled = {}
    if current_user.is_authenticated:
        for course in courses:
            enrolment = learning.enrolment_of(current_user.id, course.id)
            if enrolment is not None:
                structure = learning.course_items(course.id)
                enrolled[course.id] = learning.progress_for(current_user.id, structure)
    return render_template(
        "courses/index.html",
        courses=courses,
        enrolled=enrolled,
        minutes=services.course_durations([course.id for course in courses]),
    )


@bp.route("/<slug>")
def course(slug):
    course = _course_or_404(slug)
    structure = learning.course_items(course.id)
    enrolment = progress = continue_item = certificate = stuck = None
    if current_user.is_authenticated:
        enrolment = learning.enrolment_of(current_user.id, course.id)
        if enrolment is not None:
            progress = learning.progress_for(current_user.id, structure)
            continue_item, stuck = _continue_item(structure, enrolment, progress)
            certificate = learning.certificate_of(current_user.id, course.id)
    minutes = services.course_duration_minutes(course)
    # The webinars linked to this course (the other way: a webinar's page links its course).
    coming_webinars, past_webinars = (
        webinar_services.webinars_for_course(course.id)
        if "webinars.detail" in current_app.view_functions
        else ([], [])
    )
    return render_template(
        "courses/course.html",
        course=course,
        coming_webinars=coming_webinars,
        past_webinars=past_webinars,
        structure=structure,
        enrolment=enrolment,
        progress=progress,
        continue_item=continue_item,
        stuck=stuck,
        certificate=certificate,
        minutes=minutes,
        item_url=lambda item: _item_url(course, item),
        item_ref=learning.item_ref,
        action_form=ActionForm(),
        Quiz=Quiz,
    )


def _continue_item(structure, enrolment, progress):
    """(where to continue, the state of the first quiz that holds the learner up, or None).

    Where the learner left off, or else the first required item not done; a quiz only when an
    attempt can be continued or started now. None when nothing can be continued."""
    items = [item for _module, module_items in structure for item in module_items]
    not_done = [item for item in items if learning.item_ref(item) not in progress.done]
    quizzes = [item for item in not_done if isinstance(item, Quiz)]
    states = learning.quiz_states(current_user.id, quizzes)
    stuck = next((states[q.id] for q in quizzes if not states[q.id].can_continue), None)

    def possible(item):
        return not isinstance(item, Quiz) or states[item.id].can_continue

    candidates = [item for item in not_done if possible(item)]
    last = next((i for i in candidates if learning.item_ref(i) == enrolment.last_item), None)
    required = next((i for i in candidates if isinstance(i, Quiz) or i.required), None)
    return last or required, stuck


@bp.route("/<slug>/enrol", methods=["POST"])
@permission_required(Permission.TAKE_COURSES)
def enrol(slug):
    course = _course_or_404(slug)
    learning.enrol(current_user, course)
    flash(_("You are enrolled. Good luck!"), "success")
    structure = learning.course_items(course.id)
    first = learning.next_item(structure, learning.progress_for(current_user.id, structure))
    learning.remember_position(current_user, course.id, first)
    return redirect(_item_url(course, first) if first else url_for("courses.course", slug=slug))


@bp.route("/<slug>/certificate", methods=["POST"])
@permission_required(Permission.TAKE_COURSES)
def claim_certificate(slug):
    """For a learner who completed the course without a completing POST: one who finished
    before certificates were issued on submit, or whose course lost its last open item when
    its content was updated. The course page offers the button then."""
    course = _course_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    if learning.enrolment_of(current_user.id, course.id) is None:
        flash(_("Enrol in the course first."), "info")
    elif learning.issue_certificate_if_complete(current_user, course.id) is None:
        flash(_("Complete every lesson and quiz first."), "info")
    return redirect(url_for("courses.course", slug=slug))


def _neighbours(structure, item):
    flat = [i for _module, items in structure for i in items]
    index = next(n for n, i in enumerate(flat) if learning.item_ref(i) == learning.item_ref(item))
    previous = flat[index - 1] if index > 0 else None
    following = flat[index + 1] if index + 1 < len(flat) else None
    return previous, following


@bp.route("/<slug>/lessons/<int:lesson_id>")
@permission_required(Permission.TAKE_COURSES)
def lesson(slug, lesson_id):
    course = _course_or_404(slug)
    lesson = _item_or_404(Lesson, lesson_id, course)
    if learning.enrolment_of(current_user.id, course.id) is None:
        flash(_("Enrol in the course first."), "info")
        return redirect(url_for("courses.course", slug=slug))
    structure = learning.course_items(course.id)
    progress = learning.progress_for(current_user.id, structure)
    previous, following = _neighbours(structure, lesson)
    return render_template(
        "courses/lesson.html",
        course=course,
        lesson=lesson,
        forum=_lesson_in_forum(lesson),
        structure=structure,
        progress=progress,
        done=learning.item_ref(lesson) in progress.done,
        previous=previous,
        following=following,
        item_url=lambda item: _item_url(course, item),
        item_ref=learning.item_ref,
        action_form=ActionForm(),
        Quiz=Quiz,
    )


# How many of the forum's newest questions on a lesson's subjects its page shows.
LESSON_QUESTIONS = 5


def _lesson_in_forum(lesson):
    """What the lesson page shows of the forum: its tags and the newest questions carrying
    them, or None when there is no forum to show (not on this site, or not for this reader)."""
    if "forum.index" not in current_app.view_functions:
        return None
    if not can(current_user, Permission.READ_FORUM):
        return None
    tags = lesson.tag_names
    return {
        "tags": tags,
        "questions": forum_services.newest_questions_tagged(tags, LESSON_QUESTIONS),
        "may_ask": can(current_user, Permission.POST_IN_FORUM),
    }


@bp.route("/<slug>/lessons/<int:lesson_id>/done", methods=["POST"])
@permission_required(Permission.TAKE_COURSES)
def lesson_done(slug, lesson_id):
    course = _course_or_404(slug)
    lesson = _item_or_404(Lesson, lesson_id, course)
    try:
        certificate = learning.complete_lesson(current_user, lesson)
    except learning.LearningError as error:
        _fail(error)
        return redirect(url_for("courses.course", slug=slug))
    if certificate is not None and certificate.issued_at and request.form.get("last") == "1":
        return redirect(url_for("courses.course", slug=slug))
    structure = learning.course_items(course.id)
    _, following = _neighbours(structure, lesson)
    learning.remember_position(current_user, course.id, following)
    return redirect(
        _item_url(course, following) if following else url_for("courses.course", slug=slug)
    )


@bp.route("/<slug>/quizzes/<int:quiz_id>")
@permission_required(Permission.TAKE_COURSES)
def quiz(slug, quiz_id):
    course = _course_or_404(slug)
    quiz = _item_or_404(Quiz, quiz_id, course)
    if learning.enrolment_of(current_user.id, course.id) is None:
        flash(_("Enrol in the course first."), "info")
        return redirect(url_for("courses.course", slug=slug))
    return render_template(
        "courses/quiz.html",
        course=course,
        quiz=quiz,
        state=learning.quiz_state(current_user.id, quiz),
        grants=learning.grants_of(current_user.id, quiz.id),
        question_count=len(learning.quiz_questions(quiz)),
        action_form=ActionForm(),
    )


@bp.route("/<slug>/quizzes/<int:quiz_id>/attempts", methods=["POST"])
@permission_required(Permission.TAKE_COURSES)
def start_attempt(slug, quiz_id):
    course = _course_or_404(slug)
    quiz = _item_or_404(Quiz, quiz_id, course)
    try:
        attempt = learning.start_attempt(current_user, quiz)
    except learning.LearningError as error:
        _fail(error)
        return redirect(url_for("courses.quiz", slug=slug, quiz_id=quiz.id))
    learning.remember_position(current_user, course.id, quiz)
    return redirect(url_for("courses.attempt", attempt_id=attempt.id))


def _attempt_questions(attempt):
    """The attempt's questions in the order shown, with options in the order shown."""
    ids = [entry["question"] for entry in attempt.layout]
    by_id = {
        q.id: q for q in db.session.scalars(select(QuizQuestion).where(QuizQuestion.id.in_(ids)))
    }
    shown = []
    for entry in attempt.layout:
        question = by_id.get(entry["question"])
        if question is None:
            continue
        data = question.data or {}
        pool = {o["key"]: o for o in data.get("options", []) + data.get("items", [])}
        shown.append((question, [pool[key] for key in entry["options"] if key in pool]))
    return shown


def _raw_responses(attempt):
    raw = {}
    for entry in attempt.layout:
        name = f"q{entry['question']}"
        if request.form.getlist(name + "[]"):
            raw[str(entry["question"])] = request.form.getlist(name + "[]")
        elif request.form.getlist(name + "-order"):
            raw[str(entry["question"])] = _ordering_from_positions(entry, name)
        else:
            raw[str(entry["question"])] = request.form.get(name)
    return raw


class DuplicatePlaces(Exception):
    """The learner gave two items of an ordering question the same place."""


def _ordering_from_positions(entry, name):
    """Ordering answers arrive as a place number per item; sort the items by them. Left
    empty, the question is unanswered; two items on one place is a mistake to correct."""
    positions = {}
    for key in entry["options"]:
        value = request.form.get(f"{name}-{key}", "")
        # isdecimal, not isdigit: int() refuses digits such as "²"; and a place has few digits.
        if not value.isdecimal() or len(value) > 4:
            return None
        positions[key] = int(value)
    if len(set(positions.values())) != len(positions):
        raise DuplicatePlaces(entry["question"])
    return [key for key, _place in sorted(positions.items(), key=lambda kv: kv[1])]


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@permission_required(Permission.TAKE_COURSES)
def attempt(attempt_id):
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        abort(404)
    if not policies.may_open_attempt(current_user, attempt):
        abort(403)
    quiz = attempt.quiz
    course = db.session.get(Course, quiz.module.course_id)
    status = 200
    if request.method == "POST":
        if not ActionForm().validate_on_submit():
            abort(400)
        outcome = _submit(attempt, course)
        if not isinstance(outcome, int):
            return outcome
        status = outcome
    if attempt.is_open:
        return render_template(
            "courses/attempt.html",
            attempt=attempt,
            quiz=quiz,
            course=course,
            questions=_attempt_questions(attempt),
            action_form=ActionForm(),
            submitted=request.form,
        ), status
    state = learning.quiz_state(current_user.id, quiz)
    return render_template(
        "courses/result.html",
        attempt=attempt,
        quiz=quiz,
        course=course,
        questions=_attempt_questions(attempt),
        certificate=learning.certificate_of(current_user.id, course.id),
        state=state,
        show_answers=learning.answers_visible(attempt, state),
        action_form=ActionForm(),
    ), status


def _submit(attempt, course):
    """Grade the posted answers and redirect to the result, show the summary of unanswered
    questions, or give the HTTP status to show the questions again with (after "back to the
    questions" as they were, else with a message). Unanswered questions first get the summary
    unless the learner chose "submit anyway"; a form without any answer costs no attempt."""
    if not attempt.is_open:
        flash(_("This attempt has already been submitted."), "error")
        return 409
    try:
        raw = _raw_responses(attempt)
        if request.form.get("back") is not None:
            return 200
        missing = learning.unanswered_numbers(attempt, raw)
        questions = _attempt_questions(attempt)
        if missing and len(missing) < len(questions) and not request.form.get("anyway"):
            return render_template(
                "courses/attempt_summary.html",
                attempt=attempt,
                quiz=attempt.quiz,
                course=course,
                unanswered=[(n, questions[n - 1][0]) for n in missing if n <= len(questions)],
                answer_fields=_answer_fields(attempt),
                action_form=ActionForm(),
            )
        learning.submit_attempt(current_user, attempt, raw)
    except DuplicatePlaces:
        flash(_("Give every item of an ordering question its own place."), "error")
        return 422
    except learning.LearningError as error:
        flash(str(error), "error")
        return error.status
    return redirect(url_for("courses.attempt", attempt_id=attempt.id))


def _answer_fields(attempt):
    """[(name, value)] of the answers posted, to carry through the summary page unchanged."""
    names = {f"q{entry['question']}" for entry in attempt.layout}
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name.split("-")[0].removesuffix("[]") in names
    ]


# --- my learning and certificates --------------------------------------------------------------


@bp.route("/mine")
@permission_required(Permission.TAKE_COURSES)
def mine():
    from courses.models import Enrolment

    enrolments = db.session.scalars(
        select(Enrolment)
        .where(Enrolment.user_id == current_user.id)
        .order_by(Enrolment.enrolled_at.desc())
    ).all()
    progress = {}
    for enrolment in enrolments:
        structure = learning.course_items(enrolment.course_id)
        progress[enrolment.course_id] = learning.progress_for(current_user.id, structure)
    certificates = learning.certificates_of(current_user.id)
    return render_template(
        "courses/mine.html",
        enrolments=enrolments,
        progress=progress,
        certificates=certificates,
        total_points=sum(c.accreditation_points for c in certificates),
    )


def _verify_url(certificate):
    return absolute_url("certificates.verify", code=certificate.code)


@bp.route("/mine/certificates.csv")
@permission_required(Permission.TAKE_COURSES)
def certificates_csv():
    rows = learning.certificate_rows(learning.certificates_of(current_user.id), _verify_url)
    return csv_download(rows, "verbind-certificaten.csv")


@certificates_bp.route("/<code>/print")
@permission_required(Permission.TAKE_COURSES)
def printable(code):
    certificate = learning.certificate_by_code(code)
    if certificate is None or not policies.may_print_certificate(current_user, certificate):
        abort(404)
    return render_template(
        "courses/certificate.html", certificate=certificate, verify_url=_verify_url(certificate)
    )


@certificates_bp.route("/<code>")
def verify(code):
    """Public: confirms a certificate by its code, showing only holder, course and date."""
    certificate = learning.certificate_by_code(code[:20])
    status = 200 if certificate else 404
    return render_template("courses/verify.html", certificate=certificate, code=code[:20]), status


# --- statistics for course authors -------------------------------------------------------------


@bp.route("/<slug>/statistics")
@permission_required(Permission.MANAGE_COURSES)
def statistics(slug):
    course = _course_or_404(slug)
    structure = learning.course_items(course.id)
    quizzes = [item for _module, items in structure for item in items if isinstance(item, Quiz)]
    report = []
    for quiz in quizzes:
        report.append((quiz, learning.quiz_questions(quiz), quiz_statistics(quiz)))
    return render_template("courses/statistics.html", course=course, report=report)


@bp.route("/<slug>/quizzes/<int:quiz_id>/extra-attempts", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_COURSES)
def extra_attempts(slug, quiz_id):
    """A moderator gives a learner who used up their attempts more; the page lists every grant."""
    course = _course_or_404(slug)
    quiz = _item_or_404(Quiz, quiz_id, course)
    form = ExtraAttemptsForm()
    warnings = {}
    status = 200
    if form.validate_on_submit():
        # The learner reads the note on the quiz page: no client details in it.
        privacy = privacy_warnings(form, current_user.id, form.note.data)
        if privacy:
            warnings, status = {"privacy": privacy}, 422
        else:
            try:
                learner = learning.learner_by_email(course.id, form.email.data)
                grant = learning.grant_extra_attempts(
                    current_user, quiz, learner, form.count.data, form.note.data
                )
            except learning.LearningError as error:
                apply_error(form, error)
                status = error.status
            else:
                flash(
                    ngettext(
                        "%(name)s got %(num)d extra attempt.",
                        "%(name)s got %(num)d extra attempts.",
                        grant.count,
                        name=learner.name,
                    ),
                    "success",
                )
                return redirect(url_for("courses.extra_attempts", slug=slug, quiz_id=quiz.id))
    elif form.is_submitted():
        status = 422
    grants = learning.grants_for_quiz(quiz.id)
    # The list names learners with their e-mail address: who looked is theirs to know.
    learners = [grant.user_id for grant in grants]
    log_access(current_user, learners, AccessKind.EXTRA_ATTEMPTS, quiz.title)
    return render_template(
        "courses/extra_attempts.html",
        course=course,
        quiz=quiz,
        form=form,
        warnings=warnings,
        grants=grants,
    ), status
