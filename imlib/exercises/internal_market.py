"""Checkers for Lab 6, the internal market (``notebooks/06-internal-market.ipynb``).

Data answers are computed from ``staff_survey`` as :func:`imlib.load_dataset` returns it.
The classification keys (the internal marketing mix, the implementation levers, the
development of the concept) are the kit's teaching material, defined here.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import as_number
from imlib.exercises._core import Verdict, checker
from imlib.programme import LEVERS, MIX_ELEMENTS
from imlib.staff import enps, internal_service_quality

__all__ = ["CONCEPT_STAGES", "LEVER_ACTIVITIES", "MIX_STATEMENTS"]

#: Statements from Northbank's plan to classify into the internal marketing mix.
MIX_STATEMENTS: dict[str, tuple[str, str]] = {
    "A": ("Processors give up their familiar order of work and face monthly timings.", "price"),
    "B": ("The 48-hour promise and the checklist that makes it possible.", "product"),
    "C": ("Joint workshops held in branch back rooms during work time.", "distribution"),
    "D": ("Two-way briefings where staff question the head of lending.", "communications"),
}
#: Activities to place on the implementation levers.
LEVER_ACTIVITIES: dict[str, tuple[str, str]] = {
    "A": ("A workshop teaching advisers the new document checklist.", "training"),
    "B": ("A quarterly pulse survey whose results are discussed in every team.", "feedback"),
    "C": ("Senior managers spend a day a month working a branch counter.", "leadership"),
    "D": (
        "An internal campaign that explains what 'we keep our promise' means.",
        "internal_branding",
    ),
    "E": ("Open-door hours and blame-free reviews of mistakes.", "culture"),
}
#: Rafiq & Ahmed's (2000) three phases in the development of the concept, in order.
CONCEPT_STAGES: tuple[str, ...] = (
    "employee_motivation",
    "customer_orientation",
    "strategy_implementation",
)


def _classification(
    answer: object, key: dict[str, tuple[str, str]], allowed: Iterable[str], what: str
) -> Verdict:
    allowed = list(allowed)
    if not isinstance(answer, dict):
        return Verdict(
            False, f"Give a dict from letter to {what}, e.g. {{'A': '{allowed[0]}', ...}}."
        )
    for letter, (text, right) in key.items():
        if letter not in answer:
            return Verdict(False, f"Classify every statement; {letter} is missing.")
        given = str(answer[letter]).strip().lower().replace(" ", "_")
        if given not in allowed:
            return Verdict(
                False, f"{answer[letter]!r} (for {letter}) is not one of: {', '.join(allowed)}."
            )
        if given != right:
            return Verdict(False, f'Look again at {letter}: "{text}"')
    return Verdict(True, "All classified correctly.")


@checker("im-mix-elements")
def _mix(answer: object) -> Verdict:
    verdict = _classification(answer, MIX_STATEMENTS, MIX_ELEMENTS, "mix element")
    if (
        not verdict.correct
        and isinstance(answer, dict)
        and str(answer.get("A", "")).lower() == "product"
    ):
        return Verdict(
            False,
            "A describes what staff give up: in the internal mix that is the *price*, a "
            "psychological and practical cost to them, not a cost to the firm.",
        )
    if verdict.correct:
        return Verdict(
            True,
            "Product, price, communications and distribution, turned inwards: the offer, what "
            "it costs staff, how they hear and answer, and where it happens.",
        )
    return verdict


@checker("im-levers")
def _levers(answer: object) -> Verdict:
    verdict = _classification(answer, LEVER_ACTIVITIES, LEVERS, "lever")
    if verdict.correct:
        return Verdict(True, "Each lever borrows from marketing, from HRM, or from both.")
    return verdict


def _survey() -> pd.DataFrame:
    return load_dataset("staff_survey")


@checker("im-weakest-supplier")
def _weakest(answer: object) -> Verdict:
    if not isinstance(answer, str):
        return Verdict(False, "Give the department's name as text.")
    table = internal_service_quality(_survey()).set_index("supplier_department")
    weakest = table["mean_rating"].idxmin()
    if answer.strip().lower() == weakest.lower():
        return Verdict(
            True,
            f"{weakest}: mean {table.loc[weakest, 'mean_rating']:.2f} of 7, with "
            f"{100 * table.loc[weakest, 'poor_share']:.0f}% of its internal customers "
            "rating it 3 or less.",
        )
    if answer.strip() in table.index:
        return Verdict(
            False,
            f"{answer.strip()} is rated {table.loc[answer.strip(), 'mean_rating']:.2f}; "
            "another does worse.",
        )
    return Verdict(False, "Name one of the supplier departments: " + ", ".join(table.index) + ".")


def _lending_by_role() -> pd.Series:
    table = internal_service_quality(_survey(), by="role")
    part = table[table["supplier_department"] == "Lending operations"].set_index("role")
    return part["mean_rating"]


@checker("im-frontline-gap")
def _frontline_gap(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    ratings = _lending_by_role()
    expected = float(ratings["front_line"] - ratings["back_office"])
    if abs(value - expected) <= 0.01:
        return Verdict(
            True,
            f"The front line rates Lending operations {-expected:.2f} points lower than its "
            "back-office customers do: it meets the customers who wait.",
        )
    if abs(value + expected) <= 0.01:
        return Verdict(False, "Right size, wrong sign: front line minus back office.")
    return Verdict(
        False,
        "Use internal_service_quality(survey, by='role') and subtract the back-office mean "
        "rating of Lending operations from the front line's.",
    )


@checker("im-isq-enps")
def _isq_enps(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    survey = _survey()
    front = survey[survey["role"] == "front_line"]
    lending = front["supplier_department"] == "Lending operations"
    with_lending = float(enps(front[lending])["enps"].iloc[0])
    others = float(enps(front[~lending])["enps"].iloc[0])
    expected = with_lending - others
    if abs(value - expected) <= 0.1:
        return Verdict(
            True,
            f"{with_lending:+.1f} against {others:+.1f}: front-line staff who depend on the weak "
            "internal supplier recommend Northbank as an employer far less. An association in "
            "one survey, not proof of cause.",
        )
    if abs(value + expected) <= 0.1:
        return Verdict(
            False, "Right size, wrong sign: those served by Lending operations minus the rest."
        )
    return Verdict(
        False,
        "Keep the front line only; compute enps() for those whose supplier_department is "
        "Lending operations and for the rest, and subtract.",
    )


@checker("im-concept-stages")
def _stages(answer: object) -> Verdict:
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        return Verdict(
            False, "Give the three stages as a list, e.g. ['customer_orientation', ...]."
        )
    names = [str(a).strip().lower().replace(" ", "_") for a in answer]
    unknown = [n for n in names if n not in CONCEPT_STAGES]
    if unknown or len(names) != 3:
        return Verdict(False, "Use each of these once: " + ", ".join(CONCEPT_STAGES) + ".")
    if names == list(CONCEPT_STAGES):
        return Verdict(
            True,
            "Motivating employees came first, then customer orientation, then IM as a way to "
            "implement strategy and manage change (Rafiq & Ahmed 2000).",
        )
    return Verdict(
        False,
        "The idea began with treating employees as customers (their motivation and "
        "satisfaction); it ended as a tool for implementing strategy.",
    )
