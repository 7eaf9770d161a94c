"""Turning a student's answer into something comparable, with plain-words complaints.

Each function returns ``(value, None)`` when the answer has the right form, or
``(None, message)`` telling the student what form was expected.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real

import numpy as np
import pandas as pd


def as_number(answer: object) -> tuple[float | None, str | None]:
    """A single real number (a one-element Series or frame counts too)."""
    if isinstance(answer, pd.DataFrame | pd.Series) and answer.size == 1:
        answer = answer.to_numpy().ravel()[0]
    if isinstance(answer, bool) or not isinstance(answer, Real | np.number):
        return None, (f"Give a single number, such as 87.5; you gave a {type(answer).__name__}.")
    value = float(answer)
    if not np.isfinite(value):
        return None, f"Your answer is {value}; give a finite number."
    return value, None


def as_series(
    answer: object, *, keys: list[str], value: str
) -> tuple[pd.Series | None, str | None]:
    """A Series indexed by ``keys`` (a frame with those columns, a Series or a dict)."""
    what = " and ".join(keys)
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=float)
    if isinstance(answer, pd.DataFrame):
        frame = answer.reset_index() if not set(keys) <= set(answer.columns) else answer
        if not set(keys) <= set(frame.columns):
            return None, (
                f"Your table needs a column for {what}; it has "
                f"{', '.join(map(str, answer.columns))}."
            )
        if value not in frame.columns:
            numeric = [
                c
                for c in frame.columns
                if c not in keys and pd.api.types.is_numeric_dtype(frame[c])
            ]
            if len(numeric) != 1:
                return None, (
                    f"Your table needs a {value!r} column (found "
                    f"{', '.join(map(str, frame.columns))})."
                )
            value = numeric[0]
        series = frame.set_index(keys)[value]
    elif isinstance(answer, pd.Series):
        series = answer
    else:
        return None, (
            f"Give a table (DataFrame or Series) with one value per {what}; you gave "
            f"a {type(answer).__name__}."
        )
    if not pd.api.types.is_numeric_dtype(series):
        return None, "The values in your answer are not numbers."
    series = series.astype(float)
    series.index = _string_index(series.index)
    if series.index.has_duplicates:
        return None, f"Your answer has repeated rows; give one value per {what}."
    return series, None


def as_name_set(
    answer: object, *, choices: Iterable[str], noun: str, what: str
) -> tuple[set[str] | None, str | None]:
    """A set of names (a list, or one name as a string) checked against ``choices``.

    Names are compared in lower case with spaces as underscores. ``noun`` names one item
    (``"dimension"``) and ``what`` says what a valid one is (``"a SERVQUAL dimension"``).
    """
    choices = list(choices)
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, pd.Series | pd.Index | np.ndarray):
        answer = list(answer)
    if not isinstance(answer, Iterable) or isinstance(answer, dict):
        return None, (
            f"Give the {noun} names as a list, e.g. [{choices[0]!r}]; you gave a "
            f"{type(answer).__name__}."
        )
    names = {str(a).strip().lower().replace(" ", "_") for a in answer}
    unknown = sorted(names - set(choices))
    if unknown:
        return None, f"{unknown[0]!r} is not {what}; use {', '.join(choices)}."
    return names, None


def _string_index(index: pd.Index) -> pd.Index:
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(map(str, t)) for t in index])
    return pd.Index([str(v) for v in index])


def compare(answer: pd.Series, expected: pd.Series, *, tol: float) -> tuple[bool, str | None]:
    """Compare two keyed series; return (ok, description of the first difference)."""
    expected = expected.astype(float)
    expected.index = _string_index(expected.index)
    missing = [k for k in expected.index if k not in answer.index]
    if missing:
        return False, f"a value for {_fmt_key(missing[0])} is missing"
    extra = [k for k in answer.index if k not in expected.index]
    if extra:
        return False, f"{_fmt_key(extra[0])} is not one of the groups asked for"
    diff = (answer.reindex(expected.index) - expected).abs()
    bad = diff[~(diff <= tol)]
    if len(bad):
        key = bad.index[0]
        return False, (f"the value for {_fmt_key(key)} is off (yours {answer[key]:.4g})")
    return True, None


def close_to(answer: pd.Series, expected: pd.Series, *, tol: float) -> bool:
    """True when ``answer`` matches ``expected`` on the same keys within ``tol``."""
    ok, _ = compare(answer, expected, tol=tol)
    return ok


def _fmt_key(key: object) -> str:
    if isinstance(key, tuple):
        return "(" + ", ".join(map(str, key)) + ")"
    return str(key)
