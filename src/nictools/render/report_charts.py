"""Report charts as inline SVG strings: matplotlib for full charts, hand-written sparklines.

Every SVG is self-contained and accessible: `role="img"`, a `<title>` and a `<desc>`
that say in words what the chart shows (escaped: the titles come from the repository),
no external reference, and ids made unique per chart (`svg.hashsalt`), because many
SVGs share one HTML page. Colours follow the NHS "Making Data Count" convention in a
colour-blind-safe pair: blue for improvement, orange for concern, grey for neither.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
from html import escape

from nictools.reports.model import Series

IMPROVEMENT = "#1f5fbf"
CONCERN = "#c25400"
NEUTRAL = "#444444"
CENTRE = "#222222"
LIMIT = "#777777"
GOAL = "#1b7f3b"
CYCLE = "#d9d2e9"
_ids = itertools.count(1)
_PROLOG = re.compile(r"^.*?(<svg\b)", re.S)
_SIZE = re.compile(r'<svg([^>]*?)\swidth="[^"]*"\s+height="[^"]*"')


def _fmt(series: Series, value: float | None) -> str:
    if value is None:
        return "no value"
    return f"{value:.0%}" if series.percent else f"{value:.3g}"


def describe(series: Series) -> str:
    """The chart in words, for `<desc>` and for readers who cannot see it."""
    values = [p for p in series.points if p.value is not None]
    if not values:
        return f"{series.title}: no data yet."
    first, last = values[0], values[-1]
    where = "weeks since adoption" if series.x_kind == "weeks" else "periods"
    text = (f"{series.title}. {len(values)} {where} from {first.x} to {last.x}; latest value "
            f"{_fmt(series, last.value)}; centre line {_fmt(series, last.centre)}. "
            f"Improvement is {'up' if series.direction == 'up' else 'down'}. Status: {series.status_words}.")
    signals = sum(1 for p in series.points if p.signal in ("improvement", "concern"))
    if signals:
        text += f" {signals} point{'s' if signals != 1 else ''} signal."
    return text


def _wrap(svg: str, title: str, desc: str, css_class: str) -> str:
    svg = _PROLOG.sub(r"\1", svg, count=1)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    chart_id = f"chart{next(_ids)}"
    svg = _SIZE.sub(r"<svg\1", svg, count=1)
    svg = svg.replace("<svg", f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="{css_class}" '
                      'preserveAspectRatio="xMidYMid meet"', 1)
    head_end = svg.index(">") + 1
    return (svg[:head_end] + f'<title id="{chart_id}-t">{escape(title)}</title>'
            f'<desc id="{chart_id}-d">{escape(desc)}</desc>' + svg[head_end:])


def chart_svg(series: Series, *, width: float = 9.0, height: float = 3.6, title: str | None = None,
              small: bool = False) -> str:
    """A run or control chart with signals, goal, cycles, phases and adoption marked."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    rc = {"svg.fonttype": "none", "svg.hashsalt": f"nic-{next(_ids)}", "font.size": 10 if small else 11,
          "font.family": "sans-serif"}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width, height))
        ax = fig.add_subplot(1, 1, 1)
        points = [p for p in series.points]
        xs = [p.x for p in points]
        ys = [p.value if p.value is not None else float("nan") for p in points]
        for kind, color, label in (("cycle", CYCLE, "cycles"),):
            for m in series.markers:
                if m.kind == kind and m.end is not None and m.end != m.x:
                    ax.axvspan(m.x, m.end, color=color, alpha=0.6, lw=0, zorder=0)
        parts = sorted({p.part for p in points})
        for part in parts:
            idx = [i for i, p in enumerate(points) if p.part == part]
            px = [xs[i] for i in idx]
            cl = [points[i].centre if points[i].centre is not None else float("nan") for i in idx]
            ax.plot(px, cl, color=CENTRE, lw=1.2, drawstyle="steps-mid", zorder=2)
            if any(points[i].ucl is not None for i in idx):
                for attr in ("lcl", "ucl"):
                    lim = [getattr(points[i], attr) if getattr(points[i], attr) is not None else float("nan")
                           for i in idx]
                    ax.plot(px, lim, color=LIMIT, lw=1, ls="--", drawstyle="steps-mid", zorder=2)
        ax.plot(xs, ys, color=NEUTRAL, lw=1.4, marker="o", ms=3 if small else 4, zorder=3)
        for kind, color in (("improvement", IMPROVEMENT), ("concern", CONCERN)):
            sx = [xs[i] for i, p in enumerate(points) if p.signal == kind]
            sy = [ys[i] for i, p in enumerate(points) if p.signal == kind]
            if sx:
                ax.plot(sx, sy, ls="none", marker="o", ms=6 if small else 7, color=color, zorder=4,
                        label=f"{kind} signal")
        if series.goal is not None:
            ax.axhline(series.goal, color=GOAL, lw=1.2, ls=":", zorder=1, label="goal")
        for m in series.markers:
            if m.kind in ("phase", "adoption"):
                ax.axvline(m.x, color="#000000", lw=1.4, ls="-." if m.kind == "phase" else "-", zorder=2)
                ax.annotate(m.label, (m.x, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -12),
                            textcoords="offset points", fontsize=8 if small else 10, color="#000000")
        if not small:
            cycle_marks = [m for m in series.markers if m.kind == "cycle"]
            for i, m in enumerate(cycle_marks):
                ax.annotate(m.label, (m.x, 0.0), xycoords=("data", "axes fraction"),
                            xytext=(2, 3 + 11 * (i % 2)), textcoords="offset points", fontsize=8, color="#3b2a6b")
        if series.percent:
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
        if series.x_kind == "weeks":
            ax.set_xlabel("weeks since adoption")
        else:
            fig.autofmt_xdate(rotation=0, ha="center")
            import matplotlib.dates as mdates
            if len(set(xs)) == 1 and hasattr(xs[0], "toordinal"):  # one period: give the axis a week each side
                ax.set_xlim(xs[0] - dt.timedelta(days=7), xs[0] + dt.timedelta(days=7))
            ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=6 if small else 9))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y" if not small else "%b"))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.set_title(title if title is not None else series.title, loc="left", fontsize=10 if small else 13)
        ax.grid(axis="y", color="#e5e5e5", lw=0.8)
        # fixed margins: tight_layout measured every tick label and was a third of the report's time
        fig.subplots_adjust(left=0.09 if not small else 0.12, right=0.98, top=0.88, bottom=0.14 if not small else 0.2)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return _wrap(out.getvalue(), title or series.title, describe(series), "chart")


def sparkline_svg(series: Series | None, label: str, width: int = 220, height: int = 70) -> str:
    """A small multiple drawn by hand: fast for hundreds of sites, same colours as the charts."""
    chart_id = f"spark{next(_ids)}"
    if series is None or not any(p.value is not None for p in series.points):
        return (f'<svg role="img" aria-labelledby="{chart_id}-t" viewBox="0 0 {width} {height}" class="spark">'
                f'<title id="{chart_id}-t">{escape(label)}: no data</title>'
                f'<text x="8" y="{height / 2}" font-size="13" fill="#444">no data</text></svg>')
    pts = series.points
    values = [p.value for p in pts if p.value is not None] + [p.centre for p in pts if p.centre is not None]
    if series.goal is not None:
        values.append(series.goal)
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    pad = 6
    n = max(len(pts) - 1, 1)
    weeks = series.x_kind == "weeks" and all(isinstance(p.x, (int, float)) for p in pts)
    x0, x1 = (min(p.x for p in pts), max(p.x for p in pts)) if weeks else (0, n)
    if x1 - x0 <= 0:
        x1 = x0 + 1

    def x(i: int) -> float:
        at = pts[i].x if weeks else i
        return pad + (width - 2 * pad) * (at - x0) / (x1 - x0)

    def y(v: float) -> float:
        return height - pad - (height - 2 * pad) * (v - lo) / (hi - lo)

    parts = [f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" viewBox="0 0 {width} {height}" '
             f'class="spark"><title id="{chart_id}-t">{escape(label)}</title>'
             f'<desc id="{chart_id}-d">{escape(describe(series))}</desc>']
    if series.goal is not None:
        parts.append(f'<line x1="{pad}" x2="{width - pad}" y1="{y(series.goal):.1f}" y2="{y(series.goal):.1f}" '
                     f'stroke="{GOAL}" stroke-dasharray="2 3" stroke-width="1.2"/>')
    centre = [(x(i), y(p.centre)) for i, p in enumerate(pts) if p.centre is not None]
    if centre:
        parts.append('<polyline fill="none" stroke="#222" stroke-width="1" points="'
                     + " ".join(f"{a:.1f},{b:.1f}" for a, b in centre) + '"/>')
    segment: list[str] = []
    lines: list[str] = []
    for i, p in enumerate(pts):
        if p.value is None:
            if segment:
                lines.append(" ".join(segment))
            segment = []
            continue
        segment.append(f"{x(i):.1f},{y(p.value):.1f}")
    if segment:
        lines.append(" ".join(segment))
    for line in lines:
        parts.append(f'<polyline fill="none" stroke="{NEUTRAL}" stroke-width="1.5" points="{line}"/>')
    if weeks and x0 <= 0 <= x1:
        zero = pad + (width - 2 * pad) * (0 - x0) / (x1 - x0)
        parts.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="2" y2="{height - 2}" stroke="#000" '
                     'stroke-width="1.6"/>'
                     f'<text x="{zero + 3:.1f}" y="11" font-size="10" fill="#000">adopted</text>')
    for i, p in enumerate(pts):
        if p.value is not None and p.signal in ("improvement", "concern"):
            color = IMPROVEMENT if p.signal == "improvement" else CONCERN
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="2.6" fill="{color}"/>')
    parts.append("</svg>")
    return "".join(parts)
