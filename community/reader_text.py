"""What a reader sees of a text, and where each piece of it came from in what the author typed.

The privacy guard must read what other people will read: Markdown rendered (`1234**5678**2` is
one number on the page), character references decoded (`&#49;`, `&#x40;`), Unicode normalised
(a non-breaking space or a full-width digit reads as a space or a digit), invisible characters
gone (a zero-width space inside a number) and dashes read as dashes. Findings in that text are
mapped back to the author's own text, so the form can mark them where the author wrote them.
"""

import html
import re
import unicodedata

from community.markup import markdown_to_text

# A character reference (as HTML would decode it) or a single character.
_REFERENCE_OR_CHARACTER = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|.", re.DOTALL
)
# How far ahead in the source the next visible character may be: far enough to step over a
# link's address, which readers do not see.
_LOOKAHEAD = 4096


def normalise(text):
    """The text as it reads: NFKC, format characters (zero-width spaces, soft hyphens, joiners)
    removed, every dash a hyphen-minus."""
    if text.isascii():
        return text
    return "".join(_normalised(char) for char in text)


def _normalised(char):
    if char < "\x80":
        return char
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if category == "Pd":
        return "-"
    return unicodedata.normalize("NFKC", char)


class ReaderText:
    """What readers see of `source` (`.text`), and a way back from a span of it to the source.
    The way back is worked out only when asked for: most texts have no findings."""

    def __init__(self, source, *, markdown):
        self.source = source
        self.markdown = markdown
        # Plain text fields show character references as typed, so only Markdown decodes them.
        self.text = normalise(markdown_to_text(source) if markdown else source)
        self._starts = self._ends = None

    def source_span(self, start, end):
        """The span of the source that shows as text[start:end] (best effort: from the first to
        the last character of it that could be traced), or None."""
        if self._starts is None:
            self._starts, self._ends = self._trace()
        traced = [i for i in range(start, end) if self._starts[i] >= 0]
        if not traced:
            return None
        return self._starts[traced[0]], self._ends[traced[-1]]

    def _trace(self):
        if self.text == self.source:
            positions = list(range(len(self.source)))
            return positions, [position + 1 for position in positions]
        stream, stream_starts, stream_ends = _source_stream(self.source, self.markdown)
        starts, ends = [], []
        position = 0
        for char in self.text:
            found = -1 if char.isspace() else stream.find(char, position, position + _LOOKAHEAD)
            if found < 0:
                starts.append(-1)
                ends.append(-1)
                continue
            starts.append(stream_starts[found])
            ends.append(stream_ends[found])
            position = found + 1
        return starts, ends


def reader_text(source, *, markdown):
    """ReaderText of `source`; Markdown is rendered first when `markdown` is true."""
    return ReaderText(source, markdown=markdown)


def _source_stream(source, markdown):
    """The source read character by character as the reader text is made (references decoded,
    normalised), with the source span each character comes from."""
    if source.isascii() and not (markdown and "&" in source):
        return source, range(len(source)), range(1, len(source) + 1)
    pieces, starts, ends = [], [], []
    matches = (
        _REFERENCE_OR_CHARACTER.finditer(source)
        if markdown
        else (_Single(index, char) for index, char in enumerate(source))
    )
    for match in matches:
        piece = match.group()
        if markdown and len(piece) > 1:
            piece = html.unescape(piece)
        for char in normalise(piece):
            pieces.append(char)
            starts.append(match.start())
            ends.append(match.end())
    return "".join(pieces), starts, ends


class _Single:
    """A one-character stand-in for a regex match, for plain text."""

    __slots__ = ("_char", "_index")

    def __init__(self, index, char):
        self._index, self._char = index, char

    def group(self):
        return self._char

    def start(self):
        return self._index

    def end(self):
        return self._index + 1
