"""The bad-input corpus: each case is a small overlay on the valid MINIMAL network.

A case names the files it overwrites, adds (text, or bytes generated here so git
cannot normalise them) or deletes (None), plus what `nic validate` must answer:
its exit status (0 ok, 1 problems, 2 could not run), the exact set of codes, and
the file every one of those problems is located in. `setup` names a step the
runner takes that plain file contents cannot express (symlinks, permissions, a
named pipe, a 50 MB file, a folder that is not a network, a network in a subfolder).

`python -m tests.bad_inputs.cases` prints the README table.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Mapping

from tests.conftest import MINIMAL  # type: ignore[import-not-found]

Content = str | bytes | None

PDSA = "sites/lincoln/pdsa/C01.yaml"
DATA = "sites/lincoln/data/ATT.csv"
SITE = "sites/lincoln/site.yaml"
MEASURE = "measures/ATT.yaml"
AIM = "aims/network-aim.yaml"
IDEA = "change-ideas/CI-01.yaml"


@dataclass(frozen=True)
class Case:
    """One bad input and what `nic validate` must say about it."""

    name: str
    kind: str  # the kind of file (or folder) that is wrong
    wrong: str  # what is wrong, in plain words
    files: Mapping[str, Content] = field(default_factory=dict)
    exit: int = 1
    codes: tuple[str, ...] = ()
    located: str | None = None  # every expected problem is in this file (relative to the network)
    setup: str = ""  # a runner step: symlink-file, symlink-folder, symlink-broken, unreadable, fifo, huge, ...
    commands: bool = True  # run every command over it (the 50 MB case runs validate only)
    says: str = ""  # words a problem's message or hint (or, for exit 2, the error) must contain


def y(text: str) -> str:
    """Dedented YAML (or CSV) text."""
    return textwrap.dedent(text)


PLAN = y(MINIMAL[PDSA])

MEASURE_TEXT = y(MINIMAL[MEASURE])

SITE_TEXT = y(MINIMAL[SITE])

IDEA_TEXT = y(MINIMAL[IDEA])

NETWORK_TEXT = y(MINIMAL["network.yaml"])

DATA_HEADER = "period,numerator,denominator\n"


def _deep_flow(depth: int) -> str:
    return "id: CI-01\ntitle: Deep\ndescription: " + "[" * depth + "x" + "]" * depth + "\ndrivers: [S1]\n"


def _deep_block(depth: int) -> str:
    lines = [IDEA_TEXT.rstrip("\n"), "conditions:"]
    for level in range(1, depth + 1):
        lines.append("  " * level + f"k{level}:")
    lines.append("  " * (depth + 1) + "leaf: x")
    return "\n".join(lines) + "\n"


def _billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "id: CI-01\n" + "\n".join(lines) + "\n"


def _alias_bytes_bomb() -> str:
    """Few values, many bytes: one 1 MB text and 3,000 aliases of it under `conditions.worked`."""
    return (IDEA_TEXT + 'evidence: &big "' + "x" * (1024 * 1024) + '"\nconditions:\n  worked:\n'
            + "    - *big\n" * 3000)


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489") + b"\x00" * 16

CASES: list[Case] = [
    # --- broken YAML -----------------------------------------------------------------------------
    Case("yaml-unclosed-double-quote", "measure", "a double quote opened and never closed",
         {MEASURE: MEASURE_TEXT.replace("title: Attending 90%", 'title: "Attending 90%')},
         codes=("NIC001",), located=MEASURE, says="The quote opened on line 2 is never closed"),
    Case("yaml-unclosed-single-quote", "change idea", "a single quote opened and never closed",
         {IDEA: IDEA_TEXT.replace("title: Exit tickets", "title: 'Exit tickets")},
         codes=("NIC001",), located=IDEA),
    Case("yaml-unclosed-bracket", "change idea", "a `[` list never closed",
         {IDEA: IDEA_TEXT.replace("drivers: [S1]", "drivers: [S1")},
         codes=("NIC001",), located=IDEA, says="The `[` opened on line 4 is not closed"),
    Case("yaml-unclosed-brace", "aim", "a `{` mapping never closed",
         {AIM: y("""\
             id: network-aim
             title: On track
             statement: By June 2026, 90% of ninth graders attend 90% of days.
             outcome_measure: ATT
             target: {value: 0.9, date: 2026-06-12
             """)},
         codes=("NIC001",), located=AIM, says="The `{` opened on line 5 is not closed"),
    Case("yaml-bad-indentation", "PDSA cycle", "a field indented less than its siblings",
         {PDSA: PLAN.replace("  questions:", " questions:")},
         codes=("NIC001",), located=PDSA, says="Line 6 is indented differently"),
    Case("yaml-colon-in-value", "site", "an unquoted `: ` inside a value (`name: Lincoln: High`)",
         {SITE: SITE_TEXT.replace("name: Lincoln High School", "name: Lincoln: High School")},
         codes=("NIC001",), located=SITE, says="put a value that contains `: ` in quotes"),
    Case("yaml-scalar-file", "network.yaml", "the whole file is one sentence, not fields",
         {"network.yaml": "Test Network, run by Test Hub\n"},
         codes=("NIC101",), located="network.yaml"),
    Case("yaml-list-file", "drivers.yaml", "the whole file is a list where fields are expected",
         {"drivers.yaml": "- P1\n- S1\n"},
         codes=("NIC101",), located="drivers.yaml"),
    Case("yaml-two-documents", "site", "a `---` line starts a second document",
         {SITE: SITE_TEXT + "---\nid: lincoln-2\n"},
         codes=("NIC008",), located=SITE),
    Case("yaml-undefined-alias", "change idea", "`*drivers` refers to an anchor that does not exist",
         {IDEA: IDEA_TEXT.replace("drivers: [S1]", "drivers: *drivers")},
         codes=("NIC001",), located=IDEA, says="not defined above it"),
    Case("yaml-complex-key", "change idea", "a key that is itself a list (`? [a, b]`)",
         {IDEA: IDEA_TEXT + "? [a, b]\n: c\n"},
         codes=("NIC001",), located=IDEA),
    Case("yaml-merge-key", "change idea", "a YAML merge key (`<<: *defaults`), which the format does not use",
         {IDEA: y("""\
             id: CI-01
             title: Exit tickets
             description: A two-question exit ticket at the end of advisory.
             drivers: [S1]
             <<: {status: testing}
             """)},
         codes=("NIC103",), located=IDEA, says="merge key"),
    Case("yaml-duplicate-key", "network.yaml", "`name:` given twice",
         {"network.yaml": NETWORK_TEXT + "name: Another Name\n"},
         codes=("NIC014",), located="network.yaml", says="appears twice"),
    Case("yaml-duplicate-key-nested", "PDSA cycle", "`objective:` given twice inside `plan`",
         {PDSA: PLAN.replace("  questions:", "  objective: Again.\n  questions:")},
         codes=("NIC014",), located=PDSA),
    Case("yaml-tab-indentation", "PDSA cycle", "lines indented with a tab",
         {PDSA: PLAN.replace("  objective:", "\tobjective:")},
         codes=("NIC005",), located=PDSA),
    Case("yaml-number-keys", "site", "a key that is a number (`2025: joined`)",
         {SITE: SITE_TEXT + "2025: joined\n"},
         codes=("NIC103",), located=SITE),
    # --- file level: markers, encodings, BOM, CRLF, empty ---------------------------------------
    Case("merge-conflict-yaml", "change idea", "git merge-conflict markers left in the file",
         {IDEA: IDEA_TEXT.replace("status: testing\n",
                                  "<<<<<<< HEAD\nstatus: testing\n=======\nstatus: implementing\n>>>>>>> lincoln\n")},
         codes=("NIC004",), located=IDEA),
    Case("merge-conflict-csv", "data CSV", "git merge-conflict markers left in a data file",
         {DATA: DATA_HEADER + "2025-09-01,80,100\n<<<<<<< HEAD\n2025-09-08,82,100\n=======\n2025-09-08,83,100\n>>>>>>> x\n"},
         codes=("NIC004",), located=DATA),
    Case("bom-yaml", "measure", "a UTF-8 byte-order mark before the first field",
         {MEASURE: b"\xef\xbb\xbf" + MEASURE_TEXT.encode()},
         exit=0, codes=("NIC003",), located=MEASURE),
    Case("bom-csv", "data CSV", "a UTF-8 byte-order mark before the header (Excel writes one)",
         {DATA: b"\xef\xbb\xbf" + (DATA_HEADER + "2025-09-01,80,100\n").encode()},
         exit=0, codes=("NIC003",), located=DATA),
    Case("crlf-yaml", "site", "Windows line endings (CRLF)",
         {SITE: SITE_TEXT.replace("\n", "\r\n").encode()},
         exit=0, codes=("NIC006",), located=SITE),
    Case("crlf-csv", "data CSV", "Windows line endings (CRLF)",
         {DATA: (DATA_HEADER + "2025-09-01,80,100\n").replace("\n", "\r\n").encode()},
         exit=0, codes=("NIC006",), located=DATA),
    Case("mixed-line-endings", "aim", "some lines end in CRLF, others in LF",
         {AIM: b"id: network-aim\r\ntitle: On track\nstatement: By June 2026, 90% attend.\r\noutcome_measure: ATT\n"},
         exit=0, codes=("NIC006", "NIC505"), located=AIM),
    Case("latin1-yaml", "site", "saved as Latin-1: `ñ` is the single byte 0xF1",
         {SITE: SITE_TEXT.replace("Lincoln High School", "Lincoln Peña High School").encode("latin-1")},
         codes=("NIC002",), located=SITE),
    Case("cp1252-csv", "data CSV", "saved as Windows-1252: curly quotes in a note",
         {DATA: "period,numerator,denominator,note\n2025-09-01,80,100,\u201cfirst\u201d week\n".encode("cp1252")},
         codes=("NIC002",), located=DATA),
    Case("mixed-encodings", "PDSA cycle", "UTF-8 `é` on one line, Latin-1 `é` on a later one",
         {PDSA: (PLAN.replace("Most of them will.", "Most of them will (café).").encode()
                 + "do:\n  what_happened: The café was closed.\n".encode("latin-1"))},
         codes=("NIC002",), located=PDSA, says="line 11"),
    Case("control-character", "site", "an invisible control character pasted from a word processor (U+000B)",
         {SITE: SITE_TEXT.replace("Lincoln High School", "Lincoln\x0bHigh School")},
         codes=("NIC001",), located=SITE, says="Line 2 holds the invisible control character U+000B"),
    Case("yaml-escape-terminal", "change idea", 'a title with terminal escapes as YAML escapes (`"\\e]0;x\\a\\e[2J"`)',
         {IDEA: IDEA_TEXT.replace("title: Exit tickets", 'title: "Exit \\e]0;owned\\a\\e[2J\\x9b31m tickets"')},
         codes=("NIC018",), located=IDEA, says="holds a control character"),
    Case("csv-note-escape", "data CSV", "a note holding a raw ESC sequence (`ESC[2J`)",
         {DATA: "period,numerator,denominator,note\n2025-09-01,80,100,\"cleared \x1b[2J\"\n2025-09-08,82,100,\n"},
         codes=("NIC018",), located=DATA, says="holds a control character"),
    Case("utf16-bom-yaml", "measure", "saved as UTF-16 with its byte-order mark",
         {MEASURE: MEASURE_TEXT.encode("utf-16")},
         codes=("NIC002",), located=MEASURE),
    Case("utf16-no-bom-yaml", "change idea", "saved as UTF-16 without a byte-order mark (NUL bytes)",
         {IDEA: IDEA_TEXT.encode("utf-16-le")},
         codes=("NIC002",), located=IDEA, says="NUL bytes"),
    Case("binary-as-yaml", "measure", "a PNG image saved under a .yaml name",
         {"measures/photo.yaml": _PNG},
         codes=("NIC002",), located="measures/photo.yaml"),
    Case("empty-yaml", "change idea", "an empty file (0 bytes)",
         {IDEA: b""},
         codes=("NIC007",), located=IDEA),
    Case("whitespace-only-yaml", "network.yaml", "only spaces and blank lines",
         {"network.yaml": "   \n\n  \n"},
         codes=("NIC007",), located="network.yaml"),
    Case("comments-only-yaml", "drivers.yaml", "only comments",
         {"drivers.yaml": "# the driver diagram\n# comes later\n"},
         codes=("NIC007",), located="drivers.yaml"),
    Case("empty-csv", "data CSV", "an empty data file",
         {DATA: b""},
         codes=("NIC007",), located=DATA),
    Case("whitespace-only-csv", "data CSV", "a data file of blank lines",
         {DATA: "\n  \n\n"},
         codes=("NIC007",), located=DATA),
    Case("huge-file", "data CSV", "a 50 MB data file (written by the test at run time)",
         {}, codes=("NIC009",), located=DATA, setup="huge", commands=False, says="50.0 MB"),
    # --- hostile YAML ----------------------------------------------------------------------------
    Case("deep-nesting-flow", "change idea", "a value nested 200 `[` deep",
         {IDEA: _deep_flow(200)},
         codes=("NIC010",), located=IDEA),
    Case("deep-nesting-block", "change idea", "mappings indented 120 levels deep",
         {IDEA: _deep_block(120)},
         codes=("NIC010",), located=IDEA),
    Case("alias-bomb", "change idea", "billion laughs: nine aliases of nine aliases of ...",
         {IDEA: _billion_laughs()},
         codes=("NIC011",), located=IDEA),
    Case("tag-python-object", "PDSA cycle", "`!!python/object/apply:os.system` (would run a program)",
         {PDSA: PLAN.replace("objective: See", "objective: !!python/object/apply:os.system ['echo hacked']\n  who: See")},
         codes=("NIC012",), located=PDSA),
    Case("tag-python-name", "measure", "`!!python/name:` tag",
         {MEASURE: MEASURE_TEXT.replace("unit: percent of students", "unit: !!python/name:os.system ''")},
         codes=("NIC012",), located=MEASURE),
    Case("tag-custom-local", "site", "a custom `!secret` tag",
         {SITE: SITE_TEXT.replace("name: Lincoln High School", "name: !secret school_name")},
         codes=("NIC012",), located=SITE, says="asks for an unsupported type"),
    Case("tag-binary-set", "aim", "`!!binary` and `!!set` tags",
         {AIM: y("""\
             id: network-aim
             title: !!binary aGVsbG8=
             statement: !!set {a, b}
             outcome_measure: ATT
             """)},
         codes=("NIC012",), located=AIM),
    # --- wrong types at every level --------------------------------------------------------------
    Case("network-name-list", "network.yaml", "`name` is a list",
         {"network.yaml": NETWORK_TEXT.replace("name: Test Network", "name: [Test, Network]")},
         codes=("NIC101",), located="network.yaml"),
    Case("network-clusters-mapping", "network.yaml", "`clusters` is one mapping, not a list",
         {"network.yaml": y("""\
             name: Test Network
             hub: Test Hub
             clusters:
               id: rac-1
               name: Relationships
             """)},
         codes=("NIC101",), located="network.yaml"),
    Case("network-settings-types", "network.yaml", "`settings.quiet_after_weeks: four` and `select: NIC2` (text, not a list)",
         {"network.yaml": NETWORK_TEXT + "settings:\n  quiet_after_weeks: four\n  select: NIC2\n"},
         codes=("NIC101",), located="network.yaml"),
    Case("network-calendar-nested", "network.yaml", "a break's `start` is not a date and `end` is missing",
         {"network.yaml": NETWORK_TEXT + "calendar:\n  breaks:\n    - {name: Winter, start: after Christmas}\n"},
         codes=("NIC102", "NIC105"), located="network.yaml"),
    Case("network-format-version", "network.yaml", "`format: 2`, a version this nic does not read",
         {"network.yaml": NETWORK_TEXT.replace("format: 1", "format: 2")},
         codes=("NIC107",), located="network.yaml"),
    Case("aim-target-text", "aim", "`target` is a sentence, not `{value, date}`",
         {AIM: y("""\
             id: network-aim
             title: On track
             statement: By June 2026, 90% of ninth graders attend 90% of days.
             outcome_measure: ATT
             baseline: {start: 2024-09-02, end: 2025-06-13, value: 0.7}
             target: 90% by June 2026
             """)},
         codes=("NIC101",), located=AIM),
    Case("aim-nested-types", "aim", "`baseline.value: 70%` and `target.date: June 2026`",
         {AIM: y("""\
             id: network-aim
             title: On track
             statement: By June 2026, 90% of ninth graders attend 90% of days.
             outcome_measure: ATT
             baseline: {start: 2024-09-02, end: 2025-06-13, value: 70%}
             target: {value: 0.9, date: June 2026}
             """)},
         codes=("NIC101", "NIC105"), located=AIM),
    Case("measure-enum-typo", "measure", "`type: outcom` and `direction: higher`",
         {MEASURE: MEASURE_TEXT.replace("type: outcome", "type: outcom").replace("direction: up", "direction: higher")},
         codes=("NIC104",), located=MEASURE),
    Case("measure-nested-types", "measure", "`chart: p` (not a mapping), `goal: high`, `numerator` a sentence",
         {MEASURE: MEASURE_TEXT.replace("chart: {type: p}", "chart: p\ngoal: high").replace(
             "numerator: {description: Ninth graders attending 90% or more of the week's days}",
             "numerator: ninth graders attending")},
         codes=("NIC101",), located=MEASURE),
    Case("measure-infinite-goal", "measure", "`goal: .inf` and `multiply: .nan`",
         {MEASURE: MEASURE_TEXT + "goal: .inf\nmultiply: .nan\n"},
         codes=("NIC101",), located=MEASURE, says="ordinary number"),
    Case("drivers-primary-mapping", "drivers.yaml", "`primary` is a mapping, not a list",
         {"drivers.yaml": "aim: network-aim\nprimary:\n  id: P1\n  title: Relationships\n"},
         codes=("NIC101",), located="drivers.yaml"),
    Case("drivers-nested-types", "drivers.yaml", "`primary_drivers: P1` (text, not a list), a driver that is a plain word",
         {"drivers.yaml": y("""\
             aim: network-aim
             primary:
               - id: P1
                 title: Relationships with adults
               - P2
             secondary:
               - id: S1
                 title: Advisory check-ins
                 primary_drivers: P1
             """)},
         codes=("NIC101",), located="drivers.yaml", says="`primary[1]` should be a mapping"),
    Case("idea-drivers-text", "change idea", "`drivers: S1` (text, not a list) and `materials` of plain words",
         {IDEA: IDEA_TEXT.replace("drivers: [S1]", "drivers: S1\nmaterials: [slides, handout]")},
         codes=("NIC101",), located=IDEA, says="`materials[0]` should be a mapping"),
    Case("idea-id-bool", "change idea", "`id: true`",
         {IDEA: IDEA_TEXT.replace("id: CI-01", "id: true")},
         codes=("NIC101",), located=IDEA),
    Case("site-context-list", "site", "`context` is a list, `team` a mapping",
         {SITE: SITE_TEXT.replace("context: {level: high, size_band: large}",
                                  "context: [high, large]\nteam: {role: coach}")},
         codes=("NIC101",), located=SITE),
    Case("site-date-us", "site", "`joined: 09/15/2025` (month/day/year)",
         {SITE: SITE_TEXT.replace("joined: 2024-08-15", "joined: 09/15/2025")},
         codes=("NIC105",), located=SITE),
    Case("site-date-dotted", "site", "`joined: 15.09.2025` (day.month.year)",
         {SITE: SITE_TEXT.replace("joined: 2024-08-15", "joined: 15.09.2025")},
         codes=("NIC105",), located=SITE),
    Case("site-impossible-date", "site", "`joined: 2025-02-30`",
         {SITE: SITE_TEXT.replace("joined: 2024-08-15", "joined: 2025-02-30")},
         codes=("NIC105",), located=SITE),
    Case("pdsa-plan-text", "PDSA cycle", "`plan` is a sentence, not fields",
         {PDSA: "id: C01\ntitle: Exit tickets\nchange_ideas: [CI-01]\nplan: try exit tickets\n"},
         codes=("NIC101",), located=PDSA),
    Case("pdsa-questions-mapping", "PDSA cycle", "`questions` is a mapping; `scale.teachers: one`",
         {PDSA: y("""\
             id: C01
             title: Exit tickets in one advisory
             change_ideas: [CI-01]
             plan:
               objective: See whether students finish it.
               questions: {question: Will they?, prediction: Yes.}
               scale: {teachers: one}
             """)},
         codes=("NIC101",), located=PDSA),
    Case("pdsa-later-stages", "PDSA cycle", "`study.predictions[0].question: first`, `result: yes`, `act.decision: keep`",
         {PDSA: PLAN + y("""\
             do: {as_planned: maybe}
             study:
               predictions:
                 - {question: first, result: yes}
             act: {decision: keep}
             """)},
         codes=("NIC101", "NIC104"), located=PDSA),
    Case("pdsa-dates-other-formats", "PDSA cycle", "`planned_start: 09/15/2025`, `recorded_on: 15.09.2025`",
         {PDSA: PLAN.replace("  questions:", "  planned_start: 09/15/2025\n  recorded_on: 15.09.2025\n  questions:")},
         codes=("NIC105",), located=PDSA),
    Case("pdsa-misspelled-nested", "PDSA cycle", "`predicton` (misspelled) in a plan question",
         {PDSA: PLAN.replace("prediction:", "predicton:")},
         codes=("NIC103",), located=PDSA),
    Case("unknown-field", "change idea", "a field the format does not have (`owner:`)",
         {IDEA: IDEA_TEXT + "owner: Ms. Lee\n"},
         codes=("NIC103",), located=IDEA),
    Case("misspelled-required-field", "measure", "`frequncy:` (so `frequency` is missing too)",
         {MEASURE: MEASURE_TEXT.replace("frequency:", "frequncy:")},
         codes=("NIC102", "NIC103"), located=MEASURE),
    Case("invalid-id", "change idea", "`id: exit tickets` (a space in an id)",
         {IDEA: IDEA_TEXT.replace("id: CI-01", "id: exit tickets")},
         codes=("NIC106",), located=IDEA),
    Case("duplicate-id", "change idea", "two files both say `id: CI-01`",
         {"change-ideas/CI-02.yaml": IDEA_TEXT},
         codes=("NIC201",), located="change-ideas/CI-02.yaml"),
    # --- CSV ---------------------------------------------------------------------------------------
    Case("csv-wrong-header", "data CSV", "header `date,num,den`",
         {DATA: "date,num,den\n2025-09-01,80,100\n"},
         codes=("NIC021",), located=DATA),
    Case("csv-no-header", "data CSV", "no header row: the first row is data",
         {DATA: "2025-09-01,80,100\n2025-09-08,82,100\n"},
         codes=("NIC021",), located=DATA, says="The first row is data"),
    Case("csv-semicolons", "data CSV", "separated by `;` (European Excel)",
         {DATA: "period;numerator;denominator\n2025-09-01;80;100\n"},
         codes=("NIC021",), located=DATA, says="separated by semicolons"),
    Case("csv-tabs", "data CSV", "separated by tabs",
         {DATA: "period\tnumerator\tdenominator\n2025-09-01\t80\t100\n"},
         codes=("NIC021",), located=DATA, says="separated by tabs"),
    Case("csv-quoted-newline", "data CSV", "a note with a line break inside quotes, then a bad number",
         {DATA: 'period,numerator,denominator,note\n2025-09-01,80,100,"two\nlines"\n2025-09-08,eighty,100,\n'},
         codes=("NIC022",), located=DATA),
    Case("csv-thousands-separator", "data CSV", 'a number written `"1,234"`',
         {DATA: DATA_HEADER + '2025-09-01,"1,234",2000\n'},
         codes=("NIC022",), located=DATA, says="write 1234"),
    Case("csv-decimal-comma", "data CSV", 'a number written `"80,5"`',
         {DATA: DATA_HEADER + '2025-09-01,"80,5",100\n'},
         codes=("NIC022",), located=DATA, says="write 80.5"),
    Case("csv-decimal-comma-unquoted", "data CSV", "a number written `80,5` without quotes (one field too many)",
         {DATA: DATA_HEADER + "2025-09-01,80,5,100\n"},
         codes=("NIC020",), located=DATA),
    Case("csv-percent", "data CSV", "a number written `80%`",
         {DATA: DATA_HEADER + "2025-09-01,80%,100\n"},
         codes=("NIC022",), located=DATA),
    Case("csv-infinite-number", "data CSV", "a number too large to hold (`1e400`) and `nan`",
         {DATA: DATA_HEADER + "2025-09-01,1e400,100\n2025-09-08,nan,100\n"},
         codes=("NIC022",), located=DATA, says="too large"),
    Case("csv-date-us", "data CSV", "periods written 09/15/2025",
         {DATA: DATA_HEADER + "09/15/2025,80,100\n"},
         codes=("NIC023",), located=DATA, says="write it as YYYY-MM-DD"),
    Case("csv-date-dotted", "data CSV", "periods written 15.09.2025",
         {DATA: DATA_HEADER + "15.09.2025,80,100\n"},
         codes=("NIC023",), located=DATA),
    Case("csv-date-excel-serial", "data CSV", "periods as Excel serial numbers (45915)",
         {DATA: DATA_HEADER + "45915,80,100\n"},
         codes=("NIC023",), located=DATA),
    Case("csv-unclosed-quote", "data CSV", "a quote opened and never closed",
         {DATA: DATA_HEADER + '2025-09-01,"80,100\n2025-09-08,82,100\n'},
         codes=("NIC020",), located=DATA),
    Case("csv-ragged-rows", "data CSV", "a row with fewer fields than the header",
         {DATA: DATA_HEADER + "2025-09-01,80\n"},
         codes=("NIC020",), located=DATA),
    Case("csv-nul-byte", "data CSV", "a NUL byte inside a row",
         {DATA: (DATA_HEADER + "2025-09-01,8\x000,100\n").encode()},
         codes=("NIC002",), located=DATA, says="NUL bytes (the first on line 2)"),
    # --- edge values, other digits, case, loops (#17 classes 1, 8, 12) -----------------------------
    Case("alias-bomb-bytes", "change idea", "a 1 MB text aliased 3,000 times (a 1 MB file, 3 GB expanded)",
         {IDEA: _alias_bytes_bomb()}, codes=("NIC011",), located=IDEA, says="10 MB"),
    Case("csv-period-year-9999", "data CSV", "a period in year 9999 (a real date)",
         {DATA: DATA_HEADER + "9999-12-27,80,100\n"}, codes=("NIC025",), located=DATA, says="1900-01-01 to 2199-12-31"),
    Case("csv-period-year-1", "data CSV", "a period in year 1 (`0001-01-01`)",
         {DATA: DATA_HEADER + "0001-01-01,80,100\n"}, codes=("NIC025",), located=DATA),
    Case("csv-number-1e300", "data CSV", "a numerator and denominator of `1e300` (finite, but no count is that large)",
         {DATA: DATA_HEADER + "2025-09-01,1e300,1e300\n"}, codes=("NIC024",), located=DATA, says="10^15"),
    Case("site-joined-year-9999", "site", "`joined: 9999-12-31`",
         {SITE: SITE_TEXT.replace("joined: 2024-08-15", "joined: 9999-12-31")},
         codes=("NIC110",), located=SITE, says="1900-01-01 to 2199-12-31"),
    Case("aim-target-1e300", "aim", "`target: {value: 1e300, ...}`",
         {AIM: y(MINIMAL[AIM]).replace("value: 0.9", "value: 1e300")}, codes=("NIC111",), located=AIM),
    Case("csv-unicode-digits", "data CSV", "numbers and a period in Arabic-Indic, full-width and Bengali digits",
         {DATA: DATA_HEADER + "2025-09-01,\u0661\u0660,100\n2025-09-08,\uff11\uff10,\u09ea\u09e6\n"
                + "\u0662\u0660\u0662\u0665-09-15,10,100\n"},
         codes=("NIC022", "NIC023"), located=DATA, says="type it as 10"),
    Case("yaml-unicode-digits", "aim", "a target value written `\u0669\u0660` (Arabic-Indic 90)",
         {AIM: y(MINIMAL[AIM]).replace("value: 0.9", "value: \u0669\u0660")},
         codes=("NIC101",), located=AIM, says="type it as 90"),
    Case("ids-differ-only-in-case", "change idea", "`CI-01` and `ci-01`, one file on macOS and Windows",
         {"change-ideas/ci-01.yaml": IDEA_TEXT.replace("id: CI-01", "id: ci-01")},
         codes=("NIC213",), located="change-ideas/ci-01.yaml"),
    Case("aim-parent-loop", "aim", "the network aim names itself as its `parent`",
         {AIM: y(MINIMAL[AIM]) + "parent: network-aim\n"}, codes=("NIC514",), located=AIM),
    Case("material-git-ignored", "change idea", "a material `link:` to a git-ignored file (`raw/students.csv`)",
         {".gitignore": "raw/\n", "raw/students.csv": "name,absences\nAda,14\n",
          IDEA: IDEA_TEXT + "materials:\n  - title: Class list\n    link: raw/students.csv\n"},
         codes=("NIC019",), located=IDEA, says="git does not track"),
    # --- paths, links, permissions, folders --------------------------------------------------------
    Case("symlink-file-outside", "data CSV", "a data file that is a link to a file outside the repository",
         {DATA: None}, codes=("NIC013",), located=DATA, setup="symlink-file"),
    Case("symlink-folder-outside", "site folder", "`pdsa/` is a link to a folder outside the repository",
         {PDSA: None}, codes=("NIC013",), located="sites/lincoln/pdsa", setup="symlink-folder"),
    Case("symlink-broken", "change idea", "a link to a file that does not exist",
         {}, codes=("NIC015",), located="change-ideas/CI-02.yaml", setup="symlink-broken", says="which does not exist"),
    Case("unreadable-file", "PDSA cycle", "a file nobody may read (chmod 000; simulated when running as root)",
         {}, codes=("NIC015",), located=PDSA, setup="unreadable", says="Permission denied"),
    Case("fifo-as-data", "data CSV", "a named pipe where a data file should be (reading it would wait forever)",
         {DATA: None}, codes=("NIC015",), located=DATA, setup="fifo", says="named pipe"),
    Case("folder-named-yaml", "measure", "a folder named like a file (`measures/ATT2.yaml/`)",
         {"measures/ATT2.yaml/notes.txt": "x\n"},
         exit=0, codes=("NIC016",), located="measures/ATT2.yaml/"),
    Case("unexpected-file", "aims folder", "a Word file among the aims",
         {"aims/notes.docx": b"PK\x03\x04"},
         exit=0, codes=("NIC016",), located="aims/notes.docx"),
    Case("not-a-network", "folder", "a folder with no network.yaml anywhere above it",
         {}, exit=2, setup="not-a-network", says="No network found"),
    Case("network-yaml-is-folder", "folder", "`network.yaml` is a folder",
         {}, exit=2, setup="network-yaml-folder", says="is a folder"),
    Case("network-in-subfolder", "network.yaml", "the network sits in `networks/ninth/` of its git repository (one bad field)",
         {IDEA: IDEA_TEXT + "owner: Ms. Lee\n"},
         codes=("NIC103",), located=IDEA, setup="subfolder"),
]

#: codes that describe a whole file or folder: line 0 is right for them
WHOLE_FILE = {"NIC007", "NIC009", "NIC013", "NIC015", "NIC016"}


def readme_table() -> str:
    """The table of tests/bad_inputs/README.md, from CASES."""
    rows = ["| case | file kind | what is wrong | `nic validate` exit | codes |", "|---|---|---|---|---|"]
    for case in CASES:
        codes = ", ".join(case.codes) or "(none: stops with a message)"
        rows.append(f"| `{case.name}` | {case.kind} | {case.wrong.replace('|', '&#124;')} | {case.exit} | {codes} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(readme_table(), end="")
