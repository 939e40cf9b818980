"""Every output format is well-formed and keeps user text as text."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nictools.diagram import render_diagram
from nictools.diagram.dot import dot_string
from nictools.diagram.mermaid import mermaid_text
from nictools.load.network import load_network
from tests.conftest import EXAMPLE
from tests.diagram.networks import big_network_files

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "diagram"
NASTY = 'Relationships <script>alert("x")</script> & #1 `end` \\N'

NASTY_DRIVERS = f"""\
aim: network-aim
primary:
  - id: P1
    title: {json.dumps(NASTY)}
  - id: end
    title: "A driver whose id is a Mermaid keyword"
    status: proposed
secondary:
  - id: S1
    title: "Advisory \\"check-ins\\" <b>bold</b>"
    primary_drivers: [P1, end]
"""


@pytest.fixture
def nasty(make_network):
    network, _ = load_network(make_network({"drivers.yaml": NASTY_DRIVERS}))
    return network


def _svg_text(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("}text"))


def test_svg_parses_and_escapes_user_text(nasty) -> None:
    svg = render_diagram(nasty, "svg")
    assert "<script" not in svg
    root = ET.fromstring(svg.encode())
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    text = _svg_text(root)
    assert '<script>alert("x")</script>' in text.replace(" ", "") or '<script>alert("x")</script>' in text
    assert "(proposed)" in text


def test_svg_of_the_big_network_parses(make_network) -> None:
    network, _ = load_network(make_network(big_network_files()))
    root = ET.fromstring(render_diagram(network, "svg").encode())
    assert "Écoute" in _svg_text(root)


# --- Mermaid -----------------------------------------------------------------------------

ID = r"[A-Za-z][A-Za-z0-9_]*"
LABEL = r'"(?:[^"#<>`&]|#\d+;|<br/>)*"'
MERMAID_LINE = {
    "node": re.compile(rf"^    ({ID})\[{LABEL}\]$"),
    "link": re.compile(rf"^    ({ID}) (-{{3,}}|-\.+-) ({ID})$"),
    "linkStyle": re.compile(r"^    linkStyle \d+(,\d+)* [a-z-]+:[^,;\s]+(,[a-z-]+:[^,;\s]+)*$"),
    "classDef": re.compile(rf"^    classDef ({ID}) [a-z-]+:[^,;]+(,[a-z-]+:[^,;]+)*$"),
    "class": re.compile(rf"^    class ({ID}(?:,{ID})*) ({ID})$"),
    "comment": re.compile(r"^    %% .*$"),
}
RESERVED = {"end", "graph", "subgraph", "flowchart", "class", "classDef", "style", "linkStyle", "click", "call"}


def check_mermaid(text: str) -> None:
    """A grammar check of every line nic emits: known statements, defined ids only."""
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    nodes: set[str] = set()
    classes: set[str] = set()
    for line in lines[1:]:
        kind = next((k for k, rx in MERMAID_LINE.items() if rx.match(line)), None)
        assert kind, f"not Mermaid nic writes: {line!r}"
        m = MERMAID_LINE[kind].match(line)
        if kind == "node":
            assert m.group(1) not in nodes and m.group(1) not in RESERVED
            nodes.add(m.group(1))
        elif kind == "link":
            assert m.group(1) in nodes and m.group(3) in nodes
        elif kind == "classDef":
            classes.add(m.group(1))
        elif kind == "class":
            assert set(m.group(1).split(",")) <= nodes and m.group(2) in classes


def test_mermaid_is_well_formed_and_escaped(nasty) -> None:
    text = render_diagram(nasty, "mermaid")
    check_mermaid(text)
    assert "<script>" not in text and "#60;script#62;" in text
    assert "p_end[" in text  # the id `end` is prefixed, so it cannot end a block
    assert "aim_network_aim --- p_P1" in text
    assert "aim_network_aim -.- p_end" in text  # a proposed driver's link is dotted


def test_mermaid_of_the_big_network(make_network) -> None:
    network, _ = load_network(make_network(big_network_files()))
    text = render_diagram(network, "mermaid")
    check_mermaid(text)
    # a change idea on a primary: a link two columns long (dotted: CI-09 is retired)
    assert re.search(r"^    p_P\d+ -\.\.- c_CI_09$", text, re.M)
    assert re.search(r"^    p_P\d+ ---- c_CI_\d+$", text, re.M)


def test_mermaid_text_escapes_every_syntax_character() -> None:
    assert mermaid_text('a "b" <c> & #d `e`') == "a #34;b#34; #60;c#62; #38; #35;d #96;e#96;"


# --- DOT ---------------------------------------------------------------------------------


def test_dot_string_keeps_text_literal() -> None:
    assert dot_string('say "hi" \\N') == '"say \\"hi\\" \\\\N"'
    assert dot_string("two\nlines") == '"two\\nlines"'


DOT_STATEMENT = re.compile(
    r'^    (graph|node|edge) \[.*\];$|^    "(?:[^"\\]|\\.)*"( -> "(?:[^"\\]|\\.)*")?( \[.*\])?;$'
    r'|^    \{ rank=same; .*; \}  // .*$'
)


def check_dot(text: str) -> None:
    lines = text.splitlines()
    assert lines[0] == "digraph driver_diagram {" and lines[-1] == "}"
    for line in lines[1:-1]:
        assert DOT_STATEMENT.match(line), line
        assert line.count('"') - line.count('\\"') - 2 * line.count('\\\\"') >= 0


@pytest.mark.parametrize("which", ["nasty", "big"])
def test_dot_round_trips_through_graphviz(which: str, nasty, make_network) -> None:
    network = nasty if which == "nasty" else load_network(make_network(big_network_files()))[0]
    text = render_diagram(network, "dot")
    check_dot(text)
    if shutil.which("dot") is None:
        pytest.skip("Graphviz is not installed: checked the grammar only")
    done = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    assert b"Warning" not in done.stderr and b"Error" not in done.stderr, done.stderr.decode()
    svg = ET.fromstring(done.stdout)
    drawn = _svg_text(svg)
    if which == "nasty":
        assert '<script>alert("x")</script>' in drawn and "\\N" in drawn
    else:
        assert "Écoute" in drawn


# --- JSON --------------------------------------------------------------------------------


def test_json_has_nodes_edges_boxes_and_crossings(nasty) -> None:
    data = json.loads(render_diagram(nasty, "json"))
    assert {"nodes", "edges", "boxes", "crossings", "width", "height", "version"} <= set(data)
    assert {n["key"] for n in data["nodes"]} == {b["key"] for b in data["boxes"]}
    assert isinstance(data["crossings"], int)
    idea = next(n for n in data["nodes"] if n["kind"] == "change_idea")
    assert idea["overlay"]["sites_tested"] == 1
    assert all(len(e["points"]) >= 2 for e in data["edges"])


# --- PNG and PDF ---------------------------------------------------------------------------


def test_png_and_pdf_are_written(nasty) -> None:
    png = render_diagram(nasty, "png")
    assert isinstance(png, bytes) and png.startswith(b"\x89PNG\r\n\x1a\n")
    pdf = render_diagram(nasty, "pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")


def test_png_has_the_layout_size_at_twice_the_scale(nasty) -> None:
    import struct

    from nictools.diagram.graph import build_graph
    from nictools.diagram.layout import layout_diagram

    layout = layout_diagram(build_graph(nasty))
    png = render_diagram(nasty, "png")
    width, height = struct.unpack(">II", png[16:24])
    assert abs(width - 2 * layout.width) <= 2 and abs(height - 2 * layout.height) <= 2


# --- golden files (NIC_UPDATE_GOLDEN=1 rewrites them) ----------------------------------------------


@pytest.mark.parametrize("fmt,name", [("mermaid", "example.mmd"), ("dot", "example.dot")])
def test_example_golden(fmt: str, name: str) -> None:
    if not (EXAMPLE / "network.yaml").exists():
        pytest.skip("the example network is not here yet")
    network, _ = load_network(EXAMPLE)
    text = render_diagram(network, fmt)
    path = GOLDEN / name
    if os.environ.get("NIC_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
