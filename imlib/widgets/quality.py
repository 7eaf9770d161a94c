"""The quality-gap explorer: managing expectations against raising performance."""

from __future__ import annotations

import functools

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from imlib._validation import require_columns
from imlib.plotting import plot_servqual_profile
from imlib.quality import servqual_gaps, what_if
from imlib.widgets._live import figure_function, margins, slider

__all__ = ["QUALITY_SHIFT_RANGE", "draw_quality_gap", "quality_gap_explorer"]

#: Range of the explorer's what-if sliders, in scale points.
QUALITY_SHIFT_RANGE = (-1.5, 1.5)


# Fixed margins rather than constrained layout: it halves the redraw time of a slider move
# (benchmarks/results.md).
@figure_function(margins(left=0.09, right=0.98, top=0.91, bottom=0.14), figsize=(7, 3.8))
def draw_quality_gap(
    ax: plt.Axes,
    /,
    gaps: pd.DataFrame,
    *,
    group: str,
    by: str = "branch",
    expectation_change: float = 0.0,
    performance_change: float = 0.0,
) -> None:
    """Draw one group's what-if profile on a new figure (the explorer's callback body).

    Examples
    --------
    >>> gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    >>> fig = draw_quality_gap(gaps, group="Harbour", performance_change=0.5)
    >>> fig.axes[0].get_title()
    'Harbour: index 101.1 (E +0.0, P +0.5)'
    """
    rows = gaps[gaps[by] == group]
    if rows.empty:
        raise ValueError(f"draw_quality_gap(): no rows with {by} == {group!r} in gaps.")
    shifted = what_if(
        rows, expectation_change=expectation_change, performance_change=performance_change
    )
    index = 100 * shifted["perceived"].mean() / shifted["expected"].mean()
    plot_servqual_profile(
        shifted,
        ax=ax,
        title=f"{group}: index {index:.1f} (E {expectation_change:+.1f}, "
        f"P {performance_change:+.1f})".replace("-", "−"),
    )


def quality_gap_explorer(
    data: pd.DataFrame, *, by: str = "branch", start: str | None = None
) -> widgets.Widget:
    """Explore what closes a gap more: managing expectations or raising performance.

    Parameters
    ----------
    data : pandas.DataFrame
        A wide SERVQUAL survey (see :func:`imlib.quality.servqual_long`).
    by : str
        The grouping column offered in the drop-down.
    start : str, optional
        The group shown first (the first group in sort order by default).

    Returns
    -------
    ipywidgets.Widget
        A drop-down of groups, two sliders (change in mean expectation and in mean
        perception, in scale points) and the profile figure with the quality index.

    Examples
    --------
    >>> box = quality_gap_explorer(load_dataset("bank_servqual"))
    >>> [type(w).__name__ for w in box.children[0].children]
    ['Dropdown', 'FloatSlider', 'FloatSlider']
    """
    require_columns(data, [by], func="quality_gap_explorer")
    gaps = servqual_gaps(data, by=by)
    groups = sorted(gaps[by].astype(str).unique())
    if start is not None and start not in groups:
        raise ValueError(
            f"quality_gap_explorer(): start must be one of {', '.join(groups)}; got {start!r}."
        )
    group = widgets.Dropdown(options=groups, value=start or groups[0], description=by.capitalize())
    expectations, performance = (
        slider(label, 0.0, QUALITY_SHIFT_RANGE, step=0.1, readout_format="+.1f")
        for label in ("Manage expectations (E)", "Raise performance (P)")
    )
    out = draw_quality_gap.live_figure().follow(
        {"group": group, "expectation_change": expectations, "performance_change": performance},
        functools.partial(draw_quality_gap.__wrapped__, gaps=gaps, by=by),
    )
    return widgets.VBox([widgets.VBox([group, expectations, performance]), out])
