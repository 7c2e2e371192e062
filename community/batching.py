"""Loading together what many ask for at the same moment. When a big webinar starts, a thousand
attendees connect and join within seconds; each asking the database alone would queue a thousand
small queries. A Batcher lets the first request of a group load for everyone who asks while it
waits, in one query per kind of row, and hands each their share.

A batch starts only after every member joined it, so what it reads is at least as new as
anything that happened before a member asked. The live room relies on that: an attendee enters
the room's broadcast first and reads its state second, so nothing falls between the two.

Works with threads and with gevent (which patches threading's Lock and Event)."""

import threading

from flask import current_app, g


class _Batch:
    def __init__(self):
        self.keys = []
        self.done = threading.Event()
        self.results = {}
        self.error = None


class Batcher:
    """`load_many(group, keys)` returns {key: value} for keys of one group (e.g. one webinar).
    It runs in an app context of its own, inside the request that leads the batch: its database
    session (and connection) is given back as soon as the batch is loaded, never held while
    the leader goes on to wait in another batch, which could otherwise use up the pool. So it
    returns plain data, or ORM objects that its closing session leaves detached with what was
    loaded."""

    def __init__(self, load_many):
        self._load_many = load_many
        self._lock = threading.Lock()
        self._waiting = {}  # group -> the batch that collects keys and has not started yet
        self._running = {}  # group -> the done-event of the batch that is loading now

    def load(self, group, key):
        with self._lock:
            batch = self._waiting.get(group)
            leads = batch is None
            if leads:
                batch = self._waiting[group] = _Batch()
            batch.keys.append(key)
        if leads:
            self._lead(group, batch)
        else:
            batch.done.wait()
        if batch.error is not None:
            raise batch.error
        return batch.results.get(key)

    def _lead(self, group, batch):
        # One batch per group at a time: whoever asks while one loads joins the next one, which
        # is why the batches grow exactly when the requests pile up.
        with self._lock:
            running = self._running.get(group)
        if running is not None:
            running.wait()
        with self._lock:
            del self._waiting[group]
            self._running[group] = batch.done
        try:
            user = getattr(g, "_login_user", None)
            with current_app.app_context():
                # The leader's user, already loaded: nothing inside a batch loads one (which
                # could wait for another batch while this one holds a connection).
                if user is not None:
                    g._login_user = user
                batch.results = self._load_many(group, list(dict.fromkeys(batch.keys)))
        except Exception as error:  # every member hears of the failure, not only the leader
            batch.error = error
        finally:
            with self._lock:
                if self._running.get(group) is batch.done:
                    del self._running[group]
            batch.done.set()
