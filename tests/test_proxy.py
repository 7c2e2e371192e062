"""Behind a reverse proxy every request comes from the proxy's address: the app believes the
X-Forwarded-* headers of exactly TRUSTED_PROXY_HOPS proxies, so per-IP limits stay per client
and no client can choose its own address."""

import re
import subprocess
from pathlib import Path

import pytest
import requests
from flask import jsonify, request, url_for
from requests.adapters import HTTPAdapter

from community import create_app
from community.extensions import db
from tests.helpers import TEST_PASSWORD, csrf_token_from, log_in, make_user, page_text
from tests.servers import ROOT, free_port, gunicorn_serving, wait_until_serving

PROXY = "127.0.0.1"
CLIENT_A, CLIENT_B = "203.0.113.5", "198.51.100.7"
WRONG = "fout-fout-fout"


@pytest.fixture
def behind_one_proxy(app_config):
    app_config.update(TRUSTED_PROXY_HOPS=1, LOGIN_RATE_LIMIT="3 per minute")


@pytest.fixture
def served_directly(app_config):
    app_config.update(TRUSTED_PROXY_HOPS=0, LOGIN_RATE_LIMIT="3 per minute")


def via_proxy(app, forwarded_for, **headers):
    """A test client whose requests reach the app from the proxy, with this X-Forwarded-For."""
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)
    for name, value in headers.items():
        client.environ_base["HTTP_" + name.upper()] = value
    return client


def exhaust_login_limit(client):
    for _ in range(3):
        assert log_in(client, "iemand@verbind.example", WRONG).status_code == 401
    assert log_in(client, "iemand@verbind.example", WRONG).status_code == 429


def test_clients_behind_the_proxy_have_their_own_login_limit(behind_one_proxy, app):
    exhaust_login_limit(via_proxy(app, CLIENT_A))
    # Another client behind the same proxy still gets an ordinary answer to a wrong password.
    response = log_in(via_proxy(app, CLIENT_B), "iemand@verbind.example", WRONG)
    assert response.status_code == 401, page_text(response)


def test_an_address_prepended_to_forwarded_for_does_not_escape_the_limit(behind_one_proxy, app):
    exhaust_login_limit(via_proxy(app, CLIENT_A))
    # Client A writes an address of its own choosing; the proxy appends the real one.
    spoofed = via_proxy(app, f"{CLIENT_B}, {CLIENT_A}")
    assert log_in(spoofed, "iemand@verbind.example", WRONG).status_code == 429
    assert log_in(via_proxy(app, CLIENT_B), "iemand@verbind.example", WRONG).status_code == 401


def test_forwarded_for_is_ignored_when_no_proxy_is_trusted(served_directly, app):
    exhaust_login_limit(via_proxy(app, CLIENT_A))
    # Served directly, the header is whatever the client wrote: no fresh limit from it.
    spoofed = via_proxy(app, CLIENT_B)
    assert log_in(spoofed, "iemand@verbind.example", WRONG).status_code == 429


def _add_client_echo(app):
    @app.get("/test/client")
    def client_echo():
        return jsonify(address=request.remote_addr, home=url_for("main.index", _external=True))


def test_the_app_sees_the_address_and_scheme_the_proxy_saw(behind_one_proxy, app):
    _add_client_echo(app)
    seen = via_proxy(app, CLIENT_A, x_forwarded_proto="https").get("/test/client").json
    assert seen == {"address": CLIENT_A, "home": "https://localhost/"}


def test_served_directly_the_app_ignores_forwarded_headers(served_directly, app):
    _add_client_echo(app)
    seen = via_proxy(app, CLIENT_A, x_forwarded_proto="https").get("/test/client").json
    assert seen == {"address": PROXY, "home": "http://localhost/"}


def test_a_forged_forwarded_for_does_not_keep_a_moved_session_fresh(served_directly, app):
    with app.app_context():
        email = make_user().email
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "10.0.0.1"
    assert log_in(client, email).status_code == 302
    assert client.get("/account/login").status_code == 302  # fresh: no need to log in again
    # The session cookie, now used from elsewhere, claiming the original address.
    client.environ_base.update(REMOTE_ADDR="10.6.6.6", HTTP_X_FORWARDED_FOR="10.0.0.1")
    response = client.get("/account/login")
    assert response.status_code == 200, "session protection must notice the new address"


# --- through a real nginx ----------------------------------------------------------------------

NGINX = Path("/usr/sbin/nginx")


class SourceAddressAdapter(HTTPAdapter):
    """Connections from a chosen local address: Linux accepts any of 127.0.0.0/8."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, source_address=(self.address, 0), **kwargs)


def browser_from(address):
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(address))
    return session


def shipped_proxy_locations():
    """The location blocks of deploy/nginx.conf that pass requests to the app, as shipped."""
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    blocks = re.findall(r"^ *location \S+ \{.*?^ *\}", conf, flags=re.S | re.M)
    proxied = [block for block in blocks if "proxy_pass http://verbind;" in block]
    assert proxied, "deploy/nginx.conf has no location passing requests to the app"
    return "\n".join(proxied)


def nginx_conf(workdir, listen_port, app_url):
    """The shipped locations over plain HTTP in front of one app process, run unprivileged."""
    return f"""
daemon off;
master_process off;
pid {workdir}/nginx.pid;
error_log stderr;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {workdir}/client_body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream verbind {{ server {app_url.removeprefix("http://")}; }}
    server {{
        listen 127.0.0.1:{listen_port};
{shipped_proxy_locations()}
    }}
}}
"""


@pytest.fixture
def app_behind_nginx(tmp_path):
    """gunicorn (TRUSTED_PROXY_HOPS=1, three login attempts a minute) behind nginx with the
    shipped proxy headers; yields nginx's URL and the gunicorn process, for its access log."""
    if not NGINX.exists():
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run installs it)")
    database = f"sqlite:///{tmp_path / 'proxy.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database})
    with app.app_context():
        db.create_all()
        make_user(email="lotte@verbind.example")
        db.engine.dispose()
    env = {
        "DATABASE_URL": database,
        "SECRET_KEY": "x" * 40,
        # Development: plain HTTP here, and production's secure cookies would not come back.
        "VERBIND_ENV": "development",
        "TRUSTED_PROXY_HOPS": "1",
        "LOGIN_RATE_LIMIT": "3 per minute",
        "THREADS": "8",
        # gunicorn's own access line, with the client's address, is off unless asked for.
        "ACCESS_LOG": "-",
    }
    with gunicorn_serving(env) as (app_url, gunicorn):
        port = free_port()
        conf = tmp_path / "nginx.conf"
        conf.write_text(nginx_conf(tmp_path, port, app_url))
        nginx = subprocess.Popen(
            [str(NGINX), "-p", str(tmp_path), "-c", str(conf), "-e", "stderr"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_serving(f"http://127.0.0.1:{port}", nginx, seconds=20)
            yield f"http://127.0.0.1:{port}", gunicorn
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def attempt_login(browser, url, email, password, **headers):
    form = browser.get(f"{url}/account/login", timeout=10)
    assert form.status_code == 200
    data = {"csrf_token": csrf_token_from(form.text), "email": email, "password": password}
    return browser.post(
        f"{url}/account/login", data=data, headers=headers, allow_redirects=False, timeout=10
    )


def test_login_limits_are_per_client_through_nginx(app_behind_nginx):
    url, gunicorn = app_behind_nginx
    first, second = browser_from("127.0.0.2"), browser_from("127.0.0.3")
    for _ in range(3):
        assert attempt_login(first, url, "iemand@verbind.example", WRONG).status_code == 401
    assert attempt_login(first, url, "iemand@verbind.example", WRONG).status_code == 429
    # Writing another address into X-Forwarded-For does not give the first client a new limit.
    spoofed = attempt_login(
        first, url, "iemand@verbind.example", WRONG, **{"X-Forwarded-For": "127.0.0.3"}
    )
    assert spoofed.status_code == 429
    # The second client, behind the same nginx, logs in as usual.
    assert attempt_login(second, url, "lotte@verbind.example", "x").status_code == 401
    response = attempt_login(second, url, "lotte@verbind.example", TEST_PASSWORD)
    assert response.status_code == 302
    # Socket.IO passes through the same proxy fix (wrapped around it, not inside it).
    handshake = first.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=10)
    assert handshake.status_code == 200 and '"sid"' in handshake.text

    gunicorn.terminate()
    gunicorn.wait(timeout=10)
    access_log = gunicorn.stdout.read().decode(errors="replace")
    # gunicorn logs the client's address, not nginx's.
    assert re.search(r"^127\.0\.0\.2 .*POST /account/login .* 429 ", access_log, re.M), access_log
    assert re.search(r"^127\.0\.0\.3 .*POST /account/login .* 302 ", access_log, re.M), access_log
    assert re.search(r"^127\.0\.0\.2 .*GET /socket\.io/", access_log, re.M), access_log
