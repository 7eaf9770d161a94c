"""Northbank as one connected world: the seeded service-profit chain behind the bank's data.

Every Northbank dataset is drawn from one latent world, built here once per seed. The
world follows the service-profit chain (Heskett et al. 1994) at branch level, quarter by
quarter, from 2024-Q3 to 2026-Q2:

1. **Internal service quality (ISQ).** Each branch's front line depends on three
   back-office departments (Lending operations, Account services, IT and change). What
   it receives depends on the department and on the branch's working relationships with
   it. In 2025-Q1 Lending operations moved to a new system; Riverside's loans were
   migrated first and its ISQ from Lending operations keeps falling.
2. **Staff.** A branch's service climate (1-5) follows the ISQ its front line receives in
   the same quarter; eNPS and the share who intend to leave follow the climate, and so do
   the leavers (a Poisson count on the front-line headcount).
3. **Customers (ESQ).** A quarter later, customers' perceptions on each SERVQUAL
   dimension follow the climate (staff who are served well serve well) and suffer when
   many experienced staff left. Branch stories sit on top of the chain: Riverside's
   reliability (the migrated loans, a delivery gap), Harbour's responsiveness (managers
   misread expectations, a knowledge gap, *not* caused by ISQ), Millbrook's "decisions in
   24 hours" campaign from 2025-Q4 (raised expectations, a communication gap) and
   Eastfield's empathy (no standard, a standards gap).
4. **Loyalty and money.** The share of customers who leave in a quarter rises as the
   perception gaps widen (reliability weighs most); revenue follows the customers kept,
   and the cost of replacing leavers comes off profit.

The seed changes only the noise; the structure, the sizes of the effects and the branch
stories are fixed. All of it is synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from imlib.generators import Column, Generator
from imlib.generators._common import count_column, headcount_flow, text_column
from imlib.profitchain import MEASURED_LINKS
from imlib.quality import SERVQUAL_DIMENSIONS

__all__ = [
    "BRANCHES",
    "BRANCH_ISQ",
    "BRANCH_MONEY",
    "BRANCH_PEOPLE",
    "BRANCH_TRACKER",
    "CHAIN_LINKS",
    "MIGRATION_PERIOD",
    "STAFF_SURVEY_PERIOD",
    "PERIODS",
    "STORIES",
    "SUPPLIERS",
    "World",
    "world",
]

BRANCHES = ("Northgate", "Riverside", "Harbour", "Millbrook", "Eastfield", "Westpark")
PERIODS = (
    "2024-Q3",
    "2024-Q4",
    "2025-Q1",
    "2025-Q2",
    "2025-Q3",
    "2025-Q4",
    "2026-Q1",
    "2026-Q2",
)
SUPPLIERS = ("Lending operations", "Account services", "IT and change")
MIGRATION_PERIOD = "2025-Q1"
STAFF_SURVEY_PERIOD = "2025-Q2"  # the climate survey of staff_survey

#: How much a branch's front line depends on each back-office department (SUPPLIERS order).
_DEPENDENCE = np.array([0.55, 0.30, 0.15])
#: Working relationships between each branch and the back office (points on the 1-7 scale).
_RELATIONS = {
    "Northgate": 0.6,
    "Riverside": 0.05,
    "Harbour": -0.15,
    "Millbrook": 0.0,
    "Eastfield": -0.25,
    "Westpark": 0.25,
}
_SUPPLIER_BASE = np.array([4.7, 5.2, 4.9])
# Lending operations after its migration, felt by every branch
_MIGRATION = np.array([0.0, 0.0, 0.8, 1.0, 1.0, 0.95, 0.9, 0.9])
# Riverside's loans were migrated first
_RIVERSIDE_EXTRA = np.array([0.0, 0.0, 0.7, 1.0, 1.2, 1.3, 1.4, 1.5])
_FRONT_LINE = {
    "Northgate": 42,
    "Riverside": 38,
    "Harbour": 34,
    "Millbrook": 36,
    "Eastfield": 30,
    "Westpark": 36,
}
_CUSTOMERS = {
    "Northgate": 9200,
    "Riverside": 8400,
    "Harbour": 7600,
    "Millbrook": 8000,
    "Eastfield": 6800,
    "Westpark": 8000,
}

# The chain's coefficients (the "true" world; students estimate them from the data).
ISQ_NORM = 4.6  # the bank's norm for internal service, 1-7
CLIMATE_NORM = 3.3  # the bank's average climate, 1-5
_CLIMATE_PER_ISQ = 0.55
_ENPS_PER_CLIMATE = 45.0
_GAP_PER_CLIMATE = 0.6  # next quarter's perception gap per climate point
_GAP_PER_TURNOVER = -2.5  # per unit of last quarter's front-line turnover rate
_BASE_GAP = {
    "tangibles": 0.2,
    "reliability": -0.15,
    "responsiveness": -0.05,
    "assurance": -0.05,
    "empathy": -0.1,
}
_BASE_E = {
    "tangibles": 5.3,
    "reliability": 6.1,
    "responsiveness": 5.8,
    "assurance": 5.9,
    "empathy": 5.5,
}
_GAP_WEIGHT = {  # how much each dimension's gap moves defection (reliability most)
    "tangibles": 0.10,
    "reliability": 0.34,
    "responsiveness": 0.22,
    "assurance": 0.18,
    "empathy": 0.16,
}
_BASE_DEFECTION = 0.03  # a quarter's defection share at the norm
_DEFECTION_PER_GAP = -1.0  # log-change in defection per point of weighted gap

#: The chain's links as the world draws them: (cause, effect, sign, lag in quarters), named
#: as the measures of :func:`imlib.profitchain.chain_table` (tests/test_generators_chain.py
#: checks that the kit's estimators recover every sign on five seeds). Declared once, as
#: :data:`imlib.profitchain.MEASURED_LINKS`.
CHAIN_LINKS: tuple[tuple[str, str, int, int], ...] = MEASURED_LINKS

#: Each branch's own story and the dimension or measure where it shows.
STORIES: dict[str, str] = {
    "Riverside": "back-office migration: ISQ from Lending operations falls from 2025-Q1, "
    "reliability perceptions slide after it (delivery gap)",
    "Harbour": "managers underestimate expected responsiveness (knowledge gap); not an ISQ story",
    "Millbrook": "'decisions in 24 hours' campaign from 2025-Q4 raises reliability and "
    "responsiveness expectations (communication gap)",
    "Eastfield": "no written standard for personal attention: empathy left to chance "
    "(standards gap)",
    "Northgate": "the best internal service and climate, the fewest leavers: the chain "
    "working well",
    "Westpark": "a sound branch: small gaps everywhere",
}


def _story_shift(branch: str, dim: str, t: int) -> tuple[float, float]:
    """Return (expectation shift, perception shift) of a branch story in quarter t."""
    e, p = 0.0, 0.0
    if branch == "Riverside" and dim == "reliability" and t >= 2:
        p -= 0.3 + 0.15 * (t - 2)
    if branch == "Harbour" and dim == "responsiveness":
        p -= 1.2
    if branch == "Millbrook" and dim in ("reliability", "responsiveness") and t >= 5:
        e += 0.8 if dim == "reliability" else 0.95
    if branch == "Eastfield" and dim == "empathy":
        p -= 1.1
    return e, p


@dataclass(frozen=True)
class World:
    """The latent Northbank world of one seed (one row per branch and quarter)."""

    seed: int
    branch_period: pd.DataFrame  # isq, climate, enps, leave share, headcounts, money
    isq: pd.DataFrame  # branch x period x supplier: latent ISQ received
    esq: pd.DataFrame  # branch x period x dimension: latent expectation and perception

    def at(self, branch: str, period: str) -> pd.Series:
        """Return the latent row of one branch and quarter."""
        bp = self.branch_period
        return bp[(bp["branch"] == branch) & (bp["period"] == period)].iloc[0]


@lru_cache(maxsize=8)
def world(seed: int) -> World:
    """Build (once per seed) the latent Northbank world all its datasets are drawn from."""
    rng = np.random.default_rng([seed, 80])
    nb, nt = len(BRANCHES), len(PERIODS)
    isq_rows, esq_rows, bp_rows = [], [], []
    isq = _latent_isq(rng, isq_rows)
    climate = CLIMATE_NORM + _CLIMATE_PER_ISQ * (isq - ISQ_NORM) + rng.normal(0, 0.05, (nb, nt))
    enps = 10 + _ENPS_PER_CLIMATE * (climate - CLIMATE_NORM) + rng.normal(0, 4, (nb, nt))
    leave_share = 1 / (1 + np.exp(1.5 + 2.4 * (climate - CLIMATE_NORM)))
    quit_rate = 0.05 * np.exp(-1.8 * (climate - CLIMATE_NORM))
    for i, b in enumerate(BRANCHES):
        headcount = _FRONT_LINE[b]
        customers = _CUSTOMERS[b]
        last_leavers = round(0.05 * headcount)
        last_turnover = 0.05
        for t in range(nt):
            leavers = int(min(rng.poisson(quit_rate[i, t] * headcount), headcount))
            hires = int(rng.poisson(0.9 * last_leavers + 0.4))
            end = headcount + hires - leavers
            turnover = leavers / ((headcount + end) / 2)
            prev_climate = climate[i, t - 1] if t else climate[i, t]
            weighted_gap = _latent_esq(rng, b, t, prev_climate, last_turnover, esq_rows)
            row = {
                "branch": b,
                "period": PERIODS[t],
                "isq": isq[i, t],
                "climate": climate[i, t],
                "enps": enps[i, t],
                "intend_to_leave_share": leave_share[i, t],
                "headcount_start": headcount,
                "hires": hires,
                "leavers": leavers,
                "headcount_end": end,
            }
            row.update(_quarter_money(rng, b, customers, headcount, end, leavers, weighted_gap))
            bp_rows.append(row)
            headcount, customers, last_leavers, last_turnover = (
                end,
                row["customers_end"],
                leavers,
                turnover,
            )
    bp = pd.DataFrame(bp_rows)
    bp["profit"] = bp["revenue"] - bp["operating_cost"]
    return World(seed, bp, pd.DataFrame(isq_rows), pd.DataFrame(esq_rows))


def _latent_isq(rng: np.random.Generator, isq_rows: list[dict]) -> np.ndarray:
    """Draw the ISQ each branch receives per supplier and quarter; return the weighted mean."""
    isq = np.zeros((len(BRANCHES), len(PERIODS)))
    for i, b in enumerate(BRANCHES):
        for t in range(len(PERIODS)):
            received = _SUPPLIER_BASE + _RELATIONS[b] * np.array([1.0, 0.8, 0.5])
            received = received + rng.normal(0, 0.1, 3)
            received[0] -= _MIGRATION[t] + (_RIVERSIDE_EXTRA[t] if b == "Riverside" else 0.0)
            for s, value in zip(SUPPLIERS, received, strict=True):
                isq_rows.append({"branch": b, "period": PERIODS[t], "supplier": s, "isq": value})
            isq[i, t] = float(_DEPENDENCE @ received)
    return isq


def _latent_esq(
    rng: np.random.Generator,
    b: str,
    t: int,
    prev_climate: float,
    last_turnover: float,
    esq_rows: list[dict],
) -> float:
    """Draw one branch-quarter's expectations and perceptions; return the weighted gap."""
    weighted_gap = 0.0
    for d in SERVQUAL_DIMENSIONS:
        e_shift, p_shift = _story_shift(b, d, t)
        expectation = _BASE_E[d] + e_shift + rng.normal(0, 0.04)
        gap = (
            _BASE_GAP[d]
            + _GAP_PER_CLIMATE * (prev_climate - CLIMATE_NORM)
            + _GAP_PER_TURNOVER * (last_turnover - 0.05)
            + p_shift
            + rng.normal(0, 0.05)
        )
        esq_rows.append(
            {
                "branch": b,
                "period": PERIODS[t],
                "dimension": d,
                "expectation": expectation,
                "perception": expectation + gap,
            }
        )
        weighted_gap += _GAP_WEIGHT[d] * (gap - _BASE_GAP[d])
    return weighted_gap


def _quarter_money(
    rng: np.random.Generator,
    b: str,
    customers: int,
    headcount: int,
    end: int,
    leavers: int,
    weighted_gap: float,
) -> dict[str, float]:
    """Draw one branch-quarter's customers lost and won, revenue and operating cost."""
    defection = _BASE_DEFECTION * np.exp(_DEFECTION_PER_GAP * weighted_gap)
    lost = int(rng.binomial(customers, min(defection, 0.5)))
    won = int(rng.poisson(0.028 * _CUSTOMERS[b]))
    customers_end = customers - lost + won
    margin = 46.0 * (1 + rng.normal(0, 0.015))  # GBP per customer kept per quarter
    revenue = margin * (customers - lost) + 20.0 * won  # new customers earn less
    staff_cost = 6.0 * (headcount + end) / 2  # GBP thousand per FTE per quarter
    replacement = 9.0 * leavers  # GBP thousand per leaver replaced
    fixed = 30.0 + 0.002 * customers
    cost = staff_cost + replacement + fixed + rng.normal(0, 4)
    return {
        "customers_start": customers,
        "customers_lost": lost,
        "customers_won": won,
        "customers_end": customers_end,
        "revenue": revenue / 1000.0,
        "operating_cost": cost,
    }


def branch_climate_shift(seed: int, period: str) -> dict[str, float]:
    """Return each branch's latent climate minus the six-branch mean in one quarter."""
    bp = world(seed).branch_period
    one = bp[bp["period"] == period].set_index("branch")["climate"]
    return (one - one.mean()).to_dict()


def lending_isq_shift(seed: int, period: str) -> dict[str, float]:
    """Return each branch's latent ISQ from Lending operations minus the six-branch mean."""
    q = world(seed).isq
    one = q[(q["period"] == period) & (q["supplier"] == "Lending operations")]
    one = one.set_index("branch")["isq"]
    return (one - one.mean()).to_dict()


def branch_defection_ratio(seed: int, year: str) -> dict[str, float]:
    """Return each branch's share of customers lost in a year over the six-branch share."""
    bp = world(seed).branch_period
    one = (
        bp[bp["period"].str.startswith(year)]
        .groupby("branch")[["customers_lost", "customers_start"]]
        .sum()
    )
    share = one["customers_lost"] / one["customers_start"]
    return (share / share.mean()).to_dict()


# --- the datasets drawn from the world -------------------------------------------------------


def _generate_branch_isq(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 81])
    q = world(seed).isq.copy()
    n = len(q)
    responses = rng.binomial(np.array([_FRONT_LINE[b] for b in q["branch"]]), 0.7)
    ratings = q["isq"] + rng.normal(0, 0.9, n) / np.sqrt(np.maximum(responses, 1))
    mean = np.clip(ratings, 1, 7).round(2)
    # a branch that did not return the pulse one quarter: all its departments' rows are empty
    skipped = np.repeat(rng.random(n // len(SUPPLIERS)) < 0.04, len(SUPPLIERS))
    responses = np.where(skipped, 0, responses)
    return pd.DataFrame(
        {
            "branch": q["branch"],
            "period": q["period"],
            "supplier_department": q["supplier"],
            "responses": responses.astype(int),
            "isq_mean": np.where(skipped, np.nan, mean),
        }
    )


def _generate_branch_people(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 82])
    bp = world(seed).branch_period
    n = len(bp)
    responses = rng.binomial(bp["headcount_start"].to_numpy(), 0.75)
    se = 1 / np.sqrt(np.maximum(responses, 1))
    climate = np.clip(bp["climate"] + rng.normal(0, 0.55, n) * se, 1, 5).round(2)
    promoters = np.clip(0.35 + bp["enps"] / 200 * 0.8, 0.02, 0.95)
    detractors = np.clip(promoters - bp["enps"] / 100, 0.02, 0.95)
    detractors = np.minimum(detractors, 1 - promoters)
    n_prom = rng.binomial(responses, promoters)
    n_det = rng.binomial(responses - n_prom, np.clip(detractors / (1 - promoters), 0, 1))
    enps = np.round(100 * (n_prom - n_det) / np.maximum(responses, 1)).astype(int)
    leave = rng.binomial(responses, bp["intend_to_leave_share"].to_numpy())
    frame = pd.DataFrame(
        {
            "branch": bp["branch"],
            "period": bp["period"],
            "headcount_start": bp["headcount_start"],
            "hires": bp["hires"],
            "leavers": bp["leavers"],
            "headcount_end": bp["headcount_end"],
            "pulse_responses": responses.astype(int),
            "climate_mean": climate,
            "enps": enps.astype(float),
            "intend_to_leave": leave.astype(int),
        }
    )
    missing = rng.random(n) < 0.04  # the eNPS question was left out of one pulse
    frame.loc[missing, "enps"] = np.nan
    frame["enps"] = frame["enps"].astype("Int64")
    return frame


def _generate_branch_tracker(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 83])
    esq = world(seed).esq
    n = len(esq)
    responses = rng.integers(70, 130, n)
    se = 1 / np.sqrt(responses)
    e = np.clip(esq["expectation"] + rng.normal(0, 0.9, n) * se, 1, 7).round(2)
    p = np.clip(esq["perception"] + rng.normal(0, 1.0, n) * se, 1, 7).round(2)
    return pd.DataFrame(
        {
            "branch": esq["branch"],
            "period": esq["period"],
            "dimension": esq["dimension"],
            "responses": responses.astype(int),
            "expectation_mean": e,
            "perception_mean": p,
        }
    )


def _generate_branch_money(seed: int) -> pd.DataFrame:
    bp = world(seed).branch_period
    return pd.DataFrame(
        {
            "branch": bp["branch"],
            "period": bp["period"],
            "customers_start": bp["customers_start"],
            "customers_lost": bp["customers_lost"],
            "customers_won": bp["customers_won"],
            "customers_end": bp["customers_end"],
            "revenue": bp["revenue"].round(1),
            "operating_cost": bp["operating_cost"].round(1),
            "profit": (bp["revenue"].round(1) - bp["operating_cost"].round(1)).round(1),
        }
    )


_KEYS_NOTE = (
    " Keys: branch + period (quarter); joins every Northbank branch dataset on branch "
    "(and on period where both have it). Synthetic: drawn from the one seeded Northbank "
    "world of imlib.generators.northbank (the service-profit chain: ISQ -> climate, eNPS, "
    "leavers -> next quarter's customer perceptions -> defection -> revenue and profit)."
)
_BRANCH_COL = text_column("branch", ", ".join(BRANCHES), "branch (key)")
_PERIOD_COL = Column(
    "period", "string", "YYYY-Qn", f"{PERIODS[0]}..{PERIODS[-1]}", "calendar quarter (key)"
)

BRANCH_ISQ = Generator(
    name="branch_isq",
    title="Northbank internal service quality received by each branch, by department (synthetic)",
    story=(
        "Every quarter, each branch's front-line staff rate the service they receive from "
        "each back-office department (1 very poor, 7 excellent): one row per branch, quarter "
        "and supplier department, with the number of answers and their mean. Lending "
        "operations moved to a new system in 2025-Q1; Riverside's loans were migrated first "
        "and its rating of Lending operations keeps falling. About 4% of branch-quarters did "
        "not return the pulse (no answers, mean missing for every department)."
        + _KEYS_NOTE.replace("branch + period", "branch + period + supplier_department")
    ),
    module="imlib.generators.northbank",
    columns=(
        _BRANCH_COL,
        _PERIOD_COL,
        text_column(
            "supplier_department",
            ", ".join(SUPPLIERS),
            "the back-office department rated (key; the department column of staff_survey)",
        ),
        count_column("responses", "staff", "front-line staff who answered"),
        Column(
            "isq_mean",
            "float",
            "points (1-7 rating)",
            "1-7 or missing (no answers)",
            "mean rating of the service received from supplier_department",
        ),
    ),
    generate=_generate_branch_isq,
)

BRANCH_PEOPLE = Generator(
    name="branch_people",
    title="Northbank front-line staff by branch and quarter: headcount, leavers, climate, eNPS "
    "(synthetic)",
    story=(
        "For each branch's customer-facing staff and quarter: headcount on the first and last "
        "day, hires and leavers, and a short pulse survey (answers, mean service-climate "
        "score 1-5, eNPS, how many intend to leave within 12 months). Climate follows the "
        "internal service the branch receives; leavers follow the climate. About 4% of "
        "pulses left out the eNPS question." + _KEYS_NOTE
    ),
    module="imlib.generators.northbank",
    columns=(
        _BRANCH_COL,
        _PERIOD_COL,
        *headcount_flow("quarter", start="front-line headcount, first day"),
        count_column(
            "headcount_end",
            "employees",
            "front-line headcount, last day (= start + hires - leavers)",
        ),
        count_column("pulse_responses", "employees", "staff who answered the pulse"),
        Column(
            "climate_mean",
            "float",
            "points (1-5 agreement)",
            "1-5",
            "mean service-climate score of those who answered",
        ),
        Column(
            "enps",
            "int",
            "points (-100..100)",
            "-100..100 or missing",
            "employee net promoter score of those who answered (% promoters - % detractors)",
        ),
        count_column(
            "intend_to_leave",
            "employees",
            "answers saying they intend to leave Northbank within 12 months",
            allowed="0..pulse_responses",
        ),
    ),
    generate=_generate_branch_people,
)

BRANCH_TRACKER = Generator(
    name="branch_tracker",
    title="Northbank quarterly customer tracker: SERVQUAL expectations and perceptions by branch "
    "(synthetic)",
    story=(
        "A short quarterly customer tracker (one expectation and one perception question per "
        "SERVQUAL dimension, 1-7): one row per branch, quarter and dimension with the number "
        "of answers and their means. Perceptions follow the previous quarter's staff climate "
        "and suffer after many leavers; Riverside's reliability slides after the back-office "
        "migration, Harbour's responsiveness falls short (knowledge gap), Millbrook's campaign "
        "raises reliability and responsiveness expectations from 2025-Q4, Eastfield's empathy "
        "falls short (no standard). The full SERVQUAL survey (bank_servqual) is the 2026-H1 "
        "deep dive." + _KEYS_NOTE.replace("branch + period", "branch + period + dimension")
    ),
    module="imlib.generators.northbank",
    columns=(
        _BRANCH_COL,
        _PERIOD_COL,
        text_column("dimension", ", ".join(SERVQUAL_DIMENSIONS), "SERVQUAL dimension"),
        count_column("responses", "customers", "customers who answered", allowed="70-129"),
        Column(
            "expectation_mean",
            "float",
            "points (1-7 agreement)",
            "1-7",
            "mean expectation: what an excellent bank would do",
        ),
        Column(
            "perception_mean",
            "float",
            "points (1-7 agreement)",
            "1-7",
            "mean perception: what Northbank's branch does",
        ),
    ),
    generate=_generate_branch_tracker,
)

BRANCH_MONEY = Generator(
    name="branch_money",
    title="Northbank branch customers, revenue and profit by quarter (synthetic)",
    story=(
        "For each branch and quarter: current-account customers on the first day, customers "
        "lost and won, customers on the last day, revenue, operating cost (staff, the cost of "
        "replacing leavers, fixed costs) and profit, in GBP thousand. Customers leave faster "
        "where perceptions fall short of expectations, reliability most." + _KEYS_NOTE
    ),
    module="imlib.generators.northbank",
    columns=(
        _BRANCH_COL,
        _PERIOD_COL,
        count_column("customers_start", "customers", "customers on the first day"),
        count_column("customers_lost", "customers", "customers who closed their account"),
        count_column("customers_won", "customers", "new customers during the quarter"),
        count_column(
            "customers_end", "customers", "customers on the last day (= start - lost + won)"
        ),
        Column("revenue", "float", "GBP thousand", ">= 0", "revenue from the branch's customers"),
        Column(
            "operating_cost",
            "float",
            "GBP thousand",
            ">= 0",
            "staff cost, cost of replacing leavers and fixed cost",
        ),
        Column("profit", "float", "GBP thousand", "any", "revenue - operating_cost"),
    ),
    generate=_generate_branch_money,
)
