"""The top-level exports agree with each module's __all__; import stays lazy; old names warn."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import subprocess
import sys
import warnings

import pytest

import imlib

MODEL_MODULES = [
    "imlib.delivery",
    "imlib.knowledge",
    "imlib.loyalty",
    "imlib.markets",
    "imlib.mix",
    "imlib.profitchain",
    "imlib.programme",
    "imlib.quality",
    "imlib.spc",
    "imlib.staff",
]
#: Functions a model module exports but the top level deliberately does not (helpers for
#: the widgets, plotting and the labs; reachable as imlib.<module>.<name>).
MODULE_ONLY = {
    "item_columns",
    "climate_items",
    "next_phase",
    "default_plan_dir",
    "plan_from_dict",
    "plan_to_dict",
}


def test_every_top_level_name_is_in_its_modules_all():
    for module_name, names in imlib._exports().items():
        module = importlib.import_module(module_name)
        missing = sorted(set(names) - set(module.__all__))
        assert not missing, f"{module_name}.__all__ lacks {missing}"


def test_every_public_compute_function_is_exported_at_the_top():
    for module_name in MODEL_MODULES:
        if importlib.util.find_spec(module_name) is None:
            continue  # not in this copy yet
        module = importlib.import_module(module_name)
        functions = {
            n for n in module.__all__ if inspect.isfunction(getattr(module, n))
        } - MODULE_ONLY
        exported = set(imlib._exports().get(module_name, ()))
        assert functions <= exported, f"not exported from imlib: {sorted(functions - exported)}"


def test_all_and_dir_list_the_table_without_deprecated_names():
    assert "retention_rate" not in imlib.__all__ and "staff_retention_rate" in imlib.__all__
    assert set(imlib.__all__) - {"__version__"} <= set(dir(imlib))


def test_import_imlib_is_lazy():
    code = "import sys, imlib; print(sorted(m for m in sys.modules if m.startswith('imlib.')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_old_name_warns_and_still_answers():
    with pytest.warns(DeprecationWarning, match=r"staff_retention_rate\(\)"):
        old = imlib.retention_rate(200, 9)
    assert old == imlib.staff_retention_rate(200, 9) == 95.5
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        imlib.staff_retention_rate(200, 9)  # the new name does not warn
    bad = pytest.raises(ValueError, match=r"^retention_rate\(\): argument 'leavers_from_start'")
    with bad, pytest.warns(DeprecationWarning):
        imlib.retention_rate(200, 250)  # the message names the function the user called
    with pytest.warns(DeprecationWarning) as record:
        imlib.retention_rate(100, 1)
    assert record[0].filename == __file__  # the warning points at the caller's line


def test_the_top_level_is_derived_from_the_modules_all(monkeypatch):
    import imlib.staff

    expected = {
        n
        for n in imlib.staff.__all__
        if (not n.isupper() or n in imlib._CONSTANTS) and n not in imlib._KEPT_IN_MODULE
    }
    assert set(imlib._exports()["imlib.staff"]) == expected | {"retention_rate"}
    monkeypatch.setattr(imlib, "_TABLE", {})
    monkeypatch.setattr(
        imlib, "_source_all", lambda m: ["new_function"] if m == "imlib.mix" else []
    )
    assert imlib._location() == {"new_function": "imlib.mix"}  # a new name needs no table edit
