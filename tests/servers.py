"""Real server processes for tests and benchmarks: a free port, waiting until a started
server answers, and gunicorn started as in production."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "wsgi:app"]

# Every server we start (Verbind and the bare benchmark server) answers the Socket.IO handshake.
HANDSHAKE = "/socket.io/?EIO=4&transport=polling"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url, process, seconds=60):
    """Return once `url` answers; raise with the server's output if it stopped or never did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"the server for {url} stopped\n{output}")
        try:
            requests.get(url + HANDSHAKE, timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start within {seconds} s")


@contextmanager
def gunicorn_serving(env, seconds=20):
    """gunicorn with deploy/gunicorn.conf.py on a free port, with `env` on top of this process's
    environment. Yields (url, process); once the block ends the process has stopped and its
    output (the access log included) can be read from process.stdout."""
    port = free_port()
    process = subprocess.Popen(
        GUNICORN,
        cwd=ROOT,
        env={**os.environ, **env, "BIND": f"127.0.0.1:{port}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(f"http://127.0.0.1:{port}", process, seconds=seconds)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=10)
