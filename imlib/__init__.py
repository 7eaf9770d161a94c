"""imlib: the helper library of the Internal Marketing case-study kit.

Compute functions (DataFrames in, DataFrames out), the dataset API and ``check`` are
importable from the top level. They are loaded on first use (PEP 562), so ``import imlib``
costs almost nothing and loads neither matplotlib nor ipywidgets; plotting lives in
:mod:`imlib.plotting` and widgets in :mod:`imlib.widgets`.

The top-level names are derived from each module's ``__all__`` (the one list), read from
the module's source on first use without importing the module; see :data:`_MODULES`.

>>> import imlib
>>> imlib.load_dataset("bank_servqual").shape[0] > 1000
True
>>> from imlib import quality_index, check
>>> imlib.no_such_function
Traceback (most recent call last):
...
AttributeError: module 'imlib' has no attribute 'no_such_function'
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: The modules whose ``__all__`` makes up the top level, in order (the first module to
#: list a name provides it). A new model module is one more line here.
_MODULES: tuple[str, ...] = (
    "imlib.datasets",
    "imlib.delivery",
    "imlib.exercises",
    "imlib.knowledge",
    "imlib.loyalty",
    "imlib.markets",
    "imlib.mix",
    "imlib.profitchain",
    "imlib.programme",
    "imlib.quality",
    "imlib.spc",
    "imlib.staff",
)
#: Modules of which the top level takes only these names.
_ONLY: dict[str, set[str]] = {"imlib.exercises": {"check"}}
#: Upper-case constants are module-level detail, except these.
_CONSTANTS = {"CLIMATE_DIMENSIONS", "LADDER_RUNGS", "MARKETS", "PHASES", "SERVQUAL_DIMENSIONS"}
#: Names a module keeps to itself (reach them as ``imlib.<module>.<name>``).
_KEPT_IN_MODULE = {
    "ChainLink",
    "ClimateItem",
    "DatasetError",
    "climate_items",
    "data_root",
    "default_plan_dir",
    "ImomLevel",
    "item_columns",
    "next_phase",
    "plan_from_dict",
    "plan_to_dict",
    "write_datasets",
}
#: Old names that still import (with a DeprecationWarning) but are no longer advertised.
_DEPRECATED = {"retention_rate": "staff_retention_rate"}

_TABLE: dict[str, str] = {}


def _source_all(module: str, origin: str | None = None) -> list[str]:
    """A module's ``__all__``, read from its source (the module is not imported).

    Only the ``__all__ = [...]`` statement is parsed (parsing whole files would cost a
    quarter of a second). Its items are names, or ``*sub.__all__`` in a package that
    re-exports its submodule ``sub`` (read the same way, from ``origin``, the file beside
    the package's ``__init__.py``); any other ``__all__`` makes the module be imported.
    """
    import ast
    import importlib.util
    import re
    from pathlib import Path

    if origin is None:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec else None
    if not origin or not Path(origin).is_file():  # a module this copy of imlib lacks (yet)
        return []
    text = Path(origin).read_text(encoding="utf-8")
    found = re.search(r"^__all__(?:: [^=]+)? = (\[[^\]]*\])", text, flags=re.MULTILINE)
    names: list[str] = []
    for item in ast.parse(found.group(1), mode="eval").body.elts if found else [None]:
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            names.append(item.value)
        elif (
            isinstance(item, ast.Starred)
            and isinstance(item.value, ast.Attribute)
            and item.value.attr == "__all__"
            and isinstance(item.value.value, ast.Name)
            and Path(origin).name == "__init__.py"
        ):
            sub = item.value.value.id
            names += _source_all(f"{module}.{sub}", str(Path(origin).with_name(f"{sub}.py")))
        else:
            return list(getattr(importlib.import_module(module), "__all__", []))
    return names


def _exported(module: str, name: str) -> bool:
    if module in _ONLY:
        return name in _ONLY[module]
    if name.isupper() or name[:1] == "_":
        return name in _CONSTANTS
    return name not in _KEPT_IN_MODULE or name in _DEPRECATED


def _location() -> dict[str, str]:
    """Public name -> module, derived once from the modules' ``__all__``."""
    if not _TABLE:
        for module in _MODULES:
            for name in _source_all(module):
                if _exported(module, name):
                    _TABLE.setdefault(name, module)
    return _TABLE


def _exports() -> dict[str, tuple[str, ...]]:
    """Module -> its top-level names (for tests and documentation)."""
    out: dict[str, list[str]] = {}
    for name, module in _location().items():
        out.setdefault(module, []).append(name)
    return {module: tuple(sorted(names)) for module, names in out.items()}


def __getattr__(name: str) -> Any:
    if name == "__all__":
        return ["__version__", *sorted(set(_location()) - set(_DEPRECATED))]
    module = _location().get(name) if not name.startswith("__") else None
    if module is None:
        raise AttributeError(f"module 'imlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_location()))
