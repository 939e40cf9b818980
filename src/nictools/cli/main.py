"""Entry point: registers every command on the app and runs it.

Command modules import only typer at the top; each command imports what it needs
(numpy, matplotlib, git) inside its function, so `nic --version` stays fast.
"""

from __future__ import annotations

from nictools.cli.app import app
from nictools.cli.chart import chart_command
from nictools.cli.convening import convening_app
from nictools.cli.report import report_command
from nictools.cli.schema import schema_command
from nictools.cli.validate import validate_command

app.command("validate")(validate_command)
app.command("schema")(schema_command)
app.command("chart")(chart_command)
app.command("report")(report_command)
app.add_typer(convening_app, name="convening")


def run() -> None:
    """The `nic` console script."""
    app(prog_name="nic")


if __name__ == "__main__":
    run()
