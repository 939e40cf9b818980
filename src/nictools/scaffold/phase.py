"""`nic phase add`: record a new phase of a measure's chart at a site, with its reason.

A phase is the network's decision, never nic's: new limits start only where a phase is
recorded (docs/practice.md, "Phases"). nic proposes one when the data show a sustained
shift; this writes it into the site's ``site.yaml`` (comments, key order and line
endings kept), to be reviewed in a pull request like any other change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nictools.errors import NicError
from nictools.model.network import Network
from nictools.scaffold.yaml_edit import edit_yaml_file
from nictools.suggest import did_you_mean


@dataclass(frozen=True)
class PhaseAdded:
    path: Path
    measure: str
    site: str
    start: dt.date


def add_phase(root: Path, network: Network, measure: str, site: str, start: dt.date, reason: str,
              change_idea: str | None = None) -> PhaseAdded:
    """Append the phase to ``sites/SITE/site.yaml``; refuses a duplicate, a blank reason or unknown ids."""
    reason = " ".join(reason.split())
    if not reason:
        raise NicError("A phase needs a reason: what changed, that the team can explain.",
                       'Give it with --reason "Check-in cards in every advisory from January (C04)".')
    if measure not in network.measures:
        raise NicError(f"There is no measure `{measure}` in this network.",
                       did_you_mean(measure, sorted(network.measures)))
    if site not in network.sites and ("site", site) in network.broken:
        raise NicError(f"sites/{site}/site.yaml could not be read, so no phase can be added to it.",
                       f"Run `nic validate sites/{site}/site.yaml`, fix what it says, then run the command again.")
    if site not in network.sites:
        raise NicError(f"There is no site `{site}` in this network.", did_you_mean(site, sorted(network.sites)))
    if change_idea is not None and change_idea not in network.change_ideas:
        raise NicError(f"There is no change idea `{change_idea}` in this network.",
                       did_you_mean(change_idea, sorted(network.change_ideas)))
    if any(p.measure == measure and p.start == start for p in network.sites[site].model.phases):
        raise NicError(f"{site} already has a phase of {measure} from {start.isoformat()}.",
                       f"See sites/{site}/site.yaml.")
    from nictools.lock import network_lock

    with network_lock(root):  # read, change and replace site.yaml as one step among concurrent writers
        return _append_phase(root, measure, site, start, reason, change_idea)


def _append_phase(root: Path, measure: str, site: str, start: dt.date, reason: str,
                  change_idea: str | None) -> PhaseAdded:
    path = root / "sites" / site / "site.yaml"
    entry = {"measure": measure, "start": start, "reason": reason}
    if change_idea:
        entry["change_idea"] = change_idea

    def append(data: Any) -> None:
        phases = data.get("phases")
        if any(str(p.get("measure")) == measure and str(p.get("start")) == start.isoformat()
               for p in (phases or []) if hasattr(p, "get")):  # another nic added it while this one waited
            raise NicError(f"{site} already has a phase of {measure} from {start.isoformat()}.",
                           f"See sites/{site}/site.yaml.")
        if phases is None:
            data["phases"] = [entry]
        else:
            phases.append(entry)

    edit_yaml_file(root, path, "site", append, "Adding the phase")
    return PhaseAdded(path, measure, site, start)


__all__ = ["PhaseAdded", "add_phase"]
