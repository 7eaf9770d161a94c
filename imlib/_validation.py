"""Private input checks shared by every public function.

Each message names four things: the function, the column or argument, the allowed
range or type, and the first offending value (STYLE.md section 3).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

_BRACKETS = {"both": "[]", "left": "[)", "right": "(]", "neither": "()"}


def require_frame(data: Any, *, func: str, name: str = "data") -> None:
    """Raise TypeError unless ``data`` is a non-empty pandas DataFrame."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{func}(): {name} must be a pandas DataFrame, got {type(data).__name__}.")
    if data.empty:
        raise ValueError(f"{func}(): {name} is empty; it needs at least one row.")


def require_columns(data: pd.DataFrame, columns: Iterable[str], *, func: str) -> None:
    """Raise ValueError naming the first column of ``columns`` missing from ``data``."""
    require_frame(data, func=func)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        shown = ", ".join(map(repr, list(data.columns)[:12]))
        more = " ..." if len(data.columns) > 12 else ""
        raise ValueError(
            f"{func}(): data has no column {missing[0]!r}"
            + (f" (and {len(missing) - 1} more missing)" if len(missing) > 1 else "")
            + f"; available columns: {shown}{more}."
        )


def require_numeric(data: pd.DataFrame, column: str, *, func: str) -> None:
    """Raise TypeError unless ``data[column]`` has a numeric (not boolean) dtype."""
    values = data[column]
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise TypeError(
            f"{func}(): column {column!r} must be numeric, got dtype {values.dtype}"
            + _first_value_note(values)
            + "."
        )


def _first_value_note(values: pd.Series) -> str:
    non_null = values.dropna()
    if non_null.empty:
        return ""
    return f" (first value {_py(non_null.iloc[0])!r})"


def require_between(
    data: pd.DataFrame,
    column: str,
    low: float,
    high: float,
    *,
    func: str,
    closed: str = "both",
    allow_missing: bool = False,
) -> None:
    """Raise unless every value of ``data[column]`` lies between ``low`` and ``high``.

    Missing values count as bad unless ``allow_missing`` is true.
    """
    require_numeric(data, column, func=func)
    values = data[column]
    inside = values.between(low, high, inclusive=closed)
    if allow_missing:
        inside = inside | values.isna()
    bad = values[~inside]
    if len(bad):
        lo, hi = _BRACKETS[closed]
        what = "must lie in" if allow_missing else "must be present and lie in"
        raise ValueError(
            f"{func}(): column {column!r} {what} {lo}{_fmt(low)}, {_fmt(high)}{hi}; "
            f"{len(bad)} row(s) do not (first: index {_py(bad.index[0])!r}, "
            f"value {_py(bad.iloc[0])!r})."
        )


def require_number(
    value: Any,
    *,
    func: str,
    name: str,
    low: float = -np.inf,
    high: float = np.inf,
    closed: str = "both",
) -> float:
    """Check that a scalar argument is a real number inside a range and return it as float."""
    if isinstance(value, bool) or not isinstance(value, Real | np.number):
        raise TypeError(f"{func}(): {name} must be a number, got {type(value).__name__} {value!r}.")
    number = float(value)
    lo_ok = number >= low if closed in ("both", "left") else number > low
    hi_ok = number <= high if closed in ("both", "right") else number < high
    if np.isnan(number) or not (lo_ok and hi_ok):
        lo, hi = _BRACKETS[closed]
        raise ValueError(
            f"{func}(): {name} must lie in {lo}{_fmt(low)}, {_fmt(high)}{hi}; got {value!r}."
        )
    return number


def require_choice(value: Any, choices: Sequence[Any], *, func: str, name: str) -> None:
    """Raise ValueError unless ``value`` is one of ``choices``."""
    if value not in choices:
        listed = ", ".join(map(repr, choices))
        raise ValueError(f"{func}(): {name} must be one of {listed}; got {value!r}.")


def as_column_list(by: str | Sequence[str] | None, *, func: str, name: str = "by") -> list[str]:
    """Normalise a ``by=`` argument (None, a column name or a list of names) to a list."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, list | tuple) and all(isinstance(b, str) for b in by):
        return list(by)
    raise TypeError(
        f"{func}(): {name} must be a column name or a list of column names, got {by!r}."
    )


def _py(value: Any) -> Any:
    """Plain Python scalar for messages (numpy 2 would print np.float64(...))."""
    return value.item() if isinstance(value, np.generic) else value


def _fmt(x: float) -> str:
    if x in (np.inf, -np.inf):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"
