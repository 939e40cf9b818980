"""Rendering: charts, diagrams and documents drawn from plain data (matplotlib only in here)."""
