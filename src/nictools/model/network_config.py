"""`network.yaml`: who the network is, its clusters, its calendar and settings."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Text


class Cluster(Part):
    """A Research Action Cluster: sites working on one primary driver together."""

    id: Id
    name: Text
    primary_driver: Id | None = Field(None, description="The primary driver this cluster works on.")
    description: Text | None = None


class Break(Part):
    """A period with no school: no data is expected and no site is 'quiet' then."""

    name: Text
    start: dt.date
    end: dt.date


class Calendar(Part):
    breaks: list[Break] = Field(default_factory=list)


class Settings(Part):
    """Network-wide settings; the same names as the command-line options."""

    select: list[str] = Field(default_factory=list, description="Check codes, prefixes or names to run (default: all).")
    ignore: list[str] = Field(default_factory=list, description="Check codes, prefixes or names to skip.")
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict, description="Path pattern (glob) -> checks to skip in matching files."
    )
    quiet_after_weeks: int = Field(4, ge=1, description="A site with no activity for this many school weeks is 'quiet'.")
    small_cell_threshold: int = Field(10, ge=0, description="Reports and exports mask counts below this.")
    baseline_points: int = Field(
        20, ge=1, description="How many useful points at the start of a measure's chart (and of each recorded "
        "phase) make the frozen baseline later points are judged against. Fewer than 12 gives unreliable limits.")


class NetworkConfig(Artifact):
    """The network: its name, hub, clusters, school calendar and settings."""

    name: Text
    hub: Text = Field(description="The organisation that coordinates the network.")
    description: Text | None = None
    aim: Id | None = Field(None, description="The id of the network aim (in aims/).")
    clusters: list[Cluster] = Field(default_factory=list)
    calendar: Calendar = Field(default_factory=Calendar)
    settings: Settings = Field(default_factory=Settings)
