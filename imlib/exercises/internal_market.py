"""Checkers for Lab 6, the internal market (``notebooks/06-internal-market.ipynb``).

Data answers are computed from ``staff_survey`` as :func:`imlib.load_dataset` returns it,
so a dataset variant needs no new key. The classification keys (the internal marketing
mix, the kit's implementation levers, the development of the concept) are teaching
material defined here; the notebook shows only the statements, never the key.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import (
    AnswerForm,
    judge_series,
    read_name,
    read_number,
    read_series,
)
from imlib.exercises._core import Lab, Mistake, Verdict, judge_number
from imlib.exercises._shared import read_ordering
from imlib.programme import LEVERS, MIX_ELEMENTS
from imlib.staff import enps, internal_service_quality

__all__ = [
    "LENDING",
    "LEVER_ACTIVITIES",
    "MIX_STATEMENTS",
    "colleague_enps_gap",
    "front_line_poor_shares",
    "supplier_means",
]

#: The supplier department the case is about.
LENDING = "Lending operations"

#: Statements from Northbank's plan to classify into the internal marketing mix.
MIX_STATEMENTS: dict[str, str] = {
    "A": "Processors give up their familiar order of work and face monthly timings.",
    "B": "The 48-hour promise and the checklist that makes it possible.",
    "C": "Joint workshops held in branch back rooms during work time.",
    "D": "Two-way briefings where staff question the head of lending.",
}
#: Activities to place on the kit's five implementation levers.
LEVER_ACTIVITIES: dict[str, str] = {
    "A": "A workshop teaching advisers the new document checklist.",
    "B": "A quarterly pulse survey whose results are discussed in every team.",
    "C": "Senior managers spend a day a month working a branch counter.",
    "D": "An internal campaign that explains what 'we keep our promise' means.",
    "E": "Open-door hours and blame-free reviews of mistakes.",
}

# The keys stay private: the notebook prints the statements only.
_MIX_KEY = {"A": "price", "B": "product", "C": "distribution", "D": "communications"}
_MIX_HINTS = {
    ("A", "product"): "A is what staff give up. In the internal mix that is the *price*: a cost "
    "to them (effort, habits, exposure), not something they are offered.",
    ("C", "communications"): "C is *where* the change happens, the venue: that is distribution. "
    "Communications are the messages and the conversation, not the room.",
    ("D", "distribution"): "D is a conversation in which staff answer back: two-way "
    "communications. Distribution is the venue or channel.",
    ("B", "price"): "B is what is offered to staff and customers, the plan itself: the product.",
}
_MIX_RIGHT = (
    "Product, price, communications and distribution, turned inwards: the offer, what it "
    "costs staff, how they hear and answer, and where it happens."
)
_LEVER_KEY = {
    "A": "training",
    "B": "feedback",
    "C": "leadership",
    "D": "internal_branding",
    "E": "culture",
}
_LEVER_HINTS = {
    ("B", "culture"): "B is a survey whose results go back to the teams: a feedback loop. "
    "Culture is the everyday norms the loop may help to change.",
    ("C", "culture"): "C is what senior people do to show what matters: leadership by example.",
    ("E", "leadership"): "E describes how mistakes are treated every day, by everyone: the "
    "shared norms of culture, not one person's lead.",
    ("D", "training"): "D teaches no skill; it explains what the brand promise means to staff: "
    "internal branding.",
}
_LEVER_RIGHT = (
    "All five placed. The grouping is the kit's own; each lever borrows from marketing, "
    "from HR management, or from both."
)
#: Rafiq & Ahmed's (2000) three phases in the development of the concept, in order.
_STAGES: tuple[str, ...] = (
    "employee_motivation",
    "customer_orientation",
    "strategy_implementation",
)


LAB = Lab("im")


def read_fields(answer: object, *, fields: tuple[str, ...]) -> dict[str, object]:
    """Read a dict with exactly these keys (a structured answer: a choice and its evidence)."""
    if not isinstance(answer, dict) or set(answer) != set(fields):
        shown = ", ".join(f"{f!r}: ..." for f in fields)
        raise AnswerForm(f"Give a dict with exactly these keys: {{{shown}}}.")
    return answer


def read_letters(answer: object, *, letters: Iterable[str], choices: Iterable[str]) -> dict:
    """Read a dict from statement letter to one of ``choices`` (canonical names returned)."""
    choices = list(choices)
    if not isinstance(answer, dict):
        raise AnswerForm(f"Give a dict from letter to name, e.g. {{'A': '{choices[0]}', ...}}.")
    missing = [k for k in letters if k not in answer]
    if missing:
        raise AnswerForm(f"Classify every statement; {missing[0]} is missing.")
    return {k: read_name(answer[k], choices=choices, what=f"choice for {k}") for k in letters}


def _survey() -> pd.DataFrame:
    return load_dataset("staff_survey")


def _first_wrong(
    given: dict[str, str], key: dict[str, str], hints: dict[tuple[str, str], str]
) -> Verdict | None:
    """None when every letter is right; otherwise the verdict for the first wrong one."""
    for letter, right in key.items():
        if given[letter] != right:
            hint = hints.get((letter, given[letter]), "What does it ask of staff, or give them?")
            return Verdict(False, f"Look again at {letter}. {hint}")
    return None


@LAB.exercise("mix-elements", reads=read_letters, letters=list(_MIX_KEY), choices=MIX_ELEMENTS)
def _mix(given: dict[str, str]) -> Verdict:
    return _first_wrong(given, _MIX_KEY, _MIX_HINTS) or Verdict(True, _MIX_RIGHT)


@LAB.exercise("levers", reads=read_letters, letters=list(_LEVER_KEY), choices=LEVERS)
def _levers(given: dict[str, str]) -> Verdict:
    return _first_wrong(given, _LEVER_KEY, _LEVER_HINTS) or Verdict(True, _LEVER_RIGHT)


def read_stages(answer: object) -> list[str]:
    """Read the three stage codes as a list, in the student's order."""
    return read_ordering(
        answer,
        names=_STAGES,
        read=lambda a: read_name(a, choices=_STAGES, what="stage"),
        not_a_list="Give the three stages as a list, e.g. ['customer_orientation', ...].",
        use_each="Use each of these once: ",
    )


@LAB.exercise("concept-stages", reads=read_stages)
def _stages(names: list[str]) -> Verdict:
    if names == list(_STAGES):
        return Verdict(
            True,
            "Motivating employees came first, then customer orientation, then internal "
            "marketing as a way to implement strategy and manage change (Rafiq & Ahmed 2000).",
        )
    if names[0] == "strategy_implementation":
        return Verdict(
            False,
            "Strategy implementation is the latest and broadest reading, not the first; the "
            "idea began with the employee as a customer.",
        )
    return Verdict(
        False,
        "The idea began with treating employees as customers (their motivation and "
        "satisfaction); customer orientation came next.",
    )


def supplier_means(survey: pd.DataFrame) -> pd.Series:
    """Mean rating of each supplier department by its internal customers (the lab's key)."""
    table = internal_service_quality(survey)
    return table.set_index("supplier_department")["mean_rating"]


@LAB.exercise("isq-by-hand", reads=read_series, keys=["supplier_department"], value="isq_rating")
def _isq_by_hand(series: pd.Series) -> Verdict:
    survey = _survey()
    own = survey.groupby("department")["isq_rating"].mean().index.astype(str)
    zero = survey.assign(isq_rating=survey["isq_rating"].fillna(0))
    return judge_series(
        series,
        supplier_means(survey),
        tol=0.005,
        right="The same means as internal_service_quality(): each supplier is judged by the "
        "people who depend on it, and missing ratings are left out, not counted as zero.",
        mistakes=[
            Mistake(
                hint="You grouped the raters by their own department. The question is how "
                "each *supplier* is rated: group by supplier_department.",
                when=lambda answer: answer.index.isin(own).all() and len(answer) == len(own),
            ),
            Mistake(
                zero.groupby("supplier_department")["isq_rating"].mean(),
                "A missing rating is not a rating of 0: leave it out of the mean.",
            ),
        ],
        otherwise="Group by supplier_department, mean isq_rating.",
    )


def _lending_by_role(survey: pd.DataFrame) -> pd.Series:
    table = internal_service_quality(survey, by="role")
    part = table[table["supplier_department"] == LENDING].set_index("role")
    return part["mean_rating"]


@LAB.exercise("frontline-predict", reads=read_fields, fields=("prediction", "gap"))
def _frontline_predict(answer: dict) -> Verdict:
    prediction = read_name(answer["prediction"], choices=("lower", "higher"), what="prediction")
    value = read_number(answer["gap"])
    ratings = _lending_by_role(_survey())
    expected = float(ratings["front_line"] - ratings["back_office"])
    if abs(value + expected) <= 0.01 and abs(expected) > 0.01:
        return Verdict(False, "Right size, wrong sign: front line minus back office.")
    if abs(value - expected) > 0.01:
        return Verdict(
            False,
            "Split the ratings of Lending operations by the raters' role and subtract the "
            "back office's mean from the front line's.",
        )
    actual = "lower" if expected < 0 else "higher"
    verdict = "as you predicted" if prediction == actual else f"not {prediction} as you predicted"
    return Verdict(
        True,
        f"Gap {expected:+.2f} points: the front line rates {LENDING} {actual}, {verdict}. The "
        "front line meets the customers who wait for a loan decision.",
    )


def _front_enps_gap(front: pd.DataFrame, detractor_max: int) -> float:
    served = front["supplier_department"] == LENDING

    def score(part: pd.DataFrame) -> float:
        answers = part["enps"].dropna()
        return 100 * float((answers >= 9).mean() - (answers <= detractor_max).mean())

    return score(front[served]) - score(front[~served])


def colleague_enps_gap(survey: pd.DataFrame) -> float:
    """What the lab's colleague computes: passives counted as detractors (the planted error)."""
    return _front_enps_gap(survey[survey["role"] == "front_line"], detractor_max=8)


@LAB.exercise("enps-error", reads=read_number)
def _enps_error(value: float) -> Verdict:
    survey = _survey()
    front = survey[survey["role"] == "front_line"]
    served = front["supplier_department"] == LENDING
    expected = float(enps(front[served])["enps"].iloc[0] - enps(front[~served])["enps"].iloc[0])
    colleague = colleague_enps_gap(survey)
    return judge_number(
        value,
        expected,
        tol=0.1,
        right=f"{expected:+.1f} points, not the colleague's {colleague:+.1f}: passives (7-8) count "
        "in the denominator only, never as detractors. An association in one survey, not proof "
        "of cause.",
        mistakes=[
            Mistake(
                colleague, "That is the colleague's number. Which answers count as detractors?"
            ),
            Mistake(-expected, "Right size, wrong sign: served by Lending minus the rest."),
            Mistake(
                _front_enps_gap(survey, detractor_max=6),
                "Keep the front line only, as the colleague did.",
            ),
        ],
        otherwise="Fix the detractor rule (0-6) and keep everything else the same.",
    )


def front_line_poor_shares(survey: pd.DataFrame) -> pd.Series:
    """Share (%) of front-line ratings at or below 3, per supplier department."""
    table = internal_service_quality(survey, by="role")
    front = table[table["role"] == "front_line"].set_index("supplier_department")
    return 100 * front["poor_share"]


@LAB.exercise("first-supplier", reads=read_fields, fields=("department", "poor_share"))
def _first_supplier(answer: dict) -> Verdict:
    shares = front_line_poor_shares(_survey())
    chosen = read_name(answer["department"], choices=shares.index, what="supplier department")
    worst = shares.idxmax()
    if chosen != worst:
        return Verdict(
            False,
            f"{shares[chosen]:.0f}% of the front line's ratings of {chosen} are poor, against "
            f"{shares[worst]:.0f}% for another supplier. Start where the people who face "
            "customers are worst served, not where the most staff happen to depend.",
        )
    value = read_number(answer["poor_share"])
    if abs(value - shares[worst] / 100) <= 0.005:
        return Verdict(False, "Right department; give the share as a percentage (x 100).")
    if abs(value - shares[worst]) > 0.5:
        return Verdict(
            False,
            f"Right department. Now the evidence: what share of the front line's ratings of "
            f"{worst} are 3 or less?",
        )
    return Verdict(
        True,
        f"{worst}: {shares[worst]:.0f}% of the front line's ratings are poor. That is where "
        "the 48-hour promise is most at risk, and so where the internal market must be won.",
    )
