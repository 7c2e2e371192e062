"""What all Socket.IO namespaces share: each user's personal room, and ending a user's live
connections (a socket keeps the session it connected with, so it would outlive a logout)."""

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
