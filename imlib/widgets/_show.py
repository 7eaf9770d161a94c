"""The explorers' last step: send the new figure to the notebook as one PNG, then close it."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt

__all__ = ["show_figure"]


def show_figure(fig: plt.Figure) -> None:
    """Display `fig` as a PNG and close it (the explorers' callbacks end with this).

    The inline backend's own ``plt.show()`` draws each figure twice, once to find its tight
    bounding box and once to save it; the explorers' figures have fixed margins, so one draw
    into the PNG is enough. The PNG carries the figure's alt text
    (:func:`imlib.plotting.describe`), and the closed figure holds no memory.

    Examples
    --------
    >>> import contextlib, io
    >>> fig, ax = plt.subplots()
    >>> with contextlib.redirect_stdout(io.StringIO()):  # no notebook here to show it in
    ...     show_figure(fig)
    >>> plt.fignum_exists(fig.number)
    False
    """
    from IPython.display import Image, display

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    display(Image(data=buffer.getvalue(), format="png"))
