r"""NIC018: control characters inside text fields.

YAML's double-quoted escapes (`"\e[2J"`, `"\x9b"`, `"\a"`) put characters into a value
that no editor shows and that drive a terminal (retitle the window, clear the screen)
when the value is printed. nic shows them as `\u001b` wherever it prints (see
`nictools.terminal`), and this check says where they are so they can be removed. A raw
control byte in the file itself is already a syntax error (NIC001); this looks at the
values after YAML has read them, and at the notes of data files.
"""

from __future__ import annotations

from typing import Any, Iterator

from nictools.catalogue import make_problem
from nictools.checks.registry import emits, file_check
from nictools.load.yaml import format_pointer
from nictools.model.network import Network, Record
from nictools.problems import Problem
from nictools.terminal import has_control, visible


def _walk(data: Any, pointer: tuple = ()) -> Iterator[tuple[tuple, str, bool]]:
    """(pointer, text, is_key) for every string in the data, keys included."""
    if isinstance(data, str):
        yield pointer, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and has_control(key):
                yield (*pointer, key), key, True
            yield from _walk(value, (*pointer, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(value, (*pointer, i))


def _shown(text: str) -> str:
    shown = visible(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


@file_check("NIC018")
def control_characters(rec: Record[Any], source: str | None = None) -> Iterator[Problem]:
    """Every text value (and key) of one YAML file with a control character."""
    if source is not None and "\\" not in source and not has_control(source):
        return  # no escape and no control character in the file: none in its values either
    for pointer, text, is_key in _walk(rec.doc.data):
        if not has_control(text):
            continue
        line, col, eline, ecol = rec.doc.locate(pointer, key=is_key)
        where = f"The key `{_shown(text)}`" if is_key else f"`{format_pointer(pointer)}`"
        yield make_problem("NIC018", rec.path, line, col,
                           f"{where} holds a control character: `{_shown(text)}`.",
                           pointer=format_pointer(pointer), end_line=eline, end_column=ecol)


@emits("NIC018")
def control_characters_in_data(network: Network) -> Iterator[Problem]:
    """Every data note, subgroup and stratum with a control character."""
    for table in network.data.values():
        if not network.in_focus(table.path):
            continue
        source = network.texts.get(table.path)
        if source is not None and not has_control(source):
            continue  # CSV has no escapes: a control character in a cell is one in the file
        for row in table.rows:
            for name in ("note", "subgroup", "stratum"):
                value = getattr(row, name)
                if value and has_control(value):
                    yield make_problem("NIC018", table.path, row.line, 1,
                                       f"The {name} of the row for {row.period or 'a period'} holds a control "
                                       f"character: `{_shown(value)}`.", pointer=name)
