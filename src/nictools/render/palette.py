"""The one palette of every chart nic draws (matplotlib and hand-written SVG alike).

NHS "Making Data Count" colours in a colour-blind-safe pair: blue for a signal in the
direction of improvement, orange for concern, purple for a signal with no direction,
grey for common-cause variation. Both drawers import these names, so a point has the
same colour in `nic chart --out x.png` and in the report.
"""

from __future__ import annotations

IMPROVEMENT = "#1f5fbf"
CONCERN = "#c25400"
NEITHER = "#6a3d9a"
COMMON = "#8c8c8c"  # points without a signal
LINE = "#9a9a9a"  # the line joining the points
CENTRE = "#222222"
LIMIT = "#666666"
GOAL = "#1b7f3b"
PHASE = "#4d4d4d"
BASELINE = "#7f7f7f"
CYCLE = "#3b2a6b"
CYCLE_SPAN = "#d9d2e9"
NOTE = "#555555"
#: A PDSA decision's marker: adopt green (the goal's colour: kept), adapt purple (the cycles'), abandon grey.
DECISION = {"adopt": "#1b7f3b", "adapt": "#3b2a6b", "abandon": "#6b6b6b"}

#: A signal kind (measurement.charts.MeasureChart.kinds) -> its colour.
SIGNAL = {"improvement": IMPROVEMENT, "concern": CONCERN, "neither": NEITHER}
