"""Entry point: registers every command on the app and runs it.

Each command is registered by name with `lazy_command(NAME, "module:attribute", HELP)`:
its module is imported only when the command runs (or its own `--help` is asked for), so
`nic --version` or `nic status` do not pay for every other command's imports and options.
HELP is the line `nic --help` and shell completion show; tests/cli/test_lazy_commands.py
checks it is the command's own (its docstring's first paragraph, or the sub-app's help).
Command modules import only typer at the top; each command imports what it needs
(numpy, matplotlib, git) inside its function.
"""

from __future__ import annotations

import sys

from nictools.cli.app import app, lazy_command
from nictools.cli.start import utf8_streams  # noqa: F401  (here before the result cache had its own start)


def _command(name: str, function: object) -> None:
    """The older way to register a command from an imported function (its module is then loaded at
    start-up): prefer `lazy_command(NAME, "module:function", HELP)`."""
    from nictools.cli.app import _short_help

    lazy_command(name, f"{function.__module__}:{function.__name__}", _short_help(function))  # type: ignore[attr-defined]


lazy_command('validate', 'nictools.cli.validate:validate_command',
             "Check the network's files against the format and each other.")
lazy_command('schema', 'nictools.cli.schema:schema_command',
             'Write one JSON Schema per kind of file (network, aim, measure, drivers, change-idea, site, pdsa).')
lazy_command('chart', 'nictools.cli.chart:chart_command',
             'Run and control charts: signals of non-random variation, drawn and in words.')
lazy_command('explain', 'nictools.cli.explain:explain_command',
             'Print the documentation of a check (the same text as docs/checks.md).')
lazy_command('fix', 'nictools.cli.fix:fix_command',
             'Repair what is mechanical and safe; comments, quoting and key order stay as they are.')
lazy_command('rename', 'nictools.cli.rename:rename_command',
             'Rename an artifact: its id, its file or folder, and every reference, all or nothing.')
lazy_command('migrate', 'nictools.cli.migrate:migrate_command',
             'Upgrade every file to the current format version (comments and key order kept).')
lazy_command('init', 'nictools.cli.init:init_command',
             'Start a new network: network.yaml, drivers.yaml, the folders, JSON Schemas, a README for teams, .gitignore, pre-commit, GitHub Actions, GitLab CI and VS Code settings. Runs `git init` when the folder is not in a git repository yet; never overwrites an existing network.')
lazy_command('web-editor', 'nictools.cli.web_editor:web_editor_command',
             'Write admin/: a browser editor (Decap CMS) with forms for PDSA cycles (per site), change ideas, measures and sites, generated from nic\'s models. See README.md, "Editing in the browser".')
lazy_command('diagram', 'nictools.cli.diagram:diagram_command',
             'Draw the driver diagram: aim, primary and secondary drivers, change ideas.')
lazy_command('status', 'nictools.cli.status:status_command',
             'Per site: cycles by stage, ramps in progress, latest decisions and learning, measures with their current signal, last activity; sites with no activity for a while are marked quiet.')
lazy_command('log', 'nictools.cli.log:log_command',
             "What happened, oldest first: cycles planned, stages reached, predictions confirmed or not, decisions made, data added, the driver diagram edited, change ideas' status changed.")
lazy_command('diff', 'nictools.cli.diff:diff_command',
             'Artifacts added or removed, fields changed (old → new), data points added per site and measure, decisions made, and driver diagram edits with their reasons. Not a line diff.')
lazy_command('compare', 'nictools.cli.compare:compare_command',
             'Which change ideas each site tested and decided, at what scale, in which contexts, with which measures: learning side by side, not a league table.')
lazy_command('report', 'nictools.cli.report:report_command',
             'Write the convening report: where the network stands and what it learned since last time.')
lazy_command('import', 'nictools.cli.entry:import_command',
             'Read a filled data-entry workbook back: shows every change, checks it, writes all of it or nothing.')
lazy_command('sync', 'nictools.cli.sync:sync_command',
             "Save and share your work: check it, save it with a message that says what changed, bring in the others' work, check again, send.")
lazy_command('export', 'nictools.cli.export:export_command',
             'Export the network as tidy tables (sites, measures, data points, change ideas, PDSA cycles with their predictions and decisions, events from the history) for Excel, R and pandas, or write a change package with --change-package ID.')
lazy_command('lsp', 'nictools.cli.lsp:lsp_command',
             'Run the language server: diagnostics as you type, completion, hover, go to definition, fixes.', protocol=True)
lazy_command('new', 'nictools.cli.new:new_app',
             'Start a new artifact from a template with a comment on every field.')
lazy_command('pdsa', 'nictools.cli.pdsa:pdsa_app',
             'Work on PDSA cycles.')
lazy_command('phase', 'nictools.cli.phase:phase_app',
             "Record phases of a measure's chart (new limits after an explained shift).")
lazy_command('site', 'nictools.cli.site:site_app',
             "Change a site's standing in the network (withdraw).")
lazy_command('data', 'nictools.cli.data:data_app',
             'Add measurement data: one period, or a whole spreadsheet.')
lazy_command('convening', 'nictools.cli.convening:convening_app',
             'Mark and list convenings (git tags `convening/NAME`).')



def _output_failed(exc: OSError) -> None:
    """Standard output could not be written (a full disk, /dev/full): say so plainly, exit 2."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit must not fail again
    except (OSError, ValueError, AttributeError):
        pass
    from nictools.faults import plain_os_error

    cause = plain_os_error(exc).message.split(": ", 1)[-1]
    try:
        sys.stderr.write(f"error: Could not write the output to standard output: {cause}\n"
                         "hint: Send the output somewhere with space (a file on another disk, or a pipe) "
                         "and run the command again.\n")
        sys.stderr.flush()
    except OSError:
        pass
    sys.exit(2)


def run() -> None:
    """Run the command in `sys.argv` (the `nic` console script is `nictools.cli.start.run`, which
    asks the result cache first).

    Output that fails outside a command (`--help`, `--version`, the last flush) is said in
    plain words with exit 2, as inside one (`NicGroup.invoke`)."""
    utf8_streams()
    from nictools.cli import app as app_module

    app_module.ONE_SHOT = True
    try:
        app(prog_name="nic")
    except BrokenPipeError:
        sys.exit(0)
    except OSError as exc:
        _output_failed(exc)
    except SystemExit as done:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            pass
        except OSError as exc:
            _output_failed(exc)
        raise done


if __name__ == "__main__":
    run()
