"""The six markets model and the relationship marketing network audit.

Christopher, Payne & Ballantyne (1991) widened marketing from customer markets to six
market domains; Peck et al. (1999) renamed and refined them and turned them into a
diagnostic: a *jury of executive opinion* rates the present and the desired emphasis on
each market on a 0-10 scale, with customer markets split into existing and new, and the
two profiles are drawn on a radar ("spidergram"). This module holds the markets as data
and scores the audit; :mod:`imlib.plotting.markets` draws it.

Ratings come *long*: one row per executive and market, with a ``current`` and a
``desired`` rating and any descriptive columns (firm, role) to group by.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from imlib import _validation as v
from imlib._validation import validate_params

__all__ = [
    "EMPHASIS_RANGE",
    "HOLD_BAND",
    "MARKETS",
    "MARKET_ALIASES",
    "canonical_market",
    "markets_audit",
    "rerank_gaps",
    "six_markets",
]

#: The seven radar axes in their fixed, canonical order (Peck et al. 1999, Fig. 6.5):
#: customer markets split into existing and new, then the five other markets.
MARKETS: tuple[str, ...] = (
    "customer_existing",
    "customer_new",
    "referral",
    "supplier_alliance",
    "recruitment",
    "influence",
    "internal",
)
#: The 1991 names of three markets, accepted as aliases of the later names.
MARKET_ALIASES: dict[str, str] = {
    "employee": "recruitment",
    "influencer": "influence",
    "supplier": "supplier_alliance",
}
#: The emphasis scale of the audit: 0 (no emphasis, centre of the radar) to 10.
EMPHASIS_RANGE = v.Interval(0.0, 10.0)
#: A gap (desired - current jury mean) inside +/- this band reads as "hold" (a teaching
#: rule for the audit, not a published cut-off).
HOLD_BAND = 0.5

_MARKET_TABLE = [
    (
        "customer_existing",
        "customer",
        "Customer markets: existing customers",
        "keeping the customers the firm already has and deepening the relationship",
        "buyers, intermediaries and final consumers who already do business with the firm",
        "customer",
    ),
    (
        "customer_new",
        "customer",
        "Customer markets: new customers",
        "winning customers the firm does not yet serve",
        "prospects in target segments, intermediaries, final consumers",
        "customer",
    ),
    (
        "referral",
        "referral",
        "Referral markets",
        "links with people and institutions that can direct business to the firm",
        "existing customers who recommend, professional intermediaries, other firms, "
        "internal referrals between departments",
        "referral",
    ),
    (
        "supplier_alliance",
        "supplier_alliance",
        "Supplier and alliance markets",
        "suppliers and partners as collaborators in quality and cost, not adversaries",
        "component and service suppliers, technology partners, alliance partners",
        "supplier",
    ),
    (
        "recruitment",
        "recruitment",
        "Recruitment markets",
        "attracting the right staff and inducting them into the firm's culture",
        "potential employees, schools and universities, recruitment agencies",
        "employee",
    ),
    (
        "influence",
        "influence",
        "Influence markets",
        "goodwill of parties whose activities bear on success in customer markets",
        "regulators and government, shareholders and financial analysts, media, "
        "consumer and environmental groups, unions",
        "influencer",
    ),
    (
        "internal",
        "internal",
        "Internal markets",
        "staff and departments as internal customers and suppliers who must be won "
        "over for the external plans to work",
        "front-line staff, back-office departments, divisions and business units",
        "internal",
    ),
]


@validate_params({})
def six_markets() -> pd.DataFrame:
    """The markets of the six markets model as data, in the canonical axis order.

    Returns
    -------
    pandas.DataFrame
        One row per radar axis: ``market`` (the axis key), ``domain`` (which of the six
        markets it belongs to: customer markets have two axes), ``label``,
        ``relationship`` (what a relationship in that market means), ``examples``
        (example parties) and ``name_1991`` (the domain's name in the 1991 figure).

    Notes
    -----
    The 1991 figure put the internal market at the centre; later versions put customer
    markets there (Peck et al. 1999). The axis order is fixed so that every radar of the
    kit can be compared with every other.

    References
    ----------
    Christopher, M., Payne, A. & Ballantyne, D. (1991). Relationship Marketing.
    Butterworth-Heinemann. Peck, H., Payne, A., Christopher, M. & Clark, M. (1999).
    Relationship Marketing: Strategy and Implementation. Butterworth-Heinemann.

    Examples
    --------
    >>> markets = six_markets()
    >>> markets["market"].tolist() == list(MARKETS)
    True
    >>> markets["domain"].nunique()
    6
    >>> markets.set_index("market").loc["recruitment", "name_1991"]
    'employee'
    """
    return pd.DataFrame(
        _MARKET_TABLE,
        columns=["market", "domain", "label", "relationship", "examples", "name_1991"],
    )


@validate_params({"name": v.Text()})
def canonical_market(name: str) -> str:
    """Return the canonical axis key of a market name, accepting the 1991 aliases.

    Parameters
    ----------
    name : str
        An axis key from :data:`MARKETS` or a 1991 name from :data:`MARKET_ALIASES`;
        case, surrounding spaces, hyphens and spaces between words are forgiven.

    Returns
    -------
    str

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` names no market.

    Examples
    --------
    >>> canonical_market("Employee")
    'recruitment'
    >>> canonical_market("supplier alliance")
    'supplier_alliance'
    >>> canonical_market("customers")
    Traceback (most recent call last):
    ...
    ValueError: canonical_market(): 'customers' is not a market; use one of ...
    """
    func = "canonical_market"
    if not isinstance(name, str):
        raise TypeError(
            f"{func}(): argument 'name' must be a string, got {type(name).__name__} {name!r}."
        )
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    key = MARKET_ALIASES.get(key, key)
    if key not in MARKETS:
        raise ValueError(
            f"{func}(): {name!r} is not a market; use one of {', '.join(MARKETS)} "
            f"(or the 1991 names {', '.join(MARKET_ALIASES)})."
        )
    return key


def _axes(axes: Sequence[str] | None, *, func: str) -> tuple[list[str], bool]:
    if axes is None:
        return list(MARKETS), True
    if isinstance(axes, str) or not isinstance(axes, Sequence):
        raise TypeError(
            f"{func}(): argument 'axes' must be a list of sub-market names, got {axes!r}."
        )
    axes = [str(a) for a in axes]
    if len(axes) < 3:
        raise ValueError(
            f"{func}(): argument 'axes' must name at least 3 markets (a "
            f"radar needs 3 axes); got {axes!r}."
        )
    if len(set(axes)) != len(axes):
        raise ValueError(f"{func}(): argument 'axes' must not repeat a name; got {axes!r}.")
    return axes, False


@validate_params(
    {
        "data": v.Frame(
            {"market_col": v.Text(), "current_col": EMPHASIS_RANGE, "desired_col": EMPHASIS_RANGE}
        ),
        "axes": None,
    }
)
def markets_audit(
    data: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    market_col: str = "market",
    current_col: str = "current",
    desired_col: str = "desired",
    axes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Score a relationship marketing network audit: jury means, consensus and gaps.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per executive and market with the current and desired emphasis, each on
        the 0-10 scale of :data:`EMPHASIS_RANGE`.
    by : str or list of str, optional
        Column(s) that separate audits, e.g. ``"firm"``.
    market_col, current_col, desired_col : str
        The column names.
    axes : list of str, optional
        The axes of a *nested* audit (sub-markets of one market, at least 3), in the
        order to draw them. By default the seven canonical axes of :data:`MARKETS`, with
        the 1991 names accepted as aliases.

    Returns
    -------
    pandas.DataFrame
        One row per group and market, markets in axis order (``market`` is an ordered
        categorical): ``raters``; ``current_mean``, ``current_median``, ``current_sd``,
        ``current_iqr``; the same four for ``desired``; ``gap`` (desired mean minus
        current mean; positive = under-emphasised), ``gap_sd`` (SD of the executives'
        own gaps: low = the jury agrees on the change), ``rank`` (1 = the market whose
        emphasis must grow most) and ``direction`` (``grow``, ``hold`` or ``shrink``,
        with :data:`HOLD_BAND` as the hold band).

    Raises
    ------
    TypeError
        If a rating column is not numeric.
    ValueError
        If a column is missing, a rating is missing or off the 0-10 scale, a market is
        unknown, or a group has not rated every axis.

    Notes
    -----
    .. math:: \\text{gap}_m = \\bar{D}_m - \\bar{C}_m

    SD and IQR are consensus measures: the smaller they are, the more the jury agrees.
    No area of the radar polygons is reported: it depends on the order of the axes.

    References
    ----------
    Peck, H., Payne, A., Christopher, M. & Clark, M. (1999). Relationship Marketing:
    Strategy and Implementation, ch. 1 and 6. Butterworth-Heinemann.

    Examples
    --------
    >>> jury = pd.DataFrame(
    ...     {
    ...         "executive": ["A"] * 7 + ["B"] * 7,
    ...         "market": list(MARKETS) * 2,
    ...         "current": [8, 5, 2, 3, 2, 4, 3] * 2,
    ...         "desired": [9, 5, 6, 3, 4, 3, 7, 9, 6, 4, 3, 4, 3, 5],
    ...     }
    ... )
    >>> audit = markets_audit(jury)
    >>> audit[["market", "gap", "rank", "direction"]].head(3)
                  market  gap  rank direction
    0  customer_existing  1.0     4      grow
    1       customer_new  0.5     5      grow
    2           referral  3.0     1      grow
    >>> markets_audit(jury.assign(current=jury["current"] * 10))
    Traceback (most recent call last):
    ...
    ValueError: markets_audit(): column 'current' must be present and lie in [0, 10]; ...
    """
    func = "markets_audit"
    v.require_frame(data, func=func)
    keys = v.as_column_list(by, func=func)
    v.require_columns(data, keys + [market_col, current_col, desired_col], func=func)
    low, high = EMPHASIS_RANGE
    for col in (current_col, desired_col):
        v.require_between(data, col, low, high, func=func)
    order, canonical = _axes(axes, func=func)
    names = _market_names(data, market_col, order, canonical, func=func)
    frame = _ratings_frame(
        data,
        keys,
        item=("market", names, order),
        ratings={"current": current_col, "desired": desired_col},
    )
    stats = _rating_stats(frame, keys, order, func=func)
    out = stats[keys + ["market", "raters"]].copy()
    for side in ("current", "desired"):
        out[f"{side}_mean"] = stats[f"{side}_mean"]
        out[f"{side}_median"] = stats[f"{side}_median"]
        out[f"{side}_sd"] = stats[f"{side}_sd"]
        out[f"{side}_iqr"] = stats[f"{side}_q3"] - stats[f"{side}_q1"]
    out["gap"] = out["desired_mean"] - out["current_mean"]
    out["gap_sd"] = stats["gap_sd"]
    out["raters"] = out["raters"].astype(int)
    return _rank(out, keys)


def _ratings_frame(
    data: pd.DataFrame,
    keys: list[str],
    *,
    item: tuple[str, pd.Series, Sequence[str]],
    ratings: Mapping[str, str],
) -> pd.DataFrame:
    """One row per rating: the rated item as an ordered category, each rating as a float.

    ``item`` is (output name, the canonical names, their order); ``ratings`` maps each
    output name to its column in ``data``. The grouping ``keys`` are copied last.
    """
    name, values, order = item
    frame = pd.DataFrame(
        {
            name: pd.Categorical(values.to_numpy(), categories=order, ordered=True),
            **{out: data[col].to_numpy(dtype=float) for out, col in ratings.items()},
        }
    )
    for key in keys:
        frame[key] = data[key].to_numpy()
    return frame


def _market_names(
    data: pd.DataFrame, market_col: str, order: list[str], canonical: bool, *, func: str
) -> pd.Series:
    """The market column as axis keys (1991 aliases mapped), or a clear error."""
    names = data[market_col]
    if canonical:
        mapped = {}
        for value in pd.unique(names):
            try:
                mapped[value] = canonical_market(value)
            except (TypeError, ValueError):
                raise ValueError(
                    f"{func}(): column {market_col!r} holds {value!r}, which is not a market; "
                    f"use one of {', '.join(MARKETS)} (or the 1991 names "
                    f"{', '.join(MARKET_ALIASES)}), or pass axes=[...] for a nested audit."
                ) from None
        names = names.map(mapped)
    else:
        unknown = names[~names.isin(order)]
        if len(unknown):
            raise ValueError(
                f"{func}(): column {market_col!r} holds {unknown.iloc[0]!r} (index "
                f"{unknown.index[0]!r}), which is not one of the axes {', '.join(order)}."
            )
    return names


def _rating_stats(
    frame: pd.DataFrame, keys: list[str], order: list[str], *, func: str
) -> pd.DataFrame:
    """Per group and axis: raters and the spread of current and desired emphasis."""
    frame = frame.assign(own_gap=frame["desired"] - frame["current"])
    group_keys = keys + ["market"]
    grouped = frame.groupby(group_keys, observed=False, sort=True)

    def q(p: float):
        return lambda s: s.quantile(p)

    stats = grouped.agg(
        raters=("current", "size"),
        current_mean=("current", "mean"),
        current_median=("current", "median"),
        current_sd=("current", "std"),
        current_q1=("current", q(0.25)),
        current_q3=("current", q(0.75)),
        desired_mean=("desired", "mean"),
        desired_median=("desired", "median"),
        desired_sd=("desired", "std"),
        desired_q1=("desired", q(0.25)),
        desired_q3=("desired", q(0.75)),
        gap_sd=("own_gap", "std"),
    ).reset_index()
    if keys:
        present = frame[keys].drop_duplicates()
        stats = stats.merge(present, on=keys, how="inner")
    unrated = stats[stats["raters"] == 0]
    if len(unrated):
        first = unrated.iloc[0]
        where = "".join(f"{k}={first[k]!r}, " for k in keys)
        raise ValueError(
            f"{func}(): every axis needs ratings, but {where}market={first['market']!r} has "
            f"none ({len(unrated)} group-axis pair(s) unrated). Axes: {', '.join(order)}."
        )
    return stats


def _rank(out: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    gap = out["gap"].round(10)  # so that ties from float noise rank as ties
    if keys:
        rank = gap.groupby([out[k] for k in keys], sort=False).rank(ascending=False, method="min")
    else:
        rank = gap.rank(ascending=False, method="min")
    out = out.assign(rank=rank.astype(int))
    out["direction"] = np.where(
        out["gap"] >= HOLD_BAND, "grow", np.where(out["gap"] <= -HOLD_BAND, "shrink", "hold")
    )
    return out.sort_values(keys + ["market"], kind="stable").reset_index(drop=True)


@validate_params(
    {
        "audit": v.Frame(
            {"market": v.Text(), "current_mean": EMPHASIS_RANGE, "desired_mean": EMPHASIS_RANGE},
            key="market",
        ),
        "desired": None,
    }
)
def rerank_gaps(audit: pd.DataFrame, *, desired: Mapping[str, float]) -> pd.DataFrame:
    """Replace some desired emphases in one audit and recompute gaps, ranks and directions.

    The explorer's what-if: the jury's current emphasis stays as rated, a manager sets a
    new desired emphasis on some markets, and the gaps re-rank.

    Parameters
    ----------
    audit : pandas.DataFrame
        One group's rows of :func:`markets_audit` (``market``, ``current_mean``,
        ``desired_mean``).
    desired : mapping of str to float
        New desired emphasis (0-10) per market; markets not named keep the jury mean.
        The 1991 names are accepted for the canonical markets.

    Returns
    -------
    pandas.DataFrame
        ``audit`` with the new ``desired_mean``, ``gap``, ``rank`` and ``direction``.

    Raises
    ------
    ValueError
        If ``audit`` holds more than one row per market, a market is unknown or a new
        emphasis is off the 0-10 scale.

    Examples
    --------
    >>> jury = pd.DataFrame(
    ...     {"market": list(MARKETS), "current": [8, 5, 2, 3, 2, 4, 3], "desired": [9] * 7}
    ... )
    >>> audit = rerank_gaps(markets_audit(jury), desired={"internal": 10, "referral": 1})
    >>> audit.set_index("market").loc[["internal", "referral"], ["gap", "rank", "direction"]]
                        gap  rank direction
    market
    internal            7.0     1      grow
    referral           -1.0     7    shrink
    """
    func = "rerank_gaps"
    v.require_columns(audit, ["market", "current_mean", "desired_mean"], func=func)
    markets = audit["market"].astype(str)
    if markets.duplicated().any():
        raise ValueError(
            f"{func}(): audit has more than one row for market "
            f"{markets[markets.duplicated()].iloc[0]!r}; filter it to one firm first."
        )
    if not isinstance(desired, Mapping):
        raise TypeError(
            f"{func}(): argument 'desired' must be a dict of market -> emphasis, got {desired!r}."
        )
    low, high = EMPHASIS_RANGE
    out = audit.copy()
    row = {m: i for i, m in enumerate(markets)}
    emphasis = out["desired_mean"].to_numpy(dtype=float, copy=True)
    for name, value in desired.items():
        key = name if name in row else canonical_market(name)
        if key not in row:
            raise ValueError(f"{func}(): the audit has no market {name!r}.")
        number = v.require_number(value, func=func, name=f"desired[{name!r}]", low=low, high=high)
        emphasis[row[key]] = number
    out["desired_mean"] = emphasis
    out["gap"] = emphasis - out["current_mean"].to_numpy(dtype=float)
    return _rank(out.drop(columns=["rank", "direction"], errors="ignore"), [])
