"""Interactive explorers: each ``*_explorer`` connects controls to compute and plot.

A callback is compute then plot, nothing else. Slider ranges come from the same constants
the validators use. One module per model; this package re-exports them all.
"""

from imlib.widgets.quality import QUALITY_SHIFT_RANGE, draw_quality_gap, quality_gap_explorer

__all__ = ["QUALITY_SHIFT_RANGE", "draw_quality_gap", "quality_gap_explorer"]
