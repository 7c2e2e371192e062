"""Demo forum content for `flask demo load`: questions, answers, comments and votes from
community/forum/demo_forum.yaml, written for Verbind."""

from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from community.accounts.models import User
from community.accounts.services import grant_role, hash_password
from community.clock import utcnow
from community.extensions import db
from community.forum.categories import seed_categories
from community.forum.models import Answer, Category, Comment, Question, Revision, Tag, Vote
from community.permissions import Role

DEMO_FILE = Path(__file__).with_name("demo_forum.yaml")


def _authors(spec, users_by_role, password_hash):
    authors = {}
    for entry in spec:
        key = entry["key"]
        if key in ("professional", "moderator", "admin"):
            authors[key] = users_by_role[Role(key)]
            continue
        user = User(
            name=entry["name"],
            email=entry["email"],
            password_hash=password_hash,
            organisation=entry.get("organisation", ""),
            function=entry.get("function", "other"),
            gemeente=entry.get("gemeente", ""),
            email_confirmed_at=utcnow(),
        )
        db.session.add(user)
        db.session.flush()
        grant_role(user, Role.PROFESSIONAL)
        authors[key] = user
    return authors


def _cast_votes(post, score, voters):
    """Give a post `score` net votes from people other than its author."""
    eligible = [user for user in voters if user.id != post.author_id]
    for user in eligible[: abs(score)]:
        db.session.add(Vote(user_id=user.id, post_id=post.id, value=1 if score > 0 else -1))
    post.score = min(abs(score), len(eligible)) * (1 if score >= 0 else -1)


def _comment(parent, question, spec, authors, asked_at):
    comment = Comment(
        author=authors[spec["author"]],
        question_id=question.id,
        parent_id=parent.id,
        body=spec["body"].strip(),
        created_at=asked_at + timedelta(hours=spec.get("hours_after", 1)),
    )
    db.session.add(comment)
    return comment


def load_forum_demo(users_by_role, demo_file=DEMO_FILE):
    seed_categories()
    data = yaml.safe_load(demo_file.read_text(encoding="utf-8"))
    password_hash = users_by_role[Role.MEMBER].password_hash or hash_password("x")
    authors = _authors(data["authors"], users_by_role, password_hash)
    voters = list(authors.values())
    categories = {c.slug: c for c in db.session.scalars(select(Category))}
    tags = {}
    now = utcnow()
    for spec in data["questions"]:
        asked_at = now - timedelta(days=spec.get("days_ago", 1), hours=spec.get("hour", 0))
        tag_objects = []
        for name in spec.get("tags", []):
            tags.setdefault(name, Tag(name=name))
            tag_objects.append(tags[name])
        question = Question(
            author=authors[spec["author"]],
            category=categories[spec["category"]],
            title=spec["title"].strip(),
            body=spec["body"].strip(),
            anonymous=bool(spec.get("anonymous")),
            created_at=asked_at,
            last_activity_at=asked_at,
            tags=tag_objects,
        )
        db.session.add(question)
        db.session.flush()
        created = [question]
        for comment_spec in spec.get("comments", []):
            created.append(_comment(question, question, comment_spec, authors, asked_at))
        for answer_spec in spec.get("answers", []):
            answered_at = asked_at + timedelta(hours=answer_spec.get("hours_after", 1))
            answer = Answer(
                author=authors[answer_spec["author"]],
                question_id=question.id,
                body=answer_spec["body"].strip(),
                created_at=answered_at,
            )
            db.session.add(answer)
            db.session.flush()
            created.append(answer)
            question.answer_count += 1
            question.last_activity_at = max(question.last_activity_at, answered_at)
            if answer_spec.get("accepted"):
                question.accepted_answer_id = answer.id
            _cast_votes(answer, answer_spec.get("votes", 0), voters)
            for comment_spec in answer_spec.get("comments", []):
                created.append(_comment(answer, question, comment_spec, authors, asked_at))
        _cast_votes(question, spec.get("votes", 0), voters)
        db.session.flush()
        for post in created:
            db.session.add(
                Revision(
                    post_id=post.id,
                    editor_id=post.author_id,
                    title=post.title,
                    body=post.body,
                    created_at=post.created_at,
                    tags=", ".join(t.name for t in tag_objects) if post is question else "",
                )
            )
    db.session.commit()
