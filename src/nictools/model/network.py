"""The network as a whole: every artifact, where it came from, and its source map.

This is what checks, history, analysis and reports read. Artifacts that failed
to load are absent (their problems say why); everything else is still here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Generic, Iterator, TypeVar

from nictools.load.tables import DataTable
from nictools.load.yaml import YamlDocument
from nictools.model.aim import Aim
from nictools.model.change_idea import ChangeIdea
from nictools.model.drivers import DriverDiagram
from nictools.model.measure import Measure
from nictools.model.network_config import NetworkConfig
from nictools.model.pdsa import Cycle
from nictools.model.site import Site

if TYPE_CHECKING:
    from nictools.history.git import TrackedFiles

T = TypeVar("T")


#: what the checks of *other* files read of an artifact (`facts_of`), as plain JSON data
Facts = dict[str, Any]


def facts_of(model: Any) -> Facts:
    """What the checks of other files read of this artifact.

    A cycle: its id, the links that other cycles' ramps follow, the change ideas and dates a
    linked cycle is compared on, and its draft status. A measure: what a site's data and
    cycles are checked against (calculation, frequency, status, retirement). A change idea: its
    status and retirement. network.yaml: the calendar's breaks and the cluster ids. drivers.yaml:
    the driver ids and their level. Anything else: its id.

    The one list of them: `nic validate` after an edit re-checks only the edited files when
    their facts are what they were (`nictools.validate.checked_incrementally`), so a check that
    reads another file must read only these (`tests/load/test_file_cache.py` edits each one).
    """
    ident = getattr(model, "id", None)
    values: list[Any] = [None if ident is None else str(ident)]
    if isinstance(model, Cycle):
        started, recorded = model.started_on, model.plan.recorded_on
        values += [model.status, model.continues, model.adapted_from, model.replicates,
                   model.act.next_cycle if model.act else None, list(model.change_ideas), _day(started), _day(recorded)]
        return dict(zip(CYCLE_FACTS, values))
    if isinstance(model, Measure):
        values += [model.calculation, model.frequency, model.status, _day(model.retired_on)]
        return dict(zip(MEASURE_FACTS, values))
    if isinstance(model, ChangeIdea):
        values += [model.status, _day(model.retired_on)]
        return dict(zip(IDEA_FACTS, values))
    if isinstance(model, NetworkConfig):
        values += [[[_day(b.start), _day(b.end)] for b in model.calendar.breaks], [c.id for c in model.clusters]]
        return dict(zip(CONFIG_FACTS, values))
    if isinstance(model, DriverDiagram):
        values += [[[d.id, "primary"] for d in model.primary] + [[d.id, "secondary"] for d in model.secondary]]
        return dict(zip(DRIVER_FACTS, values))
    return dict(zip(ARTIFACT_FACTS, values))


def _day(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


#: the facts of each kind of file (`facts_of`), in the order they are kept
CYCLE_FACTS = ("id", "status", "continues", "adapted_from", "replicates", "next_cycle", "change_ideas",
               "started_on", "recorded_on")
MEASURE_FACTS = ("id", "calculation", "frequency", "status", "retired_on")
IDEA_FACTS = ("id", "status", "retired_on")
CONFIG_FACTS = ("id", "breaks", "clusters")
DRIVER_FACTS = ("id", "drivers")
ARTIFACT_FACTS = ("id",)
_FACTS_OF_KIND = {"pdsa": CYCLE_FACTS, "measure": MEASURE_FACTS, "change-idea": IDEA_FACTS, "network": CONFIG_FACTS,
                  "drivers": DRIVER_FACTS, "data": ()}


def fact_names(kind: str) -> tuple[str, ...]:
    """The names of the facts of a file of this kind (a data file has none)."""
    return _FACTS_OF_KIND.get(kind, ARTIFACT_FACTS)


@dataclass
class Record(Generic[T]):
    """A loaded artifact with the file it came from (for locating problems)."""

    model: T
    path: str
    doc: YamlDocument
    site: str | None = None

    @cached_property
    def facts(self) -> Facts:
        """What other files' checks read of this artifact (`facts_of`)."""
        return facts_of(self.model)


class LazyRecord(Record[T]):
    """An artifact known unchanged since the last `nic validate`, built from the cache only when
    something reads its model or its document (`nictools.load.network`); its facts and path are
    there from the start."""

    def __init__(self, path: str, site: str | None, facts: Facts, restore: Callable[[], tuple[T, YamlDocument]]) -> None:
        self.path = path
        self.site = site
        self.__dict__["facts"] = facts
        self._restore = restore
        self._loaded: tuple[T, YamlDocument] | None = None

    def _load(self) -> tuple[T, YamlDocument]:
        if self._loaded is None:
            self._loaded = self._restore()
        return self._loaded

    @property  # type: ignore[override]
    def model(self) -> T:
        return self._load()[0]

    @property  # type: ignore[override]
    def doc(self) -> YamlDocument:
        return self._load()[1]

    @property
    def built(self) -> bool:
        """True once its model has been built."""
        return self._loaded is not None


@dataclass
class Network:
    """Every artifact of one network, keyed by id (cycles and data by site too)."""

    root: Path
    config: Record[NetworkConfig] | None = None
    drivers: Record[DriverDiagram] | None = None
    aims: dict[str, Record[Aim]] = field(default_factory=dict)
    measures: dict[str, Record[Measure]] = field(default_factory=dict)
    change_ideas: dict[str, Record[ChangeIdea]] = field(default_factory=dict)
    sites: dict[str, Record[Site]] = field(default_factory=dict)
    cycles: dict[tuple[str, str], Record[Cycle]] = field(default_factory=dict)
    data: dict[tuple[str, str], DataTable] = field(default_factory=dict)
    site_folders: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    #: ids of artifacts whose files exist but failed to load: references to them are
    #: not reported again (the file's own problem is the root cause).
    broken: set[tuple[str, object]] = field(default_factory=set)
    #: the commit this network was read at (`--as-of`); None: the working tree (changes up to HEAD)
    revision: str | None = None
    #: measure id -> definition changes found in the git history (nictools.history.definitions),
    #: filled on first use by nictools.measurement; None until then
    definition_changes: dict[str, tuple[Any, ...]] | None = field(default=None, repr=False)
    _cycles_by_site: tuple[int, dict[str, list[Record[Cycle]]]] | None = field(default=None, repr=False, compare=False)
    #: the files git tracks, when `nictools.validate.run` asked git (only when a material names a
    #: path); None: not asked, or not a git repository. Checks read it, never git itself.
    tracked: TrackedFiles | None = None
    #: path -> the problems of the file checks (`checks.registry.FILE_CHECKS`) on its artifact,
    #: when the loader already has them (from the cache); the others are checked with the network
    file_checked: dict[str, list] = field(default_factory=dict)
    #: the files whose problems the cross-file checks are to find (`nictools.validate` after an
    #: edit: the edited files and the hub's); None: every file. Checks skip the others' artifacts.
    focus: frozenset[str] | None = None

    def in_focus(self, path: str) -> bool:
        """True when the checks are to report on the file at `path` (see `focus`)."""
        return self.focus is None or path in self.focus

    def records(self) -> Iterator[Record]:
        """Every loaded YAML artifact: network.yaml, drivers.yaml, aims, measures, change ideas, sites, cycles."""
        for single in (self.config, self.drivers):
            if single is not None:
                yield single
        for group in (self.aims, self.measures, self.change_ideas, self.sites, self.cycles):
            yield from group.values()  # type: ignore[attr-defined]

    @property
    def name(self) -> str:
        return self.config.model.name if self.config else self.root.name

    def driver_ids(self) -> dict[str, str]:
        """Driver id -> 'primary' or 'secondary'."""
        if not self.drivers:
            return {}
        ids = {d.id: "primary" for d in self.drivers.model.primary}
        ids.update({d.id: "secondary" for d in self.drivers.model.secondary})
        return ids

    def cycles_at(self, site: str) -> Iterator[Record[Cycle]]:
        """The site's cycles, in the order they were read; indexed once per network (status and
        the report ask for every site's, which walked every cycle of the network each time)."""
        index = self._cycles_by_site
        if index is None or index[0] != len(self.cycles):
            by_site: dict[str, list[Record[Cycle]]] = {}
            for (s, _), record in self.cycles.items():
                by_site.setdefault(s, []).append(record)
            index = self._cycles_by_site = (len(self.cycles), by_site)
        return iter(index[1].get(site, ()))

    def resolve_cycle(self, ref: str, site: str) -> tuple[str, str]:
        """`C03` at `site`, or `other/C03`, as a (site, id) key."""
        if "/" in ref:
            other, cycle = ref.split("/", 1)
            return other, cycle
        return site, ref
