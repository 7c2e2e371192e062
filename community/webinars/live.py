"""The live Q&A of a webinar over Socket.IO (namespace /webinar).

Every event: authenticated at connect, authorised per event (attendee, host or moderator),
payload checked, stored in the database first and broadcast second. Joining returns the full
current state, so a client that reconnects simply joins again and is up to date.
Attendees and moderators are in separate rooms, because moderators see more (pending and
hidden questions, who asked anonymously, what an asker typed before an edit). The presenter
view listens in the attendees' room; an asker hears about their own waiting question in their
personal room.
"""

import re
from datetime import timedelta
from functools import wraps
from types import SimpleNamespace

from flask import g
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload

from community.access_log import AccessKind, log_access
from community.batching import Batcher
from community.clock import utcnow
from community.extensions import db, socketio
from community.live import (
    LiveNamespace,
    error_reply,
    id_from,
    invalid_payload,
    object_payload,
    ok_reply,
    refused_reply,
    storable,
    user_room,
)
from community.permissions import Permission
from community.privacy import (
    KIND_LABELS,
    confirmation_digest,
    confirmation_matches,
    identifiers_readers_see,
)
from community.webinars import policies, polls, services
from community.webinars.models import LiveQuestion, LiveQuestionStatus, Poll, PollState, Webinar
from community.webinars.poll_broadcasts import results_changed
from community.webinars.vote_broadcasts import vote_changed

NAMESPACE = "/webinar"
# A flood guard per person: at most this many questions per minute, counted in the database.
QUESTIONS_PER_MINUTE = 5


def attendee_room(webinar_id):
    return f"webinar:{webinar_id}"


def moderator_room(webinar_id):
    return f"webinar:{webinar_id}:moderators"


_WEBINAR_ROOM = re.compile(r"webinar:(\d+)(?::moderators)?")


def clients_per_webinar():
    """{webinar id: clients in its live room on this process}, attendees, presenter screens and
    moderators together (for the metrics; no one is named)."""
    server = socketio.server
    if server is None:
        return {}
    counts = {}
    for room, participants in server.manager.rooms.get(NAMESPACE, {}).items():
        match = _WEBINAR_ROOM.fullmatch(room) if isinstance(room, str) else None
        if match:
            webinar_id = int(match.group(1))
            counts[webinar_id] = counts.get(webinar_id, 0) + len(participants)
    return counts


def _labels():
    """The translated words every payload carries, looked up once per event (a join sends
    hundreds of questions)."""
    if "live_labels" not in g:
        g.live_labels = {
            "anonymous": _("A participant (without name)"),
            **{state: str(label) for state, label in services.QUESTION_STATE_LABELS.items()},
        }
    return g.live_labels


def question_payload(question, *, for_moderator):
    labels = _labels()
    anonymous_label = labels["anonymous"]
    named = not question.anonymous and question.author is not None
    state = policies.question_state(question)
    payload = {
        "id": question.id,
        "text": question.text,
        "author": question.author.name if named else anonymous_label,
        "votes": question.votes,
        "vote_version": question.vote_version,
        "answered": question.answered,
        "answering": question.answering,
        "reply": question.reply,
        "status": question.status,
        "state": state,
        "state_label": labels[state],
        "created_at": question.created_at.isoformat().replace("+00:00", "Z"),  # aware UTC
    }
    if for_moderator:
        payload["real_author"] = question.author.name if question.author else anonymous_label
        payload["privacy_confirmed"] = question.privacy_confirmed
        payload["actions"] = list(policies.question_actions(question))
        payload["original_text"] = question.original_text
        payload["edited_by"] = question.edited_by.name if question.edited_by else None
    return payload


def _privacy_guard(text, data):
    """(confirmed, error) for text everyone in the room will read, as they will see it (plain
    text). The error reply shows the findings with their digest; "I have checked" counts only
    when the client sends that digest back as `confirm_privacy` for the text sent now."""
    findings = identifiers_readers_see(text)
    if not findings:
        return False, None
    if confirmation_matches(current_user.id, findings, data.get("confirm_privacy")):
        return True, None
    return False, error_reply(
        "privacy",
        _("Could someone be recognised from this text?"),
        findings=[
            {"label": str(KIND_LABELS.get(f.kind, f.kind)), "text": f.text} for f in findings
        ],
        digest=confirmation_digest(current_user.id, findings),
    )


def _webinar_for(data):
    webinar_id = id_from(data, "webinar_id")
    if webinar_id is None:
        return None, invalid_payload()
    # The host (and their roles) are not needed to authorise an event: host_id is enough.
    webinar = db.session.get(Webinar, webinar_id, options=[lazyload(Webinar.host)])
    if webinar is None:
        return None, error_reply("not_found", _("This webinar does not exist."))
    if not policies.may_take_part(current_user, webinar):
        return None, error_reply("forbidden", _("Register for this webinar to take part."))
    return webinar, None


def _question_for(data, webinar):
    question_id = id_from(data, "question_id")
    question = (
        db.session.get(
            LiveQuestion,
            question_id,
            options=[lazyload(LiveQuestion.author), lazyload(LiveQuestion.edited_by)],
        )
        if question_id
        else None
    )
    if question is None or question.webinar_id != webinar.id:
        return None, error_reply("not_found", _("This question does not exist."))
    return question, None


def room_event(*, with_question=False):
    """For an event in one webinar's room: the payload is one object naming a webinar the user
    takes part in (and, `with_question`, one of its questions); the handler gets them found."""

    def decorator(handler):
        @object_payload
        @wraps(handler)
        def checked(namespace, data):
            webinar, error = _webinar_for(data)
            if error:
                return error
            if not with_question:
                return handler(namespace, data, webinar)
            question, error = _question_for(data, webinar)
            if error:
                return error
            return handler(namespace, data, webinar, question)

        return checked

    return decorator


def broadcast_question(question):
    """Tell attendees and moderators about a new or changed question (after it is stored)."""
    webinar_id = question.webinar_id
    socketio.emit(
        "question",
        question_payload(question, for_moderator=True),
        to=moderator_room(webinar_id),
        namespace=NAMESPACE,
    )
    if question.status == LiveQuestionStatus.VISIBLE:
        socketio.emit(
            "question",
            question_payload(question, for_moderator=False),
            to=attendee_room(webinar_id),
            namespace=NAMESPACE,
        )
    elif question.status == LiveQuestionStatus.PENDING:
        # Only its asker sees a waiting question (marked as such), wherever they are connected;
        # the webinar id tells their page whether it is about this room.
        socketio.emit(
            "own_question",
            {"webinar_id": webinar_id, **question_payload(question, for_moderator=False)},
            to=user_room(question.author_id),
            namespace=NAMESPACE,
        )
    else:
        socketio.emit(
            "question_removed",
            {"id": question.id},
            to=attendee_room(webinar_id),
            namespace=NAMESPACE,
        )


def full_state(webinar, *, presenter=False):
    """Everything the page shows. Attendees also learn which questions they voted for and which
    are their own (no vote button there), among them those still waiting for approval. The
    presenter view gets what attendees see: no pending or hidden questions, no real names."""
    moderator = policies.may_moderate_webinar(current_user, webinar) and not presenter
    questions = services.questions_for(current_user, webinar)
    if presenter:
        questions = [q for q in questions if q.status == LiveQuestionStatus.VISIBLE]
    own = [q for q in questions if q.author_id == current_user.id]
    if moderator:
        poll_state = polls.host_poll_state(current_user, webinar)
    else:
        # The presenter screen shows the room's poll as attendees see it.
        poll_state = polls.attendee_poll_state(webinar.id, [current_user.id])[current_user.id]
    return ok_reply(
        **poll_state,
        moderator=moderator,
        qa_closed=webinar.qa_closed,
        questions=[question_payload(q, for_moderator=moderator) for q in questions],
        my_votes=sorted(services.my_votes(current_user, webinar)),
        my_questions=[q.id for q in own],
        my_pending=[q.id for q in own if q.status == LiveQuestionStatus.PENDING],
    )


def _entries(webinar_id, user_ids):
    """{user id: (the webinar's host, the person's registration status)} for people joining
    one webinar's room at the same moment; {} when there is no such webinar."""
    webinar = db.session.execute(
        select(Webinar.host_id).where(Webinar.id == webinar_id)
    ).one_or_none()
    if webinar is None:
        return {}
    statuses = services.registration_statuses(webinar_id, user_ids)
    return {user_id: (webinar.host_id, statuses.get(user_id)) for user_id in user_ids}


def _attendee_states(group, user_ids):
    """The join reply for attendees joining one room at the same moment (in one language): the
    visible questions are read and turned into payloads once for all of them."""
    webinar_id, _language = group
    qa_closed = db.session.scalar(select(Webinar.qa_closed).where(Webinar.id == webinar_id))
    visible, waiting, votes = services.room_for_attendees(webinar_id, user_ids)
    shared = [question_payload(q, for_moderator=False) for q in visible]
    poll_states = polls.attendee_poll_state(webinar_id, user_ids)
    states = {}
    for user_id in user_ids:
        own_waiting = waiting[user_id]
        questions = shared
        if own_waiting:
            shown = sorted([*visible, *own_waiting], key=services.room_order_key)
            questions = [question_payload(q, for_moderator=False) for q in shown]
        states[user_id] = {
            "qa_closed": qa_closed,
            "questions": questions,
            "my_votes": sorted(votes[user_id]),
            "my_questions": [q.id for q in [*visible, *own_waiting] if q.author_id == user_id],
            "my_pending": [q.id for q in own_waiting],
            # The poll in the room, their own answer, and its results while the host shows them.
            **poll_states[user_id],
        }
    return states


_entry_batches = Batcher(_entries)
_state_batches = Batcher(_attendee_states)


class WebinarNamespace(LiveNamespace):
    entry_permission = Permission.ATTEND_WEBINARS

    @object_payload
    def on_join(self, data):
        webinar_id = id_from(data, "webinar_id")
        presenter = data.get("presenter", False)
        if webinar_id is None or not isinstance(presenter, bool):
            return invalid_payload()
        # Who may enter, read for everyone joining at this moment in one go.
        entry = _entry_batches.load(webinar_id, current_user.id)
        if entry is None:
            return error_reply("not_found", _("This webinar does not exist."))
        host_id, registration_status = entry
        webinar_facts = SimpleNamespace(id=webinar_id, host_id=host_id)
        if presenter or policies.may_moderate_webinar(current_user, webinar_facts):
            return self._join_to_run(data, presenter)
        if not policies.has_place(current_user, registration_status):
            return error_reply("forbidden", _("Register for this webinar to take part."))
        # In the room first, then its state: whatever changes after this is broadcast to us,
        # whatever changed before is in a state read after this moment (see community/batching.py).
        join_room(attendee_room(webinar_id))
        state = _state_batches.load((webinar_id, str(get_locale())), current_user.id)
        return ok_reply(moderator=False, **state)

    def _join_to_run(self, data, presenter):
        """The host, moderators and the presenter screen: few, and they see more."""
        webinar, error = _webinar_for(data)
        if error:
            return error
        if presenter:
            # The host's screen, read-only: it listens with the attendees, so it never receives
            # pending or hidden questions nor who asked without a name.
            if not policies.may_present(current_user, webinar):
                return error_reply("forbidden", _("Only the host and moderators can do this."))
            join_room(attendee_room(webinar.id))
        else:
            join_room(moderator_room(webinar.id))
            log_access(
                current_user,
                services.anonymous_askers(webinar.id),
                AccessKind.LIVE_QUESTION_AUTHOR,
                detail=webinar.title,
            )
        return full_state(webinar, presenter=presenter)

    @room_event()
    def on_ask(self, data, webinar):
        moderator = policies.may_moderate_webinar(current_user, webinar)
        # Cheapest check first: type and length (and whether the Q&A is open), then the
        # per-minute limit, and only then the privacy guard, which reads the whole text.
        try:
            text = services.clean_question_text(data.get("text"))
            services.ensure_questions_open(webinar)
        except services.WebinarError as problem:
            return refused_reply(problem)
        if not storable(text) or not storable(data.get("client_token")):
            return error_reply("invalid", _("Send text."))
        if _recent_questions(current_user.id, webinar.id) >= QUESTIONS_PER_MINUTE:
            return error_reply(
                "rate_limited",
                _("You are asking many questions at once. Wait a minute and try again."),
            )
        privacy_confirmed, error = _privacy_guard(text, data)
        if error:
            return error
        try:
            question, created = services.ask(
                current_user,
                webinar,
                text=text,
                client_token=data.get("client_token"),
                anonymous=data.get("anonymous", False),
                privacy_confirmed=privacy_confirmed,
            )
        except services.WebinarError as problem:
            return refused_reply(problem)
        if created:
            broadcast_question(question)
        return ok_reply(question=question_payload(question, for_moderator=moderator))

    @room_event(with_question=True)
    def on_vote(self, data, webinar, question):
        voted = data.get("voted", True)
        if not isinstance(voted, bool):
            return invalid_payload()
        return self._vote(webinar, question, voted)

    @room_event(with_question=True)
    def on_unvote(self, data, webinar, question):
        return self._vote(webinar, question, False)

    def _vote(self, webinar, question, voted):
        # Read before the commit inside vote(), which would expire (and reload) both objects.
        question_id, webinar_id = question.id, webinar.id
        try:
            votes, version = services.vote(current_user, question, webinar, voted=voted)
        except services.WebinarError as problem:
            return refused_reply(problem)
        # Stored and acknowledged now; the room hears the new count with the next coalesced
        # broadcast (community/webinars/vote_broadcasts.py).
        vote_changed(webinar_id, question_id)
        return ok_reply(voted=voted, id=question_id, votes=votes, version=version)

    @room_event(with_question=True)
    def on_edit(self, data, webinar, question):
        # Who may, and whether the question's state allows it, before the text is read; then
        # its length, then the privacy guard (the moderator confirms like an asker would).
        try:
            services.require_moderator(current_user, webinar)
            services.require_action(question, "edit")
            text = services.clean_question_text(data.get("text"))
        except services.WebinarError as problem:
            return refused_reply(problem)
        if not storable(text):
            return error_reply("invalid", _("Send text."))
        privacy_confirmed, error = _privacy_guard(text, data)
        if error:
            return error
        try:
            question = services.edit_question(
                current_user, question, webinar, text, privacy_confirmed=privacy_confirmed
            )
        except services.WebinarError as problem:
            return refused_reply(problem)
        broadcast_question(question)
        return ok_reply(question=question_payload(question, for_moderator=True))

    @room_event(with_question=True)
    def on_moderate(self, data, webinar, question):
        action = data.get("action")
        reply = data.get("reply", "")
        if action not in services.MODERATION_ACTIONS or not isinstance(reply, str):
            return error_reply("invalid", _("Unknown action."))
        if not storable(reply):
            return error_reply("invalid", _("Send text."))
        if action == "reply":
            # The reply is shown to everyone: who may send it and its length first, then the
            # privacy guard, as for questions.
            try:
                services.require_moderator(current_user, webinar)
                reply = services.clean_reply_text(reply)
            except services.WebinarError as problem:
                return refused_reply(problem)
            _confirmed, error = _privacy_guard(reply, data)
            if error:
                return error
        try:
            changed = (
                [
                    q
                    for q in db.session.scalars(
                        select(LiveQuestion).where(
                            LiveQuestion.webinar_id == webinar.id, LiveQuestion.answering.is_(True)
                        )
                    )
                ]
                if action == "answering"
                else []
            )
            question = services.moderate(current_user, question, webinar, action, reply)
        except services.WebinarError as problem:
            return refused_reply(problem)
        for other in changed:
            if other.id != question.id:
                broadcast_question(other)
        broadcast_question(question)
        return ok_reply(question=question_payload(question, for_moderator=True))

    @room_event()
    def on_close_qa(self, data, webinar):
        closed = data.get("closed")
        if not isinstance(closed, bool):
            return invalid_payload()
        try:
            services.set_qa_closed(current_user, webinar, closed)
        except services.WebinarError as problem:
            return refused_reply(problem)
        for room in (attendee_room(webinar.id), moderator_room(webinar.id)):
            socketio.emit("qa_state", {"qa_closed": closed}, to=room, namespace=NAMESPACE)
        return ok_reply(qa_closed=closed)

    @object_payload
    def on_poll_answer(self, data):
        """An attendee answers the open poll, or changes their answer: {webinar_id, poll_id,
        answer} with a list of option indexes, a number on the scale, or a short text. Hundreds
        arrive within seconds when a poll opens, so the webinar is not loaded as for other
        events: answer_poll reads the poll, the host and the person's registration in one
        query and asks the same policy (may_take_part)."""
        webinar_id, poll_id = id_from(data, "webinar_id"), id_from(data, "poll_id")
        if webinar_id is None:
            return invalid_payload()
        if poll_id is None:
            return error_reply("not_found", _("This poll does not exist."))
        if not storable(data.get("answer")):
            return error_reply("invalid", _("Send text."))
        try:
            answer = polls.answer_poll(current_user, webinar_id, poll_id, data.get("answer"))
        except services.WebinarError as problem:
            if problem.status == 404:
                return error_reply("not_found", str(problem))
            if problem.status == 403:
                return error_reply("forbidden", str(problem))
            return refused_reply(problem)
        # Stored and acknowledged now; the room hears the results coalesced (poll_broadcasts).
        results_changed(webinar_id, poll_id)
        return ok_reply(poll_id=poll_id, answer=answer)

    @room_event()
    def on_poll_control(self, data, webinar):
        """The host opens, closes, shows or hides the results of a poll: {webinar_id, poll_id,
        action}."""
        action = data.get("action")
        if action not in polls.POLL_ACTIONS:
            return error_reply("invalid", _("Unknown action."))
        try:
            services.require_moderator(current_user, webinar)
        except services.WebinarError as problem:
            return refused_reply(problem)
        poll, error = _poll_for(data, webinar)
        if error:
            return error
        try:
            changed = polls.control_poll(current_user, poll, webinar, action)
        except services.WebinarError as problem:
            return refused_reply(problem)
        for each in changed:
            broadcast_poll(each)
        return ok_reply(poll=polls.poll_payload(poll))


def _poll_for(data, webinar):
    poll_id = id_from(data, "poll_id")
    poll = db.session.get(Poll, poll_id) if poll_id else None
    if poll is None or poll.webinar_id != webinar.id:
        return None, error_reply("not_found", _("This poll does not exist."))
    return poll, None


def broadcast_poll(poll):
    """Tell the room that a poll opened, closed, or its results were shown or hidden (after it
    is stored). Moderators hear every change with the results; attendees hear about polls the
    room has seen, with the results only while the host shows them."""
    webinar_id = poll.webinar_id
    payload = polls.poll_payload(poll)
    results = polls.results_of([poll])[poll.id]
    socketio.emit(
        "poll",
        {"poll": payload, "results": results},
        to=moderator_room(webinar_id),
        namespace=NAMESPACE,
    )
    if poll.state != PollState.DRAFT:
        socketio.emit(
            "poll",
            {"poll": payload, "results": results if poll.results_visible else None},
            to=attendee_room(webinar_id),
            namespace=NAMESPACE,
        )


def _recent_questions(user_id, webinar_id):
    return db.session.scalar(
        select(func.count())
        .select_from(LiveQuestion)
        .where(
            LiveQuestion.author_id == user_id,
            LiveQuestion.webinar_id == webinar_id,
            LiveQuestion.created_at > utcnow() - timedelta(minutes=1),
        )
    )


webinar_namespace = WebinarNamespace(NAMESPACE)


def register_namespace():
    if webinar_namespace not in socketio.namespace_handlers:
        socketio.on_namespace(webinar_namespace)
