"""`nic site withdraw`: record that a site left the network, when and why.

It writes `status: withdrawn`, `withdrawn_on` and `withdrawn_reason` into the site's
``site.yaml`` (comments, key order and line endings kept; atomic; under the network
lock, reading the file again once the lock is held). The site's files stay: its history
is the network's history. Reports then leave it out of the tiles, small multiples, funnel
and quiet list, and list it once as withdrawn.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from nictools.atomic import write_atomic
from nictools.errors import NicError
from nictools.scaffold.advance import round_trip_yaml
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
    from nictools.load.network import validate_document
    from nictools.load.yaml import read_yaml

    path = root / "sites" / site / "site.yaml"
    if not path.is_file():
        sites = sorted(p.name for p in (root / "sites").iterdir() if (p / "site.yaml").is_file()) \
            if (root / "sites").is_dir() else []
        raise NicError(f"There is no site `{site}` in this network (no sites/{site}/site.yaml).",
                       did_you_mean(site, sites) or f"The sites are: {', '.join(sites) or 'none'}.")
    rel = path.relative_to(root).as_posix()
    raw = path.read_bytes()
    crlf = b"\r\n" in raw
    yaml = round_trip_yaml()
    try:
        data = yaml.load(raw.decode("utf-8-sig"))
    except Exception as exc:  # a broken file is validate's to explain
        raise NicError(f"{rel} cannot be read ({type(exc).__name__}).", "Run `nic validate` and fix it first.") \
            from None
    if not isinstance(data, dict):
        raise NicError(f"{rel} is not a site file (a mapping of fields).", "Run `nic validate` and fix it first.")
    joined = data.get("joined")
    if isinstance(joined, dt.date) and on < joined:
        raise NicError(f"{site} joined on {joined.isoformat()}, after --date {on.isoformat()}.",
                       "Give the date the site left, on or after the day it joined.")
    already = data.get("status") == "withdrawn"
    data["status"] = "withdrawn"
    data["withdrawn_on"] = on
    data["withdrawn_reason"] = reason
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    text = buffer.getvalue()
    doc = read_yaml(text, rel)
    model, problems = validate_document("site", doc, rel) if doc.data is not None else (None, doc.problems)
    if model is None or problems:
        raise NicError(f"Withdrawing the site would leave {rel} invalid: "
                       + ("; ".join(p.message for p in problems) or "it could not be read back"),
                       "Run `nic validate` and fix the file first.")
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    write_atomic(path, text)
    return Withdrawn(path, site, on, already)


__all__ = ["Withdrawn", "withdraw_site"]
