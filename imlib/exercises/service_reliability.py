"""Checkers for Lab 4, service reliability (``notebooks/04-service-reliability.ipynb``).

Expected answers are computed from ``service_process_log``, ``service_blueprint`` and
``service_complaints`` as :func:`imlib.load_dataset` returns them, so a dataset variant
needs no new answer key.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.delivery import (
    compound_failure,
    first_order_failure,
    moments_of_truth,
    pareto_table,
    required_stage_rate,
    stage_error_rates,
    stage_improvement,
)
from imlib.exercises._answers import as_number, as_series, close_to, compare
from imlib.exercises._core import Verdict, checker

__all__ = ["OVERALL_TARGET", "SEED_EXAMPLE", "TARGET_STAGES"]

#: The source paper's example: ten stages, each failing once in a hundred.
SEED_EXAMPLE = (10, 0.01)
#: Greenbasket's target: at most this share of orders may meet any failure ...
OVERALL_TARGET = 0.03
#: ... across this many stages.
TARGET_STAGES = 10


def _rates() -> pd.DataFrame:
    return stage_error_rates(load_dataset("service_process_log"))


def _pct_hint(value: float, expected: float, tol: float) -> str | None:
    if abs(value - 100 * expected) <= 100 * tol:
        return "That is a percentage; give the share as a fraction (9% is 0.09)."
    return None


@checker("reliability-seed-example")
def _seed_example(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    n, p = SEED_EXAMPLE
    exact = compound_failure(p, n)
    tol = 5e-5
    if abs(value - exact) <= tol:
        return Verdict(
            True,
            f"1 - 0.99^10 = {exact:.4f}, i.e. {100 * exact:.2f}% of outputs: not the 11% the "
            "paper prints. Its own formula gives 9.56%.",
        )
    if hint := _pct_hint(value, exact, tol):
        return Verdict(False, hint)
    if abs(value - n * p) <= tol:
        return Verdict(
            False,
            "That is n x p = 10%, the first-order approximation. It counts an order hit at two "
            "stages twice; compute 1 - (1 - p)^n exactly.",
        )
    if abs(value - 0.11) <= 1e-3:
        return Verdict(
            False,
            "11% is the figure the paper prints, which is the discrepancy to explain. Evaluate "
            "the paper's formula 1 - (1 - 0.01)^10 yourself.",
        )
    if abs(value - (1 - p) ** n) <= tol:
        return Verdict(False, "That is (1 - p)^n, the share with no failure; subtract it from 1.")
    return Verdict(False, "Use the paper's formula: 1 - (1 - 0.01) ** 10.")


@checker("reliability-stage-target")
def _stage_target(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    expected = required_stage_rate(OVERALL_TARGET, TARGET_STAGES)
    tol = 2e-6
    if abs(value - expected) <= tol:
        return Verdict(
            True,
            f"Each stage may fail on at most {100 * expected:.3f}% of orders: a little more "
            f"than {100 * OVERALL_TARGET / TARGET_STAGES:.1f}%, because failures overlap.",
        )
    if hint := _pct_hint(value, expected, tol):
        return Verdict(False, hint)
    if abs(value - OVERALL_TARGET / TARGET_STAGES) <= tol:
        return Verdict(
            False,
            "F / n is the first-order answer. Solve 1 - (1 - p)^n = F exactly: "
            "p = 1 - (1 - F)^(1/n).",
        )
    if abs(value - (1 - OVERALL_TARGET) ** (1 / TARGET_STAGES)) <= tol:
        return Verdict(
            False,
            "That is the per-stage success rate (1 - F)^(1/n); the failure rate is 1 minus it.",
        )
    return Verdict(False, "Solve 1 - (1 - p)^n = F for p, or use required_stage_rate(F, n).")


@checker("reliability-stage-rates")
def _stage_rates(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["stage"], value="error_rate")
    if problem:
        return Verdict(False, problem)
    rates = _rates().set_index("stage")["error_rate"]
    ok, where = compare(series, rates, tol=1e-7)
    if ok:
        return Verdict(
            True, f"{rates.idxmax()} has the highest error rate ({100 * rates.max():.2f}%)."
        )
    if close_to(series, 100 * rates, tol=1e-5):
        return Verdict(False, "Those are percentages; give the rates as fractions.")
    log = load_dataset("service_process_log")
    daily = (log["errors"] / log["orders"]).groupby(log["stage"]).mean()
    if close_to(series, daily, tol=1e-7):
        return Verdict(
            False,
            "You averaged the daily rates. Pool them instead: total errors / total orders "
            "per stage, so that busy days count for more (stage_error_rates does this).",
        )
    return Verdict(False, f"Not quite: {where}. Try stage_error_rates(log).")


@checker("reliability-overall-failure")
def _overall(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    rates = _rates()["error_rate"]
    exact = compound_failure(rates)
    tol = 2e-5
    if abs(value - exact) <= tol:
        return Verdict(
            True,
            f"{100 * exact:.2f}% of orders met at least one slip: about one order in "
            f"{1 / exact:.0f}, although no stage fails more than "
            f"{100 * rates.max():.1f}% of the time.",
        )
    if hint := _pct_hint(value, exact, tol):
        return Verdict(False, hint)
    if abs(value - first_order_failure(rates)) <= tol:
        return Verdict(
            False,
            "That is the sum of the rates, the first-order approximation; it counts orders "
            "with two slips twice. Use 1 - prod(1 - p_i).",
        )
    if abs(value - (1 - exact)) <= tol:
        return Verdict(
            False, "That is the share of orders with no slip at all; subtract it from 1."
        )
    return Verdict(False, "Combine the ten stage rates with compound_failure(rates['error_rate']).")


@checker("reliability-best-stage")
def _best_stage(answer: object) -> Verdict:
    if not isinstance(answer, str):
        return Verdict(
            False,
            f"Give the stage's name as text, e.g. 'packing'; you gave a {type(answer).__name__}.",
        )
    table = stage_improvement(_rates(), reduction=0.5)
    name = answer.strip().lower().replace(" ", "_")
    if name not in set(table["stage"]):
        return Verdict(False, f"{answer!r} is not a stage; use one of {', '.join(table['stage'])}.")
    best = table.iloc[0]
    if name == best["stage"]:
        return Verdict(
            True,
            f"Halving {name} avoids {100 * best['failure_avoided']:.2f} percentage points of "
            "failures: with the same proportional cut everywhere, the worst stage buys most. "
            "Whether it is also the cheapest to fix is a separate question.",
        )
    rank = int(table.set_index("stage").loc[name, "rank"])
    return Verdict(
        False,
        f"Halving {name} ranks {rank} of {len(table)}. Compare failure_avoided across stages "
        "(stage_improvement(rates, reduction=0.5)).",
    )


def _moments() -> pd.DataFrame:
    return moments_of_truth(load_dataset("service_blueprint"), _rates())


@checker("reliability-moment-of-truth")
def _moment(answer: object) -> Verdict:
    if not isinstance(answer, str):
        return Verdict(
            False, f"Give the step id or its label as text; you gave a {type(answer).__name__}."
        )
    moments = _moments()
    blueprint = load_dataset("service_blueprint")
    text = answer.strip().lower()
    by_id = {s.lower(): s for s in blueprint["step"]}
    by_label = {
        str(lab).lower(): s for s, lab in zip(blueprint["step"], blueprint["label"], strict=True)
    }
    step = by_id.get(text) or by_label.get(text)
    if step is None:
        return Verdict(False, f"{answer!r} is neither a step id nor a step label of the blueprint.")
    top = moments.iloc[0]
    if step == top["step"]:
        return Verdict(
            True,
            f"'{top['label']}': {100 * top['risk']:.1f}% of orders meet a failure there, "
            f"because {top['stages']} upstream stages surface at that one encounter.",
        )
    if step not in set(moments["step"]):
        lane = blueprint.set_index("step").loc[step, "lane"]
        return Verdict(
            False,
            f"{step} is a {lane} step. A moment of truth is an encounter the customer sees: "
            "look at the customer steps that reveal process stages.",
        )
    return Verdict(
        False,
        f"{step} is a moment of truth, but not the riskiest: rank the steps by the compound "
        "failure share of the stages they reveal (moments_of_truth).",
    )


@checker("reliability-vital-few")
def _vital_few(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    table = pareto_table(load_dataset("service_complaints"))
    expected = int(table["vital_few"].sum())
    if value == expected:
        return Verdict(
            True,
            f"{expected} of {len(table)} causes make up 80% of complaints: far more than 20% "
            "of them. The 80/20 rule is a rule of thumb, not a law.",
        )
    if abs(value - 0.2 * len(table)) < 1:
        return Verdict(
            False,
            "That assumes the 80/20 rule. Count the causes in the table until the "
            "cumulative share first reaches 80%.",
        )
    if abs(value - expected) == 1:
        return Verdict(
            False,
            "Off by one: include the cause at which the cumulative share first reaches 80%, "
            "and no more.",
        )
    return Verdict(
        False, "Sort causes by count and count them until the cumulative share reaches 80%."
    )
