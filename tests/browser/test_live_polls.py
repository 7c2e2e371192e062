"""Live polls in real Chromium: the host prepares polls through the form, runs them in the live
room, and two attendees answer and see the results appear without reloading; on one server
process and on two sharing Redis; on a phone."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from community.clock import utcnow
from community.extensions import db
from community.webinars import services
from community.webinars.models import Webinar
from tests.browser.test_accessibility import violations
from tests.helpers import TEST_PASSWORD, make_user
from tests.webinars.test_scale_out import DATABASE_URL, REDIS_URL, two_servers  # noqa: F401

pytestmark = pytest.mark.browser

HOST = "host@verbind.example"
ANNA = "anna@verbind.example"
BRAM = "bram@verbind.example"
XSS = "<img src=x onerror=alert(1)>"


def make_webinar(host_email=HOST, attendees=(ANNA, BRAM)):
    """A webinar about to start, its host (an organiser) and registered attendees (in an app
    context)."""
    host = make_user(name="Gastvrouw", email=host_email, roles=("organiser",))
    webinar = Webinar(
        title="Peilingen in de praktijk",
        starts_at=utcnow() + timedelta(minutes=5),
        ends_at=utcnow() + timedelta(hours=1),
        capacity=10,
        host_id=host.id,
    )
    db.session.add(webinar)
    db.session.commit()
    for email in attendees:
        services.register(make_user(name=email.split("@")[0].title(), email=email), webinar)
    return webinar.id


@pytest.fixture
def webinar(live_app):
    with live_app.app_context():
        return make_webinar()


class Person:
    """One person's browser: a context of their own, logged in, with any dialog recorded."""

    def __init__(self, browser, base_url, email, viewport=None, bypass_csp=False):
        # bypass_csp only to inject axe (tests/browser/test_accessibility.py).
        options = {"base_url": base_url, "locale": "nl-NL", "bypass_csp": bypass_csp}
        if viewport:
            options["viewport"] = viewport
        self.context = browser.new_context(**options)
        self.context.set_default_timeout(8000)
        self.page = self.context.new_page()
        self.dialogs = []
        self.page.on("dialog", self._dialog)
        self.page.goto("/account/login")
        self.page.get_by_label("E-mailadres").fill(email)
        self.page.get_by_label("Wachtwoord").fill(TEST_PASSWORD)
        self.page.get_by_role("button", name="Inloggen").click()
        self.page.wait_for_url(lambda url: "/account/login" not in url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open_room(self, webinar_id):
        self.page.goto(f"/webinars/{webinar_id}/live")
        self.page.locator('#live-room[data-live="joined"]').wait_for(state="attached")
        return self.page


@pytest.fixture
def people(browser):
    opened = []

    def open_person(base_url, email, viewport=None, bypass_csp=False):
        person = Person(browser, base_url, email, viewport, bypass_csp)
        opened.append(person)
        return person

    yield open_person
    for person in opened:
        person.context.close()


def prepare_polls(page, webinar_id):
    """The host prepares a single-choice poll and a word cloud through the form; returns their
    ids in order."""
    page.goto(f"/webinars/{webinar_id}")
    page.locator("#webinar-polls-link").click()
    form = page.locator("#poll-form")
    form.get_by_label("Soort peiling").select_option("single")
    form.get_by_label("Vraag", exact=True).fill("Heb je dit jaar een kindcheck gedaan?")
    form.get_by_label("Mogelijkheden, één per regel").fill("Ja\nNee\nWeet ik niet")
    form.get_by_role("button", name="Peiling voorbereiden").click()
    expect(page.locator("#poll-list .poll-item")).to_have_count(1)
    form.get_by_label("Soort peiling").select_option("words")
    form.get_by_label("Vraag", exact=True).fill("Welk woord past bij een goed gesprek?")
    form.get_by_role("button", name="Peiling voorbereiden").click()
    items = page.locator("#poll-list .poll-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Heb je dit jaar een kindcheck gedaan?")
    expect(items.nth(1)).to_contain_text("Welk woord past bij een goed gesprek?")
    expect(items.nth(0)).to_have_attribute("data-state", "draft")
    return [int(items.nth(index).get_attribute("data-poll-id")) for index in range(2)]


def host_button(host, poll_id, action):
    item = host.locator(f'#poll-host-panel .poll-host-item[data-poll-id="{poll_id}"]')
    return item.locator(f'button[data-poll-action="{action}"]')


def expect_bars(page, counts, container="#live-poll-results"):
    """The result bars show these counts, each as Dutch text ("1 antwoord", "2 antwoorden")."""
    bars = page.locator(f"{container} .poll-bar")
    expect(bars).to_have_count(len(counts))
    for index, count in enumerate(counts):
        bar = bars.nth(index)
        expect(bar).to_have_attribute("data-count", str(count))
        word = "antwoord" if count == 1 else "antwoorden"
        expect(bar.locator(".poll-bar-count")).to_contain_text(f"{count} {word}")


def test_host_runs_two_polls_and_attendees_answer_and_see_results_live(
    browser, live_server, webinar, people
):
    host_person = people(live_server, HOST)
    host = host_person.page
    first, cloud = prepare_polls(host, webinar)
    host_person.open_room(webinar)
    anna_person, bram_person = people(live_server, ANNA), people(live_server, BRAM)
    anna, bram = anna_person.open_room(webinar), bram_person.open_room(webinar)
    for attendee in (anna, bram):
        expect(attendee.locator("#live-poll")).to_be_hidden()

    # The host opens the first poll: it appears in both rooms without reloading.
    expect(host.locator("#poll-host-panel .poll-host-item")).to_have_count(2)
    host_button(host, first, "open").click()
    for attendee in (anna, bram):
        poll = attendee.locator("#live-poll")
        expect(poll).to_be_visible()
        expect(poll).to_have_attribute("data-poll-id", str(first))
        expect(poll).to_have_attribute("data-state", "open")
        expect(poll.locator("[data-poll-question]")).to_have_text(
            "Heb je dit jaar een kindcheck gedaan?"
        )
        expect(poll.locator(".poll-choice")).to_have_count(3)
    expect(
        host.locator(f'#poll-host-panel .poll-host-item[data-poll-id="{first}"]')
    ).to_have_attribute("data-state", "open")

    # Anna answers, sees it saved, and changes her answer.
    anna.get_by_label("Ja", exact=True).check()
    anna.locator("#poll-submit").click()
    expect(anna.locator("[data-poll-saved]")).to_be_visible()
    expect(anna.locator("[data-poll-saved]")).to_contain_text("opgeslagen")
    expect(anna.locator("#poll-submit")).to_have_text("Mijn antwoord wijzigen")
    anna.get_by_label("Nee", exact=True).check()
    anna.locator("#poll-submit").click()
    bram.get_by_label("Nee", exact=True).check()
    bram.locator("#poll-submit").click()
    expect(bram.locator("[data-poll-saved]")).to_be_visible()

    # The host sees the counts at once; attendees only hear that results follow.
    host_item = host.locator(f'#poll-host-panel .poll-host-item[data-poll-id="{first}"]')
    expect_bars(host, [0, 2, 0], container=f'.poll-host-item[data-poll-id="{first}"]')
    expect(host_item.locator(".poll-total")).to_have_text("2 personen hebben geantwoord")
    for attendee in (anna, bram):
        expect(attendee.locator("#live-poll-results")).to_contain_text(
            "De uitslag volgt wanneer de host hem toont."
        )
        expect(attendee.locator("#live-poll-results .poll-bar")).to_have_count(0)

    # The presenter screen (the host's second window) shows the question, not yet the results.
    presenter = host_person.context.new_page()
    presenter.goto(f"/webinars/{webinar}/presenter")
    expect(presenter.locator("#presenter-poll")).to_have_attribute("data-poll-id", str(first))
    expect(presenter.locator("#presenter-poll [data-poll-question]")).to_have_text(
        "Heb je dit jaar een kindcheck gedaan?"
    )
    expect(presenter.locator("#presenter-poll-results .poll-bar")).to_have_count(0)

    host_button(host, first, "show_results").click()
    for attendee in (anna, bram):
        expect_bars(attendee, [0, 2, 0])
        expect(attendee.locator("#live-poll-results .poll-total")).to_have_text(
            "2 personen hebben geantwoord"
        )
        expect(attendee.locator("#live-poll-results .poll-bar").nth(1)).to_contain_text("100%")
    expect_bars(presenter, [0, 2, 0], container="#presenter-poll-results")

    # Closed: the results stay, answering is over.
    host_button(host, first, "close").click()
    for attendee in (anna, bram):
        expect(attendee.locator("#live-poll")).to_have_attribute("data-state", "closed")
        expect(attendee.locator("[data-poll-closed]")).to_be_visible()
        expect(attendee.locator("[data-poll-closed]")).to_have_text("Deze peiling is gesloten.")
        expect(attendee.locator("#poll-answer-form")).to_be_hidden()
        expect(attendee.locator(".poll-choice")).to_have_count(0)
        expect_bars(attendee, [0, 2, 0])

    # The word cloud: one word is markup, and it stays text.
    host_button(host, cloud, "open").click()
    for attendee in (anna, bram):
        expect(attendee.locator("#live-poll")).to_have_attribute("data-kind", "words")
        expect(attendee.locator("#live-poll")).to_have_attribute("data-state", "open")
        expect(attendee.locator("#poll-word")).to_be_visible()
        expect(attendee.locator("#live-poll-results .poll-bar")).to_have_count(0)
    anna.locator("#poll-word").fill("Veiligheid")
    anna.locator("#poll-submit").click()
    expect(anna.locator("[data-poll-saved]")).to_be_visible()
    bram.locator("#poll-word").fill(XSS)
    bram.locator("#poll-submit").click()
    expect(bram.locator("[data-poll-saved]")).to_be_visible()
    host_button(host, cloud, "show_results").click()
    for attendee in (anna, bram):
        words = attendee.locator("#live-poll-results .poll-cloud .poll-word")
        expect(words).to_have_count(2)
        expect(words.filter(has_text="veiligheid")).to_have_attribute("data-count", "1")
        expect(words.filter(has_text=XSS)).to_have_attribute("data-count", "1")
        expect(attendee.locator("#live-poll img")).to_have_count(0)
    expect(presenter.locator("#presenter-poll-results .poll-word")).to_have_count(2)
    expect(presenter.locator("#presenter-poll-results .poll-word", has_text=XSS)).to_be_visible()

    # Bram reloads mid-poll: the poll, his own answer and the results are back.
    bram_person.open_room(webinar)
    expect(bram.locator("#live-poll")).to_have_attribute("data-poll-id", str(cloud))
    expect(bram.locator("#poll-word")).to_have_value(XSS)
    expect(bram.locator("[data-poll-saved]")).to_be_visible()
    expect(bram.locator("#poll-submit")).to_have_text("Mijn antwoord wijzigen")
    expect(bram.locator("#live-poll-results .poll-word")).to_have_count(2)

    # Anna changes her word; Bram (reconnected) sees the cloud follow.
    anna.locator("#poll-word").fill("Rust")
    anna.locator("#poll-submit").click()
    expect(bram.locator("#live-poll-results .poll-word", has_text="rust")).to_be_visible()
    expect(bram.locator("#live-poll-results .poll-word", has_text="veiligheid")).to_have_count(0)

    for person in (host_person, anna_person, bram_person):
        assert person.dialogs == []
    for page in (host, anna, bram, presenter):
        assert page.locator("img[src=x]").count() == 0


@pytest.mark.skipif(
    not (REDIS_URL and DATABASE_URL), reason="TEST_REDIS_URL or TEST_DATABASE_URL is not set"
)
def test_a_poll_crosses_between_two_server_processes(two_servers, people):  # noqa: F811
    """Gunicorn processes on PostgreSQL and Redis, as in production: the host on server B,
    attendee A on server A, attendee B on server B."""
    (port_a, port_b), webinar, _app = two_servers
    server_a, server_b = f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"
    host_person = people(server_b, "host@verbind.example")
    first, _cloud = prepare_polls(host_person.page, webinar)
    host = host_person.open_room(webinar)
    on_a = people(server_a, "a@verbind.example").open_room(webinar)
    on_b = people(server_b, "b@verbind.example").open_room(webinar)

    host_button(host, first, "open").click()
    for attendee in (on_a, on_b):
        expect(attendee.locator("#live-poll")).to_have_attribute("data-poll-id", str(first))
        expect(attendee.locator("#live-poll [data-poll-question]")).to_have_text(
            "Heb je dit jaar een kindcheck gedaan?"
        )
    on_a.get_by_label("Ja", exact=True).check()
    on_a.locator("#poll-submit").click()
    on_b.get_by_label("Weet ik niet", exact=True).check()
    on_b.locator("#poll-submit").click()
    for attendee in (on_a, on_b):
        expect(attendee.locator("[data-poll-saved]")).to_be_visible()
    # The host on B hears the answer given on A.
    expect_bars(host, [1, 0, 1], container=f'.poll-host-item[data-poll-id="{first}"]')
    for attendee in (on_a, on_b):
        expect(attendee.locator("#live-poll-results .poll-bar")).to_have_count(0)

    host_button(host, first, "show_results").click()
    for attendee in (on_a, on_b):
        expect_bars(attendee, [1, 0, 1])
        expect(attendee.locator("#live-poll-results .poll-total")).to_have_text(
            "2 personen hebben geantwoord"
        )
    # A changed answer on A reaches everyone, on both servers.
    on_a.get_by_label("Weet ik niet", exact=True).check()
    on_a.locator("#poll-submit").click()
    for page in (on_a, on_b):
        expect_bars(page, [0, 0, 2])
    expect_bars(host, [0, 0, 2], container=f'.poll-host-item[data-poll-id="{first}"]')

    host_button(host, first, "close").click()
    for attendee in (on_a, on_b):
        expect(attendee.locator("[data-poll-closed]")).to_be_visible()
        expect(attendee.locator("#poll-answer-form")).to_be_hidden()
        expect_bars(attendee, [0, 0, 2])


PHONE = {"width": 390, "height": 844}
LONG_OPTION = "Nee, maar we plannen het binnenkort samen met de aandachtsfunctionaris"
# One word, as long as an option or a cloud word may be: it must wrap, not push the page wider.
LONG_WORD = "Aandachtsfunctionarissenoverlegverslagen"


def make_polls(webinar_id, *specs):
    """Polls prepared by the webinar's host through the same function the form uses (in an app
    context); returns their ids."""
    from community.webinars import polls

    webinar = db.session.get(Webinar, webinar_id)
    return [polls.create_poll(webinar.host, webinar, **spec).id for spec in specs]


def control(webinar_id, poll_id, *actions):
    """The host's buttons in the live room, without the host's browser: stored, then told to the
    room as the poll_control event does (in an app context)."""
    from community.webinars import polls
    from community.webinars.live import broadcast_poll
    from community.webinars.models import Poll

    webinar = db.session.get(Webinar, webinar_id)
    for action in actions:
        poll = db.session.get(Poll, poll_id)
        for changed in polls.control_poll(webinar.host, poll, webinar, action):
            broadcast_poll(changed)


def page_width(page):
    return page.evaluate("document.scrollingElement.scrollWidth")


def sticking_out(page, selector):
    """The elements matching selector whose right edge is beyond the viewport."""
    return page.locator(selector).evaluate_all(
        """(items) => items.filter((item) => item.getBoundingClientRect().right > innerWidth + 0.5)
            .map((item) => item.outerHTML.slice(0, 80))"""
    )


def test_a_poll_and_its_results_fit_a_phone_and_its_answers_are_easy_to_tap(
    live_app, live_server, webinar, people
):
    with live_app.app_context():
        choice, scale, cloud = make_polls(
            webinar,
            {
                "kind": "single",
                "question": "Heb je dit jaar een kindcheck gedaan in je eigen team?",
                "options": ["Ja", LONG_OPTION, LONG_WORD],
            },
            {
                "kind": "scale",
                "question": "Hoe zeker voel je je bij een eerste gesprek?",
                "scale_min": 0,
                "scale_max": 10,
                "scale_min_label": "Helemaal niet zeker",
                "scale_max_label": "Heel zeker",
            },
            {"kind": "words", "question": "Eén woord voor je team?"},
        )
        control(webinar, choice, "open")
    anna = people(live_server, ANNA, viewport=PHONE).open_room(webinar)
    poll = anna.locator("#live-poll")
    expect(poll).to_be_visible()
    for index in range(3):
        row = anna.locator(".poll-option").nth(index)
        assert row.bounding_box()["height"] >= 40, row.inner_text()
    # The whole row is the target: tapping the long label chooses it.
    anna.get_by_text(LONG_OPTION).click()
    expect(anna.locator("#poll-choice-1")).to_be_checked()
    assert anna.locator("#poll-submit").bounding_box()["height"] >= 40
    anna.locator("#poll-submit").click()
    expect(anna.locator("[data-poll-saved]")).to_be_visible()
    with live_app.app_context():
        control(webinar, choice, "show_results")
    expect_bars(anna, [0, 1, 0])
    assert page_width(anna) <= PHONE["width"]
    assert sticking_out(anna, "#live-poll, #live-poll *") == []

    with live_app.app_context():
        control(webinar, scale, "open")
    buttons = anna.locator(".poll-scale-button")
    expect(buttons).to_have_count(11)
    for index in range(11):
        box = buttons.nth(index).bounding_box()
        assert box["height"] >= 40 and box["width"] >= 40, box
    buttons.nth(7).click()
    expect(buttons.nth(7)).to_have_attribute("aria-pressed", "true")
    expect(anna.locator("[data-poll-saved]")).to_be_visible()
    with live_app.app_context():
        control(webinar, scale, "show_results")
    expect_bars(anna, [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0])
    expect(anna.locator(".poll-average")).to_have_text("Gemiddelde: 7")
    assert page_width(anna) <= PHONE["width"]
    assert sticking_out(anna, "#live-poll, #live-poll *") == []

    # The word cloud, with the longest word one may type, shown at its largest.
    with live_app.app_context():
        control(webinar, cloud, "open", "show_results")
    word = anna.locator("#poll-word")
    expect(word).to_be_visible()
    assert word.bounding_box()["height"] >= 40
    word.fill(LONG_WORD)
    anna.locator("#poll-submit").click()
    expect(anna.locator(".poll-cloud .poll-word")).to_have_text(LONG_WORD.lower())
    assert page_width(anna) <= PHONE["width"]
    assert sticking_out(anna, "#live-poll, #live-poll *") == []


def test_the_host_runs_a_poll_by_keyboard_and_the_poll_pages_pass_axe(
    live_app, live_server, webinar, people
):
    with live_app.app_context():
        (choice,) = make_polls(
            webinar,
            {"kind": "multiple", "question": "Wat helpt je?", "options": ["Collega", "Kaart"]},
        )
    host_person = people(live_server, HOST, bypass_csp=True)
    host = host_person.open_room(webinar)
    anna = people(live_server, ANNA, bypass_csp=True).open_room(webinar)

    # The button the host pressed is replaced by the next step; the keyboard stays on it.
    host_button(host, choice, "open").focus()
    host.keyboard.press("Enter")
    expect(host_button(host, choice, "close")).to_be_focused()
    host.keyboard.press("Tab")
    expect(host_button(host, choice, "show_results")).to_be_focused()
    host.keyboard.press("Enter")
    expect(host_button(host, choice, "hide_results")).to_be_focused()

    # Anna answers by keyboard: space ticks a box, Enter sends.
    anna.locator("#poll-choice-0").focus()
    anna.keyboard.press("Space")
    anna.keyboard.press("Tab")
    anna.keyboard.press("Space")
    anna.keyboard.press("Enter")
    expect(anna.locator("[data-poll-saved]")).to_be_visible()
    expect_bars(anna, [1, 1])
    # Results arriving while the host works keep the host's keyboard where it was.
    expect(host_button(host, choice, "hide_results")).to_be_focused()
    expect_bars(host, [1, 1], container=f'.poll-host-item[data-poll-id="{choice}"]')

    presenter = host_person.context.new_page()
    presenter.goto(f"/webinars/{webinar}/presenter")
    expect_bars(presenter, [1, 1], container="#presenter-poll-results")
    found = {
        "attendee": violations(anna),
        "host": violations(host),
        "presenter": violations(presenter),
    }
    host.goto(f"/webinars/{webinar}/polls")
    found["polls page"] = violations(host)
    host.get_by_role("button", name="Peiling voorbereiden").click()
    expect(host.locator("#poll-form .errors").first).to_be_visible()
    found["polls page with errors"] = violations(host)
    assert {name: problems for name, problems in found.items() if problems} == {}
