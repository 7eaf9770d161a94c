"""Checkers for Lab 7, staff diagnostics (``notebooks/07-staff-diagnostics.ipynb``).

Every expected answer is computed from ``staff_survey`` and ``staff_headcount`` as
:func:`imlib.load_dataset` returns them, so a dataset variant needs no new answer key.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import (
    AnswerForm,
    as_series,
    judge_series,
    read_name,
    read_number,
    read_series,
)
from imlib.exercises._core import Lab, Mistake, Verdict
from imlib.exercises.internal_market import read_fields
from imlib.staff import (
    CLIMATE_DIMENSIONS,
    CLIMATE_ITEMS,
    SEGMENT_CUTS,
    climate_scores,
    cronbach_alpha,
    enps,
    internal_segments,
    item_analysis,
    segment_shares,
    staff_retention_rate,
    staff_turnover,
    turnover_rate,
)

__all__ = ["WIDE_CUTS"]

#: The department of the retention exercise.
RETENTION_DEPARTMENT = "Branch network"

LAB = Lab("staff")


def _survey() -> pd.DataFrame:
    return load_dataset("staff_survey")


def _long_by(answer: object, key: str, value: str) -> tuple[pd.Series | None, str | None]:
    """Accept a wide table (one row per group, one column per dimension) or a long one."""
    if isinstance(answer, pd.DataFrame):
        frame = answer.reset_index() if key not in answer.columns else answer
        dims = [d for d in CLIMATE_DIMENSIONS if d in frame.columns]
        if key in frame.columns and dims:
            long = frame.melt(id_vars=[key], value_vars=dims, var_name="dimension")
            return as_series(long, keys=[key, "dimension"], value="value")
    return as_series(answer, keys=[key, "dimension"], value=value)


def _role_means(reverse: bool) -> pd.Series:
    scores = climate_scores(_survey(), reverse=reverse)
    wide = scores.groupby("role")[list(CLIMATE_DIMENSIONS)].mean()
    return wide.stack().rename_axis(["role", "dimension"])


def read_role_table(answer: object) -> pd.Series:
    """Read a wide (role x dimension) or long (role, dimension, score) table."""
    series, problem = _long_by(answer, "role", "score")
    if problem:
        raise AnswerForm(problem)
    return series


@LAB.exercise("climate-by-role", reads=read_role_table)
def _climate_by_role(series: pd.Series) -> Verdict:
    expected = _role_means(reverse=True)
    service = expected.xs("internal_service", level="dimension")
    change = expected.xs("change_attitude", level="dimension")
    keener = "front line" if change["front_line"] > change["back_office"] else "back office"

    def lenient() -> pd.Series:
        scores = climate_scores(_survey(), min_answered=1e-9)
        means = scores.groupby("role")[list(CLIMATE_DIMENSIONS)].mean().stack()
        return means.rename_axis(["role", "dimension"])

    return judge_series(
        series,
        expected,
        tol=0.005,
        right="The same as climate_scores(). The front line scores internal service "
        f"{service['front_line']:.2f} against {service['back_office']:.2f} in the back "
        f"office; on the change the {keener} is keener ({change['front_line']:.2f} against "
        f"{change['back_office']:.2f}).",
        mistakes=[
            Mistake(
                lenient,
                "Nearly: an employee who answered fewer than half of a dimension's items gets "
                "no score on it (climate_scores' rule); you averaged whatever they answered.",
            ),
            Mistake(
                lambda: _role_means(reverse=False),
                "Four items are worded negatively (q03, q07, q13, q17); reverse them (6 - x on "
                "the 1-5 scale) before averaging. climate_scores() does this for you.",
            ),
        ],
        otherwise="Score each employee with climate_scores(survey), then take the mean of "
        "each dimension by role.",
    )


@LAB.exercise("alpha", reads=read_series, keys=["dimension"], value="alpha")
def _alpha(series: pd.Series) -> Verdict:
    expected = cronbach_alpha(_survey()).set_index("dimension")["alpha"]
    weakest = expected.idxmin()
    return judge_series(
        series,
        expected,
        tol=0.005,
        right=f"{weakest.replace('_', ' ').capitalize()} is the weakest scale (alpha "
        f"{expected[weakest]:.2f}): its items do not all measure the same thing.",
        mistakes=[
            Mistake(
                lambda: cronbach_alpha(_survey(), reverse=False).set_index("dimension")["alpha"],
                "Some alphas are near zero or negative because the negatively worded items "
                "were not reversed: a reversed item pulls against the others.",
            )
        ],
        otherwise="Use cronbach_alpha(survey).",
    )


def _item_column(answer: object) -> str:
    if not isinstance(answer, str):
        raise AnswerForm(
            f"Give the item's column name, e.g. 'q12'; you gave a {type(answer).__name__}."
        )
    return answer.strip().lower()


@LAB.exercise("weak-item", reads=_item_column)
def _weak_item(given: str) -> Verdict:
    table = item_analysis(_survey(), dimension="recognition").set_index("column")
    weakest = table["item_rest_r"].idxmin()
    if given == weakest:
        alpha = cronbach_alpha(_survey()).set_index("dimension").loc["recognition", "alpha"]
        return Verdict(
            True,
            f"Without {weakest} alpha rises from {alpha:.2f} to "
            f"{table.loc[weakest, 'alpha_if_dropped']:.2f}. Pay fairness is a different "
            "question from recognition: report it on its own.",
        )
    if given in table.index:
        return Verdict(
            False,
            f"{given} correlates well with the rest of the scale (item-rest r "
            f"{table.loc[given, 'item_rest_r']:.2f}); look for the item with the lowest "
            "item-rest correlation and the highest alpha if dropped.",
        )
    items = [i.column for i in CLIMATE_ITEMS if i.dimension == "recognition"]
    return Verdict(False, f"The recognition items are {', '.join(items)}; name one of them.")


@LAB.exercise("enps", reads=read_series, keys=["department"], value="enps")
def _enps(series: pd.Series) -> Verdict:
    table = enps(_survey(), by="department").set_index("department")
    expected = table["enps"]
    return judge_series(
        series,
        expected,
        tol=0.05,
        right=f"The same as enps(). {expected.idxmin()} has the lowest eNPS "
        f"({expected.min():+.1f}), {expected.idxmax()} the highest ({expected.max():+.1f}).",
        mistakes=[
            Mistake(
                expected / 100,
                "eNPS is quoted in points from -100 to +100: multiply by 100.",
                tol=0.0005,
            ),
            Mistake(
                table["promoters"] - table["passives"] - table["detractors"],
                "Passives (7-8) are not detractors: they count in the denominator only. "
                "eNPS = % promoters (9-10) - % detractors (0-6).",
            ),
            Mistake(
                _enps_missing_as_no,
                "You counted employees who skipped the question in the denominator; leave "
                "missing answers out.",
            ),
        ],
        otherwise="Per department: 100 x (share of 9-10 - share of 0-6).",
    )


def _enps_missing_as_no() -> pd.Series:
    survey = _survey()
    with_missing = survey.assign(
        p=(survey["enps"] >= 9).fillna(False), d=(survey["enps"] <= 6).fillna(False)
    ).groupby("department")
    return 100 * (with_missing["p"].mean() - with_missing["d"].mean())


@LAB.exercise("turnover-by-hand", reads=read_number)
def _turnover_by_hand(value: float) -> Verdict:
    expected = turnover_rate(12, 200, 210)
    if abs(value - expected) <= 0.01:
        return Verdict(True, f"12 / ((200 + 210) / 2) x 100 = {expected:.2f}%.")
    if abs(value - expected / 100) <= 0.0001:
        return Verdict(False, "That is a fraction; turnover is quoted in percent (x 100).")
    if abs(value - 6.0) <= 0.01 or abs(value - 100 * 12 / 210) <= 0.01:
        return Verdict(
            False,
            "Divide by the *average* headcount, (start + end) / 2 = 205, not by the start or "
            "the end headcount.",
        )
    return Verdict(False, "Turnover = separations / average headcount x 100.")


def _department_months(hc: pd.DataFrame) -> pd.DataFrame:
    """One row per department and month: Branch network's branch rows summed."""
    return hc.groupby(["department", "month"], as_index=False, sort=True).sum(numeric_only=True)


def _turnover() -> pd.DataFrame:
    return staff_turnover(load_dataset("staff_headcount")).set_index("department")


@LAB.exercise("turnover", reads=read_series, keys=["department"], value="turnover_rate")
def _turnover_table(series: pd.Series) -> Verdict:
    table = _turnover()
    expected = table["turnover_rate"]
    top = expected.sort_values(ascending=False).index[:2]
    hc = _department_months(load_dataset("staff_headcount"))
    grouped = hc.groupby("department")
    year_ends = grouped["headcount_start"].first().add(grouped["headcount_end"].last()) / 2
    monthly = hc.assign(r=100 * hc["leavers"] / ((hc["headcount_start"] + hc["headcount_end"]) / 2))
    return judge_series(
        series,
        expected,
        tol=0.05,
        right=f"{top[0]} and {top[1]} lose staff fastest.",
        mistakes=[
            Mistake(
                100 * grouped["leavers"].sum() / grouped["headcount_start"].first(),
                "Divide by the average headcount over the year, not the January headcount.",
            ),
            Mistake(
                100 * grouped["leavers"].sum() / year_ends,
                "That is the colleague's mistake: averaging only January's start and "
                "December's end. With monthly data the average headcount is the mean of the "
                "twelve monthly averages, (start + end) / 2 for each month: "
                "staff_turnover(headcount) computes it.",
            ),
            Mistake(
                monthly.groupby("department")["r"].mean(),
                "That is the average *monthly* rate. The annual rate is the year's leavers over "
                "the average headcount: staff_turnover(headcount) computes it.",
            ),
        ],
        otherwise="Use staff_turnover(headcount).",
    )


@LAB.exercise("retention", reads=read_number)
def _retention(value: float) -> Verdict:
    row = _turnover().loc[RETENTION_DEPARTMENT]
    expected = float(row["retention_rate"])
    if abs(value - expected) <= 0.05:
        return Verdict(
            True,
            f"{expected:.1f}% of the staff employed on 1 January were still there in December; "
            f"100 - turnover would say {100 - row['turnover_rate']:.1f}%.",
        )
    if abs(value - (100 - row["turnover_rate"])) <= 0.05:
        return Verdict(
            False,
            "100 - turnover is not cohort retention: turnover counts every leaver (new hires "
            "too) and divides by the average headcount. Follow the January cohort.",
        )
    all_leavers = staff_retention_rate(
        row["headcount_start"], min(row["leavers"], row["headcount_start"])
    )
    if abs(value - all_leavers) <= 0.05:
        return Verdict(
            False,
            "Count only leavers who were already employed on 1 January (cohort_leavers); "
            "people hired and gone within the year were never in the cohort.",
        )
    if abs(value - expected / 100) <= 0.0005:
        return Verdict(False, "Give the rate in percent (x 100).")
    return Verdict(
        False, "Cohort retention = (January headcount - cohort leavers) / January headcount x 100."
    )


def _opponent_shares(cuts: tuple[float, float] = SEGMENT_CUTS) -> pd.Series:
    seg = internal_segments(climate_scores(_survey()), cuts=cuts)
    return segment_shares(seg, by="department").set_index("department")["opponent"]


@LAB.exercise("first-segment", reads=read_fields, fields=("department", "opponent_share"))
def _first_segment(answer: dict) -> Verdict:
    shares = _opponent_shares()
    chosen = read_name(answer["department"], choices=shares.index, what="department")
    worst = shares.idxmax()
    if chosen != worst:
        low = enps(_survey(), by="department").set_index("department")["enps"].idxmin()
        why = (
            " A low eNPS is unhappiness with the employer, not opposition to the promise."
            if chosen == low
            else ""
        )
        return Verdict(
            False,
            f"{shares[chosen]:.0f}% of {chosen} are opponents, against {shares[worst]:.0f}% "
            f"elsewhere.{why} Win the segment whose support the plan lacks most.",
        )
    value = read_number(answer["opponent_share"])
    if abs(value - shares[worst] / 100) <= 0.0005:
        return Verdict(False, "Right department; give the share in percent (x 100).")
    if abs(value - shares[worst]) > 0.05:
        return Verdict(False, "Right department; now its share of opponents, from segment_shares.")
    return Verdict(
        True,
        f"{worst}: {shares[worst]:.1f}% opponents. Selling the promise to the supportive front "
        "line would preach to the converted; the plan must win the people whose work changes.",
    )


#: The wider neutral band of the change-an-assumption exercise.
WIDE_CUTS: tuple[float, float] = (2.0, 4.0)


@LAB.exercise("cutoffs", reads=read_number)
def _cutoffs(value: float) -> Verdict:
    worst = _opponent_shares().idxmax()
    wide = _opponent_shares(WIDE_CUTS)
    expected = float(wide[worst])
    if abs(value - expected) <= 0.05:
        still = "still holds" if wide.idxmax() == worst else "no longer holds"
        return Verdict(
            True,
            f"{expected:.1f}% with a neutral band of {WIDE_CUTS[0]:g}-{WIDE_CUTS[1]:g}, against "
            f"{_opponent_shares()[worst]:.1f}% at the default cut-offs; {worst} {still} the "
            "largest share. The size of a segment is a choice; the ranking is the finding.",
        )
    if abs(value - _opponent_shares()[worst]) <= 0.05:
        return Verdict(False, f"That is the share at the default cut-offs; use cuts={WIDE_CUTS}.")
    if abs(value - expected / 100) <= 0.0005:
        return Verdict(False, "Give the share in percent (x 100).")
    return Verdict(
        False,
        f"Segment with internal_segments(scores, cuts={WIDE_CUTS}) and read {worst}'s "
        "opponent share.",
    )
