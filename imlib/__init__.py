"""imlib: the helper library of the Internal Marketing case-study kit.

Compute functions (DataFrames in, DataFrames out), the dataset API and ``check`` are
importable from the top level. They are loaded on first use (PEP 562), so ``import imlib``
costs almost nothing and loads neither matplotlib nor ipywidgets; plotting lives in
:mod:`imlib.plotting` and widgets in :mod:`imlib.widgets`.

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

#: Where each public name lives; ``from imlib import name`` imports that module on demand.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "imlib.datasets": (
        "describe_dataset",
        "list_datasets",
        "load_dataset",
    ),
    "imlib.delivery": (
        "blueprint_crossings",
        "check_blueprint",
        "compound_failure",
        "compound_failure_table",
        "encounter_count",
        "first_order_failure",
        "fishbone_causes",
        "moments_of_truth",
        "pareto_table",
        "required_stage_rate",
        "stage_error_rates",
        "stage_improvement",
    ),
    "imlib.exercises": ("check",),
    "imlib.knowledge": (
        "PHASES",
        "four_phases",
        "knowledge_pattern",
        "knowledge_patterns",
        "phase_summary",
        "phase_trace",
    ),
    "imlib.loyalty": (
        "LADDER_RUNGS",
        "acquisition_vs_retention",
        "clv",
        "clv_cash_flows",
        "cohort_profit",
        "customer_lifetime_value",
        "defection_cut_effect",
        "ladder_of_loyalty",
        "ladder_projection",
        "retention_rates",
        "transition_matrix",
    ),
    "imlib.markets": (
        "MARKETS",
        "canonical_market",
        "markets_audit",
        "rerank_gaps",
        "six_markets",
    ),
    "imlib.mix": (
        "expanded_mix",
        "importance_performance",
        "mix_elements",
    ),
    "imlib.profitchain": (
        "chain_links",
        "chain_table",
        "imom_levels",
        "imom_scorecard",
        "link_estimate",
        "linkage_correlation",
        "propagate",
        "spc_links",
    ),
    "imlib.programme": (
        "Activity",
        "Objective",
        "Plan",
        "PlanFileError",
        "Risk",
        "Segment",
        "example_plan",
        "load_plan",
        "render_markdown",
        "save_plan",
        "validate",
    ),
    "imlib.quality": (
        "SERVQUAL_DIMENSIONS",
        "diagnose_gaps",
        "gaps_model",
        "quality_index",
        "servqual_gaps",
        "servqual_long",
        "servqual_scores",
        "what_if",
        "zones_of_tolerance",
    ),
    "imlib.spc": (
        "average_taguchi_loss",
        "explain_signals",
        "individuals_chart",
        "np_chart",
        "p_chart",
        "run_rules",
        "taguchi_k",
        "taguchi_loss",
        "western_electric",
    ),
    "imlib.staff": (
        "CLIMATE_DIMENSIONS",
        "climate_scores",
        "cronbach_alpha",
        "enps",
        "internal_segments",
        "internal_service_quality",
        "item_analysis",
        "retention_rate",
        "segment_shares",
        "staff_turnover",
        "turnover_rate",
    ),
}
_LOCATION = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = ["__version__", *sorted(_LOCATION)]


def __getattr__(name: str) -> Any:
    module = _LOCATION.get(name)
    if module is None:
        raise AttributeError(f"module 'imlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LOCATION))
