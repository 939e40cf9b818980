"""A balancing measure with no direction: a signal on it is 'a change to look at', never improvement or concern."""

from __future__ import annotations

import json

from nictools.measurement.assessment import judge

ADMIT = """\
id: ADMIT
title: Admitted
type: balancing
calculation: count
definition: Patients admitted in the month.
unit: admissions
frequency: monthly
chart: {type: c}
collection: {who: Data clerk, source: Admissions system, when: The 5th of each month}
"""


def test_judge_gives_change_for_a_signal_without_direction() -> None:
    import datetime as dt

    periods = [dt.date(2024, m, 1) for m in range(1, 13)] + [dt.date(2025, m, 1) for m in range(1, 13)]
    kinds = [None] * 16 + ["neither"] * 8
    signal, since = judge(kinds=kinds, periods=periods, useful=[True] * 24, judged_from=12, part_start=0)
    assert signal == "change" and since == dt.date(2025, 5, 1)


def test_a_direction_less_balancing_measure_validates_and_charts_as_a_change(cli, make_network) -> None:
    rows = "".join(f"{2023 + (m - 1) // 12}-{(m - 1) % 12 + 1:02d}-01,{40 if m <= 20 else 80}\n" for m in range(1, 31))
    root = make_network({"measures/ADMIT.yaml": ADMIT, "sites/lincoln/data/ADMIT.csv": "period,value\n" + rows})
    valid = cli("-C", str(root), "validate", "--select", "NIC513")
    assert valid.exit_code == 0, valid.stdout
    result = cli("-C", str(root), "chart", "ADMIT", "--site", "lincoln", "--format", "json")
    assert result.exit_code == 0, result.output
    text = json.dumps(json.loads(result.stdout))
    assert '"signal": "change"' in text
    assert "direction of improvement" not in text.replace("no direction of improvement", "")
