"""Run and control charts as PNG, SVG or PDF (matplotlib Agg, object API, lazy import).

The picture follows NHS "Making Data Count": grey points for common-cause variation, blue
for a signal in the direction of improvement, orange for a signal of concern (purple when
the measure has no direction), so a coach sees at a glance which way things moved. Both
colours are distinguishable with the common colour-vision deficiencies (blue/orange).

Layout, top to bottom: title and subtitle; a strip with each phase's reason above its
first period; the chart (points, centre line labelled with its value, limits as steps
when denominators vary, goal line, the end of a frozen baseline); a strip of the site's
PDSA cycles as small labelled ticks in staggered rows, so no label overlaps another;
the legend. User text is never parsed as mathtext.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
from collections.abc import Sequence
from typing import Any

from nictools.measurement.charts import CycleMark, DecisionMark, MeasureChart
from nictools.output_format import Formats
from nictools.render import palette

FORMATS = ("png", "svg", "pdf")
#: what `nic chart --out` draws, by the file's extension
IMAGE_FORMATS = Formats("chart", FORMATS, {".png": "png", ".svg": "svg", ".pdf": "pdf"}, file_default=False)
COLOURS = {
    "improvement": palette.IMPROVEMENT,
    "concern": palette.CONCERN,
    "neither": palette.NEITHER,
    "common": palette.COMMON,
    "line": palette.LINE,
    "centre": palette.CENTRE,
    "limits": palette.LIMIT,
    "goal": palette.GOAL,
    "phase": palette.PHASE,
    "baseline": palette.BASELINE,
    "cycle": palette.CYCLE,
    "note": palette.NOTE,
}
SIGNAL_LABELS = {
    "improvement": "signal (improvement)",
    "concern": "signal (concern)",
    "neither": "signal (no direction)",
}
_DPI = 150
_WIDTH = 10.5  # inches
_FONT = 8.5  # points, for annotations


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def _line(text: str) -> str:
    """Repository text as one line for a chart: control characters (a pasted CR, a tab) have no glyph."""
    return _CONTROL.sub(" ", text).strip()


def _matplotlib() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    return matplotlib


def _dates(chart: MeasureChart) -> list[dt.date]:
    return chart.dates()


def _shown(chart: MeasureChart, values: Any) -> Any:
    import numpy as np

    return np.asarray(values, dtype=float) * chart.display_scale


def _fmt_value(chart: MeasureChart, value: float) -> str:
    v = value * chart.display_scale
    if chart.percent:
        return f"{v:.1f}%"
    if not math.isfinite(v):
        return ""
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _gap_days(dates: Sequence[dt.date]) -> float:
    """The typical spacing of periods, in days (7 for weekly data)."""
    if len(dates) < 2:
        return 7.0
    gaps = sorted((b - a).days for a, b in zip(dates, dates[1:]))
    return float(max(1, gaps[len(gaps) // 2]))


def _boundary(dates: Sequence[dt.date], index: int) -> dt.datetime:
    """Halfway between the last point of one part and the first of the next."""
    a, b = dates[index - 1], dates[index]
    mid = dt.datetime.combine(a, dt.time()) + (dt.datetime.combine(b, dt.time()) - dt.datetime.combine(a, dt.time())) / 2
    return mid


def _stagger(marks: Sequence[CycleMark], span_days: float, width_in: float, font_pt: float,
             last: dt.date | None = None) -> list[tuple[int, bool]]:
    """A row per mark, and whether its label goes left of the tick, so labels never overlap.

    Greedy by date: a label takes the first row where it starts after the previous label
    there ends; a label that would run past ``last`` (the right edge) is put to the left of
    its tick instead.
    """
    days_per_inch = span_days / max(width_in, 1e-6)
    char_in = font_pt * 0.6 / 72
    ends: list[dt.date] = []
    out: list[tuple[int, bool]] = []
    for m in marks:
        length = dt.timedelta(days=(len(m.label) + 2) * char_in * days_per_inch)
        left = last is not None and m.date + length > last
        begin, end = (m.date - length, m.date) if left else (m.date, m.date + length)
        for r, previous in enumerate(ends):
            if begin > previous:
                ends[r] = end
                out.append((r, left))
                break
        else:
            ends.append(end)
            out.append((len(ends) - 1, left))
    return out


def _signal_kinds(chart: MeasureChart) -> list[str | None]:
    """The chart's own signal kinds (the analysis's), so both drawers colour the same points."""
    if chart.kinds:
        return list(chart.kinds)
    from nictools.analysis.spc import classify_signals

    direction = chart.direction if chart.result.chart != "mr" else None
    return classify_signals(chart.result, direction)  # type: ignore[arg-type]


def _draw_series(ax: Any, chart: MeasureChart, compact: bool) -> dict[str, Any]:
    """Points, centre, limits, goal, phases and baseline on one axes; returns legend handles."""
    import numpy as np

    r = chart.result
    dates = _dates(chart)
    x = np.array(dates, dtype="datetime64[D]")
    y = _shown(chart, r.value)
    handles: dict[str, Any] = {}
    size = 3.2 if compact else 4.2
    if len(dates) > 80:
        size -= 1.0
    (line,) = ax.plot(x, y, color=COLOURS["line"], linewidth=0.9, marker="o", markersize=size,
                      markerfacecolor=COLOURS["common"], markeredgecolor=COLOURS["common"], zorder=3,
                      label="data", gid="points")
    handles["data"] = line
    excluded = np.asarray(r.excluded, dtype=bool)
    if excluded.any():
        (h,) = ax.plot(x[excluded], y[excluded], linestyle="none", marker="o", markersize=size + 2.5,
                       markerfacecolor="white", markeredgecolor=COLOURS["centre"], zorder=4,
                       label="excluded from the limits", gid="excluded")
        handles["excluded"] = h
    kinds = _signal_kinds(chart)
    for kind in ("improvement", "concern", "neither"):
        mask = np.array([k == kind for k in kinds], dtype=bool)
        if mask.any():
            (h,) = ax.plot(x[mask], y[mask], linestyle="none", marker="o", markersize=size + 1.8,
                           markerfacecolor=COLOURS[kind], markeredgecolor="white", markeredgewidth=0.6,
                           zorder=5, label=SIGNAL_LABELS[kind], gid=f"signal-{kind}")
            handles[kind] = h

    centre = _shown(chart, r.centre)
    lcl = _shown(chart, r.lcl)
    ucl = _shown(chart, r.ucl)
    for part in r.parts:
        sl = slice(part.start, part.stop)
        xs = x[sl]
        varying = chart.result.has_limits and np.unique(ucl[sl][np.isfinite(ucl[sl])]).size > 1
        style = "steps-mid" if varying else "default"
        (h,) = ax.plot(xs, centre[sl], color=COLOURS["centre"], linewidth=1.3, zorder=2,
                       label="median" if r.chart in ("run",) else "centre line", drawstyle=style)
        handles.setdefault("centre", h)
        if r.has_limits:
            for arr in (lcl[sl], ucl[sl]):
                if np.isfinite(arr).any():
                    (h,) = ax.plot(xs, arr, color=COLOURS["limits"], linewidth=0.9, linestyle=(0, (4, 2)),
                                   zorder=2, drawstyle=style, label="control limits (3 sigma)"
                                   if chart.result.sigma == 3 else f"control limits ({chart.result.sigma:g} sigma)")
                    handles.setdefault("limits", h)
        finite = np.isfinite(centre[sl])
        if finite.any() and not compact:
            last = np.nonzero(finite)[0][-1]
            word = "median " if r.chart == "run" else ""
            ax.annotate(f"{word}{_fmt_value(chart, r.centre[part.start + last])}",
                        xy=(xs[last], centre[sl][last]), xytext=(0, 3), textcoords="offset points",
                        fontsize=_FONT, color=COLOURS["centre"], va="bottom", ha="right", zorder=7,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                        parse_math=False, gid="centre-label")

    if chart.goal is not None:
        g = chart.goal * chart.display_scale
        h = ax.axhline(g, color=COLOURS["goal"], linewidth=1.0, linestyle=(0, (6, 2, 1, 2)), zorder=1,
                       label=f"goal ({_fmt_value(chart, chart.goal)})")
        handles["goal"] = h
    for i, phase in _phase_positions(chart):
        ax.axvline(_boundary(dates, i), color=COLOURS["phase"], linewidth=1.0, linestyle="-", zorder=1, alpha=0.8)
    if chart.baseline_until is not None and chart.baseline_until in dates:
        i = dates.index(chart.baseline_until)
        if i + 1 < len(dates):
            h = ax.axvline(_boundary(dates, i + 1), color=COLOURS["baseline"], linewidth=1.0, linestyle=":",
                           zorder=1, label="end of baseline (limits frozen)")
            handles["baseline"] = h
    for number, (day, note) in enumerate(chart.data_notes if not compact else (), start=1):
        ax.annotate(str(number), xy=(np.datetime64(day, "D"), 1.0), xycoords=("data", "axes fraction"),
                    xytext=(0, -2), textcoords="offset points", fontsize=_FONT - 1, ha="center", va="top",
                    color=COLOURS["note"], parse_math=False, gid="data-note",
                    bbox={"boxstyle": "circle,pad=0.2", "facecolor": "white", "edgecolor": COLOURS["note"]})
    if chart.reporting_changes:
        xs_change = np.array([c.period for c in chart.reporting_changes], dtype="datetime64[D]")
        (h,) = ax.plot(xs_change, np.zeros(len(xs_change)), linestyle="none", marker="^", markersize=6,
                       color=COLOURS["centre"], transform=ax.get_xaxis_transform(), clip_on=False, zorder=6,
                       label="reporting sites changed", gid="reporting-changes")
        handles["reporting"] = h
    return handles


def _phase_positions(chart: MeasureChart) -> list[tuple[int, Any]]:
    dates = _dates(chart)
    index = {d: i for i, d in enumerate(dates)}
    return [(index[p.start], p) for p in chart.phases if p.start in index and index[p.start] > 0]


def _format_axes(ax: Any, chart: MeasureChart, compact: bool) -> None:
    import matplotlib.dates as mdates
    from matplotlib.ticker import FuncFormatter

    locator = mdates.AutoDateLocator(minticks=4, maxticks=8 if compact else 12)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    if chart.percent:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.4g}%"))
    ax.grid(axis="y", color="#E6E6E6", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=7.5 if compact else 8.5)


def _wrap(text: str, width_chars: int, max_lines: int = 3) -> str:
    lines = textwrap.wrap(text, max(width_chars, 8), break_on_hyphens=False)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(0, len(lines[-1]) - 1)] + "…"
    return "\n".join(lines)


def _phase_labels(chart: MeasureChart, width_in: float) -> list[tuple[dt.datetime, str]]:
    """Each phase's reason, wrapped to the width of its part (never across the next)."""
    dates = _dates(chart)
    if len(dates) < 2:
        return []
    span = (dates[-1] - dates[0]).days + 2 * _gap_days(dates)
    char_days = _FONT * 0.52 / 72 * span / width_in
    positions = _phase_positions(chart)
    out = []
    for k, (i, phase) in enumerate(positions):
        end = dates[positions[k + 1][0]] if k + 1 < len(positions) else dates[-1] + dt.timedelta(days=_gap_days(dates))
        room = int((end - dates[i]).days / char_days) - 2
        out.append((_boundary(dates, i), _wrap(phase.reason, room)))
    return out


def _strip_marks(chart: MeasureChart) -> list[Any]:
    """The PDSA strip's marks in date order: each cycle where it began, each decision where it was taken."""
    return sorted([*chart.cycles, *chart.decisions], key=lambda m: (m.date, m.cycle, isinstance(m, DecisionMark)))


def _cycles_strip(ax: Any, chart: MeasureChart, width_in: float, placed: list[tuple[int, bool]]) -> None:
    import numpy as np

    rows = [r for r, _ in placed]
    for mark, (row, left) in zip(_strip_marks(chart), placed):
        y = -row
        decision = isinstance(mark, DecisionMark)
        colour = palette.DECISION.get(mark.decision, COLOURS["cycle"]) if decision else COLOURS["cycle"]
        ax.plot([np.datetime64(mark.date, "D")], [y], marker="D" if decision else "|", markersize=5 if decision else 9,
                markeredgewidth=0.6 if decision else 1.6, color=colour, linestyle="none",
                gid="pdsa-decision" if decision else "pdsa-marker")
        ax.annotate(_line(mark.label), xy=(np.datetime64(mark.date, "D"), y), xytext=(-5 if left else 5, 0),
                    textcoords="offset points", fontsize=_FONT - 0.5, va="center", ha="right" if left else "left",
                    color=colour, parse_math=False, annotation_clip=False,
                    gid="pdsa-decision-label" if decision else "pdsa-label")
    n_rows = max(rows) + 1 if rows else 1
    ax.set_ylim(-n_rows + 0.4, 0.6)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel("PDSA\ncycles", rotation=0, ha="right", va="center", fontsize=_FONT, color=COLOURS["cycle"])


def _x_limits(dates: Sequence[dt.date]) -> tuple[Any, Any]:
    import numpy as np

    pad = dt.timedelta(days=_gap_days(dates))
    return np.datetime64(dates[0] - pad, "D"), np.datetime64(dates[-1] + pad * 2, "D")


def _save(fig: Any, fmt: str) -> bytes:
    buffer = io.BytesIO()
    metadata: dict[str, Any] = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    fig.savefig(buffer, format=fmt, dpi=_DPI, metadata=metadata)
    return buffer.getvalue()


def _rc() -> dict[str, Any]:
    return {"svg.fonttype": "none", "svg.hashsalt": "nictools", "font.family": "DejaVu Sans",
            "axes.titlesize": 11, "axes.labelsize": 9}


def render_chart(chart: MeasureChart, fmt: str = "png") -> bytes:
    """One chart as PNG, SVG or PDF bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(FORMATS)}")
    mpl = _matplotlib()
    with mpl.rc_context(_rc()):
        return _save(chart_figure(chart), fmt)


def chart_figure(chart: MeasureChart) -> Any:
    """The matplotlib Figure of one chart (what `render_chart` saves; tests inspect it)."""
    mpl = _matplotlib()
    from matplotlib.figure import Figure

    with mpl.rc_context(_rc()):
        dates = _dates(chart)
        main_width = _WIDTH * 0.86
        labels = _phase_labels(chart, main_width)
        phase_lines = max((t.count("\n") + 1 for _, t in labels), default=0)
        has_baseline_label = False
        span_days = ((dates[-1] - dates[0]).days + 3 * _gap_days(dates)) if dates else 1
        right_edge = dates[-1] + dt.timedelta(days=2 * _gap_days(dates)) if dates else None
        marks = _strip_marks(chart)
        rows = _stagger(marks, span_days, main_width, _FONT - 0.5, right_edge) if marks else []
        n_rows = max(r for r, _ in rows) + 1 if rows else 0
        top_h = 0.16 * phase_lines + 0.1 if labels else 0.0
        bottom_h = 0.2 * n_rows + 0.15 if n_rows else 0.0
        main_h = 4.2
        height = 1.15 + top_h + main_h + bottom_h + 0.55
        fig = Figure(figsize=(_WIDTH, height), dpi=_DPI, layout="constrained")
        ratios = [r for r in (top_h, main_h, bottom_h) if r]
        grid = fig.add_gridspec(len(ratios), 1, height_ratios=ratios, hspace=0.02)
        slot = 0
        top_ax = None
        if labels:
            top_ax = fig.add_subplot(grid[slot])
            slot += 1
        ax = fig.add_subplot(grid[slot], sharex=top_ax) if top_ax is not None else fig.add_subplot(grid[slot])
        slot += 1
        cyc_ax = fig.add_subplot(grid[slot], sharex=ax) if n_rows else None

        handles = _draw_series(ax, chart, compact=False) if dates else {}
        _format_axes(ax, chart, compact=False)
        ax.set_ylabel(_line(chart.unit), parse_math=False)
        if dates:
            ax.set_xlim(*_x_limits(dates))
        if top_ax is not None:
            for x, text in labels:
                top_ax.annotate(_line(text), xy=(x, 0.0), xytext=(3, 0), textcoords="offset points", fontsize=_FONT,
                                va="bottom", ha="left", color=COLOURS["phase"], parse_math=False,
                                annotation_clip=False, gid="phase-label")
                top_ax.axvline(x, color=COLOURS["phase"], linewidth=1.0)
            top_ax.set_ylim(0, 1)
            top_ax.axis("off")
        if cyc_ax is not None:
            _cycles_strip(cyc_ax, chart, main_width, rows)
            ax.tick_params(labelbottom=True)
            cyc_ax.tick_params(labelbottom=False, bottom=False)
            cyc_ax.spines["bottom"].set_visible(False)
        del has_baseline_label
        fig.suptitle(_line(chart.title), x=0.01, ha="left", fontsize=12.5, fontweight="bold", parse_math=False)
        subtitle = _line(chart.subtitle)
        if chart.data_notes:  # under the subtitle: the layout keeps the title block clear of the chart
            subtitle += "".join("\n" + _wrap(f"({i}) {d.isoformat()}: {_line(n)}", 140, 1)
                                for i, (d, n) in enumerate(chart.data_notes[:4], start=1))
            if len(chart.data_notes) > 4:
                subtitle += f"\n…and {len(chart.data_notes) - 4} more data notes (nic chart prints them all)"
        (top_ax or ax).set_title(subtitle, loc="left", fontsize=9, color="#444444", parse_math=False, pad=4)
        if chart.decisions:
            from matplotlib.lines import Line2D

            handles["decision"] = Line2D([], [], marker="D", markersize=5, linestyle="none",
                                         color=palette.DECISION["adopt"],
                                         label="PDSA decision (◆ green: adopt)")
        order = ["data", "centre", "limits", "goal", "baseline", "improvement", "concern", "neither", "excluded",
                 "reporting", "decision"]
        shown = [handles[k] for k in order if k in handles]
        if shown:
            fig.legend(handles=shown, labels=[h.get_label() for h in shown], loc="outside lower center",
                       ncol=min(len(shown), 5), fontsize=8, frameon=False)
        return fig


def render_strata(grouped: Any, fmt: str = "png") -> bytes:
    """``nic chart --strata``: the whole group's chart beside each stratum's, on one scale.

    The strata's goal line is the aim's equity target (the whole group's goal less the
    target gap); the whole group's is the aim's target.
    """
    charts = [grouped.total, *grouped.strata]
    percent = grouped.total.percent
    equity = "\n".join(_wrap(_line(t.words(percent)), 150, 1) for t in grouped.equity)
    place = grouped.total.subtitle.split(" · ", 1)[-1]
    subtitle = (f"{_line(grouped.place)}: all students and each stratum, on one scale · {place}"
                + (f"\n{equity}" if equity else "\nthe aim states no equity target for these strata"))
    return render_small_multiples(charts, fmt, columns=min(len(charts), 3), title=grouped.total.title,
                                  subtitle=subtitle, goal_label="goal (strata: the aim's equity target)")


def render_small_multiples(charts: Sequence[MeasureChart], fmt: str = "png", *, columns: int = 3,
                           title: str | None = None, subtitle: str | None = None,
                           goal_label: str = "goal") -> bytes:
    """Several sites' (or strata's) charts of one measure on shared axes (one page)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use one of {', '.join(FORMATS)}")
    mpl = _matplotlib()
    from matplotlib.figure import Figure

    with mpl.rc_context(_rc()):
        count = max(len(charts), 1)
        cols = min(columns, count)
        rows = math.ceil(count / cols)
        # A fixed layout (not constrained): on 200 sites the layout engine doubled the time.
        extra = 0.22 * subtitle.count("\n") if subtitle else 0.0  # room for a longer subtitle
        height = 1.55 + extra + 2.3 * rows
        fig = Figure(figsize=(_WIDTH, height), dpi=_DPI)
        fig.subplots_adjust(left=0.075, right=0.985, top=1 - (0.85 + extra) / height, bottom=0.75 / height,
                            hspace=0.38, wspace=0.08)
        # Shared axes without matplotlib's sharex/sharey: those re-run every sibling's autoscale and
        # tick updates on each change (most of the time at 150 panels); the common limits are
        # computed here once and set on each axes, autoscaling off.
        axes = fig.subplots(rows, cols, squeeze=False)
        handles: dict[str, Any] = {}
        all_dates = sorted({d for c in charts for d in _dates(c)})
        xlim = _x_limits(all_dates) if all_dates else None
        ylim = _common_ylim(charts)
        ticks = _common_ticks(xlim, ylim, charts[0] if charts else None)
        for k, ax in enumerate(axes.flat):
            if k >= len(charts):
                ax.set_visible(False)
                continue
            chart = charts[k]
            ax.set_autoscale_on(False)
            if xlim is not None:
                ax.set_xlim(*xlim)
            if ylim is not None:
                ax.set_ylim(*ylim)
            if _dates(chart):
                for key, h in _draw_series(ax, chart, compact=True).items():
                    handles.setdefault(key, h)
            _format_axes(ax, chart, compact=True)
            if ticks is not None:  # the same ticks everywhere, worked out once (not 150 locator runs)
                _set_ticks(ax, ticks)
            # y given: matplotlib does not measure every tick label to place the title
            ax.set_title(_line(chart.place), loc="left", fontsize=9, parse_math=False, y=1.0, pad=3)
            if k + cols < len(charts):  # a chart below it shows the dates
                ax.tick_params(labelbottom=False)
            if k % cols == 0:
                ax.set_ylabel(_line(chart.unit) if len(chart.unit) < 28 else "", fontsize=8, parse_math=False)
            else:
                ax.tick_params(labelleft=False)
        first = charts[0] if charts else None
        if first is not None:
            head = title or first.title
            from nictools.measurement.charts import CHART_NAMES, RULE_NAMES

            r = first.result
            fig.text(0.01, 1 - 0.12 / height, _line(head), ha="left", va="top", fontsize=12, fontweight="bold",
                     parse_math=False)
            fig.text(0.01, 1 - 0.42 / height, subtitle if subtitle is not None else
                     f"{CHART_NAMES.get(r.chart, r.chart)} · {RULE_NAMES.get(r.rules, r.rules)}"
                     f" · {_line(first.unit)} · a vertical line starts a new phase", ha="left", va="top", fontsize=9,
                     color="#444444", parse_math=False, linespacing=1.4)
        order = ["data", "centre", "limits", "goal", "baseline", "improvement", "concern", "neither", "excluded"]
        shown = [handles[k] for k in order if k in handles]
        if shown:
            fig.legend(handles=shown, labels=[goal_label if k == "goal" else _legend_label(k, handles[k])
                                              for k in order if k in handles],
                       loc="lower center", ncol=len(shown), fontsize=8, frameon=False,
                       bbox_to_anchor=(0.5, 0.05 / height))
        return _save(fig, fmt)


def _common_ticks(xlim: tuple[Any, Any] | None, ylim: tuple[float, float] | None,
                  chart: MeasureChart | None) -> tuple[list[float], list[str], list[float], list[str]] | None:
    """Tick positions and labels for panels that share their limits, computed once."""
    if xlim is None or ylim is None or chart is None:
        return None
    import matplotlib.dates as mdates
    from matplotlib.ticker import MaxNLocator

    lo, hi = (float(mdates.date2num(v)) for v in xlim)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=8)
    xs = [float(v) for v in locator.tick_values(mdates.num2date(lo), mdates.num2date(hi)) if lo <= v <= hi]
    formatter = mdates.ConciseDateFormatter(locator)
    x_labels = list(formatter.format_ticks(xs))
    ys = [float(v) for v in MaxNLocator(nbins=5).tick_values(*ylim) if ylim[0] <= v <= ylim[1]]
    y_labels = [f"{v:.4g}%" if chart.percent else f"{v:g}" for v in ys]
    return xs, x_labels, ys, y_labels


def _set_ticks(ax: Any, ticks: tuple[list[float], list[str], list[float], list[str]]) -> None:
    from matplotlib.ticker import FixedFormatter, FixedLocator

    xs, x_labels, ys, y_labels = ticks
    ax.xaxis.set_major_locator(FixedLocator(xs))
    ax.xaxis.set_major_formatter(FixedFormatter(x_labels))
    ax.yaxis.set_major_locator(FixedLocator(ys))
    ax.yaxis.set_major_formatter(FixedFormatter(y_labels))
    ax.xaxis.set_minor_locator(FixedLocator([]))
    ax.yaxis.set_minor_locator(FixedLocator([]))


def _common_ylim(charts: Sequence[MeasureChart]) -> tuple[float, float] | None:
    """One y range for every panel: the values, centre lines, limits and goals of all charts, padded 5%."""
    import numpy as np

    lows, highs = [], []
    for chart in charts:
        r = chart.result
        for values in (r.value, r.centre, r.lcl, r.ucl):
            shown = np.asarray(_shown(chart, values), dtype=float)
            finite = shown[np.isfinite(shown)]
            if finite.size:
                lows.append(float(finite.min()))
                highs.append(float(finite.max()))
        if chart.goal is not None:
            lows.append(chart.goal * chart.display_scale)
            highs.append(chart.goal * chart.display_scale)
    if not lows:
        return None
    lo, hi = min(lows), max(highs)
    pad = (hi - lo) * 0.05 or max(abs(hi) * 0.05, 1.0)
    return lo - pad, hi + pad


def _legend_label(key: str, handle: Any) -> str:
    return "goal" if key == "goal" else handle.get_label()


def _render_page(args: tuple[Sequence[MeasureChart], str, str | None]) -> bytes:
    charts, fmt, title = args
    return render_small_multiples(charts, fmt, title=title)


def render_pages(charts: Sequence[MeasureChart], fmt: str = "png", *, per_page: int = 12,
                 title: str | None = None) -> list[bytes]:
    """Small multiples, ``per_page`` charts a page; pages drawn in parallel where fork exists.

    Drawing is most of the time of ``--all-sites`` on a large network (about a second a
    page), and pages are independent, so they use every CPU.
    """
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    chunks = [charts[k:k + per_page] for k in range(0, len(charts), per_page)] or [[]]
    head = title or (charts[0].title if charts else None)
    jobs = [(chunk, fmt, head if len(chunks) == 1 else f"{head} (page {k + 1} of {len(chunks)})")
            for k, chunk in enumerate(chunks)]
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [_render_page(job) for job in jobs]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_render_page, jobs))
