"""The convening report as GitHub-flavoured Markdown (a wiki page or a PR comment).

GitHub refuses comments longer than 65,536 characters, so the text is built in
blocks in order of importance and stops, with a note, before the limit. All
repository text is escaped: HTML (GitHub renders it) and Markdown's own marks.
"""

from __future__ import annotations


from nictools.markdown import inline
from nictools.reports.evidence import STATE_WORDS
from nictools.reports.model import SIGNAL_WORDS, Report

LIMIT = 65_536
m = inline  # the one Markdown escaper (nictools.markdown), short for the many uses below


def _pct(value: float | None, percent: bool) -> str:
    if value is None:
        return "–"
    return f"{value:.0%}" if percent else f"{value:.3g}"


def render_markdown(report: Report, limit: int = LIMIT) -> str:
    net = report.network
    head = [f"# {m(net.name)}: convening report", "",
            f"As of **{report.as_of}**, since **{m(report.since.since_label)}**"
            + (f" (site: {m(report.site_filter)})" if report.site_filter else "") + ".", "",
            f"_Counts below {report.small_cell_threshold} are shown as “<{report.small_cell_threshold}”. "
            "A signal is evidence of non-random variation, not proof that a change worked._", ""]
    blocks: list[tuple[str, str]] = []  # (name, text)
    # network
    lines = ["## The network", ""]
    if net.aim_statement:
        lines += [f"**Aim:** {m(net.aim_statement)}", ""]
    if net.series is not None:
        s = net.series
        lines += [f"**{m(net.measure_title)}**, all sites: latest {_pct(s.latest(), s.percent)}; "
                  f"{m(s.status_words)}.", ""]
        for change in net.reporting_changes[:10]:
            lines.append(f"- {change.period}: {change.reporting} sites reporting"
                         + (f"; started: {m(', '.join(change.joined))}" if change.joined else "")
                         + (f"; did not report: {m(', '.join(change.left))}" if change.left else ""))
        lines.append("")
    c = net.counts
    lines += [f"Sites: **{c.get('improvement', 0)}** improvement signal, **{c.get('none', 0)}** no signal, "
              f"**{c.get('concern', 0)}** concern.", ""]
    if net.funnel is not None:
        f = net.funnel
        outside = [x for x in f.sites if x.position != "inside"]
        window = f"{f.start} to {f.end}"
        if outside:
            lines += [f"Funnel plot ({window}, 99.8% limits): outside the limits "
                      + ", ".join(f"{m(x.name)} ({x.position}, {_pct(x.value, f.percent)})" for x in outside) + ".", ""]
        else:
            lines += [f"Funnel plot ({window}): every site is inside the 99.8% limits.", ""]
        if f.rule:
            lines += [f"The funnel's window: {m(f.rule)}.", ""]
    if net.withdrawn:
        lines += [f"{len(net.withdrawn)} withdrawn site{'s' if len(net.withdrawn) != 1 else ''} left out of the "
                  "tiles and the funnel (listed in the agenda).", ""]
    blocks.append(("network", "\n".join(lines)))
    # since
    sn = report.since
    p, d = sn.predictions, sn.decisions
    lines = ["## Since the last convening", "",
             f"{sn.cycles_run} cycles run, {sn.cycles_planned} planned; predictions confirmed "
             f"{p.get('confirmed', 0)} of {sum(p.values())}; decisions: {d.get('adopt', 0)} adopt, "
             f"{d.get('adapt', 0)} adapt, {d.get('abandon', 0)} abandon.", ""]
    if sn.data:
        from nictools.reports.cadence import count_periods

        lines += [f"Data that arrived: {sn.data_rows} rows from {sn.data_sites} sites ({m(sn.data_rule)}):", ""]
        lines += [f"- {m(a.measure)}: {a.rows} rows from {a.sites} sites, {count_periods(a.periods, a.frequency)}, "
                  f"{a.first} to {a.last}" for a in sn.data] + [""]
    for h in sn.happenings[-40:]:
        lines.append(f"- {h.date or ''} · {m(h.site or 'network')} · {m(h.kind)}: {m(h.text)}"
                     + (f" — {m(h.detail)}" if h.detail else ""))
    blocks.append(("since", "\n".join(lines) + "\n"))
    # evidence
    lines = ["## Change-idea evidence", ""]
    order = {"evidence": 0, "promising": 1, "mixed": 2, "not_yet": 3, "no_improvement": 4, "testing": 5,
             "untested": 6}
    for card in sorted((c for c in report.evidence if c.sites), key=lambda c: (order.get(c.verdict, 9), c.idea)):
        lines += [f"### {m(card.idea)}: {m(card.title)}", "",
                  f"_Status set by the network: {m(card.status.replace('_', ' '))}._ **{m(card.verdict_words)}**"]
        if card.missing:
            lines.append("Still needed: " + "; ".join(m(x) for x in card.missing) + ".")
        lines += ["", "| site | state | adopted | process | outcome after adoption |", "|---|---|---|---|---|"]
        for s in card.sites:
            lines.append(f"| {m(s.name)} | {m(STATE_WORDS.get(s.state, s.state))} | {s.adopted_on or '–'} | "
                         f"{m(s.process_words or '–')} | "
                         f"{m(SIGNAL_WORDS.get(s.outcome_after)) if s.state == 'adopted' else '–'} |")
        for site, reason in card.abandon_reasons:
            lines.append(f"\nAbandoned at {m(site)}: {m(reason)}")
        lines.append("")
    blocks.append(("evidence", "\n".join(lines)))
    # agenda
    a = report.agenda
    lines = ["## Coordinator's agenda", "", "**Phases to consider**", ""]
    lines += [f"- {m(p.words)} To record it: {m(p.command)}" for p in a.phases] or ["- none"]
    lines += ["", "**Balancing measures with a concern after adoption**", ""]
    lines += [f"- {m(b.idea)} at {m(b.site)}: {m(b.words)}" for b in a.balancing] or ["- none"]
    lines += ["", "**Matchmaking**", ""]
    lines += [f"- {m(x.idea)} {m(x.title)}: " + ", ".join(f"{m(s)} ({w})" for s, w in x.sites) for x in a.matches]
    lines += ["", "**Predictions that did not hold**", ""]
    lines += [f"- {m(f.site)} {m(f.cycle)}: {m(f.question)} Predicted: {m(f.prediction)} — {m(f.notes)}"
              for f in a.failed[:30]]
    lines += ["", "**Quiet sites**", ""]
    if a.quiet_rule and a.quiet:
        lines += [f"Quiet means no activity for longer than {m(a.quiet_rule)}.", ""]
    lines += [f"- {m(s)}: last activity {last or '–'} ({m(words)})" for s, last, words in a.quiet]
    if a.withdrawn:
        lines += ["", f"Withdrawn ({len(a.withdrawn)}): " + ", ".join(m(s) for s in a.withdrawn) + "."]
    lines += ["", "**Asks**", ""] + [f"- {m(s)}: {m(ask)}" for s, ask in a.asks]
    blocks.append(("agenda", "\n".join(lines) + "\n"))
    # spread
    lines = ["## Spread", "", "| change idea | origin | adopting | beyond origin | weeks to first adoption |",
             "|---|---|---|---|---|"]
    for r in report.spread.rows:
        if r.adopting_sites or r.first_test:
            lines.append(f"| {m(r.idea)} {m(r.title)} | {m(r.origin_site or '–')} | {r.adopting_sites} | "
                         f"{r.beyond_origin} | {r.weeks_to_adoption if r.weeks_to_adoption is not None else '–'} |")
    blocks.append(("spread", "\n".join(lines) + "\n"))
    # sites
    for page in sorted(report.sites, key=lambda p: p.name):
        lines = [f"### {m(page.name)}", ""]
        if page.outcome is not None:
            lines.append(f"Outcome: {_pct(page.outcome.latest(), page.outcome.percent)} latest; "
                         f"{m(page.outcome.status_words)}.")
        for block in page.strata:
            for s in block.strata:
                if s.stratum_assessment is not None:
                    lines.append(f"Stratum {m(s.title)} ({m(block.measure)}): {m(s.stratum_assessment.words)}")
            lines += [m(words) for words in block.equity]
        if page.testing:
            lines.append(f"Testing: {m(', '.join(page.testing))}.")
        if page.ramp:
            lines.append("Ramp: " + " → ".join(f"{m(r.cycle)} ({m(r.scale or '?')})" for r in page.ramp) + ".")
        if page.learning:
            lines.append(f"> {m(page.learning)} ({m(page.learning_cycle)})")
        if page.ask:
            lines.append(f"\n**Ask:** {m(page.ask)}")
        blocks.append(("site", "\n".join(lines) + "\n"))
    out = "\n".join(head)
    budget = limit - 400
    left_out: list[str] = []
    if blocks and not any(b[0] == "site" for b in blocks[:5]):
        pass
    sites_header_done = False
    for name, text in blocks:
        if name == "site" and not sites_header_done:
            text = "## Sites\n\n" + text
        if left_out or len(out) + len(text) + 1 > budget:
            left_out.append(name)
            continue
        if name == "site":
            sites_header_done = True
        out += "\n" + text
    if left_out:
        sites = left_out.count("site")
        parts = [n for n in dict.fromkeys(left_out) if n != "site"]
        what = ", ".join(parts + ([f"{sites} site page{'s' if sites != 1 else ''}"] if sites else []))
        out += (f"\n\n---\n_This page stops here to stay within GitHub's {limit:,}-character limit: {what} "
                "left out. The HTML report (`nic report --out report.html`) has everything._\n")
    return out
