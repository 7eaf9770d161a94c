"""The service-profit chain explorer: an ISQ change and chosen elasticities in, the chain out.

It is a simulation: the elasticities are the student's assumptions, not estimates.
"""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from imlib._validation import require_columns
from imlib.plotting.profitchain import plot_propagation
from imlib.profitchain import ELASTICITY_RANGE, ISQ_CHANGE_RANGE, WHAT_IF_PATH, propagate
from imlib.widgets._live import figure_function, margins, slider

__all__ = ["DEFAULT_ELASTICITIES", "chain_baseline", "draw_chain_what_if", "profitchain_explorer"]

#: Starting elasticities of the explorer (an assumption to change, not a finding).
DEFAULT_ELASTICITIES: dict[tuple[str, str], float] = {
    ("isq", "climate"): 0.6,
    ("climate", "esq"): 0.3,
    ("esq", "customer_retention_pct"): 0.1,
    ("customer_retention_pct", "profit_per_customer"): 4.0,
}


def chain_baseline(table: pd.DataFrame, *, branch: str | None = None) -> dict[str, float]:
    """Return the mean of each what-if measure, for one branch or for all branches.

    Examples
    --------
    >>> from imlib import load_dataset
    >>> from imlib.profitchain import chain_table
    >>> names = ["branch_isq", "branch_people", "branch_tracker", "branch_money"]
    >>> t = chain_table(*map(load_dataset, names))
    >>> list(chain_baseline(t, branch="Riverside"))[:2]
    ['isq', 'climate']
    """
    require_columns(table, ["branch", *WHAT_IF_PATH], func="chain_baseline")
    rows = table if branch is None else table[table["branch"] == branch]
    if rows.empty:
        raise ValueError(f"chain_baseline(): no rows with branch == {branch!r} in table.")
    return {m: float(rows[m].mean()) for m in WHAT_IF_PATH}


@figure_function(margins(left=0.1, right=0.98, top=0.86, bottom=0.2), figsize=(8, 3.8))
def draw_chain_what_if(
    ax: plt.Axes,
    /,
    baseline: dict[str, float],
    *,
    isq_change_pct: float,
    elasticities: dict[tuple[str, str], float],
    title: str = "",
) -> None:
    """Draw the what-if on a new figure (the explorer's callback body).

    Examples
    --------
    >>> base = {
    ...     "isq": 4.5,
    ...     "climate": 3.2,
    ...     "esq": 5.6,
    ...     "customer_retention_pct": 96.0,
    ...     "profit_per_customer": 10.0,
    ... }
    >>> fig = draw_chain_what_if(base, isq_change_pct=10, elasticities=DEFAULT_ELASTICITIES)
    >>> len(fig.axes[0].patches)
    5
    """
    result = propagate(baseline, isq_change_pct=isq_change_pct, elasticities=elasticities)
    plot_propagation(result, ax=ax)
    if title:
        ax.set_title(f"{title}: what-if (a simulation, not an estimate)")


def profitchain_explorer(table: pd.DataFrame) -> widgets.Widget:
    """Explore how an ISQ change might travel down the chain under elasticities you choose.

    Parameters
    ----------
    table : pandas.DataFrame
        A chain table (:func:`imlib.profitchain.chain_table`).

    Returns
    -------
    ipywidgets.Widget
        A branch drop-down, an ISQ-change slider (%), four elasticity sliders and the
        what-if figure.

    Examples
    --------
    >>> from imlib import load_dataset
    >>> from imlib.profitchain import chain_table
    >>> names = ["branch_isq", "branch_people", "branch_tracker", "branch_money"]
    >>> t = chain_table(*map(load_dataset, names))
    >>> box = profitchain_explorer(t)
    >>> len(box.children)
    3
    """
    require_columns(table, ["branch", *WHAT_IF_PATH], func="profitchain_explorer")
    branches = ["all branches", *sorted(table["branch"].unique())]
    branch = widgets.Dropdown(options=branches, value="all branches", description="Branch")
    change = slider(
        "ISQ change %",
        10.0,
        (ISQ_CHANGE_RANGE[0] / 2, ISQ_CHANGE_RANGE[1] / 2),
        step=1.0,
        label_width="110px",
        width=None,
    )
    sliders = {
        (cause, effect): slider(
            f"{cause}->{effect}"[:28],
            value,
            ELASTICITY_RANGE if effect == "profit_per_customer" else (-2.0, 2.0),
            step=0.05,
            label_width="190px",
            width="460px",
        )
        for (cause, effect), value in DEFAULT_ELASTICITIES.items()
    }
    names = {f"e{i}": s for i, s in enumerate(sliders.values())}
    baselines = {name: chain_baseline(table, branch=name) for name in branches[1:]}
    baselines["all branches"] = chain_baseline(table)

    def draw(ax: plt.Axes, branch: str, isq_change_pct: float, **es: float) -> None:
        chosen = {pair: es[f"e{i}"] for i, pair in enumerate(sliders)}
        what_if = draw_chain_what_if.__wrapped__
        what_if(
            ax, baselines[branch], isq_change_pct=isq_change_pct, elasticities=chosen, title=branch
        )

    out = draw_chain_what_if.live_figure().follow(
        {"branch": branch, "isq_change_pct": change, **names}, draw
    )
    controls = widgets.VBox([branch, change, *sliders.values()])
    note = widgets.HTML(
        "<b>A simulation:</b> the elasticities are your assumptions; Heskett et al. (1994) "
        "give none. Change them and see which assumption drives the profit figure."
    )
    return widgets.VBox([note, controls, out])
