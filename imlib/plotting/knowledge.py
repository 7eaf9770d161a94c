"""Figures for knowledge renewal: a case's events through Ballantyne's four phases over time."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from imlib._validation import require_choice, require_columns
from imlib.knowledge import PHASE_LABELS, PHASES, knowledge_pattern, phase_summary
from imlib.plotting._alt import describe
from imlib.plotting._common import PLOT_DOCS
from imlib.plotting._style import PALETTE

__all__ = ["TIMELINE_COLOURINGS", "plot_phase_timeline"]

#: What the event markers can be coloured by.
TIMELINE_COLOURINGS: tuple[str, ...] = ("exchange", "purpose", "pattern")


@PLOT_DOCS
def plot_phase_timeline(
    events: pd.DataFrame,
    *,
    colour_by: str = "exchange",
    show_rework: bool = True,
    ax: Axes | None = None,
    **kwargs,
) -> Axes:
    """Draw a case's events in their phases over time, with each visit to a phase as a bar.

    Parameters
    ----------
    events : pandas.DataFrame
        The case log: ``event_id``, ``date``, ``phase``, ``exchange`` and ``purpose``.
    colour_by : str
        Colour the event markers by ``"exchange"``, ``"purpose"`` or ``"pattern"``.
    show_rework : bool
        Hatch the visits that repeat a phase within a cycle (see
        :func:`imlib.knowledge.phase_summary`).
    %(ax_current)s
    **kwargs
        Passed to :meth:`~matplotlib.axes.Axes.scatter` (the event markers).

    %(returns_ax_examples)s
    >>> log = load_dataset("knowledge_case_events")
    >>> fig, ax = plt.subplots()
    >>> plot_phase_timeline(log, ax=ax) is ax
    True
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Energising', 'Code breaking', 'Authorising', 'Diffusion']
    """
    func = "plot_phase_timeline"
    require_choice(colour_by, TIMELINE_COLOURINGS, func=func, name="colour_by")
    if not isinstance(show_rework, bool):
        raise TypeError(f"{func}(): show_rework must be True or False; got {show_rework!r}.")
    require_columns(events, ["event_id", "date", "phase", "exchange", "purpose"], func=func)
    if ax is None:
        ax = plt.gca()
    visits = phase_summary(events, visits=True)
    return _draw_timeline(
        ax, events, visits, knowledge_pattern(events), colour_by, show_rework, **kwargs
    )


def _draw_timeline(
    ax: Axes,
    events: pd.DataFrame,
    visits: pd.DataFrame,
    classified: pd.DataFrame,
    colour_by: str,
    show_rework: bool,
    **kwargs,
) -> Axes:
    """Draw :func:`plot_phase_timeline` from the case's visits and classified events.

    ``visits`` is ``phase_summary(events, visits=True)`` and ``classified`` is
    ``knowledge_pattern(events)``: what an explorer computes once for all its moves.
    """
    row = {phase: k for k, phase in enumerate(PHASES)}
    bars = ax.barh(  # one bar per visit, at least a day wide
        visits["phase"].map(row).to_numpy(),
        np.maximum((visits["end"] - visits["start"]).dt.days.to_numpy(), 1),
        left=list(visits["start"]),  # Timestamps: the widths stay days
        height=0.6,
        color="#dddddd",
        edgecolor="#777777",
        zorder=1,
    )
    if show_rework:
        for bar, rework in zip(bars, visits["rework"], strict=True):
            if rework:
                bar.set_hatch("///")
    values = sorted(classified[colour_by].unique())
    for k, value in enumerate(values):
        part = classified[classified[colour_by] == value]
        ax.scatter(
            part["date"],
            part["phase"].map(row),
            s=40,
            color=PALETTE[k % len(PALETTE)],
            edgecolor="black",
            linewidth=0.5,
            label=value,
            zorder=3,
            **kwargs,
        )
    ax.set_yticks(range(len(PHASES)), [PHASE_LABELS[p] for p in PHASES])
    ax.invert_yaxis()
    handles, labels = ax.get_legend_handles_labels()
    if show_rework and visits["rework"].any():
        handles.append(Patch(facecolor="#dddddd", edgecolor="#777777", hatch="///"))
        labels.append("rework (a repeat visit)")
    ax.legend(handles, labels, title=colour_by.capitalize(), loc="lower left", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    ax.set(
        xlabel="Date of the event",
        ylabel="Phase",
        title="The case's events through the four phases (bars: time in each visit, days)",
    )
    return describe(ax, _timeline_finding(events, visits), what="Timeline")


def _timeline_finding(events: pd.DataFrame, visits: pd.DataFrame) -> str:
    """One sentence for the alt text: the events, the span, the visits and the rework."""
    dates = pd.to_datetime(events["date"])
    days = (visits["end"] - visits["start"]).dt.days
    longest = visits.loc[days.idxmax()]
    rework = int(visits["rework"].sum())
    return (
        f"{len(events)} events from {dates.min():%d %b %Y} to {dates.max():%d %b %Y} in "
        f"{len(visits)} visits to the four phases, {rework} of them rework; the longest visit "
        f"is {PHASE_LABELS[longest['phase']].lower()}, {int(days.max())} days"
    )
