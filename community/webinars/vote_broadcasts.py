"""Vote counts reach the room a few times per second, not once per vote. When a popular
question appears, hundreds vote within seconds; a broadcast per vote would send every attendee
hundreds of messages. Each vote is stored (and acknowledged to the voter with the new count)
at once; the room hears the counts that changed at most once per LIVE_VOTE_BROADCAST_SECONDS,
read from the database when they go out, so the last broadcast always carries the exact count.
The first vote after a quiet moment goes out at once.

Each process coalesces the votes it received; with several processes (Redis), each sends its
own coalesced broadcasts, and the count's version (vote_version) lets browsers keep the newest
when two arrive out of order."""

import threading
import time

from flask import current_app

from community.extensions import socketio
from community.webinars import services

_lock = threading.Lock()
_changed = {}  # webinar id -> {question ids whose count changed since the last broadcast}
_last_sent = {}  # webinar id -> time.monotonic() of its last broadcast
# A broadcast that fails is tried again this many times in all, at least this far apart.
SEND_ATTEMPTS = 5
RETRY_SECONDS = 0.5


def vote_changed(webinar_id, question_id):
    """Note a stored vote; its count reaches the room with the next broadcast."""
    interval = current_app.config["LIVE_VOTE_BROADCAST_SECONDS"]
    if interval <= 0:
        _send(webinar_id, {question_id})
        return
    with _lock:
        scheduled = webinar_id in _changed
        _changed.setdefault(webinar_id, set()).add(question_id)
        if scheduled:
            return
        wait = max(0.0, _last_sent.get(webinar_id, 0.0) + interval - time.monotonic())
    socketio.start_background_task(_send_after, current_app._get_current_object(), webinar_id, wait)


def _send_after(app, webinar_id, wait, attempt=1):
    if wait:
        socketio.sleep(wait)
    with _lock:
        question_ids = _changed.pop(webinar_id, set())
        _last_sent[webinar_id] = time.monotonic()
    if question_ids:
        with app.app_context():
            try:
                _send(webinar_id, question_ids)
            except Exception:
                # The votes are stored; only this broadcast failed (say, no database connection
                # free under load). Without another try, the room would keep older counts.
                _retry(app, webinar_id, question_ids, attempt)


def _retry(app, webinar_id, question_ids, attempt):
    from community.extensions import db

    db.session.rollback()
    current_app.logger.exception("vote counts of webinar %s not sent (try %d)", webinar_id, attempt)
    if attempt >= SEND_ATTEMPTS:
        return
    with _lock:
        scheduled = webinar_id in _changed
        _changed.setdefault(webinar_id, set()).update(question_ids)
        if scheduled:
            return  # a newer vote already scheduled a broadcast, which now carries these too
    interval = max(current_app.config["LIVE_VOTE_BROADCAST_SECONDS"], RETRY_SECONDS)
    socketio.start_background_task(_send_after, app, webinar_id, interval, attempt + 1)


def _send(webinar_id, question_ids):
    from community.webinars.live import NAMESPACE, attendee_room, moderator_room

    payload = {"changes": services.vote_counts(sorted(question_ids))}
    for room in (attendee_room(webinar_id), moderator_room(webinar_id)):
        socketio.emit("votes", payload, to=room, namespace=NAMESPACE)
