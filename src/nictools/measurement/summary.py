"""A chart in plain words: what each part shows, for ``nic chart --format text``.

One short paragraph per part, e.g. "23 useful points; longest run 9 (limit 8): a shift;
crossings 5 (at least 7): too few. A signal of non-random variation." A signal is
evidence of non-random variation, not yet of improvement: the words say so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nictools.measurement.charts import MeasureChart


def _number(value: float, chart: MeasureChart) -> str:
    v = value * chart.display_scale
    if chart.percent:
        return f"{v:.1f}%"
    if abs(v) >= 100:
        return f"{v:.0f}"
    return f"{v:.3g}" if abs(v) < 10 else f"{v:.1f}"


def _plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def _period(p: Any) -> str:
    p = p.item() if hasattr(p, "item") else p
    return p.isoformat() if isinstance(p, dt.date) else str(p)


def _runs_words(part: Any, rules: str) -> str:
    if part.n_useful == 0:
        return "no useful points (every point is missing or on the centre line)"
    head = f"{_plural(part.n_useful, 'useful point')}"
    if rules == "ihi":
        ihi = part.ihi
        if part.runs_signal is None:
            return f"{head}: fewer than 10, not enough data for the IHI rules"
        fired = [name for name, flag in (("a shift (6 or more on one side of the median)", ihi.shift),
                                         ("a trend (5 or more going one way)", ihi.trend),
                                         ("too few runs", ihi.too_few_runs),
                                         ("too many runs", ihi.too_many_runs)) if flag is True]
        runs = f"{ihi.runs} runs (expected {ihi.runs_lower} to {ihi.runs_upper})"
        if fired:
            return f"{head}; {runs}; {', '.join(fired)}: a signal of non-random variation"
        return f"{head}; {runs}; no shift, trend or unusual number of runs: no signal"
    long_bad = part.longest_run is not None and part.longest_run_max is not None and part.longest_run > part.longest_run_max
    cross_bad = part.crossings is not None and part.crossings_min is not None and part.crossings < part.crossings_min
    text = f"{head}; longest run {part.longest_run} (limit {part.longest_run_max})"
    if long_bad:
        text += " — a shift"
    text += f"; {part.crossings} crossings (at least {part.crossings_min} expected)"
    if cross_bad:
        text += " — too few"
    if part.runs_signal:
        text += ": a signal of non-random variation"
    elif long_bad or cross_bad:
        text += " (not used as a signal on this chart)"
    else:
        text += ": no signal from the runs"
    return text


def summarise(chart: MeasureChart) -> str:
    """The chart's title line and a few lines per part (notices go to stderr, from the CLI)."""
    from nictools.analysis.spc import classify_signals

    r = chart.result
    kinds = classify_signals(r, chart.direction if r.chart != "mr" else None)  # type: ignore[arg-type]
    lines = [f"{chart.title} — {chart.subtitle}"]
    if len(r) == 0:
        return "\n".join(lines + ["  no data"])
    phase_at = {p.start: p for p in chart.phases}
    for part in r.parts:
        first, last = r.periods[part.start], r.periods[part.stop - 1]
        head = f"  Part {part.part} ({_period(first)} to {_period(last)})"
        start = first.item() if hasattr(first, "item") else first
        reason = phase_at[start].reason.rstrip(". ") if start in phase_at else ""
        cl = r.centre[part.start:part.stop]
        cl = cl[~_nan_mask(cl)]
        if cl.size:
            lo, hi = float(cl.min()), float(cl.max())
            centre_word = "median" if r.chart in ("run", "g") else "centre"
            head += f": {centre_word} {_number(lo, chart)}" + ("" if lo == hi else f" to {_number(hi, chart)}")
        if chart.baseline_until is not None and part.part == 1:
            head += f" (limits from the baseline up to {chart.baseline_until.isoformat()})"
        lines.append(head)
        if reason:
            lines.append(f"    New phase: {reason}.")
        lines.append(f"    {_runs_words(part, r.rules)}.")
        if part.sigma_signals:
            seg = kinds[part.start:part.stop]
            sig = r.sigma_signal[part.start:part.stop]
            counts = {k: sum(1 for kk, s in zip(seg, sig) if s and kk == k) for k in ("improvement", "concern", "neither")}
            detail = ", ".join(f"{n} {k if k != 'neither' else 'without a direction'}" for k, n in counts.items() if n)
            lines.append(f"    {_plural(part.sigma_signals, 'point')} outside the limits ({detail}).")
        elif part.sigma_signals == 0:
            lines.append("    No point outside the limits.")
    if chart.goal is not None:
        lines.append(f"  Goal: {_number(chart.goal, chart)}.")
    for day, note in chart.data_notes:
        lines.append(f"  Note {day.isoformat()}: {note}")
    for d in chart.decisions:
        lines.append(f"  Decision {d.date.isoformat()}: {d.label}")
    a = chart.assessment
    if a is not None:
        base = a.baseline
        if base.frozen:
            lines.append(f"  Baseline: {base.points} points, {base.start} to {base.end}, frozen; later points are "
                         "judged against it.")
        elif base.points:
            lines.append(f"  Baseline: not frozen yet ({base.points} points so far; every point is judged "
                         "against limits from all of them).")
        lines.append(f"  Verdict: {a.words}")
        if a.proposal is not None:
            lines.append(f"  To record it: {a.proposal.command}")
    elif chart.stratum_assessment is not None:
        sa = chart.stratum_assessment
        what = "Gap verdict" if sa.series == "gap" else "Stratum verdict"
        lines.append(f"  {what} ({sa.stratum}): {sa.words}")
    else:
        improving = sum(1 for k in kinds if k == "improvement")
        concerning = sum(1 for k in kinds if k == "concern")
        if improving or concerning:
            lines.append(f"  Signal points: {improving} in the direction of improvement, {concerning} of concern. "
                         "A signal says the variation is not random; whether a change caused it is for the team "
                         "to judge with its PDSA cycles and process measures.")
    return "\n".join(lines)



def equity_lines(grouped: Any) -> list[str]:
    """The aim's equity promise for each stratum of a `--strata` chart, in words."""
    percent = grouped.total.percent
    return [f"Equity: {t.words(percent)}" for t in grouped.equity]


def _nan_mask(a: Any) -> Any:
    import numpy as np

    return ~np.isfinite(a)


__all__ = ["equity_lines", "summarise"]
