"""nictools: tools for networked improvement communities.

Importing the package stays cheap: it holds the version and the project's names only,
so `nic --version` pulls in neither matplotlib, git nor numpy.

The distribution on the Python package index is `nic-toolkit` (`pip install nic-toolkit`);
`nictools` there is an unrelated astronomy package. The import package stays `nictools`
and the command stays `nic`.
"""

__version__ = "0.1.0"

DISTRIBUTION = "nic-toolkit"
"""What `pip install` takes."""

REPOSITORY = "https://github.com/nictools/nictools"
"""The project's repository: the GitHub Action (`nictools/nictools@v0`) and the pre-commit hook live here."""
