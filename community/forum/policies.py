"""Who may do what with one forum post: see it, edit or delete it, read its revisions, accept
an answer. Plain functions of a user (possibly anonymous) and the post."""

from community.extensions import db
from community.forum.models import Post, PostStatus
from community.permissions import Permission, can


def visible_statuses(viewer):
    """Moderators also see hidden and deleted posts (marked as such); others only visible ones."""
    if can(viewer, Permission.MODERATE_FORUM):
        return (PostStatus.VISIBLE, PostStatus.HIDDEN, PostStatus.DELETED)
    return (PostStatus.VISIBLE,)


def may_see_post(user, post):
    """A forum reader, and the post's status is one they see, and so is that of the question
    and answer above it: hiding or deleting a question (or an answer) hides what is under it,
    on every route."""
    if not can(user, Permission.READ_FORUM):
        return False
    statuses = visible_statuses(user)
    if post.status not in statuses:
        return False
    for container_id in {post.question_id, post.parent_id} - {None, post.id}:
        if db.session.get(Post, container_id).status not in statuses:
            return False
    return True


def may_edit_post(user, post):
    """The author while they may post, or a forum moderator; nobody once it is deleted."""
    if post.status == PostStatus.DELETED:
        return False
    if can(user, Permission.MODERATE_FORUM):
        return True
    return can(user, Permission.POST_IN_FORUM) and post.author_id == user.id


def may_delete_post(user, post):
    return may_edit_post(user, post)


def may_see_revisions(user, post):
    """The author and forum moderators."""
    if can(user, Permission.MODERATE_FORUM):
        return True
    return can(user, Permission.READ_FORUM) and post.author_id == user.id


def may_vote_on(user, post):
    """Verified professionals vote on visible questions and answers, but not on their own."""
    return (
        can(user, Permission.POST_IN_FORUM)
        and post.kind in ("question", "answer")
        and post.is_visible
        and post.author_id != user.id
    )


def may_comment_on(user, post, question=None):
    """Verified professionals comment on a visible question or answer of an open thread.
    `question`: the thread's question when the caller has it at hand (a page), else looked up."""
    if post.kind not in ("question", "answer") or not post.is_visible:
        return False
    if question is None:
        question = post if post.question_id is None else db.session.get(Post, post.question_id)
    return can(user, Permission.POST_IN_FORUM) and question.is_visible and not question.locked


def may_accept_answer(user, question):
    """Only the person who asked accepts (or withdraws acceptance of) an answer."""
    return can(user, Permission.READ_FORUM) and question.author_id == user.id
