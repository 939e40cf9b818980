"""Entry point: registers every command on the app and runs it.

Command modules import only typer at the top; each command imports what it needs
(numpy, matplotlib, git) inside its function, so `nic --version` stays fast.
"""

from __future__ import annotations

import sys

from nictools.cli.app import app
from nictools.cli.chart import chart_command
from nictools.cli.explain import explain_command
from nictools.cli.export import export_command
from nictools.cli.fix import fix_command
from nictools.cli.migrate import migrate_command
from nictools.cli.rename import rename_command
from nictools.cli.diagram import diagram_command
from nictools.cli.convening import convening_app
from nictools.cli.report import report_command
from nictools.cli.schema import schema_command
from nictools.cli.data import data_app
from nictools.cli.init import init_command
from nictools.cli.new import new_app
from nictools.cli.pdsa import pdsa_app
from nictools.cli.compare import compare_command
from nictools.cli.diff import diff_command
from nictools.cli.log import log_command
from nictools.cli.status import status_command
from nictools.cli.validate import validate_command

app.command("validate")(validate_command)
app.command("schema")(schema_command)
app.command("chart")(chart_command)
app.command("explain")(explain_command)
app.command("fix")(fix_command)
app.command("rename")(rename_command)
app.command("migrate")(migrate_command)
app.command("init")(init_command)
app.add_typer(new_app, name="new")
app.add_typer(pdsa_app, name="pdsa")
app.add_typer(data_app, name="data")
app.command("diagram")(diagram_command)
app.command("status")(status_command)
app.command("log")(log_command)
app.command("diff")(diff_command)
app.command("compare")(compare_command)
app.command("report")(report_command)
app.add_typer(convening_app, name="convening")
app.command("export")(export_command)


def utf8_streams() -> None:
    """Write UTF-8 whatever the locale: on Windows a pipe or file defaults to a code page
    (cp1252) that cannot encode `→`, `·` or a school's name, and output would fail."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")


def run() -> None:
    """The `nic` console script."""
    utf8_streams()
    app(prog_name="nic")


if __name__ == "__main__":
    run()
