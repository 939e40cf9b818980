"""`network.yaml`: who the network is, its clusters, its calendar and settings."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from nictools.model.base import Artifact, Id, Part, Text


class Cluster(Part):
    """A Research Action Cluster: sites working on one primary driver together."""

    id: Id = Field(description="The cluster's id; sites name it in `cluster:`.", examples=["RAC-1"])
    name: Text = Field(description="The cluster's name.")
    primary_driver: Id | None = Field(None, description="The primary driver this cluster works on.")
    description: Text | None = Field(None, description="What the cluster works on, in plain words.")


class Break(Part):
    """A period with no school: no data is expected and no site is 'quiet' then."""

    name: Text = Field(description="The break's name.", examples=["Winter break"])
    start: dt.date = Field(description="Its first day (YYYY-MM-DD).", examples=["2025-12-22"])
    end: dt.date = Field(description="Its last day (YYYY-MM-DD).", examples=["2026-01-02"])


class Calendar(Part):
    """The school calendar."""

    breaks: list[Break] = Field(default_factory=list, description="Periods with no school: no data is expected then.")


class Settings(Part):
    """Network-wide settings; the same names as the command-line options."""

    select: list[str] = Field(default_factory=list, description="Check codes, prefixes or names to run (default: all).")
    ignore: list[str] = Field(default_factory=list, description="Check codes, prefixes or names to skip.")
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict, description="Path pattern (glob) -> checks to skip in matching files."
    )
    quiet_after_weeks: int = Field(4, ge=1, description="A site with no activity for this many school weeks is 'quiet'.")
    small_cell_threshold: int = Field(10, ge=0, description="Reports and exports mask counts below this.")
    privacy_allow: list[Text] = Field(
        default_factory=list, description="Words and names nic's privacy screen should not take for a student's name "
        "(a place, a programme, an adult named in full), e.g. [Grant Park, Maria Lopez]: the way to mark a false alarm.")
    baseline_points: int = Field(
        20, ge=1, description="How many useful points at the start of a measure's chart (and of each recorded "
        "phase) make the frozen baseline later points are judged against. Fewer than 12 gives unreliable limits.")


class NetworkConfig(Artifact):
    """The network: its name, hub, clusters, school calendar and settings."""

    name: Text = Field(description="The network's name.", examples=["Ninth Grade Success Network"])
    hub: Text = Field(description="The organisation that coordinates the network.")
    description: Text | None = Field(None, description="What the network works on, in a few sentences.")
    aim: Id | None = Field(None, description="The id of the network aim (in aims/).")
    clusters: list[Cluster] = Field(default_factory=list, description="Research Action Clusters: groups of sites "
                                    "working on one primary driver together.")
    calendar: Calendar = Field(default_factory=Calendar, description="When there is no school: breaks, when no data is expected.")
    settings: Settings = Field(default_factory=Settings, description="Network-wide settings for nic's checks and reports.")
