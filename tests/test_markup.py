"""The one Markdown renderer: formatting survives, script and dangerous URLs never do."""

from html.parser import HTMLParser

import pytest

from community.markup import markdown_to_text, render_markdown


class TagCollector(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)


def test_markdown_formatting_becomes_html():
    html = render_markdown("**Let op:** de *meldcode* kent vijf stappen\n\n1. signalen\n2. overleg")
    assert "<strong>Let op:</strong>" in html
    assert "<em>meldcode</em>" in html
    assert "<ol>" in html and "<li>signalen</li>" in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert('xss')</script>",
        "Tekst <SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        '<a href="#" onclick="alert(1)">klik</a>',
        "<svg><script>alert(1)</script></svg>",
        "<iframe src='https://evil.example'></iframe>",
        "```\n<script>alert(1)</script>\n```",
        '```{: onerror="alert(1)"}\ncode\n```',
        '# Kop {: onmouseover="alert(1)"}',
        '<div style="background:url(javascript:alert(1))">x</div>',
    ],
)
def test_script_and_event_handlers_never_reach_the_page(source):
    parsed = TagCollector(str(render_markdown(source)))
    assert not {"script", "img", "iframe", "svg", "div"} & set(parsed.tags)
    assert [name for name, _ in parsed.attributes if name.startswith("on") or name == "style"] == []


@pytest.mark.parametrize(
    "link",
    [
        "[klik](javascript:alert(1))",
        "[klik](JaVaScRiPt:alert(1))",
        "[klik](&#106;avascript:alert(1))",
        "[klik](vbscript:msgbox(1))",
        "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="javascript:alert(1)">klik</a>',
        "<javascript:alert(1)>",
    ],
)
def test_dangerous_link_targets_are_removed(link):
    parsed = TagCollector(str(render_markdown(link)))
    hrefs = [value.lower() for name, value in parsed.attributes if name in ("href", "src")]
    assert not [h for h in hrefs if h.startswith(("javascript:", "vbscript:", "data:"))]
    assert "<script" not in str(render_markdown(link)).lower()


def test_links_get_nofollow_noopener():
    html = str(render_markdown("Zie [Veilig Thuis](https://veiligthuis.nl) of https://example.org"))
    assert html.count('rel="nofollow noopener"') == 2
    assert 'href="https://veiligthuis.nl"' in html
    assert 'href="https://example.org"' in html


def test_user_headings_start_below_the_page_title():
    html = str(render_markdown("# Mijn vraag"))
    assert "<h1" not in html
    assert "<h2>Mijn vraag</h2>" in html


def test_code_blocks_keep_their_text_escaped():
    html = str(render_markdown("```\nif a < b:\n    pass\n```"))
    assert "<pre><code>" in html
    assert "a &lt; b" in html


def test_plain_text_version_has_no_tags():
    assert markdown_to_text("**Gesprek** met *ouders* & kind") == "Gesprek met ouders & kind"


def test_empty_text_renders_as_nothing():
    assert str(render_markdown("")) == ""
    assert str(render_markdown(None)) == ""


def test_templates_render_user_text_through_the_same_sanitiser(app):
    from flask import render_template_string

    with app.test_request_context():
        html = render_template_string(
            "<article>{{ text|markdown }}</article>",
            text="**Vraag** <script>alert(1)</script><img src=x onerror=alert(1)>",
        )
    assert html.startswith("<article><p><strong>Vraag</strong>")
    parsed = TagCollector(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags


def test_plain_template_output_of_user_text_is_escaped(app):
    from flask import render_template_string

    with app.test_request_context():
        html = render_template_string("<p>{{ text }}</p>", text="<script>alert(1)</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_forum_text_keeps_line_breaks_but_documents_reflow():
    assert "<br" in str(render_markdown("eerste regel\ntweede regel"))
    assert "<br" not in str(render_markdown("eerste regel\ntweede regel", hard_breaks=False))
