"""The service-profit chain and integrated market-oriented management, as data and estimates.

Two models of one argument: internal marketing improves the service staff give each other
(internal service quality, ISQ); that shows in staff climate and retention, then in the
service customers receive (external service quality, ESQ), then in loyalty and profit.

* :data:`SPC_LINKS`: the links of the service-profit chain (Heskett et al. 1994).
* :data:`IMOM_LEVELS`, :data:`IMOM_BAND` and :data:`IMOM_LOOPS`: the levels, the
  consultation band and the two feedback loops of "Integrated market-oriented
  management" (Peck et al. 1999, Fig. 5.3).
* :func:`chain_table` joins Northbank's linked datasets into one branch-quarter table;
  :func:`link_estimate` and :func:`chain_links` estimate its links honestly at six
  branches; :func:`linkage_correlation` is Schneider and Bowen's unit-level linkage.
* :func:`propagate` is a what-if (a simulation with elasticities the student chooses, not
  an estimate); :func:`imom_scorecard` places KPIs on the levels and loops.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import permutations

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "CHAIN_MEASURES",
    "UNITS",
    "ELASTICITY_RANGE",
    "ISQ_CHANGE_RANGE",
    "MEASURED_LINKS",
    "WHAT_IF_PATH",
    "IMOM_BAND",
    "IMOM_LEVELS",
    "IMOM_LOOPS",
    "KPI_PLACES",
    "SPC_LINKS",
    "SPC_NODES",
    "ChainLink",
    "ImomLevel",
    "chain_links",
    "chain_table",
    "imom_levels",
    "imom_scorecard",
    "link_estimate",
    "linkage_correlation",
    "propagate",
    "spc_links",
]

HESKETT_1994 = "Heskett et al. (1994), 'Putting the service-profit chain to work', HBR"
PECK_1999 = "Peck et al. (1999), Relationship Marketing: Strategy and Implementation, Fig. 5.3"


@dataclass(frozen=True)
class ChainLink:
    """One link of the service-profit chain: cause -> effect, with its source."""

    cause: str
    effect: str
    claim: str
    source: str = HESKETT_1994


SPC_NODES: tuple[str, ...] = (
    "internal service quality",
    "employee satisfaction",
    "employee retention",
    "employee productivity",
    "external service value",
    "customer satisfaction",
    "customer loyalty",
    "revenue growth",
    "profitability",
)

SPC_LINKS: tuple[ChainLink, ...] = (
    ChainLink(
        "internal service quality",
        "employee satisfaction",
        "workplace design, tools, selection, development and rewards satisfy staff",
    ),
    ChainLink("employee satisfaction", "employee retention", "satisfied staff stay"),
    ChainLink("employee satisfaction", "employee productivity", "satisfied staff do more"),
    ChainLink("employee retention", "external service value", "experienced staff serve better"),
    ChainLink("employee productivity", "external service value", "productive staff add value"),
    ChainLink("external service value", "customer satisfaction", "value satisfies customers"),
    ChainLink("customer satisfaction", "customer loyalty", "satisfied customers stay and refer"),
    ChainLink("customer loyalty", "revenue growth", "loyal customers buy more, for longer"),
    ChainLink("customer loyalty", "profitability", "retained customers cost less to serve"),
)


@dataclass(frozen=True)
class ImomLevel:
    """One level of the integrated market-oriented management cascade."""

    name: str
    content: str
    side: str  # where it sits: "management", "delivery" or "market"


IMOM_LEVELS: tuple[ImomLevel, ...] = (
    ImomLevel(
        "Shared vision", "decisions: intentions, goals and objectives; approval", "management"
    ),
    ImomLevel(
        "Strategy development",
        "values, logic and assumptions; assessment, benchmarking, research, fact-finding",
        "management",
    ),
    ImomLevel(
        "Strategic goal deployment",
        "subdividing objectives; specific actions; responsibility and resources",
        "management",
    ),
    ImomLevel(
        "Planning",
        "process-based, customer-focused operational planning; action plans; key result areas",
        "delivery",
    ),
    ImomLevel(
        "Action",
        "part-time marketers; service delivery; feedback; continuous improvement of ISQ",
        "delivery",
    ),
    ImomLevel(
        "Interface",
        "service encounters and relationships with customers; discretion to respond",
        "market",
    ),
    ImomLevel(
        "External environment",
        "customers, targeted prospects, competitors, opportunities and threats",
        "market",
    ),
)

IMOM_BAND = (
    "Consultation: dialogue, cross-functional, decentralised problem-solving, leading to a "
    "shared 'total business concept' (runs alongside every level)"
)

#: The two feedback loops: name -> (voice, what it carries, levels it links).
IMOM_LOOPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ISQ": (
        "voice of the internal customers and processes",
        "climate, relationships, processes, employee satisfaction",
        ("Action", "Planning", "Strategy development"),
    ),
    "ESQ": (
        "voice of the customers and competitors",
        "customer satisfaction and expectations, competitor moves, environmental scanning",
        ("External environment", "Interface", "Strategy development"),
    ),
}

#: The kit's suggested places for Northbank's KPIs: kpi -> (level, loop). A teaching
#: judgement, not the source's: Peck et al. place no KPIs on the figure.
KPI_PLACES: dict[str, tuple[str, str]] = {
    "isq_mean": ("Action", "ISQ"),
    "climate_mean": ("Action", "ISQ"),
    "enps": ("Action", "ISQ"),
    "turnover_pct": ("Action", "ISQ"),
    "standard_compliance": ("Planning", "ISQ"),
    "service_gap": ("Interface", "ESQ"),
    "complaints": ("Interface", "ESQ"),
    "customer_retention_pct": ("External environment", "ESQ"),
    "market_share": ("External environment", "ESQ"),
    "profit_per_customer": ("Shared vision", "none"),
}

#: The measured chain: the columns of :func:`chain_table` in chain order.
CHAIN_MEASURES: tuple[str, ...] = (
    "isq",
    "climate",
    "enps",
    "intend_to_leave_pct",
    "turnover_pct",
    "esq_gap",
    "esq",
    "customer_retention_pct",
    "profit_per_customer",
)

#: The what-if's default path and the elasticity range a student may choose.
WHAT_IF_PATH: tuple[str, ...] = (
    "isq",
    "climate",
    "esq",
    "customer_retention_pct",
    "profit_per_customer",
)
ELASTICITY_RANGE = v.Interval(-5.0, 5.0)
ISQ_CHANGE_RANGE = v.Interval(-50.0, 50.0)
UNITS = ("branch", "branch-period", "within-branch")
_COUNT = v.Interval(0, np.inf, closed="left")
_LAG = v.Interval(0, 3, integer=True)
_RESAMPLES = v.Interval(100, 100000, integer=True)
_SEED = v.Interval(0, 2**32 - 1, integer=True)
_KEYS = ["branch", "period"]
_ISQ_FRAME = v.Frame(
    {"responses": _COUNT, "isq_mean": v.Interval(1, 7)},
    missing=["isq_mean"],
    key=[*_KEYS, "supplier_department"],
)
_PEOPLE_FRAME = v.Frame(
    {
        "headcount_start": _COUNT,
        "leavers": _COUNT,
        "headcount_end": _COUNT,
        "pulse_responses": _COUNT,
        "intend_to_leave": _COUNT,
        "climate_mean": v.Interval(1, 5),
        "enps": v.Interval(-100, 100),
    },
    missing=["climate_mean", "enps"],
    key=_KEYS,
)
_TRACKER_FRAME = v.Frame(
    {"expectation_mean": v.Interval(1, 7), "perception_mean": v.Interval(1, 7)},
    missing=["expectation_mean", "perception_mean"],
    key=[*_KEYS, "dimension"],
)
_MONEY_FRAME = v.Frame(
    {"customers_start": _COUNT, "customers_lost": _COUNT, "revenue": _COUNT, "profit": v.FINITE},
    key=_KEYS,
)

#: The measured links and the sign the chain predicts: (cause, effect, sign, lag).
MEASURED_LINKS: tuple[tuple[str, str, int, int], ...] = (
    ("isq", "climate", +1, 0),
    ("climate", "enps", +1, 0),
    ("climate", "intend_to_leave_pct", -1, 0),
    ("climate", "turnover_pct", -1, 0),
    ("climate", "esq_gap", +1, 1),
    ("turnover_pct", "esq_gap", -1, 1),
    ("esq_gap", "customer_retention_pct", +1, 0),
    ("customer_retention_pct", "profit_per_customer", +1, 0),
)


@validate_params({})
def spc_links() -> pd.DataFrame:
    """Return the service-profit chain's links as a table, one row per link, with sources.

    Returns
    -------
    pandas.DataFrame
        Columns ``cause``, ``effect``, ``claim``, ``source``.

    References
    ----------
    Heskett, J.L., Jones, T.O., Loveman, G.W., Sasser, W.E. & Schlesinger, L.A. (1994).
    Putting the service-profit chain to work. *Harvard Business Review*, 72(2).

    Examples
    --------
    >>> links = spc_links()
    >>> links.iloc[0][["cause", "effect"]].tolist()
    ['internal service quality', 'employee satisfaction']
    >>> len(links)
    9
    """
    return pd.DataFrame([link.__dict__ for link in SPC_LINKS])


@validate_params({})
def imom_levels() -> pd.DataFrame:
    """Return the levels of integrated market-oriented management, top to bottom.

    Returns
    -------
    pandas.DataFrame
        Columns ``level`` (1 = shared vision), ``name``, ``content``, ``side``, ``source``.

    References
    ----------
    Peck, H., Payne, A., Christopher, M. & Clark, M. (1999). *Relationship Marketing:
    Strategy and Implementation*. Butterworth-Heinemann, Fig. 5.3.

    Examples
    --------
    >>> imom_levels()["name"].tolist()[:2]
    ['Shared vision', 'Strategy development']
    """
    return pd.DataFrame(
        [
            {"level": i, "name": lv.name, "content": lv.content, "side": lv.side}
            for i, lv in enumerate(IMOM_LEVELS, start=1)
        ]
    ).assign(source=PECK_1999)


def _require_present(data: pd.DataFrame, column: str, *, func: str) -> None:
    """Raise ValueError naming the first missing value (nullable dtypes included)."""
    missing = data[column].isna()
    if missing.any():
        raise ValueError(
            f"{func}(): column {column!r} must be present and finite; {int(missing.sum())} "
            f"row(s) are missing (first: index {data.index[missing][0]!r})."
        )


def _one_row_per_key(data: pd.DataFrame, keys: list[str], *, func: str, name: str) -> None:
    dup = data.duplicated(keys, keep=False)
    if dup.any():
        first = data.loc[dup, keys].iloc[0].tolist()
        raise ValueError(
            f"{func}(): {name} must have one row per {' + '.join(keys)}; "
            f"{int(dup.sum())} rows share a key (first: {first})."
        )


@validate_params(
    {"isq": _ISQ_FRAME, "people": _PEOPLE_FRAME, "tracker": _TRACKER_FRAME, "money": _MONEY_FRAME}
)
def chain_table(
    isq: pd.DataFrame,
    people: pd.DataFrame,
    tracker: pd.DataFrame,
    money: pd.DataFrame,
) -> pd.DataFrame:
    """Join Northbank's linked datasets into one branch-quarter service-profit chain table.

    Parameters
    ----------
    isq : pandas.DataFrame
        ``branch_isq``: ``branch``, ``period``, ``supplier_department``, ``responses``,
        ``isq_mean`` (1-7; missing when nobody answered).
    people : pandas.DataFrame
        ``branch_people``: ``branch``, ``period``, ``headcount_start``, ``leavers``,
        ``headcount_end``, ``pulse_responses``, ``climate_mean`` (1-5), ``enps``,
        ``intend_to_leave``.
    tracker : pandas.DataFrame
        ``branch_tracker``: ``branch``, ``period``, ``dimension``, ``expectation_mean``,
        ``perception_mean`` (1-7).
    money : pandas.DataFrame
        ``branch_money``: ``branch``, ``period``, ``customers_start``, ``customers_lost``,
        ``revenue``, ``profit`` (GBP thousand).

    Returns
    -------
    pandas.DataFrame
        One row per branch and quarter: ``isq`` (the response-weighted mean rating of the
        back office), ``climate``, ``enps``, ``intend_to_leave_pct``, ``turnover_pct``
        (leavers over the average headcount x 100), ``gap_<dimension>`` (perception minus
        expectation), ``esq_gap`` (their mean), ``esq`` (mean perception, 1-7),
        ``customer_retention_pct`` (100 - lost / start x 100), ``revenue``, ``profit``
        and ``profit_per_customer`` (GBP per customer at the start of the quarter).

    Raises
    ------
    ValueError
        A missing column, a value out of range (infinity included), or a key that is not
        unique (one row per branch + period, per supplier or per dimension).

    Examples
    --------
    >>> from imlib import load_dataset
    >>> table = chain_table(
    ...     load_dataset("branch_isq"),
    ...     load_dataset("branch_people"),
    ...     load_dataset("branch_tracker"),
    ...     load_dataset("branch_money"),
    ... )
    >>> table.shape
    (48, 18)
    >>> bad = load_dataset("branch_money").assign(customers_lost=-1)
    >>> names = ["branch_isq", "branch_people", "branch_tracker"]
    >>> chain_table(*map(load_dataset, names), bad)
    Traceback (most recent call last):
    ...
    ValueError: chain_table(): column 'customers_lost' must be present and lie in [0, inf); ...
    """
    keys = ["branch", "period"]
    _check_chain_inputs(isq, people, tracker, money, keys=keys, func="chain_table")
    table = (
        _staff_measures(people)
        .merge(_received_isq(isq, keys).reset_index(), on=keys, how="outer")
        .merge(_esq_gaps(tracker, keys).reset_index(), on=keys, how="outer")
        .merge(_cash_measures(money), on=keys, how="outer")
    )
    front = ["branch", "period", "isq", "climate", "enps", "intend_to_leave_pct", "turnover_pct"]
    rest = [c for c in table.columns if c not in front]
    return table[front + rest].sort_values(keys, ignore_index=True)


def _check_chain_inputs(
    isq: pd.DataFrame,
    people: pd.DataFrame,
    tracker: pd.DataFrame,
    money: pd.DataFrame,
    *,
    keys: list[str],
    func: str,
) -> None:
    """Check the four datasets of :func:`chain_table` (messages name ``func``)."""
    for name, frame in (("isq", isq), ("people", people), ("tracker", tracker), ("money", money)):
        v.require_frame(frame, func=func, name=name)
    v.require_columns(isq, keys + ["supplier_department", "responses", "isq_mean"], func=func)
    _one_row_per_key(isq, keys + ["supplier_department"], func=func, name="isq")
    _require_present(isq, "responses", func=func)
    v.require_between(isq, "responses", 0, np.inf, func=func, closed="left")
    v.require_between(isq, "isq_mean", 1, 7, func=func, allow_missing=True)
    pcols = ["headcount_start", "leavers", "headcount_end", "pulse_responses"]
    v.require_columns(people, keys + pcols + ["climate_mean", "enps", "intend_to_leave"], func=func)
    _one_row_per_key(people, keys, func=func, name="people")
    for col in pcols + ["intend_to_leave"]:
        _require_present(people, col, func=func)
        v.require_between(people, col, 0, np.inf, func=func, closed="left")
    v.require_between(people, "climate_mean", 1, 5, func=func, allow_missing=True)
    v.require_between(people, "enps", -100, 100, func=func, allow_missing=True)
    tcols = ["dimension", "expectation_mean", "perception_mean"]
    v.require_columns(tracker, keys + tcols, func=func)
    _one_row_per_key(tracker, keys + ["dimension"], func=func, name="tracker")
    for col in tcols[1:]:
        v.require_between(tracker, col, 1, 7, func=func, allow_missing=True)
    mcols = ["customers_start", "customers_lost", "revenue", "profit"]
    v.require_columns(money, keys + mcols, func=func)
    _one_row_per_key(money, keys, func=func, name="money")
    for col in mcols:
        _require_present(money, col, func=func)
    for col in mcols[:3]:
        v.require_between(money, col, 0, np.inf, func=func, closed="left")
    v.require_between(money, "profit", -np.inf, np.inf, func=func, closed="neither")


def _received_isq(isq: pd.DataFrame, keys: list[str]) -> pd.Series:
    """The response-weighted mean ISQ rating each branch-quarter received."""
    answered = isq.dropna(subset=["isq_mean"])
    answered = answered.assign(_w=answered["responses"] * answered["isq_mean"])
    received = answered.groupby(keys)[["_w", "responses"]].sum()
    return (received["_w"] / received["responses"]).rename("isq")


def _staff_measures(people: pd.DataFrame) -> pd.DataFrame:
    """Climate, eNPS, intention to leave and turnover per branch-quarter."""
    avg_head = (people["headcount_start"] + people["headcount_end"]) / 2
    return pd.DataFrame(
        {
            "branch": people["branch"],
            "period": people["period"],
            "climate": people["climate_mean"],
            "enps": people["enps"].astype("float64"),
            "intend_to_leave_pct": 100 * people["intend_to_leave"] / people["pulse_responses"],
            "turnover_pct": 100 * people["leavers"] / avg_head.where(avg_head > 0),
        }
    )


def _esq_gaps(tracker: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Perception minus expectation per dimension, their mean and the mean perception."""
    gaps = tracker.assign(gap=tracker["perception_mean"] - tracker["expectation_mean"])
    gaps = gaps.pivot(index=keys, columns="dimension", values="gap")
    dims = list(gaps.columns)
    gaps.columns = [f"gap_{d}" for d in dims]
    gaps["esq_gap"] = gaps.mean(axis=1)
    gaps["esq"] = tracker.groupby(keys)["perception_mean"].mean()
    return gaps


def _cash_measures(money: pd.DataFrame) -> pd.DataFrame:
    """Customer retention, revenue, profit and profit per customer per branch-quarter."""
    start = money["customers_start"].where(money["customers_start"] > 0)
    return pd.DataFrame(
        {
            "branch": money["branch"],
            "period": money["period"],
            "customer_retention_pct": 100 - 100 * money["customers_lost"] / start,
            "revenue": money["revenue"],
            "profit": money["profit"],
            "profit_per_customer": 1000 * money["profit"] / start,
        }
    )


def _lagged(table: pd.DataFrame, cause: str, effect: str, lag: int) -> pd.DataFrame:
    ordered = table.sort_values(["branch", "period"])
    shifted = ordered.groupby("branch", sort=False)[cause].shift(lag) if lag else ordered[cause]
    return pd.DataFrame({"branch": ordered["branch"], "x": shifted, "y": ordered[effect]}).dropna()


def _rank(values: np.ndarray) -> np.ndarray:
    return pd.Series(values).rank().to_numpy()


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    xs, ys = x - x.mean(), y - y.mean()
    denom = math.sqrt(float((xs**2).sum() * (ys**2).sum()))
    return float((xs * ys).sum() / denom) if denom > 0 else float("nan")


def _pearson_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Pearson r of each row pair of two equal-shape matrices (NaN where a row is constant)."""
    xs = x - x.mean(axis=1, keepdims=True)
    ys = y - y.mean(axis=1, keepdims=True)
    denom = np.sqrt((xs**2).sum(axis=1) * (ys**2).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            denom > 1e-12, (xs * ys).sum(axis=1) / np.where(denom > 0, denom, 1), np.nan
        )


@validate_params(
    {
        "cause": v.Text(),
        "effect": v.Text(),
        "table": v.Frame(
            {"cause": v.FINITE, "effect": v.FINITE}, missing=["cause", "effect"], key=_KEYS
        ),
        "lag": _LAG,
        "unit": v.Options(UNITS),
        "n_resamples": _RESAMPLES,
        "seed": _SEED,
    }
)
def link_estimate(
    table: pd.DataFrame,
    *,
    cause: str,
    effect: str,
    lag: int = 0,
    unit: str = "branch",
    n_resamples: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Estimate one link of the chain honestly: correlations, an interval and a verdict.

    With six branches a strong-looking correlation can arise by chance; the permutation
    p-value and the bootstrap interval show how far the data carry the claim, and the
    verdict says it in words ("too few to conclude" when they do not).

    Parameters
    ----------
    table : pandas.DataFrame
        A chain table (:func:`chain_table`): one row per ``branch`` and ``period``.
    cause, effect : str
        Numeric columns of ``table``.
    lag : int
        Quarters by which the cause leads the effect (0-3): the effect in quarter t is set
        against the cause in quarter t - lag of the same branch.
    unit : {"branch", "branch-period", "within-branch"}
        ``"branch"`` averages each branch over its quarters (six points: the honest unit
        for a claim about branches); ``"branch-period"`` pools every branch-quarter (more
        points, but quarters of one branch are not independent); ``"within-branch"``
        removes each branch's mean first, so only changes over time inside a branch count.
    n_resamples : int
        Permutations for the p-value (every permutation when there are 8 points or fewer)
        and bootstrap resamples for the interval, 100-100000.
    seed : int
        Seed of the permutations and resamples.

    Returns
    -------
    pandas.DataFrame
        One row: ``cause``, ``effect``, ``lag``, ``unit``, ``n``, ``pearson``, ``spearman``,
        ``slope`` (effect units per cause unit), ``std_slope`` (standard deviations of the
        effect per standard deviation of the cause), ``ci_low``, ``ci_high`` (a 95%
        bootstrap interval for Pearson's r), ``p_value`` (two-sided permutation test of
        no association) and ``verdict`` in plain words.

    Raises
    ------
    ValueError
        An unknown column or unit, a lag outside 0-3, duplicated branch + period keys,
        infinite values, or fewer than 3 units with both values.

    Notes
    -----
    With six branches even a strong true link is hard to tell from chance: at the 5%
    level a correlation must exceed about 0.81 in size. A link seen across branches is
    ecological: it says branches with better internal service have better customer
    perceptions, not that each employee or customer behaves so (Schneider & Bowen 1985
    measured both at branch level for exactly this reason).

    Examples
    --------
    >>> from imlib import load_dataset
    >>> names = ["branch_isq", "branch_people", "branch_tracker", "branch_money"]
    >>> t = chain_table(*map(load_dataset, names))
    >>> est = link_estimate(t, cause="isq", effect="climate")
    >>> int(est["n"].iloc[0]), bool(est["pearson"].iloc[0] > 0)
    (6, True)
    >>> link_estimate(t, cause="isq", effect="climate", lag=5)
    Traceback (most recent call last):
    ...
    ValueError: link_estimate(): argument 'lag' must be a whole number in [0, 3]; got 5.
    """
    func = "link_estimate"
    _check_link_args(table, cause, effect, lag=lag, unit=unit, n_resamples=n_resamples, func=func)
    pairs = _link_pairs(table, cause, effect, lag=lag, unit=unit)
    n = len(pairs)
    if n < 3:
        raise ValueError(
            f"{func}(): needs at least 3 {unit} units with both {cause!r} and {effect!r}; got {n}."
        )
    x, y = pairs["x"].to_numpy(float), pairs["y"].to_numpy(float)
    r = _pearson(x, y)
    rho = _pearson(_rank(x), _rank(y))
    sx, sy = float(x.std(ddof=1)), float(y.std(ddof=1))
    slope = r * sy / sx if sx > 0 else float("nan")
    p_value, lo, hi = _resampled(x, y, r, n_resamples=int(n_resamples), seed=seed)
    verdict = _verdict(r, p_value, lo, hi, n, unit)
    return pd.DataFrame(
        [
            {
                "cause": cause,
                "effect": effect,
                "lag": int(lag),
                "unit": unit,
                "n": n,
                "pearson": r,
                "spearman": rho,
                "slope": slope,
                "std_slope": r,
                "ci_low": lo,
                "ci_high": hi,
                "p_value": p_value,
                "verdict": verdict,
            }
        ]
    )


def _check_link_args(
    table: pd.DataFrame,
    cause: str,
    effect: str,
    *,
    lag: int,
    unit: str,
    n_resamples: int,
    func: str,
) -> None:
    """Check the arguments of :func:`link_estimate` (messages name ``func``)."""
    v.require_columns(table, ["branch", "period", cause, effect], func=func)
    _one_row_per_key(table, ["branch", "period"], func=func, name="table")
    if isinstance(lag, bool) or not isinstance(lag, int | np.integer):
        raise TypeError(f"{func}(): lag must be a whole number of quarters, got {lag!r}.")
    v.require_number(lag, func=func, name="lag", low=0, high=3)
    units = UNITS
    if unit not in units:
        raise ValueError(
            f"{func}(): unit must be one of {', '.join(map(repr, units))}; got {unit!r}."
        )
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, int | np.integer):
        raise TypeError(f"{func}(): n_resamples must be a whole number, got {n_resamples!r}.")
    v.require_number(n_resamples, func=func, name="n_resamples", low=100, high=100000)
    for col in (cause, effect):
        v.require_between(
            table, col, -np.inf, np.inf, func=func, closed="neither", allow_missing=True
        )


def _link_pairs(
    table: pd.DataFrame, cause: str, effect: str, *, lag: int, unit: str
) -> pd.DataFrame:
    """The (x, y) points of one link at the chosen unit of analysis."""
    pairs = _lagged(table, cause, effect, lag)
    if unit == "branch":
        pairs = pairs.groupby("branch")[["x", "y"]].mean().reset_index()
    elif unit == "within-branch":
        centred = pairs.groupby("branch")[["x", "y"]].transform(lambda s: s - s.mean())
        pairs = pairs.assign(x=centred["x"], y=centred["y"])
    return pairs


def _resampled(
    x: np.ndarray, y: np.ndarray, r: float, *, n_resamples: int, seed: int
) -> tuple[float, float, float]:
    """Permutation p-value of ``r`` and a 95% bootstrap interval: (p, low, high)."""
    n = len(x)
    rng = np.random.default_rng(seed)
    if n <= 8:
        orders = np.array(list(permutations(range(n))))
    else:
        orders = np.argsort(rng.random((n_resamples, n)), axis=1)
    null = _pearson_rows(np.broadcast_to(x, orders.shape), y[orders])
    p_value = float(np.mean(np.abs(null) >= abs(r) - 1e-12))
    idx = rng.integers(0, n, (n_resamples, n))
    boots = _pearson_rows(x[idx], y[idx])
    boots = boots[~np.isnan(boots)]
    lo, hi = np.quantile(boots, [0.025, 0.975]) if len(boots) else (np.nan, np.nan)
    return p_value, float(lo), float(hi)


def _verdict(r: float, p: float, lo: float, hi: float, n: int, unit: str) -> str:
    direction = "positive" if r > 0 else "negative"
    if np.isnan(r):
        return "cannot say: one of the two measures does not vary"
    if p < 0.05 and (lo > 0 or hi < 0):
        return f"supported: a {direction} link (r = {r:.2f}, p = {p:.3f}, n = {n} {unit} units)"
    if p < 0.05:
        return (
            f"suggestive: a {direction} link (r = {r:.2f}, p = {p:.3f}) but the interval "
            f"[{lo:.2f}, {hi:.2f}] is wide; n = {n} {unit} units"
        )
    return (
        f"too few to conclude: r = {r:.2f} could be chance with n = {n} {unit} units "
        f"(p = {p:.2f}); the data neither support nor refute the link"
    )


@validate_params(
    {
        "table": v.Frame(key=_KEYS),
        "unit": v.Options(UNITS),
        "links": None,
        "n_resamples": _RESAMPLES,
        "seed": _SEED,
    }
)
def chain_links(
    table: pd.DataFrame,
    *,
    unit: str = "branch",
    links: tuple[tuple[str, str, int, int], ...] = MEASURED_LINKS,
    n_resamples: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Estimate every measured link of the chain and say whether its sign is as predicted.

    Parameters
    ----------
    table : pandas.DataFrame
        A chain table (:func:`chain_table`).
    unit : str
        As in :func:`link_estimate`.
    links : tuple of (cause, effect, predicted sign, lag)
        The links to estimate; by default the chain's measured links.
    n_resamples, seed : int
        As in :func:`link_estimate`.

    Returns
    -------
    pandas.DataFrame
        One row per link: the columns of :func:`link_estimate` plus ``predicted`` (+1 or
        -1) and ``sign_as_predicted``.

    Examples
    --------
    >>> from imlib import load_dataset
    >>> names = ["branch_isq", "branch_people", "branch_tracker", "branch_money"]
    >>> t = chain_table(*map(load_dataset, names))
    >>> out = chain_links(t, unit="branch-period", n_resamples=200)
    >>> len(out), bool(out["sign_as_predicted"].all())
    (8, True)
    """
    rows = []
    same = {"unit": unit, "n_resamples": n_resamples, "seed": seed}  # for every link
    for cause, effect, sign, lag in links:
        est = link_estimate(table, cause=cause, effect=effect, lag=lag, **same)
        rows.append(est.assign(predicted=sign, sign_as_predicted=np.sign(est["pearson"]) == sign))
    return pd.concat(rows, ignore_index=True)


@validate_params(
    {
        "employee_col": v.Text(),
        "customer_col": v.Text(),
        "unit_col": v.Text(),
        "data": v.Frame({"employee_col": v.FINITE, "customer_col": v.FINITE}, key="unit_col"),
    }
)
def linkage_correlation(
    data: pd.DataFrame,
    *,
    employee_col: str,
    customer_col: str,
    unit_col: str = "branch",
) -> float:
    """Schneider and Bowen's linkage: Pearson r between unit-level employee and customer views.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per unit (branch), with the unit's mean employee score and mean customer
        score.
    employee_col, customer_col : str
        Numeric columns: the employees' view of service and the customers' perceptions.
    unit_col : str
        The unit identifier; each unit appears once.

    Returns
    -------
    float
        Pearson's r across units.

    Raises
    ------
    ValueError
        Fewer than 3 units, a unit listed twice, or a missing or infinite score.

    References
    ----------
    Schneider, B. & Bowen, D.E. (1985). Employee and customer perceptions of service in
    banks: replication and extension. *Journal of Applied Psychology*, 70(3), 423-433.

    Examples
    --------
    >>> df = pd.DataFrame(
    ...     {"branch": ["A", "B", "C"], "staff": [3.0, 4.0, 5.0], "customers": [5.0, 5.5, 6.5]}
    ... )
    >>> round(linkage_correlation(df, employee_col="staff", customer_col="customers"), 3)
    0.982
    >>> linkage_correlation(df.head(2), employee_col="staff", customer_col="customers")
    Traceback (most recent call last):
    ...
    ValueError: linkage_correlation(): needs at least 3 units in 'branch'; got 2.
    """
    func = "linkage_correlation"
    v.require_columns(data, [unit_col, employee_col, customer_col], func=func)
    _one_row_per_key(data, [unit_col], func=func, name="data")
    for col in (employee_col, customer_col):
        _require_present(data, col, func=func)
        v.require_between(data, col, -np.inf, np.inf, func=func, closed="neither")
    if len(data) < 3:
        raise ValueError(f"{func}(): needs at least 3 units in {unit_col!r}; got {len(data)}.")
    return _pearson(data[employee_col].to_numpy(float), data[customer_col].to_numpy(float))


@validate_params({"baseline": None, "isq_change_pct": ISQ_CHANGE_RANGE, "elasticities": None})
def propagate(
    baseline: dict[str, float],
    *,
    isq_change_pct: float,
    elasticities: dict[tuple[str, str], float],
) -> pd.DataFrame:
    """Simulate a change in ISQ travelling down the chain with elasticities you choose.

    This is a **simulation, not an estimate**: Heskett et al. (1994) give no elasticities,
    so the result is only as good as the elasticities supplied.

    Parameters
    ----------
    baseline : dict
        Starting level of each measure on the path, e.g. ``{"isq": 4.5, "climate": 3.2,
        "esq_gap": -0.3, "customer_retention_pct": 96.5, "profit_per_customer": 9.0}``.
        The first key is the start of the chain.
    isq_change_pct : float
        Percentage change in the first measure, -50 to 50.
    elasticities : dict
        ``{(cause, effect): e}``: the percentage change in the effect per 1% change in the
        cause, -5 to 5, for consecutive measures of ``baseline`` only.

    Returns
    -------
    pandas.DataFrame
        One row per measure: ``measure``, ``baseline``, ``change_pct``, ``projected`` and
        ``kind`` (always ``"simulation"``).

    Raises
    ------
    ValueError
        A pair that is not consecutive in ``baseline``, a missing elasticity, a value
        out of range or not finite.

    Examples
    --------
    >>> base = {"isq": 4.0, "climate": 3.0, "customer_retention_pct": 95.0}
    >>> e = {("isq", "climate"): 0.5, ("climate", "customer_retention_pct"): 0.1}
    >>> out = propagate(base, isq_change_pct=10, elasticities=e)
    >>> out["change_pct"].round(2).tolist()
    [10.0, 5.0, 0.5]
    >>> propagate(base, isq_change_pct=10, elasticities={("isq", "customer_retention_pct"): 1})
    Traceback (most recent call last):
    ...
    ValueError: propagate(): elasticities has ('isq', 'customer_retention_pct'), which are not consecutive measures of baseline; the links are ('isq', 'climate'), ('climate', 'customer_retention_pct').
    """  # noqa: E501
    func = "propagate"
    if not isinstance(baseline, dict) or len(baseline) < 2:
        raise TypeError(
            f"{func}(): baseline must be a dict of at least two measures, got {baseline!r}."
        )
    for name, value in baseline.items():
        v.require_number(
            value, func=func, name=f"baseline[{name!r}]", low=-np.inf, high=np.inf, closed="neither"
        )
    change = v.require_number(
        isq_change_pct,
        func=func,
        name="isq_change_pct",
        low=ISQ_CHANGE_RANGE[0],
        high=ISQ_CHANGE_RANGE[1],
    )
    if not isinstance(elasticities, dict):
        raise TypeError(
            f"{func}(): elasticities must be a dict {{(cause, effect): e}}, got {elasticities!r}."
        )
    names = list(baseline)
    path = list(zip(names[:-1], names[1:], strict=True))
    for pair in elasticities:
        if pair not in path:
            shown = ", ".join(map(repr, path))
            raise ValueError(
                f"{func}(): elasticities has {pair!r}, which are not consecutive measures of "
                f"baseline; the links are {shown}."
            )
    rows = [{"measure": names[0], "baseline": float(baseline[names[0]]), "change_pct": change}]
    for cause, effect in path:
        if (cause, effect) not in elasticities:
            raise ValueError(f"{func}(): elasticities has no value for ({cause!r}, {effect!r}).")
        e = v.require_number(
            elasticities[(cause, effect)],
            func=func,
            name=f"elasticities[{(cause, effect)!r}]",
            low=ELASTICITY_RANGE[0],
            high=ELASTICITY_RANGE[1],
        )
        change = change * e
        rows.append({"measure": effect, "baseline": float(baseline[effect]), "change_pct": change})
    out = pd.DataFrame(rows)
    out["projected"] = out["baseline"] * (1 + out["change_pct"] / 100)
    return out.assign(kind="simulation")


@validate_params(
    {
        "kpi_col": v.Text(),
        "level_col": v.Text(),
        "loop_col": v.Text(),
        "feedback_col": v.Text(),
        "kpis": v.Frame(
            {
                "level_col": v.Options([lv.name for lv in IMOM_LEVELS]),
                "loop_col": v.Options([*IMOM_LOOPS, "none"]),
                "feedback_col": v.Boolean(),
            },
            key="kpi_col",
        ),
    }
)
def imom_scorecard(
    kpis: pd.DataFrame,
    *,
    kpi_col: str = "kpi",
    level_col: str = "level",
    loop_col: str = "loop",
    feedback_col: str = "fed_back",
) -> pd.DataFrame:
    """Place KPIs on the levels and loops of integrated market-oriented management.

    A level with no KPI is a part of the cascade nobody sees; a loop whose KPIs go back to
    nobody who can act on them is measurement, not yet feedback (Peck et al. 1999,
    Fig. 5.3). The scorecard reports both.

    Parameters
    ----------
    kpis : pandas.DataFrame
        One row per KPI: its name, the level it measures (one of :data:`IMOM_LEVELS`),
        the loop it feeds (``"ISQ"``, ``"ESQ"`` or ``"none"``) and whether its results
        are fed back to the people who can act on them (bool).
    kpi_col, level_col, loop_col, feedback_col : str
        The column names.

    Returns
    -------
    pandas.DataFrame
        One row per level (``kind="level"``) and per loop (``kind="loop"``): ``part``,
        ``kind``, ``n_kpis``, ``kpis`` (names, comma-separated) and ``status``: for a
        level ``"measured"`` or ``"no measure"``; for a loop ``"fed back"``, ``"measured,
        no feedback"`` or ``"no measure"``.

    Raises
    ------
    ValueError
        An unknown level or loop, a KPI listed twice, or a missing value.
    TypeError
        A feedback column that is not boolean (strings such as "yes" are refused).

    Examples
    --------
    >>> k = pd.DataFrame(
    ...     {
    ...         "kpi": ["enps", "service_gap"],
    ...         "level": ["Action", "Interface"],
    ...         "loop": ["ISQ", "ESQ"],
    ...         "fed_back": [True, False],
    ...     }
    ... )
    >>> card = imom_scorecard(k)
    >>> card.loc[card["kind"] == "loop", ["part", "status"]].values.tolist()
    [['ISQ', 'fed back'], ['ESQ', 'measured, no feedback']]
    >>> int((card["status"] == "no measure").sum())
    5
    """
    func = "imom_scorecard"
    v.require_columns(kpis, [kpi_col, level_col, loop_col, feedback_col], func=func)
    _one_row_per_key(kpis, [kpi_col], func=func, name="kpis")
    names = [lv.name for lv in IMOM_LEVELS]
    loops = [*IMOM_LOOPS, "none"]
    for col, allowed in ((level_col, names), (loop_col, loops)):
        bad = kpis.loc[~kpis[col].isin(allowed), col]
        if len(bad):
            raise ValueError(
                f"{func}(): column {col!r} must be one of {', '.join(map(repr, allowed))}; "
                f"{len(bad)} row(s) are not (first: index {bad.index[0]!r}, value {bad.iloc[0]!r})."
            )
    fb = kpis[feedback_col]
    if not pd.api.types.is_bool_dtype(fb):
        raise TypeError(
            f"{func}(): column {feedback_col!r} must be True/False (bool), got dtype {fb.dtype}"
            + (f" (first value {fb.iloc[0]!r})." if len(fb) else ".")
        )
    rows = []
    for name in names:
        here = kpis[kpis[level_col] == name]
        rows.append(
            {
                "part": name,
                "kind": "level",
                "n_kpis": len(here),
                "kpis": ", ".join(map(str, here[kpi_col])),
                "status": "measured" if len(here) else "no measure",
            }
        )
    for loop in IMOM_LOOPS:
        here = kpis[kpis[loop_col] == loop]
        if here.empty:
            status = "no measure"
        elif here[feedback_col].any():
            status = "fed back"
        else:
            status = "measured, no feedback"
        rows.append(
            {
                "part": loop,
                "kind": "loop",
                "n_kpis": len(here),
                "kpis": ", ".join(map(str, here[kpi_col])),
                "status": status,
            }
        )
    return pd.DataFrame(rows)
