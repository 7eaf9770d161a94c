"""Docstring text that many public functions share, written once.

A docstring names a shared piece as a line holding only ``%(name)s``; the :class:`Docs`
decorator puts the text there, indented like that line (as matplotlib's ``_docstring.interpd``
and pandas' ``Substitution`` do). Keeping one wording for, say, the ``ax`` parameter or the
``Returns`` section means a fix reaches every function at once.

Examples
--------
>>> AX = Docs(
...     ax='''ax : matplotlib.axes.Axes, optional
...     Where to draw; the current Axes by default.'''
... )
>>> @AX
... def plot(data, ax=None):
...     '''Draw.
...
...     Parameters
...     ----------
...     %(ax)s
...     '''
>>> print(plot.__doc__.splitlines()[4])
    ax : matplotlib.axes.Axes, optional
>>> print(plot.__doc__.splitlines()[5])
        Where to draw; the current Axes by default.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from typing import TypeVar

__all__ = ["Docs"]

F = TypeVar("F", bound=Callable)

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)%\((?P<name>\w+)\)s[ \t]*$", re.MULTILINE)


class Docs:
    """A set of named docstring pieces; used as a decorator, fills a docstring's placeholders.

    Parameters
    ----------
    **texts : str
        Each piece, by the name its placeholder uses (``%(name)s`` alone on a line).

    Raises
    ------
    KeyError
        At import time, when a docstring names a piece this set does not hold.
    """

    def __init__(self, **texts: str) -> None:
        self.texts = {name: textwrap.dedent(text).strip("\n") for name, text in texts.items()}

    def __or__(self, other: Docs) -> Docs:
        """Both sets of pieces (the right one wins on a shared name)."""
        return Docs(**{**self.texts, **other.texts})

    def fill(self, doc: str) -> str:
        """`doc` with each placeholder line replaced by its piece, indented like the line."""

        def put(match: re.Match) -> str:
            text = self.texts[match["name"]]
            return textwrap.indent(text, match["indent"])

        return _PLACEHOLDER.sub(put, doc)

    def __call__(self, func: F) -> F:
        if func.__doc__:
            func.__doc__ = self.fill(func.__doc__)
        return func
