"""Staff diagnostics: the internal market read like a market.

A staff climate survey comes *wide*, one row per employee, with Likert items in columns
``q01`` ... ``q18`` (1-5 agreement, missing answers as ``NaN``), an employee Net Promoter
question (0-10) and descriptive columns (department, role, tenure) to group by. Monthly
headcount comes one row per department and month. Every function returns a new DataFrame.

The climate instrument (:data:`CLIMATE_ITEMS`) is the kit's own teaching instrument,
not a published scale (published internal marketing scales, such as Lings & Greenley 2005
and Gounaris 2006, measure internal market orientation and are not reproduced here).
eNPS, turnover and cohort retention follow the definitions in the chapter *Staff
diagnostics*.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "CHANGE_SEGMENTS",
    "CLIMATE_DIMENSIONS",
    "CLIMATE_ITEMS",
    "CLIMATE_SCALE",
    "ENPS_SCALE",
    "ISQ_SCALE",
    "SEGMENT_CUTS",
    "ClimateItem",
    "climate_items",
    "climate_scores",
    "cronbach_alpha",
    "enps",
    "internal_segments",
    "internal_service_quality",
    "item_analysis",
    "retention_rate",
    "staff_retention_rate",
    "segment_shares",
    "staff_turnover",
    "turnover_rate",
]

#: The climate survey's 5-point agreement scale (1 = strongly disagree, 5 = strongly agree).
CLIMATE_SCALE = v.Interval(1.0, 5.0)
#: The eNPS question's 0-10 scale.
ENPS_SCALE = v.Interval(0, 10, integer=True)
#: The 1-7 rating of the service received from an internal supplier department.
ISQ_SCALE = v.Interval(1.0, 7.0)
_COUNT = v.Interval(0, np.inf)
#: Attitude cut-offs of :func:`internal_segments`: below the first is an opponent, above
#: the second a supporter, in between (inclusive) a neutral. A teaching rule.
SEGMENT_CUTS: tuple[float, float] = (2.5, 3.5)
#: The three attitude segments, from most to least favourable.
CHANGE_SEGMENTS: tuple[str, ...] = ("supporter", "neutral", "opponent")


@dataclass(frozen=True)
class ClimateItem:
    """One item of the climate survey: its column, dimension, wording and direction."""

    column: str
    dimension: str
    reverse: bool
    wording: str


#: The kit's climate survey (a teaching instrument; four items are worded negatively).
CLIMATE_ITEMS: tuple[ClimateItem, ...] = (
    ClimateItem(
        "q01", "internal_service", False, "The departments I depend on give me what I need."
    ),
    ClimateItem("q02", "internal_service", False, "When I ask another team for help, it is quick."),
    ClimateItem(
        "q03", "internal_service", True, "I often have to chase other teams to get work done."
    ),
    ClimateItem(
        "q04", "internal_service", False, "Errors made elsewhere rarely reach my customers."
    ),
    ClimateItem("q05", "communication", False, "I hear about changes before customers do."),
    ClimateItem("q06", "communication", False, "Managers explain the reasons for decisions."),
    ClimateItem(
        "q07", "communication", True, "I learn more from the grapevine than from managers."
    ),
    ClimateItem(
        "q08", "communication", False, "I can pass on customers' comments and they are heard."
    ),
    ClimateItem("q09", "development", False, "I have had the training I need to do my job well."),
    ClimateItem("q10", "development", False, "I have real chances to learn and grow here."),
    ClimateItem("q11", "development", False, "My manager helps me develop my skills."),
    ClimateItem("q12", "recognition", False, "Good work is noticed and recognised here."),
    ClimateItem("q13", "recognition", True, "Doing more than my job only gets me more work."),
    ClimateItem("q14", "recognition", False, "My pay is fair for what I do."),
    ClimateItem(
        "q15",
        "change_attitude",
        False,
        "The service promise will make things better for customers.",
    ),
    ClimateItem(
        "q16", "change_attitude", False, "I am willing to change how I work to keep the promise."
    ),
    ClimateItem(
        "q17", "change_attitude", True, "The service promise is another initiative that will pass."
    ),
    ClimateItem(
        "q18", "change_attitude", False, "I would encourage colleagues to join a promise team."
    ),
)
#: The five climate dimensions in the instrument's order.
CLIMATE_DIMENSIONS: tuple[str, ...] = tuple(dict.fromkeys(i.dimension for i in CLIMATE_ITEMS))

_Items = Sequence[ClimateItem]


def climate_items(items: _Items = CLIMATE_ITEMS) -> pd.DataFrame:
    """The climate survey's items as a table: column, dimension, reverse, wording.

    Examples
    --------
    >>> table = climate_items()
    >>> table.groupby("dimension", sort=False).size().to_dict()
    {'internal_service': 4, 'communication': 4, 'development': 3, 'recognition': 3,
     'change_attitude': 4}
    >>> table.query("reverse")["column"].tolist()
    ['q03', 'q07', 'q13', 'q17']
    """
    return pd.DataFrame([i.__dict__ for i in _check_items(items, func="climate_items")])


def _check_items(items: _Items, *, func: str) -> tuple[ClimateItem, ...]:
    items = tuple(items)
    if not items or not all(isinstance(i, ClimateItem) for i in items):
        raise TypeError(
            f"{func}(): argument 'items' must be a non-empty sequence of "
            f"ClimateItem, got {items!r:.80}."
        )
    seen = [i.column for i in items]
    dup = [c for c in seen if seen.count(c) > 1]
    if dup:
        raise ValueError(f"{func}(): items lists column {dup[0]!r} twice.")
    return items


def _check_scale(scale: Sequence[float], *, func: str) -> tuple[float, float]:
    return v.Scale().check(scale, func=func, name="scale")


def _item_constraints(bound: dict) -> dict:
    """Each item column of the call's instrument on the call's scale (checked once more below)."""
    items = bound["items"]
    if isinstance(items, str) or not all(isinstance(i, ClimateItem) for i in items or ()):
        return {}
    return dict.fromkeys([i.column for i in items], v.Interval(*bound["scale"]))


#: What every function scoring the climate instrument accepts.
_INSTRUMENT = {
    "scale": v.Scale(),
    "reverse": v.Boolean(),
    "items": None,
    "data": v.Frame(derived=_item_constraints, missing=["*"]),
}


def _scored_items(
    data: pd.DataFrame, items: _Items, scale: Sequence[float], *, func: str, reverse: bool
) -> pd.DataFrame:
    """Validated item answers as floats, negatively worded items reversed (low + high - x)."""
    items = _check_items(items, func=func)
    low, high = _check_scale(scale, func=func)
    cols = [i.column for i in items]
    v.require_columns(data, cols, func=func)
    for col in cols:
        v.require_between(data, col, low, high, func=func, allow_missing=True)
    answers = data[cols].astype("float64")
    if reverse:
        for item in items:
            if item.reverse:
                answers[item.column] = low + high - answers[item.column]
    return answers


@validate_params(
    {
        **_INSTRUMENT,
        "min_answered": v.Interval(0, 1, closed="right"),
    }
)
def climate_scores(
    data: pd.DataFrame,
    *,
    items: _Items = CLIMATE_ITEMS,
    scale: Sequence[float] = CLIMATE_SCALE,
    reverse: bool = True,
    min_answered: float = 0.5,
) -> pd.DataFrame:
    """Score each employee on each climate dimension: the mean of their answered items.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per employee with the item columns of ``items``.
    items : sequence of ClimateItem
        The instrument (:data:`CLIMATE_ITEMS` by default).
    scale : (float, float)
        The answer scale, ``(1, 5)`` by default.
    reverse : bool
        Reverse the negatively worded items (``low + high - x``) before scoring. Leave it
        on; ``False`` exists to show what forgetting it does.
    min_answered : float
        Share of a dimension's items an employee must have answered for a score, in
        (0, 1]; otherwise the score is missing.

    Returns
    -------
    pandas.DataFrame
        The non-item columns of ``data`` plus one score column per dimension.

    Raises
    ------
    ValueError
        If an item column is missing or an answer lies outside ``scale``.

    Examples
    --------
    >>> df = pd.DataFrame({"q15": [5, 2], "q16": [4, 2], "q17": [1, 4], "q18": [5, None]})
    >>> items = [i for i in CLIMATE_ITEMS if i.dimension == "change_attitude"]
    >>> climate_scores(df, items=items)["change_attitude"].round(2).tolist()
    [4.75, 2.0]
    >>> climate_scores(df.assign(q16=[4, 7]), items=items)
    Traceback (most recent call last):
    ...
    ValueError: climate_scores(): column 'q16' must lie in [1, 5]; 1 row(s) do not (first: ...
    """
    func = "climate_scores"
    v.require_frame(data, func=func)
    share = v.require_number(
        min_answered, func=func, name="min_answered", low=0, high=1, closed="right"
    )
    answers = _scored_items(data, items, scale, func=func, reverse=reverse)
    cols = set(answers.columns)
    out = data[[c for c in data.columns if c not in cols]].copy()
    for dim in dict.fromkeys(i.dimension for i in items):
        block = answers[[i.column for i in items if i.dimension == dim]]
        answered = block.notna().sum(axis=1)
        out[dim] = block.mean(axis=1).where(answered >= share * block.shape[1] - 1e-9)
    return out


def _alpha(block: pd.DataFrame) -> float:
    k = block.shape[1]
    total_var = block.sum(axis=1).var(ddof=1)
    if len(block) < 2 or not total_var > 0:
        return float("nan")
    return float(k / (k - 1) * (1 - block.var(ddof=1).sum() / total_var))


@validate_params(_INSTRUMENT)
def cronbach_alpha(
    data: pd.DataFrame,
    *,
    items: _Items = CLIMATE_ITEMS,
    scale: Sequence[float] = CLIMATE_SCALE,
    reverse: bool = True,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Cronbach's alpha of each dimension, to see whether its items hold together.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per employee with the item columns.
    items, scale, reverse
        As in :func:`climate_scores`.
    by : str or list of str, optional
        Compute alpha separately within each group.

    Returns
    -------
    pandas.DataFrame
        One row per (group and) dimension: ``dimension``, ``items`` (count), ``n``
        (employees who answered every item of the dimension, listwise) and ``alpha``
        (``NaN`` when the total score has no variance or fewer than two employees).

    Raises
    ------
    ValueError
        If a dimension has fewer than two items, for which alpha is undefined.

    Notes
    -----
    .. math:: \\alpha = \\frac{k}{k-1}\\left(1 - \\frac{\\sum_i s_i^2}{s_T^2}\\right)

    with :math:`k` items, item variances :math:`s_i^2` and the variance of the summed
    score :math:`s_T^2` (Cronbach 1951). A common rule of thumb reads 0.7 or more as
    acceptable for a research scale; it is a convention, not a test.

    Examples
    --------
    >>> df = pd.DataFrame({"q09": [1, 2, 4, 5], "q10": [2, 2, 4, 5], "q11": [1, 3, 5, 4]})
    >>> items = [i for i in CLIMATE_ITEMS if i.dimension == "development"]
    >>> cronbach_alpha(df, items=items).round(3)
         dimension  items  n  alpha
    0  development      3  4  0.946
    """
    func = "cronbach_alpha"
    v.require_frame(data, func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys, func=func)
    answers = _scored_items(data, items, scale, func=func, reverse=reverse)
    dims = list(dict.fromkeys(i.dimension for i in items))
    for dim in dims:
        k = sum(i.dimension == dim for i in items)
        if k < 2:
            raise ValueError(
                f"{func}(): dimension {dim!r} has {k} item; alpha needs at least 2 items."
            )
    groups = data.groupby(keys, sort=True, observed=True) if keys else [((), data)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        for dim in dims:
            block = answers.loc[part.index, [i.column for i in items if i.dimension == dim]]
            block = block.dropna()
            rows.append(
                dict(zip(keys, key, strict=True))
                | {
                    "dimension": dim,
                    "items": block.shape[1],
                    "n": len(block),
                    "alpha": _alpha(block),
                }
            )
    return pd.DataFrame(rows)


@validate_params(
    {
        **_INSTRUMENT,
        "dimension": v.Text(),
    }
)
def item_analysis(
    data: pd.DataFrame,
    *,
    dimension: str,
    items: _Items = CLIMATE_ITEMS,
    scale: Sequence[float] = CLIMATE_SCALE,
    reverse: bool = True,
) -> pd.DataFrame:
    """Which item weakens a scale? Item-rest correlation and alpha if the item is dropped.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per employee with the item columns.
    dimension : str
        The dimension to analyse (it needs at least three items).
    items, scale, reverse
        As in :func:`climate_scores`.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``column``, ``wording``, ``item_rest_r`` (correlation of the item
        with the sum of the other items) and ``alpha_if_dropped``.

    Examples
    --------
    >>> survey = load_dataset("staff_survey")
    >>> table = item_analysis(survey, dimension="recognition")
    >>> table.sort_values("item_rest_r")["column"].iloc[0]
    'q14'
    """
    func = "item_analysis"
    items = _check_items(items, func=func)
    mine = [i for i in items if i.dimension == dimension]
    if len(mine) < 3:
        dims = ", ".join(dict.fromkeys(i.dimension for i in items if i.dimension))
        raise ValueError(
            f"{func}(): argument 'dimension' must name a dimension with at least 3 items ({dims}); "
            f"got {dimension!r} with {len(mine)}."
        )
    block = _scored_items(data, mine, scale, func=func, reverse=reverse).dropna()
    rows = []
    for item in mine:
        rest = block.drop(columns=item.column)
        rows.append(
            {
                "column": item.column,
                "wording": item.wording,
                "item_rest_r": float(block[item.column].corr(rest.sum(axis=1))),
                "alpha_if_dropped": _alpha(rest),
            }
        )
    return pd.DataFrame(rows)


@validate_params({"data": v.Frame({"score_col": ENPS_SCALE}, missing=["score_col"])})
def enps(
    data: pd.DataFrame,
    *,
    score_col: str = "enps",
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Employee Net Promoter Score: % promoters (9-10) minus % detractors (0-6).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per employee with the answer to "How likely are you to recommend this
        organisation as a place to work?" on 0-10; missing answers are left out.
    score_col : str
        The answer column.
    by : str or list of str, optional
        One row per group instead of one overall row.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``n`` (answers), ``promoters``, ``passives``, ``detractors`` (each
        in % of answers) and ``enps`` (in points, -100 to +100).

    Raises
    ------
    ValueError
        If an answer is not a whole number from 0 to 10.

    Notes
    -----
    .. math:: eNPS = 100\\,\\frac{n_{9-10}}{n} - 100\\,\\frac{n_{0-6}}{n}

    Passives (7-8) count only in the denominator. Adapted from the customer Net Promoter
    Score. There is no official benchmark.

    Examples
    --------
    >>> answers = pd.DataFrame({"enps": [10] * 55 + [8] * 35 + [3] * 10})
    >>> enps(answers)
         n  promoters  passives  detractors  enps
    0  100       55.0      35.0        10.0  45.0
    >>> enps(pd.DataFrame({"enps": [9, 7.5]}))
    Traceback (most recent call last):
    ...
    ValueError: enps(): column 'enps' must be a whole number in [0, 10]; 1 row(s) do not ...
    """
    func = "enps"
    v.require_columns(data, [score_col], func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys, func=func)
    v.require_between(data, score_col, *ENPS_SCALE, func=func, allow_missing=True)
    scores = data[score_col].astype("float64")
    fractional = scores[scores.notna() & (scores != np.round(scores))]
    if len(fractional):
        raise ValueError(
            f"{func}(): column {score_col!r} must hold whole numbers from 0 to 10; "
            f"{len(fractional)} row(s) do not (first: index {v._py(fractional.index[0])!r}, "
            f"value {float(fractional.iloc[0])!r})."
        )
    frame = data[keys].assign(_s=scores).dropna(subset=["_s"])
    if frame.empty:
        raise ValueError(f"{func}(): column {score_col!r} has no answers.")
    frame = frame.assign(
        promoters=(frame["_s"] >= 9) * 100.0,
        passives=frame["_s"].between(7, 8) * 100.0,
        detractors=(frame["_s"] <= 6) * 100.0,
    )
    parts = ["promoters", "passives", "detractors"]
    if keys:
        grouped = frame.groupby(keys, sort=True, observed=True)
        out = grouped[parts].mean()
        out.insert(0, "n", grouped.size())
        out = out.reset_index()
    else:
        out = pd.DataFrame([{"n": len(frame)} | frame[parts].mean().to_dict()])
    out["enps"] = out["promoters"] - out["detractors"]
    return out


@validate_params({"separations": _COUNT, "headcount_start": _COUNT, "headcount_end": _COUNT})
def turnover_rate(separations: float, headcount_start: float, headcount_end: float) -> float:
    """Staff turnover in % of the average headcount: separations / ((start + end) / 2) x 100.

    Parameters
    ----------
    separations : float
        Leavers in the period (all reasons), 0 or more.
    headcount_start, headcount_end : float
        Headcount on the first and the last day of the period, 0 or more, not both 0.

    Returns
    -------
    float
        Turnover in percent for the period.

    Examples
    --------
    >>> round(turnover_rate(12, 200, 210), 2)
    5.85
    >>> turnover_rate(3, 0, 0)
    Traceback (most recent call last):
    ...
    ValueError: turnover_rate(): the average headcount is 0; turnover is undefined.
    """
    func = "turnover_rate"
    s = v.require_number(separations, func=func, name="separations", low=0)
    a = v.require_number(headcount_start, func=func, name="headcount_start", low=0)
    b = v.require_number(headcount_end, func=func, name="headcount_end", low=0)
    average = (a + b) / 2
    if average == 0:
        raise ValueError(f"{func}(): the average headcount is 0; turnover is undefined.")
    return 100 * s / average


@validate_params(
    {"headcount_start": v.Interval(0, np.inf, closed="neither"), "leavers_from_start": _COUNT}
)
def staff_retention_rate(headcount_start: float, leavers_from_start: float) -> float:
    """Staff cohort retention in %: the share of the staff at the start still employed at the end.

    (Formerly ``retention_rate``; renamed so that it is not confused with the customer
    proportions of :func:`imlib.loyalty.retention_rates`. The old name still works and
    warns.)

    Parameters
    ----------
    headcount_start : float
        Staff employed on the first day of the period, more than 0.
    leavers_from_start : float
        How many of *those* staff left during the period (leavers who joined during the
        period do not count), from 0 to ``headcount_start``.

    Returns
    -------
    float
        ``(headcount_start - leavers_from_start) / headcount_start x 100``.

    Notes
    -----
    Cohort retention is not ``100 - turnover``: turnover counts every leaver, including
    new hires who left, and divides by the average headcount.

    Examples
    --------
    >>> staff_retention_rate(200, 9)
    95.5
    >>> staff_retention_rate(200, 250)
    Traceback (most recent call last):
    ...
    ValueError: staff_retention_rate(): argument 'leavers_from_start' must lie in [0, 200]; got 250.
    """
    return _cohort_retention(headcount_start, leavers_from_start, func="staff_retention_rate")


def _cohort_retention(headcount_start: float, leavers_from_start: float, *, func: str) -> float:
    start = v.require_number(
        headcount_start, func=func, name="headcount_start", low=0, closed="right"
    )
    left = v.require_number(
        leavers_from_start, func=func, name="leavers_from_start", low=0, high=start
    )
    return 100 * (start - left) / start


@validate_params(
    {"headcount_start": v.Interval(0, np.inf, closed="neither"), "leavers_from_start": _COUNT},
    name="retention_rate",
)
def retention_rate(headcount_start: float, leavers_from_start: float) -> float:
    """Deprecated name of :func:`staff_retention_rate` (staff cohort retention in %).

    Warns with a DeprecationWarning; use :func:`staff_retention_rate`.
    """
    warnings.warn(
        "imlib.retention_rate() is now staff_retention_rate() (staff cohort retention in %, "
        "not the customer proportions of retention_rates()); the old name will be removed.",
        DeprecationWarning,
        stacklevel=3,  # the caller, past validate_params' wrapper
    )
    return _cohort_retention(headcount_start, leavers_from_start, func="retention_rate")


_HEADCOUNT = ["headcount_start", "hires", "leavers", "cohort_leavers", "headcount_end"]


@validate_params({"data": v.Frame({"period_col": v.Text(), **dict.fromkeys(_HEADCOUNT, _COUNT)})})
def staff_turnover(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "department",
    period_col: str = "month",
) -> pd.DataFrame:
    """Turnover and cohort retention over the whole period, from monthly headcount.

    Turnover counts every leaver against the average headcount; cohort retention follows
    only the people employed on the first day, so new hires cannot hide the loss of
    experienced staff.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per group and month with ``headcount_start``, ``hires``, ``leavers``,
        ``cohort_leavers`` (leavers who were already employed on the first day of the
        whole period) and ``headcount_end``, and the ``period_col``. Several rows of a
        group and month that differ in another column (e.g. the branches of a department)
        are summed first: the average headcount is the mean over months of the monthly sum.
    by : str or list of str, optional
        The grouping columns; None for the whole organisation (months are summed across
        groups first).
    period_col : str
        The month column; its sort order is the time order.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``months``, ``leavers``, ``average_headcount`` (mean of the monthly
        averages (start + end) / 2), ``turnover_rate`` (leavers / average headcount x 100,
        for the whole period), ``headcount_start`` (first month), ``cohort_leavers`` and
        ``retention_rate`` (cohort retention, %).

    Raises
    ------
    ValueError
        If a column is missing, a count is negative or a row's headcount does not add
        up (start + hires - leavers = end), or a row repeats (same group, month and other
        labels).

    Examples
    --------
    >>> hc = pd.DataFrame(
    ...     {
    ...         "month": ["2025-01", "2025-02"],
    ...         "headcount_start": [200, 204],
    ...         "hires": [10, 12],
    ...         "leavers": [6, 6],
    ...         "cohort_leavers": [6, 3],
    ...         "headcount_end": [204, 210],
    ...     }
    ... )
    >>> out = staff_turnover(hc, by=None).round(2)
    >>> out[["leavers", "average_headcount", "turnover_rate", "retention_rate"]]
       leavers  average_headcount  turnover_rate  retention_rate
    0       12              204.5           5.87            95.5
    """
    func = "staff_turnover"
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys + [period_col] + _HEADCOUNT, func=func)
    for col in _HEADCOUNT:
        v.require_between(data, col, 0, np.inf, func=func)
    counts = data[_HEADCOUNT].astype("float64")
    off = counts["headcount_start"] + counts["hires"] - counts["leavers"] != counts["headcount_end"]
    if off.any():
        i = off[off].index[0]
        raise ValueError(
            f"{func}(): headcount does not add up (start + hires - leavers must equal end); "
            f"{int(off.sum())} row(s) do not (first: index {v._py(i)!r})."
        )
    too_many = counts["cohort_leavers"] > counts["leavers"]
    if too_many.any():
        raise ValueError(
            f"{func}(): column 'cohort_leavers' must not exceed 'leavers'; "
            f"{int(too_many.sum())} row(s) do "
            f"(first: index {v._py(too_many[too_many].index[0])!r})."
        )
    # A row repeats when every label (the non-count columns) repeats; rows that differ in
    # another label (e.g. the branches of one department) are summed per group and month.
    labels = [c for c in data.columns if c not in _HEADCOUNT]
    dup = data.duplicated(labels).to_numpy()
    if dup.any():
        row = data[dup].iloc[0]
        raise ValueError(
            f"{func}(): month {row[period_col]!r} appears twice"
            + (f" for {', '.join(f'{k}={row[k]!r}' for k in keys)}" if keys else "")
            + "."
        )
    frame = data[keys + [period_col]].assign(**{c: counts[c] for c in _HEADCOUNT})
    frame = frame.groupby(keys + [period_col], as_index=False, sort=True, observed=True)[
        _HEADCOUNT
    ].sum()
    frame["_avg"] = (frame["headcount_start"] + frame["headcount_end"]) / 2
    groups = frame.groupby(keys, sort=True, observed=True) if keys else [((), frame)]
    rows = []
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        start = float(part["headcount_start"].iloc[0])
        average = float(part["_avg"].mean())
        leavers = float(part["leavers"].sum())
        cohort = float(part["cohort_leavers"].sum())
        rows.append(
            dict(zip(keys, key, strict=True))
            | {
                "months": len(part),
                "leavers": int(leavers),
                "average_headcount": average,
                "turnover_rate": 100 * leavers / average if average else np.nan,
                "headcount_start": int(start),
                "cohort_leavers": int(cohort),
                "retention_rate": 100 * (start - cohort) / start if start else np.nan,
            }
        )
    return pd.DataFrame(rows)


@validate_params(
    {
        "data": v.Frame(
            {"supplier_col": v.Text(), "rating_col": ISQ_SCALE}, missing=["rating_col"]
        ),
        "poor_max": ISQ_SCALE,
    }
)
def internal_service_quality(
    data: pd.DataFrame,
    *,
    supplier_col: str = "supplier_department",
    rating_col: str = "isq_rating",
    by: str | Sequence[str] | None = None,
    poor_max: float = 3.0,
) -> pd.DataFrame:
    """How internal customers rate the service of each internal supplier department.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per employee: the department they depend on most (``supplier_col``) and
        their rating of its service on 1-7 (``rating_col``, missing allowed).
    supplier_col, rating_col : str
        Column names.
    by : str or list of str, optional
        Split each supplier's ratings by these columns of the *rater*, e.g. ``"role"``.
    poor_max : float
        Ratings at or below this count as poor (a teaching rule).

    Returns
    -------
    pandas.DataFrame
        ``supplier_col``, ``by`` columns, ``n`` (ratings), ``mean_rating`` and
        ``poor_share`` (share of ratings at or below ``poor_max``, 0-1), sorted by supplier.

    Examples
    --------
    >>> df = pd.DataFrame(
    ...     {"supplier_department": ["Lending", "Lending", "IT"], "isq_rating": [2, 4, 6]}
    ... )
    >>> internal_service_quality(df)
      supplier_department  n  mean_rating  poor_share
    0                  IT  1          6.0         0.0
    1             Lending  2          3.0         0.5
    """
    func = "internal_service_quality"
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, [supplier_col, rating_col] + keys, func=func)
    v.require_between(data, rating_col, *ISQ_SCALE, func=func, allow_missing=True)
    v.require_number(poor_max, func=func, name="poor_max", low=ISQ_SCALE[0], high=ISQ_SCALE[1])
    frame = data[[supplier_col] + keys].assign(_r=data[rating_col].astype("float64"))
    frame = frame.dropna(subset=["_r", supplier_col])
    frame["_poor"] = (frame["_r"] <= poor_max).astype(float)
    grouped = frame.groupby([supplier_col] + keys, sort=True, observed=True)
    out = pd.DataFrame(
        {
            "n": grouped.size(),
            "mean_rating": grouped["_r"].mean(),
            "poor_share": grouped["_poor"].mean(),
        }
    )
    return out.reset_index()


@validate_params(
    {
        "scale": v.Scale(),
        "cuts": None,
        "data": v.Frame(
            derived=lambda b: {b["attitude_col"]: v.Interval(*b["scale"])}, missing=["*"]
        ),
    }
)
def internal_segments(
    data: pd.DataFrame,
    *,
    attitude_col: str = "change_attitude",
    cuts: Sequence[float] = SEGMENT_CUTS,
    scale: Sequence[float] = CLIMATE_SCALE,
) -> pd.DataFrame:
    """Label each employee a supporter, a neutral or an opponent of a planned change.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per employee with an attitude score, e.g. the ``change_attitude`` column
        of :func:`climate_scores`.
    attitude_col : str
        The attitude score column (missing scores give a missing segment).
    cuts : (float, float)
        Scores below ``cuts[0]`` are opponents, above ``cuts[1]`` supporters, the rest
        (cut-offs included) neutrals.
    scale : (float, float)
        The score's scale; both cut-offs must lie inside it.

    Returns
    -------
    pandas.DataFrame
        ``data`` plus ``segment``, an ordered categorical of :data:`CHANGE_SEGMENTS`.

    Notes
    -----
    Segmenting the internal market by attitude to the plan is a teaching heuristic in
    the spirit of Piercy & Morgan's (1991) internal marketing programme, which targets
    internal segments as an external programme targets customers; the three labels are
    the kit's; its source could not be verified.

    Examples
    --------
    >>> df = pd.DataFrame({"change_attitude": [4.25, 3.5, 2.0, None]})
    >>> internal_segments(df)["segment"].tolist()
    ['supporter', 'neutral', 'opponent', nan]
    >>> internal_segments(df, cuts=(3.5, 2.5))
    Traceback (most recent call last):
    ...
    ValueError: internal_segments(): argument 'cuts' must ...
    """
    func = "internal_segments"
    v.require_columns(data, [attitude_col], func=func)
    low, high = _check_scale(scale, func=func)
    if not isinstance(cuts, Sequence) or len(cuts) != 2:
        raise TypeError(f"{func}(): argument 'cuts' must be a pair (low, high), got {cuts!r}.")
    lo = v.require_number(cuts[0], func=func, name="cuts[0]")
    hi = v.require_number(cuts[1], func=func, name="cuts[1]")
    if not low <= lo <= hi <= high:
        raise ValueError(
            f"{func}(): argument 'cuts' must be (low, high) with low <= high inside the scale "
            f"[{low:g}, {high:g}]; got {tuple(cuts)!r}."
        )
    v.require_between(data, attitude_col, low, high, func=func, allow_missing=True)
    score = data[attitude_col].astype("float64")
    label = np.where(score > hi, "supporter", np.where(score < lo, "opponent", "neutral"))
    segment = pd.Categorical(label, categories=CHANGE_SEGMENTS, ordered=True)
    out = data.assign(segment=segment)
    out.loc[score.isna(), "segment"] = np.nan
    return out


@validate_params(
    {"data": v.Frame({"segment_col": v.Options(CHANGE_SEGMENTS)}, missing=["segment_col"])}
)
def segment_shares(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = "department",
    segment_col: str = "segment",
) -> pd.DataFrame:
    """Share of supporters, neutrals and opponents (in %) within each group.

    Parameters
    ----------
    data : pandas.DataFrame
        Output of :func:`internal_segments`; employees without a segment are left out.
    by : str or list of str, optional
        The grouping columns; None for one overall row.
    segment_col : str
        The segment column.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``n`` and one column per segment (% of ``n``; each row adds up to 100).

    Examples
    --------
    >>> df = pd.DataFrame(
    ...     {"role": ["a", "a", "b"], "segment": ["supporter", "opponent", "neutral"]}
    ... )
    >>> segment_shares(df, by="role")
      role  n  supporter  neutral  opponent
    0    a  2       50.0      0.0      50.0
    1    b  1        0.0    100.0       0.0
    """
    func = "segment_shares"
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys + [segment_col], func=func)
    labels = data[segment_col].astype("object")
    unknown = labels[labels.notna() & ~labels.isin(CHANGE_SEGMENTS)]
    if len(unknown):
        raise ValueError(
            f"{func}(): column {segment_col!r} must hold {', '.join(CHANGE_SEGMENTS)}; "
            f"{len(unknown)} row(s) do not (first: index {v._py(unknown.index[0])!r}, "
            f"value {unknown.iloc[0]!r})."
        )
    frame = data[keys].assign(_seg=labels).dropna(subset=["_seg"])
    dummies = pd.DataFrame(
        {s: (frame["_seg"] == s) * 100.0 for s in CHANGE_SEGMENTS}, index=frame.index
    )
    frame = pd.concat([frame[keys], dummies], axis=1)
    if keys:
        grouped = frame.groupby(keys, sort=True, observed=True)
        out = grouped[list(CHANGE_SEGMENTS)].mean()
        out.insert(0, "n", grouped.size())
        return out.reset_index()
    return pd.DataFrame([{"n": len(frame)} | frame[list(CHANGE_SEGMENTS)].mean().to_dict()])
