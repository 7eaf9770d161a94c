"""Checkers for Lab 3, quality gaps and SERVQUAL (``notebooks/03-quality-gaps.ipynb``).

Every expected answer is computed from ``bank_servqual`` and ``bank_branch_audit`` as
:func:`imlib.load_dataset` returns them, so a dataset variant needs no new answer key.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import as_name_set, as_number, as_series, close_to, compare
from imlib.exercises._core import Verdict, checker
from imlib.quality import (
    SERVQUAL_DIMENSIONS,
    diagnose_gaps,
    gaps_model,
    quality_index,
    servqual_gaps,
    servqual_long,
    servqual_scores,
    zones_of_tolerance,
)

__all__: list[str] = []

#: The branches named in the lab's exercises.
ZONE_BRANCH = "Riverside"
SCALE_BRANCH = "Riverside"
DIAGNOSE_CASE = ("Harbour", "responsiveness")


def _bank() -> pd.DataFrame:
    return load_dataset("bank_servqual")


def _reliability_means() -> tuple[float, float]:
    long = servqual_long(_bank())
    rel = long[long["dimension"] == "reliability"]
    return float(rel["perceived"].mean()), float(rel["expected"].mean())


@checker("quality-index-by-hand")
def _index_by_hand(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    p, e = _reliability_means()
    # The notebook prints the means to two decimals, so allow for that rounding.
    expected = 100 * p / e
    tol = 0.25
    if abs(value - expected) <= tol:
        return Verdict(
            True,
            f"100 x {p:.2f} / {e:.2f} = {expected:.1f}: below 100, so on "
            "average reliability falls short of what customers expect.",
        )
    if abs(value - 100 * e / p) <= tol:
        return Verdict(
            False,
            "You divided expectation by perception (E/P). The index is "
            "perceived performance over desired expectation: P/E x 100.",
        )
    if abs(value - expected / 100) <= tol / 100:
        return Verdict(False, "That is the ratio as a fraction; multiply by 100 to get the index.")
    if abs(value - (p - e)) <= 0.01:
        return Verdict(False, "That is the gap P - E. The index is a ratio: P / E x 100.")
    if abs(value - (100 - expected)) <= tol:
        return Verdict(False, "That is how far the index falls short of 100, not the index.")
    return Verdict(False, "Use the two printed means: perceived / expected x 100.")


@checker("quality-index-by-branch")
def _index_by_branch(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["branch"], value="quality_index")
    if problem:
        return Verdict(False, problem)
    table = quality_index(servqual_long(_bank()), by="branch").set_index("branch")
    expected = table["quality_index"]
    ok, where = compare(series, expected, tol=0.05)
    if ok:
        worst = expected.idxmin()
        return Verdict(True, f"The lowest index is {worst}'s ({expected[worst]:.1f}).")
    if close_to(series, 10_000 / expected, tol=0.05):
        return Verdict(False, "Your values are E/P x 100: divide perception by expectation.")
    if close_to(series, expected / 100, tol=0.0005):
        return Verdict(False, "Your values are fractions; multiply by 100 for the index.")
    item_mean = (
        servqual_long(_bank())
        .assign(qi=lambda d: 100 * d["perceived"] / d["expected"])
        .groupby("branch")["qi"]
        .mean()
    )
    if close_to(series, item_mean, tol=0.05):
        return Verdict(
            False,
            "You averaged each answer's own ratio. The index of a branch is "
            "the ratio of its means: mean perceived / mean expected x 100 "
            "(quality_index(..., by='branch') does this).",
        )
    return Verdict(
        False, f"Not quite: {where}. Use quality_index(servqual_long(bank), by='branch')."
    )


@checker("dimension-gaps")
def _dimension_gaps(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["branch", "dimension"], value="gap")
    if problem:
        return Verdict(False, problem)
    table = servqual_gaps(_bank(), by="branch")
    expected = table.assign(dimension=table["dimension"].astype(str)).set_index(
        ["branch", "dimension"]
    )["gap"]
    ok, where = compare(series, expected, tol=0.01)
    if ok:
        worst = expected.idxmin()
        return Verdict(
            True,
            f"The largest shortfall is {worst[0]}'s {worst[1]} ({expected[worst]:+.2f} points).",
        )
    if close_to(series, -expected, tol=0.01):
        return Verdict(
            False,
            "Your gaps have the wrong sign: SERVQUAL gaps are P - E, so a shortfall is negative.",
        )
    return Verdict(False, f"Not quite: {where}. Score with servqual_gaps(bank, by='branch').")


def _unweighted(by: str = "branch") -> pd.Series:
    return servqual_scores(_bank(), by=by).set_index(by)["unweighted"]


@checker("unweighted-score")
def _unweighted_score(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["branch"], value="unweighted")
    if problem:
        return Verdict(False, problem)
    expected = _unweighted()
    ok, where = compare(series, expected, tol=0.002)
    if ok:
        return Verdict(
            True, f"{expected.idxmin()} has the lowest unweighted score ({expected.min():+.3f})."
        )
    item_mean = servqual_gaps(_bank(), by="branch", level="item").groupby("branch")["gap"].mean()
    if close_to(series, item_mean, tol=0.002):
        return Verdict(
            False,
            "You averaged the 22 item gaps. The unweighted SERVQUAL score is "
            "the mean of the five dimension scores, and the dimensions have 4 or 5 "
            "items each.",
        )
    if close_to(series, -expected, tol=0.002):
        return Verdict(False, "Right size, wrong sign: gaps are P - E.")
    return Verdict(False, f"Not quite: {where}. Try servqual_scores(bank, by='branch').")


@checker("weighted-score")
def _weighted_score(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["branch"], value="weighted")
    if problem:
        return Verdict(False, problem)
    expected = servqual_scores(_bank(), by="branch").set_index("branch")["weighted"]
    ok, where = compare(series, expected, tol=0.002)
    if ok:
        return Verdict(
            True,
            "Weighting by what each customer says matters moves the scores "
            "towards the dimensions they care most about.",
        )
    if close_to(series, 100 * expected, tol=0.2):
        return Verdict(
            False,
            "Divide by 100: the points are shares of 100, so the weighted "
            "score is sum(points x gap) / 100.",
        )
    if close_to(series, _unweighted(), tol=0.002):
        return Verdict(
            False,
            "Those are the unweighted scores; use the customers' importance "
            "points (the points_ columns).",
        )
    return Verdict(False, f"Not quite: {where}. servqual_scores(...) returns a 'weighted' column.")


def _zones() -> pd.DataFrame:
    return zones_of_tolerance(servqual_long(_bank()), by=["branch", "dimension"])


@checker("below-zone")
def _below_zone(answer: object) -> Verdict:
    names, problem = as_name_set(
        answer, choices=SERVQUAL_DIMENSIONS, noun="dimension", what="a SERVQUAL dimension"
    )
    if problem:
        return Verdict(False, problem)
    zones = _zones()
    mine = zones[zones["branch"] == ZONE_BRANCH].set_index(
        zones.loc[zones["branch"] == ZONE_BRANCH, "dimension"].astype(str)
    )
    below = set(mine.index[mine["zone"] == "below"])
    if names == below:
        listed = ", ".join(sorted(below)) or "none"
        return Verdict(
            True,
            f"Below the zone at {ZONE_BRANCH}: {listed}. There perceived "
            "service is under what customers will accept at all (MSA < 0).",
        )
    short = set(mine.index[mine["mss"] < 0]) - below
    if names & short:
        example = sorted(names & short)[0]
        return Verdict(
            False,
            f"{example} falls short of the desired level (MSS < 0) but is "
            "still above the adequate level, so it is inside the zone. 'Below' "
            "means MSA = P - A < 0.",
        )
    if names < below:
        return Verdict(False, "Some dimensions are missing: check every row with MSA < 0.")
    return Verdict(
        False, "Compare perceived with adequate service: below the zone means MSA = P - A < 0."
    )


@checker("scale-origin")
def _scale_origin(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    long = servqual_long(_bank())
    branch = long[long["branch"] == SCALE_BRANCH]
    before = float(quality_index(branch, by="branch")["quality_index"].iloc[0])
    recoded = branch.assign(expected=branch["expected"] - 1, perceived=branch["perceived"] - 1)
    after = float(quality_index(recoded, by="branch")["quality_index"].iloc[0])
    change = after - before
    if abs(value - change) <= 0.05:
        return Verdict(
            True,
            f"The index moves from {before:.1f} to {after:.1f} ({change:+.1f}) "
            "although no customer changed an answer: a ratio of scale points "
            "depends on where the scale starts.",
        )
    if abs(value + change) <= 0.05:
        return Verdict(False, "Right size, wrong sign: compute new index minus old index.")
    if abs(value - after) <= 0.05:
        return Verdict(
            False, "That is the new index; the question asks for the change (new minus old)."
        )
    only_one = [
        100 * branch["perceived"].mean() / (branch["expected"].mean() - 1) - before,
        100 * (branch["perceived"].mean() - 1) / branch["expected"].mean() - before,
    ]
    if any(abs(value - x) <= 0.05 for x in only_one):
        return Verdict(False, "Recode both columns: subtract 1 from expected and from perceived.")
    return Verdict(
        False,
        "Subtract 1 from both expected and perceived, recompute the index for "
        f"{SCALE_BRANCH}, and give new index minus old index.",
    )


_GAP_HINTS = {
    1: "Gap 1 (knowledge) needs evidence that managers misjudge what customers expect: "
    "compare managers_estimate with the customers' mean expectation.",
    2: "Gap 2 (standards) needs a missing standard: is standard_defined False here?",
    3: "Gap 3 (delivery) needs a standard that exists but is often missed: look at "
    "standard_compliance.",
    4: "Gap 4 (communication) needs promises above delivery: compare advertised_promise with "
    "perceived performance.",
    5: "Gap 5 is the customer gap you measured with SERVQUAL; the question asks which provider "
    "gap (1-4) lies behind it.",
}


def _diagnosis(branch: str, dimension: str) -> int:
    gaps = servqual_gaps(_bank(), by="branch")
    found = diagnose_gaps(gaps, load_dataset("bank_branch_audit"))
    row = found[(found["branch"] == branch) & (found["dimension"] == dimension)].iloc[0]
    if pd.isna(row["likely_gap"]):
        raise RuntimeError(f"the data show no provider gap for {branch} {dimension}")
    return int(row["likely_gap"])


@checker("diagnose-gap")
def _diagnose_gap(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem or value not in (1, 2, 3, 4, 5):
        return Verdict(False, problem or "Answer with the number of a gap, 1 to 5.")
    branch, dimension = DIAGNOSE_CASE
    expected = _diagnosis(branch, dimension)
    if int(value) == expected:
        row = gaps_model().set_index("gap").loc[expected]
        return Verdict(
            True,
            f"Gap {expected}, the {row['short_name']}, for {branch}'s {dimension}: the audit "
            f"shows {row['evidence']}.",
        )
    return Verdict(False, _GAP_HINTS[int(value)] + " That evidence does not hold here.")
