"""`nic explain`: the documentation of one check, by code or name."""

from __future__ import annotations

from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "networks" / "small-broken"


def test_explain_by_code_golden(cli, golden) -> None:
    result = cli("explain", "NIC401")
    assert result.exit_code == 0
    golden("explain_NIC401.txt", result.stdout)


def test_explain_by_name_is_the_same(cli) -> None:
    assert cli("explain", "no-prediction").stdout == cli("explain", "nic401").stdout


def test_explain_unknown_suggests(cli) -> None:
    result = cli("explain", "unknown-chnage-idea")
    assert result.exit_code == 2
    assert "Did you mean `unknown-change-idea`?" in result.stderr


def test_explain_lists_every_check(cli) -> None:
    from nictools.catalogue import CATALOGUE

    result = cli("explain")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(CATALOGUE) >= 80


def test_validate_text_on_a_small_broken_network_golden(cli, golden, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2026-06-01")
    monkeypatch.setenv("NO_COLOR", "1")
    result = cli("-C", str(FIXTURE), "validate")
    assert result.exit_code == 1
    golden("validate_small_broken.txt", result.stdout)
