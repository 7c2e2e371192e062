"""Every text a user can read exists in Dutch, with the same placeholders as the English."""

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "community" / "translations" / "nl" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def dutch_catalogue():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle, locale="nl")


def test_every_string_in_the_code_has_a_dutch_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-o", str(template), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with template.open("rb") as handle:
        in_code = {message.id for message in read_po(handle) if message.id}
    translated = {message.id for message in dutch_catalogue() if message.id and message.string}
    missing = sorted(in_code - translated)
    assert missing == [], "run `make update-messages` and translate: " + repr(missing[:10])


def test_translations_keep_their_placeholders():
    for message in dutch_catalogue():
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(set(PLACEHOLDER.findall(sources[-1])))
        for target in targets:
            assert target, f"untranslated: {sources[0]}"
            assert sorted(set(PLACEHOLDER.findall(target))) == expected, sources[0]
