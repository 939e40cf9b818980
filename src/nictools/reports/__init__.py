"""Reports as plain data, before any formatting or rendering.

History reports (`nic status`, `log`, `diff`, `compare`): `status.py`, `timeline.py`,
`changes.py`, `compare.py`. The convening report (`nic report`):

* `model.py`    -- the report's dataclasses and their JSON shape;
* `privacy.py`  -- small-cell masking (every count that leaves the network goes through it);
* `series.py`   -- a measure's series at a site or across the network, analysed and classified;
* `activity.py` -- what the files (and, when available, the git history) say happened when;
* `evidence.py` -- change-idea evidence cards and the careful words they use;
* `build.py`    -- `build_report(network, options)`: every section assembled.

Rendering lives in `nictools.render` (HTML, Markdown); nothing here draws or prints.
"""
