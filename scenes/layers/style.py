"""What the 2-D layers share: the picture's margin and colours that read on any background."""

from __future__ import annotations

import pyvista as pv

MARGIN = 0.05  # of the picture's width or height: nothing drawn in 2-D closer to the edge


def type_height(w: float, h: float) -> float:
    """The height text is sized from: the picture's, or a 16:9 picture's of the same width when
    it is narrower. Sized from the height alone, the heading and an upper-right legend took more
    than the width of the window's view beside its docks (about 4:3) and ran into each other."""
    return min(h, w * 9 / 16)


def rgb(color) -> tuple[float, float, float]:
    return tuple(pv.Color(color).float_rgb)


def luminance(c) -> float:
    """Relative luminance (WCAG) of an sRGB colour in 0..1."""
    lin = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    lo, hi = sorted((luminance(rgb(a)), luminance(rgb(b))))
    return (hi + 0.05) / (lo + 0.05)


def ink_for(background) -> tuple[float, float, float]:
    """Near-black text on light backgrounds, near-white on dark ones."""
    return (0.08, 0.08, 0.1) if luminance(background) > 0.18 else (0.96, 0.96, 0.94)


def paper_for(background) -> tuple[float, float, float]:
    """The fill behind a label: a touch lighter or darker than the background, never the same."""
    return (1.0, 1.0, 1.0) if luminance(background) > 0.18 else (0.12, 0.12, 0.14)
