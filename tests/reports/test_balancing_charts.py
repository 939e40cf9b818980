"""Balancing measures are charted beside the outcome: on site pages and in the evidence cards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nictools.load.network import load_network
from nictools.render.report_html import render_html
from nictools.reports.build import ReportOptions, build_report

EXAMPLE = Path(__file__).resolve().parents[2] / "src" / "nictools" / "example"


def test_site_pages_and_cards_chart_the_balancing_measures() -> None:
    network, _ = load_network(EXAMPLE)
    report = build_report(network, ReportOptions(as_of=dt.date(2026, 6, 12)))
    lincoln = next(p for p in report.sites if p.site == "lincoln")
    assert sorted(b.measure for b in lincoln.balancing) == ["REFERRALS", "TEACHER-MIN"]
    card = next(c for c in report.evidence if c.idea == "CI-02")
    assert {s.site for s in card.aligned} <= {s.site for s in card.aligned_balancing}
    html = render_html(report)
    assert "A balancing measure, beside the outcome" in html
    assert "its balancing measures on the same footing" in html
