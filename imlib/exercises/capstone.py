"""Checkers for Lab 11, the Northbank capstone (``notebooks/11-northbank-capstone.ipynb``).

The capstone uses six of imlib's model modules (quality, loyalty, markets, staff,
profitchain, programme). Every expected answer is computed from the datasets as
:func:`imlib.load_dataset` returns them, so a dataset variant needs no new answer key.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import AnswerForm, read_name, read_name_set, read_number
from imlib.exercises._core import Lab, Mistake, Verdict, judge_choice, judge_number
from imlib.loyalty import clv
from imlib.markets import MARKETS, markets_audit
from imlib.profitchain import chain_table, link_estimate
from imlib.programme import Objective, Plan, validate
from imlib.quality import SERVQUAL_DIMENSIONS, servqual_gaps, servqual_long, zones_of_tolerance
from imlib.staff import internal_service_quality, turnover_rate

__all__ = [
    "ANNUAL_MARGIN",
    "CAPABILITY_OF",
    "DISCOUNT_RATE",
    "MIGRATION_PERIOD",
    "annual_retention",
    "matching_table",
]

LAB = Lab("capstone")
BRANCHES = ("Northgate", "Riverside", "Harbour", "Millbrook", "Eastfield", "Westpark")
VERDICTS = ["supported", "too few to conclude", "contradicted"]
ANNUAL_MARGIN = 184.0  # GBP a customer a year (the case's quarterly margin of 46, x 4)
DISCOUNT_RATE = 0.10
MIGRATION_PERIOD = "2025-Q1"
#: Which back-office capability each SERVQUAL dimension depends on most (the case's view).
CAPABILITY_OF = {
    "tangibles": "IT and change",
    "reliability": "Lending operations",
    "responsiveness": "Account services",
    "assurance": "Branch training",
    "empathy": "Branch standards",
}


def _table() -> pd.DataFrame:
    names = ("branch_isq", "branch_people", "branch_tracker", "branch_money")
    return chain_table(*map(load_dataset, names))


# --- stage 1: where does Northbank fail its customers? -------------------------------------


@LAB.exercise("worst-reliability", reads=read_name, choices=BRANCHES, what="branch")
def _worst_reliability(branch: str) -> Verdict:
    gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    rel = gaps[gaps["dimension"] == "reliability"].set_index("branch")["gap"]
    worst, best = rel.idxmin(), rel.idxmax()
    return judge_choice(
        branch,
        worst,
        right=f"Yes: {worst}'s reliability gap is {rel[worst]:+.2f} points, the widest in the "
        "bank; reliability is also the dimension customers weight most.",
        mistakes={
            best: f"{best} has the *smallest* reliability gap: P - E is most negative "
            "where service falls furthest short."
        },
        otherwise="Score the survey by branch with servqual_gaps and compare the reliability rows.",
    )


@LAB.exercise("below-zone", reads=read_name_set, choices=BRANCHES, what="branch")
def _below_zone(branches: set[str]) -> Verdict:
    zones = zones_of_tolerance(
        servqual_long(load_dataset("bank_servqual")), by=["branch", "dimension"]
    )
    rel = zones[zones["dimension"] == "reliability"]
    expected = set(rel.loc[rel["zone"] == "below", "branch"])
    if branches == expected:
        return Verdict(
            True,
            "Right: there reliability is not merely short of the desired level but below "
            "what customers say they will accept. Those are failures, not disappointments.",
        )
    gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    short = set(gaps[(gaps["dimension"] == "reliability") & (gaps["gap"] < 0)]["branch"])
    if branches == short and short != expected:
        return Verdict(
            False,
            "Those are the branches whose perceptions fall short of expectations. Below the "
            "zone means below the *adequate* level (MSA < 0), a stricter test.",
        )
    return Verdict(False, "Use zones_of_tolerance by branch and dimension; look at 'zone'.")


# --- stage 2: which customers and markets matter most? -------------------------------------


def annual_retention(money: pd.DataFrame, *, year: str = "2025") -> pd.Series:
    """Each branch's annual customer retention: the product of its quarterly retention rates."""
    one = money[money["period"].str.startswith(year)]
    kept = 1 - one["customers_lost"] / one["customers_start"]
    return kept.groupby(one["branch"]).prod()


@LAB.exercise("clv-gap", reads=read_number)
def _clv_gap(value: float) -> Verdict:
    ret = annual_retention(load_dataset("branch_money"))
    north = clv(ANNUAL_MARGIN, retention=float(ret["Northgate"]), discount_rate=DISCOUNT_RATE)
    river = clv(ANNUAL_MARGIN, retention=float(ret["Riverside"]), discount_rate=DISCOUNT_RATE)
    expected = north - river
    money = load_dataset("branch_money")
    q1 = money[money["period"] == "2025-Q1"].set_index("branch")
    q_ret = 1 - q1["customers_lost"] / q1["customers_start"]
    quarterly = clv(
        ANNUAL_MARGIN, retention=float(q_ret["Northgate"]), discount_rate=DISCOUNT_RATE
    ) - clv(ANNUAL_MARGIN, retention=float(q_ret["Riverside"]), discount_rate=DISCOUNT_RATE)
    return judge_number(
        value,
        expected,
        tol=max(0.5, 0.005 * abs(expected)),
        right=f"Right: at 2025's annual retention (Northgate {ret['Northgate']:.3f}, Riverside "
        f"{ret['Riverside']:.3f}) a Northgate customer is worth GBP {expected:,.0f} more. "
        "Multiply by the customers Riverside holds to see what its service is costing.",
        mistakes=[
            Mistake(-expected, "You subtracted the other way round: Northgate minus Riverside."),
            Mistake(
                quarterly,
                "That uses one quarter's retention as if it were a year's; "
                "the margin is annual, so the retention must be annual too.",
            ),
        ],
        otherwise="Annual retention is the product of the four quarterly rates (1 - lost / "
        "start); then clv(margin, retention=..., discount_rate=0.10) for each branch.",
    )


def _read_market(answer: object) -> str:
    return read_name(answer, choices=list(MARKETS), what="market")


@LAB.exercise("markets-priority", reads=_read_market)
def _markets_priority(market: str) -> Verdict:
    jury = load_dataset("rm_jury")
    nb = jury[(jury["firm"] == "Northbank") & (jury["audit"] == "six_markets")]
    audit = markets_audit(nb)
    top = str(audit.sort_values("rank").iloc[0]["market"])
    gap = float(audit.set_index("market").loc[top, "gap"])
    return judge_choice(
        market,
        top,
        right=f"Yes: the executives want {gap:+.1f} points more emphasis on the {top} market "
        "than today, the largest shift in the audit.",
        mistakes={
            "customer_new": f"The jury's gap for new customers is "
            f"{float(audit.set_index('market').loc['customer_new', 'gap']):+.1f} points: "
            "compare it with the other markets' gaps."
        },
        otherwise="Run markets_audit on Northbank's six-markets audit; rank 1 is the market "
        "whose emphasis must grow most.",
    )


# --- stage 3: what inside the bank causes it? ----------------------------------------------


def _read_department(answer: object) -> str:
    return read_name(
        answer,
        choices=["Lending operations", "Account services", "IT and change"],
        what="supplier department",
    )


@LAB.exercise("weakest-supplier", reads=_read_department)
def _weakest_supplier(dept: str) -> Verdict:
    isq = internal_service_quality(load_dataset("staff_survey")).set_index("supplier_department")
    worst = str(isq["mean_rating"].idxmin())
    return judge_choice(
        dept,
        worst,
        right=f"Yes: {worst} is rated {isq.loc[worst, 'mean_rating']:.2f} out of 7 by the staff "
        "who depend on it. It processes the loans, so its service reaches customers as "
        "reliability.",
        otherwise="Rate each supplier with internal_service_quality(staff_survey).",
    )


@LAB.exercise("riverside-turnover", reads=read_number)
def _riverside_turnover(value: float) -> Verdict:
    people = load_dataset("branch_people")
    one = people[(people["branch"] == "Riverside") & people["period"].str.startswith("2025")]
    one = one.sort_values("period")
    leavers = float(one["leavers"].sum())
    start, end = float(one["headcount_start"].iloc[0]), float(one["headcount_end"].iloc[-1])
    expected = turnover_rate(leavers, start, end)
    quarterly = [
        turnover_rate(r.leavers, r.headcount_start, r.headcount_end) for r in one.itertuples()
    ]
    return judge_number(
        value,
        expected,
        tol=0.05,
        right=f"Right: {leavers:.0f} leavers over an average headcount of {(start + end) / 2:.1f} "
        f"is {expected:.1f}% in 2025.",
        mistakes=[
            Mistake(
                float(np.mean(quarterly)),
                "That is the mean of the quarterly rates: a quarter's rate, not the year's.",
            ),
            Mistake(
                float(np.sum(quarterly)),
                "Adding quarterly rates uses a different "
                "average headcount each quarter; use the year's leavers over the year's "
                "average headcount.",
            ),
            Mistake(expected / 100, "That is a fraction; give the turnover in percent.", tol=1e-3),
        ],
        otherwise="turnover_rate(leavers in 2025, headcount at the start of 2025-Q1, headcount "
        "at the end of 2025-Q4).",
    )


# --- stage 4: is the chain visible, and how sure can we be? --------------------------------


@LAB.exercise("isq-drop", reads=read_number)
def _isq_drop(value: float) -> Verdict:
    t = _table()
    river = t[t["branch"] == "Riverside"]
    after = river.loc[river["period"] >= MIGRATION_PERIOD, "isq"].mean()
    before = river.loc[river["period"] < MIGRATION_PERIOD, "isq"].mean()
    expected = float(after - before)
    return judge_number(
        value,
        expected,
        tol=0.01,
        right=f"Right: Riverside's front line rated the back office {abs(expected):.2f} points "
        "lower after the migration than before it.",
        mistakes=[Mistake(-expected, "Give after minus before: a fall is a negative number.")],
        otherwise="Mean ISQ of Riverside's quarters from 2025-Q1 on, minus the mean before.",
    )


@LAB.exercise("chain-verdict", reads=read_name, choices=VERDICTS, what="verdict")
def _chain_verdict(verdict: str) -> Verdict:
    est = link_estimate(_table(), cause="isq", effect="esq_gap", lag=1, unit="branch").iloc[0]
    r, p = float(est["pearson"]), float(est["p_value"])
    expected = "too few to conclude" if p >= 0.05 else ("supported" if r > 0 else "contradicted")
    detail = f"r = {r:+.2f}, permutation p = {p:.3f} at six branches"
    return judge_choice(
        verdict,
        expected,
        right=f"Yes ({detail}). Remember what it shows: branches, not people, and an "
        "association, not the effect of an investment.",
        mistakes={v: f"Look again at the p-value and the interval ({detail})." for v in VERDICTS},
        otherwise="Answer one of: " + ", ".join(VERDICTS) + ".",
    )


# --- stage 5: planning as matching ---------------------------------------------------------


def matching_table() -> pd.DataFrame:
    """Requirement (importance points) against capability (performance gap) per dimension."""
    bank = load_dataset("bank_servqual")
    gaps = servqual_gaps(bank).set_index("dimension")["gap"]
    points = bank[[f"points_{d}" for d in SERVQUAL_DIMENSIONS]].astype("float64").mean()
    points.index = list(SERVQUAL_DIMENSIONS)
    table = pd.DataFrame({"importance": points, "gap": gaps.reindex(list(SERVQUAL_DIMENSIONS))})
    table["mismatch"] = table["importance"] * (-table["gap"]).clip(lower=0)
    table["capability"] = [CAPABILITY_OF[d] for d in table.index]
    return table.rename_axis("dimension").reset_index()


def _read_dimension(answer: object) -> str:
    return read_name(answer, choices=list(SERVQUAL_DIMENSIONS), what="dimension")


@LAB.exercise("act-first", reads=_read_dimension)
def _act_first(dim: str) -> Verdict:
    table = matching_table().set_index("dimension")
    expected = str(table["mismatch"].idxmax())
    widest = str(table["gap"].idxmin())
    most_important = str(table["importance"].idxmax())
    mistakes = {}
    if widest != expected:
        mistakes[widest] = (
            "That is the widest gap, but customers care less about it: weigh each shortfall "
            "by its importance."
        )
    if most_important != expected:
        mistakes[most_important] = (
            "That is what customers value most, but the bank already meets it better: act "
            "where importance and shortfall meet."
        )
    return judge_choice(
        dim,
        expected,
        right=f"Yes: {expected} is where what the market requires and what the bank can do are "
        f"furthest apart, weighted by importance; the capability behind it is "
        f"{table.loc[expected, 'capability']}.",
        mistakes=mistakes,
        otherwise="Importance (mean points) x shortfall (the negative part of the gap): act "
        "where it is largest.",
    )


# --- stage 6: the programme ----------------------------------------------------------------


LAB.choice(
    "missing-loop",
    "ESQ",
    reads=read_name,
    choices=["ISQ", "ESQ", "neither"],
    what="loop",
    right="Yes: every KPI of the model plan is measured inside the bank (decision times, "
    "internal ratings, eNPS). Nothing in it carries the customers' voice, so the plan "
    "would not know whether customers noticed.",
    mistakes={
        "ISQ": "The internal rating of Lending operations and the front line's eNPS are "
        "the voice of internal customers: the ISQ loop is measured.",
        "neither": "Place each KPI: who is speaking in it, staff or customers?",
    },
    otherwise="Answer 'ISQ', 'ESQ' or 'neither'.",
)


def _riverside_reliability_gap() -> float:
    gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    rel = gaps[(gaps["branch"] == "Riverside") & (gaps["dimension"] == "reliability")]
    return float(rel["gap"].iloc[0])


def _read_plan(answer: object) -> Plan:
    if not isinstance(answer, Plan):
        raise AnswerForm(
            f"Give the whole plan (a Plan object); you gave a {type(answer).__name__}."
        )
    return answer


@LAB.exercise("customer-objective", reads=_read_plan)
def _customer_objective(plan: Plan) -> Verdict:
    problems = validate(plan)
    if problems:
        return Verdict(False, f"The planner still finds a problem: {problems[0]}")
    baseline = _riverside_reliability_gap()
    found = [o for o in plan.objectives if "reliab" in (o.kpi + o.name).lower()]
    if not found:
        return Verdict(
            False,
            "Add an objective whose KPI is Riverside's reliability gap (P - E) in the customer "
            "survey: that puts a measure on the ESQ loop.",
        )
    obj: Objective = found[0]
    if obj.baseline is None or abs(obj.baseline - baseline) > 0.01:
        return Verdict(
            False,
            "The baseline should be Riverside's reliability gap computed from bank_servqual "
            "(servqual_gaps by branch), to two decimals.",
        )
    if obj.target is None or obj.target <= obj.baseline:
        return Verdict(
            False, "A gap P - E improves towards 0: the target must be above the baseline."
        )
    return Verdict(
        True,
        f"Right: the plan now measures the customers' side, from a baseline of {baseline:+.2f}, "
        "and the planner finds nothing missing.",
    )
