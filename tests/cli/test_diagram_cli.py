"""`nic diagram` from the command line."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

from tests.cli.test_startup import HEAVY, PROBE


def test_mermaid_to_stdout_by_default(make_network, cli) -> None:
    result = cli("-C", str(make_network()), "diagram")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("flowchart LR\n")
    assert "c_CI_01" in result.stdout


def test_out_picks_the_format_by_extension(make_network, cli, tmp_path) -> None:
    root = make_network()
    for name, magic in (("d.svg", b"<?xml"), ("d.png", b"\x89PNG"), ("d.pdf", b"%PDF")):
        result = cli("-C", str(root), "diagram", "--out", str(tmp_path / name))
        assert result.exit_code == 0, result.stderr
        assert (tmp_path / name).read_bytes().startswith(magic)
        assert f"Wrote {tmp_path / name}" in result.stderr
    ET.parse(tmp_path / "d.svg")


def test_text_formats_to_stdout(make_network, cli) -> None:
    root = make_network()
    assert cli("-C", str(root), "diagram", "--format", "dot").stdout.startswith("digraph driver_diagram {")
    assert '"crossings"' in cli("-C", str(root), "diagram", "--format", "json").stdout
    assert cli("-C", str(root), "diagram", "-f", "svg").stdout.startswith("<?xml")


def test_site_and_plain(make_network, cli) -> None:
    root = make_network()
    result = cli("-C", str(root), "diagram", "--site", "lincoln", "--format", "json")
    assert result.exit_code == 0 and '"site": "lincoln"' in result.stdout
    plain = cli("-C", str(root), "diagram", "--plain")
    assert "Tested at" not in plain.stdout and "[testing]" not in plain.stdout


def test_unknown_site_suggests_the_closest(make_network, cli) -> None:
    result = cli("-C", str(make_network()), "diagram", "--site", "lincon")
    assert result.exit_code == 2
    assert "no site `lincon`" in result.stderr and "Did you mean `lincoln`?" in result.stderr


def test_missing_drivers_yaml_says_how_to_fix(make_network, cli) -> None:
    result = cli("-C", str(make_network({"drivers.yaml": None})), "diagram")
    assert result.exit_code == 2
    assert "drivers.yaml" in result.stderr and "nic validate" in result.stderr


def test_broken_files_are_noted_but_the_diagram_is_drawn(make_network, cli) -> None:
    root = make_network({"change-ideas/CI-02.yaml": "id: CI-02\ntitle: [unclosed\n"})
    result = cli("-C", str(root), "diagram")
    assert result.exit_code == 0
    assert "nic validate" in result.stderr and "c_CI_01" in result.stdout


def test_usage_errors(make_network, cli, tmp_path) -> None:
    root = str(make_network())
    png = cli("-C", root, "diagram", "--format", "png")
    assert png.exit_code == 2 and "--out" in png.stderr
    mismatch = cli("-C", root, "diagram", "--format", "svg", "--out", str(tmp_path / "x.png"))
    assert mismatch.exit_code == 2 and not (tmp_path / "x.png").exists()
    unknown = cli("-C", root, "diagram", "--out", str(tmp_path / "x.gif"))
    assert unknown.exit_code == 2 and ".svg, .png or .pdf" in unknown.stderr
    bad_format = cli("-C", root, "diagram", "--format", "visio")
    assert bad_format.exit_code == 2 and "mermaid" in bad_format.stderr


def test_as_of_outside_git_is_a_clear_error(make_network, cli) -> None:
    result = cli("-C", str(make_network()), "diagram", "--as-of", "2025-10-01")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "git" in result.stderr


def test_svg_and_text_formats_do_not_import_matplotlib(make_network) -> None:
    root = make_network()
    for fmt in ("svg", "mermaid", "dot", "json"):
        args = ["-C", str(root), "diagram", "--format", fmt]
        out = subprocess.run([sys.executable, "-c", PROBE.format(args=args, heavy=HEAVY)],
                             capture_output=True, text=True, check=True)
        assert out.stdout.strip().splitlines()[-1] == "HEAVY:", f"{fmt} imported {out.stdout.strip()}"
