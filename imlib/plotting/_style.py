"""The one shared style of the kit's figures: a colour-blind-safe palette."""

from __future__ import annotations

__all__ = ["PALETTE"]

#: Okabe-Ito colour-blind-safe palette (Okabe & Ito 2008).
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
