"""cast_vote called directly: up, down, withdraw, change, exact counts from several voters, and
the votes it refuses (own post, members, comments, hidden posts, values other than +1/-1)."""

import pytest
import sqlalchemy as sa

from community.accounts.models import User
from community.extensions import db
from community.forum.models import Post, PostStatus, Vote
from community.forum.services import ForumError, cast_vote, post_comment
from tests.helpers import make_user


@pytest.fixture
def author(app):
    with app.app_context():
        return make_user(email="vraagsteller@verbind.example", roles=("professional",)).id


@pytest.fixture
def voters(app):
    with app.app_context():
        return [
            make_user(email=f"stemmer{n}@verbind.example", roles=("professional",)).id
            for n in range(3)
        ]


@pytest.fixture
def question_id(forum, author):
    return forum.ask(author)


def vote(user_id, post_id, value):
    return cast_vote(db.session.get(User, user_id), db.session.get(Post, post_id), value)


def stored_votes(post_id):
    return dict(
        db.session.execute(sa.select(Vote.user_id, Vote.value).where(Vote.post_id == post_id)).all()
    )


def test_an_up_vote_counts_one(app_ctx, voters, question_id):
    assert vote(voters[0], question_id, 1) == 1
    assert stored_votes(question_id) == {voters[0]: 1}
    assert db.session.get(Post, question_id).score == 1


def test_a_down_vote_counts_minus_one(app_ctx, voters, question_id):
    assert vote(voters[0], question_id, -1) == -1
    assert stored_votes(question_id) == {voters[0]: -1}


@pytest.mark.parametrize("value", [1, -1])
def test_voting_the_same_way_again_withdraws_the_vote(app_ctx, voters, question_id, value):
    vote(voters[0], question_id, value)
    assert vote(voters[0], question_id, value) == 0
    assert stored_votes(question_id) == {}


def test_voting_the_other_way_changes_the_vote(app_ctx, voters, question_id):
    vote(voters[0], question_id, 1)
    assert vote(voters[0], question_id, -1) == -1
    assert stored_votes(question_id) == {voters[0]: -1}
    assert vote(voters[0], question_id, 1) == 1
    assert stored_votes(question_id) == {voters[0]: 1}


def test_the_score_is_the_exact_sum_of_everyones_votes(app_ctx, voters, question_id):
    vote(voters[0], question_id, 1)
    vote(voters[1], question_id, 1)
    assert vote(voters[2], question_id, -1) == 1
    vote(voters[1], question_id, 1)  # withdrawn
    assert vote(voters[0], question_id, -1) == -2
    assert db.session.get(Post, question_id).score == -2
    assert stored_votes(question_id) == {voters[0]: -1, voters[2]: -1}


def test_answers_are_voted_on_apart_from_their_question(app_ctx, forum, author, voters):
    question_id = forum.ask(voters[0])
    answer_id = forum.answer(author, question_id)
    assert vote(voters[1], answer_id, 1) == 1
    assert vote(voters[2], answer_id, 1) == 2
    assert db.session.get(Post, question_id).score == 0


def refused(user_id, post_id, value):
    with pytest.raises(ForumError) as refusal:
        vote(user_id, post_id, value)
    db.session.rollback()
    return refusal.value.status


def test_nobody_votes_on_their_own_post(app_ctx, author, question_id):
    assert refused(author, question_id, 1) == 403
    assert refused(author, question_id, -1) == 403
    assert stored_votes(question_id) == {}
    assert db.session.get(Post, question_id).score == 0


def test_members_who_are_not_verified_professionals_cannot_vote(app_ctx, question_id):
    member_id = make_user(email="lid@verbind.example").id
    assert refused(member_id, question_id, 1) == 403
    assert stored_votes(question_id) == {}


@pytest.mark.parametrize("value", [0, 2, -2, "1", None])
def test_a_vote_is_plus_or_minus_one(app_ctx, voters, question_id, value):
    assert refused(voters[0], question_id, value) == 400
    assert stored_votes(question_id) == {}


@pytest.mark.parametrize("status", [PostStatus.HIDDEN, PostStatus.DELETED])
def test_hidden_and_deleted_posts_cannot_be_voted_on(app_ctx, voters, question_id, status):
    vote(voters[0], question_id, 1)
    db.session.get(Post, question_id).status = status
    db.session.commit()
    assert refused(voters[1], question_id, 1) == 409
    assert stored_votes(question_id) == {voters[0]: 1}


def test_comments_cannot_be_voted_on(app_ctx, author, voters, question_id):
    question = db.session.get(Post, question_id)
    comment = post_comment(db.session.get(User, author), question, "Goede vraag, dank.")
    assert refused(voters[0], comment.id, 1) == 409
