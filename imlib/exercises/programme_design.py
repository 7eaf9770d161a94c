"""Checkers for Lab 9, programme design (``notebooks/09-programme-design.ipynb``).

Baselines are computed from ``staff_survey`` as :func:`imlib.load_dataset` returns it.
:func:`draft_plan` is the deliberately incomplete plan the lab starts from.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import AnswerForm, read_number
from imlib.exercises._core import Lab, Mistake, Verdict, judge_number
from imlib.exercises.internal_market import LENDING, read_fields
from imlib.programme import (
    MIX_ELEMENTS,
    Activity,
    Objective,
    Plan,
    Risk,
    Segment,
    example_plan,
    validate,
)
from imlib.staff import enps, internal_service_quality

__all__ = [
    "draft_plan",
    "front_line_enps",
    "lending_isq",
    "model_plan",
    "soft_front_line_enps",
]

LAB = Lab("programme")

_MONEY = re.compile(r"[£$€]|\b\d{1,3}(,\d{3})+\b|\b\d{4,}\b|\bbudget\b|\bcost to the bank\b", re.I)


def _survey() -> pd.DataFrame:
    return load_dataset("staff_survey")


def front_line_enps() -> float:
    """The front line's eNPS in the staff survey (the baseline of the people objective)."""
    table = enps(_survey(), by="role").set_index("role")
    return float(table.loc["front_line", "enps"])


def soft_front_line_enps() -> float:
    """The front line's score if answers of 7-10 counted as promoters (the changed assumption)."""
    answers = _survey().query("role == 'front_line'")["enps"].dropna()
    return 100 * float((answers >= 7).mean() - (answers <= 6).mean())


def lending_isq() -> float:
    """Mean rating of Lending operations by its internal customers (the service baseline)."""
    table = internal_service_quality(_survey()).set_index("supplier_department")
    return float(table.loc[LENDING, "mean_rating"])


def model_plan() -> Plan:
    """The kit's model plan with its two survey baselines taken from the data loaded now.

    The eNPS target is the baseline plus 25 points and the internal-service target the
    baseline plus 1.5 rating points (capped at the scale's top): the kit's rules of thumb for
    a stretch that a year's programme could defend. The decision-time objective is assumed
    for the case (no dataset records it).

    Examples
    --------
    >>> plan = model_plan()
    >>> validate(plan)
    []
    >>> abs(plan.objectives[2].baseline - round(front_line_enps())) < 1e-9
    True
    """
    plan = example_plan()
    isq, people = round(lending_isq(), 1), float(round(front_line_enps()))
    plan.objectives[1] = replace(
        plan.objectives[1], baseline=isq, target=min(7.0, round(isq + 1.5, 1))
    )
    plan.objectives[2] = replace(
        plan.objectives[2], baseline=people, target=min(100.0, people + 25)
    )
    return plan


def draft_plan() -> Plan:
    """A first draft of Northbank's programme with the kind of gaps real drafts have.

    Examples
    --------
    >>> len(validate(draft_plan())) > 3
    True
    """
    front, lending = "Front-line advisers", "Lending operations"
    return Plan(
        title="The 48-hour promise (draft)",
        organisation="Northbank (synthetic case)",
        budget=40_000.0,
        objectives=[
            Objective(
                "Faster loan decisions",
                "Share of loan decisions within 48 hours (%)",
                40.0,
                85.0,
                "2026-12-31",
            ),
            Objective("Happier staff", "", None, None, "next year"),
        ],
        segments=[
            Segment(
                front,
                "Staff who meet customers",
                350,
                "A promise they can keep",
                "Time to learn new routines",
                "Briefings by their managers",
                "Team huddles",
            ),
            Segment(lending, "Loan processors", 90, "", "", "", ""),
        ],
        activities=[
            Activity("Launch email from the CEO", [front], "energising", "leadership", 500.0),
            Activity("Process-mapping workshops", [front], "code_breaking", "culture", 12_000.0),
            Activity("Checklist training", [front], "diffusion", "training", 25_000.0),
        ],
        risks=[Risk("Lending operations resists", "")],
    )


@LAB.exercise("baseline", reads=read_number)
def _baseline(value: float) -> Verdict:
    expected = front_line_enps()
    answers = _survey().query("role == 'front_line'")["enps"].dropna()
    return judge_number(
        value,
        expected,
        tol=0.5,
        right=f"The front line's eNPS is {expected:+.1f}: the baseline to improve.",
        mistakes=[
            Mistake(
                float(enps(_survey())["enps"].iloc[0]),
                "That is the whole bank's eNPS; the objective is about the front line.",
            ),
            Mistake(expected / 100, "eNPS is in points (-100 to +100), not a fraction.", tol=0.005),
            Mistake(
                100 * float((answers >= 9).mean() - (answers <= 8).mean()),
                "Passives (7-8) are not detractors: they count in the denominator only.",
            ),
        ],
        otherwise="Keep the front line, drop blanks, and take % of 9-10 minus % of 0-6.",
    )


@LAB.exercise("isq-baseline", reads=read_number)
def _isq_baseline(value: float) -> Verdict:
    expected = lending_isq()
    survey = _survey()
    own = float(survey.loc[survey["department"] == LENDING, "isq_rating"].mean())
    return judge_number(
        value,
        expected,
        tol=0.01,
        right=f"{expected:.2f} of 7: how Lending operations' internal customers rate it today.",
        mistakes=[
            Mistake(
                own,
                "That is how Lending operations' own staff rate *their* suppliers. The baseline "
                "is how its internal customers rate Lending: use supplier_department.",
            ),
            Mistake(
                float(
                    survey.loc[survey["supplier_department"] == LENDING, "isq_rating"]
                    .fillna(0)
                    .mean()
                ),
                "A blank is not a rating of 0: leave it out.",
            ),
        ],
        otherwise="Mean isq_rating of the employees whose supplier_department is Lending.",
    )


@LAB.exercise("objective")
def _objective(answer: object) -> Verdict:
    if not isinstance(answer, Objective):
        raise AnswerForm(f"Build an Objective(...); you gave a {type(answer).__name__}.")
    own = [p for p in validate(Plan(objectives=[answer])) if p.startswith("Objective")]
    if own:
        return Verdict(False, own[0])
    baseline = front_line_enps()
    if abs(answer.baseline - baseline) > 0.5:
        return Verdict(
            False,
            f"The baseline should be today's front-line eNPS ({baseline:+.1f}), so that the "
            "target can be judged against it.",
        )
    if answer.target <= answer.baseline:
        return Verdict(False, "For eNPS, higher is better: the target must lie above the baseline.")
    if answer.target > 100:
        return Verdict(False, "eNPS cannot exceed +100.")
    return Verdict(
        True,
        f"From {answer.baseline:+.0f} to {answer.target:+.0f} by {answer.due}: measurable, "
        "with a starting point from the data and a date.",
    )


@LAB.exercise("budget", reads=read_number)
def _budget(value: float) -> Verdict:
    draft = draft_plan()
    spent = sum(a.cost for a in draft.activities)
    return judge_number(
        value,
        spent,
        tol=0.5,
        right=f"The activities cost {spent:,.0f}; a budget of {draft.budget:,.0f} would leave "
        "money nobody has planned to spend, or hide activities not yet written down.",
        mistakes=[
            Mistake(draft.budget, "That is the draft's budget; what do its activities cost?"),
            Mistake(draft.budget - spent, "That is the money left over; give the total cost."),
        ],
        otherwise="Add up the cost column of the draft's activity tables.",
    )


@LAB.exercise("draft-problems", reads=read_fields, fields=("prediction", "found"))
def _draft_problems(answer: dict) -> Verdict:
    guess, found = read_number(answer["prediction"]), read_number(answer["found"])
    problems = validate(draft_plan())
    if found != len(problems):
        return Verdict(False, "Count what validate(draft) returns: len(validate(draft)).")
    mix = sum("Segment" in p and "(" in p for p in problems)
    if guess == found:
        note = "exactly as you predicted"
    else:
        note = f"you predicted {guess:.0f}"
    return Verdict(
        True,
        f"validate() finds {len(problems)} problems ({note}). {mix} of them are the empty "
        "mix elements of one segment: a plan can look nearly complete and still say nothing "
        "to the people it most needs.",
    )


@LAB.exercise("lending-mix")
def _lending_mix(answer: object) -> Verdict:
    if not isinstance(answer, Segment):
        raise AnswerForm(f"Build a Segment(...); you gave a {type(answer).__name__}.")
    if answer.name.strip() != LENDING:
        return Verdict(False, "Name the segment exactly 'Lending operations', as in the draft.")
    empty = [m for m in MIX_ELEMENTS if not getattr(answer, m).strip()]
    if empty:
        return Verdict(False, f"Fill in every element of the mix; {empty[0]} is empty.")
    if _MONEY.search(answer.price):
        return Verdict(
            False,
            "The internal price is what the change costs the *staff* (time, effort, familiar "
            "routines, status, fear of blame), not money the bank spends.",
        )
    return Verdict(
        True,
        "A complete internal mix: what Lending operations is offered, what it must give up, "
        "how it hears and answers, and where the change happens.",
    )


@LAB.exercise("enps-definition", reads=read_number)
def _enps_definition(value: float) -> Verdict:
    strict, soft = front_line_enps(), soft_front_line_enps()
    shift = soft - strict
    return judge_number(
        value,
        shift,
        tol=0.5,
        right=f"The baseline moves by {shift:+.1f} points (from {strict:+.1f} to {soft:+.1f}) "
        "with no change in how anyone feels: a KPI's definition is part of the objective, and "
        "a target set on one definition cannot be judged on another.",
        mistakes=[
            Mistake(-shift, "Right size, wrong sign: the softer score minus today's."),
            Mistake(soft, "That is the new score; the question asks how far the baseline moved."),
        ],
        otherwise="Recompute the front line's score with 7-10 as promoters (detractors stay 0-6) "
        "and subtract today's eNPS.",
    )


@LAB.exercise("complete-plan")
def _complete(answer: object) -> Verdict:
    if not isinstance(answer, Plan):
        raise AnswerForm(f"Give a Plan; you gave a {type(answer).__name__}.")
    problems = validate(answer)
    if problems:
        return Verdict(
            False, f"validate() still finds {len(problems)} problem(s); the first: {problems[0]}"
        )
    if LENDING not in {s.name.strip() for s in answer.segments}:
        return Verdict(
            False,
            "The diagnostics point at Lending operations: a plan for the 48-hour promise "
            "needs it as a segment.",
        )
    baseline = front_line_enps()
    for objective in answer.objectives:
        if "enps" in objective.kpi.lower() and abs(objective.baseline - baseline) > 0.5:
            return Verdict(
                False,
                f"Objective {objective.name!r} measures eNPS from {objective.baseline:+.0f}, but "
                f"the data say {baseline:+.1f}: take baselines from the data, not from a model.",
            )
    return Verdict(True, "validate() finds nothing missing, and the baselines come from the data.")
