"""Inline suppressions: `# nic: ignore[...]` comments in a network's YAML files.

    change_ideas: [CI-99]   # nic: ignore[NIC203]
    # nic: ignore-file[no-prediction, NIC402]

A line comment silences the listed checks (codes, prefixes or names, comma
separated) for problems reported on that line; a bare `# nic: ignore` silences
every check on the line. `# nic: ignore-file[...]` anywhere in a file silences the
listed checks for the whole file. The comment is found in the raw text, so it works
in files that fail to parse too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_COMMENT = re.compile(r"#\s*nic:\s*(ignore-file|ignore)(?:\[([^\]]*)\])?", re.IGNORECASE)
ALL = "ALL"


@dataclass
class FileSuppressions:
    """What one file's comments silence: by line, and for the whole file."""

    lines: dict[int, list[str]] = field(default_factory=dict)
    whole_file: list[str] = field(default_factory=list)


def parse_suppressions(text: str) -> FileSuppressions:
    """Find every `# nic: ignore…` comment in `text` (1-based line numbers)."""
    found = FileSuppressions()
    if "nic:" not in text.lower():
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        if "#" not in line:
            continue
        for match in _COMMENT.finditer(line):
            kind, listed = match.group(1).lower(), match.group(2)
            selectors = [s.strip() for s in listed.split(",") if s.strip()] if listed is not None else [ALL]
            if kind == "ignore-file":
                found.whole_file.extend(selectors)
            else:
                found.lines.setdefault(number, []).extend(selectors)
    return found
