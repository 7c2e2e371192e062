"""render_markdown(): the only way user-written text becomes HTML (Markdown, then bleach).

Python-Markdown does not sanitise, so the rendered HTML goes through an explicit allowlist.
bleach only receives security fixes upstream; keeping it behind this one function means it can
be replaced in one place.
"""

import html as html_lib
import threading
from functools import lru_cache, partial

import bleach
import markdown
from bleach.linkifier import LinkifyFilter
from markupsafe import Markup

# Deliberately no attr_list, md_in_html or raw-HTML-friendly extensions: they let users add
# attributes such as onerror= to elements.
MARKDOWN_EXTENSIONS = ["fenced_code", "tables", "sane_lists"]

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
    documents such as course lessons are wrapped by their authors and render without them."""
    if not text:
        return Markup("")
    return _render_cached(str(text)[:MAX_SOURCE_LENGTH], hard_breaks)


# Bounded: at most 1024 entries of at most 100 kB source each.
@lru_cache(maxsize=1024)
def _render_cached(source, hard_breaks):
    # Headings in user text start at h2: the page itself owns h1.
    extensions = [*MARKDOWN_EXTENSIONS, "nl2br"] if hard_breaks else MARKDOWN_EXTENSIONS
    html = markdown.markdown(source, extensions=extensions, output_format="html", tab_length=4)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return Markup(_cleaner().clean(html))  # noqa: S704 - the cleaner's output is the safe HTML


@lru_cache(maxsize=4096)
def markdown_to_text(text):
    """Plain text of user Markdown, for e-mails, snippets and search previews. Cached like
    rendering: a calendar feed turns every event's description into text on each request."""
    stripped = bleach.clean(str(render_markdown(text)), tags=set(), strip=True)
    return html_lib.unescape(stripped).strip()
