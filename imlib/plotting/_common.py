"""What the plotting modules share: docstring pieces and small drawing steps.

``PLOT_DOCS`` holds the numpydoc paragraphs that many figure functions repeat word for word
(the ``ax`` and ``**kwargs`` parameters, the ``Returns`` section); a function decorated with
it names a piece as a line holding only ``%(name)s`` (see :class:`imlib._docs.Docs`).
"""

from __future__ import annotations

from imlib._docs import Docs

__all__ = ["PLOT_DOCS"]


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
