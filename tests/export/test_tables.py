"""The tidy tables built from the example network: counts, columns, keys, masking, stages."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from nictools.export.tables import ORDER, SPECS, build_tables, dangling_references
from nictools.load.network import load_network
from nictools.model.pdsa import STAGES

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


@pytest.fixture(scope="module")
def network():
    network, problems = load_network(EXAMPLE)
    return network


def _rows(table):
    return [dict(zip(table.column_names, row)) for row in table.rows]


def _data_rows_in_files() -> int:
    total = 0
    for path in EXAMPLE.glob("sites/*/data/*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            total += sum(1 for row in csv.reader(handle) if row) - 1
    return total


def test_row_counts_match_the_files(network) -> None:
    data = build_tables(network, threshold=10, meta={})
    counts = {t.name: len(t.rows) for t in data.tables}
    assert counts["sites"] == len(list(EXAMPLE.glob("sites/*/site.yaml"))) == 8
    assert counts["measures"] == len(list(EXAMPLE.glob("measures/*.yaml")))
    assert counts["change_ideas"] == len(list(EXAMPLE.glob("change-ideas/*.yaml")))
    assert counts["cycles"] == len(list(EXAMPLE.glob("sites/*/pdsa/*.yaml")))
    assert counts["data_points"] == _data_rows_in_files()
    questions = sum(len(r.model.plan.questions) for r in network.cycles.values())
    assert counts["predictions"] == questions
    assert counts["decisions"] == sum(1 for r in network.cycles.values() if r.model.act)
    assert "events" not in counts  # no history given: no events table


def test_columns_are_snake_case_and_keys_are_unique(network) -> None:
    data = build_tables(network, threshold=10, meta={"nictools_version": "x"}, events=[])
    assert [t.name for t in data.tables] == ORDER
    for table in data.tables:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", table.name)
        for column in table.columns:
            assert re.fullmatch(r"[a-z][a-z0-9_]*", column.name), column.name
            assert column.description
        for row in table.rows:
            assert len(row) == len(table.columns)
        if table.primary_key:
            where = [table.column_names.index(k) for k in table.primary_key]
            keys = [tuple(row[i] for i in where) for row in table.rows]
            assert len(keys) == len(set(keys)), table.name
            assert all(None not in k for k in keys), table.name
    assert dangling_references(data) == []


def test_data_points_are_long_with_ids_as_keys(network) -> None:
    points = _rows(build_tables(network, threshold=10, meta={}).table("data_points"))
    lincoln = [p for p in points if p["site_id"] == "lincoln" and p["measure_id"] == "ATT-90"]
    first = lincoln[0]
    assert str(first["period"]) == "2025-08-25" and first["line"] == 2
    assert (first["numerator"], first["denominator"]) == (175, 262)
    assert first["value"] == pytest.approx(175 / 262) and first["masked"] is False
    belong = [p for p in points if p["measure_id"] == "BELONG" and p["site_id"] == "lincoln"]
    assert belong[0]["subgroup"] == "adv-104" and belong[0]["value"] == 3.3 and belong[0]["n"] == 27


def test_small_counts_are_masked_as_in_reports(network) -> None:
    points = _rows(build_tables(network, threshold=10, meta={}).table("data_points"))
    for p in points:
        for name in ("numerator", "denominator", "n"):
            assert p[name] is None or p[name] >= 10, p
    masked = [p for p in points if p["masked"]]
    assert masked, "REFERRALS has weeks with fewer than 10 referrals"
    referral = next(p for p in masked if p["measure_id"] == "REFERRALS")
    # the proportion would give the count back (value x denominator): it is left empty too
    assert referral["numerator"] is None and referral["value"] is None
    # the partner count goes too (as in the report): beside the other, it gives the small one back
    assert all(p["numerator"] is None and p["denominator"] is None for p in masked if p["measure_id"] == "REFERRALS")
    everything = _rows(build_tables(network, threshold=0, meta={}).table("data_points"))
    assert not any(p["masked"] for p in everything)
    assert sum(1 for p in everything if p["numerator"] is not None) > sum(1 for p in points
                                                                         if p["numerator"] is not None)


def test_students_in_a_cycles_scale_are_masked(network) -> None:
    cycles = {(c["site_id"], c["cycle_id"]): c for c in _rows(build_tables(network, threshold=100, meta={})
                                                               .table("cycles"))}
    c02 = cycles[("lincoln", "C02")]  # 31 students
    assert c02["scale_students"] is None and c02["masked"] is True and c02["scale_teachers"] == 1
    normal = {(c["site_id"], c["cycle_id"]): c for c in _rows(build_tables(network, threshold=10, meta={})
                                                               .table("cycles"))}
    assert normal[("lincoln", "C02")]["scale_students"] == 31 and normal[("lincoln", "C02")]["masked"] is False
    decisions = _rows(build_tables(network, threshold=100, meta={}).table("decisions"))
    assert all(d["next_scale_students"] is None or d["next_scale_students"] >= 100 for d in decisions)


def test_cycles_carry_their_stage_predictions_and_decisions(network) -> None:
    data = build_tables(network, threshold=10, meta={})
    cycles = {(c["site_id"], c["cycle_id"]): c for c in _rows(data.table("cycles"))}
    for key, record in network.cycles.items():
        assert cycles[key]["stage"] == record.model.stage
    assert {c["stage"] for c in cycles.values()} <= set(STAGES)
    assert len({c["stage"] for c in cycles.values()}) >= 2
    c02 = cycles[("lincoln", "C02")]
    assert (c02["adapted_from_site_id"], c02["adapted_from_cycle_id"]) == ("lincoln", "C01")
    predictions = [p for p in _rows(data.table("predictions")) if (p["site_id"], p["cycle_id"]) == ("lincoln", "C02")]
    assert [p["question_number"] for p in predictions] == [1, 2, 3]
    assert [p["result"] for p in predictions] == ["confirmed", "confirmed", "partly"]
    assert predictions[0]["prediction"] == "Yes, over 90%."
    decision = next(d for d in _rows(data.table("decisions")) if (d["site_id"], d["cycle_id"]) == ("lincoln", "C02"))
    assert decision["decision"] == "adapt" and decision["next_cycle"] == "C03"
    assert str(decision["decided_on"]) == "2025-11-14" and decision["decided_on_source"] == "files"
    links = {(r[0], r[1], r[2]) for r in data.table("cycle_change_ideas").rows}
    assert ("lincoln", "C02", "CI-15") in links


def test_change_ideas_with_drivers_materials_and_conditions(network) -> None:
    data = build_tables(network, threshold=10, meta={})
    ideas = {i["change_idea_id"]: i for i in _rows(data.table("change_ideas"))}
    assert ideas["CI-07"]["origin_site_id"] == "mesa-verde"
    assert ("CI-07", "S7") in {(r[0], r[1]) for r in data.table("change_idea_drivers").rows}
    materials = [m for m in _rows(data.table("change_idea_materials")) if m["change_idea_id"] == "CI-02"]
    assert [m["position"] for m in materials] == [1, 2] and {m["link_kind"] for m in materials} == {"url"}
    conditions = [c for c in _rows(data.table("change_idea_conditions")) if c["change_idea_id"] == "CI-02"]
    assert [c["outcome"] for c in conditions] == ["worked"] * 3 + ["did_not_work"]


def test_every_spec_has_its_keys_among_its_columns() -> None:
    for table in SPECS.values():
        names = table.column_names
        assert set(table.primary_key) <= set(names), table.name
        for fk in table.foreign_keys:
            assert set(fk.columns) <= set(names), table.name
            assert set(fk.references) <= set(SPECS[fk.table].column_names), table.name
            assert tuple(fk.references) == SPECS[fk.table].primary_key, (table.name, fk)
