"""CSV downloads for Dutch Excel: the one place for the delimiter, the encoding and the defence
against formulas in what users typed (CSV injection, as OWASP describes it)."""

import csv
import io
from numbers import Number

from flask import Response

# Dutch Excel splits on semicolons: the comma is its decimal separator.
DELIMITER = ";"
# Excel and LibreOffice start a formula (or a DDE command) on these first characters.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """`value` as a cell that a spreadsheet shows as text and never evaluates.

    Text starting like a formula gets a single quote in front. A number from our own code
    (votes, points) cannot carry a formula, so -3 stays the number -3.
    """
    if value is None:
        return ""
    if isinstance(value, Number):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows):
    """The rows (the first one the header) as CSV text, every cell neutralised and quoted."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return out.getvalue()


def csv_download(rows, filename):
    """A response that downloads the rows as `filename`, ready to open in Dutch Excel."""
    # The BOM tells Excel the file is UTF-8, so accents (Zoë, coördinator) read right.
    response = Response("\ufeff" + csv_text(rows), mimetype="text/csv")
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response
