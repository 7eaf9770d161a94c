"""What the plotting modules share: docstring pieces and small drawing steps.

``PLOT_DOCS`` holds the numpydoc paragraphs that many figure functions repeat word for word
(the ``ax`` and ``**kwargs`` parameters, the ``Returns`` section); a function decorated with
it names a piece as a line holding only ``%(name)s`` (see :class:`imlib._docs.Docs`).
"""

from __future__ import annotations

import math

import pandas as pd

from imlib._docs import Docs

__all__ = ["PLOT_DOCS", "require_one_row_per", "stepped_limits"]

#: The mantissas limits are rounded out to (1, 1.5, 2, ... 8 times a power of ten).
_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def _step_out(value: float) -> float:
    """The smallest ``step * 10**k`` at least ``value`` (value > 0)."""
    power = 10.0 ** math.floor(math.log10(value))
    return next(step * power for step in _STEPS if step * power >= value * (1 - 1e-12))


def stepped_limits(low: float, high: float, *, margin: float = 0.05) -> tuple[float, float]:
    """Axis limits around ``[low, high]`` that stay put while the data move a little.

    Each end is padded by ``margin`` of the span (as matplotlib's autoscaling does) and then
    rounded away from zero to 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten (a
    non-negative ``low`` and a non-positive ``high`` go to zero). An explorer whose curves
    shift on every move then keeps the same axis, and its drawn frame, over a run of moves.

    Examples
    --------
    >>> stepped_limits(-183.8, 700.0)
    (-250.0, 800.0)
    >>> stepped_limits(-178.9, 610.0)
    (-250.0, 800.0)
    >>> stepped_limits(0.0, 0.62)
    (0.0, 0.8)
    """
    pad = margin * (high - low)
    bottom = -_step_out(pad - low) if low < 0 else 0.0
    top = _step_out(high + pad) if high > 0 else 0.0
    return bottom, top


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
