"""Checkers for Lab 2, the ladder of loyalty (``notebooks/02-ladder-of-loyalty.ipynb``).

Every expected answer is computed from ``customer_cohort`` as :func:`imlib.load_dataset`
returns it, so a dataset variant needs no new answer key.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import as_number, as_series, close_to, compare
from imlib.exercises._core import Verdict, checker
from imlib.loyalty import (
    LOST,
    defection_cut_effect,
    ladder_projection,
    retention_rates,
    transition_matrix,
)

__all__: list[str] = []

#: The assumptions the lab states for its calculations.
DISCOUNT_RATE = 0.10
CLV_RUNG = "client"
PROJECTION_YEARS = 5
CUT = 0.05
ACQUISITION_COST = 150.0
MARGIN_GROWTH = 0.04
HORIZON = 20


def _cohort() -> pd.DataFrame:
    return load_dataset("customer_cohort")


def _rung_inputs(rung: str = CLV_RUNG) -> tuple[float, float]:
    cohort = _cohort()
    margin = float(cohort.loc[cohort["rung"] == rung, "margin"].mean())
    rates = retention_rates(cohort, by="rung").set_index("rung")
    return margin, float(rates.loc[rung, "retention_rate"])


@checker("loyalty-clv-by-hand")
def _clv_by_hand(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    m, r = _rung_inputs()
    i = DISCOUNT_RATE
    expected = m * r / (1 + i - r)

    def near(x: float) -> bool:
        return abs(value - x) <= 0.01 * abs(x)

    if near(expected):
        return Verdict(
            True,
            f"£{m:.0f} x {r:.3f} / (1 + {i} - {r:.3f}) = £{expected:,.0f}: a margin multiple of "
            f"{r / (1 + i - r):.2f}.",
        )
    if near(m * r / (1 - r)):
        return Verdict(
            False, "You left out the discount rate: CLV = m r / (1 + i - r) with i = 0.10."
        )
    if near(m * (1 + i) / (1 + i - r)):
        return Verdict(
            False,
            "That counts a margin at the start (t = 0). The lab's convention: margins at the "
            "end of each year the customer stays, CLV = m r / (1 + i - r).",
        )
    if near(m / (1 + i - r)):
        return Verdict(False, "Multiply by the retention rate too: CLV = m r / (1 + i - r).")
    d = 1 - r
    if near(m * d / (1 + i - d)):
        return Verdict(False, "You used the defection rate where the retention rate belongs.")
    return Verdict(False, "Use the two printed numbers in CLV = m r / (1 + i - r), with i = 0.10.")


@checker("loyalty-retention-by-rung")
def _retention_by_rung(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["rung"], value="retention_rate")
    if problem:
        return Verdict(False, problem)
    expected = retention_rates(_cohort(), by="rung").set_index("rung")["retention_rate"]
    ok, where = compare(series, expected, tol=0.001)
    if ok:
        return Verdict(
            True,
            f"Retention climbs with the ladder, from {expected.iloc[0]:.0%} for "
            f"{expected.index[0]}s to {expected.iloc[-1]:.0%} for {expected.index[-1]}s.",
        )
    if close_to(series, 1 - expected, tol=0.001):
        return Verdict(False, "Those are defection rates; retention = 1 - defection rate.")
    if close_to(series, 100 * expected, tol=0.1):
        return Verdict(False, "Give proportions (0.87), not percentages (87).")
    return Verdict(False, f"Not quite: {where}. retention_rates(cohort, by='rung') does this.")


@checker("loyalty-transition-matrix")
def _transition(answer: object) -> Verdict:
    if not isinstance(answer, pd.DataFrame):
        return Verdict(
            False,
            f"Give the matrix as a DataFrame (rows: from, columns: to); you gave a "
            f"{type(answer).__name__}.",
        )
    expected = transition_matrix(_cohort())
    mine = answer.copy()
    mine.index, mine.columns = [str(i) for i in mine.index], [str(c) for c in mine.columns]
    if set(mine.index) != set(expected.index) or set(mine.columns) != set(expected.columns):
        missing = sorted(set(expected.columns) - set(mine.columns))
        hint = f" (missing: {', '.join(missing)})" if missing else ""
        return Verdict(
            False,
            "Your matrix needs one row and one column per state: "
            f"{', '.join(expected.index)}{hint}.",
        )
    mine = mine.loc[expected.index, expected.columns].astype(float)
    if ((mine - expected).abs() <= 0.001).all().all():
        return Verdict(
            True,
            f"Each row is where a year's {', '.join(expected.index[:2])}, ... go next. Lost is "
            "absorbing: nobody comes back in this data.",
        )
    if ((mine - expected.T).abs() <= 0.001).all().all() or (
        (mine.sum(axis=0) - 1).abs() <= 0.001
    ).all():
        return Verdict(
            False, "Your columns sum to 1; each *row* (the state a customer comes from) must."
        )
    if (mine.sum(axis=1) > 1.5).any():
        return Verdict(False, "Those look like counts: divide each row by its total.")
    return Verdict(
        False, "Not quite. transition_matrix(cohort) counts each customer's year-to-year moves."
    )


def _survival(periods: int) -> float:
    projection = ladder_projection(
        {"purchaser": 1.0}, transition_matrix(_cohort()), periods=periods
    )
    return float(1 - projection[LOST].iloc[-1])


@checker("loyalty-five-year-share")
def _five_year_share(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    expected = _survival(PROJECTION_YEARS)
    if abs(value - expected) <= 0.002:
        return Verdict(
            True,
            f"{expected:.1%} of a new cohort is still with Northbank after {PROJECTION_YEARS} "
            "years; the rest are lost.",
        )
    if abs(value - (1 - expected)) <= 0.002:
        return Verdict(
            False, "That is the share lost; the question asks for the share still customers."
        )
    if abs(value - 100 * expected) <= 0.2:
        return Verdict(False, "Give a proportion (0.35), not a percentage.")
    for wrong in (PROJECTION_YEARS - 1, PROJECTION_YEARS + 1):
        if abs(value - _survival(wrong)) <= 0.002:
            return Verdict(
                False,
                f"That is after {wrong} years. Period 0 is the joining point: read the row with "
                f"period == {PROJECTION_YEARS}.",
            )
    return Verdict(
        False, "Project {'purchaser': 1.0} for 5 periods and take 1 minus the 'lost' share."
    )


def _cut_inputs() -> tuple[float, float]:
    cohort = _cohort()
    d = float(retention_rates(cohort)["defection_rate"].iloc[0])
    margin = float(cohort.loc[cohort["tenure"] == 1, "margin"].mean())
    return d, margin


def _cut_effect(
    defection: float, cut: float, margin: float, growth: float = MARGIN_GROWTH
) -> float:
    table = defection_cut_effect(
        defection_rate=defection,
        cut=cut,
        margin=margin,
        margin_growth=growth,
        acquisition_cost=ACQUISITION_COST,
        discount_rate=DISCOUNT_RATE,
        horizon=HORIZON,
    )
    return float(table["profit_change_pct"].iloc[1])


@checker("loyalty-defection-cut")
def _defection_cut(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    d, m = _cut_inputs()
    expected = _cut_effect(d, CUT, m)
    if abs(value - expected) <= 0.5:
        return Verdict(
            True,
            f"Cutting defection from {d:.1%} to {d - CUT:.1%} raises the value of a new "
            f"customer by {expected:.0f}%: computed for this bank, not quoted from another.",
        )
    if abs(value - _cut_effect(d, d * CUT, m)) <= 0.5:
        return Verdict(
            False,
            "You cut the rate by 5 percent of itself. Reichheld and Sasser's 5 points are "
            "percentage points: subtract 0.05 from the defection rate.",
        )
    if abs(value - expected / 100) <= 0.005:
        return Verdict(False, "Give the change in percent (e.g. 45), not as a fraction.")
    if abs(value - _cut_effect(d, CUT, m, growth=0.0)) <= 0.5:
        return Verdict(
            False, "Include the 4% yearly margin growth with tenure (margin_growth=0.04)."
        )
    return Verdict(
        False,
        "Use defection_cut_effect with the cohort's defection rate, its mean first-year "
        "margin and the lab's assumptions, and read profit_change_pct of the improved row.",
    )
