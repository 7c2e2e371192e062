"""Forum rules as plain functions: asking, answering, commenting, voting, accepting, editing,
deleting, watching and flagging; and what is new for someone (the home page). Views, socket
handlers and the demo loader call these."""

import re
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete as sa_delete
from sqlalchemy import func, or_, select, text, update
from sqlalchemy.orm import aliased

from community.accounts.models import User
from community.clock import utcnow
from community.errors import UserError
from community.extensions import db
from community.forum import notifications, policies
from community.forum.models import (
    Answer,
    Category,
    Comment,
    Flag,
    FlagReason,
    Notification,
    NotificationKind,
    Post,
    PostStatus,
    Question,
    Revision,
    Tag,
    Vote,
    Watch,
    question_tag,
)
from community.listing import first_and_total
from community.locking import lock_row
from community.permissions import Permission, can
from community.privacy import identifiers_readers_see
from courses import services as course_services

MAX_TAGS = 5
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
TITLE_MIN, TITLE_MAX = 10, 200
BODY_MIN, BODY_MAX = 20, 20_000
COMMENT_MIN, COMMENT_MAX = 2, 1_000


class ForumError(UserError):
    """A problem in the forum the user can fix."""


class AuthorMustCheck(ForumError):
    """The privacy guard found something in a text posted on someone's behalf: only its author
    can say whether nobody can be recognised, and they are not here to confirm."""


# --- input -------------------------------------------------------------------------------------


def parse_tags(raw):
    """'Baby, blauwe plekken' -> ['baby', 'blauwe-plekken']; at most five, each checked."""
    parts = [part.strip().lower() for part in re.split(r"[,;\n]", raw or "")]
    tags = []
    for part in parts:
        name = re.sub(r"\s+", "-", part).strip("-#")
        if not name:
            continue
        if not TAG_PATTERN.match(name):
            raise ForumError(
                _(
                    "Tag '%(tag)s' is not valid: use letters, digits and hyphens, "
                    "at most 30 characters.",
                    tag=name[:40],
                ),
                field="tags",
            )
        if name not in tags:
            tags.append(name)
    if len(tags) > MAX_TAGS:
        raise ForumError(_("Use at most %(count)d tags.", count=MAX_TAGS), field="tags")
    return tags


def _tags_by_name(names):
    if not names:
        return []
    existing = {tag.name: tag for tag in db.session.scalars(select(Tag).where(Tag.name.in_(names)))}
    tags = []
    for name in names:
        tag = existing.get(name)
        if tag is None:
            tag = Tag(name=name)
            db.session.add(tag)
        tags.append(tag)
    return tags


def posting_wait_minutes(user, now=None):
    """Minutes until this user may post again, or 0. Counted from the database, so the text
    being written is never lost to a rate limit: the form shows the message instead."""
    if can(user, Permission.MODERATE_FORUM):
        return 0
    limit = current_app.config["FORUM_POSTS_PER_WINDOW"]
    window = timedelta(minutes=current_app.config["FORUM_POST_WINDOW_MINUTES"])
    now = now or utcnow()
    recent = db.session.scalars(
        select(Post.created_at)
        .where(Post.author_id == user.id, Post.created_at > now - window)
        .order_by(Post.created_at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return 0
    oldest_counted = recent[-1]
    remaining = (oldest_counted + window - now).total_seconds() / 60
    return max(1, int(remaining + 0.999))


def _ensure_may_post(user):
    if not can(user, Permission.POST_IN_FORUM):
        raise ForumError(_("Only verified professionals can post in the forum."), status=403)
    wait = posting_wait_minutes(user)
    if wait:
        raise ForumError(
            ngettext(
                "You have posted a lot in a short time. You can post again in %(num)d minute; "
                "your text is kept below.",
                "You have posted a lot in a short time. You can post again in %(num)d minutes; "
                "your text is kept below.",
                wait,
            ),
            status=429,
        )


def _check_length(value, minimum, maximum, field):
    length = len((value or "").strip())
    if length < minimum:
        raise ForumError(_("Write at least %(count)d characters.", count=minimum), field=field)
    if length > maximum:
        raise ForumError(_("Write at most %(count)d characters.", count=maximum), field=field)


# --- posting -----------------------------------------------------------------------------------


def ask_question(
    author,
    *,
    category,
    title,
    body,
    tags=(),
    anonymous=False,
    privacy_confirmed=False,
    lesson=None,
):
    """`lesson`: the courses.services.LessonLink it is asked at (from lesson_to_link), or None."""
    _ensure_may_post(author)
    _check_length(title, TITLE_MIN, TITLE_MAX, "title")
    _check_length(body, BODY_MIN, BODY_MAX, "body")
    question = _store_question(
        author,
        category=category,
        title=title,
        body=body.strip(),
        tags=tags,
        anonymous=anonymous,
        privacy_confirmed=privacy_confirmed,
        revision_by=author,
        lesson_id=lesson.id if lesson is not None else None,
    )
    db.session.commit()
    return question


def _store_question(
    author,
    *,
    category,
    title,
    body,
    tags,
    anonymous,
    privacy_confirmed,
    revision_by,
    note="",
    lesson_id=None,
):
    """A new question with what every question gets: its first revision, a watch for its
    author (answers reach them) and notifications for the @mentions in it."""
    now = utcnow()
    question = Question(
        author=author,
        category=category,
        title=title.strip(),
        body=body,
        anonymous=bool(anonymous),
        privacy_confirmed=bool(privacy_confirmed),
        created_at=now,
        last_activity_at=now,
        tags=_tags_by_name(list(tags)),
        lesson_id=lesson_id,
    )
    db.session.add(question)
    db.session.flush()
    _record_revision(question, revision_by, note=note)
    db.session.add(Watch(user_id=author.id, question_id=question.id))
    notifications.notify_mentions(question, question)
    return question


DEFAULT_CATEGORY = "overig"


def post_question_on_behalf(
    author,
    *,
    title,
    body,
    posted_by,
    source,
    introduction="",
    category_id=None,
    tags=(),
    anonymous=False,
):
    """Post `author`'s question for them, when `posted_by` (a webinar host or moderator, whom
    the caller has authorised) moves it here from elsewhere. It takes ask_question's path: the
    length limits, a first revision (by `posted_by`, noting `source`: where it came from), a
    watch for the author so answers reach them, and notifications for @mentions. It does not
    count against the author's posting limit: they did not post in a hurry, someone moved
    their words.

    The privacy guard normally warns the author, who may confirm. The author is not here, and a
    forum question is read by every member for years, so a text the guard flags is not posted
    at all: AuthorMustCheck is raised and the caller tells the person moving it, who can ask
    the author to post it themselves. (A confirmation given elsewhere, such as in a live room
    for its attendees, does not carry over.)

    `body` holds the author's words; `introduction` is the poster's own Markdown, shown above
    them as context (not scanned: it is not the author's text). A category that does not exist
    (or none) means the default category. The caller commits, so it can store its own link to
    the question in the same transaction."""
    text = body.strip()
    quoted = "\n".join(f"> {line}" for line in text.splitlines())
    full_body = f"{introduction.strip()}\n\n{quoted}" if introduction.strip() else text
    _check_length(title, TITLE_MIN, TITLE_MAX, "title")
    _check_length(full_body, BODY_MIN, BODY_MAX, "body")
    if identifiers_readers_see(title) or identifiers_readers_see(text, markdown=True):
        raise AuthorMustCheck(
            _("Only the author can check this text for details that identify someone."),
            field="body",
        )
    category = category_by_id(category_id) or db.session.scalar(
        select(Category).where(Category.slug == DEFAULT_CATEGORY)
    )
    return _store_question(
        author,
        category=category,
        title=title,
        body=full_body,
        tags=tags,
        anonymous=anonymous,
        privacy_confirmed=False,
        revision_by=posted_by,
        note=source[:200],
    )


def post_answer(author, question, body, *, privacy_confirmed=False):
    _ensure_may_post(author)
    _ensure_open(question)
    _check_length(body, BODY_MIN, BODY_MAX, "body")
    now = utcnow()
    answer = Answer(
        author=author,
        question_id=question.id,
        body=body.strip(),
        created_at=now,
        privacy_confirmed=bool(privacy_confirmed),
    )
    db.session.add(answer)
    question.answer_count = (question.answer_count or 0) + 1
    question.last_activity_at = now
    db.session.flush()
    _record_revision(answer, author)
    notifications.notify_new_answer(question, answer)
    notifications.notify_mentions(answer, question)
    db.session.commit()
    return answer


def post_comment(author, parent, body, *, privacy_confirmed=False):
    _ensure_may_post(author)
    question = thread_question(parent)
    _ensure_open(question)
    if parent.kind not in ("question", "answer") or not parent.is_visible:
        raise ForumError(_("You can only comment on visible questions and answers."), status=409)
    _check_length(body, COMMENT_MIN, COMMENT_MAX, "body")
    comment = Comment(
        author=author,
        question_id=question.id,
        parent_id=parent.id,
        body=body.strip(),
        privacy_confirmed=bool(privacy_confirmed),
    )
    db.session.add(comment)
    question.last_activity_at = utcnow()
    db.session.flush()
    _record_revision(comment, author)
    notifications.notify_comment(parent, comment, question)
    notifications.notify_mentions(comment, question)
    db.session.commit()
    return comment


def thread_question(post):
    if isinstance(post, Question):
        return post
    return db.session.get(Question, post.question_id)


def _ensure_open(question):
    if question is None or not question.is_visible:
        raise ForumError(_("This question is no longer available."), status=404)
    if question.locked:
        raise ForumError(
            _("This question has been locked by a moderator; no new posts can be added."),
            status=409,
        )


def _record_revision(post, editor, note=""):
    tags = ", ".join(tag.name for tag in post.tags) if isinstance(post, Question) else ""
    db.session.add(
        Revision(
            post_id=post.id,
            editor_id=editor.id,
            title=post.title,
            body=post.body,
            tags=tags,
            note=note,
        )
    )


# --- editing and deleting ----------------------------------------------------------------------


def edit_post(editor, post, *, body, title=None, tags=None, note="", privacy_confirmed=False):
    if not policies.may_edit_post(editor, post):
        raise ForumError(_("You may not edit this post."), status=403)
    if isinstance(post, Comment):
        _check_length(body, COMMENT_MIN, COMMENT_MAX, "body")
    else:
        _check_length(body, BODY_MIN, BODY_MAX, "body")
    if isinstance(post, Question):
        _check_length(title, TITLE_MIN, TITLE_MAX, "title")
        post.title = title.strip()
        if tags is not None:
            post.tags = _tags_by_name(list(tags))
    post.body = body.strip()
    # What the post says now decides: a confirmation for the old text does not carry over.
    post.privacy_confirmed = bool(privacy_confirmed)
    post.edited_at = utcnow()
    db.session.flush()
    _record_revision(post, editor, note=(note or "").strip()[:200])
    db.session.commit()
    return post


def delete_post(actor, post):
    """Soft delete: the post disappears for readers but stays in the database and its history."""
    if not policies.may_delete_post(actor, post):
        raise ForumError(_("You may not delete this post."), status=403)
    post.status = PostStatus.DELETED
    post.status_changed_at = utcnow()
    _update_answer_count_after_removal(post)
    db.session.commit()


def _update_answer_count_after_removal(post):
    if isinstance(post, Answer):
        question = db.session.get(Question, post.question_id)
        question.answer_count = max(0, question.answer_count - 1)
        if question.accepted_answer_id == post.id:
            question.accepted_answer_id = None


# --- votes and accepted answers ----------------------------------------------------------------


def cast_vote(user, post, value):
    """Vote +1 or -1; voting the same way again withdraws the vote. Returns the new score."""
    if value not in (1, -1):
        raise ForumError(_("A vote is up or down."), status=400)
    if not can(user, Permission.POST_IN_FORUM):
        raise ForumError(_("Only verified professionals can vote."), status=403)
    if post.kind not in ("question", "answer") or not post.is_visible:
        raise ForumError(_("You can only vote on visible questions and answers."), status=409)
    # The checks above only pick the message; the policy is the whole rule.
    if not policies.may_vote_on(user, post):
        raise ForumError(_("You cannot vote on your own post."), status=403)
    lock_row(Post.__table__, post.id)  # simultaneous votes recount one after the other
    existing = db.session.get(Vote, (user.id, post.id))
    if existing is not None and existing.value == value:
        db.session.delete(existing)
    elif existing is not None:
        existing.value = value
    else:
        db.session.add(Vote(user_id=user.id, post_id=post.id, value=value))
    db.session.flush()
    # Recounted (under the lock) rather than incremented, so the score cannot drift.
    post.score = db.session.scalar(
        select(func.coalesce(func.sum(Vote.value), 0)).where(Vote.post_id == post.id)
    )
    db.session.commit()
    return post.score


def accept_answer(user, answer):
    """The asker accepts one answer; accepting it again takes the acceptance back."""
    question = db.session.get(Question, answer.question_id)
    if not policies.may_accept_answer(user, question):
        raise ForumError(_("Only the person who asked can accept an answer."), status=403)
    if not answer.is_visible:
        raise ForumError(_("This answer is no longer available."), status=409)
    if question.accepted_answer_id == answer.id:
        question.accepted_answer_id = None
    else:
        question.accepted_answer_id = answer.id
        notifications.notify_accepted(question, answer)
    db.session.commit()
    return question.accepted_answer_id == answer.id


# --- watching and flagging ---------------------------------------------------------------------


def is_watching(user, question):
    return db.session.get(Watch, (user.id, question.id)) is not None


def set_watching(user, question, watching):
    existing = db.session.get(Watch, (user.id, question.id))
    if watching and existing is None:
        db.session.add(Watch(user_id=user.id, question_id=question.id))
    elif not watching and existing is not None:
        db.session.delete(existing)
    db.session.commit()


def flag_post(reporter, post, *, reason, note=""):
    if not can(reporter, Permission.READ_FORUM):
        raise ForumError(_("Log in to flag a post."), status=403)
    if reason not in set(FlagReason):
        raise ForumError(_("Choose a reason."), field="reason")
    if reason == FlagReason.OTHER and not (note or "").strip():
        raise ForumError(_("Explain briefly what is wrong."), field="note")
    open_flag = db.session.scalar(
        select(Flag).where(
            Flag.post_id == post.id, Flag.reporter_id == reporter.id, Flag.resolved_at.is_(None)
        )
    )
    if open_flag is not None:
        raise ForumError(
            _("You have already flagged this post; a moderator will look at it."), status=409
        )
    flag = Flag(post_id=post.id, reporter_id=reporter.id, reason=reason, note=(note or "").strip())
    db.session.add(flag)
    db.session.commit()
    return flag


# --- for other features ------------------------------------------------------------------------


def category_choices():
    """[(id, label)] of the categories in their order, for a "related category" select."""
    categories = db.session.scalars(select(Category).order_by(Category.position))
    return [(category.id, category.label) for category in categories]


def category_by_id(category_id):
    """The category (its slug and label are what a link needs), or None."""
    return db.session.get(Category, category_id) if category_id else None


# --- questions and course lessons ----------------------------------------------------------------

LESSON_ID = re.compile(r"^[0-9]{1,9}$")


def lesson_to_link(raw):
    """The lesson a question is asked at, from the ask form's `lesson` value (a lesson id; empty:
    none) as a courses.services.LessonLink with its tags. A value that is not a lesson learners
    can open (never was, or removed from its course since) raises ForumError: a question is
    not stored with a link that leads nowhere."""
    raw = str(raw or "").strip()
    if not raw:
        return None
    lesson = course_services.lesson_link(int(raw), with_tags=True) if LESSON_ID.match(raw) else None
    if lesson is None:
        raise ForumError(
            _(
                "The lesson this question was about does not exist (anymore). Send the form "
                "again to ask your question without a lesson."
            ),
            field="lesson",
        )
    return lesson


def lesson_of(question):
    """The lesson a question was asked at, for a link on its page (a LessonLink), or None: asked
    elsewhere, or the lesson is gone from its course. No query when it was asked elsewhere."""
    if question.lesson_id is None:
        return None
    return course_services.lesson_link(question.lesson_id)


def newest_questions_tagged(tag_names, limit):
    """The newest visible questions carrying any of `tag_names` (a lesson's subjects), as rows
    of (id, title, answer_count), newest first; hidden and deleted questions never show. One
    query, through the unique index on tag names."""
    if not tag_names:
        return []
    tagged = (
        select(question_tag.c.question_id)
        .join(Tag, Tag.id == question_tag.c.tag_id)
        .where(Tag.name.in_(list(tag_names)))
    )
    return db.session.execute(
        select(Question.id, Question.title, Question.answer_count)
        .where(Question.status == PostStatus.VISIBLE, Question.id.in_(tagged))
        .order_by(Question.created_at.desc(), Question.id.desc())
        .limit(limit)
    ).all()


@dataclass(frozen=True)
class QuestionLink:
    """What a link to a forum question from another feature shows."""

    id: int
    title: str
    answer_count: int


def question_links(question_ids, *, category_id=None, limit=5):
    """Links to the visible questions among `question_ids`, in that order, and then, while there
    is room for `limit` in all, to the newest visible questions of `category_id`: for a
    webinar's page (the questions that came out of it, then its category's). At most two
    queries; hidden and deleted questions never show."""
    links = []
    if question_ids:
        rows = db.session.execute(
            select(Question.id, Question.title, Question.answer_count).where(
                Question.id.in_(list(question_ids)), Question.status == PostStatus.VISIBLE
            )
        ).all()
        found = {row.id: QuestionLink(*row) for row in rows}
        links = [found[key] for key in dict.fromkeys(question_ids) if key in found][:limit]
    room = limit - len(links)
    if category_id and room > 0:
        shown = [link.id for link in links]
        rows = db.session.execute(
            select(Question.id, Question.title, Question.answer_count)
            .where(
                Question.category_id == category_id,
                Question.status == PostStatus.VISIBLE,
                Question.id.not_in(shown),
            )
            .order_by(Question.created_at.desc(), Question.id.desc())
            .limit(room)
        ).all()
        links += [QuestionLink(*row) for row in rows]
    return links


# --- what is new for someone, for the home page --------------------------------------------------

ANSWER_NOTIFICATIONS = (NotificationKind.ANSWER_ON_MY_QUESTION, NotificationKind.ANSWER_ON_WATCHED)


def new_answers_for(user, limit):
    """The questions a person asked or follows that got answers since they last looked: their
    unread answer notifications, grouped per question, the most recent first, as [(question,
    number of new answers, the first unread notification's id)]. Answers and questions that
    were hidden or deleted since do not count. Two queries."""
    if not can(user, Permission.READ_FORUM):
        return []
    answer, question = aliased(Post), aliased(Post)
    rows = db.session.execute(
        select(Notification.question_id, func.count(), func.min(Notification.id))
        .join(answer, answer.id == Notification.post_id)
        .join(question, question.id == Notification.question_id)
        .where(
            Notification.user_id == user.id,
            Notification.read_at.is_(None),
            Notification.kind.in_(ANSWER_NOTIFICATIONS),
            answer.status == PostStatus.VISIBLE,
            question.status == PostStatus.VISIBLE,
        )
        .group_by(Notification.question_id)
        .order_by(func.max(Notification.created_at).desc(), Notification.question_id.desc())
        .limit(limit)
    ).all()
    if not rows:
        return []
    questions = {
        q.id: q
        for q in db.session.scalars(
            select(Question).where(Question.id.in_([row[0] for row in rows]))
        )
    }
    return [(questions[question_id], count, first) for question_id, count, first in rows]


def unanswered_in_field(user, function, tag_names, limit):
    """(visible, open questions without an answer that belong to a werkveld, newest first, and
    how many there are): asked under their own name by someone of that werkveld (`function`),
    or tagged with one of `tag_names`. A question asked without a name counts only by its tags,
    so the list never tells anything about its asker. The person's own questions are left out.
    `function` None: every unanswered question. Three queries (the tags are loaded with them)."""
    if not can(user, Permission.READ_FORUM):
        return [], 0
    conditions = [
        Question.status == PostStatus.VISIBLE,
        Question.answer_count == 0,
        Question.locked.is_(False),
        Question.author_id != user.id,
    ]
    if function is not None:
        same_field = Question.anonymous.is_(False) & Question.author_id.in_(
            select(User.id).where(User.function == function)
        )
        tagged = Question.id.in_(
            select(question_tag.c.question_id)
            .join(Tag, Tag.id == question_tag.c.tag_id)
            .where(Tag.name.in_(tag_names))
        )
        conditions.append(or_(same_field, tagged))
    return first_and_total(
        select(Question)
        .where(*conditions)
        .order_by(Question.created_at.desc(), Question.id.desc()),
        limit,
    )


# --- personal data (the person's export, community/data_rights.py) -----------------------------

# Posts are read in batches by id, each batch with its revisions in one more query, so an
# export of thousands of posts never holds them all in memory.
EXPORT_BATCH = 200


def personal_data(user_id):
    """What the forum holds about one person, as {kind: rows}; the posts as an iterator."""
    return {
        "forum_posts": _posts_of(user_id),
        "forum_votes": [
            {"post_id": vote.post_id, "value": vote.value, "created_at": vote.created_at}
            for vote in db.session.scalars(
                select(Vote).where(Vote.user_id == user_id).order_by(Vote.created_at)
            )
        ],
        "forum_flags": [
            {
                "post_id": flag.post_id,
                "reason": flag.reason,
                "note": flag.note,
                "created_at": flag.created_at,
                "resolved_at": flag.resolved_at,
                "resolution": flag.resolution,
            }
            for flag in db.session.scalars(
                select(Flag).where(Flag.reporter_id == user_id).order_by(Flag.created_at)
            )
        ],
        "notifications": [
            {
                "kind": note.kind,
                # Someone who posted without a name stays without one here too.
                "actor": None if note.actor_hidden or note.actor is None else note.actor.name,
                "question_id": note.question_id,
                "post_id": note.post_id,
                "detail": note.detail,
                "created_at": note.created_at,
                "read_at": note.read_at,
                "emailed_at": note.emailed_at,
            }
            for note in db.session.scalars(
                select(Notification)
                .where(Notification.user_id == user_id)
                .order_by(Notification.created_at)
            )
        ],
        "forum_watches": [
            {"question_id": question_id, "title": title, "created_at": created_at}
            for question_id, title, created_at in db.session.execute(
                select(Watch.question_id, Post.title, Watch.created_at)
                .join(Post, Post.id == Watch.question_id)
                .where(Watch.user_id == user_id)
                .order_by(Watch.created_at)
            )
        ],
    }


def _posts_of(user_id):
    last_id = 0
    while True:
        posts = db.session.scalars(
            select(Post)
            .where(Post.author_id == user_id, Post.id > last_id)
            .order_by(Post.id)
            .limit(EXPORT_BATCH)
        ).all()
        if not posts:
            return
        revisions = {}
        for revision in db.session.scalars(
            select(Revision)
            .where(Revision.post_id.in_([post.id for post in posts]))
            .order_by(Revision.created_at, Revision.id)
        ):
            revisions.setdefault(revision.post_id, []).append(
                {
                    "created_at": revision.created_at,
                    "by_you": revision.editor_id == user_id,
                    "title": revision.title,
                    "body": revision.body,
                    "tags": revision.tags,
                    "note": revision.note,
                }
            )
        for post in posts:
            yield {
                "id": post.id,
                "kind": post.kind,
                "thread_id": post.thread_id,
                "title": post.title,
                "body": post.body,
                "tags": [tag.name for tag in post.tags] if isinstance(post, Question) else [],
                # The course lesson a question was asked at (courses' lesson_completions name it).
                "lesson_id": post.lesson_id,
                "anonymous": post.anonymous,
                "status": post.status,
                "score": post.score,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "revisions": revisions.get(post.id, []),
            }
        # The session's identity map holds the written posts weakly: they go with the batch.
        last_id = posts[-1].id


# --- erasure (community/accounts/erasure.py) ---------------------------------------------------

# What stands where a post mentioned an erased account's @name.
ERASED_MENTION = "[verwijderde gebruiker]"


def forget_user(user_id, *, handle):
    """Erase one person from the forum (not committed). Their posts, revisions, flags and
    moderation entries stay, so threads and the record stay readable: the account row they
    point to holds no name any more. Their votes stay, so scores do not change. Their
    notifications and watches go; notifications about what they did lose the actor; every
    @mention of them, in anyone's post or earlier version, becomes ERASED_MENTION."""
    db.session.execute(sa_delete(Notification).where(Notification.user_id == user_id))
    db.session.execute(
        update(Notification)
        .where(Notification.actor_id == user_id)
        .values(actor_id=None, actor_hidden=True)
    )
    db.session.execute(sa_delete(Watch).where(Watch.user_id == user_id))
    if handle:
        _forget_mentions(handle)


def _forget_mentions(handle):
    mention = re.compile(rf"(?<![\w@/.])@{re.escape(handle)}\b", re.IGNORECASE)
    word = f"@{handle.lower()}"
    for model in (Post, Revision):
        rows = db.session.scalars(
            select(model).where(
                or_(
                    func.lower(model.body).contains(word, autoescape=True),
                    func.lower(model.title).contains(word, autoescape=True),
                )
            )
        ).all()
        for row in rows:
            row.body = mention.sub(ERASED_MENTION, row.body)
            if row.title:
                row.title = mention.sub(ERASED_MENTION, row.title)
    db.session.flush()
    if db.session.get_bind().dialect.name == "sqlite":
        # The full-text index keeps a replaced word in its segments until they are merged.
        db.session.execute(text("INSERT INTO forum_post_fts(forum_post_fts) VALUES ('optimize')"))
