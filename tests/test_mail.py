"""Mail goes through SMTP when configured, else to the log; a broken server loses nothing (the
mail stays in the outbox: tests/test_outbox.py)."""

import socketserver
import threading

import pytest
from sqlalchemy import select

from community.accounts.models import User
from community.extensions import db
from community.outbox import OutboxMail
from tests.helpers import page_text, post_form
from tests.servers import free_port

REGISTRATION = {
    "name": "Noor Hendriks",
    "email": "noor@verbind.example",
    "organisation": "Kinderopvang Het Nest",
    "function": "kinderopvang",
    "gemeente": "Nijmegen",
    "password": "schommelen-in-de-tuin",
    "password_repeat": "schommelen-in-de-tuin",
}


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive one message the way smtplib sends it."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 test SMTP ready")
        envelope = {"rcpt": [], "data": b""}
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test")
            elif verb == "MAIL":
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["rcpt"].append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                chunks = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    chunks.append(chunk)
                envelope["data"] = b"".join(chunks)
                self.server.received.append(envelope)
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_without_smtp_the_mail_is_written_to_the_log(client, mail_log):
    post_form(client, "/account/register", REGISTRATION)
    message = mail_log.messages[-1]
    assert "To: noor@verbind.example" in message
    assert "Subject: Bevestig je e-mailadres voor Verbind" in message
    assert "Hallo Noor Hendriks," in message


def test_with_smtp_configured_the_mail_is_delivered(app, client, smtp_server, mail_log):
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp_server.server_address[1], MAIL_USE_TLS=False
    )
    response = post_form(client, "/account/register", REGISTRATION)
    assert response.status_code == 200
    assert len(smtp_server.received) == 1
    envelope = smtp_server.received[0]
    assert envelope["rcpt"] == ["noor@verbind.example"]
    assert b"Subject: Bevestig je e-mailadres voor Verbind" in envelope["data"]
    assert not any("/account/confirm/" in message for message in mail_log.messages)


def test_unreachable_smtp_server_does_not_lose_the_registration_or_the_mail(app, client, mail_log):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    response = post_form(client, "/account/register", REGISTRATION)
    assert response.status_code == 200
    assert "We hebben een bevestigingslink gestuurd" in page_text(response)
    with app.app_context():
        assert User.by_email("noor@verbind.example") is not None
        mail = db.session.scalars(select(OutboxMail)).one()
    assert (mail.to, mail.status, mail.attempts) == ("noor@verbind.example", "queued", 1)
    assert "Connection refused" in mail.last_error
    assert any("could not be delivered" in message for message in mail_log.messages)
