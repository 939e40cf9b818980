"""`load_network(..., cache=...)`: a file whose bytes have not changed is not parsed again, and
the network and problems are the same as without the cache (what `nic lsp` relies on)."""

from __future__ import annotations

import shutil
from pathlib import Path

import nictools.load.network as loader
from nictools.load.network import load_network
from nictools.validate import run

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


def test_only_changed_files_are_parsed_again(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    parsed: list[str] = []
    real = loader._parse
    monkeypatch.setattr(loader, "_parse", lambda f, raw: parsed.append(f.path) or real(f, raw))
    cache: loader.ParseCache = {}
    load_network(root, cache=cache)
    everything = len(parsed)
    assert everything == len(cache) > 100
    parsed.clear()
    cycle = "sites/lincoln/pdsa/C01.yaml"
    text = (root / cycle).read_text(encoding="utf-8").replace("change_ideas: [CI-02]", "change_ideas: [CI-99]")
    result, _ = run(root, overlay={cycle: text}, cache=cache)
    assert parsed == [cycle]
    assert [p.code for p in result.problems] == ["NIC203"]
    (root / "change-ideas" / "CI-17.yaml").unlink()  # a file gone leaves the cache too
    parsed.clear()
    with_cache, _ = run(root, cache=cache)
    assert parsed == [cycle] and "change-ideas/CI-17.yaml" not in cache
    without, _ = run(root)
    assert with_cache.problems == without.problems
