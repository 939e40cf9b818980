"""pydantic models of the network format: the single source of truth.

One module per artifact. The JSON Schemas in `schemas/` are generated from these
(`nic schema --out DIR`), and a test fails when they drift.
"""

from nictools.model.aim import Aim
from nictools.model.change_idea import ChangeIdea
from nictools.model.drivers import DriverDiagram
from nictools.model.measure import Measure
from nictools.model.network_config import NetworkConfig
from nictools.model.pdsa import Cycle
from nictools.model.site import Site

#: file kind -> model; the kind names the schema file (`schemas/<kind>.schema.json`).
MODELS = {
    "network": NetworkConfig,
    "aim": Aim,
    "measure": Measure,
    "drivers": DriverDiagram,
    "change-idea": ChangeIdea,
    "site": Site,
    "pdsa": Cycle,
}

__all__ = ["MODELS", "Aim", "ChangeIdea", "Cycle", "DriverDiagram", "Measure", "NetworkConfig", "Site"]
