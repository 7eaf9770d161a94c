"""The control chart explorer: one stage's p-chart, its baseline and its run rules."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from imlib._validation import require_columns
from imlib.plotting._common import stepped_limits
from imlib.plotting.spc import plot_control_chart
from imlib.spc import MIN_PHASE1, NELSON_RUN_LENGTH, RUN_LENGTH, p_chart
from imlib.widgets._live import figure_function, margins, slider

__all__ = ["PHASE1_RANGE", "control_chart_explorer", "draw_control_chart"]

#: Range of the explorer's baseline slider (days in Phase I).
PHASE1_RANGE = (MIN_PHASE1, 150)


@figure_function(margins(left=0.09, right=0.98, top=0.76, bottom=0.16), figsize=(8, 5))
def draw_control_chart(
    ax: plt.Axes,
    /,
    log: pd.DataFrame,
    *,
    stage: str,
    phase1: int | None = 56,
    run_length: int = RUN_LENGTH,
    stage_col: str = "stage",
    date_col: str = "date",
) -> None:
    """Draw one stage's p-chart on a new figure (the explorer's callback body).

    Examples
    --------
    >>> log = load_dataset("service_process_log")
    >>> fig = draw_control_chart(log, stage="payment")
    >>> fig.axes[0].get_title()
    'payment: p-chart, 5 point(s) signal'
    """
    rows = log[log[stage_col] == stage].reset_index(drop=True)
    if rows.empty:
        raise ValueError(f"draw_control_chart(): no rows with {stage_col} == {stage!r} in log.")
    chart = p_chart(rows, phase1=phase1, run_length=run_length)
    plot_control_chart(
        chart,
        x_col=date_col,
        ax=ax,
        title=f"{stage}: p-chart, {int(chart['signal'].sum())} point(s) signal",
    )
    # Stepped limits: the axis (and the explorer's drawn frame) stays put over a run of moves;
    # a little room under zero keeps a day without errors visible.
    top = stepped_limits(0, 100 * float(chart[["p", "ucl"]].max().max()))[1]
    ax.set_ylim(-0.04 * top, top)


def control_chart_explorer(
    log: pd.DataFrame, *, stage: str = "picking", stage_col: str = "stage"
) -> widgets.Widget:
    """Explore p-charts of a process log: pick a stage, a baseline length and rule 4's run.

    Parameters
    ----------
    log : pandas.DataFrame
        A process log (see ``service_process_log``).
    stage : str
        The stage shown first.
    stage_col : str
        The stage column.

    Returns
    -------
    ipywidgets.Widget
        A stage drop-down, a Phase I slider (days), a run-length toggle (8 Western
        Electric, 9 Nelson) and the chart.

    Examples
    --------
    >>> box = control_chart_explorer(load_dataset("service_process_log"))
    >>> [type(w).__name__ for w in box.children[0].children]
    ['Dropdown', 'IntSlider', 'ToggleButtons']
    """
    require_columns(log, [stage_col], func="control_chart_explorer")
    stages = list(pd.unique(log[stage_col]))
    if stage not in stages:
        raise ValueError(
            f"control_chart_explorer(): stage must be one of {', '.join(stages)}; got {stage!r}."
        )
    pick = widgets.Dropdown(options=stages, value=stage, description="Stage")
    days = slider(
        "Baseline (Phase I days)",
        56,
        (PHASE1_RANGE[0], min(PHASE1_RANGE[1], int((log[stage_col] == stage).sum()))),
        kind=widgets.IntSlider,
    )
    run = widgets.ToggleButtons(
        options=[("8 (Western Electric)", RUN_LENGTH), ("9 (Nelson)", NELSON_RUN_LENGTH)],
        value=RUN_LENGTH,
        description="Rule 4 run",
        style={"description_width": "initial"},
    )
    by_stage = {
        name: rows.reset_index(drop=True)
        for name, rows in log.groupby(stage_col, observed=True, sort=False)
    }

    def draw(ax: plt.Axes, stage: str, **rules: int) -> None:  # one stage's rows, cut once
        draw_control_chart.__wrapped__(
            ax, by_stage[stage], stage=stage, stage_col=stage_col, **rules
        )

    out = draw_control_chart.live_figure().follow(
        {"stage": pick, "phase1": days, "run_length": run}, draw
    )
    return widgets.VBox([widgets.VBox([pick, days, run]), out])
