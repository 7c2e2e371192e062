"""The address of every route of the URL map, fuzzed: huge, negative and non-numbers and extreme
dates in every query argument a page reads, the same in every <int:...> part of a route, and
control characters in next= on every route (GET and POST). The cases are generated from the
URL map, from the arguments each page is seen reading, and from the links each page shows.

Every answer is below 500; a refusal is a page with a message in Dutch; a redirect stays on
this site and carries no control character.
"""

import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from flask import Request, url_for
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from community import create_app
from community.extensions import db
from tests.helpers import TEST_PASSWORD, csrf_token_from, page_text
from tests.security.fuzz.conftest import build_app, new_attempt
from tests.security.fuzz.test_forms import assert_dutch_messages, form_specs

NUMBERS = [
    "99999999999999999999",
    str(2**63),
    str(2**31),
    "-1",
    "-99999999999999999999",
    "0",
    "1.5",
    "1e309",
    "x",
    "",
    "٣",
    "0x10",
]
DATES = ["0001-01-01", "9999-12-31", "0000-00-00", "10000-01-01", "2024-02-30", "1970-01-01"]
QUERY_VALUES = NUMBERS + DATES
# Arguments tried on every page, read or not: the usual names of numbers and dates in a URL.
COMMON_ARGUMENTS = ("page", "per_page", "id", "year", "month", "start", "end")
INT_SEGMENTS = ["0", "2147483647", "2147483648", "99999999999999999999", "-1", "x", "1.5"]
REDIRECT_TARGETS = [
    "/\r\nSet-Cookie: fuzz=1",
    "/help\n",
    "/\rhelp",
    "/\x00",
    "/\t/evil.example",
    "\t//evil.example",
    "/\x0b",
    "/\x7f",
    "/\x85",
    "/\u2028",
    "/\u200e/evil.example",
]
# Seeded objects (conftest's scene) for the route arguments of the URL map.
URL_VALUES = {
    "user_id": "target",
    "code": "certificate",
    "attempt_id": "attempt",
    "slug": "course",
    "lesson_id": "lesson",
    "quiz_id": "quiz",
    "event_id": "public_event",
    "post_id": "answer",
    "question_id": "question",
    "answer_id": "answer",
    "notification_id": "notification",
    "phrase_id": "phrase",
    "webinar_id": "webinar",
    "poll_id": "poll",
    "mail_id": "mail",
}
TOKENS = {
    "accounts.confirm_email": "confirm_token",
    "accounts.reset_password": "reset_token",
    "accounts.download_export": "export_token",
}
# Who looks at a page: the first of these the page lets in (a 200, else a redirect).
VISITORS = ("admin", "professional", "moderator", "organiser", "member", "anonymous")
SAMPLE_WORD = "kind"  # in many demo posts and events
SENTINEL = 7654321  # stands for the fuzzed <int:...> part while a URL is built


@cache
def rules():
    """(endpoint, methods, {argument: converter name}) of every route, from a throwaway app."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        converters = {
            name: type(converter).__name__ for name, converter in rule._converters.items()
        }
        found.append((rule.endpoint, tuple(sorted(rule.methods & {"GET", "POST"})), converters))
    return tuple(sorted(found))


GET_ENDPOINTS = [endpoint for endpoint, methods, _ in rules() if "GET" in methods]
INT_ROUTES = [
    (endpoint, method, name)
    for endpoint, methods, converters in rules()
    for method in methods
    for name, converter in converters.items()
    if converter == "BoundedIntegerConverter"
]
ALL_ROUTES = [(endpoint, method) for endpoint, methods, _ in rules() for method in methods]


# --- which query arguments a page reads ---------------------------------------------------------

_read = set()


class RecordingArgs(ImmutableMultiDict):
    """request.args that notes every name a view (or a library it calls) asks for."""

    def get(self, key, default=None, type=None):  # noqa: A002 - MultiDict's signature
        _read.add(key)
        return super().get(key, default, type)

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)

    def getlist(self, key, type=None):  # noqa: A002
        _read.add(key)
        return super().getlist(key, type)


class RecordingRequest(Request):
    @cached_property
    def args(self):
        return RecordingArgs(super().args)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    """The fuzz app, with short pages: every list that can have a next page shows its links."""
    app = build_app(
        tmp_path_factory, FORUM_QUESTIONS_PER_PAGE=2, FORUM_ANSWERS_PER_PAGE=1, USERS_PER_PAGE=2
    )
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def recording_app(fuzz_app):
    fuzz_app.request_class = RecordingRequest
    return fuzz_app


def seeded_url(app, scene, endpoint, **fixed):
    [(_, _, converters)] = [rule for rule in rules() if rule[0] == endpoint]
    values = {}
    for name in converters:
        key = TOKENS.get(endpoint) if name == "token" else URL_VALUES.get(name)
        assert key, f"{endpoint}: no seeded object for URL parameter <{name}>"
        values[name] = scene[key]
    values.update(fixed)
    with app.test_request_context():
        return url_for(endpoint, **values)


@pytest.fixture(scope="module")
def pages(recording_app, scene, visitors):
    """endpoint -> (visitor, url): a page as someone it lets in sees it (made on first use)."""
    made = {}

    def page(endpoint):
        if endpoint not in made:
            url = seeded_url(recording_app, scene, endpoint)
            if endpoint == "courses.attempt":  # an open attempt of the professional's
                attempt_id, _ = new_attempt(recording_app, scene["professional"], scene["quiz"])
                url = seeded_url(recording_app, scene, endpoint, attempt_id=attempt_id)
            statuses = {who: visitors[who].client.get(url).status_code for who in VISITORS}
            who = next((w for w in VISITORS if statuses[w] == 200), None) or next(
                (w for w in VISITORS if statuses[w] < 400), "admin"
            )
            made[endpoint] = (visitors[who], url)
        return made[endpoint]

    return page


class QueriesOnPage(HTMLParser):
    """The query strings a page offers for an address: its links' and its GET forms' (empty
    text fields filled with a word, so that a search has something to find)."""

    def __init__(self):
        super().__init__()
        self.found = []  # (address, [(name, value)], "link" or "form")
        self._form = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            link = urlsplit(attrs["href"])
            pairs = parse_qsl(link.query, keep_blank_values=True)
            self.found.append((link.path, pairs, "link"))
        elif tag == "form" and attrs.get("method", "get").lower() == "get":
            self._form = (attrs.get("action") or "", [], "form")
            self.found.append(self._form)
        elif self._form is not None and tag in ("input", "select") and attrs.get("name"):
            value = attrs.get("value") or ""
            if tag == "input" and attrs.get("type", "text") in ("text", "search") and not value:
                value = SAMPLE_WORD
            self._form[1].append((attrs["name"], value))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def read_while_getting(client, url, pairs=()):
    _read.clear()
    response = client.get(f"{url}?{urlencode(pairs)}" if pairs else url)
    return response, set(_read)


def baselines(client, url):
    """[(query pairs, names to fuzz)]: the page as it is, with every argument it reads and the
    usual names; then up to five of the queries its links and forms offer for the same address.
    A form's query (what people send) with every argument read; a link's (another view, the
    next page) with its own arguments and any read only then."""
    response, read_plain = read_while_getting(client, url)
    found = [([], sorted(read_plain | set(COMMON_ARGUMENTS)))]
    parser = QueriesOnPage()
    parser.feed(page_text(response))
    path, seen = urlsplit(url).path, set()
    for address, pairs, kind in parser.found:
        names = frozenset(name for name, _ in pairs)
        if address in ("", path) and pairs and names not in seen and len(seen) < 5:
            seen.add(names)
            _, read = read_while_getting(client, url, pairs)
            fuzzed = read if kind == "form" else read - read_plain
            found.append((pairs, sorted(names | fuzzed)))
    return found


# --- what every answer must be -----------------------------------------------------------------


def problem_with(response):
    """None when the answer is acceptable, else what is wrong with it."""
    status = response.status_code
    if status >= 500:
        return f"{status}"
    if 300 <= status < 400:
        location = response.headers.get("Location", "")
        if re.search(r"[\x00-\x1f\x7f]", location):
            return f"{status} to {location!r}: control characters in the redirect"
        target = urlsplit(location)
        if target.netloc not in ("", "localhost"):
            return f"{status} to {location!r}: off site"
    if status >= 400 and response.mimetype == "text/html":
        try:
            assert_dutch_messages(page_text(response), required=True, error_page=True)
        except AssertionError as error:
            return f"{status}: {error}"
    return None


def request_problems(client, method, url, cases, **kwargs):
    problems = []
    for label, query in cases:
        full = f"{url}?{urlencode(query)}" if query else url
        response = client.open(full, method=method, **kwargs)
        found = problem_with(response)
        if found:
            problems.append(f"{method} {url} {label}: {found}")
    return problems


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", GET_ENDPOINTS)
def test_every_query_argument_a_page_reads_is_checked(pages, endpoint):
    visitor, url = pages(endpoint)
    cases = []
    for pairs, names in baselines(visitor.client, url):
        for name in names:
            for value in QUERY_VALUES:
                query = [(n, v) for n, v in pairs if n != name] + [(name, value)]
                cases.append((f"{name}={value!r} (with {dict(pairs)})", query))
    problems = request_problems(visitor.client, "GET", url, cases)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("endpoint", GET_ENDPOINTS)
def test_query_names_that_url_for_reads_as_options_are_plain_arguments(pages, endpoint):
    """The links of a page (the next page) keep its query arguments: names that url_for would
    read as its own options, or as the route's arguments, must stay plain query arguments."""
    visitor, url = pages(endpoint)
    [(_, _, converters)] = [rule for rule in rules() if rule[0] == endpoint]
    names = ["_method", "_scheme", "_external", "_anchor", "endpoint", "values", *converters]
    query = [(name, "javascript") for name in names] + [("_external", "1")]
    response = visitor.client.get(url, query_string=query)
    assert problem_with(response) is None, problem_with(response)
    for href in re.findall(r'rel="(?:next|prev)" href="([^"]+)"', page_text(response)):
        assert urlsplit(href).path == urlsplit(url).path, href


@pytest.mark.parametrize(
    "url", ["/forum/?page={}", "/forum/search?q=kind&page={}", "/week/?page={}"]
)
def test_a_page_number_too_large_is_refused_with_a_message(visitors, url):
    response = visitors["admin"].client.get(url.format("99999999999999999999"))
    assert response.status_code == 400
    assert (
        "“page=99999999999999999999” in het adres klopt niet: het moet een heel getal van 1 "
        "tot en met 10000 zijn."
    ) in page_text(response)


def test_a_wide_date_range_is_refused_with_a_message(pages):
    visitor, url = pages("events.index")
    for view in ("list", "week", "month"):
        response = visitor.client.get(
            url, query_string={"view": view, "start": "0001-01-01", "end": "9999-12-31"}
        )
        assert response.status_code == 400
        assert "Kies een datum van 1 januari 2000 tot en met 31 december 2100" in page_text(
            response
        )


@pytest.mark.parametrize(("endpoint", "method", "name"), INT_ROUTES)
def test_every_int_part_of_a_route_is_checked(
    recording_app, scene, visitors, endpoint, method, name
):
    visitor = visitors["admin"]
    url = seeded_url(recording_app, scene, endpoint, **{name: SENTINEL})
    data = {"csrf_token": visitor.token} if method == "POST" else None
    problems = []
    for value in INT_SEGMENTS:
        fuzzed = url.replace(str(SENTINEL), quote(value))
        response = visitor.client.open(fuzzed, method=method, data=data)
        found = problem_with(response)
        if found:
            problems.append(f"{method} {fuzzed}: {found}")
    assert not problems, "\n".join(problems)


def login_form(app, scene):
    """A fresh client, and a login that succeeds (so that it redirects to next=)."""
    client = app.test_client()
    token = csrf_token_from(page_text(client.get("/account/login")))
    return client, {"csrf_token": token, "email": scene["login_email"], "password": TEST_PASSWORD}


@pytest.mark.parametrize(("endpoint", "method"), ALL_ROUTES)
def test_redirect_targets_with_control_characters_never_fail(
    recording_app, scene, visitors, pages, endpoint, method
):
    problems = []
    for target in REDIRECT_TARGETS:
        if method == "GET":
            visitor, url = pages(endpoint)
            client, data = visitor.client, None
        elif endpoint == "accounts.login":
            url = "/account/login"
            client, data = login_form(recording_app, scene)
        else:
            who, url, valid, _ = form_specs(scene)[endpoint]
            if url is None:
                url, valid = seeded_url(recording_app, scene, endpoint), {}
            client = visitors[who].client
            data = {"csrf_token": visitors[who].token, **valid}
        if data is not None:
            data = {**data, "next": target}
        problems += request_problems(
            client, method, url, [(f"next={target!r}", [("next", target)])], data=data
        )
    assert not problems, "\n".join(problems)
