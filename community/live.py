"""What all Socket.IO namespaces share: each user's personal room, ending a user's live
connections (a socket keeps the session it connected with, so it would outlive a logout), the
replies to events ({"ok": True, ...} or {"ok": False, "error": code, "message": ...}), and
reading an event's payload: one JSON object, ids in it, text a database can store."""

from functools import wraps

from flask_babel import gettext as _

from community.extensions import socketio
from community.security import MAX_ID, storable_text

# Every namespace whose connect handler puts the user in user_room(user.id).
USER_NAMESPACES = ("/forum", "/webinar")


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
        return handler(namespace, args[0])

    return checked
