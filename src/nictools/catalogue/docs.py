"""The check documentation, from the catalogue: `nic explain CODE` and docs/checks.md.

docs/checks.md is generated (`python -m nictools.catalogue.docs`), never edited by
hand; a test fails when it is stale. Each code's heading is `NIC203 unknown-change-idea`,
whose GitHub anchor (`#nic203-unknown-change-idea`) is the fragment of `Problem.url`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from nictools.catalogue import CATALOGUE, CheckInfo
from nictools.markdown import prose

FAMILIES = {
    "NIC0": "Files, encodings and syntax",
    "NIC1": "Schema: fields and values",
    "NIC2": "References between files",
    "NIC3": "Measurement data",
    "NIC4": "PDSA practice and dates",
    "NIC5": "The model: drivers, change ideas, aims, measures",
    "NIC6": "Privacy",
}


def heading(info: CheckInfo) -> str:
    return f"{info.code} {info.name}"


def github_anchor(text: str) -> str:
    """The anchor GitHub gives a Markdown heading: lowercase, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _example(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}\n{text.rstrip()}\n{fence}"


def explain_text(info: CheckInfo) -> str:
    """Plain text for a terminal: what, why, bad, good, how to fix."""
    out = [f"{heading(info)} ({info.severity.value}{', fixable with `nic fix`' if info.fixable else ''})", "",
           info.summary]
    if info.why:
        out += ["", "Why it matters:", f"  {info.why}"]
    if info.bad:
        out += ["", "Bad:"] + [f"    {line}" for line in info.bad.rstrip("\n").split("\n")]
    if info.good:
        out += ["", "Good:"] + [f"    {line}" for line in info.good.rstrip("\n").split("\n")]
    out += ["", "How to fix:", f"  {info.hint}", "",
            f"Silence it on one line with `# nic: ignore[{info.code}]`, or everywhere with `--ignore {info.name}`."]
    return "\n".join(out) + "\n"


def checks_markdown() -> str:
    """docs/checks.md: a table of every code, then a section per code."""
    codes = sorted(CATALOGUE)
    lines = [
        "# The checks of `nic validate`",
        "",
        "<!-- Generated from src/nictools/catalogue/codes.py by `python -m nictools.catalogue.docs`; do not edit. -->",
        "",
        "Every problem has a stable code, a name and a default severity. Only errors fail",
        "`nic validate` (warnings too under `--strict`). Select or skip checks by code, prefix or",
        "name (`--select NIC2`, `--ignore no-prediction`, or `settings:` in network.yaml), per path",
        "(`settings.per_file_ignores`), or on one line with a comment: `# nic: ignore[NIC203]`",
        "(several comma separated; `# nic: ignore-file[...]` for the whole file). A cycle with",
        "`status: draft` gets no warnings or infos from the NIC4xx family. `nic explain CODE` prints",
        "a section of this page. Dates are compared with today, or with `NIC_TODAY=YYYY-MM-DD` when set.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    for code in codes:
        info = CATALOGUE[code]
        summary = prose(info.summary).replace("|", "\\|")
        lines.append(f"| [{code}](#{github_anchor(heading(info))}) | {info.name} | {info.severity.value} | {summary} |")
    family = None
    for code in codes:
        info = CATALOGUE[code]
        if code[:4] != family:
            family = code[:4]
            lines += ["", f"## {FAMILIES.get(family, family)}"]
        lines += ["", f"### {heading(info)}", "",
                  f"**Severity:** {info.severity.value}{' · fixable with `nic fix`' if info.fixable else ''}", "",
                  prose(info.summary)]
        if info.why:
            lines += ["", f"**Why it matters.** {prose(info.why)}"]
        if info.bad:
            lines += ["", "**Bad:**", "", _example(info.bad)]
        if info.good:
            lines += ["", "**Good:**", "", _example(info.good)]
        lines += ["", f"**How to fix.** {prose(info.hint)}"]
    return "\n".join(lines) + "\n"


def docs_path() -> Path:
    return Path(__file__).resolve().parents[3] / "docs" / "checks.md"


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else docs_path()
    target.write_text(checks_markdown(), encoding="utf-8")
    print(f"wrote {target}")
