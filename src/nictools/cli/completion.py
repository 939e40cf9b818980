"""Shell completion of ids and choices: `nic chart <TAB>`, `--site <TAB>`, `--format <TAB>`.

Each function takes the click context and the word being completed and returns
(value, help) pairs. The network is the one found from the current folder, or from
`-C DIR` given on the command line (before or after the command). Completion never
fails: a folder that is no network, or a file that does not parse, gives fewer answers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

Completion = list[tuple[str, str]]


def _network_root(ctx: Any) -> Path | None:
    from nictools.network import find_root

    root_ctx = ctx.find_root() if ctx is not None else None
    directory = (root_ctx.params.get("directory") if root_ctx is not None else None) or None
    try:
        return find_root(directory)
    except Exception:  # noqa: BLE001 - not a network: nothing to offer
        return None


def _title(path: Path) -> tuple[str | None, str]:
    """The `id` and `title` at the top of a YAML file, read safely; (None, '') when it does not parse."""
    from nictools.load.text import MAX_FILE_BYTES
    from nictools.load.yaml import read_yaml

    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None, ""
        data = read_yaml(path.read_text(encoding="utf-8-sig"), path.name).data  # bounded, like validate's reading
    except Exception:  # noqa: BLE001 - a broken file is validate's business, not completion's
        return None, ""
    if not isinstance(data, dict):
        return None, ""
    ident = data.get("id")
    title = data.get("title") or data.get("name") or ""
    return (str(ident) if ident is not None else None), str(title)


def _matching(items: Iterable[tuple[str, str]], incomplete: str) -> Completion:
    seen: dict[str, str] = {}
    for value, help_text in items:
        if value.lower().startswith(incomplete.lower()) and value not in seen:
            seen[value] = help_text
    return sorted(seen.items())


def _ids_in(folder: str, ctx: Any, incomplete: str) -> Completion:
    root = _network_root(ctx)
    if root is None or not (root / folder).is_dir():
        return []
    found = []
    for path in sorted((root / folder).iterdir()):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            ident, title = _title(path)
            found.append((ident or path.stem, title))
    return _matching(found, incomplete)


def site_ids(ctx: Any, incomplete: str) -> Completion:
    """The network's sites: the folders under sites/ (each site's name as help)."""
    root = _network_root(ctx)
    if root is None or not (root / "sites").is_dir():
        return []
    found = []
    for folder in sorted((root / "sites").iterdir()):
        site_file = next((folder / n for n in ("site.yaml", "site.yml") if (folder / n).is_file()), None)
        if site_file is not None:
            found.append((folder.name, _title(site_file)[1]))
    return _matching(found, incomplete)


def measure_ids(ctx: Any, incomplete: str) -> Completion:
    """The network's measures (measures/*.yaml), each with its title."""
    return _ids_in("measures", ctx, incomplete)


def change_idea_ids(ctx: Any, incomplete: str) -> Completion:
    """The network's change ideas (change-ideas/*.yaml), each with its title."""
    return _ids_in("change-ideas", ctx, incomplete)


def choices(*values: str) -> Callable[..., Completion]:
    """Completion of a fixed list, e.g. a command's --format values."""

    def complete(incomplete):  # type: ignore[no-untyped-def]
        return _matching(((v, "") for v in values), incomplete)

    return complete


def complete_validate_format(incomplete):  # type: ignore[no-untyped-def]
    from nictools.formatters import FORMATTERS

    return _matching(((name, "") for name in FORMATTERS), incomplete)


# typer passes a completion function the arguments it names: `ctx` and `incomplete` (left
# unannotated on purpose, so typer matches them by name)
def complete_site(ctx, incomplete):  # type: ignore[no-untyped-def]
    return site_ids(ctx, incomplete)


def complete_measure(ctx, incomplete):  # type: ignore[no-untyped-def]
    return measure_ids(ctx, incomplete)


def complete_change_idea(ctx, incomplete):  # type: ignore[no-untyped-def]
    return change_idea_ids(ctx, incomplete)
