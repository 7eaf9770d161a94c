"""Checking a plan: :func:`validate` lists every problem in words a manager understands.

A plan with problems can still be saved: a draft is work worth keeping. Each part of the
plan has its own step below; :func:`validate` runs them in the order of the plan.
"""

from __future__ import annotations

import datetime as _dt
import math

from imlib._validation import validate_params
from imlib.knowledge import PHASE_LABELS, PHASES
from imlib.programme.model import LEVERS, MIX_ELEMENTS, Plan, PlanShape

__all__ = ["validate"]

_MIX_QUESTIONS = {
    "product": "what is offered to it (product: the change and what it means for their work)",
    "price": "what the change costs its members (price: time, effort, habits or status "
    "given up, not money spent by the firm)",
    "communications": "how it will hear about the change and answer back (communications)",
    "distribution": "where it happens (distribution: meetings, training rooms, team huddles)",
}
_BUDGET_SLACK = 0.5  # currency units of rounding allowed when costs are compared with the budget


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _named(kind: str, name: str, k: int) -> str:
    return f"{kind} {name.strip()!r}" if name.strip() else f"{kind} {k + 1} (no name)"


def money(x: float) -> str:
    """An amount as the plan documents show it: 62,000 or 1,234.50."""
    if not math.isfinite(x):
        return repr(float(x))
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _finite(x: float | None) -> bool:
    return x is not None and math.isfinite(x)


def _objective_problems(plan: Plan) -> list[str]:
    problems = []
    if not plan.objectives:
        problems.append(
            "Add at least one objective: what should the programme change, and how will you know?"
        )
    for k, obj in enumerate(plan.objectives):
        who = _named("Objective", obj.name, k)
        if not obj.kpi.strip():
            problems.append(f"{who} has no KPI: say what you will measure.")
        for what, value, question in (
            ("baseline", obj.baseline, "where does the KPI stand today?"),
            ("target", obj.target, "where should the KPI be by the date?"),
        ):
            if value is None:
                problems.append(f"{who} has no {what}: {question}")
            elif not math.isfinite(value):
                problems.append(f"{who} has a {what} that is not a number ({value!r}).")
        if _finite(obj.baseline) and _finite(obj.target) and obj.target == obj.baseline:
            problems.append(f"{who} has a target equal to its baseline: it asks for no change.")
        if not obj.due.strip():
            problems.append(f"{who} has no date: by when should the target be reached?")
        elif not _is_date(obj.due.strip()):
            problems.append(
                f"{who} has the date {obj.due!r}, which is not a date; write it as "
                "YYYY-MM-DD, e.g. 2026-12-31."
            )
    return problems


def _segment_problems(plan: Plan) -> list[str]:
    names = [s.name.strip() for s in plan.segments]
    problems = []
    if not plan.segments:
        problems.append("Add at least one internal segment: whose support does the plan need?")
    for name in sorted({n for n in names if n and names.count(n) > 1}):
        problems.append(f"Two segments are called {name!r}: give each segment its own name.")
    targeted = {s.strip() for a in plan.activities for s in a.segments}
    for k, seg in enumerate(plan.segments):
        who = _named("Segment", seg.name, k)
        for element in MIX_ELEMENTS:
            if not getattr(seg, element).strip():
                problems.append(f"{who}: say {_MIX_QUESTIONS[element]}.")
        if seg.name.strip() and seg.name.strip() not in targeted:
            problems.append(f"{who} has no activity aimed at it.")
    return problems


def _choice_problem(who: str, value: str, allowed: tuple[str, ...], what: str, hint: str) -> list:
    if not value:
        return [f"{who} has no {what}: {hint}"]
    if value not in allowed:
        listed = (
            ", ".join(PHASE_LABELS[p].lower() for p in PHASES)
            if what == "phase"
            else ", ".join(allowed)
        )
        return [f"{who} has the {what} {value!r}; choose one of {listed}."]
    return []


def _activity_problems(plan: Plan) -> list[str]:
    problems = []
    if not plan.activities:
        problems.append("Add activities: what will the programme actually do?")
    known = [s.name.strip() for s in plan.segments if s.name.strip()]
    for k, act in enumerate(plan.activities):
        who = _named("Activity", act.name, k)
        if not act.segments:
            problems.append(f"{who} is not aimed at any segment.")
        for seg in act.segments:
            if seg.strip() not in known:
                listed = ", ".join(known) or "none yet"
                problems.append(
                    f"{who} is aimed at {seg!r}, which is not one of the segments ({listed})."
                )
        problems += _choice_problem(
            who, act.phase, PHASES, "phase", "when in the cycle does it happen?"
        )
        problems += _choice_problem(
            who, act.lever, LEVERS, "lever", "is it training, culture, feedback, ...?"
        )
        if not math.isfinite(act.cost):
            problems.append(f"{who} has a cost that is not a number ({act.cost!r}).")
        elif act.cost < 0:
            problems.append(f"{who} has a negative cost ({money(act.cost)}).")
    if plan.activities:
        used = {a.phase for a in plan.activities}
        for phase in PHASES:
            if phase not in used:
                problems.append(
                    f"No activity in the {PHASE_LABELS[phase].lower()} phase: the cycle "
                    "needs all four phases."
                )
    return problems


def _budget_problems(plan: Plan) -> list[str]:
    if not all(math.isfinite(a.cost) for a in plan.activities):
        return ["The activities' costs cannot be added up until every cost is a number."]
    spent = sum(a.cost for a in plan.activities)
    if plan.budget is None:
        return [f"Set a budget (the activities cost {money(spent)} in total)."]
    if not math.isfinite(plan.budget):
        return [f"The budget is not a number ({plan.budget!r}): give an amount."]
    if plan.budget < 0:
        return [f"The budget is negative ({money(plan.budget)})."]
    if abs(spent - plan.budget) <= _BUDGET_SLACK:
        return []
    diff = spent - plan.budget
    tail = f"{money(diff)} over" if diff > 0 else f"{money(-diff)} is not allocated to any activity"
    return [
        f"The activities cost {money(spent)} in total but the budget is "
        f"{money(plan.budget)}: {tail}."
    ]


def _risk_problems(plan: Plan) -> list[str]:
    problems = [] if plan.risks else ["Name at least one risk and how you will reduce it."]
    for k, risk in enumerate(plan.risks):
        who = _named("Risk", risk.risk, k)
        if not risk.risk.strip():
            problems.append(f"{who}: describe the risk.")
        if not risk.mitigation.strip():
            problems.append(f"{who} has no mitigation: how will you reduce it?")
    return problems


@validate_params({"plan": PlanShape()})
def validate(plan: Plan) -> list[str]:
    """Every problem in the plan, in words a manager understands (empty when complete).

    Checks that the plan has a title; that every objective has a KPI, a baseline, a
    target different from the baseline and a date (YYYY-MM-DD); that every segment has a
    complete mix and at least one activity aimed at it; that every activity names known
    segments, a phase and a lever and has a cost of 0 or more; that no phase is left
    empty; that the activities' costs add up to the budget (a budget or cost that is not
    a number, such as NaN, is a problem too); and that there is at least one risk and
    every risk has a mitigation.

    Parameters
    ----------
    plan : Plan
        The plan to check.

    Returns
    -------
    list of str
        One sentence per problem, in the order of the plan's parts.

    Raises
    ------
    TypeError
        If ``plan`` is not a Plan or a field holds the wrong kind of value (a title of
        None, a plain string where a Segment belongs).

    Examples
    --------
    >>> from imlib.programme import example_plan
    >>> plan = example_plan()
    >>> validate(plan)
    []
    >>> plan.objectives[0].kpi = ""
    >>> plan.activities[0].cost += 500
    >>> for problem in validate(plan):
    ...     print(problem)
    Objective 'Faster loan decisions' has no KPI: say what you will measure.
    The activities cost 62,500 in total but the budget is 62,000: 500 over.
    >>> plan.budget = float("nan")
    >>> validate(plan)[-1]
    'The budget is not a number (nan): give an amount.'
    """
    problems = [] if plan.title.strip() else ["The plan has no title."]
    for step in (
        _objective_problems,
        _segment_problems,
        _activity_problems,
        _budget_problems,
        _risk_problems,
    ):
        problems += step(plan)
    return problems
