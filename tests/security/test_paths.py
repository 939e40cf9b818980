"""No path leaves the network: symlinks to outside are reported, never followed, by
reads and by writes; path-bearing fields (a change idea's material links) are checked.

The model's only path-bearing field is `ChangeIdea.materials[].link` ("a web address,
or a path inside the repository", read from the network's folder as `nic export` reads
it); data files and cycles are found by folder, never
named in a file. `test_the_model_has_no_other_path_field` fails when a field is added
whose name or description says it holds a path, so it gets a test here too.
"""

from __future__ import annotations

import os
import shutil
import textwrap
import typing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from nictools.checks.references import material_links
from nictools.model import MODELS
from nictools.model.change_idea import Material
from nictools.validate import run
from tests.conftest import MINIMAL  # type: ignore[import-not-found]
from tests.history.conftest import GitNetwork  # type: ignore[import-not-found]

SECRET = "TOP-SECRET-7f3a"
SECRET_CSV = f"period,numerator,denominator,note\n2025-09-01,1,2,{SECRET}\n2025-09-08,1,2,{SECRET}\n"
SECRET_YAML = f"id: CI-09\ntitle: {SECRET}\ndescription: {SECRET}\ndrivers: [S1]\n"


def _fields(model: type[BaseModel], prefix: str = "") -> typing.Iterator[tuple[str, typing.Any]]:
    for name, info in model.model_fields.items():
        if name == "format":
            continue  # the format version "of this file"
        yield prefix + name, info
        for arg in (info.annotation, *typing.get_args(info.annotation)):
            for inner in (arg, *typing.get_args(arg)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    yield from _fields(inner, prefix + name + ".")


def test_the_model_has_no_other_path_field() -> None:
    pathy = {f"{kind}:{name}" for kind, model in MODELS.items() for name, info in _fields(model)
             if any(w in (name + " " + (info.description or "")).lower() for w in ("path", "link", "file", "url"))}
    # per_file_ignores holds glob patterns matched against paths nic lists itself; it never opens one
    assert pathy == {"change-idea:materials.link", "network:settings.per_file_ignores"}, pathy


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "ATT.csv").write_text(SECRET_CSV)
    (folder / "CI-09.yaml").write_text(SECRET_YAML)
    (folder / "C09.yaml").write_text(MINIMAL["sites/lincoln/pdsa/C01.yaml"].replace("C01", "C09")
                                     .replace("Exit tickets in one advisory", SECRET))
    return folder


LINKS = {
    "file": ("sites/lincoln/data/ATT.csv", "ATT.csv"),
    "yaml": ("change-ideas/CI-09.yaml", "CI-09.yaml"),
    "data folder": ("sites/lincoln/data", "."),
    "pdsa folder": ("sites/lincoln/pdsa", "."),
    "cycle": ("sites/lincoln/pdsa/C09.yaml", "C09.yaml"),
}


def _link(root: Path, rel: str, target: Path) -> None:
    path = root / rel
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


@pytest.mark.parametrize("where", sorted(LINKS))
def test_a_symlink_out_of_the_network_is_reported_and_not_read(where: str, make_network, outside: Path, cli,
                                                                tmp_path: Path) -> None:
    rel, target = LINKS[where]
    root = make_network()
    _link(root, rel, (outside / target).resolve())
    result, _ = run(root)
    assert "NIC013" in {p.code for p in result.problems}
    assert any(p.code == "NIC013" and p.path.startswith(rel) for p in result.problems)
    out = tmp_path / "out"
    out.mkdir()
    for args in (["validate"], ["validate", "--format", "json"], ["chart", "ATT", "--site", "lincoln", "--format", "json"],
                 ["diagram", "--format", "mermaid"], ["status", "--format", "markdown"],
                 ["report", "--out", str(out / "r.md")], ["report", "--out", str(out / "r.html")],
                 ["report", "--format", "json", "--out", str(out / "r.json")], ["compare", "lincoln"],
                 ["export", "--out", str(out / "tables")], ["export", "--change-package", "CI-01", "--out",
                                                             str(out / "package")]):
        shown = cli("-C", str(root), *args)
        assert SECRET not in shown.output, args
    for written in out.rglob("*"):
        if written.is_file():
            assert SECRET.encode() not in written.read_bytes(), written


def test_a_symlinked_network_file_is_reported(make_network, outside: Path) -> None:
    root = make_network()
    (outside / "drivers.yaml").write_text(MINIMAL["drivers.yaml"])
    (root / "drivers.yaml").unlink()
    (root / "drivers.yaml").symlink_to(outside / "drivers.yaml")
    result, _ = run(root)
    assert [p.path for p in result.problems if p.code == "NIC013"] == ["drivers.yaml"]


def test_a_symlink_in_history_is_not_read(tmp_path: Path, outside: Path, cli, monkeypatch) -> None:
    monkeypatch.setenv("NIC_TODAY", "2025-10-15")
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    repo = GitNetwork(tmp_path / "net")
    first = repo.commit("start", "2025-09-01T12:00:00+00:00", dict(MINIMAL))
    (repo.root / "change-ideas/CI-09.yaml").symlink_to(outside / "CI-09.yaml")
    repo.commit("link", "2025-09-10T12:00:00+00:00")
    for args in (["log"], ["diff", first], ["status", "--format", "json"]):
        shown = cli("-C", str(repo.root), *args)
        assert shown.exit_code in (0, 1), (args, shown.output)
        assert SECRET not in shown.output and "CI-09" not in shown.output, args


# --- writes --------------------------------------------------------------------------------

def _untouched(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_data_add_never_reads_or_writes_through_a_symlinked_file(make_network, outside: Path, cli) -> None:
    root = make_network()
    _link(root, "sites/lincoln/data/ATT.csv", outside / "ATT.csv")
    before = _untouched(outside)
    result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                 "--numerator", "1", "--denominator", "2")
    assert result.exit_code == 2, result.output
    assert "outside the network" in result.output
    assert _untouched(outside) == before
    assert (root / "sites/lincoln/data/ATT.csv").is_symlink()


def test_data_add_never_writes_into_a_symlinked_folder(make_network, outside: Path, cli) -> None:
    root = make_network()
    (outside / "ATT.csv").unlink()
    _link(root, "sites/lincoln/data", outside)
    before = _untouched(outside)
    result = cli("-C", str(root), "data", "add", "ATT", "--site", "lincoln", "--period", "2025-09-15",
                 "--numerator", "1", "--denominator", "2")
    assert result.exit_code == 2, result.output
    assert "outside the network" in result.output
    assert _untouched(outside) == before


def test_new_never_writes_into_a_symlinked_folder(make_network, outside: Path, cli) -> None:
    root = make_network()
    _link(root, "sites/lincoln/pdsa", outside)
    before = _untouched(outside)
    result = cli("-C", str(root), "new", "pdsa", "--site", "lincoln", "--title", "x", "--change-idea", "CI-01")
    assert result.exit_code == 2, result.output
    assert "outside the network" in result.output
    assert _untouched(outside) == before


def test_fix_and_migrate_leave_files_behind_symlinks_alone(make_network, outside: Path, cli) -> None:
    root = make_network()
    (outside / "ATT.csv").write_bytes(b"period,numerator,denominator\r\n2025-09-08,1,2\r\n2025-09-01,1,2  \r\n")
    _link(root, "sites/lincoln/data/ATT.csv", outside / "ATT.csv")
    _link(root, "change-ideas/CI-09.yaml", outside / "CI-09.yaml")
    before = _untouched(outside)
    for args in (["fix"], ["migrate"], ["rename", "change-idea", "CI-01", "CI-02"]):
        cli("-C", str(root), *args)
        assert _untouched(outside) == before, args


# --- path fields ---------------------------------------------------------------------------

def _idea_with(link: str) -> dict[str, str]:
    quoted = link.replace("'", "''")
    return {"change-ideas/CI-01.yaml": textwrap.dedent(MINIMAL["change-ideas/CI-01.yaml"])
            + f"materials:\n  - title: Handout\n    link: '{quoted}'\n"}


@pytest.mark.parametrize("link", ["../../../etc/passwd", "/etc/passwd", "~/secret.pdf", "file:///etc/passwd",
                                  "C:\\Users\\x\\notes.docx", "..\\..\\secret.docx", "materials/../../../x.pdf",
                                  "\\\\server\\share\\x.pdf"])
def test_a_material_link_leaving_the_network_is_reported(link: str, make_network) -> None:
    root = make_network(_idea_with(link))
    result, _ = run(root)
    found = [p for p in result.problems if p.code == "NIC013"]
    assert len(found) == 1, result.problems
    assert found[0].path == "change-ideas/CI-01.yaml" and (found[0].line, found[0].column) == (8, 11) and found[0].pointer == "materials[0].link"


@pytest.mark.parametrize("link", ["https://example.org/handout.pdf", "http://example.org", "mailto:hub@example.org",
                                  "materials/handout.pdf", "sites/lincoln/materials/x.pdf", "handout.pdf",
                                  "a/" * 3000 + "x.pdf", "javascript:alert(1)"])
def test_a_web_address_or_a_path_inside_is_fine(link: str, make_network) -> None:
    root = make_network(_idea_with(link))
    result, _ = run(root)
    assert "NIC013" not in {p.code for p in result.problems}, result.problems


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink", "nul"])
def test_export_never_copies_a_material_from_outside(how: str, make_network, outside: Path, cli,
                                                     tmp_path: Path) -> None:
    (outside / "secret.pdf").write_text(SECRET)
    link = {"absolute": str(outside / "secret.pdf"), "dotdot": "../outside/secret.pdf",
            "symlink": "materials/secret.pdf", "nul": "a\\0b"}[how]
    root = make_network(_idea_with(link) if how != "nul" else {
        "change-ideas/CI-01.yaml": textwrap.dedent(MINIMAL["change-ideas/CI-01.yaml"])
        + 'materials:\n  - title: Handout\n    link: "a\\0b"\n'})
    if how == "symlink":
        (root / "materials").symlink_to(outside, target_is_directory=True)
    package = tmp_path / "package"
    result = cli("-C", str(root), "export", "--change-package", "CI-01", "--out", str(package))
    assert result.exit_code == 0, result.output
    assert "not copied" in result.output or "skipped" in result.output
    for written in package.rglob("*"):
        if written.is_file():
            assert SECRET.encode() not in written.read_bytes(), written


def test_a_material_link_elsewhere_in_the_repository_is_fine(make_network) -> None:
    """Links are read as `nic export` reads them: from the network's folder, inside the git work tree."""
    root = make_network(_idea_with("../docs/handout.pdf"))
    result, _ = run(root)
    assert "NIC013" in {p.code for p in result.problems}  # no repository: the network folder is the limit
    (root.parent / ".git").mkdir()
    result, _ = run(root)
    assert "NIC013" not in {p.code for p in result.problems}, result.problems


def test_a_material_link_through_a_symlink_out_is_reported(make_network, outside: Path) -> None:
    root = make_network(_idea_with("materials/handout.pdf"))
    (root / "materials").symlink_to(outside, target_is_directory=True)
    result, _ = run(root)
    assert [p.pointer for p in result.problems if p.code == "NIC013"] == ["materials[0].link"]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_material_link_is_checked_without_error(link: str) -> None:
    """Found while fuzzing: a NUL byte in a link made the check crash (exit 3)."""
    network = _LINK_NETWORK["network"]
    record = network.change_ideas["CI-01"]
    idea = record.model.model_copy(update={"materials": [Material(title="x", link=link)]})
    problems = list(material_links(replace_record(network, record, idea)))
    assert all(p.code in ("NIC013", "NIC017") for p in problems)


def replace_record(network, record, model):
    import dataclasses

    changed = dataclasses.replace(network, change_ideas={"CI-01": dataclasses.replace(record, model=model)})
    return changed


_LINK_NETWORK: dict = {}


@pytest.fixture(autouse=True, scope="module")
def _link_network(tmp_path_factory: pytest.TempPathFactory) -> None:
    from nictools.load.network import load_network

    root = tmp_path_factory.mktemp("links")
    for rel, text in MINIMAL.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text))
    _LINK_NETWORK["network"] = load_network(root)[0]
