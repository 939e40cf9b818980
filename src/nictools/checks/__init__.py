"""Checks over a loaded network. Each family lives in its own module; the registry
holds every code, name, severity and hint so docs and formatters share one source."""
