"""`nic init [DIR]` and `nic init --example DIR`: start a network, or get the example with its history."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.prompting import is_interactive, shown_path

EXAMPLE_FOLDER = "ninth-grade-network"


def init_command(
    ctx: typer.Context,
    directory: Optional[Path] = typer.Argument(
        None, help="The folder for the network (made if missing). Default: the current folder; "
        f"with --example, ./{EXAMPLE_FOLDER}.", show_default=False),
    example: bool = typer.Option(False, "--example", help="Copy the bundled example network, with a school year of git "
                                 "history, and the schemas, editor settings and CI files `nic init` writes."),
    name: Optional[str] = typer.Option(None, "--name", help="The network's name (default: from the folder's name)."),
    hub: Optional[str] = typer.Option(None, "--hub", help="The organisation that coordinates the network."),
    web_editor: bool = typer.Option(False, "--web-editor", help="Also write admin/, a browser editor (Decap CMS) "
                                    "with forms generated from nic's models (as `nic web-editor` does)."),
) -> None:
    """Start a new network: network.yaml, drivers.yaml, the folders, JSON Schemas, a README
    for teams, .gitignore, pre-commit, GitHub Actions, GitLab CI and VS Code settings. Runs `git init` when
    the folder is not in a git repository yet; never overwrites an existing network."""
    from nictools.cli.options import output_path

    base = state(ctx).directory or Path(".")
    directory = output_path(ctx, directory, folder=True, option="DIR")  # relative to -C; never inside .git/
    if example:
        from nictools.scaffold.example_history import create_example

        target = directory or base / EXAMPLE_FOLDER
        report = create_example(target)
        typer.echo(f"wrote {shown_path(report.root)}: the example network with {report.commits} commits "
                   f"(Aug 2025 - Jun 2026) and tags {', '.join(report.tags)}; with JSON Schemas, VS Code "
                   "settings, pre-commit, GitHub Actions and GitLab CI, as `nic init` writes them")
        if web_editor:
            from nictools.cli.web_editor import write_web_editor

            write_web_editor(report.root, quiet=True)
        if not state(ctx).quiet:
            typer.echo(f"next: cd {shown_path(report.root)} && nic validate")
        return

    from nictools.scaffold.init import default_name, init_network, refuse_existing_network

    target = directory or base
    refuse_existing_network(target.absolute())
    if is_interactive():
        name = name or typer.prompt("The network's name", default=default_name(target))
        hub = hub if hub is not None else typer.prompt("The organisation that coordinates it (the hub)", default="")
    report = init_network(target, name=name, hub=hub or "")
    for path in report.written:
        if path.name != ".gitkeep":
            typer.echo(f"wrote {shown_path(path)}")
    for path in report.kept:
        typer.echo(f"kept {shown_path(path)} (it exists already; nic init does not overwrite it)")
    if report.git_initialised:
        typer.echo(f"ran git init in {shown_path(report.root)}")
    elif report.git_missing:
        typer.echo("git is not installed: run `git init` here once it is.", err=True)
    if web_editor:
        from nictools.cli.web_editor import write_web_editor

        write_web_editor(report.root, quiet=True)
    if not state(ctx).quiet:
        typer.echo("next: nic new site --name '…' --level high --size medium, then nic new pdsa --site … (see README.md)")
