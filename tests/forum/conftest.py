"""Forum fixtures: logged-in clients per role and a quick way to make questions and answers."""

import pytest

from community.accounts.models import User
from community.extensions import db
from community.forum import services
from community.forum.categories import DEFAULT_CATEGORIES
from community.forum.models import Category, Post
from tests.helpers import log_in, make_user


@pytest.fixture
def person(app):
    """person("professional", name=...) -> (logged-in client, user id)."""
    counter = {"n": 0}

    def make(role="professional", name=None, **kwargs):
        counter["n"] += 1
        roles = () if role == "member" else (role,)
        if role == "moderator":
            roles = ("moderator",)
        with app.app_context():
            user = make_user(
                name=name or f"Collega {counter['n']}",
                email=f"{role}{counter['n']}@verbind.example",
                roles=roles,
                **kwargs,
            )
            user_id, email = user.id, user.email
        client = app.test_client()
        assert log_in(client, email).status_code == 302
        return client, user_id

    return make


@pytest.fixture
def forum(app):
    """Direct access to the forum's domain functions, for setting the scene quickly."""

    class Forum:
        category_slug = DEFAULT_CATEGORIES[0]["slug"]

        def user(self, user_id):
            return db.session.get(User, user_id)

        def ask(self, author_id, title="Hoe bespreek ik zorgen met ouders?", body=None, **kw):
            with app.app_context():
                category = db.session.scalar(
                    db.select(Category).where(
                        Category.slug == kw.pop("category", self.category_slug)
                    )
                )
                question = services.ask_question(
                    self.user(author_id),
                    category=category,
                    title=title,
                    body=body
                    or "Ik merk spanning bij een gezin en wil het gesprek goed voorbereiden.",
                    **kw,
                )
                return question.id

        def answer(self, author_id, question_id, body=None):
            with app.app_context():
                question = db.session.get(Post, question_id)
                answer = services.post_answer(
                    self.user(author_id),
                    question,
                    body or "Begin met wat je ziet en vraag hoe de ouders het zelf ervaren.",
                )
                return answer.id

        def post(self, post_id):
            with app.app_context():
                post = db.session.get(Post, post_id)
                db.session.expunge(post)
                return post

    return Forum()
