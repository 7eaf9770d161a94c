"""The ladder of loyalty and the economics of keeping customers.

Relationship marketing's task is to move customers up a ladder, from prospect to partner
(Peck et al. 1999, Fig. 2.6), and to keep them: Reichheld & Sasser (1990) argued that
cutting defections raises profit sharply because long-standing customers are worth more.
This module holds the ladder as data, projects movement on it with a transition matrix,
and computes customer lifetime value (Gupta & Lehmann 2003), the profit effect of a cut
in the defection rate on a cohort, and acquisition against retention spending.

Cohort data come *long*: one row per customer and year, with the customer's rung that
year, the margin earned and whether the customer defected at the end of the year.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "DISCOUNT_RANGE",
    "LADDER_RUNGS",
    "LOST",
    "RETENTION_RANGE",
    "acquisition_vs_retention",
    "clv",
    "clv_cash_flows",
    "cohort_profit",
    "customer_lifetime_value",
    "defection_cut_effect",
    "ladder_of_loyalty",
    "ladder_projection",
    "retention_rates",
    "transition_matrix",
]

#: The rungs of the relationship marketing ladder of loyalty, bottom to top
#: (Peck et al. 1999, Fig. 2.6).
LADDER_RUNGS: tuple[str, ...] = (
    "prospect",
    "purchaser",
    "client",
    "supporter",
    "advocate",
    "partner",
)
#: The state of a customer who has defected (absorbing in a projection).
LOST = "lost"
#: Allowed retention rates: a proportion, 1 excluded for an infinite horizon.
RETENTION_RANGE = v.Interval(0.0, 1.0, closed="left")
#: Allowed discount rates per period, as proportions.
DISCOUNT_RANGE = v.Interval(0.0, 1.0)
#: Allowed defection rates, and margin growth per year, as proportions.
DEFECTION_RANGE = v.Interval(0.0, 1.0)
GROWTH_RANGE = v.Interval(-1.0, 1.0)
#: A horizon in periods (None means infinite where a function allows it).
HORIZON = v.Interval(1, np.inf, integer=True)
_MONEY = v.Interval(0.0, np.inf)

_ROW_TOLERANCE = 1e-6

_LADDER = [
    ("prospect", "someone the firm believes may be persuaded to do business with it", ""),
    ("purchaser", "has done business with the firm once", "customer"),
    (
        "client",
        "has done business repeatedly, but may be neutral or even negative towards the firm",
        "",
    ),
    ("supporter", "likes the firm but supports it only passively", ""),
    ("advocate", "actively recommends the firm to others: does its marketing for it", ""),
    ("partner", "relates to the firm as a partner, for mutual benefit and joint development", ""),
]


@validate_params({})
def ladder_of_loyalty() -> pd.DataFrame:
    """The rungs of the ladder of loyalty as data, bottom to top.

    Returns
    -------
    pandas.DataFrame
        One row per rung: ``rung`` (an ordered categorical), ``level`` (1 = prospect),
        ``meaning`` and ``earlier_name`` (the purchaser rung was called "customer" in
        earlier versions).

    Notes
    -----
    The ladder is ordinal: the levels order the rungs, they are not a score to average.

    References
    ----------
    Peck, H., Payne, A., Christopher, M. & Clark, M. (1999). Relationship Marketing:
    Strategy and Implementation, Fig. 2.6. Butterworth-Heinemann.

    Examples
    --------
    >>> ladder = ladder_of_loyalty()
    >>> ladder["rung"].tolist()
    ['prospect', 'purchaser', 'client', 'supporter', 'advocate', 'partner']
    >>> ladder.set_index("rung").loc["purchaser", "earlier_name"]
    'customer'
    """
    frame = pd.DataFrame(_LADDER, columns=["rung", "meaning", "earlier_name"])
    frame.insert(1, "level", np.arange(1, len(frame) + 1))
    frame["rung"] = pd.Categorical(frame["rung"], categories=LADDER_RUNGS, ordered=True)
    return frame


# --------------------------------------------------------------------------------------
# Customer lifetime value
# --------------------------------------------------------------------------------------
def _check_clv_args(
    retention: object, discount_rate: object, horizon: object, *, func: str
) -> tuple[float, float, int | None]:
    i = v.require_number(discount_rate, func=func, name="discount_rate", low=0, high=1)
    if horizon is None:
        r = v.require_number(retention, func=func, name="retention", low=0, high=1, closed="left")
        return r, i, None
    r = v.require_number(retention, func=func, name="retention", low=0, high=1)
    return r, i, int(horizon)


@validate_params(
    {
        "margin": v.FINITE,
        "retention": v.Interval(0, 1),
        "discount_rate": DISCOUNT_RANGE,
        "horizon": HORIZON,
        "acquisition_cost": v.FINITE,
    }
)
def clv(
    margin: float,
    *,
    retention: float,
    discount_rate: float = 0.10,
    horizon: int | None = None,
    acquisition_cost: float = 0.0,
) -> float:
    """Customer lifetime value for a constant margin and retention rate.

    Parameters
    ----------
    margin : float
        Margin per customer per period (currency); received at the end of each period
        the customer is still there.
    retention : float
        Share of customers kept from one period to the next, a proportion in [0, 1)
        (in [0, 1] for a finite horizon). Give 0.8, not 80.
    discount_rate : float
        Discount rate per period, a proportion in [0, 1].
    horizon : int, optional
        Number of periods; None (the default) for an infinite horizon.
    acquisition_cost : float
        Subtracted from the value (0 for a customer already acquired).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If an argument is not a number, or ``horizon`` is not a whole number.
    ValueError
        If ``retention`` or ``discount_rate`` is off its range or ``horizon < 1``.

    See Also
    --------
    customer_lifetime_value : the same for every row of a frame.
    clv_cash_flows : the period-by-period table behind the sum.

    Notes
    -----
    With margin :math:`m`, retention :math:`r` and discount rate :math:`i`
    (Gupta & Lehmann 2003):

    .. math:: CLV = \\sum_{t=1}^{T} \\frac{m\\,r^t}{(1+i)^t}
              = m\\,\\frac{q(1-q^T)}{1-q},\\quad q = \\frac{r}{1+i};
              \\qquad CLV_\\infty = \\frac{m\\,r}{1+i-r}

    The term :math:`r/(1+i-r)` is the *margin multiple*.

    References
    ----------
    Gupta, S. & Lehmann, D.R. (2003). Customers as assets. Journal of Interactive
    Marketing.

    Examples
    --------
    >>> round(clv(100, retention=0.8, discount_rate=0.10), 2)
    266.67
    >>> round(clv(100, retention=0.8, discount_rate=0.0), 2)  # m r / (1 - r)
    400.0
    >>> round(clv(100, retention=0.8, discount_rate=0.10, horizon=3), 2)
    164.09
    >>> clv(100, retention=80)
    Traceback (most recent call last):
    ...
    ValueError: clv(): argument 'retention' must lie in [0, 1]; got 80.
    """
    func = "clv"
    m = v.require_number(margin, func=func, name="margin")
    ac = v.require_number(acquisition_cost, func=func, name="acquisition_cost")
    r, i, horizon = _check_clv_args(retention, discount_rate, horizon, func=func)
    if horizon is None:
        return m * r / (1 + i - r) - ac
    q = r / (1 + i)
    t = np.arange(1, horizon + 1)
    return float(m * np.sum(q**t)) - ac


@validate_params(
    {
        "data": v.Frame(
            {"margin_col": v.FINITE, "retention_col": v.Interval(0, 1)},
            missing=["margin_col", "retention_col"],
        ),
        "discount_rate": DISCOUNT_RANGE,
        "horizon": HORIZON,
    }
)
def customer_lifetime_value(
    data: pd.DataFrame,
    *,
    margin_col: str = "margin",
    retention_col: str = "retention_rate",
    discount_rate: float = 0.10,
    horizon: int | None = None,
) -> pd.DataFrame:
    """Add a ``clv`` column: the lifetime value of each row's margin and retention rate.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer or segment.
    margin_col, retention_col : str
        Margin per period (currency) and retention rate (a proportion).
    discount_rate : float
        Discount rate per period, in [0, 1].
    horizon : int, optional
        Number of periods; None for an infinite horizon (retention must then be < 1).

    Returns
    -------
    pandas.DataFrame
        A copy of ``data`` with ``margin_multiple`` (CLV per unit of margin) and ``clv``.

    Raises
    ------
    ValueError
        If a column is missing or a retention rate is off its range (e.g. 80 for 80 %).

    See Also
    --------
    clv : the scalar version and the formulas.

    Examples
    --------
    >>> df = pd.DataFrame({"margin": [100.0, 50.0], "retention_rate": [0.8, 0.5]})
    >>> customer_lifetime_value(df)["clv"].round(2).tolist()
    [266.67, 41.67]
    >>> customer_lifetime_value(df, discount_rate=0.0)["margin_multiple"].tolist()
    [4.0, 1.0]
    >>> customer_lifetime_value(df.assign(retention_rate=[0.8, 1.2]))
    Traceback (most recent call last):
    ...
    ValueError: customer_lifetime_value(): column 'retention_rate' must lie in [0, 1]; ...
    """
    func = "customer_lifetime_value"
    v.require_columns(data, [margin_col, retention_col], func=func)
    v.require_numeric(data, margin_col, func=func)
    closed = "left" if horizon is None else "both"
    v.require_between(data, retention_col, 0, 1, func=func, closed=closed, allow_missing=True)
    _check_clv_args(0.5, discount_rate, horizon, func=func)
    i = float(discount_rate)
    r = data[retention_col].astype(float)
    if horizon is None:
        multiple = r / (1 + i - r)
    else:
        q = r / (1 + i)
        multiple = sum(q**t for t in range(1, int(horizon) + 1))
    return data.assign(margin_multiple=multiple, clv=data[margin_col] * multiple)


@validate_params(
    {
        "margin": v.FINITE,
        "retention": v.Interval(0, 1),
        "discount_rate": DISCOUNT_RANGE,
        "horizon": HORIZON,
    }
)
def clv_cash_flows(
    margin: float,
    *,
    retention: float,
    discount_rate: float = 0.10,
    horizon: int = 10,
) -> pd.DataFrame:
    """The period-by-period table behind a finite-horizon CLV.

    Parameters
    ----------
    margin, retention, discount_rate
        As in :func:`clv`.
    horizon : int
        Number of periods to tabulate.

    Returns
    -------
    pandas.DataFrame
        One row per period ``t``: ``survival`` (:math:`r^t`), ``expected_margin``,
        ``discount_factor`` (:math:`(1+i)^{-t}`), ``present_value`` and ``cumulative``
        (the CLV up to that period).

    Examples
    --------
    >>> flows = clv_cash_flows(100, retention=0.8, horizon=3)
    >>> flows[["t", "survival", "present_value"]].round(2)
       t  survival  present_value
    0  1      0.80          72.73
    1  2      0.64          52.89
    2  3      0.51          38.47
    >>> round(float(flows["cumulative"].iloc[-1]), 2) == round(
    ...     clv(100, retention=0.8, horizon=3), 2
    ... )
    True
    """
    func = "clv_cash_flows"
    m = v.require_number(margin, func=func, name="margin")
    r, i, horizon = _check_clv_args(retention, discount_rate, horizon, func=func)
    t = np.arange(1, horizon + 1)
    survival = r**t
    discount = (1 + i) ** -t.astype(float)
    pv = m * survival * discount
    return pd.DataFrame(
        {
            "t": t,
            "survival": survival,
            "expected_margin": m * survival,
            "discount_factor": discount,
            "present_value": pv,
            "cumulative": np.cumsum(pv),
        }
    )


# --------------------------------------------------------------------------------------
# Cohorts: the Reichheld and Sasser argument, computed
# --------------------------------------------------------------------------------------
@validate_params(
    {
        "defection_rate": DEFECTION_RANGE,
        "margin": v.FINITE,
        "margin_growth": GROWTH_RANGE,
        "acquisition_cost": _MONEY,
        "discount_rate": DISCOUNT_RANGE,
        "horizon": HORIZON,
        "cohort_size": HORIZON,
    }
)
def cohort_profit(
    *,
    defection_rate: float,
    margin: float,
    margin_growth: float = 0.0,
    acquisition_cost: float = 0.0,
    discount_rate: float = 0.10,
    horizon: int = 20,
    cohort_size: int = 1000,
) -> pd.DataFrame:
    """Year-by-year profit from one acquired cohort of customers.

    Parameters
    ----------
    defection_rate : float
        Share of the remaining customers lost each year, a proportion in [0, 1].
    margin : float
        Margin per customer in the first year (currency).
    margin_growth : float
        Yearly growth of the margin per customer with tenure (a proportion, e.g. 0.05):
        long-standing customers buy more, cost less to serve and refer others.
    acquisition_cost : float
        Cost of acquiring one customer, paid in year 0.
    discount_rate : float
        Yearly discount rate, in [0, 1].
    horizon : int
        Years to follow the cohort (at least 1).
    cohort_size : int
        Customers acquired in year 0.

    Returns
    -------
    pandas.DataFrame
        One row per year 0..horizon: ``customers`` (expected customers still there at the
        end of the year), ``margin_per_customer``, ``profit`` (year 0: minus the
        acquisition spend), ``present_value`` and ``cumulative``.

    Raises
    ------
    ValueError
        If a rate is off its range or ``horizon``/``cohort_size`` is below 1.

    Notes
    -----
    Year :math:`t \\ge 1` earns :math:`N r^t m (1+g)^{t-1}` with :math:`r = 1 - d`, the
    same end-of-period convention as :func:`clv`: with :math:`g = 0` and a long
    horizon the cohort's value per customer tends to :math:`m r/(1+i-r) - AC`.

    Examples
    --------
    >>> table = cohort_profit(defection_rate=0.2, margin=100, horizon=2, cohort_size=10)
    >>> table[["year", "customers", "profit"]]
       year  customers  profit
    0     0       10.0     0.0
    1     1        8.0   800.0
    2     2        6.4   640.0
    """
    # Every argument was checked by the declaration above.
    return _cohort_table(
        float(defection_rate),
        float(margin),
        float(margin_growth),
        float(acquisition_cost),
        float(discount_rate),
        int(horizon),
        int(cohort_size),
    )


def _cohort_table(
    d: float, m: float, g: float, ac: float, i: float, horizon: int, cohort_size: int
) -> pd.DataFrame:
    """The cohort's customers, profit and present value by year (arguments already checked)."""
    years = np.arange(0, horizon + 1)
    r = 1 - d
    customers = cohort_size * r**years
    per_customer = np.where(years >= 1, m * (1 + g) ** np.maximum(years - 1, 0), 0.0)
    profit = customers * per_customer
    profit[0] = -ac * cohort_size
    pv = profit / (1 + i) ** years
    return pd.DataFrame(
        {
            "year": years,
            "customers": customers.astype(float),
            "margin_per_customer": per_customer,
            "profit": profit.astype(float) + 0.0,
            "present_value": pv + 0.0,
            "cumulative": np.cumsum(pv) + 0.0,
        }
    )


@validate_params(
    {
        "defection_rate": DEFECTION_RANGE,
        "cut": DEFECTION_RANGE,
        "margin": v.FINITE,
        "margin_growth": GROWTH_RANGE,
        "acquisition_cost": _MONEY,
        "discount_rate": DISCOUNT_RANGE,
        "horizon": HORIZON,
    }
)
def defection_cut_effect(
    *,
    defection_rate: float,
    cut: float = 0.05,
    margin: float,
    margin_growth: float = 0.0,
    acquisition_cost: float = 0.0,
    discount_rate: float = 0.10,
    horizon: int = 20,
) -> pd.DataFrame:
    """The profit effect of cutting the defection rate by ``cut`` percentage points.

    Reichheld & Sasser (1990) reported that cutting defections by 5 points raised
    profits by large percentages in several service firms. This function computes such
    an effect for a cohort instead of quoting it: the present value of one acquired
    customer (net of acquisition cost) at the current and at the reduced defection rate.

    Parameters
    ----------
    defection_rate : float
        Current yearly defection rate, a proportion (0.10 for 10 %).
    cut : float
        Reduction in **percentage points**, as a proportion: 0.05 takes 10 % to 5 %
        (not to 9.5 %). Must not exceed ``defection_rate``.
    margin, margin_growth, acquisition_cost, discount_rate, horizon
        As in :func:`cohort_profit`.

    Returns
    -------
    pandas.DataFrame
        Two rows, ``scenario`` ``current`` and ``improved``: ``defection_rate``,
        ``retention_rate``, ``customer_value`` (present value per acquired customer)
        and ``profit_change_pct`` (change against the current scenario, in percent).

    Raises
    ------
    ValueError
        If ``cut`` is negative or larger than ``defection_rate``, or another argument
        is off its range.

    Examples
    --------
    >>> effect = defection_cut_effect(defection_rate=0.10, cut=0.05, margin=100, horizon=50)
    >>> effect[["scenario", "defection_rate", "profit_change_pct"]].round(2)
       scenario  defection_rate  profit_change_pct
    0   current            0.10               0.00
    1  improved            0.05              40.65
    >>> defection_cut_effect(defection_rate=0.04, cut=0.05, margin=100)
    Traceback (most recent call last):
    ...
    ValueError: defection_cut_effect(): argument 'cut' must lie in [0, 0.04]; got 0.05.
    """
    func = "defection_cut_effect"
    d = v.require_number(defection_rate, func=func, name="defection_rate", low=0, high=1)
    c = v.require_number(cut, func=func, name="cut", low=0, high=d)
    rows = []
    for scenario, rate in (("current", d), ("improved", d - c)):
        table = _cohort_table(
            rate,
            float(margin),
            float(margin_growth),
            float(acquisition_cost),
            float(discount_rate),
            int(horizon),
            1,
        )
        rows.append((scenario, rate, 1 - rate, float(table["present_value"].sum())))
    out = pd.DataFrame(
        rows, columns=["scenario", "defection_rate", "retention_rate", "customer_value"]
    )
    base = out["customer_value"].iloc[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = 100 * (out["customer_value"] - base) / abs(base) if base != 0 else np.nan
    out["profit_change_pct"] = change
    return out


@validate_params(
    {
        "customers": v.Interval(1, np.inf),
        "defection_rate": DEFECTION_RANGE,
        "defection_cut": DEFECTION_RANGE,
        "acquisition_cost": _MONEY,
        "retention_cost": _MONEY,
    }
)
def acquisition_vs_retention(
    *,
    customers: int,
    defection_rate: float,
    defection_cut: float,
    acquisition_cost: float,
    retention_cost: float,
) -> pd.DataFrame:
    """One year's spending to hold a customer base steady: replace leavers or keep them.

    Parameters
    ----------
    customers : int
        Size of the customer base to hold steady.
    defection_rate : float
        Yearly defection rate without a retention programme, a proportion.
    defection_cut : float
        Percentage points (as a proportion) by which a retention programme cuts the
        defection rate; at most ``defection_rate``.
    acquisition_cost : float
        Cost of winning one new customer (currency).
    retention_cost : float
        Yearly cost of the retention programme per customer in the base (currency).

    Returns
    -------
    pandas.DataFrame
        Two rows, ``scenario`` ``replace`` (no programme: every leaver is replaced) and
        ``retain`` (the programme runs): ``defection_rate``, ``customers_lost``,
        ``acquisition_spend``, ``retention_spend``, ``total_spend``, and
        ``break_even_retention_cost`` (the programme cost per customer at which both
        cost the same: ``defection_cut * acquisition_cost``).

    Examples
    --------
    >>> table = acquisition_vs_retention(
    ...     customers=1000,
    ...     defection_rate=0.15,
    ...     defection_cut=0.05,
    ...     acquisition_cost=300,
    ...     retention_cost=10,
    ... )
    >>> table[["scenario", "customers_lost", "total_spend"]]
      scenario  customers_lost  total_spend
    0  replace           150.0      45000.0
    1   retain           100.0      40000.0
    """
    func = "acquisition_vs_retention"
    n = v.require_number(customers, func=func, name="customers", low=1)
    d = v.require_number(defection_rate, func=func, name="defection_rate", low=0, high=1)
    c = v.require_number(defection_cut, func=func, name="defection_cut", low=0, high=d)
    ac = v.require_number(acquisition_cost, func=func, name="acquisition_cost", low=0)
    rc = v.require_number(retention_cost, func=func, name="retention_cost", low=0)
    rows = []
    for scenario, rate, spend in (("replace", d, 0.0), ("retain", d - c, rc * n)):
        lost = n * rate
        rows.append((scenario, rate, lost, lost * ac, spend, lost * ac + spend))
    out = pd.DataFrame(
        rows,
        columns=[
            "scenario",
            "defection_rate",
            "customers_lost",
            "acquisition_spend",
            "retention_spend",
            "total_spend",
        ],
    )
    out["break_even_retention_cost"] = c * ac
    return out


# --------------------------------------------------------------------------------------
# Movement on the ladder
# --------------------------------------------------------------------------------------
def _check_transitions(transitions: pd.DataFrame, *, func: str) -> pd.DataFrame:
    if not isinstance(transitions, pd.DataFrame):
        raise TypeError(
            f"{func}(): argument 'transitions' must be a square DataFrame "
            f"(rows: from, columns: to), "
            f"got {type(transitions).__name__}."
        )
    rows, cols = [str(x) for x in transitions.index], [str(x) for x in transitions.columns]
    if transitions.empty or sorted(rows) != sorted(cols) or len(set(rows)) != len(rows):
        raise ValueError(
            f"{func}(): argument 'transitions' must be square with the "
            f"same states as rows and columns; "
            f"rows {rows}, columns {cols}."
        )
    matrix = transitions.copy()
    matrix.index, matrix.columns = rows, cols
    matrix = matrix.loc[rows, rows]
    values = matrix.to_numpy(dtype=float)
    bad = ~((values >= 0) & (values <= 1))
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValueError(
            f"{func}(): transition probabilities must lie in [0, 1]; "
            f"{int(bad.sum())} do not (first: {rows[r]} -> {rows[c]}, value {values[r, c]!r})."
        )
    sums = values.sum(axis=1)
    off = np.abs(sums - 1) > _ROW_TOLERANCE
    if off.any():
        k = int(np.flatnonzero(off)[0])
        raise ValueError(
            f"{func}(): each row of transitions must sum to 1 (a probability distribution "
            f"over the next state); {int(off.sum())} row(s) do not (first: {rows[k]!r} sums "
            f"to {sums[k]:.6g}). Did you normalise the columns instead of the rows?"
        )
    return matrix


@validate_params(
    {
        "data": v.Frame(
            {"rung_col": None, "defected_col": v.Boolean()},
            missing=["defected_col"],
            key=["id_col", "period_col"],
        )
    }
)
def transition_matrix(
    data: pd.DataFrame,
    *,
    id_col: str = "customer_id",
    period_col: str = "year",
    rung_col: str = "rung",
    defected_col: str | None = "defected",
    states: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Estimate the yearly movement between rungs from cohort data.

    Every pair of consecutive years of one customer is one observed move; a customer
    whose ``defected`` flag is set in a year moves to :data:`LOST`. Each row is
    normalised to a probability distribution over the next state.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer and period.
    id_col, period_col, rung_col : str
        Column names.
    defected_col : str or None
        Boolean column: the customer left at the end of this period. None if there is
        none (then nobody is lost).
    states : tuple of str, optional
        The rungs to use, bottom to top; by default the rungs of :data:`LADDER_RUNGS`
        that occur in ``data``.

    Returns
    -------
    pandas.DataFrame
        Square: rows are the state *from*, columns the state *to* (the rungs, then
        :data:`LOST`, absorbing). A rung never left from in the data keeps its customers.

    Raises
    ------
    ValueError
        If a column is missing or a rung is not in ``states``.

    Examples
    --------
    >>> moves = pd.DataFrame(
    ...     {
    ...         "customer_id": [1, 1, 2, 2, 3],
    ...         "year": [1, 2, 1, 2, 1],
    ...         "rung": ["purchaser", "client", "purchaser", "purchaser", "purchaser"],
    ...         "defected": [False, False, False, False, True],
    ...     }
    ... )
    >>> transition_matrix(moves).round(2)
               purchaser  client  lost
    purchaser       0.33    0.33  0.33
    client          0.00    1.00  0.00
    lost            0.00    0.00  1.00
    """
    func = "transition_matrix"
    cols = [id_col, period_col, rung_col] + ([defected_col] if defected_col else [])
    v.require_columns(data, cols, func=func)
    rungs = data[rung_col].astype(str)
    if states is None:
        seen = set(rungs)
        unknown = sorted(seen - set(LADDER_RUNGS))
        if unknown:
            raise ValueError(
                f"{func}(): column {rung_col!r} holds {unknown[0]!r}, which is not a rung of "
                f"the ladder ({', '.join(LADDER_RUNGS)}); pass states=... for other states."
            )
        states = tuple(r for r in LADDER_RUNGS if r in seen)
    else:
        unknown = sorted(set(rungs) - set(states))
        if unknown:
            raise ValueError(f"{func}(): rung {unknown[0]!r} is not in states {states!r}.")
    order = list(states) + [LOST]
    frame = pd.DataFrame(
        {"id": data[id_col].to_numpy(), "period": data[period_col].to_numpy(), "rung": rungs}
    )
    frame["defected"] = (
        data[defected_col].fillna(False).astype(bool).to_numpy() if defected_col else False
    )
    frame = frame.sort_values(["id", "period"], kind="stable")
    nxt = frame.groupby("id")["rung"].shift(-1)
    nxt_period = frame.groupby("id")["period"].shift(-1)
    consecutive = nxt.notna() & (nxt_period == frame["period"] + 1)
    to = pd.Series(np.where(frame["defected"], LOST, nxt), index=frame.index)
    observed = frame["defected"] | consecutive
    counts = pd.crosstab(frame.loc[observed, "rung"], to[observed]).reindex(
        index=order, columns=order, fill_value=0
    )
    counts = counts.astype(float)
    totals = counts.sum(axis=1)
    for state in order:
        if totals[state] == 0:
            counts.loc[state, state] = 1.0
    matrix = counts.div(counts.sum(axis=1), axis=0)
    matrix.index.name = None
    matrix.columns.name = None
    return matrix


@validate_params({"transitions": None, "periods": HORIZON})
def ladder_projection(
    start: Mapping[str, float] | pd.Series,
    transitions: pd.DataFrame,
    *,
    periods: int,
) -> pd.DataFrame:
    """Project the share of customers on each rung over ``periods`` periods.

    Parameters
    ----------
    start : mapping or Series
        Share of customers in each state at period 0 (missing states count as 0); the
        shares must add up to 1.
    transitions : pandas.DataFrame
        Square matrix, rows *from* and columns *to*, each row a probability distribution
        (for example from :func:`transition_matrix`).
    periods : int
        Number of periods to project (at least 1).

    Returns
    -------
    pandas.DataFrame
        One row per period 0..periods, ``period`` then one column per state: the share
        of the starting customers in that state. Each row adds up to 1.

    Raises
    ------
    ValueError
        If a row of ``transitions`` is not a probability distribution, ``start`` names
        an unknown state or does not add up to 1.

    Notes
    -----
    With the start shares as a row vector :math:`s_0` and transition matrix :math:`P`,
    :math:`s_n = s_0 P^n`.

    Examples
    --------
    >>> P = pd.DataFrame(
    ...     [[0.6, 0.3, 0.1], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]],
    ...     index=["purchaser", "client", "lost"],
    ...     columns=["purchaser", "client", "lost"],
    ... )
    >>> ladder_projection({"purchaser": 1.0}, P, periods=2).round(2)
       period  purchaser  client  lost
    0       0       1.00    0.00  0.00
    1       1       0.60    0.30  0.10
    2       2       0.36    0.45  0.19
    >>> ladder_projection({"purchaser": 1.0}, P.T, periods=2)
    Traceback (most recent call last):
    ...
    ValueError: ladder_projection(): each row of transitions must sum to 1 ...
    """
    func = "ladder_projection"
    matrix = _check_transitions(transitions, func=func)
    if isinstance(start, pd.Series):
        start = start.to_dict()
    if not isinstance(start, Mapping):
        raise TypeError(
            f"{func}(): argument 'start' must be a dict or Series of shares, got {start!r}."
        )
    states = list(matrix.index)
    s = np.zeros(len(states))
    for name, value in start.items():
        if str(name) not in states:
            raise ValueError(
                f"{func}(): start names {name!r}, which is not a state of transitions "
                f"({', '.join(states)})."
            )
        s[states.index(str(name))] = v.require_number(
            value, func=func, name=f"start[{name!r}]", low=0, high=1
        )
    if abs(s.sum() - 1) > _ROW_TOLERANCE:
        raise ValueError(f"{func}(): start shares must add up to 1; they add up to {s.sum():.6g}.")
    p = matrix.to_numpy(dtype=float)
    rows = [s]
    for _ in range(int(periods)):
        rows.append(rows[-1] @ p)
    out = pd.DataFrame(np.vstack(rows), columns=states)
    out.insert(0, "period", np.arange(int(periods) + 1))
    return out


@validate_params({"data": v.Frame({"defected_col": v.Boolean()})})
def retention_rates(
    data: pd.DataFrame,
    *,
    by: str | list[str] | None = None,
    defected_col: str = "defected",
) -> pd.DataFrame:
    """Observed yearly retention rate: the share of customer-years not ending in defection.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per customer and year with a boolean ``defected`` column.
    by : str or list of str, optional
        Column(s) to group by, e.g. ``"rung"`` or ``"join_year"``.
    defected_col : str
        The defection flag.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``customer_years``, ``defections``, ``defection_rate`` and
        ``retention_rate`` (both proportions).

    Examples
    --------
    >>> df = pd.DataFrame(
    ...     {"rung": ["client", "client", "advocate"], "defected": [True, False, False]}
    ... )
    >>> retention_rates(df, by="rung")
           rung  customer_years  defections  defection_rate  retention_rate
    0    client               2           1             0.5             0.5
    1  advocate               1           0             0.0             1.0
    """
    func = "retention_rates"
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys + [defected_col], func=func)
    flag = data[defected_col]
    if not (pd.api.types.is_bool_dtype(flag) or set(pd.unique(flag.dropna())) <= {0, 1}):
        raise TypeError(
            f"{func}(): column {defected_col!r} must be boolean (True = defected), "
            f"got dtype {flag.dtype}."
        )
    frame = data[keys].copy()
    for key in keys:  # rungs in ladder order, not alphabetical
        values = set(frame[key].dropna().astype(str))
        if values and values <= set(LADDER_RUNGS + (LOST,)):
            order = [r for r in LADDER_RUNGS + (LOST,) if r in values]
            frame[key] = pd.Categorical(frame[key].astype(str), categories=order, ordered=True)
    frame["_d"] = flag.fillna(False).astype(bool).astype(int)
    if keys:
        grouped = frame.groupby(keys, observed=True, sort=True)["_d"]
        out = grouped.agg(customer_years="size", defections="sum").reset_index()
        for key in keys:
            if isinstance(out[key].dtype, pd.CategoricalDtype):
                out[key] = out[key].astype(str)
    else:
        out = pd.DataFrame({"customer_years": [len(frame)], "defections": [frame["_d"].sum()]})
    out["defections"] = out["defections"].astype(int)
    out["defection_rate"] = out["defections"] / out["customer_years"]
    out["retention_rate"] = 1 - out["defection_rate"]
    return out
