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

from imlib.knowledge import PHASES  # noqa: F401 (re-exported)
from imlib.programme import checks, example, files, model, rendering
from imlib.programme.checks import *  # noqa: F403 (each module's __all__, the one list)
from imlib.programme.example import *  # noqa: F403
from imlib.programme.files import *  # noqa: F403
from imlib.programme.model import *  # noqa: F403
from imlib.programme.rendering import *  # noqa: F403

__all__ = [
    "PHASES",
    *checks.__all__,
    *example.__all__,
    *files.__all__,
    *model.__all__,
    *rendering.__all__,
]

# Show the public names as imlib.programme.X (tracebacks, doctests, reprs of errors).
for _cls in (
    model.Activity,
    model.Objective,
    model.Plan,
    model.PlanFileError,
    model.Risk,
    model.Segment,
):
    _cls.__module__ = __name__
del _cls
