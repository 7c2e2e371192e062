"""Rights on one object: other people's posts, events, quiz attempts and webinars stay theirs,
and what is hidden from a role stays hidden on every route that could show it."""

import pytest

from community.accounts.models import User
from community.events.models import Event, EventStatus
from community.extensions import db
from community.forum import moderation, services
from community.forum.models import Post, PostStatus, Question
from community.webinars.models import Webinar
from courses.models import Attempt

SOMEONE_ELSES_TEXT = {
    "title": "Gewijzigd door iemand anders",
    "body": "Deze tekst is door iemand anders dan de schrijver gewijzigd.",
    "confirm_privacy": "y",
}


def user(world, name):
    return db.session.get(User, world.ids[name])


@pytest.mark.parametrize(
    ("who", "post"),
    [
        *(("professional", post) for post in ("question", "answer", "comment")),
        *(("organiser", post) for post in ("question", "answer", "comment")),
        ("answerer", "question"),
        ("asker", "answer"),
        ("asker", "comment"),
    ],
)
def test_editing_or_deleting_another_users_post_is_refused(world, who, post):
    post_id = world.ids[post]
    url = f"/forum/posts/{post_id}"
    assert world.request(who, "GET", f"{url}/edit").status_code == 403
    assert world.request(who, "POST", f"{url}/edit", SOMEONE_ELSES_TEXT).status_code == 403
    assert "iemand anders" not in world.run(lambda: db.session.get(Post, post_id).body)
    assert world.request(who, "POST", f"{url}/delete").status_code == 403
    assert world.run(lambda: db.session.get(Post, post_id).status) == PostStatus.VISIBLE


def test_the_author_may_edit_their_own_post(world):
    url = f"/forum/posts/{world.ids['question']}/edit"
    assert world.request("asker", "GET", url).status_code == 200


def test_accepting_an_answer_to_someone_elses_question_changes_nothing(world):
    url = f"/forum/answers/{world.ids['answer']}/accept"
    accepted = lambda: db.session.get(Question, world.ids["question"]).accepted_answer_id  # noqa: E731
    world.request("professional", "POST", url)
    assert world.run(accepted) is None
    world.request("asker", "POST", url)
    assert world.run(accepted) == world.ids["answer"]


def test_editing_another_organisers_event_is_refused(world):
    url = f"/week/events/{world.ids['event']}"
    title = lambda: db.session.get(Event, world.ids["event"]).title  # noqa: E731
    assert world.request("organiser", "GET", f"{url}/edit").status_code == 403
    response = world.request("organiser", "POST", f"{url}/edit", {"title": "Overgenomen"})
    assert response.status_code == 403
    assert world.run(title) == "Huiselijk geweld herkennen"
    assert world.request("organiser", "GET", f"{url}/registrations").status_code == 403
    assert world.request("host", "GET", f"{url}/edit").status_code == 200
    assert world.request("host", "GET", f"{url}/registrations").status_code == 200


@pytest.mark.parametrize("who", ["member", "professional", "moderator", "admin"])
def test_opening_or_submitting_another_users_attempt_is_refused(world, who):
    url = f"/courses/attempts/{world.ids['attempt']}"
    assert world.request(who, "GET", url).status_code == 403
    assert world.request(who, "POST", url).status_code == 403
    assert world.run(lambda: db.session.get(Attempt, world.ids["attempt"]).is_open)


def test_the_learner_may_open_their_own_attempt(world):
    url = f"/courses/attempts/{world.ids['attempt']}"
    assert world.request("learner", "GET", url).status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [("organiser", 403), ("professional", 403), ("host", 200), ("moderator", 200), ("admin", 200)],
)
def test_only_the_host_and_moderators_may_edit_a_webinar(world, who, status):
    url = f"/webinars/{world.ids['webinar']}/edit"
    assert world.request(who, "GET", url).status_code == status
    if status == 403:
        assert world.request(who, "POST", url, {"title": "Overgenomen"}).status_code == 403
        title = world.run(lambda: db.session.get(Webinar, world.ids["webinar"]).title)
        assert title == "Samenwerken bij veiligheid"


def test_a_moderator_sees_the_edit_link_that_works(world):
    """The webinar page offers moderators the edit page; it must not answer 403."""
    page = world.request("moderator", "GET", f"/webinars/{world.ids['webinar']}")
    edit_url = f"/webinars/{world.ids['webinar']}/edit"
    assert edit_url in page.get_data(as_text=True)
    assert world.request("moderator", "GET", edit_url).status_code == 200


# --- hidden things stay hidden ---------------------------------------------------------------


def hide_question(world):
    def hide():
        question = db.session.get(Question, world.ids["question"])
        moderation.hide_post(user(world, "moderator"), question, "")

    return hide


def delete_question(world):
    def delete():
        services.delete_post(user(world, "asker"), db.session.get(Question, world.ids["question"]))

    return delete


@pytest.mark.parametrize("remove", [hide_question, delete_question])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/forum/q/{question}"),
        ("GET", "/forum/posts/{answer}/fragment"),
        ("GET", "/forum/posts/{answer}/comment"),
        ("GET", "/forum/posts/{answer}/flag"),
        ("GET", "/forum/posts/{comment}/flag"),
        ("POST", "/forum/posts/{answer}/vote"),
        ("POST", "/forum/answers/{answer}/accept"),
        ("POST", "/forum/q/{question}/watch"),
    ],
)
def test_a_removed_thread_is_not_found_through_its_answers_and_comments(
    world, remove, method, path
):
    url = path.format(**world.ids)
    for who in ("member", "professional", "asker"):
        response = world.request(who, method, url, {"value": "1"}, prepare=remove(world))
        # A member may not comment or vote at all, and is told so before anything is looked up.
        expected = 403 if who == "member" and path.endswith(("/comment", "/vote")) else 404
        assert response.status_code == expected, f"{method} {url} as {who}"


def test_comments_under_a_hidden_answer_are_hidden_too(world):
    def hide_answer():
        answer = db.session.get(Post, world.ids["answer"])
        moderation.hide_post(user(world, "moderator"), answer, "")

    url = f"/forum/posts/{world.ids['comment']}/flag"
    assert world.request("professional", "GET", url, prepare=hide_answer).status_code == 404
    assert world.request("moderator", "GET", url, prepare=hide_answer).status_code == 200


def test_moderators_still_see_a_hidden_thread(world):
    url = f"/forum/posts/{world.ids['answer']}/fragment"
    assert world.request("moderator", "GET", url, prepare=hide_question(world)).status_code == 200


def test_the_forum_socket_does_not_follow_a_hidden_question(world):
    for who, result in [
        ("member", "not_found"),
        ("professional", "not_found"),
        ("moderator", "ok"),
    ]:
        world.reset()
        world.run(hide_question(world))
        socket = world.socket(who, "/forum")
        reply = socket.emit(
            "follow", {"question_id": world.ids["question"]}, namespace="/forum", callback=True
        )
        socket.disconnect(namespace="/forum")
        assert (reply.get("error") or "ok") == result, who


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 404), ("member", 404), ("organiser", 404), ("host", 200), ("moderator", 200)],
)
def test_an_event_waiting_for_review_is_hidden_from_all_but_its_organiser_and_moderators(
    world, who, status
):
    def unpublish():
        db.session.get(Event, world.ids["event"]).status = EventStatus.PENDING
        db.session.commit()

    for path in ("/week/events/{event}", "/week/events/{event}.ics"):
        response = world.request(who, "GET", path.format(**world.ids), prepare=unpublish)
        assert response.status_code == status, f"{path} as {who}"
