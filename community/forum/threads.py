"""What the forum pages show, loaded in a fixed number of queries whatever the data size."""

from dataclasses import dataclass, field

from sqlalchemy import case, func, select

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


def load_question(question_id, viewer):
    question = db.session.scalar(
        select(Question).where(
            Question.id == question_id, Question.status.in_(visible_statuses(viewer))
        )
    )
    return question


def load_thread(question, viewer, *, page=1, per_page=20):
    """The question, one page of answers (accepted first, then by votes), their comments, the
    viewer's votes and watch state: six queries, however many answers, comments and votes."""
    statuses = visible_statuses(viewer)
    accepted_first = case((Answer.id == question.accepted_answer_id, 0), else_=1)
    answers = db.paginate(
        select(Answer)
        .where(Answer.question_id == question.id, Answer.status.in_(statuses))
        .order_by(accepted_first, Answer.score.desc(), Answer.created_at, Answer.id),
        page=page,
        per_page=per_page,
        error_out=False,
    )
    thread = ThreadPage(question=question, answers=answers)
    post_ids = thread.post_ids

    for comment in db.session.scalars(
        select(Comment)
        .where(Comment.parent_id.in_(post_ids), Comment.status.in_(statuses))
        .order_by(Comment.created_at, Comment.id)
    ):
        thread.comments.setdefault(comment.parent_id, []).append(comment)

    if viewer.is_authenticated:
        thread.my_votes = dict(
            db.session.execute(
                select(Vote.post_id, Vote.value).where(
                    Vote.user_id == viewer.id, Vote.post_id.in_(post_ids)
                )
            ).all()
        )
        thread.watching = (
            db.session.scalar(
                select(func.count())
                .select_from(Watch)
                .where(Watch.user_id == viewer.id, Watch.question_id == question.id)
            )
            > 0
        )
    if can(viewer, Permission.MODERATE_FORUM):
        comment_ids = [c.id for comments in thread.comments.values() for c in comments]
        thread.open_flags = dict(
            db.session.execute(
                select(Flag.post_id, func.count())
                .where(Flag.post_id.in_(post_ids + comment_ids), Flag.resolved_at.is_(None))
                .group_by(Flag.post_id)
            ).all()
        )
    return thread


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
