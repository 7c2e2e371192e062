"""What a post will look like before it is posted: the Markdown rendered as readers will see it
and the privacy guard's findings as hints (the confirmation itself happens when posting)."""

from dataclasses import dataclass, field

from flask_babel import gettext as _
from markupsafe import Markup

from community.markup import formatting_problem, render_markdown
from community.privacy import identifiers_readers_see, privacy_excerpts

# The longest field a post has (a question's or answer's body); titles and tags are shorter.
MAX_BODY = 20_000
MAX_LINE = 200


@dataclass
class Preview:
    html: Markup = field(default_factory=Markup)
    privacy: list = field(default_factory=list)  # [(label, excerpt)] as the posting form shows
    problem: str | None = None  # why there is no preview (too long, too much formatting)

    @property
    def empty(self):
        return not (self.html or self.privacy or self.problem)


def preview_post(body, *, title="", tags=""):
    """The preview of a post being written. Length is checked before anything reads the text,
    then the formatting limits, and only then is the text rendered and scanned."""
    body, title, tags = (value if isinstance(value, str) else "" for value in (body, title, tags))
    if len(body) > MAX_BODY or len(title) > MAX_LINE or len(tags) > MAX_LINE:
        return Preview(problem=_("This text is too long for a preview: at most 20,000 characters."))
    problem = formatting_problem(body)
    if problem:
        return Preview(problem=problem)
    privacy = []
    for text, markdown in ((title, False), (body, True), (tags, False)):
        if text.strip():
            privacy += privacy_excerpts(text, identifiers_readers_see(text, markdown=markdown))
    return Preview(html=render_markdown(body) if body.strip() else Markup(""), privacy=privacy)
