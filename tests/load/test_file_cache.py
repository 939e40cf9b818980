"""The parse cache of `nic validate`: a warm run gives exactly the problems of a cold one.

Each file's parse and its file checks are kept in the user's cache folder, keyed by content
(`nictools.load.cache`). These tests edit a network at random, file by file, and compare every
warm run with a cold one; and they break the cache (corrupt rows, foreign rows, a folder that
cannot be made or written) to see that it only ever costs time.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from nictools.load import cache as file_cache
from nictools.validate import run

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


@pytest.fixture
def network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NIC_TODAY", "2026-07-01")
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NICTOOLS_NO_CACHE", raising=False)
    root = tmp_path / "net"
    shutil.copytree(EXAMPLE, root)
    return root


def _problems(root: Path, disk_cache: bool) -> list[dict]:
    result, _ = run(root, disk_cache=disk_cache)
    return [p.to_dict() for p in result.problems]


def _cache_rows(tmp: Path) -> int:
    with sqlite3.connect(tmp / "cache" / file_cache.FILE_NAME) as db:
        return db.execute("SELECT count(*) FROM files").fetchone()[0]


#: edits a teacher (or a slip of the keyboard) makes: each takes the text and a random source
EDITS = [
    lambda text, rng: text.replace("\n", "\n\n", 1),  # only moves lines down
    lambda text, rng: "\n".join(line for i, line in enumerate(text.split("\n")) if i != rng.randrange(text.count("\n") + 1)),
    lambda text, rng: re.sub(r"CI-0(\d)", lambda m: f"CI-9{m.group(1)}", text, count=1),  # a reference that does not resolve
    lambda text, rng: re.sub(r"(objective|title|statement|name): .*", r'\1: ""', text, count=1),  # required text emptied
    lambda text, rng: re.sub(r"(title|name|note): .*", r'\1: "bell \\a rings"', text, count=1),  # a control character
    lambda text, rng: text + "\nextra_field: 1\n",  # unknown field
    lambda text, rng: text[: rng.randrange(len(text) + 1)],  # truncated
    lambda text, rng: text.replace(": ", ":: ", 1),  # broken syntax
    lambda text, rng: re.sub(r"\d{4}-\d\d-\d\d", "2026-13-45", text, count=1),  # not a date
    lambda text, rng: text.replace("\n", "\r\n"),  # Windows line endings
    lambda text, rng: re.sub(r"^id: .*", "id: C01", text, count=1, flags=re.M),  # a clash of ids
    lambda text, rng: text.replace(",", ",,", 1),  # a CSV row with a cell too many
]


@pytest.mark.parametrize("racy_ns", [file_cache.RACY_NS, 0], ids=["files-read", "stat-signatures"])
def test_warm_runs_after_random_edits_give_the_problems_of_a_cold_run(network: Path, tmp_path: Path, racy_ns: int,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # racy_ns 0: every file's stat signature is trusted at once (normally only files unchanged for
    # two seconds), so warm runs take unchanged files from the cache without reading them
    monkeypatch.setattr(file_cache, "RACY_NS", racy_ns)
    rng = random.Random(20)
    files = sorted(p for p in network.rglob("*") if p.suffix in (".yaml", ".csv"))
    assert _problems(network, disk_cache=True) == _problems(network, disk_cache=False)  # fills the cache
    for step in range(24):
        path = rng.choice(files)
        edit = EDITS[step % len(EDITS)] if step < len(EDITS) else rng.choice(EDITS)
        path.write_bytes(edit(path.read_text(encoding="utf-8"), rng).encode("utf-8"))
        if step == 15:  # a file removed and another added: the cross-file checks must see both
            (network / "change-ideas" / "CI-03.yaml").unlink()
            shutil.copy(network / "measures" / "ATT-90.yaml", network / "measures" / "ATT-91.yaml")
            files = sorted(p for p in network.rglob("*") if p.suffix in (".yaml", ".csv"))
        warm = _problems(network, disk_cache=True)
        cold = _problems(network, disk_cache=False)
        assert warm == cold, f"step {step}: {path.relative_to(network)}"
    assert any(p["code"] == "NIC203" for p in cold) or any(p["code"].startswith("NIC0") for p in cold)
    assert _cache_rows(tmp_path) <= len(files) + 2  # one row per file: older versions are dropped


def test_a_warm_run_reads_the_cache_and_never_writes_into_the_network(network: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    before = sorted(p.relative_to(network) for p in network.rglob("*"))
    _problems(network, disk_cache=True)
    parsed: list[str] = []
    import nictools.load.network as loader

    real = loader._parse
    monkeypatch.setattr(loader, "_parse", lambda f, raw: parsed.append(f.path) or real(f, raw))
    cycle = network / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    _problems(network, disk_cache=True)
    assert parsed == ["sites/lincoln/pdsa/C01.yaml"]  # only the edited file is parsed again
    assert sorted(p.relative_to(network) for p in network.rglob("*")) == before
    assert (tmp_path / "cache" / file_cache.FILE_NAME).exists()


def test_files_unchanged_by_their_stat_are_not_read(network: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_cache, "RACY_NS", 0)
    cold = _problems(network, disk_cache=False)
    assert _problems(network, disk_cache=True) == cold  # fills the cache and the stat signatures
    import nictools.load.network as loader

    read: list[str] = []
    real = loader._read_bytes
    monkeypatch.setattr(loader, "_read_bytes", lambda root, f: read.append(f.path) or real(root, f))
    cycle = network / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    warm = _problems(network, disk_cache=True)
    yaml_read = {p for p in read if p.endswith(".yaml")}
    assert warm == _problems(network, disk_cache=False)
    # the edited file, and the files whose problems need a position or a suppression comment
    assert "sites/lincoln/pdsa/C01.yaml" in yaml_read
    assert yaml_read <= {"sites/lincoln/pdsa/C01.yaml"} | {p["path"] for p in warm}
    assert len(yaml_read) < len([p for p in network.rglob("*.yaml")]) / 2
    # a file touched (same bytes, new times) is read again, and gives the same problems
    os.utime(network / "network.yaml")
    read.clear()
    warm = _problems(network, disk_cache=True)
    assert "network.yaml" in read
    assert warm == _problems(network, disk_cache=False)


def test_corrupt_and_foreign_rows_are_dropped_and_read_again(network: Path, tmp_path: Path) -> None:
    cold = _problems(network, disk_cache=False)
    _problems(network, disk_cache=True)
    db = sqlite3.connect(tmp_path / "cache" / file_cache.FILE_NAME)
    with db:
        keys = [k for (k,) in db.execute("SELECT key FROM files ORDER BY key")]
        db.execute("UPDATE files SET data = substr(data, 1, length(data) - 5) WHERE key = ?", (keys[0],))  # truncated
        db.execute("UPDATE files SET data = 'nonsense' WHERE key = ?", (keys[1],))
    db.close()
    store = file_cache.FileCache(network)
    store.store([("x", keys[2], '{"p": 5}'), ("y", keys[3], '{"p": [], "d": {"id": "x"}, "ok": "yes", "m": true}'),
                 ("z", keys[4], '[1, 2]'), ("w", keys[5], '{"p": [[1, 1, "NIC999", "n", "error", "m", "", "", 0, 0]]}')])
    store.close()
    assert _problems(network, disk_cache=True) == cold
    again = file_cache.FileCache(network)
    assert len(again.recall(keys)) == len(keys) and again.dropped == 0  # every row written afresh
    again.close()


def test_a_broken_or_forged_run_state_only_costs_time(network: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_cache, "RACY_NS", 0)
    cold = _problems(network, disk_cache=False)
    assert _problems(network, disk_cache=True) == cold
    cycle = network / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    store = file_cache.FileCache(network)
    state = store.recall_run()
    assert state is not None and "sites/lincoln/pdsa/C01.yaml" in state["files"]
    # rows that are sealed but not what nictools writes: problems that are not problems, facts of the
    # wrong length, cross-file problems of a code that does not exist, an entry the cache no longer has
    forged = dict(state)
    forged["files"] = {path: [row[0], row[1], row[2], row[3], [[1, 1, "NIC999", "x", "error", "m", "", "", 0, 0]],
                              row[5]] for path, row in state["files"].items()}
    for bad in (forged,
                {**state, "cross": {"sites/lincoln/pdsa/C02.yaml": [["not a problem"]]}},
                {**state, "files": {p: [r[0], r[1], r[2], [1, 2, 3], r[4], r[5]] for p, r in state["files"].items()}}):
        store.store_run(bad)
        cycle.write_text(cycle.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
        assert _problems(network, disk_cache=True) == _problems(network, disk_cache=False)
    assert _problems(network, disk_cache=True) == _problems(network, disk_cache=False)  # (a state as nic writes it)
    import nictools.validate as validate

    tries: list[bool] = []
    real = validate._check_incrementally
    monkeypatch.setattr(validate, "_check_incrementally", lambda root, disk, allow_lazy: tries.append(allow_lazy)
                        or real(root, disk, allow_lazy))
    with store.db:  # the entries the unbuilt records would be built from, gone
        store.db.executemany("DELETE FROM files WHERE key = ?",
                             [(row[2],) for path, row in state["files"].items() if path.startswith("sites/") and row[2]])
    # an edit that changes the cycle's facts: every record is built, those without an entry from their files
    cycle.write_text(re.sub(r"^id: .*", "id: C09", cycle.read_text(encoding="utf-8"), count=1, flags=re.M),
                     encoding="utf-8")
    assert _problems(network, disk_cache=True) == _problems(network, disk_cache=False)
    assert tries == [True]
    # and a file whose bytes are no longer those its state was taken of, met while building: read as if cold
    import nictools.load.network as loader

    real_stats = loader._stat_signatures
    other = network / "sites" / "lincoln" / "pdsa" / "C02.yaml"

    def stats_then_edit(*args: object) -> object:
        found = real_stats(*args)  # type: ignore[arg-type]
        other.write_text(other.read_text(encoding="utf-8") + "# edited behind its stat\n", encoding="utf-8")
        return found

    with store.db:
        store.db.execute("DELETE FROM files")
    cycle.write_text(re.sub(r"^id: .*", "id: C01", cycle.read_text(encoding="utf-8"), count=1, flags=re.M),
                     encoding="utf-8")
    tries.clear()
    monkeypatch.setattr(loader, "_stat_signatures", stats_then_edit)
    warm = _problems(network, disk_cache=True)
    monkeypatch.setattr(loader, "_stat_signatures", real_stats)
    assert warm == _problems(network, disk_cache=False)
    assert tries == [True, False]  # read again as if cold
    store.close()


def test_a_cache_folder_that_cannot_be_made_or_written_only_costs_time(network: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _problems(network, disk_cache=False)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    assert _problems(network, disk_cache=True) == cold
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path / "cache"))
    _problems(network, disk_cache=True)
    real_connect = sqlite3.connect

    def read_only(path, *args, **kwargs):  # the database as a read-only mount gives it
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(file_cache.sqlite3, "connect", read_only)
    cycle = network / "sites" / "lincoln" / "pdsa" / "C02.yaml"
    cycle.write_text(cycle.read_text(encoding="utf-8").replace("id: C02", "id: C02\nbogus: 1", 1), encoding="utf-8")
    monkeypatch.setattr(file_cache.sqlite3, "connect", real_connect)
    cold = _problems(network, disk_cache=False)
    monkeypatch.setattr(file_cache.sqlite3, "connect", read_only)
    assert _problems(network, disk_cache=True) == cold
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(tmp_path / "missing" / "deeper"))  # made on first use
    assert _problems(network, disk_cache=True) == cold


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes through permissions")
def test_a_read_only_cache_folder(network: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("NICTOOLS_CACHE_DIR", str(folder))
    try:
        assert _problems(network, disk_cache=True) == _problems(network, disk_cache=False)
    finally:
        folder.chmod(0o700)


def test_the_cli_uses_the_cache_and_nictools_no_cache_turns_it_off(network: Path, tmp_path: Path, cli,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NICTOOLS_NO_CACHE", "1")
    first = cli("-C", str(network), "validate", "--format", "json")
    assert not (tmp_path / "cache" / file_cache.FILE_NAME).exists()
    monkeypatch.delenv("NICTOOLS_NO_CACHE")
    second = cli("-C", str(network), "validate", "--format", "json")
    third = cli("-C", str(network), "validate", "--format", "json")
    assert _cache_rows(tmp_path) > 100
    assert first.stdout == second.stdout == third.stdout and first.exit_code == third.exit_code


def test_the_history_cache_shares_the_folder() -> None:
    from nictools.history import blobs

    assert blobs.cache_dir is file_cache.cache_dir


def test_the_file_checks_kept_with_a_parse_are_the_ones_a_cold_run_finds(network: Path) -> None:
    cycle = network / "sites" / "lincoln" / "pdsa" / "C01.yaml"
    text = cycle.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*", lambda _m: 'title: "bell \\a rings"', text, count=1, flags=re.M)
    cycle.write_text(re.sub(r"^(\s+objective): .*", r'\1: ""', text, count=1, flags=re.M), encoding="utf-8")
    cold = _problems(network, disk_cache=False)
    assert {"NIC018"} <= {p["code"] for p in cold if p["path"].endswith("lincoln/pdsa/C01.yaml")}
    assert _problems(network, disk_cache=True) == cold  # written to the cache
    assert _problems(network, disk_cache=True) == cold  # read back from it


#: edits of a site file that leave its facts (what other files' checks read of it) as they were:
#: the next run re-checks that file alone (and the hub's few files)
KEEPING_FACTS = [
    lambda text, rng: text + "# a note to self\n",
    lambda text, rng: re.sub(r"^( +objective): (?![>|]).*", r'\1: ""', text, count=1, flags=re.M),  # required text emptied
    lambda text, rng: re.sub(r"^( +)prediction: (?![>|]).*\n", "", text, count=1, flags=re.M),  # a prediction dropped
    lambda text, rng: re.sub(r"^( +what_happened): (?![>|]).*", r'\1: "bell \\a rings"', text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^( +planned_end): .*", r"\1: 2020-01-01", text, count=1, flags=re.M),  # dates reversed
    lambda text, rng: text.replace("\n", "\r\n"),
]
#: ... and edits that change them: every check runs on every file again
CHANGING_FACTS = [
    lambda text, rng: re.sub(r"^(\s*)(continues|adapted_from|next_cycle): C0\d", r"\1\2: C09", text, count=1,
                             flags=re.M),
    lambda text, rng: re.sub(r"^(\s*)(continues|adapted_from|next_cycle): C0\d", r"\1\2: C01", text, count=1,
                             flags=re.M),
    lambda text, rng: re.sub(r"^change_ideas: \[.*\]", "change_ideas: [CI-05]", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^(\s+actual_start): .*", r"\1: 2026-03-30", text, count=1, flags=re.M),
    lambda text, rng: text if "status:" in text else re.sub(r"^title:", "status: draft\ntitle:", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^id: .*", "id: C08", text, count=1, flags=re.M),
]
#: edits of the hub's files that keep their facts ...
HUB_KEEPING_FACTS = [
    lambda text, rng: text + "# reviewed at the convening\n",
    lambda text, rng: re.sub(r"^(title|name): .*", r"\1: A clearer title", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^(\s+- name): Thanksgiving break", r"\1: Thanksgiving", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^(\s+title): .*", r"\1: A driver in other words", text, count=1, flags=re.M),
]
#: ... and that change them
HUB_CHANGING_FACTS = [
    lambda text, rng: re.sub(r"^frequency: weekly", "frequency: monthly", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^calculation: proportion", "calculation: count", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^status: .*", "status: retired\nretired_on: 2025-10-01", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^(\s+start): 2025-11-24", r"\1: 2025-11-17", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^(  - id): connect", r"\1: connection", text, count=1, flags=re.M),
    lambda text, rng: re.sub(r"^(  - id): S1$", r"\1: S9", text, count=1, flags=re.M),
]
#: edits of a data file (it has no facts: other files read only that it is there)
DATA_EDITS = [
    lambda text, rng: text.replace("\n", "\n2026-02-09,12,10\n", 1),  # a row out of order, numerator > denominator
    lambda text, rng: "\n".join(line for i, line in enumerate(text.split("\n")) if i != 3),  # a gap
    lambda text, rng: text + "2027-01-04,5,9\n",  # a period in the future
    lambda text, rng: text.replace("\n", "\nstudent_name,,\n", 1),
]




def test_edits_that_keep_facts_are_rechecked_alone_and_give_the_problems_of_a_cold_run(network: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import nictools.validate as validate
    from nictools.model.network import LazyRecord

    monkeypatch.setattr(file_cache, "RACY_NS", 0)  # trust stat signatures at once (normally after two seconds)
    focused: list[bool] = []
    real_focus = validate._focus
    monkeypatch.setattr(validate, "_focus", lambda *args: focused.append(real_focus(*args) is not None) or real_focus(*args))
    rng = random.Random(7)
    cycles = sorted(p for p in network.rglob("pdsa/*.yaml"))
    data = sorted(network.rglob("data/*.csv"))
    hub = [network / "network.yaml", network / "drivers.yaml", *sorted(network.glob("measures/*.yaml")),
           *sorted(network.glob("change-ideas/*.yaml")), *sorted(network.glob("aims/*.yaml"))]
    assert _problems(network, disk_cache=True) == _problems(network, disk_cache=False)
    steps = ([(cycles, edit, True) for edit in KEEPING_FACTS] + [(data, edit, True) for edit in DATA_EDITS]
             + [(cycles, edit, False) for edit in CHANGING_FACTS]
             + [(hub, edit, True) for edit in HUB_KEEPING_FACTS] + [(hub, edit, False) for edit in HUB_CHANGING_FACTS])
    rng.shuffle(steps)
    for files, edit, keeps in steps:  # (EDITS_IN_ORDER names an edit in a failure)
        # a file the edit changes (a link that is there to change, say)
        candidates = [p for p in files if edit(p.read_text(encoding="utf-8"), random.Random(0))
                      != p.read_text(encoding="utf-8")]
        assert candidates, f"no file for edit {(KEEPING_FACTS + CHANGING_FACTS + HUB_KEEPING_FACTS + HUB_CHANGING_FACTS + DATA_EDITS).index(edit)}"
        path = rng.choice(candidates)
        after = edit(path.read_text(encoding="utf-8"), rng)
        path.write_bytes(after.encode("utf-8"))
        focused.clear()
        result, net = validate.run(network, disk_cache=True)
        warm = [p.to_dict() for p in result.problems]
        assert warm == _problems(network, disk_cache=False), f"{path.relative_to(network)}: {after[:200]}"
        if keeps:
            assert focused == [True], f"not re-checked alone: {path.relative_to(network)}"
            built = [r.path for r in net.cycles.values() if isinstance(r, LazyRecord) and r.built]
            assert len(built) <= 4, built  # (only the cycles the edited one links to, if any)
        else:
            assert focused == [False], f"re-checked alone, though its facts changed: {path.relative_to(network)}"
        # and the run after it, with nothing changed, is the same again
        assert [p.to_dict() for p in validate.run(network, disk_cache=True)[0].problems] == warm


def test_a_site_chart_builds_only_its_files_from_the_cache_and_draws_the_same(network: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`nic chart --site` reads a few files of a network: after a `nic validate`, the others stay unbuilt."""
    from nictools.clock import today
    from nictools.load.network import StaleCache, load_network, load_network_unbuilt
    from nictools.load.tables import LazyTable
    from nictools.measurement.charts import ChartOptions, chart_site
    from nictools.model.network import LazyRecord

    monkeypatch.setattr(file_cache, "RACY_NS", 0)

    def drawn(net: object) -> dict:
        return chart_site(net, "ATT-90", "lincoln", ChartOptions(), today()).to_json_dict()

    eager, _ = load_network(network)
    expected = drawn(eager)
    run(network, disk_cache=True)  # what nic validate leaves in the cache
    lazy, _ = load_network_unbuilt(network)
    assert drawn(lazy) == expected
    built = [r for r in [*lazy.cycles.values(), *lazy.sites.values(), *lazy.data.values()]
             if isinstance(r, (LazyRecord, LazyTable)) and r.built]
    unbuilt = [r for r in [*lazy.cycles.values(), *lazy.sites.values()] if isinstance(r, LazyRecord) and not r.built]
    assert built and len(unbuilt) > 3 * len(built)
    # the cache cleared: each record is built from its file, the same
    with sqlite3.connect(network.parent / "cache" / file_cache.FILE_NAME) as db:
        db.execute("DELETE FROM files")
    lazy, _ = load_network_unbuilt(network)
    assert drawn(lazy) == expected
    # a file that changed after it was listed as unchanged cannot be built from what was known of it
    lazy, _ = load_network_unbuilt(network)
    table = network / "sites" / "lincoln" / "data" / "ATT-90.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(StaleCache):
        drawn(lazy)
