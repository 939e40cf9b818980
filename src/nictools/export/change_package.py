"""`nic export --change-package ID`: one change idea's evidence, as a folder to share with another network.

The folder holds:

* `README.md`     -- the evidence card in Markdown: the idea, its drivers, the sites that tested
                     it, every cycle with its predictions, results and decision, the charts in words;
* `card.html`     -- the same as one standalone page (inline styles and SVG, nothing fetched);
* `charts/*.svg`  -- the outcome at each adopting site, aligned on its adoption (as in the report);
* `materials/`    -- copies of the idea's materials that are files inside the repository;
* `manifest.json` -- what is in the folder (sizes, SHA-256), the links, and what was skipped and why.

The card is the report's (`reports.evidence.build_card`): the same careful words, the same
small-cell masking. All text from the repository is escaped (HTML in card.html; HTML and
Markdown marks in README.md). Material links are listed, never fetched; a material path that
leads outside the repository, into `.git`, or to nothing is skipped with a warning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

from nictools import __version__
from nictools.errors import NicError
from nictools.export.materials import NO_REPOSITORY, NOT_TRACKED, is_url, is_web_address, resolve_material
from nictools.export.output import check_target, write_folder
from nictools.export.source import Source, read_source, threshold_of
from nictools.markdown import encode_url, inline, link_target

Progress = Callable[[str], None]
MARKER = "manifest.json"
RESULT_WORDS = {"confirmed": "confirmed", "partly": "partly confirmed", "not_confirmed": "not confirmed"}


@dataclass
class PackageRequest:
    root: Path
    idea: str
    out: Path | None = None  # None: change-package-<ID>/ in `base`
    base: Path = Path(".")
    as_of: str | None = None
    force: bool = False
    small_cell: int | None = None


@dataclass
class Material:
    title: str
    link: str
    copied_to: str | None = None  # path in the package
    why_not: str = ""
    withheld: bool = False  # a file git does not track: named on stderr only, never in the package


@dataclass
class PackageResult:
    path: Path
    files: dict[str, int] = field(default_factory=dict)  # relative path -> bytes
    links: int = 0
    copied: int = 0
    skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.files)} files: README.md, card.html, {sum(1 for f in self.files if f.startswith('charts/'))}"
                f" chart(s), {self.copied} material file(s), {self.links} link(s)"
                + (f"; {self.skipped} material(s) skipped" if self.skipped else ""))


def export_change_package(req: PackageRequest, progress: Progress | None = None) -> PackageResult:
    say = progress or (lambda _text: None)
    path = req.out if req.out is not None else Path(f"change-package-{req.idea.strip()}")
    path = path if path.is_absolute() else req.base / path
    check_target(path, folder=True, force=req.force, marker=MARKER)
    source = read_source(req.root, req.as_of, progress=say)
    network = source.network
    idea_id = req.idea.strip()
    if idea_id not in network.change_ideas:
        from nictools.suggest import did_you_mean

        known = sorted(network.change_ideas)
        raise NicError(f"There is no change idea `{idea_id}` in this network"
                       + (f" at {source.revision[:8]}" if source.revision != "working tree" else "") + ".",
                       did_you_mean(idea_id, known) + (f"The change ideas are: {', '.join(known)}." if known
                                                       else "The network has no change ideas yet."))
    say(f"building the evidence card of {idea_id}")
    package = build_package(req.root, source, idea_id, threshold_of(network, req.small_cell))
    write_folder(path, package.files, force=req.force, marker=MARKER)
    result = PackageResult(path, {k: len(v) for k, v in package.files.items()},
                           links=sum(1 for m in package.materials if m.copied_to is None and not m.why_not),
                           copied=sum(1 for m in package.materials if m.copied_to),
                           skipped=sum(1 for m in package.materials if m.why_not), notes=list(source.notes))
    for m in package.materials:
        if m.why_not:
            result.notes.append(f"material `{m.title}` ({m.link}) was not copied: {m.why_not}.")
    if req.as_of and result.copied:
        result.notes.append("Material files are copied as they are now, not as they were at --as-of.")
    return result


@dataclass
class Package:
    files: dict[str, bytes]
    materials: list[Material]
    card: Any


def build_package(root: Path, source: Source, idea_id: str, threshold: int) -> Package:
    """Every file of the package, in memory."""
    from nictools.reports.activity import Timeline
    from nictools.reports.build import outcome_measure
    from nictools.reports.evidence import build_card

    network = source.network
    idea = network.change_ideas[idea_id].model
    timeline = Timeline(network, source.as_of_date)
    for ev in source.events or []:  # the day each adopt decision was committed, as the report reads it
        kind, site, ident = ev.key
        if kind == "pdsa" and ev.kind == "decision" and ev.details.get("decision") == "adopt":
            timeline.decided.setdefault((site, ident), ev.date.date())
    from nictools.measurement.analyses import Analyses

    card = build_card(Analyses(network, source.as_of_date), timeline, idea, outcome=outcome_measure(network),
                      threshold=threshold)
    files: dict[str, bytes] = {}
    charts = _charts(card)
    files.update(charts)
    from nictools.history.git import tracked_files

    tracked = tracked_files(root)
    materials = _materials(root, idea, tracked)
    for m in materials:
        if m.copied_to:
            resolved = resolve_material(root, m.link, tracked)
            assert resolved.path is not None
            files[m.copied_to] = resolved.path.read_bytes()
    context = _context(source, idea, card, threshold)
    cycles = _cycles(network, card, threshold)
    shown = [m for m in materials if not m.withheld]
    files["README.md"] = render_markdown(context, card, cycles, shown, sorted(charts)).encode("utf-8")
    files["card.html"] = render_html(context, card, cycles, shown).encode("utf-8")
    files[MARKER] = _manifest(context, files, shown)
    return Package(files, materials, card)


# --- pieces --------------------------------------------------------------------------------


def _charts(card: Any) -> dict[str, bytes]:
    """The outcome at each adopting site, aligned on its adoption: the report's chart, as SVG files."""
    from nictools.render.report_charts import chart_svg

    out: dict[str, bytes] = {}
    for series in card.aligned:
        if not any(p.value is not None for p in series.points):
            continue
        name = f"charts/outcome-{series.site or len(out) + 1}.svg"
        svg = chart_svg(series, title=f"{series.title}: {series.measure}, weeks since adoption")
        out[name] = ('<?xml version="1.0" encoding="utf-8"?>\n' + svg + "\n").encode("utf-8")
    return out


def _materials(root: Path, idea: Any, tracked: Any) -> list[Material]:
    out: list[Material] = []
    used: set[str] = set()
    for item in idea.materials:
        m = Material(item.title, item.link)
        if is_web_address(item.link):
            pass  # listed as a link
        elif is_url(item.link):
            m.why_not = "only web addresses (http, https) are listed as links"
        else:
            resolved = resolve_material(root, item.link, tracked)
            if resolved.path is None:
                m.why_not = resolved.why_not
                m.withheld = resolved.why_not in (NOT_TRACKED, NO_REPOSITORY)
            else:
                name = _free_name(resolved.path.name, used)
                used.add(name)
                m.copied_to = f"materials/{name}"
        out.append(m)
    return out


def _free_name(name: str, used: set[str]) -> str:
    if name not in used:
        return name
    stem, dot, ext = name.partition(".")
    number = 2
    while f"{stem}-{number}{dot}{ext}" in used:
        number += 1
    return f"{stem}-{number}{dot}{ext}"


@dataclass
class Context:
    network: str
    idea: str
    title: str
    exported_at: str
    as_of_date: str
    revision: str
    threshold: int
    drivers: list[tuple[str, str, list[tuple[str, str]]]]  # (id, title, [(primary id, title)])
    evidence: str | None
    origin: str | None
    status: str
    process_measures: list[tuple[str, str]]


def _context(source: Source, idea: Any, card: Any, threshold: int) -> Context:
    network = source.network
    titles: dict[str, str] = {}
    parents: dict[str, list[str]] = {}
    if network.drivers:
        for p in network.drivers.model.primary:
            titles[p.id] = p.title
        for s in network.drivers.model.secondary:
            titles[s.id] = s.title
            parents[s.id] = list(s.primary_drivers)
    drivers = [(d, titles.get(d, "(not in the driver diagram)"), [(p, titles.get(p, "")) for p in parents.get(d, [])])
               for d in idea.drivers]
    origin = idea.origin_site
    if origin and origin in network.sites:
        origin = f"{network.sites[origin].model.name} ({origin})"
    measures = [(m, network.measures[m].model.title) for m in card.process_measures if m in network.measures]
    return Context(network.name, idea.id, idea.title,
                   dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), source.as_of_date.isoformat(),
                   source.revision, threshold, drivers, idea.evidence, origin, idea.status, measures)


@dataclass
class CycleView:
    site: str
    site_name: str
    id: str
    title: str
    stage: str
    purpose: str
    start: dt.date | None
    end: dt.date | None
    scale: str
    objective: str
    questions: list[tuple[int, str, str, str, str]]  # number, question, prediction, result words, notes
    what_happened: str | None
    results: str | None
    learned: str | None
    decision: str | None
    reason: str | None
    next_cycle: str | None
    also_tests: list[str]


def _cycles(network: Any, card: Any, threshold: int) -> list[CycleView]:
    from nictools.reports.activity import scale_words

    out = []
    for inv in card.sites:
        for cid in inv.cycles:
            record = network.cycles.get((inv.site, cid))
            if record is None:
                continue
            c = record.model
            checks = {p.question: p for p in (c.study.predictions if c.study else [])}
            questions = []
            for number, q in enumerate(c.plan.questions, 1):
                check = checks.get(number)
                questions.append((number, q.question, q.prediction or "", RESULT_WORDS.get(check.result, check.result)
                                  if check else "", (check.notes or "") if check else ""))
            out.append(CycleView(inv.site, inv.name, cid, c.title, c.stage, c.purpose, c.started_on,
                                 c.ended_on if c.do else None, scale_words(c.plan.scale, threshold),
                                 c.plan.objective, questions, c.do.what_happened if c.do else None,
                                 c.study.results if c.study else None, c.study.learned if c.study else None,
                                 c.act.decision if c.act else None, c.act.reason if c.act else None,
                                 c.act.next_cycle if c.act else None,
                                 [i for i in c.change_ideas if i != card.idea]))
    return out


def _manifest(ctx: Context, files: dict[str, bytes], materials: list[Material]) -> bytes:
    data = {
        "generator": "nictools", "nictools_version": __version__, "network": ctx.network,
        "change_idea": {"id": ctx.idea, "title": ctx.title},
        "as_of_date": ctx.as_of_date, "as_of_revision": ctx.revision, "exported_at": ctx.exported_at,
        "small_cell_threshold": ctx.threshold,
        "files": [{"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
                  for name, data in sorted(files.items())],
        "links": [{"title": m.title, "url": m.link} for m in materials if not m.copied_to and not m.why_not],
        "materials_copied": [{"title": m.title, "link": m.link, "path": m.copied_to} for m in materials
                             if m.copied_to],
        "skipped": [{"title": m.title, "link": m.link, "why": m.why_not} for m in materials if m.why_not],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# --- Markdown ------------------------------------------------------------------------------


def render_markdown(ctx: Context, card: Any, cycles: list[CycleView], materials: list[Material],
                    charts: list[str]) -> str:
    m = inline
    from nictools.reports.evidence import STATE_WORDS
    from nictools.reports.model import SIGNAL_WORDS

    lines = [f"# {m(ctx.idea)}: {m(ctx.title)}", "",
             f"_A change package from {m(ctx.network)}, as of {ctx.as_of_date} ({m(ctx.revision[:12])}), "
             f"exported by nictools {__version__}. Counts below {ctx.threshold} are shown as "
             f"“<{ctx.threshold}”. A signal is evidence of non-random variation, not proof that a change worked._",
             "", m(card.description), "",
             f"- **Status:** {m(ctx.status.replace('_', ' '))}"]
    if ctx.origin:
        lines.append(f"- **Origin:** {m(ctx.origin)}")
    for did, title, parents in ctx.drivers:
        up = "; ".join(f"{m(p)} {m(t)}" for p, t in parents)
        lines.append(f"- **Driver:** {m(did)} {m(title)}" + (f" (feeds {up})" if up else ""))
    if ctx.process_measures:
        lines.append("- **Process measure:** " + "; ".join(f"{m(i)} {m(t)}" for i, t in ctx.process_measures))
    if ctx.evidence:
        lines.append(f"- **Where it comes from:** {m(ctx.evidence)}")
    lines += ["", "## What the evidence says", "", f"**{m(card.verdict_words)}**", ""]
    if card.missing:
        lines += ["Still needed for evidence of improvement: " + "; ".join(m(x) for x in card.missing) + ".", ""]
    pred = card.predictions
    total = sum(pred.values())
    if total:
        lines += [f"Predictions held {pred.get('confirmed', 0)} of {total} times ({pred.get('partly', 0)} partly).", ""]
    if card.largest_scale:
        lines += [f"Largest scale reached: {m(card.largest_scale)}.", ""]
    if card.sites:
        lines += ["## Sites that tested it", "",
                  "| site | state | first test | adopted | largest scale | process measure | outcome after adoption |",
                  "|---|---|---|---|---|---|---|"]
        for s in card.sites:
            lines.append(f"| {m(s.name)} ({m(s.site)}) | {m(STATE_WORDS.get(s.state, s.state))} | "
                         f"{s.first_test or '–'} | {s.adopted_on or '–'} | {m(s.largest_scale or '–')} | "
                         f"{m(s.process_words or '–')} | "
                         f"{m(SIGNAL_WORDS.get(s.outcome_after, s.outcome_after)) if s.state == 'adopted' else '–'} |")
        lines.append("")
        adopted = [s for s in card.sites if s.state == "adopted"]
        if adopted:
            lines += ["### Evidence criteria at each adopting site", ""]
            for s in adopted:
                lines.append(f"- **{m(s.name)}**: " + ("meets every criterion" if s.lines_up else
                                                       "not met: " + "; ".join(m(c) for c in s.criteria)))
            balancing = [f"{m(b)} at {m(s.name)}" for s in adopted for b in s.balancing]
            if balancing:
                lines += ["", "### Balancing measures since adoption", ""] + [f"- {b}" for b in balancing]
            lines.append("")
    if charts or card.aligned:
        from nictools.render.report_charts import describe

        lines += ["## Charts", "",
                  "The outcome at each adopting site, aligned on its adoption (week 0): a view, not a verdict. The "
                  "points, centre line and signal colours are the site's own chart (its frozen baseline), shifted so "
                  "the sites line up.", ""]
        for series in card.aligned:
            name = f"charts/outcome-{series.site}.svg"
            if name in charts:
                lines += [f"![{m(series.title)}]({name})", ""]
            lines += [m(describe(series)), ""]
    if card.abandon_reasons:
        lines += ["## Why sites abandoned it", ""]
        lines += [f"- **{m(site)}**: {m(reason)}" for site, reason in card.abandon_reasons]
        lines.append("")
    if card.conditions_worked or card.conditions_did_not_work:
        lines += ["## Conditions", ""]
        lines += [f"- Worked: {m(c)}" for c in card.conditions_worked]
        lines += [f"- Did not work: {m(c)}" for c in card.conditions_did_not_work]
        lines.append("")
    if cycles:
        lines += ["## PDSA cycles", ""]
        for c in cycles:
            lines += [f"### {m(c.site_name)} {m(c.id)}: {m(c.title)}", "",
                      f"{m(c.purpose)} cycle, reached **{m(c.stage)}**; "
                      f"{c.start or 'no start date'}{f' to {c.end}' if c.end else ''}"
                      + (f"; scale: {m(c.scale)}" if c.scale else "") + ".", "",
                      f"**Objective:** {m(c.objective)}", ""]
            if c.also_tests:
                lines += [f"Tested together with: {m(', '.join(c.also_tests))}.", ""]
            if c.questions:
                lines += ["| # | question | prediction | result | notes |", "|---|---|---|---|---|"]
                lines += [f"| {n} | {m(q)} | {m(p)} | {m(r) or '–'} | {m(notes) or '–'} |"
                          for n, q, p, r, notes in c.questions]
                lines.append("")
            for label, text in (("What happened", c.what_happened), ("Results", c.results), ("Learned", c.learned)):
                if text:
                    lines += [f"**{label}:** {m(text)}", ""]
            if c.decision:
                lines += [f"**Decision:** {m(c.decision)}" + (f": {m(c.reason)}" if c.reason else "")
                          + (f" (next: {m(c.next_cycle)})" if c.next_cycle else ""), ""]
    if materials:
        lines += ["## Materials", ""]
        for mat in materials:
            if mat.copied_to:
                lines.append(f"- [{m(mat.title)}](<{quote(mat.copied_to)}>) (a copy is in this folder)")
            elif not mat.why_not:
                lines.append(f"- [{m(mat.title)}]({link_target(mat.link)})")
            else:
                lines.append(f"- {m(mat.title)}: not included ({m(mat.why_not)})")
        lines.append("")
    lines += ["---", "", "Files: `card.html` (this card as one page), `charts/`, `materials/`, "
              "`manifest.json` (every file with its size and SHA-256).", ""]
    return "\n".join(lines)


# --- HTML ----------------------------------------------------------------------------------


def render_html(ctx: Context, card: Any, cycles: list[CycleView], materials: list[Material]) -> str:
    """The evidence card as one standalone page: the report's card, then the cycles and materials."""
    from nictools.render.report_html import CSS, card_html, e

    out = ["<!doctype html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(ctx.idea)}: {e(ctx.title)} — change package</title>",
           f"<style>{CSS}</style></head><body><main>",
           f'<header class="cover"><p class="muted">Change package · {e(ctx.network)}</p>'
           f"<h1>{e(ctx.idea)}: {e(ctx.title)}</h1>"
           f'<p class="note">As of {e(ctx.as_of_date)} ({e(ctx.revision[:12])}); exported by nictools '
           f"{e(__version__)}. Counts below {ctx.threshold} are shown as “&lt;{ctx.threshold}”. A signal is "
           "evidence of non-random variation, not proof that a change worked.</p></header>"]
    facts = []
    for did, title, parents in ctx.drivers:
        up = "; ".join(f"{e(p)} {e(t)}" for p, t in parents)
        facts.append(f"<li>Driver: <strong>{e(did)}</strong> {e(title)}{f' (feeds {up})' if up else ''}</li>")
    if ctx.process_measures:
        facts.append("<li>Process measure: " + "; ".join(f"{e(i)} {e(t)}" for i, t in ctx.process_measures)
                     + "</li>")
    if ctx.evidence:
        facts.append(f"<li>Where it comes from: {e(ctx.evidence)}</li>")
    if facts:
        out.append("<ul>" + "".join(facts) + "</ul>")
    out.append(card_html(card))
    if cycles:
        out.append("<h2>PDSA cycles</h2>")
        for c in cycles:
            out.append(f'<section class="card"><h3>{e(c.site_name)} {e(c.id)}: {e(c.title)}</h3>'
                       f"<p>{e(c.purpose)} cycle, reached <strong>{e(c.stage)}</strong>; "
                       f"{e(c.start or 'no start date')}{e(f' to {c.end}' if c.end else '')}"
                       f"{e(f'; scale: {c.scale}' if c.scale else '')}.</p>"
                       f"<p><strong>Objective:</strong> {e(c.objective)}</p>")
            if c.also_tests:
                out.append(f"<p>Tested together with: {e(', '.join(c.also_tests))}.</p>")
            if c.questions:
                out.append("<table><thead><tr><th>#</th><th>question</th><th>prediction</th><th>result</th>"
                           "<th>notes</th></tr></thead><tbody>"
                           + "".join(f"<tr><td>{n}</td><td>{e(q)}</td><td>{e(p)}</td><td>{e(r or '–')}</td>"
                                     f"<td>{e(notes or '–')}</td></tr>" for n, q, p, r, notes in c.questions)
                           + "</tbody></table>")
            for label, text in (("What happened", c.what_happened), ("Results", c.results), ("Learned", c.learned)):
                if text:
                    out.append(f"<p><strong>{label}:</strong> {e(text)}</p>")
            if c.decision:
                out.append(f"<p><strong>Decision:</strong> {e(c.decision)}{': ' + e(c.reason) if c.reason else ''}"
                           f"{' (next: ' + e(c.next_cycle) + ')' if c.next_cycle else ''}</p>")
            out.append("</section>")
    if materials:
        items = []
        for mat in materials:
            if mat.copied_to:
                items.append(f'<li><a href="{e(quote(mat.copied_to))}">{e(mat.title)}</a> (a copy is in this '
                             "folder)</li>")
            elif not mat.why_not:
                items.append(f'<li><a href="{e(encode_url(mat.link))}">{e(mat.title)}</a></li>')
            else:
                items.append(f"<li>{e(mat.title)}: not included ({e(mat.why_not)})</li>")
        out.append("<h2>Materials</h2><ul>" + "".join(items) + "</ul>")
    out.append("</main></body></html>\n")
    return "".join(out)


