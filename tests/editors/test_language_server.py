"""`nic lsp` over LSP, as an editor drives it: `nic lsp --stdio` started as a subprocess and
spoken to in Content-Length framed JSON-RPC, on a copy of the example network.

Each test opens its own files and puts the buffers back as they were, so one server
serves the whole module.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

pytest.importorskip("pygls")

SRC = Path(__file__).resolve().parents[2] / "src"
EXAMPLE = SRC / "nictools" / "example"
TIMEOUT = 30.0


class Client:
    """A small LSP client: requests, notifications, and the server's messages in order."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        self.versions: dict[str, int] = {}
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
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

    def _next(self, deadline: float) -> dict[str, Any]:
        try:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            raise AssertionError(f"nic lsp said nothing for {TIMEOUT} s") from None
        if message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
        elif "method" in message and "id" in message:  # a request to the client: answer it
            self.send({"id": message["id"], "result": None})
        return message

    def request(self, method: str, params: dict[str, Any]) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._next(deadline)
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message
                return message.get("result")

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def wait_for_diagnostics(self, uri: str, until: Any) -> list[dict[str, Any]]:
        """Read messages until the diagnostics last published for `uri` satisfy `until`."""
        deadline = time.monotonic() + TIMEOUT
        while not (uri in self.diagnostics and until(self.diagnostics[uri])):
            self._next(deadline)
        return self.diagnostics[uri]

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "csv" if path.suffix == ".csv" else "yaml", "version": 1,
            "text": path.read_text(encoding="utf-8") if text is None else text}})
        return uri

    def change(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": self.versions[uri]},
                                               "contentChanges": [{"text": text}]})

    def close_document(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})

    def shutdown(self) -> None:
        try:
            self.request("shutdown", None)  # type: ignore[arg-type]
            self.notify("exit", None)  # type: ignore[arg-type]
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def lsp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Client, Path]]:
    root = tmp_path_factory.mktemp("lsp") / "network"
    shutil.copytree(EXAMPLE, root)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    client = Client([sys.executable, "-m", "nictools", "lsp", "--stdio"], env)
    try:
        result = client.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(),
                                               "capabilities": {}, "workspaceFolders": [{"uri": root.as_uri(),
                                                                                         "name": "network"}]})
        caps = result["capabilities"]
        assert caps["completionProvider"] and caps["hoverProvider"] and caps["definitionProvider"]
        assert caps["codeActionProvider"]
        client.notify("initialized", {})
        yield client, root
    finally:
        client.shutdown()


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines()) if needle in line)


def test_a_bad_reference_is_marked_as_you_type_and_cleared_when_fixed(lsp: tuple[Client, Path]) -> None:
    client, root = lsp
    path = root / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    good = path.read_text(encoding="utf-8")
    uri = client.open(path)
    assert client.wait_for_diagnostics(uri, lambda d: True) == []  # the example network is clean
    bad = good.replace("change_ideas: [CI-02]", "change_ideas: [CI-99]")
    client.change(uri, bad)  # only the buffer: the file on disk is untouched
    found = client.wait_for_diagnostics(uri, lambda d: d != [])
    at = _line_of(bad, "change_ideas:")
    assert [(d["code"], d["range"]["start"]["line"], d["severity"]) for d in found] == [("NIC203", at, 1)], found
    assert "CI-99" in found[0]["message"] and found[0]["source"] == "nic"
    client.change(uri, good)
    assert client.wait_for_diagnostics(uri, lambda d: d == []) == []
    client.close_document(uri)


def test_an_edit_in_one_file_marks_the_files_that_refer_to_it(lsp: tuple[Client, Path]) -> None:
    """Renaming a change idea in its buffer breaks the cycles naming it: they get diagnostics too."""
    client, root = lsp
    idea = root / "change-ideas" / "CI-02.yaml"
    good = idea.read_text(encoding="utf-8")
    uri = client.open(idea)
    client.wait_for_diagnostics(uri, lambda d: d == [])
    client.change(uri, good.replace("id: CI-02", "id: CI-33"))
    other = (root / "sites" / "lincoln" / "pdsa" / "C01.yaml").as_uri()  # not open in the editor
    marked = client.wait_for_diagnostics(other, lambda d: any("CI-02" in x["message"] for x in d))
    assert {d["code"] for d in marked} == {"NIC203"}
    client.change(uri, good)
    assert client.wait_for_diagnostics(other, lambda d: d == []) == []
    client.close_document(uri)


def test_rapid_edits_are_checked_once_typing_pauses(lsp: tuple[Client, Path]) -> None:
    client, root = lsp
    path = root / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    good = path.read_text(encoding="utf-8")
    uri = client.open(path)
    client.wait_for_diagnostics(uri, lambda d: d == [])
    client.diagnostics.pop(uri)
    for n in range(5):  # five keystrokes inside the debounce window: only the last state counts
        client.change(uri, good.replace("change_ideas: [CI-02]", f"change_ideas: [CI-9{n}]"))
    found = client.wait_for_diagnostics(uri, lambda d: d != [])
    assert ["CI-94" in d["message"] for d in found] == [True], found
    client.change(uri, good)
    client.wait_for_diagnostics(uri, lambda d: d == [])
    client.close_document(uri)


def test_completion_at_a_change_ideas_item_offers_the_change_idea_ids(lsp: tuple[Client, Path]) -> None:
    client, root = lsp
    path = root / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    good = path.read_text(encoding="utf-8")
    text = good.replace("change_ideas: [CI-02]", "change_ideas:\n  - CI-02\n  - ")
    uri = client.open(path, text)
    row = _line_of(text, "  - CI-02") + 1
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": row, "character": 4}})
    items = result["items"] if isinstance(result, dict) else result
    labels = {i["label"] for i in items}
    assert labels == {p.stem for p in (EXAMPLE / "change-ideas").glob("*.yaml")}
    ci02 = next(i for i in items if i["label"] == "CI-02")
    assert ci02["detail"] == "Weekly two-minute advisor check-in"
    # half an id typed: the whole of it is replaced (an editor's word would stop at the `-`)
    typed = text.replace("  - CI-02\n  - \n", "  - CI-02\n  - CI-1\n")
    client.change(uri, typed)
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": row, "character": 8}})
    ci10 = next(i for i in result["items"] if i["label"] == "CI-10")
    assert ci10["textEdit"]["range"] == {"start": {"line": row, "character": 4}, "end": {"line": row, "character": 8}}
    # in a cycle's `measures:` the measures are offered, and `replicates:` offers other sites' cycles
    row = _line_of(text, "measures:")
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": row, "character": len("  measures: [")}})
    assert "ATT-90" in {i["label"] for i in result["items"]}
    row = _line_of(text, "replicates:")
    result = client.request("textDocument/completion", {"textDocument": {"uri": uri},
                                                        "position": {"line": row, "character": len("replicates: ")}})
    assert "roosevelt/C02" in {i["label"] for i in result["items"]}
    client.close_document(uri)


def test_hover_shows_an_ids_title_and_a_codes_explanation(lsp: tuple[Client, Path]) -> None:
    client, root = lsp
    path = root / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    text = "# nic: ignore[NIC405]\n" + path.read_text(encoding="utf-8")
    uri = client.open(path, text)
    row = _line_of(text, "change_ideas: [CI-02]")
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": row, "character": len("change_ideas: [CI")}})
    assert "Weekly two-minute advisor check-in" in hover["contents"]["value"]
    assert hover["range"]["start"] == {"line": row, "character": len("change_ideas: [")}
    hover = client.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                  "position": {"line": 0, "character": len("# nic: ignore[NIC4")}})
    from nictools.catalogue.docs import explain_text
    from nictools.catalogue import lookup

    assert hover["contents"]["value"] == explain_text(lookup("NIC405"))  # type: ignore[arg-type]
    client.close_document(uri)


def test_go_to_definition_opens_the_file_at_the_id(lsp: tuple[Client, Path]) -> None:
    client, root = lsp
    path = root / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    text = path.read_text(encoding="utf-8")
    uri = client.open(path)
    row = _line_of(text, "change_ideas: [CI-02]")
    found = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                       "position": {"line": row, "character": len("change_ideas: [C")}})
    target = root / "change-ideas" / "CI-02.yaml"
    assert found["uri"] == target.as_uri()
    assert found["range"]["start"] == {"line": _line_of(target.read_text(encoding="utf-8"), "id: CI-02"),
                                       "character": len("id: ")}
    row = _line_of(text, "replicates:")  # another site's cycle
    found = client.request("textDocument/definition", {"textDocument": {"uri": uri},
                                                       "position": {"line": row, "character": len("replicates: ros")}})
    assert found["uri"] == (root / "sites" / "roosevelt" / "pdsa" / "C02.yaml").as_uri()
    client.close_document(uri)


def test_code_action_repairs_what_nic_fix_repairs(lsp: tuple[Client, Path]) -> None:
    client, root = lsp
    path = root / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    good = path.read_text(encoding="utf-8")
    messy = good.replace("\n", "   \n", 3).replace("\n", "\r\n")
    uri = client.open(path, messy)
    found = client.wait_for_diagnostics(uri, lambda d: any(x["code"] == "NIC006" for x in d))
    result = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "context": {"diagnostics": found}})
    quick = next(a for a in result if a["kind"] == "quickfix")
    assert "CRLF" in quick["title"] and "trailing spaces" in quick["title"]
    assert [d["code"] for d in quick["diagnostics"]] == ["NIC006"]
    [edit] = quick["edit"]["changes"][uri]
    assert edit["newText"] == good
    client.change(uri, edit["newText"])
    assert client.wait_for_diagnostics(uri, lambda d: d == []) == []
    client.close_document(uri)


def test_nic_lsp_without_pygls_says_how_to_install_it() -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    code = ("import sys; sys.modules['pygls'] = None; sys.modules['pygls.lsp.server'] = None; "
            "sys.argv = ['nic', 'lsp']; from nictools.cli.main import run; run()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "pygls" in done.stderr and "nic-toolkit[lsp]" in done.stderr and "Traceback" not in done.stderr
