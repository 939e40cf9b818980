"""The library face of `nic report`: resolve --since/--as-of, read the network, build, render.

It sits above both `nictools.reports` (which builds the report as data) and
`nictools.render` (which draws it), as `nictools.validate` sits above loading and checks.

Reading order: the git repository when there is one (the convening tags, the history
engine's events and past snapshots), else the working tree and the dates written in
its files. What could not be used is returned as notes for the user.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from nictools.errors import NicError
from nictools.output_format import Formats

#: what `nic report` writes: `--format`, else the extension of `--out`, else HTML
REPORT_FORMATS = Formats("report", ("html", "markdown", "json"),
                         {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown",
                          ".json": "json"}, default="html")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Progress = Callable[[str], None]


@dataclass
class ReportRequest:
    root: Path
    fmt: str = "html"
    since: str | None = None
    as_of: str | None = None
    site: str | None = None
    hub: bool = False
    small_cell: int | None = None
    include_withdrawn: bool = False
    site_pages: str = "auto"  # all / signals / none / auto


def _parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise NicError(f"{option} `{text}` is not a real date.", "Write dates as YYYY-MM-DD.") from None


def _latest_file_date(network: Any) -> dt.date:
    """The latest day the files mention (a data period or a cycle date), not after today."""
    from nictools.clock import today as clock_today

    today = clock_today()
    days: list[dt.date] = [r.period for t in network.data.values() for r in t.rows if r.period and r.period <= today]
    for record in network.cycles.values():
        c = record.model
        for day in (c.plan.recorded_on, c.do.actual_end if c.do else None, c.do.actual_start if c.do else None):
            if day and day <= today:
                days.append(day)
    return max(days) if days else today


def make_report(req: ReportRequest, progress: Progress | None = None) -> tuple[str, list[str]]:
    """The rendered report and notes for the user (what was left out, and why)."""
    from nictools.convenings import latest_convening, list_convenings, open_git
    from nictools.load.network import load_network
    from nictools.reports.build import ReportOptions, build_report
    from nictools.history.session import open_history
    from nictools.reports.history import facts_from_history
    from nictools.suggest import did_you_mean

    say = progress or (lambda _text: None)
    notes: list[str] = []
    try:
        history, why_not = open_history(req.root), None
    except NicError as exc:
        history, why_not = None, exc.message
    git = history.repo if history is not None else None
    if git is None:
        try:
            git = open_git(req.root)
        except NicError:
            git = None
    enabled = gc.isenabled()
    gc.disable()  # the report allocates a million small objects: collections would walk them again and again
    try:
        text, notes = _make(req, say, notes, history, git, why_not, load_network, build_report, ReportOptions,
                            facts_from_history, latest_convening, list_convenings, did_you_mean)
        return (text if isinstance(text, str) or not enabled else _collector_paused(text)), notes
    finally:
        if enabled:
            gc.enable()
        if history is not None:
            history.close()


def _collector_paused(pieces: Iterator[str]) -> Iterator[str]:
    """The JSON pieces, written with the cyclic garbage collector paused as the report was built."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield from pieces
    finally:
        if enabled:
            gc.enable()


def _window_start(git: Any, convening: Any) -> str | None:
    """The commit a convening's window starts after: the last one made by the convening's date.

    The date decides, not the commit the tag points at: a tag made later on a history filled in
    afterwards, or on a commit that was already old, still starts the window on the day it met.
    """
    from nictools.convenings import last_commit_by

    return last_commit_by(git, convening.date)


def _commit_date(git: Any, commit: str) -> dt.datetime:
    from nictools.history.git import parse_when

    return parse_when(git.run("log", "-1", "--format=%cd", "--date=raw", commit, "--").strip())


def _make(req, say, notes, history, git, why_not, load_network, build_report, ReportOptions,  # noqa: ANN001
          facts_from_history, latest_convening, list_convenings, did_you_mean) -> tuple[str, list[str]]:
    say("reading the network")
    as_of_commit: str | None = None
    network = None
    if req.as_of and not _DATE.match(req.as_of.strip()):
        if history is None:
            raise NicError(f"--as-of `{req.as_of}` is a revision, and reading a past revision needs the git "
                           f"history ({why_not}).", "Give a date (YYYY-MM-DD) instead, or run in a clone of the "
                           "network's repository.")
        as_of_commit, as_of = history.resolve_as_of(req.as_of)
        say(f"rebuilding the network as of {as_of_commit[:8]}")
        network = history.network(as_of_commit)
    elif req.as_of:
        as_of = _parse_date(req.as_of.strip(), "--as-of")
        if history is not None:
            as_of_commit, as_of = history.resolve_as_of(req.as_of.strip())
            network = history.network(as_of_commit)
    else:
        as_of = None  # decided below
    problems: list = []
    if network is None:
        network, problems = load_network(req.root)
    errors = [p for p in problems if getattr(p.severity, "value", str(p.severity)) == "error"]
    if errors:
        notes.append(f"{len(errors)} problem(s) in the network's files: artifacts that failed to load are left out "
                     "of the report. Run `nic validate` to see them.")
    if as_of is None:
        if history is not None:
            as_of_commit, as_of = history.resolve_as_of(None)
        elif git is not None:
            try:
                as_of = _commit_date(git, "HEAD").date()
            except Exception:
                as_of = _latest_file_date(network)
        else:
            as_of = _latest_file_date(network)
    if req.site and req.site not in network.sites:
        raise NicError(f"There is no site `{req.site}` in this network.",
                       did_you_mean(req.site, list(network.sites)) or f"Sites: {', '.join(sorted(network.sites))}.")
    # since
    since_label, since_date, since_commit = "the start", None, None
    if req.since:
        value = req.since.strip()
        if _DATE.match(value):
            since_date = _parse_date(value, "--since")
            since_label = value
            if history is not None:
                since_commit = history.resolve_since(value)  # None before the first commit: the whole history
        else:
            if git is None:
                raise NicError(f"--since `{value}` is a revision or tag, but the network is not in a git "
                               "repository.", "Give a date (YYYY-MM-DD) instead.")
            since_commit = history.resolve_since(value) if history is not None else git.resolve(value)
            convening = next((c for c in list_convenings(git) if c.tag == value or c.name == value), None)
            since_date = convening.date.date() if convening else _commit_date(git, since_commit).date()
            since_label = f"convening {convening.name}" if convening else value
            if convening is not None:
                since_commit = _window_start(git, convening)
    elif git is not None:
        earlier = [c for c in list_convenings(git) if c.date.date() <= as_of]
        if earlier:
            last = earlier[-1]
            since_label, since_date, since_commit = (f"convening {last.name}", last.date.date(),
                                                     _window_start(git, last))
        else:
            notes.append("No convening tag yet, so 'since the last convening' covers everything. "
                         "Tag one with `nic convening tag NAME`.")
    facts = None
    if history is not None:
        say("reading the history")
        facts = facts_from_history(history, until=as_of_commit or "HEAD", since=since_commit,
                                   since_label=since_label, since_date=since_date)
        notes.extend(history.notes)
    elif why_not:
        notes.append(f"Dates come from the files, not git: {why_not}.")
    options = ReportOptions(as_of=as_of, since_label=since_label, since_date=since_date, site=req.site, hub=req.hub,
                            small_cell=req.small_cell, history=facts, progress=say,
                            include_withdrawn=req.include_withdrawn, site_pages=req.site_pages)
    report = build_report(network, options)
    say(f"rendering {req.fmt}")
    if req.fmt == "json":
        return report.iter_json(indent=1), notes  # written piece by piece: see Report.iter_json
    if req.fmt == "markdown":
        from nictools.render.report_markdown import render_markdown

        return render_markdown(report), notes
    from nictools.render.report_html import render_html

    return render_html(report, diagram=_diagram_renderer(network, req.site), progress=say), notes


def _diagram_renderer(network: Any, site: str | None) -> Callable[[Any], str | None] | None:
    """The driver diagram's SVG with its status overlay, drawn by `nictools.diagram`."""
    from nictools.diagram import render_diagram

    def render(_report: Any) -> str | None:
        svg = render_diagram(network, "svg", site=site)
        text = svg if isinstance(svg, str) else svg.decode("utf-8")
        if text.startswith("<?xml"):
            text = text.split("?>", 1)[1].lstrip()  # inline SVG in HTML takes no XML declaration
        # scale to the page width; keep the aspect ratio from the viewBox
        return text.replace('<svg xmlns="http://www.w3.org/2000/svg" width=', '<svg xmlns="http://www.w3.org/2000/svg" style="max-width:100%;height:auto" width=', 1)

    return render
