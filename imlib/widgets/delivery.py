"""The reliability explorer: how many stages, how reliable each, and who meets a failure."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from imlib.delivery import STAGES_RANGE, compound_failure, compound_failure_table
from imlib.plotting._common import stepped_limits
from imlib.plotting.delivery import plot_compound_failure
from imlib.widgets._live import figure_function, margins, slider

__all__ = ["RELIABILITY_RATE_RANGE", "draw_reliability", "reliability_explorer"]

#: Range of the explorer's per-stage failure rate slider, as fractions (0.1% to 5%).
RELIABILITY_RATE_RANGE = (0.001, 0.05)


@figure_function(margins(left=0.1, right=0.97, top=0.9, bottom=0.13), figsize=(7, 4))
def draw_reliability(
    ax: plt.Axes, /, *, stages: int = 10, rate: float = 0.01, orders: int = 1000
) -> None:
    """Draw the explorer's figure on a new figure (the explorer's callback body).

    Parameters
    ----------
    stages : int
        Number of stages in the process.
    rate : float
        Failure rate of every stage (a fraction).
    orders : int
        Orders per day, to turn the share into customers.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = draw_reliability(stages=10, rate=0.01)
    >>> fig.axes[0].get_title()
    '10 stages at 1%: 95.6 of every 1,000 orders meet a failure (n × p says 100)'
    """
    share = compound_failure(rate, stages)
    top = max(STAGES_RANGE[1], stages)
    table = compound_failure_table(rates=[rate], stages=list(range(1, top + 1)))
    plot_compound_failure(table, highlight=(stages, rate), ax=ax)
    # Stepped limits: the axis (and the explorer's drawn frame) stays put over a run of moves.
    ax.set_ylim(*stepped_limits(0, 100 * float(table[["exact", "first_order"]].max().max())))
    ax.set_title(
        f"{stages} stages at {100 * rate:.2g}%: {orders * share:.1f} of every {orders:,} orders "
        f"meet a failure (n × p says {orders * stages * rate:.3g})",
        fontsize="medium",
    )


def reliability_explorer(*, stages: int = 10, rate: float = 0.01) -> widgets.Widget:
    """Explore how the number of stages and their error rate drive customers' failures.

    Parameters
    ----------
    stages : int
        Starting number of stages.
    rate : float
        Starting per-stage failure rate (a fraction, e.g. 0.01 for 1%).

    Returns
    -------
    ipywidgets.Widget
        Two sliders (stages; per-stage failure rate in %) and the figure.

    Examples
    --------
    >>> box = reliability_explorer()
    >>> [type(w).__name__ for w in box.children[0].children]
    ['IntSlider', 'FloatSlider']
    """
    low, high = RELIABILITY_RATE_RANGE
    if not low <= rate <= high:
        raise ValueError(
            f"reliability_explorer(): rate must lie in [{low}, {high}] (a fraction); got {rate!r}."
        )
    n = slider("Stages", stages, STAGES_RANGE, kind=widgets.IntSlider, width=None)
    p = slider(
        "Failure rate per stage (%)",
        100 * rate,
        (100 * low, 100 * high),
        step=0.1,
        readout_format=".1f",
    )
    out = draw_reliability.live_figure().follow(
        {"stages": n, "percent": p},
        lambda ax, stages, percent: draw_reliability.__wrapped__(
            ax, stages=stages, rate=percent / 100
        ),
    )
    return widgets.VBox([widgets.VBox([n, p]), out])
