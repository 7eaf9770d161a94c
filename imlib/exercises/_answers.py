"""Reading a student's answer into something comparable, with plain-words complaints.

There is one reader per form of answer, and one naming rule for every lab:

- ``read_number``, ``read_series``, ``read_name``, ``read_name_set`` return the answer in a
  comparable form, or raise :class:`AnswerForm` with a message that tells the student what form
  was expected. The checker mould (:class:`imlib.exercises._core.Lab`) turns that into a
  "not yet" with the message, so a checker never has to test for a malformed answer itself.
- Names compare by :func:`name_key`: lower case, with runs of spaces, hyphens and underscores
  folded into one separator, so ``"supplier-alliance"``, ``"Supplier alliance"`` and
  ``"supplier_alliance"`` are the same name. A name reader returns the canonical choice.
- The older ``as_*`` functions return ``(value, None)`` or ``(None, message)``; they are thin
  wrappers over the readers, kept for checkers not yet moved to the mould.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from numbers import Real

import numpy as np
import pandas as pd

from imlib.exercises._core import Mistake, Verdict

__all__ = [
    "AnswerForm",
    "as_name_set",
    "as_number",
    "as_series",
    "close_to",
    "compare",
    "judge_series",
    "name_key",
    "read_name",
    "read_name_set",
    "read_number",
    "read_series",
]


class AnswerForm(ValueError):
    """The answer does not have the form the exercise asks for (the message says which)."""


_SEPARATORS = re.compile(r"[\s_\-]+")


def name_key(name: object) -> str:
    """Return the comparison key of a name: the one naming rule of every exercise.

    Examples
    --------
    >>> name_key("Supplier-Alliance") == name_key(" supplier alliance ") == "supplier_alliance"
    True
    """
    return _SEPARATORS.sub("_", str(name).strip().lower()).strip("_")


def read_number(answer: object) -> float:
    """Read a single finite real number (a one-element Series or frame counts too).

    Examples
    --------
    >>> read_number(pd.Series([2.5]))
    2.5
    >>> read_number("seventy")
    Traceback (most recent call last):
    ...
    imlib.exercises._answers.AnswerForm: Give a single number, such as 87.5; you gave a str.
    """
    if isinstance(answer, pd.DataFrame | pd.Series | np.ndarray) and answer.size == 1:
        answer = np.asarray(answer).ravel()[0]
    if isinstance(answer, bool | np.bool_) or not isinstance(answer, Real | np.number):
        raise AnswerForm(f"Give a single number, such as 87.5; you gave a {type(answer).__name__}.")
    value = float(answer)
    if not np.isfinite(value):
        raise AnswerForm(f"Your answer is {value}; give a finite number.")
    return value


def read_series(answer: object, *, keys: list[str], value: str) -> pd.Series:
    """Read a Series indexed by ``keys`` (a frame with those columns, a Series or a dict)."""
    what = " and ".join(keys)
    if isinstance(answer, dict):
        try:
            answer = pd.Series(answer, dtype=float)
        except (TypeError, ValueError):
            raise AnswerForm("The values in your answer are not numbers.") from None
    if isinstance(answer, pd.DataFrame):
        series = _series_from_frame(answer, keys=keys, value=value, what=what)
    elif isinstance(answer, pd.Series):
        series = answer
    else:
        raise AnswerForm(
            f"Give a table (DataFrame or Series) with one value per {what}; you gave "
            f"a {type(answer).__name__}."
        )
    if not pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        raise AnswerForm("The values in your answer are not numbers.")
    series = series.astype(float)
    series.index = _string_index(series.index)
    if series.index.has_duplicates:
        raise AnswerForm(f"Your answer has repeated rows; give one value per {what}.")
    return series


def _series_from_frame(frame: pd.DataFrame, *, keys: list[str], value: str, what: str) -> pd.Series:
    table = frame.reset_index() if not set(keys) <= set(frame.columns) else frame
    if not set(keys) <= set(table.columns):
        raise AnswerForm(
            f"Your table needs a column for {what}; it has {', '.join(map(str, frame.columns))}."
        )
    if value not in table.columns:
        numeric = [
            c for c in table.columns if c not in keys and pd.api.types.is_numeric_dtype(table[c])
        ]
        if len(numeric) != 1:
            raise AnswerForm(
                f"Your table needs a {value!r} column (found {', '.join(map(str, table.columns))})."
            )
        value = numeric[0]
    return table.set_index(keys)[value]


def _one_name(answer: object) -> object:
    if isinstance(answer, pd.Series | pd.Index | list | tuple | np.ndarray) and len(answer) == 1:
        return list(answer)[0]
    return answer


def read_name(answer: object, *, choices: Iterable[str], what: str = "name") -> str:
    """Read one name and return the canonical choice it matches (by :func:`name_key`).

    Examples
    --------
    >>> read_name("Customer Service", choices=["customer_service", "price"])
    'customer_service'
    >>> read_name("prise", choices=["customer_service", "price"], what="mix element")
    Traceback (most recent call last):
    ...
    imlib.exercises._answers.AnswerForm: 'prise' is not a mix element; use customer_service, price.
    """
    choices = list(choices)
    answer = _one_name(answer)
    if not isinstance(answer, str):
        raise AnswerForm(
            f"Give the {what} as a single name in quotes, e.g. {choices[0]!r}; you gave a "
            f"{type(answer).__name__}."
        )
    by_key = {name_key(c): c for c in choices}
    key = name_key(answer)
    if key not in by_key:
        article = "an" if what[:1].lower() in "aeiou" else "a"
        raise AnswerForm(f"{answer.strip()!r} is not {article} {what}; use {', '.join(choices)}.")
    return by_key[key]


def read_name_set(answer: object, *, choices: Iterable[str], what: str = "name") -> set[str]:
    """Read a set of names (a list, or one name as a string); return the canonical choices.

    Examples
    --------
    >>> sorted(read_name_set(["Price", "people"], choices=["price", "people", "process"]))
    ['people', 'price']
    """
    choices = list(choices)
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, pd.Series | pd.Index | np.ndarray):
        answer = list(answer)
    if not isinstance(answer, Iterable) or isinstance(answer, dict):
        raise AnswerForm(
            f"Give the names as a list, e.g. [{choices[0]!r}]; you gave a {type(answer).__name__}."
        )
    return {read_name(a, choices=choices, what=what) for a in answer}


def _legacy(reader, *args, **kwargs):
    try:
        return reader(*args, **kwargs), None
    except AnswerForm as problem:
        return None, str(problem)


def as_number(answer: object) -> tuple[float | None, str | None]:
    """``read_number`` as ``(value, None)`` or ``(None, message)`` (older checkers)."""
    return _legacy(read_number, answer)


def as_series(
    answer: object, *, keys: list[str], value: str
) -> tuple[pd.Series | None, str | None]:
    """``read_series`` as ``(series, None)`` or ``(None, message)`` (older checkers)."""
    return _legacy(read_series, answer, keys=keys, value=value)


def as_name_set(
    answer: object, *, choices: Iterable[str], noun: str, what: str
) -> tuple[set[str] | None, str | None]:
    """``read_name_set`` as ``(names, None)`` or ``(None, message)`` (older checkers).

    ``what`` says what a valid name is (``"a SERVQUAL dimension"``); ``noun`` is kept for the
    older call form.
    """
    what = what.split(" ", 1)[1] if what.split(" ", 1)[0] in {"a", "an"} else what
    return _legacy(read_name_set, answer, choices=choices, what=what)


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


def judge_series(
    answer: pd.Series,
    expected: pd.Series,
    *,
    tol: float,
    right: str,
    mistakes: Iterable[Mistake] = (),
    otherwise: str,
) -> Verdict:
    """Judge a keyed table (a series): right within ``tol``, a known mistake, or the difference.

    Each :class:`~imlib.exercises._core.Mistake` is the series a wrong method gives (its
    ``value``, or a function of no arguments that computes it only when needed), matched
    within its own ``tol`` or this one, or a ``when`` predicate on the answer. Otherwise the
    student is told the first difference and ``otherwise``: "Not quite: <where>. <otherwise>".

    Examples
    --------
    >>> want = pd.Series({"a": 0.5, "b": 0.25})
    >>> judge_series(
    ...     want * 100,
    ...     want,
    ...     tol=0.01,
    ...     right="Yes.",
    ...     otherwise="Per group: x / n.",
    ...     mistakes=[Mistake(want * 100, "Give fractions, not percentages.")],
    ... ).message
    'Give fractions, not percentages.'
    >>> judge_series(want + 1, want, tol=0.01, right="Yes.", otherwise="Per group: x / n.").message
    'Not quite: the value for a is off (yours 1.5). Per group: x / n.'
    """
    ok, where = compare(answer, expected, tol=tol)
    if ok:
        return Verdict(True, right)
    for mistake in mistakes:
        if mistake.when is not None:
            if mistake.when(answer):
                return Verdict(False, mistake.hint)
            continue
        wrong = mistake.value() if callable(mistake.value) else mistake.value
        if close_to(answer, wrong, tol=tol if mistake.tol is None else mistake.tol):
            return Verdict(False, mistake.hint)
    return Verdict(False, f"Not quite: {where}. {otherwise}")


def _fmt_key(key: object) -> str:
    if isinstance(key, tuple):
        return "(" + ", ".join(map(str, key)) + ")"
    return str(key)
