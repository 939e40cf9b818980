"""Text a spreadsheet would run as a formula, made inert: the one rule every CSV and xlsx writer follows.

A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets when they open a CSV file (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`):
text typed by anyone with write access to the repository would run on the coordinator's machine
(OWASP, "CSV Injection"). So:

* CSV (plain and `--excel`): such text gets a `'` in front, Excel's mark for "this is text"; text
  that already starts with `'` gets one more, so the rule reverses exactly: **a text cell that
  starts with `'` had one `'` added; drop it.** In R: `sub("^'", "", x)` on character columns; in
  pandas: `s.str.replace(r"^'", "", regex=True)` on text columns (`READ_BACK_R`, `READ_BACK_PANDAS`).
* xlsx: a cell has a type, so the text is kept exactly and stored as text, never as a formula.

Numbers, dates and booleans are never touched: only text is.
"""

from __future__ import annotations

#: what starts a formula in Excel (and LibreOffice, Google Sheets) when a cell begins with it
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

READ_BACK_R = """\
# text cells that started with = + - @ (or ') carry one extra ' in front: drop it
strip_mark <- function(x) if (is.character(x)) sub("^'", "", x) else x
sites[] <- lapply(sites, strip_mark)"""

READ_BACK_PANDAS = """\
# text cells that started with = + - @ (or ') carry one extra ' in front: drop it
sites = sites.apply(lambda s: s.str.replace(r"^'", "", regex=True) if s.dtype == object else s)"""


def starts_formula(text: str) -> bool:
    """True when a spreadsheet would read `text` as a formula."""
    return text.startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """`text` for a CSV cell: a `'` in front when it would start a formula (or starts with `'` already)."""
    if text.startswith(FORMULA_START) or text.startswith("'"):
        return "'" + text
    return text
