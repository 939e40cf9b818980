"""Load a whole network: read, parse and validate every file, keep every problem.

The library face is `load_network(root)`; it never raises on user files (only
`NicError` when the folder is not a network at all).
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import stat
import typing
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

from pydantic import BaseModel, ValidationError

from nictools.bounds import DATE_RANGE, NUMBER_RANGE, date_in_bounds, number_in_bounds
from nictools.catalogue import make_problem
from nictools.load.tables import DataTable, LazyTable, other_digits, read_table
from nictools.load.text import MAX_FILE_BYTES, LazyTexts, decode, too_large
from nictools.load.yaml import YamlDocument, format_pointer, read_yaml
from nictools.model import MODELS
from nictools.model.network import Facts, LazyRecord, Network, Record, fact_names, facts_of
from nictools.network import NetworkFile, list_files
from nictools.problems import Problem
from nictools.suggest import closest


def read_file_bytes(path: Path, shown: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or the problem that stops reading it.

    Opened without blocking and checked before reading, so a named pipe or a device
    under a file's name cannot make nic wait forever, and a huge file is not read at all.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except IsADirectoryError:
        return None, make_problem("NIC015", shown, 0, 0, "This is a folder, not a file.")
    except OSError as exc:
        return None, make_problem("NIC015", shown, 0, 0, f"The file cannot be read: {exc.strerror or exc}.")
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            return None, make_problem("NIC015", shown, 0, 0, "This is a folder, not a file.")
        if not stat.S_ISREG(info.st_mode):
            return None, make_problem("NIC015", shown, 0, 0,
                                      "This is not an ordinary file (it is a named pipe, socket or device).")
        return None, too_large(shown, info.st_size)
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read(MAX_FILE_BYTES + 1), None
        except OSError as exc:
            return None, make_problem("NIC015", shown, 0, 0, f"The file cannot be read: {exc.strerror or exc}.")


def _read_bytes(root: Path, f: NetworkFile) -> tuple[bytes | None, Problem | None]:
    return read_file_bytes(root / f.path, f.path)


# --- pydantic errors -> located problems ------------------------------------------------


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Question] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _clean_loc(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[tuple[str | int, ...], type[BaseModel] | None]:
    """Drop union-branch labels from a pydantic `loc`; return it and the model at its end."""
    out: list[str | int] = []
    current: type[BaseModel] | None = model
    expect_index = False
    for part in loc:
        if isinstance(part, int):
            out.append(part)
            expect_index = False
            continue
        if current is not None and part in current.model_fields:
            out.append(part)
            annotation = current.model_fields[part].annotation
            current = _model_in(annotation)
            expect_index = typing.get_origin(annotation) in (list,) or any(
                typing.get_origin(a) is list for a in typing.get_args(annotation))
            continue
        if current is None or expect_index:
            continue
        # an unknown field (extra_forbidden) or a branch label: keep unknown keys only
        out.append(part)
        current = None
    return tuple(out), current


def _parent_model(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    return _clean_loc(model, loc[:-1])[1] if loc else model


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (yes/no)"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "…"
        return f"the text '{short}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return type(value).__name__


_TYPE_WORDS = {
    "string_type": "text", "int_type": "a whole number", "int_parsing": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
    "bool_parsing": "true or false", "list_type": "a list (lines starting with `- `, or [a, b])",
    "dict_type": "a mapping of fields (`name: value` lines)", "model_type": "a mapping of fields (`name: value` lines)",
    "model_attributes_type": "a mapping of fields (`name: value` lines)", "int_from_float": "a whole number",
    "finite_number": "an ordinary number (not infinite or .nan)",
}


def _schema_problem(error: Any, model: type[BaseModel], path: str, doc: YamlDocument) -> Problem:
    loc, _ = _clean_loc(model, tuple(error["loc"]))
    pointer = format_pointer(loc)
    kind = error["type"]
    value = error.get("input")
    where = f" in `{format_pointer(loc[:-1])}`" if len(loc) > 1 else ""
    field_name: str | int = loc[-1] if loc else ""
    if isinstance(field_name, int):  # an item of a list: name it by the list and its position
        field_name = format_pointer(loc[-2:]) if len(loc) > 1 else f"item {field_name + 1}"
    if kind == "missing":
        line, col, eline, ecol = doc.locate(loc[:-1], key=True)
        return make_problem("NIC102", path, line, col, f"The required field `{field_name}` is missing{where}.",
                            pointer=pointer)
    if kind == "extra_forbidden":
        line, col, eline, ecol = doc.locate(loc, key=True)
        parent = _parent_model(model, loc)
        known = list(parent.model_fields) if parent else []
        close = closest(str(field_name), known)
        hint = ("`<<` (a YAML merge key) is not read by nic: write the fields out in full." if field_name == "<<" else
                f"Did you mean `{close}`?" if close else
                f"The fields allowed here are: {', '.join(known)}." if known else None)
        return make_problem("NIC103", path, line, col, f"Unknown field `{field_name}`{where}.", hint=hint,
                            pointer=pointer, end_line=eline, end_column=ecol)
    line, col, eline, ecol = doc.locate(loc)
    common = dict(pointer=pointer, end_line=eline, end_column=ecol)
    if loc == ("format",):
        shown = repr(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else _describe(value)
        return make_problem("NIC107", path, line, col, f"Format version {shown} is not one this nic reads (it reads 1).",
                            **common)
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        return make_problem("NIC104", path, line, col,
                            f"`{field_name}` is {_describe(value)}; it must be one of {expected}.", **common)
    if kind.startswith("date") or kind.startswith("datetime"):
        return make_problem("NIC105", path, line, col,
                            f"`{field_name}` is {_describe(value)}, not a date in the form YYYY-MM-DD.", **common)
    if kind == "string_pattern_mismatch":
        return make_problem("NIC106", path, line, col,
                            f"`{field_name}` is {_describe(value)}, which cannot be used as an id.", **common)
    if kind in _TYPE_WORDS and isinstance(value, str) and other_digits(value) is not None:
        return make_problem("NIC101", path, line, col,
                            f"`{field_name}` is `{value}`, written with digits other than 0-9; "
                            f"type it as {other_digits(value)}.", **common)
    if kind in _TYPE_WORDS:
        return make_problem("NIC101", path, line, col,
                            f"`{field_name or 'The file'}` should be {_TYPE_WORDS[kind]}, but is {_describe(value)}.",
                            **common)
    return make_problem("NIC100", path, line, col, f"`{field_name}`: {error['msg']}.", **common)


_BOUNDED_FIELDS: dict[type, tuple[str, ...]] = {}


def _may_hold_bounded(annotation: Any) -> bool:
    """False when a field's type holds only text, booleans, choices or nothing (no date, number or part)."""
    if annotation in (str, bool, type(None)):
        return False
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in typing.get_args(annotation))
    if origin is typing.Annotated:
        return _may_hold_bounded(typing.get_args(annotation)[0])
    if origin is not None:  # Union, list, dict, tuple: any of their types
        return any(_may_hold_bounded(arg) for arg in typing.get_args(annotation))
    return True  # a date, a number, a model, Any: walk it


def _bounded_fields(model: type) -> tuple[str, ...]:
    """The fields of `model` that may hold a date or a number (worked out once per model class)."""
    found = _BOUNDED_FIELDS.get(model)
    if found is None:
        found = _BOUNDED_FIELDS[model] = tuple(name for name, info in model.model_fields.items()
                                               if _may_hold_bounded(info.annotation))
    return found


def out_of_bounds(model: BaseModel, path: str, doc: YamlDocument) -> list[Problem]:
    """Dates (NIC110) and numbers (NIC111) of a valid model outside what the format holds (`nictools.bounds`).

    A file with one is left out of the network, like a file that does not validate, so no
    command ever counts weeks to year 9999 or stores 1e300 in SQLite."""
    problems: list[Problem] = []

    def found(code: str, pointer: tuple[str | int, ...], message: str) -> None:
        line, col, eline, ecol = doc.locate(pointer)
        problems.append(make_problem(code, path, line, col, message, pointer=format_pointer(pointer),
                                     end_line=eline, end_column=ecol))

    def walk(value: Any, pointer: tuple[str | int, ...]) -> None:
        if isinstance(value, BaseModel):
            for name in _bounded_fields(type(value)):
                walk(getattr(value, name), pointer + (name,))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                walk(item, pointer + (i,))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, pointer + (key,))
        elif isinstance(value, dt.date):
            if not date_in_bounds(value if not isinstance(value, dt.datetime) else value.date()):
                found("NIC110", pointer, f"`{format_pointer(pointer)}` is {value.isoformat()[:10]}, outside the dates "
                                         f"nic works with ({DATE_RANGE}).")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            if not number_in_bounds(value):
                found("NIC111", pointer, f"`{format_pointer(pointer)}` is {value:g}, outside the numbers nic works "
                                         f"with ({NUMBER_RANGE}).")

    walk(model, ())
    return problems


def validate_document(kind: str, doc: YamlDocument, path: str) -> tuple[BaseModel | None, list[Problem]]:
    """Check parsed data against its model; every error is located in the file."""
    model = MODELS[kind]
    if not isinstance(doc.data, dict):
        return None, [make_problem("NIC101", path, 1, 1,
                                   f"The file should hold fields such as `id: …`, but holds {_describe(doc.data)}.")]
    try:
        validated = model.model_validate(doc.data)
        bounds = out_of_bounds(validated, path, doc)
        return (None, bounds) if bounds else (validated, [])
    except ValidationError as exc:
        problems: dict[str, Problem] = {}
        for error in exc.errors(include_url=False):
            problem = _schema_problem(error, model, path, doc)
            problems.setdefault(problem.pointer or problem.code, problem)
        return None, list(problems.values())


# --- the whole network -------------------------------------------------------------------


@dataclass
class ParsedFile:
    """What reading one file's bytes gave: kept by a `ParseCache` while the bytes stay the same."""

    raw: bytes
    kind: str
    problems: list[Problem]
    text: str | None = None
    table: DataTable | None = None
    doc: YamlDocument | None = None
    model: BaseModel | None = None
    broken_data: Any = None  # what the file held when it did not validate (for `_mark_broken`)
    checked: list[Problem] | None = None  # the file checks' problems on its artifact, when run at load


#: the file checks of one artifact: (record, the file's text) -> its problems (`nictools.validate.file_problems`)
FileChecks = Callable[[Record, "str | None"], list[Problem]]

#: relative path -> the last parse of that file (`nic lsp` keeps one per network, so a check after
#: a keystroke parses only the files whose bytes changed)
ParseCache = dict[str, ParsedFile]


def _parse(f: NetworkFile, raw: bytes) -> ParsedFile:
    """Decode, parse and validate one file's bytes: no network needed, so the result can be reused."""
    parsed = ParsedFile(raw, f.kind, [])
    text = decode(raw, f.path, check_tabs=f.kind != "data")
    parsed.problems.extend(text.problems)
    parsed.text = text.text
    if text.fatal or text.text is None:
        return parsed
    if f.kind == "data":
        parsed.table = read_table(text.text, f.path)
        parsed.problems.extend(parsed.table.problems)
        return parsed
    doc = read_yaml(text.text, f.path)
    parsed.problems.extend(doc.problems)
    if doc.data is None:
        return parsed
    parsed.doc = doc
    model, schema_problems = validate_document(f.kind, doc, f.path)
    parsed.problems.extend(schema_problems)
    parsed.model = model
    if model is None:
        parsed.broken_data = doc.data
    return parsed


def problem_rows(problems: list[Problem]) -> list[list[Any]]:
    return [[p.line, p.column, p.code, p.name, p.severity.value, p.message, p.hint, p.pointer, p.end_line,
             p.end_column] for p in problems]


def problems_of_rows(rows: Any, path: str) -> list[Problem]:
    """Problems from cached rows; ValueError when a row is not what `problem_rows` writes."""
    from nictools.catalogue import CATALOGUE
    from nictools.problems import Severity

    if not isinstance(rows, list):
        raise ValueError("not a list")
    out = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 10 and all(type(row[i]) is int for i in (0, 1, 8, 9))
                and all(isinstance(row[i], str) for i in (2, 3, 4, 5, 6, 7)) and row[2] in CATALOGUE):
            raise ValueError("not a problem")
        out.append(Problem(path, row[0], row[1], row[2], row[3], Severity(row[4]), row[5], row[6], row[7], row[8],
                           row[9]))
    return out


def _entry(parsed: ParsedFile) -> str | None:
    """One file's parse as JSON text for the cache (None: not worth keeping or not plain data)."""
    import json

    entry: dict[str, Any] = {"p": problem_rows(parsed.problems)}
    if parsed.table is not None:
        table = parsed.table
        entry["c"] = table.columns
        rows = table.rows
        entry["r"] = [[r.line for r in rows], [r.period.isoformat() if r.period else None for r in rows],
                      *([getattr(r, name) for r in rows] for name in _ROW_FIELDS[2:])]
        entry["tp"] = problem_rows(table.problems)
    elif parsed.doc is not None:
        entry["d"] = parsed.doc.data
        entry["ok"] = parsed.doc.ok
        entry["m"] = parsed.model is not None
        if parsed.checked is not None:
            entry["fc"] = problem_rows(parsed.checked)
    try:
        return json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=True)
    except (TypeError, ValueError, RecursionError):
        return None


_NUMBER_TYPES = {float, type(None)}
_TEXT_TYPES = {str, type(None)}


def _rows_of(columns: Any) -> list[Any]:
    """Data rows from the cache's columns (line, period, value, numerator, denominator, n, subgroup,
    stratum, note); ValueError when they are not what `_entry` writes."""
    import datetime as dt

    from nictools.load.tables import DataRow

    if not (isinstance(columns, list) and len(columns) == 9 and all(isinstance(c, list) for c in columns)
            and len({len(c) for c in columns}) == 1):
        raise ValueError("not the row columns")
    lines, periods, *rest = columns
    if not ({type(v) for v in lines} <= {int} and {type(v) for v in periods} <= _TEXT_TYPES
            and all({type(v) for v in c} <= _NUMBER_TYPES for c in rest[:4])
            and all({type(v) for v in c} <= _TEXT_TYPES for c in rest[4:])):
        raise ValueError("not the row types")
    days = [dt.date.fromisoformat(p) if p is not None else None for p in periods]
    out = []
    for values in zip(lines, days, *rest):
        one = _new(DataRow)  # a frozen dataclass's __init__ sets each field through object.__setattr__: slow
        one.__dict__.update(zip(_ROW_FIELDS, values))
        out.append(one)
    return out


_ROW_FIELDS = ("line", "period", "value", "numerator", "denominator", "n", "subgroup", "stratum", "note")
_new = object.__new__


def _restore(stored: str, f: NetworkFile, raw: bytes | None,
             read_text: Callable[[], str | None] | None = None) -> ParsedFile | None:
    """The parse kept in the cache, rebuilt; None when the entry is not one this code wrote.

    `raw` None: the file is known unchanged by its stat signature and was not read; only an
    entry of a file that loaded is taken then, its text read by `read_text` when asked for."""
    import json

    try:
        entry = json.loads(stored)
        if not isinstance(entry, dict):
            return None
        parsed = ParsedFile(raw if raw is not None else b"", f.kind, problems_of_rows(entry.get("p"), f.path))
        if raw is None:
            if not ("c" in entry or entry.get("m") is True):
                return None
        else:
            text = decode(raw, f.path, check_tabs=f.kind != "data")
            parsed.text = text.text
            if text.fatal or text.text is None:
                return parsed if not ({"c", "d"} & set(entry)) else None
        if f.kind == "data":
            columns = entry["c"]
            if not (isinstance(columns, list) and all(isinstance(c, str) for c in columns)):
                return None
            parsed.table = DataTable(f.path, columns, _rows_of(entry["r"]), problems_of_rows(entry["tp"], f.path))
            return parsed
        if "d" not in entry:
            return parsed
        data, ok, has_model = entry["d"], entry["ok"], entry["m"]
        if data is None or type(ok) is not bool or type(has_model) is not bool:
            return None
        parsed.doc = YamlDocument(data=data, ok=ok, source=parsed.text, read_source=read_text if raw is None else None)
        if has_model:
            parsed.model = MODELS[f.kind].model_validate(data)
            if "fc" in entry:
                parsed.checked = problems_of_rows(entry["fc"], f.path)
        else:
            parsed.broken_data = data
        return parsed
    except (ValueError, KeyError, TypeError, RecursionError, ValidationError):
        return None


def load_network(root: Path, overlay: Mapping[str, str] | None = None,
                 cache: ParseCache | None = None, *, disk_cache: bool = False,
                 file_checks: FileChecks | None = None,
                 incremental: Incremental | None = None) -> tuple[Network, list[Problem]]:
    """Read every file of the network at `root`; return the network and the file problems.

    `overlay` maps paths (relative to the root, forward slashes) to text read instead of the
    file on disk: an editor's unsaved buffers (`nic lsp`). Only files the format lists are
    read, so an overlaid path must exist on disk. `cache` (kept by the caller between loads)
    saves parsing a file whose bytes have not changed since the last load. `disk_cache` keeps
    each file's parse between runs in the user's cache folder (`nictools.load.cache`), keyed by
    the file's content: a run after one edit parses one file. `file_checks` (given by
    `nictools.validate`) runs the checks of one artifact alone as each file is parsed, so their
    problems are kept with the parse (`Network.file_checked`). `incremental` (from
    `nictools.validate`, with its own cache) also says what the last run knew of each file and
    gets what this one knows; with `incremental.lazy`, site files unchanged since then are
    `LazyRecord`s and `LazyTable`s, built only if a check reads them.

    The loaded network is built with the garbage collector paused and then frozen out of
    its reach (see `collector_paused`).
    """
    with collector_paused():
        if incremental is not None:
            return _load_network(root, {}, None, incremental.disk, file_checks, incremental)
        if not disk_cache or overlay:
            return _load_network(root, overlay or {}, cache, None, file_checks)
        from nictools.load.cache import FileCache

        disk = FileCache(root)
        try:
            return _load_network(root, {}, cache, disk if disk.db is not None else None, file_checks)
        finally:
            disk.close()


class StaleCache(Exception):
    """A file the last run knew unchanged could not be built from the cache after all (its entry
    is gone or no longer restores): the caller loads the network again without trusting it."""


class FileState:
    """What one run knew of one file, kept for the next (`nictools.load.cache.FileCache.store_run`),
    in the form it is stored in: problems as rows and facts as a list, turned into objects only
    when asked for (a run after one edit reads the state of every file and uses few of them)."""

    __slots__ = ("path", "kind", "sig", "key", "stored_facts", "rows", "checked_rows")

    def __init__(self, path: str, kind: str, sig: str | None = None, key: str | None = None,
                 stored_facts: list[Any] | None = None, rows: list[Any] | None = None,
                 checked_rows: list[Any] | None = None) -> None:
        self.path = path
        self.kind = kind
        self.sig = sig  # the stat signature its bytes were read (or trusted) under
        self.key = key  # the cache key its bytes gave
        self.stored_facts = stored_facts  # its facts (`facts_of`) as a list; None: it did not load
        self.rows = rows if rows is not None else []  # what reading and parsing it found
        self.checked_rows = checked_rows  # its file checks' problems (None: not checked)

    @property
    def facts(self) -> Facts | None:
        """What other files' checks read of it (`facts_of`); None when it did not load."""
        stored = self.stored_facts
        if stored is None:
            return None
        return dict(zip(fact_names(self.kind), stored))

    @facts.setter
    def facts(self, facts: Facts | None) -> None:
        self.stored_facts = None if facts is None else list(facts.values())

    @property
    def problems(self) -> list[Problem]:
        return self._problems(self.rows)

    @problems.setter
    def problems(self, problems: list[Problem]) -> None:
        self.rows = problem_rows(problems)

    @property
    def checked(self) -> list[Problem] | None:
        return None if self.checked_rows is None else self._problems(self.checked_rows)

    @checked.setter
    def checked(self, problems: list[Problem] | None) -> None:
        self.checked_rows = None if problems is None else problem_rows(problems)

    def _problems(self, rows: list[Any]) -> list[Problem]:
        if not rows:
            return []
        try:
            return problems_of_rows(rows, self.path)
        except ValueError:
            raise StaleCache(self.path) from None

    def row(self) -> list[Any]:
        return [self.kind, self.sig, self.key, self.stored_facts, self.rows, self.checked_rows]


def _file_state(path: str, row: Any) -> FileState | None:
    """A file's state from the stored row; None when it is not what `FileState.row` writes (its
    problem rows are checked when they are read, `StaleCache` if they do not read)."""
    if not (type(row) is list and len(row) == 6):
        return None
    kind, sig, key, facts, rows, checked = row
    if not (type(kind) is str and (sig is None or type(sig) is str) and (key is None or type(key) is str)
            and (facts is None or (type(facts) is list and len(facts) == len(fact_names(kind))))
            and type(rows) is list and (checked is None or type(checked) is list)):
        return None
    return FileState(path, kind, sig, key, facts, rows, checked)


@dataclass
class Incremental:
    """What `nic validate` carries from one run to the next (`nictools.validate`).

    Filled by `load_network`: `previous` is the last run's state of each file (when it was
    written by this code for this network), `files` this run's, `changed` the files whose
    bytes differ from the last run's (or that are new), and `lazy` whether unchanged site
    files were left unbuilt (`LazyRecord`, `LazyTable`; `build_all` builds them)."""

    disk: Any  # nictools.load.cache.FileCache, opened and closed by the caller
    allow_lazy: bool = True
    keeps: bool = True  # False: a reading command's load keeps nothing (no parse written, no state gathered)
    previous: dict[str, FileState] = field(default_factory=dict)
    previous_run: dict[str, Any] = field(default_factory=dict)  # the rest of the stored state
    files: dict[str, FileState] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    lazy: bool = False
    unbuilt: list[Any] = field(default_factory=list)  # (lazy object, key)
    fetched: dict[str, str] = field(default_factory=dict)  # key -> cache entry, read by `build_all` in one go

    def build_all(self) -> None:
        """Build every lazy record and table from the cache in one go (a check may read them all)."""
        waiting = [(obj, key) for obj, key in self.unbuilt if not obj.built]
        self.fetched.update(self.disk.recall({key for _, key in waiting}) if waiting else {})
        for obj, _ in waiting:
            obj._load()
        self.unbuilt.clear()
        self.fetched.clear()


#: kinds of files left unbuilt when unchanged: the many files under sites/ (the hub's few are built)
LAZY_KINDS = ("site", "pdsa", "data")


def _restorer(root: Path, f: NetworkFile, key: str, inc: Incremental,
              read_text: Callable[[], str | None]) -> Callable[[], Any]:
    """Builds one unchanged file's artifact (or table) from its cache entry, on first use; from
    the file itself when the entry is gone (the cache was cleared), if its bytes are still the
    ones the key was taken of. Otherwise `StaleCache`: the caller loads again, trusting nothing."""
    def restore() -> Any:
        entry = inc.fetched.get(key) or inc.disk.recall([key]).get(key)
        parsed = _restore(entry, f, None, read_text) if entry is not None else None
        if parsed is None:
            from nictools.load.cache import entry_key

            raw, failure = _read_bytes(root, f)
            if raw is None or failure is not None or entry_key(f.path, f.kind, raw) != key:
                raise StaleCache(f.path)
            parsed = _parse(f, raw)
        if f.kind == "data":
            if parsed.table is None:
                raise StaleCache(f.path)
            return parsed.table
        if parsed.model is None or parsed.doc is None:
            raise StaleCache(f.path)
        return parsed.model, parsed.doc
    return restore


def load_network_unbuilt(root: Path) -> tuple[Network, list[Problem]]:
    """The network, with the site files unchanged since the last `nic validate` left unbuilt
    (`LazyRecord`, `LazyTable`: built from its cache when read), for a command that reads a few
    artifacts of a large network (`nic chart --site`): the same records, built on demand. Without
    a cache, or when the files listed are not the ones validate saw, every file is read as usual.
    A record that cannot be built when read raises `StaleCache` (load again with `load_network`)."""
    from nictools.load.cache import FileCache

    disk = FileCache(root)
    if disk.db is None:
        return load_network(root)
    inc = Incremental(disk, keeps=False)
    network, problems = load_network(root, incremental=inc)
    if not inc.lazy:
        disk.close()
    return network, problems


@contextmanager
def collector_paused() -> Iterator[None]:
    """Build a network with the cyclic garbage collector paused, then freeze what was built.

    Loading allocates hundreds of thousands of small acyclic objects: collections during it
    made reading a 1,000-site network twice as slow as it needs to be. Afterwards the objects
    are frozen out of the collector's reach (`gc.freeze`): otherwise the first collections
    after the load (importing numpy while charting, say) walk every one of them again, which
    cost `nic chart` and `nic status` a third of their time on 200 sites. The previous freeze
    is undone first, so a long-lived process (`nic lsp`, the tests) can still collect an
    earlier network. `nictools.history` builds networks from history under it too.
    """
    enabled = gc.isenabled()
    gc.disable()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _load_network(root: Path, overlay: Mapping[str, str], cache: ParseCache | None,
                  disk: Any, file_checks: FileChecks | None,
                  inc: Incremental | None = None) -> tuple[Network, list[Problem]]:
    listing = list_files(root)
    network = Network(root=root, site_folders=listing.site_folders)
    problems: list[Problem] = []
    read: list[tuple[NetworkFile, bytes | None, Problem | None]] = []
    sigs: dict[str, str] = {}  # path -> stat signature, taken before its bytes are read
    unchanged: dict[str, str] = {}  # path -> key, for files whose stat says they have not changed
    previous: dict[str, FileState] = {}
    if disk is not None and cache is None:
        previous = _previous_run(disk, inc)
        sigs, unchanged = _stat_signatures(root, listing.files, previous)
    lazy = inc is not None and inc.allow_lazy and _may_stay_unbuilt(listing.files, previous)
    if inc is not None:
        inc.lazy = lazy
    for f in listing.files:
        if f.kind in ("outside", "broken-link", "unexpected") or f.path in unchanged:
            read.append((f, None, None))
        elif f.path in overlay:
            read.append((f, overlay[f.path].encode("utf-8", "replace"), None))
        else:
            read.append((f, *_read_bytes(root, f)))
    keys: dict[str, str] = dict(unchanged)
    stored: dict[str, str] = {}
    if disk is not None:
        from nictools.load.cache import entry_key

        keys.update({f.path: entry_key(f.path, f.kind, raw) for f, raw, _ in read if raw is not None})
        wanted = [key for path, key in keys.items()
                  if not (lazy and path in unchanged and previous[path].kind in LAZY_KINDS)]
        stored = disk.recall(wanted)
        if unchanged:
            network.texts = LazyTexts()
    states: dict[str, FileState] = {}
    fresh: list[tuple[str, str, str]] = []
    unbuilt = LAZY_KINDS if lazy else ()
    for f, raw, failure in read:
        network.files.append(f.path)
        if raw is None and f.kind in unbuilt and f.path in unchanged:  # the many unchanged site files
            lazy_text = _text_reader(root, f)
            states[f.path] = _take_unbuilt(network, f, unchanged[f.path], previous[f.path], lazy_text, problems, inc)
            network.texts.later[f.path] = lazy_text  # type: ignore[attr-defined]
            continue
        state = states[f.path] = FileState(f.path, f.kind, sigs.get(f.path), keys.get(f.path))
        if f.kind == "outside":
            problems.append(make_problem("NIC013", f.path, 0, 0,
                                         f"`{f.path}` is a link to a place outside the network; nic does not follow it."))
            _mark_broken(network, f, None)
            continue
        if f.kind == "broken-link":
            target = os.readlink(root / f.path)
            problems.append(make_problem("NIC015", f.path, 0, 0,
                                         f"`{f.path}` is a link to `{target}`, which does not exist."))
            _mark_broken(network, f, None)
            continue
        if f.kind == "unexpected":
            problems.append(make_problem("NIC016", f.path, 0, 0, f"`{f.path}` is not a file nic reads here."))
            continue
        if failure:
            problems.append(failure)
            state.problems = [failure]
            _mark_broken(network, f, None)
            continue
        if raw is None:  # known unchanged by its stat
            key = unchanged[f.path]
            lazy_text = _text_reader(root, f)
            parsed = _restore(stored[key], f, None, lazy_text) if key in stored else None
            if parsed is not None:
                network.texts.later[f.path] = lazy_text  # type: ignore[attr-defined]
                _take(network, f, parsed, problems, file_checks)
                if inc is not None and inc.keeps:
                    _remember(state, parsed)
                continue
            raw, failure = _read_bytes(root, f)  # not restorable after all: read it as usual
            if failure:
                problems.append(failure)
                state.problems = [failure]
                _mark_broken(network, f, None)
                continue
            assert raw is not None
            keys[f.path] = state.key = entry_key(f.path, f.kind, raw)
            stored.update(disk.recall([keys[f.path]]))
        parsed = cache.get(f.path) if cache is not None else None
        if parsed is None or parsed.raw != raw or parsed.kind != f.kind:
            key = keys.get(f.path)
            parsed = _restore(stored[key], f, raw) if key in stored else None
            if parsed is None:
                parsed = _parse(f, raw)
                if file_checks is not None and parsed.model is not None and parsed.doc is not None:
                    parsed.checked = file_checks(Record(parsed.model, f.path, parsed.doc, f.site), parsed.text)
                entry = _entry(parsed) if key is not None else None
                if entry is not None:
                    fresh.append((f.path, key, entry))  # type: ignore[arg-type]
            if cache is not None:
                cache[f.path] = parsed
        if parsed.text is None or (parsed.table is None and parsed.model is None) or f.path not in keys:
            state.sig = None  # only a file that loaded is taken unread by its stat next time
        if parsed.text is not None:
            network.texts[f.path] = parsed.text
        _take(network, f, parsed, problems, file_checks)
        if inc is not None and inc.keeps:
            _remember(state, parsed)
    if disk is not None and fresh and (inc is None or inc.keeps):
        disk.store(fresh)
    if inc is not None:
        inc.previous = previous
        inc.files = states
        inc.changed = {path for path, state in states.items()
                       if path not in previous or state.key is None or previous[path].key != state.key}
    if cache is not None:
        for gone in set(cache) - set(network.files):
            del cache[gone]
    return network, problems


def _remember(state: FileState, parsed: ParsedFile) -> None:
    """What the next run needs of a file read (or built from its cache entry) in this one."""
    state.problems = parsed.problems
    state.checked = parsed.checked
    if parsed.table is not None:
        state.facts = {}
    elif parsed.model is not None:
        state.facts = facts_of(parsed.model)


def _previous_run(disk: Any, inc: Incremental | None) -> dict[str, FileState]:
    """Each file's state as the last `nic validate` of this network left it (empty when there is none)."""
    stored = disk.recall_run()
    rows = stored.get("files") if stored else None
    if not isinstance(rows, dict):
        return {}
    previous = {}
    for path, row in rows.items():
        state = _file_state(path, row)
        if state is None:
            return {}
        previous[path] = state
    if inc is not None:
        inc.previous_run = {k: v for k, v in stored.items() if k != "files"}  # type: ignore[union-attr]
    return previous


def _may_stay_unbuilt(files: list[NetworkFile], previous: dict[str, FileState]) -> bool:
    """True when the last run saw the same files, in the same order and of the same kinds: then
    site files that have not changed need not be built (their facts say what others read)."""
    return [(f.path, f.kind) for f in files] == [(path, state.kind) for path, state in previous.items()]


def _take_unbuilt(network: Network, f: NetworkFile, key: str, before: FileState,
                  read_text: Callable[[], str | None], problems: list[Problem], inc: Incremental) -> FileState:
    """Put an unchanged site file into the network unbuilt, with what the last run knew of it."""
    problems.extend(before.problems)
    restore = _restorer(network.root, f, key, inc, read_text)
    if f.kind == "data":
        lazy: Any = LazyTable(f.path, restore)
        measure = f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        network.data[(f.site or "", measure)] = lazy
    else:
        facts = before.facts
        assert facts is not None
        lazy = LazyRecord(f.path, f.site, facts, restore)
        _attach_record(network, f, lazy, facts["id"], problems)
        checked = before.checked
        if checked is not None:
            network.file_checked[f.path] = checked
    inc.unbuilt.append((lazy, key))
    return before


def _take(network: Network, f: NetworkFile, parsed: ParsedFile, problems: list[Problem],
          file_checks: FileChecks | None) -> None:
    """Put one file's parse into the network."""
    problems.extend(parsed.problems)
    if parsed.table is not None:
        measure = f.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        network.data[(f.site or "", measure)] = parsed.table
    elif parsed.model is not None and parsed.doc is not None:
        _attach(network, f, parsed.model, parsed.doc, problems)
        if parsed.checked is not None and file_checks is not None:
            network.file_checked[f.path] = parsed.checked
    else:
        _mark_broken(network, f, parsed.broken_data)


def _stat_signatures(root: Path, files: list[NetworkFile],
                     previous: dict[str, FileState]) -> tuple[dict[str, str], dict[str, str]]:
    """Each readable file's stat signature, and path -> key for those the last run read under the
    same signature and that loaded then (their parse is in the cache)."""
    import time

    from nictools.load.cache import stat_signature

    now = time.time_ns()
    base = str(root) + os.sep
    sigs: dict[str, str] = {}
    unchanged: dict[str, str] = {}
    skip = ("outside", "broken-link", "unexpected")
    get = previous.get
    for f in files:
        if f.kind in skip:
            continue
        try:
            info = os.stat(base + f.path)
        except (OSError, ValueError):
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:
            sig = stat_signature(info, now)
            if sig is not None:
                sigs[f.path] = sig
                before = get(f.path)
                if (before is not None and before.sig == sig and before.key is not None
                        and before.stored_facts is not None and before.kind == f.kind):
                    unchanged[f.path] = before.key
    return sigs, unchanged


def _text_reader(root: Path, f: NetworkFile) -> Callable[[], str | None]:
    """Reads a file's text later (None when it no longer reads as text)."""
    def read() -> str | None:
        raw, failure = _read_bytes(root, f)
        if raw is None or failure is not None:
            return None
        return decode(raw, f.path, check_tabs=f.kind != "data").text
    return read


def _mark_broken(network: Network, f: NetworkFile, data: Any) -> None:
    """Remember an artifact whose file exists but did not load, so references to it are not reported too.

    Its id is the one in the file when it could be read, else the file's name (files are
    named after their ids); a broken network.yaml or drivers.yaml is remembered by kind.
    """
    if f.kind in ("network", "drivers"):
        network.broken.add((f.kind, None))
        return
    ids = {f.path.rstrip("/").rsplit("/", 1)[-1].split(".", 1)[0]}
    if f.kind == "site" and f.site:
        ids = {f.site}
    if isinstance(data, dict) and isinstance(data.get("id"), (str, int)) and not isinstance(data.get("id"), bool):
        ids.add(str(data["id"]))
    # a link's kind comes from the folder it sits in
    kind = _kind_of_folder(f.path) if f.kind in ("outside", "broken-link") else f.kind
    for artifact_id in ids:
        network.broken.add((kind, (f.site, artifact_id) if kind == "pdsa" else artifact_id))


def _kind_of_folder(path: str) -> str:
    parts = path.split("/")
    if parts[0] == "aims":
        return "aim"
    if parts[0] == "measures":
        return "measure"
    if parts[0] == "change-ideas":
        return "change-idea"
    if parts[0] == "sites" and len(parts) > 2:
        return {"pdsa": "pdsa", "data": "data", "site.yaml": "site", "site.yml": "site"}.get(parts[2], "file")
    return "file"


def _attach(network: Network, f: NetworkFile, model: Any, doc: YamlDocument, problems: list[Problem]) -> None:
    """Put a validated artifact in its place; a clash of ids is a located problem."""
    record = Record(model, f.path, doc, f.site)
    if f.kind == "network":
        network.config = record
        return
    if f.kind == "drivers":
        network.drivers = record
        return
    _attach_record(network, f, record, model.id, problems)


def _attach_record(network: Network, f: NetworkFile, record: Record[Any], artifact_id: str,
                   problems: list[Problem]) -> None:
    """Put an artifact's record in its table by id; a clash of ids is a located problem."""
    if f.kind == "site":
        key: Any = artifact_id
        table: dict[Any, Any] = network.sites
    elif f.kind == "pdsa":
        key = (f.site, artifact_id)
        table = network.cycles
    else:
        key = artifact_id
        table = {"aim": network.aims, "measure": network.measures, "change-idea": network.change_ideas}[f.kind]
    if key in table:
        line, col, *_ = record.doc.locate(("id",))
        scope = f" at site {f.site}" if f.kind == "pdsa" else ""
        problems.append(make_problem("NIC201", f.path, line, col,
                                     f"The {f.kind.replace('-', ' ')} id `{artifact_id}`{scope} is already used by {table[key].path}.",
                                     pointer="id"))
        _mark_broken(network, f, None)  # its file name stays taken
        return
    table[key] = record


def read_single(path: Path, kind: str, display: str | None = None) -> tuple[Any, YamlDocument | None, list[Problem]]:
    """Read and validate one YAML file outside a network walk (used by `nic new` and tests)."""
    shown = display or path.name
    raw = path.read_bytes()
    text = decode(raw, shown)
    if text.fatal or text.text is None:
        return None, None, text.problems
    doc = read_yaml(text.text, shown)
    if doc.data is None:
        return None, doc, text.problems + doc.problems
    model, schema_problems = validate_document(kind, doc, shown)
    return model, doc, text.problems + doc.problems + schema_problems


