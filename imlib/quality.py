"""Service quality: the quality index, SERVQUAL scoring, zones of tolerance, the gaps model.

Survey data come *wide*, one row per respondent, with the 22 expectation items in
columns ``e01`` to ``e22`` and the 22 perception items in ``p01`` to ``p22`` (1-7
agreement scale, missing answers as ``NaN``), plus any descriptive columns (branch,
segment, month) to group by. Every function returns a new tidy DataFrame.

References: Parasuraman, Zeithaml & Berry (1985, 1988, 1994); the kit's source paper on
relationship marketing (seed 003) for the index; Cronin & Taylor (1992) for the
performance-only critique.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "COMPLIANCE_MIN",
    "DIMENSION_ITEMS",
    "EXPECTATION_LIFT_MIN",
    "KNOWLEDGE_GAP_MIN",
    "LIKERT_SCALE",
    "POINTS_TOLERANCE",
    "POINTS_TOTAL",
    "PROMISE_EXCESS_MIN",
    "SERVQUAL_1988_NEGATIVE_ITEMS",
    "SERVQUAL_DIMENSIONS",
    "SERVQUAL_ITEMS",
    "SHORTFALL_MAX",
    "diagnose_gaps",
    "gaps_model",
    "item_columns",
    "quality_index",
    "servqual_gaps",
    "servqual_long",
    "servqual_scores",
    "what_if",
    "zones_of_tolerance",
]

#: The five SERVQUAL dimensions in the instrument's order (PZB 1988).
SERVQUAL_DIMENSIONS: tuple[str, ...] = (
    "tangibles",
    "reliability",
    "responsiveness",
    "assurance",
    "empathy",
)
#: Item numbers of each dimension: tangibles 1-4, reliability 5-9, responsiveness 10-13,
#: assurance 14-17, empathy 18-22 (PZB 1988).
DIMENSION_ITEMS: dict[str, tuple[int, ...]] = {
    "tangibles": (1, 2, 3, 4),
    "reliability": (5, 6, 7, 8, 9),
    "responsiveness": (10, 11, 12, 13),
    "assurance": (14, 15, 16, 17),
    "empathy": (18, 19, 20, 21, 22),
}
#: Item number -> dimension.
SERVQUAL_ITEMS: dict[int, str] = {i: d for d, items in DIMENSION_ITEMS.items() for i in items}
#: Items worded negatively in the 1988 instrument (responsiveness and empathy); the
#: answers to such statements are reversed (8 - x on a 1-7 scale) before scoring.
SERVQUAL_1988_NEGATIVE_ITEMS: tuple[int, ...] = (10, 11, 12, 13, 18, 19, 20, 21, 22)
#: The 7-point agreement scale of SERVQUAL (1 = strongly disagree, 7 = strongly agree).
LIKERT_SCALE = v.Interval(1.0, 7.0)
#: Respondents allocate this many importance points across the five dimensions.
POINTS_TOTAL = 100.0
_SCORE = v.Interval(0, np.inf)
#: Allowed rounding slack when checking that importance points add up to POINTS_TOTAL.
POINTS_TOLERANCE = 0.5

#: :func:`diagnose_gaps` thresholds (documented teaching rules, not published cut-offs).
SHORTFALL_MAX = -0.5  # a dimension gap (P - E) at or below this is a shortfall
KNOWLEDGE_GAP_MIN = 0.75  # customers' E minus managers' estimate of E
COMPLIANCE_MIN = 0.80  # share of audited encounters meeting the written standard
PROMISE_EXCESS_MIN = 0.75  # advertised promise minus perceived performance
EXPECTATION_LIFT_MIN = 0.3  # a group's expectation above the mean of all groups

_ZONES = ("below", "within", "above")


def item_columns(prefix: str) -> list[str]:
    """Return the 22 item column names for a prefix, e.g. ``e01`` ... ``e22``.

    Examples
    --------
    >>> item_columns("p")[:3]
    ['p01', 'p02', 'p03']
    """
    return [f"{prefix}{i:02d}" for i in SERVQUAL_ITEMS]


def _check_scale(scale: Sequence[float], *, func: str) -> tuple[float, float]:
    return v.Scale().check(scale, func=func, name="scale")


def _survey_items(bound: dict) -> dict:
    """The E and P item columns of a wide survey, each on the call's scale."""
    cols = item_columns(bound["expected_prefix"]) + item_columns(bound["perceived_prefix"])
    return dict.fromkeys(cols, v.Interval(*bound["scale"]))


def _survey_arrays(
    data: pd.DataFrame,
    *,
    func: str,
    expected_prefix: str,
    perceived_prefix: str,
    reverse: Sequence[str],
    scale: Sequence[float],
) -> tuple[np.ndarray, np.ndarray]:
    """Validate the wide survey and return (E, P) as float arrays, pairwise-masked."""
    low, high = _check_scale(scale, func=func)
    e_cols, p_cols = item_columns(expected_prefix), item_columns(perceived_prefix)
    v.require_columns(data, e_cols + p_cols, func=func)
    for col in e_cols + p_cols:
        v.require_between(data, col, low, high, func=func, allow_missing=True)
    reverse = list(reverse)
    unknown = [c for c in reverse if c not in e_cols + p_cols]
    if unknown:
        raise ValueError(
            f"{func}(): reverse names {unknown[0]!r}, which is not an item column "
            f"({e_cols[0]}..{e_cols[-1]}, {p_cols[0]}..{p_cols[-1]})."
        )
    expected = data[e_cols].to_numpy(dtype=float, copy=True)
    perceived = data[p_cols].to_numpy(dtype=float, copy=True)
    for col in reverse:
        target, cols = (expected, e_cols) if col in e_cols else (perceived, p_cols)
        j = cols.index(col)
        target[:, j] = low + high - target[:, j]
    # Pairwise deletion: an item counts only where both its E and its P were answered.
    missing = np.isnan(expected) | np.isnan(perceived)
    expected[missing] = np.nan
    perceived[missing] = np.nan
    return expected, perceived


def _nanmean_rows(block: np.ndarray) -> np.ndarray:
    counts = (~np.isnan(block)).sum(axis=1)
    sums = np.nansum(block, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


#: Column range of each dimension's items (the items of a dimension are consecutive), so
#: each block is a view rather than a copy.
_DIMENSION_SLICES = [
    slice(DIMENSION_ITEMS[d][0] - 1, DIMENSION_ITEMS[d][-1]) for d in SERVQUAL_DIMENSIONS
]


def _dimension_means(items: np.ndarray) -> np.ndarray:
    """Per-row mean of each dimension's items (n x 22 in, n x 5 out, NaN-aware)."""
    return np.column_stack([_nanmean_rows(items[:, cols]) for cols in _DIMENSION_SLICES])


@validate_params({"scale": v.Scale(), "data": v.Frame(derived=_survey_items, missing=["*"])})
def servqual_long(
    data: pd.DataFrame,
    *,
    expected_prefix: str = "e",
    perceived_prefix: str = "p",
    adequate_prefix: str = "adequate_",
    reverse: Sequence[str] = (),
    scale: Sequence[float] = LIKERT_SCALE,
) -> pd.DataFrame:
    """Reshape a wide SERVQUAL survey to one row per respondent and item.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per respondent with item columns ``e01..e22`` and ``p01..p22``.
    expected_prefix, perceived_prefix : str
        Prefixes of the expectation and perception item columns.
    adequate_prefix : str
        Prefix of optional per-dimension adequate-service columns
        (``adequate_tangibles`` ...); when present they become an ``adequate`` column.
    reverse : sequence of str
        Item columns worded negatively in the instrument as administered, reversed as
        ``low + high - x`` before scoring (for the 1988 wording see
        :data:`SERVQUAL_1988_NEGATIVE_ITEMS`). The all-positive wording needs none.
    scale : (float, float)
        The answer scale, ``(1, 7)`` by default.

    Returns
    -------
    pandas.DataFrame
        The descriptive columns of ``data`` plus ``item``, ``dimension`` (ordered
        categorical), ``expected``, ``perceived``, ``gap`` (P - E) and, if present,
        ``adequate``. Items where either answer is missing are dropped (pairwise
        deletion).

    Raises
    ------
    ValueError
        If an item column is missing or an answer lies outside ``scale``.

    See Also
    --------
    servqual_gaps : group means per dimension or item.

    Examples
    --------
    >>> bank = load_dataset("bank_servqual")
    >>> long = servqual_long(bank)
    >>> long.columns.tolist()[3:]
    ['month', 'period', 'item', 'dimension', 'expected', 'perceived', 'gap', 'adequate']
    >>> bool(len(long) < 22 * len(bank))  # unanswered item pairs are dropped
    True
    """
    func = "servqual_long"
    v.require_frame(data, func=func)
    expected, perceived = _survey_arrays(
        data,
        func=func,
        expected_prefix=expected_prefix,
        perceived_prefix=perceived_prefix,
        reverse=reverse,
        scale=scale,
    )
    e_cols, p_cols = item_columns(expected_prefix), item_columns(perceived_prefix)
    a_cols = [f"{adequate_prefix}{d}" for d in SERVQUAL_DIMENSIONS]
    has_adequate = all(c in data.columns for c in a_cols)
    if has_adequate:
        for col in a_cols:
            v.require_between(data, col, scale[0], scale[1], func=func, allow_missing=True)
    dropped = set(e_cols + p_cols + a_cols)
    keep = [c for c in data.columns if c not in dropped and not str(c).startswith("points_")]
    n, k = expected.shape
    items = np.array(list(SERVQUAL_ITEMS), dtype=int)
    long = data[keep].iloc[np.repeat(np.arange(n), k)].reset_index(drop=True)
    dims = pd.Categorical(
        [SERVQUAL_ITEMS[i] for i in items] * n, categories=SERVQUAL_DIMENSIONS, ordered=True
    )
    long = long.assign(
        item=np.tile(items, n),
        dimension=dims,
        expected=expected.ravel(),
        perceived=perceived.ravel(),
    )
    long["gap"] = long["perceived"] - long["expected"]
    if has_adequate:
        adequate = data[a_cols].to_numpy(dtype=float)
        dim_index = [SERVQUAL_DIMENSIONS.index(SERVQUAL_ITEMS[i]) for i in items]
        long["adequate"] = adequate[:, dim_index].ravel()
    long = long[long["gap"].notna()].reset_index(drop=True)
    return long


@validate_params(
    {
        "scale": v.Scale(),
        "data": v.Frame(derived=_survey_items, missing=["*"]),
        "level": v.Options(("dimension", "item")),
    }
)
def servqual_gaps(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    level: str = "dimension",
    expected_prefix: str = "e",
    perceived_prefix: str = "p",
    reverse: Sequence[str] = (),
    scale: Sequence[float] = LIKERT_SCALE,
) -> pd.DataFrame:
    """Score a SERVQUAL survey: mean expectation, perception and gap (P - E) per group.

    The scoring follows the SERVQUAL instructions: each item gap is ``P - E``; a
    respondent's dimension score is the mean of that dimension's item gaps; dimension
    scores are then averaged over respondents (within each group of ``by``).

    Parameters
    ----------
    data : pandas.DataFrame
        Wide survey, one row per respondent (see :func:`servqual_long`).
    by : str or list of str, optional
        Column(s) to group by, e.g. ``"branch"`` or ``["branch", "segment"]``.
    level : {"dimension", "item"}
        Score the five dimensions or the 22 items.
    expected_prefix, perceived_prefix, reverse, scale
        As in :func:`servqual_long`.

    Returns
    -------
    pandas.DataFrame
        One row per group and dimension (or item): the ``by`` columns, ``dimension``
        (and ``item``), ``expected``, ``perceived``, ``gap`` and ``respondents`` (how
        many respondents answered at least one item pair). ``gap`` equals
        ``perceived - expected`` because both use the same answered items.

    Raises
    ------
    ValueError
        If an item or ``by`` column is missing, an answer is off the scale, or
        ``level`` is unknown.

    Notes
    -----
    Missing answers: an item counts for a respondent only when both its E and P are
    answered (pairwise deletion); a dimension counts when at least one of its items does.

    .. math:: Q_{rd} = \\frac{1}{|I_d|}\\sum_{i \\in I_d} (P_{ri} - E_{ri}),\\qquad
              Q_d = \\frac{1}{R}\\sum_r Q_{rd}

    References
    ----------
    Parasuraman, A., Zeithaml, V.A. & Berry, L.L. (1988). SERVQUAL: a multiple-item
    scale for measuring consumer perceptions of service quality. Journal of Retailing,
    64(1), 12-40.

    Examples
    --------
    >>> bank = load_dataset("bank_servqual")
    >>> gaps = servqual_gaps(bank, by="branch")
    >>> gaps.columns.tolist()
    ['branch', 'dimension', 'expected', 'perceived', 'gap', 'respondents']
    >>> row = gaps.query("branch == 'Riverside' and dimension == 'reliability'")
    >>> bool(row["gap"].iloc[0] < -1)
    True
    >>> servqual_gaps(bank, level="items")
    Traceback (most recent call last):
    ...
    ValueError: servqual_gaps(): argument 'level' must be one of 'dimension', 'item'; got 'items'.
    """
    func = "servqual_gaps"
    v.require_frame(data, func=func)
    v.require_choice(level, ("dimension", "item"), func=func, name="level")
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys, func=func)
    expected, perceived = _survey_arrays(
        data,
        func=func,
        expected_prefix=expected_prefix,
        perceived_prefix=perceived_prefix,
        reverse=reverse,
        scale=scale,
    )
    if level == "dimension":
        units = list(SERVQUAL_DIMENSIONS)
        e_unit, p_unit = _dimension_means(expected), _dimension_means(perceived)
    else:
        units = list(SERVQUAL_ITEMS)
        e_unit, p_unit = expected, perceived
    return _group_means(data, keys, units, e_unit, p_unit, level=level)


def _group_means(
    data: pd.DataFrame,
    keys: list[str],
    units: list,
    e_unit: np.ndarray,
    p_unit: np.ndarray,
    *,
    level: str,
) -> pd.DataFrame:
    k = len(units)
    frame = pd.DataFrame(
        np.hstack([e_unit, p_unit, (~np.isnan(e_unit)).astype(float)]),
        columns=[f"e{j}" for j in range(k)]
        + [f"p{j}" for j in range(k)]
        + [f"n{j}" for j in range(k)],
    )
    if keys:
        for key in keys:
            frame[key] = data[key].to_numpy()
        grouped = frame.groupby(keys, observed=True, sort=True, dropna=False)
        sums = grouped.sum(min_count=1)
    else:
        sums = frame.sum(min_count=1).to_frame().T
    counts = sums[[f"n{j}" for j in range(k)]].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        e_mean = np.where(counts > 0, sums[[f"e{j}" for j in range(k)]].to_numpy() / counts, np.nan)
        p_mean = np.where(counts > 0, sums[[f"p{j}" for j in range(k)]].to_numpy() / counts, np.nan)
    g = len(sums)
    out = pd.DataFrame(index=range(g * k))
    if keys:
        index = sums.index.to_frame(index=False)
        for key in keys:
            out[key] = np.repeat(index[key].to_numpy(), k)
    if level == "item":
        out["item"] = np.tile(np.asarray(units, dtype=int), g)
        dims = [SERVQUAL_ITEMS[i] for i in units]
    else:
        dims = units
    out["dimension"] = pd.Categorical(
        np.tile(np.asarray(dims, dtype=object), g), categories=SERVQUAL_DIMENSIONS, ordered=True
    )
    out["expected"] = e_mean.ravel()
    out["perceived"] = p_mean.ravel()
    out["gap"] = out["perceived"] - out["expected"]
    out["respondents"] = counts.ravel().astype(int)
    return out


def _check_points(data: pd.DataFrame, cols: list[str], *, func: str) -> np.ndarray:
    for col in cols:
        v.require_between(data, col, 0, POINTS_TOTAL, func=func, allow_missing=True)
    points = data[cols].to_numpy(dtype=float)
    answered = ~np.isnan(points)
    partial = answered.any(axis=1) & ~answered.all(axis=1)
    if partial.any():
        first = int(np.flatnonzero(partial)[0])
        raise ValueError(
            f"{func}(): importance points must be given for all five dimensions or none; "
            f"{int(partial.sum())} row(s) are partly missing (first: index {data.index[first]!r})."
        )
    totals = points.sum(axis=1)
    off = answered.all(axis=1) & (np.abs(totals - POINTS_TOTAL) > POINTS_TOLERANCE)
    if off.any():
        first = int(np.flatnonzero(off)[0])
        raise ValueError(
            f"{func}(): importance points ({', '.join(cols)}) must add up to "
            f"{POINTS_TOTAL:g} +/- {POINTS_TOLERANCE:g}; {int(off.sum())} row(s) do not "
            f"(first: index {data.index[first]!r}, total {totals[first]:g})."
        )
    return points


@validate_params(
    {"scale": v.Scale(), "data": v.Frame(derived=_survey_items, missing=["*"]), "weights": None}
)
def servqual_scores(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    weights: dict[str, float] | None = None,
    points_prefix: str = "points_",
    expected_prefix: str = "e",
    perceived_prefix: str = "p",
    reverse: Sequence[str] = (),
    scale: Sequence[float] = LIKERT_SCALE,
) -> pd.DataFrame:
    """Overall SERVQUAL scores per group: unweighted and importance-weighted.

    Parameters
    ----------
    data : pandas.DataFrame
        Wide survey (see :func:`servqual_long`).
    by : str or list of str, optional
        Column(s) to group by.
    weights : dict, optional
        Importance points per dimension (all five, adding up to 100) applied to the
        group's dimension gaps. Without it, each respondent's own allocation in the
        columns ``points_<dimension>`` is used when present.
    points_prefix : str
        Prefix of the per-respondent importance-point columns.
    expected_prefix, perceived_prefix, reverse, scale
        As in :func:`servqual_long`.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``unweighted`` (mean of the five dimension gaps),
        ``weighted`` (``NaN`` when no weights are available), ``respondents`` and
        ``weighted_respondents``.

    Raises
    ------
    ValueError
        If weights are negative, miss a dimension or do not add up to 100 (+/- 0.5);
        if a respondent's points are partly missing or do not add up to 100.

    Notes
    -----
    The unweighted score is the mean of the five dimension scores, not the mean of the
    22 item gaps: the dimensions have 4 or 5 items. The weighted score is

    .. math:: SQ_w = \\sum_d w_d\\, Q_d / 100,

    computed per respondent (who answered all five dimensions and allocated points) and
    then averaged, or from the group's dimension gaps when ``weights`` is given.

    Examples
    --------
    >>> survey = pd.DataFrame(
    ...     {f"e{i:02d}": [6.0] for i in range(1, 23)} | {f"p{i:02d}": [5.0] for i in range(1, 23)}
    ... )
    >>> servqual_scores(survey)[["unweighted", "weighted"]]
       unweighted  weighted
    0        -1.0       NaN
    >>> w = {
    ...     "tangibles": 10,
    ...     "reliability": 30,
    ...     "responsiveness": 20,
    ...     "assurance": 20,
    ...     "empathy": 20,
    ... }
    >>> float(servqual_scores(survey, weights=w)["weighted"].iloc[0])
    -1.0
    >>> servqual_scores(survey, weights=dict(w, empathy=25))
    Traceback (most recent call last):
    ...
    ValueError: servqual_scores(): argument 'weights' must add up to 100 +/- 0.5; got 105.
    """
    func = "servqual_scores"
    v.require_frame(data, func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys, func=func)
    if weights is not None:
        _check_weights(weights, func=func)
    expected, perceived = _survey_arrays(
        data,
        func=func,
        expected_prefix=expected_prefix,
        perceived_prefix=perceived_prefix,
        reverse=reverse,
        scale=scale,
    )
    dims = list(SERVQUAL_DIMENSIONS)
    gap_rd = _dimension_means(perceived - expected)
    per_respondent = pd.DataFrame(gap_rd, columns=dims)
    if keys:
        for key in keys:
            per_respondent[key] = data[key].to_numpy()
        wide = per_respondent.groupby(keys, observed=True, sort=True, dropna=False)[dims].mean()
    else:
        wide = per_respondent[dims].mean().to_frame().T
    result = pd.DataFrame({"unweighted": wide.mean(axis=1, skipna=False)})
    respondents = (~np.isnan(gap_rd)).any(axis=1)
    point_cols = [f"{points_prefix}{d}" for d in dims]
    weighted_rows = _weighting(data, result, wide, gap_rd, weights, point_cols, func=func)
    return _by_group(data, keys, result, respondents, weighted_rows, weights)


def _weighting(
    data: pd.DataFrame,
    result: pd.DataFrame,
    wide: pd.DataFrame,
    gap_rd: np.ndarray,
    weights: dict[str, float] | None,
    point_cols: list[str],
    *,
    func: str,
) -> pd.DataFrame | None:
    """Fill the weighted score from fixed weights, or return per-row points-weighted scores.

    The rows are averaged by group later; None when there is nothing to weight by.
    """
    dims = list(SERVQUAL_DIMENSIONS)
    if weights is not None:
        w = np.array([float(weights[d]) for d in dims])
        result["weighted"] = wide.to_numpy() @ w / POINTS_TOTAL
        result["weighted_respondents"] = np.nan
        weighted_rows = None
    elif all(c in data.columns for c in point_cols):
        points = _check_points(data, point_cols, func=func)
        complete = ~np.isnan(gap_rd).any(axis=1) & ~np.isnan(points).any(axis=1)
        per_resp = np.where(complete, np.nansum(gap_rd * points, axis=1) / POINTS_TOTAL, np.nan)
        weighted_rows = pd.DataFrame({"w": per_resp, "c": complete.astype(float)})
    else:
        result["weighted"] = np.nan
        result["weighted_respondents"] = 0
        weighted_rows = None
    return weighted_rows


def _by_group(
    data: pd.DataFrame,
    keys: list[str],
    result: pd.DataFrame,
    respondents: np.ndarray,
    weighted_rows: pd.DataFrame | None,
    weights: dict[str, float] | None,
) -> pd.DataFrame:
    """Respondent counts and points-weighted means per group; the final column order."""
    counts = pd.DataFrame({"r": respondents.astype(float)})
    for key in keys:
        counts[key] = data[key].to_numpy()
        if weighted_rows is not None:
            weighted_rows[key] = data[key].to_numpy()
    if keys:
        result["respondents"] = counts.groupby(keys, observed=True, dropna=False)["r"].sum()
        if weighted_rows is not None:
            g = weighted_rows.groupby(keys, observed=True, dropna=False)
            result["weighted"] = g["w"].mean()
            result["weighted_respondents"] = g["c"].sum()
        result = result.reset_index()
    else:
        result["respondents"] = counts["r"].sum()
        if weighted_rows is not None:
            result["weighted"] = weighted_rows["w"].mean()
            result["weighted_respondents"] = weighted_rows["c"].sum()
        result = result.reset_index(drop=True)
    result["respondents"] = result["respondents"].astype(int)
    if weights is None:
        result["weighted_respondents"] = result["weighted_respondents"].fillna(0).astype(int)
    result.columns.name = None
    return result[keys + ["unweighted", "weighted", "respondents", "weighted_respondents"]]


def _check_weights(weights: dict[str, float], *, func: str) -> None:
    if not isinstance(weights, dict):
        raise TypeError(
            f"{func}(): argument 'weights' must be a dict of dimension -> points, got {weights!r}."
        )
    unknown = [k for k in weights if k not in SERVQUAL_DIMENSIONS]
    if unknown:
        raise ValueError(
            f"{func}(): weights has unknown dimension {unknown[0]!r}; "
            f"use {', '.join(SERVQUAL_DIMENSIONS)}."
        )
    missing = [d for d in SERVQUAL_DIMENSIONS if d not in weights]
    if missing:
        raise ValueError(
            f"{func}(): argument 'weights' must give all five dimensions; "
            f"{missing[0]!r} is missing."
        )
    for dim, value in weights.items():
        v.require_number(value, func=func, name=f"weights[{dim!r}]", low=0, high=POINTS_TOTAL)
    total = float(sum(weights.values()))
    if abs(total - POINTS_TOTAL) > POINTS_TOLERANCE:
        raise ValueError(
            f"{func}(): argument 'weights' must add up to "
            f"{POINTS_TOTAL:g} +/- {POINTS_TOLERANCE:g}; "
            f"got {total:g}."
        )


@validate_params(
    {
        "data": v.Frame(
            {"perceived_col": _SCORE, "expected_col": v.Interval(0, np.inf, closed="right")},
            missing=["*"],
        )
    }
)
def quality_index(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    perceived_col: str = "perceived",
    expected_col: str = "expected",
) -> pd.DataFrame:
    """The service quality index: perceived performance / desired expectation x 100.

    Parameters
    ----------
    data : pandas.DataFrame
        Any frame with a perceived and an expected column, e.g. the output of
        :func:`servqual_long` or :func:`servqual_gaps`.
    by : str or list of str, optional
        Without it, the index is computed row by row. With it, one row per group:
        the group means of perceived and expected (over rows where both are present)
        and their index.
    perceived_col, expected_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        Row by row: ``data`` plus ``quality_index``. Grouped: the ``by`` columns,
        ``perceived``, ``expected``, ``quality_index`` and ``n`` (rows used).

    Raises
    ------
    ValueError
        If a column is missing, an expectation is not positive or a perception is
        negative.

    Notes
    -----
    .. math:: SQ = \\frac{\\text{perceived performance}}{\\text{desired expectation}}
              \\times 100

    Under 100 reads as service failure, 100 as expectations met. The formula is the one
    the kit's source paper on relationship marketing proposes (seed 003, written ahead of
    Christopher, Payne & Ballantyne 1991); its attribution to the published book is not
    verified. Caution: a ratio of rating-scale means depends on where the scale
    starts: the same answers recoded from 1-7 to 0-6 give a different index. Use the
    index as an illustration; compare gaps (P - E) for analysis.

    Examples
    --------
    >>> df = pd.DataFrame({"perceived": [5.0, 6.0], "expected": [6.5, 5.5]})
    >>> quality_index(df)["quality_index"].round(1).tolist()
    [76.9, 109.1]
    >>> quality_index(df.assign(expected=[0.0, 5.5]))
    Traceback (most recent call last):
    ...
    ValueError: quality_index(): column 'expected' must lie in (0, inf); 1 row(s) do not (first: ...
    """
    func = "quality_index"
    v.require_columns(data, [perceived_col, expected_col], func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys, func=func)
    v.require_between(data, expected_col, 0, np.inf, func=func, closed="right", allow_missing=True)
    v.require_between(data, perceived_col, 0, np.inf, func=func, allow_missing=True)
    if not keys:
        return data.assign(quality_index=100 * data[perceived_col] / data[expected_col])
    both = data[keys + [perceived_col, expected_col]].dropna(subset=[perceived_col, expected_col])
    grouped = both.groupby(keys, observed=True, sort=True)
    out = grouped[[perceived_col, expected_col]].mean()
    out["quality_index"] = 100 * out[perceived_col] / out[expected_col]
    out["n"] = grouped.size()
    return out.reset_index()


@validate_params(
    {
        "data": v.Frame(
            {"adequate_col": v.FINITE, "desired_col": v.FINITE, "perceived_col": v.FINITE},
            missing=["*"],
        )
    }
)
def zones_of_tolerance(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    adequate_col: str = "adequate",
    desired_col: str = "expected",
    perceived_col: str = "perceived",
) -> pd.DataFrame:
    """Place perceived service against the zone of tolerance (adequate to desired).

    Adequate service is the least a customer will accept and desired service what they
    hope for (Parasuraman, Zeithaml & Berry 1994): MSA = P - A below zero is a failure,
    MSS = P - D above zero exceeds the hope.

    Parameters
    ----------
    data : pandas.DataFrame
        A frame with adequate, desired and perceived columns, e.g. :func:`servqual_long`
        of a survey with ``adequate_<dimension>`` columns.
    by : str or list of str, optional
        Group by these columns (for example ``["branch", "dimension"]``) and use the
        group means; without it, each row is judged on its own.
    adequate_col, desired_col, perceived_col : str
        Column names.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns (or the input's columns), ``adequate``, ``desired``,
        ``perceived``, ``msa`` (P - A), ``mss`` (P - D), ``zone`` (``"below"`` when
        MSA < 0, ``"above"`` when MSS > 0, otherwise ``"within"``) and, grouped, ``n``.

    Raises
    ------
    ValueError
        If a column is missing or non-numeric, or adequate service lies above desired
        service (in a row, or in a group's means).

    Notes
    -----
    MSA (measure of service adequacy) and MSS (measure of service superiority) follow
    Parasuraman, Zeithaml & Berry (1994).

    Examples
    --------
    >>> df = pd.DataFrame(
    ...     {
    ...         "dimension": ["reliability", "tangibles"],
    ...         "adequate": [5.5, 4.0],
    ...         "expected": [6.5, 6.0],
    ...         "perceived": [5.0, 6.2],
    ...     }
    ... )
    >>> zones_of_tolerance(df, by="dimension")[["dimension", "msa", "mss", "zone"]]
         dimension  msa  mss   zone
    0  reliability -0.5 -1.5  below
    1    tangibles  2.2  0.2  above
    """
    func = "zones_of_tolerance"
    cols = [adequate_col, desired_col, perceived_col]
    v.require_columns(data, cols, func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys, func=func)
    for col in cols:
        v.require_between(data, col, -np.inf, np.inf, func=func, allow_missing=True)
    if keys:
        complete = data[keys + cols].dropna(subset=cols)
        grouped = complete.groupby(keys, observed=True, sort=True)
        out = grouped[cols].mean()
        out["n"] = grouped.size()
        out = out.reset_index()
    else:
        out = data.copy()
    out = out.rename(
        columns={adequate_col: "adequate", desired_col: "desired", perceived_col: "perceived"}
    )
    inverted = out["adequate"] > out["desired"]
    if inverted.any():
        first = out[inverted].iloc[0]
        where = ", ".join(f"{k}={first[k]!r}" for k in keys) if keys else f"index {first.name!r}"
        raise ValueError(
            f"{func}(): adequate service must not exceed desired service; {int(inverted.sum())} "
            f"row(s) do (first: {where}, adequate {first['adequate']:.3g} > desired "
            f"{first['desired']:.3g}). Check that the two columns are not swapped."
        )
    out["msa"] = out["perceived"] - out["adequate"]
    out["mss"] = out["perceived"] - out["desired"]
    zone = np.where(out["msa"] < 0, "below", np.where(out["mss"] > 0, "above", "within"))
    out["zone"] = pd.Categorical(zone, categories=_ZONES, ordered=True)
    out.loc[out["msa"].isna() | out["mss"].isna(), "zone"] = np.nan
    front = keys + ["adequate", "desired", "perceived", "msa", "mss", "zone"]
    rest = [c for c in out.columns if c not in front]
    return out[front + rest]


@validate_params(
    {
        "scale": v.Scale(),
        "gaps": v.Frame({"expected": v.FINITE, "perceived": v.FINITE}, missing=["*"]),
        "expectation_change": v.FINITE,
        "performance_change": v.FINITE,
    }
)
def what_if(
    gaps: pd.DataFrame,
    *,
    expectation_change: float = 0.0,
    performance_change: float = 0.0,
    scale: Sequence[float] = LIKERT_SCALE,
) -> pd.DataFrame:
    """Shift mean expectations and perceptions and recompute the gaps and the index.

    A teaching simulation of the two responses to a quality gap: manage expectations
    (``expectation_change < 0``) or raise performance (``performance_change > 0``).

    Parameters
    ----------
    gaps : pandas.DataFrame
        Output of :func:`servqual_gaps` (columns ``expected`` and ``perceived``).
    expectation_change, performance_change : float
        Points added to every mean expectation and perception, in [-6, 6]; the results
        are kept on the scale.
    scale : (float, float)
        The answer scale.

    Returns
    -------
    pandas.DataFrame
        ``gaps`` with new ``expected``, ``perceived``, ``gap`` and a ``quality_index``.

    Examples
    --------
    >>> g = pd.DataFrame({"dimension": ["reliability"], "expected": [6.5], "perceived": [5.2]})
    >>> what_if(g, performance_change=0.5)[["gap", "quality_index"]].round(2)
       gap  quality_index
    0 -0.8           87.69
    """
    func = "what_if"
    v.require_columns(gaps, ["expected", "perceived"], func=func)
    low, high = _check_scale(scale, func=func)
    span = high - low
    de = v.require_number(
        expectation_change, func=func, name="expectation_change", low=-span, high=span
    )
    dp = v.require_number(
        performance_change, func=func, name="performance_change", low=-span, high=span
    )
    for col in ("expected", "perceived"):
        v.require_between(gaps, col, low, high, func=func, allow_missing=True)
    out = gaps.copy()
    out["expected"] = (out["expected"] + de).clip(low, high)
    out["perceived"] = (out["perceived"] + dp).clip(low, high)
    out["gap"] = out["perceived"] - out["expected"]
    out["quality_index"] = 100 * out["perceived"] / out["expected"]
    return out


_GAPS_MODEL = [
    (
        1,
        "Consumer expectation - management perception gap",
        "knowledge gap",
        "what customers expect vs what managers think they expect",
        "managers' estimate of expectations falls well below what customers report",
        "listen: customer research, complaint analysis, contact between managers and front line",
    ),
    (
        2,
        "Management perception - service quality specification gap",
        "standards gap",
        "what managers think customers expect vs the service standards they set",
        "no written, customer-driven standard for the dimension",
        "design: turn expectations into specific, measurable service standards",
    ),
    (
        3,
        "Service quality specification - service delivery gap",
        "delivery gap",
        "the standards vs the service actually delivered",
        "a standard exists but audits show it is often not met",
        "deliver: staff, training, systems and internal support that make the standard doable",
    ),
    (
        4,
        "Service delivery - external communications gap",
        "communication gap",
        "the service delivered vs what advertising and staff promise",
        "promises above what is delivered, inflating expectations",
        "communicate: promise what the operation can deliver; inform staff of campaigns",
    ),
    (
        5,
        "Expected service - perceived service gap",
        "customer gap",
        "what customers expect vs what they perceive (a function of gaps 1-4)",
        "a negative SERVQUAL gap (P - E < 0) on the dimension",
        "close gaps 1-4",
    ),
]


@validate_params({})
def gaps_model() -> pd.DataFrame:
    """The five gaps of the gaps model as data (Parasuraman, Zeithaml & Berry 1985).

    Returns
    -------
    pandas.DataFrame
        One row per gap: ``gap`` (1-5), ``name`` (the 1985 name), ``short_name``,
        ``between``, ``evidence`` (what to look for in a case) and ``remedy``.

    Notes
    -----
    Gap 5, the customer gap measured by SERVQUAL, is a function of the four provider
    gaps: :math:`Gap_5 = f(Gap_1, Gap_2, Gap_3, Gap_4)`.

    Examples
    --------
    >>> gaps_model().set_index("gap").loc[3, "short_name"]
    'delivery gap'
    """
    return pd.DataFrame(
        _GAPS_MODEL, columns=["gap", "name", "short_name", "between", "evidence", "remedy"]
    )


_AUDIT_COLUMNS = [
    "dimension",
    "managers_estimate",
    "standard_defined",
    "standard_compliance",
    "advertised_promise",
]
_AUDIT = {
    "by": v.Text(),
    "dimension": v.Options(SERVQUAL_DIMENSIONS),
    "managers_estimate": v.FINITE,
    "standard_defined": v.Boolean(),
    "standard_compliance": v.Interval(0, 1),
    "advertised_promise": v.FINITE,
}


@validate_params(
    {
        "gaps": v.Frame(
            {
                "by": v.Text(),
                "dimension": v.Options(SERVQUAL_DIMENSIONS),
                "expected": v.FINITE,
                "perceived": v.FINITE,
                "gap": v.FINITE,
            },
            missing=["expected", "perceived", "gap"],
            key=["by", "dimension"],
        ),
        "audit": v.Frame(_AUDIT, missing=["standard_compliance"], key=["by", "dimension"]),
    }
)
def diagnose_gaps(
    gaps: pd.DataFrame,
    audit: pd.DataFrame,
    *,
    by: str = "branch",
) -> pd.DataFrame:
    """Point each shortfall in a SERVQUAL gap table to the provider gap(s) behind it.

    Parameters
    ----------
    gaps : pandas.DataFrame
        Output of ``servqual_gaps(survey, by=by)``: ``by``, ``dimension``, ``expected``,
        ``perceived``, ``gap``.
    audit : pandas.DataFrame
        One row per ``by`` group and dimension with ``managers_estimate`` (managers'
        estimate of the mean expectation, same scale), ``standard_defined`` (bool),
        ``standard_compliance`` (share of audited encounters meeting the standard,
        0-1, missing when there is no standard) and ``advertised_promise`` (the level
        promised in advertising, same scale).
    by : str
        The grouping column shared by both frames.

    Returns
    -------
    pandas.DataFrame
        The merged rows plus ``shortfall`` (gap at or below :data:`SHORTFALL_MAX`), the
        evidence flags ``knowledge``, ``standards``, ``delivery``, ``communication``
        (gaps 1-4, judged only on shortfalls) and ``likely_gap`` (the first flagged
        provider gap, or ``<NA>``).

    Raises
    ------
    ValueError
        If a column is missing, a share lies outside [0, 1] or a group/dimension of
        ``gaps`` has no audit row.

    Notes
    -----
    Teaching rules, not published cut-offs: knowledge gap when customers' expectation
    exceeds managers' estimate by :data:`KNOWLEDGE_GAP_MIN`; standards gap when no
    standard is defined; delivery gap when compliance is below :data:`COMPLIANCE_MIN`;
    communication gap when the advertised promise exceeds perceived performance by
    :data:`PROMISE_EXCESS_MIN` and has lifted expectations: the group's expectation
    exceeds the mean over all groups for that dimension by :data:`EXPECTATION_LIFT_MIN`.

    Examples
    --------
    >>> gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    >>> found = diagnose_gaps(gaps, load_dataset("bank_branch_audit"))
    >>> found.query("shortfall")[["branch", "dimension", "likely_gap"]]
           branch       dimension  likely_gap
    4   Eastfield         empathy           2
    7     Harbour  responsiveness           1
    11  Millbrook     reliability           4
    12  Millbrook  responsiveness           4
    21  Riverside     reliability           3
    22  Riverside  responsiveness        <NA>
    24  Riverside         empathy        <NA>
    """
    func = "diagnose_gaps"
    v.require_columns(gaps, [by, "dimension", "expected", "perceived", "gap"], func=func)
    v.require_columns(audit, [by] + _AUDIT_COLUMNS, func=func)
    v.require_between(audit, "standard_compliance", 0, 1, func=func, allow_missing=True)
    for col in ("managers_estimate", "advertised_promise"):
        v.require_between(audit, col, -np.inf, np.inf, func=func)
    left = gaps.assign(dimension=gaps["dimension"].astype(str))
    right = audit.assign(dimension=audit["dimension"].astype(str))
    merged = left.merge(
        right, on=[by, "dimension"], how="left", validate="one_to_one", indicator=True
    )
    orphan = merged["_merge"] == "left_only"
    if orphan.any():
        first = merged[orphan].iloc[0]
        raise ValueError(
            f"{func}(): audit has no row for {by}={first[by]!r}, dimension={first['dimension']!r}."
        )
    merged = merged.drop(columns="_merge")
    shortfall = merged["gap"] <= SHORTFALL_MAX
    defined = merged["standard_defined"].astype(bool)
    lift = merged["expected"] - merged.groupby("dimension")["expected"].transform("mean")
    flags = {
        "knowledge": merged["expected"] - merged["managers_estimate"] >= KNOWLEDGE_GAP_MIN,
        "standards": ~defined,
        "delivery": defined & (merged["standard_compliance"] < COMPLIANCE_MIN),
        "communication": (merged["advertised_promise"] - merged["perceived"] >= PROMISE_EXCESS_MIN)
        & (lift >= EXPECTATION_LIFT_MIN),
    }
    merged["shortfall"] = shortfall
    likely = pd.Series(pd.NA, index=merged.index, dtype="Int64")
    for number, (name, flag) in reversed(list(enumerate(flags.items(), start=1))):
        merged[name] = flag & shortfall
        likely = likely.mask(merged[name], number)
    merged["likely_gap"] = likely
    merged["dimension"] = pd.Categorical(
        merged["dimension"], categories=SERVQUAL_DIMENSIONS, ordered=True
    )
    return merged
