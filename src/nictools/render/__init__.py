"""Pictures of the network's data: the only package that imports matplotlib.

matplotlib is imported inside the functions that draw (Agg backend, object-oriented API,
never pyplot's global state), so commands that do not draw stay fast. Every renderer
returns bytes; the command writes them atomically.
"""
