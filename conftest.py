"""Root pytest configuration: headless plotting and doctest namespace."""

import os
import tempfile

import matplotlib

matplotlib.use("Agg")

# Plans saved while testing (the labs, their kernels, doctests) go to a throwaway folder,
# never the user's own ~/im-kit-plans; kernels started by the tests inherit it.
os.environ.setdefault("IMLIB_PLAN_DIR", tempfile.mkdtemp(prefix="imlib-test-plans-"))

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace):
    from imlib import load_dataset

    doctest_namespace.update(pd=pd, np=np, plt=plt, load_dataset=load_dataset)
