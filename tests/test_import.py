"""`import imlib` stays light: neither matplotlib nor ipywidgets."""

import subprocess
import sys


def test_import_loads_no_plotting_or_widgets():
    code = (
        "import sys, imlib; bad = [m for m in ('matplotlib', 'ipywidgets') if m in "
        "sys.modules]; print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_every_module_declares_all():
    import importlib
    import pkgutil

    import imlib

    for info in pkgutil.walk_packages(imlib.__path__, "imlib."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        if not info.name.rsplit(".", 1)[-1].startswith("_"):
            assert hasattr(module, "__all__"), info.name
