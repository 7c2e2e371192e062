"""axe-core (WCAG 2.1 A and AA rules) reports no violations on every page type, with the demo
loaded. axe is injected by the test (pinned copy in tests/browser/vendor), not served by the app."""

from pathlib import Path

import pytest

from community.demo import load_demo
from community.extensions import db
from community.forum.categories import seed_categories
from courses import grading
from courses.models import QuizQuestion

pytestmark = pytest.mark.browser

AXE = Path(__file__).with_name("vendor") / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DEMO_PASSWORD = "verbind-demo-2026"


@pytest.fixture
def demo_app(live_app):
    with live_app.app_context():
        seed_categories()
        load_demo()
    return live_app


def violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULES
    )
    return [
        (v["id"], v["help"], [node["target"] for node in v["nodes"]][:3])
        for v in result["violations"]
    ]


def open_as(browser, live_server, email=None):
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    context.set_default_timeout(8000)
    page = context.new_page()
    if email:
        page.goto("/account/login")
        page.fill("#email", email)
        page.fill("#password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
    return context, page


PUBLIC_PAGES = [
    "/",
    "/help",
    "/account/login",
    "/account/register",
    "/courses/",
    "/courses/kindcheck",
    "/webinars/",
    "/week/",
    "/week/?view=month",
    "/week/?view=week",
    "/week/events/1",
    "/search?q=webinar",
]
MEMBER_PAGES = [
    "/forum/",
    "/forum/q/1",
    "/forum/search?q=gesprek",
    "/search?q=gesprek",
    "/search?q=gesprek&kind=lesson",
    "/account/profile",
    "/forum/notifications",
    "/webinars/1",
    "/webinars/1/live",
    "/webinars/2/live",
    "/courses/mine",
]
MODERATOR_PAGES = [
    "/admin/users",
    "/admin/users/6",
    "/forum/moderation/",
    "/week/review",
    "/courses/kindcheck/statistics",
    "/forum/ask",
    "/webinars/1/live",
    "/webinars/1/presenter",
    "/webinars/1/polls",
]


@pytest.mark.parametrize(
    "email, paths",
    [
        (None, PUBLIC_PAGES),
        ("lid@verbind.example", MEMBER_PAGES),
        ("moderator@verbind.example", MODERATOR_PAGES),
    ],
)
def test_pages_have_no_accessibility_violations(browser, live_server, demo_app, email, paths):
    context, page = open_as(browser, live_server, email)
    try:
        found = {}
        for path in paths:
            page.goto(path)
            problems = violations(page)
            if problems:
                found[path] = problems
        assert found == {}
    finally:
        context.close()


def test_course_pages_have_no_accessibility_violations(browser, live_server, demo_app):
    context, page = open_as(browser, live_server, "lid@verbind.example")
    try:
        page.goto("/courses/kindcheck")
        page.get_by_role("button", name="Inschrijven").click()
        found = {"lesson": violations(page)}
        page.goto("/courses/kindcheck")
        page.locator("a", has_text="Toets").first.click()
        found["quiz"] = violations(page)
        page.get_by_role("button", name="Start de toets").click()
        found["attempt"] = violations(page)
        page.locator("input[type=radio]").first.check()
        page.get_by_role("button", name="Antwoorden inleveren").click()
        found["summary"] = violations(page)
        page.get_by_role("button", name="Toch inleveren").click()
        found["result"] = violations(page)
        assert {name: problems for name, problems in found.items() if problems} == {}
    finally:
        context.close()


def test_the_check_itself_catches_a_violation(browser, live_server):
    # Guards the test above: axe must report a form field without a label.
    context, page = open_as(browser, live_server)
    try:
        page.goto("/help")
        page.evaluate("document.querySelector('main').append(document.createElement('input'))")
        assert [problem[0] for problem in violations(page)] == ["label"]
    finally:
        context.close()


def test_certificate_pages_have_no_accessibility_violations(
    browser, live_server, live_app, tmp_path
):
    from courses import learning
    from courses.content import import_course
    from courses.models import Course, Lesson, Quiz
    from tests.courses.conftest import write_course
    from tests.helpers import make_user

    with live_app.app_context():
        import_course(write_course(tmp_path))
        learner = make_user(name="Noor de Wit", email="noor@verbind.example")
        course = db.session.scalar(db.select(Course))
        learning.enrol(learner, course)
        for lesson in db.session.scalars(db.select(Lesson)):
            learning.complete_lesson(learner, lesson)
        attempt = learning.start_attempt(learner, db.session.scalar(db.select(Quiz)))
        answers = {}
        for entry in attempt.layout:
            question = db.session.get(QuizQuestion, entry["question"])
            answers[str(question.id)] = grading.correct_answer(learning.question_dict(question))
        _grade, certificate = learning.submit_attempt(learner, attempt, answers)
        code = certificate.code
    context = browser.new_context(base_url=live_server, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto("/account/login")
        page.fill("#email", "noor@verbind.example")
        page.fill("#password", "lange-zin-als-wachtwoord")
        page.click("main button[type=submit]")
        found = {}
        for path in (f"/certificates/{code}/print", f"/certificates/{code}", "/courses/mine"):
            page.goto(path)
            problems = violations(page)
            if problems:
                found[path] = problems
        assert found == {}
        assert code in page.locator("main").inner_text()
    finally:
        context.close()
