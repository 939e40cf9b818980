"""Every code `nic validate` can report, as data.

Families: NIC0xx files and syntax, NIC1xx schema, NIC2xx references between files,
NIC3xx measurement data, NIC4xx PDSA practice, NIC5xx model and repository,
NIC6xx privacy. A released code is never reused.
"""

from __future__ import annotations

from nictools.checks.registry import ERROR, INFO, WARNING, define

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
    why="A few lines of aliases can expand to billions of entries (a 'billion laughs' file) and stop CI.",
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

# --- CSV structure (still NIC0xx: the file cannot be read as a table) -------------------

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

# --- NIC2xx: references between files ---------------------------------------------------

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
