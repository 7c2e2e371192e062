"""Every route in the URL map, requested by every role: the status each role gets is the one in
RULES. A route without a rule fails, so a new route cannot ship without deciding who may use it.

GET is a plain GET; POST sends a valid CSRF token (from a page of the same session) and nothing
else, so an allowed form answers 422 (or 400), and an allowed one-click action redirects (302).
"""

from dataclasses import dataclass, field
from functools import cache

import pytest
from flask import url_for

from community import create_app
from tests.security.permissions.conftest import ROLES

LOGIN = "login"  # 302 to the login page
LOGGED_IN = ROLES[1:]

# Which roles an access level lets in. The others get 403, or LOGIN when anonymous.
WHO = {
    "public": ROLES,
    "login": LOGGED_IN,
    "professional": ("professional", "moderator", "admin"),  # may post in the forum
    "organiser": ("organiser", "admin"),  # announces events, schedules webinars
    "moderator": ("moderator", "admin"),
    "admin": ("admin",),
}


@dataclass(frozen=True)
class Rule:
    who: str
    statuses: dict  # method -> status for the roles let in
    exceptions: dict = field(default_factory=dict)  # role -> {method: status}

    def expected(self, role, method):
        if method in self.exceptions.get(role, {}):
            return self.exceptions[role][method]
        if role in WHO[self.who]:
            return self.statuses[method]
        return LOGIN if role == "anonymous" else 403


def allow(who, *, GET=None, POST=None, **exceptions):  # noqa: N803 - reads like the methods
    """allow("login", GET=200, POST=422, member={"GET": 404}): who gets what."""
    statuses = {method: status for method, status in (("GET", GET), ("POST", POST)) if status}
    return Rule(who, statuses, exceptions)


RULES = {
    # --- home, language, help
    "main.index": allow("public", GET=200),
    "main.help_page": allow("public", GET=200),
    "main.privacy": allow("public", GET=200),
    # Everyone may search; what they find depends on what they may read (tests/main/test_search).
    "main.search": allow("public", GET=200),
    "main.set_language": allow("public", POST=302),
    # --- operations: probes for nginx and a load balancer; metrics only with METRICS_TOKEN
    "operations.healthz": allow("public", GET=200),
    "operations.readyz": allow("public", GET=200),
    "operations.metrics_page": allow("public", GET=404),
    # --- accounts: logged-in users are sent home from the forms for strangers
    "accounts.register": allow(
        "public", GET=200, POST=422, **{r: {"GET": 302, "POST": 302} for r in LOGGED_IN}
    ),
    "accounts.login": allow(
        "public", GET=200, POST=422, **{r: {"GET": 302, "POST": 302} for r in LOGGED_IN}
    ),
    "accounts.logout": allow("public", POST=302),
    # The seeded link is for an account that is already confirmed: on to the login page.
    "accounts.confirm_email": allow("public", GET=LOGIN, POST=LOGIN),
    "accounts.resend_confirmation": allow("public", GET=200, POST=422),
    "accounts.request_reset": allow("public", GET=200, POST=422),
    "accounts.reset_password": allow("public", GET=200, POST=422),
    "accounts.change_password": allow("login", GET=200, POST=422),
    "accounts.profile": allow("login", GET=200, POST=422),
    "accounts.request_verification": allow("login", GET=200, POST=302),
    "accounts.request_export": allow("login", POST=302),
    # Only the owner's link works; a link that names no export of theirs is not found.
    "accounts.download_export": allow("login", GET=404),
    # An empty form asks for the password; nothing is deleted.
    "accounts.delete_account": allow("login", GET=200, POST=422),
    # --- administration: moderators verify professionals, only admins manage roles
    "admin.users": allow("moderator", GET=200),
    "admin.user_detail": allow("moderator", GET=200),
    "admin.verify": allow("moderator", POST=302),
    "admin.decline": allow("moderator", POST=422),
    "admin.set_roles": allow("admin", POST=302),
    "admin.set_active": allow("admin", POST=302),
    # The confirmation step; an empty form asks for the reason, nothing is deleted.
    "admin.erase_account": allow("admin", GET=200, POST=422),
    "admin.erasures": allow("admin", GET=200),
    "admin.mail": allow("admin", GET=200),
    "admin.retry_mail": allow("admin", POST=302),
    "admin.access_log_page": allow("admin", GET=200),
    # --- forum: members read, verified professionals post, moderators moderate
    "forum.index": allow("login", GET=200),
    "forum.search": allow("login", GET=200),
    "forum.question": allow("login", GET=200),
    "forum.post_fragment": allow("login", GET=200),
    # Members who may not post get a 403 page that explains how to become verified.
    "forum.ask": allow("professional", GET=200, POST=422),
    "forum.preview": allow("professional", POST=200),
    "forum.similar": allow("login", GET=200),
    "forum.answer": allow("professional", POST=422),
    "forum.comment": allow("professional", GET=200, POST=422),
    # An empty vote is refused on the thread page (a flash), not with an error page.
    "forum.vote": allow("professional", POST=302),
    # Only the asker may accept: everyone else is sent back to the thread with the refusal.
    "forum.accept": allow("login", POST=302),
    "forum.watch": allow("login", POST=302),
    "forum.flag": allow("login", GET=200, POST=422),
    # The seeded post is someone else's: only moderators may edit, delete or see its history.
    # (An edit form left out keeps the stored text, so the moderator's save succeeds.)
    "forum.edit": allow("moderator", GET=200, POST=302),
    "forum.delete": allow("moderator", POST=302),
    "forum.revisions": allow("moderator", GET=200),
    "forum.notification_list": allow("login", GET=200),
    "forum.read_all_notifications": allow("login", POST=302),
    # The seeded notification is the member's; anyone else's is not found.
    "forum.open_notification": allow("login", GET=404, member={"GET": 302}),
    "forum_moderation.queue": allow("moderator", GET=200),
    "forum_moderation.log": allow("moderator", GET=200),
    "forum_moderation.hide": allow("moderator", POST=302),
    "forum_moderation.restore": allow("moderator", POST=302),
    "forum_moderation.dismiss": allow("moderator", POST=302),
    "forum_moderation.lock": allow("moderator", POST=302),
    "forum_moderation.pin": allow("moderator", POST=302),
    "forum_moderation.move": allow("moderator", POST=302),
    "forum_moderation.danger_phrases": allow("moderator", GET=200, POST=422),
    "forum_moderation.delete_danger_phrase": allow("moderator", POST=302),
    # --- courses: everyone reads the catalogue, members learn, moderators see statistics
    "courses.index": allow("public", GET=200),
    "courses.course": allow("public", GET=200),
    "courses.enrol": allow("login", POST=302),
    "courses.claim_certificate": allow("login", POST=302),
    "courses.lesson": allow("login", GET=200),
    "courses.lesson_done": allow("login", POST=302),
    "courses.quiz": allow("login", GET=200),
    "courses.start_attempt": allow("login", POST=302),
    # The seeded attempt is another learner's.
    "courses.attempt": allow("login", GET=403, POST=403),
    "courses.mine": allow("login", GET=200),
    "courses.certificates_csv": allow("login", GET=200),
    "courses.statistics": allow("moderator", GET=200),
    "courses.extra_attempts": allow("moderator", GET=200, POST=422),
    "certificates.verify": allow("public", GET=200),
    # The seeded certificate is the member's; anyone else's is not found.
    "certificates.printable": allow("login", GET=404, member={"GET": 200}),
    # --- webinars: the seeded one is hosted by another organiser; the professional is registered
    "webinars.index": allow("public", GET=200),
    "webinars.detail": allow("public", GET=200),
    "webinars.calendar": allow("public", GET=200),
    "webinars.feed_ics": allow("public", GET=200),
    "webinars.register": allow("login", POST=302),
    "webinars.cancel": allow("login", POST=302),
    "webinars.create": allow("organiser", GET=200, POST=422),
    # Not the host: only moderators and admins may edit.
    "webinars.edit": allow("moderator", GET=200, POST=422),
    # Before the webinar, the live room is for registered people, the host and moderators;
    # the others are sent to the webinar page to register.
    "webinars.live": allow(
        "login", GET=302, professional={"GET": 200}, moderator={"GET": 200}, admin={"GET": 200}
    ),
    # The presenter view: the host (not one of the role users) and moderators.
    "webinars.presenter": allow("moderator", GET=200),
    "webinars.export_csv": allow("moderator", GET=200),
    "webinars.export_markdown": allow("moderator", GET=200),
    "webinars.questions_to_forum": allow("moderator", POST=302),
    # The follow-up mail at once: the seeded webinar is still to come, so a message and back.
    "webinars.send_follow_up": allow("moderator", POST=302),
    # Polls: the host and moderators. An empty new poll is shown again (422); the seeded poll
    # is open, so its edit page sends back to the list.
    "webinars.export_polls_csv": allow("moderator", GET=200),
    "webinars.polls_page": allow("moderator", GET=200, POST=422),
    "webinars.edit_poll": allow("moderator", GET=302, POST=302),
    "webinars.delete_poll": allow("moderator", POST=302),
    "webinars.move_poll": allow("moderator", POST=400),
    # --- the Week: the seeded event is published and belongs to another organiser
    "events.index": allow("public", GET=200),
    "events.detail": allow("public", GET=200),
    "events.event_ics": allow("public", GET=200),
    "events.feed_ics": allow("public", GET=200),
    "events.feed_json": allow("public", GET=200),
    "events.submit": allow("organiser", GET=200, POST=422),
    "events.mine": allow("organiser", GET=200),
    "events.edit": allow("moderator", GET=200, POST=422),
    "events.registrations": allow("moderator", GET=200),
    # The page is the confirmation step; its form needs nothing but the token (reason optional).
    "events.cancel_event": allow("moderator", GET=200, POST=302),
    "events.register": allow("login", POST=302),
    "events.cancel": allow("login", POST=302),
    "events.review_queue": allow("moderator", GET=200),
    # An empty decision goes back to the review queue with a message.
    "events.review": allow("moderator", POST=302),
    "events.review_change": allow("moderator", POST=302),
    "events.editions": allow("admin", GET=200, POST=422),
}

# URL parameters, filled with the seeded objects (conftest's world.ids).
PARAMETERS = {
    "user_id": "applicant",
    "code": "certificate",
    "attempt_id": "attempt",
    "slug": "course_slug",
    "lesson_id": "lesson",
    "quiz_id": "quiz",
    "event_id": "event",
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


@cache
def routes():
    """The endpoints of the real URL map (a throwaway app: only its routes are read)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return tuple(sorted({rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}))


def url_with_seeded_objects(world, rule):
    values = {}
    for name in rule.arguments:
        key = TOKENS.get(rule.endpoint) if name == "token" else PARAMETERS.get(name)
        assert key, f"{rule.endpoint}: no seeded object for URL parameter <{name}>"
        values[name] = world.ids[key]
    with world.app.test_request_context():
        return url_for(rule.endpoint, **values)


def outcome(response):
    location = response.headers.get("Location", "")
    if response.status_code == 302 and location.startswith("/account/login"):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("endpoint", routes())
def test_route_answers_each_role_as_the_table_says(world, endpoint):
    assert endpoint in RULES, f"route {endpoint!r} has no entry in RULES: decide who may use it"
    table_rule = RULES[endpoint]
    [rule] = [r for r in world.app.url_map.iter_rules() if r.endpoint == endpoint]
    methods = sorted(rule.methods & {"GET", "POST"})
    assert methods == sorted(table_rule.statuses), f"{endpoint}: methods {methods} in the app"
    url = url_with_seeded_objects(world, rule)
    problems = []
    for method in methods:
        for role in ROLES:
            expected = table_rule.expected(role, method)
            try:
                got = outcome(world.request(role, method, url))
            except Exception as error:  # noqa: BLE001 - report it as the 500 it would be
                got = f"500 ({type(error).__name__}: {error})"
            if got != expected:
                problems.append(f"{method} {url} as {role}: got {got}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_every_rule_names_a_route_that_exists():
    stale = sorted(set(RULES) - set(routes()))
    assert not stale, f"RULES entries for routes that no longer exist: {stale}"
