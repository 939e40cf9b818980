"""Package metadata a user sees on the package index: the name, project URLs, classifiers, README links.

The built wheel and sdist are checked by .ci/check_dist.py (run by .ci/run and the release workflow);
these tests read pyproject.toml and README.md, so they fail before anything is built.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from nictools import DISTRIBUTION, REPOSITORY

PROJECT = Path(__file__).resolve().parents[1]
META = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_the_distribution_name_urls_and_classifiers() -> None:
    assert META["name"] == DISTRIBUTION == "nic-toolkit"
    assert META["scripts"] == {"nic": "nictools.cli.start:run"}  # (the result cache first: nictools.cli.start)
    assert {"Homepage", "Repository", "Issues", "Changelog", "Documentation"} <= set(META["urls"])
    assert all(url.startswith(REPOSITORY) for url in META["urls"].values())
    # a classifier for each Python version CI runs (.ci/run: the machine's Python 3.11), no other
    versions = {c.rsplit(" :: ", 1)[1] for c in META["classifiers"] if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)}
    assert versions == {"3.11"} and META["requires-python"] == ">=3.11"


def test_readme_links_work_on_the_package_index() -> None:
    """The index shows README.md without the repository around it: relative links and images break."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", readme) + re.findall(r"<(https?://[^>]+)>", readme)
    assert targets
    for target in targets:
        assert target.startswith(("https://", "http://")), f"relative link in README.md: {target}"
        # a link into the repository names a file that exists in it
        inside = re.match(r"https://(?:github\.com/nictools/nictools/(?:blob|tree)|raw\.githubusercontent\.com/"
                          r"nictools/nictools)/main/([^#]+)", target)
        if inside:
            assert (PROJECT / inside.group(1)).exists(), target
