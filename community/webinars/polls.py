"""Live polls in a webinar: the host prepares them, opens them in the live room, attendees
answer (one answer per person, changed in place while the poll is open) and the results are
counts only. Nothing here hands out who gave which answer: user_id stays in the database, for
one answer per person and the person's own export."""

from functools import cache
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import bindparam, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from community.clock import utcnow
from community.extensions import db
from community.privacy import KIND_LABELS, identifiers_readers_see
from community.webinars import policies
from community.webinars.models import (
    Poll,
    PollAnswer,
    PollKind,
    PollState,
    Registration,
    Webinar,
)
from community.webinars.services import WebinarError, require_moderator

QUESTION_MIN, QUESTION_MAX = 3, 300
OPTIONS_MIN, OPTIONS_MAX = 2, 10
OPTION_MAX = 80
SCALE_LOWEST, SCALE_HIGHEST = 0, 10
SCALE_LABEL_MAX = 40
WORD_MAX = 40
# The word cloud shows the most frequent answers; the rest only count in the total.
CLOUD_WORDS = 50

POLL_KIND_LABELS = {
    PollKind.SINGLE: _l("Single choice"),
    PollKind.MULTIPLE: _l("Multiple choice"),
    PollKind.SCALE: _l("Rating scale"),
    PollKind.WORDS: _l("Word cloud"),
}
POLL_STATE_LABELS = {
    PollState.DRAFT: _l("prepared"),
    PollState.OPEN: _l("open"),
    PollState.CLOSED: _l("closed"),
}
POLL_ACTIONS = ("open", "close", "show_results", "hide_results")


# --- preparing ---------------------------------------------------------------------------------


def _text(value, maximum, field, minimum=1):
    if not isinstance(value, str):
        raise WebinarError(_("Send text."), status=400, field=field)
    text = " ".join(value.split())
    if len(text) < minimum:
        raise WebinarError(
            _("Write at least %(count)d characters.", count=minimum), status=422, field=field
        )
    if len(text) > maximum:
        raise WebinarError(
            _("Write at most %(count)d characters.", count=maximum), status=422, field=field
        )
    return text


def clean_poll(
    *,
    kind,
    question,
    options=(),
    max_choices=None,
    scale_min=1,
    scale_max=5,
    scale_min_label="",
    scale_max_label="",
):
    """The poll's fields as they will be stored, or WebinarError naming the field that is wrong.
    `options` is a list of texts (empty lines are left out)."""
    if kind not in PollKind.__members__.values():
        raise WebinarError(_("Choose a kind of poll."), status=422, field="kind")
    fields = {
        "kind": kind,
        "question": _text(question, QUESTION_MAX, "question", QUESTION_MIN),
        "options": [],
        "max_choices": None,
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label": "",
        "scale_max_label": "",
    }
    if kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        cleaned = [" ".join(option.split()) for option in options if option and option.strip()]
        if not OPTIONS_MIN <= len(cleaned) <= OPTIONS_MAX:
            raise WebinarError(
                _(
                    "Give between %(low)d and %(high)d options, one per line.",
                    low=OPTIONS_MIN,
                    high=OPTIONS_MAX,
                ),
                field="options",
            )
        for option in cleaned:
            if len(option) > OPTION_MAX:
                raise WebinarError(
                    _("An option has at most %(count)d characters.", count=OPTION_MAX),
                    field="options",
                )
        if len({option.casefold() for option in cleaned}) != len(cleaned):
            raise WebinarError(_("Each option may appear only once."), field="options")
        fields["options"] = cleaned
        if kind == PollKind.MULTIPLE and max_choices is not None:
            if isinstance(max_choices, bool) or not isinstance(max_choices, int):
                raise WebinarError(_("Give a whole number."), field="max_choices")
            if not 1 <= max_choices <= len(cleaned):
                raise WebinarError(
                    _("Between 1 and the number of options (%(count)d).", count=len(cleaned)),
                    field="max_choices",
                )
            fields["max_choices"] = max_choices
    elif kind == PollKind.SCALE:
        for name, value in (("scale_min", scale_min), ("scale_max", scale_max)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise WebinarError(_("Give a whole number."), field=name)
        if not (SCALE_LOWEST <= scale_min < scale_max <= SCALE_HIGHEST):
            raise WebinarError(
                _(
                    "The scale runs from a lower to a higher number, between %(low)d and %(high)d.",
                    low=SCALE_LOWEST,
                    high=SCALE_HIGHEST,
                ),
                field="scale_max",
            )
        fields["scale_min"], fields["scale_max"] = scale_min, scale_max
        labels = {"scale_min_label": scale_min_label, "scale_max_label": scale_max_label}
        for name, value in labels.items():
            fields[name] = _text(value or "", SCALE_LABEL_MAX, name, minimum=0)
    return fields


def polls_of(webinar_id):
    """The webinar's polls in the host's order."""
    return db.session.scalars(
        select(Poll).where(Poll.webinar_id == webinar_id).order_by(Poll.position, Poll.id)
    ).all()


def create_poll(user, webinar, **fields):
    require_moderator(user, webinar)
    fields = clean_poll(**fields)
    last = db.session.scalar(select(func.max(Poll.position)).where(Poll.webinar_id == webinar.id))
    poll = Poll(webinar_id=webinar.id, position=(last or 0) + 1, **fields)
    db.session.add(poll)
    db.session.commit()
    return poll


def update_poll(user, poll, webinar, **fields):
    """Change a poll the room has not seen yet (a prepared one)."""
    require_moderator(user, webinar)
    if poll.state != PollState.DRAFT:
        raise WebinarError(_("A poll that has been opened cannot be changed any more."))
    for name, value in clean_poll(**fields).items():
        setattr(poll, name, value)
    db.session.commit()
    return poll


def delete_poll(user, poll, webinar):
    """A prepared or closed poll goes, with its answers; an open one is closed first."""
    require_moderator(user, webinar)
    if poll.state == PollState.OPEN:
        raise WebinarError(_("Close the poll before you delete it."))
    db.session.delete(poll)
    db.session.commit()


def move_poll(user, poll, webinar, direction):
    """Swap the poll with its neighbour above (direction -1) or below (+1)."""
    require_moderator(user, webinar)
    polls = list(polls_of(webinar.id))
    index = polls.index(poll)
    other = index + direction
    if direction not in (-1, 1) or not 0 <= other < len(polls):
        return
    polls[index], polls[other] = polls[other], polls[index]
    for position, each in enumerate(polls, start=1):
        each.position = position
    db.session.commit()


# --- running the poll in the room --------------------------------------------------------------


def control_poll(user, poll, webinar, action, now=None):
    """open (also again after closing; another open poll closes), close, show_results or
    hide_results. Returns the polls that changed, `poll` last."""
    require_moderator(user, webinar)
    if action not in POLL_ACTIONS:
        raise WebinarError(_("Unknown action."), status=400)
    now = now or utcnow()
    changed = []
    if action == "open":
        # One poll at a time in the room.
        for other in db.session.scalars(
            select(Poll).where(
                Poll.webinar_id == webinar.id, Poll.state == PollState.OPEN, Poll.id != poll.id
            )
        ):
            other.state, other.closed_at = PollState.CLOSED, now
            changed.append(other)
        poll.state, poll.opened_at, poll.closed_at = PollState.OPEN, now, None
    elif action == "close":
        if poll.state != PollState.OPEN:
            raise WebinarError(_("This poll is not open."))
        poll.state, poll.closed_at = PollState.CLOSED, now
    else:
        if poll.state == PollState.DRAFT:
            raise WebinarError(_("Open the poll first."))
        poll.results_visible = action == "show_results"
    db.session.commit()
    return [*changed, poll]


def clean_answer(poll, raw):
    """The answer as stored (see PollAnswer.value), or WebinarError: for choice kinds a list of
    option indexes, for a scale a whole number, for a word cloud a short text."""
    if poll.kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        if not isinstance(raw, list) or len(raw) > len(poll.options):
            raise WebinarError(_("Choose from the options."), status=400)
        chosen = set()
        for index in raw:
            if isinstance(index, bool) or not isinstance(index, int):
                raise WebinarError(_("Choose from the options."), status=400)
            if not 0 <= index < len(poll.options):
                raise WebinarError(_("Choose from the options."), status=400)
            chosen.add(index)
        if not chosen:
            raise WebinarError(_("Choose an option."), status=422)
        if poll.kind == PollKind.SINGLE and len(chosen) > 1:
            raise WebinarError(_("Choose one option."), status=422)
        if poll.max_choices and len(chosen) > poll.max_choices:
            raise WebinarError(
                ngettext(
                    "Choose at most %(num)d option.",
                    "Choose at most %(num)d options.",
                    poll.max_choices,
                ),
                status=422,
            )
        return ",".join(str(index) for index in sorted(chosen))
    if poll.kind == PollKind.SCALE:
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise WebinarError(_("Choose a number on the scale."), status=400)
        if not poll.scale_min <= raw <= poll.scale_max:
            raise WebinarError(_("Choose a number on the scale."), status=422)
        return str(raw)
    if not isinstance(raw, str) or len(raw) > 4 * WORD_MAX:
        raise WebinarError(_("Write at most %(count)d characters.", count=WORD_MAX), status=422)
    # Counted together however it was typed: "Veilig Thuis", "veilig  thuis ".
    typed = _text(raw, WORD_MAX, "answer")
    # The cloud is shown to everyone, without a moderator in between, and a word is too short
    # for an "I have checked": a phone number, address or e-mail address is refused outright.
    findings = identifiers_readers_see(typed)
    if findings:
        kinds = ", ".join(dict.fromkeys(str(KIND_LABELS.get(f.kind, f.kind)) for f in findings))
        raise WebinarError(
            _("Leave out what could identify someone (%(kinds)s).", kinds=kinds), status=422
        )
    return typed.lower()


def answer_poll(user, webinar_id, poll_id, raw, now=None):
    """Store the person's answer to the open poll, or change it: one row per person and poll.
    Returns the answer as read back, or WebinarError (404: no such poll in this webinar, 403:
    not taking part, closed, or the answer itself).

    Answers do not take turns: each is one upsert that adds one to its own row's revision (the
    results' version is their sum, results_of()). Only closing waits: the upsert holds the
    poll's row in share mode, which other answers share and an UPDATE of the poll (closing it)
    must wait for; an answer that arrives while the poll closes waits for the close and is
    refused. So every answer acknowledged is in the results read after the close, and none is
    stored after it."""
    poll = _poll_to_answer(poll_id, user.id)
    if poll is None or poll.webinar_id != webinar_id:
        raise WebinarError(_("This poll does not exist."), status=404)
    facts = SimpleNamespace(id=poll.webinar_id, host_id=poll.host_id)
    if not policies.may_take_part(user, facts, poll.registration_status):
        raise WebinarError(_("Register for this webinar to answer polls."), status=403)
    if poll.state != PollState.OPEN:
        raise WebinarError(_("This poll has closed: your answer was not counted."))
    value = clean_answer(poll, raw)
    if _store_answer(poll.id, user.id, value, now or utcnow()) is None:
        # Closed between the read above and the upsert (which waited for the close).
        db.session.rollback()
        raise WebinarError(_("This poll has closed: your answer was not counted."))
    db.session.commit()
    return decode_answer(poll.kind, value)


def _poll_to_answer(poll_id, user_id):
    """What answering needs, in one query: the poll's kind, options, scale and state, its
    webinar's host, and the person's registration status (None when not registered)."""
    return db.session.execute(
        _answering_query(), {"poll_id": poll_id, "user_id": user_id}
    ).one_or_none()


def _store_answer(poll_id, user_id, value, now):
    """The answer's revision, or None when the poll is not open (see _upsert_answer())."""
    statement = _upsert_answer(db.session.get_bind().dialect.name)
    parameters = {"poll_id": poll_id, "user_id": user_id, "value": value, "now": now}
    return db.session.execute(statement, parameters).scalar_one_or_none()


# The two statements of an answer are built once: building them anew for every answer cost
# about as much CPU as running them.


@cache
def _answering_query():
    return (
        select(
            Poll.id,
            Poll.webinar_id,
            Poll.kind,
            Poll.options,
            Poll.max_choices,
            Poll.scale_min,
            Poll.scale_max,
            Poll.state,
            Webinar.host_id,
            Registration.status.label("registration_status"),
        )
        .join(Webinar, Webinar.id == Poll.webinar_id)
        .outerjoin(
            Registration,
            (Registration.webinar_id == Poll.webinar_id)
            & (Registration.user_id == bindparam("user_id")),
        )
        .where(Poll.id == bindparam("poll_id"))
    )


@cache
def _upsert_answer(dialect_name):
    """INSERT ... SELECT from the poll while it is open (FOR SHARE on PostgreSQL; SQLite writes
    one statement at a time anyway) ... ON CONFLICT (poll, person) DO UPDATE the value and one
    more revision, RETURNING the revision."""
    insert = postgresql_insert if dialect_name == "postgresql" else sqlite_insert
    columns = PollAnswer.__table__.c
    open_poll = (
        select(
            Poll.id,
            bindparam("user_id", type_=columns.user_id.type),
            bindparam("value", type_=columns.value.type),
            literal(1, columns.revision.type),
            bindparam("now", type_=columns.created_at.type),
            bindparam("now", type_=columns.updated_at.type),
        )
        .where(Poll.id == bindparam("poll_id"), Poll.state == PollState.OPEN)
        .with_for_update(read=True)
    )
    statement = insert(PollAnswer.__table__).from_select(
        ["poll_id", "user_id", "value", "revision", "created_at", "updated_at"], open_poll
    )
    statement = statement.on_conflict_do_update(
        index_elements=["poll_id", "user_id"],
        set_={
            "value": statement.excluded.value,
            "updated_at": statement.excluded.updated_at,
            "revision": columns.revision + 1,
        },
    )
    return statement.returning(columns.revision)


def decode_answer(kind, value):
    if kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        return [int(index) for index in value.split(",")]
    if kind == PollKind.SCALE:
        return int(value)
    return value


def results_of(polls):
    """{poll id: results} for these polls, counted from the stored answers in one query. The
    version is the sum of the answers' revisions, read with the counts: every stored answer or
    change adds one, so newer counts always have a higher version, and a browser that keeps the
    highest never keeps older counts."""
    if not polls:
        return {}
    ids = [poll.id for poll in polls]
    tallies = {poll_id: {} for poll_id in ids}
    versions = dict.fromkeys(ids, 0)
    for poll_id, value, count, revisions in db.session.execute(
        select(PollAnswer.poll_id, PollAnswer.value, func.count(), func.sum(PollAnswer.revision))
        .where(PollAnswer.poll_id.in_(ids))
        .group_by(PollAnswer.poll_id, PollAnswer.value)
    ):
        tallies[poll_id][value] = count
        versions[poll_id] += revisions
    return {poll.id: _results(poll, versions[poll.id], tallies[poll.id]) for poll in polls}


def _results(poll, version, tally):
    """Counts only: how many answered, how many chose each option (or scale value, or word)."""
    total = sum(tally.values())
    results = {"poll_id": poll.id, "version": version, "total": total}
    if poll.kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        counts = [0] * len(poll.options)
        for value, count in tally.items():
            for index in value.split(","):
                if index.isdigit() and int(index) < len(counts):
                    counts[int(index)] += count
        results["counts"] = counts
    elif poll.kind == PollKind.SCALE:
        values = range(poll.scale_min, poll.scale_max + 1)
        counts = {int(value): count for value, count in tally.items() if value.isdigit()}
        results["counts"] = [counts.get(value, 0) for value in values]
        results["average"] = (
            round(sum(value * count for value, count in counts.items()) / total, 1)
            if total
            else None
        )
    else:
        words = sorted(tally.items(), key=lambda item: (-item[1], item[0]))
        results["words"] = [[word, count] for word, count in words[:CLOUD_WORDS]]
    return results


def results_for(poll_id):
    poll = db.session.get(Poll, poll_id)
    return results_of([poll])[poll.id] if poll else None


def poll_payload(poll):
    """What the room shows of a poll (never its answers: those go as results_of())."""
    return {
        "id": poll.id,
        "kind": poll.kind,
        "kind_label": str(POLL_KIND_LABELS.get(poll.kind, poll.kind)),
        "question": poll.question,
        "options": list(poll.options or []),
        "max_choices": poll.max_choices,
        "scale": list(range(poll.scale_min, poll.scale_max + 1))
        if poll.kind == PollKind.SCALE
        else [],
        "scale_min_label": poll.scale_min_label,
        "scale_max_label": poll.scale_max_label,
        "state": poll.state,
        "state_label": str(POLL_STATE_LABELS.get(poll.state, poll.state)),
        "results_visible": poll.results_visible,
        "position": poll.position,
    }


def room_poll(webinar_id):
    """The poll attendees see: the open one, or else the last closed one whose results the host
    shows; None when there is none."""
    open_poll = db.session.scalar(
        select(Poll).where(Poll.webinar_id == webinar_id, Poll.state == PollState.OPEN)
    )
    if open_poll is not None:
        return open_poll
    return db.session.scalar(
        select(Poll)
        .where(
            Poll.webinar_id == webinar_id,
            Poll.state == PollState.CLOSED,
            Poll.results_visible.is_(True),
        )
        .order_by(Poll.closed_at.desc(), Poll.id.desc())
        .limit(1)
    )


def answers_of(poll_id, user_ids):
    """{user id: their answer} to one poll, for people joining the room together (each gets
    only their own)."""
    rows = db.session.execute(
        select(PollAnswer.user_id, PollAnswer.value, Poll.kind)
        .join(Poll, Poll.id == PollAnswer.poll_id)
        .where(PollAnswer.poll_id == poll_id, PollAnswer.user_id.in_(user_ids))
    )
    return {user_id: decode_answer(kind, value) for user_id, value, kind in rows}


def attendee_poll_state(webinar_id, user_ids):
    """The poll part of the join reply for attendees joining together: {user id: {poll,
    poll_results ([] while hidden), my_answer}}, in a fixed number of queries."""
    poll = room_poll(webinar_id)
    if poll is None:
        empty = {"poll": None, "poll_results": [], "my_answer": None}
        return {user_id: dict(empty) for user_id in user_ids}
    shared = poll_payload(poll)
    results = [results_of([poll])[poll.id]] if poll.results_visible else []
    answers = answers_of(poll.id, user_ids)
    return {
        user_id: {"poll": shared, "poll_results": results, "my_answer": answers.get(user_id)}
        for user_id in user_ids
    }


def host_poll_state(user, webinar):
    """For the host and moderators: every poll with its results (always), and their own
    answer to the open one."""
    polls = polls_of(webinar.id)
    results = results_of([poll for poll in polls if poll.state != PollState.DRAFT])
    current = next((poll for poll in polls if poll.state == PollState.OPEN), None)
    return {
        "polls": [poll_payload(poll) for poll in polls],
        "poll_results": list(results.values()),
        "my_answer": answers_of(current.id, [user.id]).get(user.id) if current else None,
    }


# --- archive and export ------------------------------------------------------------------------


def archived_polls(webinar_id):
    """[(poll, results)] of the polls the room has seen (opened at least once), in order."""
    polls = [poll for poll in polls_of(webinar_id) if poll.state != PollState.DRAFT]
    results = results_of(polls)
    return [(poll, results[poll.id]) for poll in polls]


def result_rows(poll, results):
    """[(label, count)] of a poll's results, as the exports show them."""
    if poll.kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        return list(zip(poll.options, results["counts"], strict=True))
    if poll.kind == PollKind.SCALE:
        return [
            (str(value), count)
            for value, count in zip(
                range(poll.scale_min, poll.scale_max + 1), results["counts"], strict=True
            )
        ]
    return [(word, count) for word, count in results["words"]]


# --- personal data -----------------------------------------------------------------------------


def personal_data(user_id):
    """The person's own answers (their export): which poll, what they answered."""
    rows = db.session.execute(
        select(PollAnswer, Poll, Webinar.title)
        .join(Poll, Poll.id == PollAnswer.poll_id)
        .join(Webinar, Webinar.id == Poll.webinar_id)
        .where(PollAnswer.user_id == user_id)
        .order_by(PollAnswer.created_at)
    ).all()
    return [
        {
            "webinar_id": poll.webinar_id,
            "webinar": title,
            "poll": poll.question,
            "answer": _readable_answer(poll, answer.value),
            "created_at": answer.created_at,
            "updated_at": answer.updated_at,
        }
        for answer, poll, title in rows
    ]


def _readable_answer(poll, value):
    answer = decode_answer(poll.kind, value)
    if poll.kind in (PollKind.SINGLE, PollKind.MULTIPLE):
        return [poll.options[index] for index in answer if index < len(poll.options)]
    return answer


def forget_respondents(ended_before):
    """Answers to polls of webinars that ended before `ended_before` are no longer tied to
    anyone: the counts stay, the one-answer-per-person link is no longer needed. Returns how
    many answers."""
    ended = select(Poll.id).join(Webinar, Webinar.id == Poll.webinar_id)
    ended = ended.where(Webinar.ends_at < ended_before)
    result = db.session.execute(
        update(PollAnswer)
        .where(PollAnswer.poll_id.in_(ended), PollAnswer.user_id.is_not(None))
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def forget_respondent(user_id):
    """An erased person's answers stay counted, without anyone to tie them to (not committed)."""
    db.session.execute(
        update(PollAnswer)
        .where(PollAnswer.user_id == user_id)
        .values(user_id=None)
        .execution_options(synchronize_session=False)
    )
