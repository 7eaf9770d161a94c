"""Figures for the ladder of loyalty and retention economics."""

from __future__ import annotations

import functools
from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from imlib._validation import require_columns, require_number
from imlib.loyalty import LADDER_RUNGS, LOST, RETENTION_RANGE, clv
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS
from imlib.plotting._style import PALETTE

__all__ = ["plot_clv_curve", "plot_cohort_profit", "plot_ladder_projection"]

_RUNG_COLOURS = dict(
    zip(LADDER_RUNGS + (LOST,), PALETTE[4:5] + PALETTE[:4] + PALETTE[5:6] + ("0.75",), strict=False)
)


@PLOT_DOCS
def plot_ladder_projection(
    data: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None, **kwargs
) -> Axes:
    """Stacked areas: the share of a cohort on each rung (and lost) period by period.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.loyalty.ladder_projection`: ``period`` and one column
        per state.
    %(ax)s
    title : str, optional
        The figure title.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.stackplot`.

    %(returns_ax_examples)s
    >>> from imlib.loyalty import ladder_projection, transition_matrix
    >>> P = transition_matrix(load_dataset("customer_cohort"))
    >>> ax = plot_ladder_projection(ladder_projection({"purchaser": 1}, P, periods=8))
    >>> ax.get_ylabel()
    'Share of the starting cohort (%)'
    """
    func = "plot_ladder_projection"
    require_columns(data, ["period"], func=func)
    states = [c for c in data.columns if c != "period"]
    if not states:
        raise ValueError(f"{func}(): data has no state columns besides 'period'.")
    if ax is None:
        ax = plt.gca()
    ordered = [s for s in states if s != LOST] + ([LOST] if LOST in states else [])
    colours = [_RUNG_COLOURS.get(s, PALETTE[k % len(PALETTE)]) for k, s in enumerate(ordered)]
    ax.stackplot(
        data["period"],
        *[100 * data[s].to_numpy(dtype=float) for s in ordered],
        labels=[s.capitalize() for s in ordered],
        colors=colours,
        alpha=0.9,
        **kwargs,
    )
    ax.set_xlim(data["period"].min(), data["period"].max())
    ax.set_ylim(0, 100)
    ax.set(
        xlabel="Years after joining",
        ylabel="Share of the starting cohort (%)",
        title=title or "Projected movement of a cohort on the ladder of loyalty",
    )
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1], labels[::-1], fontsize="small", loc="center left", bbox_to_anchor=(1.01, 0.5)
    )
    last = data.iloc[-1]
    shares = ", ".join(f"{s} {100 * float(last[s]):.0f}%" for s in ordered)
    return describe(
        ax,
        f"after {last['period']} years the cohort is: {shares}",
        what="Stacked area chart",
    )


@functools.lru_cache(maxsize=256)
def _clv_curve(margin: float, discount_rate: float, horizon: int | None, r_max: float) -> tuple:
    """CLV on the curve's 96 retention rates (cached: an explorer redraws the same curves)."""
    grid = np.linspace(RETENTION_RANGE[0], r_max, 96)
    last = clv(margin, retention=float(grid[-1]), discount_rate=discount_rate, horizon=horizon)
    if horizon is None:  # clv's closed form on the whole grid at once (checked by the call above)
        values = margin * grid / (1 + discount_rate - grid)
        return (*map(float, values[:-1]), last)
    return tuple(
        clv(margin, retention=float(r), discount_rate=discount_rate, horizon=horizon) for r in grid
    )


@PLOT_DOCS
def plot_clv_curve(
    *,
    margin: float,
    discount_rates: Sequence[float] = (0.0, 0.05, 0.10, 0.15),
    horizon: int | None = None,
    retention: float | None = None,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """CLV against the retention rate, one curve per discount rate.

    Parameters
    ----------
    margin : float
        Margin per customer per period.
    discount_rates : sequence of float
        One curve per discount rate.
    horizon : int, optional
        Finite horizon in periods; None for an infinite horizon.
    retention : float, optional
        Mark this retention rate on every curve.
    %(ax)s
    %(kwargs_plot)s

    %(returns_ax_examples)s
    >>> ax = plot_clv_curve(margin=100, retention=0.8)
    >>> ax.get_legend_handles_labels()[1]
    ['discount 0%', 'discount 5%', 'discount 10%', 'discount 15%']
    >>> plot_clv_curve(margin=100, retention=80)
    Traceback (most recent call last):
    ...
    ValueError: plot_clv_curve(): argument 'retention' must lie in [0, 0.95]; got 80.
    """
    func = "plot_clv_curve"
    r_max = 0.95
    m = require_number(margin, func=func, name="margin")
    if retention is not None:
        retention = require_number(retention, func=func, name="retention", low=0, high=r_max)
    if ax is None:
        ax = plt.gca()
    grid = np.linspace(RETENTION_RANGE[0], r_max, 96)
    for k, i in enumerate(discount_rates):
        values = _clv_curve(m, i, horizon, r_max)
        (line,) = ax.plot(
            grid * 100,
            values,
            color=PALETTE[k % len(PALETTE)],
            linewidth=2,
            label=f"discount {100 * i:.0f}%",
            **kwargs,
        )
        if retention is not None:
            y = clv(m, retention=retention, discount_rate=i, horizon=horizon)
            ax.plot(  # a marker as a line, not a scatter: the same dot, cheaper to redraw
                [100 * retention],
                [y],
                linestyle="none",
                marker="o",
                markersize=6,
                color=line.get_color(),
                markeredgecolor="black",
                markeredgewidth=mpl.rcParams["lines.linewidth"],  # a scatter's edge
                zorder=3,
            )
    if retention is not None:
        ax.axvline(100 * retention, color="0.5", linewidth=0.8, linestyle=":")
    span = "infinite horizon" if horizon is None else f"{horizon}-year horizon"
    ax.set(
        xlabel="Retention rate (% of customers kept each year)",
        ylabel="Customer lifetime value (£)",
        title=f"CLV of a £{m:,.0f}-a-year customer ({span})",
    )
    ax.legend(fontsize="small", loc="upper left")
    ax.grid(alpha=0.3)
    at = retention if retention is not None else 0.8
    values = ", ".join(
        f"£{clv(m, retention=at, discount_rate=i, horizon=horizon):,.0f} at a {100 * i:.0f}% "
        "discount rate"
        for i in discount_rates
    )
    return describe(
        ax,
        f"CLV rises ever faster with retention; at {100 * at:.0f}% retention it is {values}",
        what="Line chart",
    )


@PLOT_DOCS
def plot_cohort_profit(
    data: pd.DataFrame,
    *,
    compare: pd.DataFrame | None = None,
    labels: tuple[str, str] = ("current", "improved"),
    ax: Axes | None = None,
    title: str | None = None,
    **kwargs,
) -> Axes:
    """Cumulative present value of a cohort year by year (optionally two scenarios).

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.loyalty.cohort_profit` (``year``, ``cumulative``).
    compare : pandas.DataFrame, optional
        A second :func:`~imlib.loyalty.cohort_profit` table drawn alongside.
    labels : (str, str)
        Legend labels of the two tables.
    %(ax)s
    title : str, optional
        The figure title.
    %(kwargs_plot)s

    %(returns_ax_examples)s
    >>> from imlib.loyalty import cohort_profit
    >>> base = cohort_profit(defection_rate=0.2, margin=100, acquisition_cost=150)
    >>> better = cohort_profit(defection_rate=0.15, margin=100, acquisition_cost=150)
    >>> ax = plot_cohort_profit(base, compare=better)
    >>> ax.get_legend_handles_labels()[1]
    ['current', 'improved']
    """
    func = "plot_cohort_profit"
    require_columns(data, ["year", "cumulative"], func=func)
    if compare is not None:
        require_columns(compare, ["year", "cumulative"], func=func)
    if ax is None:
        ax = plt.gca()
    for k, table in enumerate([data] if compare is None else [data, compare]):
        ax.plot(
            table["year"],
            table["cumulative"] / 1000,
            color=PALETTE[k],
            linewidth=2,
            marker="o",
            markersize=3,
            label=labels[k],
            **kwargs,
        )
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set(
        xlabel="Years after acquisition",
        ylabel="Cumulative present value (£ thousand)",
        title=title or "Cohort profit over time",
    )
    ax.legend(fontsize="small", loc="lower right")
    ax.grid(alpha=0.3)
    notes = []
    for k, table in enumerate([data] if compare is None else [data, compare]):
        cum = table["cumulative"].to_numpy(dtype=float)
        even = table["year"][cum >= 0]
        when = f"breaks even in year {even.iloc[0]}" if len(even) else "never breaks even"
        notes.append(f"{labels[k]}: {when}, £{cum[-1]:,.0f} after {table['year'].iloc[-1]} years")
    return describe(ax, "; ".join(notes), what="Line chart")
