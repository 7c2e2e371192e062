"""CSV downloads: what users typed reaches a spreadsheet as text, never as a formula."""

import csv
import io

import pytest

from community.csv_export import csv_text, spreadsheet_cell


def read(text):
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("https://evil.example";"Klik")',
        "+31 6 12345678",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_cells_that_a_spreadsheet_would_evaluate_get_a_quote_in_front(value):
    assert spreadsheet_cell(value) == "'" + value
    assert read(csv_text([[value, "gewoon"]])) == [["'" + value, "gewoon"]]


def test_numbers_stay_numbers_and_plain_text_stays_as_it_is():
    assert [spreadsheet_cell(v) for v in (-3, 1.5, 0, None)] == ["-3", "1.5", "0", ""]
    assert spreadsheet_cell("Wijkteam Arnhem; locatie Noord") == "Wijkteam Arnhem; locatie Noord"
    assert spreadsheet_cell("a = b") == "a = b", "only the first character counts"


def test_separators_quotes_and_line_breaks_stay_inside_their_cell():
    row = ['Zei "ja";=1+1', "regel een\nregel twee", "x;@SUM(A1)"]
    assert read(csv_text([row])) == [row]
    assert csv_text([["a", 1]]) == '"a";"1"\r\n', "every cell quoted, as OWASP advises"
