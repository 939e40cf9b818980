"""The report's funnel plot: sites on the outcome against their base, with limits round the pooled value."""

from __future__ import annotations

import datetime as dt
import math
from html.parser import HTMLParser

from nictools.load.network import load_network
from nictools.render.report_charts import funnel_svg
from nictools.reports.build import ReportOptions, build_report
from nictools.reports.funnel import build_funnel

WEEKS = [dt.date(2025, 9, 1) + dt.timedelta(weeks=i) for i in range(10)]


def _site(sid: str, name: str) -> str:
    return f"id: {sid}\nname: {name}\ncluster: rac-1\ncontext: {{level: high, size_band: large}}\njoined: 2024-08-15\n"


def _data(num: int, den: int) -> str:
    return "period,numerator,denominator\n" + "".join(f"{w},{num},{den}\n" for w in WEEKS)


def _network(make_network, sites: dict[str, tuple[int, int]]):
    files: dict[str, str | None] = {"sites/lincoln/data/ATT.csv": None}
    for sid, (num, den) in sites.items():
        files[f"sites/{sid}/site.yaml"] = _site(sid, f"School {sid.upper()} <blink>")
        files[f"sites/{sid}/data/ATT.csv"] = _data(num, den)
    root = make_network(files)
    (root / "sites/lincoln/data/ATT.csv").unlink(missing_ok=True)
    network, _ = load_network(root)
    return network


def test_a_site_far_from_the_pool_is_outside_and_read_by_direction(make_network) -> None:
    sites = {"a": (80, 100), "b": (81, 100), "c": (79, 100), "f": (80, 100), "g": (80, 100), "d": (60, 100),
             "e": (5, 8)}
    network = _network(make_network, sites)
    funnel = build_funnel(network, "ATT", list(sites), as_of=dt.date(2025, 12, 1), since=None, threshold=10)
    assert funnel is not None
    # the window is the latest 8 periods; e's base (8 a week) passes the threshold over 8 weeks
    assert (funnel.start, funnel.end) == (WEEKS[2], WEEKS[-1])
    assert funnel.left_out == 0
    pooled = sum(n for n, _ in sites.values()) / sum(d for _, d in sites.values())
    assert math.isclose(funnel.centre, pooled)
    by_site = {s.site: s for s in funnel.sites}
    assert by_site["d"].position == "below" and by_site["d"].reading == "concern"  # direction: up
    assert by_site["a"].position == "inside" and by_site["a"].reading == "none"
    low, high = funnel.limits(800, 3.09)
    assert math.isclose(high - funnel.centre, 3.09 * math.sqrt(pooled * (1 - pooled) / 800))
    assert low < by_site["a"].value < high


def test_small_bases_are_left_out_and_too_few_sites_give_no_funnel(make_network) -> None:
    network = _network(make_network, {"a": (80, 100), "b": (81, 100), "c": (79, 100), "e": (1, 1)})
    funnel = build_funnel(network, "ATT", ["a", "b", "c", "e"], as_of=dt.date(2025, 12, 1), since=None,
                          threshold=10)
    assert funnel is not None and funnel.left_out == 1 and {s.site for s in funnel.sites} == {"a", "b", "c"}
    assert build_funnel(network, "ATT", ["a", "b"], as_of=dt.date(2025, 12, 1), since=None, threshold=10) is None


def test_the_window_starts_after_the_last_convening(make_network) -> None:
    network = _network(make_network, {"a": (80, 100), "b": (81, 100), "c": (79, 100)})
    funnel = build_funnel(network, "ATT", ["a", "b", "c"], as_of=dt.date(2025, 12, 1), since=WEEKS[6],
                          threshold=10)
    assert funnel is not None and (funnel.start, funnel.end) == (WEEKS[7], WEEKS[-1])
    assert all(s.base == 300 for s in funnel.sites)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def test_the_report_shows_the_funnel_with_escaped_names(make_network) -> None:
    network = _network(make_network, {"a": (80, 100), "b": (81, 100), "c": (79, 100), "d": (60, 100)})
    report = build_report(network, ReportOptions(as_of=dt.date(2025, 12, 1)))
    assert report.network.funnel is not None
    from nictools.render.report_html import render_html

    html = render_html(report)
    assert "Sites compared: a funnel plot" in html
    assert "School D &lt;blink&gt;" in html and "School D <blink>" not in html
    parser = _Scripts()
    parser.feed(html)
    assert "blink" not in parser.tags  # the site name stayed text
    svg = funnel_svg(report.network.funnel)
    assert "below" in svg and "99.8%" in svg
    assert report.to_json()["network"]["funnel"]["sites"][3]["position"] == "below"
