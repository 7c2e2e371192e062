"""Every payload through the profile, webinars (and their live Q&A over Socket.IO), the Week
calendar and course content imported from files, and every page that shows it."""

import re
from datetime import timedelta

import yaml

from community.clock import utcnow
from community.extensions import db, socketio
from community.webinars import live as webinar_live
from community.webinars import services as webinar_services
from community.webinars.models import Webinar
from courses.content import import_course
from courses.models import Course, Lesson, Quiz
from tests.helpers import page_text, post_confirming_privacy, post_form
from tests.security.xss.checker import same_text
from tests.security.xss.corpus import (
    assert_safe,
    markdown_chunks,
    one_line,
    packed,
    swallowers_last,
)
from tests.webinars.test_live import ask_confirming_privacy

NAMESPACE = "/webinar"


def test_profile_name_and_organisation_are_shown_as_text(app, person, marked_payloads):
    client, _ = person("professional")
    question = post_form(
        client,
        "/forum/ask",
        {
            "category": 1,
            "title": "Hoe bespreek ik zorgen met ouders?",
            "body": "Ik merk spanning bij een gezin en wil het gesprek goed voorbereiden.",
            "confirm_privacy": "y",
            "acknowledge_danger": "1",
        },
    )
    thread = question.headers["Location"]
    baseline = {url: page_text(client.get(url)) for url in (thread, "/account/profile")}
    names = packed(marked_payloads, 100)
    organisations = packed(marked_payloads, 150)
    for i in range(max(len(names), len(organisations))):
        name_markers, name = names[i % len(names)]
        org_markers, organisation = organisations[i % len(organisations)]
        details = {
            "name": name,
            "organisation": organisation,
            "function": "wijkteam",
            "gemeente": "Deventer",
            "handle": f"collega{i}",
            "locale": "nl",
            "notify_email": "each",
        }
        response = post_form(client, "/account/profile", details)
        assert response.status_code == 302, page_text(response)[:2000]
        for url in (thread, "/account/profile"):
            assert_safe(
                page_text(client.get(url)),
                baseline[url],
                f"{url} with name {i}",
                name_markers + org_markers if url == thread else name_markers,
                [name, organisation] if url == thread else [name],
            )


def _webinar_form(title, description):
    starts = utcnow() + timedelta(days=30)
    return {
        "title": title,
        "description": description,
        "speakers": "",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "100",
        "related_course": "0",
        "related_category": "0",
    }


def test_webinar_title_and_description_never_execute(app, person, marked_payloads):
    organiser, _ = person("organiser")
    response = post_form(
        organiser, "/webinars/new", _webinar_form("Samenwerken bij veiligheid", "Hoe het werkt.")
    )
    plain = response.headers["Location"]
    baseline = {
        "detail": page_text(organiser.get(plain)),
        "edit": page_text(organiser.get(plain + "/edit")),
        "index": page_text(organiser.get("/webinars/")),
    }
    titles = packed(marked_payloads, 200)
    descriptions = markdown_chunks(marked_payloads)
    for i in range(max(len(titles), len(descriptions))):
        title_markers, title = titles[i % len(titles)]
        description_markers, description = descriptions[i % len(descriptions)]
        # Some payloads look like an e-mail address or a number to the privacy guard.
        response = post_confirming_privacy(
            organiser, "/webinars/new", _webinar_form(title, description)
        )
        assert response.status_code == 302, page_text(response)[:2000]
        url = response.headers["Location"]
        assert_safe(
            page_text(organiser.get(url)),
            baseline["detail"],
            f"webinar {url}",
            title_markers + description_markers,
            [title],
        )
        assert_safe(page_text(organiser.get(url + "/edit")), baseline["edit"], f"{url}/edit")
    assert_safe(page_text(organiser.get("/webinars/")), baseline["index"], "webinar list")


def test_live_questions_return_as_plain_text_and_render_escaped(
    app, person, marked_payloads, monkeypatch
):
    monkeypatch.setattr(webinar_live, "QUESTIONS_PER_MINUTE", 10_000)
    attendee, attendee_id = person("member")
    moderator, _ = person("moderator")
    with app.app_context():
        webinar = Webinar(
            title="Samenwerken bij veiligheid",
            description="Hoe wijkteam en Veilig Thuis samen optrekken.",
            starts_at=utcnow() + timedelta(minutes=30),
            ends_at=utcnow() + timedelta(minutes=90),
            capacity=10,
            host_id=attendee_id,
        )
        db.session.add(webinar)
        db.session.commit()
        webinar_id = webinar.id
        webinar_services.register(db.session.get(type(webinar.host), attendee_id), webinar)
    url = f"/webinars/{webinar_id}/live"
    baseline = {
        "attendee": page_text(attendee.get(url)),
        "moderator": page_text(moderator.get(url)),
    }

    socket = socketio.test_client(app, namespace=NAMESPACE, flask_test_client=attendee)
    assert socket.emit("join", {"webinar_id": webinar_id}, namespace=NAMESPACE, callback=True)["ok"]
    groups = packed(marked_payloads, 500, single_line=False, separator="\n")
    for n, (_, text) in enumerate(groups):
        # Payloads can look like phone numbers or names: confirmed as an author would.
        reply = ask_confirming_privacy(socket, webinar_id, text, token=f"xss-token-{n:04d}")
        assert reply["ok"], reply
        # Sent back as the text itself: the page script shows it with textContent.
        assert same_text(reply["question"]["text"]) == same_text(text)
    all_markers = [marker for markers, _ in groups for marker in markers]
    texts = [text for _, text in groups]
    for who, client in (("attendee", attendee), ("moderator", moderator)):
        assert_safe(
            page_text(client.get(url)), baseline[who], f"live page for {who}", all_markers, texts
        )


EVENT = {
    "starts": "2030-11-20T19:30",
    "ends": "2030-11-20T21:30",
    "venue": "Bibliotheek Centrum",
    "address": "Stationsplein 1",
    "gemeente": "arnhem",
    "audience": "professionals",
    "registration_mode": "verbind",
    "capacity": "20",
}


def test_week_events_never_execute_payloads(app, person, marked_payloads):
    organiser, _ = person("organiser")
    moderator, _ = person("moderator")

    def submit(title, description, organisation):
        data = {**EVENT, "title": title, "description": description, "organisation": organisation}
        # Some payloads look like an e-mail address or a number to the privacy guard.
        response = post_confirming_privacy(organiser, "/week/events/new", data)
        assert response.status_code == 302, page_text(response)[:2000]
        return response.headers["Location"]

    plain = submit("Lezing: signalen herkennen", "Een avond over de meldcode.", "GGD Gelderland")
    pages = {
        "list": "/week/?all=1",
        "month": "/week/?view=month&start=2030-11-01",
        "week": "/week/?view=week&start=2030-11-18",
        "mine": "/week/mine",
    }
    review_baseline = page_text(moderator.get("/week/review"))
    events = []
    titles = packed(marked_payloads, 200)
    descriptions = markdown_chunks(marked_payloads)
    organisations = packed(marked_payloads, 150)
    for i in range(max(len(titles), len(descriptions), len(organisations))):
        title_markers, title = titles[i % len(titles)]
        description_markers, description = descriptions[i % len(descriptions)]
        org_markers, organisation = organisations[i % len(organisations)]
        url = submit(title, description, organisation)
        events.append((url, title_markers + description_markers + org_markers, [title]))
    assert_safe(page_text(moderator.get("/week/review")), review_baseline, "review queue")
    for url in [plain] + [url for url, _, _ in events]:
        event_id = url.rsplit("/", 1)[1]
        response = post_form(
            moderator,
            f"/week/events/{event_id}/review",
            {"decision": "approve"},
            page="/week/review",
        )
        assert response.status_code == 302
    baseline = {name: page_text(organiser.get(page)) for name, page in pages.items()}
    baseline["detail"] = page_text(organiser.get(plain))
    baseline["edit"] = page_text(organiser.get(plain + "/edit"))
    for url, markers, texts in events:
        assert_safe(page_text(organiser.get(url)), baseline["detail"], url, markers, texts)
        assert_safe(page_text(organiser.get(url + "/edit")), baseline["edit"], url + "/edit")
    for name, page in pages.items():
        assert_safe(page_text(organiser.get(page)), baseline[name], f"calendar {name}")
    assert organiser.get("/week/feed.json").is_json


def _course_folder(root, marked):
    folder = root / "xss-cursus"
    module = folder / "01-module"
    module.mkdir(parents=True)
    chunks = markdown_chunks(marked)
    titles = packed(marked, 200)
    course = {
        "title": "Testcursus veiligheid",
        "summary": "Een cursus vol lastige tekst.",
        "description": "\n\n".join(f"{m} {p}" for m, p in swallowers_last(marked)),
    }
    (folder / "course.yaml").write_text(yaml.safe_dump(course, allow_unicode=True), "utf-8")
    (module / "module.yaml").write_text("title: Module\nsummary: Alles.\n", encoding="utf-8")
    for n, (_, body) in enumerate(chunks, start=1):
        title = titles[(n - 1) % len(titles)][1]
        front = yaml.safe_dump({"title": title, "order": n, "minutes": 5}, allow_unicode=True)
        lesson = module / f"{n:02d}-les.md"
        lesson.write_text(f"---\n{front}---\n{body}\n", encoding="utf-8")
    questions = []
    for n in range(0, len(marked), 8):
        group = marked[n : n + 8]
        options = [
            {"text": one_line(f"{m} {p}"), "correct": True, "feedback": f"{m} {p}"}
            for m, p in group
        ]
        if len(options) < 2:
            options.append({"text": "Geen van beide", "correct": False})
        text = "\n\n".join(f"{m} {p}" for m, p in group)
        questions.append(
            {
                "id": f"keuze-{n}",
                "type": "multiple",
                "text": text,
                "feedback": text,
                "options": options,
            }
        )
        if len(group) >= 3:
            items = [one_line(f"{m} {p}") for m, p in group]
            questions.append(
                {"id": f"volgorde-{n}", "type": "ordering", "text": text, "items": items}
            )
    for n, (_, body) in enumerate(chunks):
        part = {"id": f"deel-{n}", "type": "true_false", "text": "Klopt dit?", "correct": True}
        questions.append({"id": f"casus-{n}", "type": "case", "case": body, "parts": [part]})
    # "always": the result page shows every text there is (right answers, right orders).
    quiz = {
        "title": "Toets",
        "order": 99,
        "pass_mark": 50,
        "show_answers": "always",
        "questions": questions,
    }
    (module / "99-toets.quiz.yaml").write_text(yaml.safe_dump(quiz, allow_unicode=True), "utf-8")
    return folder


def test_course_lessons_and_quiz_never_execute_payloads(app, person, tmp_path, marked_payloads):
    with app.app_context():
        import_course(_course_folder(tmp_path, marked_payloads))
        course = db.session.scalar(db.select(Course))
        slug = course.slug
        lessons = db.session.scalars(db.select(Lesson.id).order_by(Lesson.position)).all()
        quiz_id = db.session.scalar(db.select(Quiz.id))
    learner, _ = person("member")
    all_markers = [marker for marker, _ in marked_payloads]
    html = page_text(learner.get(f"/courses/{slug}"))
    assert_safe(html, page_text(learner.get("/courses/")), "course page", all_markers)
    response = post_form(learner, f"/courses/{slug}/enrol", page=f"/courses/{slug}")
    assert response.status_code == 302
    lesson_pages = [page_text(learner.get(f"/courses/{slug}/lessons/{i}")) for i in lessons]
    baseline = page_text(learner.get("/courses/"))
    seen = " ".join(lesson_pages)
    for i, html in zip(lessons, lesson_pages, strict=True):
        assert_safe(html, baseline, f"lesson {i}")
    assert [m for m in all_markers if m not in seen] == []

    quiz_url = f"/courses/{slug}/quizzes/{quiz_id}"
    assert_safe(page_text(learner.get(quiz_url)), baseline, "quiz page")
    response = post_form(learner, f"{quiz_url}/attempts", page=quiz_url)
    assert response.status_code == 302, page_text(response)[:2000]
    attempt_url = response.headers["Location"]
    html = page_text(learner.get(attempt_url))
    assert_safe(html, baseline, "attempt page", all_markers)
    # Choose every option, so each option's feedback shows on the result page.
    answers = {
        name: re.findall(rf'name="{re.escape(name)}" value="(\w+)"', html)
        for name in set(re.findall(r'name="(q\d+\[\])"', html))
    }
    response = post_form(learner, attempt_url, answers)
    # Ordering and case questions are left open: first the summary of unanswered questions.
    assert response.status_code == 200, page_text(response)[:2000]
    assert_safe(page_text(response), baseline, "summary page")
    response = post_form(learner, attempt_url, {**answers, "anyway": "1"})
    assert response.status_code == 302, page_text(response)[:2000]
    assert_safe(page_text(learner.get(attempt_url)), baseline, "result page", all_markers)
