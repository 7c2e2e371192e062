"""Webinar rules as plain functions: registration with a waiting list that moves up, and the
live Q&A (ask, vote once, moderate). Views and socket handlers call these; so do the tests."""

from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, delete, exists, false, func, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError

from community.accounts.models import User
from community.clock import utcnow
from community.errors import UserError
from community.extensions import db
from community.forum import services as forum_services
from community.listing import first_and_total
from community.locking import lock_row
from community.security import MAX_ID
from community.waiting_list import WaitingList
from community.webinars import policies
from community.webinars.models import (
    LiveQuestion,
    LiveQuestionStatus,
    LiveVote,
    Registration,
    RegistrationStatus,
    Webinar,
)

QUESTION_MIN, QUESTION_MAX = 3, 500
REPLY_MAX = 1000
TOKEN_MAX = 40


class WebinarError(UserError):
    """A problem with a webinar the user can fix; mostly its state (full, over, closed)."""

    status = 409


# --- registration and the waiting list ---------------------------------------------------------


places = WaitingList(Registration, "webinar_id")


def registration_of(user_id, webinar_id):
    return places.registration_of(user_id, webinar_id)


def registered_count(webinar_id):
    return places.registered_count(webinar_id)


def register(user, webinar, now=None):
    """A place when there is one, otherwise the waiting list. Returns the registration."""
    now = now or utcnow()
    if webinar.cancelled:
        raise WebinarError(_("This webinar has been cancelled."))
    if webinar.ends_at <= now:
        raise WebinarError(_("This webinar is over."))
    return places.take_place(user.id, webinar.id, webinar.capacity, now)


def cancel(user, webinar, now=None):
    """Give up a place (or a spot on the waiting list); the first waiting person moves up.
    Returns the registration that moved up, if any."""
    registration = registration_of(user.id, webinar.id)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise WebinarError(_("You are not registered for this webinar."))
    return places.give_up(registration, webinar.capacity, now)


def fill_places(webinar, now=None):
    """Move waiting people up, first come first served, while there is room."""
    return places.fill(webinar.id, webinar.capacity, now)


def require_moderator(user, webinar):
    """WebinarError unless `user` is the host or a moderator."""
    if not policies.may_moderate_webinar(user, webinar):
        raise WebinarError(_("Only the host and moderators can do this."), status=403)


# --- the live Q&A ------------------------------------------------------------------------------


def _clean_text(value, maximum, field="text"):
    if not isinstance(value, str):
        raise WebinarError(_("Send text."), status=400, field=field)
    # Far too long even before spaces are collapsed: refused without reading it.
    if len(value) > 4 * maximum:
        raise WebinarError(
            _("Write at most %(count)d characters.", count=maximum), status=422, field=field
        )
    text = " ".join(value.split())
    if len(text) < QUESTION_MIN:
        raise WebinarError(
            _("Write at least %(count)d characters.", count=QUESTION_MIN), status=422, field=field
        )
    if len(text) > maximum:
        raise WebinarError(
            _("Write at most %(count)d characters.", count=maximum), status=422, field=field
        )
    return text


def clean_question_text(value):
    """The question as it will be stored (spaces collapsed), or WebinarError for a wrong type
    or length. Cheap, so live handlers call it before any costlier check."""
    return _clean_text(value, QUESTION_MAX)


def clean_reply_text(value):
    """The host's reply as it will be stored, or WebinarError for a wrong type or length."""
    return _clean_text(value, REPLY_MAX, field="reply")


def ensure_questions_open(webinar):
    if webinar.qa_closed:
        raise WebinarError(_("The Q&A of this webinar is closed."))


def ask(user, webinar, *, text, client_token, anonymous=False, privacy_confirmed=False):
    """Store a question (once per client token) and return (question, created).
    `privacy_confirmed`: the privacy guard warned and the asker confirmed what it showed."""
    if not policies.may_take_part(user, webinar):
        raise WebinarError(_("Register for this webinar to ask questions."), status=403)
    ensure_questions_open(webinar)
    if not isinstance(client_token, str) or not 8 <= len(client_token) <= TOKEN_MAX:
        raise WebinarError(_("Reload the page and try again."), status=400)
    if not isinstance(anonymous, bool):
        raise WebinarError(_("Reload the page and try again."), status=400)
    text = clean_question_text(text)
    existing = _question_by_token(webinar.id, user.id, client_token)
    if existing is not None:
        return existing, False
    status = (
        LiveQuestionStatus.PENDING
        if webinar.questions_need_approval and not policies.may_moderate_webinar(user, webinar)
        else LiveQuestionStatus.VISIBLE
    )
    question = LiveQuestion(
        webinar_id=webinar.id,
        author_id=user.id,
        client_token=client_token,
        text=text,
        anonymous=anonymous,
        privacy_confirmed=bool(privacy_confirmed),
        status=status,
    )
    db.session.add(question)
    try:
        db.session.commit()
    except IntegrityError:
        # The same submit arrived twice at once: the other one stored it.
        db.session.rollback()
        return _question_by_token(webinar.id, user.id, client_token), False
    return question, True


def _question_by_token(webinar_id, author_id, token):
    return db.session.scalar(
        select(LiveQuestion).where(
            LiveQuestion.webinar_id == webinar_id,
            LiveQuestion.author_id == author_id,
            LiveQuestion.client_token == token,
        )
    )


def vote(user, question, webinar, *, voted=True):
    """Give (`voted`) or take back one's vote. Either is idempotent, so a double click or a
    retry changes nothing more; the count is exact under simultaneous votes. Returns it."""
    if not policies.may_take_part(user, webinar):
        raise WebinarError(_("Register for this webinar to vote."), status=403)
    if question.author_id == user.id:
        raise WebinarError(_("You cannot vote on your own question."), status=403)
    if not policies.may_vote_on(user, question):
        raise WebinarError(_("This question cannot be voted on."))
    lock_row(LiveQuestion.__table__, question.id)  # simultaneous votes count in turn
    question_id = question.id
    if voted:
        # A savepoint: a vote already there (a double click) undoes only itself, and the lock
        # taken above holds until the count below is stored. A full rollback would drop the
        # lock, and on PostgreSQL the count could then miss a vote taken back at that moment.
        try:
            with db.session.begin_nested():
                db.session.add(LiveVote(question_id=question_id, user_id=user.id))
        except IntegrityError:
            pass
    else:
        db.session.execute(
            delete(LiveVote).where(LiveVote.question_id == question_id, LiveVote.user_id == user.id)
        )
    # Count and store in one statement (one round trip less on every live vote).
    counted = select(func.count()).select_from(LiveVote).where(LiveVote.question_id == question_id)
    votes, version = db.session.execute(
        update(LiveQuestion)
        .where(LiveQuestion.id == question_id)
        .values(votes=counted.scalar_subquery(), vote_version=LiveQuestion.vote_version + 1)
        .returning(LiveQuestion.votes, LiveQuestion.vote_version)
        .execution_options(synchronize_session=False)
    ).one()
    db.session.commit()
    return votes, version


def vote_counts(question_ids):
    """[{id, votes, version}] for these questions, as they are stored now."""
    rows = db.session.execute(
        select(LiveQuestion.id, LiveQuestion.votes, LiveQuestion.vote_version).where(
            LiveQuestion.id.in_(question_ids)
        )
    )
    return [{"id": id_, "votes": votes, "version": version} for id_, votes, version in rows]


MODERATION_ACTIONS = ("approve", "hide", "show", "answered", "answering", "reply", "reopen")


# What moderators and the export read for each state of policies.question_state().
QUESTION_STATE_LABELS = {
    "pending": _l("waiting for approval"),
    "open": _l("open"),
    "answering": _l("now answering"),
    "answered": _l("answered"),
    "hidden": _l("hidden"),
}


def require_action(question, action):
    """WebinarError unless `action` fits the question's state (someone else may have moved it
    on a moment ago)."""
    if action not in policies.question_actions(question):
        state = QUESTION_STATE_LABELS[policies.question_state(question)]
        raise WebinarError(
            _("This does not fit the question now (%(state)s).", state=state), status=409
        )


def moderate(user, question, webinar, action, reply=""):
    require_moderator(user, webinar)
    if action not in MODERATION_ACTIONS:
        raise WebinarError(_("Unknown action."), status=400)
    require_action(question, action)
    if action in ("approve", "show"):
        question.status = LiveQuestionStatus.VISIBLE
    elif action == "hide":
        question.status = LiveQuestionStatus.HIDDEN
        question.answering = False
    elif action == "answered":
        question.answered = True
        question.answering = False
    elif action == "reopen":
        question.answered = False
    elif action == "answering":
        # One question at a time is highlighted as "now answering".
        for other in db.session.scalars(
            select(LiveQuestion).where(
                LiveQuestion.webinar_id == webinar.id, LiveQuestion.answering.is_(True)
            )
        ):
            other.answering = False
        question.answering = True
    elif action == "reply":
        question.reply = clean_reply_text(reply)
    db.session.commit()
    return question


def edit_question(user, question, webinar, text, *, privacy_confirmed=False, now=None):
    """A moderator corrects a question's text (a typo, an identifying detail) while it waits or
    is open. What the asker typed is kept in original_text for moderators and the export.
    `privacy_confirmed`: the guard warned about the new text and the moderator confirmed it."""
    require_moderator(user, webinar)
    require_action(question, "edit")
    text = clean_question_text(text)
    if text == question.text:
        return question
    if question.original_text is None:
        question.original_text = question.text
    question.text = text
    question.edited_by_id = user.id
    question.edited_at = now or utcnow()
    question.privacy_confirmed = bool(privacy_confirmed)
    db.session.commit()
    return question


def set_qa_closed(user, webinar, closed):
    require_moderator(user, webinar)
    webinar.qa_closed = bool(closed)
    db.session.commit()


# The live room's order: most votes first, then the oldest.
ROOM_ORDER = (LiveQuestion.votes.desc(), LiveQuestion.created_at, LiveQuestion.id)


def room_order_key(question):
    return (-question.votes, question.created_at, question.id)


def questions_for(user, webinar, *, order="votes"):
    """The questions this person may see: moderators see all, others the visible ones and
    their own pending questions."""
    query = select(LiveQuestion).where(LiveQuestion.webinar_id == webinar.id)
    if not policies.may_moderate_webinar(user, webinar):
        visible = LiveQuestion.status == LiveQuestionStatus.VISIBLE
        own_pending = (LiveQuestion.status == LiveQuestionStatus.PENDING) & (
            LiveQuestion.author_id == (user.id if user.is_authenticated else -1)
        )
        query = query.where(visible | own_pending)
    if order == "newest":
        query = query.order_by(LiveQuestion.created_at.desc(), LiveQuestion.id.desc())
    else:
        query = query.order_by(*ROOM_ORDER)
    return db.session.scalars(query).all()


def registration_statuses(webinar_id, user_ids):
    """{user id: registration status} for these people in one webinar, in one query (the live
    room's joins at the start of a webinar ask together)."""
    return dict(
        db.session.execute(
            select(Registration.user_id, Registration.status).where(
                Registration.webinar_id == webinar_id, Registration.user_id.in_(user_ids)
            )
        ).all()
    )


def room_for_attendees(webinar_id, user_ids):
    """What the live room shows these attendees, read in three queries whatever their number:
    (visible questions in the room's order, {user id: own waiting questions}, {user id: ids of
    the questions they voted for})."""
    visible = db.session.scalars(
        select(LiveQuestion)
        .where(
            LiveQuestion.webinar_id == webinar_id,
            LiveQuestion.status == LiveQuestionStatus.VISIBLE,
        )
        .order_by(*ROOM_ORDER)
    ).all()
    waiting = {user_id: [] for user_id in user_ids}
    for question in db.session.scalars(
        select(LiveQuestion)
        .where(
            LiveQuestion.webinar_id == webinar_id,
            LiveQuestion.status == LiveQuestionStatus.PENDING,
            LiveQuestion.author_id.in_(user_ids),
        )
        .order_by(*ROOM_ORDER)
    ):
        waiting[question.author_id].append(question)
    votes = {user_id: set() for user_id in user_ids}
    for user_id, question_id in db.session.execute(
        select(LiveVote.user_id, LiveVote.question_id)
        .join(LiveQuestion, LiveQuestion.id == LiveVote.question_id)
        .where(LiveQuestion.webinar_id == webinar_id, LiveVote.user_id.in_(user_ids))
    ):
        votes[user_id].add(question_id)
    return visible, waiting, votes


def anonymous_askers(webinar_id):
    """The ids of people who asked in this webinar without their name: a moderator who opens
    the room sees who they are, and that is written in the access log."""
    return db.session.scalars(
        select(LiveQuestion.author_id)
        .where(LiveQuestion.webinar_id == webinar_id, LiveQuestion.anonymous.is_(True))
        .distinct()
    ).all()


def now_and_next(questions, count=5):
    """For the presenter view: the question being answered now (or None), and the next `count`
    open questions by votes (oldest first among equal votes)."""
    visible = [q for q in questions if q.status == LiveQuestionStatus.VISIBLE]
    current = next((q for q in visible if q.answering), None)
    waiting = [q for q in visible if not q.answering and not q.answered]
    waiting.sort(key=lambda q: (-q.votes, q.created_at, q.id))
    return current, waiting[:count]


def my_votes(user, webinar):
    if not user.is_authenticated:
        return set()
    return set(
        db.session.scalars(
            select(LiveVote.question_id)
            .join(LiveQuestion, LiveQuestion.id == LiveVote.question_id)
            .where(LiveVote.user_id == user.id, LiveQuestion.webinar_id == webinar.id)
        )
    )


def due_reminders(now, lead):
    """Registrations for webinars starting within `lead` that have not had their reminder."""
    return db.session.scalars(
        select(Registration)
        .join(Webinar, Webinar.id == Registration.webinar_id)
        .where(
            Registration.status == RegistrationStatus.REGISTERED,
            Registration.reminder_sent_at.is_(None),
            Webinar.cancelled.is_(False),
            Webinar.starts_at > now,
            Webinar.starts_at <= now + lead,
        )
    ).all()


def unanswered_to_forum(moderator, webinar, webinar_url):
    """Post every visible, unanswered question of the webinar to the forum, once each, in the
    asker's name (anonymous stays anonymous) and linked both ways, so no question asked live
    stays without an answer. The forum's own service posts them; a question its privacy guard
    flags stays behind, since the asker is not here to confirm (see
    forum.services.post_question_on_behalf). Returns (posted, held_back): two lists."""
    require_moderator(moderator, webinar)
    open_questions = db.session.scalars(
        select(LiveQuestion)
        .where(
            LiveQuestion.webinar_id == webinar.id,
            LiveQuestion.status == LiveQuestionStatus.VISIBLE,
            LiveQuestion.answered.is_(False),
            LiveQuestion.forum_question_id.is_(None),
        )
        .order_by(LiveQuestion.votes.desc(), LiveQuestion.id)
    ).all()
    introduction = _(
        "Asked during the webinar [%(title)s](%(url)s) and not answered there yet. Who can help?",
        title=webinar.title.replace("]", ")"),
        url=webinar_url,
    )
    posted, held_back = [], []
    for live in open_questions:
        title = live.text if len(live.text) <= 200 else live.text[:197] + "…"
        if len(title) < 10:
            title = _("Question from the webinar: %(text)s", text=title)
        try:
            # A question whose author is forgotten goes without name, under the moderator.
            question = forum_services.post_question_on_behalf(
                live.author or moderator,
                title=title,
                body=live.text,
                introduction=introduction,
                posted_by=moderator,
                source=_("From the webinar %(title)s", title=webinar.title),
                category_id=webinar.forum_category_id,
                anonymous=live.anonymous or live.author is None,
            )
        except forum_services.ForumError:
            held_back.append(live)
            continue
        live.forum_question_id = question.id
        posted.append(question)
    db.session.commit()
    return posted, held_back


# --- what is coming, for the home page -----------------------------------------------------------


def _coming(now):
    return (Webinar.cancelled.is_(False), Webinar.ends_at > now)


def upcoming_webinars(limit, now=None):
    """(the next `limit` webinars that are neither cancelled nor over, soonest first, and how
    many there are): two queries."""
    now = now or utcnow()
    return first_and_total(
        select(Webinar).where(*_coming(now)).order_by(Webinar.starts_at, Webinar.id), limit
    )


def upcoming_webinars_of(user_id, limit, now=None):
    """(the person's coming webinars with a place or on the waiting list, as [(webinar,
    registration status)] soonest first, and how many there are): two queries. Only their own
    registrations; never anyone else's."""
    now = now or utcnow()
    mine = (
        Registration.user_id == user_id,
        Registration.status.in_((RegistrationStatus.REGISTERED, RegistrationStatus.WAITING)),
        *_coming(now),
    )
    return first_and_total(
        select(Webinar, Registration.status)
        .join(Registration, Registration.webinar_id == Webinar.id)
        .where(*mine)
        .order_by(Webinar.starts_at, Webinar.id),
        limit,
    )


# --- the Week calendar (community/events): an event can be a webinar, and the Week lists them --


def webinar_by_id(webinar_id):
    """The webinar, or None (also for an id no row can have: a form's bogus number)."""
    if not isinstance(webinar_id, int) or not 1 <= webinar_id <= MAX_ID:
        return None
    return db.session.get(Webinar, webinar_id)


def webinars_by_ids(webinar_ids):
    """{id: webinar} of these webinars (with their hosts): one query, none without ids."""
    wanted = {webinar_id for webinar_id in webinar_ids if webinar_id}
    if not wanted:
        return {}
    found = db.session.scalars(select(Webinar).where(Webinar.id.in_(wanted)))
    return {webinar.id: webinar for webinar in found}


def webinars_to_link(host_id=None, now=None, limit=200):
    """Coming webinars that are not cancelled, soonest first: one host's, or all of them when
    host_id is None (the caller decides who may choose from all)."""
    query = select(Webinar).where(*_coming(now or utcnow()))
    if host_id is not None:
        query = query.where(Webinar.host_id == host_id)
    return db.session.scalars(query.order_by(Webinar.starts_at, Webinar.id).limit(limit)).all()


def webinars_starting_in(ranges, *, ends_from=None, starts_before=None, like="", covered_by=None):
    """A select() of (id, starts_at) of webinars that start in one of `ranges` ([(from, until)],
    aware UTC), overlap [ends_from, starts_before) when given, have `like` (a LIKE pattern, in
    lower case) in their title, description or speakers, and are not covered by a row of
    `covered_by` (a select of (webinar_id, starts_at, ends_at): something that stands for the
    webinar while the webinar lies within its time). Cancelled ones are in it: callers show
    them as cancelled."""
    query = select(Webinar.id, Webinar.starts_at).where(
        or_(*(and_(Webinar.starts_at >= start, Webinar.starts_at < end) for start, end in ranges))
        if ranges
        else false()
    )
    if ends_from is not None:
        query = query.where(Webinar.ends_at >= ends_from)
    if starts_before is not None:
        query = query.where(Webinar.starts_at < starts_before)
    if like:
        query = query.where(
            or_(
                func.lower(Webinar.title).like(like),
                func.lower(Webinar.description).like(like),
                func.lower(Webinar.speakers).like(like),
            )
        )
    if covered_by is not None:
        cover = covered_by.subquery()
        query = query.where(
            ~exists().where(
                cover.c.webinar_id == Webinar.id,
                cover.c.starts_at <= Webinar.starts_at,
                Webinar.ends_at <= cover.c.ends_at,
            )
        )
    return query


# --- personal data (the person's export, community/data_rights.py) -----------------------------


def personal_data(user_id):
    """Registrations, live questions (with what was typed before a moderator's edit), votes on
    live questions, answers to live polls and webinars hosted, as {kind: rows}."""
    from community.webinars import polls  # it builds on this module

    registrations = db.session.execute(
        select(Registration, Webinar.title, Webinar.starts_at)
        .join(Webinar, Webinar.id == Registration.webinar_id)
        .where(Registration.user_id == user_id)
        .order_by(Registration.created_at)
    ).all()
    questions = db.session.execute(
        select(LiveQuestion, Webinar.title)
        .join(Webinar, Webinar.id == LiveQuestion.webinar_id)
        .where(LiveQuestion.author_id == user_id)
        .order_by(LiveQuestion.created_at)
    ).all()
    votes = db.session.execute(
        select(
            LiveVote.question_id, LiveQuestion.webinar_id, LiveQuestion.text, LiveVote.created_at
        )
        .join(LiveQuestion, LiveQuestion.id == LiveVote.question_id)
        .where(LiveVote.user_id == user_id)
        .order_by(LiveVote.created_at)
    ).all()
    hosted = db.session.execute(
        select(Webinar.id, Webinar.title, Webinar.starts_at)
        .where(Webinar.host_id == user_id)
        .order_by(Webinar.starts_at)
    ).all()
    return {
        "webinar_registrations": [
            {
                "webinar_id": row.webinar_id,
                "webinar": title,
                "starts_at": starts_at,
                "status": row.status,
                "status_since": row.status_since,
                "created_at": row.created_at,
                "reminder_sent_at": row.reminder_sent_at,
                "follow_up_sent_at": row.follow_up_sent_at,
                "recording_mailed_at": row.recording_mailed_at,
            }
            for row, title, starts_at in registrations
        ],
        "live_questions": [
            {
                "id": question.id,
                "webinar_id": question.webinar_id,
                "webinar": title,
                "text": question.text,
                "original_text": question.original_text,
                "anonymous": question.anonymous,
                "status": question.status,
                "answered": question.answered,
                "reply": question.reply,
                "votes": question.votes,
                "created_at": question.created_at,
                "edited_at": question.edited_at,
            }
            for question, title in questions
        ],
        "live_question_votes": [
            {
                "question_id": question_id,
                "webinar_id": webinar_id,
                "question": text,
                "created_at": created_at,
            }
            for question_id, webinar_id, text, created_at in votes
        ],  # fmt: skip
        "poll_answers": polls.personal_data(user_id),
        "webinars_hosted": [
            {"id": webinar_id, "title": title, "starts_at": starts_at}
            for webinar_id, title, starts_at in hosted
        ],
    }


# --- erasure and retention (community/accounts/erasure.py, community/retention.py) -------------


def forget_user(user_id, now=None):
    """Erase one person from the webinars (not committed): their registrations go, and a place
    they held goes to the first on the waiting list (who gets the mail). Their live questions
    stay, without name; their votes stay counted; the account row they point to holds no
    personal data any more. Their poll answers stay counted, tied to nobody. Only a webinar
    still to come hands the place on."""
    from community.webinars import mail, polls

    registrations = db.session.scalars(
        select(Registration).where(Registration.user_id == user_id)
    ).all()
    for registration in registrations:
        webinar = db.session.get(Webinar, registration.webinar_id)
        # After the webinar (or when it is called off) a place is no use to anyone: nobody moves
        # up, and nobody gets "you have a place" for a webinar that is over.
        still_to_come = not webinar.cancelled and webinar.ends_at > (now or utcnow())
        if registration.status != RegistrationStatus.CANCELLED and still_to_come:
            moved = places.give_up(registration, webinar.capacity, now)
            if moved is not None:
                mail.send_registration_mail(moved, webinar)
        db.session.delete(registration)
    db.session.execute(
        update(LiveQuestion)
        .where(LiveQuestion.author_id == user_id)
        .values(author_id=None, anonymous=True)
        .execution_options(synchronize_session=False)
    )
    polls.forget_respondent(user_id)


def forget_question_authors(ended_before):
    """Live questions of webinars that ended before `ended_before` lose their author: the
    question stays (text, votes, reply, the archive), without name. Returns how many."""
    ended = select(Webinar.id).where(Webinar.ends_at < ended_before)
    result = db.session.execute(
        update(LiveQuestion)
        .where(LiveQuestion.webinar_id.in_(ended), LiveQuestion.author_id.is_not(None))
        .values(author_id=None, anonymous=True)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


# --- links with the course and the forum --------------------------------------------------------

# The webinar page shows this many forum questions: first those that came out of its Q&A, then
# the newest of its forum category.
RELATED_QUESTIONS = 5
# The course page shows this many coming webinars, and as many that ended in the last weeks
# (their recordings).
COURSE_WEBINARS = 3
COURSE_WEBINARS_PAST = timedelta(days=90)


def forum_question_ids(webinar_id):
    """The ids of the forum questions this webinar's live Q&A was moved to, most votes first."""
    return db.session.scalars(
        select(LiveQuestion.forum_question_id)
        .where(
            LiveQuestion.webinar_id == webinar_id,
            LiveQuestion.forum_question_id.is_not(None),
        )
        .order_by(*ROOM_ORDER)
    ).all()


def related_forum_questions(webinar, limit=RELATED_QUESTIONS):
    """[(forum.services.QuestionLink, came out of this webinar)]: the visible forum questions
    that came out of this webinar, then the newest of its forum category, `limit` in all. At
    most three queries."""
    from_webinar = forum_question_ids(webinar.id)
    links = forum_services.question_links(
        from_webinar, category_id=webinar.forum_category_id, limit=limit
    )
    ours = set(from_webinar)
    return [(link, link.id in ours) for link in links]


def webinars_for_course(course_id, now=None, limit=COURSE_WEBINARS):
    """(the coming webinars linked to this course, soonest first; those that ended in the last
    COURSE_WEBINARS_PAST, latest first): `limit` each, cancelled ones left out. One query (the
    course page counts its queries)."""
    now = now or utcnow()
    linked = (Webinar.course_id == course_id, Webinar.cancelled.is_(False))
    coming = (
        select(Webinar.id)
        .where(*linked, Webinar.ends_at > now)
        .order_by(Webinar.starts_at, Webinar.id)
        .limit(limit)
    )
    past = (
        select(Webinar.id)
        .where(*linked, Webinar.ends_at <= now, Webinar.ends_at > now - COURSE_WEBINARS_PAST)
        .order_by(Webinar.starts_at.desc(), Webinar.id.desc())
        .limit(limit)
    )
    # Each part keeps its own LIMIT inside a subquery (SQLite allows none in a bare UNION part).
    both = union_all(select(coming.subquery().c.id), select(past.subquery().c.id))
    webinars = db.session.scalars(
        select(Webinar).where(Webinar.id.in_(both)).order_by(Webinar.starts_at, Webinar.id)
    ).all()
    return (
        [webinar for webinar in webinars if webinar.ends_at > now],
        [webinar for webinar in reversed(webinars) if webinar.ends_at <= now],
    )


# --- the Q&A archive and the follow-up mail after a webinar ----------------------------------

# The follow-up links to at most this many forum questions.
FOLLOW_UP_FORUM_QUESTIONS = 20
# Webinars that ended longer ago get no follow-up from cron: a first run after an upgrade (or
# after cron was down for long) does not mail about old webinars.
FOLLOW_UP_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class ArchivedQuestion:
    text: str
    reply: str  # the host's written answer; "" when it was answered aloud
    votes: int


@dataclass
class QaArchive:
    """What a webinar's Q&A leaves behind, as plain values (a mail to hundreds reads it once):
    one place, so more can be added (poll results)."""

    # ArchivedQuestion of the visible questions marked answered, most votes first.
    answered: list = field(default_factory=list)
    # forum.services.QuestionLink of the visible forum questions its open questions went to.
    forum_questions: list = field(default_factory=list)
    # ArchivedPoll of the polls whose results the room saw: counts only.
    polls: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.answered or self.forum_questions or self.polls)


@dataclass(frozen=True)
class ArchivedPoll:
    question: str
    total: int  # how many people answered
    rows: list  # (label, count) as the exports show them


def qa_archive(webinar):
    """The archive of a webinar's Q&A as attendees may read it (no pending or hidden questions,
    no names; the polls whose results the room saw, as counts): for the follow-up mail. Four
    queries at most."""
    visible = db.session.scalars(
        select(LiveQuestion)
        .where(
            LiveQuestion.webinar_id == webinar.id,
            LiveQuestion.status == LiveQuestionStatus.VISIBLE,
        )
        .order_by(*ROOM_ORDER)
    ).all()
    moved = [q.forum_question_id for q in visible if q.forum_question_id is not None]
    from community.webinars import polls  # polls builds on this module

    shown = [
        ArchivedPoll(poll.question, results["total"], polls.result_rows(poll, results))
        for poll, results in polls.archived_polls(webinar.id)
        if poll.results_visible
    ]
    return QaArchive(
        answered=[ArchivedQuestion(q.text, q.reply, q.votes) for q in visible if q.answered],
        forum_questions=forum_services.question_links(moved, limit=FOLLOW_UP_FORUM_QUESTIONS),
        polls=shown,
    )


def follow_up_due_at(webinar, delay):
    """When cron sends the follow-up of this webinar by itself."""
    return webinar.ends_at + delay


def start_follow_up(user, webinar, now=None):
    """The host (or a moderator) sends the follow-up now instead of waiting for cron. Returns
    False when it went already (a second click, or cron was first): nothing more is sent."""
    now = now or utcnow()
    require_moderator(user, webinar)
    if webinar.cancelled:
        raise WebinarError(_("This webinar has been cancelled."))
    if webinar.ends_at > now:
        raise WebinarError(_("The follow-up can be sent once the webinar is over."))
    # One conditional UPDATE: of two clicks at once, only one finds it unset.
    started = db.session.execute(
        update(Webinar)
        .where(Webinar.id == webinar.id, Webinar.follow_up_sent_at.is_(None))
        .values(follow_up_sent_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return started == 1


def follow_up_recipients(now, delay, webinar_id=None):
    """Registrations owed the follow-up mail: a place when the webinar ended (not waiting, not
    cancelled), not mailed yet, an account that is not erased, for a webinar that is not
    cancelled and ended at least `delay` ago (or whose host sent it already). Cron (no
    `webinar_id`) looks back only FOLLOW_UP_MAX_AGE; the host's button works for their
    webinar whenever. One query."""
    ready = (Webinar.ends_at <= now - delay) | (
        Webinar.follow_up_sent_at.is_not(None) & (Webinar.ends_at <= now)
    )
    query = (
        select(Registration)
        .join(Webinar, Webinar.id == Registration.webinar_id)
        .join(User, User.id == Registration.user_id)
        .where(
            Registration.status == RegistrationStatus.REGISTERED,
            Registration.follow_up_sent_at.is_(None),
            # Had the place when it ended: not someone who moved up afterwards.
            Registration.status_since <= Webinar.ends_at,
            User.erased_at.is_(None),
            Webinar.cancelled.is_(False),
            ready,
        )
        .order_by(Registration.webinar_id, Registration.id)
    )
    if webinar_id is None:
        query = query.where(Webinar.ends_at > now - FOLLOW_UP_MAX_AGE)
    else:
        query = query.where(Registration.webinar_id == webinar_id)
    return db.session.scalars(query).all()


def claim_follow_up(registration_id, now):
    """Take the right to mail this person their follow-up, in the caller's transaction (see
    _claim_mail). The mail is queued and the claim committed together; a rollback gives the
    claim back."""
    return _claim_mail(registration_id, Registration.follow_up_sent_at, now)


def _claim_mail(registration_id, sent_at, now, *conditions):
    """Set the registration's `sent_at` column to `now` if it is unset (and `conditions` hold):
    one conditional UPDATE, so of two runs at the same moment only one gets True (PostgreSQL
    re-checks the locked row, SQLite lets one writer at a time)."""
    return (
        db.session.execute(
            update(Registration)
            .where(
                Registration.id == registration_id,
                Registration.status == RegistrationStatus.REGISTERED,
                sent_at.is_(None),
                *conditions,
            )
            .values({sent_at.key: now})
            .execution_options(synchronize_session=False)
        ).rowcount
        == 1
    )


def mark_follow_up_started(webinar_id, now):
    """Cron started the follow-up of this webinar (the host's button then says it went); not
    committed."""
    db.session.execute(
        update(Webinar)
        .where(Webinar.id == webinar_id, Webinar.follow_up_sent_at.is_(None))
        .values(follow_up_sent_at=now)
        .execution_options(synchronize_session=False)
    )


def recording_mail_recipients(now, webinar_id=None):
    """Registrations owed the short "the recording is online" mail: their follow-up went
    without the recording, the webinar (ended, not cancelled) has one now, and the account is
    not erased. No look-back limit: hosts add recordings days or weeks later, and the follow-up
    already bounds who can be owed one. One query."""
    query = (
        select(Registration)
        .join(Webinar, Webinar.id == Registration.webinar_id)
        .join(User, User.id == Registration.user_id)
        .where(
            Registration.status == RegistrationStatus.REGISTERED,
            Registration.follow_up_sent_at.is_not(None),
            Registration.recording_mailed_at.is_(None),
            User.erased_at.is_(None),
            Webinar.cancelled.is_(False),
            Webinar.recording_url != "",
            Webinar.ends_at <= now,
        )
        .order_by(Registration.webinar_id, Registration.id)
    )
    if webinar_id is not None:
        query = query.where(Registration.webinar_id == webinar_id)
    return db.session.scalars(query).all()


def claim_recording_mail(registration_id, now):
    """Take the right to mail this person the recording link, as claim_follow_up does."""
    return _claim_mail(
        registration_id,
        Registration.recording_mailed_at,
        now,
        Registration.follow_up_sent_at.is_not(None),
    )


def mark_recording_mailed(registration_id, now):
    """This person's follow-up carries the recording: no separate mail for it later. In the
    transaction of the follow-up's claim (which holds the row); not committed."""
    db.session.execute(
        update(Registration)
        .where(Registration.id == registration_id, Registration.recording_mailed_at.is_(None))
        .values(recording_mailed_at=now)
        .execution_options(synchronize_session=False)
    )
