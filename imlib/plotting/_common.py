"""What the plotting modules share: docstring pieces and small drawing steps.

``PLOT_DOCS`` holds the numpydoc paragraphs that many figure functions repeat word for word
(the ``ax`` and ``**kwargs`` parameters, the ``Returns`` section); a function decorated with
it names a piece as a line holding only ``%(name)s`` (see :class:`imlib._docs.Docs`).
"""

from __future__ import annotations

import pandas as pd

from imlib._docs import Docs

__all__ = ["PLOT_DOCS", "require_one_row_per"]


def require_one_row_per(data: pd.DataFrame, column: str, *, func: str, hint: str) -> pd.Series:
    """``data[column]`` as text, refusing a figure of one group fed several groups' rows.

    ``hint`` ends the message: how to filter the table to one group.
    """
    values = data[column].astype(str)
    if values.duplicated().any():
        raise ValueError(
            f"{func}(): data has more than one row for {column} "
            f"{values[values.duplicated()].iloc[0]!r}; {hint}"
        )
    return values


def _kwargs(target: str) -> str:
    return f"**kwargs\n    Passed to {target}."


PLOT_DOCS = Docs(
    ax="""
        ax : matplotlib.axes.Axes, optional
            Where to draw.""",
    ax_current="""
        ax : matplotlib.axes.Axes, optional
            Where to draw; the current Axes by default.""",
    ax_short="ax : matplotlib Axes, optional",
    kwargs_bar=_kwargs(":meth:`~matplotlib.axes.Axes.bar`"),
    kwargs_barh=_kwargs(":meth:`~matplotlib.axes.Axes.barh`"),
    kwargs_plot=_kwargs(":meth:`~matplotlib.axes.Axes.plot`"),
    kwargs_scatter=_kwargs(":meth:`~matplotlib.axes.Axes.scatter`"),
    returns_ax="""
        Returns
        -------
        matplotlib.axes.Axes""",
    returns_ax_examples="""
        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------""",
)
