"""Live polls across two real server processes sharing PostgreSQL and Redis (the set-up of
test_scale_out.py): a poll opened on one process reaches attendees on the other, an answer given
on process A shows in the results heard on process B. Needs TEST_DATABASE_URL and
TEST_REDIS_URL."""

from community.extensions import db
from community.webinars import polls
from community.webinars.models import PollAnswer, Webinar
from tests.webinars.test_scale_out import LiveClient, pytestmark, two_servers  # noqa: F401


class PollClient(LiveClient):
    def __init__(self, port, email):
        super().__init__(port, email)
        for event in ("poll", "poll_results"):
            self.client.on(event, self._recorder(event), namespace="/webinar")


def test_an_answer_on_one_server_shows_in_the_results_on_the_other(two_servers):  # noqa: F811
    (port_a, port_b), webinar_id, app = two_servers
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        poll_id = polls.create_poll(
            webinar.host,
            webinar,
            kind="single",
            question="Bespreek je twijfels eerst met een collega?",
            options=["Ja", "Nee"],
        ).id
        db.engine.dispose()
    answerer = PollClient(port_a, "a@verbind.example")
    watcher = PollClient(port_b, "b@verbind.example")
    host = PollClient(port_b, "host@verbind.example")
    try:
        for client in (answerer, watcher, host):
            client.connect(webinar_id)

        # The host on B opens the poll and shows its results: the attendee on A sees it open.
        for action in ("open", "show_results"):
            reply = host.call("poll_control", webinar_id=webinar_id, poll_id=poll_id, action=action)
            assert reply["ok"], reply
        answerer.wait_for(
            "poll", lambda p: p["poll"]["id"] == poll_id and p["poll"]["state"] == "open"
        )

        # An answer on A reaches the attendee and the host on B as counts.
        reply = answerer.call("poll_answer", webinar_id=webinar_id, poll_id=poll_id, answer=[1])
        assert reply["ok"], reply
        seen = watcher.wait_for(
            "poll_results", lambda r: r["poll_id"] == poll_id and r["total"] == 1
        )
        assert seen["counts"] == [0, 1]
        host.wait_for("poll_results", lambda r: r["counts"] == [0, 1])

        # The watcher on B answers too; the answerer on A hears the new counts.
        assert watcher.call("poll_answer", webinar_id=webinar_id, poll_id=poll_id, answer=[1])["ok"]
        answerer.wait_for("poll_results", lambda r: r["counts"] == [0, 2])
    finally:
        for client in (answerer, watcher, host):
            client.client.disconnect()

    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(PollAnswer)) == 2
        db.engine.dispose()
