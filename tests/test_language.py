"""The Dutch interface reads as Dutch: every page type, rendered with the demo data for every
role, shows no raw stored state ("pending", "registered"), no English text from the
catalogue, no words the glossary (docs/glossary.md) rules out and no wrong plural ("1 stemmen").

The pages are found by following links from a few starting points, as a visitor would, so a
new page is checked as soon as something links to it."""

import gettext
import html
import io
import re
from collections import defaultdict
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale
from werkzeug.exceptions import MethodNotAllowed, NotFound

from community import create_app
from community.accounts.models import (
    EMAIL_NOTIFICATION_LABELS,
    FUNCTION_LABELS,
    EmailNotifications,
    Function,
    User,
    Verification,
)
from community.demo import DEMO_PASSWORD, load_demo
from community.events import services as event_services
from community.events.forms import AUDIENCE_LABELS, EVENT_STATUS_LABELS, REGISTRATION_STATUS_LABELS
from community.events.models import (
    Audience,
    Event,
    EventRegistrationStatus,
    EventStatus,
    RegistrationMode,
)
from community.extensions import db
from community.forum import moderation
from community.forum import services as forum_services
from community.forum.categories import seed_categories
from community.forum.forms import FLAG_REASON_LABELS
from community.forum.models import (
    POST_STATUS_LABELS,
    Flag,
    FlagReason,
    NotificationKind,
    Post,
    PostStatus,
)
from community.outbox import MAIL_STATUS_LABELS, MailStatus, OutboxMail
from community.permissions import ROLE_LABELS, Role
from community.webinars import live
from community.webinars import services as webinar_services
from community.webinars.models import LiveQuestion, LiveQuestionStatus, RegistrationStatus, Webinar
from courses import grading, learning
from courses.models import Attempt, Certificate, Course, Lesson, Quiz
from tests.helpers import log_in, post_form

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "community" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"

# Every enum whose values are stored and could be printed as they are.
STORED_STATES = (
    moderation.Action,
    PostStatus,
    FlagReason,
    NotificationKind,
    Audience,
    EventStatus,
    RegistrationMode,
    EventRegistrationStatus,
    RegistrationStatus,
    LiveQuestionStatus,
    Role,
    Function,
    EmailNotifications,
    Verification,
    MailStatus,
)
# The label next to each enum that pages show (a live question's status is shown through the
# state computed from it, as are the remaining ones through sentences of their own).
LABELS = (
    (moderation.Action, moderation.ACTION_LABELS),
    (PostStatus, POST_STATUS_LABELS),
    (FlagReason, FLAG_REASON_LABELS),
    (Audience, AUDIENCE_LABELS),
    (EventStatus, EVENT_STATUS_LABELS),
    (EventRegistrationStatus, REGISTRATION_STATUS_LABELS),
    (Role, ROLE_LABELS),
    (Function, FUNCTION_LABELS),
    (EmailNotifications, EMAIL_NOTIFICATION_LABELS),
    (MailStatus, MAIL_STATUS_LABELS),
)
# States computed from stored ones (a live question's, a quiz's for a learner).
COMPUTED_STATES = ("answering", "answered", "available", "passed", "waiting", "blocked")

ROLES = ("anonymous", "member", "professional", "organiser", "moderator", "admin")
DEMO_EMAILS = {
    "member": "lid@verbind.example",
    "professional": "professional@verbind.example",
    "organiser": "organisator@verbind.example",
    "moderator": "moderator@verbind.example",
    "admin": "beheer@verbind.example",
}
START_PAGES = (
    "/",
    "/help",
    "/forum/",
    "/forum/ask",
    "/forum/search?q=veilig",
    "/forum/notifications",
    "/forum/moderation/",
    "/forum/moderation/log",
    "/forum/moderation/danger-phrases",
    "/courses/",
    "/courses/mine",
    "/webinars/",
    "/webinars/new",
    "/week/",
    "/week/mine",
    "/week/review",
    "/week/events/new",
    "/week/editions",
    "/account/login",
    "/account/register",
    "/account/reset",
    "/account/confirm",
    "/account/profile",
    "/account/password",
    "/account/verification",
    "/admin/users",
    "/admin/mail",
    "/no-such-page",
)
# Feeds, calendar files and actions are not read as pages (CSV and Markdown downloads are).
NOT_PAGES = re.compile(r"\.(ics|json|txt|xml)$|^/static/|^/language|/logout$")
DOWNLOADS = ("text/csv", "text/markdown")
PAGES_PER_RULE = 2
MAX_PAGES_PER_ROLE = 120

# Counted nouns that must not follow "1" (the plural form) or a number other than 1 (the
# singular, where Dutch would not drop the plural): "1 antwoorden", "3 stem".
PLURAL_NOUNS = (
    "antwoorden|stemmen|vragen|reacties|deelnemers|plaatsen|pogingen|berichten|lessen|"
    "minuten|uren|dagen|punten|activiteiten|webinars|e-mails|mensen|markeringen|leden"
)
SINGULAR_NOUNS = "antwoord|stem|vraag|reactie|deelnemer|plaats|poging|bericht|markering|lid"
WRONG_PLURAL = re.compile(
    rf"(?<![\d.,])\b1 ({PLURAL_NOUNS})\b|(?<![\d.,:/-])\b(0|[2-9]|\d\d+) ({SINGULAR_NOUNS})\b"
)
SLASH_PLURAL = re.compile(r"\w\((en|s)\)|\b\w+/\w+en\b|\bvraag/vragen\b")
# Words docs/glossary.md rules out: melden is only for reporting to Veilig Thuis, jargon gets
# its plain word, and the review of submitted events does not read as sign-ups.
CLASHING_WORDS = re.compile(
    r"[Mm]eldingenwachtrij|\b[Cc]esuur\b|Aanmeldingen beoordelen|\bopen meldingen?\b|"
    r"\b[Bb]ericht (ge)?meld(en)?\b|\bMeld een bijeenkomst aan\b|\bp-waarde\b"
)
# In the catalogue: Dutch words for one thing only, recognised by what the English says.
ONE_MEANING = (
    # (Dutch words, what the English must say, what it must not say unless it also says the
    # first: a long sentence may name an account and someone's registrations side by side)
    (r"(?<!aan te )(?<!af te )\b(melden|melding|meldingen|gemeld|meldt)\b", r"report", None),
    (r"\bregistr", None, r"event|webinar|course|attendee"),
    (r"\baan(ge)?meld", r"regist|sign", r"account|announce|submi"),
)
# English words of the catalogue that are also ordinary Dutch, or names.
SAME_IN_DUTCH = {"Status", "Link", "Online", "Type", "Start", "Code", "Reset", "quiz"}


class VisibleText(HTMLParser):
    """What a reader sees or hears: text outside <script>/<style>, and the attributes a
    browser or screen reader shows (title, placeholder, aria-label, alt, button values) or
    that the page's script shows (data-*-text, data-label-*)."""

    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden_depth += 1
        attributes = dict(attrs)
        for name, value in attributes.items():
            if not value:
                continue
            shown = (
                name in self.SHOWN_ATTRIBUTES
                or (name.startswith("data-") and (name.endswith("-text") or "label" in name))
                or (
                    name == "value"
                    and tag in ("input", "button")
                    and attributes.get("type") in ("submit", "button", "reset")
                )
            )
            if shown:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth:
            self.parts.append(data)


def visible_text(markup):
    parser = VisibleText()
    parser.feed(markup)
    return " ".join(" ".join(parser.parts).split())


# --- the demo, with something in every state ----------------------------------------------


def _user(email):
    return db.session.scalar(db.select(User).where(User.email == email))


def _pass_quiz(user, quiz):
    attempt = learning.start_attempt(user, quiz)
    questions = {q["id"]: q for q in map(learning.question_dict, learning.quiz_questions(quiz))}
    responses = {}
    for entry in attempt.layout:
        answer = grading.correct_answer(questions[entry["question"]])
        responses[str(entry["question"])] = answer
    learning.submit_attempt(user, attempt, responses)


def _fail_quiz(user, quiz):
    attempt = learning.start_attempt(user, quiz)
    questions = {q["id"]: q for q in map(learning.question_dict, learning.quiz_questions(quiz))}
    entry = attempt.layout[0]
    question = questions[entry["question"]]
    right = grading.correct_answer(question)
    if question["kind"] in ("single", "true_false"):
        wrong = next(key for key in entry["options"] if key != right)
    elif question["kind"] == "ordering":
        wrong = list(reversed(right))
    else:
        wrong = [key for key in entry["options"] if key not in right][:1] or []
    learning.submit_attempt(user, attempt, {str(entry["question"]): wrong})


def put_demo_in_every_state():
    """On top of `flask demo load`: a learner who failed a quiz and one with a certificate,
    registrations, a flagged and a hidden post, a notification, a question waiting for
    approval in the live room, a cancelled event and mails in the outbox."""
    member = _user(DEMO_EMAILS["member"])
    professional = _user(DEMO_EMAILS["professional"])
    moderator = _user(DEMO_EMAILS["moderator"])
    organiser = _user(DEMO_EMAILS["organiser"])

    course = db.session.scalars(db.select(Course)).first()
    quizzes = db.session.scalars(db.select(Quiz).order_by(Quiz.id)).all()
    learning.enrol(member, course)
    learning.enrol(professional, course)
    for lesson in db.session.scalars(db.select(Lesson).order_by(Lesson.id)):
        learning.complete_lesson(professional, lesson)
    for quiz in quizzes:
        _pass_quiz(professional, quiz)
    first_lesson = db.session.scalars(db.select(Lesson).order_by(Lesson.id)).first()
    learning.complete_lesson(member, first_lesson)
    _fail_quiz(member, quizzes[0])

    question = forum_services.ask_question(
        professional,
        category=forum_services.category_by_id(forum_services.category_choices()[0][0]),
        title="Hoe bespreek ik zorgen met een collega die twijfelt?",
        body="Mijn collega twijfelt of ze haar zorgen moet bespreken. Hoe pak ik dat aan?",
    )
    forum_services.post_answer(
        moderator, question, "Begin met wat je zelf zag en vraag wat zij zag. Leg het vast."
    )
    forum_services.edit_post(
        professional,
        question,
        title=question.title,
        body=question.body + " Ze werkt op een kinderdagverblijf.",
        note="Aangevuld.",
    )
    posts = db.session.scalars(db.select(Post).where(Post.kind == "answer").order_by(Post.id)).all()
    forum_services.flag_post(member, posts[0], reason=FlagReason.INAPPROPRIATE)
    forum_services.flag_post(member, posts[1], reason=FlagReason.PERSONAL_DATA)
    moderation.hide_post(moderator, posts[1], reason="Dubbel geplaatst.")
    forum_services.flag_post(professional, posts[1], reason=FlagReason.SPAM)

    soon, past = (
        db.session.scalar(db.select(Webinar).where(Webinar.title.like(f"{start}%")))
        for start in ("Samen optrekken", "Het afwegingskader")
    )
    soon.questions_need_approval = True
    db.session.commit()
    webinar_services.ask(
        member, soon, text="Wanneer vraag je advies aan Veilig Thuis?", client_token="taal-0001"
    )
    webinar_services.ask(moderator, soon, text="Welkom allemaal.", client_token="taal-0002")
    soon.capacity = 2  # the member and the professional: the admin waits
    db.session.commit()

    events = db.session.scalars(
        db.select(Event)
        .where(Event.status == EventStatus.APPROVED, Event.registration_mode == "verbind")
        .order_by(Event.starts_at)
    ).all()
    event_services.register(member, events[0])
    event_services.register(professional, events[0])
    event_services.cancel_event(organiser, events[-1], reason="De spreker is ziek.")
    pending = db.session.scalars(db.select(Event).where(Event.status == EventStatus.PENDING))
    event_services.review_event(moderator, pending.first(), "changes", "Welke zaal?")


def act_through_the_site(app):
    """What sends mail happens in the views: a moderator verifies one applicant and declines
    another, the admin joins a full webinar's waiting list and registers for an event, someone
    asks for a new password. Then one mail fails and one is sent."""
    with app.app_context():
        applicants = db.session.scalars(
            db.select(User.id).where(User.verification == Verification.PENDING).order_by(User.id)
        ).all()
        webinar_id = db.session.scalars(db.select(Webinar.id).where(Webinar.capacity == 2)).one()
        event_id = db.session.scalars(
            db.select(Event.id)
            .where(Event.status == EventStatus.APPROVED, Event.registration_mode == "verbind")
            .order_by(Event.starts_at.desc())
        ).first()
    moderator = app.test_client()
    log_in(moderator, DEMO_EMAILS["moderator"], DEMO_PASSWORD)
    page = f"/admin/users/{applicants[0]}"
    assert post_form(moderator, f"{page}/verify", page=page).status_code == 302
    page = f"/admin/users/{applicants[1]}"
    note = {"note": "Vul je organisatie aan."}
    assert post_form(moderator, f"{page}/decline", note, page=page).status_code == 302
    admin = app.test_client()
    log_in(admin, DEMO_EMAILS["admin"], DEMO_PASSWORD)
    page = f"/webinars/{webinar_id}"
    assert post_form(admin, f"{page}/register", page=page).status_code == 302
    page = f"/week/events/{event_id}"
    assert post_form(admin, f"{page}/register", page=page).status_code == 302
    anonymous = app.test_client()
    reset = {"email": DEMO_EMAILS["member"]}
    assert post_form(anonymous, "/account/reset", reset).status_code in (200, 302)
    with app.app_context():
        mails = db.session.scalars(db.select(OutboxMail).order_by(OutboxMail.id)).all()
        assert len(mails) >= 5, "the scenario queues mail"
        mails[0].status = MailStatus.FAILED
        mails[0].last_error = "550 mailbox unavailable"
        mails[-1].status = MailStatus.SENT
        db.session.commit()


# --- crawling ------------------------------------------------------------------------------


def pages_in_every_state():
    """Pages of the demo data in each of their states: a thread with a hidden and a flagged
    answer, an event of each status, a cancelled one, every quiz attempt, a certificate."""
    urls = []
    for post in db.session.scalars(
        db.select(Post).where(
            (Post.status != PostStatus.VISIBLE) | Post.id.in_(db.select(Flag.post_id))
        )
    ):
        urls.append(f"/forum/q/{post.question_id or post.id}")
    for status in EventStatus:
        event = db.session.scalars(db.select(Event).where(Event.status == status)).first()
        if event is not None:
            urls += [f"/week/events/{event.id}", f"/week/events/{event.id}/registrations"]
    cancelled = db.session.scalars(db.select(Event).where(Event.cancelled_at.is_not(None)))
    urls += [f"/week/events/{event.id}" for event in cancelled]
    urls += [
        f"/courses/attempts/{attempt_id}"
        for attempt_id in db.session.scalars(db.select(Attempt.id))
    ]
    urls += [f"/certificates/{code}" for code in db.session.scalars(db.select(Certificate.code))]
    for webinar_id in db.session.scalars(db.select(Webinar.id)):
        page = f"/webinars/{webinar_id}"
        urls += [page, f"{page}/live", f"{page}/presenter"]  # the presenter view: hosts
    pending = db.session.scalars(db.select(User.id).where(User.verification != "not_requested"))
    urls += [f"/admin/users/{user_id}" for user_id in pending]
    for post_id in db.session.scalars(db.select(Post.id).where(Post.kind == "answer")).all()[:2]:
        urls += [f"/forum/posts/{post_id}/fragment", f"/forum/posts/{post_id}/revisions"]
    urls.append("/forum/similar?title=zorgen+over+een+kind+bespreken")
    # The links the mails carry: a new password, an e-mail address to confirm.
    for body in db.session.scalars(db.select(OutboxMail.body)):
        urls += re.findall(r"https?://[^/\s]+(/account/(?:reset|confirm)/[^\s]+)", body)
    return urls


def crawl(app, client, role, seeds):
    """{url: visible text} of the `seeds` and of the pages reachable from START_PAGES, at most
    PAGES_PER_RULE per route, so every page type is seen without visiting every thread."""
    adapter = app.url_map.bind("localhost")
    seen_rules = defaultdict(int)
    queue = [*seeds, *START_PAGES]
    visited = set()
    pages = {}
    while queue and len(pages) < MAX_PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        path = urlsplit(url).path
        try:
            rule = adapter.match(path, method="GET", return_rule=True)[0].rule
        except NotFound:
            rule = "(not found)"
        except MethodNotAllowed:
            continue
        except Exception:  # a redirect to a canonical URL
            rule = path
        if seen_rules[rule] >= PAGES_PER_RULE and url not in seeds:
            continue
        seen_rules[rule] += 1
        response = client.get(url)
        if response.status_code in (301, 302, 303):
            queue.insert(0, urlsplit(response.headers["Location"]).path)
            continue
        assert response.status_code < 500, f"{role}: {url} gives {response.status_code}"
        if response.mimetype in DOWNLOADS:
            pages[url] = response.get_data(as_text=True).removeprefix("\ufeff")
        if response.mimetype != "text/html":
            continue
        markup = response.get_data(as_text=True)
        pages[url] = visible_text(markup)
        for href in re.findall(r'href="([^"#][^"]*)"', markup):
            link = urldefrag(html.unescape(href))[0]
            local = link.startswith("/") and not link.startswith("//")
            if local and not NOT_PAGES.search(urlsplit(link).path):
                queue.append(link)
    return pages


def live_room_payloads(app):
    """What the live room's script shows of each question: the texts the server sends."""
    texts = []
    with app.test_request_context("/"), force_locale("nl"):
        for question in db.session.scalars(db.select(LiveQuestion)):
            for for_moderator in (False, True):
                payload = live.question_payload(question, for_moderator=for_moderator)
                texts.append(payload["state_label"])
    return " · ".join(texts)


@pytest.fixture(scope="module")
def dutch_pages(tmp_path_factory):
    """{(role, url): visible text} of every page type in Dutch, plus the mails and the live
    room's payloads."""
    database = tmp_path_factory.mktemp("language") / "verbind.sqlite"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}", "MAIL_SEND_AT_ONCE": False}
    )
    with app.app_context():
        db.create_all()
        seed_categories()
        load_demo()
        put_demo_in_every_state()
    act_through_the_site(app)
    with app.app_context():
        seeds = pages_in_every_state()
    pages = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            assert log_in(client, DEMO_EMAILS[role], DEMO_PASSWORD).status_code == 302
        for url, text in crawl(app, client, role, seeds).items():
            pages[(role, url)] = text
    with app.app_context():
        for mail in db.session.scalars(db.select(OutboxMail)):
            pages[("mail", f"{mail.id} {mail.subject}")] = f"{mail.subject} {mail.body}"
        pages[("live room", "payloads")] = live_room_payloads(app)
    return pages


# --- what is wrong -------------------------------------------------------------------------


def dutch_catalogue():
    with CATALOGUE.open("rb") as handle:
        return [message for message in read_po(handle, locale="nl") if message.id]


def dutch_words():
    """Every word the Dutch catalogue uses: an enum value that is also one of these ("open",
    "moderator", "online") cannot be told apart from Dutch text."""
    words = set()
    for message in dutch_catalogue():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            words.update(word.lower() for word in re.findall(r"[\w-]+", string))
    return words


def raw_state_pattern():
    values = {member.value for enum in STORED_STATES for member in enum} | set(COMPUTED_STATES)
    assert all(issubclass(enum, StrEnum) for enum in STORED_STATES)
    dutch = dutch_words()
    leaks = sorted(value for value in values if "_" in value or value.lower() not in dutch)
    return re.compile(r"(?<![\w/@.-])(" + "|".join(map(re.escape, leaks)) + r")(?![\w/@-])", re.I)


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def recognisable(piece, dutch):
    """English that Dutch text would not contain: long, or with a word the Dutch catalogue
    never uses ("Sign up" is, "Log in" and "Online" are not)."""
    words = [word.strip(".,:;!?()").lower() for word in piece.split()]
    if len(piece) < 4 or piece in SAME_IN_DUTCH:
        return False
    return len(piece) >= 20 or any(word not in dutch for word in words)


def english_fragments():
    """The English text of every message whose Dutch differs: the longest piece between
    placeholders, when it can be told from Dutch."""
    fragments = set()
    dutch = dutch_words()
    for message in dutch_catalogue():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            piece = max(PLACEHOLDER.split(english), key=len).strip(" .,:;()“”\"'·—-")
            if english not in strings and recognisable(piece, dutch):
                fragments.add(piece)
    return fragments


def english_pattern():
    pieces = sorted(english_fragments(), key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, pieces)) + r")(?!\w)")


# Addresses in mails and pages (".../week/events/1") are not words a reader reads.
WEB_ADDRESS = re.compile(r"(?:https?|webcal)://\S+")


def findings(pages, pattern):
    found = defaultdict(set)
    for (role, url), text in pages.items():
        text = WEB_ADDRESS.sub(" ", text)
        for match in pattern.finditer(text):
            start = max(0, match.start() - 40)
            found[match.group(0)].add(f"{role} {url}: …{text[start : match.end() + 40]}…")
    return {word: sorted(where)[:3] for word, where in sorted(found.items())}


@pytest.mark.parametrize("enum, labels", LABELS, ids=lambda value: getattr(value, "__name__", ""))
def test_every_stored_state_has_a_dutch_label(enum, labels):
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context(), force_locale("nl"):
        for member in enum:
            assert member in labels, f"{enum.__name__}.{member.name} has no label"
            assert str(labels[member]) != member.value, f"{member.value} is shown raw"


def test_every_page_type_was_rendered(dutch_pages):
    urls = {url for _, url in dutch_pages}
    for expected in (
        r"^/forum/q/\d+",
        r"^/forum/moderation/$",
        r"^/forum/notifications$",
        r"^/courses/[\w-]+$",
        r"^/courses/[\w-]+/lessons/\d+",
        r"^/courses/[\w-]+/quizzes/\d+",
        r"^/courses/attempts/\d+",
        r"^/certificates/[\w-]+",
        r"^/webinars/\d+$",
        r"^/webinars/\d+/live",
        r"^/webinars/\d+/presenter",
        r"^/week/events/\d+$",
        r"^/week/events/\d+/registrations",
        r"^/week/review",
        r"^/admin/users/\d+",
        r"^/admin/mail",
        r"^/no-such-page",
        r"^/forum/posts/\d+/revisions",
        r"^/forum/posts/\d+/fragment",
        r"^/account/reset/.+",
        r"\.csv$",
        r"\.md$",
    ):
        assert any(re.search(expected, url) for url in urls), expected


def test_no_page_shows_a_raw_stored_state(dutch_pages):
    assert findings(dutch_pages, raw_state_pattern()) == {}


def test_no_page_shows_english_from_the_catalogue(dutch_pages):
    assert findings(dutch_pages, english_pattern()) == {}


def test_no_page_uses_a_word_the_glossary_rules_out(dutch_pages):
    assert findings(dutch_pages, CLASHING_WORDS) == {}


@pytest.mark.parametrize("dutch, must_say, must_not_say", ONE_MEANING)
def test_the_catalogue_uses_each_dutch_word_for_one_thing(dutch, must_say, must_not_say):
    clashes = []
    for message in dutch_catalogue():
        english = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not any(re.search(dutch, string, re.I) for string in strings):
            continue
        says = must_say and re.search(must_say, english, re.I)
        if must_say and not must_not_say and not says:
            clashes.append((english, strings[0]))
        if must_not_say and re.search(must_not_say, english, re.I) and not says:
            clashes.append((english, strings[0]))
    assert clashes == []


def test_the_dutch_catalogue_has_two_plural_forms():
    """The .po is kept without a header (`make update-messages`); Babel takes the plural rule
    from the locale and writes it into the compiled catalogue's header."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    plurals = [message for message in catalogue if message.pluralizable]
    assert plurals and all(len(message.string) == 2 for message in plurals)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    translations = gettext.GNUTranslations(compiled)
    assert translations.info()["plural-forms"] == "nplurals=2; plural=(n != 1);"
    assert translations.ngettext("%(num)d answer", "%(num)d answers", 1) == "%(num)d antwoord"
    assert translations.ngettext("%(num)d answer", "%(num)d answers", 0) == "%(num)d antwoorden"


def test_counts_have_the_right_plural(dutch_pages):
    assert findings(dutch_pages, WRONG_PLURAL) == {}
    assert findings(dutch_pages, SLASH_PLURAL) == {}
