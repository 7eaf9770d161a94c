"""Figures for the six markets audit and the marketing mix audit."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from imlib._validation import require_columns
from imlib.markets import EMPHASIS_RANGE, HOLD_BAND
from imlib.mix import RATING_SCALE
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS, require_one_row_per
from imlib.plotting._style import PALETTE

__all__ = ["plot_emphasis_gaps", "plot_emphasis_radar", "plot_importance_performance"]

_CURRENT, _DESIRED = PALETTE[0], PALETTE[1]
_DIRECTION = {"grow": PALETTE[2], "hold": "0.6", "shrink": PALETTE[5]}
_QUADRANT_COLOURS = {
    "concentrate here": PALETTE[5],
    "keep up the good work": PALETTE[2],
    "low priority": "0.55",
    "possible overkill": PALETTE[0],
}


def _axis_label(name: str) -> str:
    return name.replace("customer_", "customers: ").replace("_", " ").capitalize()


def _one_audit(data: pd.DataFrame, *, func: str) -> pd.DataFrame:
    hint = "filter it to one firm first, e.g. audit.query(\"firm == 'Northbank'\")."
    require_one_row_per(data, "market", func=func, hint=hint)
    if isinstance(data["market"].dtype, pd.CategoricalDtype):
        data = data.sort_values("market")
    return data


@PLOT_DOCS
def plot_emphasis_radar(
    data: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None, **kwargs
) -> Axes:
    """Radar ("spidergram") of current against desired emphasis, axes in fixed order.

    Parameters
    ----------
    data : pandas.DataFrame
        One audit's rows of :func:`imlib.markets.markets_audit` (``market``,
        ``current_mean``, ``desired_mean``), in axis order.
    ax : matplotlib.axes.Axes, optional
        A *polar* Axes (``plt.subplots(subplot_kw={"projection": "polar"})``); by default
        a new polar Axes on the current figure.
    title : str, optional
        The figure title.
    **kwargs
        Passed to the desired-emphasis polygon's :meth:`~matplotlib.axes.Axes.plot`.

    %(returns_ax)s

    Notes
    -----
    No polygon area is computed: it depends on the order of the axes. Compare the two
    profiles axis by axis.

    Examples
    --------
    >>> from imlib.markets import markets_audit
    >>> jury = load_dataset("rm_jury").query("audit == 'six_markets'")
    >>> audit = markets_audit(jury, by="firm").query("firm == 'Northbank'")
    >>> fig, ax = plt.subplots(subplot_kw={"projection": "polar"})
    >>> plot_emphasis_radar(audit, ax=ax) is ax
    True
    >>> [line.get_label() for line in ax.get_lines()]
    ['Current emphasis', 'Desired emphasis']
    >>> plot_emphasis_radar(audit, ax=plt.subplots()[1])
    Traceback (most recent call last):
    ...
    ValueError: plot_emphasis_radar(): ax must be a polar Axes; ...
    """
    func = "plot_emphasis_radar"
    require_columns(data, ["market", "current_mean", "desired_mean"], func=func)
    frame = _one_audit(data, func=func)
    if len(frame) < 3:
        raise ValueError(f"{func}(): a radar needs at least 3 markets; got {len(frame)}.")
    if ax is None:
        ax = plt.gcf().add_subplot(projection="polar")
    if ax.name != "polar":
        raise ValueError(
            f"{func}(): ax must be a polar Axes; create it with "
            "plt.subplots(subplot_kw={'projection': 'polar'})."
        )
    n = len(frame)
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    closed = np.append(angles, angles[0])
    current = frame["current_mean"].to_numpy(dtype=float)
    desired = frame["desired_mean"].to_numpy(dtype=float)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.plot(
        closed,
        np.append(current, current[0]),
        color=_CURRENT,
        linewidth=2,
        marker="o",
        label="Current emphasis",
    )
    ax.fill(closed, np.append(current, current[0]), color=_CURRENT, alpha=0.12)
    style = {"color": _DESIRED, "linewidth": 2, "linestyle": "--", "marker": "s"} | kwargs
    ax.plot(closed, np.append(desired, desired[0]), label="Desired emphasis", **style)
    low, high = EMPHASIS_RANGE
    ax.set_ylim(low, high)
    ax.set_yticks([2, 4, 6, 8, 10])
    ax.set_yticklabels(["2", "4", "6", "8", "10"], fontsize="x-small", color="0.4")
    ax.set_rlabel_position(180 / n)
    ax.set_xticks(angles, [_axis_label(m) for m in frame["market"].astype(str)], fontsize="small")
    ax.set_xlabel("Market (emphasis 0–10 from the centre, jury mean)", fontsize="small")
    ax.set_ylabel("")
    ax.set_title(title or "Current against desired emphasis per market", pad=18)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=2, fontsize="small")
    k = int(np.argmax(desired - current))
    return describe(
        ax,
        f"{n} markets; the largest shortfall of current against desired emphasis is the "
        f"{_axis_label(str(frame['market'].iloc[k])).lower()}, {current[k]:.1f} against "
        f"{desired[k]:.1f} out of 10",
        what="Radar chart",
    )


@PLOT_DOCS
def plot_emphasis_gaps(
    data: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None, **kwargs
) -> Axes:
    """Horizontal bars of the emphasis gap per market, largest growth first.

    Bars are coloured by direction (grow, hold, shrink); the whiskers show plus and
    minus one SD of the executives' own gaps (wide = the jury disagrees about the change).

    Parameters
    ----------
    data : pandas.DataFrame
        One audit's rows of :func:`imlib.markets.markets_audit` (``market``, ``gap``,
        ``rank``, ``direction``; ``gap_sd`` optional).
    %(ax)s
    title : str, optional
        The figure title.
    %(kwargs_barh)s

    %(returns_ax_examples)s
    >>> from imlib.markets import markets_audit
    >>> jury = load_dataset("rm_jury").query("audit == 'six_markets'")
    >>> audit = markets_audit(jury, by="firm").query("firm == 'Quayside Software'")
    >>> ax = plot_emphasis_gaps(audit)
    >>> ax.get_xlabel()
    'Gap: desired − current emphasis (points, 0–10 scale)'
    """
    func = "plot_emphasis_gaps"
    require_columns(data, ["market", "gap", "rank", "direction"], func=func)
    frame = _one_audit(data, func=func).sort_values(["rank", "market"], ascending=False)
    if ax is None:
        ax = plt.gca()
    y = np.arange(len(frame))
    colours = [_DIRECTION.get(str(d), "0.5") for d in frame["direction"]]
    err = frame["gap_sd"].to_numpy(dtype=float) if "gap_sd" in frame else None
    ax.barh(
        y,
        frame["gap"].to_numpy(dtype=float),
        color=colours,
        height=0.6,
        xerr=err,
        error_kw={"ecolor": "0.35", "capsize": 3, "linewidth": 1},
        **kwargs,
    )
    for yi, value in zip(y, frame["gap"], strict=True):
        ax.annotate(
            f"{value:+.1f}",
            (value, yi),
            textcoords="offset points",
            xytext=(4 if value >= 0 else -4, 7),
            ha="left" if value >= 0 else "right",
            fontsize="small",
        )
    ax.axvline(0, color="0.3", linewidth=0.8)
    ax.axvspan(-HOLD_BAND, HOLD_BAND, color="0.9", zorder=0)
    ax.set_yticks(y, [_axis_label(m) for m in frame["market"].astype(str)])
    ax.set(
        xlabel="Gap: desired − current emphasis (points, 0–10 scale)",
        ylabel="Market",
        title=title or "Where emphasis must grow or shrink",
    )
    handles = [Patch(color=c, label=d) for d, c in _DIRECTION.items()]
    ax.legend(handles=handles, fontsize="small", loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    moves = ", ".join(
        f"{_axis_label(str(m)).lower()} {d} ({g:+.1f})"
        for m, d, g in zip(frame["market"], frame["direction"], frame["gap"], strict=True)
    )
    return describe(ax, f"gap per market, largest first: {moves}", what="Bar chart")


def _quadrants(ax: Axes, data: pd.DataFrame) -> None:
    """The importance-performance grid's cut lines, limits and corner labels."""
    i_cut = float(data["importance_cut"].iloc[0])
    p_cut = float(data["performance_cut"].iloc[0])
    ax.axhline(i_cut, color="0.4", linewidth=0.9, linestyle="--")
    ax.axvline(p_cut, color="0.4", linewidth=0.9, linestyle="--")
    low, high = RATING_SCALE
    span = [
        min(data["performance"].min(), p_cut) - 0.6,
        max(data["performance"].max(), p_cut) + 0.9,
        min(data["importance"].min(), i_cut) - 0.5,
        max(data["importance"].max(), i_cut) + 0.5,
    ]
    ax.set_xlim(max(low, span[0]), min(high, span[1]))
    ax.set_ylim(max(low, span[2]), min(high, span[3]))
    corners = {
        "concentrate here": (0.02, 0.97, "left", "top"),
        "keep up the good work": (0.98, 0.97, "right", "top"),
        "low priority": (0.02, 0.03, "left", "bottom"),
        "possible overkill": (0.98, 0.03, "right", "bottom"),
    }
    for text, (x, y, ha, va) in corners.items():
        ax.text(
            x,
            y,
            text,
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize="small",
            color=_QUADRANT_COLOURS[text],
            fontweight="bold",
        )


@PLOT_DOCS
def plot_importance_performance(
    data: pd.DataFrame, *, ax: Axes | None = None, title: str | None = None, **kwargs
) -> Axes:
    """Importance-performance grid: one point per mix element, quadrant lines crossed.

    Parameters
    ----------
    data : pandas.DataFrame
        One audit's rows of :func:`imlib.mix.importance_performance` (``element``,
        ``importance``, ``performance``, ``importance_cut``, ``performance_cut``,
        ``quadrant``).
    %(ax)s
    title : str, optional
        The figure title.
    %(kwargs_scatter)s

    %(returns_ax_examples)s
    >>> from imlib.mix import importance_performance
    >>> ipa = importance_performance(load_dataset("mix_audit"), by="firm")
    >>> ax = plot_importance_performance(ipa.query("firm == 'Northbank'"))
    >>> ax.get_ylabel()
    'Mean importance (1–7)'
    """
    func = "plot_importance_performance"
    cols = ["element", "importance", "performance", "importance_cut", "performance_cut", "quadrant"]
    require_columns(data, cols, func=func)
    elements = data["element"].astype(str)
    if elements.duplicated().any():
        raise ValueError(
            f"{func}(): data has more than one row for element "
            f"{elements[elements.duplicated()].iloc[0]!r}; filter it to one firm first."
        )
    if ax is None:
        ax = plt.gca()
    colours = [_QUADRANT_COLOURS.get(str(q), "0.5") for q in data["quadrant"]]
    ax.scatter(
        data["performance"],
        data["importance"],
        c=colours,
        s=70,
        edgecolor="black",
        zorder=3,
        **kwargs,
    )
    for name, x, y in zip(elements, data["performance"], data["importance"], strict=True):
        ax.annotate(
            name.replace("_", " "),
            (x, y),
            textcoords="offset points",
            xytext=(6, 4),
            fontsize="small",
        )
    _quadrants(ax, data)
    ax.set(
        xlabel="Mean performance (1–7)",
        ylabel="Mean importance (1–7)",
        title=title or "Importance against performance of the marketing mix",
    )
    ax.grid(alpha=0.3)
    focus = sorted(elements[data["quadrant"].astype(str) == "concentrate here"])
    return describe(
        ax,
        f"{len(data)} mix elements by performance and importance; "
        + (
            f"concentrate here: {', '.join(focus)}"
            if focus
            else "no element is important and under-performing"
        ),
        what="Scatter chart",
    )
