"""Statistical process control for services: control charts, run rules, Taguchi loss.

A control chart separates the everyday noise of a process (common causes) from signals
that something has changed (special causes). This module computes the p-chart and
np-chart for error counts with varying daily volumes, the individuals chart for a measured
attribute such as a waiting or cycle time, the Western Electric run rules with each signal
explained in words, and Taguchi's quadratic loss, which prices every deviation from target
and not only those outside a tolerance.

Each chart function returns the input rows (in time order, as given) plus the centre
line, the limits, the standardised value ``z`` and one column per rule.

References: Shewhart (1931); Western Electric Co. (1956); Nelson (1984); Montgomery,
*Introduction to Statistical Quality Control*, section 7.3, for the p-chart; Taguchi,
Chowdhury & Wu (2005) for the loss function.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from numbers import Real

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "D2_MOVING_RANGE",
    "MIN_PHASE1",
    "NELSON_RUN_LENGTH",
    "RULES",
    "RUN_LENGTH",
    "average_taguchi_loss",
    "explain_signals",
    "individuals_chart",
    "np_chart",
    "p_chart",
    "run_rules",
    "taguchi_k",
    "taguchi_loss",
    "western_electric",
]

#: d2 for moving ranges of two points: sigma is estimated as mean moving range / 1.128.
D2_MOVING_RANGE = 1.128
#: Western Electric rule 4: this many consecutive points on one side of the centre line.
RUN_LENGTH = 8
#: Nelson (1984) uses 9 points for the same run rule.
NELSON_RUN_LENGTH = 9
_COUNT = v.Interval(0, np.inf)
_KINDS = ("nominal", "smaller")
_RUN_LENGTH = v.Interval(2, 50, integer=True)
_PHASE1 = v.Interval(2, np.inf, integer=True)
#: What the attribute charts (p and np) accept.
_ATTRIBUTE_CHART = {
    "data": v.Frame(
        {"defectives_col": _COUNT, "size_col": v.Interval(0, np.inf, closed="neither")}
    ),
    "p_bar": v.Interval(0, 1, closed="neither"),
    "phase1": _PHASE1,
    "run_length": _RUN_LENGTH,
}
#: The Taguchi loss inputs besides the outcome.
_TAGUCHI = {
    "target": v.FINITE,
    "tolerance": v.Interval(0, np.inf, closed="neither"),
    "cost_at_limit": v.Interval(0, np.inf),
    "kind": v.Options(_KINDS),
}
#: Fewer Phase I subgroups than this give unreliable limits (a warning, not an error).
MIN_PHASE1 = 20
#: The rule columns every chart returns.
RULES: tuple[str, ...] = ("rule_1", "rule_2", "rule_3", "rule_4")

_RULE_TABLE = [
    (
        "rule_1",
        "One point beyond 3 sigma",
        "A single point outside a control limit.",
        "a special cause on that day: an outage, a new batch, a one-off event",
    ),
    (
        "rule_2",
        "2 of 3 beyond 2 sigma",
        "Two of three consecutive points beyond 2 sigma on the same side.",
        "an early sign of a shift, or a short-lived special cause",
    ),
    (
        "rule_3",
        "4 of 5 beyond 1 sigma",
        "Four of five consecutive points beyond 1 sigma on the same side.",
        "the process level has probably moved by about one sigma or more",
    ),
    (
        "rule_4",
        "A run on one side",
        "Eight consecutive points on the same side of the centre line (Nelson 1984 uses nine).",
        "a sustained shift: something changed in how the work is done",
    ),
]


@validate_params({})
def run_rules() -> pd.DataFrame:
    """The four Western Electric rules as a table, with what each signal suggests.

    Returns
    -------
    pandas.DataFrame
        One row per rule: ``rule``, ``name``, ``pattern`` and ``suggests``.

    Notes
    -----
    The rules come from the Western Electric *Statistical Quality Control Handbook*
    (1956). Rule 4 uses 8 points there; Nelson (1984) uses 9, and some software calls the
    9-point version "Western Electric". Rules 2 to 4 assume roughly normal, symmetric
    data: on attribute charts (p, np) they raise more false alarms than on a chart of
    measurements.

    Examples
    --------
    >>> run_rules()["name"].tolist()[:2]
    ['One point beyond 3 sigma', '2 of 3 beyond 2 sigma']
    """
    return pd.DataFrame(_RULE_TABLE, columns=["rule", "name", "pattern", "suggests"])


def _check_run_length(run_length: object, *, func: str) -> int:
    """The run length as an int (its range was checked by the declaration)."""
    return int(run_length)


def _window_count(flags: np.ndarray, window: int) -> np.ndarray:
    """How many of the last ``window`` points (ending at each point) are flagged."""
    csum = np.concatenate([[0], np.cumsum(flags.astype(int))])
    idx = np.arange(1, len(flags) + 1)
    return csum[idx] - csum[np.maximum(idx - window, 0)]


def _rule_flags(z: np.ndarray, run_length: int) -> dict[str, np.ndarray]:
    z = np.asarray(z, dtype=float)
    valid = ~np.isnan(z)
    zz = np.where(valid, z, 0.0)
    out = {"rule_1": valid & (np.abs(zz) > 3)}
    for name, k, m, level in (("rule_2", 2, 3, 2.0), ("rule_3", 4, 5, 1.0)):
        above, below = valid & (zz > level), valid & (zz < -level)
        out[name] = (above & (_window_count(above, m) >= k)) | (
            below & (_window_count(below, m) >= k)
        )
    above, below = valid & (zz > 0), valid & (zz < 0)
    out["rule_4"] = (_window_count(above, run_length) >= run_length) | (
        _window_count(below, run_length) >= run_length
    )
    return out


@validate_params(
    {
        "data": v.Frame({"z_col": v.FINITE}, missing=["z_col"]),
        "run_length": _RUN_LENGTH,
    }
)
def western_electric(
    data: pd.DataFrame, *, z_col: str = "z", run_length: int = RUN_LENGTH
) -> pd.DataFrame:
    """Apply the four Western Electric rules to standardised values in time order.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows in time order with a standardised value ``z = (x - centre) / sigma``.
    z_col : str
        The column of standardised values (missing values break every pattern).
    run_length : int
        Points in a row on one side for rule 4: 8 (Western Electric) or 9 (Nelson).

    Returns
    -------
    pandas.DataFrame
        ``data`` plus ``rule_1`` ... ``rule_4`` (True at the point that completes the
        pattern; for rules 1-3 that point is itself beyond the zone) and ``signal``
        (any rule).

    See Also
    --------
    run_rules : the rules in words.

    Examples
    --------
    >>> z = pd.DataFrame({"z": [0.5, 3.4, 0.2, 2.3, -0.1, 2.5, 0.3, 0.4, 0.6]})
    >>> rules = western_electric(z)
    >>> rules.index[rules["rule_1"]].tolist(), rules.index[rules["rule_2"]].tolist()
    ([1], [3, 5])
    >>> western_electric(z, run_length=1)
    Traceback (most recent call last):
    ...
    ValueError: western_electric(): argument 'run_length' must be a whole number in [2, 50]; got 1.
    """
    func = "western_electric"
    v.require_columns(data, [z_col], func=func)
    v.require_between(data, z_col, -np.inf, np.inf, func=func, allow_missing=True)
    k = _check_run_length(run_length, func=func)
    flags = _rule_flags(data[z_col].to_numpy(dtype=float), k)
    out = data.assign(**flags)
    out["signal"] = out[list(RULES)].any(axis=1)
    return out


def _phase1_rows(phase1: object, n: int, *, func: str) -> int:
    if phase1 is None:
        return n
    if isinstance(phase1, bool) or not isinstance(phase1, int | np.integer):
        raise TypeError(
            f"{func}(): argument 'phase1' must be a whole number of rows, got {phase1!r}."
        )
    if not 2 <= phase1 <= n:
        raise ValueError(
            f"{func}(): argument 'phase1' must lie in [2, {n}] (the rows in data); got {phase1}."
        )
    return int(phase1)


def _warn_few(m: int, *, func: str, stacklevel: int = 3) -> None:
    if m < MIN_PHASE1:
        warnings.warn(
            f"{func}(): limits estimated from only {m} subgroups; {MIN_PHASE1} or more are "
            "advised for Phase I.",
            UserWarning,
            stacklevel=stacklevel,
        )


def _attribute_counts(
    data: pd.DataFrame, *, defectives_col: str, size_col: str, func: str
) -> tuple[np.ndarray, np.ndarray]:
    v.require_frame(data, func=func)
    v.require_columns(data, [defectives_col, size_col], func=func)
    v.require_between(data, defectives_col, 0, np.inf, func=func)
    v.require_between(data, size_col, 0, np.inf, func=func, closed="neither")
    v.require_not_above(data, defectives_col, size_col, func=func)
    return data[defectives_col].to_numpy(dtype=float), data[size_col].to_numpy(dtype=float)


def _pooled_p(
    x: np.ndarray, n: np.ndarray, p_bar: float | None, phase1: int | None, *, func: str
) -> tuple[float, int]:
    m = _phase1_rows(phase1, len(x), func=func)
    if p_bar is None:
        _warn_few(m, func=func, stacklevel=4)  # the user's call, through p_chart
        p = float(x[:m].sum() / n[:m].sum())
        if not 0 < p < 1:
            raise ValueError(
                f"{func}(): the pooled proportion p-bar is {p:g}; it must lie in (0, 1) for "
                "the limits to have any width (no errors, or nothing but errors, in Phase I)."
            )
        return p, m
    p = v.require_number(p_bar, func=func, name="p_bar", low=0, high=1, closed="neither")
    return p, m


def _finish(out: pd.DataFrame, m: int, phase1: int | None, run_length: int) -> pd.DataFrame:
    if phase1 is not None:
        out["phase"] = np.where(np.arange(len(out)) < m, "I", "II")
    flags = _rule_flags(out["z"].to_numpy(dtype=float), run_length)
    for name in RULES:
        out[name] = flags[name]
    out["signal"] = out[list(RULES)].any(axis=1)
    return out


@validate_params(_ATTRIBUTE_CHART)
def p_chart(
    data: pd.DataFrame,
    *,
    defectives_col: str = "errors",
    size_col: str = "orders",
    p_bar: float | None = None,
    phase1: int | None = None,
    run_length: int = RUN_LENGTH,
) -> pd.DataFrame:
    """p-chart (proportion nonconforming) with variable subgroup sizes and run rules.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per subgroup (e.g. a day), in time order, with the count of defectives
        (errors) and the subgroup size (orders handled).
    defectives_col, size_col : str
        Column names.
    p_bar : float, optional
        A known centre line in (0, 1) (Phase II: judge new data against a standard).
        By default it is estimated from the data.
    phase1 : int, optional
        Estimate p-bar from the first ``phase1`` rows only and judge the rest against it.
        Re-estimating from all rows lets a shift pull the centre line towards itself.
    run_length : int
        Rule 4's run: 8 (Western Electric) or 9 (Nelson).

    Returns
    -------
    pandas.DataFrame
        ``data`` plus ``p`` (x/n), ``centre`` (p-bar), ``sigma`` (per row),
        ``lcl``, ``ucl``, ``z`` = (p - p-bar)/sigma, ``phase`` (with ``phase1``),
        ``rule_1`` ... ``rule_4`` and ``signal``.

    Raises
    ------
    ValueError
        If a count is negative or missing, a size is zero, defectives exceed the size,
        or p-bar is 0 or 1.

    Warns
    -----
    UserWarning
        When p-bar is estimated from fewer than :data:`MIN_PHASE1` subgroups.

    Notes
    -----
    .. math:: \\bar p = \\frac{\\sum_i x_i}{\\sum_i n_i}, \\qquad
              UCL_i, LCL_i = \\bar p \\pm 3\\sqrt{\\bar p (1 - \\bar p) / n_i}

    p-bar is pooled (not the mean of the daily proportions); the LCL is truncated at 0
    and the UCL at 1. The run rules are applied to the standardised values, so that
    days with different volumes are comparable. Rules 2 to 4 assume roughly normal data:
    on an attribute chart they raise more false alarms.

    Examples
    --------
    >>> days = pd.DataFrame({"errors": [10, 4, 12], "orders": [200, 200, 200]})
    >>> chart = p_chart(days, p_bar=0.05)
    >>> chart[["p", "lcl", "ucl"]].round(5).iloc[0].tolist()
    [0.05, 0.00377, 0.09623]
    >>> float(p_chart(days.assign(orders=50), p_bar=0.02)["ucl"].round(4).iloc[0])
    0.0794
    >>> p_chart(days.assign(orders=[200, 0, 200]), p_bar=0.05)
    Traceback (most recent call last):
    ...
    ValueError: p_chart(): column 'orders' must be present and lie in (0, inf); 1 row(s) ...
    """
    func = "p_chart"
    x, n = _attribute_counts(data, defectives_col=defectives_col, size_col=size_col, func=func)
    k = _check_run_length(run_length, func=func)
    p, m = _pooled_p(x, n, p_bar, phase1, func=func)
    sigma = np.sqrt(p * (1 - p) / n)
    out = data.copy()
    out["p"] = x / n
    out["centre"] = p
    out["sigma"] = sigma
    out["lcl"] = np.maximum(p - 3 * sigma, 0.0)
    out["ucl"] = np.minimum(p + 3 * sigma, 1.0)
    out["z"] = (out["p"] - p) / sigma
    return _finish(out, m, phase1, k)


@validate_params(_ATTRIBUTE_CHART)
def np_chart(
    data: pd.DataFrame,
    *,
    defectives_col: str = "errors",
    size_col: str = "orders",
    p_bar: float | None = None,
    phase1: int | None = None,
    run_length: int = RUN_LENGTH,
) -> pd.DataFrame:
    """np-chart (number nonconforming), with a per-row centre line when sizes vary.

    Parameters
    ----------
    data, defectives_col, size_col, p_bar, phase1, run_length
        As in :func:`p_chart`.

    Returns
    -------
    pandas.DataFrame
        ``data`` plus ``np`` (the count), ``centre`` (n p-bar), ``sigma``, ``lcl``,
        ``ucl``, ``z``, ``phase`` (with ``phase1``), the rule columns and ``signal``.

    Notes
    -----
    .. math:: n\\bar p \\pm 3\\sqrt{n \\bar p (1 - \\bar p)}

    The np-chart is meant for a constant subgroup size; with varying sizes its centre
    line moves from day to day and the p-chart is easier to read. The LCL is truncated
    at 0 and the UCL at n.

    Examples
    --------
    >>> days = pd.DataFrame({"errors": [10, 21], "orders": [200, 200]})
    >>> chart = np_chart(days, p_bar=0.05)
    >>> chart[["centre", "lcl", "ucl"]].round(2).iloc[0].tolist()
    [10.0, 0.75, 19.25]
    >>> chart["rule_1"].tolist()
    [False, True]
    >>> np_chart(days.assign(errors=[10, 201]), p_bar=0.05)
    Traceback (most recent call last):
    ...
    ValueError: np_chart(): column 'errors' must not exceed 'orders'; 1 row(s) do (first: ...
    """
    func = "np_chart"
    x, n = _attribute_counts(data, defectives_col=defectives_col, size_col=size_col, func=func)
    k = _check_run_length(run_length, func=func)
    p, m = _pooled_p(x, n, p_bar, phase1, func=func)
    sigma = np.sqrt(n * p * (1 - p))
    out = data.copy()
    out["np"] = x
    out["centre"] = n * p
    out["sigma"] = sigma
    out["lcl"] = np.maximum(n * p - 3 * sigma, 0.0)
    out["ucl"] = np.minimum(n * p + 3 * sigma, n)
    out["z"] = (x - n * p) / sigma
    return _finish(out, m, phase1, k)


@validate_params(
    {
        "data": v.Frame({"value_col": v.FINITE}),
        "phase1": _PHASE1,
        "run_length": _RUN_LENGTH,
    }
)
def individuals_chart(
    data: pd.DataFrame,
    *,
    value_col: str,
    phase1: int | None = None,
    run_length: int = RUN_LENGTH,
) -> pd.DataFrame:
    """Individuals (X) chart of a measured attribute, sigma from the mean moving range.

    Parameters
    ----------
    data : pandas.DataFrame
        One measurement per row in time order, e.g. a day's mean waiting time.
    value_col : str
        The measured column (no missing values).
    phase1 : int, optional
        Estimate the centre and sigma from the first ``phase1`` rows only.
    run_length : int
        Rule 4's run: 8 (Western Electric) or 9 (Nelson).

    Returns
    -------
    pandas.DataFrame
        ``data`` plus ``value``, ``moving_range`` (|x_i - x_(i-1)|, missing on the first
        row), ``centre``, ``sigma``, ``lcl``, ``ucl``, ``z``, ``phase`` (with ``phase1``),
        the rule columns and ``signal``.

    Raises
    ------
    ValueError
        If the column is missing, non-numeric or has missing values, there are fewer
        than two rows, or every baseline value is the same (zero moving range).

    Notes
    -----
    .. math:: \\hat\\sigma = \\overline{MR} / d_2, \\quad d_2 = 1.128, \\qquad
              \\bar x \\pm 3 \\hat\\sigma

    The moving range, not the overall standard deviation, estimates sigma: a shift in
    the data inflates the standard deviation but hardly the moving range, so the limits
    stay tight enough to reveal it.

    Examples
    --------
    >>> waits = pd.DataFrame({"minutes": [4.0, 5.0, 4.0, 6.0, 5.0] * 4})
    >>> chart = individuals_chart(waits, value_col="minutes")
    >>> round(float(chart["sigma"].iloc[0]), 3), round(float(chart["ucl"].iloc[0]), 2)
    (1.073, 8.02)
    >>> individuals_chart(waits.assign(minutes=4.0), value_col="minutes")
    Traceback (most recent call last):
    ...
    ValueError: individuals_chart(): every moving range in the baseline is 0, ...
    """
    func = "individuals_chart"
    v.require_frame(data, func=func)
    v.require_columns(data, [value_col], func=func)
    v.require_between(data, value_col, -np.inf, np.inf, func=func)
    if len(data) < 2:
        raise ValueError(f"{func}(): needs at least 2 rows for a moving range; got {len(data)}.")
    k = _check_run_length(run_length, func=func)
    m = _phase1_rows(phase1, len(data), func=func)
    _warn_few(m, func=func)
    x = data[value_col].to_numpy(dtype=float)
    mr = np.concatenate([[np.nan], np.abs(np.diff(x))])
    mr_bar = float(np.nanmean(mr[1:m]))
    if mr_bar == 0:
        raise ValueError(
            f"{func}(): every moving range in the baseline is 0, so sigma cannot be "
            f"estimated; is {value_col!r} constant?"
        )
    centre = float(x[:m].mean())
    sigma = mr_bar / D2_MOVING_RANGE
    out = data.copy()
    out["value"] = x
    out["moving_range"] = mr
    out["centre"] = centre
    out["sigma"] = sigma
    out["lcl"] = centre - 3 * sigma
    out["ucl"] = centre + 3 * sigma
    out["z"] = (x - centre) / sigma
    return _finish(out, m, phase1, k)


_SIDE_WORDS = {"above": "above", "below": "below"}


@validate_params(
    {
        "chart": v.Frame(
            {"z": v.FINITE, **dict.fromkeys(RULES, v.Boolean()), "label_col": None}, missing=["z"]
        )
    }
)
def explain_signals(chart: pd.DataFrame, *, label_col: str | None = None) -> pd.DataFrame:
    """Every signal on a control chart, one row per point and rule, explained in words.

    Parameters
    ----------
    chart : pandas.DataFrame
        Output of :func:`p_chart`, :func:`np_chart`, :func:`individuals_chart` or
        :func:`western_electric` (columns ``z`` and ``rule_1`` ... ``rule_4``).
    label_col : str, optional
        A column naming each point (e.g. ``"date"``); the row position otherwise.

    Returns
    -------
    pandas.DataFrame
        ``point`` (the label), ``position`` (row number), ``rule``, ``side`` (above or
        below the centre line), ``z`` and ``explanation``. Empty when nothing signals.

    Examples
    --------
    >>> days = pd.DataFrame({"errors": [10, 21, 9, 11], "orders": [200] * 4})
    >>> found = explain_signals(p_chart(days, p_bar=0.05))
    >>> found[["position", "rule", "side"]]
       position    rule   side
    0         1  rule_1  above
    >>> print(found["explanation"].iloc[0])
    Point 1 is beyond the 3-sigma limit above the centre line (z = +3.57): a special cause ...
    """
    func = "explain_signals"
    v.require_columns(chart, ["z", *RULES], func=func)
    if label_col is not None:
        v.require_columns(chart, [label_col], func=func)
    attribute = "p" in chart.columns or "np" in chart.columns
    rows = []
    z = chart["z"].to_numpy(dtype=float)
    labels = chart[label_col].to_numpy() if label_col else np.arange(len(chart))
    suggests = {r[0]: r[3] for r in _RULE_TABLE}
    for position in range(len(chart)):
        for rule in RULES:
            if not bool(chart[rule].iloc[position]):
                continue
            side = "above" if z[position] > 0 else "below"
            label = labels[position]
            if isinstance(label, pd.Timestamp | np.datetime64):
                label = pd.Timestamp(label).date().isoformat()
            label = v._py(label)
            pattern = {
                "rule_1": "is beyond the 3-sigma limit",
                "rule_2": "completes 2 of 3 points beyond 2 sigma",
                "rule_3": "completes 4 of 5 points beyond 1 sigma",
                "rule_4": "completes a run of points",
            }[rule]
            text = (
                f"Point {label} {pattern} {_SIDE_WORDS[side]} the centre line "
                f"(z = {z[position]:+.2f}): {suggests[rule]}."
            )
            if attribute and rule != "rule_1":
                text += (
                    " Rules 2-4 assume roughly normal data; on an attribute chart they raise "
                    "more false alarms, so look for a cause before acting."
                )
            rows.append(
                {
                    "point": label,
                    "position": position,
                    "rule": rule,
                    "side": side,
                    "z": z[position],
                    "explanation": text,
                }
            )
    columns = ["point", "position", "rule", "side", "z", "explanation"]
    return pd.DataFrame(rows, columns=columns)


@validate_params(
    {"tolerance": v.Interval(0, np.inf, closed="neither"), "cost_at_limit": v.Interval(0, np.inf)}
)
def taguchi_k(*, tolerance: float, cost_at_limit: float) -> float:
    """The loss coefficient k = A / Delta^2 of Taguchi's quadratic loss.

    Parameters
    ----------
    tolerance : float
        Delta, the deviation from target at which the loss reaches ``cost_at_limit``
        (must be positive).
    cost_at_limit : float
        A, the loss (cost) at the tolerance limit (non-negative).

    Returns
    -------
    float

    Examples
    --------
    >>> taguchi_k(tolerance=0.5, cost_at_limit=50)
    200.0
    >>> taguchi_k(tolerance=0, cost_at_limit=50)
    Traceback (most recent call last):
    ...
    ValueError: taguchi_k(): argument 'tolerance' must lie in (0, inf); got 0.
    """
    func = "taguchi_k"
    delta = v.require_number(tolerance, func=func, name="tolerance", low=0, closed="neither")
    cost = v.require_number(cost_at_limit, func=func, name="cost_at_limit", low=0, closed="left")
    return cost / delta**2


def _taguchi_inputs(
    target: float, tolerance: float, cost_at_limit: float, kind: str, *, func: str
) -> tuple[float, float]:
    v.require_choice(kind, _KINDS, func=func, name="kind")
    t = v.require_number(target, func=func, name="target")
    if kind == "smaller" and t != 0:
        raise ValueError(f"{func}(): a smaller-the-better loss has target 0; got target={t:g}.")
    delta = v.require_number(tolerance, func=func, name="tolerance", low=0, closed="neither")
    cost = v.require_number(cost_at_limit, func=func, name="cost_at_limit", low=0, closed="left")
    return t, cost / delta**2


@validate_params(
    {
        "y": v.Each(v.FINITE, scalar_ok=True),
        **_TAGUCHI,
    }
)
def taguchi_loss(
    y: float | Sequence[float] | np.ndarray | pd.Series,
    *,
    target: float,
    tolerance: float,
    cost_at_limit: float,
    kind: str = "nominal",
) -> float | np.ndarray | pd.Series:
    """Taguchi's quadratic loss of each outcome: L = k (y - T)^2 with k = A / Delta^2.

    Parameters
    ----------
    y : float, sequence, numpy array or pandas Series
        The outcome(s), e.g. a delivery's arrival time within its slot.
    target : float
        T, the ideal value (0 for ``kind="smaller"``).
    tolerance : float
        Delta, the deviation at which the loss reaches ``cost_at_limit``.
    cost_at_limit : float
        A, the loss at the tolerance limit.
    kind : {"nominal", "smaller"}
        Nominal-the-best (a target in the middle) or smaller-the-better (target 0, for
        waiting times; the outcome must be non-negative).

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        The loss, in the shape of ``y``.

    Raises
    ------
    ValueError
        If ``tolerance <= 0``, ``cost_at_limit < 0``, an outcome is missing, or for
        smaller-the-better the target is not 0 or an outcome is negative.

    Notes
    -----
    .. math:: L(y) = k (y - T)^2, \\qquad k = A / \\Delta^2

    Unlike a pass/fail tolerance (no loss inside T +/- Delta, full loss outside), the
    quadratic loss grows with every step away from target (Taguchi, Chowdhury & Wu 2005).

    Examples
    --------
    >>> taguchi_loss(10.2, target=10.0, tolerance=0.5, cost_at_limit=50)
    8.0
    >>> taguchi_loss([2.0, 4.0], target=0, tolerance=10, cost_at_limit=20, kind="smaller").tolist()
    [0.8, 3.2]
    >>> taguchi_loss(-1.0, target=0, tolerance=10, cost_at_limit=20, kind="smaller")
    Traceback (most recent call last):
    ...
    ValueError: taguchi_loss(): a smaller-the-better outcome must be >= 0; got -1.0.
    """
    func = "taguchi_loss"
    t, k = _taguchi_inputs(target, tolerance, cost_at_limit, kind, func=func)
    scalar = isinstance(y, Real | np.number) and not isinstance(y, bool)
    if isinstance(y, str) or not (scalar or isinstance(y, Sequence | np.ndarray | pd.Series)):
        raise TypeError(f"{func}(): argument 'y' must be a number or a list of numbers, got {y!r}.")
    try:
        values = np.asarray(y.to_numpy() if isinstance(y, pd.Series) else y, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{func}(): argument 'y' must hold numbers only ({exc}).") from None
    if np.isnan(values).any():
        raise ValueError(f"{func}(): y has missing values; drop or fill them first.")
    if kind == "smaller" and (values < 0).any():
        first = values[values < 0].ravel()[0]
        raise ValueError(f"{func}(): a smaller-the-better outcome must be >= 0; got {first}.")
    loss = k * (values - t) ** 2
    if scalar:
        return float(loss)
    if isinstance(y, pd.Series):
        return pd.Series(loss, index=y.index, name="loss")
    return loss


@validate_params(
    {
        "data": v.Frame({"value_col": v.FINITE}, missing=["value_col"]),
        **_TAGUCHI,
    }
)
def average_taguchi_loss(
    data: pd.DataFrame,
    *,
    value_col: str,
    target: float,
    tolerance: float,
    cost_at_limit: float,
    kind: str = "nominal",
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Average Taguchi loss per unit, split into its spread and its bias.

    Under a quadratic loss the average splits exactly into a part from the spread of the
    outcomes and a part from their distance to target, which says whether to reduce
    variation or to re-centre the process first.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (e.g. per delivery).
    value_col : str
        The outcome column (missing values are left out).
    target, tolerance, cost_at_limit, kind
        As in :func:`taguchi_loss`.
    by : str or list of str, optional
        Grouping columns, e.g. a route-planning method.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``n``, ``mean``, ``sd`` (population standard deviation),
        ``bias`` (mean - target), ``k``, ``spread_loss`` = k sd^2, ``bias_loss`` =
        k bias^2 and ``average_loss`` (their sum, equal to the mean of the unit losses).

    Notes
    -----
    .. math:: \\bar L = k\\,[\\sigma^2 + (\\bar y - T)^2]

    Examples
    --------
    >>> units = pd.DataFrame({"y": [9.9, 10.3, 10.1, 10.5]})  # mean 10.2, sd 0.2236
    >>> average_taguchi_loss(units, value_col="y", target=10, tolerance=0.5, cost_at_limit=50)[
    ...     ["mean", "bias", "spread_loss", "bias_loss", "average_loss"]
    ... ].round(2)
       mean  bias  spread_loss  bias_loss  average_loss
    0  10.2   0.2         10.0        8.0          18.0
    """
    func = "average_taguchi_loss"
    v.require_columns(data, [value_col], func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys, func=func)
    v.require_between(data, value_col, -np.inf, np.inf, func=func, allow_missing=True)
    t, k = _taguchi_inputs(target, tolerance, cost_at_limit, kind, func=func)
    if kind == "smaller":
        v.require_between(data, value_col, 0, np.inf, func=func, allow_missing=True)
    used = data.dropna(subset=[value_col])
    if used.empty:
        raise ValueError(f"{func}(): column {value_col!r} has no values.")
    if keys:
        grouped = used.groupby(keys, observed=True, sort=True)[value_col]
        out = pd.DataFrame(
            {"n": grouped.size(), "mean": grouped.mean(), "sd": grouped.std(ddof=0)}
        ).reset_index()
    else:
        column = used[value_col]
        out = pd.DataFrame(
            {"n": [len(column)], "mean": [column.mean()], "sd": [column.std(ddof=0)]}
        )
    out["bias"] = out["mean"] - t
    out["k"] = k
    out["spread_loss"] = k * out["sd"] ** 2
    out["bias_loss"] = k * out["bias"] ** 2
    out["average_loss"] = out["spread_loss"] + out["bias_loss"]
    return out
