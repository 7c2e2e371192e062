"""Webinar pages: the schedule, one webinar with registration and calendar file, organising,
the live room (its Socket.IO side is in live.py) and the Q&A archive with exports."""

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
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
from wtforms.fields import SelectChoice

from community.access_log import AccessKind, log_access
from community.calendar_files import WEBINARS_PRODID, CalendarEvent, calendar_file
from community.clock import amsterdam_time, local_time, to_utc, utcnow
from community.csv_export import csv_download
from community.errors import apply_error
from community.extensions import db
from community.forms import ActionForm, announcement_warnings
from community.forum import services as forum_services
from community.mail import absolute_url
from community.permissions import Permission, can, permission_required
from community.webinars import mail, policies, polls, services
from community.webinars.forms import PollForm, WebinarForm
from community.webinars.models import LiveQuestionStatus, Poll, RegistrationStatus, Webinar
from courses import services as course_services

bp = Blueprint("webinars", __name__, url_prefix="/webinars")


def _webinar_or_404(webinar_id):
    webinar = db.session.get(Webinar, webinar_id)
    if webinar is None:
        abort(404)
    return webinar


@bp.route("/")
def index():
    now = utcnow()
    upcoming = db.session.scalars(
        select(Webinar).where(Webinar.ends_at > now).order_by(Webinar.starts_at)
    ).all()
    past = db.session.scalars(
        select(Webinar).where(Webinar.ends_at <= now).order_by(Webinar.starts_at.desc()).limit(20)
    ).all()
    return render_template(
        "webinars/index.html",
        upcoming=upcoming,
        past=past,
        feed_url=absolute_url("webinars.feed_ics"),
    )


@bp.route("/<int:webinar_id>")
def detail(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    registration = (
        services.registration_of(current_user.id, webinar.id)
        if current_user.is_authenticated
        else None
    )
    now = utcnow()
    # Forum links only for those who may read the forum, and only while the forum is there.
    show_forum = "forum.question" in current_app.view_functions and can(
        current_user, Permission.READ_FORUM
    )
    return render_template(
        "webinars/detail.html",
        webinar=webinar,
        course=(
            course_services.course_by_id(webinar.course_id)
            if "courses.course" in current_app.view_functions
            else None
        ),
        category=forum_services.category_by_id(webinar.forum_category_id) if show_forum else None,
        forum_questions=services.related_forum_questions(webinar) if show_forum else [],
        may_send_follow_up=policies.may_send_follow_up(current_user, webinar, now),
        follow_up_due=_follow_up_due(webinar, now),
        registration=registration,
        registered_count=services.registered_count(webinar.id),
        show_stream=policies.may_see_stream(current_user, webinar, now),
        is_past=webinar.ends_at <= now,
        may_edit=policies.may_edit_webinar(current_user, webinar),
        may_manage_polls=policies.may_manage_polls(current_user, webinar),
        action_form=ActionForm(),
    )


@bp.route("/<int:webinar_id>/register", methods=["POST"])
@permission_required(Permission.ATTEND_WEBINARS)
def register(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    try:
        registration = services.register(current_user, webinar)
    except services.WebinarError as error:
        flash(str(error), "error")
        return redirect(url_for("webinars.detail", webinar_id=webinar.id))
    mail.send_registration_mail(registration, webinar)
    if registration.status == RegistrationStatus.REGISTERED:
        flash(_("You are registered. We have sent you a confirmation."), "success")
    else:
        flash(
            _("The webinar is full: you are on the waiting list and move up automatically."), "info"
        )
    return redirect(url_for("webinars.detail", webinar_id=webinar.id))


@bp.route("/<int:webinar_id>/cancel", methods=["POST"])
@permission_required(Permission.ATTEND_WEBINARS)
def cancel(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    try:
        moved_up = services.cancel(current_user, webinar)
    except services.WebinarError as error:
        flash(str(error), "error")
        return redirect(url_for("webinars.detail", webinar_id=webinar.id))
    if moved_up is not None:
        mail.send_registration_mail(moved_up, webinar)
    flash(_("Your registration has been cancelled."), "info")
    return redirect(url_for("webinars.detail", webinar_id=webinar.id))


# Calendars remind people of a webinar an hour before: time to find the link and a quiet room.
WEBINAR_REMINDER = timedelta(hours=1)
# The feed: every webinar still to come, and those of the last weeks (their recordings).
FEED_PAST = timedelta(days=60)
FEED_MAX_AGE = 300  # seconds


def _calendar_event(webinar):
    """The webinar's VEVENT. The stream link is not in it: the page shows it to attendees."""
    return CalendarEvent(
        uid=f"webinar-{webinar.id}@verbind",
        title=webinar.title,
        description=webinar.description,
        starts_at=webinar.starts_at,
        ends_at=webinar.ends_at,
        url=absolute_url("webinars.detail", webinar_id=webinar.id),
        location="Online",
        sequence=webinar.revision,
        cancelled=webinar.cancelled,
        reminder=WEBINAR_REMINDER,
        # Not "now": an unchanged feed must be byte-identical for its ETag (SEQUENCE counts
        # the changes).
        stamp=webinar.created_at,
    )


@bp.route("/<int:webinar_id>.ics")
def calendar(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    return Response(
        calendar_file([_calendar_event(webinar)], product_id=WEBINARS_PRODID),
        mimetype="text/calendar",
        headers={"Content-Disposition": f"attachment; filename=verbind-webinar-{webinar.id}.ics"},
    )


@bp.route("/feed.ics")
def feed_ics():
    """All webinars as a calendar to subscribe to (webcal://), kept up to date by the app."""
    webinars = db.session.scalars(
        select(Webinar)
        .where(Webinar.ends_at > utcnow() - FEED_PAST)
        .order_by(Webinar.starts_at)
        .limit(500)
    ).all()
    response = Response(
        calendar_file(
            [_calendar_event(webinar) for webinar in webinars],
            calendar_name=_("Verbind webinars"),
            product_id=WEBINARS_PRODID,
        ),
        mimetype="text/calendar",
        headers={"Content-Disposition": "inline; filename=verbind-webinars.ics"},
    )
    # As the Week's feed: calendar apps poll, so an unchanged feed answers 304 without the body.
    response.cache_control.public = True
    response.cache_control.max_age = FEED_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


# --- organising --------------------------------------------------------------------------------


def _save(form, webinar):
    starts, ends = to_utc(form.starts_at.data), to_utc(form.ends_at.data)
    if ends <= starts:
        form.ends_at.errors.append(_("The end must be after the start."))
        return False
    for name in ("title", "description", "speakers", "stream_url", "recording_url"):
        setattr(webinar, name, (getattr(form, name).data or "").strip())
    webinar.capacity = form.capacity.data
    webinar.course_id = form.related_course.data or None
    webinar.forum_category_id = form.related_category.data or None
    webinar.questions_need_approval = bool(form.questions_need_approval.data)
    # What the webinar says now decides: a confirmation for the old text does not carry over.
    webinar.privacy_confirmed = form.privacy_confirmed
    webinar.starts_at, webinar.ends_at = starts, ends
    webinar.revision = (webinar.revision or 0) + 1
    db.session.add(webinar)
    db.session.flush()
    services.fill_places(webinar)
    db.session.commit()
    return True


def _link_choices(form):
    none = SelectChoice(0, "—")
    form.related_course.choices = [none] + [
        SelectChoice(course_id, title) for course_id, title in course_services.course_choices()
    ]
    form.related_category.choices = [none] + [
        SelectChoice(category_id, label) for category_id, label in forum_services.category_choices()
    ]


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.SCHEDULE_WEBINARS)
def create():
    form = WebinarForm()
    _link_choices(form)
    warnings = {}
    if form.validate_on_submit():
        warnings = announcement_warnings(form, current_user.id)
        if not warnings:
            webinar = Webinar(host_id=current_user.id)
            if _save(form, webinar):
                flash(_("The webinar has been scheduled."), "success")
                return redirect(url_for("webinars.detail", webinar_id=webinar.id))
    status = 422 if form.is_submitted() else 200
    return render_template("webinars/form.html", form=form, webinar=None, warnings=warnings), status


@bp.route("/<int:webinar_id>/edit", methods=["GET", "POST"])
# A member is enough here: the policy decides (the host, or a moderator, who cannot schedule).
@permission_required(Permission.MEMBER_AREA)
def edit(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_edit_webinar(current_user, webinar):
        abort(403)
    form = WebinarForm(obj=webinar)
    _link_choices(form)
    if request.method == "GET":
        form.related_course.data = webinar.course_id or 0
        form.related_category.data = webinar.forum_category_id or 0
        form.starts_at.data = local_time(webinar.starts_at).replace(tzinfo=None)
        form.ends_at.data = local_time(webinar.ends_at).replace(tzinfo=None)
    warnings = {}
    if form.validate_on_submit():
        warnings = announcement_warnings(form, current_user.id)
        if not warnings and _save(form, webinar):
            flash(_("Your changes have been saved."), "success")
            # A recording added after the follow-up went: those attendees get its link now
            # (cron would, too; each person once).
            mailed = (
                mail.send_recording_mails(webinar_id=webinar.id) if webinar.recording_url else 0
            )
            if mailed:
                flash(
                    ngettext(
                        "The recording link was e-mailed to %(num)d attendee.",
                        "The recording link was e-mailed to %(num)d attendees.",
                        mailed,
                    ),
                    "success",
                )
            return redirect(url_for("webinars.detail", webinar_id=webinar_id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "webinars/form.html", form=form, webinar=webinar, warnings=warnings
    ), status


# --- the live room and the archive -------------------------------------------------------------


@bp.route("/<int:webinar_id>/live")
@permission_required(Permission.ATTEND_WEBINARS)
def live(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    now = utcnow()
    archive = webinar.ends_at <= now
    if not policies.may_open_live_room(current_user, webinar, now):
        flash(_("Register for this webinar to join the live Q&A."), "info")
        return redirect(url_for("webinars.detail", webinar_id=webinar.id))
    order = "newest" if request.args.get("order") == "newest" else "votes"
    questions = services.questions_for(current_user, webinar, order=order)
    moderator = policies.may_moderate_webinar(current_user, webinar)
    if moderator:
        # The page names who asked without a name (for moderators only).
        log_access(
            current_user,
            [question.author_id for question in questions if question.anonymous],
            AccessKind.LIVE_QUESTION_AUTHOR,
            detail=webinar.title,
        )
    return render_template(
        "webinars/live.html",
        webinar=webinar,
        questions=questions,
        my_votes=services.my_votes(current_user, webinar),
        moderator=moderator,
        archive=archive,
        order=order,
        action_form=ActionForm(),
        Status=LiveQuestionStatus,
        question_state=policies.question_state,
        question_actions=policies.question_actions,
        state_labels=services.QUESTION_STATE_LABELS,
        archived_polls=_archive_polls(webinar, moderator) if archive else [],
        poll_kind_labels=polls.POLL_KIND_LABELS,
    )


def _archive_polls(webinar, moderator):
    """The archive's polls with their counts: those whose results attendees saw, and for the host
    and moderators every poll the room has seen."""
    return [
        (poll, results, polls.result_rows(poll, results))
        for poll, results in polls.archived_polls(webinar.id)
        if moderator or poll.results_visible
    ]


@bp.route("/<int:webinar_id>/presenter")
@permission_required(Permission.MEMBER_AREA)
def presenter(webinar_id):
    """The host's screen for the room: the question answered now, large, and the next few by
    votes; live-updated by static/js/webinar-presenter.js. Shows what attendees see."""
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_present(current_user, webinar):
        abort(403)
    current, next_up = services.now_and_next(services.questions_for(current_user, webinar))
    return render_template(
        "webinars/presenter.html", webinar=webinar, current=current, next_up=next_up
    )


def _archive_questions(webinar):
    # The archive shows what attendees could see: visible questions, by votes.
    return [
        q
        for q in services.questions_for(current_user, webinar)
        if q.status == LiveQuestionStatus.VISIBLE
    ]


def _asker(question):
    if question.anonymous or question.author is None:
        return _("A participant (without name)")
    return question.author.name


@bp.route("/<int:webinar_id>/questions.csv")
@permission_required(Permission.MEMBER_AREA)
def export_csv(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_moderate_webinar(current_user, webinar):
        abort(403)
    header = [
        _("Question"),
        _("Asked by"),
        _("Votes"),
        _("Answered"),
        _("Reply"),
        _("Time"),
        _("Original question (before a moderator edited it)"),
        _("Edited by"),
    ]
    rows = [
        [
            question.text,
            _asker(question),
            question.votes,
            _("yes") if question.answered else _("no"),
            question.reply,
            amsterdam_time(question.created_at),
            question.original_text or "",
            question.edited_by.name if question.edited_by else "",
        ]
        for question in _archive_questions(webinar)
    ]
    return csv_download([header, *rows], f"webinar-{webinar.id}-vragen.csv")


@bp.route("/<int:webinar_id>/questions.md")
@permission_required(Permission.MEMBER_AREA)
def export_markdown(webinar_id):
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_moderate_webinar(current_user, webinar):
        abort(403)
    lines = [f"# {webinar.title}", "", amsterdam_time(webinar.starts_at), ""]
    archived = polls.archived_polls(webinar.id)
    if archived:
        lines += [f"## {_('Polls')}", ""]
        for poll, results in archived:
            lines += [f"### {poll.question}", "", f"*{_poll_summary(poll, results)}*", ""]
            lines += [f"- {label}: {count}" for label, count in polls.result_rows(poll, results)]
            lines.append("")
        lines += [f"## {_('Questions')}", ""]
    for question in _archive_questions(webinar):
        status = _("answered") if question.answered else _("not answered")
        lines.append(f"## {question.text}")
        lines.append("")
        votes = ngettext("%(count)s vote", "%(count)s votes", question.votes, count=question.votes)
        lines.append(f"*{_asker(question)} · {votes} · {status}*")
        if question.original_text:
            original = _("Original question (before a moderator edited it)")
            lines += ["", f"> {original}: {question.original_text}"]
        if question.reply:
            lines += ["", question.reply]
        lines.append("")
    return Response(
        "\n".join(lines),
        mimetype="text/markdown",
        headers={"Content-Disposition": f"attachment; filename=webinar-{webinar.id}-vragen.md"},
    )


@bp.route("/<int:webinar_id>/questions/to-forum", methods=["POST"])
@permission_required(Permission.MEMBER_AREA)
def questions_to_forum(webinar_id):
    """A moderator posts the unanswered questions to the forum in one step."""
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_moderate_webinar(current_user, webinar):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    created, held_back = services.unanswered_to_forum(
        current_user, webinar, absolute_url("webinars.detail", webinar_id=webinar.id)
    )
    flash(
        ngettext(
            "%(num)d open question posted to the forum.",
            "%(num)d open questions posted to the forum.",
            len(created),
        ),
        "success" if created else "info",
    )
    if held_back:
        flash(
            ngettext(
                "%(num)d question not posted: it may identify someone, and only the asker can "
                "check that. Ask them to post it in the forum themselves.",
                "%(num)d questions not posted: they may identify someone, and only the askers "
                "can check that. Ask them to post them in the forum themselves.",
                len(held_back),
            ),
            "info",
        )
    return redirect(url_for("webinars.live", webinar_id=webinar.id))


# --- after the webinar ------------------------------------------------------------------------


def _follow_up_delay():
    return timedelta(hours=current_app.config["WEBINAR_FOLLOW_UP_HOURS"])


def _follow_up_due(webinar, now):
    """When cron will send the follow-up by itself, while that is still to come."""
    due = services.follow_up_due_at(webinar, _follow_up_delay())
    return due if due > now else None


@bp.route("/<int:webinar_id>/follow-up", methods=["POST"])
@permission_required(Permission.MEMBER_AREA)
def send_follow_up(webinar_id):
    """The host sends the follow-up mail now instead of WEBINAR_FOLLOW_UP_HOURS after the end;
    a second click sends nothing."""
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_moderate_webinar(current_user, webinar):
        abort(403)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        started = services.start_follow_up(current_user, webinar)
    except services.WebinarError as error:
        flash(str(error), "error")
        return redirect(url_for("webinars.detail", webinar_id=webinar.id))
    if not started:
        flash(_("The follow-up mail was sent already; nobody gets it twice."), "info")
        return redirect(url_for("webinars.detail", webinar_id=webinar.id))
    sent = mail.send_follow_ups(_follow_up_delay(), webinar_id=webinar.id)
    flash(
        ngettext(
            "The follow-up mail goes to %(num)d attendee.",
            "The follow-up mail goes to %(num)d attendees.",
            sent,
        ),
        "success",
    )
    return redirect(url_for("webinars.detail", webinar_id=webinar.id))


def _poll_summary(poll, results):
    """ "Multiple choice · 12 answers", for the exports."""
    answers = ngettext(
        "%(count)s answer", "%(count)s answers", results["total"], count=results["total"]
    )
    return f"{polls.POLL_KIND_LABELS[poll.kind]} · {answers}"


@bp.route("/<int:webinar_id>/polls.csv")
@permission_required(Permission.MEMBER_AREA)
def export_polls_csv(webinar_id):
    """The results of the polls the room has seen, as counts: nobody's answer is in it."""
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_moderate_webinar(current_user, webinar):
        abort(403)
    header = [_("Poll"), _("Kind of poll"), _("Answer"), _("Count"), _("Percentage")]
    rows = []
    for poll, results in polls.archived_polls(webinar.id):
        for label, count in polls.result_rows(poll, results):
            share = round(100 * count / results["total"]) if results["total"] else 0
            rows.append(
                [poll.question, str(polls.POLL_KIND_LABELS[poll.kind]), label, count, share]
            )
    return csv_download([header, *rows], f"webinar-{webinar.id}-polls.csv")


# --- preparing polls ---------------------------------------------------------------------------


def _polls_webinar(webinar_id):
    """The webinar, for its host or a moderator; 403 for anyone else."""
    webinar = _webinar_or_404(webinar_id)
    if not policies.may_manage_polls(current_user, webinar):
        abort(403)
    return webinar


def _poll_or_404(webinar, poll_id):
    poll = db.session.get(Poll, poll_id)
    if poll is None or poll.webinar_id != webinar.id:
        abort(404)
    return poll


@bp.route("/<int:webinar_id>/polls", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def polls_page(webinar_id):
    """The webinar's polls, prepared before it starts and opened in the live room; a new one."""
    webinar = _polls_webinar(webinar_id)
    form = PollForm()
    if form.validate_on_submit():
        try:
            polls.create_poll(current_user, webinar, **form.poll_fields())
        except services.WebinarError as error:
            apply_error(form, error)
        else:
            flash(_("The poll has been prepared."), "success")
            return redirect(url_for("webinars.polls_page", webinar_id=webinar.id))
    status = 422 if form.is_submitted() else 200
    return render_template(
        "webinars/polls.html",
        webinar=webinar,
        polls=polls.polls_of(webinar.id),
        form=form,
        action_form=ActionForm(),
        kind_labels=polls.POLL_KIND_LABELS,
        state_labels=polls.POLL_STATE_LABELS,
    ), status


@bp.route("/<int:webinar_id>/polls/<int:poll_id>/edit", methods=["GET", "POST"])
@permission_required(Permission.MEMBER_AREA)
def edit_poll(webinar_id, poll_id):
    webinar = _polls_webinar(webinar_id)
    poll = _poll_or_404(webinar, poll_id)
    if poll.state != "draft":
        flash(_("A poll that has been opened cannot be changed any more."), "error")
        return redirect(url_for("webinars.polls_page", webinar_id=webinar.id))
    # The stored poll fills the form only when it is first shown: a field left empty in a post
    # (the options of a scale) must not come back from it.
    form = PollForm(obj=poll if request.method == "GET" else None)
    if request.method == "GET":
        form.options.data = "\n".join(poll.options or [])
    if form.validate_on_submit():
        try:
            polls.update_poll(current_user, poll, webinar, **form.poll_fields())
        except services.WebinarError as error:
            db.session.rollback()
            apply_error(form, error)
        else:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("webinars.polls_page", webinar_id=webinar.id))
    status = 422 if form.is_submitted() else 200
    return render_template("webinars/poll_form.html", webinar=webinar, poll=poll, form=form), status


@bp.route("/<int:webinar_id>/polls/<int:poll_id>/delete", methods=["POST"])
@permission_required(Permission.MEMBER_AREA)
def delete_poll(webinar_id, poll_id):
    webinar = _polls_webinar(webinar_id)
    poll = _poll_or_404(webinar, poll_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        polls.delete_poll(current_user, poll, webinar)
    except services.WebinarError as error:
        flash(str(error), "error")
    else:
        flash(_("The poll has been deleted."), "info")
    return redirect(url_for("webinars.polls_page", webinar_id=webinar.id))


@bp.route("/<int:webinar_id>/polls/<int:poll_id>/move", methods=["POST"])
@permission_required(Permission.MEMBER_AREA)
def move_poll(webinar_id, poll_id):
    webinar = _polls_webinar(webinar_id)
    poll = _poll_or_404(webinar, poll_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    direction = {"up": -1, "down": 1}.get(request.form.get("direction"))
    if direction is None:
        abort(400)
    polls.move_poll(current_user, poll, webinar, direction)
    return redirect(url_for("webinars.polls_page", webinar_id=webinar.id))
