"""Internal marketing programme plans: a model, checks, a readable document, safe files.

A plan has objectives (each with a KPI, a baseline, a target and a date), internal
segments with an internal marketing mix each (Piercy & Morgan 1991: product, price,
communications, distribution), activities placed in Ballantyne's four phases and in the
implementation levers (training, culture, feedback, internal branding, leadership), a
budget, and risks with mitigations.

The package has one module per job:

- :mod:`imlib.programme.model`: the dataclasses, the constants and the file schema
  (``SCHEMA``: each field and the kind of value it holds, declared once);
- :mod:`imlib.programme.checks`: :func:`validate`, every problem in plain words;
- :mod:`imlib.programme.rendering`: :func:`render_markdown`;
- :mod:`imlib.programme.files`: :func:`save_plan`, :func:`load_plan`,
  :func:`default_plan_dir` (the user's own folder, ``~/im-kit-plans`` unless
  ``$IMLIB_PLAN_DIR`` says otherwise) and the plain-data conversions;
- :mod:`imlib.programme.example`: the kit's worked model plan.

Everything is importable from ``imlib.programme`` itself.
"""

from __future__ import annotations

from imlib.knowledge import PHASES
from imlib.programme.checks import validate
from imlib.programme.example import example_plan
from imlib.programme.files import (
    default_plan_dir,
    load_plan,
    plan_from_dict,
    plan_to_dict,
    save_plan,
)
from imlib.programme.model import (
    FILE_FORMAT,
    LEVER_LABELS,
    LEVERS,
    MIX_ELEMENTS,
    SCHEMA,
    SCHEMA_VERSION,
    Activity,
    Objective,
    Plan,
    PlanFileError,
    Risk,
    Segment,
)
from imlib.programme.rendering import render_markdown

# Show the public names as imlib.programme.X (tracebacks, doctests, reprs of errors).
for _cls in (Activity, Objective, Plan, PlanFileError, Risk, Segment):
    _cls.__module__ = __name__
del _cls

__all__ = [
    "FILE_FORMAT",
    "LEVERS",
    "LEVER_LABELS",
    "MIX_ELEMENTS",
    "PHASES",
    "SCHEMA",
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
