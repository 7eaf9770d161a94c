"""Private input checks shared by every public function: constraints declared once.

A constraint is an object (modelled on scikit-learn's ``Interval``, ``StrOptions`` and
``validate_params``). The same object is read by

* the validator (:meth:`Constraint.check` for an argument, :meth:`Constraint.check_column`
  for a column of a table),
* its message, which names four things: the public function the user called, the argument
  or column, the allowed range or type, and the first offending value (STYLE.md section 3),
* the widget sliders (an :class:`Interval` is also a ``(low, high)`` tuple),
* the bad-input tests, which generate their calls from the declarations that
  :func:`validate_params` attaches to each public function.

Constraint types
----------------
:class:`Interval`
    Numbers between two bounds with their closedness, finite unless ``allow_inf=True``;
    ``integer=True`` makes it a range of whole numbers. :data:`FINITE` is any finite real.
:class:`Options`
    One of a fixed set of choices.
:class:`Boolean`
    A real boolean: the string ``"False"`` is bad input, never read by truthiness.
:class:`Text`
    A non-empty string.
:class:`Frame`
    A non-empty DataFrame with one row per index label (optionally one row per key) whose
    declared columns satisfy their own constraints; an all-missing column is bad input.

>>> RATE = Interval(0, 1, closed="left")
>>> RATE
Interval(0, 1, closed='left')
>>> low, high = RATE
>>> RATE.check(0.5, func="clv", name="retention")
0.5
>>> RATE.check(float("inf"), func="clv", name="retention")
Traceback (most recent call last):
...
ValueError: clv(): argument 'retention' must lie in [0, 1); got inf.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "FINITE",
    "Boolean",
    "Constraint",
    "Each",
    "FilePath",
    "Frame",
    "Interval",
    "Options",
    "Scale",
    "Text",
    "as_column_list",
    "require_between",
    "require_boolean",
    "require_choice",
    "require_columns",
    "require_frame",
    "require_not_above",
    "require_number",
    "require_numeric",
    "require_unique_index",
    "require_unique_key",
    "validate_params",
]

_BRACKETS = {"both": "[]", "left": "[)", "right": "(]", "neither": "()"}


def _py(value: Any) -> Any:
    """Plain Python scalar for messages (numpy 2 would print np.float64(...))."""
    return value.item() if isinstance(value, np.generic) else value


def _fmt(x: float) -> str:
    if x in (np.inf, -np.inf):
        return "inf" if x > 0 else "-inf"
    return f"{x:g}"


def _fmt_whole(x: float) -> str:
    """A bound of a whole-number range: ``4294967295``, not ``4.29497e+09``."""
    return str(int(x)) if np.isfinite(x) and float(x).is_integer() else _fmt(x)


def _label(name: str) -> str:
    """``'x'`` -> ``argument 'x'``; names with a subscript (``scale[0]``) stay as they are."""
    return f"argument {name!r}" if name.isidentifier() else name


def _rows_message(func: str, where: str, rule: str, bad: pd.Series) -> str:
    return (
        f"{func}(): {where} {rule}; {len(bad)} row(s) do not (first: index "
        f"{_py(bad.index[0])!r}, value {_py(bad.iloc[0])!r})."
    )


class Constraint:
    """What an argument or a column is allowed to be; subclasses say how to check it."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    def describe(self) -> str:
        """The rule as it reads after "must", e.g. ``lie in [0, 1)``."""
        raise NotImplementedError

    def check(self, value: Any, *, func: str, name: str) -> Any:
        """Return ``value`` (converted) or raise TypeError/ValueError naming ``func``, ``name``."""
        raise NotImplementedError

    def check_column(
        self, data: pd.DataFrame, column: str, *, func: str, allow_missing: bool = False
    ) -> None:
        """Raise unless every value of ``data[column]`` satisfies the constraint."""
        raise NotImplementedError

    def bad_values(self) -> list[Any]:
        """Values that must be refused (the bad-input tests try each one)."""
        return []

    def shown(self, value: Any) -> list[str]:
        """How a message may show ``value`` when it is refused."""
        return [repr(value), str(value)]

    def bad_column_values(self) -> list[Any]:
        """Values that must be refused inside a column (one bad row among good ones)."""
        return self.bad_values()

    def _wrong_type(self, value: Any, *, func: str, name: str, rule: str = "") -> TypeError:
        """The TypeError for ``value``: function, argument, rule (``describe()``), value."""
        return TypeError(
            f"{func}(): {_label(name)} must {rule or self.describe()}, got "
            f"{type(value).__name__} {value!r}."
        )


def _all_missing(data: pd.DataFrame, column: str, rule: str, *, func: str) -> None:
    values = data[column]
    if len(values) and values.isna().all():
        raise ValueError(
            f"{func}(): column {column!r} must have at least one value present that must "
            f"{rule}; all {len(values)} row(s) are missing (first: index "
            f"{_py(values.index[0])!r}, value {_py(values.iloc[0])!r})."
        )


class Interval(Constraint, tuple):
    """Numbers between ``low`` and ``high``; also the ``(low, high)`` tuple sliders read.

    Parameters
    ----------
    low, high : float
        The bounds; ``-inf``/``inf`` for no bound.
    closed : {"both", "left", "right", "neither"}
        Which bounds belong to the interval.
    integer : bool
        Only whole numbers (booleans never count as numbers).
    allow_inf : bool
        Whether infinity is allowed; it is bad input unless said otherwise.
    hint_above : str
        Added to the message when a value is at or above ``high`` (e.g. percent for a fraction).
    """

    def __new__(
        cls,
        low: float,
        high: float,
        *,
        closed: str = "both",
        integer: bool = False,
        allow_inf: bool = False,
        hint_above: str = "",
    ) -> Interval:
        if closed not in _BRACKETS:
            raise ValueError(
                f"Interval(): closed must be one of {list(_BRACKETS)}; got {closed!r}."
            )
        self = tuple.__new__(cls, (low, high))
        self.closed, self.integer, self.allow_inf = closed, integer, allow_inf
        self.hint_above = hint_above
        return self

    def __getnewargs_ex__(self) -> tuple[tuple, dict]:
        kwargs = {"closed": self.closed, "integer": self.integer, "allow_inf": self.allow_inf}
        kwargs["hint_above"] = self.hint_above
        return (self[0], self[1]), kwargs

    def __repr__(self) -> str:
        extra = "".join(
            f", {k}={v!r}"
            for k, v, default in (
                ("closed", self.closed, "both"),
                ("integer", self.integer, False),
                ("allow_inf", self.allow_inf, False),
            )
            if v != default
        )
        return f"Interval({_fmt(self[0])}, {_fmt(self[1])}{extra})"

    @property
    def low(self) -> float:
        """The lower bound."""
        return self[0]

    @property
    def high(self) -> float:
        """The upper bound."""
        return self[1]

    def bounds(self) -> str:
        """The interval in bracket notation, e.g. ``[0, 1)``; whole-number bounds in full."""
        lo, hi = _BRACKETS[self.closed]
        if not self.allow_inf:  # an infinite bound is never attained
            lo = "(" if self[0] == -np.inf else lo
            hi = ")" if self[1] == np.inf else hi
        fmt = _fmt_whole if self.integer else _fmt
        return f"{lo}{fmt(self[0])}, {fmt(self[1])}{hi}"

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        if self.integer:
            return f"be a whole number in {self.bounds()}"
        if self[0] == -np.inf and self[1] == np.inf and not self.allow_inf:
            return "be a finite number"
        return f"lie in {self.bounds()}"

    def mask(self, values: Any) -> np.ndarray:
        """Boolean array: which of ``values`` lie inside (NaN never does)."""
        x = np.asarray(values, dtype=float)
        low_ok = x >= self[0] if self.closed in ("both", "left") else x > self[0]
        high_ok = x <= self[1] if self.closed in ("both", "right") else x < self[1]
        inside = low_ok & high_ok & ~np.isnan(x)
        if not self.allow_inf:
            inside &= np.isfinite(x)
        if self.integer:
            inside &= np.isclose(x, np.round(x))
        return inside

    def __contains__(self, value: object) -> bool:
        """``0.5 in Interval(0, 1)``: a number inside the interval (not tuple membership)."""
        if isinstance(value, bool) or not isinstance(value, Real | np.number):
            return False
        return bool(self.mask([float(value)])[0])

    def check(self, value: Any, *, func: str, name: str) -> float | int:
        """Return ``value`` as float (int if ``integer``) or raise naming ``func`` and ``name``."""
        kinds = Integral | np.integer if self.integer else Real | np.number
        if isinstance(value, bool | np.bool_) or not isinstance(value, kinds):
            if self.integer and isinstance(value, Real) and not isinstance(value, bool):
                if np.isfinite(value) and float(value).is_integer():
                    return self.check(int(value), func=func, name=name)
            what = "a whole number" if self.integer else "a number"
            raise self._wrong_type(
                value, func=func, name=name, rule=f"be {what} in {self.bounds()}"
            )
        if not self.mask([float(value)])[0]:
            hint = self._hint(float(value))
            raise ValueError(
                f"{func}(): {_label(name)} must {self.describe()}{hint}; got {_py(value)!r}."
            )
        return int(value) if self.integer else float(value)

    def check_column(
        self, data: pd.DataFrame, column: str, *, func: str, allow_missing: bool = False
    ) -> None:
        """Raise unless every (present, if ``allow_missing``) value lies inside."""
        require_numeric(data, column, func=func)
        values = data[column]
        inside = pd.Series(self.mask(values), index=values.index)
        if allow_missing:
            _all_missing(data, column, self.describe(), func=func)
            inside |= values.isna()
        bad = values[~inside]
        if len(bad):
            rule = self.describe() if allow_missing else "be present and " + self.describe()
            rule = rule.replace("be present and be ", "be present and ")
            rule += self._hint(float(bad.iloc[0]) if pd.notna(bad.iloc[0]) else np.nan)
            raise ValueError(_rows_message(func, f"column {column!r}", f"must {rule}", bad))

    def _hint(self, value: float) -> str:
        return self.hint_above if self.hint_above and value >= self[1] else ""

    def valid_value(self) -> float:
        """One value inside the interval (used by tests)."""
        low = self[0] if np.isfinite(self[0]) else min(0.0, self[1] - 1)
        high = self[1] if np.isfinite(self[1]) else low + 2
        middle = (low + high) / 2
        return float(round(middle)) if self.integer else middle

    def bad_values(self) -> list[Any]:
        """Infinity, NaN, one value on each side (if bounded), and a string."""
        out: list[Any] = [float("nan"), "1"]
        if not self.allow_inf:
            out += [float("inf"), float("-inf")]
        if np.isfinite(self[0]):
            out.append(self[0] - 1 if self.closed in ("both", "left") else self[0])
        if np.isfinite(self[1]):
            out.append(self[1] + 1 if self.closed in ("both", "right") else self[1])
        if self.integer:
            out.append(self.valid_value() + 0.5)
        return out

    def bad_column_values(self) -> list[Any]:
        """Values to plant in one row of a column (NaN is fine there when missing is allowed)."""
        return [v for v in self.bad_values() if not isinstance(v, str)]


#: Any finite real number.
FINITE = Interval(-np.inf, np.inf, closed="neither")


class Options(Constraint):
    """One of a fixed set of choices (strings compare exactly)."""

    def __init__(self, choices: Iterable[Any]):
        self.choices = tuple(choices)

    def __repr__(self) -> str:
        return f"Options({self.choices!r})"

    def __iter__(self):
        return iter(self.choices)

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        return f"be one of {', '.join(map(repr, self.choices))}"

    def check(self, value: Any, *, func: str, name: str) -> Any:
        """Return ``value`` if it is one of the choices."""
        try:
            ok = value in self.choices
        except TypeError:  # unhashable or incomparable
            ok = False
        if not ok or isinstance(value, bool) and not any(c is value for c in self.choices):
            raise ValueError(f"{func}(): {_label(name)} must {self.describe()}; got {value!r}.")
        return value

    def check_column(
        self, data: pd.DataFrame, column: str, *, func: str, allow_missing: bool = False
    ) -> None:
        """Raise unless every value of the column is one of the choices."""
        values = data[column]
        inside = values.isin(self.choices)
        if allow_missing:
            _all_missing(data, column, self.describe(), func=func)
            inside |= values.isna()
        bad = values[~inside]
        if len(bad):
            raise ValueError(
                _rows_message(func, f"column {column!r}", f"must {self.describe()}", bad)
            )

    def bad_values(self) -> list[Any]:
        """A name that is not a choice, and None (unless None is a choice)."""
        return [v for v in ("no-such-choice", None) if v not in self.choices]


class Boolean(Constraint):
    """A real boolean (True/False, numpy bools; a column of 0/1 also counts).

    A string such as ``"False"`` is bad input: it is never read by truthiness.
    """

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        return "be boolean (True or False)"

    def check(self, value: Any, *, func: str, name: str) -> bool:
        """Return ``value`` as bool if it is a real boolean."""
        if not isinstance(value, bool | np.bool_):
            raise self._wrong_type(value, func=func, name=name)
        return bool(value)

    def check_column(
        self, data: pd.DataFrame, column: str, *, func: str, allow_missing: bool = False
    ) -> None:
        """Raise unless every value is True/False (or 0/1); strings are refused."""
        values = data[column]
        if pd.api.types.is_bool_dtype(values):
            return
        if allow_missing:
            _all_missing(data, column, self.describe(), func=func)
        ok = values.map(
            lambda v: (
                isinstance(v, bool | np.bool_) or (isinstance(v, Real | np.number) and v in (0, 1))
            )
        )
        if allow_missing:
            ok |= values.isna()
        bad = values[~ok.astype(bool)]
        if len(bad):
            error = TypeError if not isinstance(_py(bad.iloc[0]), Real) else ValueError
            raise error(_rows_message(func, f"column {column!r}", f"must {self.describe()}", bad))

    def bad_values(self) -> list[Any]:
        """Strings that read as booleans, a number and None."""
        return ["False", "True", 2, None]

    def bad_column_values(self) -> list[Any]:
        """Strings and a number other than 0/1."""
        return ["False", "yes", 2]


class Text(Constraint):
    """A non-empty string."""

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        return "be a non-empty string"

    def check(self, value: Any, *, func: str, name: str) -> str:
        """Return ``value`` if it is a non-empty string."""
        if not isinstance(value, str):
            raise self._wrong_type(value, func=func, name=name)
        if not value.strip():
            raise ValueError(f"{func}(): {_label(name)} must {self.describe()}; got {value!r}.")
        return value

    def check_column(
        self, data: pd.DataFrame, column: str, *, func: str, allow_missing: bool = False
    ) -> None:
        """Raise unless the column has at least one value (text columns are read as text)."""
        _all_missing(data, column, "be present", func=func)

    def bad_values(self) -> list[Any]:
        """An empty string and a number."""
        return ["", 3]

    def bad_column_values(self) -> list[Any]:
        """None planted in one row: text columns are only required not to be all missing."""
        return []


class Each(Constraint):
    """A non-empty list of values, each satisfying ``item`` (or one if ``scalar_ok``)."""

    def __init__(self, item: Constraint, *, scalar_ok: bool = False):
        self.item, self.scalar_ok = item, scalar_ok

    def __repr__(self) -> str:
        return f"Each({self.item!r}, scalar_ok={self.scalar_ok})"

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        one = "be a single value or " if self.scalar_ok else "be "
        return one + "a non-empty list, each value of which must " + self.item.describe()

    def check(self, value: Any, *, func: str, name: str) -> Any:
        """Return ``value`` (a list of checked items, or one checked item if ``scalar_ok``)."""
        if self.scalar_ok and not isinstance(value, str | Sequence | np.ndarray | pd.Series):
            return self.item.check(value, func=func, name=name)
        if isinstance(value, str | Mapping) or not isinstance(
            value, Sequence | np.ndarray | pd.Series
        ):
            raise self._wrong_type(value, func=func, name=name)
        items = list(value)
        numbers = np.asarray(items, dtype=object)
        if isinstance(self.item, Interval) and numbers.size and not self.item.integer:
            kinds = [isinstance(v, Real | np.number) and not isinstance(v, bool) for v in items]
            if all(kinds):  # vectorised: the first value outside the interval
                inside = self.item.mask(numbers.astype(float))
                if inside.all():
                    return items
                k = int(np.flatnonzero(~inside)[0])
                return self.item.check(items[k], func=func, name=f"{name}[{k}]")
        if not items:
            raise ValueError(f"{func}(): {_label(name)} must {self.describe()}; got {value!r}.")
        return [self.item.check(v, func=func, name=f"{name}[{k}]") for k, v in enumerate(items)]

    def bad_values(self) -> list[Any]:
        """An empty list, a string, and a list with each bad item."""
        return [[], "0.1"] + [[v] for v in self.item.bad_values()]


class Scale(Constraint):
    """A rating scale: a pair ``(low, high)`` of finite numbers with ``low < high``."""

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        return "be a pair (low, high) of finite numbers with low < high"

    def check(self, value: Any, *, func: str, name: str) -> tuple[float, float]:
        """Return ``(low, high)`` as floats."""
        if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
            raise TypeError(f"{func}(): {_label(name)} must {self.describe()}, got {value!r}.")
        low = FINITE.check(value[0], func=func, name=f"{name}[0]")
        high = FINITE.check(value[1], func=func, name=f"{name}[1]")
        if not low < high:
            raise ValueError(f"{func}(): {_label(name)} must {self.describe()}; got {value!r}.")
        return low, high

    def bad_values(self) -> list[Any]:
        """Infinite, missing, reversed and non-pair scales."""
        return [(1, float("inf")), (float("nan"), 7), (7, 1), "1-7", (1, 4, 7)]


class FilePath(Constraint):
    """A file path (a str or path-like), optionally with a required suffix such as ``.json``."""

    def __init__(self, suffix: str | None = None):
        self.suffix = suffix

    def __repr__(self) -> str:
        return f"FilePath({self.suffix!r})"

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        if self.suffix:
            return f"end in {self.suffix} (a file path)"
        return "be a file path (str or path-like)"

    def check(self, value: Any, *, func: str, name: str) -> Any:
        """Return ``value`` if it is a path with the right suffix."""
        if not isinstance(value, str | os.PathLike) or not str(value).strip():
            rule = "be a file path (str or path-like)"
            raise self._wrong_type(value, func=func, name=name, rule=rule)
        if self.suffix and not str(value).lower().endswith(self.suffix):
            raise ValueError(
                f"{func}(): {_label(name)} must {self.describe()}; got {str(value)!r}."
            )
        return value

    def bad_values(self) -> list[Any]:
        """A number, None and (with a suffix) a path with another suffix."""
        return [3, None] + (["plan.txt"] if self.suffix else [])


class Frame(Constraint):
    """A non-empty DataFrame, one row per index label, with declared columns.

    Parameters
    ----------
    columns : mapping of str to Constraint
        Column constraints. A key that names a parameter of the function (``margin_col``)
        stands for the column that parameter names; any other key is a literal column.
    missing : iterable of str
        The keys of ``columns`` whose values may be missing (but not all missing).
    key : str or sequence of str, optional
        Columns (or parameters naming columns, or a ``by=`` parameter) that identify a
        row: then one row per key.
    derived : callable, optional
        Given the call's arguments, more column constraints (e.g. the item columns of a
        survey named by a prefix). ``missing=["*"]`` lets every column have gaps.
    """

    def __init__(
        self,
        columns: Mapping[str, Constraint | None] | None = None,
        *,
        missing: Iterable[str] = (),
        key: str | Sequence[str] | None = None,
        derived: Callable[[Mapping[str, Any]], Mapping[str, Constraint]] | None = None,
    ):
        self.derived = derived
        self.columns = dict(columns or {})
        self.missing = frozenset(missing)
        self.key = (key,) if isinstance(key, str) else tuple(key or ())

    def __repr__(self) -> str:
        return f"Frame({self.columns!r}, missing={sorted(self.missing)!r}, key={self.key!r})"

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        return "be a non-empty pandas DataFrame with one row per index label"

    def resolve(self, bound: Mapping[str, Any]) -> tuple[dict[str, Constraint], list[str]]:
        """Column names (looked up through the call's arguments) and the key columns."""
        columns = {}
        extra = self.derived(bound) if self.derived else {}
        for key, constraint in {**self.columns, **extra}.items():
            column = bound.get(key, key)
            if column is not None:
                columns[column] = constraint
        keys: list[str] = []
        for key in self.key:
            value = bound.get(key, key)
            keys += as_column_list(value, func="Frame", name=key)
        return columns, keys

    def allows_missing(self, column: str, bound: Mapping[str, Any]) -> bool:
        """Whether ``column`` may have missing values (never in every row)."""
        return "*" in self.missing or any(bound.get(k, k) == column for k in self.missing)

    def check(self, value: Any, *, func: str, name: str, bound: Mapping[str, Any] = None) -> Any:
        """Check the table and its declared columns; ``bound`` maps parameters to arguments."""
        require_frame(value, func=func, name=name)
        require_unique_index(value, func=func, name=name)
        columns, keys = self.resolve(bound or {})
        require_columns(
            value, list(columns) + [k for k in keys if k not in columns], func=func, name=name
        )
        for column, constraint in columns.items():
            allowed = self.allows_missing(column, bound or {})
            if constraint is not None:
                constraint.check_column(value, column, func=func, allow_missing=allowed)
        if keys:
            require_unique_key(value, keys, func=func, name=name)
        return value


# --------------------------------------------------------------------------------------
# The declaration: validate_params
# --------------------------------------------------------------------------------------
def validate_params(
    constraints: Mapping[str, Constraint | None],
    *,
    name: str | None = None,
    none_ok: Iterable[str] = (),
) -> Callable[[Callable], Callable]:
    """Declare the constraints of a public function's parameters and check them on each call.

    ``None`` means "checked in the body" (or unconstrained). An argument that is ``None``
    is not checked when its parameter defaults to ``None`` or is named in ``none_ok`` (a
    required parameter that accepts ``None``). The declarations are kept as
    ``wrapper.__constraints__`` for the bad-input tests; messages name the decorated
    function (or ``name``), never a helper.

    >>> @validate_params({"rate": Interval(0, 1)})
    ... def spend(rate: float) -> float:
    ...     return rate * 2
    >>> spend(0.25)
    0.5
    >>> spend(rate="0.5")
    Traceback (most recent call last):
    ...
    TypeError: spend(): argument 'rate' must be a number in [0, 1], got str '0.5'.
    """
    optional = frozenset(none_ok)

    def decorate(function: Callable) -> Callable:
        func = name or function.__name__
        signature = inspect.signature(function)
        unknown = (set(constraints) | optional) - set(signature.parameters)
        if unknown:
            raise TypeError(f"validate_params(): {func} has no parameter {sorted(unknown)[0]!r}.")

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                call = signature.bind(*args, **kwargs)
            except TypeError as error:
                raise TypeError(f"{func}(): {error}.") from None
            call.apply_defaults()
            bound = call.arguments
            for param, constraint in constraints.items():
                if constraint is None:
                    continue
                value = bound[param]
                if value is None and (
                    param in optional or signature.parameters[param].default is None
                ):
                    continue
                if isinstance(constraint, Frame):
                    constraint.check(value, func=func, name=param, bound=bound)
                else:
                    constraint.check(value, func=func, name=param)
            return function(*args, **kwargs)

        wrapper.__constraints__ = dict(constraints)
        return wrapper

    return decorate


# --------------------------------------------------------------------------------------
# The checks, as functions (the constraint objects use them; older call sites too)
# --------------------------------------------------------------------------------------
def require_frame(data: Any, *, func: str, name: str = "data") -> None:
    """Raise TypeError unless ``data`` is a non-empty pandas DataFrame."""
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"{func}(): {name} must be a pandas DataFrame, got {type(data).__name__}.")
    if data.empty:
        raise ValueError(f"{func}(): {name} is empty; it needs at least one row.")


def require_columns(
    data: pd.DataFrame, columns: Iterable[str], *, func: str, name: str = "data"
) -> None:
    """Raise ValueError naming the first column of ``columns`` missing from ``data``."""
    require_frame(data, func=func, name=name)
    missing = [c for c in columns if c not in data.columns]
    if missing:
        shown = ", ".join(map(repr, list(data.columns)[:12]))
        more = " ..." if len(data.columns) > 12 else ""
        raise ValueError(
            f"{func}(): {name} has no column {missing[0]!r}"
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
    def number(v: Any) -> bool:
        return isinstance(v, Real | np.number) and not isinstance(v, bool | np.bool_)

    non_null = values.dropna()
    if non_null.empty:
        return ""
    bad = non_null[~non_null.map(number).astype(bool)]
    first = bad if len(bad) else non_null
    count = len(bad) or len(non_null)
    return f" ({count} row(s); first: index {_py(first.index[0])!r}, value {_py(first.iloc[0])!r})"


def require_between(
    data: pd.DataFrame,
    column: str,
    low: float,
    high: float,
    *,
    func: str,
    closed: str = "both",
    allow_missing: bool = False,
    allow_inf: bool = False,
) -> None:
    """Raise unless every value of ``data[column]`` lies between ``low`` and ``high``.

    Infinity is bad input unless ``allow_inf``. Missing values count as bad unless
    ``allow_missing`` is true, and even then a column missing in every row is bad.
    """
    interval = Interval(low, high, closed=closed, allow_inf=allow_inf)
    interval.check_column(data, column, func=func, allow_missing=allow_missing)


def require_not_above(
    data: pd.DataFrame, part: str, whole: str, *, func: str, noun: str = ""
) -> None:
    """Raise ValueError where column ``part`` exceeds column ``whole`` (errors > orders).

    The message names the first such row and its two values: ``3{noun} out of 2``.
    """
    over = data[data[part] > data[whole]]
    if len(over):
        raise ValueError(
            f"{func}(): column {part!r} must not exceed {whole!r}; {len(over)} row(s) "
            f"do (first: index {_py(over.index[0])!r}, "
            f"{_py(over[part].iloc[0])!r}{noun} out of {_py(over[whole].iloc[0])!r})."
        )


def require_number(
    value: Any,
    *,
    func: str,
    name: str,
    low: float = -np.inf,
    high: float = np.inf,
    closed: str = "both",
    integer: bool = False,
) -> float:
    """Check that a scalar argument is a finite real number inside a range and return it."""
    return Interval(low, high, closed=closed, integer=integer).check(value, func=func, name=name)


def require_choice(value: Any, choices: Sequence[Any], *, func: str, name: str) -> None:
    """Raise ValueError unless ``value`` is one of ``choices``."""
    Options(choices).check(value, func=func, name=name)


def require_boolean(
    data: pd.DataFrame, column: str, *, func: str, allow_missing: bool = False
) -> None:
    """Raise unless ``data[column]`` holds real booleans (or 0/1), never strings."""
    Boolean().check_column(data, column, func=func, allow_missing=allow_missing)


def require_unique_index(data: pd.DataFrame, *, func: str, name: str = "data") -> None:
    """Raise ValueError if an index label occurs more than once (it would be counted twice)."""
    repeated = data.index[data.index.duplicated()]
    if len(repeated):
        raise ValueError(
            f"{func}(): {name} must have one row per index label; {len(repeated)} row(s) "
            f"repeat a label (first: index {_py(repeated[0])!r}). Use .reset_index(drop=True) "
            "if the rows are distinct."
        )


def require_unique_key(
    data: pd.DataFrame, keys: Sequence[str], *, func: str, name: str = "data"
) -> None:
    """Raise ValueError if two rows share the same value of the ``keys`` columns."""
    keys = list(keys)
    repeated = data.duplicated(subset=keys, keep="first")
    if repeated.any():
        row = data.loc[repeated, keys].iloc[0]
        value = _py(row.iloc[0]) if len(keys) == 1 else tuple(map(_py, row))
        shown = repr(keys[0]) if len(keys) == 1 else repr(keys)
        raise ValueError(
            f"{func}(): {name} must have one row per {shown}; {int(repeated.sum())} row(s) "
            f"repeat a key (first: index {_py(row.name)!r}, value {value!r})."
        )


def as_column_list(by: str | Sequence[str] | None, *, func: str, name: str = "by") -> list[str]:
    """Normalise a ``by=`` argument (None, a column name or a list of names) to a list."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    if isinstance(by, list | tuple) and all(isinstance(b, str) for b in by):
        return list(by)
    raise TypeError(
        f"{func}(): {_label(name)} must be a column name or a list of column names, got {by!r}."
    )
