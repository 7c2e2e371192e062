"""The privacy guard reads what readers will see and marks what the author typed."""

import pytest

from community.privacy import identifiers_readers_see
from community.reader_text import normalise, reader_text
from tests.pathological_markdown import pathological_inputs


def test_invisible_characters_go_and_look_alikes_read_as_what_they_look_like():
    assert normalise("12\u200b34\u00ad56") == "123456"
    assert normalise("3511\u00a0CP") == "3511 CP"
    assert normalise("06\u201112345678") == "06-12345678"
    assert normalise("０６１２３４５６７８") == "0612345678"


def test_markdown_is_read_rendered_and_plain_text_as_typed():
    assert reader_text("1234**5678**2 en &#49;", markdown=True).text == "123456782 en 1"
    assert reader_text("1234**5678**2 en &#49;", markdown=False).text == "1234**5678**2 en &#49;"
    assert reader_text("[klik hier](https://example.org/1234)", markdown=True).text == "klik hier"


@pytest.mark.parametrize(
    ("source", "markdown", "marked"),
    [
        ("Het BSN is &#49;11222333.", True, "&#49;11222333"),
        ("Het BSN is 1112**2233**3.", True, "1112**2233**3"),
        ("Mail naar fatima&#64;example.nl graag", True, "fatima&#64;example.nl"),
        ("Bel 06&#x2D;12345678 na vijven", True, "06&#x2D;12345678"),
        ("Het BSN is 1112\u200b22333.", False, "1112\u200b22333"),
        ("Postcode 3511\u00a0CP 12, achterom", False, "3511\u00a0CP 12"),
        (
            "Zie [de notitie](https://example.org/a) van moeder Fatima Yilmaz.",
            True,
            "Fatima Yilmaz",
        ),
    ],
)
def test_findings_are_marked_where_the_author_typed_them(source, markdown, marked):
    [finding] = identifiers_readers_see(source, markdown=markdown)
    assert finding.text == marked
    assert source[finding.start : finding.end] == marked


def test_a_plain_text_field_does_not_decode_references_that_readers_see_as_typed():
    assert identifiers_readers_see("Het BSN is &#49;11222333.", markdown=False) == []


@pytest.mark.parametrize("name", sorted(pathological_inputs(10)))
def test_the_guard_reads_pathological_text_and_marks_only_what_is_there(name):
    # benchmarks/markdown_render.py times this (the old guard took 2.4 s on a 1 MB question).
    source = pathological_inputs(20_000)[name]
    for markdown in (True, False):
        for finding in identifiers_readers_see(source, markdown=markdown):
            assert source[finding.start : finding.end] == finding.text
