"""The report's funnel plot: sites on the outcome against their base, with limits round the pooled value."""

from __future__ import annotations

import datetime as dt
import math
from html.parser import HTMLParser

from nictools.load.network import load_network
from nictools.render.report_charts import funnel_svg, funnel_words
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


def _analyses(network, day=dt.date(2025, 12, 1)):
    from nictools.measurement.analyses import Analyses

    return Analyses(network, day)


def test_the_base_is_the_mean_denominator_per_period_and_the_words_are_neutral(make_network) -> None:
    """Eight weeks of the same 100 students are a base of 100, not 800 independent students."""
    sites = {"a": (80, 100), "b": (81, 100), "c": (79, 100), "f": (80, 100), "g": (80, 100), "d": (50, 100),
             "e": (64, 80), "h": (78, 100), "i": (82, 100), "j": (80, 100), "k": (79, 100), "m": (81, 100)}
    network = _network(make_network, sites)
    funnel = build_funnel(_analyses(network), "ATT", list(sites), since=None, threshold=10)
    assert funnel is not None
    assert (funnel.start, funnel.end) == (WEEKS[2], WEEKS[-1])  # the latest 8 periods
    assert funnel.left_out == 0
    pooled = sum(n for n, _ in sites.values()) / sum(d for _, d in sites.values())
    assert math.isclose(funnel.centre, pooled)
    by_site = {s.site: s for s in funnel.sites}
    assert by_site["a"].base == 100 and by_site["e"].base == 80
    assert by_site["d"].position == "below" and by_site["a"].position == "inside"
    assert funnel.tau2 == 0  # winsorised at 10%, the one far site does not widen everyone's limits
    assert {s.reading for s in funnel.sites} == {"none"}  # a funnel compares; it does not judge


def test_limits_are_widened_for_overdispersion_by_spiegelhalter(make_network) -> None:
    """Sites that differ far more than binomial noise allows: τ² > 0 widens every limit."""
    sites = {"a": (600, 1000), "b": (700, 1000), "c": (800, 1000), "d": (650, 1000), "e": (750, 1000),
             "f": (720, 1000)}
    network = _network(make_network, sites)
    funnel = build_funnel(_analyses(network), "ATT", list(sites), since=None, threshold=10)
    assert funnel is not None and funnel.phi > 1 and funnel.tau2 > 0
    p = funnel.centre
    plain = 3.09 * math.sqrt(p * (1 - p) / 1000)
    low, high = funnel.limits(1000, 3.09)
    assert math.isclose(high - p, 3.09 * math.sqrt(p * (1 - p) / 1000 + funnel.tau2))
    assert high - p > plain
    # by hand (Spiegelhalter 2005): z winsorised at 10% of 6 sites clips nothing; φ = mean z²
    values = sorted(n / d for n, d in sites.values())
    z = [(v - p) / math.sqrt(p * (1 - p) / 1000) for v in values]
    phi = sum(x * x for x in z) / len(z)
    assert math.isclose(funnel.phi, phi)
    w = [1000 / (p * (1 - p))] * 6
    assert math.isclose(funnel.tau2, (6 * phi - 5) / (sum(w) - sum(x * x for x in w) / sum(w)))
    assert all(s.position == "inside" for s in funnel.sites)  # plain binomial limits would flag most of them


def test_small_bases_are_left_out_and_too_few_sites_give_no_funnel(make_network) -> None:
    network = _network(make_network, {"a": (80, 100), "b": (81, 100), "c": (79, 100), "e": (1, 1)})
    funnel = build_funnel(_analyses(network), "ATT", ["a", "b", "c", "e"], since=None, threshold=10)
    assert funnel is not None and funnel.left_out == 1 and {s.site for s in funnel.sites} == {"a", "b", "c"}
    assert build_funnel(_analyses(network), "ATT", ["a", "b"], since=None, threshold=10) is None


def test_the_window_starts_after_the_last_convening(make_network) -> None:
    network = _network(make_network, {"a": (80, 100), "b": (81, 100), "c": (79, 100)})
    funnel = build_funnel(_analyses(network), "ATT", ["a", "b", "c"], since=WEEKS[6], threshold=10)
    assert funnel is not None and (funnel.start, funnel.end) == (WEEKS[7], WEEKS[-1])
    assert all(s.base == 100 and s.periods == 3 for s in funnel.sites)


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)


def test_the_report_shows_the_funnel_with_escaped_names(make_network) -> None:
    network = _network(make_network, {"a": (80, 100), "b": (81, 100), "c": (79, 100), "d": (50, 100),
                                      "f": (80, 100), "g": (80, 100), "h": (78, 100), "i": (82, 100),
                                      "j": (80, 100), "k": (79, 100), "m": (81, 100)})
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
    assert "below the expected range" in svg.lower() and "99.8%" in svg, funnel_words(report.network.funnel)
    assert "#c25400" not in svg and "#1f5fbf" not in svg  # no concern or improvement colours
    positions = {s["site"]: s["position"] for s in report.to_json()["network"]["funnel"]["sites"]}
    assert positions["d"] == "below" and positions["a"] == "inside"
