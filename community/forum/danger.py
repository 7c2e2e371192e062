"""Signals of acute danger in a question: a forum is not the place for an emergency.

acute_danger_signals() is a plain function over a word list; moderators add phrases of their own
(DangerPhrase), which are passed in as `extra_phrases`.
"""

import re
import unicodedata

# Lower-case phrases; a phrase matches as whole words, ignoring case and accents.
DEFAULT_DANGER_PHRASES = (
    "nu in gevaar",
    "in acuut gevaar",
    "acuut gevaar",
    "acuut onveilig",
    "direct gevaar",
    "levensgevaar",
    "dreigt",
    "bedreigd",
    "doodsbedreiging",
    "vannacht",
    "vanavond",
    "mes",
    "wapen",
    "wurgen",
    "gewurgd",
    "durft niet naar huis",
    "zelfmoord",
    "suicide",
    "wil niet meer leven",
    "wordt nu geslagen",
    "is nu alleen thuis",
)


def _fold(text):
    """Lower case without accents, so 'suïcide' and 'Suicide' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def normalise_phrase(phrase):
    return " ".join(_fold(phrase).split())


def acute_danger_signals(text, extra_phrases=()):
    """The phrases from the list that occur in the text, in list order, without repeats."""
    folded = _fold(text)
    found = []
    for phrase in (*DEFAULT_DANGER_PHRASES, *extra_phrases):
        normalised = normalise_phrase(phrase)
        if not normalised or normalised in found:
            continue
        words = r"\s+".join(re.escape(word) for word in normalised.split())
        if re.search(rf"(?<!\w){words}(?!\w)", folded):
            found.append(normalised)
    return found
