"""`nic web-editor` and `nic init --web-editor`: a browser editor (Decap CMS) generated from the models.

Decap CMS is a git-based content editor: a single page (admin/index.html) that reads and writes
the repository's YAML files through GitHub's or GitLab's API, so every save is a commit or,
with the editorial workflow, a pull (merge) request that nic's CI checks. Its configuration
(admin/config.yml) is generated here from the pydantic models in nictools.model: the fields,
their help texts (the models' descriptions), the choices (Literal types) and the id relations
(relation widgets to change ideas, measures and sites), so the forms never drift from what
`nic validate` accepts. The editor's JavaScript comes from npm when the page is built
(admin/package.json, `npm run build`), never from a CDN.

The generated files carry a fingerprint line; a file whose content no longer matches it was
edited by someone and is kept unless `force` is given.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from nictools.atomic import write_atomic
from nictools.model.change_idea import ChangeIdea
from nictools.model.measure import Measure
from nictools.model.pdsa import Cycle
from nictools.model.site import Site

#: Decap CMS and its local back end, pinned by major version (package.json).
DECAP_VERSION = "^3.16.0"
DECAP_SERVER_VERSION = "^3.3.0"
FOLDER = "admin"
FINGERPRINT = "nic web-editor fingerprint:"

#: Id fields that name another artifact: (model, field) -> the collection the relation widget offers.
#: Every `Id` field of an edited model is either here or in FREE_IDS (tests/scaffold checks it).
RELATIONS: dict[tuple[str, str], str] = {
    ("Cycle", "change_ideas"): "change-ideas",
    ("Plan", "measures"): "measures",
    ("ChangeIdea", "origin_site"): "sites",
    ("ChangeIdea", "adapted_from"): "change-ideas",
    ("Tracks", "change_ideas"): "change-ideas",
    ("Phase", "measure"): "measures",
    ("Phase", "change_idea"): "change-ideas",
}
#: Id fields typed as text: the artifact's own id, and ids of things kept outside the editor
#: (drivers in drivers.yaml, clusters in network.yaml).
FREE_IDS: set[tuple[str, str]] = {
    ("Cycle", "id"), ("ChangeIdea", "id"), ("Measure", "id"), ("Site", "id"),
    ("ChangeIdea", "drivers"), ("Tracks", "drivers"), ("Site", "focus_drivers"), ("Site", "cluster"),
}
#: Short text fields shown as one line; every other text field is a multi-line box.
ONE_LINE = {"id", "title", "name", "role", "unit", "link", "who", "where", "cohort", "coach",
            "continues", "adapted_from", "replicates", "next_cycle"}
#: Decap names a new entry's file after its id in lower case (and a `.` as `-`); nic wants the names equal.
LOWER_CASE = (" In this editor write a new id in lower case, without dots (c05, ci-08): the editor names the new "
              "file after it in lower case, and nic warns (NIC108) when a file's name and its id differ.")
#: How a Decap collection's entries are summarised in its list.
SUMMARY = "{{id}}: {{title}}"


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without None, whether None was allowed)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) == 1:
            return args[0], optional
        return typing.Union[tuple(args)], optional  # type: ignore[return-value]
    return annotation, False


def _literal_options(annotation: Any) -> list[Any] | None:
    """The choices of a Literal (or a union of Literals and bool, as `as_planned`), else None."""
    if typing.get_origin(annotation) is Literal:
        return list(typing.get_args(annotation))
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options: list[Any] = []
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is Literal:
                options.extend(typing.get_args(arg))
            elif arg is not bool:
                return None
        return options or None
    return None


def _pattern(annotation: Any, info: FieldInfo | None) -> str | None:
    sources = list(getattr(info, "metadata", []) or [])
    if typing.get_origin(annotation) is typing.Annotated:
        sources.extend(typing.get_args(annotation)[1:])
    for meta in sources:
        for item in [meta, *getattr(meta, "metadata", [])]:
            if getattr(item, "pattern", None):
                return str(item.pattern)
    return None


def _minimum(info: FieldInfo) -> int | None:
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            return int(meta.ge)
    return None


def _relation(collection: str, *, multiple: bool) -> dict[str, Any]:
    return {"widget": "relation", "collection": collection, "value_field": "id",
            "search_fields": ["id", "title" if collection != "sites" else "name"],
            "display_fields": ["id", "title" if collection != "sites" else "name"], "multiple": multiple}


def widget(owner: type[BaseModel], name: str, info: FieldInfo, *, in_optional: bool = False) -> dict[str, Any]:
    """The Decap field for one model field: its widget, label, help text, choices and whether required.

    Inside an optional part (Do, Study, Act, a numerator, …) Decap would demand the part's required
    fields even when the part is left empty, and refuse to save a plan; there the form marks them
    optional, says in the hint that they are needed once the part is filled, and CI's `nic validate`
    holds the line.
    """
    annotation, _ = _unwrap(info.annotation)
    entry: dict[str, Any] = {"name": name, "label": name.replace("_", " ").capitalize()}
    hint = (info.description or "").replace("`", "")
    if in_optional and info.is_required():
        hint = (hint + " Needed once this part is filled in.").strip()
    if name == "id" and owner in (Cycle, ChangeIdea, Measure):
        hint += LOWER_CASE
    if hint:
        entry["hint"] = hint
    entry["required"] = info.is_required() and not in_optional
    body = _field_body(owner, name, annotation, info, in_optional=in_optional)
    entry.update(body)
    return entry


def _field_body(owner: type[BaseModel], name: str, annotation: Any, info: FieldInfo, *,
                in_optional: bool) -> dict[str, Any]:
    options = _literal_options(annotation)
    if options is not None:
        if any(isinstance(o, int) and not isinstance(o, bool) for o in options):  # `format: 1`
            return {"widget": "hidden", "default": options[0]}
        return {"widget": "select", "options": [str(o) for o in options]}
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        item_plain, _ = _unwrap(item)
        if isinstance(item_plain, type) and issubclass(item_plain, BaseModel):
            return {"widget": "list", "summary": _list_summary(item_plain),
                    "fields": model_fields(item_plain)}
        relation = RELATIONS.get((owner.__name__, name))
        if relation:
            return _relation(relation, multiple=True)
        inner: dict[str, Any] = {"name": "item", "label": "item", "widget": "string"}
        pattern = _pattern(item, None)
        if pattern:
            inner["pattern"] = [pattern, "letters, digits, - _ and . only (for example SD1)"]
        return {"widget": "list", "field": inner}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": not info.is_required(),
                "fields": model_fields(annotation, in_optional=in_optional or not info.is_required())}
    if annotation is dt.date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "picker_utc": True}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        body: dict[str, Any] = {"widget": "number", "value_type": "int"}
        minimum = _minimum(info)
        if minimum is not None:
            body["min"] = minimum
        return body
    if annotation is float:
        return {"widget": "number", "value_type": "float"}
    relation = RELATIONS.get((owner.__name__, name))
    if relation:
        return _relation(relation, multiple=False)
    pattern = _pattern(annotation, info)
    if pattern:
        words = ("a cycle id (C03), or another site's cycle (roosevelt/C03)" if "/" in pattern
                 else "letters, digits, - _ and . only (for example CI-07)")
        return {"widget": "string", "pattern": [pattern, words]}
    return {"widget": "string" if name in ONE_LINE else "text"}


def _list_summary(model: type[BaseModel]) -> str:
    first = next(iter(model.model_fields))
    return "{{fields." + first + "}}"


def model_fields(model: type[BaseModel], *, in_optional: bool = False) -> list[dict[str, Any]]:
    """Every field of a model as a Decap field, in the model's order."""
    return [widget(model, name, info, in_optional=in_optional) for name, info in model.model_fields.items()]


@dataclass
class Collections:
    """The editor's collections, and the notes for things it cannot edit."""

    collections: list[dict[str, Any]]
    sites: list[str]


def site_ids(root: Path) -> list[str]:
    sites = root / "sites"
    if not sites.is_dir():
        return []
    return sorted(p.name for p in sites.iterdir() if p.is_dir() and (p / "site.yaml").is_file())


def collections(root: Path) -> Collections:
    """The collections: a PDSA collection per site, change ideas, measures, sites."""
    found = site_ids(root)
    result: list[dict[str, Any]] = []
    for site in found:
        result.append({
            "name": f"pdsa-{site}", "label": f"PDSA cycles: {site}", "label_singular": f"PDSA cycle at {site}",
            "description": f"The PDSA cycles of {site}: one file per cycle in sites/{site}/pdsa/. Write the plan and "
                           "its predictions before the test; add Do, Study and Act as the test goes on.",
            "folder": f"sites/{site}/pdsa", "extension": "yaml", "format": "yml", "create": True,
            "slug": "{{fields.id}}", "identifier_field": "id", "editor": {"preview": False}, "summary": SUMMARY,
            "fields": model_fields(Cycle)})
    result.append({
        "name": "change-ideas", "label": "Change ideas", "label_singular": "Change idea",
        "description": "The network's change ideas, one file each in change-ideas/.",
        "folder": "change-ideas", "extension": "yaml", "format": "yml", "create": True,
        "slug": "{{fields.id}}", "identifier_field": "id", "editor": {"preview": False}, "summary": SUMMARY, "fields": model_fields(ChangeIdea)})
    result.append({
        "name": "measures", "label": "Measures", "label_singular": "Measure",
        "description": "The operational definitions of the measures, one file each in measures/. The data "
                       "(sites/<site>/data/<measure>.csv) are not edited here: use the workbook "
                       "(nic export --format xlsx --for-entry, then nic import).",
        "folder": "measures", "extension": "yaml", "format": "yml", "create": True,
        "slug": "{{fields.id}}", "identifier_field": "id", "editor": {"preview": False}, "summary": SUMMARY, "fields": model_fields(Measure)})
    result.append({
        "name": "sites", "label": "Sites", "label_singular": "Site",
        "description": "The sites, one folder each under sites/ (a new site gets its PDSA collection when the "
                       "hub runs nic web-editor again).",
        "folder": "sites", "path": "{{fields.id}}/site", "extension": "yaml", "format": "yml", "create": True,
        "slug": "{{fields.id}}", "identifier_field": "id", "editor": {"preview": False}, "summary": "{{id}}: {{name}}",
        "fields": model_fields(Site)})
    return Collections(result, found)


def edited_models() -> list[type[BaseModel]]:
    """The models the editor's forms edit, and every nested part of them."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for arg in _walk(info.annotation):
                if isinstance(arg, type) and issubclass(arg, BaseModel):
                    visit(arg)

    for model in (Cycle, ChangeIdea, Measure, Site):
        visit(model)
    return seen


def _walk(annotation: Any) -> list[Any]:
    found = [annotation]
    for arg in typing.get_args(annotation):
        found.extend(_walk(arg))
    return found


@dataclass
class EditorSettings:
    backend: Literal["github", "gitlab"] = "github"
    repo: str = "OWNER/REPOSITORY"
    branch: str = "main"
    pull_requests: bool = True


def config(root: Path, settings: EditorSettings) -> dict[str, Any]:
    backend: dict[str, Any] = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch,
                               "commit_messages": {"create": "{{collection}} {{slug}}: new (web editor)",
                                                   "update": "{{collection}} {{slug}}: edit (web editor)",
                                                   "delete": "{{collection}} {{slug}}: delete (web editor)"}}
    if settings.backend == "gitlab":
        backend["auth_type"] = "pkce"
        backend["app_id"] = "GITLAB-APPLICATION-ID"
    result: dict[str, Any] = {"backend": backend, "local_backend": True}
    if settings.pull_requests:
        result["publish_mode"] = "editorial_workflow"
    result.update({"media_folder": "docs/materials", "public_folder": "/docs/materials",
                   "collections": collections(root).collections})
    return result


HTML = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{title}: edit the network</title>
  <!-- Written by nic web-editor. decap-cms.js comes from npm: cd admin && npm ci && npm run build -->
</head>
<body>
  <script src="decap-cms.js"></script>
</body>
</html>
"""

BUILD = """// Written by nic web-editor: copies the editor page, its configuration and Decap CMS's
// JavaScript (from npm, node_modules/decap-cms: decap-cms.js and the chunks it loads) into dist/,
// the folder a hub serves as /admin/.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dist = join(here, "dist");
mkdirSync(dist, { recursive: true });
copyFileSync(join(here, "index.html"), join(dist, "index.html"));
copyFileSync(join(here, "config.yml"), join(dist, "config.yml"));
const decap = dirname(require.resolve("decap-cms/dist/decap-cms.js"));
for (const name of readdirSync(decap)) {
  if (name === "decap-cms.js" || name.endsWith(".decap-cms.js")) copyFileSync(join(decap, name), join(dist, name));
}
console.log("built " + dist);
"""


#: `npm run local`: Decap's local back end on the network's git repository (the folder above admin/),
#: port 8081, in git mode: each save is a commit, on a `cms/…` branch with the editorial workflow.
LOCAL = ("node -e \"process.env.GIT_REPO_DIRECTORY = require('path').resolve('..'); "
         "process.env.MODE = process.env.MODE || 'git'; require('decap-server/dist/index.js')\"")


def package_json() -> str:
    data = {"name": "nic-web-editor", "private": True, "type": "module",
            "description": "The network's browser editor (Decap CMS), written by nic web-editor.",
            "scripts": {"build": "node build.mjs", "local": LOCAL},
            "dependencies": {"decap-cms": DECAP_VERSION},
            "devDependencies": {"decap-server": DECAP_SERVER_VERSION}}
    return json.dumps(data, indent=2) + "\n"


def _yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _network_name(root: Path) -> str:
    path = root / "network.yaml"
    if path.is_file():
        match = re.search(r"^name:\s*(.+)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
        if match:
            return match.group(1).strip().strip("'\"")
    return root.name


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stamp(body: str, comment: str) -> str:
    """The file with its fingerprint line first: the hash of the rest."""
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
    return comment.format(f"{FINGERPRINT} {digest} (edit freely; nic web-editor then keeps your version)") + body


def _unedited(text: str) -> bool:
    first, _, rest = text.partition("\n")
    match = re.search(FINGERPRINT + r" ([0-9a-f]{16})", first)
    return bool(match) and hashlib.sha256(rest.encode("utf-8")).hexdigest()[:16] == match.group(1)


def files(root: Path, settings: EditorSettings) -> dict[str, str]:
    """The editor's files, by path relative to the network's folder."""
    header = ("# The network's browser editor (Decap CMS), generated by nic web-editor from nic's models.\n"
              "# Run `nic web-editor` again after adding a site or upgrading nic; see README.md.\n")
    return {
        f"{FOLDER}/config.yml": _stamp(header + _yaml(config(root, settings)), "# {}\n"),
        f"{FOLDER}/index.html": _stamp(HTML.format(title=_escape(_network_name(root))), "<!-- {} -->\n"),
        f"{FOLDER}/build.mjs": _stamp(BUILD, "// {}\n"),
        f"{FOLDER}/package.json": package_json(),
        f"{FOLDER}/.gitignore": "node_modules/\ndist/\n",
    }


@dataclass
class EditorReport:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)


class EditedFile(Exception):
    """A generated file was edited by hand; writing it needs --force."""

    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(str(p) for p in paths))
        self.paths = paths


def write_editor(root: Path, settings: EditorSettings, *, force: bool = False) -> EditorReport:
    """Write the editor's files atomically under the network lock; refuse to overwrite edited ones."""
    from nictools.lock import network_lock

    report = EditorReport(sites=site_ids(root))
    wanted = files(root, settings)
    with network_lock(root):
        edited: list[Path] = []
        for relative, text in wanted.items():
            path = root / relative
            if not path.exists():
                continue
            current = path.read_text(encoding="utf-8", errors="replace")
            if current == text:
                continue
            stamped = FINGERPRINT in current.partition("\n")[0]
            if relative.endswith(("package.json", ".gitignore")) or not stamped or not _unedited(current):
                edited.append(path)
        if edited and not force:
            raise EditedFile(edited)
        for relative, text in wanted.items():
            path = root / relative
            if path.exists() and path.read_text(encoding="utf-8", errors="replace") == text:
                report.unchanged.append(path)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            report.written.append(write_atomic(path, text))
    return report


def repository_slug(root: Path) -> str | None:
    """OWNER/NAME from the `origin` remote's address, if there is one (git through the history layer)."""
    from nictools.history.git import GitRunner

    try:
        runner = GitRunner(root)
    except Exception:  # not a git repository, or no git: there is no remote to read
        return None
    try:
        url = runner.run("remote", "get-url", "origin", check=False).decode("utf-8", "replace").strip()
    except Exception:  # no origin remote, or git failed: the caller asks for --repo
        return None
    finally:
        runner.close()
    match = re.search(r"[:/]([^:/]+/[^/]+?)(?:\.git)?/?$", url)
    return match.group(1) if match else None
