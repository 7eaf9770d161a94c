"""imlib: the helper library of the Internal Marketing case-study kit.

Compute functions (DataFrames in, DataFrames out) and the dataset API are importable
from the top level. Plotting lives in :mod:`imlib.plotting` and widgets in
:mod:`imlib.widgets`; neither is imported here, so ``import imlib`` stays fast and
loads neither matplotlib nor ipywidgets.

>>> import imlib
>>> imlib.load_dataset("bank_servqual").shape[0] > 1000
True
"""

from imlib.datasets import describe_dataset, list_datasets, load_dataset
from imlib.exercises import check
from imlib.quality import (
    SERVQUAL_DIMENSIONS,
    diagnose_gaps,
    gaps_model,
    quality_index,
    servqual_gaps,
    servqual_long,
    servqual_scores,
    what_if,
    zones_of_tolerance,
)

__version__ = "0.1.0"

__all__ = [
    "SERVQUAL_DIMENSIONS",
    "__version__",
    "check",
    "describe_dataset",
    "diagnose_gaps",
    "gaps_model",
    "list_datasets",
    "load_dataset",
    "quality_index",
    "servqual_gaps",
    "servqual_long",
    "servqual_scores",
    "what_if",
    "zones_of_tolerance",
]
