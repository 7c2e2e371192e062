"""The corpus itself, the checker, the one renderer and the live pages' scripts."""

import re
from pathlib import Path

import pytest

from community.markup import render_markdown
from tests.security.xss.checker import MAX_PAYLOAD_LENGTH, find_executable, visible_text
from tests.security.xss.corpus import SWALLOWS_FOLLOWING_TEXT

STATIC_JS = Path(__file__).resolve().parents[3] / "static" / "js"


def test_corpus_has_many_distinct_payloads_that_fit_every_field(marked_payloads):
    payloads = [payload for _, payload in marked_payloads]
    assert len(payloads) >= 120
    assert len(set(payloads)) == len(payloads)
    assert max(len(payload) for payload in payloads) <= MAX_PAYLOAD_LENGTH


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        "<p><img src=x onerror=alert(1)></p>",
        '<a href="&#106;ava&#x09;script&colon;alert(1)">x</a>',
        '<a href="\x01 JAVASCRIPT:alert(1)">x</a>',
        "<iframe srcdoc='x'></iframe>",
        '<meta http-equiv="Refresh" content="0;url=/x">',
        '<form action="https://evil.example"></form>',
        '<div style="width: e\\xpression(alert(1))"></div>',
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>',
        '<svg><set attributeName="href" to="x"/></svg>',
        '<script src="//evil.example/static/x.js"></script>',
    ],
)
def test_the_checker_sees_executable_markup(html):
    assert find_executable(html)


def test_the_checker_accepts_the_apps_own_markup():
    html = (
        '<link rel="stylesheet" href="/static/css/verbind.css">'
        '<script src="/static/js/forum-thread.js"></script>'
        '<script type="application/ld+json">{"name": "\\u003cscript\\u003e"}</script>'
        '<form method="post" action="/forum/posts/1/vote"></form><form method="get"></form>'
        '<a href="https://veiligthuis.nl" rel="nofollow noopener">Veilig Thuis</a>'
    )
    assert find_executable(html) == []


@pytest.mark.parametrize("hard_breaks", [True, False], ids=["post", "document"])
def test_the_renderer_neutralises_every_payload_and_keeps_the_text(marked_payloads, hard_breaks):
    for marker, payload in marked_payloads:
        html = str(
            render_markdown(f"{marker} {payload}\n\nNa de payload.", hard_breaks=hard_breaks)
        )
        assert find_executable(html) == [], (payload, html)
        shown = visible_text(html)
        assert marker in shown, (payload, html)
        if payload not in SWALLOWS_FOLLOWING_TEXT:
            assert "Na de payload." in shown, (payload, html)


def test_live_scripts_put_server_text_in_the_page_as_text():
    """Server data reaches the DOM through textContent; the innerHTML of forum-thread.js takes
    the answer fragment, which the server renders through the sanitiser (tested in
    test_forum_xss), and the one of forum-compose.js the preview (sanitised) and the similar
    questions (escaped titles), tested in tests/forum/test_onboarding.py."""
    sinks = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|\.html\(")
    found = {
        (path.name, line.strip())
        for path in STATIC_JS.glob("*.js")
        for line in path.read_text(encoding="utf-8").splitlines()
        if sinks.search(line)
    }
    assert found <= {
        ("forum-thread.js", "template.innerHTML = html.trim();"),
        ("forum-compose.js", "target.innerHTML = html;"),
    }
    live = (STATIC_JS / "webinar-live.js").read_text(encoding="utf-8")
    assert "node.textContent = text" in live
