"""The one entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`, or `python wsgi.py` locally."""

import os

from community import create_app
from community.extensions import socketio

app = create_app()

if __name__ == "__main__":
    # The development server with Socket.IO; production runs gunicorn (see README).
    socketio.run(
        app,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "5000")),
        debug=app.config["ENV_NAME"] == "development" and os.environ.get("FLASK_DEBUG") == "1",
        allow_unsafe_werkzeug=True,
    )
