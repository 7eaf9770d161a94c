"""Checkers for Lab 3, quality gaps and SERVQUAL (``notebooks/03-quality-gaps.ipynb``).

Every expected answer is computed from ``bank_servqual`` and ``bank_branch_audit`` as
:func:`imlib.load_dataset` returns them, so a dataset variant needs no new answer key. The
lab's exercises: the index by hand; the branch index in pandas, then ``quality_index``; a
colleague's planted error (item answers pooled instead of SERVQUAL's per-customer scoring);
the unweighted score from the dimension gaps; the weighted score; the zones of tolerance,
predicted from the gaps first; a change of scale origin; and a diagnosis with the gaps model.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import (
    AnswerForm,
    judge_series,
    read_name_set,
    read_number,
    read_series,
)
from imlib.exercises._core import Lab, Mistake, Verdict
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

LAB = Lab("quality")

#: The branches named in the lab's exercises.
ZONE_BRANCH = "Riverside"
SCALE_BRANCH = "Riverside"
DIAGNOSE_CASE = ("Harbour", "responsiveness")
HALF_CENT = (-0.005, 0.005)  # how far a mean printed to two decimals can be off


def _bank() -> pd.DataFrame:
    return load_dataset("bank_servqual")


def _reliability_means() -> tuple[float, float]:
    long = servqual_long(_bank())
    rel = long[long["dimension"] == "reliability"]
    return float(rel["perceived"].mean()), float(rel["expected"].mean())


@LAB.exercise("index-by-hand", reads=read_number)
def _index_by_hand(value: float) -> Verdict:
    p, e = _reliability_means()
    expected = 100 * p / e
    # The notebook prints the means to two decimals: allow what that rounding can do to the
    # index (the worst corner of P +/- 0.005 over E -/+ 0.005), and an answer to one decimal.
    tol = max(abs(100 * (p + dp) / (e + de) - expected) for dp in HALF_CENT for de in HALF_CENT)
    tol += 0.05
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


@LAB.exercise("index-by-branch", reads=read_series, keys=["branch"], value="quality_index")
def _index_by_branch(series: pd.Series) -> Verdict:
    table = quality_index(servqual_long(_bank()), by="branch").set_index("branch")
    expected = table["quality_index"]
    worst = expected.idxmin()

    def item_mean() -> pd.Series:
        answers = servqual_long(_bank())
        return (100 * answers["perceived"] / answers["expected"]).groupby(answers["branch"]).mean()

    return judge_series(
        series,
        expected,
        tol=0.05,
        right=f"The same as quality_index. The lowest index is {worst}'s "
        f"({expected[worst]:.1f}); the range is {expected.min():.1f} to {expected.max():.1f}.",
        mistakes=[
            Mistake(
                10_000 / expected, "Your values are E/P x 100: divide perception by expectation."
            ),
            Mistake(
                expected / 100,
                "Your values are fractions; multiply by 100 for the index.",
                tol=0.0005,
            ),
            Mistake(
                item_mean,
                "You averaged each answer's own ratio. The index of a branch is the ratio of "
                "its means: mean perceived / mean expected x 100 (quality_index(..., "
                "by='branch') does this).",
            ),
        ],
        otherwise="Per branch: 100 x mean perceived / mean expected over all its item answers.",
    )


def pooled_gaps() -> pd.Series:
    """The planted error: every item answer of a branch and dimension averaged together."""
    long = servqual_long(_bank())
    pooled = long.groupby(["branch", "dimension"], observed=True)["gap"].mean()
    pooled.index = pd.MultiIndex.from_tuples([(str(b), str(d)) for b, d in pooled.index])
    return pooled


@LAB.exercise("dimension-gaps", reads=read_series, keys=["branch", "dimension"], value="gap")
def _dimension_gaps(series: pd.Series) -> Verdict:
    table = servqual_gaps(_bank(), by="branch")
    expected = table.assign(dimension=table["dimension"].astype(str)).set_index(
        ["branch", "dimension"]
    )["gap"]
    worst = expected.idxmin()
    return judge_series(
        series,
        expected,
        tol=0.002,
        right="The same as servqual_gaps: each customer's mean gap per dimension first, then "
        f"the mean over customers. The largest shortfall is {worst[0]}'s {worst[1]} "
        f"({expected[worst]:+.2f} points).",
        mistakes=[
            Mistake(
                pooled_gaps,
                "That is the colleague's pooled mean of item answers: a customer who answered "
                "more items counts more. Average within each customer (respondent_id) first.",
                tol=0.0005,
            ),
            Mistake(
                -expected,
                "Your gaps have the wrong sign: SERVQUAL gaps are P - E, so a shortfall is "
                "negative.",
            ),
        ],
        otherwise="Group by branch, respondent_id and dimension for each customer's mean gap, "
        "then by branch and dimension for the mean over customers.",
    )


def _unweighted(by: str = "branch") -> pd.Series:
    return servqual_scores(_bank(), by=by).set_index(by)["unweighted"]


@LAB.exercise("unweighted-score", reads=read_series, keys=["branch"], value="unweighted")
def _unweighted_score(series: pd.Series) -> Verdict:
    expected = _unweighted()
    return judge_series(
        series,
        expected,
        tol=0.002,
        right=f"The same as servqual_scores. {expected.idxmin()} has the lowest unweighted "
        f"score ({expected.min():+.3f}).",
        mistakes=[
            Mistake(
                lambda: (
                    servqual_gaps(_bank(), by="branch", level="item")
                    .groupby("branch")["gap"]
                    .mean()
                ),
                "You averaged the 22 item gaps. The unweighted SERVQUAL score is the mean of "
                "the five dimension scores, and the dimensions have 4 or 5 items each.",
            ),
            Mistake(-expected, "Right size, wrong sign: gaps are P - E."),
        ],
        otherwise="Average your five dimension gaps within each branch.",
    )


@LAB.exercise("weighted-score", reads=read_series, keys=["branch"], value="weighted")
def _weighted_score(series: pd.Series) -> Verdict:
    expected = servqual_scores(_bank(), by="branch").set_index("branch")["weighted"]
    return judge_series(
        series,
        expected,
        tol=0.002,
        right="Weighting by what each customer says matters moves the scores towards the "
        "dimensions they care most about.",
        mistakes=[
            Mistake(
                100 * expected,
                "Divide by 100: the points are shares of 100, so the weighted score is "
                "sum(points x gap) / 100.",
                tol=0.2,
            ),
            Mistake(
                _unweighted,
                "Those are the unweighted scores; use the customers' importance points (the "
                "points_ columns).",
            ),
        ],
        otherwise="servqual_scores(...) returns a 'weighted' column.",
    )


def _zones() -> pd.DataFrame:
    return zones_of_tolerance(servqual_long(_bank()), by=["branch", "dimension"])


def _dimensions(answer: object) -> set[str]:
    return read_name_set(answer, choices=SERVQUAL_DIMENSIONS, what="SERVQUAL dimension")


@LAB.exercise("below-zone", reads=_dimensions)
def _below_zone(names: set[str]) -> Verdict:
    zones = _zones()
    mine = zones[zones["branch"] == ZONE_BRANCH]
    mine = mine.set_index(mine["dimension"].astype(str))
    below = set(mine.index[mine["zone"] == "below"])
    if names == below:
        listed = ", ".join(sorted(below)) or "none"
        return Verdict(
            True,
            f"Below the zone at {ZONE_BRANCH}: {listed}. There perceived service is under what "
            "customers will accept at all (MSA = P - A < 0). A negative P - E only says that "
            "service is below the desired level.",
        )
    gaps = servqual_gaps(_bank(), by="branch").query("branch == @ZONE_BRANCH")
    negative = set(gaps.loc[gaps["gap"] < 0, "dimension"].astype(str))
    short = set(mine.index[mine["mss"] < 0]) - below
    if names == negative and negative != below:
        return Verdict(
            False,
            "Those are the dimensions with a negative gap P - E: below the *desired* level. "
            "Below the zone means below the *adequate* level, MSA = P - A < 0.",
        )
    if names & short:
        example = sorted(names & short)[0]
        return Verdict(
            False,
            f"{example} falls short of the desired level (MSS < 0) but is still above the "
            "adequate level, so it is inside the zone. 'Below' means MSA = P - A < 0.",
        )
    if names < below:
        return Verdict(False, "Some dimensions are missing: check every row with MSA < 0.")
    return Verdict(
        False, "Compare perceived with adequate service: below the zone means MSA = P - A < 0."
    )


@LAB.exercise("scale-origin", reads=read_number)
def _scale_origin(value: float) -> Verdict:
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


def _gap_number(answer: object) -> int:
    value = read_number(answer)
    if value not in (1, 2, 3, 4, 5):
        raise AnswerForm("Answer with the number of a gap, 1 to 5.")
    return int(value)


@LAB.exercise("diagnose-gap", reads=_gap_number)
def _diagnose_gap(value: int) -> Verdict:
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
