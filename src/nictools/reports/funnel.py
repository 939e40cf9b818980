"""A funnel plot of the sites on the network's outcome, honest for repeated periods.

Each site's value is pooled over the window (Σ numerators / Σ denominators of its
periods); its base is the *mean denominator per period* (students, not student-weeks:
a weekly proportion over the same 257 students eight times is not 2,056 independent
students). The limits around the network's pooled value use the binomial (proportions)
or Poisson (rates) variance at that base, widened by Spiegelhalter's (2005) additive
random-effects adjustment for overdispersion: z-scores winsorised at 10% each side
estimate the dispersion φ, and when I·φ exceeds I − 1 the between-site variance
τ² = (I·φ − (I − 1)) / (Σw − Σw²/Σw), w = 1/s², is added to every limit. The words are
neutral ("above the expected range", "below"): a funnel compares without ranking.

Sites and periods come from the one analysis of each site (``Analyses.site_chart``):
the funnel reads the same points every other view of the site shows. A site whose
base, numerator or (for a proportion) the difference between them is below the
small-cell threshold is left out: its value and base side by side would give the small
count back.
"""

from __future__ import annotations

import datetime as dt
import math

from nictools.measurement.analyses import Analyses
from nictools.reports.model import Z_OUTER, Funnel, FunnelSite

#: Without a convening to start from, the window is the latest this many periods with data.
RECENT_PERIODS = 8
#: Fewer sites than this and a funnel does not help.
MIN_SITES = 3


def _winsorised(values: list[float], share: float = 0.1) -> list[float]:
    """Values clipped at their `share` and 1 - `share` quantiles (Spiegelhalter 2005)."""
    ordered = sorted(values)
    k = int(share * len(ordered))
    low, high = ordered[k], ordered[len(ordered) - 1 - k]
    return [min(max(v, low), high) for v in values]


def overdispersion(values: list[float], bases: list[float], centre: float, kind: str) -> tuple[float, float]:
    """(φ, τ²): the dispersion of the sites' z-scores and the additive between-site variance."""
    var = [(centre * (1 - centre) if kind == "proportion" else centre) / b for b in bases]
    z = [(v - centre) / math.sqrt(s2) for v, s2 in zip(values, var)]
    count = len(z)
    phi = sum(x * x for x in _winsorised(z)) / count
    if count * phi <= count - 1:
        return phi, 0.0
    w = [1 / s2 for s2 in var]
    tau2 = (count * phi - (count - 1)) / (sum(w) - sum(x * x for x in w) / sum(w))
    return phi, max(tau2, 0.0)


def build_funnel(analyses: Analyses, measure_id: str, sites: list[str], *,
                 since: dt.date | None, threshold: int, arrived: set[dt.date] | None = None,
                 since_label: str = "") -> Funnel | None:
    """The funnel of `sites` on a proportion or rate measure, or None where it would not help.

    The window: with the git history (`arrived`, the periods whose rows were committed after the
    convening), the periods that *arrived* since it, whatever period they are for, so a month
    published after a convening is in the next window; without it, the periods after `since`;
    with neither, the latest `RECENT_PERIODS` periods. `Funnel.rule` says which applied.
    """
    return _build(analyses, measure_id, sites, since=since, threshold=threshold, arrived=arrived,
                  since_label=since_label)


def _build(analyses: Analyses, measure_id: str, sites: list[str], *, since: dt.date | None, threshold: int,
           arrived: set[dt.date] | None, since_label: str) -> Funnel | None:
    """The funnel of `sites` on a proportion or rate measure, or None where it would not help."""
    network = analyses.network
    record = network.measures.get(measure_id)
    if record is None:
        return None
    measure = record.model
    if measure.calculation not in ("proportion", "rate"):
        return None
    per_site: dict[str, list[tuple[dt.date, float, float]]] = {}
    for sid in sites:
        chart = analyses.site_chart(measure_id, sid)
        if chart is None:
            continue
        r = chart.result
        rows = [(day, float(num), float(den)) for day, num, den in zip(chart.dates(), r.numerator, r.denominator)
                if math.isfinite(num) and math.isfinite(den) and den > 0]
        if rows:
            per_site[sid] = rows
    periods = sorted({day for rows in per_site.values() for day, _, _ in rows})
    if not periods:
        return None
    from nictools.reports.cadence import count_periods, period_word

    frequency = measure.frequency
    after = f" after {since_label or 'the convening'}" + (f" ({since.isoformat()})" if since else "")
    if arrived is not None and since is not None:
        window = [p for p in periods if p in arrived]
        rule = (f"the {count_periods(len(window), frequency)} whose data arrived{after}, by commit date"
                if window else "")
    else:
        window = [p for p in periods if since is not None and p > since]
        rule = f"the {count_periods(len(window), frequency)} that start{after}" if window else ""
    if not window:
        window = periods[-RECENT_PERIODS:]
        rule = (f"the latest {count_periods(len(window), frequency)} with data"
                + (f": no {period_word(frequency, 1)}'s data arrived{after}" if since is not None else ""))
    start, end = window[0], window[-1]
    totals: dict[str, tuple[float, float, int]] = {}
    for sid, rows in per_site.items():
        inside = [(num, den) for day, num, den in rows if start <= day <= end]
        if inside:
            totals[sid] = (sum(n for n, _ in inside), sum(d for _, d in inside), len(inside))
    kind = "proportion" if measure.calculation == "proportion" else "rate"
    kept = {sid: t for sid, t in totals.items()
            if t[1] / t[2] >= max(threshold, 1) and t[0] >= threshold and (kind == "rate" or t[1] - t[0] >= threshold)}
    if len(kept) < MIN_SITES:
        return None
    centre = sum(t[0] for t in kept.values()) / sum(t[1] for t in kept.values())
    funnel = Funnel(measure_id, measure.title, kind, start, end, centre, kind == "proportion",
                    measure.multiply or 1.0, measure.direction, left_out=len(totals) - len(kept), rule=rule,
                    frequency=frequency,
                    no_data=[network.sites[s].model.name if s in network.sites else s for s in sites if s not in totals])
    if funnel.centre <= 0 or (kind == "proportion" and funnel.centre >= 1):
        return None  # every site at 0 or 100%: no spread to compare
    values = {sid: num / den for sid, (num, den, _) in kept.items()}
    bases = {sid: den / count for sid, (_, den, count) in kept.items()}
    funnel.phi, funnel.tau2 = overdispersion([values[s] for s in sorted(kept)], [bases[s] for s in sorted(kept)],
                                             centre, kind)
    for sid in sorted(kept):
        low, high = funnel.limits(bases[sid], Z_OUTER)
        value = values[sid]
        position = "above" if value > high else "below" if value < low else "inside"
        site = network.sites[sid].model if sid in network.sites else None
        funnel.sites.append(FunnelSite(sid, site.name if site else sid, site.cluster if site else None,
                                       bases[sid], value, position, "none", periods=kept[sid][2]))
    return funnel
