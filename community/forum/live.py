"""Live updates on question pages over Socket.IO: readers follow a question's room and hear of
new answers, comments, votes and acceptance. The page works without it; this only saves a reload.

Handlers are as thin as views: validate, ask permissions, then act. Events carry ids and counts
only; the browser fetches any HTML through the normal, permission-checked HTTP routes.
"""

from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import join_room, leave_room

from community.extensions import db, socketio
from community.forum.models import Question
from community.forum.policies import visible_statuses
from community.live import (
    LiveNamespace,
    error_reply,
    id_from,
    invalid_payload,
    object_payload,
    ok_reply,
)
from community.permissions import Permission, can

NAMESPACE = "/forum"


def question_room(question_id):
    return f"question:{question_id}"


class ForumNamespace(LiveNamespace):
    entry_permission = Permission.READ_FORUM

    @object_payload
    def on_follow(self, data):
        if not can(current_user, Permission.READ_FORUM):
            return error_reply("forbidden", _("You may not do this"))
        question_id = id_from(data, "question_id")
        if question_id is None:
            return invalid_payload()
        question = db.session.get(Question, question_id)
        if question is None or question.status not in visible_statuses(current_user):
            return error_reply("not_found", _("This question does not exist."))
        join_room(question_room(question_id))
        return ok_reply(score=question.score, answer_count=question.answer_count)

    @object_payload
    def on_unfollow(self, data):
        question_id = id_from(data, "question_id")
        if question_id is None:
            return invalid_payload()
        leave_room(question_room(question_id))
        return ok_reply()


forum_namespace = ForumNamespace(NAMESPACE)


def register_namespace():
    """Attach the namespace once; SocketIO re-registers it with each app's server."""
    if forum_namespace not in socketio.namespace_handlers:
        socketio.on_namespace(forum_namespace)


class broadcast:  # noqa: N801 - reads as broadcast.answer_posted(...) at the call site
    """Emit to a question's room. Called after the change is committed (store first)."""

    @staticmethod
    def _emit(event, question_id, payload):
        socketio.emit(event, payload, to=question_room(question_id), namespace=NAMESPACE)

    @staticmethod
    def answer_posted(question_id, answer_id, answer_count):
        broadcast._emit(
            "answer_posted",
            question_id,
            {"question_id": question_id, "answer_id": answer_id, "answer_count": answer_count},
        )

    @staticmethod
    def comment_posted(question_id, parent_id, comment_id):
        broadcast._emit(
            "comment_posted",
            question_id,
            {"question_id": question_id, "parent_id": parent_id, "comment_id": comment_id},
        )

    @staticmethod
    def score_changed(question_id, post_id, score):
        broadcast._emit(
            "score_changed",
            question_id,
            {"question_id": question_id, "post_id": post_id, "score": score},
        )

    @staticmethod
    def accepted(question_id, answer_id):
        broadcast._emit(
            "answer_accepted", question_id, {"question_id": question_id, "answer_id": answer_id}
        )
