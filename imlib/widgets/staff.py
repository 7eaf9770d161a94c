"""The segmentation explorer: how the cut-offs shape supporters, neutrals and opponents."""

from __future__ import annotations

from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from imlib._validation import require_choice, require_columns
from imlib.plotting.staff import plot_segment_shares
from imlib.staff import CLIMATE_SCALE, SEGMENT_CUTS, internal_segments, segment_shares
from imlib.widgets._live import LiveFigure, new_figure, one_axes, slider

__all__ = ["draw_segmentation", "segmentation_explorer"]

_GROUPINGS = ("department", "role")


def draw_segmentation(
    scores: pd.DataFrame, *, by: str = "department", cuts: Sequence[float] = SEGMENT_CUTS
) -> plt.Figure:
    """Draw the segment shares for one grouping and pair of cut-offs on a new figure.

    Parameters
    ----------
    scores : pandas.DataFrame
        Output of :func:`imlib.staff.climate_scores` (with a ``change_attitude`` column).
    by : str
        The grouping column.
    cuts : (float, float)
        The cut-offs of :func:`imlib.staff.internal_segments`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from imlib.staff import climate_scores
    >>> scores = climate_scores(load_dataset("staff_survey"))
    >>> draw_segmentation(scores, by="role").axes[0].get_title().splitlines()
    ['Attitude to the change by role', 'opponent < 2.5 ≤ neutral ≤ 3.5 < supporter']
    """
    table = segment_shares(internal_segments(scores, cuts=cuts), by=by)
    return new_figure(
        one_axes, _draw, table, figsize=_figsize(table), layout="constrained", by=by, cuts=cuts
    )


def _figsize(table: pd.DataFrame) -> tuple[float, float]:
    return (7.5, 0.5 * len(table) + 2.2)


def _draw(ax: plt.Axes, table: pd.DataFrame, *, by: str, cuts: Sequence[float]) -> None:
    plot_segment_shares(table, by=by, ax=ax)
    ax.set_title(f"{ax.get_title()}\nopponent < {cuts[0]:g} ≤ neutral ≤ {cuts[1]:g} < supporter")


def segmentation_explorer(data: pd.DataFrame, *, by: str = "department") -> widgets.Widget:
    """Explore how the attitude cut-offs change the internal segments of each group.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.staff.climate_scores`.
    by : str
        The grouping shown first: ``"department"`` or ``"role"``.

    Returns
    -------
    ipywidgets.Widget
        A grouping drop-down, a range slider for the two cut-offs (on the 1-5 scale) and
        the stacked-bar figure.

    Examples
    --------
    >>> from imlib.staff import climate_scores
    >>> scores = climate_scores(load_dataset("staff_survey"))
    >>> box = segmentation_explorer(scores)
    >>> [type(w).__name__ for w in box.children[0].children]
    ['Dropdown', 'FloatRangeSlider']
    """
    func = "segmentation_explorer"
    require_choice(by, _GROUPINGS, func=func, name="by")
    require_columns(data, ["change_attitude", *_GROUPINGS], func=func)
    grouping = widgets.Dropdown(options=list(_GROUPINGS), value=by, description="Group by")
    cuts = slider(
        "Neutral band",
        SEGMENT_CUTS,
        CLIMATE_SCALE,
        step=0.25,
        kind=widgets.FloatRangeSlider,
        readout_format=".2f",
    )
    # The layout depends on the grouping alone (its labels and bars), not on the cut-offs.
    live = LiveFigure(one_axes, figsize=(7.5, 5), layout="constrained", layout_by=["by"])

    def draw(ax: plt.Axes, by: str, cuts: tuple[float, float]) -> None:
        table = segment_shares(internal_segments(data, cuts=cuts), by=by)
        live.figure.set_size_inches(_figsize(table))
        _draw(ax, table, by=by, cuts=cuts)

    out = live.follow({"by": grouping, "cuts": cuts}, draw)
    return widgets.VBox([widgets.HBox([grouping, cuts]), out])
