"""Nothing from a repository drives the terminal: control characters are shown, never obeyed.

Escape sequences hide in YAML double-quoted escapes, file names, author names, commit and
tag messages, CSV notes and raw bytes on a source line. Every read command prints them as
`\\u001b` (C0 but newline and tab, DEL, C1), in plain text, with colour forced on, and in
error messages; JSON and SARIF stay valid and mean the same; `nic validate` reports the
values (NIC018).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from nictools.terminal import SafeStream, visible
from tests.conftest import MINIMAL  # type: ignore[import-not-found]
from tests.history.conftest import git_env  # type: ignore[import-not-found]

#: what a terminal would obey: any C0 but \t and \n, DEL, any C1
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ESC = "\x1b]0;owned\x07\x1b[2J\x9b31m\x07\x08\r\x7f"
YAML_ESCAPES = r"\e]0;owned\a\e[2J\x9b31m\r\b"


def _network(root: Path) -> None:
    files = {k: textwrap.dedent(v) for k, v in MINIMAL.items()}
    files["change-ideas/CI-01.yaml"] = files["change-ideas/CI-01.yaml"].replace(
        "title: Exit tickets", f'title: "Exit {YAML_ESCAPES} tickets"')
    files["sites/lincoln/site.yaml"] = files["sites/lincoln/site.yaml"].replace(
        "name: Lincoln High School", f'name: "Lincoln {YAML_ESCAPES}"')
    files["sites/lincoln/data/ATT.csv"] += f'2025-09-15,81,100\n'
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "sites/lincoln/data/ATT.csv").write_text(
        "period,numerator,denominator,note\n2025-09-01,80,100,\"note " + ESC.replace("\r", "") + "\"\n"
        "2025-09-08,82,100,\n", encoding="utf-8")
    (root / f"measures/odd{ESC.replace(chr(0x9b), '')}.yaml").write_text("id: ODD\n", encoding="utf-8")
    env = git_env(name=f"Ann {ESC}")
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "-c", "init.defaultBranch=main", "init", "-q"], check=True, env=env)
    subprocess.run([*git, "add", "-A"], check=True, env=env)
    subprocess.run([*git, "commit", "-q", "--no-gpg-sign", "-m", f"start {ESC}"], check=True, env=env)
    subprocess.run([*git, "tag", "-a", "convening/fall", "-m", f"fall {ESC}"], check=True,
                   env=git_env(date="2025-09-02T12:00:00+00:00", name=f"Ann {ESC}"))
    # a raw ESC byte on a source line (a syntax error, shown with its line), uncommitted
    (root / "aims/network-aim.yaml").write_text(
        textwrap.dedent(MINIMAL["aims/network-aim.yaml"]) + "note: \x1b[2J\n", encoding="utf-8")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("escapes") / "net"
    _network(root)
    return root


COMMANDS = [
    ["validate"], ["validate", "--format", "github"], ["status"], ["log"], ["diff", "HEAD"], ["compare", "HEAD"],
    ["convening", "list"], ["report", "--format", "markdown"], ["diagram", "--format", "mermaid"],
    ["chart", "ATT", "--site", "lincoln"], ["rename", "--dry-run", "site", "lincoln", "lincoln2"],
    ["explain", "NIC018"], ["status", "--site", f"x{ESC}"], ["validate", f"sites/{ESC}.yaml"],
    ["log", "--since", f"{ESC}"],
]


def _nic(root: Path, args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "NIC_TODAY": "2025-10-15", "NO_COLOR": "", "COLUMNS": "200", **env}
    return subprocess.run([sys.executable, "-m", "nictools", "-C", str(root), *args], capture_output=True,
                          env=environment, timeout=120)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
@pytest.mark.parametrize("color", ["", "1"], ids=["plain", "forced-colour"])
def test_no_control_character_reaches_the_terminal(network: Path, args: list[str], color: str) -> None:
    done = _nic(network, args, FORCE_COLOR=color)
    assert done.returncode in (0, 1, 2), done.stderr.decode(errors="replace")
    for name, stream in (("stdout", done.stdout), ("stderr", done.stderr)):
        text = stream.decode("utf-8")
        if color:  # nic's own colours: SGR sequences only, and none of them carries the payload
            text = re.sub(r"\x1b\[[0-9;]*m", "", text)
        found = CONTROL.findall(text)
        assert not found, (name, args, found, text[:2000])


def test_the_payload_is_shown_not_dropped(network: Path) -> None:
    out = _nic(network, ["log"]).stdout.decode()
    assert "Ann \\u001b]0;owned\\u0007\\u001b[2J" in out
    out = _nic(network, ["convening", "list"]).stdout.decode()
    assert "fall \\u001b]0;owned" in out
    out = _nic(network, ["validate"]).stdout.decode()
    assert "Exit \\u001b]0;owned\\u0007\\u001b[2J\\u009b31m" in out  # the value, in NIC018's message
    assert "note: \\u001b[2J" in out  # the raw byte on the source line


def test_validate_flags_control_characters_in_text_fields(network: Path) -> None:
    done = _nic(network, ["validate", "--format", "json", "--select", "NIC018"])
    problems = json.loads(done.stdout)["problems"]
    where = {(p["path"], p["line"]) for p in problems}
    assert ("change-ideas/CI-01.yaml", 2) in where
    assert ("sites/lincoln/site.yaml", 2) in where
    assert ("sites/lincoln/data/ATT.csv", 2) in where
    assert done.returncode == 1


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_machine_formats_stay_valid_and_keep_the_value(network: Path, fmt: str) -> None:
    done = _nic(network, ["validate", "--format", fmt])
    data = json.loads(done.stdout)
    text = repr(data)
    assert "NIC018" in text or "control-character" in text
    assert "odd\\x1b]0;owned\\x07\\x1b[2J" in text  # a file name is data: kept as it is, escaped by JSON


def test_json_through_the_safe_stream_is_still_the_same_json() -> None:
    value = {"a": "x\x1b[2J\x9b\x7f\x85y", "b": "tab\tnew\nline"}
    text = json.dumps(value, ensure_ascii=False)

    class Sink:
        def __init__(self) -> None:
            self.parts: list[str] = []

        def write(self, s: str) -> int:
            self.parts.append(s)
            return len(s)

    sink = Sink()
    SafeStream(sink).write(text)  # type: ignore[arg-type]
    shown = "".join(sink.parts)
    assert not CONTROL.search(shown)
    assert json.loads(shown) == value


def test_visible_keeps_newlines_tabs_and_text() -> None:
    assert visible("a\tb\nc é → ü") == "a\tb\nc é → ü"
    assert visible("\x1b[2J\r\x00\x7f\x80\x9f") == "\\u001b[2J\\u000d\\u0000\\u007f\\u0080\\u009f"


@pytest.mark.parametrize("args", [["validate", "--help"], ["new", "pdsa", "--help"], ["--help"]])
def test_help_keeps_its_own_colours(tmp_path: Path, args: list[str]) -> None:
    """Only a command's own run is filtered: click's help is nic's text and keeps its colours."""
    done = _nic(tmp_path, args, FORCE_COLOR="1")
    assert done.returncode == 0
    assert "\\u001b" not in done.stdout.decode() and "\x1b[" in done.stdout.decode()
