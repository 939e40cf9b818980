"""Measurement for improvement in the network: from data files to charts that can be drawn.

The statistics live in :mod:`nictools.analysis` (numbers in, numbers out). This package
knows the network: which rows of a site's CSV make a series (``series``), how the network
aggregate is formed, and what a chart of a measure at a site carries besides numbers:
phases with reasons, definition changes, the frozen baseline, PDSA cycles, the goal line
(``charts``), and a plain-words summary of the signals (``summary``). Drawing is
:mod:`nictools.render.charts`.
"""
