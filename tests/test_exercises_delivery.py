"""Checkers of the service reliability and process control labs: right and wrong answers."""

import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.delivery import (
    compound_failure,
    first_order_failure,
    moments_of_truth,
    pareto_table,
    required_stage_rate,
    stage_error_rates,
    stage_improvement,
)
from imlib.exercises import check, labels, reset_results
from imlib.exercises.process_control import PHASE1_DAYS, sustained_signal
from imlib.spc import average_taguchi_loss, individuals_chart, p_chart

RELIABILITY = [
    "reliability-seed-example",
    "reliability-stage-target",
    "reliability-stage-rates",
    "reliability-overall-failure",
    "reliability-best-stage",
    "reliability-moment-of-truth",
    "reliability-vital-few",
    "reliability-fishbone-effect",
]
CONTROL = [
    "spc-pbar",
    "spc-ucl-first-day",
    "spc-special-cause",
    "spc-first-signal",
    "spc-phase-one",
    "spc-mr-sigma",
    "spc-taguchi",
    "spc-early-signals",
]


@pytest.fixture(autouse=True)
def _fresh():
    reset_results()


def verdict(label, answer, capsys):
    feedback = check(label, answer)
    return bool(feedback), feedback.text


@pytest.fixture(scope="module")
def log():
    return load_dataset("service_process_log")


@pytest.fixture(scope="module")
def rates(log):
    return stage_error_rates(log)


def stage(log, name):
    return log[log["stage"] == name].reset_index(drop=True)


def test_labels_registered():
    assert set(RELIABILITY + CONTROL) <= set(labels())


@pytest.mark.parametrize("label", RELIABILITY + CONTROL)
def test_not_attempted_and_junk_never_raise(label, capsys):
    ok, out = verdict(label, ..., capsys)
    assert not ok and "Not attempted" in out
    ok, out = verdict(label, object(), capsys)
    assert not ok and "Could not check" not in out


# --- lab 4 ---------------------------------------------------------------------------
def test_seed_example(capsys):
    assert verdict("reliability-seed-example", 1 - 0.99**10, capsys)[0]
    assert verdict("reliability-seed-example", 0.0956, capsys)[0]
    for wrong, hint in [
        (9.56, "percentage"),
        (0.1, "first-order"),
        (0.11, "paper prints"),
        (0.99**10, "no failure"),
    ]:
        ok, out = verdict("reliability-seed-example", wrong, capsys)
        assert not ok and hint in out


def test_stage_target(capsys):
    assert verdict("reliability-stage-target", required_stage_rate(0.03, 10), capsys)[0]
    ok, out = verdict("reliability-stage-target", 0.003, capsys)
    assert not ok and "F / n" in out
    ok, out = verdict("reliability-stage-target", 0.97**0.1, capsys)
    assert not ok and "success rate" in out
    ok, out = verdict("reliability-stage-target", 100 * required_stage_rate(0.03, 10), capsys)
    assert not ok and "percentage" in out


def test_stage_rates(rates, log, capsys):
    assert verdict("reliability-stage-rates", rates, capsys)[0]
    assert verdict("reliability-stage-rates", rates.set_index("stage")["error_rate"], capsys)[0]
    ok, out = verdict(
        "reliability-stage-rates", rates.assign(error_rate=100 * rates["error_rate"]), capsys
    )
    assert not ok and "percentages" in out
    daily = (log["errors"] / log["orders"]).groupby(log["stage"]).mean()
    ok, out = verdict("reliability-stage-rates", daily, capsys)
    assert not ok and "averaged the daily rates" in out


def test_overall_failure(rates, capsys):
    p = rates["error_rate"]
    assert verdict("reliability-overall-failure", compound_failure(p), capsys)[0]
    ok, out = verdict("reliability-overall-failure", first_order_failure(p), capsys)
    assert not ok and "sum of the rates" in out
    ok, out = verdict("reliability-overall-failure", 1 - compound_failure(p), capsys)
    assert not ok and "no slip" in out


def test_best_stage_is_a_choice_with_its_saving(rates, capsys):
    table = stage_improvement(rates, reduction=0.5)
    best, saved = table["stage"].iloc[0], table["failure_avoided"].iloc[0]
    assert verdict("reliability-best-stage", (best, saved), capsys)[0]
    assert verdict("reliability-best-stage", (best.upper(), round(saved, 6)), capsys)[0]
    rate = table["error_rate"].iloc[0]
    assert "first-order" in verdict("reliability-best-stage", (best, rate / 2), capsys)[1]
    assert "error rate" in verdict("reliability-best-stage", (best, rate), capsys)[1]
    assert "percentage" in verdict("reliability-best-stage", (best, 100 * saved), capsys)[1]
    ok, out = verdict("reliability-best-stage", (table["stage"].iloc[-1], 0.001), capsys)
    assert not ok and "ranks 10" in out
    ok, out = verdict("reliability-best-stage", ("warehouse", 0.001), capsys)
    assert not ok and "not a stage" in out
    assert "two things" in verdict("reliability-best-stage", best, capsys)[1]


def test_stage_rates_in_pandas(log, capsys):
    totals = log.groupby("stage")[["errors", "orders"]].sum()
    assert verdict("reliability-stage-rates", totals["errors"] / totals["orders"], capsys)[0]


def test_fishbone_effect(capsys):
    complaints = load_dataset("service_complaints")
    table = pareto_table(complaints)
    top = table["cause"].iloc[0]
    assert verdict("reliability-fishbone-effect", top, capsys)[0]
    assert verdict("reliability-fishbone-effect", top.upper().replace(" ", "_"), capsys)[0]
    ok, out = verdict("reliability-fishbone-effect", "procedures", capsys)
    assert not ok and "bone" in out
    ok, out = verdict("reliability-fishbone-effect", table["cause"].iloc[1], capsys)
    assert not ok and "ranks" in out
    ok, out = verdict("reliability-fishbone-effect", table["cause"].iloc[-1], capsys)
    assert not ok and "effects" in out
    assert "not a complaint type" in verdict("reliability-fishbone-effect", "scanner", capsys)[1]


def test_moment_of_truth(rates, capsys):
    moments = moments_of_truth(load_dataset("service_blueprint"), rates)
    top = moments.iloc[0]
    assert verdict("reliability-moment-of-truth", top["step"], capsys)[0]
    assert verdict("reliability-moment-of-truth", top["label"], capsys)[0]
    ok, out = verdict("reliability-moment-of-truth", moments["step"].iloc[1], capsys)
    assert not ok and "not the riskiest" in out
    ok, out = verdict("reliability-moment-of-truth", "b_pick", capsys)
    assert not ok and "backstage step" in out


def test_vital_few(capsys):
    table = pareto_table(load_dataset("service_complaints"))
    k = int(table["vital_few"].sum())
    assert verdict("reliability-vital-few", k, capsys)[0]
    ok, out = verdict("reliability-vital-few", k + 1, capsys)
    assert not ok and "Off by one" in out
    ok, out = verdict("reliability-vital-few", round(0.2 * len(table)), capsys)
    assert not ok and "80/20" in out


# --- lab 5 ---------------------------------------------------------------------------
def test_pbar(log, capsys):
    base = stage(log, "picking").iloc[:PHASE1_DAYS]
    p = base["errors"].sum() / base["orders"].sum()
    assert verdict("spc-pbar", p, capsys)[0]
    ok, out = verdict("spc-pbar", (base["errors"] / base["orders"]).mean(), capsys)
    assert not ok and "averaged the daily" in out
    ok, out = verdict("spc-pbar", 100 * p, capsys)
    assert not ok and "percentage" in out
    whole = stage(log, "picking")
    ok, out = verdict("spc-pbar", whole["errors"].sum() / whole["orders"].sum(), capsys)
    assert not ok and "all days" in out


def test_ucl(log, capsys):
    chart = p_chart(stage(log, "picking"), phase1=PHASE1_DAYS)
    ucl, p, n = chart["ucl"].iloc[0], chart["centre"].iloc[0], chart["orders"].iloc[0]
    assert verdict("spc-ucl-first-day", ucl, capsys)[0]
    ok, out = verdict("spc-ucl-first-day", p + 3 * np.sqrt(p * (1 - p)), capsys)
    assert not ok and "inside the square root" in out
    ok, out = verdict("spc-ucl-first-day", p + 2 * np.sqrt(p * (1 - p) / n), capsys)
    assert not ok and "3 sigma" in out
    ok, out = verdict("spc-ucl-first-day", chart["lcl"].iloc[0], capsys)
    assert not ok and "lower limit" in out


def test_special_cause(log, capsys):
    assert verdict("spc-special-cause", "2025-03-12", capsys)[0]
    assert verdict("spc-special-cause", pd.Timestamp("2025-03-12"), capsys)[0]
    chart = p_chart(stage(log, "payment"), phase1=PHASE1_DAYS)
    others = chart.loc[chart["rule_1"] & (chart["date"] != "2025-03-12"), "date"]
    if len(others):
        ok, out = verdict("spc-special-cause", others.iloc[0], capsys)
        assert not ok and "only just" in out
    ok, out = verdict("spc-special-cause", "yesterday", capsys)
    assert not ok and "not a date" in out


def test_first_signal_is_the_first_sustained_one(log, capsys):
    chart = p_chart(stage(log, "picking"), phase1=PHASE1_DAYS)
    phase2 = chart[chart["phase"] == "II"].reset_index(drop=True)
    flags = phase2["signal"].astype(int)
    sustained = phase2.loc[flags.rolling(3).sum().shift(-2) == 3, "date"].iloc[0]
    assert verdict("spc-first-signal", sustained.strftime("%Y-%m-%d"), capsys)[0]
    assert sustained == sustained_signal(chart)
    first = phase2.loc[phase2["signal"], "date"].iloc[0]
    if first != sustained:
        ok, out = verdict("spc-first-signal", first, capsys)
        assert not ok and "colleague's date" in out
    r4 = phase2.loc[phase2["rule_4"], "date"].iloc[0]
    if r4 not in {first, sustained}:
        ok, out = verdict("spc-first-signal", r4, capsys)
        assert not ok and "rule-4" in out
    ok, out = verdict("spc-first-signal", chart["date"].iloc[3], capsys)
    assert not ok and "Phase I" in out
    assert "not a date" in verdict("spc-first-signal", "", capsys)[1]
    assert "not a date" in verdict("spc-special-cause", "", capsys)[1]


def test_first_signal_on_a_term_where_the_colleague_is_wrong(tmp_path, monkeypatch, capsys):
    from imlib.datasets import write_datasets

    write_datasets(tmp_path, seed=7)
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    log = load_dataset("service_process_log")
    chart = p_chart(stage(log, "picking"), phase1=PHASE1_DAYS)
    phase2 = chart[chart["phase"] == "II"]
    first = phase2.loc[phase2["signal"], "date"].iloc[0]
    assert first != sustained_signal(chart)  # a lone false alarm comes first on this term
    assert "colleague's date" in verdict("spc-first-signal", first, capsys)[1]
    assert verdict("spc-first-signal", sustained_signal(chart), capsys)[0]


def test_early_signals(log, capsys):
    rows = stage(log, "picking").dropna(subset=["cycle_minutes"]).reset_index(drop=True)
    chart = individuals_chart(rows, value_col="cycle_minutes", phase1=PHASE1_DAYS)
    before = chart[chart["date"] < "2025-04-14"]
    right = int(before["signal"].sum())
    assert verdict("spc-early-signals", right, capsys)[0]
    beyond = int(before["rule_1"].sum())
    assert not verdict("spc-early-signals", beyond, capsys)[0] or beyond == right
    assert "stop at" in verdict("spc-early-signals", int(chart["signal"].sum()), capsys)[1]
    phase2_only = int(before.loc[before["phase"] == "II", "signal"].sum())
    if phase2_only != right:
        assert "Phase II" in verdict("spc-early-signals", phase2_only, capsys)[1]
    if beyond not in {right, phase2_only}:
        assert "any rule" in verdict("spc-early-signals", beyond, capsys)[1]


def test_taguchi_by_hand(capsys):
    deliveries = load_dataset("service_deliveries").dropna(subset=["arrival_minutes"])
    loss = 12 / 30**2 * (deliveries["arrival_minutes"] - 30) ** 2
    assert verdict("spc-taguchi", loss.groupby(deliveries["route_planning"]).mean(), capsys)[0]


def test_phase_one(log, capsys):
    rows = stage(log, "picking")
    assert verdict("spc-phase-one", int(p_chart(rows)["rule_1"].sum()), capsys)[0]
    ok, out = verdict(
        "spc-phase-one", int(p_chart(rows, phase1=PHASE1_DAYS)["rule_1"].sum()), capsys
    )
    assert not ok and "baseline" in out


def test_mr_sigma(log, capsys):
    rows = stage(log, "picking").dropna(subset=["cycle_minutes"]).reset_index(drop=True)
    chart = individuals_chart(rows, value_col="cycle_minutes", phase1=PHASE1_DAYS)
    sigma = chart["sigma"].iloc[0]
    assert verdict("spc-mr-sigma", sigma, capsys)[0]
    ok, out = verdict("spc-mr-sigma", sigma * 1.128, capsys)
    assert not ok and "1.128" in out
    ok, out = verdict("spc-mr-sigma", rows["cycle_minutes"].iloc[:PHASE1_DAYS].std(), capsys)
    assert not ok and "standard deviation" in out


def test_taguchi(capsys):
    deliveries = load_dataset("service_deliveries")
    table = average_taguchi_loss(
        deliveries,
        value_col="arrival_minutes",
        target=30,
        tolerance=30,
        cost_at_limit=12,
        by="route_planning",
    )
    assert verdict("spc-taguchi", table, capsys)[0]
    assert verdict(
        "spc-taguchi", table.set_index("route_planning")["average_loss"].to_dict(), capsys
    )[0]
    ok, out = verdict("spc-taguchi", table[["route_planning", "spread_loss"]], capsys)
    assert not ok and "bias" in out
    wrong_k = table.assign(average_loss=12 / 30 * (table["sd"] ** 2 + table["bias"] ** 2))
    ok, out = verdict("spc-taguchi", wrong_k[["route_planning", "average_loss"]], capsys)
    assert not ok and "Delta squared" in out
