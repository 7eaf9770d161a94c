"""Northbank: a retail bank's SERVQUAL survey and its branch audit (synthetic).

The causal story, fixed for every seed (the seed changes only the noise):

* Northgate and Westpark are sound branches: small gaps everywhere.
* Riverside moved its loan and account processing to a new back-office system; the
  written reliability standard exists but is often missed, and reliability perceptions
  sink month by month (a **delivery gap**, gap 3).
* Harbour's managers believe customers are content with slow call-backs and queues:
  they underestimate how quickly customers expect help (a **knowledge gap**, gap 1),
  so responsiveness perceptions fall short.
* Millbrook ran a "decisions in 24 hours, every time" campaign: perceptions are
  ordinary, but expectations of reliability and responsiveness were pushed up
  (a **communication gap**, gap 4).
* Eastfield has no standard for personal attention (appointments, follow-ups), so
  empathy is left to chance (a **standards gap**, gap 2).
* Premier customers expect more, especially empathy; about 3% of item answers are
  missing, some respondents skip whole sections, and 7% skip the importance points.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from imlib.generators import Column, Generator
from imlib.generators._common import text_column
from imlib.generators.northbank import _BASE_E, branch_climate_shift
from imlib.quality import DIMENSION_ITEMS, SERVQUAL_DIMENSIONS, SERVQUAL_ITEMS

__all__ = ["BANK_BRANCH_AUDIT", "BANK_SERVQUAL", "BRANCHES", "MONTHS", "SEGMENTS"]

BRANCHES = ("Northgate", "Riverside", "Harbour", "Millbrook", "Eastfield", "Westpark")
SEGMENTS = ("personal", "small_business", "premier")
MONTHS = ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06")

# _BASE_E (expectation bases per dimension) is the Northbank world's, declared once there.
_BASE_P = {
    "tangibles": 5.5,
    "reliability": 6.0,
    "responsiveness": 5.75,
    "assurance": 5.85,
    "empathy": 5.4,
}
_ZONE_WIDTH = {
    "tangibles": 2.0,
    "reliability": 1.1,
    "responsiveness": 1.4,
    "assurance": 1.4,
    "empathy": 1.7,
}
# Branch effects (points on the 1-7 scale) on expectations (E) and perceptions (P).
_E_SHIFT = {("Millbrook", "reliability"): 0.8, ("Millbrook", "responsiveness"): 0.95}
_P_SHIFT = {
    ("Harbour", "responsiveness"): -1.2,
    ("Eastfield", "empathy"): -1.1,
    ("Riverside", "reliability"): -0.7,  # plus a monthly slide, below
}
_CHAIN_WEIGHT = 0.6  # perception points per point of last quarter's branch climate
_RIVERSIDE_SLIDE = -0.16  # extra reliability shortfall per survey month
_SIZES = {
    "Northgate": 230,
    "Riverside": 210,
    "Harbour": 190,
    "Millbrook": 200,
    "Eastfield": 170,
    "Westpark": 200,
}
_IMPORTANCE = np.array([11.0, 32.0, 22.0, 19.0, 16.0])  # Dirichlet centre for the points

_SCALE = "points (1-7 agreement)"


def _generate_servqual(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 1])
    branch = np.repeat(np.array(BRANCHES), [_SIZES[b] for b in BRANCHES])
    n = len(branch)
    segment = rng.choice(np.array(SEGMENTS), size=n, p=[0.6, 0.25, 0.15])
    month_idx = rng.integers(0, len(MONTHS), size=n)
    halo = rng.normal(0.0, 0.55, size=n)  # a respondent's general warmth towards the bank
    strictness = rng.normal(0.0, 0.45, size=n)  # how demanding a respondent is
    quarter = np.where(month_idx < 3, "2026-Q1", "2026-Q2")
    chain_shift = _chain_shift(seed, quarter, branch)
    e_dim, p_dim = _dimension_levels(
        rng, branch, segment, month_idx, strictness=strictness, halo=halo, chain=chain_shift
    )
    answers = _item_answers(rng, e_dim, p_dim, n)
    adequate = _adequate_levels(rng, e_dim, n)
    points_frame = _importance_points(rng, n)
    ids = pd.Series(np.arange(1, n + 1)).map(lambda k: f"R{k:04d}")
    keys = {
        "respondent_id": ids,
        "branch": branch,
        "segment": segment,
        "month": np.array(MONTHS)[month_idx],
        "period": quarter,
    }
    frame = pd.concat([pd.DataFrame(keys), answers, adequate, points_frame], axis=1)
    order = rng.permutation(n)  # survey returns arrive in no particular order
    frame = frame.iloc[order].reset_index(drop=True)
    frame["respondent_id"] = [f"R{k:04d}" for k in range(1, n + 1)]
    numeric = [c for c in frame.columns if c[:1] in "ep" and c[1:].isdigit()]
    numeric += list(adequate.columns) + list(points_frame.columns)
    for col in numeric:
        frame[col] = frame[col].astype("Int64")
    return frame


def _chain_shift(seed: int, quarter: np.ndarray, branch: np.ndarray) -> np.ndarray:
    """The chain: staff served well serve well (last quarter's branch climate, small)."""
    chain = {
        q: branch_climate_shift(seed, prev)
        for q, prev in (("2026-Q1", "2025-Q4"), ("2026-Q2", "2026-Q1"))
    }
    return np.array([_CHAIN_WEIGHT * chain[q][b] for q, b in zip(quarter, branch, strict=True)])


def _dimension_levels(
    rng: np.random.Generator,
    branch: np.ndarray,
    segment: np.ndarray,
    month_idx: np.ndarray,
    *,
    strictness: np.ndarray,
    halo: np.ndarray,
    chain: np.ndarray,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Each respondent's expected (E) and perceived (P) level on every dimension."""
    n = len(branch)
    e_dim, p_dim = {}, {}
    for d in SERVQUAL_DIMENSIONS:
        e = _BASE_E[d] + strictness + rng.normal(0, 0.35, n)
        e += np.where(segment == "premier", 0.6 if d == "empathy" else 0.3, 0.0)
        e += np.where(segment == "small_business", 0.2 if d == "responsiveness" else 0.0, 0.0)
        p = _BASE_P[d] + halo + rng.normal(0, 0.4, n) + chain
        for b in BRANCHES:
            e += np.where(branch == b, _E_SHIFT.get((b, d), 0.0), 0.0)
            p += np.where(branch == b, _P_SHIFT.get((b, d), 0.0), 0.0)
        if d == "reliability":
            p += np.where(branch == "Riverside", _RIVERSIDE_SLIDE * month_idx, 0.0)
        e_dim[d], p_dim[d] = e, p
    return e_dim, p_dim


def _item_answers(
    rng: np.random.Generator, e_dim: dict[str, np.ndarray], p_dim: dict[str, np.ndarray], n: int
) -> pd.DataFrame:
    """The 22 E and 22 P item answers, rounded, with missing answers."""
    columns: dict[str, np.ndarray] = {}
    for i, d in SERVQUAL_ITEMS.items():
        columns[f"e{i:02d}"] = e_dim[d] + rng.normal(0, 0.45, n)
    for i, d in SERVQUAL_ITEMS.items():
        # perceptions are left-skewed: most customers are fairly satisfied
        columns[f"p{i:02d}"] = p_dim[d] + rng.normal(0, 0.55, n) - rng.exponential(0.15, n)
    answers = pd.DataFrame(columns)
    answers = answers.round().clip(1, 7)
    # Missing answers: scattered item non-response, plus whole skipped sections.
    scattered = rng.random(answers.shape) < 0.03
    answers = answers.mask(scattered)
    skip_section = rng.random(n) < 0.02
    for d, items in DIMENSION_ITEMS.items():
        if d in ("responsiveness", "empathy"):
            cols = [f"p{i:02d}" for i in items]
            answers.loc[skip_section & (rng.random(n) < 0.5), cols] = np.nan
    return answers


def _adequate_levels(
    rng: np.random.Generator, e_dim: dict[str, np.ndarray], n: int
) -> pd.DataFrame:
    """The minimum adequate level per dimension, with 2% missing."""
    adequate = {}
    for d in SERVQUAL_DIMENSIONS:
        a = e_dim[d] - _ZONE_WIDTH[d] + rng.normal(0, 0.5, n)
        adequate[f"adequate_{d}"] = np.clip(np.round(np.minimum(a, e_dim[d])), 1, 7)
    adequate = pd.DataFrame(adequate)
    return adequate.mask(rng.random(adequate.shape) < 0.02)


def _importance_points(rng: np.random.Generator, n: int) -> pd.DataFrame:
    """100 importance points per respondent, all missing for the 7% who skip them."""
    shares = rng.dirichlet(_IMPORTANCE * 1.5, size=n) * 100
    points = _round_to_total(shares, 100)
    points_frame = pd.DataFrame(points, columns=[f"points_{d}" for d in SERVQUAL_DIMENSIONS])
    points_frame = points_frame.astype("float64")
    points_frame[rng.random(n) < 0.07] = np.nan
    return points_frame


def _round_to_total(shares: np.ndarray, total: int) -> np.ndarray:
    """Round each row to integers that add up to ``total`` (largest remainder)."""
    floors = np.floor(shares).astype(int)
    remainder = total - floors.sum(axis=1)
    order = np.argsort(-(shares - floors), axis=1)
    for row, extra in enumerate(remainder):
        floors[row, order[row, :extra]] += 1
    return floors


def _generate_audit(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 2])
    rows = []
    for b in BRANCHES:
        for d in SERVQUAL_DIMENSIONS:
            true_e = _BASE_E[d] + _E_SHIFT.get((b, d), 0.0) + 0.1
            estimate = true_e - abs(rng.normal(0.15, 0.12))
            if (b, d) == ("Harbour", "responsiveness"):
                estimate = true_e - 1.3 + rng.normal(0, 0.1)
            defined = not (
                (b, d) == ("Eastfield", "empathy") or (b, d) == ("Westpark", "tangibles")
            )
            compliance = float(np.clip(rng.normal(0.91, 0.03), 0.82, 0.99)) if defined else np.nan
            if (b, d) == ("Riverside", "reliability"):
                compliance = float(np.clip(rng.normal(0.63, 0.03), 0.5, 0.72))
            promise = _BASE_P[d] + rng.normal(0, 0.15)  # honest advertising
            if b == "Millbrook" and d in ("reliability", "responsiveness"):
                promise = 7.0
            rows.append(
                {
                    "branch": b,
                    "dimension": d,
                    "managers_estimate": round(float(estimate), 2),
                    "standard_defined": defined,
                    "standard_compliance": round(compliance, 2) if defined else np.nan,
                    "advertised_promise": round(float(min(promise, 7.0)), 1),
                }
            )
    return pd.DataFrame(rows)


_DIM_NAMES = ", ".join(SERVQUAL_DIMENSIONS)


def _answer_column(name: str, description: str) -> Column:
    """A 1-7 survey answer that may be missing."""
    return Column(name, "float", _SCALE, "1-7 or missing", description)


def _servqual_columns() -> tuple[Column, ...]:
    cols = [
        text_column("respondent_id", "R0001..", "respondent identifier"),
        text_column("branch", ", ".join(BRANCHES), "branch the customer banks with"),
        text_column("segment", ", ".join(SEGMENTS), "customer segment"),
        Column("month", "string", "YYYY-MM", f"{MONTHS[0]}..{MONTHS[-1]}", "survey month"),
        Column("period", "string", "YYYY-Qn", "2026-Q1, 2026-Q2", "survey quarter (key)"),
    ]
    cols += [
        _answer_column(f"e{i:02d}", f"expectation item {i} ({d}): what an excellent bank would do")
        for i, d in SERVQUAL_ITEMS.items()
    ]
    cols += [
        _answer_column(f"p{i:02d}", f"perception item {i} ({d}): what Northbank does")
        for i, d in SERVQUAL_ITEMS.items()
    ]
    cols += [
        _answer_column(f"adequate_{d}", f"minimum adequate level of {d} the customer will accept")
        for d in SERVQUAL_DIMENSIONS
    ]
    points_range = "0-100; the five add up to 100; all missing when skipped"
    cols += [
        Column(
            f"points_{d}",
            "float",
            "importance points",
            points_range,
            f"importance points given to {d}",
        )
        for d in SERVQUAL_DIMENSIONS
    ]
    return tuple(cols)


BANK_SERVQUAL = Generator(
    name="bank_servqual",
    title="Northbank customer SERVQUAL survey (synthetic)",
    story=(
        "A retail bank's customers at six branches rate what an excellent bank would do "
        "(expectations) and what Northbank does (perceptions) on the 22 SERVQUAL items, "
        "the minimum adequate level per dimension, and 100 importance points. Riverside's "
        "back-office migration hurts reliability (delivery gap); Harbour's managers "
        "underestimate expected responsiveness (knowledge gap); Millbrook's '24-hour "
        "decisions' campaign inflates expectations (communication gap); Eastfield has no "
        "standard for personal attention (standards gap). Keys: respondent_id (one row each); "
        "branch and period (quarter) join it to the other Northbank datasets. Synthetic: "
        "drawn from the seeded Northbank world (imlib.generators.northbank), where last "
        "quarter's branch staff climate also nudges every perception."
    ),
    module="imlib.generators.bank",
    columns=_servqual_columns(),
    generate=_generate_servqual,
)

BANK_BRANCH_AUDIT = Generator(
    name="bank_branch_audit",
    title="Northbank branch audit: management view, standards, compliance, promises (synthetic)",
    story=(
        "For each branch and SERVQUAL dimension: what the branch managers think customers "
        "expect, whether a written service standard exists, how often mystery-shopper "
        "audits found it met, and the level of service promised in the branch's "
        "advertising. The evidence for diagnosing provider gaps 1-4. Keys: branch + "
        "dimension (one row each); joins the other Northbank datasets on branch. Synthetic."
    ),
    module="imlib.generators.bank",
    columns=(
        text_column("branch", ", ".join(BRANCHES), "branch"),
        text_column("dimension", _DIM_NAMES, "SERVQUAL dimension"),
        Column(
            "managers_estimate",
            "float",
            _SCALE,
            "1-7",
            "branch managers' estimate of customers' mean expectation",
        ),
        Column(
            "standard_defined",
            "bool",
            "",
            "True/False",
            "a written, customer-facing service standard exists for the dimension",
        ),
        Column(
            "standard_compliance",
            "float",
            "share",
            "0-1 or missing (no standard)",
            "share of mystery-shopper audits that met the standard",
        ),
        Column(
            "advertised_promise",
            "float",
            _SCALE,
            "1-7",
            "level of service the branch's advertising promised, on the survey scale",
        ),
    ),
    generate=_generate_audit,
)
