"""Notifications: who hears about what (mentions, answers, acceptance, comments, moderation),
the in-app list and unread count, and e-mail per notification or as a daily digest."""

import re
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from community.accounts.models import EmailNotifications, User
from community.clock import utcnow
from community.extensions import db
from community.forum.models import Notification, NotificationKind, Post, Watch
from community.mail import absolute_url, send_mail
from community.permissions import Permission, can

MENTION_PATTERN = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{3,30})\b")
MAX_MENTIONS = 10


def mentioned_handles(text):
    """'@sannedeboer en @ingridvisser' -> ['sannedeboer', 'ingridvisser'] (lower case, unique)."""
    handles = []
    for handle in MENTION_PATTERN.findall(text or ""):
        handle = handle.lower()
        if handle not in handles:
            handles.append(handle)
    return handles[:MAX_MENTIONS]


# Kinds about someone else's new post: one notification per post and person, so a mention in
# an answer to your own question arrives once, as the answer.
_ONE_PER_POST = {
    NotificationKind.MENTION,
    NotificationKind.ANSWER_ON_MY_QUESTION,
    NotificationKind.ANSWER_ON_WATCHED,
    NotificationKind.COMMENT_ON_MY_POST,
}


def _notify(recipient, kind, *, post, question, actor_id, actor_hidden=False, detail=""):
    """Create one notification, unless the recipient is the actor or already heard of it."""
    if recipient is None or recipient.id == actor_id:
        return None
    if not can(recipient, Permission.READ_FORUM):
        return None
    if kind in _ONE_PER_POST:
        already = db.session.scalar(
            select(Notification.id).where(
                Notification.user_id == recipient.id,
                Notification.post_id == post.id,
                Notification.kind.in_(_ONE_PER_POST),
            )
        )
        if already is not None:
            return None
    notification = Notification(
        user_id=recipient.id,
        kind=kind,
        actor_id=actor_id,
        actor_hidden=actor_hidden,
        question_id=question.id,
        post_id=post.id,
        detail=detail[:300],
    )
    db.session.add(notification)
    db.session.flush()
    if recipient.notify_email == EmailNotifications.EACH:
        _email_one(recipient, notification)
    return notification


def notify_mentions(post, question):
    handles = mentioned_handles(f"{post.title or ''}\n{post.body}")
    if not handles:
        return
    users = db.session.scalars(select(User).where(User.handle.in_(handles))).all()
    for user in users:
        _notify(
            user,
            NotificationKind.MENTION,
            post=post,
            question=question,
            actor_id=post.author_id,
            actor_hidden=bool(post.anonymous),
        )


def notify_new_answer(question, answer):
    asker = db.session.get(User, question.author_id)
    _notify(
        asker,
        NotificationKind.ANSWER_ON_MY_QUESTION,
        post=answer,
        question=question,
        actor_id=answer.author_id,
    )
    watchers = db.session.scalars(
        select(User)
        .join(Watch, Watch.user_id == User.id)
        .where(Watch.question_id == question.id, User.id != question.author_id)
    ).all()
    for watcher in watchers:
        _notify(
            watcher,
            NotificationKind.ANSWER_ON_WATCHED,
            post=answer,
            question=question,
            actor_id=answer.author_id,
        )


def notify_comment(parent, comment, question):
    author = db.session.get(User, parent.author_id)
    _notify(
        author,
        NotificationKind.COMMENT_ON_MY_POST,
        post=comment,
        question=question,
        actor_id=comment.author_id,
    )


def notify_accepted(question, answer):
    author = db.session.get(User, answer.author_id)
    # The asker is the actor: the answer's author sees who accepted, or no name.
    _notify(
        author,
        NotificationKind.ANSWER_ACCEPTED,
        post=answer,
        question=question,
        actor_id=question.author_id,
        actor_hidden=bool(question.anonymous),
    )


def notify_moderation(post, question, detail):
    author = db.session.get(User, post.author_id)
    _notify(
        author,
        NotificationKind.MODERATOR_ACTION,
        post=post,
        question=question,
        actor_id=None,
        detail=detail,
    )


# --- reading -----------------------------------------------------------------------------------


def unread_count(user):
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def notifications_for(user):
    return (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def mark_read(user, notification_ids=None):
    statement = update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)
    )
    if notification_ids is not None:
        statement = statement.where(Notification.id.in_(notification_ids))
    db.session.execute(statement.values(read_at=utcnow()))
    db.session.commit()


def mark_opened(user, notification):
    """Opening a notification about an answer shows the whole thread, so every unread answer
    notification on that question is read, not only the one clicked ("3 new answers" goes to 0)."""
    if notification.kind in _ANSWER_KINDS and notification.question_id is not None:
        statement = update(Notification).where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.question_id == notification.question_id,
            Notification.kind.in_(_ANSWER_KINDS),
        )
        db.session.execute(statement.values(read_at=utcnow()))
    mark_read(user, [notification.id])


_ANSWER_KINDS = (NotificationKind.ANSWER_ON_MY_QUESTION, NotificationKind.ANSWER_ON_WATCHED)


def describe(notification):
    """One sentence for the list and the e-mail, in the current language."""
    if notification.actor_hidden or notification.actor is None:
        actor = _("A professional (without name)")
    else:
        actor = notification.actor.name
    title = notification.question.title if notification.question else ""
    texts = {
        NotificationKind.MENTION: _("%(actor)s mentioned you in “%(title)s”."),
        NotificationKind.ANSWER_ON_MY_QUESTION: _("%(actor)s answered your question “%(title)s”."),
        NotificationKind.ANSWER_ON_WATCHED: _("%(actor)s answered “%(title)s”, which you follow."),
        NotificationKind.ANSWER_ACCEPTED: _("%(actor)s accepted your answer on “%(title)s”."),
        NotificationKind.COMMENT_ON_MY_POST: _("%(actor)s commented on your post in “%(title)s”."),
        NotificationKind.MODERATOR_ACTION: _("A moderator changed your post in “%(title)s”."),
    }
    sentence = texts.get(notification.kind, "%(title)s") % {"actor": actor, "title": title}
    if notification.kind == NotificationKind.MODERATOR_ACTION and notification.detail:
        sentence = f"{sentence} {notification.detail}"
    return sentence


def notification_link(notification):
    return absolute_url("forum.open_notification", notification_id=notification.id)


# --- e-mail ------------------------------------------------------------------------------------


def _email_one(recipient, notification):
    with force_locale(recipient.locale):
        sent = send_mail(
            recipient.email,
            _("Verbind: %(sentence)s", sentence=describe(notification))[:150],
            "forum_notification",
            user=recipient,
            sentence=describe(notification),
            link=notification_link(notification),
        )
    if sent:
        notification.emailed_at = utcnow()


def send_digests(now=None):
    """One e-mail per digest user with their unread, not yet e-mailed notifications of the last
    day; returns how many e-mails were sent. Meant for a daily cron: `flask forum send-digests`."""
    now = now or utcnow()
    since = now - timedelta(days=1)
    pending = db.session.scalars(
        select(Notification)
        .join(User, User.id == Notification.user_id)
        .where(
            User.notify_email == EmailNotifications.DIGEST,
            User.active.is_(True),
            Notification.emailed_at.is_(None),
            Notification.read_at.is_(None),
            Notification.created_at > since,
        )
        .order_by(Notification.user_id, Notification.created_at)
    ).all()
    by_user = {}
    for notification in pending:
        by_user.setdefault(notification.user_id, []).append(notification)
    sent = 0
    for user_id, items in by_user.items():
        user = db.session.get(User, user_id)
        with force_locale(user.locale):
            lines = [(describe(n), notification_link(n)) for n in items]
            delivered = send_mail(
                user.email,
                _("Verbind: your notifications of today (%(count)d)", count=len(items)),
                "forum_digest",
                user=user,
                lines=lines,
            )
        if delivered:
            for notification in items:
                notification.emailed_at = now
            sent += 1
    db.session.commit()
    return sent


def post_for(notification):
    return db.session.get(Post, notification.post_id) if notification.post_id else None
