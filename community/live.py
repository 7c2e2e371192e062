"""What all Socket.IO namespaces share: each user's personal room, ending a user's live
connections (a socket keeps the session it connected with, so it would outlive a logout), the
replies to events ({"ok": True, ...} or {"ok": False, "error": code, "message": ...}), and
reading an event's payload: one JSON object, ids in it, text a database can store; and the
namespace class that logs and counts every event."""

import threading
import time
from functools import wraps

from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import Namespace, join_room

from community.batching import Batcher
from community.extensions import db, socketio
from community.operations.logs import record_socket_event, socket_event_outcome
from community.permissions import can
from community.security import MAX_ID, storable_text

# Every namespace whose connect handler puts the user in user_room(user.id).
USER_NAMESPACES = ("/forum", "/webinar")


class LiveNamespace(Namespace):
    """A Socket.IO namespace whose every event gets one log line and its metrics (name,
    outcome, duration; community/operations/logs.py).

    A subclass names the permission a person needs to connect at all (entry_permission); whoever
    has it joins their personal room, so their sockets can be ended at logout."""

    entry_permission = None

    def on_connect(self, auth=None):
        # Refuse at the door: a socket without the permission is never opened.
        if not (current_user.is_authenticated and can(current_user, self.entry_permission)):
            forget_connection(self.namespace)
            return False
        join_room(user_room(current_user.id))
        return True

    def on_disconnect(self, reason=None):
        forget_connection(self.namespace)

    def trigger_event(self, event, *args):
        handled = hasattr(self, f"on_{event or ''}")
        # Only names with a handler become a label: a client can send any name it likes.
        name = event if handled or event in ("connect", "disconnect") else "<unknown>"
        started = time.perf_counter()
        outcome = "error"
        try:
            result = super().trigger_event(event, *args)
        except ConnectionRefusedError:
            outcome = "refused"
            raise
        else:
            outcome = socket_event_outcome(event, result) if handled else "ignored"
            return result
        finally:
            record_socket_event(self.namespace, name, outcome, time.perf_counter() - started)


# Who is logged in on each socket is loaded once per connection and asked again after this long:
# a role taken away reaches open sockets within it. Ending a session (logout, password change,
# deactivation, erasure) disconnects the person's sockets at once (disconnect_user).
USER_RECHECK_SECONDS = 30
_connection_users = {}  # (namespace, sid) -> (session token, detached user, loaded at)
_connection_users_lock = threading.Lock()


def _detached_users(_group, session_tokens):
    from community.accounts.services import users_by_session_token

    # The batch's session closes after this, leaving the users detached with what was loaded
    # (roles included): the connection's later events take them into theirs without a query.
    return users_by_session_token(session_tokens)


# At a webinar's start a thousand sockets connect at once: their users load in shared queries.
_user_batches = Batcher(_detached_users)


def user_of_connection(namespace, sid, session_token):
    """The user behind a socket event, attached to this event's database session."""
    key = (namespace, sid)
    with _connection_users_lock:
        known = _connection_users.get(key)
    if (
        known is None
        or known[0] != session_token
        or time.monotonic() - known[2] > USER_RECHECK_SECONDS
    ):
        user = _user_batches.load("users", session_token)
        if user is None:
            return None
        known = (session_token, user, time.monotonic())
        with _connection_users_lock:
            _connection_users[key] = known
    return db.session.merge(known[1], load=False)


def forget_connection(namespace):
    from flask import request

    with _connection_users_lock:
        _connection_users.pop((namespace, getattr(request, "sid", None)), None)


def user_room(user_id):
    return f"user:{user_id}"


def disconnect_user(user_id):
    """Disconnect the user's sockets on this worker; pages on other workers get an event that
    makes them disconnect."""
    for namespace in USER_NAMESPACES:
        socketio.emit("session_ended", {}, to=user_room(user_id), namespace=namespace)
        server = socketio.server
        if server is None:
            continue
        for sid, _eio_sid in list(server.manager.get_participants(namespace, user_room(user_id))):
            server.disconnect(sid, namespace=namespace)


def ok_reply(**fields):
    return {"ok": True, **fields}


def error_reply(code, message, **fields):
    """The reply to an event that was refused: `code` for the client's logic, `message` for
    the user to read."""
    return {"ok": False, "error": code, "message": message, **fields}


def refused_reply(error):
    """The reply for a UserError the domain raised: the user reads why."""
    return error_reply("refused", str(error))


def invalid_payload():
    return error_reply("invalid", _("Reload the page and try again."))


def id_from(payload, key):
    """The id under `key` in the payload, or None when it is missing or not a whole number a
    database id column holds (JSON also brings strings, floats, booleans and huge numbers)."""
    value = payload.get(key) if isinstance(payload, dict) else None
    # bool is a subclass of int: true would otherwise read as id 1.
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ID:
        return None
    return value


def storable(value):
    """False for text no database column takes (NUL bytes, lone surrogates: JSON can carry
    them); values of other types are left to the checks that read them."""
    return not isinstance(value, str) or storable_text(value)


def object_payload(handler):
    """For an event handler that takes one JSON object. Any other payload (none, null, a list, a
    string, a number, or more than one argument) gets an error reply and never reaches the
    handler, which would fail on it (a "server" error) or misread it."""

    @wraps(handler)
    def checked(namespace, *args):
        if len(args) != 1 or not isinstance(args[0], dict):
            return invalid_payload()
        # The user first, before the handler holds a database connection: loading it may wait
        # for a batch (user_of_connection), and a wait while holding a connection can use up
        # the pool that the batch itself needs.
        current_user._get_current_object()
        return handler(namespace, args[0])

    return checked
