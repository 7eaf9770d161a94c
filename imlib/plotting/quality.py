"""Figures for service quality: gaps by group, E/P profiles, zones of tolerance."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from imlib._validation import require_choice, require_columns
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS, require_one_row_per
from imlib.plotting._style import PALETTE
from imlib.quality import LIKERT_SCALE, SERVQUAL_DIMENSIONS

__all__ = [
    "plot_dimension_gaps",
    "plot_servqual_profile",
    "plot_zones_of_tolerance",
]

_EXPECTED, _PERCEIVED, _ADEQUATE = PALETTE[0], PALETTE[5], PALETTE[4]
_ZONE_COLOURS = {"below": PALETTE[5], "within": PALETTE[2], "above": PALETTE[0]}


def _dimension_labels(dims: list[str]) -> list[str]:
    return [d.capitalize() for d in dims]


def _one_group(data: pd.DataFrame, *, func: str) -> pd.DataFrame:
    hint = "filter it to one group first, e.g. gaps.query(\"branch == 'Harbour'\")."
    dims = require_one_row_per(data, "dimension", func=func, hint=hint)
    order = [d for d in SERVQUAL_DIMENSIONS if d in set(dims)]
    return data.assign(dimension=dims).set_index("dimension").loc[order]


@PLOT_DOCS
def plot_dimension_gaps(
    data: pd.DataFrame, *, by: str | None = "branch", ax: Axes | None = None, **kwargs
) -> Axes:
    """Grouped bars of the SERVQUAL gap (P - E) per dimension, one bar per group.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`imlib.quality.servqual_gaps` (``dimension``, ``gap`` and the
        ``by`` column).
    by : str or None
        The grouping column drawn as separate bars; None for a single group.
    %(ax_current)s
    %(kwargs_bar)s

    %(returns_ax_examples)s
    >>> from imlib.quality import servqual_gaps
    >>> gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    >>> fig, ax = plt.subplots()
    >>> plot_dimension_gaps(gaps, ax=ax) is ax
    True
    >>> ax.get_ylabel()
    'Gap P − E (scale points)'
    """
    func = "plot_dimension_gaps"
    require_columns(data, ["dimension", "gap"] + ([by] if by else []), func=func)
    if ax is None:
        ax = plt.gca()
    dims = [d for d in SERVQUAL_DIMENSIONS if d in set(data["dimension"].astype(str))]
    groups = sorted(data[by].astype(str).unique()) if by else [None]
    width = 0.8 / len(groups)
    x = np.arange(len(dims))
    for k, group in enumerate(groups):
        rows = data if group is None else data[data[by].astype(str) == group]
        values = _one_group(rows, func=func)["gap"].reindex(dims)
        ax.bar(
            x - 0.4 + width * (k + 0.5),
            values.to_numpy(),
            width=width,
            color=PALETTE[k % len(PALETTE)],
            label=group,
            **kwargs,
        )
    ax.axhline(0, color="0.3", linewidth=0.8)
    ax.set_xticks(x, _dimension_labels(dims))
    ax.set(
        xlabel="SERVQUAL dimension",
        ylabel="Gap P − E (scale points)",
        title="Service quality gaps by dimension" + (f" and {by}" if by else ""),
    )
    if by:
        ax.legend(
            title=by.replace("_", " ").capitalize(), fontsize="small", ncols=2, loc="lower left"
        )
    ax.grid(axis="y", alpha=0.3)
    worst = data.loc[data["gap"].astype(float).idxmin()]
    where = f" at {worst[by]}" if by else ""
    return describe(
        ax,
        f"{len(dims)} dimensions{f' for {len(groups)} groups' if by else ''}; the widest gap is "
        f"{worst['dimension']}{where}, {float(worst['gap']):+.2f} points",
        what="Bar chart",
    )


@PLOT_DOCS
def plot_servqual_profile(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    scale: tuple[float, float] = LIKERT_SCALE,
    title: str | None = None,
    **kwargs,
) -> Axes:
    """Expectation against perception profile across the five dimensions, for one group.

    Parameters
    ----------
    data : pandas.DataFrame
        One group's rows of :func:`imlib.quality.servqual_gaps` (or of
        :func:`imlib.quality.what_if`): ``dimension``, ``expected``, ``perceived``.
    %(ax)s
    scale : (float, float)
        The answer scale, for the y limits.
    title : str, optional
        The figure title.
    **kwargs
        Passed to the perception line's :meth:`~matplotlib.axes.Axes.plot`.

    %(returns_ax_examples)s
    >>> from imlib.quality import servqual_gaps
    >>> gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    >>> ax = plot_servqual_profile(gaps.query("branch == 'Harbour'"))
    >>> [line.get_label() for line in ax.get_lines()]
    ['Expected (E)', 'Perceived (P)']
    >>> plot_servqual_profile(gaps)
    Traceback (most recent call last):
    ...
    ValueError: plot_servqual_profile(): data has more than one row for dimension 'tangibles'; ...
    """
    func = "plot_servqual_profile"
    require_columns(data, ["dimension", "expected", "perceived"], func=func)
    frame = _one_group(data, func=func)
    if ax is None:
        ax = plt.gca()
    x = np.arange(len(frame))
    e, p = frame["expected"].to_numpy(float), frame["perceived"].to_numpy(float)
    ax.fill_between(
        x, p, e, where=p < e, color=_PERCEIVED, alpha=0.15, interpolate=True, label="_shortfall"
    )
    ax.plot(x, e, marker="s", color=_EXPECTED, linewidth=2, label="Expected (E)")
    ax.plot(x, p, marker="o", color=_PERCEIVED, linewidth=2, label="Perceived (P)", **kwargs)
    for xi, (ei, pi) in enumerate(zip(e, p, strict=True)):
        ax.annotate(
            f"{pi - ei:+.2f}",
            (xi, min(ei, pi)),
            textcoords="offset points",
            xytext=(0, -14),
            ha="center",
            fontsize="small",
            color="0.25",
        )
    ax.set_xticks(x, _dimension_labels(list(frame.index)))
    ax.set_ylim(scale[0], scale[1] + 0.2)
    ax.set(
        xlabel="SERVQUAL dimension",
        ylabel="Mean rating (1–7 agreement)",
        title=title or "Expectations against perceptions (gap P − E below each point)",
    )
    ax.legend(loc="lower right", fontsize="small")
    ax.grid(axis="y", alpha=0.3)
    gaps = p - e
    k = int(np.nanargmin(gaps))
    return describe(
        ax,
        f"perception is below expectation on {int((gaps < 0).sum())} of {len(gaps)} dimensions; "
        f"the widest gap is {frame.index[k]}, {gaps[k]:+.2f} points",
        what="Line chart",
    )


@PLOT_DOCS
def plot_zones_of_tolerance(
    data: pd.DataFrame,
    *,
    ax: Axes | None = None,
    scale: tuple[float, float] = LIKERT_SCALE,
    title: str | None = None,
    **kwargs,
) -> Axes:
    """Zones of tolerance (adequate to desired) with perceived service marked per dimension.

    Parameters
    ----------
    data : pandas.DataFrame
        One group's rows of :func:`imlib.quality.zones_of_tolerance`, grouped by
        dimension: ``dimension``, ``adequate``, ``desired``, ``perceived``, ``zone``.
    %(ax)s
    scale : (float, float)
        The answer scale, for the x limits.
    title : str, optional
        The figure title.
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.barh` (the zones).

    %(returns_ax_examples)s
    >>> from imlib.quality import servqual_long, zones_of_tolerance
    >>> long = servqual_long(load_dataset("bank_servqual"))
    >>> zones = zones_of_tolerance(long, by=["branch", "dimension"])
    >>> ax = plot_zones_of_tolerance(zones.query("branch == 'Riverside'"))
    >>> ax.get_xlabel()
    'Rating (1–7 agreement)'
    """
    func = "plot_zones_of_tolerance"
    require_columns(data, ["dimension", "adequate", "desired", "perceived", "zone"], func=func)
    for zone in data["zone"].dropna().astype(str):
        require_choice(zone, tuple(_ZONE_COLOURS), func=func, name="zone")
    frame = _one_group(data, func=func).iloc[::-1]
    if ax is None:
        ax = plt.gca()
    y = np.arange(len(frame))
    ax.barh(
        y,
        frame["desired"] - frame["adequate"],
        left=frame["adequate"],
        height=0.5,
        color="0.85",
        edgecolor="0.5",
        label="Zone of tolerance",
        **kwargs,
    )
    colours = [_ZONE_COLOURS.get(str(z), "0.5") for z in frame["zone"]]
    ax.scatter(frame["perceived"], y, color=colours, s=70, zorder=3, edgecolor="black")
    for yi, (p, z) in enumerate(zip(frame["perceived"], frame["zone"], strict=True)):
        ax.annotate(str(z), (p, yi), textcoords="offset points", xytext=(8, 6), fontsize="small")
    ax.set_yticks(y, _dimension_labels(list(frame.index)))
    ax.set_xlim(scale[0], scale[1])
    ax.set(
        xlabel="Rating (1–7 agreement)",
        ylabel="SERVQUAL dimension",
        title=title or "Perceived service against the zone of tolerance",
    )
    handles = [Patch(facecolor="0.85", edgecolor="0.5", label="Zone: adequate to desired")] + [
        Patch(facecolor=c, edgecolor="black", label=f"Perceived: {z}")
        for z, c in _ZONE_COLOURS.items()
    ]
    ax.legend(handles=handles, fontsize="small", loc="lower left")
    ax.grid(axis="x", alpha=0.3)
    counts = frame["zone"].astype(str).value_counts()
    parts = [f"{counts.get(z, 0)} {z}" for z in _ZONE_COLOURS]
    below = [str(d) for d, z in zip(frame.index, frame["zone"], strict=True) if z == "below"]
    return describe(
        ax,
        f"perceived service per dimension: {', '.join(parts)} the zone"
        + (f" (below: {', '.join(reversed(below))})" if below else ""),
        what="Range chart",
    )
