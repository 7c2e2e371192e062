"""The recording link after the follow-up: attendees whose follow-up went before the host added
the recording are told it will follow, and get one short mail with the link once it is there
(the host saving it on the edit form, or cron), in their language, once however often and
however many at once; nothing for a cancelled webinar, erased accounts, a removed recording or
a corrected link."""

from datetime import timedelta

from sqlalchemy import select

from community.accounts.erasure import erase_account
from community.accounts.models import ErasureCause, User
from community.clock import local_time
from community.extensions import db
from community.outbox import OutboxMail
from community.webinars import mail
from community.webinars.models import Webinar
from tests.concurrency.test_races import all_at_once
from tests.helpers import log_in, page_text, post_form
from tests.webinars.test_follow_up import RECORDING, past_webinar

ATTENDEES = ["anna@verbind.example", "ben@verbind.example"]
PROMISE_EN = "There is no recording yet. If one follows, we will e-mail you the link."
PROMISE_NL = "Er is nog geen opname. Komt die er, dan sturen we je de link per e-mail."
SUBJECTS = ("Recording online: ", "Opname online: ")


def mails(app):
    """{address: [(subject, body)]} of every mail queued, oldest first."""
    with app.app_context():
        found = {}
        for row in db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)):
            found.setdefault(row.to, []).append((row.subject, row.body))
        return found


def recording_mails(app):
    """{address: [(subject, body)]} of the "the recording is online" mails."""
    found = {
        to: [item for item in items if item[0].startswith(SUBJECTS)]
        for to, items in mails(app).items()
    }
    return {to: items for to, items in found.items() if items}


def followed_up_without_recording(app, runner, **values):
    """A webinar that ended three hours ago without a recording, its follow-up sent by cron."""
    with app.app_context():
        webinar_id = past_webinar(recording_url="", **values)
    output = runner.invoke(args=["webinars", "send-follow-ups"]).output
    assert "Follow-up mails sent: 2" in output
    return webinar_id


def set_recording(app, webinar_id, url):
    """The recording changed without the edit form (so only cron can mail it)."""
    with app.app_context():
        db.session.get(Webinar, webinar_id).recording_url = url
        db.session.commit()


def edit_form(app, webinar_id, recording_url):
    """The edit form as the host sends it: everything as it is, with this recording link."""
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        return {
            "title": webinar.title,
            "description": "Hoe wijkteam en Veilig Thuis samen optrekken.",
            "starts_at": local_time(webinar.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": local_time(webinar.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "100",
            "recording_url": recording_url,
            "related_course": "0",
            "related_category": "0",
        }


def host_saves(app, webinar_id, recording_url):
    """The host saves the edit form; the page they land on."""
    host = app.test_client()
    log_in(host, "host@verbind.example")
    url = f"/webinars/{webinar_id}/edit"
    response = post_form(
        host, url, edit_form(app, webinar_id, recording_url), follow_redirects=True
    )
    assert response.status_code == 200
    return page_text(response)


def run_cron(runner):
    return runner.invoke(args=["webinars", "send-follow-ups"]).output


def test_a_follow_up_without_recording_says_the_link_will_follow(app, runner):
    followed_up_without_recording(app, runner)
    sent = mails(app)
    [(_, dutch)] = sent["anna@verbind.example"]
    [(_, english)] = sent["ben@verbind.example"]
    assert PROMISE_NL in dutch
    assert PROMISE_EN in english
    assert "Recording mails sent: 0" in run_cron(runner), "nothing to send without a recording"


def test_the_host_adds_the_recording_and_each_attendee_gets_it_once_in_their_language(app, runner):
    webinar_id = followed_up_without_recording(app, runner)

    page = host_saves(app, webinar_id, RECORDING)
    assert "De link naar de opname is gemaild naar 2 deelnemers." in page

    sent = recording_mails(app)
    assert sorted(sent) == ATTENDEES, "not the waiting list, not who cancelled"
    [(dutch_subject, dutch)] = sent["anna@verbind.example"]
    [(english_subject, english)] = sent["ben@verbind.example"]
    assert dutch_subject == "Opname online: Samenwerken bij veiligheid"
    assert english_subject == "Recording online: Samenwerken bij veiligheid"
    assert dutch.startswith("Hallo Anna de Vries,") and "staat nu online" in dutch
    assert english.startswith("Hello Ben Jansen,") and "is online now" in english
    for body in (dutch, english):
        assert RECORDING in body
        assert f"/webinars/{webinar_id}" in body, "the webinar page"

    # Cron afterwards, saving again, a corrected link: nothing more.
    assert "Recording mails sent: 0" in run_cron(runner)
    assert "gemaild" not in host_saves(app, webinar_id, RECORDING)
    assert "gemaild" not in host_saves(app, webinar_id, RECORDING + "-gecorrigeerd")
    assert [len(items) for items in recording_mails(app).values()] == [1, 1]


def test_cron_mails_the_recording_added_after_the_follow_up_once(app, runner):
    webinar_id = followed_up_without_recording(app, runner)
    assert "Recording mails sent: 0" in run_cron(runner)
    set_recording(app, webinar_id, RECORDING)

    assert "Recording mails sent: 2" in run_cron(runner)
    assert "Recording mails sent: 0" in run_cron(runner)
    set_recording(app, webinar_id, RECORDING + "-gecorrigeerd")
    assert "Recording mails sent: 0" in run_cron(runner)
    sent = recording_mails(app)
    assert sorted(sent) == ATTENDEES
    assert [len(items) for items in sent.values()] == [1, 1]
    assert all(RECORDING + "-" not in body for [(_, body)] in sent.values())


def test_a_follow_up_that_carried_the_recording_is_not_followed_by_another_mail(app, runner):
    with app.app_context():
        webinar_id = past_webinar()  # with a recording
    output = run_cron(runner)
    assert "Follow-up mails sent: 2" in output and "Recording mails sent: 0" in output
    [(_, english)] = mails(app)["ben@verbind.example"]
    assert RECORDING in english and PROMISE_EN not in english

    assert "gemaild" not in host_saves(app, webinar_id, RECORDING + "-nieuw")
    assert "Recording mails sent: 0" in run_cron(runner)
    assert recording_mails(app) == {}


def test_runs_at_the_same_moment_mail_the_recording_once(app, runner):
    webinar_id = followed_up_without_recording(app, runner)
    set_recording(app, webinar_id, RECORDING)

    failures = all_at_once(app, range(4), lambda _n: mail.send_recording_mails())

    assert failures == []
    assert [len(items) for items in recording_mails(app).values()] == [1, 1]


def test_the_host_saving_while_cron_runs_mails_once(app, runner):
    webinar_id = followed_up_without_recording(app, runner)
    set_recording(app, webinar_id, RECORDING)

    def one_of_both(n):
        if n == 0:
            mail.send_recording_mails(webinar_id=webinar_id)
        else:
            mail.send_recording_mails()

    assert all_at_once(app, range(2), one_of_both) == []
    assert [len(items) for items in recording_mails(app).values()] == [1, 1]


def test_a_cancelled_webinar_sends_no_recording(app, runner):
    webinar_id = followed_up_without_recording(app, runner)
    with app.app_context():
        db.session.get(Webinar, webinar_id).cancelled = True
        db.session.commit()
    set_recording(app, webinar_id, RECORDING)
    assert "Recording mails sent: 0" in run_cron(runner)
    assert recording_mails(app) == {}


def test_a_removed_recording_mails_nothing(app, runner):
    webinar_id = followed_up_without_recording(app, runner)
    set_recording(app, webinar_id, RECORDING)
    set_recording(app, webinar_id, "")
    assert "gemaild" not in host_saves(app, webinar_id, "")
    assert "Recording mails sent: 0" in run_cron(runner)
    assert recording_mails(app) == {}


def test_erased_accounts_get_no_recording(app, runner):
    webinar_id = followed_up_without_recording(app, runner)
    with app.app_context():
        anna = db.session.scalar(select(User).where(User.email == "anna@verbind.example"))
        erase_account(anna, cause=ErasureCause.OWN_REQUEST)
    page = host_saves(app, webinar_id, RECORDING)
    assert "De link naar de opname is gemaild naar 1 deelnemer." in page
    assert sorted(recording_mails(app)) == ["ben@verbind.example"]


def test_a_recording_added_before_the_follow_up_goes_with_it(app, runner):
    with app.app_context():
        webinar_id = past_webinar(ended_ago=timedelta(hours=1), recording_url="")
    page = host_saves(app, webinar_id, RECORDING)
    assert "gemaild" not in page, "nobody had the follow-up yet"
    output = runner.invoke(args=["webinars", "send-follow-ups", "--hours", "0.5"]).output
    assert "Follow-up mails sent: 2" in output and "Recording mails sent: 0" in output
    [(_, english)] = mails(app)["ben@verbind.example"]
    assert RECORDING in english
    assert "Recording mails sent: 0" in run_cron(runner)
    assert recording_mails(app) == {}
