"""The XSS corpus and a checker that lists whatever in a page a browser could execute.

The checker parses HTML with html.parser (which decodes entities in attribute values, as a
browser does) and reports script that is not one of the app's own files, event-handler
attributes, dangerous URLs, frames, plugins, <base>, refreshes, foreign forms and CSS tricks.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

PAYLOAD_FILE = Path(__file__).with_name("payloads.txt")
MAX_PAYLOAD_LENGTH = 93
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def load_payloads(path=PAYLOAD_FILE):
    """The payloads, escapes decoded; only the '#' lines at the top of the file are comments."""
    payloads, header = [], True
    for line in path.read_text(encoding="utf-8").split("\n"):
        if header and line.startswith("#"):
            continue
        header = False
        if line:
            payloads.append(re.sub(r"\\([ntr\\])", lambda m: _ESCAPES[m.group(1)], line))
    return payloads


URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "xlink:href", "data", "srcdoc", "background",
        "poster", "lowsrc", "dynsrc", "codebase", "code", "cite", "srcset", "values", "to",
        "from", "by", "ping", "manifest", "icon",
    }
)  # fmt: skip
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")
FORBIDDEN_ELEMENTS = frozenset(
    {
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math",
        "style", "link", "isindex", "template", "portal", "noembed", "xmp", "plaintext",
    }
)  # fmt: skip
# Characters a browser ignores or strips inside a URL scheme (C0 controls, space, DEL and the
# zero-width and direction marks).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f\u200b-\u200f\u202a-\u202e\u2060\ufeff]+")
_CSS_NOISE = re.compile(r"/\*.*?\*/|\\|\s+", re.S)


def _scheme_of(value):
    return _IGNORED_IN_URL.sub("", value).lower()


def _dangerous_css(value):
    css = _CSS_NOISE.sub("", value or "").lower()
    return any(
        marker in css
        for marker in ("expression(", "javascript:", "vbscript:", "behavior:", "-moz-binding")
    )


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self.tags = set()
        self._script = None  # (type, [chunks]) while inside an inline <script>
        self._style = None

    def _report(self, what):
        self.findings.append(what)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        values = {name: value or "" for name, value in attrs}
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._report(f"<{tag} {name}=…> event handler")
            if name in URL_ATTRIBUTES and _scheme_of(value).startswith(DANGEROUS_SCHEMES):
                self._report(f"<{tag} {name}={value[:40]!r}> dangerous URL")
            if name == "srcdoc":
                self._report(f"<{tag} srcdoc> inline document")
            if name == "style" and _dangerous_css(value):
                self._report(f"<{tag} style={value[:40]!r}> script in CSS")
            if name == "attributename" and value.lower() in ("href", "xlink:href"):
                self._report(f"<{tag} attributeName={value}> animated link")
        if tag == "script":
            src = values.get("src", "")
            if src:
                if not (src.startswith("/static/") and not src.startswith("//")):
                    self._report(f"<script src={src[:40]!r}> foreign script")
            else:
                self._script = (values.get("type", "").lower(), [])
        elif tag == "link" and values.get("href", "").startswith("/static/"):
            pass  # the app's own stylesheets and icons
        elif tag in FORBIDDEN_ELEMENTS:
            self._report(f"<{tag}> element")
            if tag == "style":
                self._style = []
        elif tag == "meta" and values.get("http-equiv", "").strip().lower() == "refresh":
            self._report("<meta http-equiv=refresh>")
        elif tag == "form":
            action = values.get("action", "")
            if action and not (action.startswith("/") and not action.startswith("//")):
                self._report(f"<form action={action[:40]!r}> foreign form")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in ("script", "style"):
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script[1].append(data)
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            kind, chunks = self._script
            self._script = None
            if kind != "application/ld+json":
                self._report("<script> inline script")
                return
            content = "".join(chunks)
            try:
                json.loads(content)
            except ValueError:
                self._report("<script type=application/ld+json> broken out of its JSON")
        if tag == "style" and self._style is not None:
            if _dangerous_css("".join(self._style)):
                self._report("<style> script in CSS")
            self._style = None

    def handle_pi(self, data):
        self._report(f"<?{data[:30]}> processing instruction")


def find_executable(html):
    """Every executable thing in the page, as readable descriptions."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    if finder._script is not None:
        finder._report("<script> unclosed inline script")
    return finder.findings


def new_executable(html, baseline_html):
    """What the page executes that the same page without the payloads does not."""
    known = set(find_executable(baseline_html))
    return [finding for finding in find_executable(html) if finding not in known]


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html):
    """The page's text as a reader sees it (tags gone, entities decoded, spaces collapsed)."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return " ".join(" ".join(collector.parts).split())


def same_text(text):
    """`text` with spaces collapsed, to compare with visible_text()."""
    return " ".join(text.split())
