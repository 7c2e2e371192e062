"""The reference for the fan-out benchmark: a bare python-socketio server with the same events,
payload shapes and web server as Verbind's live room, but no Flask, database, login or checks.
What it reaches is the limit of the library and server on this machine; Verbind is measured as
a share of it.

    python -m benchmarks.bare_server PORT [threading|gevent]
"""

import sys
from datetime import UTC, datetime

NAMESPACE = "/webinar"
ROOM = "webinar:1"
# The poll of the poll burst (benchmarks/poll_burst.py): open, single choice, results shown.
POLL_ID = 1
POLL_OPTIONS = 4


def build_server(async_mode):
    import socketio

    server = socketio.Server(async_mode=async_mode)
    votes = {}
    questions = []
    poll = {"version": 0, "counts": [0] * POLL_OPTIONS}

    @server.on("join", namespace=NAMESPACE)
    def join(sid, data):
        server.enter_room(sid, ROOM, namespace=NAMESPACE)
        return {"ok": True, "moderator": False, "qa_closed": False, "questions": questions}

    @server.on("ask", namespace=NAMESPACE)
    def ask(sid, data):
        question = {
            "id": len(questions) + 1,
            "text": str(data.get("text", ""))[:500],
            "author": "Deelnemer",
            "votes": 0,
            "answered": False,
            "answering": False,
            "reply": "",
            "status": "visible",
            "created_at": datetime.now(UTC).isoformat(),
        }
        questions.append(question)
        server.emit("question", question, to=ROOM, namespace=NAMESPACE)
        return {"ok": True, "question": question}

    @server.on("vote", namespace=NAMESPACE)
    def vote(sid, data):
        question_id = data.get("question_id")
        votes[question_id] = votes.get(question_id, 0) + 1
        if isinstance(question_id, int) and 0 < question_id <= len(questions):
            questions[question_id - 1]["votes"] = votes[question_id]
        payload = {"id": question_id, "votes": votes[question_id]}
        server.emit("votes", payload, to=ROOM, namespace=NAMESPACE)
        return {"ok": True, **payload}

    @server.on("poll_answer", namespace=NAMESPACE)
    def poll_answer(sid, data):
        # One answer, counted and acknowledged; the new counts go to everyone at once (no
        # coalescing, as votes above).
        answer = data.get("answer")
        if not (isinstance(answer, list) and len(answer) == 1 and answer[0] in range(POLL_OPTIONS)):
            return {"ok": False, "error": "invalid"}
        poll["counts"][answer[0]] += 1
        poll["version"] += 1
        results = {
            "poll_id": POLL_ID,
            "version": poll["version"],
            "total": sum(poll["counts"]),
            "counts": list(poll["counts"]),
        }
        server.emit("poll_results", results, to=ROOM, namespace=NAMESPACE)
        return {"ok": True, "poll_id": POLL_ID, "answer": answer, "version": poll["version"]}

    return server


def main():
    port = int(sys.argv[1])
    async_mode = sys.argv[2] if len(sys.argv) > 2 else "threading"
    if async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
        import socketio
        from gevent.pywsgi import WSGIServer

        app = socketio.WSGIApp(build_server("gevent"))
        WSGIServer(("127.0.0.1", port), app, log=None).serve_forever()
    else:
        import socketio
        from werkzeug.serving import run_simple

        app = socketio.WSGIApp(build_server("threading"))
        run_simple("127.0.0.1", port, app, threaded=True)


if __name__ == "__main__":
    main()
