"""The plan as a readable Markdown document: one step per section of the document."""

from __future__ import annotations

from typing import Any

from imlib._validation import Boolean, validate_params
from imlib.knowledge import PHASE_LABELS, PHASES
from imlib.programme.checks import money, validate
from imlib.programme.model import LEVER_LABELS, Plan, PlanShape

__all__ = ["render_markdown"]

_NONE_YET = ["*None yet.*", ""]


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return money(value) if abs(value) >= 1000 else f"{value:g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


def _heading(plan: Plan) -> list[str]:
    out = [f"# {plan.title.strip() or 'Untitled internal marketing programme'}", ""]
    if plan.organisation.strip():
        out += [f"**Organisation:** {plan.organisation.strip()}", ""]
    if plan.author.strip():
        out += [f"**Prepared by:** {plan.author.strip()}", ""]
    if plan.notes.strip():
        out += [plan.notes.strip(), ""]
    return out


def _objectives(plan: Plan) -> list[str]:
    out = ["## Objectives", ""]
    if not plan.objectives:
        return out + _NONE_YET
    rows = [[o.name, o.kpi, o.baseline, o.target, o.due] for o in plan.objectives]
    return out + _table(["Objective", "KPI", "Baseline", "Target", "By"], rows)


def _segments(plan: Plan) -> list[str]:
    out = ["## Internal segments and their marketing mix", ""]
    if not plan.segments:
        out += _NONE_YET
    for seg in plan.segments:
        size = f" ({seg.size} people)" if seg.size is not None else ""
        out += [f"### {seg.name.strip() or 'Unnamed segment'}{size}", ""]
        if seg.who.strip():
            out += [seg.who.strip(), ""]
        out += [
            f"- **Product** (what is offered): {_cell(seg.product)}",
            f"- **Price** (what it costs them): {_cell(seg.price)}",
            f"- **Communications** (how they hear and answer): {_cell(seg.communications)}",
            f"- **Distribution** (where it happens): {_cell(seg.distribution)}",
            "",
        ]
    return out


def _activities(plan: Plan) -> list[str]:
    out = ["## Activities by phase", ""]
    header = ["Activity", "For", "Lever", "Owner", "Cost"]
    for phase in PHASES:
        acts = [a for a in plan.activities if a.phase == phase]
        out += [f"### {PHASE_LABELS[phase]}", ""]
        rows = [
            [a.name, ", ".join(a.segments), LEVER_LABELS.get(a.lever, a.lever), a.owner, a.cost]
            for a in acts
        ]
        out += _table(header, rows) if acts else ["*No activity yet.*", ""]
    other = [a for a in plan.activities if a.phase not in PHASES]
    if other:
        out += ["### Not yet placed in a phase", ""]
        out += _table(["Activity", "Cost"], [[a.name, a.cost] for a in other])
    return out


def _budget(plan: Plan) -> list[str]:
    spent = sum(a.cost for a in plan.activities)
    by_lever: dict[str, float] = {}
    for a in plan.activities:
        label = LEVER_LABELS.get(a.lever, a.lever or "no lever")
        by_lever[label] = by_lever.get(label, 0.0) + a.cost
    out = ["## Budget", ""]
    out += _table(["Lever", "Cost"], [[k, float(v)] for k, v in by_lever.items()])
    budget = "not set" if plan.budget is None else money(plan.budget)
    return out + [f"Activities total **{money(spent)}**; budget **{budget}**.", ""]


def _risks(plan: Plan) -> list[str]:
    out = ["## Risks and mitigations", ""]
    if not plan.risks:
        return out + _NONE_YET
    return out + _table(["Risk", "Mitigation"], [[r.risk, r.mitigation] for r in plan.risks])


def _open_problems(plan: Plan) -> list[str]:
    found = validate(plan)
    out = ["## Open problems", ""]
    out += [f"- {p}" for p in found] if found else ["No open problems: the plan is complete."]
    return out + [""]


@validate_params({"plan": PlanShape(), "problems": Boolean()})
def render_markdown(plan: Plan, *, problems: bool = True) -> str:
    """The plan as a readable Markdown document (for the notebook, print or a report).

    Parameters
    ----------
    plan : Plan
        The plan.
    problems : bool
        End with the list of open problems from :func:`validate`.

    Returns
    -------
    str
        Markdown: title, objectives, segments and their mix, activities by phase, budget,
        risks and (optionally) open problems.

    Examples
    --------
    >>> from imlib.programme import example_plan
    >>> text = render_markdown(example_plan())
    >>> text.splitlines()[0]
    '# The 48-hour promise: internal marketing programme'
    >>> "## Activities by phase" in text and "No open problems" in text
    True
    """
    steps = [_heading, _objectives, _segments, _activities, _budget, _risks]
    out = [line for step in steps for line in step(plan)]
    if problems:
        out += _open_problems(plan)
    return "\n".join(out).rstrip() + "\n"
