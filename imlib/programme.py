"""Internal marketing programme plans: a model, validation, a readable document, safe files.

A plan has objectives (each with a KPI, a baseline, a target and a date), internal
segments with an internal marketing mix each (Piercy & Morgan 1991: product, price,
communications, distribution), activities placed in Ballantyne's four phases and in the
implementation levers (training, culture, feedback, internal branding, leadership), a
budget, and risks with mitigations.

:func:`validate` lists every problem in words a manager understands. A plan with problems
can still be saved: a draft is work worth keeping.

Files
-----
:func:`save_plan` writes JSON with a format name, a schema version and a checksum of the
plan. It writes atomically: a temporary file in the same folder, flushed and fsynced,
then ``os.replace``. It never silently replaces a different plan: without
``overwrite=True`` it refuses; with it, the previous file is first kept as
``<name>.bak``. :func:`load_plan` only reads; a damaged, truncated, hand-edited or newer
file is a :class:`PlanFileError` that says what is wrong, and the file is left as it was.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from imlib.knowledge import PHASE_LABELS, PHASES

__all__ = [
    "FILE_FORMAT",
    "LEVERS",
    "LEVER_LABELS",
    "MIX_ELEMENTS",
    "PHASES",
    "SCHEMA_VERSION",
    "Activity",
    "Objective",
    "Plan",
    "PlanFileError",
    "Risk",
    "Segment",
    "default_plan_dir",
    "example_plan",
    "load_plan",
    "plan_from_dict",
    "plan_to_dict",
    "render_markdown",
    "save_plan",
    "validate",
]

#: The format name written into every plan file.
FILE_FORMAT = "imlib internal marketing programme plan"
#: The plan schema this version of imlib writes, and the newest it reads.
SCHEMA_VERSION = 1
#: The implementation levers of an internal marketing programme (the kit's list).
LEVERS: tuple[str, ...] = ("training", "culture", "feedback", "internal_branding", "leadership")
#: Display names of the levers.
LEVER_LABELS: dict[str, str] = {
    "training": "Training and development",
    "culture": "Work culture",
    "feedback": "Feedback",
    "internal_branding": "Internal branding",
    "leadership": "Leadership involvement",
}
#: The internal marketing mix of a segment (Piercy & Morgan 1991).
MIX_ELEMENTS: tuple[str, ...] = ("product", "price", "communications", "distribution")
_MIX_QUESTIONS = {
    "product": "what is offered to it (product: the change and what it means for their work)",
    "price": "what the change costs its members (price: time, effort, habits or status "
    "given up, not money spent by the firm)",
    "communications": "how it will hear about the change and answer back (communications)",
    "distribution": "where it happens (distribution: meetings, training rooms, team huddles)",
}
_BUDGET_SLACK = 0.5  # currency units of rounding allowed when costs are compared with the budget


class PlanFileError(ValueError):
    """A plan file cannot be read: damaged, truncated, changed outside imlib, or newer."""


@dataclass
class Objective:
    """What the programme should change: a KPI moving from a baseline to a target by a date.

    ``due`` is written YYYY-MM-DD.
    """

    name: str = ""
    kpi: str = ""
    baseline: float | None = None
    target: float | None = None
    due: str = ""


@dataclass
class Segment:
    """An internal segment and its internal marketing mix."""

    name: str = ""
    who: str = ""
    size: int | None = None
    product: str = ""
    price: str = ""
    communications: str = ""
    distribution: str = ""


@dataclass
class Activity:
    """Something the programme does, for whom, in which phase, with which lever, at what cost."""

    name: str = ""
    segments: list[str] = field(default_factory=list)
    phase: str = ""
    lever: str = ""
    cost: float = 0.0
    owner: str = ""


@dataclass
class Risk:
    """Something that could stop the programme, and how you will reduce it."""

    risk: str = ""
    mitigation: str = ""


@dataclass
class Plan:
    """An internal marketing programme: objectives, segments, activities, budget and risks."""

    title: str = ""
    organisation: str = ""
    author: str = ""
    budget: float | None = None
    objectives: list[Objective] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    notes: str = ""


_PARTS = {"objectives": Objective, "segments": Segment, "activities": Activity, "risks": Risk}


# --- dictionaries --------------------------------------------------------------------------
def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan as plain JSON-ready data (dicts, lists, strings, numbers, None).

    Examples
    --------
    >>> plan_to_dict(Plan(title="Promise"))["title"]
    'Promise'
    """
    if not isinstance(plan, Plan):
        raise TypeError(
            f"plan_to_dict(): argument 'plan' must be a Plan, got {type(plan).__name__}."
        )
    return asdict(plan)


def _field_error(where: str, expected: str, value: Any) -> PlanFileError:
    return PlanFileError(
        f"field {where!r} must be {expected}; got {type(value).__name__} {value!r:.60}."
    )


def _convert(value: Any, annotation: str, where: str) -> Any:
    if annotation == "str":
        if not isinstance(value, str):
            raise _field_error(where, "text", value)
        return value
    if annotation == "list[str]":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _field_error(where, "a list of texts", value)
        return list(value)
    optional = annotation.endswith("| None")
    if value is None:
        if optional:
            return None
        raise _field_error(where, "a number", value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _field_error(where, "a number" + (" or empty (null)" if optional else ""), value)
    if not math.isfinite(value):
        raise _field_error(where, "a finite number", value)
    if annotation.startswith("int"):
        if isinstance(value, float):
            if not value.is_integer():
                raise _field_error(where, "a whole number", value)
            return int(value)
        return value
    try:
        return float(value)
    except OverflowError:
        raise _field_error(where, "a number of a sensible size", value) from None


def _from_fields(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise _field_error(where or "plan", "an object ({...})", data)
    known = {f.name: f for f in fields(cls)}
    unknown = [k for k in data if k not in known]
    if unknown:
        raise PlanFileError(
            f"field {(where + '.' if where else '') + str(unknown[0])!r} is not part of a "
            f"{cls.__name__.lower()} (expected: {', '.join(known)})."
        )
    values = {}
    for name, spec in known.items():
        path = f"{where}.{name}" if where else name
        if name not in data:
            values[name] = cls().__getattribute__(name)
            continue
        if name in _PARTS and cls is Plan:
            items = data[name]
            if not isinstance(items, list):
                raise _field_error(path, "a list", items)
            values[name] = [
                _from_fields(_PARTS[name], item, f"{path}[{k}]") for k, item in enumerate(items)
            ]
        else:
            values[name] = _convert(data[name], str(spec.type), path)
    return cls(**values)


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """Build a :class:`Plan` from plain data, checking every field's type.

    Missing fields take their empty defaults; unknown fields and wrong types are errors
    naming the field, such as ``activities[2].cost``.

    Raises
    ------
    PlanFileError
        If a field has the wrong type or is not part of a plan.

    Examples
    --------
    >>> plan_from_dict({"title": "Promise", "budget": 1000}).budget
    1000.0
    >>> plan_from_dict({"activities": [{"name": "Roadshow", "cost": "a lot"}]})
    Traceback (most recent call last):
    ...
    imlib.programme.PlanFileError: field 'activities[0].cost' must be a number; got str 'a lot'.
    """
    return _from_fields(Plan, data, "")


# --- validation ----------------------------------------------------------------------------
def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _named(kind: str, name: str, k: int) -> str:
    return f"{kind} {name.strip()!r}" if name.strip() else f"{kind} {k + 1} (no name)"


def _money(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def validate(plan: Plan) -> list[str]:
    """Every problem in the plan, in words a manager understands (empty when complete).

    Checks that the plan has a title; that every objective has a KPI, a baseline, a
    target different from the baseline and a date (YYYY-MM-DD); that every segment has a
    complete mix and at least one activity aimed at it; that every activity names known
    segments, a phase and a lever and has a cost of 0 or more; that no phase is left
    empty; that the activities' costs add up to the budget; and that there is at least
    one risk and every risk has a mitigation.

    Parameters
    ----------
    plan : Plan
        The plan to check.

    Returns
    -------
    list of str
        One sentence per problem, in the order of the plan's parts.

    Examples
    --------
    >>> plan = example_plan()
    >>> validate(plan)
    []
    >>> plan.objectives[0].kpi = ""
    >>> plan.activities[0].cost += 500
    >>> for problem in validate(plan):
    ...     print(problem)
    Objective 'Faster loan decisions' has no KPI: say what you will measure.
    The activities cost 62,500 in total but the budget is 62,000: 500 over.
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"validate(): argument 'plan' must be a Plan, got {type(plan).__name__}.")
    problems: list[str] = []
    if not plan.title.strip():
        problems.append("The plan has no title.")
    # objectives
    if not plan.objectives:
        problems.append(
            "Add at least one objective: what should the programme change, and how will you know?"
        )
    for k, obj in enumerate(plan.objectives):
        who = _named("Objective", obj.name, k)
        if not obj.kpi.strip():
            problems.append(f"{who} has no KPI: say what you will measure.")
        if obj.baseline is None:
            problems.append(f"{who} has no baseline: where does the KPI stand today?")
        if obj.target is None:
            problems.append(f"{who} has no target: where should the KPI be by the date?")
        if obj.baseline is not None and obj.target is not None and obj.target == obj.baseline:
            problems.append(f"{who} has a target equal to its baseline: it asks for no change.")
        if not obj.due.strip():
            problems.append(f"{who} has no date: by when should the target be reached?")
        elif not _is_date(obj.due.strip()):
            problems.append(
                f"{who} has the date {obj.due!r}, which is not a date; write it as "
                "YYYY-MM-DD, e.g. 2026-12-31."
            )
    # segments and their mix
    names = [s.name.strip() for s in plan.segments]
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
    # activities
    if not plan.activities:
        problems.append("Add activities: what will the programme actually do?")
    known = [n for n in names if n]
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
        if not act.phase:
            problems.append(f"{who} has no phase: when in the cycle does it happen?")
        elif act.phase not in PHASES:
            problems.append(
                f"{who} has the phase {act.phase!r}; choose one of "
                f"{', '.join(PHASE_LABELS[p].lower() for p in PHASES)}."
            )
        if not act.lever:
            problems.append(f"{who} has no lever: is it training, culture, feedback, ...?")
        elif act.lever not in LEVERS:
            problems.append(
                f"{who} has the lever {act.lever!r}; choose one of {', '.join(LEVERS)}."
            )
        if act.cost < 0:
            problems.append(f"{who} has a negative cost ({_money(act.cost)}).")
    if plan.activities:
        used = {a.phase for a in plan.activities}
        for phase in PHASES:
            if phase not in used:
                problems.append(
                    f"No activity in the {PHASE_LABELS[phase].lower()} phase: the cycle "
                    "needs all four phases."
                )
    # budget
    spent = sum(a.cost for a in plan.activities)
    if plan.budget is None:
        problems.append(f"Set a budget (the activities cost {_money(spent)} in total).")
    elif plan.budget < 0:
        problems.append(f"The budget is negative ({_money(plan.budget)}).")
    elif abs(spent - plan.budget) > _BUDGET_SLACK:
        diff = spent - plan.budget
        tail = (
            f"{_money(diff)} over"
            if diff > 0
            else f"{_money(-diff)} is not allocated to any activity"
        )
        problems.append(
            f"The activities cost {_money(spent)} in total but the budget is "
            f"{_money(plan.budget)}: {tail}."
        )
    # risks
    if not plan.risks:
        problems.append("Name at least one risk and how you will reduce it.")
    for k, risk in enumerate(plan.risks):
        who = _named("Risk", risk.risk, k)
        if not risk.risk.strip():
            problems.append(f"{who}: describe the risk.")
        if not risk.mitigation.strip():
            problems.append(f"{who} has no mitigation: how will you reduce it?")
    return problems


# --- the readable document -----------------------------------------------------------------
def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return _money(value) if abs(value) >= 1000 else f"{value:g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return lines + [""]


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
    >>> text = render_markdown(example_plan())
    >>> text.splitlines()[0]
    '# The 48-hour promise: internal marketing programme'
    >>> "## Activities by phase" in text and "No open problems" in text
    True
    """
    if not isinstance(plan, Plan):
        raise TypeError(
            f"render_markdown(): argument 'plan' must be a Plan, got {type(plan).__name__}."
        )
    out = [f"# {plan.title.strip() or 'Untitled internal marketing programme'}", ""]
    if plan.organisation.strip():
        out += [f"**Organisation:** {plan.organisation.strip()}", ""]
    if plan.author.strip():
        out += [f"**Prepared by:** {plan.author.strip()}", ""]
    if plan.notes.strip():
        out += [plan.notes.strip(), ""]
    out += ["## Objectives", ""]
    out += (
        _table(
            ["Objective", "KPI", "Baseline", "Target", "By"],
            [[o.name, o.kpi, o.baseline, o.target, o.due] for o in plan.objectives],
        )
        if plan.objectives
        else ["*None yet.*", ""]
    )
    out += ["## Internal segments and their marketing mix", ""]
    if not plan.segments:
        out += ["*None yet.*", ""]
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
    out += ["## Activities by phase", ""]
    for phase in PHASES:
        acts = [a for a in plan.activities if a.phase == phase]
        out += [f"### {PHASE_LABELS[phase]}", ""]
        out += (
            _table(
                ["Activity", "For", "Lever", "Owner", "Cost"],
                [
                    [
                        a.name,
                        ", ".join(a.segments),
                        LEVER_LABELS.get(a.lever, a.lever),
                        a.owner,
                        a.cost,
                    ]
                    for a in acts
                ],
            )
            if acts
            else ["*No activity yet.*", ""]
        )
    other = [a for a in plan.activities if a.phase not in PHASES]
    if other:
        out += ["### Not yet placed in a phase", ""]
        out += _table(["Activity", "Cost"], [[a.name, a.cost] for a in other])
    spent = sum(a.cost for a in plan.activities)
    out += ["## Budget", ""]
    by_lever = {}
    for a in plan.activities:
        label = LEVER_LABELS.get(a.lever, a.lever or "no lever")
        by_lever[label] = by_lever.get(label, 0.0) + a.cost
    out += _table(["Lever", "Cost"], [[k, float(v)] for k, v in by_lever.items()])
    budget = "not set" if plan.budget is None else _money(plan.budget)
    out += [f"Activities total **{_money(spent)}**; budget **{budget}**.", ""]
    out += ["## Risks and mitigations", ""]
    out += (
        _table(["Risk", "Mitigation"], [[r.risk, r.mitigation] for r in plan.risks])
        if plan.risks
        else ["*None yet.*", ""]
    )
    if problems:
        found = validate(plan)
        out += ["## Open problems", ""]
        out += [f"- {p}" for p in found] if found else ["No open problems: the plan is complete."]
        out += [""]
    return "\n".join(out).rstrip() + "\n"


# --- files ---------------------------------------------------------------------------------
def default_plan_dir() -> Path:
    """The folder the labs save plans in: ``$IMLIB_PLAN_DIR``, else ``<temp>/im-kit-plans``.

    The temporary folder keeps the labs from writing into the repository; it survives a
    kernel restart, but not necessarily a reboot. Save plans you want to keep elsewhere.

    Examples
    --------
    >>> default_plan_dir().name in {"im-kit-plans", os.environ.get("IMLIB_PLAN_DIR", "")}
    True
    """
    override = os.environ.get("IMLIB_PLAN_DIR")
    if override:
        return Path(override).expanduser()
    return Path(tempfile.gettempdir()) / "im-kit-plans"


def _canonical(data: dict[str, Any]) -> bytes:
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def _checksum(data: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(_canonical(data)).hexdigest()


def _plan_bytes(plan: Plan) -> bytes:
    data = plan_to_dict(plan)
    try:
        plan_from_dict(data)  # the same checks as loading: never write what cannot be read
    except PlanFileError as exc:
        raise ValueError(f"save_plan(): the plan cannot be saved: {exc}") from None
    from imlib import __version__

    document = {
        "format": FILE_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "saved_with": f"imlib {__version__}",
        "checksum": _checksum(data),
        "plan": data,
    }
    try:
        text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        return text.encode("utf-8")
    except (ValueError, UnicodeEncodeError) as exc:
        raise ValueError(f"save_plan(): the plan cannot be saved as text: {exc}") from None


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable (POSIX); not possible on every platform
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def save_plan(plan: Plan, path: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Save a plan to a JSON file, atomically, without losing an earlier plan.

    Parameters
    ----------
    plan : Plan
        The plan (complete or not: drafts are saved as they are).
    path : str or path-like
        The file to write; it must end in ``.json``. Missing folders are created.
    overwrite : bool
        If the file exists and holds something different: False (default) refuses;
        True first keeps the old file as ``<name>.bak`` (replacing an older backup), then
        replaces it. Saving the same plan again is always allowed and changes nothing.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    FileExistsError
        If the file holds something else and ``overwrite`` is False.
    ValueError
        If the path does not end in ``.json`` or the plan has a field that cannot be
        saved (for example a cost that is not a finite number).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = save_plan(example_plan(), folder / "promise.json")
    >>> load_plan(path) == example_plan()
    True
    >>> save_plan(Plan(title="Other"), path)
    Traceback (most recent call last):
    ...
    FileExistsError: save_plan(): .../promise.json already holds a different plan; ...
    >>> _ = save_plan(Plan(title="Other"), path, overwrite=True)
    >>> load_plan(path.with_name("promise.json.bak")) == example_plan()
    True
    """
    func = "save_plan"
    if not isinstance(plan, Plan):
        raise TypeError(f"{func}(): argument 'plan' must be a Plan, got {type(plan).__name__}.")
    path = Path(path)
    if path.suffix.lower() != ".json":
        raise ValueError(f"{func}(): argument 'path' must end in .json; got {str(path)!r}.")
    data = _plan_bytes(plan)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        if path.is_dir():
            raise ValueError(f"{func}(): {path} is a folder; give a file name ending in .json.")
        current = path.read_bytes()
        if current == data:
            return path
        if not overwrite:
            raise FileExistsError(
                f"{func}(): {path} already holds a different plan; nothing was written. "
                "Pass overwrite=True to replace it (the old file is kept as "
                f"{path.name}.bak), or choose another name."
            )
        _atomic_write(path.with_name(path.name + ".bak"), current)
    _atomic_write(path, data)
    return path


def _refuse(path: Path, why: str) -> PlanFileError:
    return PlanFileError(f"load_plan(): {path} {why} The file was left as it is.")


def load_plan(path: str | os.PathLike, *, verify: bool = True) -> Plan:
    """Load a plan saved by :func:`save_plan`; refuse anything damaged, truncated or newer.

    Parameters
    ----------
    path : str or path-like
        The plan file.
    verify : bool
        Check the plan against the checksum saved with it (default). Pass False only to
        open a file you edited by hand on purpose; every other check still applies.

    Returns
    -------
    Plan

    Raises
    ------
    FileNotFoundError
        If there is no such file.
    PlanFileError
        If the file is empty, not UTF-8 text, not complete JSON (truncated), not a plan
        file, saved by a newer imlib, changed since it was saved, or has a field of the
        wrong type. The file is never changed.

    Examples
    --------
    >>> import tempfile
    >>> path = save_plan(example_plan(), Path(tempfile.mkdtemp()) / "promise.json")
    >>> _ = path.write_bytes(path.read_bytes()[:200])  # simulate a truncated copy
    >>> load_plan(path)
    Traceback (most recent call last):
    ...
    imlib.programme.PlanFileError: load_plan(): .../promise.json ends early: ... truncated ...
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"load_plan(): there is no plan file {path}.")
    raw = path.read_bytes()
    if not raw.strip():
        raise _refuse(path, "is empty: the save may have been interrupted.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _refuse(
            path, f"is not UTF-8 text (byte {exc.start}): it is damaged or not a plan file."
        ) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        body = text.rstrip()
        if (
            exc.pos >= len(body)
            or exc.msg.startswith("Unterminated string")
            or not body.endswith("}")
        ):
            raise _refuse(
                path,
                f"ends early: the JSON stops at line {exc.lineno}, column {exc.colno}, so the "
                "file was truncated (an interrupted copy or save). Restore it from a copy or "
                f"from {path.name}.bak if there is one.",
            ) from None
        raise _refuse(
            path,
            f"is damaged: the JSON breaks at line {exc.lineno}, column {exc.colno} "
            f"({exc.msg}). Restore it from a copy or from {path.name}.bak if there is one.",
        ) from None
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise _refuse(path, f'is not an imlib plan file (no "format": {FILE_FORMAT!r}).')
    version = document.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refuse(path, f"has an invalid schema_version {version!r}.")
    if version > SCHEMA_VERSION:
        raise _refuse(
            path,
            f"was saved by a newer version of imlib (plan schema {version}; this version "
            f"reads schema {SCHEMA_VERSION} and older). Update imlib to open it.",
        )
    data = document.get("plan")
    if not isinstance(data, dict):
        raise _refuse(path, 'has no plan in it (the "plan" field is missing or not an object).')
    if verify:
        try:
            actual = _checksum(data)
        except ValueError:
            actual = None
        if document.get("checksum") != actual:
            raise _refuse(
                path,
                "does not match the checksum saved with it: it was changed after saving "
                "(damaged, or edited by hand). If you edited it on purpose, load it with "
                "load_plan(path, verify=False).",
            )
    try:
        return plan_from_dict(data)
    except PlanFileError as exc:
        raise _refuse(path, f"is not a valid plan: {exc}") from None


# --- the worked model plan -----------------------------------------------------------------
def example_plan() -> Plan:
    """The kit's worked model plan for Northbank's 48-hour service promise.

    The eNPS and internal-service baselines are the shipped case data's values, rounded;
    the lab recomputes them from the data. The decision-time baseline is assumed for the
    case (no dataset records it).

    Examples
    --------
    >>> plan = example_plan()
    >>> [s.name for s in plan.segments]
    ['Front-line advisers', 'Lending operations', 'Line managers']
    >>> sum(a.cost for a in plan.activities) == plan.budget
    True
    """
    front, lending, managers = "Front-line advisers", "Lending operations", "Line managers"
    return Plan(
        title="The 48-hour promise: internal marketing programme",
        organisation="Northbank (synthetic case)",
        author="Model answer, internal marketing kit",
        budget=62_000.0,
        notes=(
            "Before Northbank promises customers a loan decision within 48 hours, the people "
            "who must keep the promise have to want it and be able to keep it. The staff "
            "survey shows a weak internal supplier (Lending operations), a front line that "
            "feels it, and most of the opposition inside Lending operations itself."
        ),
        objectives=[
            Objective(
                "Faster loan decisions",
                "Share of loan decisions made within 48 hours (%)",
                40.0,
                85.0,
                "2026-12-31",
            ),
            Objective(
                "Better internal service from Lending operations",
                "Mean rating of Lending operations by its internal customers (1-7)",
                2.9,
                4.5,
                "2026-09-30",
            ),
            Objective(
                "Front line recommends Northbank as a place to work",
                "Front-line eNPS (points)",
                -27.0,
                0.0,
                "2026-12-31",
            ),
        ],
        segments=[
            Segment(
                front,
                "Branch, contact-centre and business-banking staff who meet customers; mostly "
                "supporters of the promise, frustrated by slow internal service.",
                350,
                "A promise they can make with confidence, a checklist and status messages "
                "that keep customers informed.",
                "Time to learn the checklist; giving up informal 'chasing' routines.",
                "Branch briefings by their own managers; a feedback channel to the promise teams.",
                "Team huddles, branch workshops run by pilot volunteers.",
            ),
            Segment(
                lending,
                "Back-office loan processors; the most sceptical group, where the extra "
                "work lands.",
                90,
                "Fewer incomplete applications and rework; a say in how the promise is met.",
                "Changing familiar procedures; the visibility of monthly decision times; "
                "fear of blame.",
                "Two-way sessions with the head of lending; shared dashboards; "
                "listen-in sessions with the contact centre.",
                "Promise teams in work time; joint process-mapping workshops with advisers.",
            ),
            Segment(
                managers,
                "Branch and department managers who authorise changes and set priorities.",
                60,
                "A programme that improves their unit's results and their people's climate.",
                "Management time for promise teams; letting volunteers question procedures.",
                "Leadership briefings; progress reports against the objectives.",
                "Monthly management meeting; the credit committee.",
            ),
        ],
        activities=[
            Activity(
                "Invite volunteers to promise teams",
                [front, lending],
                "energising",
                "leadership",
                2_000.0,
                "Head of retail",
            ),
            Activity(
                "Share the diagnostics with all staff",
                [front, lending, managers],
                "energising",
                "feedback",
                3_000.0,
                "HR business partner",
            ),
            Activity(
                "Joint process-mapping workshops",
                [front, lending],
                "code_breaking",
                "culture",
                12_000.0,
                "Promise team facilitator",
            ),
            Activity(
                "Listen-in sessions with the contact centre",
                [lending],
                "code_breaking",
                "feedback",
                4_000.0,
                "Contact-centre manager",
            ),
            Activity(
                "Costed proposals to the credit committee",
                [managers],
                "authorising",
                "leadership",
                1_500.0,
                "Head of lending",
            ),
            Activity(
                "Checklist and status-message training",
                [front, lending],
                "diffusion",
                "training",
                25_000.0,
                "Learning and development",
            ),
            Activity(
                "'We keep our promise' internal campaign",
                [front, lending, managers],
                "diffusion",
                "internal_branding",
                8_000.0,
                "Internal communications",
            ),
            Activity(
                "Monthly decision-time feedback to every team",
                [front, lending, managers],
                "diffusion",
                "feedback",
                6_500.0,
                "Operations research unit",
            ),
        ],
        risks=[
            Risk(
                "Lending operations sees the promise as blame for past delays.",
                "Involve processors from the start; measure the process, not individuals.",
            ),
            Risk(
                "Managers do not release staff time for the promise teams.",
                "Credit committee sponsors the teams; time budgeted as an activity cost.",
            ),
            Risk(
                "Customers hear the promise before the process can keep it.",
                "Launch externally only after the pilot meets 48 hours for two months.",
            ),
        ],
    )
