"""Spreading the corpus over form fields (packed to each field's length, or as Markdown
chunks) and the assertion every page goes through."""

from tests.security.xss.checker import load_payloads, new_executable, same_text, visible_text

# Payloads that, unclosed, make the HTML parser drop the rest of the post (as a browser would):
# each goes last in a combined post, so the payloads after it are still tested.
SWALLOWS_FOLLOWING_TEXT = frozenset(
    {"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"}
)


def marked_payloads():
    """[(marker, payload)]: the marker is a word shown in front of the payload, so a test can
    see the text survived."""
    return [(f"XSS{i:03d}", payload) for i, payload in enumerate(load_payloads())]


def one_line(text):
    # A browser drops line breaks from a single-line input.
    return text.replace("\r", "").replace("\n", "")


def packed(marked, limit, *, single_line=True, separator=" "):
    """Marked payloads packed into as few texts as fit `limit` characters: [(markers, text)]."""
    groups, markers, parts = [], [], []
    for marker, payload in marked:
        piece = f"{marker} {one_line(payload) if single_line else payload}"
        candidate = separator.join([*parts, piece])
        if parts and len(candidate) > limit:
            groups.append((markers, separator.join(parts)))
            markers, parts = [], []
        markers.append(marker)
        parts.append(piece)
    if parts:
        groups.append((markers, separator.join(parts)))
    return groups


def markdown_chunks(marked, size=20):
    """Marked payloads as Markdown texts of about `size` payloads, separated by blank lines;
    a payload that swallows what follows it ends its chunk."""
    chunks, current = [], []
    for marker, payload in marked:
        current.append((marker, payload))
        if len(current) >= size or payload in SWALLOWS_FOLLOWING_TEXT:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return [
        ([marker for marker, _ in chunk], "\n\n".join(f"{m} {p}" for m, p in chunk))
        for chunk in chunks
    ]


def assert_safe(html, baseline, where, markers=(), texts=()):
    """Nothing executable beyond the baseline page, and the user's words are still there."""
    findings = new_executable(html, baseline)
    assert not findings, f"{where}: executable output {findings}"
    shown = visible_text(html)
    lost = [marker for marker in markers if marker not in shown]
    assert not lost, f"{where}: text lost for {lost}"
    for text in texts:
        assert same_text(text) in shown, f"{where}: {text!r} not shown as written"


def swallowers_last(marked):
    """The marked payloads with those that swallow what follows them at the end, for one text."""
    return sorted(marked, key=lambda item: item[1] in SWALLOWS_FOLLOWING_TEXT)
