"""The convening report as one self-contained HTML file.

No script, no web font, no image or style fetched from anywhere: charts and the
diagram are inline SVG, styles are inline. Every piece of text from the repository
goes through `e()` (html.escape). Built for a projector (large type, high contrast)
and for paper (print CSS, a page per section and per site).
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Callable, Iterable

from nictools.reports.evidence import STATE_WORDS
from nictools.reports.model import (SIGNAL_WORDS, EvidenceCard, Funnel, Report, Series, SitePage, StrataBlock)
from nictools.render.report_charts import chart_svg, funnel_svg, funnel_words, shared_span, sparkline_svg, value_range
from nictools.reports.cadence import period_word

Progress = Callable[[str], None]
Diagram = Callable[[Report], str | None]


def e(value: object) -> str:
    """Escape repository text for HTML (quotes too: it may land in an attribute)."""
    return escape("" if value is None else str(value), quote=True)


CSS = """
:root{--ink:#111;--muted:#3d3d3d;--line:#bdbdbd;--paper:#fff;--band:#f2f2f2;--imp:#1f5fbf;--con:#c25400;--ok:#1b7f3b}
*{box-sizing:border-box}
html{font-size:20px}
body{margin:0;color:var(--ink);background:var(--paper);font-family:"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif;line-height:1.45}
main{max-width:1280px;margin:0 auto;padding:1.2rem 1.6rem 4rem}
header.cover{border-bottom:6px solid var(--ink);padding-bottom:1rem;margin-bottom:1rem}
h1{font-size:2.2rem;margin:.2rem 0}
h2{font-size:1.7rem;margin:2.2rem 0 .6rem;border-bottom:3px solid var(--ink);padding-bottom:.2rem}
h3{font-size:1.3rem;margin:1.4rem 0 .4rem}
h4{font-size:1.05rem;margin:1rem 0 .3rem}
p,li{max-width:70ch}
.muted{color:var(--muted)}
.lead{font-size:1.15rem}
nav.toc ol{columns:2;font-size:1rem}
nav.toc a{color:var(--ink)}
a{color:#0b3d91}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:var(--band)}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.tiles{display:flex;flex-wrap:wrap;gap:.8rem;margin:.6rem 0 1rem}
.tile{border:3px solid var(--ink);padding:.5rem .9rem;min-width:9rem}
.tile b{display:block;font-size:2rem;line-height:1.1}
.tile.imp{border-color:var(--imp)} .tile.imp b{color:var(--imp)}
.tile.con{border-color:var(--con)} .tile.con b{color:var(--con)}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:.6rem}
.grid.wide{grid-template-columns:repeat(auto-fill,minmax(520px,1fr))}
.grid figure{margin:0;border:1px solid var(--line);padding:.3rem .4rem}
.grid figcaption{font-size:.8rem;font-weight:600}
.grid .status{font-weight:400;display:block}
svg.chart{width:100%;height:auto;display:block}
svg.spark{width:100%;height:auto;display:block}
figure.chart{margin:.5rem 0 1rem}
svg.mdc{vertical-align:middle;margin:0 1px}
.badge{display:inline-block;border:2px solid var(--ink);border-radius:.3rem;padding:0 .35rem;font-size:.8rem;font-weight:600;white-space:nowrap}
.badge.improvement,.badge.adopted,.badge.evidence{border-color:var(--imp);color:var(--imp)}
.badge.concern,.badge.abandoned{border-color:var(--con);color:var(--con)}
.badge.signal{border-color:var(--imp);color:var(--imp);border-style:dashed}
.verdict{border-left:8px solid var(--ink);background:var(--band);padding:.5rem .8rem;margin:.6rem 0}
.verdict.evidence{border-color:var(--imp)}
.verdict.promising,.verdict.mixed{border-color:#9db8e6}
.card,.site{border-top:2px solid var(--line);padding-top:.4rem}
.quote{font-size:1.1rem;border-left:6px solid var(--ink);padding:.3rem .8rem;margin:.5rem 0;font-style:italic}
.ask{font-size:1.15rem;font-weight:600;border:3px solid var(--ink);padding:.5rem .8rem}
ol.ramp{list-style:none;padding:0;display:flex;flex-direction:column-reverse;gap:.3rem;max-width:48rem}
ol.ramp li{border:2px solid var(--ink);padding:.2rem .6rem;background:var(--band)}
.matrix td,.matrix th{padding:.15rem .25rem;text-align:center;font-size:.75rem}
.matrix th.site{text-align:left;white-space:nowrap}
.m-adopted{background:#1f5fbf;color:#fff}
.m-adapted{background:#9db8e6;color:#000}
.m-testing{background:#d6e2f5;color:#000}
.m-planned{background:#fff;color:#000}
.m-abandoned{background:#fbe1cf;color:#000}
.legend span{margin-right:1rem}
ul.tree{list-style:none;padding-left:1.2rem;border-left:2px solid var(--line)}
ul.tree.top{border:none;padding-left:0}
.note{font-size:.85rem;color:var(--muted)}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1.2rem}
.strata{display:grid;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr));gap:.6rem}
.strata figure{margin:0}
ul.verdicts{margin:.3rem 0;padding-left:1.2rem}
table.proposals code{white-space:nowrap;font-size:.8em}
footer{margin-top:3rem;border-top:2px solid var(--ink);font-size:.85rem}
@media (max-width:900px){.cols{grid-template-columns:1fr} nav.toc ol{columns:1}}
@media print{
 html{font-size:11pt} main{max-width:none;padding:0}
 nav.toc a{text-decoration:none}
 section.part{break-before:page}
 section.site{break-before:page}
 section.site.compact{break-before:auto;break-inside:avoid;border-top:1px solid var(--line)}
 .grid{grid-template-columns:repeat(5,1fr);gap:.3rem}
 .grid figure{break-inside:avoid}
 .card,figure,table,.verdict,.tile{break-inside:avoid}
 h2,h3,h4{break-after:avoid}
 a{color:var(--ink)}
}
"""


#: Beyond this many sites the report is compact: tiles grouped by cluster with a contents line,
#: site pages only for sites with something to discuss (`--site-pages`), counts instead of name lists.
COMPACT_SITES = 40


def _natural(text: str) -> tuple:
    """'region-2' before 'region-10'."""
    import re

    return tuple(int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", text))


def _pct_or(value: float | None, percent: bool) -> str:
    if value is None:
        return "–"
    return f"{value:.0%}" if percent else f"{value:.3g}"


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "–"


def _badge(kind: str, words: str | None = None) -> str:
    return f'<span class="badge {e(kind)}">{e(words or kind.replace("_", " "))}</span>'


def _figure(svg: str, caption: str = "") -> str:
    cap = f"<figcaption class=\"note\">{e(caption)}</figcaption>" if caption else ""
    return f'<figure class="chart">{svg}{cap}</figure>'


def _chart(series: Series | None, **kw: object) -> str:
    if series is None:
        return '<p class="muted">No data for this chart yet.</p>'
    if not any(p.value is not None for p in series.points):
        return f'<p class="muted">{e(series.title)}: no data yet.</p>'
    return chart_svg(series, **kw)  # type: ignore[arg-type]


def _notes(items: Iterable[str]) -> str:
    items = [i for i in items if i]
    return "".join(f'<p class="note">{e(i)}</p>' for i in items)


def render_html(report: Report, *, diagram: Diagram | None = None, progress: Progress | None = None) -> str:
    """The whole report; `diagram(report)` may supply the driver diagram as SVG."""
    sections: list[tuple[str, str, str]] = []  # id, title, html
    sections.append(("network", "The network", _network(report)))
    sections.append(("since", "Since the last convening", _since(report)))
    if progress:
        progress("drawing evidence cards")
    sections.append(("evidence", "Change-idea evidence", _evidence(report)))
    sections.append(("spread", "Spread", _spread(report)))
    if progress:
        progress("drawing site pages")
    sections.append(("sites", "Sites", _sites(report, progress)))
    sections.append(("agenda", "Coordinator's agenda", _agenda(report)))
    sections.append(("diagram", "Driver diagram", _diagram(report, diagram)))
    net = report.network
    since = report.since
    title = f"{net.name}: convening report, {report.as_of.isoformat()}"
    toc = "".join(f'<li><a href="#{sid}">{e(label)}</a></li>' for sid, label, _ in sections)
    body = "".join(f'<section class="part" id="{sid}" aria-labelledby="{sid}-h"><h2 id="{sid}-h">{e(label)}</h2>'
                   f"{content}</section>" for sid, label, content in sections)
    scope = f" · site: {e(report.site_filter)}" if report.site_filter else ""
    hub = " · hub edition (includes provenance flags)" if report.hub else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>{e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<main>
<header class="cover">
<p class="muted">{e(net.hub)} · convening report</p>
<h1>{e(net.name)}</h1>
<p class="lead">As of <strong>{e(report.as_of.isoformat())}</strong>; “since” means since
<strong>{e(since.since_label)}</strong>{f" ({e(since.since_date.isoformat())})" if since.since_date and since.since_label != since.since_date.isoformat() else ""}{scope}{hub}.</p>
<p class="note">Counts below {report.small_cell_threshold} are shown as “&lt;{report.small_cell_threshold}”.
A signal on a chart is evidence of non-random variation, not proof that a change worked.</p>
</header>
<nav class="toc" aria-label="Contents"><h2 id="toc-h">Contents</h2><ol>{toc}</ol></nav>
{body}
<footer><p>Made by nictools {e(report.version)} (<code>nic report</code>) from the network's repository.</p>
{_notes(report.notes)}</footer>
</main>
</body>
</html>
"""


def _network(report: Report) -> str:
    net = report.network
    out = []
    if net.aim_statement:
        out.append(f'<h3>Aim: {e(net.aim_title)}</h3><p class="lead">{e(net.aim_statement)}</p>')
        facts = []
        if net.baseline:
            facts.append(f"Baseline {e(net.baseline)}")
        if net.target:
            facts.append(f"target {e(net.target)}")
        if facts:
            out.append(f"<p>{'; '.join(facts)}.</p>")
    if net.series is not None:
        out.append(f"<h3>Outcome: {e(net.measure_title)}, all sites</h3>")
        out.append(f'<p class="note">{e(net.measure_definition)}</p>')
        out.append(_figure(_chart(net.series, title=f"{net.measure_title}: network"),
                           f"Numerators and denominators summed over the sites reporting each "
                           f"{period_word(net.frequency, 1)}. "
                           "Blue points: improvement signal; orange: concern; dotted green: goal."))
        if net.reporting_changes:
            rows = "".join(f"<tr><td>{e(c.period.isoformat())}</td><td class=\"num\">{c.reporting}</td>"
                           f"<td>{e(', '.join(c.joined)) or '–'}</td><td>{e(', '.join(c.left)) or '–'}</td></tr>"
                           for c in net.reporting_changes[:40])
            more = (f'<p class="note">…and {len(net.reporting_changes) - 40} more changes.</p>'
                    if len(net.reporting_changes) > 40 else "")
            many, one = period_word(net.frequency), period_word(net.frequency, 1)
            out.append(f"<h4>{e(many.capitalize())} where the set of reporting sites changed</h4>"
                       f'<p class="note">The network total is not like for like across these {e(many)}.</p>'
                       f"<table><thead><tr><th>{e(one)}</th><th class=\"num\">sites reporting</th><th>started reporting"
                       f"</th><th>did not report</th></tr></thead><tbody>{rows}</tbody></table>{more}")
        notes = net.series.notes
        if net.reporting_changes:  # the table above says it, once per period, not a paragraph each
            notes = [n for n in notes if not n.startswith("the reporting sites changed")]
        out.append(_notes(notes))
    out.append(_notes(net.notes))
    counts = net.counts
    if net.sites:
        out.append("<h3>Sites: signals in the outcome</h3>")
        out.append('<div class="tiles">'
                   f'<div class="tile imp"><b>{counts.get("improvement", 0)}</b>improvement signal</div>'
                   f'<div class="tile"><b>{counts.get("none", 0)}</b>no signal</div>'
                   f'<div class="tile con"><b>{counts.get("concern", 0)}</b>concern</div>'
                   + (f'<div class="tile"><b>{counts.get("both", 0)}</b>signals both ways</div>'
                      if counts.get("both", 0) else "")
                   + (f'<div class="tile"><b>{counts.get("too_few", 0) + counts.get("no_data", 0)}</b>too few points'
                      '</div>' if counts.get("too_few", 0) + counts.get("no_data", 0) else "") + "</div>")
        span = shared_span(s.series for s in net.sites)
        axis = (f" Every small chart spans the same time, {e(span[0].isoformat())} to {e(span[1].isoformat())}: "
                "a site that joined later starts further right." if span else "")
        out.append('<p class="note">Sites are listed by cluster and name, never ranked. Each small chart is a '
                   f"site's own outcome against its own baseline.{axis}</p>")
        groups: dict[str, list] = {}
        for s in sorted(net.sites, key=lambda s: (_natural(s.cluster or "~"), _natural(s.name))):
            groups.setdefault(s.cluster or "no cluster", []).append(s)
        by_cluster = len(groups) > 1 and len(net.sites) > COMPACT_SITES
        if by_cluster:
            out.append('<nav class="clusters" aria-label="Clusters"><p>By cluster: ' + " · ".join(
                f'<a href="#tiles-{e(c)}">{e(c)}</a> ({len(items)}; '
                f'{sum(1 for i in items if i.status not in ("none", "too_few", "no_data"))} with a signal)'
                for c, items in groups.items()) + "</p></nav>")
        for cluster, items in groups.items():
            if by_cluster:
                out.append(f'<h4 id="tiles-{e(cluster)}">{e(cluster)} ({len(items)} sites)</h4>')
            out.append('<div class="grid">')
            for s in items:
                label = f"{s.name}: {SIGNAL_WORDS.get(s.status, s.status)}"
                out.append(f'<figure>{sparkline_svg(s.series, label, span=span)}<figcaption>{e(s.name)}'
                           f'<span class="status">{e(s.cluster or "")} · '
                           f'{_badge(s.status, SIGNAL_WORDS.get(s.status))}</span></figcaption></figure>')
            out.append("</div>")
    if net.summary and net.summary_measures:
        out.append(_summary(net))
    if net.funnel is not None:
        out.append(_funnel(net.funnel))
    return "".join(out)


def _summary(net) -> str:  # noqa: ANN001
    """Sites by measures with the Making Data Count variation and assurance icons."""
    from nictools.render.mdc_icons import assurance_svg, legend_html, variation_svg

    head = "".join(f'<th scope="col">{e(m)}</th>' for m in net.summary_measures)
    body = []
    for row in net.summary:
        cells = []
        for m in net.summary_measures:
            cell = row.cells.get(m)
            cells.append(f'<td class="mdc-cell" title="{e(cell.words)}">{variation_svg(cell.variation)}'
                         f"{assurance_svg(cell.assurance)}</td>" if cell else "<td>–</td>")
        body.append(f'<tr><th scope="row" class="site">{e(row.name)} <span class="note">{e(row.cluster or "")}'
                    f"</span></th>{''.join(cells)}</tr>")
    return ("<h3>Making Data Count summary</h3>"
            '<p class="note">Each site\'s measures at a glance, from the same assessment as every chart: the first '
            "icon is the variation (common cause, or special cause improving or concerning, by the measure's "
            "direction); the second, where a goal and limits exist, the assurance (whether the process will meet "
            "the goal). Sites by cluster and name, never ranked.</p>" + legend_html()
            + f'<table class="matrix mdc"><thead><tr><th>site</th>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def _funnel(funnel: Funnel) -> str:
    """The funnel plot, what it says in words, and the numbers behind each dot."""
    value = (lambda v: f"{v:.1%}") if funnel.percent else (lambda v: f"{v * funnel.multiply:.3g}")
    rows = []
    for s in sorted(funnel.sites, key=lambda s: (s.cluster or "~", s.name)):
        where = "inside the limits" if s.position == "inside" else f"{s.position} the limits"
        where = {"inside": "inside the expected range", "above": "above the expected range",
                 "below": "below the expected range"}[s.position]
        rows.append(f"<tr><td>{e(s.name)}</td><td>{e(s.cluster or '')}</td><td class=\"num\">{value(s.value)}</td>"
                    f"<td class=\"num\">{s.base:,.0f}</td><td>{e(where)}</td></tr>")
    left_out = (f'<p class="note">{funnel.left_out} site{"s" if funnel.left_out != 1 else ""} left out: their counts '
                "over the window include a small cell.</p>" if funnel.left_out else "")
    if funnel.no_data and len(funnel.no_data) > 12:
        left_out += f'<p class="note">{len(funnel.no_data)} sites have no data in the window.</p>'
    elif funnel.no_data:
        left_out += f'<p class="note">No data in the window: {e(", ".join(funnel.no_data))}.</p>'
    window = (f'<p class="note">The window: {e(funnel.rule)}, {e(funnel.start.isoformat())} to '
              f'{e(funnel.end.isoformat())}.</p>' if funnel.rule else "")
    return ("<h3>Sites compared: a funnel plot</h3>"
            '<p class="note">Each dot is a site\'s outcome pooled over the window against how many it rests on (its mean '
            "denominator per period, not summed over the periods). The funnel narrows as the base grows: a site outside "
            "the dashed 99.8% limits (the expected range) differs from the network by more than chance explains; inside, "
            "the differences are noise. The limits allow for real differences between sites (overdispersion, "
            "Spiegelhalter 2005). Not a ranking.</p>"
            + _figure(funnel_svg(funnel), funnel_words(funnel)) + window
            + "<table><thead><tr><th>site</th><th>cluster</th><th class=\"num\">value</th><th class=\"num\">base"
            f"</th><th>position</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{left_out}")


def _since(report: Report) -> str:
    s = report.since
    p = s.predictions
    d = s.decisions
    out = ['<div class="tiles">',
           f'<div class="tile"><b>{s.cycles_run}</b>cycles run</div>',
           f'<div class="tile"><b>{s.cycles_planned}</b>cycles planned</div>',
           f'<div class="tile"><b>{p.get("confirmed", 0)}/{sum(p.values())}</b>predictions confirmed'
           f'<br><span class="note">{p.get("partly", 0)} partly, {p.get("not_confirmed", 0)} not</span></div>',
           f'<div class="tile"><b>{sum(d.values())}</b>decisions<br><span class="note">{d.get("adopt", 0)} adopt, '
           f'{d.get("adapt", 0)} adapt, {d.get("abandon", 0)} abandon</span></div>',
           f'<div class="tile"><b>{s.data_rows}</b>rows of data arrived<br><span class="note">from {s.data_sites} '
           f'site{"s" if s.data_sites != 1 else ""}</span></div>', "</div>"]
    source = ("from the git history" if s.source == "history" else "from the dates written in the files")
    out.append(f'<p class="note">From {e(_date(s.since_date)) if s.since_date else "the start"} to '
               f"{e(s.as_of.isoformat())}, {source}.</p>")
    if s.data:
        from nictools.reports.cadence import count_periods

        out.append("<table><thead><tr><th>data that arrived</th><th class=\"num\">rows</th><th class=\"num\">sites"
                   "</th><th>periods</th></tr></thead><tbody>" + "".join(
                       f"<tr><td>{e(a.measure)}: {e(a.title)}</td><td class=\"num\">{a.rows}</td>"
                       f"<td class=\"num\">{a.sites}</td><td>{e(count_periods(a.periods, a.frequency))}, "
                       f"{e(_date(a.first))} to {e(_date(a.last))}</td></tr>" for a in s.data)
                   + f'</tbody></table><p class="note">Data is counted {e(s.data_rule)}.</p>')
    if s.happenings:
        rows = []
        for h in s.happenings[-300:]:
            rows.append(f"<tr><td>{e(_date(h.date))}</td><td>{e(h.site or 'network')}</td><td>{e(h.kind)}</td>"
                        f"<td>{e(h.text)}</td><td>{e(h.detail)}</td></tr>")
        more = (f'<p class="note">The {len(s.happenings) - 300} earliest are left out.</p>'
                if len(s.happenings) > 300 else "")
        out.append("<table><thead><tr><th>date</th><th>site</th><th>what</th><th>which</th><th>why / details</th>"
                   f"</tr></thead><tbody>{''.join(rows)}</tbody></table>{more}")
    else:
        out.append("<p>Nothing recorded in this window.</p>")
    out.append(_notes(s.notes))
    return "".join(out)


def card_html(card: EvidenceCard) -> str:
    out = [f'<article class="card" id="idea-{e(card.idea)}" aria-labelledby="idea-{e(card.idea)}-h">',
           f'<h3 id="idea-{e(card.idea)}-h">{e(card.idea)}: {e(card.title)} '
           f'{_badge(card.status, "status set by the network: " + card.status.replace("_", " "))}</h3>',
           f"<p>{e(card.description)}</p>",
           f'<div class="verdict {e(card.verdict)}"><strong>{e(card.verdict_words)}</strong>']
    if card.missing:
        out.append("<br>Still needed for evidence of improvement: " + "; ".join(e(m) for m in card.missing) + ".")
    out.append("</div>")
    facts = []
    if card.origin_site:
        facts.append(f"Origin: {e(card.origin_site)}")
    if card.largest_scale:
        facts.append(f"largest scale reached: {e(card.largest_scale)}")
    pred = card.predictions
    total = sum(pred.values())
    if total:
        facts.append(f"predictions held {pred.get('confirmed', 0)} of {total} times "
                     f"({pred.get('partly', 0)} partly)")
    if facts:
        out.append(f"<p>{'; '.join(facts)}.</p>")
    if card.sites:
        rows = []
        for s in card.sites:
            rows.append(
                f"<tr><td>{e(s.name)}<br><span class=\"note\">{e(s.cluster or 'no cluster')} · {e(s.context)}</span></td>"
                f"<td>{_badge(s.state, STATE_WORDS.get(s.state))}</td><td>{e(_date(s.first_test))}</td>"
                f"<td>{e(_date(s.adopted_on))}</td><td>{e(s.largest_scale or '–')}</td>"
                f"<td>{e(s.process_words or '–')}</td>"
                f"<td>{_badge(s.outcome_after, SIGNAL_WORDS.get(s.outcome_after)) if s.state == 'adopted' else '–'}</td>"
                f"<td>{'<br>'.join(e(b) for b in s.balancing) or '–'}</td>"
                f"<td>{_criteria(s) if s.state == 'adopted' else '–'}</td></tr>")
        out.append("<table><thead><tr><th>site</th><th>state</th><th>first test</th>"
                   "<th>adopted</th><th>largest scale</th><th>process measure</th><th>outcome after adoption</th>"
                   "<th>balancing measures since adoption</th><th>evidence criteria</th></tr></thead>"
                   f"<tbody>{''.join(rows)}</tbody></table>")
    if card.window_rule and any(s.state == "adopted" for s in card.sites):
        out.append(f'<p class="note">{e(card.window_rule)}</p>')
    if card.aligned:
        out.append("<h4>Outcome at each adopting site, aligned on its adoption date</h4>"
                   '<p class="note">A view, not a verdict: 0 is the site\'s adopt decision, and the axis counts the '
                   "measure's own periods (weeks, months) from it; the points, centre "
                   "line and signal colours are the site's own chart (its frozen baseline), shifted so the sites line "
                   "up. The criteria above say what each site shows.</p>")
        if card.aligned_balancing:
            out.append('<p class="note">Beside each site\'s outcome, its balancing measures on the same footing: '
                       "did anything else change when the change was adopted? A balancing measure with no direction "
                       "of improvement is drawn in the neutral colour: a change to look at, not a concern.</p>")
        out.append('<div class="grid">')
        for series in card.aligned:
            out.append(f"<figure>{sparkline_svg(series, series.title, width=320, height=110)}"
                       f"<figcaption>{e(series.title)}</figcaption></figure>")
            for other in (b for b in card.aligned_balancing if b.site == series.site):
                out.append(f"<figure>{sparkline_svg(other, other.title, width=320, height=110)}"
                           f"<figcaption>{e(other.title)}</figcaption></figure>")
        out.append("</div>")
    if card.abandon_reasons:
        out.append("<h4>Why sites abandoned it</h4><ul>" + "".join(
            f"<li><strong>{e(site)}</strong>: {e(reason)}</li>" for site, reason in card.abandon_reasons) + "</ul>")
    if card.conditions_worked or card.conditions_did_not_work:
        out.append('<div class="cols">')
        out.append("<div><h4>Conditions where it worked</h4><ul>"
                   + "".join(f"<li>{e(c)}</li>" for c in card.conditions_worked) + "</ul></div>")
        if card.conditions_did_not_work:
            out.append("<div><h4>Where it did not</h4><ul>"
                       + "".join(f"<li>{e(c)}</li>" for c in card.conditions_did_not_work) + "</ul></div>")
        out.append("</div>")
    out.append("</article>")
    return "".join(out)


def _evidence(report: Report) -> str:
    out = ['<p>What the network has learned about each change idea. The words are careful: a signal is not '
           "proof. Each adopting site is held to five criteria on its own chart: no improvement signal before "
           "adoption; an improvement signal that begins within 8 periods after it and is sustained; no concern in "
           "the outcome after it; a process measure showing the change carried out; no concern in a balancing "
           "measure. <strong>Evidence of improvement</strong> needs two or more sites meeting all five; one is "
           "<em>promising</em>. Sites test several changes at once, so other changes adopted in the same weeks are "
           "named and no change idea is credited with a signal by itself (docs/practice.md).</p>"]
    tested = [c for c in report.evidence if c.sites]
    untested = [c for c in report.evidence if not c.sites]
    order = {"evidence": 0, "promising": 1, "mixed": 2, "not_yet": 3, "no_improvement": 4, "testing": 5,
             "untested": 6}
    for card in sorted(tested, key=lambda c: (order.get(c.verdict, 9), c.idea)):
        out.append(card_html(card))
    if untested:
        out.append("<h3>Not tested yet</h3><ul>" + "".join(
            f"<li>{e(c.idea)}: {e(c.title)}</li>" for c in untested) + "</ul>")
    return "".join(out)


def _spread(report: Report) -> str:
    sp = report.spread
    out = ["<h3>Adoption beyond the origin site</h3>"]
    rows = []
    for r in sp.rows:
        if not r.adopting_sites and not r.first_test:
            continue
        rows.append(f"<tr><td>{e(r.idea)}: {e(r.title)}</td><td>{e(r.origin_site or '–')}</td>"
                    f"<td class=\"num\">{r.adopting_sites}</td><td class=\"num\">{r.beyond_origin}</td>"
                    f"<td>{e(', '.join(f'{k}: {v}' for k, v in sorted(r.by_cluster.items()))) or '–'}</td>"
                    f"<td>{e(', '.join(f'{k}: {v}' for k, v in sorted(r.by_cohort.items()))) or '–'}</td>"
                    f"<td>{e(_date(r.first_test))}</td>"
                    f"<td class=\"num\">{'–' if r.weeks_to_adoption is None else e(r.weeks_to_adoption)}</td>"
                    f"<td class=\"num\">{'–' if r.median_weeks_to_adoption is None else e(r.median_weeks_to_adoption)}"
                    "</td></tr>")
    out.append("<table><thead><tr><th>change idea</th><th>origin</th><th class=\"num\">sites adopting</th>"
               "<th class=\"num\">beyond origin</th><th>by cluster</th><th>by cohort</th><th>first test</th>"
               "<th class=\"num\">weeks, first test to first adoption</th><th class=\"num\">median weeks per site"
               f"</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    ideas = [i for i in sp.ideas if any(i in row for row in sp.matrix.values())]
    out.append("<h3>Spread matrix: sites × change ideas</h3>")
    out.append('<p class="legend note">' + "".join(
        f'<span><span class="badge m-{k}">{e(k[:3])}</span> {e(v)}</span>' for k, v in STATE_WORDS.items()) + "</p>")
    head = "".join(f'<th scope="col">{e(i)}</th>' for i in ideas)
    body = []
    for sid, name, cluster in sp.sites:
        cells = []
        for idea in ideas:
            state = sp.matrix.get(sid, {}).get(idea, "")
            cells.append(f'<td class="m-{e(state)}" title="{e(STATE_WORDS.get(state, ""))}">{e(state[:3])}</td>'
                         if state else "<td></td>")
        body.append(f'<tr><th scope="row" class="site">{e(name)} <span class="note">{e(cluster or "")}</span></th>'
                    f"{''.join(cells)}</tr>")
    out.append(f'<table class="matrix"><thead><tr><th>site</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>')
    return "".join(out)


def _criteria(site) -> str:  # noqa: ANN001
    if site.lines_up:
        return "meets every criterion"
    return "not met: " + "; ".join(e(c) for c in site.criteria)


def _verdict_caption(series: Series) -> str:
    """The assessment's sentence (the one verdict), or the status words without one."""
    a = series.assessment
    return a.words if a is not None else f"{series.status_words}."


def _data_notes(series: Series) -> str:
    notes = [m for m in series.markers if m.kind == "note"]
    if not notes:
        return ""
    return ('<ol class="note datanotes">' + "".join(
        f"<li>{e(m.x.isoformat() if hasattr(m.x, 'isoformat') else str(m.x))}: {e(m.detail)}</li>" for m in notes)
        + "</ol>")


def _strata(block: StrataBlock) -> str:
    """All students and each stratum side by side, on one scale, with each stratum's own verdict."""
    shared = value_range([block.total, *block.strata])
    panels = [block.total, *block.strata]
    out = [f"<h4>Strata: {e(block.measure)} {e(block.title)}</h4>",
           '<div class="strata">' + "".join(
               f"<figure>{_chart(s, width=4.2, height=2.7, small=True, y_range=shared)}</figure>" for s in panels)
           + "</div>"]
    items = []
    for s in block.strata:
        verdict = s.stratum_assessment
        if verdict is not None:
            items.append(f"<li><strong>{e(s.title)}</strong>: {e(verdict.words)}</li>")
    if items:
        out.append('<ul class="verdicts">' + "".join(items) + "</ul>")
    out.append(_notes(block.equity or ["The aim states no equity target for these strata."]))
    out.append('<p class="note">One scale for all panels. Each stratum is judged on its own chart, against its own '
               "baseline; the dotted green goal line on a stratum is the aim's equity target (the whole group's goal "
               "less the gap the aim promises to leave). <code>nic chart " + e(block.measure) + " --site … --gap "
               "STRATUM</code> charts a stratum's gap to the rest.</p>")
    return "".join(out)


def _site(page: SitePage, compact: bool = False) -> str:
    out = [f'<section class="site{" compact" if compact else ""}" id="site-{e(page.site)}" '
           f'aria-labelledby="site-{e(page.site)}-h">',
           f'<h3 id="site-{e(page.site)}-h">{e(page.name)}</h3>',
           f'<p class="muted">{e(page.cluster or "no cluster")} · cohort {e(page.cohort or "–")} · {e(page.context)}'
           f"{' · coach ' + e(page.coach) if page.coach else ''}"
           f"{' · ' + e(page.status) if page.status != 'active' else ''}</p>"]
    if page.aim_statement:
        extra = []
        if page.aim_baseline:
            extra.append(f"baseline {e(page.aim_baseline)}")
        if page.aim_target:
            extra.append(f"target {e(page.aim_target)}")
        out.append(f'<p><strong>Local aim:</strong> {e(page.aim_statement)}'
                   f"{' (' + '; '.join(extra) + ')' if extra else ''}</p>")
    if page.ask:
        out.append(f'<p class="ask">The team asks the network: {e(page.ask)}</p>')
    if page.balancing:  # the outcome and its balancing measures side by side, on the same time axis
        out.append('<div class="grid wide">')
    if page.outcome is not None:
        out.append(_figure(_chart(page.outcome, height=3.4 if not page.balancing else 3.0),
                           _verdict_caption(page.outcome) + " Shaded: PDSA cycles; diamonds: PDSA decisions (green adopt, "
                           "purple adapt, grey abandon); dash-dot line: a recorded phase; numbered flags: data notes."))
    for series in page.balancing:
        out.append(_figure(_chart(series, height=3.0),
                           _verdict_caption(series) + " A balancing measure, beside the outcome: did anything else "
                           "change?"))
    if page.balancing:
        out.append("</div>")
    if page.outcome is not None:
        out.append(_data_notes(page.outcome))
        out.append(_notes(page.outcome.notes))
    for block in page.strata:
        out.append(_strata(block))
    out.append('<div class="cols"><div>')
    if page.learning:
        out.append(f"<h4>Latest learning ({e(page.learning_cycle)}, {e(_date(page.learning_date))})</h4>"
                   f'<blockquote class="quote">{e(page.learning)}</blockquote>')
    if page.ramp:
        out.append("<h4>Ramp: scale over successive cycles</h4><ol class=\"ramp\">" + "".join(
            f"<li><strong>{e(r.cycle)}</strong> {e(_date(r.date))}: {e(r.scale or 'scale not given')}"
            f"{' → ' + e(r.decision) if r.decision else ' (in progress)'}<br><span class=\"note\">{e(r.title)}</span>"
            "</li>" for r in page.ramp) + "</ol>")
    if page.next_cycles:
        out.append("<h4>Next planned cycles</h4><ul>" + "".join(
            f"<li><strong>{e(c.cycle)}</strong> {e(c.title)}{' from ' + e(_date(c.start)) if c.start else ''}"
            f"{' · ' + e(c.scale) if c.scale else ''}{'<br><span class=note>' + e(c.note) + '</span>' if c.note else ''}"
            "</li>" for c in page.next_cycles) + "</ul>")
    out.append("</div><div>")
    if page.testing:
        out.append(f"<h4>Being tested: {e(', '.join(page.testing))}</h4>")
        if page.process is not None:
            out.append(_figure(_chart(page.process, width=5.2, height=2.8, small=True),
                               "The process measure of the change being tested."))
        else:
            out.append('<p class="note">No process measure data for this change at this site.</p>')
    if page.completeness:
        rows = "".join(
            f"<tr><td>{e(c.measure)}</td><td class=\"num\">{c.present}/{c.expected} "
            f"{e(period_word(c.frequency, c.expected))}</td>"
            f"<td class=\"num\">{'–' if c.share is None else f'{c.share:.0%}'}</td>"
            f"<td class=\"num\">{c.missing_recent}</td></tr>" for c in page.completeness)
        out.append("<h4>Data completeness</h4><table><thead><tr><th>measure</th><th class=\"num\">periods with data"
                   "</th><th class=\"num\">share</th><th class=\"num\">missing of the last 8 periods</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table>")
    if page.flags:
        out.append("<h4>Provenance (hub only)</h4><ul>" + "".join(f"<li>{e(f)}</li>" for f in page.flags) + "</ul>")
    out.append("</div></div></section>")
    return "".join(out)


def _sites(report: Report, progress: Progress | None) -> str:
    if report.site_pages == "none":
        return (f'<p class="note">No site pages in this edition ({report.site_pages_total} sites: every site is in '
                "the tiles, the summary and the funnel above). <code>nic report --site-pages signals</code> adds a "
                "page for each site with something to discuss; <code>--site-pages all</code> one for every site.</p>")
    if report.site_pages == "signals":
        out = [f'<p class="note">Pages for the {len(report.sites)} of {report.site_pages_total} sites with something '
               "to discuss (a signal in any measure, a quiet spell, an ask or a prediction that did not hold), in "
               "name order; the rest are in the tiles above. <code>nic report --site-pages all</code> gives every "
               "site a page.</p>"]
    else:
        out = ['<p class="note">One page per site, in name order.</p>']
    for index, page in enumerate(sorted(report.sites, key=lambda p: p.name)):
        if progress and len(report.sites) > 20 and index % 20 == 0:
            progress(f"site pages {index}/{len(report.sites)}")
        out.append(_site(page, compact=report.site_pages == "signals"))
    return "".join(out)


def _agenda(report: Report) -> str:
    a = report.agenda
    names = report.site_names or {p.site: p.name for p in report.sites}
    out = ["<h3>Phases to consider: sustained shifts the data show</h3>"]
    if a.phases:
        out.append('<p class="note">A new phase (new limits) is recorded only when the team can explain the '
                   "shift; nic never records one by itself. Record it with the command shown, in a pull request.</p>")
        out.append('<table class="proposals"><thead><tr><th>site</th><th>what the data suggest</th>'
                   "<th>to record it (after the team has explained the shift)</th></tr></thead><tbody>" + "".join(
                       f"<tr><td>{e(names.get(p.site, p.site))}</td><td>{e(p.words)}</td>"
                       f"<td><code>{e(p.command)}</code></td></tr>" for p in a.phases) + "</tbody></table>")
    else:
        out.append("<p>No sustained shift waits to be recorded as a phase.</p>")
    out.append("<h3>Balancing measures with a concern after adoption</h3>")
    if a.balancing:
        out.append("<table><thead><tr><th>change idea</th><th>site</th><th>balancing measure</th></tr></thead><tbody>"
                   + "".join(f"<tr><td>{e(b.idea)}: {e(b.title)}</td><td>{e(names.get(b.site, b.site))}</td>"
                             f"<td>{e(b.words)}</td></tr>" for b in a.balancing) + "</tbody></table>")
        out.append('<p class="note">Something else may have got worse where the change was adopted: look at it '
                   "with the site before the change spreads.</p>")
    else:
        out.append("<p>No balancing measure shows a concern after an adoption.</p>")
    out.append("<h3>Matchmaking: the same idea at several sites</h3>")
    if a.matches:
        out.append("<ul>" + "".join(
            f"<li><strong>{e(m.idea)}: {e(m.title)}</strong> — "
            + ", ".join(f"{e(names.get(s, s))} ({e(w)})" for s, w in m.sites) + "</li>" for m in a.matches) + "</ul>")
    else:
        out.append("<p>No two sites are testing or planning the same idea right now.</p>")
    out.append("<h3>Predictions that did not hold: the learning agenda</h3>")
    if a.failed:
        out.append("<table><thead><tr><th>site</th><th>cycle</th><th>question</th><th>prediction</th>"
                   "<th>what happened</th></tr></thead><tbody>" + "".join(
                       f"<tr><td>{e(names.get(f.site, f.site))}</td><td>{e(f.cycle)} ({e(_date(f.date))})</td>"
                       f"<td>{e(f.question)}</td><td>{e(f.prediction)}</td><td>{e(f.notes)}</td></tr>"
                       for f in a.failed[:60]) + "</tbody></table>")
    else:
        out.append("<p>No prediction was recorded as not confirmed in this window.</p>")
    out.append("<h3>Data completeness below 80%</h3>")
    if a.incomplete:
        out.append("<ul>" + "".join(f"<li>{e(names.get(s, s))}: {e(m)} ({share:.0%})</li>"
                                    for s, m, share in a.incomplete[:80]) + "</ul>")
    else:
        out.append("<p>Every site's data is at least 80% complete.</p>")
    out.append("<h3>Quiet sites</h3>")
    rule = f" Quiet means no activity for longer than {e(a.quiet_rule)}." if a.quiet_rule else ""
    if a.quiet and len(a.quiet) > 12:
        out.append(f"<p>{len(a.quiet)} sites have been quiet.{rule}</p><table><thead><tr><th>site</th>"
                   "<th>last activity</th><th>silent for</th></tr></thead><tbody>" + "".join(
                       f"<tr><td>{e(names.get(s, s))}</td><td>{e(_date(last))}</td><td>{e(words)}</td></tr>"
                       for s, last, words in a.quiet) + "</tbody></table>")
    elif a.quiet:
        out.append(f"<p>{rule.strip()}</p><ul>" + "".join(
            f"<li>{e(names.get(s, s))}: last activity {e(_date(last))}, {e(words)} before the report date</li>"
            for s, last, words in a.quiet) + "</ul>")
    else:
        out.append("<p>No site has been quiet.</p>")
    if a.withdrawn:
        out.append(f"<p>Withdrawn from the network ({len(a.withdrawn)}), left out of the tiles, charts, funnel "
                   "and quiet list: " + ", ".join(e(names.get(s, s)) for s in a.withdrawn) + ".</p>")
    if a.asks:
        out.append("<h3>What sites ask of the network</h3><ul>" + "".join(
            f"<li><strong>{e(names.get(s, s))}</strong>: {e(ask)}</li>" for s, ask in a.asks) + "</ul>")
    if report.hub and a.provenance:
        out.append("<h3>Provenance flags (hub only)</h3><ul>" + "".join(
            f"<li>{e(names.get(s, s))} {e(c)}: {e(why)}</li>" for s, c, why in a.provenance) + "</ul>")
    return "".join(out)


def _diagram(report: Report, diagram: Diagram | None) -> str:
    d = report.diagram
    if d is None:
        return "<p>The network has no driver diagram (drivers.yaml).</p>"
    svg = diagram(report) if diagram else None
    out = []
    if svg:
        out.append(f'<figure class="chart">{svg}</figure>')
    out.append('<p class="note">Status overlay: for each change idea, how many sites have adopted, are testing, '
               "or abandoned it.</p>")

    def node(nid: str, seen: frozenset[str]) -> str:
        n = d.nodes.get(nid)
        if n is None or nid in seen:
            return ""
        overlay = " ".join(_badge(k, f"{v} {k}") for k, v in n.overlay.items())
        status = f" {_badge(n.status)}" if n.status not in ("active",) else ""
        label = f"<strong>{e(n.id)}</strong> {e(n.title)}" if n.level != "aim" else f"<strong>Aim:</strong> {e(n.title)}"
        kids = "".join(node(c, seen | {nid}) for c in n.children)
        return (f"<li>{label}{status} {overlay}" + (f'<ul class="tree">{kids}</ul>' if kids else "") + "</li>")

    if not svg:
        out.append('<ul class="tree top">' + "".join(node(r, frozenset()) for r in d.roots) + "</ul>")
    if d.revisions:
        out.append("<h3>Edits of the diagram</h3><ul>" + "".join(
            f"<li>{e(_date(day))}: {e(summary)} — <em>{e(reason)}</em></li>" for day, summary, reason in d.revisions)
            + "</ul>")
    return "".join(out)
