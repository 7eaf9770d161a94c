"""Service delivery: multi-stage reliability, service blueprints and moments of truth.

A service reaches the customer through a chain of stages (order entry, picking, packing,
delivery, invoicing ...). Each stage slips now and then; a customer meets a failure if
*any* stage slipped on their order. This module computes that compound failure share, the
per-stage rate an overall target needs, which stage's improvement buys the most, and, from
a service blueprint stored as data, the customer-visible encounters (moments of truth)
ranked by the failure risk the process log shows there.

Rates are fractions in [0, 1): 1% is ``0.01``. Every function returns a new object and
never changes its input.

References: the kit's source paper on relationship marketing (seed 003) for the
ten-stage example; Shostack (1984) and Bitner, Ostrom & Morgan (2008) for blueprints;
Normann (1984) and Carlzon (1987) for moments of truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Real

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "BLUEPRINT_LANES",
    "BLUEPRINT_LINES",
    "FISHBONE_PRESETS",
    "RATE_RANGE",
    "STAGES_RANGE",
    "VISIBLE_LANES",
    "blueprint_crossings",
    "check_blueprint",
    "compound_failure",
    "compound_failure_table",
    "encounter_count",
    "first_order_failure",
    "fishbone_causes",
    "moments_of_truth",
    "pareto_table",
    "required_stage_rate",
    "stage_error_rates",
    "stage_improvement",
]

#: Allowed range of a failure rate: a fraction, 0 <= p < 1 (1% is 0.01, not 1).
RATE_RANGE = v.Interval(
    0.0, 1.0, closed="left", hint_above=" (rates are fractions: write 1% as 0.01)"
)
#: Number of stages offered by the explorer (any positive integer is valid in the model).
STAGES_RANGE = v.Interval(1, 30, integer=True)
_STAGES = v.Interval(1, np.inf, integer=True)
_COUNT = v.Interval(0, np.inf)
#: The blueprint's action lanes from the customer's side inward (Bitner et al. 2008);
#: physical evidence is drawn above the customer lane from each step's ``evidence``.
BLUEPRINT_LANES: tuple[str, ...] = ("customer", "onstage", "backstage", "support")
#: The three lines of a blueprint, each named with the two lanes it separates.
BLUEPRINT_LINES: dict[str, tuple[str, str]] = {
    "interaction": ("customer", "onstage"),
    "visibility": ("onstage", "backstage"),
    "internal interaction": ("backstage", "support"),
}
#: Lanes the customer sees: their own actions and the contact staff's onstage actions.
VISIBLE_LANES: tuple[str, ...] = ("customer", "onstage")

_PERCENT_HINT = " (rates are fractions: write 1% as 0.01)"


def _rates(p: object, n: object, *, func: str) -> np.ndarray:
    """Validate ``p`` (a scalar with ``n``, or a sequence) and return the stage rates."""
    if isinstance(p, pd.DataFrame):
        raise TypeError(
            f"{func}(): argument 'p' must be a number or a list of stage rates, not a DataFrame; "
            "pass one column, e.g. rates['error_rate']."
        )
    if isinstance(p, Real | np.number) and not isinstance(p, bool):
        rate = float(p)
        if np.isnan(rate) or not RATE_RANGE[0] <= rate < RATE_RANGE[1]:
            hint = _PERCENT_HINT if rate >= 1 else ""
            raise ValueError(f"{func}(): argument 'p' must lie in [0, 1){hint}; got {p!r}.")
        if n is None:
            raise TypeError(f"{func}(): with a single rate p, give the number of stages n.")
        return np.full(int(n), rate)  # n was checked by the declaration
    if isinstance(p, str) or not isinstance(p, Sequence | np.ndarray | pd.Series):
        raise TypeError(
            f"{func}(): argument 'p' must be a number or a list of stage "
            f"rates, got {type(p).__name__}."
        )
    if n is not None:
        raise TypeError(f"{func}(): give n only with a single rate p, not with a list of rates.")
    values = pd.Series(list(p) if not isinstance(p, pd.Series) else p.to_numpy(), dtype=object)
    if values.empty:
        raise ValueError(f"{func}(): argument 'p' is empty; give at least one stage rate.")
    bad_type = [x for x in values if isinstance(x, bool) or not isinstance(x, Real | np.number)]
    if bad_type:
        raise TypeError(f"{func}(): every stage rate must be a number; got {bad_type[0]!r}.")
    rates = values.to_numpy(dtype=float)
    bad = np.flatnonzero(np.isnan(rates) | (rates < RATE_RANGE[0]) | (rates >= RATE_RANGE[1]))
    if len(bad):
        first = rates[bad[0]]
        hint = _PERCENT_HINT if first >= 1 else ""
        raise ValueError(
            f"{func}(): stage rates must lie in [0, 1){hint}; {len(bad)} do not "
            f"(first: position {int(bad[0])}, value {first:g})."
        )
    return rates


@validate_params({"p": v.Each(RATE_RANGE, scalar_ok=True), "n": _STAGES})
def compound_failure(p: float | Sequence[float], n: int | None = None) -> float:
    """Share of outputs affected by at least one failure across independent stages.

    Parameters
    ----------
    p : float or sequence of float
        One failure rate shared by every stage (then give ``n``), or one rate per stage.
        Fractions in [0, 1): 1% is ``0.01``.
    n : int, optional
        The number of stages, with a single rate ``p``.

    Returns
    -------
    float
        :math:`1 - \\prod_i (1 - p_i)`; with one shared rate, :math:`1 - (1 - p)^n`.

    Raises
    ------
    TypeError
        If ``p`` is not a number or a list of numbers, or ``n`` is missing or not whole.
    ValueError
        If a rate lies outside [0, 1) (a percentage such as 1 meaning 1% included), the
        list is empty or ``n < 1``.

    See Also
    --------
    first_order_failure : the approximation :math:`\\sum p_i`.
    required_stage_rate : the inverse, a per-stage rate for an overall target.

    Notes
    -----
    .. math:: F = 1 - \\prod_{i=1}^{n} (1 - p_i)

    The formula assumes the stages fail independently. Failures with a shared cause
    (the same staff, the same IT system) are correlated and break it.

    The kit's source paper (seed 003) gives the ten-stage example as 11%; the formula it
    quotes, :math:`1 - (1 - 0.01)^{10}`, is 9.56%. The sum :math:`n p` = 10% is only
    the first-order approximation, and it always overstates.

    Examples
    --------
    >>> round(compound_failure(0.01, 10), 4)  # the seed's example: 9.56%, not 11%
    0.0956
    >>> round(compound_failure([0.02, 0.01, 0.005]), 4)
    0.0347
    >>> compound_failure(1, 10)  # 1 meant as 1%
    Traceback (most recent call last):
    ...
    ValueError: compound_failure(): argument 'p' must ...
    """
    rates = _rates(p, n, func="compound_failure")
    return float(1.0 - np.prod(1.0 - rates))


@validate_params({"p": v.Each(RATE_RANGE, scalar_ok=True), "n": _STAGES})
def first_order_failure(p: float | Sequence[float], n: int | None = None) -> float:
    """The first-order approximation of the compound failure share: the sum of the rates.

    Parameters
    ----------
    p, n
        As in :func:`compound_failure`.

    Returns
    -------
    float
        :math:`\\sum_i p_i` (:math:`n p` with one shared rate). It counts an output
        with two failures twice, so it overstates :func:`compound_failure`, and the more
        so the larger the rates; it can exceed 1.

    Examples
    --------
    >>> round(first_order_failure(0.01, 10), 4)
    0.1
    >>> first_order_failure([])
    Traceback (most recent call last):
    ...
    ValueError: first_order_failure(): argument 'p' must be a single value or a non-empty list, ...
    """
    rates = _rates(p, n, func="first_order_failure")
    return float(rates.sum())


@validate_params({"rates": v.Each(RATE_RANGE), "stages": v.Each(_STAGES)})
def compound_failure_table(*, rates: Sequence[float], stages: Sequence[int]) -> pd.DataFrame:
    """Exact compound failure against the first-order approximation on a grid.

    Parameters
    ----------
    rates : sequence of float
        Per-stage failure rates to tabulate (fractions in [0, 1)).
    stages : sequence of int
        Numbers of stages to tabulate.

    Returns
    -------
    pandas.DataFrame
        One row per (stages, rate): ``stages``, ``stage_rate``, ``exact``
        (:math:`1 - (1 - p)^n`), ``first_order`` (:math:`n p`) and ``overstatement``
        (first order minus exact, never negative).

    Examples
    --------
    >>> table = compound_failure_table(rates=[0.01, 0.02, 0.05], stages=[10, 20])
    >>> table.round(4).head(4)
       stages  stage_rate   exact  first_order  overstatement
    0      10        0.01  0.0956          0.1         0.0044
    1      10        0.02  0.1829          0.2         0.0171
    2      10        0.05  0.4013          0.5         0.0987
    3      20        0.01  0.1821          0.2         0.0179
    """
    func = "compound_failure_table"
    checked = _rates(list(rates), None, func=func)
    if isinstance(stages, str) or not isinstance(stages, Sequence | np.ndarray):
        raise TypeError(
            f"{func}(): argument 'stages' must be a list of whole numbers, got {stages!r}."
        )
    rows = [  # rates and stages were checked by the declaration
        {
            "stages": int(k),
            "stage_rate": float(p),
            "exact": 1.0 - (1.0 - p) ** int(k),
            "first_order": int(k) * float(p),
        }
        for k in stages
        for p in checked
    ]
    out = pd.DataFrame(rows)
    # n p >= 1 - (1 - p)^n always; clip the rounding error at n = 1.
    out["overstatement"] = (out["first_order"] - out["exact"]).clip(lower=0.0)
    return out


@validate_params({"target": RATE_RANGE, "n": _STAGES})
def required_stage_rate(target: float, n: int) -> float:
    """The largest per-stage failure rate that keeps the overall failure share at ``target``.

    Parameters
    ----------
    target : float
        The overall share of outputs allowed to meet a failure, a fraction in [0, 1).
    n : int
        The number of stages, all held to the same rate.

    Returns
    -------
    float
        :math:`1 - (1 - F)^{1/n}`, a little above :math:`F / n`.

    Raises
    ------
    ValueError
        If ``target`` lies outside [0, 1) or ``n < 1``.

    Examples
    --------
    >>> round(required_stage_rate(0.05, 10), 5)  # 5% overall over ten stages
    0.00512
    >>> required_stage_rate(5, 10)
    Traceback (most recent call last):
    ...
    ValueError: required_stage_rate(): argument 'target' must ...
    """
    # target and n were checked by the declaration
    return float(1.0 - (1.0 - float(target)) ** (1.0 / int(n)))


def _check_log(
    log: pd.DataFrame, *, stage_col: str, volume_col: str, errors_col: str, func: str
) -> None:
    v.require_columns(log, [stage_col, volume_col, errors_col], func=func)
    v.require_between(log, volume_col, 0, np.inf, func=func)
    v.require_between(log, errors_col, 0, np.inf, func=func)
    v.require_not_above(log, errors_col, volume_col, func=func, noun=" errors")


@validate_params(
    {
        "log": v.Frame(
            {"stage_col": v.Text(), "volume_col": _COUNT, "errors_col": _COUNT},
        )
    }
)
def stage_error_rates(
    log: pd.DataFrame,
    *,
    stage_col: str = "stage",
    volume_col: str = "orders",
    errors_col: str = "errors",
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Pooled error rate of each stage from a process log.

    Pooling (total errors over total volume) lets a busy day count for more than a quiet
    one. These are the per-stage rates that :func:`compound_failure` combines.

    Parameters
    ----------
    log : pandas.DataFrame
        One row per stage and period with the volume handled and the errors made.
    stage_col, volume_col, errors_col : str
        Column names.
    by : str or list of str, optional
        Extra grouping columns (e.g. a period label); the stage is always a key.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``stage``, the summed volume and errors and ``error_rate``
        (summed errors over summed volume, not the mean of daily rates), in the order the
        stages first appear in ``log``.

    Raises
    ------
    ValueError
        If the log is empty, a column is missing, a count is negative or missing, errors
        exceed the volume, or a stage handled no volume at all.

    Examples
    --------
    >>> log = pd.DataFrame(
    ...     {"stage": ["pick", "pick", "pack"], "orders": [100, 300, 400], "errors": [3, 1, 2]}
    ... )
    >>> stage_error_rates(log)
      stage  orders  errors  error_rate
    0  pick     400       4       0.010
    1  pack     400       2       0.005
    >>> stage_error_rates(log.assign(errors=[3, -1, 2]))
    Traceback (most recent call last):
    ...
    ValueError: stage_error_rates(): column 'errors' must be present and lie in [0, inf); ...
    """
    func = "stage_error_rates"
    v.require_frame(log, func=func, name="log")
    _check_log(log, stage_col=stage_col, volume_col=volume_col, errors_col=errors_col, func=func)
    keys = v.as_column_list(by, func=func) + [stage_col]
    v.require_columns(log, keys, func=func)
    order = {s: i for i, s in enumerate(pd.unique(log[stage_col]))}
    out = log.groupby(keys, observed=True, sort=False)[[volume_col, errors_col]].sum()
    out = out.reset_index()
    empty = out[out[volume_col] == 0]
    if len(empty):
        raise ValueError(
            f"{func}(): stage {empty[stage_col].iloc[0]!r} handled no volume ({volume_col!r} "
            "sums to 0), so it has no error rate."
        )
    out["error_rate"] = out[errors_col] / out[volume_col]
    sort_keys = keys[:-1] + ["_order"]
    out = out.assign(_order=out[stage_col].map(order)).sort_values(sort_keys, kind="stable")
    return out.drop(columns="_order").reset_index(drop=True)


@validate_params(
    {
        "rates": v.Frame({"stage_col": v.Text(), "rate_col": RATE_RANGE}, key="stage_col"),
        "reduction": v.Interval(0, 1),
    }
)
def stage_improvement(
    rates: pd.DataFrame,
    *,
    stage_col: str = "stage",
    rate_col: str = "error_rate",
    reduction: float = 0.5,
) -> pd.DataFrame:
    """What each stage's improvement buys: the overall failure share if only it improves.

    Parameters
    ----------
    rates : pandas.DataFrame
        One row per stage with its failure rate, e.g. :func:`stage_error_rates`.
    stage_col, rate_col : str
        Column names.
    reduction : float
        The share of the stage's rate removed, in [0, 1]: 0.5 halves it, 1 eliminates it.

    Returns
    -------
    pandas.DataFrame
        ``stage``, ``error_rate``, ``improved_rate``, ``overall_before``,
        ``overall_after`` and ``failure_avoided`` (before minus after), sorted with the
        best buy first, plus its ``rank``.

    Raises
    ------
    ValueError
        If a rate lies outside [0, 1), stages repeat, or ``reduction`` lies outside [0, 1].

    Notes
    -----
    Cutting stage *i*'s rate by :math:`\\delta_i` lowers the overall share by
    :math:`\\delta_i \\prod_{j \\ne i}(1 - p_j)`. With the same proportional cut
    everywhere, the stage with the highest rate always buys the most.

    Examples
    --------
    >>> rates = pd.DataFrame(
    ...     {"stage": ["entry", "pick", "pack"], "error_rate": [0.01, 0.03, 0.005]}
    ... )
    >>> stage_improvement(rates, reduction=0.5)[["stage", "failure_avoided", "rank"]].round(4)
       stage  failure_avoided  rank
    0   pick           0.0148     1
    1  entry           0.0048     2
    2   pack           0.0024     3
    """
    func = "stage_improvement"
    v.require_columns(rates, [stage_col, rate_col], func=func)
    v.require_between(rates, rate_col, 0, 1, func=func, closed="left")
    dup = rates[stage_col][rates[stage_col].duplicated()]
    if len(dup):
        raise ValueError(
            f"{func}(): each stage needs one row; {dup.iloc[0]!r} appears more than once."
        )
    cut = v.require_number(reduction, func=func, name="reduction", low=0, high=1)
    p = rates[rate_col].to_numpy(dtype=float)
    before = 1.0 - np.prod(1.0 - p)
    improved = p * (1.0 - cut)
    after = np.array(
        [
            1.0 - np.prod(1.0 - np.where(np.arange(len(p)) == i, improved[i], p))
            for i in range(len(p))
        ]
    )
    out = pd.DataFrame(
        {
            "stage": rates[stage_col].to_numpy(),
            "error_rate": p,
            "improved_rate": improved,
            "overall_before": before,
            "overall_after": after,
            "failure_avoided": before - after,
        }
    )
    out = out.sort_values("failure_avoided", ascending=False, kind="stable").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


@validate_params({"customers": _COUNT, "contacts_per_customer": _COUNT, "seconds": _COUNT})
def encounter_count(
    customers: float, contacts_per_customer: float, *, seconds: float | None = None
) -> pd.DataFrame:
    """How many moments of truth a service creates, and how long they last in total.

    Parameters
    ----------
    customers : float
        Customers served in the period (non-negative).
    contacts_per_customer : float
        Contacts with staff per customer (non-negative).
    seconds : float, optional
        Average length of one contact in seconds.

    Returns
    -------
    pandas.DataFrame
        One row: ``customers``, ``contacts_per_customer``, ``moments_of_truth`` and, with
        ``seconds``, ``contact_hours``.

    Notes
    -----
    Carlzon (1987) counted about 10 million SAS customers a year, each in contact with
    about five employees for about 15 seconds: the airline was "created" in its
    customers' minds 50 million times a year.

    Examples
    --------
    >>> encounter_count(10_000_000, 5, seconds=15).round(0)
         customers  contacts_per_customer  moments_of_truth  contact_hours
    0  10000000.0                    5.0        50000000.0       208333.0
    >>> encounter_count(-1, 5)
    Traceback (most recent call last):
    ...
    ValueError: encounter_count(): argument 'customers' must lie in [0, inf); got -1.
    """
    func = "encounter_count"
    n = v.require_number(customers, func=func, name="customers", low=0, high=np.inf, closed="left")
    k = v.require_number(
        contacts_per_customer,
        func=func,
        name="contacts_per_customer",
        low=0,
        high=np.inf,
        closed="left",
    )
    row = {"customers": n, "contacts_per_customer": k, "moments_of_truth": n * k}
    if seconds is not None:
        s = v.require_number(seconds, func=func, name="seconds", low=0, high=np.inf, closed="left")
        row["contact_hours"] = n * k * s / 3600.0
    return pd.DataFrame([row])


_BLUEPRINT_COLUMNS = ["step", "label", "lane", "position", "follows", "evidence", "reveals"]
_BLUEPRINT = v.Frame(
    {
        "step": v.Text(),
        "lane": v.Options(BLUEPRINT_LANES),
        "position": v.Interval(0, np.inf, integer=True),
    },
    key="step",
)


def _split(cell: object) -> list[str]:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell is pd.NA:
        return []
    return [part.strip() for part in str(cell).split(";") if part.strip()]


@validate_params({"blueprint": _BLUEPRINT})
def check_blueprint(blueprint: pd.DataFrame) -> pd.DataFrame:
    """Validate a service blueprint stored as data and return a clean copy.

    Parameters
    ----------
    blueprint : pandas.DataFrame
        One row per step: ``step`` (unique id), ``label`` (what happens), ``lane`` (one
        of :data:`BLUEPRINT_LANES`), ``position`` (column of the drawing, in time order),
        ``follows`` (ids of the steps it comes after, separated by ``;``, empty for a
        first step), ``evidence`` (the physical evidence the customer sees at a customer
        step, empty otherwise) and ``reveals`` (the process stages whose failures the
        customer meets at this step, separated by ``;``).

    Returns
    -------
    pandas.DataFrame
        The blueprint sorted by position and lane, with empty text cells as ``""``.

    Raises
    ------
    ValueError
        If a column is missing, a step id repeats, a lane is unknown, a position is not a
        whole non-negative number, ``follows`` names a missing step or a later position,
        or physical evidence is attached to a step the customer cannot see.

    Examples
    --------
    >>> bp = pd.DataFrame(
    ...     {
    ...         "step": ["order", "confirm", "pick"],
    ...         "label": ["Order online", "Send confirmation", "Pick items"],
    ...         "lane": ["customer", "onstage", "backstage"],
    ...         "position": [0, 1, 2],
    ...         "follows": ["", "order", "confirm"],
    ...         "evidence": ["Website", "", ""],
    ...         "reveals": ["entry", "", ""],
    ...     }
    ... )
    >>> check_blueprint(bp)["lane"].tolist()
    ['customer', 'onstage', 'backstage']
    >>> check_blueprint(bp.assign(lane=["customer", "front", "backstage"]))
    Traceback (most recent call last):
    ...
    ValueError: check_blueprint(): column 'lane' must be one of ...; 1 row(s) do not ...
    """
    return _clean_blueprint(blueprint, func="check_blueprint")


def _clean_blueprint(blueprint: pd.DataFrame, *, func: str) -> pd.DataFrame:
    """Check a blueprint (for the public function ``func``) and return its clean copy."""
    v.require_frame(blueprint, func=func, name="blueprint")
    v.require_columns(blueprint, _BLUEPRINT_COLUMNS, func=func)
    bp = blueprint[_BLUEPRINT_COLUMNS].copy()
    for col in ("step", "label", "lane", "follows", "evidence", "reveals"):
        bp[col] = bp[col].astype(object).where(bp[col].notna(), "").map(str).str.strip()
    blank = bp[bp["step"] == ""]
    if len(blank):
        raise ValueError(f"{func}(): column 'step' is empty in row {v._py(blank.index[0])!r}.")
    dup = bp["step"][bp["step"].duplicated()]
    if len(dup):
        raise ValueError(f"{func}(): column 'step' must be unique; {dup.iloc[0]!r} repeats.")
    unknown = bp[~bp["lane"].isin(BLUEPRINT_LANES)]
    if len(unknown):
        allowed = ", ".join(map(repr, BLUEPRINT_LANES))
        raise ValueError(
            f"{func}(): column 'lane' must be one of {allowed}; row {v._py(unknown.index[0])!r} "
            f"has {unknown['lane'].iloc[0]!r}."
        )
    v.require_between(bp, "position", 0, np.inf, func=func)
    if (bp["position"] % 1 != 0).any():
        bad = bp[bp["position"] % 1 != 0]
        raise ValueError(
            f"{func}(): column 'position' must hold whole numbers; row {v._py(bad.index[0])!r} has "
            f"{bad['position'].iloc[0]!r}."
        )
    bp["position"] = bp["position"].astype(int)
    where = dict(zip(bp["step"], bp["position"], strict=True))
    for row in bp.itertuples():
        for parent in _split(row.follows):
            if parent not in where:
                raise ValueError(
                    f"{func}(): step {row.step!r} follows {parent!r}, which is not a step."
                )
            if where[parent] >= row.position:
                raise ValueError(
                    f"{func}(): step {row.step!r} (position {row.position}) follows {parent!r} "
                    f"(position {where[parent]}); a step must come after the steps it follows."
                )
    hidden = bp[(bp["evidence"] != "") & ~bp["lane"].isin(VISIBLE_LANES)]
    if len(hidden):
        raise ValueError(
            f"{func}(): physical evidence belongs to steps the customer sees; step "
            f"{hidden['step'].iloc[0]!r} is {hidden['lane'].iloc[0]} but has evidence "
            f"{hidden['evidence'].iloc[0]!r}."
        )
    lane_order = {lane: i for i, lane in enumerate(BLUEPRINT_LANES)}
    bp = bp.assign(_lane=bp["lane"].map(lane_order)).sort_values(["position", "_lane"])
    return bp.drop(columns="_lane").reset_index(drop=True)


@validate_params({"blueprint": _BLUEPRINT})
def blueprint_crossings(blueprint: pd.DataFrame) -> pd.DataFrame:
    """The blueprint's flows (arrows) and the lines of the blueprint each one crosses.

    Parameters
    ----------
    blueprint : pandas.DataFrame
        A blueprint as described in :func:`check_blueprint`.

    Returns
    -------
    pandas.DataFrame
        One row per arrow: ``from_step``, ``to_step``, ``from_lane``, ``to_lane`` and
        one boolean column per line (``interaction``, ``visibility``,
        ``internal_interaction``). Each crossing is a hand-over: at the line of
        interaction between customer and staff, at the line of visibility between what the
        customer sees and what happens behind it, at the line of internal interaction
        between contact staff and support.

    Examples
    --------
    >>> bp = pd.DataFrame(
    ...     {
    ...         "step": ["order", "pick"],
    ...         "label": ["Order online", "Pick items"],
    ...         "lane": ["customer", "backstage"],
    ...         "position": [0, 1],
    ...         "follows": ["", "order"],
    ...         "evidence": ["Website", ""],
    ...         "reveals": ["", ""],
    ...     }
    ... )
    >>> blueprint_crossings(bp)[["from_step", "to_step", "interaction", "visibility"]]
      from_step to_step  interaction  visibility
    0     order    pick         True        True
    """
    bp = _clean_blueprint(blueprint, func="blueprint_crossings")
    lane_of = dict(zip(bp["step"], bp["lane"], strict=True))
    level = {lane: i for i, lane in enumerate(BLUEPRINT_LANES)}
    rows = []
    for row in bp.itertuples():
        for parent in _split(row.follows):
            a, b = sorted((level[lane_of[parent]], level[row.lane]))
            rows.append(
                {
                    "from_step": parent,
                    "to_step": row.step,
                    "from_lane": lane_of[parent],
                    "to_lane": row.lane,
                    "interaction": a <= 0 < b,
                    "visibility": a <= 1 < b,
                    "internal_interaction": a <= 2 < b,
                }
            )
    columns = ["from_step", "to_step", "from_lane", "to_lane"]
    columns += ["interaction", "visibility", "internal_interaction"]
    return pd.DataFrame(rows, columns=columns)


@validate_params(
    {
        "blueprint": _BLUEPRINT,
        "rates": v.Frame({"stage_col": v.Text(), "rate_col": RATE_RANGE}, key="stage_col"),
        "volume": _COUNT,
    }
)
def moments_of_truth(
    blueprint: pd.DataFrame,
    rates: pd.DataFrame,
    *,
    stage_col: str = "stage",
    rate_col: str = "error_rate",
    volume: float | None = None,
) -> pd.DataFrame:
    """Customer-visible steps of a blueprint, ranked by the failure risk customers meet there.

    Parameters
    ----------
    blueprint : pandas.DataFrame
        A blueprint as described in :func:`check_blueprint`. A step's ``reveals`` names
        the process stages whose failures surface to the customer at that step (a wrong
        item picked in the warehouse surfaces at the doorstep).
    rates : pandas.DataFrame
        One row per stage with its failure rate, e.g. :func:`stage_error_rates`.
    stage_col, rate_col : str
        Column names in ``rates``.
    volume : float, optional
        Customers (orders) per period; adds ``expected_failures`` = risk x volume.

    Returns
    -------
    pandas.DataFrame
        One row per step in a visible lane (:data:`VISIBLE_LANES`) that reveals at least
        one stage: ``step``, ``label``, ``lane``, ``evidence``, ``reveals``, ``stages``
        (how many), ``risk`` (the compound failure share of the stages it reveals) and
        ``rank`` (1 = riskiest), riskiest first.

    Raises
    ------
    ValueError
        If the blueprint is invalid, a revealed stage has no rate, or a rate lies outside
        [0, 1).

    Examples
    --------
    >>> bp = pd.DataFrame(
    ...     {
    ...         "step": ["order", "door"],
    ...         "label": ["Order online", "Receive delivery"],
    ...         "lane": ["customer", "customer"],
    ...         "position": [0, 1],
    ...         "follows": ["", "order"],
    ...         "evidence": ["Website", "Van"],
    ...         "reveals": ["entry", "pick; deliver"],
    ...     }
    ... )
    >>> rates = pd.DataFrame(
    ...     {"stage": ["entry", "pick", "deliver"], "error_rate": [0.004, 0.01, 0.02]}
    ... )
    >>> moments_of_truth(bp, rates)[["step", "risk", "rank"]].round(4)
       step    risk  rank
    0  door  0.0298     1
    1  order  0.0040     2
    """
    func = "moments_of_truth"
    bp = _clean_blueprint(blueprint, func=func)
    v.require_columns(rates, [stage_col, rate_col], func=func)
    v.require_between(rates, rate_col, 0, 1, func=func, closed="left")
    rate_of = dict(zip(rates[stage_col].astype(str), rates[rate_col].astype(float), strict=True))
    if volume is not None:
        volume = v.require_number(volume, func=func, name="volume", low=0)
    rows = []
    for row in bp[bp["lane"].isin(VISIBLE_LANES)].itertuples():
        stages = _split(row.reveals)
        if not stages:
            continue
        missing = [s for s in stages if s not in rate_of]
        if missing:
            raise ValueError(
                f"{func}(): step {row.step!r} reveals stage {missing[0]!r}, which has no row "
                f"in rates (stages: {', '.join(rate_of)})."
            )
        risk = 1.0 - float(np.prod([1.0 - rate_of[s] for s in stages]))
        rows.append(
            {
                "step": row.step,
                "label": row.label,
                "lane": row.lane,
                "evidence": row.evidence,
                "reveals": "; ".join(stages),
                "stages": len(stages),
                "risk": risk,
            }
        )
    out = pd.DataFrame(
        rows, columns=["step", "label", "lane", "evidence", "reveals", "stages", "risk"]
    )
    out = out.sort_values("risk", ascending=False, kind="stable").reset_index(drop=True)
    if volume is not None:
        out["expected_failures"] = out["risk"] * volume
    out["rank"] = np.arange(1, len(out) + 1)
    return out


#: Cause categories for a fishbone diagram. ``services_4P`` follows the services example
#: in Perreault & McCarthy's *Basic Marketing* (policies, procedures, people, and place:
#: the physical environment); ``8P`` is Minitab Engage's fishbone template.
FISHBONE_PRESETS: dict[str, tuple[str, ...]] = {
    "services_4P": ("policies", "procedures", "people", "place"),
    "8P": (
        "procedures",
        "policies",
        "place",
        "product",
        "people",
        "processes",
        "price",
        "promotion",
    ),
}


@validate_params(
    {
        "data": v.Frame({"category_col": v.Text(), "cause_col": None, "count_col": _COUNT}),
        "top": v.Interval(1, np.inf, integer=True),
    }
)
def fishbone_causes(
    data: pd.DataFrame,
    *,
    category_col: str = "category",
    cause_col: str = "cause",
    count_col: str | None = None,
    preset: str | Sequence[str] = "services_4P",
    top: int | None = None,
) -> pd.DataFrame:
    """Causes grouped by category, ready to draw as a fishbone (Ishikawa) diagram.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per cause (with ``count_col``) or one row per occurrence, e.g. one
        complaint per row.
    category_col, cause_col : str
        Column names. Category names are matched case-insensitively.
    count_col : str, optional
        Counts per row; without it each row counts once.
    preset : str or sequence of str
        A key of :data:`FISHBONE_PRESETS` or your own list of category names (the bones,
        in drawing order).
    top : int, optional
        Keep only the ``top`` most frequent causes of each category.

    Returns
    -------
    pandas.DataFrame
        ``category`` (ordered categorical), ``cause``, ``count`` and ``share`` (of all
        counted occurrences), categories in preset order, causes by count.

    Raises
    ------
    ValueError
        For an unknown preset, duplicate category names, a category outside the preset,
        negative or missing counts or an empty table.

    Examples
    --------
    >>> causes = pd.DataFrame(
    ...     {
    ...         "category": ["people", "procedures", "procedures", "Place"],
    ...         "cause": ["rude driver", "missing item", "missing item", "cold van"],
    ...     }
    ... )
    >>> fishbone_causes(causes)[["category", "cause", "count"]]
         category         cause  count
    0  procedures  missing item      2
    1      people   rude driver      1
    2       place      cold van      1
    >>> fishbone_causes(causes.assign(category="staff"))
    Traceback (most recent call last):
    ...
    ValueError: fishbone_causes(): column 'category' must hold one of 'policies', ...
    """
    func = "fishbone_causes"
    v.require_frame(data, func=func)
    v.require_columns(
        data, [category_col, cause_col] + ([count_col] if count_col else []), func=func
    )
    if isinstance(preset, str):
        if preset not in FISHBONE_PRESETS:
            names = ", ".join(map(repr, FISHBONE_PRESETS))
            raise ValueError(f"{func}(): unknown preset {preset!r}; use one of {names} or a list.")
        categories = FISHBONE_PRESETS[preset]
    else:
        categories = tuple(str(c).strip().lower() for c in preset)
        if not categories:
            raise ValueError(f"{func}(): preset lists no categories.")
        seen = pd.Series(categories)
        if seen.duplicated().any():
            raise ValueError(
                f"{func}(): category names must be unique; "
                f"{seen[seen.duplicated()].iloc[0]!r} repeats."
            )
    frame = data[[category_col, cause_col]].copy()
    frame.columns = ["category", "cause"]
    if count_col:
        v.require_between(data, count_col, 0, np.inf, func=func)
        frame["count"] = data[count_col].to_numpy(dtype=float)
    else:
        frame["count"] = 1.0
    frame = frame.dropna(subset=["cause"])
    frame["category"] = frame["category"].astype(str).str.strip().str.lower()
    outside = frame[~frame["category"].isin(categories)]
    if len(outside):
        allowed = ", ".join(map(repr, categories))
        raise ValueError(
            f"{func}(): column {category_col!r} must hold one of {allowed}; row "
            f"{v._py(outside.index[0])!r} has {outside['category'].iloc[0]!r}."
        )
    out = frame.groupby(["category", "cause"], sort=False)["count"].sum().reset_index()
    total = out["count"].sum()
    out["share"] = out["count"] / total if total > 0 else np.nan
    out["category"] = pd.Categorical(out["category"], categories=categories, ordered=True)
    out = out.sort_values(["category", "count", "cause"], ascending=[True, False, True])
    if top is not None:
        out = out.groupby("category", observed=True).head(top)
    if not count_col or (out["count"] % 1 == 0).all():
        out["count"] = out["count"].astype(int)
    return out.reset_index(drop=True)


@validate_params(
    {
        "data": v.Frame({"cause_col": None, "count_col": _COUNT}),
        "threshold": v.Interval(0, 1, closed="right"),
    }
)
def pareto_table(
    data: pd.DataFrame,
    *,
    cause_col: str = "cause",
    count_col: str | None = None,
    threshold: float = 0.8,
) -> pd.DataFrame:
    """Causes sorted by frequency with cumulative shares: the table behind a Pareto chart.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per occurrence (e.g. per complaint), or one row per cause with
        ``count_col``.
    cause_col : str
        The cause column (missing causes are counted as ``"(not coded)"``).
    count_col : str, optional
        Counts per row.
    threshold : float
        The cumulative share that defines the "vital few", in (0, 1]: 0.8 for the usual
        80%.

    Returns
    -------
    pandas.DataFrame
        ``cause``, ``count``, ``share``, ``cumulative_share`` and ``vital_few`` (True
        for the fewest top causes whose cumulative share reaches ``threshold``), most
        frequent first; ties keep alphabetical order.

    Examples
    --------
    >>> complaints = pd.DataFrame({"cause": ["late"] * 6 + ["missing"] * 3 + ["rude"]})
    >>> pareto_table(complaints)
         cause  count  share  cumulative_share  vital_few
    0     late      6    0.6               0.6       True
    1  missing      3    0.3               0.9       True
    2     rude      1    0.1               1.0      False
    >>> pareto_table(complaints, threshold=80)
    Traceback (most recent call last):
    ...
    ValueError: pareto_table(): argument 'threshold' must lie in (0, 1]; got 80.
    """
    func = "pareto_table"
    v.require_frame(data, func=func)
    v.require_columns(data, [cause_col] + ([count_col] if count_col else []), func=func)
    cut = v.require_number(threshold, func=func, name="threshold", low=0, high=1, closed="right")
    causes = data[cause_col].astype(object).where(data[cause_col].notna(), "(not coded)")
    if count_col:
        v.require_between(data, count_col, 0, np.inf, func=func)
        counts = pd.Series(data[count_col].to_numpy(dtype=float)).groupby(causes.to_numpy()).sum()
    else:
        counts = causes.value_counts()
    counts.index = counts.index.map(str)
    total = float(counts.sum())
    if total <= 0:
        raise ValueError(f"{func}(): the counts add up to 0; there is nothing to rank.")
    out = pd.DataFrame({"cause": counts.index, "count": counts.to_numpy()})
    out = out.sort_values(["count", "cause"], ascending=[False, True]).reset_index(drop=True)
    if (out["count"] % 1 == 0).all():
        out["count"] = out["count"].astype(int)
    out["share"] = out["count"] / total
    out["cumulative_share"] = out["share"].cumsum()
    reached = out["cumulative_share"] >= cut - 1e-12
    first = int(np.flatnonzero(reached.to_numpy())[0])
    out["vital_few"] = np.arange(len(out)) <= first
    return out
