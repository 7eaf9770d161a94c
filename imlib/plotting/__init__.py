"""Figures for the kit's models. Each ``plot_*`` draws on one Axes and returns it.

Plot functions take the tidy frames the compute functions return (for example
:func:`imlib.quality.servqual_gaps`), use only ``ax.*`` once they have an Axes, and pass
``**kwargs`` on to the main artist. Colours come from one colour-blind-safe palette,
:data:`PALETTE`. Each also records what the figure shows (its title and the finding) with
:func:`describe`, the alt text that saved PNGs and the course site carry. One module per
model; this package re-exports them all.
"""

from imlib.plotting._alt import alt_text, describe
from imlib.plotting._style import PALETTE
from imlib.plotting.delivery import (
    plot_blueprint,
    plot_compound_failure,
    plot_fishbone,
    plot_pareto,
    plot_stage_rates,
)
from imlib.plotting.loyalty import plot_clv_curve, plot_cohort_profit, plot_ladder_projection
from imlib.plotting.markets import (
    plot_emphasis_gaps,
    plot_emphasis_radar,
    plot_importance_performance,
)
from imlib.plotting.quality import (
    plot_dimension_gaps,
    plot_servqual_profile,
    plot_zones_of_tolerance,
)
from imlib.plotting.spc import plot_control_chart, plot_taguchi_loss
from imlib.plotting.staff import (
    plot_climate_profile,
    plot_enps,
    plot_internal_service,
    plot_segment_shares,
)

__all__ = [
    "PALETTE",
    "alt_text",
    "describe",
    # relationship marketing
    "plot_clv_curve",
    "plot_cohort_profit",
    "plot_emphasis_gaps",
    "plot_emphasis_radar",
    "plot_importance_performance",
    "plot_ladder_projection",
    "plot_dimension_gaps",
    "plot_servqual_profile",
    "plot_zones_of_tolerance",
    "plot_climate_profile",
    "plot_enps",
    "plot_internal_service",
    "plot_segment_shares",
    # service delivery
    "plot_blueprint",
    "plot_compound_failure",
    "plot_fishbone",
    "plot_pareto",
    "plot_stage_rates",
    "plot_control_chart",
    "plot_taguchi_loss",
]
