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
from imlib.delivery import (
    blueprint_crossings,
    check_blueprint,
    compound_failure,
    compound_failure_table,
    encounter_count,
    first_order_failure,
    fishbone_causes,
    moments_of_truth,
    pareto_table,
    required_stage_rate,
    stage_error_rates,
    stage_improvement,
)
from imlib.exercises import check
from imlib.knowledge import (
    PHASES,
    four_phases,
    knowledge_pattern,
    knowledge_patterns,
    phase_summary,
    phase_trace,
)
from imlib.loyalty import (
    LADDER_RUNGS,
    acquisition_vs_retention,
    clv,
    clv_cash_flows,
    cohort_profit,
    customer_lifetime_value,
    defection_cut_effect,
    ladder_of_loyalty,
    ladder_projection,
    retention_rates,
    transition_matrix,
)
from imlib.markets import MARKETS, canonical_market, markets_audit, rerank_gaps, six_markets
from imlib.mix import expanded_mix, importance_performance, mix_elements
from imlib.programme import (
    Activity,
    Objective,
    Plan,
    PlanFileError,
    Risk,
    Segment,
    example_plan,
    load_plan,
    render_markdown,
    save_plan,
    validate,
)
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
from imlib.spc import (
    average_taguchi_loss,
    explain_signals,
    individuals_chart,
    np_chart,
    p_chart,
    run_rules,
    taguchi_k,
    taguchi_loss,
    western_electric,
)
from imlib.staff import (
    CLIMATE_DIMENSIONS,
    climate_scores,
    cronbach_alpha,
    enps,
    internal_segments,
    internal_service_quality,
    item_analysis,
    retention_rate,
    segment_shares,
    staff_turnover,
    turnover_rate,
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
    # relationship marketing
    "LADDER_RUNGS",
    "MARKETS",
    "acquisition_vs_retention",
    "canonical_market",
    "clv",
    "clv_cash_flows",
    "cohort_profit",
    "customer_lifetime_value",
    "defection_cut_effect",
    "expanded_mix",
    "importance_performance",
    "ladder_of_loyalty",
    "ladder_projection",
    "markets_audit",
    "mix_elements",
    "rerank_gaps",
    "retention_rates",
    "six_markets",
    "transition_matrix",
    # staff diagnostics
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
    # knowledge renewal (Ballantyne)
    "PHASES",
    "four_phases",
    "knowledge_pattern",
    "knowledge_patterns",
    "phase_summary",
    "phase_trace",
    # programme plans
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
    # service delivery
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
    "average_taguchi_loss",
    "explain_signals",
    "individuals_chart",
    "np_chart",
    "p_chart",
    "run_rules",
    "taguchi_k",
    "taguchi_loss",
    "western_electric",
]
