"""What all Socket.IO namespaces share: each user's personal room, ending a user's live
connections (a socket keeps the session it connected with, so it would outlive a logout), and
the check that an event's payload is one JSON object."""

from functools import wraps

from flask_babel import gettext as _

from community.extensions import socketio

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


def invalid_payload():
    return {"ok": False, "error": "invalid", "message": _("Reload the page and try again.")}


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
