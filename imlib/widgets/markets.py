"""The six markets explorer: pick a case firm, set desired emphasis, watch the gaps re-rank."""

from __future__ import annotations

from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from imlib._validation import require_columns
from imlib.markets import EMPHASIS_RANGE, MARKETS, markets_audit, rerank_gaps
from imlib.plotting.markets import plot_emphasis_gaps, plot_emphasis_radar
from imlib.widgets._live import figure_function, slider

__all__ = ["draw_six_markets", "six_markets_explorer"]


def _radar_and_bars(fig: plt.Figure) -> tuple[plt.Axes, plt.Axes]:
    # Fixed margins rather than constrained layout: faster redraws on a slider move.
    fig.subplots_adjust(left=0.04, right=0.97, top=0.86, bottom=0.2, wspace=0.6)
    return fig.add_subplot(1, 2, 1, projection="polar"), fig.add_subplot(1, 2, 2)


def _reach(audit: pd.DataFrame) -> float:
    """How far from zero the gap chart can reach in `audit` (any firm, any market), in points.

    The widest gap the sliders can make, with its whisker (the jury's SD of the gap).
    """
    low, high = EMPHASIS_RANGE
    current = audit["current_mean"].to_numpy(dtype=float)
    spread = audit["gap_sd"].fillna(0).to_numpy(dtype=float) if "gap_sd" in audit else 0.0
    return float(np.ceil(np.max(np.maximum(high - current, current - low) + spread)))


def _still_frame(bars: plt.Axes, reach: float) -> None:
    """Keep the gap chart's axes still from move to move (its frame is then kept, too).

    The x axis spans every gap the sliders can reach (a fixed scale: a longer bar is a
    bigger gap on every move and for every firm), and the market names are drawn beside
    the axis where its tick labels would be, so re-ranking the bars moves names, not axes.
    """
    bars.set_xlim(-reach - 0.5, reach + 0.5)
    ticks = bars.get_yticks()
    names = [t.get_text() for t in bars.get_yticklabels()]
    bars.set_yticks(ticks, [""] * len(ticks))
    rc = mpl.rcParams
    pad = rc["ytick.major.pad"] + rc["ytick.major.size"]
    texts = [
        bars.annotate(
            name,
            (0, y),
            xycoords=bars.get_yaxis_transform(),
            xytext=(-pad, 0),
            textcoords="offset points",
            ha="right",
            va="center_baseline",
            fontsize=rc["ytick.labelsize"],
            annotation_clip=False,
        )
        for y, name in zip(ticks, names, strict=True)
    ]
    renderer = bars.figure.canvas.get_renderer()
    widest = max(t.get_window_extent(renderer).width for t in texts)
    width = bars.get_window_extent(renderer).width
    bars.yaxis.set_label_coords(-(widest + 2 * pad + 2) / width, 0.5)


@figure_function(_radar_and_bars, figsize=(11.5, 5.2))
def draw_six_markets(
    radar: plt.Axes,
    bars: plt.Axes,
    /,
    audit: pd.DataFrame,
    *,
    firm: str,
    by: str = "firm",
    desired: Mapping[str, float] | None = None,
) -> None:
    """Draw one firm's radar and gap chart on a new figure (the explorer's callback body).

    Parameters
    ----------
    audit : pandas.DataFrame
        Output of ``markets_audit(jury, by=by)``.
    firm : str
        The firm to draw.
    by : str
        The grouping column of ``audit``.
    desired : mapping, optional
        New desired emphasis per market (see :func:`imlib.markets.rerank_gaps`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> jury = load_dataset("rm_jury").query("audit == 'six_markets'")
    >>> audit = markets_audit(jury, by="firm")
    >>> fig = draw_six_markets(audit, firm="Northbank", desired={"internal": 9})
    >>> fig.axes[1].get_title()
    'Northbank: where to grow or shrink'
    """
    rows = audit[audit[by] == firm]
    if rows.empty:
        raise ValueError(f"draw_six_markets(): no rows with {by} == {firm!r} in audit.")
    if desired:
        rows = rerank_gaps(rows, desired=desired)
    plot_emphasis_radar(rows, ax=radar, title=f"{firm}: current against desired emphasis")
    plot_emphasis_gaps(rows, ax=bars, title=f"{firm}: where to grow or shrink")
    _still_frame(bars, _reach(audit))


def six_markets_explorer(
    data: pd.DataFrame, *, by: str = "firm", start: str | None = None
) -> widgets.Widget:
    """Explore a relationship marketing network audit: adjust desired emphasis per market.

    Parameters
    ----------
    data : pandas.DataFrame
        Jury ratings on the seven canonical axes (``market``, ``current``, ``desired``
        and the ``by`` column), e.g. the ``six_markets`` rows of ``rm_jury``.
    by : str
        The column naming the firm.
    start : str, optional
        The firm shown first (the first in sort order by default).

    Returns
    -------
    ipywidgets.Widget
        A firm drop-down, one desired-emphasis slider per market (starting at the jury
        mean, range :data:`imlib.markets.EMPHASIS_RANGE`) and the radar and gap figure.

    Examples
    --------
    >>> jury = load_dataset("rm_jury").query("audit == 'six_markets'")
    >>> box = six_markets_explorer(jury)
    >>> len(box.children[0].children)
    8
    """
    require_columns(data, [by], func="six_markets_explorer")
    audit = markets_audit(data, by=by)
    firms = sorted(audit[by].astype(str).unique())
    if start is not None and start not in firms:
        raise ValueError(
            f"six_markets_explorer(): start must be one of {', '.join(firms)}; got {start!r}."
        )
    firm = widgets.Dropdown(options=firms, value=start or firms[0], description="Firm")

    def jury_desired(name: str) -> dict[str, float]:
        rows = audit[audit[by] == name]
        return dict(zip(rows["market"].astype(str), rows["desired_mean"], strict=True))

    start_values = jury_desired(firm.value)
    sliders = {
        m: slider(
            m.replace("_", " "),
            round(start_values[m], 1),
            EMPHASIS_RANGE,
            step=0.5,
            label_width="9rem",
            width="26rem",
        )
        for m in MARKETS
    }
    live = draw_six_markets.live_figure()

    def reset(change: dict) -> None:
        values = jury_desired(change["new"])
        with live.held():  # the firm's own move then redraws once, with these values
            for m, control in sliders.items():
                control.value = round(values[m], 1)

    firm.observe(reset, names="value")  # before live.follow: it runs first

    def draw(radar: plt.Axes, bars: plt.Axes, firm: str, **desired: float) -> None:
        draw_six_markets.__wrapped__(radar, bars, audit, firm=firm, by=by, desired=desired)

    out = live.follow({"firm": firm} | sliders, draw)
    return widgets.VBox([widgets.VBox([firm, *sliders.values()]), out])
