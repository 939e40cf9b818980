"""User text is inert in every HTML, SVG, Markdown, Mermaid, DOT and CI output.

Every free-text field of every artifact (found by walking the pydantic models, so a new
field is covered without touching this test), the data files' notes, commit messages and
author names get a payload of script tags, event-handler attributes, `javascript:` links,
`]]>`, Markdown link and image injection, raw HTML, table-breaking `|` and line breaks,
and backticks. Every output is then parsed the way a browser or a Markdown renderer
would, and no element, attribute or link may come from the payload.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import types
import typing
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from pydantic import BaseModel

from nictools.load.yaml import read_yaml
from nictools.model import MODELS
from nictools.network import list_files
from nictools.scaffold.advance import round_trip_yaml
from tests.history.conftest import git_env  # type: ignore[import-not-found]

PAYLOAD = ("<script>alert(1)</script> \"><img src=x onerror=alert(1)> ' onmouseover='alert(1) "
           "javascript:alert(1) [x](javascript:alert(1)) ![i](javascript:alert(1)) <b>bold</b> "
           "]]> --> <!-- a | b | c `tick` ``` <a href=\"javascript:alert(1)\">x</a> %0A ::error::fake")
#: a second form with line breaks, to break Markdown tables and CI workflow commands
PAYLOAD_LINES = "first line | cell\r\n::error file=x::injected\n| --- |\n<script>alert(2)</script>"


# --- the models' free-text fields ------------------------------------------------------------

def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    return [annotation]


def _metadata(annotation: Any) -> list[Any]:
    """Every constraint inside an annotation (`Id | None` hides its pattern in the union)."""
    out: list[Any] = []
    for meta in getattr(annotation, "__metadata__", ()):
        out += [meta, *getattr(meta, "metadata", ())]
    for arg in typing.get_args(annotation):
        out += _metadata(arg)
    return out


def _is_free_text(info: Any) -> bool:
    """A `str` field with no pattern (ids and cycle refs have one) that is not a setting."""
    kinds = [a for a in _unwrap(info.annotation) if a is not type(None)]
    patterned = any(getattr(m, "pattern", None) for m in [*info.metadata, *_metadata(info.annotation)])
    return kinds == [str] and not patterned


def _text_lists(info: Any) -> bool:
    kinds = [a for a in _unwrap(info.annotation) if a is not type(None)]
    if len(kinds) != 1 or typing.get_origin(kinds[0]) is not list:
        return False
    (item,) = typing.get_args(kinds[0])
    inner = _unwrap(item)
    metadata = [m for meta in getattr(item, "__metadata__", ()) for m in (meta, *getattr(meta, "metadata", ()))]
    return inner == [str] and not any(getattr(m, "pattern", None) for m in metadata)


def _models_in(info: Any) -> list[type[BaseModel]]:
    out = []
    for a in _unwrap(info.annotation):
        for inner in (a, *typing.get_args(a)):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                out.append(inner)
    return out


SKIP = {("Settings", "select"), ("Settings", "ignore")}  # check selectors, not prose: a wrong one stops nic


def free_text_fields() -> set[tuple[str, str]]:
    """(model, field) for every free-text field reachable from the file models."""
    seen: set[str] = set()
    out: set[tuple[str, str]] = set()

    def visit(model: type[BaseModel]) -> None:
        if model.__name__ in seen:
            return
        seen.add(model.__name__)
        for name, info in model.model_fields.items():
            if (model.__name__, name) in SKIP:
                continue
            if _is_free_text(info) or _text_lists(info):
                out.add((model.__name__, name))
            for inner in _models_in(info):
                visit(inner)

    for model in MODELS.values():
        visit(model)
    return out


def poison(data: Any, model: type[BaseModel], filled: set[tuple[str, str]], counter: list[int]) -> None:
    """Put the payload in every free-text field of `data` (present or not) and recurse."""
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        if (model.__name__, name) in SKIP:
            continue
        counter[0] += 1
        text = f"T{counter[0]} {PAYLOAD_LINES if counter[0] % 3 == 0 else PAYLOAD}"
        if _is_free_text(info):
            data[name] = text
            filled.add((model.__name__, name))
        elif _text_lists(info):
            data[name] = [text, f"T{counter[0]}b {PAYLOAD}"]
            filled.add((model.__name__, name))
        for inner in _models_in(info):
            value = data.get(name)
            for item in value if isinstance(value, list) else [value]:
                poison(item, inner, filled, counter)


# --- the poisoned network ------------------------------------------------------------------

def _git(root: Path, *args: str, name: str = "J. Rivera") -> str:
    env = git_env("2026-06-20T12:00:00+00:00", name)
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example network, one commit on top that puts the payload everywhere."""
    from typer.testing import CliRunner

    from nictools.cli.main import app

    base = tmp_path_factory.mktemp("xss")
    os.environ.setdefault("NIC_TODAY", "2026-07-01")
    root = base / "net"
    result = CliRunner().invoke(app, ["init", "--example", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    filled: set[tuple[str, str]] = set()
    counter = [0]
    yaml = round_trip_yaml()
    for f in list_files(root).files:
        path = root / f.path
        if f.kind == "data":
            lines = path.read_text().splitlines()
            if lines and "note" in lines[0].split(","):
                continue
            head = lines[0] + ",note"
            body = [ln + "," + json.dumps(f"{PAYLOAD}").replace('\\"', '""') for ln in lines[1:]]
            path.write_text("\n".join([head, *body]) + "\n")
            continue
        if f.kind not in MODELS:
            continue
        doc = read_yaml(path.read_text(), f.path)
        data = doc.data
        poison(data, MODELS[f.kind], filled, counter)
        with open(path, "w", encoding="utf-8") as handle:
            yaml.dump(data, handle)
    missing = free_text_fields() - filled
    # fields the example never uses at all (their parent part is absent everywhere) are listed
    # here so that a new field shows up as a failure, not as a silent gap
    assert missing <= ABSENT_IN_EXAMPLE, f"free-text fields not covered: {sorted(missing - ABSENT_IN_EXAMPLE)}"
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "--no-gpg-sign", "-m", f"Poison {PAYLOAD}\n\n{PAYLOAD_LINES}",
         name=f"Mallory <img src=x onerror=alert(1)> | `x`")
    _git(root, "tag", "convening/2026-06")
    return root


#: (model, field) pairs whose parent part the example never has; keep this list short.
ABSENT_IN_EXAMPLE: set[tuple[str, str]] = set()


def test_the_payload_reaches_every_free_text_field(poisoned: Path) -> None:
    from nictools.load.network import load_network

    network, problems = load_network(poisoned)
    assert not [p for p in problems if p.code.startswith(("NIC0", "NIC1"))], problems[:5]
    assert "T1 " in network.name or network.config is not None


# --- parsers -------------------------------------------------------------------------------

class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.in_script = False
        self.script_text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img" and dict(attrs).get("src") in ("x", "javascript:alert(1)"):
            self.bad.append(f"<img> from user text: {attrs}")
        for name, value in attrs:
            if name.startswith("on") and value and "alert" in value:
                self.bad.append(f"attribute {name}={value!r}")
            if name in ("href", "src", "xlink:href") and value and value.strip().lower().startswith("javascript:"):
                self.bad.append(f"{name}={value!r}")
            if name.startswith("on") and value is None:
                self.bad.append(f"bare event attribute {name}")
        if tag == "script":
            self.in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.bad.append(f"script content from user text: {data[:60]!r}")


def assert_inert_html(text: str, where: str) -> None:
    parser = _Html()
    parser.feed(text)
    parser.close()
    assert not parser.bad, (where, parser.bad[:5])
    assert "<b>bold</b>" not in text, where
    assert "<img src=x" not in text, where


def assert_inert_svg(text: str, where: str) -> None:
    root = ET.fromstring(text.encode("utf-8"))  # well-formed despite `]]>`, `<` and `&`
    for el in root.iter():
        tag = el.tag.rsplit("}", 1)[-1]
        assert tag not in ("script", "foreignObject", "img", "iframe"), (where, tag)
        for name, value in el.attrib.items():
            local = name.rsplit("}", 1)[-1]
            assert not local.startswith("on"), (where, name, value)
            if local == "href":
                assert not value.strip().lower().startswith("javascript:"), (where, value)
    assert_inert_html(text, where)


_md = MarkdownIt("commonmark", {"html": True}).enable("table")


def assert_inert_markdown(text: str, where: str) -> None:
    """Rendered as GitHub would (raw HTML allowed, tables on); nothing active may come out."""
    html = _md.render(text)
    assert_inert_html(html, where)
    for token in _md.parse(text):
        for child in token.children or []:
            if child.type in ("link_open", "image"):
                target = child.attrGet("href") or child.attrGet("src") or ""
                assert not target.lower().startswith("javascript"), (where, target)
                assert "alert" not in target, (where, target)
    _assert_tables_hold(text, where)


def _assert_tables_hold(text: str, where: str) -> None:
    """Each table row has as many cells as its header: user text broke no row."""
    lines = re.split(r"\r\n|\r|\n", text)
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and re.match(r"^\|\s*:?-+", lines[i + 1]):
            width = _cells(lines[i])
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                assert _cells(lines[i]) == width, (where, lines[i][:120])
                i += 1
            assert i >= len(lines) or not lines[i].strip() or not lines[i].startswith((" ", "|")), where
        i += 1


def _cells(row: str) -> int:
    stripped = re.sub(r"(?<!\\)`[^`]*(?<!\\)`", "", row)  # code spans may hold a pipe; \` is no code span
    return len(re.findall(r"(?<!\\)\|", stripped)) - 1


def assert_inert_mermaid(text: str, where: str) -> None:
    assert "<script" not in text and "<img" not in text and "<b>" not in text, where
    for label in re.findall(r'\["(.*?)"\]|\("(.*?)"\)|\{"(.*?)"\}', text):
        body = "".join(label)
        assert '"' not in body, (where, body)
    assert "alert(1)" not in text or "#60;script" in text, where


def assert_inert_dot(text: str, where: str) -> None:
    # every label is a double-quoted DOT string: an unescaped quote would end it early
    for line in text.splitlines():
        for quoted in re.findall(r'"((?:[^"\\]|\\.)*)"', line):
            assert "\n" not in quoted
        rest = re.sub(r'"((?:[^"\\]|\\.)*)"', "", line)
        assert "alert" not in rest and "<" not in rest, (where, line)


def assert_inert_github(text: str, where: str) -> None:
    for line in text.splitlines():
        if re.fullmatch(r"nic: \d+ errors?, \d+ warnings?, \d+ infos? in \d+ files?", line):
            continue  # the summary
        assert line.startswith("::"), (where, line)  # user text never starts a line of its own
        command = line.split("::", 2)
        assert len(command) == 3, (where, line)
        assert "injected" not in command[1] and "fake" not in command[1], (where, line)  # properties stay nic's


# --- the outputs ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def run_nic(poisoned: Path):
    from typer.testing import CliRunner

    from nictools.cli.main import app

    def run(*args: str) -> str:
        result = CliRunner().invoke(app, ["-C", str(poisoned), *args], catch_exceptions=False)
        assert result.exit_code in (0, 1), (args, result.exit_code, result.output[-2000:])
        return result.stdout

    return run


def test_report_html(run_nic, tmp_path: Path) -> None:
    for extra in ([], ["--hub"], ["--site", "lincoln"]):
        out = tmp_path / "r.html"
        run_nic("report", "--out", str(out), *extra)
        text = out.read_text()
        assert "alert(1)" in text  # the payload is shown, as text
        assert_inert_html(text, f"report html {extra}")
        for svg in re.findall(r"<svg.*?</svg>", text, flags=re.S):
            assert_inert_svg(svg, "svg inside the report")


def test_report_markdown(run_nic, tmp_path: Path) -> None:
    for extra in ([], ["--hub"], ["--site", "lincoln"]):
        out = tmp_path / "r.md"
        run_nic("report", "--out", str(out), *extra)
        text = out.read_text()
        assert "onerror=alert" in text  # shown, as text
        assert_inert_markdown(text, f"report markdown {extra}")


def test_report_json_is_json(run_nic, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run_nic("report", "--out", str(out))
    assert PAYLOAD in out.read_text(encoding="utf-8").replace("\\\"", '"')
    json.loads(out.read_text())


@pytest.mark.parametrize("extra", [[], ["--site", "lincoln"], ["--plain"]])
def test_diagram(run_nic, tmp_path: Path, extra: list[str]) -> None:
    out = tmp_path / "d.svg"
    run_nic("diagram", "--out", str(out), *extra)
    assert_inert_svg(out.read_text(), f"diagram svg {extra}")
    assert_inert_mermaid(run_nic("diagram", "--format", "mermaid", *extra), f"mermaid {extra}")
    assert_inert_dot(run_nic("diagram", "--format", "dot", *extra), f"dot {extra}")
    json.loads(run_nic("diagram", "--format", "json", *extra))
    # Mermaid pasted into Markdown (as GitHub renders it): still inert
    assert_inert_markdown("```mermaid\n" + run_nic("diagram", "--format", "mermaid", *extra) + "```\n", "md")


@pytest.mark.parametrize("command", [["status"], ["status", "--hub"], ["log"], ["diff", "convening/2026-04"],
                                     ["compare", "lincoln", "roosevelt"], ["status", "--site", "lincoln"]])
def test_history_markdown(run_nic, command: list[str]) -> None:
    text = run_nic(*command, "--format", "markdown")
    assert "onerror=alert" in text or command[0] == "compare"
    assert_inert_markdown(text, " ".join(command))
    json.loads(run_nic(*command, "--format", "json"))


def test_chart_svg_and_text(run_nic, tmp_path: Path) -> None:
    out = tmp_path / "c.svg"
    run_nic("chart", "ATT-90", "--site", "lincoln", "--out", str(out))
    assert_inert_svg(out.read_text(), "chart svg")
    out = tmp_path / "all.svg"
    run_nic("chart", "ATT-90", "--all-sites", "--out", str(out))
    for svg in tmp_path.glob("all*.svg"):
        assert_inert_svg(svg.read_text(), svg.name)
    json.loads(run_nic("chart", "ATT-90", "--site", "lincoln", "--format", "json"))


def test_export_change_package(run_nic, tmp_path: Path) -> None:
    out = tmp_path / "package"
    run_nic("export", "--change-package", "CI-01", "--out", str(out))
    assert_inert_markdown((out / "README.md").read_text(), "change package README.md")
    assert_inert_html((out / "card.html").read_text(), "change package card.html")
    for svg in out.rglob("*.svg"):
        assert_inert_svg(svg.read_text(), svg.name)


# --- validate: problems quote user text (unknown keys, wrong values, file names) -----------

@pytest.fixture
def broken(make_network) -> Path:
    key = PAYLOAD.replace("'", "").replace(":", "")
    return make_network({
        "change-ideas/CI-01.yaml": f"""\
            id: CI-01
            title: t
            description: d
            drivers: [S1]
            status: '{PAYLOAD.replace("'", "''")}'
            '{key}': 1
            """,
        "sites/lincoln/data/ATT.csv": f'period,numerator,denominator\n"{PAYLOAD}",1,2\n2025-09-08,"{PAYLOAD_LINES}",2\n',
        "sites/lincoln/pdsa/C<b>x</b>.yaml": "id: C02\ntitle: t\nplan: {objective: o}\n",
    })


def test_validate_formats(broken: Path, cli) -> None:
    def out(fmt: str) -> str:
        result = cli("-C", str(broken), "validate", "--format", fmt)
        assert result.exit_code == 1, result.output
        return result.stdout

    sarif = json.loads(out("sarif"))
    assert any("alert(1)" in r["message"]["text"] for r in sarif["runs"][0]["results"])
    json.loads(out("json"))
    json.loads(out("gitlab"))
    junit = ET.fromstring(out("junit").encode("utf-8"))
    assert not [el for el in junit.iter() if el.tag in ("script", "img")]
    assert "alert(1)" in ET.tostring(junit, encoding="unicode")
    assert_inert_github(out("github"), "github")
