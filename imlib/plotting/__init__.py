"""Figures for the kit's models. Each ``plot_*`` draws on one Axes and returns it.

Plot functions take the tidy frames the compute functions return (for example
:func:`imlib.quality.servqual_gaps`), use only ``ax.*`` once they have an Axes, and pass
``**kwargs`` on to the main artist. Colours come from one colour-blind-safe palette,
:data:`PALETTE`. One module per model; this package re-exports them all.
"""

from imlib.plotting._style import PALETTE
from imlib.plotting.quality import (
    plot_dimension_gaps,
    plot_servqual_profile,
    plot_zones_of_tolerance,
)

__all__ = [
    "PALETTE",
    "plot_dimension_gaps",
    "plot_servqual_profile",
    "plot_zones_of_tolerance",
]
