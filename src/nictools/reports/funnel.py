"""A funnel plot of the sites on the network's outcome: each site's recent proportion
(or rate) against how many it is based on, inside control limits around the network's
pooled value that narrow as the base grows.

A funnel compares sites without ranking them: a site outside the 99.8% limits differs
by more than chance explains (Spiegelhalter 2005, "Funnel plots for comparing
institutional performance"). Limits use the normal approximation to the binomial for
proportions (p ± z·√(p(1−p)/n)) and to the Poisson for rates (u ± z·√(u/n)), as
qicharts2's p and u charts do. A site whose base, numerator or (for a proportion) the
difference between them is below the small-cell threshold is left out: its value and base
side by side would give the small count back.
"""

from __future__ import annotations

import datetime as dt

from nictools.model.network import Network
from nictools.reports.model import Z_OUTER, Funnel, FunnelSite
from nictools.reports.series import prepare

#: Without a convening to start from, the window is the latest this many periods with data.
RECENT_PERIODS = 8
#: Fewer sites than this and a funnel does not help.
MIN_SITES = 3


def build_funnel(network: Network, measure_id: str, sites: list[str], *, as_of: dt.date,
                 since: dt.date | None, threshold: int) -> Funnel | None:
    """The funnel of `sites` on a proportion or rate measure, or None where it would not help."""
    record = network.measures.get(measure_id)
    if record is None:
        return None
    measure = record.model
    if measure.calculation not in ("proportion", "rate"):
        return None
    prepared = {}
    for sid in sites:
        rows = prepare(network.data.get((sid, measure_id)), as_of)
        if rows is not None and rows.kind == "ratio":
            prepared[sid] = [r for r in rows.rows if r.denominator]
    periods = sorted({r.period for rows in prepared.values() for r in rows})
    if not periods:
        return None
    window = [p for p in periods if since is not None and p > since]
    if not window:
        window = periods[-RECENT_PERIODS:]
    start, end = window[0], window[-1]
    totals: dict[str, tuple[float, float]] = {}
    for sid, rows in prepared.items():
        inside = [r for r in rows if start <= r.period <= end]
        if inside:
            totals[sid] = (sum(r.numerator or 0.0 for r in inside), sum(r.denominator or 0.0 for r in inside))
    floor = max(threshold, 1)
    kind = "proportion" if measure.calculation == "proportion" else "rate"
    kept = {sid: (num, den) for sid, (num, den) in totals.items()
            if den >= floor and num >= threshold and (kind == "rate" or den - num >= threshold)}
    if len(kept) < MIN_SITES:
        return None
    numerator = sum(t[0] for t in kept.values())
    base = sum(t[1] for t in kept.values())
    funnel = Funnel(measure_id, measure.title, kind, start, end, numerator / base, kind == "proportion",
                    measure.multiply or 1.0, measure.direction, left_out=len(totals) - len(kept),
                    no_data=[network.sites[s].model.name if s in network.sites else s for s in sites if s not in totals])
    if funnel.centre <= 0 or (kind == "proportion" and funnel.centre >= 1):
        return None  # every site at 0 or 100%: no spread to compare
    for sid, (num, den) in sorted(kept.items()):
        value = num / den
        low, high = funnel.limits(den, Z_OUTER)
        position = "above" if value > high else "below" if value < low else "inside"
        good = "up" if measure.direction == "up" else "down"
        reading = "none" if position == "inside" else (
            "improvement" if (position == "above") == (good == "up") else "concern")
        site = network.sites[sid].model if sid in network.sites else None
        funnel.sites.append(FunnelSite(sid, site.name if site else sid, site.cluster if site else None, den, value,
                                       position, reading))
    return funnel
