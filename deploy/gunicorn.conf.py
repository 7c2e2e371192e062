"""gunicorn settings for Verbind: one worker per process (Flask-SocketIO needs sticky
connections); run several processes on different ports behind nginx (deploy/nginx.conf).

The worker class follows the database. With PostgreSQL it is gevent: in the fan-out benchmark
(benchmarks/RESULTS.md) gevent carried 1,000 attendees where threads could not keep up. With
SQLite it is gthread, because SQLite's C calls (and its lock wait) would block every greenlet of
the process. WORKER_CLASS overrides the choice."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8001")
workers = 1  # never more: Socket.IO clients must stay on the process they connected to

_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
worker_class = os.environ.get("WORKER_CLASS", "gevent" if _postgres else "gthread")
# gthread: each open WebSocket holds one thread for as long as it is open.
threads = int(os.environ.get("THREADS", "200"))
# gevent: the number of simultaneous connections per process. The rule: attendees × 1 (each
# open WebSocket holds one for the whole webinar) + page requests in flight + headroom. At
# 2,000 the 2,000 attendees one process can carry filled every slot and their own logins and
# page loads found none; 4,000 leaves as much again for the pages those attendees load as a
# webinar starts. A full process accepts no more connections: nginx's requests then wait.
worker_connections = int(os.environ.get("WORKER_CONNECTIONS", "4000"))
timeout = 120
graceful_timeout = 30
# The app writes one JSON line per request itself (community/operations/logs.py): the route's
# pattern, never the path or query string, where reset and confirmation tokens travel. gunicorn's
# own access line (with the client's address) only when ACCESS_LOG asks for it, e.g. "-" while
# checking a proxy set-up; even then without query string, referrer or browser.
accesslog = os.environ.get("ACCESS_LOG") or None
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
# systemd (or the benchmark) manages the processes; several instances on one machine would
# otherwise fight over the one default control socket path.
control_socket_disable = True
