"""The network as tidy tables: one row per observation, one column per variable.

Every table is plain data (a tuple per row) plus a spec of its columns (name, type,
description), its primary key and its foreign keys; the writers (CSV, xlsx, SQLite)
only translate types. Ids are the keys (`site_id`, `measure_id`, `change_idea_id`;
a cycle is `(site_id, cycle_id)` because cycle ids repeat across sites), names are
snake_case, and lists become link tables (`cycle_change_ideas`, ...).

Privacy: counts (numerators, denominators, `n`, students in a cycle's scale) below the
small-cell threshold go through `reports.privacy.mask_count` as in the report; a
masked count is left empty and the row's `masked` column is true. A ratio's numerator
and denominator are masked together (`reports.privacy.mask_pair`: either one, or their
difference, below the threshold), and so is the proportion computed from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterable

from nictools.export.materials import is_url
from nictools.model.change_idea import ChangeIdea
from nictools.model.network import Network
from nictools.model.pdsa import Cycle, Scale
from nictools.reports.privacy import is_masked, mask_count, mask_pair

#: Column types, named as Frictionless Table Schema names them.
TYPES = ("string", "integer", "number", "boolean", "date", "datetime")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    description: str


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass
class Table:
    """One tidy table: its spec and its rows (tuples in column order)."""

    name: str
    description: str
    columns: list[Column]
    primary_key: tuple[str, ...] = ()
    foreign_keys: list[ForeignKey] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass
class Dataset:
    """Every table of one export, in a fixed order, plus notes for the user."""

    tables: list[Table]
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


def _c(name: str, type_: str, description: str) -> Column:
    assert type_ in TYPES, type_
    return Column(name, type_, description)


def _fk(columns: str, table: str, references: str | None = None) -> ForeignKey:
    cols = tuple(columns.split(","))
    return ForeignKey(cols, table, tuple((references or columns).split(",")))


_MASKED = _c("masked", "boolean", "True when a count in this row was below the small-cell threshold and is left "
                                 "empty (see meta: small_cell_threshold).")

# --- the catalogue: every table's spec ------------------------------------------------------

SPECS: dict[str, Table] = {t.name: t for t in [
    Table("meta", "About this export: the nictools version, the network, the as-of revision and date, "
          "when it was made, the small-cell threshold and notes.",
          [_c("key", "string", "What the value is."), _c("value", "string", "The value, as text.")], ("key",)),
    Table("clusters", "Research Action Clusters: groups of sites working on one primary driver.",
          [_c("cluster_id", "string", "The cluster's id."), _c("name", "string", "Its name."),
           _c("primary_driver_id", "string", "The primary driver it works on (drivers.driver_id)."),
           _c("description", "string", "What it does.")],
          ("cluster_id",), [_fk("primary_driver_id", "drivers", "driver_id")]),
    Table("drivers", "The driver diagram's drivers, primary and secondary.",
          [_c("driver_id", "string", "The driver's id."), _c("level", "string", "primary or secondary."),
           _c("title", "string", "Its title."), _c("description", "string", "Its description."),
           _c("status", "string", "active, proposed or retired."),
           _c("retired_on", "date", "When it was retired.")],
          ("driver_id",)),
    Table("driver_links", "Which primary drivers each secondary driver feeds (many-to-many).",
          [_c("secondary_driver_id", "string", "The secondary driver (drivers.driver_id)."),
           _c("primary_driver_id", "string", "A primary driver it feeds (drivers.driver_id).")],
          ("secondary_driver_id", "primary_driver_id"),
          [_fk("secondary_driver_id", "drivers", "driver_id"), _fk("primary_driver_id", "drivers", "driver_id")]),
    Table("aims", "The network aim and the site aims nested under it.",
          [_c("aim_id", "string", "The aim's id."), _c("title", "string", "Its title."),
           _c("statement", "string", "What, for whom, how much, by when."),
           _c("parent_aim_id", "string", "The aim it is nested under (aims.aim_id)."),
           _c("site_id", "string", "For a site aim: the site (sites.site_id)."),
           _c("outcome_measure_id", "string", "Its outcome measure (measures.measure_id)."),
           _c("population", "string", "Who the aim is for."),
           _c("baseline_start", "date", "First day of the baseline period."),
           _c("baseline_end", "date", "Last day of the baseline period."),
           _c("baseline_value", "number", "The measure's value over the baseline (a proportion as 0-1)."),
           _c("target_value", "number", "The value the aim commits to (a proportion as 0-1)."),
           _c("target_date", "date", "By when."), _c("status", "string", "active, proposed or retired.")],
          ("aim_id",), [_fk("parent_aim_id", "aims", "aim_id"), _fk("site_id", "sites"),
                        _fk("outcome_measure_id", "measures", "measure_id")]),
    Table("sites", "The sites: schools, districts or universities in the network.",
          [_c("site_id", "string", "The site's id (its folder under sites/)."), _c("name", "string", "Its name."),
           _c("cluster_id", "string", "Its cluster (clusters.cluster_id)."),
           _c("level", "string", "elementary, middle, high, k12, district, postsecondary or other."),
           _c("size_band", "string", "small, medium or large."),
           _c("setting", "string", "urban, suburban, rural or town."),
           _c("joined", "date", "When it joined the network."), _c("cohort", "string", "The cohort it joined with."),
           _c("status", "string", "active, paused or withdrawn."), _c("coach", "string", "Its improvement coach."),
           _c("ask", "string", "What the team asks of the network right now.")],
          ("site_id",), [_fk("cluster_id", "clusters")]),
    Table("measures", "The measures and their operational definitions.",
          [_c("measure_id", "string", "The measure's id."), _c("title", "string", "Its title."),
           _c("type", "string", "outcome, driver, process or balancing."),
           _c("calculation", "string", "count, proportion, rate or mean."),
           _c("definition", "string", "The operational definition."),
           _c("numerator_definition", "string", "What the numerator counts."),
           _c("denominator_definition", "string", "What the denominator counts."),
           _c("unit", "string", "What one value means."),
           _c("multiply", "number", "Rates are shown per this many."),
           _c("frequency", "string", "daily, weekly, monthly, quarterly or yearly."),
           _c("direction", "string", "Which way is improvement: up or down."),
           _c("chart_type", "string", "The chart (qicharts2's names: run, i, p, u, ...)."),
           _c("chart_rules", "string", "The run-chart rules: anhoej or ihi."),
           _c("baseline_until", "date", "The centre line is frozen on data up to this period."),
           _c("scope", "string", "network or site."), _c("goal", "number", "The goal line (a proportion as 0-1)."),
           _c("status", "string", "active, proposed or retired."),
           _c("retired_on", "date", "When it was retired.")],
          ("measure_id",)),
    Table("data_points", "Measurement data in long format: one row per row of a site's data file.",
          [_c("site_id", "string", "The site (sites.site_id)."),
           _c("measure_id", "string", "The measure (measures.measure_id)."),
           _c("period", "date", "The first day of the period."),
           _c("subgroup", "string", "A subgroup within the site (an advisory, a grade), if any."),
           _c("stratum", "string", "An equity stratum reported separately, if any."),
           _c("value", "number", "The value; for numerator/denominator rows, numerator / denominator "
                                 "(a proportion 0-1, not multiplied)."),
           _c("numerator", "number", "The numerator (empty when masked or missing)."),
           _c("denominator", "number", "The denominator (empty when masked or missing)."),
           _c("n", "number", "For means: how many the value averages (empty when masked or missing)."),
           _MASKED,
           _c("note", "string", "The row's note."),
           _c("line", "integer", "The row's line in sites/<site_id>/data/<measure_id>.csv.")],
          ("site_id", "measure_id", "line"), [_fk("site_id", "sites"), _fk("measure_id", "measures")]),
    Table("change_ideas", "Change ideas: concrete changes to practice that might move a driver.",
          [_c("change_idea_id", "string", "The change idea's id."), _c("title", "string", "Its title."),
           _c("description", "string", "What to do."),
           _c("status", "string", "idea, testing, implementing, ready_to_spread or retired."),
           _c("origin_site_id", "string", "Where it came from (sites.site_id)."),
           _c("adapted_from_id", "string", "The change idea it adapts (change_ideas.change_idea_id)."),
           _c("retired_on", "date", "When it was retired."),
           _c("evidence", "string", "Where the idea comes from: research, practice, another network.")],
          ("change_idea_id",), [_fk("origin_site_id", "sites", "site_id"),
                                _fk("adapted_from_id", "change_ideas", "change_idea_id")]),
    Table("change_idea_drivers", "Which drivers each change idea acts on (many-to-many).",
          [_c("change_idea_id", "string", "The change idea (change_ideas.change_idea_id)."),
           _c("driver_id", "string", "A driver it acts on (drivers.driver_id).")],
          ("change_idea_id", "driver_id"), [_fk("change_idea_id", "change_ideas"), _fk("driver_id", "drivers")]),
    Table("change_idea_materials", "Handouts, templates and links of each change idea.",
          [_c("change_idea_id", "string", "The change idea (change_ideas.change_idea_id)."),
           _c("position", "integer", "Its place in the list (1 for the first)."),
           _c("title", "string", "The material's title."),
           _c("link", "string", "A web address or a path inside the repository."),
           _c("link_kind", "string", "url or path.")],
          ("change_idea_id", "position"), [_fk("change_idea_id", "change_ideas")]),
    Table("change_idea_conditions", "Conditions where a change idea worked, and where it did not.",
          [_c("change_idea_id", "string", "The change idea (change_ideas.change_idea_id)."),
           _c("outcome", "string", "worked or did_not_work."),
           _c("position", "integer", "Its place in the list (1 for the first)."),
           _c("condition", "string", "The condition, in words.")],
          ("change_idea_id", "outcome", "position"), [_fk("change_idea_id", "change_ideas")]),
    Table("cycles", "PDSA cycles: one small test at one site, with the stage it has reached.",
          [_c("site_id", "string", "The site (sites.site_id)."),
           _c("cycle_id", "string", "The cycle's id (unique within its site)."), _c("title", "string", "Its title."),
           _c("stage", "string", "The furthest stage written up: plan, do, study or act."),
           _c("draft", "boolean", "True while it is marked as a draft."),
           _c("purpose", "string", "learn, test or implement."),
           _c("continues_site_id", "string", "The earlier cycle this one builds on (a ramp): its site."),
           _c("continues_cycle_id", "string", "... and its id."),
           _c("adapted_from_site_id", "string", "The cycle this one adapts: its site."),
           _c("adapted_from_cycle_id", "string", "... and its id."),
           _c("replicates_site_id", "string", "Another site's cycle this one repeats: its site."),
           _c("replicates_cycle_id", "string", "... and its id."),
           _c("objective", "string", "Plan: the objective."), _c("plan_who", "string", "Plan: who."),
           _c("plan_what", "string", "Plan: what."), _c("plan_where", "string", "Plan: where."),
           _c("planned_start", "date", "Plan: planned start."), _c("planned_end", "date", "Plan: planned end."),
           _c("recorded_on", "date", "When the plan and its predictions were written down."),
           _c("scale_sites", "integer", "Scale: sites."), _c("scale_teachers", "integer", "Scale: teachers."),
           _c("scale_classes", "integer", "Scale: classes."),
           _c("scale_students", "integer", "Scale: students (empty when masked)."),
           _c("scale_days", "integer", "Scale: days."), _c("scale_notes", "string", "Scale: notes."),
           _c("as_planned", "string", "Do: carried out as planned? yes, no or partly."),
           _c("what_happened", "string", "Do: what happened."), _c("surprises", "string", "Do: surprises."),
           _c("actual_start", "date", "Do: actual start."), _c("actual_end", "date", "Do: actual end."),
           _c("results", "string", "Study: the results."), _c("learned", "string", "Study: what was learned."),
           _MASKED],
          ("site_id", "cycle_id"),
          [_fk("site_id", "sites"), _fk("continues_site_id,continues_cycle_id", "cycles", "site_id,cycle_id"),
           _fk("adapted_from_site_id,adapted_from_cycle_id", "cycles", "site_id,cycle_id"),
           _fk("replicates_site_id,replicates_cycle_id", "cycles", "site_id,cycle_id")]),
    Table("cycle_change_ideas", "Which change ideas each cycle tests (many-to-many).",
          [_c("site_id", "string", "The cycle's site."), _c("cycle_id", "string", "The cycle."),
           _c("change_idea_id", "string", "A change idea it tests (change_ideas.change_idea_id).")],
          ("site_id", "cycle_id", "change_idea_id"),
          [_fk("site_id,cycle_id", "cycles"), _fk("change_idea_id", "change_ideas")]),
    Table("cycle_measures", "Which measures each cycle's plan watches.",
          [_c("site_id", "string", "The cycle's site."), _c("cycle_id", "string", "The cycle."),
           _c("measure_id", "string", "A measure (measures.measure_id).")],
          ("site_id", "cycle_id", "measure_id"), [_fk("site_id,cycle_id", "cycles"), _fk("measure_id", "measures")]),
    Table("predictions", "Each cycle's questions, the predictions written before the test, and what the "
          "study found.",
          [_c("site_id", "string", "The cycle's site."), _c("cycle_id", "string", "The cycle."),
           _c("question_number", "integer", "The question's number (1 for the first)."),
           _c("question", "string", "The question the test answers."),
           _c("prediction", "string", "The prediction, written before the test."),
           _c("reason", "string", "Why that was predicted."),
           _c("result", "string", "Study: confirmed, partly or not_confirmed (empty until studied)."),
           _c("result_notes", "string", "Study: notes on the result.")],
          ("site_id", "cycle_id", "question_number"), [_fk("site_id,cycle_id", "cycles")]),
    Table("decisions", "Each cycle's Act decision: adopt, adapt or abandon, and what comes next.",
          [_c("site_id", "string", "The cycle's site."), _c("cycle_id", "string", "The cycle."),
           _c("decision", "string", "adopt, adapt or abandon."), _c("reason", "string", "Why."),
           _c("decided_on", "date", "When: the day the decision was committed (git history), else the "
                                    "cycle's end date."),
           _c("decided_on_source", "string", "history or files: where decided_on comes from."),
           _c("next_cycle", "string", "The next cycle as written (`C04` or `site/C04`)."),
           _c("next_steps", "string", "Next steps."),
           _c("next_scale_sites", "integer", "Next scale: sites."),
           _c("next_scale_teachers", "integer", "Next scale: teachers."),
           _c("next_scale_classes", "integer", "Next scale: classes."),
           _c("next_scale_students", "integer", "Next scale: students (empty when masked)."),
           _c("next_scale_days", "integer", "Next scale: days."), _MASKED],
          ("site_id", "cycle_id"), [_fk("site_id,cycle_id", "cycles")]),
    Table("assessments", "Where each site stands on each measure as of the export's date: the same "
          "`assessment` that nic chart, nic status, nic compare and nic report give (docs/practice.md).",
          [_c("site_id", "string", "The site."), _c("measure_id", "string", "The measure."),
           _c("as_of", "date", "The date the data are judged as of."),
           _c("chart", "string", "The chart type used (the measure's declared type; run before a baseline exists)."),
           _c("rules", "string", "The runs rules: anhoej or ihi."),
           _c("baseline_from", "date", "The first baseline period of the current phase."),
           _c("baseline_to", "date", "The last baseline period of the current phase."),
           _c("baseline_points", "integer", "Useful points in the baseline."),
           _c("baseline_frozen", "boolean", "Whether later points are judged against a frozen baseline."),
           _c("phase_from", "date", "The first period of the current recorded phase (empty: the first part)."),
           _c("phase_reason", "string", "Why the current phase began."),
           _c("centre", "number", "The centre line at the latest point (proportions as 0-1)."),
           _c("lcl", "number", "The lower limit at the latest point (empty on a run chart)."),
           _c("ucl", "number", "The upper limit at the latest point (empty on a run chart)."),
           _c("signal", "string", "improvement, concern, both, none or too-few-points."),
           _c("signal_since", "date", "The first period of the current signal."),
           _c("points", "integer", "Useful points up to the as-of date."),
           _c("last_period", "date", "The latest period with a value."),
           _c("proposed_phase_from", "date", "A new phase nic proposes (a sustained shift), not yet recorded."),
           _c("words", "string", "The verdict in one plain sentence.")],
          ("site_id", "measure_id"), [_fk("site_id", "sites"), _fk("measure_id", "measures")]),
    Table("events", "What happened, from the git history (what `nic log` shows), oldest first.",
          [_c("event_id", "integer", "The event's number, in order."),
           _c("committed_at", "datetime", "When the commit was made, in UTC."),
           _c("date", "date", "The commit's day, in its author's time zone."),
           _c("commit", "string", "The commit id."), _c("author", "string", "Who committed it."),
           _c("event", "string", "added, removed, planned, stage, prediction, decision, data, drivers, status, "
                                 "edited or unreadable."),
           _c("artifact_kind", "string", "pdsa, change-idea, measure, aim, site, network, drivers or data."),
           _c("site_id", "string", "The site, for a site's artifact."),
           _c("artifact_id", "string", "The artifact's id (a cycle id, a measure id for data, ...)."),
           _c("title", "string", "The artifact's title."),
           _c("summary", "string", "What happened, in plain words (as `nic log` says it)."),
           _c("change_ideas", "string", "For cycles: the change ideas tested, separated by `; `.")],
          ("event_id",)),
]}

#: The order of tables in every format.
ORDER = list(SPECS)


def _new(name: str) -> Table:
    spec = SPECS[name]
    return Table(spec.name, spec.description, list(spec.columns), spec.primary_key, list(spec.foreign_keys))


def _ref(ref: str | None, site: str) -> tuple[str | None, str | None]:
    """`C03` at `site` or `other/C03` as (site, cycle)."""
    if not ref:
        return None, None
    if "/" in ref:
        other, cycle = ref.split("/", 1)
        return other, cycle
    return site, ref


def _count(value: float | int | None, threshold: int) -> tuple[int | None, bool]:
    """A count as exported: (the number or None, whether it was masked)."""
    shown = mask_count(value, threshold)
    if is_masked(shown):
        return None, True
    return (None if shown is None else int(shown)), False


def _number(value: float | int | None, threshold: int) -> tuple[float | int | None, bool]:
    """A data count (numerator, denominator, n) as exported; whole numbers stay whole."""
    if value is None:
        return None, False
    if is_masked(mask_count(value, threshold)):
        return None, True
    return (int(value) if float(value).is_integer() else float(value)), False


def _scale(scale: Scale | None, threshold: int, notes: bool = True) -> tuple[list[Any], bool]:
    if scale is None:
        return [None] * (6 if notes else 5), False
    students, masked = _count(scale.students, threshold)
    out: list[Any] = [scale.sites, scale.teachers, scale.classes, students, scale.days]
    if notes:
        out.append(scale.notes)
    return out, masked


def _as_planned(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def build_tables(network: Network, *, threshold: int, meta: dict[str, str], events: list[Any] | None = None,
                 decided: dict[tuple[str, str], dt.date] | None = None, as_of: dt.date | None = None) -> Dataset:
    """Every tidy table of `network`; `events` from the history (None: not a git repository)."""
    tables = {name: _new(name) for name in ORDER}
    config = network.config.model if network.config else None
    tables["meta"].rows = [(k, v) for k, v in meta.items()]
    if config:
        tables["clusters"].rows = [(c.id, c.name, c.primary_driver, c.description) for c in config.clusters]
    if network.drivers:
        d = network.drivers.model
        tables["drivers"].rows = ([(p.id, "primary", p.title, p.description, p.status, p.retired_on) for p in d.primary]
                                  + [(s.id, "secondary", s.title, s.description, s.status, s.retired_on)
                                     for s in d.secondary])
        tables["driver_links"].rows = sorted({(s.id, p) for s in d.secondary for p in s.primary_drivers})
    for aim_id, record in sorted(network.aims.items()):
        a = record.model
        tables["aims"].rows.append((
            aim_id, a.title, a.statement, a.parent, a.site, a.outcome_measure,
            a.for_whom.population if a.for_whom else None,
            a.baseline.start if a.baseline else None, a.baseline.end if a.baseline else None,
            a.baseline.value if a.baseline else None, a.target.value if a.target else None,
            a.target.date if a.target else None, a.status))
    for site_id, record in sorted(network.sites.items()):
        s = record.model
        tables["sites"].rows.append((site_id, s.name, s.cluster, s.context.level, s.context.size_band,
                                     s.context.setting, s.joined, s.cohort, s.status, s.coach, s.ask))
    for measure_id, record in sorted(network.measures.items()):
        m = record.model
        tables["measures"].rows.append((
            measure_id, m.title, m.type, m.calculation, m.definition,
            m.numerator.description if m.numerator else None, m.denominator.description if m.denominator else None,
            m.unit, m.multiply, m.frequency, m.direction, m.chart.type, m.chart.rules, m.chart.baseline_until,
            m.scope, m.goal, m.status, m.retired_on))
    tables["data_points"].rows = list(_data_points(network, threshold))
    for idea_id, record in sorted(network.change_ideas.items()):
        _change_idea(tables, idea_id, record.model)
    _cycles(tables, network, threshold, decided or {})
    tables["assessments"].rows = list(_assessments(network, as_of))
    if events is not None:
        tables["events"].rows = list(_events(events))
    dataset = Dataset([tables[name] for name in ORDER])
    if events is None:
        dataset.tables.remove(tables["events"])
    return dataset


def _assessments(network: Network, as_of: dt.date | None) -> Iterable[tuple[Any, ...]]:
    """One row per site and measure with data: the assessment every command gives."""
    from nictools.clock import today
    from nictools.measurement.analyses import Analyses

    analyses = Analyses(network, as_of or today())
    for (site_id, measure_id) in sorted(network.data):
        if site_id not in network.sites or measure_id not in network.measures:
            continue
        a = analyses.site(measure_id, site_id)
        if a is None:
            continue
        yield (site_id, measure_id, a.as_of, a.chart, a.rules, a.baseline.start, a.baseline.end, a.baseline.points,
               a.baseline.frozen, a.phase.start, a.phase.reason, a.centre, a.lcl, a.ucl, a.signal, a.signal_since,
               a.points, a.last_period, a.proposal.start if a.proposal else None, a.words)


def _data_points(network: Network, threshold: int) -> Iterable[tuple[Any, ...]]:
    for (site_id, measure_id), table in sorted(network.data.items()):
        ratio = table.kind == "ratio"
        for row in sorted(table.rows, key=lambda r: (r.period or dt.date.min, r.line)):
            numerator, m1 = _number(row.numerator, threshold)
            denominator, m2 = _number(row.denominator, threshold)
            n, m3 = _number(row.n, threshold)
            if ratio and any(is_masked(c) for c in mask_pair(row.numerator, row.denominator, threshold)):
                numerator, denominator, m1 = None, None, True
            masked = m1 or m2 or m3
            if ratio:
                value = (row.numerator / row.denominator if row.numerator is not None and row.denominator
                         and not (m1 or m2) else None)
            else:
                value = row.value
            yield (site_id, measure_id, row.period, row.subgroup, row.stratum, value, numerator, denominator, n,
                   masked, row.note, row.line)


def _link_kind(link: str) -> str:
    return "url" if is_url(link) else "path"


def _change_idea(tables: dict[str, Table], idea_id: str, c: ChangeIdea) -> None:
    tables["change_ideas"].rows.append((idea_id, c.title, c.description, c.status, c.origin_site, c.adapted_from,
                                        c.retired_on, c.evidence))
    tables["change_idea_drivers"].rows.extend((idea_id, d) for d in dict.fromkeys(c.drivers))
    tables["change_idea_materials"].rows.extend((idea_id, i, m.title, m.link, _link_kind(m.link))
                                                for i, m in enumerate(c.materials, 1))
    if c.conditions:
        tables["change_idea_conditions"].rows.extend((idea_id, "worked", i, text)
                                                     for i, text in enumerate(c.conditions.worked, 1))
        tables["change_idea_conditions"].rows.extend((idea_id, "did_not_work", i, text)
                                                     for i, text in enumerate(c.conditions.did_not_work, 1))


def _cycles(tables: dict[str, Table], network: Network, threshold: int,
            decided: dict[tuple[str, str], dt.date]) -> None:
    
    for (site_id, cycle_id), record in sorted(network.cycles.items()):
        c: Cycle = record.model
        plan, do, study, act = c.plan, c.do, c.study, c.act
        scale, masked = _scale(plan.scale, threshold)
        tables["cycles"].rows.append((
            site_id, cycle_id, c.title, c.stage, c.status == "draft", c.purpose,
            *_ref(c.continues, site_id), *_ref(c.adapted_from, site_id), *_ref(c.replicates, site_id),
            plan.objective, plan.who, plan.what, plan.where, plan.planned_start, plan.planned_end, plan.recorded_on,
            *scale,
            _as_planned(do.as_planned) if do else None, do.what_happened if do else None,
            do.surprises if do else None, do.actual_start if do else None, do.actual_end if do else None,
            study.results if study else None, study.learned if study else None, masked))
        tables["cycle_change_ideas"].rows.extend((site_id, cycle_id, i) for i in dict.fromkeys(c.change_ideas))
        tables["cycle_measures"].rows.extend((site_id, cycle_id, m) for m in dict.fromkeys(plan.measures))
        checks = {}
        for check in (study.predictions if study else []):
            checks.setdefault(check.question, check)
        numbers = sorted(set(range(1, len(plan.questions) + 1)) | set(checks))
        for number in numbers:
            q = plan.questions[number - 1] if number <= len(plan.questions) else None
            check = checks.get(number)
            tables["predictions"].rows.append((
                site_id, cycle_id, number, q.question if q else None, q.prediction if q else None,
                q.reason if q else None, check.result if check else None, check.notes if check else None))
        if act is not None:
            day = decided.get((site_id, cycle_id))
            source = "history" if day else "files"
            day = day or c.ended_on
            next_scale, next_masked = _scale(act.next_scale, threshold, notes=False)
            tables["decisions"].rows.append((site_id, cycle_id, act.decision, act.reason, day,
                                             source if day else None, act.next_cycle, act.next_steps,
                                             *next_scale, next_masked))


def _events(events: list[Any]) -> Iterable[tuple[Any, ...]]:
    from nictools.reports.timeline import what

    for number, ev in enumerate(events, 1):
        when: dt.datetime = ev.date
        utc = when.astimezone(dt.timezone.utc).replace(tzinfo=None) if when.tzinfo else when
        kind, site, ident = ev.key
        yield (number, utc, when.date(), ev.commit, ev.author, ev.kind, kind, site or None, ident,
               ev.title or None, what(ev), "; ".join(ev.change_ideas) or None)


def dangling_references(dataset: Dataset) -> list[str]:
    """Foreign keys that point at an id not in the export, in words (the network's files disagree)."""
    found = []
    by_name = {t.name: t for t in dataset.tables}
    for table in dataset.tables:
        for fk in table.foreign_keys:
            target = by_name.get(fk.table)
            if target is None:
                continue
            where = [target.column_names.index(c) for c in fk.references]
            known = {tuple(row[i] for i in where) for row in target.rows}
            mine = [table.column_names.index(c) for c in fk.columns]
            missing = sorted({key for row in table.rows
                              if None not in (key := tuple(row[i] for i in mine)) and key not in known})
            if missing:
                shown = ", ".join("/".join(str(k) for k in key) for key in missing[:3])
                more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
                found.append(f"{table.name}.{','.join(fk.columns)} names {shown}{more}, not in {fk.table}")
    return found
