"""Figures for process control: control charts with their signals, and Taguchi's loss."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from imlib._validation import as_column_list, require_columns
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS
from imlib.plotting._style import PALETTE
from imlib.spc import RULES, average_taguchi_loss, taguchi_loss

__all__ = ["plot_control_chart", "plot_taguchi_loss"]

_RULE_MARKERS = {
    "rule_1": ("o", PALETTE[5], "rule 1: beyond 3σ"),
    "rule_2": ("s", PALETTE[3], "rule 2: 2 of 3 beyond 2σ"),
    "rule_3": ("D", PALETTE[1], "rule 3: 4 of 5 beyond 1σ"),
    "rule_4": ("^", PALETTE[2], "rule 4: run on one side"),
}


def _chart_kind(chart: pd.DataFrame, *, func: str) -> tuple[str, str]:
    """Which chart this is ("p", "np" or "x") and its value column."""
    if "p" in chart.columns:
        return "p", "p"
    elif "np" in chart.columns:
        return "np", "np"
    elif "value" in chart.columns:
        return "x", "value"
    raise ValueError(
        f"{func}(): chart has no 'p', 'np' or 'value' column; make it with p_chart, "
        "np_chart or individuals_chart."
    )


def _signals_and_phases(ax: Axes, chart: pd.DataFrame, x, y, handles: list) -> None:
    """Mark the points each rule flags and the end of the baseline; extend `handles`."""
    for rule in RULES[::-1]:  # draw rule 1 last, on top
        hit = chart[rule].to_numpy(dtype=bool)
        if hit.any():
            marker, colour, label = _RULE_MARKERS[rule]
            size = 60 if rule == "rule_1" else 34  # marker area, points squared
            ax.plot(  # markers only: a line of markers draws faster than a scatter
                x[hit],
                y[hit],
                linestyle="none",
                marker=marker,
                markersize=np.sqrt(size),
                markerfacecolor="none",
                markeredgecolor=colour,
                markeredgewidth=1.4,
                zorder=4,
            )
            handles.append(
                Line2D(
                    [0],
                    [0],
                    marker=marker,
                    linestyle="none",
                    markerfacecolor="none",
                    markeredgecolor=colour,
                    label=label,
                )
            )
    if "phase" in chart.columns and (chart["phase"] == "II").any():
        first = int(np.flatnonzero(chart["phase"].to_numpy() == "II")[0])
        ax.axvline(x[first], color="0.5", linestyle=":", linewidth=1)
        ax.annotate(
            "Phase I | Phase II",
            (x[first], 0.02),
            xycoords=("data", "axes fraction"),
            ha="center",
            va="bottom",
            fontsize="small",
            color="0.3",
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
        )
        handles.append(Line2D([0], [0], color="0.5", linestyle=":", label="end of the baseline"))


def _describe_chart(ax: Axes, chart: pd.DataFrame) -> Axes:
    """The control chart's alt text: how many points signal, and the first."""
    signals = np.flatnonzero(chart["signal"].to_numpy(dtype=bool))
    where = (
        "no point signals a special cause"
        if not len(signals)
        else f"{len(signals)} of {len(chart)} points signal a special cause, the first at "
        f"point {int(signals[0]) + 1}"
    )
    return describe(
        ax, f"{len(chart)} points around the centre line; {where}", what="Control chart"
    )


@PLOT_DOCS
def plot_control_chart(
    chart: pd.DataFrame,
    *,
    x_col: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    ylabel: str | None = None,
    percent: bool | None = None,
    **kwargs,
) -> Axes:
    """Draw a control chart: the points, centre line, limits and every run-rule signal.

    Parameters
    ----------
    chart : pandas.DataFrame
        Output of :func:`imlib.spc.p_chart`, :func:`imlib.spc.np_chart` or
        :func:`imlib.spc.individuals_chart`.
    x_col : str, optional
        The column for the x axis (e.g. ``"date"``); the row number otherwise.
    %(ax)s
    title, ylabel : str, optional
        Override the default title and y label.
    percent : bool, optional
        Show proportions as percentages (default for a p-chart).
    **kwargs
        Passed to the points' :meth:`~matplotlib.axes.Axes.plot`.

    %(returns_ax_examples)s
    >>> from imlib.spc import p_chart
    >>> days = pd.DataFrame({"errors": [10, 21, 9, 11], "orders": [200] * 4})
    >>> ax = plot_control_chart(p_chart(days, p_bar=0.05))
    >>> ax.get_ylabel()
    'Share with an error (%)'
    """
    func = "plot_control_chart"
    require_columns(chart, ["centre", "lcl", "ucl", "z", *RULES], func=func)
    kind, value_col = _chart_kind(chart, func=func)
    if x_col is not None:
        require_columns(chart, [x_col], func=func)
    if ax is None:
        ax = plt.gca()
    scale = 100.0 if (percent if percent is not None else kind == "p") else 1.0
    x = chart[x_col].to_numpy() if x_col else np.arange(len(chart))
    y = chart[value_col].to_numpy(dtype=float) * scale
    ax.plot(
        x, y, color=PALETTE[0], marker=".", linewidth=0.8, markersize=4, label="observed", **kwargs
    )
    ax.plot(x, chart["centre"] * scale, color="0.2", linewidth=1.2, label="centre line")
    ax.step(
        x,
        chart["ucl"] * scale,
        where="mid",
        color=PALETTE[5],
        linewidth=1,
        linestyle="--",
        label="control limits (±3σ)",
    )
    ax.step(x, chart["lcl"] * scale, where="mid", color=PALETTE[5], linewidth=1, linestyle="--")
    handles = [
        Line2D([0], [0], color=PALETTE[0], marker=".", label="observed"),
        Line2D([0], [0], color="0.2", label="centre line"),
        Line2D([0], [0], color=PALETTE[5], linestyle="--", label="control limits (±3σ)"),
    ]
    _signals_and_phases(ax, chart, x, y, handles)
    default_y = {"p": "Share with an error", "np": "Orders with an error", "x": "Value"}[kind]
    if scale == 100 and kind == "p":
        default_y += " (%)"
    default_title = {"p": "p-chart", "np": "np-chart", "x": "Individuals chart"}[kind]
    ax.set(
        xlabel=x_col.replace("_", " ").capitalize() if x_col else "Subgroup (in time order)",
        ylabel=ylabel or default_y,
        title=title or default_title + f": {int(chart['signal'].sum())} point(s) signal",
    )
    ax.legend(
        handles=handles,
        fontsize="small",
        loc="lower center",
        bbox_to_anchor=(0.5, 1.08),
        ncols=3,
        frameon=False,
    )
    ax.grid(alpha=0.3)
    if x_col and np.issubdtype(np.asarray(x).dtype, np.datetime64):  # dates, slanted
        ax.tick_params(axis="x", labelrotation=30, rotation_mode="xtick")
    return _describe_chart(ax, chart)


def _loss_histograms(ax, data, summary, value_col, by, keys, bins):
    """The distribution of the values on a twin y axis, one histogram per group."""
    values = data[value_col].dropna()
    twin = ax.twinx()
    if keys:
        for k, (group, rows) in enumerate(data.dropna(subset=[value_col]).groupby(by, sort=True)):
            row = summary[summary[by] == group].iloc[0]
            twin.hist(
                rows[value_col],
                bins=bins,
                density=True,
                alpha=0.35,
                color=PALETTE[k % len(PALETTE)],
                label=f"{group}: average loss {row['average_loss']:.2f}",
            )
    else:
        twin.hist(
            values,
            bins=bins,
            density=True,
            alpha=0.35,
            color=PALETTE[0],
            label=f"average loss {summary['average_loss'].iloc[0]:.2f}",
        )
    twin.set_ylabel("Share of units (density)")
    twin.set_ylim(bottom=0)
    return twin


@PLOT_DOCS
def plot_taguchi_loss(
    data: pd.DataFrame,
    *,
    value_col: str,
    target: float,
    tolerance: float,
    cost_at_limit: float,
    by: str | None = None,
    ax: Axes | None = None,
    unit: str = "",
    **kwargs,
) -> Axes:
    """Taguchi's quadratic loss against the pass/fail "goalpost" view, over the data.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (e.g. per delivery).
    value_col : str
        The outcome column.
    target, tolerance, cost_at_limit
        T, Delta and A of :func:`imlib.spc.taguchi_loss` (nominal-the-best).
    by : str, optional
        A grouping column; each group's distribution is drawn separately with its
        average loss in the legend.
    ax : matplotlib.axes.Axes, optional
        Where to draw (the histograms go on a twin Axes).
    unit : str
        The outcome's unit for the x label, e.g. ``"minutes after slot start"``.
    **kwargs
        Passed to the loss curve's :meth:`~matplotlib.axes.Axes.plot`.

    %(returns_ax)s
        The loss curve's Axes.

    Examples
    --------
    >>> deliveries = load_dataset("service_deliveries")
    >>> ax = plot_taguchi_loss(
    ...     deliveries,
    ...     value_col="arrival_minutes",
    ...     target=30,
    ...     tolerance=30,
    ...     cost_at_limit=12,
    ...     by="route_planning",
    ... )
    >>> ax.get_ylabel()
    'Loss per unit'
    """
    func = "plot_taguchi_loss"
    keys = as_column_list(by, func=func)
    require_columns(data, [value_col, *keys], func=func)
    summary = average_taguchi_loss(
        data,
        value_col=value_col,
        target=target,
        tolerance=tolerance,
        cost_at_limit=cost_at_limit,
        by=by,
    )
    if ax is None:
        ax = plt.gca()
    values = data[value_col].dropna()
    lo = min(float(values.quantile(0.005)), target - 1.6 * tolerance)
    hi = max(float(values.quantile(0.995)), target + 1.6 * tolerance)
    grid = np.linspace(lo, hi, 300)
    loss = taguchi_loss(grid, target=target, tolerance=tolerance, cost_at_limit=cost_at_limit)
    ax.plot(grid, loss, color="0.1", linewidth=2, label="quadratic loss k(y − T)²", **kwargs)
    goal = np.where(np.abs(grid - target) > tolerance, cost_at_limit, 0.0)
    ax.plot(
        grid,
        goal,
        color="0.5",
        linewidth=1.2,
        linestyle="--",
        label="goalpost view: all or nothing",
    )
    ax.axvline(target, color="0.3", linewidth=0.8, linestyle=":")
    ax.set_ylim(0, cost_at_limit * 2.6)
    ax.set(
        xlabel=f"{value_col.replace('_', ' ')}" + (f" ({unit})" if unit else ""),
        ylabel="Loss per unit",
        title=f"Taguchi loss: target {target:g}, loss {cost_at_limit:g} at ±{tolerance:g}",
    )
    twin = _loss_histograms(ax, data, summary, value_col, by, keys, np.linspace(lo, hi, 50))
    lines, labels = ax.get_legend_handles_labels()
    bars, bar_labels = twin.get_legend_handles_labels()
    ax.legend(lines + bars, labels + bar_labels, fontsize="small", loc="upper left")
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)
    losses = ", ".join(
        (f"{row[by]} {row['average_loss']:.2f}" if keys else f"{row['average_loss']:.2f}")
        for _, row in summary.iterrows()
    )
    return describe(
        ax,
        "loss grows with the square of the distance from the target, while the goalpost view "
        f"counts only units beyond ±{tolerance:g}; average loss per unit: {losses}",
        what="Line chart with histograms",
    )
