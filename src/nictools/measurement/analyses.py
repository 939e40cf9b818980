"""Every analysis of a network as of a date, computed once and shared by every view.

:class:`Analyses` is the one door through which commands reach a site's (or the
network's) chart and assessment of a measure: ``nic status``, ``nic report`` (tiles,
site pages, evidence cards, agenda), ``nic compare``, ``nic export`` and the diagram's
overlay ask it, so a report that shows Lincoln's ATT-90 in four places computes it once
and says the same thing in all four.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nictools.errors import NicError
from nictools.measurement.assessment import Assessment
from nictools.measurement.charts import ChartOptions, MeasureChart, chart_network, chart_site, sites_with_data
from nictools.measurement.strata import StrataCharts, chart_strata, strata_in
from nictools.model.network import Network


class Analyses:
    """The network's measure charts as of ``as_of``, each computed on first use."""

    def __init__(self, network: Network, as_of: dt.date) -> None:
        self.network = network
        self.as_of = as_of
        self._sites: dict[tuple[str, str], tuple[MeasureChart | None, str | None]] = {}
        self._network: dict[tuple[str, tuple[str, ...] | None], tuple[MeasureChart | None, str | None]] = {}
        self._strata: dict[tuple[str, str], StrataCharts | None] = {}

    def site_chart(self, measure: str, site: str) -> MeasureChart | None:
        """The site's chart of the measure, or None when it has no usable data (see :meth:`why_not`)."""
        key = (measure, site)
        if key not in self._sites:
            if (site, measure) not in self.network.data:
                self._sites[key] = (None, "no data")
            else:
                try:
                    self._sites[key] = (chart_site(self.network, measure, site, ChartOptions(), self.as_of), None)
                except NicError as exc:
                    self._sites[key] = (None, exc.message)
        return self._sites[key][0]

    def why_not(self, measure: str, site: str) -> str | None:
        """Why :meth:`site_chart` gave None (no data, or the file's problem)."""
        self.site_chart(measure, site)
        return self._sites[(measure, site)][1]

    def site(self, measure: str, site: str) -> Assessment | None:
        chart = self.site_chart(measure, site)
        return chart.assessment if chart is not None else None

    def network_chart(self, measure: str, sites: Sequence[str] | None = None) -> MeasureChart | None:
        """The network aggregate (``sites``: which sites count; default every site with data)."""
        key = (measure, tuple(sorted(sites)) if sites is not None else None)
        if key not in self._network:
            try:
                self._network[key] = (chart_network(self.network, measure, ChartOptions(), self.as_of, sites), None)
            except NicError as exc:
                self._network[key] = (None, exc.message)
        return self._network[key][0]

    def strata(self, measure: str, site: str) -> StrataCharts | None:
        """The site's strata of the measure beside its whole chart, or None (no stratum rows, or no chart)."""
        key = (measure, site)
        if key not in self._strata:
            total = self.site_chart(measure, site)
            table = self.network.data.get((site, measure))
            found = None
            if total is not None and table is not None and strata_in(table, self.as_of):
                try:
                    found = chart_strata(self.network, measure, site, ChartOptions(), self.as_of, total=total)
                except NicError:
                    found = None
            self._strata[key] = found
        return self._strata[key]

    def sites_with_data(self, measure: str, *, include_withdrawn: bool = True) -> list[str]:
        return sites_with_data(self.network, measure, include_withdrawn=include_withdrawn)


__all__ = ["Analyses"]
