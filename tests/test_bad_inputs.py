"""Bad-input tests generated from the constraints each public function declares.

Every public compute function of ``imlib`` (from ``imlib.__all__``) declares its
constraints with ``validate_params`` and has a valid base call below. From the two, the
tests generate calls with infinity, NaN, an all-missing column, a string for a bool, a
duplicated index label or key, values out of range and wrong types, and require a
TypeError or ValueError whose message names the function, the argument or column, the
allowed range and the first offending value. A new function is covered the day it is
written: it fails here until it declares its constraints and gets a base call.
"""

from __future__ import annotations

import importlib
import inspect
import math
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

import imlib
from imlib import load_dataset
from imlib._validation import Boolean, Each, Frame, Interval, Options, Scale, Text

#: Public names that are not compute functions: the dataset API and the checker, which
#: have their own tests (tests/test_datasets.py, tests/test_exercises*.py).
NOT_COMPUTE = {"load_dataset", "describe_dataset", "list_datasets", "check"}


def _public_functions() -> dict[str, Callable]:
    out = {}
    names = [n for n in imlib.__all__ if n not in NOT_COMPUTE and not n.startswith("_")]
    for name in names:
        value = getattr(imlib, name)
        if inspect.isfunction(value):
            out[name] = value
    try:  # the service-profit chain module, once it lands
        profitchain = importlib.import_module("imlib.profitchain")
    except ImportError:
        profitchain = None
    if profitchain is not None:
        for name in getattr(profitchain, "__all__", []):
            value = getattr(profitchain, name)
            if inspect.isfunction(value):
                out.setdefault(name, value)
    return out


PUBLIC = _public_functions()


# --- small valid inputs ---------------------------------------------------------------------
@cache
def _data(name: str, rows: int | None = None) -> pd.DataFrame:
    frame = load_dataset(name)
    return frame.head(rows).reset_index(drop=True) if rows else frame


def _gaps() -> pd.DataFrame:
    return imlib.servqual_gaps(_data("bank_servqual", 40), by="branch")


def _rates() -> pd.DataFrame:
    return imlib.stage_error_rates(_data("service_process_log", 70))


def _deliveries() -> pd.DataFrame:
    frame = _data("service_deliveries", 60).dropna(subset=["arrival_minutes"])
    return frame.reset_index(drop=True)


def _chart() -> pd.DataFrame:
    return imlib.individuals_chart(_deliveries(), value_col="arrival_minutes")


def _transitions() -> pd.DataFrame:
    states = ["purchaser", "client", "lost"]
    return pd.DataFrame(
        [[0.6, 0.3, 0.1], [0.0, 0.9, 0.1], [0.0, 0.0, 1.0]], index=states, columns=states
    )


def _audit() -> pd.DataFrame:
    jury = _data("rm_jury")
    jury = jury[(jury["firm"] == "Northbank") & (jury["audit"] == "six_markets")]
    return imlib.markets_audit(jury.reset_index(drop=True))


def _segmented() -> pd.DataFrame:
    survey = imlib.climate_scores(_data("staff_survey", 50))
    return imlib.internal_segments(survey)


def _six_markets_jury() -> pd.DataFrame:
    jury = _data("rm_jury")
    keep = (jury["firm"] == "Northbank") & (jury["audit"] == "six_markets")
    return jury[keep].reset_index(drop=True)


@cache
def _chain() -> pd.DataFrame:
    from imlib.profitchain import chain_table

    names = ("branch_isq", "branch_people", "branch_tracker", "branch_money")
    return chain_table(*(_data(n) for n in names))


def _plan_file(tmp: Any) -> Any:
    return imlib.save_plan(imlib.example_plan(), tmp / "plan.json")


#: name -> (positional args, keyword args), built lazily; ``tmp`` is a fresh folder.
BASE_CALLS: dict[str, Callable[[Any], tuple[tuple, dict]]] = {
    # delivery
    "blueprint_crossings": lambda tmp: ((_data("service_blueprint"),), {}),
    "check_blueprint": lambda tmp: ((_data("service_blueprint"),), {}),
    "compound_failure": lambda tmp: ((0.01, 10), {}),
    "compound_failure_table": lambda tmp: ((), {"rates": [0.01, 0.02], "stages": [5, 10]}),
    "encounter_count": lambda tmp: ((1000, 3), {"seconds": 15}),
    "first_order_failure": lambda tmp: ((0.01, 10), {}),
    "fishbone_causes": lambda tmp: ((_data("service_complaints", 60),), {}),
    "moments_of_truth": lambda tmp: ((_data("service_blueprint"), _rates()), {"volume": 1000}),
    "pareto_table": lambda tmp: ((_data("service_complaints", 60),), {}),
    "required_stage_rate": lambda tmp: ((0.05, 10), {}),
    "stage_error_rates": lambda tmp: ((_data("service_process_log", 70),), {}),
    "stage_improvement": lambda tmp: ((_rates(),), {"reduction": 0.5}),
    # knowledge
    "four_phases": lambda tmp: ((), {}),
    "knowledge_pattern": lambda tmp: ((_data("knowledge_case_events"),), {}),
    "knowledge_patterns": lambda tmp: ((), {}),
    "phase_summary": lambda tmp: ((_data("knowledge_case_events"),), {}),
    "phase_trace": lambda tmp: ((_data("knowledge_case_events"),), {}),
    # loyalty
    "acquisition_vs_retention": lambda tmp: (
        (),
        {
            "customers": 1000,
            "defection_rate": 0.15,
            "defection_cut": 0.05,
            "acquisition_cost": 300,
            "retention_cost": 10,
        },
    ),
    "clv": lambda tmp: ((100.0,), {"retention": 0.8, "horizon": 5}),
    "clv_cash_flows": lambda tmp: ((100.0,), {"retention": 0.8, "horizon": 5}),
    "cohort_profit": lambda tmp: ((), {"defection_rate": 0.2, "margin": 100.0, "horizon": 5}),
    "customer_lifetime_value": lambda tmp: (
        (pd.DataFrame({"margin": [100.0, 50.0, 80.0], "retention_rate": [0.8, 0.5, 0.6]}),),
        {},
    ),
    "defection_cut_effect": lambda tmp: ((), {"defection_rate": 0.2, "margin": 100.0}),
    "ladder_of_loyalty": lambda tmp: ((), {}),
    "ladder_projection": lambda tmp: (({"purchaser": 1.0}, _transitions()), {"periods": 3}),
    "retention_rates": lambda tmp: ((_data("customer_cohort", 200),), {"by": "rung"}),
    "transition_matrix": lambda tmp: ((_data("customer_cohort", 200),), {}),
    # markets
    "canonical_market": lambda tmp: (("Employee",), {}),
    "markets_audit": lambda tmp: ((_six_markets_jury(),), {}),
    "rerank_gaps": lambda tmp: ((_audit(),), {"desired": {"internal": 9}}),
    "six_markets": lambda tmp: ((), {}),
    # mix
    "expanded_mix": lambda tmp: ((), {}),
    "importance_performance": lambda tmp: ((_data("mix_audit", 120),), {"by": "firm"}),
    "mix_elements": lambda tmp: (("relationship_7ps",), {}),
    # programme
    "example_plan": lambda tmp: ((), {}),
    "load_plan": lambda tmp: ((_plan_file(tmp),), {}),
    "render_markdown": lambda tmp: ((imlib.example_plan(),), {}),
    "save_plan": lambda tmp: ((imlib.example_plan(), tmp / "other.json"), {}),
    "validate": lambda tmp: ((imlib.example_plan(),), {}),
    # quality
    "diagnose_gaps": lambda tmp: ((_gaps(), _data("bank_branch_audit")), {}),
    "gaps_model": lambda tmp: ((), {}),
    "quality_index": lambda tmp: ((_gaps(),), {"by": "branch"}),
    "servqual_gaps": lambda tmp: ((_data("bank_servqual", 40),), {"by": "branch"}),
    "servqual_long": lambda tmp: ((_data("bank_servqual", 30),), {}),
    "servqual_scores": lambda tmp: ((_data("bank_servqual", 40),), {"by": "branch"}),
    "what_if": lambda tmp: ((_gaps(),), {"performance_change": 0.5}),
    "zones_of_tolerance": lambda tmp: (
        (imlib.servqual_long(_data("bank_servqual", 30)),),
        {"by": "dimension"},
    ),
    # spc
    "average_taguchi_loss": lambda tmp: (
        (_data("service_deliveries", 60),),
        {"value_col": "arrival_minutes", "target": 30, "tolerance": 30, "cost_at_limit": 5},
    ),
    "explain_signals": lambda tmp: ((_chart(),), {}),
    "individuals_chart": lambda tmp: (
        (_deliveries(),),
        {"value_col": "arrival_minutes"},
    ),
    "np_chart": lambda tmp: ((_data("service_process_log", 200).iloc[::7].reset_index(),), {}),
    "p_chart": lambda tmp: ((_data("service_process_log", 200).iloc[::7].reset_index(),), {}),
    "run_rules": lambda tmp: ((), {}),
    "taguchi_k": lambda tmp: ((), {"tolerance": 30, "cost_at_limit": 5}),
    "taguchi_loss": lambda tmp: (
        ([10.0, 12.0],),
        {"target": 10, "tolerance": 5, "cost_at_limit": 5},
    ),
    "western_electric": lambda tmp: ((pd.DataFrame({"z": [0.1, 3.5, -0.2, 1.0]}),), {}),
    # staff
    "climate_scores": lambda tmp: ((_data("staff_survey", 50),), {}),
    "cronbach_alpha": lambda tmp: ((_data("staff_survey", 50),), {}),
    "enps": lambda tmp: ((_data("staff_survey", 50),), {"by": "department"}),
    "internal_segments": lambda tmp: ((imlib.climate_scores(_data("staff_survey", 50)),), {}),
    "internal_service_quality": lambda tmp: ((_data("staff_survey", 50),), {}),
    "item_analysis": lambda tmp: ((_data("staff_survey", 50),), {"dimension": "communication"}),
    "segment_shares": lambda tmp: ((_segmented(),), {}),
    "staff_retention_rate": lambda tmp: ((200, 12), {}),
    "staff_turnover": lambda tmp: ((_data("staff_headcount"),), {}),
    "turnover_rate": lambda tmp: ((12, 200, 210), {}),
    # profitchain (added by branch h8)
    "chain_links": lambda tmp: ((_chain(),), {"n_resamples": 100}),
    "chain_table": lambda tmp: (
        tuple(_data(n) for n in ("branch_isq", "branch_people", "branch_tracker", "branch_money")),
        {},
    ),
    "imom_levels": lambda tmp: ((), {}),
    "imom_scorecard": lambda tmp: (
        (
            pd.DataFrame(
                {
                    "kpi": ["enps", "service_gap", "profit"],
                    "level": ["Action", "Interface", "Shared vision"],
                    "loop": ["ISQ", "ESQ", "none"],
                    "fed_back": [True, False, True],
                }
            ),
        ),
        {},
    ),
    "link_estimate": lambda tmp: (
        (_chain(),),
        {"cause": "isq", "effect": "climate", "n_resamples": 100},
    ),
    "linkage_correlation": lambda tmp: (
        (pd.DataFrame({"branch": list("ABCD"), "e": [1.0, 2, 3, 4], "c": [2.0, 2.5, 3.9, 4.1]}),),
        {"employee_col": "e", "customer_col": "c"},
    ),
    "propagate": lambda tmp: (
        ({"isq": 4.0, "climate": 3.0},),
        {"isq_change_pct": 10.0, "elasticities": {("isq", "climate"): 0.5}},
    ),
    "spc_links": lambda tmp: ((), {}),
    # datasets: None leaves the process unbound (a seed would bind it for later tests)
    "current_variant": lambda tmp: ((), {}),
    "use_variant": lambda tmp: ((None,), {}),
}


def _bound(name: str, tmp: Any) -> dict[str, Any]:
    args, kwargs = BASE_CALLS[name](tmp)
    call = inspect.signature(PUBLIC[name]).bind(*args, **kwargs)
    call.apply_defaults()
    return dict(call.arguments)


def _call(name: str, arguments: dict[str, Any]) -> Any:
    function = PUBLIC[name]
    params = inspect.signature(function).parameters
    args = [arguments[p] for p, spec in params.items() if spec.kind == spec.POSITIONAL_ONLY]
    kwargs = {p: v for p, v in arguments.items() if params[p].kind != params[p].POSITIONAL_ONLY}
    return function(*args, **kwargs)


# --- what a good message says ---------------------------------------------------------------
def _range_words(constraint: Any) -> list[str]:
    """Texts of which at least one must appear: the allowed range or type, as declared."""
    if isinstance(constraint, Interval):
        return [constraint.bounds(), "finite number"]
    if isinstance(constraint, Options):
        return [repr(c) for c in constraint.choices[:1]]
    if isinstance(constraint, Boolean):
        return ["boolean"]
    if isinstance(constraint, Each):
        return ["non-empty list", *_range_words(constraint.item)]
    if isinstance(constraint, Scale):
        return ["pair (low, high)", "finite number"]
    if isinstance(constraint, Text):
        return ["string", "present"]
    return [" must "]


def _shown(value: Any) -> list[str]:
    """How a message may show the offending value."""
    if isinstance(value, float) and math.isnan(value):
        return ["nan", "None", "<NA>"]
    if isinstance(value, list | tuple):
        return [repr(value), repr(list(value))] + (_shown(value[0]) if value else [])
    return [repr(value), str(value)]


def _assert_clear(error: pytest.ExceptionInfo, func: str, names: list[str], words, values):
    message = str(error.value)
    assert error.type in (TypeError, ValueError) or issubclass(error.type, TypeError | ValueError)
    assert message.startswith(f"{func}(): "), f"message does not name {func}(): {message}"
    assert any(n in message for n in names), f"message names none of {names}: {message}"
    assert any(w in message for w in words), f"message states none of {words}: {message}"
    assert any(v in message for v in values), f"message shows none of {values}: {message}"


# --- the cases, generated from the declarations ---------------------------------------------
def _scalar_cases(name: str) -> list[tuple]:
    cases = []
    for param, constraint in getattr(PUBLIC[name], "__constraints__", {}).items():
        if constraint is None or isinstance(constraint, Frame):
            continue
        for k, bad in enumerate(constraint.bad_values()):
            cases.append(pytest.param(name, param, bad, id=f"{name}-{param}-{k}"))
    return cases


def _frame_cases(name: str) -> list[tuple]:
    cases = []
    for param, constraint in getattr(PUBLIC[name], "__constraints__", {}).items():
        if isinstance(constraint, Frame):
            for kind in ("type", "index", "key", "columns"):
                cases.append(pytest.param(name, param, kind, id=f"{name}-{param}-{kind}"))
    return cases


SCALAR_CASES = [
    case for name in sorted(PUBLIC) if name in BASE_CALLS for case in _scalar_cases(name)
]
FRAME_CASES = [case for name in sorted(PUBLIC) if name in BASE_CALLS for case in _frame_cases(name)]


def test_every_public_function_declares_constraints_and_a_base_call():
    undeclared = sorted(n for n, f in PUBLIC.items() if not hasattr(f, "__constraints__"))
    assert not undeclared, f"public functions without validate_params: {undeclared}"
    empty = sorted(
        n
        for n, f in PUBLIC.items()
        if inspect.signature(f).parameters
        and not any(c is not None for c in f.__constraints__.values())
    )
    assert not empty, f"public functions with parameters but no declared constraint: {empty}"
    missing = sorted(set(PUBLIC) - set(BASE_CALLS))
    assert not missing, f"public functions with no valid base call in BASE_CALLS: {missing}"
    assert len(PUBLIC) >= 55


@pytest.mark.parametrize("name", sorted(BASE_CALLS))
def test_base_call_is_valid(name, tmp_path):
    if name not in PUBLIC:
        pytest.fail(f"{name} has a base call but is not a public function of imlib")
    _call(name, _bound(name, tmp_path))


@pytest.mark.parametrize(("name", "param", "bad"), SCALAR_CASES)
def test_bad_argument_is_a_clear_error(name, param, bad, tmp_path):
    arguments = _bound(name, tmp_path)
    arguments[param] = bad
    constraint = PUBLIC[name].__constraints__[param]
    with pytest.raises((TypeError, ValueError)) as error:
        _call(name, arguments)
    shown = constraint.shown(bad) + _shown(bad)
    _assert_clear(error, name, [f"'{param}'", f"{param}["], _range_words(constraint), shown)


def _plant(frame: pd.DataFrame, column: str, value: Any) -> pd.DataFrame:
    out = frame.copy()
    if isinstance(value, str) or value is None or pd.api.types.is_bool_dtype(out[column]):
        out[column] = out[column].astype(object)
    elif pd.api.types.is_integer_dtype(out[column]):
        out[column] = out[column].astype(float)
    out.loc[out.index[len(out) // 2], column] = value
    return out


def _column_bad_values(constraint: Any) -> list[Any]:
    values = list(constraint.bad_column_values())
    if isinstance(constraint, Interval):
        values.append("high")  # a word in a numeric column: wrong dtype
    return values


def test_bad_frame_is_a_clear_error(name, param, kind, tmp_path):
    arguments = _bound(name, tmp_path)
    frame: pd.DataFrame = arguments[param]
    constraint: Frame = PUBLIC[name].__constraints__[param]
    columns, keys = constraint.resolve(arguments)
    if kind == "type":  # a dict of columns, and an empty table, instead of a DataFrame
        arguments[param] = frame.to_dict("list")
        with pytest.raises(TypeError) as error:
            _call(name, arguments)
        _assert_clear(error, name, [param], ["pandas DataFrame"], ["dict"])
        arguments[param] = frame.iloc[:0]
        with pytest.raises(ValueError) as error:
            _call(name, arguments)
        _assert_clear(error, name, [param], ["at least one row"], ["empty"])
        return
    if kind == "index":
        bad = frame.copy()
        labels = list(bad.index)
        labels[-1] = labels[0]
        bad.index = labels
        arguments[param] = bad
        with pytest.raises(ValueError) as error:
            _call(name, arguments)
        _assert_clear(error, name, [param], ["one row per index label"], [repr(labels[0])])
        return
    if kind == "key":
        if not keys:
            return
        bad = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
        arguments[param] = bad
        with pytest.raises(ValueError) as error:
            _call(name, arguments)
        first = frame.iloc[0][keys[0]]
        _assert_clear(error, name, [param], ["one row per"], _shown(first))
        return
    derived = list(constraint.derived(arguments)) if constraint.derived else []
    sample = set(derived[:1] + derived[-1:])  # derived columns share one rule: try two
    for column, rule in columns.items():
        if (
            rule is None
            or column not in frame.columns
            or column in derived
            and column not in sample
        ):
            continue
        _check_all_missing(name, arguments, param, column, rule)
        gaps_ok = constraint.allows_missing(column, arguments)
        for value in _column_bad_values(rule):
            if gaps_ok and (value is None or isinstance(value, float) and math.isnan(value)):
                continue
            arguments[param] = _plant(frame, column, value)
            with pytest.raises((TypeError, ValueError)) as error:
                _call(name, arguments)
            _assert_clear(
                error, name, [repr(column)], _range_words(rule) + ["numeric"], _shown(value)
            )
        arguments[param] = frame


test_bad_frame_is_a_clear_error = pytest.mark.parametrize(("name", "param", "kind"), FRAME_CASES)(
    test_bad_frame_is_a_clear_error
)


def _check_all_missing(name, arguments, param, column, rule):
    frame = arguments[param]
    empty = frame.copy()
    empty[column] = pd.Series([np.nan] * len(frame), index=frame.index, dtype=object)
    if isinstance(rule, Interval):
        empty[column] = np.nan
    arguments[param] = empty
    with pytest.raises((TypeError, ValueError)) as error:
        _call(name, arguments)
    message = str(error.value)
    assert message.startswith(f"{name}(): ") and repr(column) in message, message
    arguments[param] = frame


# --- the classes of the issue, by hand: each must be a clear error, never a silent answer ----
@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: imlib.clv(float("inf"), retention=0.8), r"clv\(\): argument 'margin' .* got inf"),
        (lambda: imlib.turnover_rate(12, float("inf"), 210), "'headcount_start'.*got inf"),
        (
            lambda: imlib.pareto_table(
                pd.DataFrame({"cause": ["a", "b"], "n": [1, np.inf]}), count_col="n"
            ),
            r"pareto_table\(\): column 'n' must be present and lie in \[0, inf\).*value inf",
        ),
        (
            lambda: imlib.retention_rates(pd.DataFrame({"defected": [np.nan, np.nan]})),
            r"retention_rates\(\): column 'defected' must be boolean .*value nan",
        ),
        (
            lambda: imlib.cronbach_alpha(
                pd.concat([_data("staff_survey", 20), _data("staff_survey", 20)])
            ),
            r"cronbach_alpha\(\): data must have one row per index label.*first: index 0",
        ),
        (
            lambda: imlib.moments_of_truth(
                _data("service_blueprint"), pd.concat([_rates(), _rates()], ignore_index=True)
            ),
            r"moments_of_truth\(\): rates must have one row per 'stage'",
        ),
        (
            lambda: imlib.transition_matrix(_data("customer_cohort", 50).assign(defected="False")),
            r"transition_matrix\(\): column 'defected' must be boolean.*value 'False'",
        ),
        (
            lambda: imlib.moments_of_truth(
                _data("service_blueprint").assign(position=-1), _rates()
            ),
            r"^moments_of_truth\(\): column 'position'",
        ),
        (
            lambda: imlib.defection_cut_effect(defection_rate=0.2, margin=float("nan")),
            r"^defection_cut_effect\(\): argument 'margin'.*got nan",
        ),
    ],
)
def test_issue_classes(call, match):
    with pytest.raises((TypeError, ValueError), match=match):
        call()


def test_diagnose_gaps_reads_no_string_as_true():
    gaps = _gaps()
    audit = _data("bank_branch_audit").assign(standard_defined="False")
    with pytest.raises(TypeError, match=r"diagnose_gaps\(\): column 'standard_defined'.*'False'"):
        imlib.diagnose_gaps(gaps, audit)
    with pytest.raises(ValueError, match=r"diagnose_gaps\(\): column 'gap'.*missing"):
        imlib.diagnose_gaps(gaps.assign(gap=np.nan), _data("bank_branch_audit"))


def test_explain_signals_reads_no_string_as_true():
    chart = _chart().assign(rule_2="False")
    with pytest.raises(TypeError, match=r"explain_signals\(\): column 'rule_2'.*'False'"):
        imlib.explain_signals(chart)


def test_generated_cases_are_many_and_fast():
    assert len(SCALAR_CASES) > 250 and len(FRAME_CASES) > 100
    assert re.match(r"\w+-\w+-\d+", SCALAR_CASES[0].id)
