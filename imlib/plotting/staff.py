"""Figures for staff diagnostics: climate profiles, eNPS, internal segments, internal service."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from imlib._validation import require_columns
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS
from imlib.plotting._style import PALETTE
from imlib.staff import CHANGE_SEGMENTS, CLIMATE_DIMENSIONS, CLIMATE_SCALE, ISQ_SCALE

__all__ = [
    "plot_climate_profile",
    "plot_enps",
    "plot_internal_service",
    "plot_segment_shares",
]

_SEGMENT_COLOURS = {"supporter": PALETTE[2], "neutral": "0.75", "opponent": PALETTE[5]}
_ENPS_COLOURS = {"detractors": PALETTE[5], "passives": "0.75", "promoters": PALETTE[0]}


def _label(name: str) -> str:
    text = str(name).replace("_", " ")
    return text[:1].upper() + text[1:]


@PLOT_DOCS
def plot_climate_profile(
    data: pd.DataFrame, *, by: str = "role", ax: Axes | None = None, **kwargs
) -> Axes:
    """Mean climate score per dimension, one bar per group.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.staff.climate_scores` (one row per employee).
    by : str
        The grouping column drawn as separate bars (e.g. ``"role"``, ``"department"``).
    %(ax_current)s
    %(kwargs_barh)s

    %(returns_ax_examples)s
    >>> from imlib.staff import climate_scores
    >>> scores = climate_scores(load_dataset("staff_survey"))
    >>> fig, ax = plt.subplots()
    >>> plot_climate_profile(scores, by="role", ax=ax) is ax
    True
    >>> ax.get_xlabel()
    'Mean score (1 = strongly disagree, 5 = strongly agree)'
    """
    func = "plot_climate_profile"
    dims = [d for d in CLIMATE_DIMENSIONS if d in data.columns]
    require_columns(data, [by] + (dims or ["internal_service"]), func=func)
    if ax is None:
        ax = plt.gca()
    means = data.groupby(by, observed=True, sort=True)[dims].mean()
    groups = list(means.index.astype(str))
    height = 0.8 / len(groups)
    y = np.arange(len(dims))[::-1]
    for k, group in enumerate(groups):
        ax.barh(
            y + 0.4 - height * (k + 0.5),
            means.iloc[k].to_numpy(),
            height=height,
            color=PALETTE[k % len(PALETTE)],
            label=_label(group),
            **kwargs,
        )
    ax.axvline(3, color="0.3", linewidth=0.8, linestyle=":")
    ax.set_yticks(y, [_label(d) for d in dims])
    ax.set_xlim(*CLIMATE_SCALE)
    ax.set(
        xlabel="Mean score (1 = strongly disagree, 5 = strongly agree)",
        ylabel="Climate dimension",
        title=f"Staff climate by {by.replace('_', ' ')}",
    )
    ax.legend(title=_label(by), fontsize="small", loc="lower right")
    ax.grid(axis="x", alpha=0.3)
    low = means.stack().idxmin()
    return describe(
        ax,
        f"mean scores of {len(dims)} climate dimensions for {len(groups)} groups; the lowest is "
        f"{_label(low[1]).lower()} for {_label(low[0])}, {means.stack().min():.2f} out of 5",
        what="Bar chart",
    )


def _stacked(ax: Axes, table: pd.DataFrame, parts: dict[str, str], labels: list[str], **kwargs):
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for part, colour in parts.items():
        values = table[part].to_numpy(dtype=float)
        ax.barh(y, values, left=left, color=colour, label=_label(part), **kwargs)
        for yi, x0, v in zip(y, left, values, strict=True):
            if v >= 8:
                ax.text(x0 + v / 2, yi, f"{v:.0f}%", ha="center", va="center", fontsize="small")
        left = left + values
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 100)
    return y


@PLOT_DOCS
def plot_enps(
    data: pd.DataFrame, *, by: str = "department", ax: Axes | None = None, **kwargs
) -> Axes:
    """Detractors, passives and promoters per group as stacked bars, with the eNPS.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.staff.enps` with ``by=``.
    by : str
        The grouping column.
    %(ax_current)s
    %(kwargs_barh)s

    %(returns_ax_examples)s
    >>> from imlib.staff import enps
    >>> table = enps(load_dataset("staff_survey"), by="role")
    >>> fig, ax = plt.subplots()
    >>> plot_enps(table, by="role", ax=ax).get_title()
    'Employee Net Promoter Score by role'
    """
    require_columns(data, [by, "promoters", "passives", "detractors", "enps"], func="plot_enps")
    if ax is None:
        ax = plt.gca()
    labels = [f"{_label(g)}  (eNPS {e:+.0f})" for g, e in zip(data[by], data["enps"], strict=True)]
    _stacked(ax, data, _ENPS_COLOURS, labels, **kwargs)
    ax.set(
        xlabel="Share of answers (%): detractors 0-6, passives 7-8, promoters 9-10",
        ylabel=_label(by),
        title=f"Employee Net Promoter Score by {by.replace('_', ' ')}",
    )
    ax.legend(fontsize="small", ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    scores = ", ".join(f"{_label(g)} {e:+.0f}" for g, e in zip(data[by], data["enps"], strict=True))
    return describe(ax, f"eNPS per group: {scores}", what="Stacked bar chart")


@PLOT_DOCS
def plot_segment_shares(
    data: pd.DataFrame, *, by: str = "department", ax: Axes | None = None, **kwargs
) -> Axes:
    """Supporters, neutrals and opponents of a change per group, as stacked bars.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.staff.segment_shares` with ``by=``.
    by : str
        The grouping column.
    %(ax_current)s
    %(kwargs_barh)s

    %(returns_ax_examples)s
    >>> from imlib.staff import climate_scores, internal_segments, segment_shares
    >>> seg = internal_segments(climate_scores(load_dataset("staff_survey")))
    >>> fig, ax = plt.subplots()
    >>> ax = plot_segment_shares(segment_shares(seg, by="role"), by="role", ax=ax)
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Supporter', 'Neutral', 'Opponent']
    """
    require_columns(data, [by, "n", *CHANGE_SEGMENTS], func="plot_segment_shares")
    if ax is None:
        ax = plt.gca()
    labels = [f"{_label(g)}  (n={n})" for g, n in zip(data[by], data["n"], strict=True)]
    _stacked(ax, data, _SEGMENT_COLOURS, labels, **kwargs)
    ax.set(
        xlabel="Share of employees (%)",
        ylabel=_label(by),
        title=f"Attitude to the change by {by.replace('_', ' ')}",
    )
    ax.legend(fontsize="small", ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.18))
    total = data[list(CHANGE_SEGMENTS)].sum(axis=1)
    share = ", ".join(
        f"{_label(g)} {100 * o / t:.0f}%"
        for g, o, t in zip(data[by], data["opponent"], total, strict=True)
    )
    return describe(ax, f"share of opponents per group: {share}", what="Stacked bar chart")


@PLOT_DOCS
def plot_internal_service(
    data: pd.DataFrame,
    *,
    supplier_col: str = "supplier_department",
    by: str | None = "role",
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Mean rating of each internal supplier department, optionally split by the raters' group.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.staff.internal_service_quality` (with ``by=`` when given).
    supplier_col : str
        The supplier column.
    by : str or None
        The raters' grouping column drawn as separate bars.
    %(ax_current)s
    %(kwargs_bar)s

    %(returns_ax_examples)s
    >>> from imlib.staff import internal_service_quality
    >>> isq = internal_service_quality(load_dataset("staff_survey"), by="role")
    >>> fig, ax = plt.subplots()
    >>> plot_internal_service(isq, ax=ax).get_ylabel()
    'Mean rating (1 = very poor, 7 = excellent)'
    """
    require_columns(
        data, [supplier_col, "mean_rating"] + ([by] if by else []), func="plot_internal_service"
    )
    if ax is None:
        ax = plt.gca()
    suppliers = sorted(data[supplier_col].astype(str).unique())
    groups = sorted(data[by].astype(str).unique()) if by else [None]
    width = 0.8 / len(groups)
    x = np.arange(len(suppliers))
    for k, group in enumerate(groups):
        rows = data if group is None else data[data[by].astype(str) == group]
        values = rows.set_index(rows[supplier_col].astype(str))["mean_rating"].reindex(suppliers)
        ax.bar(
            x - 0.4 + width * (k + 0.5),
            values.to_numpy(),
            width=width,
            color=PALETTE[k % len(PALETTE)],
            label=_label(group) if group else None,
            **kwargs,
        )
    ax.set_xticks(x, suppliers)
    # the span of every supplier's bars, with the usual 5% margins, even where a group rated
    # no one: the same limits for every grouping
    pad = 0.05 * (len(suppliers) - 0.2)
    ax.set_xlim(-0.4 - pad, len(suppliers) - 0.6 + pad)
    ax.set_ylim(*ISQ_SCALE)
    ax.set(
        xlabel="Internal supplier department",
        ylabel="Mean rating (1 = very poor, 7 = excellent)",
        title="Internal service quality: how internal customers rate their suppliers",
    )
    if by:
        ax.legend(title=f"Rated by ({by.replace('_', ' ')})", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    worst = data.loc[data["mean_rating"].astype(float).idxmin()]
    return describe(
        ax,
        f"{len(suppliers)} supplier departments; the lowest rating is "
        f"{worst[supplier_col]}{f' by {_label(worst[by])}' if by else ''}, "
        f"{float(worst['mean_rating']):.2f} out of 7",
        what="Bar chart",
    )
