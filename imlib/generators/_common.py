"""Shared declarations of the generators' data dictionaries (private)."""

from __future__ import annotations

from imlib.generators import Column

__all__ = ["count_column"]


def count_column(name: str, unit: str, description: str, allowed: str = ">= 0") -> Column:
    """A whole-number column counting ``unit`` (people, customers, ...), never negative."""
    return Column(name, "int", unit, allowed, description)
