"""Alt text for the kit's figures: what a figure shows (its title and the finding).

Each ``plot_*`` function ends with :func:`describe`, which records one sentence per Axes on the
figure. The sentences reach the reader two ways:

* every PNG the figure is saved as (the inline backend's notebook output, ``savefig``) carries
  them as its standard PNG ``Description`` text chunk;
* the course site's Sphinx extension (``book/_ext/kit_site.py``) reads that chunk and writes it
  into the page's ``<img alt="...">``, so a screen reader says what the figure shows instead of
  its file name.
"""

from __future__ import annotations

import functools

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["alt_text", "describe"]

_KEY = "_imlib_alt"  # Figure attribute: {id(ax): (ax, what, finding)}, in drawing order


def describe(ax: Axes, finding: str, *, what: str | None = None) -> Axes:
    """Record the alt text of the figure `ax` is on: its title and `finding`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The Axes just drawn.
    finding : str
        What the figure shows, in one sentence, with its numbers (e.g. "the largest gap is
        reliability, −1.2 points").
    what : str, optional
        The kind of chart ("Bar chart", ...), put before the title.

    Returns
    -------
    matplotlib.axes.Axes
        `ax`, for chaining.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.set_title("Gaps")
    >>> describe(ax, "the largest gap is reliability.", what="Bar chart") is ax
    True
    >>> alt_text(fig)
    'Bar chart: Gaps. The largest gap is reliability.'
    >>> plt.close(fig)
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"describe(): ax must be a matplotlib Axes; got {type(ax).__name__}.")
    if not isinstance(finding, str) or not finding.strip():
        raise ValueError(f"describe(): finding must be a non-empty sentence; got {finding!r}.")
    finding = finding.strip()
    fig = ax.get_figure(root=True)
    notes = getattr(fig, _KEY, None)
    if notes is None:
        notes = {}
        setattr(fig, _KEY, notes)
    notes[id(ax)] = (ax, what, finding)  # the title is read when the figure is saved
    _carry_into_png(fig)
    return ax


def _sentence(ax: Axes, what: str | None, finding: str) -> str:
    title = ax.get_title() or ax.get_title("left") or ""
    head = ": ".join(p for p in (what, title.replace("\n", " ").strip()) if p)
    sentence = f"{head}. " if head else ""
    # "eNPS ..." keeps its case; "the largest gap ..." starts a sentence
    sentence += finding if finding[1:2].isupper() else finding[:1].upper() + finding[1:]
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def alt_text(fig: Figure) -> str:
    """The alt text recorded on `fig` by :func:`describe` ("" when none).

    Examples
    --------
    >>> fig = plt.figure()
    >>> alt_text(fig)
    ''
    >>> plt.close(fig)
    """
    live = {id(a) for a in fig.axes}
    notes = getattr(fig, _KEY, {}) or {}
    return " ".join(_sentence(*note) for key, note in notes.items() if key in live)


def _carry_into_png(fig: Figure) -> None:
    """Make this figure's canvas write the alt text into every PNG it prints."""
    canvas = fig.canvas
    if getattr(canvas, "_imlib_alt_png", False) or not hasattr(type(canvas), "print_png"):
        return
    plain = type(canvas).print_png

    @functools.wraps(plain)
    def print_png(*args, metadata=None, **kwargs):
        text = alt_text(fig)
        if text:
            metadata = {"Description": text, **(metadata or {})}
        return plain(canvas, *args, metadata=metadata, **kwargs)

    canvas.print_png = print_png
    canvas._imlib_alt_png = True
