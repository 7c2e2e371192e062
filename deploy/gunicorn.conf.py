"""gunicorn settings for Verbind: one worker per process (Flask-SocketIO needs sticky
connections), threads for concurrency. Run several processes on different ports behind nginx."""

import os

bind = os.environ.get("BIND", "127.0.0.1:8001")
workers = 1  # never more: Socket.IO clients must stay on the process they connected to
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "100"))  # each open WebSocket holds one thread
timeout = 120
graceful_timeout = 30
accesslog = "-"
errorlog = "-"
