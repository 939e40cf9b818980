"""No YAML tag constructs an object or runs code; alias bombs stop fast with a problem.

Every command that reads YAML is run on a file whose tags would run `touch SENTINEL`
under an unsafe loader: validate (the loader), history (`log`, `status`, `diff`, which
read old versions from git), `fix`/`migrate` (text level) and `pdsa advance` (ruamel's
round trip). The sentinel must never appear.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nictools.load.yaml import read_yaml
from tests.history.conftest import GitNetwork  # type: ignore[import-not-found]
from tests.conftest import MINIMAL  # type: ignore[import-not-found]

#: PyYAML's and ruamel's Python tags (full and short forms) and the other non-core tags.
PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {s}']",
    "!!python/object/apply:subprocess.check_call [[touch, '{s}']]",
    "!!python/object/new:subprocess.Popen [[touch, '{s}']]",
    "!!python/object:subprocess.Popen {{args: [touch, '{s}']}}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [touch, '{s}']",
    "!!python/bytes dG91Y2g=",
    "!!python/str x", "!!python/unicode x", "!!python/int 1", "!!python/long 1", "!!python/float 1.0",
    "!!python/complex 1+2j", "!!python/list [1]", "!!python/dict {{a: 1}}", "!!python/none ''", "!!python/bool true",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {s}']",
    "!!binary dG91Y2g=", "!!set {{a, b}}", "!!omap [{{a: 1}}]", "!!pairs [{{a: 1}}]", "!!timestamp 2025-01-01",
    "!ruby/object:Gem::Installer {{a: 1}}", "!java.io.File x", "!custom x",
]
TAG_IDS = [t.split(" ")[0][:40] for t in PYTHON_TAGS]


@pytest.mark.parametrize("tag", PYTHON_TAGS, ids=TAG_IDS)
def test_every_non_core_tag_is_a_located_problem(tag: str, tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    for text in (f"id: {tag.format(s=sentinel)}\n", f"id: C01\nplan:\n  objective: {tag.format(s=sentinel)}\n",
                 f"- {tag.format(s=sentinel)}\n"):
        doc = read_yaml(text, "x.yaml")
        assert not doc.ok and doc.data is None
        assert [p.code for p in doc.problems] == ["NIC012"], doc.problems
        assert doc.problems[0].line >= 1 and doc.problems[0].column >= 1
    assert not sentinel.exists()


def _hostile_cycle(sentinel: Path) -> str:
    return MINIMAL["sites/lincoln/pdsa/C01.yaml"].replace(
        "title: Exit tickets in one advisory",
        f"title: !!python/object/apply:os.system ['touch {sentinel}']")


def test_commands_never_run_a_tag(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2025-10-15")
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    sentinel = tmp_path / "SENTINEL"
    repo = GitNetwork(tmp_path / "net")
    first = repo.commit("start", "2025-09-01T12:00:00+00:00", dict(MINIMAL))
    repo.commit("hostile", "2025-09-10T12:00:00+00:00", {"sites/lincoln/pdsa/C01.yaml": _hostile_cycle(sentinel)})
    root = str(repo.root)
    result = cli("-C", root, "validate")
    assert result.exit_code == 1 and "NIC012" in result.stdout
    for args in (["log"], ["status"], ["diff", first], ["compare", "lincoln"], ["fix", "--check"],
                 ["migrate", "--check"], ["validate", "--format", "json"],
                 ["pdsa", "advance", "C01", "--site", "lincoln"]):
        result = cli("-C", root, *args)
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
        assert not sentinel.exists(), args


def test_a_billion_laughs_stops_fast_with_a_problem() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    text = "\n".join(lines) + "\n"
    start = time.perf_counter()
    doc = read_yaml(text, "bomb.yaml")
    elapsed = time.perf_counter() - start
    assert [p.code for p in doc.problems] == ["NIC011"]
    assert doc.data is None
    assert elapsed < 2.0, f"the alias bomb took {elapsed:.1f} s"


def test_alias_bomb_in_a_network_is_reported_through_validate(make_network, cli) -> None:
    bomb = "id: CI-01\ntitle: &a [x, x, x, x, x, x, x, x]\n" + "".join(
        f"k{i}: &a{i} [{', '.join(['*a' if i == 0 else f'*a{i - 1}'] * 8)}]\n" for i in range(8))
    root = make_network({"change-ideas/CI-01.yaml": bomb})
    start = time.perf_counter()
    result = cli("-C", str(root), "validate")
    assert result.exit_code == 1 and "NIC011" in result.stdout
    assert time.perf_counter() - start < 5.0


def test_deep_nesting_stops_with_a_problem() -> None:
    for text in ("[" * 10_000 + "]" * 10_000, "a:\n" + "".join(" " * (2 * i) + f"k{i}:\n" for i in range(1, 300))):
        doc = read_yaml(text, "deep.yaml")
        assert [p.code for p in doc.problems] == ["NIC010"]
