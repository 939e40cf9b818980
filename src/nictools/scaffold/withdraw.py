"""`nic site withdraw`: record that a site left the network, when and why.

It writes `status: withdrawn`, `withdrawn_on` and `withdrawn_reason` into the site's
``site.yaml`` (comments, key order and line endings kept; atomic; under the network
lock, reading the file again once the lock is held). The site's files stay: its history
is the network's history. Reports then leave it out of the tiles, small multiples, funnel
and quiet list, and list it once as withdrawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nictools.errors import NicError
from nictools.scaffold.yaml_edit import edit_yaml_file
from nictools.suggest import did_you_mean


@dataclass(frozen=True)
class Withdrawn:
    path: Path
    site: str
    on: dt.date
    already: bool = False  # it was withdrawn before: only the date and reason were written


def withdraw_site(root: Path, site: str, on: dt.date, reason: str) -> Withdrawn:
    """Mark `site` withdrawn on `on`, for `reason`; refuses a blank reason or an unknown site."""
    from nictools.lock import network_lock

    reason = " ".join(reason.split())
    if not reason:
        raise NicError("Withdrawing a site needs a reason, in plain words.",
                       'Give it with --reason "Merged with Eastside Hospital".')
    with network_lock(root):
        return _withdraw(root, site, on, reason)


def _withdraw(root: Path, site: str, on: dt.date, reason: str) -> Withdrawn:
    path = root / "sites" / site / "site.yaml"
    if not path.is_file():
        sites = sorted(p.name for p in (root / "sites").iterdir() if (p / "site.yaml").is_file()) \
            if (root / "sites").is_dir() else []
        raise NicError(f"There is no site `{site}` in this network (no sites/{site}/site.yaml).",
                       did_you_mean(site, sites) or f"The sites are: {', '.join(sites) or 'none'}.")
    already = False

    def withdraw(data: Any) -> None:
        nonlocal already
        joined = data.get("joined")
        if isinstance(joined, dt.date) and on < joined:
            raise NicError(f"{site} joined on {joined.isoformat()}, after --date {on.isoformat()}.",
                           "Give the date the site left, on or after the day it joined.")
        already = data.get("status") == "withdrawn"
        data["status"] = "withdrawn"
        data["withdrawn_on"] = on
        data["withdrawn_reason"] = reason

    edit_yaml_file(root, path, "site", withdraw, "Withdrawing the site")
    return Withdrawn(path, site, on, already)


__all__ = ["Withdrawn", "withdraw_site"]
