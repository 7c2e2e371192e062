"""CPU-heavy work beside the event loop (community/offload.py): the same answer, the same
errors, and under gevent the loop keeps serving while a password is hashed."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from community.offload import off_loop, password_off_loop

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("run", [off_loop, password_off_loop])
def test_without_gevent_the_call_runs_in_place_and_returns_its_result(run):
    assert run(divmod, 17, 5) == (3, 2)
    assert run(sorted, [3, 1, 2], reverse=True) == [3, 2, 1]


@pytest.mark.parametrize("run", [off_loop, password_off_loop])
def test_without_gevent_the_call_raises_its_own_error(run):
    with pytest.raises(ValueError, match="invalid literal"):
        run(int, "geen getal")


# Run under gevent's monkey patching, as gunicorn's gevent worker runs the app. A greenlet ticks
# every millisecond while the work runs: on the loop it cannot tick at all.
GEVENT_CHECKS = textwrap.dedent(
    """
    from gevent import monkey

    monkey.patch_all()

    import hashlib
    import json

    import gevent

    from community import offload
    from community.accounts.services import hash_password, password_matches
    from community.markup import render_markdown
    from community.privacy import identifiers_readers_see

    native_ident = monkey.get_original("_thread", "get_ident")
    loop_thread = native_ident()


    def scrypt_while_ticking(run):
        ticks = []

        def tick():
            while True:
                ticks.append(1)
                gevent.sleep(0.001)

        ticker = gevent.spawn(tick)
        digest, thread = run(
            lambda: (
                hashlib.scrypt(b"geheim", salt=b"zout", n=2**14, r=8, p=1).hex(),
                native_ident(),
            )
        )
        counted = len(ticks)
        ticker.kill()
        return {"ticks": counted, "other_thread": thread != loop_thread, "digest": digest}


    def error_of(run):
        try:
            run(int, "geen getal")
        except ValueError as error:
            return str(error)


    results = {}
    offload.configure(enabled=True, work_threads=1, password_threads=1)
    results["work"] = scrypt_while_ticking(offload.off_loop)
    results["passwords"] = scrypt_while_ticking(offload.password_off_loop)
    results["error"] = error_of(offload.off_loop)
    results["password_error"] = error_of(offload.password_off_loop)
    # One work thread, and the offloaded call offloads again: it runs where it is.
    results["nested"] = offload.off_loop(lambda: offload.off_loop(lambda: native_ident()))

    from community import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.app_context():
        stored = hash_password("lang-genoeg-wachtwoord")
        results["password_right"] = password_matches(stored, "lang-genoeg-wachtwoord")
        results["password_wrong"] = password_matches(stored, "ander-wachtwoord")
    results["html"] = str(render_markdown("**Let op:** <script>x</script> de meldcode"))
    results["findings"] = [f.kind for f in identifiers_readers_see("Haar BSN is 111222333.")]

    offload.configure(enabled=False, work_threads=1, password_threads=1)
    results["switched_off"] = scrypt_while_ticking(offload.off_loop)
    print(json.dumps(results))
    """
)


@pytest.fixture(scope="module")
def under_gevent():
    done = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, "-c", GEVENT_CHECKS],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("pool", ["work", "passwords"])
def test_under_gevent_the_loop_keeps_running_while_scrypt_runs_in_another_thread(
    under_gevent, pool
):
    result = under_gevent[pool]
    assert result["other_thread"]
    assert result["ticks"] > 0
    assert result["digest"] == under_gevent["switched_off"]["digest"]


def test_under_gevent_errors_reach_the_caller(under_gevent):
    assert "invalid literal" in under_gevent["error"]
    assert "invalid literal" in under_gevent["password_error"]


def test_under_gevent_a_call_from_inside_the_pool_runs_there_instead_of_waiting_on_it(
    under_gevent,
):
    assert isinstance(under_gevent["nested"], int)


def test_under_gevent_passwords_markdown_and_the_privacy_guard_give_the_same_answers(
    under_gevent,
):
    assert under_gevent["password_right"] is True
    assert under_gevent["password_wrong"] is False
    assert "<strong>Let op:</strong>" in under_gevent["html"]
    assert "<script>" not in under_gevent["html"]
    assert under_gevent["findings"] == ["bsn"]


def test_switched_off_the_work_runs_on_the_loop_which_then_stands_still(under_gevent):
    result = under_gevent["switched_off"]
    assert not result["other_thread"]
    assert result["ticks"] == 0
