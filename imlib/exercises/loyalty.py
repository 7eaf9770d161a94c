"""Checkers for Lab 2, the ladder of loyalty (``notebooks/02-ladder-of-loyalty.ipynb``).

Every expected answer is computed from ``customer_cohort`` as :func:`imlib.load_dataset`
returns it, so a dataset variant needs no new answer key. The lab's exercises: a client's
CLV by hand; retention by rung, predicted and then computed in pandas; the transition matrix
built in pandas; a colleague's planted error (one rung's retention used as lifetime
retention); the yearly margin growth estimated from the cohort; and the defection-cut effect
once the lab's assumptions are replaced by the cohort's own, in money.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import (
    AnswerForm,
    judge_series,
    read_number,
    read_series,
)
from imlib.exercises._core import Lab, Mistake, Verdict, judge_number
from imlib.loyalty import (
    LOST,
    defection_cut_effect,
    ladder_projection,
    retention_rates,
    transition_matrix,
)

__all__: list[str] = []

LAB = Lab("loyalty")

#: The assumptions the lab states for its calculations.
DISCOUNT_RATE = 0.10
CLV_RUNG = "client"
PROJECTION_YEARS = 5
CUT = 0.05
ACQUISITION_COST = 150.0
#: The worked example's assumptions, which the last exercise replaces.
MARGIN_GROWTH = 0.04
HORIZON = 20


def _cohort() -> pd.DataFrame:
    return load_dataset("customer_cohort")


def _rung_inputs(rung: str = CLV_RUNG) -> tuple[float, float]:
    cohort = _cohort()
    margin = float(cohort.loc[cohort["rung"] == rung, "margin"].mean())
    rates = retention_rates(cohort, by="rung").set_index("rung")
    return margin, float(rates.loc[rung, "retention_rate"])


@LAB.exercise("clv-by-hand", reads=read_number)
def _clv_by_hand(value: float) -> Verdict:
    m, r = _rung_inputs()
    i = DISCOUNT_RATE
    expected = m * r / (1 + i - r)
    d = 1 - r
    return judge_number(
        value,
        expected,
        tol=0.01 * abs(expected),
        right=f"£{m:.0f} x {r:.3f} / (1 + {i} - {r:.3f}) = £{expected:,.0f}: a margin multiple "
        f"of {r / (1 + i - r):.2f}.",
        mistakes=[
            Mistake(
                m * r / (1 - r),
                "You left out the discount rate: CLV = m r / (1 + i - r) with i = 0.10.",
            ),
            Mistake(
                m * (1 + i) / (1 + i - r),
                "That counts a margin at the start (t = 0). The "
                "lab's convention: margins at the end of each year the customer stays, "
                "CLV = m r / (1 + i - r).",
            ),
            Mistake(
                m / (1 + i - r), "Multiply by the retention rate too: CLV = m r / (1 + i - r)."
            ),
            Mistake(
                m * d / (1 + i - d), "You used the defection rate where the retention rate belongs."
            ),
        ],
        otherwise="Use the two printed numbers in CLV = m r / (1 + i - r), with i = 0.10.",
    )


def _retention_by_rung() -> pd.Series:
    return retention_rates(_cohort(), by="rung").set_index("rung")["retention_rate"]


@LAB.exercise("retention-by-rung", reads=read_series, keys=["rung"], value="retention_rate")
def _retention(series: pd.Series) -> Verdict:
    expected = _retention_by_rung()
    trend = (
        "climbs with the ladder" if expected.is_monotonic_increasing else "changes along the ladder"
    )
    counts = _cohort().groupby("rung", observed=True)["defected"].sum().astype(float)
    mistakes = [
        (1 - expected, "Those are defection rates; retention = 1 - defection rate."),
        (100 * expected, "Give proportions (0.87), not percentages (87)."),
        (counts, "Those are counts of defections; divide by the customer-years on each rung."),
    ]
    return judge_series(
        series,
        expected,
        tol=0.001,
        right=f"Same as retention_rates(cohort, by='rung'). Retention {trend}, from "
        f"{expected.iloc[0]:.0%} for {expected.index[0]}s to {expected.iloc[-1]:.0%} for "
        f"{expected.index[-1]}s.",
        mistakes=[
            Mistake(wrong.rename(index=str), hint, tol=0.001 * max(1.0, wrong.abs().max()))
            for wrong, hint in mistakes
        ],
        otherwise="Per rung: 1 minus the share of customer-years with defected True.",
    )


def _read_matrix(answer: object) -> pd.DataFrame:
    if not isinstance(answer, pd.DataFrame):
        raise AnswerForm(
            "Give the matrix as a DataFrame (rows: from, columns: to); you gave a "
            f"{type(answer).__name__}."
        )
    mine = answer.copy()
    mine.index, mine.columns = [str(i) for i in mine.index], [str(c) for c in mine.columns]
    expected = transition_matrix(_cohort())
    if LOST not in mine.index and set(mine.index) == set(expected.index) - {LOST}:
        mine.loc[LOST] = [1.0 if c == LOST else 0.0 for c in mine.columns]  # absorbing
    if set(mine.index) != set(expected.index) or set(mine.columns) != set(expected.columns):
        missing = sorted(set(expected.columns) - set(mine.columns))
        hint = f" (missing: {', '.join(missing)})" if missing else ""
        raise AnswerForm(
            "Your matrix needs one row per rung a customer comes from and one column per "
            f"state: {', '.join(expected.columns)}{hint}."
        )
    if not all(pd.api.types.is_numeric_dtype(mine[c]) for c in mine.columns):
        raise AnswerForm("The cells of your matrix are not all numbers.")
    return mine.loc[expected.index, expected.columns].astype(float)


@LAB.exercise("transition-matrix", reads=_read_matrix)
def _transition(mine: pd.DataFrame) -> Verdict:
    expected = transition_matrix(_cohort())
    if ((mine - expected).abs() <= 0.001).all().all():
        return Verdict(
            True,
            "The same as transition_matrix(cohort). Each row is where a year's customers on a "
            "rung go next; lost is absorbing: nobody comes back in this data.",
        )
    if ((mine.sum(axis=0) - 1).abs() <= 0.001).all():
        return Verdict(
            False, "Your columns sum to 1; each *row* (the state a customer comes from) must."
        )
    if (mine.sum(axis=1) > 1.5).any():
        return Verdict(False, "Those look like counts: divide each row by its total.")
    if (mine.drop(index=LOST)[LOST] <= 0.0005).all():
        return Verdict(
            False, "Nobody moves to lost in your matrix: a year with defected True goes to lost."
        )
    return Verdict(
        False,
        "Not quite. Pair each customer-year with the same customer's rung next year ('lost' "
        "when defected is True), keep the years that have a next state, then crosstab with "
        "normalize='index'.",
    )


def _survival(periods: int) -> float:
    projection = ladder_projection(
        {"purchaser": 1.0}, transition_matrix(_cohort()), periods=periods
    )
    return float(1 - projection[LOST].iloc[-1])


@LAB.exercise("five-year-share", reads=read_number)
def _five_year_share(value: float) -> Verdict:
    expected = _survival(PROJECTION_YEARS)
    r_p = float(_retention_by_rung().iloc[0])
    colleague = r_p**PROJECTION_YEARS
    return judge_number(
        value,
        expected,
        tol=0.002,
        right=f"{expected:.1%} of a new cohort is still a customer after {PROJECTION_YEARS} "
        f"years, against the colleague's {colleague:.1%}. Survivors climb to rungs that are "
        "retained better, so one rung's retention is not a customer's lifetime retention.",
        mistakes=[
            Mistake(
                colleague,
                "That is the colleague's number: it keeps every survivor on the "
                "purchaser rung. Customers climb; project with the transition matrix.",
            ),
            Mistake(
                1 - expected,
                "That is the share lost; the question asks for the share still customers.",
            ),
            Mistake(100 * expected, "Give a proportion (0.35), not a percentage.", tol=0.2),
            Mistake(
                _survival(PROJECTION_YEARS - 1),
                "That is after 4 years: period 0 is the "
                "joining point, read the row with period == 5.",
            ),
            Mistake(
                _survival(PROJECTION_YEARS + 1),
                "That is after 6 years: period 0 is the "
                "joining point, read the row with period == 5.",
            ),
        ],
        otherwise="Project {'purchaser': 1.0} with transition_matrix(cohort) and take 1 minus "
        "the 'lost' share at period 5.",
    )


def margin_growth_estimate() -> float:
    """The lab's estimate: compound yearly growth of the mean margin, first to last tenure."""
    by_tenure = _cohort().groupby("tenure")["margin"].mean().sort_index()
    years = int(by_tenure.index[-1] - by_tenure.index[0])
    return float((by_tenure.iloc[-1] / by_tenure.iloc[0]) ** (1 / years) - 1)


@LAB.exercise("margin-growth", reads=read_number)
def _margin_growth(value: float) -> Verdict:
    by_tenure = _cohort().groupby("tenure")["margin"].mean().sort_index()
    expected = margin_growth_estimate()
    ratio = float(by_tenure.iloc[-1] / by_tenure.iloc[0])
    steps = len(by_tenure) - 1
    return judge_number(
        value,
        expected,
        tol=0.002,
        right=f"About {expected:.1%} a year: the mean margin grows from £{by_tenure.iloc[0]:.0f} "
        f"in a customer's first year to £{by_tenure.iloc[-1]:.0f} in year {by_tenure.index[-1]}; "
        f"the worked example assumed {MARGIN_GROWTH:.0%}. Part of it is survivorship: "
        "the customers still there in later years are mostly on higher rungs.",
        mistakes=[
            Mistake(
                ratio - 1,
                "That is the total growth over all the years; take the "
                f"{steps}th root of the ratio for a yearly rate.",
            ),
            Mistake(
                ratio ** (1 / (steps + 1)) - 1,
                f"{steps + 1} tenures make {steps} yearly steps: use the root of that number.",
            ),
            Mistake(100 * expected, "Give a proportion (0.05 for 5%), not a percentage.", tol=0.2),
            Mistake(
                float(by_tenure.pct_change().mean()),
                "That is the arithmetic mean of the "
                "yearly changes; growth compounds, so use the geometric rate.",
                tol=0.0005,
            ),
        ],
        otherwise="Mean margin per tenure with groupby; then (last / first) ** (1 / steps) - 1.",
    )


def _cut_inputs() -> tuple[float, float]:
    cohort = _cohort()
    d = float(retention_rates(cohort)["defection_rate"].iloc[0])
    margin = float(cohort.loc[cohort["tenure"] == 1, "margin"].mean())
    return d, margin


def cut_effect(*, growth: float, horizon: int, cut: float = CUT) -> pd.DataFrame:
    """The defection-cut table for the cohort's own rate and first-year margin."""
    d, m = _cut_inputs()
    return defection_cut_effect(
        defection_rate=d,
        cut=cut,
        margin=m,
        margin_growth=growth,
        acquisition_cost=ACQUISITION_COST,
        discount_rate=DISCOUNT_RATE,
        horizon=horizon,
    )


def own_assumptions() -> tuple[float, int]:
    """The cohort's own margin growth and the longest tenure it observes (the horizon)."""
    return margin_growth_estimate(), int(_cohort()["tenure"].max())


@LAB.exercise("defection-cut", reads=read_number)
def _defection_cut(value: float) -> Verdict:
    growth, horizon = own_assumptions()
    table = cut_effect(growth=growth, horizon=horizon)
    gain = float(table["customer_value"].diff().iloc[1])
    pct = float(table["profit_change_pct"].iloc[1])
    old = cut_effect(growth=MARGIN_GROWTH, horizon=HORIZON)
    d, _ = _cut_inputs()
    return judge_number(
        value,
        gain,
        tol=0.5,
        right=f"+£{gain:,.0f} per new customer (from £{table['customer_value'].iloc[0]:,.0f} "
        f"to £{table['customer_value'].iloc[1]:,.0f}, {pct:+.0f}%). Under the worked example's "
        f"assumptions the percentage was {old['profit_change_pct'].iloc[1]:+.0f}% on a base of "
        f"£{old['customer_value'].iloc[0]:,.0f}: a percentage of a small base says little.",
        mistakes=[
            Mistake(
                pct,
                "That is the change in percent; the question asks for pounds per new "
                "customer (the difference of customer_value).",
            ),
            Mistake(
                float(table["customer_value"].iloc[1]),
                "That is the improved value itself; subtract the current value.",
            ),
            Mistake(
                float(old["customer_value"].diff().iloc[1]),
                "That is the worked example "
                "(4% growth, 20 years); replace both assumptions with the cohort's own.",
            ),
            Mistake(
                float(cut_effect(growth=growth, horizon=HORIZON)["customer_value"].diff().iloc[1]),
                "Right growth, but the horizon is still 20 years; use "
                "the longest tenure the cohort shows.",
            ),
            Mistake(
                float(
                    cut_effect(growth=growth, horizon=horizon, cut=CUT * d)["customer_value"]
                    .diff()
                    .iloc[1]
                ),
                "You cut the rate by 5 percent "
                "of itself; the 5 points are percentage points: subtract 0.05.",
            ),
        ],
        otherwise="Use defection_cut_effect with the cohort's defection rate and first-year "
        "margin, your growth estimate and the longest observed tenure; subtract the two "
        "customer values.",
    )
