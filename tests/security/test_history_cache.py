"""The history cache is not trusted (issue 17, class 10).

The cache (a SQLite file in the user's cache folder) holds each parsed file version by
blob id. Its rows are rewritten here in several ways: valid JSON of the wrong shape (wrong
types, missing keys, extra keys), truncated text, other rows' data, non-text values. Every
history command must then print exactly what it prints with no cache at all, and the bad
rows are replaced by good ones.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Callable

import pytest
from typer.testing import CliRunner

from nictools.cli.main import app
from tests.conftest import MINIMAL  # type: ignore[import-not-found]
from tests.history.conftest import ACT, DO, PLAN, STUDY, GitNetwork  # type: ignore[import-not-found]

DB = "history-blobs.sqlite3"
COMMANDS = [["status"], ["status", "--format", "json", "--hub"], ["log"], ["log", "--format", "json"],
            ["diff", "--since", "2025-09-02"], ["compare", "lincoln", "--format", "json"]]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    net = GitNetwork(tmp_path_factory.mktemp("cache") / "net")
    base = {k: v for k, v in MINIMAL.items() if k != "sites/lincoln/pdsa/C01.yaml"}
    net.commit("Start", "2025-09-01T09:00:00+00:00", base)
    net.commit("Plan C01", "2025-09-08T10:00:00+00:00", {"sites/lincoln/pdsa/C01.yaml": PLAN})
    net.commit("Do C01", "2025-09-16T10:00:00+00:00", {"sites/lincoln/pdsa/C01.yaml": DO})
    net.commit("Study C01", "2025-09-23T10:00:00+00:00", {
        "sites/lincoln/pdsa/C01.yaml": STUDY,
        "sites/lincoln/data/ATT.csv": "period,numerator,denominator\n2025-09-01,80,100\n2025-09-08,82,100\n"
                                      "2025-09-15,85,100\n2025-09-22,86,100\n"})
    net.commit("Act on C01", "2025-09-30T10:00:00+00:00", {"sites/lincoln/pdsa/C01.yaml": ACT})
    return net.root


def nic(root: Path, args: list[str], env: dict[str, str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["-C", str(root), *args], catch_exceptions=False,
                                env={"NIC_TODAY": "2025-10-15", "NIC_NO_PROGRESS": "1", **env})
    return result.exit_code, result.stdout


def _rows(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute("SELECT key, data FROM blobs ORDER BY key"))


def _payload(stored: str) -> object:
    """The JSON part of a row, whatever the row's framing."""
    text = stored.split(":", 1)[1] if ":" in stored[:40] and not stored.startswith(("{", "[")) else stored
    return json.loads(text)


def _wrong_types(value: object) -> object:
    if isinstance(value, dict):
        return {k: ([] if isinstance(v, str) else "x" if isinstance(v, (int, float, list)) else v)
                for k, v in value.items()}
    return {"id": 5}


def _missing_keys(value: object) -> object:
    return {k: v for i, (k, v) in enumerate(value.items()) if i % 2} if isinstance(value, dict) else {}


def _extra_keys(value: object) -> object:
    return {**value, "unexpected": {"rows": 1}, "id": ["C99"]} if isinstance(value, dict) else {"extra": 1}


def _rows_of_wrong_length(value: object) -> object:
    if isinstance(value, dict) and isinstance(value.get("rows"), list):
        return {**value, "rows": [r[:3] for r in value["rows"]]}
    return [1, 2, 3]


CORRUPTIONS: dict[str, Callable[[str, str], object]] = {
    "wrong types": lambda key, stored: json.dumps(_wrong_types(_payload(stored))),
    "missing keys": lambda key, stored: json.dumps(_missing_keys(_payload(stored))),
    "extra keys": lambda key, stored: json.dumps(_extra_keys(_payload(stored))),
    "short rows": lambda key, stored: json.dumps(_rows_of_wrong_length(_payload(stored))),
    "truncated": lambda key, stored: stored[: len(stored) // 2],
    "valid JSON, another shape": lambda key, stored: json.dumps(["not", {"a": "cycle"}]),
    "null": lambda key, stored: "null",
    "empty": lambda key, stored: "",
    "a number, not text": lambda key, stored: 42,
    "frame kept, data edited": lambda key, stored: stored.replace("8", "9").replace("plan", "act"),
}


@pytest.mark.parametrize("how", list(CORRUPTIONS))
def test_corrupt_cache_rows_change_nothing(repo: Path, tmp_path: Path, how: str) -> None:
    uncached = {tuple(args): nic(repo, args, {"NICTOOLS_NO_CACHE": "1"}) for args in COMMANDS}
    cache = tmp_path / "cache"
    env = {"NICTOOLS_CACHE_DIR": str(cache)}
    for args in COMMANDS:  # fill the cache
        assert nic(repo, args, env) == uncached[tuple(args)]
    rows = _rows(cache / DB)
    assert rows, "the cache was not written"
    corrupt = CORRUPTIONS[how]
    with sqlite3.connect(cache / DB) as conn:
        conn.executemany("UPDATE blobs SET data = ? WHERE key = ?", [(corrupt(k, d), k) for k, d in rows])
    for args in COMMANDS:
        code, out = nic(repo, args, env)
        assert code == 0, (args, code, out)
        assert (code, out) == uncached[tuple(args)], args
    healed = dict(_rows(cache / DB))
    assert healed == dict(rows), "bad rows are replaced by the good ones"


@pytest.mark.parametrize("value", [10 ** 400, -(10 ** 400), 1e300, float("nan"), float("inf"), True, "80"])
def test_a_cached_data_row_with_a_number_out_of_bounds_is_dropped_not_a_crash(value: object) -> None:
    """JSON holds integers of any size: one too large for a float is refused like any other
    out-of-bounds number (it used to raise OverflowError, an internal error)."""
    from nictools.history.blobs import csv_shape

    good = ["2025-01-06", 80, 80, 100, None, None, None, None, 2]
    assert csv_shape({"columns": ["period"], "rows": [good]})
    assert not csv_shape({"columns": ["period"], "rows": [good[:2] + [value] + good[3:]]})
