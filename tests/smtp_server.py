"""A real local SMTP server (aiosmtpd) that tests switch on and off on a fixed port, to see
what the mail worker delivers while the server is down and after it is back."""

import threading

from tests.servers import free_port


class Collector:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self):
        self.envelopes = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def recipients(self):
        return sorted(rcpt for envelope in self.envelopes for rcpt in envelope.rcpt_tos)


class SMTPServer:
    """A real local SMTP server on a fixed port that a test switches on (and off)."""

    def __init__(self):
        self.port = free_port()
        self.collector = Collector()
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None
