"""A fast, safe, positioned YAML reader.

libyaml (through PyYAML's C parser) composes the node tree; we build plain Python
data from it ourselves, so:

* no object is ever constructed from a tag (`!!python/...` is a problem, not code);
* scalars resolve by YAML 1.2's core schema (`decision: no` is the string "no");
* dates stay strings (pydantic parses them, with a located error when they are wrong);
* duplicate keys are reported, not silently dropped;
* alias expansion is bounded in bytes (a file's values, every alias expanded, hold at most
  as much as a file may: 10 MB) and in values, and nesting depth is bounded;
* every key and value keeps its line and column, so a schema error maps to its place.

ruamel.yaml's round trip is used only by the commands that write files back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import yaml

from nictools.catalogue import make_problem
from nictools.problems import Problem

Pointer = tuple[str | int, ...]
Span = tuple[int, int, int, int]  # line, column, end line, end column; 1-based

MAX_DEPTH = 64
MAX_NODES = 250_000
#: A file's values with every alias expanded: no more text than a file may hold (load/text.py's
#: MAX_FILE_BYTES), so a 1 MB string aliased 3,000 times stops here, before a model, a check or a
#: report copies it 3,000 times. Each value also costs a few bytes, so many tiny aliases count too.
MAX_EXPANDED_BYTES = 10 * 1024 * 1024
_NODE_BYTES = 8

_STD = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "map", "seq")} | {"!"}
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)\Z")
_DEEP_INDENT = re.compile(r"^ {200,}", re.MULTILINE)


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's composer with no implicit resolvers: we resolve scalars ourselves."""


_Loader.yaml_implicit_resolvers = {}
_SCALAR_TAG, _SEQ_TAG, _MAP_TAG = (_STD + "str", _STD + "seq", _STD + "map")


def _resolve(self: Any, kind: type, value: Any, implicit: Any) -> str:
    """Every untagged node gets its kind's default tag; scalars are resolved later (YAML 1.2)."""
    return _SCALAR_TAG if kind is yaml.ScalarNode else _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG


def _no_path_resolvers(self: Any, *args: Any) -> None:
    """No path-based resolvers: skip the per-node bookkeeping PyYAML's Resolver does."""


_Loader.resolve = _resolve  # type: ignore[method-assign]
_Loader.descend_resolver = _no_path_resolvers  # type: ignore[method-assign]
_Loader.ascend_resolver = _no_path_resolvers  # type: ignore[method-assign]


class _Stop(Exception):
    """Building the data must stop; the problem says why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


@dataclass
class YamlDocument:
    """Plain data from one YAML file, with the node tree that says where each part sits.

    Positions are looked up only when a problem needs one (`locate`), so a clean
    file costs no source-map building at all.
    """

    data: Any = None
    root: Any = None  # the composed yaml.Node tree
    problems: list[Problem] = field(default_factory=list)
    ok: bool = True
    #: the text `data` was read from, when the node tree is to be composed only if asked for
    #: (a parse recalled from the cache, `nictools.load.cache`, has its data but no nodes)
    source: str | None = None
    #: reads the text when `source` is not kept (a file known unchanged by its stat, not read)
    read_source: Any = None

    def _nodes(self) -> Any:
        if self.root is None and self.source is None and self.read_source is not None:
            self.source, self.read_source = self.read_source(), None
        if self.root is None and self.source is not None:
            loader = _Loader(self.source)
            try:
                self.root = loader.get_single_node()
            except (yaml.YAMLError, RecursionError, ValueError):
                pass
            finally:
                loader.dispose()
            self.source = None
        return self.root

    def node_at(self, pointer: Iterable[str | int], *, key: bool = False) -> tuple[Any, int]:
        """The node at `pointer` (or its key node) and how many pointer parts matched."""
        node = self._nodes()
        matched = 0
        parts = tuple(pointer)
        for i, part in enumerate(parts):
            child = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in reversed(node.value):
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                        child = key_node if key and i == len(parts) - 1 else value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            if child is None:
                break
            node = child
            matched += 1
        return node, matched

    def locate(self, pointer: Iterable[str | int], *, key: bool = False) -> Span:
        """The span of the value (or key) at `pointer`, or of its nearest located parent."""
        if self._nodes() is None:
            return (1, 1, 1, 1)
        node, _ = self.node_at(pointer, key=key)
        return _span(node)


def format_pointer(pointer: Iterable[str | int]) -> str:
    """`("plan", "questions", 1, "prediction")` -> `plan.questions[1].prediction`."""
    out = ""
    for part in pointer:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _span(node: yaml.Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return (s.line + 1, s.column + 1, e.line + 1, e.column + 1)


def resolve_plain(value: str) -> Any:
    """YAML 1.2 core schema resolution of a plain (unquoted) scalar."""
    if value in _NULL:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    first = value[0]
    if first.isdigit() or first in "+-.":
        if _INT.match(value):
            return int(value)
        if _FLOAT.match(value):
            return float(value)
        if _OCT.match(value):
            return int(value[2:], 8)
        if _HEX.match(value):
            return int(value[2:], 16)
        if _INF.match(value):
            return float("-inf") if value.startswith("-") else float("inf")
        if _NAN.match(value):
            return float("nan")
    return value


def _utf8_size(value: str) -> int:
    """The value's size in UTF-8 bytes (ASCII, the common case, without encoding it)."""
    return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))


class _Builder:
    """Turns a node tree into data plus a source map, within the budgets."""

    def __init__(self, path: str, doc: YamlDocument) -> None:
        self.path = path
        self.doc = doc
        self.nodes = 0
        self.bytes = 0

    def build(self, node: yaml.Node, pointer: Pointer, depth: int) -> Any:
        self.nodes += 1
        self.bytes += _NODE_BYTES + (_utf8_size(node.value) if isinstance(node, yaml.ScalarNode) else 0)
        if self.bytes > MAX_EXPANDED_BYTES:
            line = node.start_mark.line + 1
            raise _Stop(make_problem(
                "NIC011", self.path, line, node.start_mark.column + 1,
                f"With its aliases (*name) expanded, the file holds more than {MAX_EXPANDED_BYTES // (1024 * 1024)} MB "
                "of text; nic reads up to that much per file and stopped reading here.",
                pointer=format_pointer(pointer)))
        if self.nodes > MAX_NODES:
            line = node.start_mark.line + 1
            raise _Stop(make_problem("NIC011", self.path, line, node.start_mark.column + 1,
                                     f"Aliases expand to more than {MAX_NODES:,} values; nic stopped reading here."))
        if depth > MAX_DEPTH:
            raise _Stop(make_problem("NIC010", self.path, node.start_mark.line + 1, node.start_mark.column + 1,
                                     f"The file is nested more than {MAX_DEPTH} levels deep."))
        tag = node.tag
        if tag not in _ALLOWED_TAGS and not (tag is None):
            kind = "a program object" if "python/" in tag or "ruby/" in tag or "java" in tag else "an unsupported type"
            raise _Stop(make_problem("NIC012", self.path, node.start_mark.line + 1, node.start_mark.column + 1,
                                     f"The tag `{tag.replace(_STD, '!!')}` asks for {kind}; nic reads plain values only.",
                                     pointer=format_pointer(pointer)))
        if isinstance(node, yaml.ScalarNode):
            if not node.style and tag == _STD + "str":
                return resolve_plain(node.value)
            if tag in (_STD + "int", _STD + "float", _STD + "bool", _STD + "null"):
                return resolve_plain(node.value)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, pointer + (i,), depth + 1) for i, item in enumerate(node.value)]
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Stop(make_problem("NIC001", self.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                                         "A key here is a list or mapping; keys must be plain words such as `title`."))
            self.bytes += _utf8_size(key_node.value)
            key = key_node.value if key_node.style else resolve_plain(key_node.value)
            if not isinstance(key, str):
                key = key_node.value  # `2025:` or `yes:` as a key stays its text
            child = pointer + (key,)
            if key in result:
                first = next(k for k, _ in node.value if isinstance(k, yaml.ScalarNode) and k.value == key_node.value)
                self.doc.problems.append(make_problem(
                    "NIC014", self.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    f"The key `{key}` appears twice in this mapping (first on line {first.start_mark.line + 1}); "
                    "only one value can be kept.",
                    pointer=format_pointer(child)))
                self.doc.ok = False
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _too_deep(text: str, path: str) -> Problem | None:
    """libyaml's composer recurses in C; find hostile depth first with the flat event parser."""
    if text.count("[") + text.count("{") < 256 and not _DEEP_INDENT.search(text):
        return None
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark
                return make_problem("NIC010", path, m.line + 1, m.column + 1,
                                    f"The file is nested more than {MAX_DEPTH} levels deep.")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


def _syntax_problem(exc: yaml.MarkedYAMLError, path: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 0
    column = mark.column + 1 if mark else 0
    what = (exc.problem or "invalid YAML").strip()
    context = f" ({exc.context.strip()} on line {exc.context_mark.line + 1})" if exc.context and exc.context_mark else ""
    if "expected a single document" in str(exc):
        return make_problem("NIC008", path, line, column,
                            "The file holds more than one YAML document (a `---` line starts a second one).")
    if "nesting depth" in what:  # libyaml's own limit, met while scanning ahead
        return make_problem("NIC010", path, line, column, f"The file is nested more than {MAX_DEPTH} levels deep.")
    if "found character '\\t'" in what or "'\\t'" in what:
        return make_problem("NIC005", path, line, column, f"Line {line} has a tab where YAML needs spaces.")
    plain = _plain_syntax_message(exc, line)
    if plain:
        message, mark = plain
        if mark is not None:
            line, column = mark.line + 1, mark.column + 1
        return make_problem("NIC001", path, line, column, message)
    return make_problem("NIC001", path, line, column, f"YAML syntax: {what}{context}.")


def _plain_syntax_message(exc: yaml.MarkedYAMLError, line: int) -> tuple[str, Any] | None:
    """libyaml's commonest complaints in plain words, and the mark to point at (None: the problem's own)."""
    what, context, start = exc.problem or "", exc.context or "", exc.context_mark
    opened = start.line + 1 if start else line
    if "scanning a quoted scalar" in context:
        return f"The quote opened on line {opened} is never closed.", start
    for kind, opener, closer in (("flow sequence", "[", "]"), ("flow mapping", "{", "}")):
        if f"parsing a {kind}" in context:
            return (f"The `{opener}` opened on line {opened} is not closed with `{closer}` "
                    f"(or a comma is missing between its items)."), start
    if "mapping values are not allowed" in what:
        return (f"Line {line} has a `: ` where no new field can start: put a value that contains `: ` in quotes, "
                "or check the line's indentation."), None
    if "could not find expected ':'" in what and start:
        return f"Line {opened} has no `: ` between a field's name and its value.", start
    if "found undefined alias" in what:
        return "An alias (`*name`) refers to an anchor (`&name`) that is not defined above it in this file.", None
    if "did not find expected key" in what or "did not find expected '-' indicator" in what:
        return (f"Line {line} is indented differently from the lines around it, "
                "so it is unclear which field it belongs to."), None
    return None


def _reader_problem(exc: yaml.reader.ReaderError, text: str, path: str) -> Problem:
    """A character YAML does not allow (a control character): located by libyaml's byte offset."""
    before = text.encode("utf-8")[: max(exc.position, 0)].decode("utf-8", "replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    return make_problem("NIC001", path, line, column,
                        f"Line {line} holds the invisible control character U+{exc.character:04X}, "
                        "which YAML does not allow (it often comes from copying text out of another program).")


def read_yaml(text: str, path: str) -> YamlDocument:
    """Parse one YAML document from `text`; problems are recorded, never raised."""
    doc = YamlDocument()
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        doc.problems.append(make_problem("NIC007", path, 0, 0, "The file is empty (or holds only comments)."))
        doc.ok = False
        return doc
    try:
        deep = _too_deep(text, path)
        if deep:
            doc.problems.append(deep)
            doc.ok = False
            return doc
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(exc, path))
        doc.ok = False
        return doc
    except yaml.reader.ReaderError as exc:
        doc.problems.append(_reader_problem(exc, text, path))
        doc.ok = False
        return doc
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        doc.problems.append(make_problem("NIC001", path, 0, 0, f"YAML syntax: {exc}."))
        doc.ok = False
        return doc
    if node is None:
        doc.problems.append(make_problem("NIC007", path, 0, 0, "The file is empty (or holds only comments)."))
        doc.ok = False
        return doc
    doc.root = node
    try:
        doc.data = _Builder(path, doc).build(node, (), 0)
    except _Stop as stop:
        doc.problems.append(stop.problem)
        doc.data = None
        doc.ok = False
    return doc


def load_round_trip(loader: Any, text: str, path: str) -> Any:
    """`text` through ruamel's round trip (`loader`), for a command that writes the file back.

    The text is read by `read_yaml` first, so its bounds (expanded bytes and values, depth,
    tags) hold before ruamel builds anything; a file over them, or one ruamel cannot load
    (it raises anything at all, even a `PanicException`, which is not an `Exception`),
    stops the command with a message instead of a traceback."""
    from nictools.errors import NicError

    checked = read_yaml(text, path)
    bounded = [p for p in checked.problems if p.code in ("NIC001", "NIC007", "NIC008", "NIC010", "NIC011", "NIC012")]
    if bounded:
        raise NicError(f"{path} cannot be edited safely: {bounded[0].message}",
                       f"Run `nic validate {path}`, fix what it says, then run the command again.")
    try:
        return loader.load(text)
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - ruamel's and pyo3's failures alike become a message
        raise NicError(f"{path} could not be read for editing ({type(exc).__name__}).",
                       f"Run `nic validate {path}`, fix what it says, then run the command again.") from exc
