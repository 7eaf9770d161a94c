"""Interactive explorers: each ``*_explorer`` connects controls to compute and plot.

A callback is compute then plot, nothing else. Slider ranges come from the same constants
the validators use. Each explorer redraws one figure in place and shows it as one PNG in one
output area (:mod:`imlib.widgets._live`); its ``draw_*`` function draws the same view on a
new figure. One module per model; this package re-exports them all.
"""

from imlib.widgets.delivery import (
    RELIABILITY_RATE_RANGE,
    draw_reliability,
    reliability_explorer,
)
from imlib.widgets.loyalty import (
    CUT_RANGE,
    RETENTION_SLIDER_RANGE,
    draw_retention_economics,
    retention_explorer,
)
from imlib.widgets.markets import draw_six_markets, six_markets_explorer
from imlib.widgets.programme import ProgrammePlanner, plan_preview_html, programme_planner
from imlib.widgets.quality import QUALITY_SHIFT_RANGE, draw_quality_gap, quality_gap_explorer
from imlib.widgets.spc import PHASE1_RANGE, control_chart_explorer, draw_control_chart
from imlib.widgets.staff import draw_segmentation, segmentation_explorer

__all__ = [
    # relationship marketing
    "CUT_RANGE",
    "RETENTION_SLIDER_RANGE",
    "draw_retention_economics",
    "draw_six_markets",
    "retention_explorer",
    "six_markets_explorer",
    "QUALITY_SHIFT_RANGE",
    "draw_quality_gap",
    "quality_gap_explorer",
    "draw_segmentation",
    "segmentation_explorer",
    "ProgrammePlanner",
    "programme_planner",
    "plan_preview_html",
    # service delivery
    "RELIABILITY_RATE_RANGE",
    "draw_reliability",
    "reliability_explorer",
    "PHASE1_RANGE",
    "control_chart_explorer",
    "draw_control_chart",
]
