"""What the forum pages show, loaded in a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field

from sqlalchemy import case, func, literal, select, union_all
from sqlalchemy.orm import defaultload, joinedload, lazyload

from community.accounts.models import User
from community.extensions import db
from community.forum.models import (
    Answer,
    Category,
    Comment,
    Flag,
    PostStatus,
    Question,
    Tag,
    Vote,
    Watch,
    question_tag,
)
from community.forum.policies import visible_statuses
from community.listing import page_with_total
from community.permissions import Permission, can

SORTS = ("active", "newest", "votes", "unanswered")


def questions_matching(viewer, *, category=None, tag=None, sort="active"):
    """A select() of the questions for a list page; pinned questions first in a category."""
    query = select(Question).where(Question.status.in_(visible_statuses(viewer)))
    if category is not None:
        query = query.where(Question.category_id == category.id)
    if tag is not None:
        query = query.where(
            Question.id.in_(
                select(question_tag.c.question_id).where(question_tag.c.tag_id == tag.id)
            )
        )
    if sort == "unanswered":
        query = query.where(Question.answer_count == 0)
    order = []
    if category is not None:
        order.append(Question.pinned.desc())
    if sort == "votes":
        order += [Question.score.desc(), Question.created_at.desc()]
    elif sort == "newest" or sort == "unanswered":
        order += [Question.created_at.desc()]
    else:
        order += [Question.last_activity_at.desc()]
    return query.order_by(*order, Question.id.desc())


@dataclass
class ThreadPage:
    question: Question
    answers: object  # Flask-SQLAlchemy Pagination of Answer
    comments: dict = field(default_factory=dict)  # parent post id -> [Comment]
    my_votes: dict = field(default_factory=dict)  # post id -> +1/-1
    watching: bool = False
    open_flags: dict = field(default_factory=dict)  # post id -> count (moderators only)
    accepted_on_page: bool = False

    @property
    def post_ids(self):
        return [self.question.id, *(answer.id for answer in self.answers.items)]


# The page shows an author's name and organisation, never their roles: without this, each
# query of posts would fetch its authors' roles too (User.role_rows loads "selectin").
_AUTHOR_WITHOUT_ROLES = lazyload(User.role_rows)


def load_question(question_id, viewer):
    """The question, its author, category and tags, in one query; None if the viewer may not
    see it."""
    return (
        db.session.scalars(
            select(Question)
            .options(
                joinedload(Question.tags),
                defaultload(Question.author).options(_AUTHOR_WITHOUT_ROLES),
            )
            .where(Question.id == question_id, Question.status.in_(visible_statuses(viewer)))
        )
        .unique()
        .one_or_none()
    )


def load_thread(question, viewer, *, page=1, per_page=20):
    """One page of the question's answers (accepted first, then by votes), their comments, and
    what the viewer did there: three queries, however many answers, comments and votes."""
    statuses = visible_statuses(viewer)
    accepted_first = case((Answer.id == question.accepted_answer_id, 0), else_=1)
    answers = page_with_total(
        select(Answer)
        .options(defaultload(Answer.author).options(_AUTHOR_WITHOUT_ROLES))
        .where(Answer.question_id == question.id, Answer.status.in_(statuses))
        .order_by(accepted_first, Answer.score.desc(), Answer.created_at, Answer.id),
        page=page,
        per_page=per_page,
    )
    thread = ThreadPage(question=question, answers=answers)
    post_ids = thread.post_ids

    for comment in db.session.scalars(
        select(Comment)
        .options(defaultload(Comment.author).options(_AUTHOR_WITHOUT_ROLES))
        .where(Comment.parent_id.in_(post_ids), Comment.status.in_(statuses))
        .order_by(Comment.created_at, Comment.id)
    ):
        thread.comments.setdefault(comment.parent_id, []).append(comment)

    comment_ids = [c.id for comments in thread.comments.values() for c in comments]
    _add_viewer_marks(thread, viewer, post_ids, comment_ids)
    return thread


def _add_viewer_marks(thread, viewer, post_ids, comment_ids):
    """The viewer's votes and watch, and for moderators the open flags, in one statement: each
    row is (what, post id, value)."""
    parts = []
    if viewer.is_authenticated:
        parts += [
            select(literal("vote"), Vote.post_id, Vote.value).where(
                Vote.user_id == viewer.id, Vote.post_id.in_(post_ids)
            ),
            select(literal("watch"), Watch.question_id, literal(1)).where(
                Watch.user_id == viewer.id, Watch.question_id == thread.question.id
            ),
        ]
    if can(viewer, Permission.MODERATE_FORUM):
        parts.append(
            select(literal("flags"), Flag.post_id, func.count())
            .where(Flag.post_id.in_(post_ids + comment_ids), Flag.resolved_at.is_(None))
            .group_by(Flag.post_id)
        )
    if not parts:
        return
    for what, post_id, value in db.session.execute(union_all(*parts)):
        if what == "vote":
            thread.my_votes[post_id] = value
        elif what == "watch":
            thread.watching = True
        else:
            thread.open_flags[post_id] = value


def category_by_slug(slug):
    return db.session.scalar(select(Category).where(Category.slug == slug)) if slug else None


def tag_by_name(name):
    return db.session.scalar(select(Tag).where(Tag.name == name)) if name else None


def categories_with_counts():
    """[(category, number of visible questions)] in the configured order."""
    counts = (
        select(Question.category_id, func.count().label("questions"))
        .where(Question.status == PostStatus.VISIBLE)
        .group_by(Question.category_id)
        .subquery()
    )
    return db.session.execute(
        select(Category, func.coalesce(counts.c.questions, 0))
        .outerjoin(counts, counts.c.category_id == Category.id)
        .order_by(Category.position)
    ).all()


def popular_tags(limit=20):
    return db.session.execute(
        select(Tag.name, func.count().label("uses"))
        .join(question_tag, question_tag.c.tag_id == Tag.id)
        .join(Question, Question.id == question_tag.c.question_id)
        .where(Question.status == PostStatus.VISIBLE)
        .group_by(Tag.name)
        .order_by(func.count().desc(), Tag.name)
        .limit(limit)
    ).all()


def questions_by_id(question_ids):
    if not question_ids:
        return {}
    return {
        q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(question_ids)))
    }
