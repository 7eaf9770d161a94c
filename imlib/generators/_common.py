"""Shared declarations of the generators' data dictionaries (private)."""

from __future__ import annotations

from imlib.generators import Column

__all__ = ["count_column", "headcount_flow", "text_column"]


def count_column(name: str, unit: str, description: str, allowed: str = ">= 0") -> Column:
    """A whole-number column counting ``unit`` (people, customers, ...), never negative."""
    return Column(name, "int", unit, allowed, description)


def headcount_flow(period: str, *, start: str) -> tuple[Column, Column, Column]:
    """The first three columns of a headcount table: the start of a ``period``, hires, leavers.

    ``start`` describes the first-day headcount (whose staff it counts).
    """
    return (
        count_column("headcount_start", "employees", start),
        count_column("hires", "employees", f"people who joined during the {period}"),
        count_column("leavers", "employees", f"people who left during the {period}"),
    )


def text_column(name: str, allowed: str, description: str) -> Column:
    """A text column (a name, a label or a key): no unit."""
    return Column(name, "string", "", allowed, description)
