"""Moderation: the flag queue and the actions moderators take, each written to the log and
told to the author."""

from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from community.clock import utcnow
from community.extensions import db
from community.forum import notifications
from community.forum.danger import normalise_phrase
from community.forum.models import (
    Category,
    DangerPhrase,
    Flag,
    ModerationAction,
    Post,
    PostStatus,
)
from community.forum.services import ForumError, thread_question
from community.permissions import Permission, can


class Action(StrEnum):
    HIDE = "hide"
    RESTORE = "restore"
    LOCK = "lock"
    UNLOCK = "unlock"
    PIN = "pin"
    UNPIN = "unpin"
    MOVE = "move"
    DISMISS_FLAGS = "dismiss_flags"
    ADD_DANGER_PHRASE = "add_danger_phrase"
    REMOVE_DANGER_PHRASE = "remove_danger_phrase"


# What the moderation log shows for each action ("Ingrid Visser hid …").
ACTION_LABELS = {
    Action.HIDE: _l("hid"),
    Action.RESTORE: _l("restored"),
    Action.LOCK: _l("locked"),
    Action.UNLOCK: _l("unlocked"),
    Action.PIN: _l("pinned"),
    Action.UNPIN: _l("unpinned"),
    Action.MOVE: _l("moved"),
    Action.DISMISS_FLAGS: _l("dismissed flags on"),
    Action.ADD_DANGER_PHRASE: _l("added an acute-danger phrase"),
    Action.REMOVE_DANGER_PHRASE: _l("removed an acute-danger phrase"),
}


def _ensure_moderator(user):
    if not can(user, Permission.MODERATE_FORUM):
        raise ForumError(_("Only moderators can do this."), status=403)


def _log(moderator, action, post=None, detail=""):
    db.session.add(
        ModerationAction(
            moderator_id=moderator.id,
            post_id=post.id if post is not None else None,
            action=action,
            detail=detail[:500],
        )
    )


def _resolve_flags(post, moderator, resolution):
    for flag in db.session.scalars(
        select(Flag).where(Flag.post_id == post.id, Flag.resolved_at.is_(None))
    ):
        flag.resolved_at = utcnow()
        flag.resolved_by_id = moderator.id
        flag.resolution = resolution


def hide_post(moderator, post, reason=""):
    _ensure_moderator(moderator)
    if post.status != PostStatus.VISIBLE:
        raise ForumError(_("This post is not visible."), status=409)
    post.status = PostStatus.HIDDEN
    post.status_changed_at = utcnow()
    if post.kind == "answer":
        question = thread_question(post)
        question.answer_count = max(0, question.answer_count - 1)
    _resolve_flags(post, moderator, "hidden")
    _log(moderator, Action.HIDE, post, reason)
    notifications.notify_moderation(
        post, thread_question(post), _("It has been hidden.") + (f" {reason}" if reason else "")
    )
    db.session.commit()


def restore_post(moderator, post):
    _ensure_moderator(moderator)
    if post.status == PostStatus.VISIBLE:
        raise ForumError(_("This post is already visible."), status=409)
    post.status = PostStatus.VISIBLE
    post.status_changed_at = utcnow()
    if post.kind == "answer":
        question = thread_question(post)
        question.answer_count += 1
    _log(moderator, Action.RESTORE, post)
    notifications.notify_moderation(post, thread_question(post), _("It is visible again."))
    db.session.commit()


def set_locked(moderator, question, locked):
    _ensure_moderator(moderator)
    question.locked = locked
    _log(moderator, Action.LOCK if locked else Action.UNLOCK, question)
    notifications.notify_moderation(
        question,
        question,
        _("It has been locked: no new answers or comments.") if locked else _("It is open again."),
    )
    db.session.commit()


def set_pinned(moderator, question, pinned):
    _ensure_moderator(moderator)
    question.pinned = pinned
    _log(moderator, Action.PIN if pinned else Action.UNPIN, question)
    db.session.commit()


def move_question(moderator, question, category):
    _ensure_moderator(moderator)
    if category.id == question.category_id:
        raise ForumError(_("The question is already in this category."), field="category")
    old = question.category.label
    question.category = category
    _log(moderator, Action.MOVE, question, f"{old} → {category.label}")
    notifications.notify_moderation(
        question, question, _("It has been moved to %(category)s.", category=category.label)
    )
    db.session.commit()


def dismiss_flags(moderator, post):
    _ensure_moderator(moderator)
    _resolve_flags(post, moderator, "dismissed")
    _log(moderator, Action.DISMISS_FLAGS, post)
    db.session.commit()


def flag_queue():
    """A select() of posts with open flags, most flagged first, then the longest waiting."""
    counts = (
        select(Flag.post_id, func.count().label("flags"), func.min(Flag.created_at).label("first"))
        .where(Flag.resolved_at.is_(None))
        .group_by(Flag.post_id)
        .subquery()
    )
    return (
        select(Post)
        .join(counts, counts.c.post_id == Post.id)
        .order_by(counts.c.flags.desc(), counts.c.first.asc())
    )


def open_flags_for(post_ids):
    if not post_ids:
        return {}
    flags = db.session.scalars(
        select(Flag)
        .where(Flag.post_id.in_(post_ids), Flag.resolved_at.is_(None))
        .order_by(Flag.created_at)
    ).all()
    grouped = {}
    for flag in flags:
        grouped.setdefault(flag.post_id, []).append(flag)
    return grouped


def moderation_log():
    return select(ModerationAction).order_by(
        ModerationAction.created_at.desc(), ModerationAction.id.desc()
    )


def add_danger_phrase(moderator, phrase):
    _ensure_moderator(moderator)
    normalised = normalise_phrase(phrase)
    if len(normalised) < 3 or len(normalised) > 100:
        raise ForumError(_("A phrase has 3 to 100 characters."), field="phrase")
    if db.session.scalar(select(DangerPhrase).where(DangerPhrase.phrase == normalised)):
        raise ForumError(_("This phrase is already on the list."), field="phrase")
    db.session.add(DangerPhrase(phrase=normalised, added_by_id=moderator.id))
    _log(moderator, Action.ADD_DANGER_PHRASE, detail=normalised)
    db.session.commit()


def remove_danger_phrase(moderator, phrase_id):
    _ensure_moderator(moderator)
    phrase = db.session.get(DangerPhrase, phrase_id)
    if phrase is None:
        raise ForumError(_("This phrase is not on the list."), status=404)
    db.session.delete(phrase)
    _log(moderator, Action.REMOVE_DANGER_PHRASE, detail=phrase.phrase)
    db.session.commit()


def extra_danger_phrases():
    return db.session.scalars(select(DangerPhrase.phrase).order_by(DangerPhrase.phrase)).all()


def categories():
    return db.session.scalars(select(Category).order_by(Category.position)).all()
