"""Where a site (or the network) stands on a measure: the one verdict every command reads.

An :class:`Assessment` is computed here, once per site, measure and as-of date, from the
chart's analysis (:mod:`nictools.measurement.charts`), and nowhere else. ``nic chart``,
``nic status``, ``nic compare``, ``nic report`` (tiles, site pages, agenda), ``nic export``
and the diagram overlay print or draw this value; a view that needs something else (an
evidence card's chart aligned on an adoption date) builds a differently named object
and never re-labels this verdict.

The rules, with their sources, are in ``docs/practice.md``:

* **Baseline.** Later points are judged against a frozen baseline: the first
  ``baseline_points`` useful points of the current phase (20 unless the measure or
  ``network.yaml`` says otherwise). With fewer points the baseline is not frozen yet
  and every point is judged against limits from all of them.
* **Too few points.** Fewer than :data:`MIN_POINTS` useful points: no runs rule can
  speak, the signal is ``too-few-points``. Fewer than :data:`MIN_BASELINE`: a run
  chart with its median (the words say there are too few points for limits).
* **Signal.** The points judged are the current phase's points after its baseline (all
  of them while the baseline is not frozen). Their signal points (outside the limits,
  in an unusually long run, in an IHI trend) are read by the measure's direction:
  ``improvement``, ``concern``, ``both`` or ``none``. A measure with no direction of
  improvement (a balancing or context measure) has no improvement or concern: any signal
  on it is ``change``, "a change to look at" (added for #21; the other values are unchanged). ``signal_since`` is the first
  period of the stretch of signal points that the current signal belongs to.
* **A signal is evidence of non-random variation**, not proof that a change worked:
  the words say so.
* **Proposed phase.** A sustained shift (a runs signal on one side that goes on to the
  latest point) against the baseline, with no phase recorded from its start, is
  proposed as a new phase: the team records it, with its reason, if it can explain it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

#: Fewer useful points than this and no rule can speak: the signal is "too-few-points".
MIN_POINTS = 10
#: A baseline needs at least this many useful points; fewer and the chart is a run chart.
MIN_BASELINE = 12
#: The default number of baseline points (network.yaml `settings.baseline_points`).
DEFAULT_BASELINE = 20

SIGNALS = ("improvement", "concern", "both", "none", "too-few-points", "change")

#: The words for each signal, careful on purpose (docs/practice.md).
SIGNAL_WORDS = {
    "improvement": "a signal in the direction of improvement",
    "concern": "a signal against the direction of improvement",
    "both": "signals in both directions",
    "none": "no signal: common-cause variation around the centre line",
    "too-few-points": "too few points yet to judge",
    "change": "a change to look at: a signal on a measure with no direction of improvement",
}

#: Short labels for tables and lists.
SIGNAL_LABELS = {
    "improvement": "improvement signal",
    "concern": "concern signal",
    "both": "signals both ways",
    "none": "no signal",
    "too-few-points": "too few points yet",
    "change": "a change to look at",
}


@dataclass(frozen=True)
class Baseline:
    """The points the current phase's centre line and limits come from."""

    start: dt.date | None
    end: dt.date | None
    points: int
    frozen: bool  # True when later points are judged against it

    def to_json(self) -> dict[str, Any]:
        return {"from": _iso(self.start), "to": _iso(self.end), "points": self.points, "frozen": self.frozen}


@dataclass(frozen=True)
class CurrentPhase:
    """The current part of the chart: where it starts and why (None: the first part)."""

    start: dt.date | None
    reason: str | None

    def to_json(self) -> dict[str, Any]:
        return {"from": _iso(self.start), "reason": self.reason}


@dataclass(frozen=True)
class PhaseProposal:
    """A new phase the data suggest; nic never records it by itself."""

    measure: str
    site: str | None
    start: dt.date
    reason: str

    @property
    def words(self) -> str:
        where = f" at {self.site}" if self.site else " for the network"
        return f"consider a new phase for {self.measure}{where} from {self.start.isoformat()}: {self.reason}"

    @property
    def sentence(self) -> str:
        """:attr:`words` as a sentence, as `nic status`, `nic chart` and the report's agenda print it."""
        text = self.words
        return text[0].upper() + text[1:] + "."

    @property
    def command(self) -> str:
        site = f" --site {self.site}" if self.site else ""
        return f'nic phase add {self.measure}{site} --from {self.start.isoformat()} --reason "…"'

    def to_json(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "reason": self.reason, "words": self.words}


@dataclass(frozen=True)
class Assessment:
    """The verdict on one measure at one site (``site`` None: the network) as of a date.

    ``to_json`` is the ``assessment`` contract: the same object wherever it appears
    (``nic chart``, ``nic status``, ``nic report``, ``nic compare`` with ``--format json``).
    """

    site: str | None
    measure: str
    as_of: dt.date
    chart: str  # the chart type used
    rules: str
    direction: str | None
    baseline: Baseline
    phase: CurrentPhase
    centre: float | None  # for the latest point, in the measure's natural units
    lcl: float | None
    ucl: float | None
    signal: str  # one of SIGNALS
    signal_since: dt.date | None
    words: str
    points: int  # useful points
    last_period: dt.date | None
    proposal: PhaseProposal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "measure": self.measure,
            "as_of": self.as_of.isoformat(),
            "chart": self.chart,
            "rules": self.rules,
            "direction": self.direction,
            "baseline": self.baseline.to_json(),
            "phase": self.phase.to_json(),
            "centre": _number(self.centre),
            "lcl": _number(self.lcl),
            "ucl": _number(self.ucl),
            "signal": self.signal,
            "signal_since": _iso(self.signal_since),
            "points": self.points,
            "last_period": _iso(self.last_period),
            "proposed_phase": self.proposal.to_json() if self.proposal else None,
            "words": self.words,
        }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _number(value: float | None) -> float | None:
    if value is None:
        return None
    return float(f"{value:.10g}")


def judge(
    *,
    kinds: list[str | None],
    periods: list[dt.date],
    useful: list[bool],
    judged_from: int,
    part_start: int,
) -> tuple[str, dt.date | None]:
    """(signal, signal_since) from per-point signal kinds (see the module's rules).

    ``judged_from`` is the first position judged (after the current phase's baseline, or
    the phase's first point while the baseline is not frozen); ``part_start`` the current
    phase's first position, so a stretch of signal points that began before the judged
    points is dated from its own start.
    """
    if sum(useful[part_start:]) < MIN_POINTS and sum(useful) < MIN_POINTS:
        return "too-few-points", None
    seen = {k for k in kinds[judged_from:] if k in ("improvement", "concern", "neither")}
    directional = seen & {"improvement", "concern"}
    if directional == {"improvement", "concern"}:
        signal = "both"
    elif directional:
        signal = directional.pop()
    elif "neither" in seen:
        signal = "change"  # a signal with no direction of improvement: neither good nor bad, a change to look at
    else:
        return "none", None
    wanted = ({"improvement", "concern", "neither"} if signal == "both" else {"neither"} if signal == "change"
              else {signal})
    first = next(i for i in range(judged_from, len(kinds)) if kinds[i] in wanted)
    # walk back over the stretch the first judged signal point belongs to (gaps do not break it)
    i = first
    while i - 1 >= part_start and (kinds[i - 1] in wanted or not useful[i - 1]):
        i -= 1
    while i < first and not useful[i]:
        i += 1
    return signal, periods[i]


def words_for(signal: str, since: dt.date | None, points: int, last: dt.date | None, *, limits: bool,
              reason_no_limits: str | None, frequency_word: str = "points") -> str:
    """One plain sentence for the assessment."""
    if points == 0:
        return "No data yet."
    head = SIGNAL_WORDS[signal]
    if signal == "too-few-points":
        return (f"Too few points yet to judge: {points} useful point{'s' if points != 1 else ''} "
                f"(at least {MIN_POINTS} are needed), the latest {last.isoformat() if last else '?'}.")
    text = head[0].upper() + head[1:]
    if since is not None and signal != "none":
        text += f" since {since.isoformat()}"
    text += f" ({points} points, the latest {last.isoformat() if last else '?'})."
    if signal != "none":
        text += " A signal is evidence of non-random variation, not proof that a change worked."
    if not limits and reason_no_limits:
        text += f" {reason_no_limits}"
    return text


__all__ = [
    "Assessment", "Baseline", "CurrentPhase", "DEFAULT_BASELINE", "MIN_BASELINE", "MIN_POINTS", "PhaseProposal",
    "SIGNALS", "SIGNAL_LABELS", "SIGNAL_WORDS", "judge", "words_for",
]
