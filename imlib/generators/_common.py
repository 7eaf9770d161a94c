"""Shared declarations of the generators' data dictionaries (private)."""

from __future__ import annotations

from imlib.generators import Column

__all__ = ["count_column", "text_column"]


def count_column(name: str, unit: str, description: str, allowed: str = ">= 0") -> Column:
    """A whole-number column counting ``unit`` (people, customers, ...), never negative."""
    return Column(name, "int", unit, allowed, description)


def text_column(name: str, allowed: str, description: str) -> Column:
    """A text column (a name, a label or a key): no unit."""
    return Column(name, "string", "", allowed, description)
