"""Report charts as inline SVG strings, written by hand: full run/control charts, sparklines and the funnel plot.

Every SVG is self-contained and accessible: `role="img"`, a `<title>` and a `<desc>`
that say in words what the chart shows (escaped: the titles come from the repository),
no external reference, and ids made unique per chart, because many
SVGs share one HTML page. Colours follow the NHS "Making Data Count" convention in a
colour-blind-safe pair: blue for improvement, orange for concern, grey for neither.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from html import escape
from typing import Iterable

from nictools.reports.model import Z_INNER, Z_OUTER, Funnel, Series

from nictools.render.palette import CENTRE, CONCERN, DECISION, GOAL, IMPROVEMENT, LIMIT, NEITHER
from nictools.render.palette import CYCLE as CYCLE_LABEL
from nictools.render.palette import CYCLE_SPAN as CYCLE

NEUTRAL = "#444444"
_ids = itertools.count(1)


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
    where = "periods since adoption" if series.x_kind == "weeks" else "periods"
    text = (f"{series.title}. {len(values)} {where} from {first.x} to {last.x}; latest value "
            f"{_fmt(series, last.value)}; centre line {_fmt(series, last.centre)}. "
            + (f"Improvement is {'up' if series.direction == 'up' else 'down'}. " if series.direction else
             "No direction of improvement: a signal either way is a change to look at. ")
            + f"Status: {series.status_words}.")
    signals = sum(1 for p in series.points if p.signal in ("improvement", "concern"))
    if signals:
        text += f" {signals} point{'s' if signals != 1 else ''} signal."
    return text


def _pos(x: object) -> float:
    """A point's x as a number: a date's day ordinal, or the weeks of an aligned chart."""
    if isinstance(x, dt.datetime):
        return x.toordinal() + (x.hour * 60 + x.minute) / 1440
    if isinstance(x, dt.date):
        return float(x.toordinal())
    if isinstance(x, str):
        return float(dt.date.fromisoformat(x[:10]).toordinal())
    if type(x).__name__ == "datetime64":  # numpy, without importing it
        return float(dt.date.fromisoformat(str(x)[:10]).toordinal())
    return float(x)  # type: ignore[arg-type]


def _nice_step(span: float, most: int, percent: bool = False) -> float:
    """A 1-2-2.5-5 step that puts at most `most` ticks across `span` (no 2.5 for whole percents)."""
    raw = span / max(most, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in ((1, 2, 5, 10) if percent and magnitude <= 0.01 else (1, 2, 2.5, 5, 10)):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _value_ticks(lo: float, hi: float, most: int = 6, percent: bool = False) -> list[float]:
    step = _nice_step(hi - lo, most, percent)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


def _date_ticks(lo: float, hi: float, most: int) -> list[dt.date]:
    """First days of months, every 1, 2, 3, 4, 6 or 12 months, at most `most` of them."""
    start, end = dt.date.fromordinal(int(math.ceil(lo))), dt.date.fromordinal(int(hi))
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    every = next((m for m in (1, 2, 3, 4, 6, 12) if months / m <= most), 12 * max(1, math.ceil(months / (12 * most))))
    ticks = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        day = dt.date(year, month, 1)
        if (month - 1) % every == 0 and lo <= day.toordinal() <= hi:
            ticks.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def _short(text: str, most: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def value_range(many: list[Series]) -> tuple[float, float] | None:
    """The values, limits and goals of several charts: one scale for small multiples."""
    values = [v for s in many for p in s.points for v in (p.value, p.centre, p.lcl, p.ucl) if v is not None]
    values += [s.goal for s in many if s.goal is not None]
    return (min(values), max(values)) if values else None


def chart_svg(series: Series, *, width: float = 9.0, height: float = 3.6, title: str | None = None,
              small: bool = False, y_range: tuple[float, float] | None = None) -> str:
    """A run or control chart with signals, goal, cycles, phases and adoption marked.

    Drawn by hand as SVG (72 units to the inch, sizes as matplotlib's): a report has a chart
    per site, and matplotlib took about 0.1 s for each where this takes about a millisecond.
    """
    chart_id = f"chart{next(_ids)}"
    label = title if title is not None else series.title
    w, h = width * 72, height * 72
    left, right = w * (0.12 if small else 0.09), w * 0.98
    top, bottom = h * 0.12, h * (0.8 if small else 0.86)
    font = 10 if small else 11
    points = series.points
    xs = [_pos(p.x) for p in points]
    markers = [(m, _pos(m.x), None if m.end is None else _pos(m.end)) for m in series.markers]
    values = [v for p in points for v in (p.value, p.centre, p.lcl, p.ucl) if v is not None]
    if series.goal is not None:
        values.append(series.goal)
    lo, hi = y_range if y_range is not None else ((min(values), max(values)) if values else (0.0, 1.0))
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    pad = (hi - lo) * 0.05
    lo, hi = lo - pad, hi + pad
    spots = xs + [x for _, x, _ in markers] + [e for _, _, e in markers if e is not None]
    x0, x1 = (min(spots), max(spots)) if spots else (0.0, 1.0)
    if x1 - x0 <= 0:
        x0, x1 = x0 - 1, x1 + 1
    margin = (x1 - x0) * 0.03
    x0, x1 = x0 - margin, x1 + margin

    def X(v: float) -> float:
        return left + (right - left) * (v - x0) / (x1 - x0)

    def Y(v: float) -> float:
        return bottom - (bottom - top) * (v - lo) / (hi - lo)

    # Under the time axis, a strip of PDSA labels: each cycle where it began, each decision where it was
    # taken, in lanes so that no label overlaps another (small charts keep the marks, not the labels).
    strip = [] if small else [(m, a) for m, a, _ in markers if m.kind in ("cycle", "decision")]
    strip_top = bottom + font + 18
    placed = place_labels([(X(a), _label_width(_strip_text(m), 8) + (9 if m.kind == "decision" else 4))
                           for m, a in strip], right=w - 2)
    lanes = max((lane for lane, _ in placed), default=-1) + 1
    if lanes:
        h = max(h, strip_top + 11 * lanes + 2)
    out = [f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" viewBox="0 0 {_n(w)} {_n(h)}" '
           f'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
           f'<title id="{chart_id}-t">{escape(label)}</title><desc id="{chart_id}-d">{escape(describe(series))}</desc>',
           f'<rect width="{_n(w)}" height="{_n(h)}" fill="#ffffff"/>']
    for m, a, b in markers:  # PDSA cycles as shaded spans, behind everything
        if m.kind == "cycle" and b is not None and b != a:
            out.append(f'<rect x="{_n(X(min(a, b)))}" y="{_n(top)}" width="{_n(abs(X(b) - X(a)))}" '
                       f'height="{_n(bottom - top)}" fill="{CYCLE}" fill-opacity="0.6"/>')
    fmt = (lambda v: f"{v:.0%}") if series.percent else (lambda v: f"{v:g}")
    for tick in _value_ticks(lo, hi, percent=series.percent):
        y = Y(tick)
        out.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}" stroke="#e5e5e5" stroke-width="0.8"/>'
                   f'<text x="{_n(left - 5)}" y="{_n(y + font * 0.35)}" font-size="{font}" text-anchor="end" '
                   f'fill="#000000">{escape(fmt(tick))}</text>')
    if series.x_kind == "weeks":
        x_ticks = [(t, _n(t)) for t in _value_ticks(x0, x1, 8)]
        out.append(f'<text x="{_n((left + right) / 2)}" y="{_n(h - 4)}" font-size="{font}" text-anchor="middle" '
                   f'fill="#000000">weeks since adoption</text>')
    else:
        x_ticks = [(float(d.toordinal()), d.strftime("%b" if small else "%b %Y"))
                   for d in _date_ticks(x0, x1, 6 if small else 9)]
    for at, text in x_ticks:
        x = X(at)
        out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(bottom)}" y2="{_n(bottom + 3.5)}" stroke="#000000" '
                   f'stroke-width="0.8"/><text x="{_n(x)}" y="{_n(bottom + 4 + font)}" font-size="{font}" '
                   f'text-anchor="middle" fill="#000000">{escape(text)}</text>')
    for part in sorted({p.part for p in points}):  # centre line and limits, per part, as steps
        idx = [i for i, p in enumerate(points) if p.part == part]
        out += _steps([xs[i] for i in idx], [points[i].centre for i in idx], X, Y, CENTRE, 1.2)
        for attr in ("lcl", "ucl"):
            out += _steps([xs[i] for i in idx], [getattr(points[i], attr) for i in idx], X, Y, LIMIT, 1, "3.7 1.6")
    if series.goal is not None:
        y = Y(series.goal)
        out.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}" stroke="{GOAL}" '
                   'stroke-width="1.2" stroke-dasharray="1.2 2"/>')
    for m, a, _ in markers:
        if m.kind in ("phase", "adoption"):
            x = X(a)
            dash = ' stroke-dasharray="6.4 1.6 1 1.6"' if m.kind == "phase" else ""
            text = m.label if small or not m.detail else f"{m.label}: {_short(m.detail, 70)}"
            out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(top)}" y2="{_n(bottom)}" stroke="#000000" '
                       f'stroke-width="1.4"{dash}/><text x="{_n(x + 3)}" y="{_n(top + 12)}" '
                       f'font-size="{8 if small else 10}" fill="#000000" stroke="#ffffff" stroke-width="3" '
                       f'paint-order="stroke">{escape(text)}'
                       f'<title>{escape(m.detail or m.label)}</title></text>')
    out += _polylines([None if p.value is None or p.value != p.value else (X(x), Y(p.value))
                       for x, p in zip(xs, points)], 1.4)
    dot = 1.5 if small else 2
    big = 3 if small else 3.5
    for x, p in zip(xs, points):
        if p.value is None or p.value != p.value:
            continue
        color = {"improvement": IMPROVEMENT, "concern": CONCERN, "neither": NEITHER}.get(p.signal or "")
        out.append(f'<circle cx="{_n(X(x))}" cy="{_n(Y(p.value))}" r="{big if color else dot}" '
                   f'fill="{color or NEUTRAL}"/>')
    notes = [(m, a) for m, a, _ in markers if m.kind == "note"]
    for i, (m, a) in enumerate(notes, start=1):  # data notes: a numbered flag, the text under the chart
        x = X(a)
        out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(top)}" y2="{_n(top + 8)}" stroke="#555555" '
                   f'stroke-width="1"/><circle cx="{_n(x)}" cy="{_n(top + 1)}" r="{5 if small else 6}" '
                   f'fill="#ffffff" stroke="#555555"/><text x="{_n(x)}" y="{_n(top + 4)}" font-size="{7 if small else 8}" '
                   f'text-anchor="middle" fill="#000000">{i}<title>{escape(m.detail)}</title></text>')
    for (m, a), (lane, flipped) in zip(strip, placed):
        x, y = X(a), strip_top + 11 * lane
        text = _strip_text(m)
        anchor = "end" if flipped else "start"
        if m.kind == "decision":
            colour = DECISION.get(m.label.rsplit(" ", 1)[-1], CYCLE_LABEL)
            out.append(f'<path d="M{_n(x)},{_n(y - 7)}l3.5,3.5l-3.5,3.5l-3.5,-3.5z" fill="{colour}"/>'
                       f'<text x="{_n(x - 5 if flipped else x + 5)}" y="{_n(y)}" font-size="8" text-anchor="{anchor}" '
                       f'fill="{colour}">{escape(text)}<title>{escape(m.detail or text)}</title></text>')
        else:
            out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(y - 8)}" y2="{_n(y + 1)}" stroke="{CYCLE_LABEL}" '
                       f'stroke-width="1.2"/><text x="{_n(x - 2 if flipped else x + 2)}" y="{_n(y)}" font-size="8" '
                       f'text-anchor="{anchor}" fill="{CYCLE_LABEL}">{escape(text)}'
                       f'<title>{escape(m.detail or text)}</title></text>')
    if small:  # decisions as marks only, on the axis
        for m, a, _ in markers:
            if m.kind == "decision":
                colour = DECISION.get(m.label.rsplit(" ", 1)[-1], CYCLE_LABEL)
                out.append(f'<path d="M{_n(X(a))},{_n(bottom - 3)}l3,3l-3,3l-3,-3z" fill="{colour}">'
                           f'<title>{escape(m.detail or m.label)}</title></path>')
    out.append(f'<path d="M{_n(left)},{_n(top)}V{_n(bottom)}H{_n(right)}" fill="none" stroke="#000000" '
               'stroke-width="0.8"/>')
    out.append(f'<text x="{_n(left)}" y="{_n(top - 8)}" font-size="{10 if small else 13}" fill="#000000">'
               f'{escape(label)}</text></svg>')
    return "".join(out)


def _strip_text(m: object) -> str:
    return _short(getattr(m, "label", ""), 48)


def _label_width(text: str, font: float) -> float:
    """About how wide a label is in a sans-serif font (0.58 em a character)."""
    return len(text) * font * 0.58


def place_labels(items: list[tuple[float, float]], *, right: float) -> list[tuple[int, bool]]:
    """A lane for each label (x, width), greedy by x, and whether it runs left of x: none overlap.

    A label that would run past `right` is put to the left of its mark; the first lane whose
    last label ends before this one begins (with 4 units to spare) takes it.
    """
    order = sorted(range(len(items)), key=lambda i: items[i][0])
    ends: list[float] = []
    out: list[tuple[int, bool]] = [(0, False)] * len(items)
    for i in order:
        x, width = items[i]
        flipped = x + width > right
        begin, end = (x - width, x) if flipped else (x, x + width)
        for lane, last in enumerate(ends):
            if begin > last + 4:
                ends[lane] = end
                out[i] = (lane, flipped)
                break
        else:
            ends.append(end)
            out[i] = (len(ends) - 1, flipped)
    return out


def _steps(xs: list[float], ys: list[float | None], X, Y, color: str, width: float,  # noqa: ANN001
           dash: str | None = None) -> list[str]:
    """A line drawn as matplotlib's `steps-mid`: level around each point, jumping halfway between points."""
    paths: list[str] = []
    current: list[str] = []
    last_x: float | None = None
    for i, (x, y) in enumerate(zip(xs, ys)):
        if y is None or y != y:
            if current:
                paths.append("".join(current) + f"H{_n(X(last_x))}")  # type: ignore[arg-type]
            current, last_x = [], None
            continue
        if not current:
            start = (xs[i - 1] + x) / 2 if i > 0 and ys[i - 1] is not None else x
            current.append(f"M{_n(X(start))},{_n(Y(y))}")
        else:
            mid = (last_x + x) / 2  # type: ignore[operator]
            current.append(f"H{_n(X(mid))}V{_n(Y(y))}")
        last_x = x
    if current:
        paths.append("".join(current) + f"H{_n(X(last_x))}")  # type: ignore[arg-type]
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return [f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{width}"{extra}/>' for d in paths]


def _polylines(coords: list[tuple[float, float] | None], width: float) -> list[str]:
    """The data line as one polyline per run of points; a missing value (None) breaks the line."""
    runs: list[list[str]] = [[]]
    for at in coords:
        if at is None:
            runs.append([])
        else:
            runs[-1].append(f"{_n(at[0])},{_n(at[1])}")
    return [f'<polyline fill="none" stroke="{NEUTRAL}" stroke-width="{width}" points="{" ".join(run)}"/>'
            for run in runs if run]


def shared_span(series: Iterable[Series | None]) -> tuple[dt.date, dt.date] | None:
    """The first and last date over many series: the one time axis small multiples share."""
    days = [p.x for s in series if s is not None for p in s.points
            if p.value is not None and isinstance(p.x, dt.date)]
    return (min(days), max(days)) if days else None


def sparkline_svg(series: Series | None, label: str, width: int = 220, height: int = 70,
                  span: tuple[dt.date, dt.date] | None = None) -> str:
    """A small multiple drawn by hand: fast for hundreds of sites, same colours as the charts.

    With `span`, x is the date on that shared axis (every tile the same time scale: a site
    with 18 months of data fills the right half, not the whole width)."""
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
    dated = span is not None and not weeks and all(isinstance(p.x, dt.date) for p in pts)
    if dated:
        x0, x1 = span[0].toordinal(), span[1].toordinal()  # type: ignore[index]
    else:
        x0, x1 = (min(p.x for p in pts), max(p.x for p in pts)) if weeks else (0, n)
    if x1 - x0 <= 0:
        x1 = x0 + 1

    def x(i: int) -> float:
        at = pts[i].x.toordinal() if dated else pts[i].x if weeks else i
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
    parts += _polylines([None if p.value is None else (x(i), y(p.value)) for i, p in enumerate(pts)], 1.5)
    if weeks and x0 <= 0 <= x1:
        zero = pad + (width - 2 * pad) * (0 - x0) / (x1 - x0)
        parts.append(f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="2" y2="{height - 2}" stroke="#000" '
                     'stroke-width="1.6"/>'
                     f'<text x="{zero + 3:.1f}" y="11" font-size="10" fill="#000">adopted</text>')
    for i, p in enumerate(pts):
        if p.value is not None and p.signal in ("improvement", "concern", "neither"):
            color = {"improvement": IMPROVEMENT, "concern": CONCERN, "neither": NEITHER}[p.signal]
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(p.value):.1f}" r="2.6" fill="{color}"/>')
    parts.append("</svg>")
    return "".join(parts)


#: Above this many sites, only the sites outside the outer limits carry a name on the funnel.
FUNNEL_LABEL_ALL = 12


def funnel_words(funnel: Funnel) -> str:
    """The funnel in words, for `<desc>` and the caption: neutral, a comparison and not a ranking."""
    outside = [s for s in funnel.sites if s.position != "inside"]
    centre = f"{funnel.centre:.0%}" if funnel.percent else f"{funnel.centre * funnel.multiply:.3g}"
    text = (f"{funnel.title}, {funnel.start.isoformat()} to {funnel.end.isoformat()}: {len(funnel.sites)} sites "
            f"around the network's {centre}. Limits: {funnel.method}"
            + (f" (between-site variance added, φ = {funnel.phi:.2f})" if funnel.tau2 > 0 else
               f" (no overdispersion found, φ = {funnel.phi:.2f})") + ". ")
    above = sum(1 for s in outside if s.position == "above")
    below = len(outside) - above
    if outside and len(outside) <= FUNNEL_LABEL_ALL:
        for side in ("above", "below"):
            names = [s.name for s in outside if s.position == side]
            if names:
                text += f"{side.capitalize()} the expected range: {', '.join(names)}. "
        text += ("A site outside the range differs by more than chance explains: a reason to ask what is different "
                 "there, not a rank.")
    elif outside:
        text += (f"{above} site{'s' if above != 1 else ''} above the expected range, {below} below; "
                 "the rest are inside it. A site outside the range differs by more than chance explains: a reason "
                 "to ask what is different there, not a rank.")
    else:
        text += "Every site is inside the expected range: the differences between sites are what chance alone gives."
    return text


def funnel_svg(funnel: Funnel, *, width: float = 9.0, height: float = 4.2) -> str:
    """Each site's recent value against its base, inside 95% and 99.8% limits round the network's value.

    Drawn by hand like `chart_svg`, so the report needs no matplotlib.
    """
    chart_id = f"chart{next(_ids)}"
    title = f"{funnel.title}: sites compared"
    scale = 1.0 if funnel.percent else funnel.multiply
    w, h = width * 72, height * 72
    left, right, top, bottom = w * 0.09, w * 0.98, h * 0.12, h * 0.84
    font = 11
    bases = [s.base for s in funnel.sites]
    b0, b1 = min(bases) * 0.8, max(bases) * 1.1
    grid = [b0 + (b1 - b0) * i / 120 for i in range(121)]
    curves = {z: [funnel.limits(b, z) for b in grid] for z in (Z_INNER, Z_OUTER)}
    values = [s.value for s in funnel.sites] + [funnel.centre]
    values += [v for lo_hi in curves[Z_OUTER] for v in lo_hi]
    lo, hi = min(values) * scale, max(values) * scale
    pad = (hi - lo) * 0.05 or 0.5
    lo, hi = lo - pad, hi + pad

    def X(v: float) -> float:
        return left + (right - left) * (v - b0) / (b1 - b0)

    def Y(v: float) -> float:
        return bottom - (bottom - top) * (v * scale - lo) / (hi - lo)

    out = [f'<svg role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart" viewBox="0 0 {_n(w)} {_n(h)}" '
           'preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
           f'<title id="{chart_id}-t">{escape(funnel.title)}: funnel plot of the sites</title>'
           f'<desc id="{chart_id}-d">{escape(funnel_words(funnel))}</desc>',
           f'<rect width="{_n(w)}" height="{_n(h)}" fill="#ffffff"/>']
    fmt = (lambda v: f"{v:.0%}") if funnel.percent else (lambda v: f"{v:g}")
    for tick in _value_ticks(lo, hi, 8, percent=funnel.percent):
        y = bottom - (bottom - top) * (tick - lo) / (hi - lo)
        out.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(y)}" y2="{_n(y)}" stroke="#e5e5e5" stroke-width="0.8"/>'
                   f'<text x="{_n(left - 5)}" y="{_n(y + font * 0.35)}" font-size="{font}" text-anchor="end" '
                   f'fill="#000000">{escape(fmt(tick))}</text>')
    for tick in _value_ticks(b0, b1, 8):
        x = X(tick)
        out.append(f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(bottom)}" y2="{_n(bottom + 3.5)}" stroke="#000000" '
                   f'stroke-width="0.8"/><text x="{_n(x)}" y="{_n(bottom + 4 + font)}" font-size="{font}" '
                   f'text-anchor="middle" fill="#000000">{tick:,.0f}</text>')
    out.append(f'<text x="{_n((left + right) / 2)}" y="{_n(bottom + 8 + font * 2.2)}" font-size="{font}" '
               f'text-anchor="middle" fill="#000000">base: the mean denominator per period, {funnel.start.isoformat()} '
               f'to {funnel.end.isoformat()}</text>')
    for z, dash in ((Z_INNER, "1 2"), (Z_OUTER, "4 2")):
        for side in (0, 1):
            path = "".join(f"{'M' if i == 0 else 'L'}{_n(X(b))},{_n(Y(limits[side]))}"
                           for i, (b, limits) in enumerate(zip(grid, curves[z])))
            out.append(f'<path d="{path}" fill="none" stroke="{LIMIT}" stroke-width="1" stroke-dasharray="{dash}"/>')
    yc = Y(funnel.centre)
    out.append(f'<line x1="{_n(left)}" x2="{_n(right)}" y1="{_n(yc)}" y2="{_n(yc)}" stroke="{CENTRE}" stroke-width="1.2"/>')
    label_all = len(funnel.sites) <= FUNNEL_LABEL_ALL
    for site in funnel.sites:  # one neutral colour: a funnel compares sites, it does not judge them
        x, y = X(site.base), Y(site.value)
        outside = site.position != "inside"
        faint = "" if outside else ' fill-opacity="0.55"'
        out.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{4 if outside else 3}" fill="{NEUTRAL}"{faint}/>')
        if label_all or site.position != "inside":
            # away from the centre line, and towards the middle so names stay on the page
            right_half = site.base > (b0 + b1) / 2
            tx = x - 7 if right_half else x + 7
            ty = y - 6 if site.value >= funnel.centre else y + 14
            out.append(f'<text x="{_n(tx)}" y="{_n(ty)}" font-size="9" fill="#222222" stroke="#ffffff" '
                       f'stroke-width="3" paint-order="stroke" text-anchor="{"end" if right_half else "start"}">'
                       f"{escape(site.name)}</text>")
    legend_y = bottom - 8
    legend = [("1 2", LIMIT, "95% limits"), ("4 2", LIMIT, "99.8% limits (expected range)"), (None, CENTRE, "network")]
    widths = [27 + len(text) * 9 * 0.55 + 18 for _, _, text in legend]  # line, text at ~0.55 em, a gap
    lx = right - sum(widths)
    # a white ground under the legend: the limits' curves run along the bottom of the plot
    out.append(f'<rect x="{_n(lx - 4)}" y="{_n(legend_y - 12)}" width="{_n(sum(widths) + 2)}" height="16" '
               'fill="#ffffff" fill-opacity="0.9"/>')
    for (dash, color, text), step in zip(legend, widths):
        extra = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{_n(lx)}" x2="{_n(lx + 22)}" y1="{_n(legend_y - 3)}" y2="{_n(legend_y - 3)}" '
                   f'stroke="{color}" stroke-width="1.2"{extra}/><text x="{_n(lx + 27)}" y="{_n(legend_y)}" '
                   f'font-size="9" fill="#000000">{text}</text>')
        lx += step
    out.append(f'<path d="M{_n(left)},{_n(top)}V{_n(bottom)}H{_n(right)}" fill="none" stroke="#000000" '
               'stroke-width="0.8"/>')
    out.append(f'<text x="{_n(left)}" y="{_n(top - 8)}" font-size="13" fill="#000000">{escape(title)}</text></svg>')
    return "".join(out)
