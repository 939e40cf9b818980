"""The schemas work in an editor: Red Hat's yaml-language-server (the engine of the VS Code
YAML extension), driven over LSP stdio with the `yaml.schemas` mapping docs/editors.md gives.

Skipped when node or the server is missing. .ci/run installs the server with npm into
.ci/node when it can; set YAML_LANGUAGE_SERVER to another copy's bin script.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any, Iterator

import pytest

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT / "src" / "nictools" / "example"
TIMEOUT = 30.0


def find_server() -> list[str] | None:
    node = shutil.which("node")
    candidates = [os.environ.get("YAML_LANGUAGE_SERVER", ""),
                  str(PROJECT / ".ci" / "node" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server")]
    for candidate in candidates:
        if node and candidate and Path(candidate).is_file():
            return [node, candidate, "--stdio"]
    found = shutil.which("yaml-language-server")
    return [found, "--stdio"] if found else None


SERVER = find_server()
pytestmark = pytest.mark.skipif(SERVER is None, reason="node and yaml-language-server are not installed")


class Client:
    """A minimal LSP client: Content-Length framed JSON-RPC over the server's stdin and stdout."""

    def __init__(self, command: list[str]) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.settings: dict[str, Any] = {}  # answers the server's workspace/configuration requests
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while (line := out.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if line == b"":
                return
            self.messages.put(json.loads(out.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        for message in self.incoming():
            if message.get("id") == self.next_id and "method" not in message:
                return message
        raise AssertionError("unreachable")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def incoming(self) -> Iterator[dict[str, Any]]:
        """Messages from the server; its requests for settings are answered from `settings`."""
        while True:
            try:
                message = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError(f"yaml-language-server said nothing for {TIMEOUT} s") from None
            if "method" in message and "id" in message:  # a request to the client
                result: Any = None
                if message["method"] == "workspace/configuration":
                    result = [self.settings.get(item.get("section", ""), None) for item in message["params"]["items"]]
                self.send({"id": message["id"], "result": result})
            yield message

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics published for `uri`."""
        for message in self.incoming():
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
                return list(message["params"]["diagnostics"])
        raise AssertionError("unreachable")

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Path]]:
    """A running server with the settings `nic init` writes (.vscode/settings.json), as VS Code passes them."""
    from nictools.scaffold.init import init_network

    workspace = tmp_path_factory.mktemp("workspace")
    init_network(workspace, name="Test", hub="Hub")
    settings = json.loads((workspace / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    client = Client(SERVER)  # type: ignore[arg-type]
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": workspace.as_uri(),
                                      "capabilities": {"textDocument": {"publishDiagnostics": {}}},
                                      "workspaceFolders": [{"uri": workspace.as_uri(), "name": "network"}]})
        client.notify("initialized", {})
        client.settings = {"yaml": {"schemas": settings["yaml.schemas"], "validate": True,
                                    "schemaStore": {"enable": False}}}
        client.notify("workspace/didChangeConfiguration", {"settings": client.settings})
        yield client, workspace
    finally:
        client.close()


def open_file(client: Client, workspace: Path, rel: str, text: str) -> list[dict[str, Any]]:
    path = workspace / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                            "text": text}})
    return client.diagnostics(uri)


def test_a_good_file_gets_no_diagnostics(server: tuple[Client, Path]) -> None:
    client, workspace = server
    for rel in ("sites/lincoln/pdsa/C01.yaml", "aims/network-aim.yaml", "drivers.yaml"):
        assert open_file(client, workspace, rel, (EXAMPLE / rel).read_text(encoding="utf-8")) == [], rel


def test_a_mistake_is_marked_at_its_line(server: tuple[Client, Path]) -> None:
    client, workspace = server
    good = (EXAMPLE / "sites" / "lincoln" / "pdsa" / "C02.yaml").read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    [at] = [n for n, line in enumerate(lines) if line.startswith("purpose:")]
    lines[at] = "purpose: guess\n"
    found = open_file(client, workspace, "sites/eastside/pdsa/C09.yaml", "".join(lines))
    errors = [d for d in found if d.get("severity") == 1]
    assert errors, found
    assert {d["range"]["start"]["line"] for d in errors} == {at}  # 0-based, as LSP counts
    assert any("test" in d["message"] for d in errors), errors  # it lists the allowed values


def test_an_unknown_field_is_marked(server: tuple[Client, Path]) -> None:
    client, workspace = server
    text = (EXAMPLE / "aims" / "network-aim.yaml").read_text(encoding="utf-8") + "colour: blue\n"
    found = open_file(client, workspace, "aims/typo-aim.yaml", text)
    assert [d["range"]["start"]["line"] for d in found if d.get("severity") in (1, 2)] == [len(text.splitlines()) - 1]


def test_the_modeline_nic_writes_names_the_schema(server: tuple[Client, Path]) -> None:
    """`nic init` and `nic new` start files with `# yaml-language-server: $schema=<relative path>`."""
    client, workspace = server
    text = "# yaml-language-server: $schema=../schemas/measure.schema.json\nid: X\ntitle: X\ncolour: blue\n"
    found = open_file(client, workspace, "unmapped/X.yaml", text)  # no yaml.schemas glob matches this folder
    assert 3 in {d["range"]["start"]["line"] for d in found}, found


def test_hover_shows_the_description_of_the_fields_people_edit_most(server: tuple[Client, Path]) -> None:
    """`plan`, `do`, `study`, `act` and a measure's `type` and `calculation` showed only a title."""
    client, workspace = server
    cycle = (EXAMPLE / "sites" / "lincoln" / "pdsa" / "C01.yaml").read_text(encoding="utf-8")
    measure = (EXAMPLE / "measures" / "ATT-90.yaml").read_text(encoding="utf-8")
    for rel, text, fields in (("sites/eastside/pdsa/C08.yaml", cycle, ("plan", "do", "study", "act")),
                              ("measures/HOVER.yaml", measure, ("type", "calculation"))):
        open_file(client, workspace, rel, text)
        uri = (workspace / rel).as_uri()
        lines = text.splitlines()
        for name in fields:
            row = next(n for n, line in enumerate(lines) if line.startswith(f"{name}:"))
            answer = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                           "position": {"line": row, "character": 1}})
            contents = answer["result"]["contents"]
            shown = contents["value"] if isinstance(contents, dict) else str(contents)
            from nictools import schemas

            kind = "pdsa" if rel.startswith("sites") else "measure"
            schema = schemas.packaged(kind)
            prop = schema["properties"][name]
            # the field's own description, or (for an optional section, an anyOf) its part's description
            refs = [branch["$ref"].rsplit("/", 1)[-1] for branch in prop.get("anyOf", []) if "$ref" in branch]
            said = [prop["description"]] + [schema["$defs"][r]["description"] for r in refs]
            assert any(text.split(":")[0] in shown for text in said), (name, shown)
