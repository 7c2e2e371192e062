"""render_markdown(): the only way user-written text becomes HTML (Markdown, then bleach).

The Markdown engine is cmark-gfm (GitHub's C implementation of CommonMark, through cmarkgfm),
because its parser runs in linear time: Python-Markdown, used before, took minutes on 20,000
unclosed brackets (see benchmarks/markdown_render.py). cmark-gfm does not sanitise either, so
the rendered HTML goes through an explicit allowlist. bleach only receives security fixes
upstream; keeping it behind this one function means it can be replaced in one place.
"""

import html as html_lib
import re
import threading
from functools import lru_cache, partial

import bleach
import cmarkgfm
from bleach.linkifier import LinkifyFilter
from cmarkgfm.cmark import Options
from flask_babel import format_number
from flask_babel import gettext as _
from markupsafe import Markup
from wtforms.validators import ValidationError

from community.offload import off_loop

# GitHub's tables and ~~strikethrough~~; links in plain text are made by bleach's linkifier
# below, so every link gets the same rel. No extension lets users write attributes.
MARKDOWN_EXTENSIONS = ("table", "strikethrough")
# Raw HTML is passed on to bleach, which keeps the allowed tags (<b>, <em>) and strips the
# rest, as before; cmark's own "safe" mode would drop even the harmless ones.
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_VALIDATE_UTF8

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "em", "b", "i", "del", "blockquote", "code", "pre",
        "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
        "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "th": ["align"],
    "td": ["align"],
    "ol": ["start"],
}
# javascript:, vbscript: and data: are absent on purpose: such links are removed.
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"
MAX_SOURCE_LENGTH = 100_000


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_local = threading.local()


def _cleaner():
    # bleach's Cleaner keeps parser state, so each thread gets its own.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[partial(LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"pre", "code"})],
        )
        _local.cleaner = cleaner
    return cleaner


def render_markdown(text, *, hard_breaks=True):
    """Turn Markdown into safe HTML, ready to place in a template (cached: pages render the
    same posts again and again, and rendering is the costliest part of a thread page).

    hard_breaks keeps the author's line breaks, as people expect in forum posts; written
    documents such as course lessons are wrapped by their authors and render without them.

    Text with more structure than the sanitiser can take in bounded time (see
    formatting_problem) is shown as plain text instead; forms refuse such text before it is
    stored, so this only meets text stored earlier or written outside the forms."""
    if not text:
        return Markup("")
    return _render_cached(str(text)[:MAX_SOURCE_LENGTH], hard_breaks)


# Bounded: at most 1024 entries of at most 100 kB source each. A hit is answered at once; only
# a miss goes to a thread beside the event loop (community/offload.py).
@lru_cache(maxsize=1024)
def _render_cached(source, hard_breaks):
    return off_loop(_render, source, hard_breaks)


def _render(source, hard_breaks):
    html = _markdown_to_html(source, hard_breaks)
    if not _structure_within_limits(html):
        return _plain_text_html(source)
    # Headings in user text start at h2: the page itself owns h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return Markup(_cleaner().clean(html))  # noqa: S704 - the cleaner's output is the safe HTML


def _markdown_to_html(source, hard_breaks):
    options = _OPTIONS | Options.CMARK_OPT_HARDBREAKS if hard_breaks else _OPTIONS
    return cmarkgfm.markdown_to_html_with_extensions(
        source, options=options, extensions=MARKDOWN_EXTENSIONS
    )


# --- bounds ------------------------------------------------------------------------------------
# cmark-gfm parses in linear time, but bleach's HTML parser (html5lib, like every HTML5 parser)
# costs about 10-20 µs per tag or character reference and grows with the square of the nesting
# depth: 10,000 nested quotes ("> > > ...", 20,000 characters) took 3.4 s. These limits keep
# the sanitiser well under 100 ms for any input up to the longest field (20,000 characters),
# while ordinary posts stay far below them (a 20,000-character post of formatted prose has
# about 1,000 tags and a depth of 4).
MAX_MARKUP = 4_000  # tags and character references in the HTML that cmark-gfm makes
MAX_NESTING = 24  # open elements inside one another
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)")
_TAGS = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip


def _structure_within_limits(html):
    # Counting is done in C first, so the loop below never runs over more than MAX_MARKUP tags.
    if html.count("<") + html.count("&") > MAX_MARKUP:
        return False
    depth = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _VOID_ELEMENTS:
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > MAX_NESTING:
                return False
    return True


def formatting_problem(text, *, hard_breaks=True):
    """A message for the author when the text has more formatting than a page can show (forms
    refuse it and keep what was typed), or None."""
    if not text:
        return None
    if off_loop(_source_within_limits, str(text)[:MAX_SOURCE_LENGTH], hard_breaks):
        return None
    return _(
        "This text has more formatting than a page can show: at most %(count)s formatting "
        "marks and %(depth)d levels of lists or quotes inside each other. Simplify the lists, "
        "quotes or emphasis.",
        count=format_number(MAX_MARKUP),
        depth=MAX_NESTING,
    )


def _source_within_limits(source, hard_breaks):
    return _structure_within_limits(_markdown_to_html(source, hard_breaks))


class FormattingWithinLimits:
    """WTForms validator for every field that is rendered as Markdown."""

    def __init__(self, *, hard_breaks=True):
        self.hard_breaks = hard_breaks

    def __call__(self, form, field):
        problem = formatting_problem(field.data, hard_breaks=self.hard_breaks)
        if problem:
            raise ValidationError(problem)


def _plain_text_html(source):
    """The source as escaped paragraphs with line breaks: linear, and safe without a parser."""
    paragraphs = re.split(r"\n\s*\n", source.strip())
    return Markup("\n").join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(paragraph.splitlines()))
        for paragraph in paragraphs
    )


@lru_cache(maxsize=4096)
def markdown_to_text(text):
    """Plain text of user Markdown, for e-mails, snippets and search previews. Cached like
    rendering: a calendar feed turns every event's description into text on each request."""
    # The HTML is the sanitiser's own output, so taking out its tags is enough; a second pass
    # through bleach would cost as much again (and text shown as plain text is not bounded by
    # the formatting limits). Quoted attribute values may hold a ">".
    stripped = _TAGS.sub("", str(render_markdown(text)))
    return html_lib.unescape(stripped).strip()
