"""Poll results reach the room a few times per second, not once per answer: when a poll opens,
hundreds answer within seconds. As with votes (vote_broadcasts.py), each answer is stored and
acknowledged at once; the results go out at most once per LIVE_VOTE_BROADCAST_SECONDS, counted
from the database when they go out, so the last broadcast carries the exact counts. Moderators
always hear them; attendees (and the presenter screen) only while the host shows the results.
Each carries the results' version (the sum of the answers' revisions, polls.results_of), so a
browser keeps the newest when broadcasts from several processes arrive out of order."""

import threading
import time

from flask import current_app

from community.extensions import socketio

_lock = threading.Lock()
_changed = set()  # (webinar id, poll id) with answers since its last broadcast
_last_sent = {}  # (webinar id, poll id) -> time.monotonic() of its last broadcast
# A broadcast that fails is tried again this many times in all, at least this far apart.
SEND_ATTEMPTS = 5
RETRY_SECONDS = 0.5


def results_changed(webinar_id, poll_id):
    """Note a stored answer; the poll's results reach the room with the next broadcast."""
    key = (webinar_id, poll_id)
    interval = current_app.config["LIVE_VOTE_BROADCAST_SECONDS"]
    if interval <= 0:
        send_results(*key)
        return
    with _lock:
        if key in _changed:
            return
        _changed.add(key)
        wait = max(0.0, _last_sent.get(key, 0.0) + interval - time.monotonic())
    socketio.start_background_task(_send_after, current_app._get_current_object(), key, wait)


def _send_after(app, key, wait, attempt=1):
    if wait:
        socketio.sleep(wait)
    with _lock:
        _changed.discard(key)
        _last_sent[key] = time.monotonic()
    with app.app_context():
        try:
            send_results(*key)
        except Exception:
            # The answers are stored; only this broadcast failed (say, no database connection
            # free under load). Without another try, the room would keep older counts.
            _retry(app, key, attempt)


def _retry(app, key, attempt):
    from community.extensions import db

    db.session.rollback()
    current_app.logger.exception("poll results of %s not sent (try %d)", key, attempt)
    if attempt >= SEND_ATTEMPTS:
        return
    with _lock:
        if key in _changed:
            return  # a newer answer already scheduled a broadcast
        _changed.add(key)
    interval = max(current_app.config["LIVE_VOTE_BROADCAST_SECONDS"], RETRY_SECONDS)
    socketio.start_background_task(_send_after, app, key, interval, attempt + 1)


def send_results(webinar_id, poll_id):
    """The poll's results as stored now, to those who may see them."""
    from community.extensions import db
    from community.webinars.live import NAMESPACE, attendee_room, moderator_room
    from community.webinars.models import Poll
    from community.webinars.polls import results_of

    poll = db.session.get(Poll, poll_id)
    if poll is None:
        return
    visible = poll.results_visible
    results = results_of([poll])[poll.id]
    socketio.emit("poll_results", results, to=moderator_room(webinar_id), namespace=NAMESPACE)
    if visible:
        socketio.emit("poll_results", results, to=attendee_room(webinar_id), namespace=NAMESPACE)
