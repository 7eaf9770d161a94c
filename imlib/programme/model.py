"""The plan model: its parts as dataclasses, the file schema, and the shape check."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from imlib._validation import Constraint

__all__ = [
    "FILE_FORMAT",
    "LEVERS",
    "LEVER_LABELS",
    "MIX_ELEMENTS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Activity",
    "Objective",
    "Plan",
    "PlanFileError",
    "Risk",
    "Segment",
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


#: The lists of parts a plan holds, and the class of each part.
PARTS: dict[str, type] = {
    "objectives": Objective,
    "segments": Segment,
    "activities": Activity,
    "risks": Risk,
}

_TEXT, _TEXTS, _NUMBER = "text", "a list of texts", "a number"
_MAYBE_NUMBER, _MAYBE_WHOLE = "a number or empty (null)", "a whole number or empty (null)"

#: The file schema, declared once: each class, each field, and the kind of value it holds.
#: Reading a file, checking a plan in memory and the tests all use it; a test checks that
#: it names exactly the dataclasses' fields.
SCHEMA: dict[type, dict[str, str]] = {
    Plan: {
        "title": _TEXT,
        "organisation": _TEXT,
        "author": _TEXT,
        "budget": _MAYBE_NUMBER,
        "objectives": "parts",
        "segments": "parts",
        "activities": "parts",
        "risks": "parts",
        "notes": _TEXT,
    },
    Objective: {
        "name": _TEXT,
        "kpi": _TEXT,
        "baseline": _MAYBE_NUMBER,
        "target": _MAYBE_NUMBER,
        "due": _TEXT,
    },
    Segment: {
        "name": _TEXT,
        "who": _TEXT,
        "size": _MAYBE_WHOLE,
        "product": _TEXT,
        "price": _TEXT,
        "communications": _TEXT,
        "distribution": _TEXT,
    },
    Activity: {
        "name": _TEXT,
        "segments": _TEXTS,
        "phase": _TEXT,
        "lever": _TEXT,
        "cost": _NUMBER,
        "owner": _TEXT,
    },
    Risk: {"risk": _TEXT, "mitigation": _TEXT},
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def field_problem(value: Any, kind: str, *, finite: bool) -> tuple[type, str] | None:
    """What is wrong with ``value`` for a field of ``kind``: (error type, expected) or None.

    ``finite`` requires numbers to be finite (a file); in memory NaN is left to
    :func:`~imlib.programme.validate`, which reports it as a problem.
    """
    if kind == _TEXT:
        return None if isinstance(value, str) else (TypeError, "text")
    if kind == _TEXTS:
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return None if ok else (TypeError, "a list of texts")
    if value is None:
        return None if kind != _NUMBER else (TypeError, "a number")
    if not _is_number(value):
        return TypeError, kind
    if finite and not math.isfinite(value):
        return ValueError, "a finite number"
    if kind == _MAYBE_WHOLE and isinstance(value, float) and not value.is_integer():
        return ValueError, "a whole number"
    return None


def _shape_errors(plan: Any) -> tuple[type, str, str, Any] | None:
    """The first field of an in-memory plan with a value of the wrong kind, if any."""
    for name, kind in SCHEMA[Plan].items():
        value = getattr(plan, name)
        if kind != "parts":
            problem = field_problem(value, kind, finite=False)
            if problem:
                return (*problem, name, value)
            continue
        if not isinstance(value, list):
            return TypeError, "a list", name, value
        cls = PARTS[name]
        for k, part in enumerate(value):
            where = f"{name}[{k}]"
            if not isinstance(part, cls):
                return TypeError, f"a {cls.__name__}", where, part
            for sub, sub_kind in SCHEMA[cls].items():
                problem = field_problem(getattr(part, sub), sub_kind, finite=False)
                if problem:
                    return (*problem, f"{where}.{sub}", getattr(part, sub))
    return None


class PlanShape(Constraint):
    """A :class:`Plan` whose every field holds the kind of value the schema declares.

    A missing title (None), a date that is not text or a plain string where a
    :class:`Segment` belongs is a clear TypeError, never an AttributeError later.
    """

    def __repr__(self) -> str:
        return "PlanShape()"

    def describe(self) -> str:
        """The rule as it reads after "must"."""
        return "be a Plan"

    def check(self, value: Any, *, func: str, name: str) -> Any:
        """Return the plan, or raise naming the first field of the wrong kind."""
        if not isinstance(value, Plan):
            raise TypeError(
                f"{func}(): argument {name!r} must be a Plan, got {type(value).__name__} "
                f"{value!r:.60}."
            )
        found = _shape_errors(value)
        if found:
            error, expected, where, bad = found
            raise error(
                f"{func}(): argument {name!r} field {where!r} must be {expected}; "
                f"got {type(bad).__name__} {bad!r:.60}."
            )
        return value

    def bad_values(self) -> list[Any]:
        """Plans with a field of the wrong kind, and things that are not plans."""
        return [
            Plan(title=None),
            Plan(objectives=[Objective(due=None)]),
            Plan(segments=["staff"]),
            Plan(budget="1000"),
            Plan(activities=[Activity(cost=None)]),
            "plan",
            None,
        ]

    def shown(self, value: Any) -> list[str]:
        """How a message shows the offending part of ``value``."""
        found = _shape_errors(value) if isinstance(value, Plan) else None
        return [repr(found[3])[:60]] if found else [repr(value)[:60]]


def _schema_matches_the_classes() -> bool:
    return all([f.name for f in fields(cls)] == list(kinds) for cls, kinds in SCHEMA.items())
