"""`nic web-editor`: write the browser editor (Decap CMS) for an existing network."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from nictools.cli.app import state
from nictools.cli.prompting import shown_path


def web_editor_command(
    ctx: typer.Context,
    backend: str = typer.Option("github", "--backend", help="Where the repository lives: github or gitlab."),
    repo: Optional[str] = typer.Option(None, "--repo", help="The repository as OWNER/NAME (default: from the "
                                       "`origin` remote)."),
    branch: str = typer.Option("main", "--branch", help="The branch the editor saves to (or opens pull requests "
                               "against)."),
    pull_requests: bool = typer.Option(True, "--pull-requests/--direct", help="Each save opens a pull (merge) "
                                       "request that CI checks (Decap's editorial workflow, the default); "
                                       "--direct commits each save to the branch."),
    force: bool = typer.Option(False, "--force", help="Overwrite editor files someone has edited."),
) -> None:
    """Write admin/: a browser editor (Decap CMS) with forms for PDSA cycles (per site), change ideas,
    measures and sites, generated from nic's models. See README.md, "Editing in the browser"."""
    root = state(ctx).root()
    write_web_editor(root, backend=backend, repo=repo, branch=branch, pull_requests=pull_requests, force=force,
                     quiet=state(ctx).quiet)


def write_web_editor(root: Path, *, backend: str = "github", repo: str | None = None, branch: str = "main",
                     pull_requests: bool = True, force: bool = False, quiet: bool = False) -> None:
    from nictools.scaffold.web_editor import EditedFile, EditorSettings, repository_slug, write_editor

    if backend not in ("github", "gitlab"):
        typer.echo(f"error: --backend {backend}: use github or gitlab", err=True)
        raise typer.Exit(2)
    if repo is not None and (repo.count("/") < 1 or repo.startswith("/") or repo.endswith("/")):
        typer.echo(f"error: --repo {repo}: write it as OWNER/NAME (a GitLab group path is fine: group/sub/name)",
                   err=True)
        raise typer.Exit(2)
    slug = repo or repository_slug(root)
    settings = EditorSettings(backend=backend, repo=slug or "OWNER/REPOSITORY", branch=branch,  # type: ignore[arg-type]
                              pull_requests=pull_requests)
    try:
        report = write_editor(root, settings, force=force)
    except EditedFile as exc:
        for path in exc.paths:
            typer.echo(f"error: {shown_path(path)} was edited since nic web-editor wrote it; nothing was written",
                       err=True)
        typer.echo("hint: keep your edits, or run `nic web-editor --force` to write nic's version over them", err=True)
        raise typer.Exit(1) from None
    for path in report.written:
        typer.echo(f"wrote {shown_path(path)}")
    if not report.written and not quiet:
        typer.echo("the web editor's files are up to date")
    if not report.sites:
        typer.echo("note: no sites yet: run `nic new site` and then `nic web-editor` again for their PDSA forms",
                   err=True)
    if slug is None:
        typer.echo("note: no `origin` remote: set the repository with --repo OWNER/NAME (admin/config.yml "
                   "says OWNER/REPOSITORY)", err=True)
    if not quiet:
        typer.echo("next: cd admin && npm install && npm run build; serve admin/dist as /admin/ "
                   "(README.md, \"Editing in the browser\")")
