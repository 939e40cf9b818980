"""nictools: tools for networked improvement communities.

Importing the package stays cheap: it holds the version only, so `nic --version`
pulls in neither matplotlib, git nor numpy.
"""

__version__ = "0.1.0"
