"""The report as plain data: dataclasses a renderer reads and `--format json` prints.

Counts in here are already masked (`privacy.mask_count`): a renderer cannot leak a
small cell because it never sees one. Dates are `datetime.date`; `to_json` turns them
into ISO strings.
"""

from __future__ import annotations

import dataclasses
import json
import math
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from nictools.measurement.assessment import Assessment
from nictools.measurement.strata import StratumAssessment
from nictools.reports.privacy import Masked

#: How a series' signals read, given the measure's direction of improvement.
SIGNAL_WORDS = {
    "improvement": "improvement signal",
    "concern": "concern signal",
    "both": "signals both ways",
    "change": "a change to look at",
    "none": "no signal",
    "too_few": "too few points yet",
    "no_data": "no data",
}


@dataclass
class Point:
    x: Any  # a date, or weeks since adoption on an aligned chart
    value: float | None
    centre: float | None = None
    lcl: float | None = None
    ucl: float | None = None
    signal: str | None = None  # improvement / concern / neither
    numerator: Masked = None
    denominator: Masked = None
    part: int = 1
    baseline: bool = True


@dataclass
class Marker:
    """Something to mark on a chart: a cycle (a span), a phase start, an adoption."""

    x: Any
    label: str
    kind: str  # cycle / phase / adoption / convening / note / decision
    end: Any = None
    detail: str = ""


@dataclass
class Series:
    """One chart: a measure at a site, or across the network, analysed."""

    title: str
    measure: str
    unit: str
    direction: str
    chart: str
    points: list[Point] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    x_kind: str = "date"  # "date" or "weeks" (weeks since adoption)
    percent: bool = False
    goal: float | None = None
    status: str = "no_data"  # a key of SIGNAL_WORDS (from the assessment)
    notes: list[str] = field(default_factory=list)
    site: str | None = None
    assessment: Any = None  # nictools.measurement.assessment.Assessment: the verdict this chart shows
    stratum_assessment: Any = None  # nictools.measurement.strata.StratumAssessment: a stratum chart's verdict

    @property
    def status_words(self) -> str:
        return SIGNAL_WORDS.get(self.status, self.status)

    def latest(self) -> float | None:
        for p in reversed(self.points):
            if p.value is not None:
                return p.value
        return None


@dataclass
class SiteSignal:
    site: str
    name: str
    cluster: str | None
    cohort: str | None
    status: str  # a key of SIGNAL_WORDS
    series: Series | None = None


@dataclass
class ReportingChange:
    period: dt.date
    joined: list[str]
    left: list[str]
    reporting: int


#: z for a funnel's inner (95%) and outer (99.8%) limits.
Z_INNER = 1.96
Z_OUTER = 3.09


@dataclass
class FunnelSite:
    site: str
    name: str
    cluster: str | None
    base: float  # the mean denominator per period over the window (students, not student-weeks)
    value: float  # the site's proportion or rate, pooled over the window
    position: str  # "inside", "above" or "below" the expected range (99.8% limits, overdispersion-adjusted)
    reading: str = "none"  # kept for old readers: always "none" (a funnel compares, it does not judge)
    periods: int = 0  # periods in the window


@dataclass
class Funnel:
    measure: str
    title: str
    kind: str  # "proportion" or "rate"
    start: dt.date
    end: dt.date
    centre: float
    percent: bool
    multiply: float
    direction: str
    sites: list[FunnelSite] = field(default_factory=list)
    left_out: int = 0  # sites below the small-cell threshold
    no_data: list[str] = field(default_factory=list)  # sites with no data in the window
    phi: float = 1.0  # the dispersion of the sites' z-scores (Spiegelhalter 2005)
    tau2: float = 0.0  # the between-site variance added to every limit (0: no overdispersion)
    method: str = "Spiegelhalter (2005) additive random-effects limits, z-scores winsorised at 10%"
    rule: str = ""  # which periods the window covers, and why (by arrival, by period, or the latest)
    frequency: str = ""  # the measure's frequency: the words say months for monthly data

    def limits(self, base: float, z: float) -> tuple[float, float]:
        """The lower and upper limit at a base of `base`, clipped to possible values."""
        var = (self.centre * (1 - self.centre) if self.kind == "proportion" else self.centre) / base
        spread = z * math.sqrt(var + self.tau2)
        high = min(1.0, self.centre + spread) if self.kind == "proportion" else self.centre + spread
        return max(0.0, self.centre - spread), high


@dataclass
class SummaryCell:
    """One site and measure in the Making Data Count summary (from the assessment)."""

    variation: str  # measurement.mdc.VARIATION_WORDS key
    assurance: str | None  # measurement.mdc.ASSURANCE_WORDS key
    words: str


@dataclass
class SummaryRow:
    site: str
    name: str
    cluster: str | None
    cells: dict[str, SummaryCell] = field(default_factory=dict)


@dataclass
class NetworkSection:
    name: str
    hub: str
    description: str | None
    aim_title: str | None
    aim_statement: str | None
    baseline: str | None
    target: str | None
    measure: str | None
    measure_title: str | None
    measure_definition: str | None
    series: Series | None
    reporting_changes: list[ReportingChange] = field(default_factory=list)
    sites: list[SiteSignal] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    funnel: Funnel | None = None
    summary_measures: list[str] = field(default_factory=list)  # the columns of the Making Data Count summary
    summary: list[SummaryRow] = field(default_factory=list)
    frequency: str = ""  # the outcome measure's frequency: the words count its periods (months, weeks)
    withdrawn: list[str] = field(default_factory=list)  # names of withdrawn sites left out of the tiles and funnel


@dataclass
class Happening:
    """One thing that happened since the last convening."""

    date: dt.date | None
    site: str | None
    kind: str  # cycle / prediction / decision / idea-new / idea-retired / idea-status / diagram
    text: str
    detail: str = ""
    ref: str = ""


@dataclass
class MeasureArrived:
    """Data of one measure that arrived in the window (by commit date, whatever period it is for)."""

    measure: str
    title: str
    frequency: str  # the measure's frequency (weekly, monthly, ...)
    rows: int
    sites: int
    periods: int  # distinct periods the rows are for
    first: dt.date | None  # the earliest and latest of those periods
    last: dt.date | None


@dataclass
class SinceSection:
    since_label: str
    since_date: dt.date | None
    as_of: dt.date
    source: str  # "history" (git) or "files" (dates written in the files)
    cycles_run: int = 0
    cycles_planned: int = 0
    predictions: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)
    happenings: list[Happening] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: list[MeasureArrived] = field(default_factory=list)  # rows that arrived in the window, by measure
    data_rows: int = 0
    data_sites: int = 0
    data_rule: str = ""  # how arrivals are dated ("by the commit that added each row")


@dataclass
class SiteInvolvement:
    site: str
    name: str
    cluster: str | None
    cohort: str | None
    context: str
    state: str  # adopted / adapted / testing / planned / abandoned
    cycles: list[str] = field(default_factory=list)
    first_test: dt.date | None = None
    adopted_on: dt.date | None = None
    largest_scale: str = ""
    abandon_reason: str | None = None
    process: str = "none"  # reliable / not_yet / none
    process_words: str = ""
    outcome_after: str = "no_data"  # the site chart's signal points after adoption: improvement/concern/both/none/too_few
    balancing: list[str] = field(default_factory=list)
    balancing_concerns: list[str] = field(default_factory=list)  # balancing measures with a concern after adoption
    confounded_with: list[str] = field(default_factory=list)  # other ideas adopted at the site in the window
    criteria: list[str] = field(default_factory=list)  # the criteria this site does not meet, in words
    lines_up: bool = False  # meets every criterion


@dataclass
class EvidenceCard:
    idea: str
    title: str
    description: str
    status: str
    origin_site: str | None
    drivers: list[str]
    sites: list[SiteInvolvement] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    largest_scale: str = ""
    predictions: dict[str, int] = field(default_factory=dict)
    process_measures: list[str] = field(default_factory=list)
    balancing_measures: list[str] = field(default_factory=list)
    aligned: list[Series] = field(default_factory=list)
    aligned_balancing: list[Series] = field(default_factory=list)  # balancing measures, beside each outcome view
    window_rule: str = ""  # which periods the evidence window covers, in the outcome's own periods
    abandon_reasons: list[tuple[str, str]] = field(default_factory=list)
    verdict: str = ""  # evidence / promising / mixed / not_yet / no_improvement / testing / untested
    verdict_words: str = ""
    missing: list[str] = field(default_factory=list)
    conditions_worked: list[str] = field(default_factory=list)
    conditions_did_not_work: list[str] = field(default_factory=list)


@dataclass
class SpreadRow:
    idea: str
    title: str
    origin_site: str | None
    adopting_sites: int
    beyond_origin: int
    by_cluster: dict[str, int] = field(default_factory=dict)
    by_cohort: dict[str, int] = field(default_factory=dict)
    first_test: dt.date | None = None
    first_adoption: dt.date | None = None
    weeks_to_adoption: float | None = None
    median_weeks_to_adoption: float | None = None


@dataclass
class SpreadSection:
    rows: list[SpreadRow] = field(default_factory=list)
    ideas: list[str] = field(default_factory=list)
    sites: list[tuple[str, str, str | None]] = field(default_factory=list)  # id, name, cluster
    matrix: dict[str, dict[str, str]] = field(default_factory=dict)  # site -> idea -> state


@dataclass
class RampStep:
    cycle: str
    title: str
    date: dt.date | None
    scale: str
    decision: str | None
    rank: int = 0


@dataclass
class Completeness:
    measure: str
    expected: int
    present: int
    missing_recent: int = 0
    frequency: str = ""  # the measure's frequency: "months in", not "weeks in", for monthly data

    @property
    def share(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass
class PlannedCycle:
    cycle: str
    title: str
    start: dt.date | None
    scale: str = ""
    note: str = ""


@dataclass
class StrataBlock:
    """A measure at a site with stratum rows: the whole group and each stratum (one scale)."""

    measure: str
    title: str
    total: Series
    strata: list[Series] = field(default_factory=list)
    equity: list[str] = field(default_factory=list)  # the aim's equity promise per stratum, in words


@dataclass
class SitePage:
    site: str
    name: str
    cluster: str | None
    cohort: str | None
    context: str
    coach: str | None
    status: str
    aim_statement: str | None
    aim_baseline: str | None
    aim_target: str | None
    outcome: Series | None
    process: Series | None
    testing: list[str] = field(default_factory=list)
    ramp: list[RampStep] = field(default_factory=list)
    learning: str | None = None
    learning_cycle: str | None = None
    learning_date: dt.date | None = None
    next_cycles: list[PlannedCycle] = field(default_factory=list)
    completeness: list[Completeness] = field(default_factory=list)
    ask: str | None = None
    last_activity: dt.date | None = None
    flags: list[str] = field(default_factory=list)  # provenance flags (hub only)
    strata: list[StrataBlock] = field(default_factory=list)
    balancing: list[Series] = field(default_factory=list)  # the site's balancing measures, charted beside the outcome


@dataclass
class Match:
    idea: str
    title: str
    sites: list[tuple[str, str]]  # (site, "testing" | "planning")


@dataclass
class FailedPrediction:
    site: str
    cycle: str
    date: dt.date | None
    question: str
    prediction: str
    notes: str
    result: str


@dataclass
class ProposedPhase:
    """A sustained shift nic proposes as a new phase (the assessment's proposal, same words)."""

    site: str
    measure: str
    start: dt.date
    reason: str
    words: str  # PhaseProposal.sentence: the same sentence `nic status` and `nic chart` print
    command: str  # the `nic phase add` that records it


@dataclass
class BalancingConcern:
    """An evidence card's balancing measure with a concern after adoption at a site."""

    idea: str
    title: str
    site: str
    measure: str
    words: str  # "TEACHER-MIN: concern since 2026-01-12 (9 points)"


@dataclass
class AgendaSection:
    phases: list[ProposedPhase] = field(default_factory=list)
    balancing: list[BalancingConcern] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    failed: list[FailedPrediction] = field(default_factory=list)
    incomplete: list[tuple[str, str, float]] = field(default_factory=list)  # site, measure, share
    quiet: list[tuple[str, dt.date | None, str]] = field(default_factory=list)  # site, last activity, how long
    quiet_rule: str = ""  # the silence that counts as quiet (reports.cadence), e.g. "2 months (OUT)"
    withdrawn: list[str] = field(default_factory=list)  # withdrawn sites: listed once, never quiet
    asks: list[tuple[str, str]] = field(default_factory=list)
    provenance: list[tuple[str, str, str]] = field(default_factory=list)  # hub only: site, cycle, why


@dataclass
class DiagramNode:
    id: str
    title: str
    level: str  # aim / primary / secondary / idea
    status: str
    children: list[str] = field(default_factory=list)
    overlay: dict[str, int] = field(default_factory=dict)  # idea: sites per state


@dataclass
class DiagramSection:
    aim: str | None
    nodes: dict[str, DiagramNode] = field(default_factory=dict)
    roots: list[str] = field(default_factory=list)
    svg: str | None = None  # from the diagram renderer, when it is installed
    revisions: list[tuple[dt.date, str, str]] = field(default_factory=list)


@dataclass
class Report:
    network: NetworkSection
    since: SinceSection
    evidence: list[EvidenceCard]
    spread: SpreadSection
    sites: list[SitePage]
    agenda: AgendaSection
    diagram: DiagramSection | None
    as_of: dt.date
    small_cell_threshold: int
    hub: bool = False
    site_filter: str | None = None
    notes: list[str] = field(default_factory=list)
    version: str = ""
    site_names: dict[str, str] = field(default_factory=dict)  # every site, also those without a page
    site_pages: str = "all"  # which sites got a page: all, signals or none (`--site-pages`)
    site_pages_total: int = 0  # the sites that could have had one

    def to_json(self) -> dict[str, Any]:
        """The report as plain data, every part at once (`iter_json` writes the same text in pieces)."""
        shared = _shared_series(self)
        out: dict[str, Any] = {"report": 1}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            out[f.name] = _network_plain(value, shared) if f.name == "network" else _plain(value)
        return out

    def iter_json(self, indent: int = 1) -> Iterator[str]:
        """`json.dumps(self.to_json(), indent=indent, ensure_ascii=False)`, in pieces of about 256 kB.

        The report's dataclasses are written as JSON text directly (`_JsonWriter`), without first
        becoming plain dicts and lists and without the json module's pure-Python indenting encoder
        (a generator step per token: it was most of `--format json` at 1,000 sites). The top
        levels (the network section, its site tiles, each evidence card, each site page) are
        walked one member at a time, so memory follows the largest member, not the whole report."""
        writer = _JsonWriter(indent)
        shared = _shared_series(self)
        fields = {"report": 1}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            fields[f.name] = _network_members(value, shared) if f.name == "network" else value
        buffer: list[str] = []
        size = 0
        for chunk in writer.chunks(fields, 0, depth=3):
            buffer.append(chunk)
            size += len(chunk)
            if size > 1 << 18:
                yield "".join(buffer)
                buffer, size = [], 0
        buffer.append("\n")
        yield "".join(buffer)


class _JsonWriter:
    """The text `json.dumps(_plain(value), indent=indent, ensure_ascii=False)` gives, written in one pass.

    `_plain`'s rules (dataclasses by field with a series' `status_words` and a completeness's
    `share`, dates as ISO text, NaN as null, tuples as lists, keys as text, an assessment by its
    own `to_json`) and the json module's layout (a member a line, `", "`-free separators `","`
    and `": "`, `[]` and `{}` when empty, `NaN`/`Infinity` in what `to_json` returns)."""

    def __init__(self, indent: int) -> None:
        self.indent = indent
        self.pads: list[str] = []
        self._layouts: dict[tuple[type, int], Any] = {}

    def pad(self, level: int) -> str:
        pads = self.pads
        while len(pads) <= level:
            pads.append("\n" + " " * (self.indent * len(pads)))
        return pads[level]

    def chunks(self, value: Any, level: int, depth: int) -> Iterator[str]:
        """The text of `value` in pieces: a piece per member down to `depth` levels, each member below whole."""
        members = _members(value) if depth > 0 else None
        if members is None:
            out: list[str] = []
            self.write(value, level, out)
            yield "".join(out)
            return
        pairs, is_dict = members
        if not pairs:
            yield "{}" if is_dict else "[]"
            return
        inner = self.pad(level + 1)
        yield "{" if is_dict else "["
        for i, pair in enumerate(pairs):
            if is_dict:
                key, item = pair
                yield ("," if i else "") + inner + _encode_str(key) + ": "
            else:
                item = pair
                yield ("," if i else "") + inner
            yield from self.chunks(item, level + 1, depth - 1)
        yield self.pad(level) + ("}" if is_dict else "]")

    def write(self, value: Any, level: int, out: list[str]) -> None:
        """Append the text of `value` (as `_plain` makes it plain) to `out`."""
        kind = type(value)
        if kind is str:
            out.append(_encode_str(value))
        elif value is None:
            out.append("null")
        elif kind is float:
            out.append("null" if value != value else _float_text(value))
        elif kind is int:
            out.append(int.__repr__(value))
        elif kind is bool:
            out.append("true" if value else "false")
        elif kind is list or kind is tuple:
            if not value:
                out.append("[]")
                return
            inner = self.pad(level + 1)
            out.append("[")
            first = True
            for item in value:
                out.append(inner if first else "," + inner)
                first = False
                self.write(item, level + 1, out)
            out.append(self.pad(level) + "]")
        elif kind is dict:
            self._write_pairs([(str(k), v) for k, v in value.items()], level, out)
        elif kind is dt.date or kind is dt.datetime:
            out.append(_encode_str(value.isoformat()))
        else:
            layout = self._layouts.get((kind, level))
            if layout is None:
                layout = self._layouts[(kind, level)] = self._layout(kind, level)
            if layout:
                self._write_object(value, layout, level, out)
            elif isinstance(value, (Assessment, StratumAssessment)):
                self.raw(value.to_json(), level, out)
            else:  # subclasses of the above, or anything else: exactly as `_plain` and json would
                self.raw(_plain(value), level, out)

    def _layout(self, kind: type, level: int) -> tuple[tuple[str, ...], tuple[str, ...], str] | tuple[()]:
        """A dataclass's member names with the text before each (at `level`) and after the last; () if not one."""
        if not dataclasses.is_dataclass(kind) or issubclass(kind, (Assessment, StratumAssessment)):
            return ()
        names = _member_names(kind)
        inner = self.pad(level + 1)
        heads = tuple(("," if i else "{") + inner + _encode_str(name) + ": " for i, name in enumerate(names))
        return names, heads, self.pad(level) + "}"

    def _write_object(self, value: Any, layout: tuple[tuple[str, ...], tuple[str, ...], str], level: int,
                      out: list[str]) -> None:
        names, heads, closing = layout
        if not names:
            out.append("{}")
            return
        for name, head in zip(names, heads):
            out.append(head)
            item = getattr(value, name)
            kind = type(item)
            if kind is float:  # finite (x - x is 0) in its shortest form, else NaN as null, infinities
                out.append(_float_repr(item) if item - item == 0.0 else "null" if item != item else _float_text(item))
            elif kind is str:
                out.append(_encode_str(item))
            elif item is None:
                out.append("null")
            else:
                self.write(item, level + 1, out)
        out.append(closing)

    def _write_pairs(self, pairs: list[tuple[str, Any]], level: int, out: list[str]) -> None:
        if not pairs:
            out.append("{}")
            return
        inner = self.pad(level + 1)
        out.append("{")
        first = True
        for key, item in pairs:
            out.append((inner if first else "," + inner) + _encode_str(key) + ": ")
            first = False
            self.write(item, level + 1, out)
        out.append(self.pad(level) + "}")

    def raw(self, value: Any, level: int, out: list[str]) -> None:
        """Append the text the json module gives for already plain data (`to_json`'s output: NaN stays NaN)."""
        if isinstance(value, str):
            out.append(_encode_str(value))
        elif value is None:
            out.append("null")
        elif value is True or value is False:
            out.append("true" if value else "false")
        elif isinstance(value, int):
            out.append(int.__repr__(value))
        elif isinstance(value, float):
            out.append(_float_text(value))
        elif isinstance(value, (list, tuple)):
            if not value:
                out.append("[]")
                return
            inner = self.pad(level + 1)
            out.append("[")
            for i, item in enumerate(value):
                out.append("," + inner if i else inner)
                self.raw(item, level + 1, out)
            out.append(self.pad(level) + "]")
        elif isinstance(value, dict):
            if not value:
                out.append("{}")
                return
            inner = self.pad(level + 1)
            out.append("{")
            for i, (key, item) in enumerate(value.items()):
                out.append(("," + inner if i else inner) + _key_text(key) + ": ")
                self.raw(item, level + 1, out)
            out.append(self.pad(level) + "}")
        else:
            out.append(json.dumps(value))  # raises the json module's TypeError, as json.dumps did


_encode_str = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False
_float_repr = float.__repr__  # what json.dumps writes for a finite float
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _float_text(value: float) -> str:
    if value != value:
        return "NaN"
    if value == math.inf:
        return "Infinity"
    if value == -math.inf:
        return "-Infinity"
    return float.__repr__(value)


def _key_text(key: Any) -> str:
    """A dict key as the json module writes it: text as is; numbers, booleans and None as their JSON text."""
    if isinstance(key, str):
        text = key
    elif key is True or key is False or key is None:
        text = {True: "true", False: "false", None: "null"}[key]
    elif isinstance(key, int):
        text = int.__repr__(key)
    elif isinstance(key, float):
        text = _float_text(key)
    else:
        raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
    return _encode_str(text)


def _member_names(kind: type) -> tuple[str, ...]:
    """A dataclass's members in `_plain`'s order: its fields, then a series' words or a completeness's share."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(kind))
        if issubclass(kind, Series):
            names += ("status_words",)
        if issubclass(kind, Completeness):
            names += ("share",)
        _FIELD_NAMES[kind] = names
    return names


def _dataclass_pairs(value: Any) -> list[tuple[str, Any]]:
    """(name, value) of a dataclass's members, as `_plain` writes them."""
    return [(name, getattr(value, name)) for name in _member_names(type(value))]


def _members(value: Any) -> tuple[list[Any], bool] | None:
    """(members, is a JSON object) of a value `_JsonWriter.chunks` walks one member at a time; None: a leaf."""
    if isinstance(value, (Assessment, StratumAssessment)):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _dataclass_pairs(value), True
    if type(value) is dict:
        return [(str(k), v) for k, v in value.items()], True
    if type(value) in (list, tuple):
        return list(value), False
    return None


def _shared_series(report: Report) -> dict[str, int]:
    """Site -> index of its page, for the network tiles whose series is the page's outcome series.

    A site's outcome chart used to be written twice, in its network tile and on its site page;
    the tile now names the page's series (`{"title": ..., "same_as": "sites[3].outcome"}`)."""
    pages = {page.site: (j, page) for j, page in enumerate(report.sites)}
    shared: dict[str, int] = {}
    for tile in report.network.sites:
        found = pages.get(tile.site)
        if tile.series is None or found is None or found[1].outcome is None:
            continue
        j, page = found
        mine, theirs = _plain(tile.series), _plain(page.outcome)
        mine.pop("title"), theirs.pop("title")
        if mine == theirs:
            shared[tile.site] = j
    return shared


def _network_plain(section: Any, shared: dict[str, int]) -> Any:
    """The network section as plain data, a tile's series that a site page holds named, not repeated."""
    out = _plain(dataclasses.replace(section, sites=[]))
    tiles = []
    for tile in section.sites:
        if tile.site in shared and tile.series is not None:
            plain = _plain(dataclasses.replace(tile, series=None))
            plain["series"] = {"title": tile.series.title, "same_as": f"sites[{shared[tile.site]}].outcome"}
            tiles.append(plain)
        else:
            tiles.append(_plain(tile))
    out["sites"] = tiles
    return out


def _network_members(section: Any, shared: dict[str, int]) -> dict[str, Any]:
    """The network section as `_network_plain` gives it, its members left as they are (for `_JsonWriter`)."""
    members = dict(_dataclass_pairs(section))
    tiles: list[Any] = []
    for tile in section.sites:
        if tile.site in shared and tile.series is not None:
            pairs = dict(_dataclass_pairs(tile))
            pairs["series"] = {"title": tile.series.title, "same_as": f"sites[{shared[tile.site]}].outcome"}
            tiles.append(pairs)
        else:
            tiles.append(tile)
    members["sites"] = tiles
    return members


def _plain(value: Any) -> Any:
    if isinstance(value, (Assessment, StratumAssessment)):
        return value.to_json()  # the one `assessment` (and `stratum_assessment`) contract, wherever it appears
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, Series):
            out["status_words"] = value.status_words
        if isinstance(value, Completeness):
            out["share"] = value.share
        return out
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value != value:
        return None
    return value
