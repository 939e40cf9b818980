"""Fixtures for the scaffolding commands: a fixed today and a switch for "on a terminal"."""

from __future__ import annotations


import pytest


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("NIC_TODAY", "2025-10-15")
    return "2025-10-15"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the commands behave as on a terminal, so prompts read CliRunner's `input=`."""
    import importlib

    modules = ("nictools.cli.prompting", "nictools.cli.pdsa", "nictools.cli.data", "nictools.cli.init")
    for module in modules:  # commands are imported when first used: import them all before patching any,
        importlib.import_module(module)  # or one imported later would keep the patched function for good
    for module in modules:
        monkeypatch.setattr(f"{module}.is_interactive", lambda: True)

