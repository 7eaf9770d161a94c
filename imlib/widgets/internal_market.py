"""The internal service explorer: how each group of internal customers rates its suppliers."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from imlib._validation import require_choice, require_columns
from imlib.plotting.staff import plot_internal_service
from imlib.staff import ISQ_SCALE, internal_service_quality
from imlib.widgets._live import figure_function, margins, slider

__all__ = ["ISQ_GROUPINGS", "draw_internal_service", "internal_service_explorer"]

#: How the raters can be split: not at all, by role or by their own department.
ISQ_GROUPINGS: tuple[str, ...] = ("everyone", "role", "department")


#: The figure's margins (fractions of its 8 x 4.2 inches), fixed: a layout engine took a
#: third of a move's time to find the same ones for every grouping and cut-off.
_MARGINS = {"left": 0.054, "right": 0.995, "bottom": 0.115, "top": 0.9}


def _poor_line(survey: pd.DataFrame, poor_max: float) -> str:
    table = internal_service_quality(survey, poor_max=poor_max)
    shares = ", ".join(
        f"{name} {100 * share:.0f}%"
        for name, share in zip(table["supplier_department"], table["poor_share"], strict=True)
    )
    return f"ratings ≤ {poor_max:g}: {shares}"


@figure_function(margins(**_MARGINS), figsize=(8, 4.2))
def draw_internal_service(
    ax: plt.Axes, /, survey: pd.DataFrame, *, by: str = "role", poor_max: float = 3.0
) -> None:
    """Draw every supplier's mean rating, split by the raters' group, on a new figure.

    Parameters
    ----------
    survey : pandas.DataFrame
        The ``staff_survey`` data (``supplier_department``, ``isq_rating`` and the grouping).
    by : str
        One of :data:`ISQ_GROUPINGS`; ``"everyone"`` draws one bar per supplier.
    poor_max : float
        Ratings at or below this count as poor; their share per supplier is the subtitle.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = draw_internal_service(load_dataset("staff_survey"), by="everyone", poor_max=2)
    >>> fig.axes[0].get_title().splitlines()[1].startswith("ratings ≤ 2:")
    True
    """
    func = "draw_internal_service"
    require_choice(by, ISQ_GROUPINGS, func=func, name="by")
    if isinstance(poor_max, bool) or not isinstance(poor_max, int | float):
        raise TypeError(f"{func}(): poor_max must be a number; got {poor_max!r}.")
    if not ISQ_SCALE[0] <= poor_max < ISQ_SCALE[1]:
        raise ValueError(
            f"{func}(): poor_max must lie in [{ISQ_SCALE[0]:g}, {ISQ_SCALE[1]:g}); got {poor_max}."
        )
    _draw(ax, *_tables(survey, by, poor_max))


def _tables(survey: pd.DataFrame, by: str, poor_max: float) -> tuple[pd.DataFrame, str | None, str]:
    """What the figure shows: the ratings per supplier (and group), the group, the subtitle."""
    group = None if by == "everyone" else by
    table = internal_service_quality(survey, by=group, poor_max=poor_max)
    return table, group, _poor_line(survey, poor_max)


def _draw(ax: plt.Axes, table: pd.DataFrame, group: str | None, poor_line: str) -> None:
    plot_internal_service(table, by=group, ax=ax)
    ax.set_title(f"{ax.get_title()}\n{poor_line}", fontsize=10)


def internal_service_explorer(survey: pd.DataFrame, *, by: str = "role") -> widgets.Widget:
    """Explore who rates which internal supplier how, and what counts as a poor rating.

    Parameters
    ----------
    survey : pandas.DataFrame
        The ``staff_survey`` data.
    by : str
        The grouping shown first, one of :data:`ISQ_GROUPINGS`.

    Returns
    -------
    ipywidgets.Widget
        A grouping drop-down, a slider for the highest rating that counts as poor, and the
        bar chart of :func:`draw_internal_service`.

    Examples
    --------
    >>> box = internal_service_explorer(load_dataset("staff_survey"))
    >>> [type(w).__name__ for w in box.children[0].children]
    ['Dropdown', 'IntSlider']
    """
    func = "internal_service_explorer"
    require_choice(by, ISQ_GROUPINGS, func=func, name="by")
    require_columns(survey, ["supplier_department", "isq_rating", "role", "department"], func=func)
    grouping = widgets.Dropdown(options=list(ISQ_GROUPINGS), value=by, description="Raters")
    poor = slider(
        "Poor if ≤",
        3,
        (int(ISQ_SCALE[0]), int(ISQ_SCALE[1]) - 1),
        step=1,
        kind=widgets.IntSlider,
        label_width=None,
        width=None,
    )
    shown: dict[tuple[str, int], tuple] = {}  # the tables of each state met so far

    def draw(ax: plt.Axes, by: str, poor_max: int) -> None:
        if (by, poor_max) not in shown:
            shown[by, poor_max] = _tables(survey, by, poor_max)
        _draw(ax, *shown[by, poor_max])

    live = draw_internal_service.live_figure()
    out = live.follow({"by": grouping, "poor_max": poor}, draw)
    return widgets.VBox([widgets.HBox([grouping, poor]), out])
