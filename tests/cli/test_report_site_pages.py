"""`nic report --site-pages all|signals|none|auto`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


def _pages(cli, root: Path, *args: str) -> list[str]:
    result = cli("-C", str(root), "report", "--format", "json", "--as-of", "2026-06-12", *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["site_pages_total"] == len(data["site_names"])
    return [p["site"] for p in data["sites"]]


def test_site_pages_modes(cli, tmp_path: Path) -> None:
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    every = _pages(cli, root)  # auto: a small network gets a page per site
    assert every == _pages(cli, root, "--site-pages", "all") and len(every) > 5
    assert _pages(cli, root, "--site-pages", "none") == []
    some = _pages(cli, root, "--site-pages", "signals")
    assert 0 < len(some) <= len(every) and set(some) <= set(every)
    html = cli("-C", str(root), "report", "--as-of", "2026-06-12", "--site-pages", "none").stdout
    assert "No site pages in this edition" in html and '<section class="site' not in html
    bad = cli("-C", str(root), "report", "--site-pages", "some")
    assert bad.exit_code in (1, 2) and "--site-pages" in bad.stderr


def test_a_page_kept_by_signals_is_the_page_all_gives(cli, tmp_path: Path) -> None:
    """Pages are chosen before they are charted (charts only for the pages kept): a kept page carries
    the same charts, words and facts as in the edition with every page."""
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)

    def pages(*args: str) -> dict[str, dict]:
        result = cli("-C", str(root), "report", "--format", "json", "--as-of", "2026-06-12", *args)
        assert result.exit_code == 0, result.output
        return {p["site"]: p for p in json.loads(result.stdout)["sites"]}

    every, some = pages("--site-pages", "all"), pages("--site-pages", "signals")
    assert some and set(some) <= set(every)
    assert all(some[site] == every[site] for site in some)
    assert all(page["outcome"] and page["outcome"]["points"] for page in some.values())
