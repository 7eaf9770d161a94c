"""The phase timeline explorer: a case's events through the four phases of knowledge renewal."""

from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from imlib._validation import require_choice, require_columns
from imlib.knowledge import knowledge_pattern, phase_summary
from imlib.plotting.knowledge import TIMELINE_COLOURINGS, _draw_timeline, plot_phase_timeline
from imlib.widgets._live import figure_function, margins

__all__ = ["draw_phase_timeline", "phase_timeline_explorer"]


#: The figure's margins (fractions of its 9 x 3.8 inches), fixed: a layout engine took a
#: fifth of a move's time. The right one leaves room for half a date label at the edge.
_MARGINS = {"left": 0.153, "right": 0.955, "bottom": 0.126, "top": 0.933}


@figure_function(margins(**_MARGINS), figsize=(9, 3.8))
def draw_phase_timeline(
    ax: plt.Axes, /, events: pd.DataFrame, *, colour_by: str = "exchange", show_rework: bool = True
) -> None:
    """Draw the case's phase timeline on a new figure.

    Parameters
    ----------
    events : pandas.DataFrame
        The case log (``knowledge_case_events``).
    colour_by : str
        One of :data:`imlib.plotting.knowledge.TIMELINE_COLOURINGS`.
    show_rework : bool
        Hatch repeat visits to a phase.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = draw_phase_timeline(load_dataset("knowledge_case_events"), colour_by="pattern")
    >>> fig.axes[0].get_legend().get_title().get_text()
    'Pattern'
    """
    plot_phase_timeline(events, colour_by=colour_by, show_rework=show_rework, ax=ax)


def phase_timeline_explorer(events: pd.DataFrame, *, colour_by: str = "exchange") -> widgets.Widget:
    """Explore how knowledge moved in each phase of the case, and where the rework was.

    Parameters
    ----------
    events : pandas.DataFrame
        The case log.
    colour_by : str
        The colouring shown first.

    Returns
    -------
    ipywidgets.Widget
        A colouring drop-down, a rework check box and the timeline figure.

    Examples
    --------
    >>> box = phase_timeline_explorer(load_dataset("knowledge_case_events"))
    >>> [type(w).__name__ for w in box.children[0].children]
    ['Dropdown', 'Checkbox']
    """
    func = "phase_timeline_explorer"
    require_choice(colour_by, TIMELINE_COLOURINGS, func=func, name="colour_by")
    require_columns(events, ["event_id", "date", "phase", "exchange", "purpose"], func=func)
    colouring = widgets.Dropdown(
        options=list(TIMELINE_COLOURINGS), value=colour_by, description="Colour by"
    )
    rework = widgets.Checkbox(value=True, description="Mark rework")

    # What no control changes, computed once (as plot_phase_timeline would on every move).
    visits, classified = phase_summary(events, visits=True), knowledge_pattern(events)

    def draw(ax: plt.Axes, colour_by: str, show_rework: bool) -> None:
        _draw_timeline(ax, events, visits, classified, colour_by, show_rework)

    live = draw_phase_timeline.live_figure()
    out = live.follow({"colour_by": colouring, "show_rework": rework}, draw)
    return widgets.VBox([widgets.HBox([colouring, rework]), out])
