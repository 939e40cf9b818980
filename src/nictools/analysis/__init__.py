"""Statistical process control for improvement measures: numbers in, numbers out.

The rules are those of the R package qicharts2 0.8.1 (Anhøj), restated in
``shared/reference/spc-rules.md``; the IHI run-chart rules are offered as a named
alternative. No plotting here: a renderer reads a :class:`~nictools.analysis.spc.ChartResult`.

Modules, one concept each:

* ``prepare`` -- rows to subgroups (one point per period), the complete-case rule.
* ``limits``  -- centre line and control limits per chart type.
* ``runs``    -- runs analysis: Anhøj rules, IHI rules and their limit tables.
* ``spc``     -- :func:`~nictools.analysis.spc.analyse`, parts/freeze/exclude, the result.
* ``rmath``   -- sums and means computed the way R computes them, so that points
  exactly on the centre line are recognised exactly as qicharts2 recognises them.
"""
