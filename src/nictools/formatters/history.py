"""Text and Markdown renderings of the history reports (status, log, diff, compare).

Plain strings, never rich markup, so user text such as `[a, b]` prints as written;
Markdown escapes every piece of user text, since people paste it into issues and
notes where `*`, `|` or `<` would change its meaning.
"""

from __future__ import annotations

from nictools.measurement.assessment import SIGNAL_LABELS

from typing import Any, Callable

from typing import TYPE_CHECKING

from nictools.markdown import inline
from nictools.reports.timeline import line

if TYPE_CHECKING:  # the report modules pull in the models; `nic log` does not need them
    from nictools.reports.changes import DiffReport
    from nictools.reports.compare import CompareReport
    from nictools.reports.status import StatusReport
    from nictools.reports.timeline import Timeline

md = inline  # the one Markdown escaper (nictools.markdown)


def plain(text: Any) -> str:
    return str(text)


def short(value: Any, width: int = 60) -> str:
    text = "(none)" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


# --- status --------------------------------------------------------------------------------


def _site_lines(report: "StatusReport", esc: Callable[[Any], str], bullet: str) -> list[str]:
    out: list[str] = []
    for s in report.sites:
        stages = ", ".join(f"{n} at {stage}" for stage, n in s.stages.items() if n) or "no cycles yet"
        quiet = "  [quiet]" if s.quiet else ""
        head = f"{esc(s.id)} · {esc(s.name)}" + (f" · cluster {esc(s.cluster)}" if s.cluster else "")
        out.append(f"## {head}{quiet}" if bullet == "-" else f"{head}{quiet}")
        ind = "" if bullet == "-" else "  "
        out.append(f"{ind}{bullet} cycles: {stages}" + (f" ({s.drafts} draft)" if s.drafts else ""))
        for r in s.ramps:
            if r.in_progress:
                ideas = f" ({', '.join(esc(i) for i in r.change_ideas)})" if r.change_ideas else ""
                steps = " → ".join(f"{esc(c)} [{esc(sc)}]" for c, sc in zip(r.cycles, r.scales))
                out.append(f"{ind}{bullet} ramp in progress{ideas}: {steps}")
        for d in s.decisions:
            learned = f"; learned: {esc(short(d.learned, 80))}" if d.learned else ""
            out.append(f"{ind}{bullet} decision {esc(d.cycle)} ({esc(short(d.title, 40))}): {esc(d.decision)}{learned}")
        for m in s.measures:
            out.append(f"{ind}{bullet} measure {esc(m.measure)} ({esc(m.title)}): {esc(m.words)}")
        if s.last_activity and s.last_activity.get("date"):
            a = s.last_activity
            weeks = f", {s.silent} before the as-of date" if s.silent and s.school_weeks_since else ""
            out.append(f"{ind}{bullet} last activity: {a['date']} by {esc(a['author'])}{weeks}")
        elif s.last_activity:
            out.append(f"{ind}{bullet} last activity: before {s.last_activity['before']} (where this clone's history starts)")
        else:
            out.append(f"{ind}{bullet} last activity: none")
        if s.status == "withdrawn":
            out.append(f"{ind}{bullet} withdrawn from the network: not judged quiet")
        elif s.quiet:
            out.append(f"{ind}{bullet} quiet: no activity for {esc(s.silent)}, longer than {esc(s.quiet_rule)}; "
                       "worth a call from the hub")
        if report.hub and s.provenance:
            known = sum(1 for v in s.provenance.values() if v == "yes")
            tested = sum(1 for v in s.provenance.values() if v != "not tested yet")
            detail = ", ".join(f"{esc(c)} {v}" for c, v in s.provenance.items() if v != "not tested yet")
            out.append(f"{ind}{bullet} predictions recorded before the test (hub only): {known} of {tested} tested "
                       f"cycles yes, the rest unknown" + (f" ({detail})" if detail else ""))
        out.append("")
    return out


def status_text(report: "StatusReport") -> str:
    head = [f"{report.network} · status as of {report.as_of} (commit {report.commit[:8]})"]
    if report.history_starts:
        head.append(f"history starts {report.history_starts} (shallow clone)")
    if report.since is not None:
        head.append(plain(_since_words(report.since)))
    return "\n".join(head + [""] + _site_lines(report, plain, "·")).rstrip() + "\n"


def _since_words(since: dict[str, Any]) -> str:
    """'since convening 2024-q3 (2024-11-19): 864 rows of data arrived from 144 sites, 3 periods (…)'."""
    text = f"since convening {since['convening']} ({since['date']}): "
    if not since["rows"]:
        return text + "no data has arrived (by commit)"
    return (text + f"{since['rows']} row{'s' if since['rows'] != 1 else ''} of data arrived from {since['sites']} "
            f"site{'s' if since['sites'] != 1 else ''}, {since['periods']} period{'s' if since['periods'] != 1 else ''} "
            f"({since['first']} to {since['last']}; {', '.join(since['measures'])})")


def status_markdown(report: "StatusReport") -> str:
    head = [f"# {md(report.network)}: status as of {report.as_of}", "",
            f"Commit `{report.commit[:8]}`." + (f" History starts {report.history_starts} (shallow clone)."
                                               if report.history_starts else "")
            + (f" {md(_since_words(report.since))[0].upper()}{md(_since_words(report.since))[1:]}."
               if report.since is not None else ""), ""]
    return "\n".join(head + _summary_table(report) + _site_lines(report, md, "-")).rstrip() + "\n"


def _summary_table(report: "StatusReport") -> list[str]:
    """Sites by measures with the Making Data Count icons (inline SVG, each with its words)."""
    from nictools.measurement.mdc import ASSURANCE_WORDS, VARIATION_WORDS
    from nictools.render.mdc_icons import assurance_svg, variation_svg

    measures = sorted({m.measure for s in report.sites for m in s.measures if m.variation})
    if not measures:
        return []
    out = ["## Making Data Count summary", "",
           "Variation (common cause, or special cause improving / concerning) and, where a goal and limits exist, "
           "assurance (whether the process will meet the goal), from each site's assessment.", "",
           "| site | " + " | ".join(md(m) for m in measures) + " |", "|---|" + "---|" * len(measures)]
    for s in report.sites:
        by = {m.measure: m for m in s.measures}
        cells = []
        for mid in measures:
            m = by.get(mid)
            if m is None or m.variation is None:
                cells.append("–")
                continue
            words = VARIATION_WORDS[m.variation] + (f"; {ASSURANCE_WORDS[m.assurance]}" if m.assurance else "")
            cells.append(variation_svg(m.variation) + assurance_svg(m.assurance) + f" <sub>{md(words)}</sub>")
        out.append(f"| {md(s.id)} | " + " | ".join(cells) + " |")
    return out + [""]


# --- log -----------------------------------------------------------------------------------


def log_text(timeline: "Timeline", esc: Callable[[Any], str] = plain) -> str:
    out = []
    if timeline.history_starts:
        out.append(f"(history starts {timeline.history_starts}: shallow clone)")
    for e in timeline.events:
        out.append(f"{e.date:%Y-%m-%d}  {esc(line(e))}")
    if not timeline.events:
        out.append("No events in this window.")
    return "\n".join(out) + "\n"


def log_markdown(timeline: "Timeline") -> str:
    out = [f"# {md(timeline.network)}: timeline", ""]
    if timeline.history_starts:
        out += [f"History starts {timeline.history_starts} (shallow clone).", ""]
    out += [f"- {e.date:%Y-%m-%d} · {md(line(e))}" for e in timeline.events] or ["No events in this window."]
    return "\n".join(out) + "\n"


_KIND = {"pdsa": "cycle", "change-idea": "change idea"}


# --- diff ----------------------------------------------------------------------------------


def _diff_lines(r: "DiffReport", esc: Callable[[Any], str], h: Callable[[str], str], b: str) -> list[str]:
    out: list[str] = []
    if r.empty:
        return ["No changes to the network's artifacts."]

    def label(a: Any) -> str:
        where = f"{esc(a.site)} · " if a.site else ""
        if a.kind in ("drivers", "network"):
            return {"drivers": "driver diagram", "network": "network settings"}[a.kind]
        title = f" ({esc(short(a.title, 50))})" if a.title else ""
        return f"{where}{_KIND.get(a.kind, a.kind)} {esc(a.id)}{title}"

    if r.added:
        out += [h("Added")] + [f"{b} {label(a)}" for a in r.added] + [""]
    if r.removed:
        out += [h("Removed")] + [f"{b} {label(a)}" for a in r.removed] + [""]
    if r.decisions:
        out.append(h("Decisions made"))
        for d in r.decisions:
            nxt = f" → next {esc(d['next_cycle'])}" if d.get("next_cycle") else ""
            why = f" ({esc(short(d['reason'], 80))})" if d.get("reason") else ""
            out.append(f"{b} {esc(d['site'])} · cycle {esc(d['cycle'])} ({esc(short(d['title'], 40))}): "
                       f"{esc(d['decision'])}{nxt}{why}")
        out.append("")
    if r.stages:
        out.append(h("Stages reached"))
        out += [f"{b} {esc(s['site'])} · cycle {esc(s['cycle'])}: {s['from'] or 'new'} → {s['to']}" for s in r.stages]
        out.append("")
    if r.data:
        out.append(h("Data"))
        for d in r.data:
            parts = []
            if d["rows_added"]:
                span = d["first"] if d["first"] == d["last"] else f"{d['first']} to {d['last']}"
                parts.append(f"{d['rows_added']} point(s) added ({span})")
            if d["rows_changed"]:
                parts.append(f"{d['rows_changed']} corrected")
            if d["rows_removed"]:
                parts.append(f"{d['rows_removed']} removed")
            out.append(f"{b} {esc(d['site'])} · {esc(d['measure'])}: {', '.join(parts)}")
        out.append("")
    if r.drivers:
        out.append(h("Driver diagram"))
        d = r.drivers
        for name, words in (("drivers_added", "added"), ("drivers_removed", "removed"), ("drivers_renamed", "retitled")):
            if d.get(name):
                out.append(f"{b} {words}: {', '.join(esc(x) for x in d[name])}")
        for rev in d.get("revisions", []):
            out.append(f"{b} revision {esc(rev['date'])}: {esc(rev['summary'])} (why: {esc(rev['reason'])})")
        for c in d.get("commits", []):
            out.append(f"{b} commit {c['commit'][:8]} {esc(c['date'])} {esc(c['author'])}: "
                       f"{esc(short(c['message'].splitlines()[0] if c['message'] else '', 70))}")
        out.append("")
    if r.changed:
        out.append(h("Fields changed"))
        for a in r.changed:
            out.append(f"{b} {label(a)}")
            for f in a.fields:
                out.append(f"    {esc(f.field)}: {esc(short(f.old, 50))} → {esc(short(f.new, 50))}")
        out.append("")
    return out


def diff_text(r: "DiffReport") -> str:
    old = f"{r.old['commit'][:8]} ({r.old['date']})" if r.old["commit"] else "the empty network"
    head = [f"{r.network} · changes from {old} to {r.new['commit'][:8]} ({r.new['date']})",
            f"{r.commits} commit(s) by {', '.join(r.authors) or 'nobody'}", ""]
    return "\n".join(head + _diff_lines(r, plain, lambda t: t, "·")).rstrip() + "\n"


def diff_markdown(r: "DiffReport") -> str:
    old = f"`{r.old['commit'][:8]}` ({r.old['date']})" if r.old["commit"] else "the empty network"
    head = [f"# {md(r.network)}: changes", "",
            f"From {old} to `{r.new['commit'][:8]}` ({r.new['date']}): {r.commits} commit(s) by "
            f"{', '.join(md(a) for a in r.authors) or 'nobody'}.", ""]
    return "\n".join(head + _diff_lines(r, md, lambda t: f"## {t}", "-")).rstrip() + "\n"


# --- compare -------------------------------------------------------------------------------


def _compare_lines(r: "CompareReport", esc: Callable[[Any], str], h: Callable[[str], str], b: str) -> list[str]:
    out = [h("Sites")]
    for s in r.sites:
        data = ", ".join(esc(m) for m in s.measures_with_data) or "none yet"
        out.append(f"{b} {esc(s.id)} · {esc(s.name)} · {esc(s.context)}" + (f" · cluster {esc(s.cluster)}" if s.cluster
                                                                            else "") + f" · data: {data}")
        for v in s.measures:
            out.append(f"    {esc(v.measure)}: {esc(SIGNAL_LABELS.get(v.signal, v.signal))}"
                       + (f" since {esc(v.assessment['signal_since'])}" if v.assessment and
                          v.assessment.get("signal_since") else ""))
            for words in v.breaks:
                out.append(f"      note: {esc(words)}")
    out.append("")
    if not r.ideas:
        out.append("None of these sites has tested a change idea yet.")
    for idea in r.ideas:
        status = f" [{idea.status}]" if idea.status else ""
        out.append(h(f"{esc(idea.id)} · {esc(idea.title)}{status}"))
        for site, t in idea.sites.items():
            if t is None:
                out.append(f"{b} {esc(site)}: not tested")
                continue
            bits = [f"cycles {', '.join(esc(c) for c in t.cycles)}",
                    "decisions " + ("; ".join(esc(d) for d in t.decisions) if t.decisions else "none yet")]
            if t.scales:
                bits.append("scale " + " → ".join(esc(s) for s in t.scales))
            if t.where:
                bits.append("where " + "; ".join(esc(short(w, 40)) for w in t.where))
            if t.measures:
                bits.append("measures " + ", ".join(esc(m) for m in t.measures))
            out.append(f"{b} {esc(site)}: " + " · ".join(bits))
            for learned in t.learned[-2:]:
                out.append(f"    learned {esc(short(learned, 100))}")
        out.append("")
    return out


def compare_text(r: "CompareReport") -> str:
    head = [f"{r.network} · sites side by side (commit {r.commit[:8]})", ""]
    return "\n".join(head + _compare_lines(r, plain, lambda t: t, "·")).rstrip() + "\n"


def compare_markdown(r: "CompareReport") -> str:
    head = [f"# {md(r.network)}: sites side by side", "", f"Commit `{r.commit[:8]}`.", ""]
    return "\n".join(head + _compare_lines(r, md, lambda t: f"## {t}", "-")).rstrip() + "\n"
