"""Bytes to data, with positions, never raising on user bytes: every problem in a
file becomes a located `Problem` and the other files are still read."""
