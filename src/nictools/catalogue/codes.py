"""Every code `nic validate` can report, as data.

Families: NIC0xx files and syntax, NIC1xx schema, NIC2xx references between files,
NIC3xx measurement data, NIC4xx PDSA practice, NIC5xx model and repository,
NIC6xx privacy. A released code is never reused.
"""

from __future__ import annotations

from nictools.catalogue.record import ERROR, INFO, WARNING, define

# --- NIC0xx: files, encodings, syntax -------------------------------------------------

define(
    "NIC001", "yaml-syntax", ERROR,
    "The file is not valid YAML.",
    "Look at the line shown (and the one above it): a missing colon, an unclosed quote or "
    "bracket, or indentation that does not line up are the usual causes.",
    why="A file that cannot be read is invisible to the network: none of its content is checked or reported.",
    bad="plan:\n  objective: \"Try exit tickets\n", good="plan:\n  objective: \"Try exit tickets\"\n",
)
define(
    "NIC002", "not-utf8", ERROR,
    "The file is not UTF-8 text.",
    "Save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8).",
    why="Other bytes show up as garbage on other computers and break every tool that reads the file.",
    bad="(a file saved as Windows-1252 with an é in a name)", good="(the same file saved as UTF-8)",
)
define(
    "NIC003", "byte-order-mark", WARNING,
    "The file starts with a byte-order mark (BOM).",
    "Save the file as UTF-8 without BOM, or run `nic fix`.",
    why="Some tools read the invisible mark as part of the first key.",
    bad="\\ufeffid: C01\n", good="id: C01\n", fixable=True,
)
define(
    "NIC004", "merge-conflict-markers", ERROR,
    "The file still has git merge-conflict markers (<<<<<<<, =======, >>>>>>>).",
    "Decide which version to keep, delete the marker lines and the version you do not want, then commit again.",
    why="A half-merged file mixes two people's versions; nothing after the marker can be trusted.",
    bad="<<<<<<< HEAD\ntitle: Exit tickets\n=======\ntitle: Exit slips\n>>>>>>> branch\n",
    good="title: Exit tickets\n",
)
define(
    "NIC005", "tab-indentation", ERROR,
    "A tab character is used for indentation; YAML allows only spaces.",
    "Replace the tab with spaces (two per level), or run `nic fix`.",
    why="YAML cannot read tab indentation, and tabs look like spaces in most editors.",
    bad="plan:\n\tobjective: Try it\n", good="plan:\n  objective: Try it\n", fixable=True,
)
define(
    "NIC006", "windows-line-endings", WARNING,
    "The file uses Windows line endings (CRLF).",
    "Run `nic fix`, or set your editor to use LF line endings for this repository.",
    why="Mixed line endings make every line look changed in git diffs and history.",
    bad="id: C01\\r\\n", good="id: C01\\n", fixable=True,
)
define(
    "NIC007", "empty-file", ERROR,
    "The file is empty.",
    "Fill the file in (`nic new` makes a skeleton with every field) or delete it.",
    why="An empty artifact file is usually a save that went wrong.",
    bad="(a file with no content)", good="id: C01\ntitle: Exit tickets\n",
)
define(
    "NIC008", "several-documents", ERROR,
    "The file holds more than one YAML document (a line with only `---` splits it).",
    "Keep one artifact per file: move the part after `---` to its own file.",
    why="One file per artifact keeps teams from editing the same file at once.",
    bad="id: C01\n---\nid: C02\n", good="id: C01\n",
)
define(
    "NIC009", "file-too-large", ERROR,
    "The file is larger than nic reads (10 MB).",
    "Network files are small text files; split the data or remove what does not belong here.",
    why="Huge files slow every check and usually mean something was committed by mistake.",
)
define(
    "NIC010", "too-deeply-nested", ERROR,
    "The file is nested more deeply than any network file needs.",
    "Check the indentation: artifacts are only a few levels deep.",
    why="Extremely deep nesting is a sign of a broken or hostile file and can crash YAML readers.",
)
define(
    "NIC011", "alias-bomb", ERROR,
    "YAML aliases (*name) in this file expand to far too much data.",
    "Write the values out instead of using anchors and aliases.",
    why="A few lines of aliases can expand to billions of entries (a 'billion laughs' file), or one long text "
        "aliased thousands of times to gigabytes, and stop CI. nic reads at most 10 MB of text per file with "
        "every alias expanded (as much as a file may hold) and 250,000 values.",
    bad="a: &a [x, x, x]\nb: &b [*a, *a, *a]\n...", good="(no aliases)",
)
define(
    "NIC012", "unsafe-tag", ERROR,
    "The file uses a YAML tag that asks for a program object (such as !!python/object).",
    "Remove the tag: network files hold plain text, numbers, lists and mappings.",
    why="Such tags can run code in tools that load YAML unsafely; nic never does, and refuses them.",
    bad="id: !!python/object/apply:os.system ['ls']\n", good="id: C01\n",
)
define(
    "NIC013", "path-outside-network", ERROR,
    "This path leads outside the network folder (a symbolic link or a `..` path).",
    "Replace the link with a real file inside the network, or fix the path.",
    why="Files outside the repository are not shared with the network and may expose private data.",
)
define(
    "NIC014", "duplicate-key", ERROR,
    "A key appears twice in the same mapping.",
    "Keep one of them: YAML silently keeps only the last, which loses the other value.",
    why="A duplicated key silently throws away one of the two values.",
    bad="title: Exit tickets\ntitle: Exit slips\n", good="title: Exit tickets\n",
)
define(
    "NIC015", "unreadable-file", ERROR,
    "The file cannot be read.",
    "Check the file's permissions, or whether it is a folder or a broken link.",
)
define(
    "NIC016", "unexpected-file", WARNING,
    "This file is not part of the network format and nic does not read it.",
    "Move it to the right folder or give it the right extension (.yaml for artifacts, .csv for data).",
    why="A misplaced or misnamed file (`pdsa/C03.yml.txt`) is silently left out of every report.",
    bad="sites/lincoln/pdsa/C03.txt", good="sites/lincoln/pdsa/C03.yaml",
)
define(
    "NIC017", "material-link-not-web", WARNING,
    "A material's link is neither a web address (http, https) nor a file in the repository.",
    "Give the material's web address (https://…) or its path in the repository (materials/handout.pdf).",
    why="Reports and change packages link only web addresses and the repository's own files; a "
        "`javascript:`, `data:` or `ftp:` link is shown as text and nobody can open it from there.",
    bad="materials:\n  - title: Handout\n    link: javascript:open('handout')\n",
    good="materials:\n  - title: Handout\n    link: https://example.org/handout.pdf\n",
)

define(
    "NIC018", "control-character", ERROR,
    "A text value holds a control character (an escape such as `\\e[2J`, `\\a` or `\\x9b`).",
    "Remove the escape from the quoted text: write the words only (nic shows such a character as \\u001b).",
    why="Control characters are invisible in an editor, and printed to a terminal they retitle the window, "
        "clear the screen or hide text; in reports and exports they are noise nobody can see to fix.",
    bad='title: "Exit tickets\\e]0;owned\\a\\e[2J"\n', good="title: Exit tickets\n",
)

# --- CSV structure (still NIC0xx: the file cannot be read as a table) -------------------

define(
    "NIC019", "material-not-tracked", ERROR,
    "A material's link names a file that git does not track (ignored, never added, or missing).",
    "Add the file to the repository (`git add PATH`) if it is meant to be shared; otherwise remove the "
    "material, or link to a web address.",
    why="A change package copies a change idea's materials so other sites can use them. Only files the "
        "repository tracks are shared: a git-ignored file (`raw/students-with-names.csv`, `.env`) is often "
        "ignored because it must not leave the machine, and `nic export --change-package` never copies nor "
        "lists it. Checked when the network is in a git repository.",
    bad="materials:\n  - title: Class list\n    link: raw/students-with-names.csv   # in .gitignore\n",
    good="materials:\n  - title: Check-in card\n    link: materials/check-in-card.pdf   # committed\n",
)
define(
    "NIC020", "csv-syntax", ERROR,
    "A row of the CSV file cannot be read (wrong number of fields or a broken quote).",
    "Each row needs the same number of comma-separated fields as the header; quote text that contains commas.",
    bad="period,value\n2025-09-01,12,extra\n", good="period,value\n2025-09-01,12\n",
)
define(
    "NIC021", "csv-header", ERROR,
    "The CSV header does not match the data format.",
    "The first row must be `period` then `value`, or `numerator,denominator`, or `value,n`; "
    "optional `subgroup`, `stratum`, `note`.",
    bad="week,attendance\n", good="period,numerator,denominator\n",
)
define(
    "NIC022", "csv-bad-number", ERROR,
    "A value in the CSV file is not a plain number.",
    "Write numbers with a dot for decimals and no thousands separators (1234.5, not 1,234.5 or 1234,5); "
    "leave the cell empty for a missing value.",
    bad="period,value\n2025-09-01,\"1,234\"\n", good="period,value\n2025-09-01,1234\n",
)
define(
    "NIC023", "csv-bad-period", ERROR,
    "A period in the CSV file is not an ISO date (YYYY-MM-DD).",
    "Write the date the period starts as YYYY-MM-DD, for example 2025-09-01.",
    bad="period,value\n09/01/2025,12\n", good="period,value\n2025-09-01,12\n",
)

# --- NIC1xx: schema ---------------------------------------------------------------------

define(
    "NIC024", "csv-number-out-of-range", ERROR,
    "A number in the CSV file is larger than any count or measurement (beyond 10^15).",
    "Check the cell for a typing slip (an exponent such as 1e300, extra digits); counts and measurements "
    "of a network stay far below a million billion.",
    why="A number like 1e300 reads as a number, but nothing a network counts is that large, and it breaks what "
        "comes after: a chart's scale, an integer column in SQLite, a spreadsheet. nic reads numbers from "
        "-10^15 to 10^15 (every whole number in that range is exact).",
    bad="period,numerator,denominator\n2025-09-01,1e300,120\n",
    good="period,numerator,denominator\n2025-09-01,100,120\n",
)
define(
    "NIC025", "csv-period-out-of-range", ERROR,
    "A period in the CSV file is a real date, but outside the years nic works with (1900 to 2199).",
    "Check the year: a period in year 9999 or year 1 is a typing slip.",
    why="A period in year 9999 is a real date, but counting the weeks up to it takes hours and every chart "
        "and report would be drawn to it. nic reads periods from 1900-01-01 to 2199-12-31 and leaves the row "
        "out until it is fixed.",
    bad="period,value\n9999-12-27,12\n", good="period,value\n2025-12-29,12\n",
)
define(
    "NIC100", "schema-error", ERROR,
    "A value does not fit the format.",
    "See docs/format.md for what this field holds.",
)
define(
    "NIC101", "wrong-type", ERROR,
    "A value has the wrong type (for example text where a list is expected).",
    "Change the value to the expected type shown in the message.",
    bad="change_ideas: CI-01\n", good="change_ideas: [CI-01]\n",
)
define(
    "NIC102", "missing-field", ERROR,
    "A required field is missing.",
    "Add the field; `nic new` shows every field with an example.",
    bad="id: C01\n", good="id: C01\ntitle: Exit tickets in period 1\n",
)
define(
    "NIC103", "unknown-field", ERROR,
    "A field name is not part of the format (often a typo).",
    "Fix the spelling or remove the field; docs/format.md lists every field.",
    why="A misspelled field is silently ignored by people reading the file but never reaches a report.",
    bad="plan:\n  predicton: Most students will finish\n", good="plan:\n  prediction: Most students will finish\n",
)
define(
    "NIC104", "invalid-value", ERROR,
    "A value is not one of the allowed choices.",
    "Use one of the values listed in the message.",
    bad="decision: keep\n", good="decision: adopt\n",
)
define(
    "NIC105", "invalid-date", ERROR,
    "A date is not a real date in the form YYYY-MM-DD.",
    "Write dates as YYYY-MM-DD, for example 2025-10-06.",
    bad="recorded_on: 10/6/2025\n", good="recorded_on: 2025-10-06\n",
)
define(
    "NIC106", "invalid-id", ERROR,
    "An id has characters nic cannot use in file names and links.",
    "Use letters, digits, `-` and `_` only, starting with a letter or digit (for example CI-07).",
    bad="id: exit tickets!\n", good="id: CI-07\n",
)
define(
    "NIC107", "unsupported-format-version", ERROR,
    "The file says it uses a format version this nic does not know.",
    "Upgrade nictools, or run `nic migrate` to bring older files to the current format.",
)
define(
    "NIC108", "file-id-mismatch", WARNING,
    "The file name and the id inside the file differ.",
    "Rename the file to `<id>.yaml` (or change the id) so people find artifacts by their id.",
    bad="change-ideas/exit-tickets.yaml with id: CI-07", good="change-ideas/CI-07.yaml with id: CI-07",
)
define(
    "NIC109", "empty-required-field", WARNING,
    "A required text field is still empty, as `nic new` left it.",
    "Fill it in, or remove the entry (such as an unused question) if it is not needed.",
    why="An empty objective or question parses, but it tells the network nothing; a template is meant to be filled in.",
    bad='plan:\n  objective: ""\n  questions:\n    - question: ""\n',
    good="plan:\n  objective: See whether students finish a two-question exit ticket.\n"
         "  questions:\n    - question: Will students complete it?\n",
)

# --- NIC2xx: references between files ---------------------------------------------------

define(
    "NIC110", "date-out-of-range", ERROR,
    "A date is a real date, but outside the years nic works with (1900 to 2199).",
    "Check the year: a date in year 9999 or year 1 is a typing slip.",
    why="Dates such as `joined: 9999-12-31` or `target: {date: 0001-01-01}` parse, but every week counted to or "
        "from them is meaningless and some calculations overflow. nic reads dates from 1900-01-01 to "
        "2199-12-31, and leaves a file with another date out until it is fixed.",
    bad="joined: 9999-12-31\n", good="joined: 2024-08-15\n",
)
define(
    "NIC111", "number-out-of-range", ERROR,
    "A number is larger than anything a network measures (beyond 10^15).",
    "Check the value for a typing slip (an exponent such as 1e300, extra digits).",
    why="A goal or a baseline of 1e300 parses as a number, but it breaks charts, SQLite and spreadsheets. nic "
        "reads numbers from -10^15 to 10^15, and leaves a file with another number out until it is fixed.",
    bad="target: {value: 1e300, date: 2026-06-12}\n", good="target: {value: 0.9, date: 2026-06-12}\n",
)
define(
    "NIC201", "duplicate-id", ERROR,
    "Two artifacts of the same kind use the same id.",
    "Give one of them a new id (`nic new` picks a free one); ids must be unique within the network "
    "(cycles: within their site).",
)
define(
    "NIC202", "unknown-measure", ERROR,
    "A measure id is referenced but no file in measures/ defines it.",
    "Fix the spelling, or add the measure with `nic new measure`.",
)
define(
    "NIC203", "unknown-change-idea", ERROR,
    "A change idea id is referenced but no file in change-ideas/ defines it.",
    "Fix the spelling, or add the change idea with `nic new change-idea`.",
)
define(
    "NIC204", "unknown-driver", ERROR,
    "A driver id is referenced but drivers.yaml does not define it.",
    "Fix the spelling, or ask the hub to add the driver to drivers.yaml.",
)
define(
    "NIC205", "unknown-cycle", ERROR,
    "A linked PDSA cycle does not exist.",
    "Use the cycle's id (`C03`), or `site/C03` for another site's cycle.",
)
define(
    "NIC206", "unknown-site", ERROR,
    "A site id is referenced but there is no sites/<id>/site.yaml.",
    "Fix the spelling, or add the site with `nic new site`.",
)
define(
    "NIC207", "unknown-aim", ERROR,
    "An aim id is referenced but no file in aims/ defines it.",
    "Fix the spelling of the aim id.",
)
define(
    "NIC208", "unknown-cluster", ERROR,
    "A cluster id is referenced but network.yaml does not define it.",
    "Fix the spelling, or add the cluster to network.yaml.",
)
define(
    "NIC209", "site-folder-mismatch", ERROR,
    "The site's id differs from the name of its folder.",
    "Make the folder name and the `id` in site.yaml the same.",
    bad="sites/lincoln/site.yaml with id: lincon", good="sites/lincoln/site.yaml with id: lincoln",
)
define(
    "NIC210", "data-for-unknown-measure", ERROR,
    "A data file is named after a measure that does not exist.",
    "Name the file `<measure id>.csv`, or add the measure with `nic new measure`.",
    bad="sites/lincoln/data/attendence.csv", good="sites/lincoln/data/ATT-90.csv",
)
define(
    "NIC211", "data-columns-mismatch", ERROR,
    "The data file's columns do not fit how the measure is calculated.",
    "Proportions and rates need `numerator,denominator`; counts need `value`; means need `value` (and optionally `n`).",
)
define(
    "NIC212", "missing-network-file", ERROR,
    "The network has no drivers.yaml, or a site folder has no site.yaml.",
    "Add the missing file (`nic init` and `nic new site` make one).",
)

# --- NIC3xx: measurement data (checks/data.py) ------------------------------------------

define(
    "NIC213", "ids-differ-only-in-case", ERROR,
    "Two sites, change ideas, measures, aims or cycles have ids that differ only in case (`lincoln` and `Lincoln`).",
    "Rename one of them (`nic rename`), so no two ids differ only in upper and lower case.",
    why="Each id names a file or folder (`sites/lincoln/`, `change-ideas/CI-02.yaml`). macOS and Windows ignore "
        "case in file names, so on a teacher's laptop the two are one file: a checkout keeps one and loses the "
        "other, and git shows a change nobody made.",
    bad="# change-ideas/CI-02.yaml\nid: CI-02\n# change-ideas/ci-02.yaml\nid: ci-02\n",
    good="# change-ideas/CI-02.yaml\nid: CI-02\n# change-ideas/CI-03.yaml\nid: CI-03\n",
)
define(
    "NIC301", "period-off-frequency", WARNING,
    "A period does not start where the measure's frequency says periods start.",
    "Weekly data uses the same weekday for every period (the week's first school day, usually Monday); "
    "monthly data uses the first of the month (2025-10-01).",
    why="Charts place each point by its period; a Tuesday among Mondays, or the 15th among firsts, "
        "looks like an extra period and splits a week or month in two.",
    bad="period,value\n2025-09-01,12\n2025-09-09,14\n", good="period,value\n2025-09-01,12\n2025-09-08,14\n",
)
define(
    "NIC302", "rows-not-sorted", WARNING,
    "The rows of the data file are not in period order.",
    "Sort the rows by period (oldest first), or run `nic fix`.",
    why="People read data files top to bottom as a timeline; a row out of order is easy to miss or enter twice.",
    bad="period,value\n2025-09-08,14\n2025-09-01,12\n", good="period,value\n2025-09-01,12\n2025-09-08,14\n",
    fixable=True,
)
define(
    "NIC303", "duplicate-period", ERROR,
    "The same period appears twice (for the same subgroup and stratum).",
    "Keep one row per period (per subgroup and stratum): delete the duplicate or fix its date.",
    why="Two values for one period: every chart and report would have to guess which one is true.",
    bad="period,value\n2025-09-01,12\n2025-09-01,14\n", good="period,value\n2025-09-01,12\n2025-09-08,14\n",
)
define(
    "NIC304", "numerator-exceeds-denominator", ERROR,
    "For a proportion, the numerator is larger than the denominator.",
    "The numerator counts part of the denominator (students attending out of students enrolled): "
    "check whether the two columns are swapped or a number was mistyped.",
    why="A proportion above 100% is impossible and usually means swapped columns or a typo. "
        "Rates (referrals per student) may exceed 1 and are not checked.",
    bad="period,numerator,denominator\n2025-09-01,120,100\n", good="period,numerator,denominator\n2025-09-01,82,100\n",
)
define(
    "NIC305", "negative-count", ERROR,
    "A count, numerator, denominator or n is negative.",
    "Counts cannot be below zero: fix the number (a missing value is an empty cell).",
    bad="period,value\n2025-09-01,-3\n", good="period,value\n2025-09-01,3\n",
)
define(
    "NIC306", "zero-denominator", WARNING,
    "A row has a denominator of 0, so its proportion or rate cannot be computed.",
    "If no one was counted that period, leave both cells empty and say why in the `note` column.",
    bad="period,numerator,denominator\n2025-09-01,0,0\n",
    good="period,numerator,denominator,note\n2025-09-01,,,testing week: no classes\n",
)
define(
    "NIC307", "data-gap", WARNING,
    "Periods are missing between two rows (and the network calendar marks no break then).",
    "Add the missing periods (an empty value with a note if nothing was collected), or add the break "
    "to `calendar.breaks` in network.yaml.",
    why="A hidden gap makes a chart join two points that are weeks apart and changes run-chart signals.",
    bad="period,value\n2025-09-01,12\n2025-09-22,14\n",
    good="period,value,note\n2025-09-01,12,\n2025-09-08,,data not collected\n2025-09-15,13,\n2025-09-22,14,\n",
)
define(
    "NIC308", "period-in-future", ERROR,
    "A data row is for a period that has not started yet.",
    "Check the year and month of the period; data is recorded for periods that have begun.",
    why="A future period is almost always a typo in the year, and it stretches every chart's time axis.",
    bad="period,value\n2052-09-01,12\n", good="period,value\n2025-09-01,12\n",
)
define(
    "NIC309", "missing-value-without-note", INFO,
    "A row has no value and no note saying why.",
    "Add a short note (`note` column), such as 'state testing week' or 'data not collected'.",
    why="A gap with a reason is information; a gap without one looks like an error.",
    bad="period,value\n2025-09-08,\n", good="period,value,note\n2025-09-08,,state testing week\n",
)
define(
    "NIC315", "denominator-far-from-recent", WARNING,
    "A denominator is less than half the site's recent ones (or twice them, for one period only).",
    "Check the row against the source: a typo (77/100 for 201/259) or numbers from another report are common. "
    "If it is right (a new definition, a school joining), say so in the `note` column.",
    why="Enrolment moves slowly; a denominator that halves from one period to the next is usually a mistyped row, "
        "and it moves the proportion, the chart's limits and every verdict that reads them. The median of up to "
        "eight earlier denominators (at least four) is the yardstick. A rise that lasts (a test widening from one "
        "advisory to the grade) is not flagged, nor is a row whose note explains it.",
    bad="period,numerator,denominator\n2025-09-01,201,259\n2025-09-08,204,261\n2025-09-15,199,258\n"
        "2025-09-22,203,260\n2025-09-29,77,100\n",
    good="period,numerator,denominator\n2025-09-01,201,259\n2025-09-08,204,261\n2025-09-15,199,258\n"
         "2025-09-22,203,260\n2025-09-29,201,259\n",
)

define(
    "NIC370", "short-baseline", WARNING,
    "A measure's frozen baseline is shorter than 12 useful points.",
    "Give the baseline 12 to 20 points: raise `chart.baseline_points` in the measure (or "
    "`settings.baseline_points` in network.yaml), or move `chart.baseline_until` later.",
    why="Limits from a handful of points are unreliable: six seasonally high September weeks make every "
        "later week look like a concern. Improvement practice computes limits from 12 to 20 useful points "
        "(Provost and Murray 2011; docs/practice.md).",
    bad="chart:\n  type: p\n  baseline_points: 6\n", good="chart:\n  type: p\n  baseline_points: 20\n",
)

# --- NIC4xx: PDSA practice (checks/practice.py, checks/dates.py) ----------------------------
# `status: draft` on a cycle silences the warnings and infos of this family on that file;
# its errors (impossible facts) stay.

define(
    "NIC401", "no-prediction", WARNING,
    "The cycle went past planning without a question that has a prediction.",
    "Add at least one question to `plan.questions` with the prediction the team made before the test.",
    why="Predictions written before a test are what turn doing into learning: without one, the study has nothing to compare with.",
    bad="plan:\n  objective: Try exit tickets\ndo:\n  what_happened: We tried it.\n",
    good="plan:\n  objective: Try exit tickets\n  questions:\n    - question: Will students finish it?\n"
         "      prediction: 20 of 25 will.\ndo:\n  what_happened: We tried it.\n",
)
define(
    "NIC402", "question-without-prediction", INFO,
    "A question of a cycle past planning has no prediction.",
    "Add the prediction the team made before the test (or say so if there truly was none).",
    bad="questions:\n  - question: Will students finish it?\n", good="questions:\n  - question: Will students finish it?\n    prediction: 20 of 25 will.\n",
)
define(
    "NIC403", "prediction-not-studied", WARNING,
    "The study does not say whether a prediction was confirmed.",
    "Add an entry to `study.predictions` for the question (`question: N`, `result: confirmed | partly | not_confirmed`).",
    why="Comparing each prediction with what happened is the heart of the Study step.",
    bad="study:\n  learned: It went well.\n",
    good="study:\n  predictions:\n    - question: 1\n      result: partly\n  learned: It went well.\n",
)
define(
    "NIC404", "unknown-question-number", ERROR,
    "The study refers to a question number the plan does not have.",
    "Questions are numbered from 1 in the order of `plan.questions`; fix the number.",
    bad="study:\n  predictions:\n    - question: 3  # the plan has 2 questions\n", good="study:\n  predictions:\n    - question: 2\n",
)
define(
    "NIC405", "prediction-studied-twice", WARNING,
    "The study answers the same question more than once.",
    "Keep one entry per question in `study.predictions`.",
    bad="predictions:\n  - {question: 1, result: confirmed}\n  - {question: 1, result: partly}\n",
    good="predictions:\n  - {question: 1, result: partly}\n",
)
define(
    "NIC406", "ramp-loop", ERROR,
    "The `continues` links of these cycles go round in a circle.",
    "A ramp runs from earlier cycles to later ones: remove `continues` from the first cycle of the ramp.",
    why="A loop has no first cycle, so the ramp cannot be drawn or read.",
    bad="# C01.yaml\ncontinues: C02\n# C02.yaml\ncontinues: C01\n", good="# C02.yaml\ncontinues: C01\n",
)
define(
    "NIC407", "ramp-not-earlier", WARNING,
    "The cycle continues a cycle that started after it.",
    "`continues` names the earlier cycle this one builds on; check the link and the dates.",
    bad="# C01 (planned 2025-10-06)\ncontinues: C02  # planned 2025-10-20\n", good="# C02 (planned 2025-10-20)\ncontinues: C01\n",
)
define(
    "NIC408", "ramp-across-sites", WARNING,
    "The cycle `continues` another site's cycle.",
    "A ramp stays at one site; to repeat another site's test use `replicates: site/C03`, "
    "to change it use `adapted_from: site/C03`.",
    bad="continues: roosevelt/C03\n", good="replicates: roosevelt/C03\n",
)
define(
    "NIC409", "adapt-without-next-cycle", INFO,
    "The decision is `adapt` but no next cycle is named or continues this one.",
    "Name the next cycle in `act.next_cycle` (it may be planned later), or add a cycle with `continues:` this one.",
    why="Adapt means testing again with a change; without the next cycle the ramp stops silently.",
    bad="act:\n  decision: adapt\n", good="act:\n  decision: adapt\n  next_cycle: C04\n",
)
define(
    "NIC410", "next-cycle-not-linked", INFO,
    "The named next cycle tests the same change idea but does not link back to this one.",
    "In the next cycle, add `continues:` (or `adapted_from:`) with this cycle's id, so the ramp reads both ways.",
    why="A ramp is read from either end. Only cycles that share a change idea are checked: a learning "
        "cycle that leads to a test of another idea needs no link back.",
    bad="# C03.yaml\nact: {decision: adapt, next_cycle: C04}\n# C04.yaml has no continues\n",
    good="# C04.yaml\ncontinues: C03\n",
)
define(
    "NIC411", "test-without-change-idea", WARNING,
    "A cycle that tests or implements a change names no change idea.",
    "List the change idea(s) in `change_ideas`, or set `purpose: learn` for a cycle that only builds knowledge.",
    why="A test that is not linked to its change idea never counts as evidence for that idea.",
    bad="purpose: test\nchange_ideas: []\n", good="purpose: test\nchange_ideas: [CI-01]\n",
)
define(
    "NIC412", "study-without-learning", INFO,
    "The study records neither results nor what was learned.",
    "Add `results` (what the data showed) or `learned` (what the team now believes).",
    bad="study:\n  predictions: [{question: 1, result: confirmed}]\n",
    good="study:\n  predictions: [{question: 1, result: confirmed}]\n  learned: Two minutes is enough.\n",
)
define(
    "NIC413", "replicates-own-site", WARNING,
    "`replicates` points to a cycle at the same site.",
    "`replicates` is for another site's cycle (`site/C03`); at your own site use `continues`.",
    bad="replicates: C01\n", good="continues: C01\n",
)
define(
    "NIC414", "change-not-described", INFO,
    "The test was not carried out as planned, but `what_happened` is empty.",
    "Say what was different: it is often the most useful thing the cycle learned.",
    bad="do:\n  as_planned: partly\n", good="do:\n  as_planned: partly\n  what_happened: Only two of four classes did it.\n",
)
define(
    "NIC430", "date-range-reversed", ERROR,
    "An end date is before its start date.",
    "Swap the two dates, or fix the one that is mistyped.",
    bad="planned_start: 2025-10-20\nplanned_end: 2025-10-06\n", good="planned_start: 2025-10-06\nplanned_end: 2025-10-20\n",
)
define(
    "NIC431", "do-before-plan", WARNING,
    "The test started before its plan (and predictions) were recorded.",
    "Predictions are written before the test: check `plan.recorded_on` and `do.actual_start`.",
    why="A prediction written after the test has begun is hindsight, and the study cannot learn from it.",
    bad="plan:\n  recorded_on: 2025-10-10\ndo:\n  actual_start: 2025-10-06\n",
    good="plan:\n  recorded_on: 2025-10-03\ndo:\n  actual_start: 2025-10-06\n",
)
define(
    "NIC432", "study-before-do", WARNING,
    "The cycle has a study but no do: nothing records the test itself.",
    "Add the `do` section (what happened, actual dates) before the study.",
    bad="plan: {...}\nstudy: {...}\n", good="plan: {...}\ndo: {...}\nstudy: {...}\n",
)
define(
    "NIC433", "act-before-study", WARNING,
    "The cycle has an act (a decision) but no study.",
    "Add the `study` section: the decision should follow from comparing predictions with results.",
    bad="plan: {...}\ndo: {...}\nact: {decision: adopt}\n", good="plan: {...}\ndo: {...}\nstudy: {...}\nact: {decision: adopt}\n",
)
define(
    "NIC434", "actual-date-in-future", ERROR,
    "A date that records something that happened is in the future.",
    "Check the year and month: `recorded_on`, `actual_start` and `actual_end` say what already happened "
    "(planned dates may be in the future).",
    why="A future 'actual' date is a typo, and it puts the cycle in the wrong place on every timeline.",
    bad="do:\n  actual_start: 2052-10-06\n", good="do:\n  actual_start: 2025-10-06\n",
)

# --- NIC5xx: the model (checks/model.py) ---------------------------------------------------

define(
    "NIC501", "unlinked-driver", INFO,
    "A driver has nothing under it: no change idea acts on it (or no secondary driver feeds it).",
    "Normal early on. When the team has ideas for this driver, add them with `drivers: [ID]` in change-ideas/.",
    bad="secondary:\n  - id: S7  # no change idea lists S7\n", good="# change-ideas/CI-12.yaml\ndrivers: [S7]\n",
)
define(
    "NIC502", "change-idea-without-driver", INFO,
    "A change idea is not linked to any driver.",
    "Add the driver(s) it acts on to `drivers:`, so it hangs in the driver diagram.",
    bad="drivers: []\n", good="drivers: [S1]\n",
)
define(
    "NIC503", "retired-artifact-in-new-cycle", WARNING,
    "A new cycle uses a retired change idea or measure.",
    "Use the artifact that replaced it, or bring it back (`status:` other than retired). "
    "Cycles from before the retirement keep their references.",
    why="Retired ideas and measures keep their ids forever so old cycles still read correctly; "
        "new work should not build on them. A cycle is new when its plan date (recorded_on, "
        "else planned_start, else actual_start) is after the artifact's `retired_on`; without "
        "either date, when the cycle is still in planning.",
    bad="# CI-09 retired_on: 2026-01-12\nplan:\n  recorded_on: 2026-02-02\nchange_ideas: [CI-09]\n",
    good="change_ideas: [CI-10]\n",
)
define(
    "NIC504", "change-idea-on-retired-driver", INFO,
    "A change idea still in use acts only on retired drivers.",
    "Link it to an active driver, or retire the change idea too.",
    bad="drivers: [S10]  # S10 is retired\nstatus: testing\n", good="drivers: [S4]\nstatus: testing\n",
)
define(
    "NIC505", "aim-incomplete", WARNING,
    "The aim has no baseline period, no target, or no date.",
    "A measurable aim says how much (target value), by when (target date) and from where (baseline start and end).",
    why="Without a baseline and a target with a date, nobody can tell whether the aim was met.",
    bad="statement: Improve attendance.\n",
    good="baseline: {start: 2024-09-02, end: 2025-06-13, value: 0.71}\ntarget: {value: 0.85, date: 2026-06-12}\n",
)
define(
    "NIC506", "target-before-baseline", WARNING,
    "The aim's target date is not after its baseline period.",
    "The target date is when the aim should be met: after the baseline ends.",
    bad="baseline: {start: 2025-09-01, end: 2026-06-12}\ntarget: {value: 0.85, date: 2025-06-12}\n",
    good="baseline: {start: 2024-09-02, end: 2025-06-13}\ntarget: {value: 0.85, date: 2026-06-12}\n",
)
define(
    "NIC507", "proportion-out-of-range", ERROR,
    "A proportion is written outside 0–1 (probably as a percentage).",
    "Write proportions as 0–1: 0.85, not 85.",
    bad="goal: 85\n", good="goal: 0.85\n",
)
define(
    "NIC508", "outcome-measure-wrong-type", WARNING,
    "The aim's outcome measure is not of type `outcome`.",
    "Point `outcome_measure` at an outcome measure, or change the measure's type.",
    bad="outcome_measure: EXIT-TIX  # a process measure\n", good="outcome_measure: ATT-90\n",
)
define(
    "NIC509", "ratio-without-definitions", INFO,
    "A proportion or rate measure does not define its numerator and denominator.",
    "Add `numerator` and `denominator` with what is counted and the inclusion and exclusion rules.",
    why="Sites count differently unless the definition says exactly who is in and out.",
    bad="calculation: proportion\n",
    good="calculation: proportion\nnumerator: {description: Students attending 90%+}\ndenominator: {description: Enrolled ninth graders}\n",
)
define(
    "NIC510", "measure-without-collection-plan", INFO,
    "The measure has no data collection plan.",
    "Add `collection:` with who collects the data, from which source, when, and any sampling.",
    bad="frequency: weekly\n", good="collection: {who: Data clerk, source: SIS, when: Mondays}\n",
)
define(
    "NIC511", "lineage-loop", ERROR,
    "Change ideas are `adapted_from` each other in a circle (or from themselves).",
    "`adapted_from` names the older idea this one came from; remove the link from the oldest idea.",
    bad="# CI-02.yaml\nadapted_from: CI-03\n# CI-03.yaml\nadapted_from: CI-02\n", good="# CI-03.yaml\nadapted_from: CI-02\n",
)
define(
    "NIC512", "site-aim-without-parent", INFO,
    "A site aim does not name the network aim it serves.",
    "Add `parent:` with the network aim's id.",
    bad="site: lincoln\n", good="site: lincoln\nparent: network-aim\n",
)
define(
    "NIC513", "measure-without-direction", ERROR,
    "An outcome, driver or process measure does not say which way is improvement.",
    "Add `direction: up` or `direction: down`. Only a balancing measure, which has no good direction, may "
    "leave it out.",
    why="Without a direction a chart cannot tell an improvement signal from a concern.",
    bad="type: outcome\nfrequency: monthly\n", good="type: outcome\nfrequency: monthly\ndirection: up\n",
)
define(
    "NIC514", "aim-parent-loop", ERROR,
    "Aims name each other as `parent` in a circle (or an aim is its own parent).",
    "`parent:` names the larger aim this one serves (a site aim names the network aim); the network aim has none.",
    why="Aims nest: a site's aim serves the network's aim. A circle has no top, so nothing can say which aim the "
        "others serve, and anything that walks up the chain would never stop.",
    bad="# aims/lincoln-aim.yaml\nparent: network-aim\n# aims/network-aim.yaml\nparent: lincoln-aim\n",
    good="# aims/lincoln-aim.yaml\nparent: network-aim\n# aims/network-aim.yaml: no parent\n",
)

# --- NIC6xx: privacy (checks/privacy.py) -----------------------------------------------------

define(
    "NIC601", "student-level-column", ERROR,
    "A data file has a column that looks like student-level data (a name, id or date of birth).",
    "The repository holds aggregates only: remove the column and the student rows, and commit counts per period instead. "
    "If the file was pushed, ask the hub to remove it from the history too.",
    why="Student records in a shared repository are a privacy breach (FERPA and similar laws), and git keeps them forever.",
    bad="period,student_id,value\n", good="period,numerator,denominator\n",
)
define(
    "NIC602", "student-level-field", ERROR,
    "A field name looks like student-level data (a student's name, id or date of birth).",
    "Remove the field: the repository holds aggregates only, never individual students.",
    why="Student records in a shared repository are a privacy breach, and git keeps them forever.",
    bad="student_name: Maria L.\n", good="(no student fields)\n",
)
define(
    "NIC603", "student-id-in-text", ERROR,
    "Free text contains what looks like a student id (a 6–10 digit number labelled as a student or ID number).",
    "Describe students without identifiers ('one student', 'three English learners').",
    why="An id in a note identifies a child to everyone who can read the repository, forever.",
    bad="what_happened: Student 20231234 refused the ticket.\n", good="what_happened: One student refused the ticket.\n",
)
define(
    "NIC604", "birth-date-in-text", ERROR,
    "Free text contains what looks like a date of birth.",
    "Remove it: the repository never holds details about individual students.",
    bad="notes: DOB 2010-03-04\n", good="notes: one ninth grader\n",
)
