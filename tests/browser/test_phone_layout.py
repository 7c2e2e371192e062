"""Phone first: on a 390×844 phone every page type shows its own content within the first 150 px,
with the Veilig Thuis help line visible, no sideways scrolling, and the menu folded behind a
button that works without JavaScript. From 1024 px wide (a small laptop) up, the menu of an
administrator (who sees the most items) fits on one line, in Dutch and in English."""

import itertools
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from werkzeug.serving import make_server

from community import create_app
from community.accounts.models import User
from community.demo import DEMO_PASSWORD, load_demo
from community.extensions import db
from community.forum.categories import seed_categories
from courses import learning
from courses.models import Course, Lesson, Quiz
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SMALL_LAPTOP = {"width": 1024, "height": 768}
CONTENT_TOP = 150  # px from the top of the page to <main>'s heading

MEMBER = "lid@verbind.example"
PROFESSIONAL = "professional@verbind.example"
MODERATOR = "moderator@verbind.example"
ADMIN = "beheer@verbind.example"

# (page type, address, who looks at it); {lesson} and {quiz} are filled in from the demo course.
PAGES = [
    ("home", "/", None),
    ("forum index", "/forum/", PROFESSIONAL),
    ("thread", "/forum/q/1", PROFESSIONAL),
    ("ask", "/forum/ask", PROFESSIONAL),
    ("search", "/forum/search?q=gesprek", MEMBER),
    ("site search", "/search?q=gesprek", MEMBER),
    ("course index", "/courses/", MEMBER),
    ("course page", "/courses/kindcheck", MEMBER),
    ("lesson", "/courses/kindcheck/lessons/{lesson}", MEMBER),
    ("quiz", "/courses/kindcheck/quizzes/{quiz}", MEMBER),
    ("webinars index", "/webinars/", MEMBER),
    ("webinar detail", "/webinars/1", MEMBER),
    ("live room", "/webinars/1/live", MEMBER),
    ("webinar polls", "/webinars/1/polls", MODERATOR),
    ("week list", "/week/", None),
    ("week event detail", "/week/events/1", None),
    ("login", "/account/login", None),
    ("register", "/account/register", None),
    ("profile", "/account/profile", MEMBER),
    ("notifications", "/forum/notifications", MEMBER),
    ("moderation queue", "/forum/moderation/", MODERATOR),
    ("admin users", "/admin/users", ADMIN),
]

# What a person came for should be on the first screen, not below filters or introductions.
FIRST_ITEMS = [
    pytest.param("/forum/", PROFESSIONAL, ".question-list > li", id="forum index"),
    pytest.param("/forum/search?q=gesprek", MEMBER, ".search-results > li", id="search"),
    pytest.param("/search?q=gesprek", MEMBER, ".search-results > li", id="site search"),
    pytest.param("/courses/", MEMBER, "main .card", id="course index"),
    pytest.param("/webinars/", MEMBER, ".question-list > li", id="webinars index"),
    pytest.param("/week/", None, ".question-list > li", id="week list"),
    pytest.param("/admin/users", ADMIN, "main tbody tr", id="admin users"),
    # Pages with a card beside their text: when and where, places, enrol or continue.
    pytest.param("/courses/kindcheck", MEMBER, "main aside.card", id="course page"),
    pytest.param("/webinars/1", MEMBER, "main aside.card", id="webinar detail"),
    pytest.param("/week/events/1", None, "main aside.card", id="week event detail"),
]

CONTENT_TOP_JS = """() => {
    const main = document.querySelector('main');
    const visible = el => el.getClientRects().length > 0;
    const heading = [...main.querySelectorAll('h1')].find(visible);
    const first = heading || [...main.children].find(visible);
    return first.getBoundingClientRect().top + window.scrollY;
}"""


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """One live server with the demo loaded for the whole module (loading it per page is slow);
    the member and the professional are enrolled in the course so the lesson and quiz pages
    open."""
    database = tmp_path_factory.mktemp("phone") / "demo.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"})
    with app.app_context():
        db.create_all()
        seed_categories()
        load_demo()
        course = db.session.scalar(select(Course).filter_by(slug="kindcheck"))
        for email in (MEMBER, PROFESSIONAL):
            learning.enrol(db.session.scalar(select(User).filter_by(email=email)), course)
        items = [item for _module, items in learning.course_items(course.id) for item in items]
        ids = {
            "lesson": next(item.id for item in items if isinstance(item, Lesson)),
            "quiz": next(item.id for item in items if isinstance(item, Quiz)),
        }
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "ids": ids, "sessions": {}}
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def visit(browser, demo_site):
    """visit(address, email, viewport, javascript=True) -> a page at that address, logged in."""
    contexts = []

    def open_page(address, email=None, viewport=PHONE, javascript=True, bypass_csp=False):
        context = browser.new_context(
            bypass_csp=bypass_csp,
            base_url=demo_site["url"],
            viewport=viewport,
            locale="nl-NL",
            java_script_enabled=javascript,
            storage_state=demo_site["sessions"].get(email),
        )
        context.set_default_timeout(8000)
        contexts.append(context)
        page = context.new_page()
        if email and email not in demo_site["sessions"]:
            page.goto("/account/login")
            page.fill("#email", email)
            page.fill("#password", DEMO_PASSWORD)
            page.click("main button[type=submit]")
            page.wait_for_url(lambda url: "/account/login" not in url)
            demo_site["sessions"][email] = context.storage_state()
        response = page.goto(address.format(**demo_site["ids"]))
        assert response.status == 200, f"{address}: {response.status}"
        return page

    yield open_page
    for context in contexts:
        context.close()


def menu_links(page):
    return page.locator(".site-menu nav a")


@pytest.mark.parametrize(
    "address, email", [(path, email) for _name, path, email in PAGES], ids=[p[0] for p in PAGES]
)
def test_phone_shows_the_page_content_first(visit, address, email):
    page = visit(address, email)
    top = page.evaluate(CONTENT_TOP_JS)
    assert top <= CONTENT_TOP, f"the page's own content starts at {top:.0f} px"
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{width} px wide: the page scrolls sideways"
    # The help line: one short line at the top, with the number to call.
    call = page.locator(".helpline a[href='tel:08002000']")
    expect(call).to_be_visible()
    expect(call).to_have_text("0800-2000")
    helpline = page.locator(".helpline").bounding_box()
    assert helpline["y"] == 0 and helpline["height"] <= 40, helpline
    # The menu waits behind its button, and opens from it.
    expect(menu_links(page).first).to_be_hidden()
    toggle = page.locator(".site-menu > summary")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(menu_links(page).first).to_be_visible()
    expect(page.locator(".site-menu")).to_have_attribute("open", "")


@pytest.mark.parametrize("address, email, item", FIRST_ITEMS)
def test_phone_shows_what_the_page_is_for_on_the_first_screen(visit, address, email, item):
    page = visit(address, email)
    first = page.locator(item).first
    expect(first).to_be_visible()
    top = first.bounding_box()["y"]
    assert top + 60 <= PHONE["height"], f"the first item starts at {top:.0f} px"


@pytest.mark.parametrize("email", [None, ADMIN], ids=["anonymous", "administrator"])
def test_phone_menu_opens_without_javascript_and_by_keyboard(visit, email):
    page = visit("/", email, javascript=False)
    links = menu_links(page)
    expect(links.first).to_be_hidden()
    page.locator(".site-menu > summary").focus()
    page.keyboard.press("Enter")
    expect(links.first).to_be_visible()
    for index in range(links.count()):
        expect(links.nth(index)).to_be_visible()
    # Language and account sit in the same menu.
    expect(page.locator(".site-menu .language-switch button").first).to_be_visible()
    account = "Uitloggen" if email else "Inloggen"
    expect(page.locator(".site-menu").get_by_text(account, exact=True)).to_be_visible()
    # The keyboard reaches the links in the opened menu.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.site-menu nav') !== null")


def test_phone_menu_opened_has_no_accessibility_violations(visit):
    page = visit("/forum/", ADMIN, bypass_csp=True)
    page.locator(".site-menu > summary").click()
    assert violations(page) == []


@pytest.mark.parametrize("address", ["/", "/forum/", "/admin/users", "/week/"])
def test_desktop_menu_of_an_administrator_fits_on_one_line(visit, address):
    page = visit(address, ADMIN, viewport=DESKTOP)
    expect_menu_on_one_line(page, DESKTOP["width"])
    expect(page.locator(".main-nav").get_by_text("Week tegen Kindermishandeling")).to_be_visible()


# From a small laptop (1024 px, where the menu unfolds) up to a wide screen, in both languages.
@pytest.mark.parametrize("width", [1024, 1152, 1279])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_menu_fits_on_one_line_on_a_laptop(visit, width, language):
    page = visit("/forum/", ADMIN, viewport={"width": width, "height": 800})
    if language == "en":
        page.locator(".language-switch button[value=en]").click()
        page.wait_for_load_state()
    try:
        expect_menu_on_one_line(page, width)
        # The Week's long name is cut short on screen, but read in full.
        week = page.locator(".main-nav a[href='/week/']")
        expect(week.locator(".nav-short")).to_be_visible()
        expect(week.locator(".nav-short")).to_have_text("Week")
        assert week.bounding_box()["width"] < 80, "the whole name is on the screen"
        expect(week).to_have_accessible_name(
            {"nl": "Week tegen Kindermishandeling", "en": "Week against Child Abuse"}[language]
        )
    finally:
        if language == "en":
            page.locator(".language-switch button[value=nl]").click()
            page.wait_for_load_state()


@pytest.mark.parametrize(("page_type", "address", "email"), PAGES, ids=[p[0] for p in PAGES])
def test_no_page_scrolls_sideways_on_a_small_laptop(visit, page_type, address, email):
    page = visit(address, email, viewport=SMALL_LAPTOP)
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= SMALL_LAPTOP["width"], f"{page_type}: {scroll_width} px wide"


def expect_menu_on_one_line(page, width):
    expect(page.locator(".site-menu > summary")).to_be_hidden()
    boxes = page.locator(".site-header a, .site-header button").evaluate_all(
        """items => items.map(item => item.getBoundingClientRect())
            .filter(box => box.height > 0)
            .map(box => ({left: box.left, right: box.right, middle: box.top + box.height / 2}))"""
    )
    assert len(boxes) >= 9, "brand, four sections, administration, notifications, name, ..."
    middles = [box["middle"] for box in boxes]
    assert max(middles) - min(middles) <= 8, f"the menu wraps: {sorted(set(middles))}"
    # Side by side in reading order, none over another, all on the screen.
    for before, after in itertools.pairwise(boxes):
        assert after["left"] >= before["right"], f"items overlap: {before}, {after}"
    assert boxes[-1]["right"] <= width - 16, f"the menu runs off the screen: {boxes[-1]}"
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll_width <= width, "the page scrolls sideways"


def test_phone_menu_closes_with_escape(visit):
    page = visit("/forum/", MEMBER)
    page.locator(".site-menu > summary").click()
    expect(menu_links(page).first).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu_links(page).first).to_be_hidden()
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"


def wider_than_the_screen(page, selector):
    return page.locator(selector).evaluate_all(
        """(items) => items.filter((item) => item.getBoundingClientRect().right > innerWidth + 0.5)
            .map((item) => item.outerHTML.slice(0, 80))"""
    )


def expect_hits_marked_by_kind(page):
    """Each hit says what it is (forum question, lesson, webinar, Week event) beside its title."""
    labels = {
        "forum": "Forumvraag",
        "lesson": "Les",
        "webinar": "Webinar",
        "event": "Week-activiteit",
    }
    for kind, label in labels.items():
        hit = page.locator(f".search-results .search-hit.kind-{kind}").first
        expect(hit).to_be_visible()
        expect(hit.locator(".search-kind")).to_have_text(label)


def test_header_search_by_keyboard_on_a_wide_screen(visit):
    page = visit("/forum/", MEMBER, viewport=DESKTOP, bypass_csp=True)
    box = page.locator("#site-search-q")
    expect(box).to_be_hidden()
    toggle = page.locator("#site-search > summary")
    expect(toggle).to_have_accessible_name("Zoeken")
    # Tab from the top of the page reaches the search button; Enter opens the box, focused.
    page.locator("body").focus()
    for _press in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#site-search') !== null"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_be_focused()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= DESKTOP["width"]
    assert wider_than_the_screen(page, ".site-search, .site-search *") == []
    assert violations(page) == []
    # Escape closes it again, back on its button.
    page.keyboard.press("Escape")
    expect(box).to_be_hidden()
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("meldcode")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=meldcode")
    expect(page.locator("h1")).to_have_text("Zoeken in Verbind")
    expect(page.locator("#q")).to_have_value("meldcode")
    expect_hits_marked_by_kind(page)
    # The kind filter by keyboard too: only lessons.
    page.locator(".search-kinds a.kind-lesson").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**kind=lesson**")
    expect(page.locator(".search-kinds a[aria-current]")).to_contain_text("les")
    expect(page.locator(".search-results .search-hit").first).to_be_visible()
    assert page.locator(".search-results .search-hit:not(.kind-lesson)").count() == 0


def test_header_search_in_the_phone_menu(visit):
    page = visit("/courses/", MEMBER)
    box = page.locator("#site-search-q")
    expect(box).to_be_hidden()
    page.locator(".site-menu > summary").click()
    # In the folded menu the box is there at once, as wide as the menu, easy to tap.
    expect(box).to_be_visible()
    expect(page.locator("#site-search > summary")).to_be_hidden()
    assert box.bounding_box()["height"] >= 40
    assert page.locator(".site-search .button").bounding_box()["height"] >= 40
    assert wider_than_the_screen(page, ".menu-panel, .menu-panel *") == []
    box.fill("meldcode")
    box.press("Enter")
    page.wait_for_url("**/search?q=meldcode")
    expect_hits_marked_by_kind(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert wider_than_the_screen(page, "main, main *") == []
    expect(page.locator(".search-row button")).to_be_visible()
    # The page's own box searches again.
    page.locator("#q").fill("kindcheck")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/search?q=kindcheck")
    expect(page.locator(".search-results .search-hit").first).to_be_visible()


def test_lesson_forum_block_fits_a_phone_and_leads_to_the_ask_form(visit):
    page = visit("/courses/kindcheck/lessons/{lesson}", PROFESSIONAL)
    block = page.locator(".lesson-forum")
    expect(block.get_by_role("heading", name="Vragen op het forum")).to_be_visible()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert wider_than_the_screen(page, ".lesson-forum, .lesson-forum *") == []
    ask = block.get_by_role("link", name="Stel een vraag over deze les")
    assert ask.bounding_box()["height"] >= 40
    ask.click()
    page.wait_for_url("**/forum/ask?lesson=*")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
