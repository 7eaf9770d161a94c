"""Checkers for Lab 4, service reliability (``notebooks/04-service-reliability.ipynb``).

Expected answers are computed from ``service_process_log``, ``service_blueprint`` and
``service_complaints`` as :func:`imlib.load_dataset` returns them, so a dataset variant
needs no new answer key. The lab's exercises: the paper's example and a stage target (exact
against first-order), stage rates pooled in pandas, the overall failure share, the first
stage to fix (a choice and the share it saves), the riskiest moment of truth (predicted,
then ranked), the vital few counted by hand, and a colleague's fishbone with complaint types
drawn as causes (which effect belongs at the head?).
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
from imlib.exercises._answers import (
    AnswerForm,
    judge_series,
    name_key,
    read_name,
    read_number,
    read_series,
)
from imlib.exercises._core import Lab, Mistake, Verdict, judge_choice, judge_number
from imlib.exercises.six_markets import read_choice_and_number

__all__ = ["OVERALL_TARGET", "SEED_EXAMPLE", "TARGET_STAGES"]

LAB = Lab("reliability")

#: The source paper's example: ten stages, each failing once in a hundred.
SEED_EXAMPLE = (10, 0.01)
#: Greenbasket's target: at most this share of orders may meet any failure ...
OVERALL_TARGET = 0.03
#: ... across this many stages.
TARGET_STAGES = 10


def _rates() -> pd.DataFrame:
    return stage_error_rates(load_dataset("service_process_log"))


def _pct_mistake(expected: float, tol: float) -> Mistake:
    """The share given as a percentage (within the same tolerance, scaled)."""
    return Mistake(
        100 * expected,
        "That is a percentage; give the share as a fraction (9% is 0.09).",
        tol=100 * tol,
    )


@LAB.exercise("seed-example", reads=read_number)
def _seed_example(value: float) -> Verdict:
    n, p = SEED_EXAMPLE
    exact = compound_failure(p, n)
    tol = 5e-5
    return judge_number(
        value,
        exact,
        tol=tol,
        right=f"1 - 0.99^10 = {exact:.4f}, i.e. {100 * exact:.2f}% of outputs: not the 11% the "
        "paper prints. Its own formula gives 9.56%.",
        mistakes=[
            _pct_mistake(exact, tol),
            Mistake(
                n * p,
                "That is n x p = 10%, the first-order approximation. It counts an order hit at "
                "two stages twice; compute 1 - (1 - p)^n exactly.",
            ),
            Mistake(
                0.11,
                "11% is the figure the paper prints, which is the discrepancy to explain. "
                "Evaluate the paper's formula 1 - (1 - 0.01)^10 yourself.",
                tol=1e-3,
            ),
            Mistake(
                (1 - p) ** n, "That is (1 - p)^n, the share with no failure; subtract it from 1."
            ),
        ],
        otherwise="Use the paper's formula: 1 - (1 - 0.01) ** 10.",
    )


@LAB.exercise("stage-target", reads=read_number)
def _stage_target(value: float) -> Verdict:
    expected = required_stage_rate(OVERALL_TARGET, TARGET_STAGES)
    tol = 2e-6
    return judge_number(
        value,
        expected,
        tol=tol,
        right=f"Each stage may fail on at most {100 * expected:.3f}% of orders: a little more "
        f"than {100 * OVERALL_TARGET / TARGET_STAGES:.1f}%, because failures overlap.",
        mistakes=[
            _pct_mistake(expected, tol),
            Mistake(
                OVERALL_TARGET / TARGET_STAGES,
                "F / n is the first-order answer. Solve 1 - (1 - p)^n = F exactly: "
                "p = 1 - (1 - F)^(1/n).",
            ),
            Mistake(
                (1 - OVERALL_TARGET) ** (1 / TARGET_STAGES),
                "That is the per-stage success rate (1 - F)^(1/n); the failure rate is 1 minus it.",
            ),
        ],
        otherwise="Solve 1 - (1 - p)^n = F for p, or use required_stage_rate(F, n).",
    )


@LAB.exercise("stage-rates", reads=read_series, keys=["stage"], value="error_rate")
def _stage_rates(series: pd.Series) -> Verdict:
    rates = _rates().set_index("stage")["error_rate"]
    log = load_dataset("service_process_log")
    return judge_series(
        series,
        rates,
        tol=1e-7,
        right=f"The same as stage_error_rates. {rates.idxmax()} has the highest error rate "
        f"({100 * rates.max():.2f}%).",
        mistakes=[
            Mistake(100 * rates, "Those are percentages; give the rates as fractions.", tol=1e-5),
            Mistake(
                (log["errors"] / log["orders"]).groupby(log["stage"]).mean(),
                "You averaged the daily rates. Pool them instead: total errors / total orders "
                "per stage, so that busy days count for more (stage_error_rates does this).",
            ),
        ],
        otherwise="Per stage: total errors divided by total orders.",
    )


@LAB.exercise("overall-failure", reads=read_number)
def _overall(value: float) -> Verdict:
    rates = _rates()["error_rate"]
    exact = compound_failure(rates)
    tol = 2e-5
    return judge_number(
        value,
        exact,
        tol=tol,
        right=f"{100 * exact:.2f}% of orders met at least one slip: about one order in "
        f"{1 / exact:.0f}, although no stage fails more than "
        f"{100 * rates.max():.1f}% of the time.",
        mistakes=[
            _pct_mistake(exact, tol),
            Mistake(
                first_order_failure(rates),
                "That is the sum of the rates, the first-order approximation; it counts orders "
                "with two slips twice. Use 1 - prod(1 - p_i).",
            ),
            Mistake(
                1 - exact, "That is the share of orders with no slip at all; subtract it from 1."
            ),
        ],
        otherwise="Combine the ten stage rates with compound_failure(rates['error_rate']).",
    )


def _stages() -> list[str]:
    return list(_rates()["stage"])


def _stage_decision(answer: object) -> tuple[str, float]:
    return read_choice_and_number(
        answer, choices=_stages(), what="stage", number="share of orders saved"
    )


@LAB.exercise("best-stage", reads=_stage_decision)
def _best_stage(decision: tuple[str, float]) -> Verdict:
    name, value = decision
    table = stage_improvement(_rates(), reduction=0.5).set_index("stage")
    best = str(table.index[0])
    saved = float(table.loc[best, "failure_avoided"])
    if name != best:
        rank = int(table.loc[name, "rank"])
        return Verdict(
            False,
            f"Halving {name} ranks {rank} of {len(table)}. Compare the failures each halving "
            "avoids (stage_improvement(rates, reduction=0.5)).",
        )
    if abs(value - saved) <= 2e-5:
        return Verdict(
            True,
            f"Halving {name} avoids {100 * saved:.2f} percentage points of failures: with the "
            "same proportional cut everywhere, the worst stage buys most. Whether it is also "
            "the cheapest to fix is a separate question.",
        )
    rate = float(table.loc[name, "error_rate"])
    hints = {
        rate: "That is the stage's error rate; give the share of orders the halving saves.",
        rate / 2: "Half the stage's rate is the first-order saving: orders that slip at "
        "another stage too are failures anyway. Use failure_avoided.",
        100 * saved: "That is a percentage; give the share as a fraction.",
    }
    for wrong, hint in hints.items():
        if abs(value - wrong) <= 2e-6 * max(1.0, abs(wrong)):
            return Verdict(False, hint)
    return Verdict(False, f"Right stage; now give the share of orders it saves ({value:.3g}?).")


def _moments() -> pd.DataFrame:
    return moments_of_truth(load_dataset("service_blueprint"), _rates())


def _step(answer: object) -> str:
    blueprint = load_dataset("service_blueprint")
    if not isinstance(answer, str):
        raise AnswerForm(
            f"Give the step id or its label as text; you gave a {type(answer).__name__}."
        )
    names = dict(zip(blueprint["label"].astype(str), blueprint["step"], strict=True))
    names.update({s: s for s in blueprint["step"]})
    by_key = {name_key(k): v for k, v in names.items()}
    if name_key(answer) not in by_key:
        raise AnswerForm(f"{answer!r} is neither a step id nor a step label of the blueprint.")
    return str(by_key[name_key(answer)])


@LAB.exercise("moment-of-truth", reads=_step)
def _moment(step: str) -> Verdict:
    moments = _moments()
    blueprint = load_dataset("service_blueprint")
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


@LAB.exercise("vital-few", reads=read_number)
def _vital_few(value: float) -> Verdict:
    table = pareto_table(load_dataset("service_complaints"))
    expected = int(table["vital_few"].sum())
    if value == expected:
        share = expected / len(table)
        compared = "more" if share > 0.2 else "no more"
        return Verdict(
            True,
            f"{expected} of {len(table)} complaint types ({share:.0%} of them) make up 80% of "
            f"complaints: {compared} than the 20% of the rule. The 80/20 rule is a rule of "
            "thumb, not a law.",
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


FISHBONE_BONES = ("policies", "procedures", "people", "place")


def _effect(answer: object) -> str:
    complaints = load_dataset("service_complaints")
    choices = sorted(set(complaints["cause"].astype(str)) | set(FISHBONE_BONES))
    return read_name(answer, choices=choices, what="complaint type")


@LAB.exercise("fishbone-effect", reads=_effect)
def _fishbone_effect(name: str) -> Verdict:
    complaints = load_dataset("service_complaints")
    table = pareto_table(complaints)
    top = str(table["cause"].iloc[0])
    mistakes = {
        bone: "That is a bone of the fishbone, a category of causes, not an effect: "
        "the head holds one problem customers experience."
        for bone in FISHBONE_BONES
    }
    second = str(table["cause"].iloc[1])
    mistakes[second] = (
        f"{second} is a real problem, but the Pareto chart ranks {top} above it: start "
        "where most complaints are."
    )
    return judge_choice(
        name,
        top,
        right=f"{top}: the complaint type the Pareto chart ranks first "
        f"({table['share'].iloc[0]:.0%} of complaints). It is an effect; a fishbone for it "
        "lists what could cause it, bone by bone, as hypotheses to test.",
        mistakes=mistakes,
        otherwise=f"Complaint types are effects. Put one at the head: the one with the most "
        f"complaints in pareto_table (not {name}).",
    )
