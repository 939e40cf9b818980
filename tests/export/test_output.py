"""Where exports go: defaults, refusing to overwrite, --force, never inside .git, clear errors."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


def test_default_names_in_the_current_folder(cli, tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    monkeypatch.chdir(root / "sites")  # anywhere inside the network
    for fmt in ("csv", "xlsx", "sqlite"):
        result = cli("export", "--format", fmt)
        assert result.exit_code == 0, result.output
    assert cli("export", "--change-package", "CI-07").exit_code == 0
    made = sorted(p.name for p in (root / "sites").iterdir() if not (p / "site.yaml").exists())
    assert made == ["change-package-CI-07", "nic-export", "nic-export.sqlite", "nic-export.xlsx"]
    # with -C and no --out, the default lands in the -C folder ("as if started in DIR")
    assert cli("-C", str(root), "export", "--format", "xlsx").exit_code == 0
    assert (root / "nic-export.xlsx").is_file()


def test_format_from_the_out_extension(example_tree: Path, cli, tmp_path: Path) -> None:
    assert cli("-C", str(example_tree), "export", "--out", str(tmp_path / "n.db")).exit_code == 0
    assert sqlite3.connect(tmp_path / "n.db").execute("PRAGMA integrity_check").fetchone() == ("ok",)
    result = cli("-C", str(example_tree), "export", "--out", str(tmp_path / "n.csv"))
    assert result.exit_code == 2 and "folder of files" in result.stderr
    result = cli("-C", str(example_tree), "export", "--format", "parquet")
    assert result.exit_code == 2 and "Unknown export format `parquet`" in result.stderr


def test_an_existing_output_is_refused_unless_forced(example_tree: Path, cli, tmp_path: Path) -> None:
    folder, book = tmp_path / "tables", tmp_path / "n.xlsx"
    for out in (folder, book):
        assert cli("-C", str(example_tree), "export", "--out", str(out)).exit_code == 0
        result = cli("-C", str(example_tree), "export", "--out", str(out))
        assert result.exit_code == 2 and "exists and is not empty" in result.stderr and "--force" in result.stderr
        assert "Traceback" not in result.output
    (folder / "sites.csv").write_text("stale", encoding="utf-8")
    assert cli("-C", str(example_tree), "export", "--out", str(folder), "--force").exit_code == 0
    assert (folder / "sites.csv").read_text(encoding="utf-8").startswith("site_id,")
    assert cli("-C", str(example_tree), "export", "--out", str(book), "--force").exit_code == 0
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == []  # the temporary and old folders are gone


def test_force_never_replaces_a_folder_that_is_not_an_export(example_tree: Path, cli, tmp_path: Path) -> None:
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.docx").write_text("precious", encoding="utf-8")
    result = cli("-C", str(example_tree), "export", "--out", str(mine), "--force")
    assert result.exit_code == 2 and "does not look like an earlier export" in result.stderr
    assert (mine / "chapter1.docx").read_text(encoding="utf-8") == "precious"
    result = cli("-C", str(example_tree), "export", "--change-package", "CI-07", "--out", str(mine), "--force")
    assert result.exit_code == 2 and (mine / "chapter1.docx").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("-C", str(example_tree), "export", "--out", str(empty)).exit_code == 0  # an empty folder is fine


def test_never_inside_git_and_not_over_a_file(example_repo: Path, example_tree: Path, cli, tmp_path: Path) -> None:
    result = cli("-C", str(example_tree), "export", "--out", str(example_repo / ".git" / "export.sqlite"))
    assert result.exit_code == 2 and ".git" in result.stderr
    assert not (example_repo / ".git" / "export.sqlite").exists()
    a_file = tmp_path / "notes"
    a_file.write_text("x", encoding="utf-8")
    result = cli("-C", str(example_tree), "export", "--format", "csv", "--out", str(a_file))
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_a_bad_revision_is_a_clear_error(example_repo: Path, cli, tmp_path: Path) -> None:
    for rev, words in (("no-such-tag", "not a commit, tag or branch"), ("--help", "cannot start with `-`"),
                       ("2019-01-01", "")):
        result = cli("-C", str(example_repo), "export", "--out", str(tmp_path / "x.sqlite"), "--as-of", rev)
        assert result.exit_code == 2, (rev, result.output)
        assert words in result.stderr and "Traceback" not in result.output
        assert not (tmp_path / "x.sqlite").exists()


def test_small_cell_option_sets_the_threshold(example_tree: Path, cli, tmp_path: Path) -> None:
    out = tmp_path / "all.sqlite"
    assert cli("-C", str(example_tree), "export", "--out", str(out), "--small-cell", "0").exit_code == 0
    db = sqlite3.connect(out)
    assert dict(db.execute("SELECT key, value FROM meta"))["small_cell_threshold"] == "0"
    assert db.execute("SELECT count(*) FROM data_points WHERE masked").fetchone() == (0,)
    assert db.execute("SELECT min(numerator) FROM data_points").fetchone()[0] < 10


def test_uncommitted_changes_are_said_to_be_in_the_tables_not_the_events(example_repo: Path, cli,
                                                                          tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(example_repo, work, symlinks=True)
    (work / "network.yaml").write_text((work / "network.yaml").read_text(encoding="utf-8") + "# edited\n",
                                       encoding="utf-8")
    result = cli("-C", str(work), "export", "--format", "sqlite", "--out", str(tmp_path / "x.sqlite"))
    assert result.exit_code == 0, result.output
    assert "in the tables but not in the events table" in result.stderr
    assert "are not in the history" not in result.stderr
