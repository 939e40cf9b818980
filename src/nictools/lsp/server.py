"""The language server behind `nic lsp` (pygls, JSON-RPC over stdio).

Every check runs on the whole network the open file belongs to (found by walking up to
`network.yaml`), with the editor's open buffers read instead of the files on disk
(`validate.run(..., overlay=...)`), so a change in one file shows its effect on every
other: rename `id: CI-03` and the cycles naming CI-03 get their diagnostic. Checks wait
until typing pauses (`DEBOUNCE_SECONDS`) and run in a worker thread; a newer edit
supersedes a check whose result is not published yet.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from nictools import __version__
from nictools.errors import NicError
from nictools.load.network import ParseCache
from nictools.lsp import ids
from nictools.model.network import Network
from nictools.problems import Problem, Severity

DEBOUNCE_SECONDS = 0.3
log = logging.getLogger("nictools.lsp")

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}


def uri_to_path(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    raw = unquote(parsed.path)
    if len(raw) > 2 and raw[0] == "/" and raw[2] == ":":  # file:///C:/… on Windows
        raw = raw[1:]
    return Path(raw)


@dataclass
class NetworkState:
    """One network the editor has files open in: its last check and what was published."""

    root: Path
    network: Network | None = None
    definitions: dict[str, dict[str, ids.Definition]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)
    published: set[str] = field(default_factory=set)
    generation: int = 0
    pending: asyncio.Task[None] | None = None
    cache: ParseCache = field(default_factory=dict)  # each file's last parse: a check re-parses what changed
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class NicLanguageServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("nic", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.networks: dict[Path, NetworkState] = {}

    # --- where a document belongs -------------------------------------------------------

    def locate(self, uri: str) -> tuple[NetworkState, str] | None:
        """The network holding the document at `uri` and the document's path in it."""
        path = uri_to_path(uri)
        if path is None:
            return None
        from nictools.network import find_root

        try:
            root = find_root(path.parent)
        except NicError:
            return None
        try:
            rel = path.resolve().relative_to(root).as_posix()
        except ValueError:
            return None
        if root not in self.networks:
            self.networks[root] = NetworkState(root)
        return self.networks[root], rel

    def overlay(self, state: NetworkState) -> dict[str, str]:
        """Relative path -> text of every open buffer inside the network."""
        out = {}
        for uri, doc in self.workspace.text_documents.items():
            path = uri_to_path(uri)
            if path is None:
                continue
            try:
                out[path.resolve().relative_to(state.root).as_posix()] = doc.source
            except ValueError:
                continue
        return out

    def text_of(self, state: NetworkState, rel: str) -> str:
        uri = (state.root / rel).as_uri()
        if uri in self.workspace.text_documents:
            return self.workspace.text_documents[uri].source
        if state.network and rel in state.network.texts:
            return state.network.texts[rel]
        return ""

    # --- checking ---------------------------------------------------------------------------

    def schedule(self, state: NetworkState, delay: float = DEBOUNCE_SECONDS) -> None:
        """Check the network after `delay` unless another edit comes first."""
        state.generation += 1
        if state.pending is not None and not state.pending.done():
            state.pending.cancel()
        state.pending = asyncio.get_running_loop().create_task(self._check_later(state, state.generation, delay))

    async def _check_later(self, state: NetworkState, generation: int, delay: float) -> None:
        await asyncio.sleep(delay)
        async with state.lock:
            if generation != state.generation:
                return
            overlay = self.overlay(state)
            try:
                problems, network = await asyncio.to_thread(_check, state.root, overlay, state.cache)
            except NicError as exc:  # the network's folder is gone, or no longer a network
                self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, f"nic: {exc.message}"))
                return
            except Exception as exc:  # a bug in nic: say so once, keep serving
                log.exception("checking %s failed", state.root)
                self.window_show_message(types.ShowMessageParams(
                    types.MessageType.Error, f"nic: checking the network failed (a bug in nic, please report it): {exc}"))
                return
            if generation != state.generation:
                return  # an edit came while checking: its own check will publish
            self._publish(state, problems, network)

    def _publish(self, state: NetworkState, problems: list[Problem], network: Network) -> None:
        by_path: dict[str, list[Problem]] = {}
        for problem in problems:
            by_path.setdefault(problem.path, []).append(problem)
        state.network = network
        state.definitions = ids.definitions(network)
        state.problems = by_path
        open_here = set(self.overlay(state))  # an open file with no problems gets its (empty) list too
        for rel in sorted(set(by_path) | state.published | open_here):
            text = self.text_of(state, rel)
            diagnostics = [self.diagnostic(p, text) for p in by_path.get(rel, [])]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=(state.root / rel.rstrip("/")).as_uri(), diagnostics=diagnostics))
        state.published = set(by_path)

    def position(self, text: str, line: int, column: int) -> types.Position:
        """A 1-based line and character column of nic's as an LSP position in the client's units."""
        lines = text.splitlines(True) or [""]
        row = max(line - 1, 0)
        character = max(column - 1, 0)
        if row >= len(lines):
            return types.Position(line=row, character=0)
        character = min(character, len(lines[row].rstrip("\r\n")))
        return self.workspace.position_codec.position_to_client_units(lines, types.Position(row, character))

    def diagnostic(self, problem: Problem, text: str) -> types.Diagnostic:
        start = self.position(text, problem.line, problem.column)
        if problem.end_line and (problem.end_line, problem.end_column) > (problem.line, problem.column):
            end = self.position(text, problem.end_line, problem.end_column)
        else:  # to the end of the line: a whole-line mark is easy to see
            lines = text.splitlines() or [""]
            row = start.line
            end = self.position(text, row + 1, len(lines[row]) + 1 if row < len(lines) else 1)
            if (end.line, end.character) <= (start.line, start.character):
                end = types.Position(start.line, start.character + 1)
        message = problem.message + (f"\n{problem.hint}" if problem.hint else "")
        return types.Diagnostic(
            range=types.Range(start, end), message=message, severity=_SEVERITY[problem.severity], code=problem.code,
            code_description=types.CodeDescription(href=problem.url), source="nic")


def _check(root: Path, overlay: dict[str, str], cache: ParseCache | None = None) -> tuple[list[Problem], Network]:
    from nictools.validate import run

    result, network = run(root, overlay=overlay, cache=cache)
    return result.problems, network


server = NicLanguageServer()


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
async def did_open(ls: NicLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found:
        ls.schedule(found[0], delay=0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: NicLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found:
        ls.schedule(found[0])


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
async def did_save(ls: NicLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found:
        ls.schedule(found[0])


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
async def did_close(ls: NicLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
    found = ls.locate(params.text_document.uri)
    if found:  # the file on disk counts again: it may differ from the closed, unsaved buffer
        ls.schedule(found[0])


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
async def did_change_watched_files(ls: NicLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
    for state in list(ls.networks.values()):
        ls.schedule(state)


def _spot(ls: NicLanguageServer, uri: str, position: types.Position) -> tuple[NetworkState, str, ids.Spot, str] | None:
    found = ls.locate(uri)
    if not found:
        return None
    state, rel = found
    doc = ls.workspace.get_text_document(uri)
    lines = doc.lines
    if position.line >= len(lines):
        return None
    server_position = doc.position_codec.position_from_client_units(lines, position)
    spot = ids.spot_at(doc.source, server_position.line, server_position.character)
    return state, rel, spot, lines[position.line]


def _ensure_checked(ls: NicLanguageServer, state: NetworkState) -> None:
    """Completion before the first check has run (a client may ask at once): check now."""
    if state.network is None:
        problems, network = _check(state.root, ls.overlay(state), state.cache)
        state.network = network
        state.definitions = ids.definitions(network)


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[" ", "-", "[", ",", "/"]))
def completion(ls: NicLanguageServer, params: types.CompletionParams) -> types.CompletionList | None:
    found = _spot(ls, params.text_document.uri, params.position)
    if not found:
        return None
    state, rel, spot, _ = found
    kind = ids.expected_kind(rel, spot.key) if spot.in_value else None
    if kind is None:
        return None
    _ensure_checked(ls, state)
    doc = ls.workspace.get_text_document(params.text_document.uri)
    row = params.position.line
    # replace the whole id typed so far: an editor's own idea of a word stops at `-` or `/`
    replace = types.Range(doc.position_codec.position_to_client_units(doc.lines, types.Position(row, spot.start)),
                          doc.position_codec.position_to_client_units(doc.lines, types.Position(row, spot.end)))
    items = []
    for text, d in ids.choices(state.definitions, kind, rel):
        items.append(types.CompletionItem(
            label=text, kind=types.CompletionItemKind.Reference, detail=d.title,
            documentation=f"{d.kind} `{text}`, defined in {d.path}:{d.line}",
            tags=[types.CompletionItemTag.Deprecated] if d.retired else None,
            sort_text=("1" if d.retired else "0") + text, filter_text=text,
            text_edit=types.TextEdit(range=replace, new_text=text)))
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: NicLanguageServer, params: types.HoverParams) -> types.Hover | None:
    found = _spot(ls, params.text_document.uri, params.position)
    if not found:
        return None
    state, rel, spot, line = found
    doc = ls.workspace.get_text_document(params.text_document.uri)
    column = doc.position_codec.position_from_client_units(doc.lines, params.position).character
    code = ids.code_at(line, column)
    if code:
        from nictools.catalogue.docs import explain_text
        from nictools.catalogue import lookup

        info = lookup(code)
        if info is not None:
            return types.Hover(contents=types.MarkupContent(types.MarkupKind.PlainText, explain_text(info)))
    if not spot.token or (not spot.in_value and spot.key is None and not line.lstrip().startswith("#")):
        return None
    _ensure_checked(ls, state)
    definition = ids.lookup(state.definitions, ids.expected_kind(rel, spot.key), spot.token, rel)
    if definition is None:
        return None
    status = " (retired)" if definition.retired else ""
    text = f"**{definition.title}**\n\n{definition.kind} `{spot.token}`{status}, defined in `{definition.path}`"
    lines = doc.lines
    rng = types.Range(doc.position_codec.position_to_client_units(lines, types.Position(params.position.line, spot.start)),
                      doc.position_codec.position_to_client_units(lines, types.Position(params.position.line, spot.end)))
    return types.Hover(contents=types.MarkupContent(types.MarkupKind.Markdown, text), range=rng)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: NicLanguageServer, params: types.DefinitionParams) -> types.Location | None:
    found = _spot(ls, params.text_document.uri, params.position)
    if not found:
        return None
    state, rel, spot, _ = found
    if not spot.in_value:
        return None
    _ensure_checked(ls, state)
    d = ids.lookup(state.definitions, ids.expected_kind(rel, spot.key), spot.token, rel)
    if d is None:
        return None
    start = ls.position(ls.text_of(state, d.path), d.line, d.column)
    end = types.Position(start.line, start.character + len(d.id))
    return types.Location(uri=(state.root / d.path).as_uri(), range=types.Range(start, end))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix,
                                                           types.CodeActionKind.SourceFixAll]))
def code_action(ls: NicLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
    """What `nic fix` would repair in this file, as one edit of the whole buffer."""
    from nictools.catalogue import CATALOGUE
    from nictools.fix import fix_text

    found = ls.locate(params.text_document.uri)
    if not found:
        return None
    _, rel = found
    kind = ids.file_kind(rel)
    if kind is None:
        return None
    doc = ls.workspace.get_text_document(params.text_document.uri)
    text = doc.source
    fixed, done = fix_text(text, is_data=kind == "data")
    if not done:
        return None
    end = types.Position(len(doc.lines), 0)  # past the last line: the end of the document
    edit = types.WorkspaceEdit(changes={params.text_document.uri: [
        types.TextEdit(range=types.Range(types.Position(0, 0), end), new_text=fixed)]})
    fixable = [d for d in params.context.diagnostics
               if d.source == "nic" and isinstance(d.code, str) and d.code in CATALOGUE and CATALOGUE[d.code].fixable]
    title = "nic fix: " + "; ".join(done)
    actions = [types.CodeAction(title=title, kind=types.CodeActionKind.SourceFixAll, edit=edit)]
    if fixable:
        actions.insert(0, types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, edit=edit,
                                           diagnostics=fixable, is_preferred=True))
    only: Any = params.context.only
    if only:
        actions = [a for a in actions if any(str(a.kind).startswith(str(k)) for k in only)]
    return actions or None


def serve() -> None:
    """Speak LSP on stdin and stdout until the client says exit."""
    server.start_io()
