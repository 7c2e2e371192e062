"""off_loop() and password_off_loop(): CPU-heavy calls in native threads beside gevent's event
loop, so that one login or one long post does not stall every live room of the process.

Under gunicorn's gevent worker one event loop serves every page and every WebSocket of a
process: a 120 ms scrypt check run on it delays every message in every room by 120 ms (2,000
logins took a 40-client room from 80 ms to 1.25 s). hashlib.scrypt and cmark-gfm release the
GIL, so in a thread they truly run beside the loop; pure-Python work (bleach, the privacy
guard's regular expressions) at least hands the loop the GIL every switch interval.

Without gevent (threads, tests, the CLI), with OFFLOAD_CPU_WORK off, or when already inside a
pool thread, the call simply runs where it is. Functions sent here get plain values and return
plain values: pool threads have no Flask app or request context.
"""

import sys
from dataclasses import dataclass

from community import detected_async_mode


@dataclass
class _Settings:
    enabled: bool = True
    work_threads: int = 2
    password_threads: int = 1


_settings = _Settings()
_pools = {}  # "work" / "passwords" -> gevent ThreadPool, made in the loop's thread on first use
_pool_thread = None  # a native thread-local, marked in our pool threads


def init_app(app):
    configure(
        enabled=app.config["OFFLOAD_CPU_WORK"],
        work_threads=app.config["OFFLOAD_THREADS"],
        password_threads=app.config["OFFLOAD_PASSWORD_THREADS"],
    )


def configure(*, enabled, work_threads, password_threads):
    """One setting per process (the pools are the process's): the last app made decides."""
    _settings.enabled = enabled
    _settings.work_threads = max(1, work_threads)
    _settings.password_threads = max(1, password_threads)


def off_loop(func, *args, **kwargs):
    """func(*args, **kwargs), in the work pool when the event loop would otherwise run it."""
    return _call("work", func, args, kwargs)


def password_off_loop(func, *args, **kwargs):
    """The same for password hashing, in a pool of its own: a burst of logins (each scrypt
    holds a core and 32 MiB for ~100 ms) queues there, not in front of a live question's
    privacy scan or a page's Markdown."""
    return _call("passwords", func, args, kwargs)


def _call(pool_name, func, args, kwargs):
    if not _settings.enabled or detected_async_mode() != "gevent" or _in_pool_thread():
        return func(*args, **kwargs)
    return _pool(pool_name).apply(_marked, (func, args, kwargs))


def _pool(name):
    from gevent.threadpool import ThreadPool

    size = _settings.work_threads if name == "work" else _settings.password_threads
    pool = _pools.get(name)
    if pool is None:
        # Our own pools, not the hub's (default maxsize 10), which gevent's DNS lookups use.
        pool = _pools[name] = ThreadPool(size)
    elif pool.maxsize != size:
        pool.maxsize = size
    return pool


def _marked(func, args, kwargs):
    _native_local().inside = True
    return func(*args, **kwargs)


def _in_pool_thread():
    # A call made inside a pool thread runs there: the pool must never wait on itself.
    return getattr(_native_local(), "inside", False)


def _native_local():
    global _pool_thread
    if _pool_thread is None:
        # threading.local is per greenlet once gevent has patched it; this one is per thread.
        monkey = sys.modules["gevent.monkey"]
        _pool_thread = monkey.get_original("_thread", "_local")()
    return _pool_thread
