"""One rule picks what every writing command writes: --format, else --out's extension, else the default."""

from __future__ import annotations

from pathlib import Path

import pytest

from nictools.diagram import DIAGRAM_FORMATS
from nictools.errors import NicError
from nictools.export.output import EXPORT_FORMATS
from nictools.output_format import pick_format
from nictools.render.charts import IMAGE_FORMATS
from nictools.report import REPORT_FORMATS


@pytest.mark.parametrize("formats, given, out, expected", [
    (REPORT_FORMATS, None, None, "html"),
    (REPORT_FORMATS, None, Path("r.md"), "markdown"),
    (REPORT_FORMATS, None, Path("r.JSON"), "json"),
    (REPORT_FORMATS, None, Path("report"), "html"),
    (REPORT_FORMATS, "markdown", Path("notes.txt"), "markdown"),
    (EXPORT_FORMATS, None, Path("out.sqlite3"), "sqlite"),
    (EXPORT_FORMATS, None, Path("folder"), "csv"),
    (EXPORT_FORMATS, "csv", Path("tables.csv"), "csv"),
    (DIAGRAM_FORMATS, None, None, "mermaid"),
    (DIAGRAM_FORMATS, None, Path("d.gv"), "dot"),
    (IMAGE_FORMATS, None, Path("c.svg"), "svg"),
])
def test_the_format_written(formats, given, out, expected) -> None:
    assert pick_format(formats, given, out) == expected


@pytest.mark.parametrize("formats, given, out, says", [
    (REPORT_FORMATS, "pdf", None, "Unknown report format `pdf`"),
    (REPORT_FORMATS, "json", Path("report.html"), "does not match the file name `report.html`"),
    (EXPORT_FORMATS, None, Path("data.xls"), "cannot write `data.xls`"),
    (DIAGRAM_FORMATS, None, Path("d.gif"), "cannot tell which format"),
    (IMAGE_FORMATS, None, Path("c.jpg"), "cannot tell which format"),
])
def test_a_format_that_cannot_be_written_is_a_plain_error(formats, given, out, says) -> None:
    with pytest.raises(NicError) as caught:
        pick_format(formats, given, out)
    assert says in str(caught.value)
