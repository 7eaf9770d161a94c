"""Relationship marketing cases: jury audits, a customer cohort and a mix audit (synthetic).

A jury audit of the six markets, a customer cohort on the ladder of loyalty, and an
importance-performance audit of the expanded mix.

The causal stories, fixed for every seed (the seed changes only the noise):

* ``rm_jury``: three contrasting firms hold a *jury of executive opinion* on their present
  and desired emphasis in each market (0-10). **Northbank**, a retail bank, has spent
  years chasing new accounts; its executives want more weight on existing customers,
  referral and internal markets, and the sales-minded executives disagree with everyone
  else about new customers. **Quayside Software**, a business software supplier, lives
  from integration partners and reference customers it neglects (supplier & alliance and
  referral gaps). **Riverbend Hospital** is short of nurses and doctors: recruitment and
  internal markets must grow, while the regulator (influence) already gets much
  attention and new "customers" are not a goal. Each executive's role tilts their
  ratings (HR towards staff markets, sales towards new customers, finance towards
  influence) and each has a personal generosity; Northbank also ran a nested audit of
  its influence sub-markets.
* ``customer_cohort``: Northbank's current-account customers who joined from 2018 to
  2022, followed yearly to 2025. Every customer starts as a purchaser; each year they
  earn a margin that rises with the rung and with tenure, may defect (less often the
  higher the rung), and otherwise move up or down the ladder. Customers won in the 2021
  "switching bonus" promotion defect far more often. Margins are right-skewed, a few
  are negative (fees waived), about 2% are missing.
* ``mix_audit``: customers of the three firms rate how important each element of the
  relationship marketing mix is to them and how well the firm performs on it (1-7).
  Customer service and processes are the weak, important elements at Northbank and
  Quayside; at Riverbend processes (waiting times) lag while its people excel.
  About 3% of answers are missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from imlib.generators import Column, Generator
from imlib.generators._common import text_column
from imlib.generators.northbank import BRANCHES, branch_defection_ratio
from imlib.loyalty import LADDER_RUNGS
from imlib.markets import MARKETS
from imlib.mix import FRAMEWORKS

__all__ = ["CUSTOMER_COHORT", "FIRMS", "INFLUENCE_SUBMARKETS", "MIX_AUDIT", "RM_JURY"]

#: The three case firms and what kind of organisation each is.
FIRMS: dict[str, str] = {
    "Northbank": "retail bank",
    "Quayside Software": "software supplier",
    "Riverbend Hospital": "hospital",
}
#: The sub-markets of Northbank's nested audit of its influence market.
INFLUENCE_SUBMARKETS: tuple[str, ...] = (
    "regulators",
    "government",
    "financial_analysts",
    "media",
    "consumer_groups",
)

# Jury means per firm: (current, desired) on the MARKETS axes.
_PROFILES = {
    "Northbank": (
        [6.0, 8.0, 3.0, 3.0, 4.0, 6.5, 3.5],
        [8.5, 6.0, 6.0, 3.5, 4.5, 6.0, 7.0],
    ),
    "Quayside Software": (
        [5.5, 8.0, 3.5, 3.0, 5.0, 3.0, 4.0],
        [7.0, 7.5, 7.0, 7.5, 6.5, 3.5, 5.0],
    ),
    "Riverbend Hospital": (
        [6.0, 3.0, 5.0, 4.0, 3.5, 7.5, 4.0],
        [7.0, 2.5, 5.5, 5.0, 8.5, 6.0, 8.0],
    ),
}
_INFLUENCE_PROFILE = ([8.0, 6.0, 4.0, 3.5, 2.0], [8.0, 5.0, 5.5, 6.0, 6.5])
_JURY = {
    "Northbank": (
        "marketing",
        "sales",
        "sales",
        "operations",
        "hr",
        "finance",
        "it",
        "risk",
        "ceo",
    ),
    "Quayside Software": ("marketing", "sales", "product", "engineering", "hr", "finance", "ceo"),
    "Riverbend Hospital": (
        "marketing",
        "clinical",
        "clinical",
        "nursing",
        "operations",
        "hr",
        "hr",
        "finance",
        "estates",
        "ceo",
        "quality",
    ),
}
# Role tilts of the desired emphasis (points).
_ROLE_TILT = {
    "hr": {"recruitment": 1.8, "internal": 1.2},
    "sales": {"customer_new": 2.2, "referral": 0.8, "internal": -1.0},
    "finance": {"influence": 1.2, "internal": -1.2, "recruitment": -0.8},
    "operations": {"supplier_alliance": 1.2, "internal": 0.6},
    "engineering": {"supplier_alliance": 1.5, "recruitment": 1.0},
    "clinical": {"recruitment": 1.2, "referral": 1.0},
    "nursing": {"recruitment": 1.5, "internal": 1.5},
    "marketing": {"customer_existing": 0.8, "referral": 0.8},
}


def _ratings(rng: np.random.Generator, mean: float, n: int, sd: float) -> np.ndarray:
    return np.clip(np.round(mean + rng.normal(0, sd, n)), 0, 10)


def _generate_jury(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 31])
    rows = []
    for firm, (current, desired) in _PROFILES.items():
        roles = _JURY[firm]
        n = len(roles)
        generosity = rng.normal(0, 0.6, n)
        exec_ids = [f"{firm.split()[0][:2].upper()}{k + 1:02d}" for k in range(n)]
        audits = [("six_markets", list(MARKETS), current, desired)]
        if firm == "Northbank":
            audits.append(("influence", list(INFLUENCE_SUBMARKETS), *_INFLUENCE_PROFILE))
        for audit, axes, cur, des in audits:
            for j, market in enumerate(axes):
                tilt = np.array([_ROLE_TILT.get(r, {}).get(market, 0.0) for r in roles])
                if firm == "Northbank" and market == "customer_new":
                    tilt = tilt + np.where(np.array(roles) == "sales", 0.8, -0.8)
                c = _ratings(rng, cur[j] + generosity * 0.5, n, 0.9)
                d = _ratings(rng, des[j] + generosity + tilt, n, 1.1)
                for k in range(n):
                    rows.append(
                        {
                            "firm": firm,
                            "firm_type": FIRMS[firm],
                            "executive_id": exec_ids[k],
                            "role": roles[k],
                            "audit": audit,
                            "market": market,
                            "current": int(c[k]),
                            "desired": int(d[k]),
                        }
                    )
    return pd.DataFrame(rows)


# --- the customer cohort --------------------------------------------------------------------
_COHORT_RUNGS = LADDER_RUNGS[1:]  # purchaser .. partner (prospects are not customers yet)
_MOVES = np.array(
    [
        # purchaser client supporter advocate partner
        [0.45, 0.45, 0.10, 0.00, 0.00],
        [0.05, 0.70, 0.22, 0.03, 0.00],
        [0.00, 0.08, 0.72, 0.18, 0.02],
        [0.00, 0.00, 0.08, 0.84, 0.08],
        [0.00, 0.00, 0.00, 0.06, 0.94],
    ]
)
_DEFECT = np.array([0.30, 0.15, 0.08, 0.04, 0.03])
_MARGIN = np.array([60.0, 110.0, 150.0, 190.0, 260.0])
_JOIN_YEARS = (2018, 2019, 2020, 2021, 2022)
_LAST_YEAR = 2025
_COHORT_SIZE = {2018: 280, 2019: 300, 2020: 260, 2021: 380, 2022: 300}
_CHANNELS = ("branch", "online", "switching_bonus")


def _generate_cohort(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 32])
    home = np.random.default_rng([seed, 32, 1])  # the connected case's branch key: own stream
    ratio = branch_defection_ratio(seed, str(_LAST_YEAR))
    rows = []
    cid = 0
    for join in _JOIN_YEARS:
        for _ in range(_COHORT_SIZE[join]):
            cid += 1
            if join == 2021:
                channel = rng.choice(_CHANNELS, p=[0.3, 0.3, 0.4])
            else:
                channel = rng.choice(_CHANNELS[:2], p=[0.55, 0.45])
            risk = 1.7 if channel == "switching_bonus" else 1.0
            branch = BRANCHES[int(home.integers(len(BRANCHES)))]
            value = np.exp(rng.normal(0, 0.25))  # some customers are simply bigger
            rung = 0
            for year in range(join, _LAST_YEAR + 1):
                tenure = year - join + 1
                mean = _MARGIN[rung] * value * 1.04 ** (tenure - 1)
                margin = mean * np.exp(rng.normal(-0.06, 0.35))
                if rung == 0 and rng.random() < 0.08:
                    margin -= 70  # fees waived in the first year: an unprofitable start
                # in the last year the branch's service (the Northbank world) tilts defection
                tilt = ratio[branch] if year == _LAST_YEAR else 1.0
                defected = bool(rng.random() < min(_DEFECT[rung] * risk * tilt, 0.9))
                rows.append(
                    {
                        "customer_id": f"C{cid:05d}",
                        "branch": branch,
                        "join_year": join,
                        "channel": channel,
                        "year": year,
                        "tenure": tenure,
                        "rung": _COHORT_RUNGS[rung],
                        "margin": round(float(margin), 2),
                        "defected": defected,
                    }
                )
                if defected:
                    break
                rung = int(rng.choice(len(_COHORT_RUNGS), p=_MOVES[rung]))
    frame = pd.DataFrame(rows)
    frame.loc[rng.random(len(frame)) < 0.02, "margin"] = np.nan
    return frame


# --- the mix audit ----------------------------------------------------------------------------
_MIX = FRAMEWORKS["relationship_7ps"]
# (importance, performance) means per firm, in the order of _MIX.
_MIX_PROFILES = {
    "Northbank": (
        [5.6, 5.4, 3.6, 4.6, 5.8, 5.7, 6.3],
        [5.1, 4.4, 5.6, 5.2, 5.5, 4.3, 4.1],
    ),
    "Quayside Software": (
        [6.3, 4.4, 3.4, 3.8, 5.8, 5.9, 6.2],
        [5.9, 4.0, 5.4, 4.2, 5.7, 3.8, 3.9],
    ),
    "Riverbend Hospital": (
        [6.4, 2.9, 3.2, 4.5, 6.5, 6.0, 5.8],
        [5.6, 4.8, 4.8, 4.4, 6.0, 3.6, 4.3],
    ),
}
_MIX_SIZES = {"Northbank": 60, "Quayside Software": 45, "Riverbend Hospital": 70}


def _generate_mix(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 33])
    rows = []
    rid = 0
    for firm, (importance, performance) in _MIX_PROFILES.items():
        for _ in range(_MIX_SIZES[firm]):
            rid += 1
            halo = rng.normal(0, 0.5)
            acquiescence = rng.normal(0, 0.4)
            for j, element in enumerate(_MIX):
                imp = importance[j] + acquiescence + rng.normal(0, 0.8)
                perf = performance[j] + halo + rng.normal(0, 0.9) - rng.exponential(0.1)
                rows.append(
                    {
                        "firm": firm,
                        "respondent_id": f"M{rid:04d}",
                        "element": element,
                        "importance": float(np.clip(np.round(imp), 1, 7)),
                        "performance": float(np.clip(np.round(perf), 1, 7)),
                    }
                )
    frame = pd.DataFrame(rows)
    for col in ("importance", "performance"):
        frame.loc[rng.random(len(frame)) < 0.03, col] = np.nan
    return frame


_FIRM_NAMES = ", ".join(FIRMS)

RM_JURY = Generator(
    name="rm_jury",
    title="Relationship marketing network audit: executive juries of three firms (synthetic)",
    story=(
        "Executives of a retail bank (Northbank), a software supplier (Quayside Software) and "
        "a hospital (Riverbend Hospital) each rate their firm's current and desired emphasis "
        "on the seven axes of the six markets model, 0-10. The bank wants to shift from new "
        "to existing customers, referral and internal markets (its sales executives "
        "disagree); the software supplier neglects partners and reference customers; the "
        "hospital must grow recruitment and internal markets. Each executive's role tilts "
        "their ratings. Northbank also audited its influence sub-markets (audit 'influence')."
    ),
    module="imlib.generators.relationship",
    columns=(
        text_column("firm", _FIRM_NAMES, "case firm"),
        text_column("firm_type", ", ".join(FIRMS.values()), "kind of organisation"),
        text_column("executive_id", "e.g. NO01", "executive on the jury"),
        text_column("role", "marketing, sales, hr, finance, ...", "executive's role"),
        text_column(
            "audit",
            "six_markets, influence",
            "six_markets: the seven axes; influence: Northbank's nested audit of its "
            "influence sub-markets",
        ),
        Column(
            "market",
            "string",
            "",
            ", ".join(MARKETS) + "; or " + ", ".join(INFLUENCE_SUBMARKETS),
            "market (axis) rated",
        ),
        Column("current", "int", "emphasis points", "0-10", "present level of emphasis"),
        Column("desired", "int", "emphasis points", "0-10", "desired level of emphasis"),
    ),
    generate=_generate_jury,
)

CUSTOMER_COHORT = Generator(
    name="customer_cohort",
    title="Northbank current-account customers on the ladder of loyalty, 2018-2025 (synthetic)",
    story=(
        "Customers who opened a Northbank current account in 2018-2022, one row per "
        "customer and year until they defect or 2025 ends. Everyone starts as a purchaser "
        "and moves up or down the ladder each year; margins rise with the rung and with "
        "tenure; defection falls as customers climb. The 2021 'switching bonus' promotion "
        "brought customers who defect far more often. Keys: customer_id + year; branch "
        "(the customer's home branch) joins it to the other Northbank datasets. In 2025 the "
        "branch's service tilts defection (the Northbank world: branches whose customers "
        "see wider SERVQUAL gaps lose more). Synthetic."
    ),
    module="imlib.generators.relationship",
    columns=(
        text_column("customer_id", "C00001..", "customer identifier"),
        text_column("branch", ", ".join(BRANCHES), "the customer's home branch (key)"),
        Column("join_year", "int", "year", "2018-2022", "year the customer joined (cohort)"),
        text_column("channel", ", ".join(_CHANNELS), "how the customer was acquired"),
        Column("year", "int", "year", f"2018-{_LAST_YEAR}", "calendar year of the row"),
        Column("tenure", "int", "years", "1-8", "year of the relationship (1 = joining year)"),
        text_column(
            "rung", ", ".join(_COHORT_RUNGS), "rung of the ladder of loyalty during the year"
        ),
        Column(
            "margin",
            "float",
            "GBP per year",
            "about -100 to 2000, or missing",
            "margin earned from the customer in the year (revenue minus cost to serve)",
        ),
        Column(
            "defected",
            "bool",
            "",
            "True/False",
            "the customer closed the account at the end of the year (last row)",
        ),
    ),
    generate=_generate_cohort,
)

MIX_AUDIT = Generator(
    name="mix_audit",
    title="Importance and performance of the expanded marketing mix: three firms (synthetic)",
    story=(
        "Customers of Northbank, Quayside Software and Riverbend Hospital rate how important "
        "each of the seven elements of the relationship marketing mix is to them and how "
        "well the firm performs on it (1-7). Customer service and processes are important "
        "and weak at the bank and the software supplier; at the hospital processes "
        "(waiting times) lag while its people excel."
    ),
    module="imlib.generators.relationship",
    columns=(
        text_column("firm", _FIRM_NAMES, "case firm"),
        text_column("respondent_id", "M0001..", "customer answering"),
        text_column("element", ", ".join(_MIX), "marketing mix element rated"),
        Column(
            "importance",
            "float",
            "points (1-7)",
            "1-7 or missing",
            "how important the element is to the customer (7 = very)",
        ),
        Column(
            "performance",
            "float",
            "points (1-7)",
            "1-7 or missing",
            "how well the firm performs on the element (7 = very well)",
        ),
    ),
    generate=_generate_mix,
)
