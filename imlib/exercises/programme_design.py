"""Checkers for Lab 9, programme design (``notebooks/09-programme-design.ipynb``).

Baselines are computed from ``staff_survey`` as :func:`imlib.load_dataset` returns it.
:func:`draft_plan` is the deliberately incomplete plan the lab starts from.
"""

from __future__ import annotations

import re

from imlib.datasets import load_dataset
from imlib.exercises._answers import as_number
from imlib.exercises._core import Verdict, checker
from imlib.knowledge import PHASE_LABELS, PHASES
from imlib.programme import (
    MIX_ELEMENTS,
    Activity,
    Objective,
    Plan,
    Risk,
    Segment,
    validate,
)
from imlib.staff import enps

__all__ = ["draft_plan", "front_line_enps"]

_MONEY = re.compile(r"[£$€]|\b\d{1,3}(,\d{3})+\b|\b\d{4,}\b|\bbudget\b|\bcost to the bank\b", re.I)


def front_line_enps() -> float:
    """The front line's eNPS in the staff survey (the baseline of the people objective)."""
    table = enps(load_dataset("staff_survey"), by="role").set_index("role")
    return float(table.loc["front_line", "enps"])


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


@checker("programme-baseline")
def _baseline(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    expected = front_line_enps()
    if abs(value - expected) <= 0.5:
        return Verdict(True, f"The front line's eNPS is {expected:+.1f}: the baseline to improve.")
    overall = float(enps(load_dataset("staff_survey"))["enps"].iloc[0])
    if abs(value - overall) <= 0.5:
        return Verdict(
            False, "That is the whole bank's eNPS; the objective is about the front line."
        )
    if abs(value - expected / 100) <= 0.005:
        return Verdict(False, "eNPS is in points (-100 to +100), not a fraction.")
    return Verdict(False, "Compute enps(survey, by='role') and read the front_line row.")


@checker("programme-objective")
def _objective(answer: object) -> Verdict:
    if not isinstance(answer, Objective):
        return Verdict(False, f"Build an Objective(...); you gave a {type(answer).__name__}.")
    problems = validate(Plan(objectives=[answer]))
    own = [p for p in problems if p.startswith("Objective")]
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
        "with a starting point and a date.",
    )


@checker("programme-draft-problems")
def _draft_problems(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    expected = len(validate(draft_plan()))
    if value == expected:
        return Verdict(True, f"validate() finds {expected} problems in the draft.")
    return Verdict(False, "Count the problems with len(validate(draft)).")


@checker("programme-empty-phase")
def _empty_phase(answer: object) -> Verdict:
    if not isinstance(answer, str):
        return Verdict(False, "Name the phase as text, e.g. 'diffusion'.")
    used = {a.phase for a in draft_plan().activities}
    empty = [p for p in PHASES if p not in used]
    given = answer.strip().lower().replace(" ", "_").replace("-", "_")
    if given in empty:
        return Verdict(
            True,
            f"No activity in {PHASE_LABELS[given].lower()}: nobody has planned how the "
            "teams' proposals get approved, so they would stall at the line.",
        )
    if given in PHASES:
        return Verdict(False, f"The draft has an activity in {PHASE_LABELS[given].lower()}.")
    return Verdict(False, "Name one of " + ", ".join(p.replace("_", " ") for p in PHASES) + ".")


@checker("programme-budget")
def _budget(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    draft = draft_plan()
    spent = sum(a.cost for a in draft.activities)
    if abs(value - spent) <= 0.5:
        return Verdict(
            True,
            f"The three activities cost {spent:,.0f}; a budget of {draft.budget:,.0f} "
            "would leave money nobody has planned to spend, or hide activities not yet "
            "written down.",
        )
    if abs(value - draft.budget) <= 0.5:
        return Verdict(False, "That is the draft's budget; what do its activities actually cost?")
    return Verdict(False, "Add up the cost of the draft's activities.")


@checker("programme-lending-mix")
def _lending_mix(answer: object) -> Verdict:
    if not isinstance(answer, Segment):
        return Verdict(False, f"Build a Segment(...); you gave a {type(answer).__name__}.")
    if answer.name.strip() != "Lending operations":
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


@checker("programme-complete-plan")
def _complete(answer: object) -> Verdict:
    if not isinstance(answer, Plan):
        return Verdict(False, f"Give a Plan; you gave a {type(answer).__name__}.")
    problems = validate(answer)
    if problems:
        return Verdict(
            False, f"validate() still finds {len(problems)} problem(s); the first: {problems[0]}"
        )
    names = {s.name.strip() for s in answer.segments}
    if "Lending operations" not in names:
        return Verdict(
            False,
            "The diagnostics point at Lending operations: a plan for the 48-hour promise "
            "needs it as a segment.",
        )
    return Verdict(True, "validate() finds nothing missing: the plan is complete.")
