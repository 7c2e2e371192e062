"""Real server processes for tests and benchmarks: a free port, and waiting until a started
server answers."""

import socket
import time

import requests

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
