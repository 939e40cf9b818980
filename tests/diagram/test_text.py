"""Text measuring and wrapping, and the width table against the real fonts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nictools.diagram.text import text_width, wrap_text


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=0, max_size=200), width=st.floats(40, 400), bold=st.booleans())
def test_wrapped_lines_fit_and_keep_every_word(text: str, width: float, bold: bool) -> None:
    lines = wrap_text(text, width, 12.0, bold)
    assert lines
    for line in lines:
        assert text_width(line, 12.0, bold) <= width + 1e-9 or len(line) == 1
    assert "".join(lines).replace(" ", "") == "".join(text.split())


def test_wide_and_combining_characters() -> None:
    assert text_width("中文", 10) == pytest.approx(20)
    assert text_width("e\u0301", 10) == text_width("e", 10)


@pytest.mark.parametrize("bold", [False, True])
def test_table_matches_the_font_matplotlib_draws_with(bold: bool) -> None:
    pytest.importorskip("matplotlib")
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    sample = "Écoute active — 'Ça va?' check-ins für alle: Weekly huddle (ñ, ß, ø) 0123456789"
    prop = FontProperties(family="DejaVu Sans", size=12, weight="bold" if bold else "normal")
    real = TextToPath().get_text_width_height_descent(sample, prop, ismath=False)[0]  # points = pixels
    ours = text_width(sample, 12.0, bold)
    assert real <= ours + 0.5  # never narrower than the font draws
    assert ours <= real * 1.03
