"""Service delivery: compound failure, blueprints, moments of truth, fishbone, Pareto."""

import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.delivery import (
    BLUEPRINT_LANES,
    FISHBONE_PRESETS,
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
from imlib.plotting import (
    plot_blueprint,
    plot_compound_failure,
    plot_fishbone,
    plot_pareto,
    plot_stage_rates,
)


# --- closed forms (DOMAIN 5.1) -------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "p", "expected"),
    [(10, 0.01, 0.0956), (10, 0.02, 0.1829), (20, 0.01, 0.1821), (10, 0.05, 0.4013)],
)
def test_compound_failure_published_values(n, p, expected):
    assert round(compound_failure(p, n), 4) == expected
    assert compound_failure([p] * n) == pytest.approx(1 - (1 - p) ** n)


def test_the_seed_example_is_not_eleven_percent():
    exact = compound_failure(0.01, 10)
    assert exact == pytest.approx(0.095618, abs=1e-6)
    assert abs(exact - 0.11) > 0.01
    assert first_order_failure(0.01, 10) == pytest.approx(0.10)


@pytest.mark.parametrize("p", [0.001, 0.01, 0.05, 0.2])
@pytest.mark.parametrize("n", [2, 5, 30])
def test_first_order_always_overstates(n, p):
    assert first_order_failure(p, n) > compound_failure(p, n)


def test_one_stage_and_zero_rates():
    assert compound_failure(0.03, 1) == pytest.approx(0.03)
    assert compound_failure([0.0, 0.0]) == 0.0


def test_inverse_target():
    p = required_stage_rate(0.05, 10)
    assert round(p, 5) == 0.00512
    assert compound_failure(p, 10) == pytest.approx(0.05)
    assert p > 0.05 / 10
    assert required_stage_rate(0.0, 4) == 0.0


def test_table_matches_the_scalar_functions():
    table = compound_failure_table(rates=[0.01, 0.05], stages=[1, 10, 20])
    assert len(table) == 6
    for row in table.itertuples():
        assert row.exact == pytest.approx(compound_failure(row.stage_rate, row.stages))
        assert row.first_order == pytest.approx(first_order_failure(row.stage_rate, row.stages))
    assert (table["overstatement"] >= 0).all()


@pytest.mark.parametrize(
    ("p", "n", "error", "match"),
    [
        (1, 10, ValueError, "write 1% as 0.01"),
        (5, 10, ValueError, "write 1% as 0.01"),
        (-0.01, 10, ValueError, r"must lie in \[0, 1\)"),
        (float("nan"), 10, ValueError, "must lie in"),
        (
            [0.01, 2],
            None,
            ValueError,
            r"p\[1\] must lie in \[0, 1\) \(rates are fractions: write 1% as 0.01\); got 2",
        ),
        ([0.01, -0.1], None, ValueError, r"p\[1\] must lie in \[0, 1\); got -0.1"),
        ([], None, ValueError, "'p' must be a single value or a non-empty list"),
        (0.01, None, TypeError, "give the number of stages n"),
        (0.01, 0, ValueError, r"'n' must be a whole number in \[1, inf\); got 0"),
        (0.01, 2.5, TypeError, "whole number"),
        (0.01, True, TypeError, "whole number"),
        ("0.01", 10, TypeError, "single value or a non-empty list"),
        ([0.01, "a"], None, TypeError, "must be a number"),
        ([0.01], 3, TypeError, "give n only with a single rate"),
    ],
)
def test_compound_failure_bad_input(p, n, error, match):
    with pytest.raises(error, match=match):
        compound_failure(p, n)


@pytest.mark.parametrize(
    ("target", "n", "match"),
    [
        (5, 10, "write 1% as 0.01"),
        (1.0, 10, "must lie in"),
        (-0.1, 10, "must lie in"),
        (0.05, 0, "must be a whole number in"),
    ],
)
def test_required_stage_rate_bad_input(target, n, match):
    with pytest.raises(ValueError, match=match):
        required_stage_rate(target, n)


def test_table_bad_input():
    with pytest.raises(ValueError, match="'stages' must be a non-empty list"):
        compound_failure_table(rates=[0.01], stages=[])
    with pytest.raises(ValueError, match=r"stages\[0\] must be a whole number in"):
        compound_failure_table(rates=[0.01], stages=[0])
    with pytest.raises(ValueError, match="write 1% as 0.01"):
        compound_failure_table(rates=[1], stages=[10])


# --- process log -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def log():
    return load_dataset("service_process_log")


def test_stage_rates_are_pooled(log):
    rates = stage_error_rates(log)
    assert list(rates["stage"]) == list(pd.unique(log["stage"]))
    pick = log[log["stage"] == "picking"]
    assert rates.set_index("stage").loc["picking", "error_rate"] == pytest.approx(
        pick["errors"].sum() / pick["orders"].sum()
    )
    by_weekday = stage_error_rates(log, by="weekday")
    assert len(by_weekday) == 70


def test_stage_rates_do_not_change_the_input(log):
    before = log.copy()
    stage_error_rates(log)
    pd.testing.assert_frame_equal(log, before)


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        ({"errors": [-1, 0]}, ValueError, "'errors' must be present and lie in"),
        ({"errors": [5, 0], "orders": [4, 10]}, ValueError, "must not exceed 'orders'"),
        ({"orders": [0, 0], "errors": [0, 0]}, ValueError, "handled no volume"),
        ({"errors": [np.nan, 1]}, ValueError, "must be present"),
        ({"errors": ["a", "b"]}, TypeError, "must be numeric"),
    ],
)
def test_stage_rates_bad_input(change, error, match):
    frame = pd.DataFrame({"stage": ["a", "a"], "orders": [10, 10], "errors": [1, 0]})
    with pytest.raises(error, match=match):
        stage_error_rates(frame.assign(**change))


def test_empty_log_is_refused():
    with pytest.raises(ValueError, match="log is empty"):
        stage_error_rates(pd.DataFrame({"stage": [], "orders": [], "errors": []}))
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        stage_error_rates([1, 2])


def test_stage_improvement_closed_form():
    rates = pd.DataFrame({"stage": ["a", "b", "c"], "error_rate": [0.01, 0.04, 0.02]})
    out = stage_improvement(rates, reduction=1.0).set_index("stage")
    p = rates.set_index("stage")["error_rate"]
    for s in p.index:
        others = np.prod([1 - p[t] for t in p.index if t != s])
        assert out.loc[s, "failure_avoided"] == pytest.approx(p[s] * others)
    assert out["rank"].idxmin() == "b"
    with pytest.raises(ValueError, match="'reduction' must lie in"):
        stage_improvement(rates, reduction=50)
    with pytest.raises(ValueError, match="one row per 'stage'"):
        stage_improvement(pd.concat([rates, rates], ignore_index=True))
    with pytest.raises(ValueError, match=r"must be present and lie in \[0, 1\)"):
        stage_improvement(rates.assign(error_rate=[1, 4, 2]))


def test_encounter_count_carlzon():
    out = encounter_count(10_000_000, 5, seconds=15)
    assert out["moments_of_truth"].iloc[0] == 50_000_000
    with pytest.raises(ValueError, match="contacts_per_customer"):
        encounter_count(10, -1)
    with pytest.raises(ValueError, match="seconds"):
        encounter_count(10, 1, seconds=float("inf"))


# --- blueprint and moments of truth -------------------------------------------------------
@pytest.fixture(scope="module")
def blueprint():
    return load_dataset("service_blueprint")


def test_shipped_blueprint_is_valid(blueprint):
    bp = check_blueprint(blueprint)
    assert set(bp["lane"]) == set(BLUEPRINT_LANES)
    crossings = blueprint_crossings(blueprint)
    assert crossings[["interaction", "visibility", "internal_interaction"]].any().all()


def test_crossing_counts():
    bp = pd.DataFrame(
        {
            "step": ["c", "o", "b", "s"],
            "label": ["C", "O", "B", "S"],
            "lane": ["customer", "onstage", "backstage", "support"],
            "position": [0, 1, 2, 3],
            "follows": ["", "c", "o", "c"],
            "evidence": ["", "", "", ""],
            "reveals": ["", "", "", ""],
        }
    )
    out = blueprint_crossings(bp).set_index("to_step")
    assert out.loc["o", ["interaction", "visibility", "internal_interaction"]].tolist() == [
        True,
        False,
        False,
    ]
    assert out.loc["s"].loc[["interaction", "visibility", "internal_interaction"]].all()


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"lane": ["customer", "backroom"]}, "must be one of"),
        ({"step": ["a", "a"]}, "one row per 'step'.*value 'a'"),
        ({"follows": ["", "zzz"]}, "'zzz', which is not a step"),
        ({"position": [1, 0]}, "must come after"),
        ({"position": [0, 1.5]}, "'position' must be present and a whole number"),
        ({"position": [0, -1]}, "'position' must be present and a whole number in"),
        ({"evidence": ["", "Uniform"], "lane": ["customer", "backstage"]}, "physical evidence"),
    ],
)
def test_bad_blueprints(change, match):
    bp = pd.DataFrame(
        {
            "step": ["a", "b"],
            "label": ["A", "B"],
            "lane": ["customer", "onstage"],
            "position": [0, 1],
            "follows": ["", "a"],
            "evidence": ["", ""],
            "reveals": ["", ""],
        }
    )
    with pytest.raises(ValueError, match=match):
        check_blueprint(bp.assign(**change))


def test_missing_blueprint_column(blueprint):
    with pytest.raises(ValueError, match="no column 'reveals'"):
        check_blueprint(blueprint.drop(columns="reveals"))


def test_moments_of_truth_use_compound_failure(blueprint, log):
    rates = stage_error_rates(log)
    moments = moments_of_truth(blueprint, rates, volume=1000)
    assert moments["lane"].isin(["customer", "onstage"]).all()
    assert moments["risk"].is_monotonic_decreasing
    top = moments.iloc[0]
    rate = rates.set_index("stage")["error_rate"]
    stages = [s.strip() for s in top["reveals"].split(";")]
    assert top["risk"] == pytest.approx(compound_failure(rate[stages].tolist()))
    assert top["expected_failures"] == pytest.approx(1000 * top["risk"])
    with pytest.raises(ValueError, match="reveals stage 'picking', which has no row"):
        moments_of_truth(blueprint, rates[rates["stage"] != "picking"])


# --- fishbone and Pareto ----------------------------------------------------------------
@pytest.fixture(scope="module")
def complaints():
    return load_dataset("service_complaints")


def test_fishbone_counts_add_up(complaints):
    out = fishbone_causes(complaints)
    assert out["count"].sum() == len(complaints)
    assert list(out["category"].cat.categories) == list(FISHBONE_PRESETS["services_4P"])
    assert out["share"].sum() == pytest.approx(1.0)
    assert out.groupby("category", observed=True).size().max() > 2
    assert fishbone_causes(complaints, top=2).groupby("category", observed=True).size().max() == 2


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"preset": "6M"}, "unknown preset '6M'"),
        ({"preset": ["people", "People"]}, "'people' repeats"),
        ({"preset": ["people"]}, "must hold one of 'people'"),
        ({"top": 0}, "'top' must be"),
    ],
)
def test_fishbone_bad_input(complaints, kwargs, match):
    with pytest.raises(ValueError, match=match):
        fishbone_causes(complaints, **kwargs)


def test_fishbone_negative_counts():
    table = pd.DataFrame({"category": ["people"], "cause": ["rude"], "n": [-1]})
    with pytest.raises(ValueError, match="'n' must be present and lie in"):
        fishbone_causes(table, count_col="n")


def test_pareto_table(complaints):
    table = pareto_table(complaints)
    assert table["count"].is_monotonic_decreasing
    assert table["cumulative_share"].iloc[-1] == pytest.approx(1.0)
    k = int(table["vital_few"].sum())
    assert table["cumulative_share"].iloc[k - 1] >= 0.8 > table["cumulative_share"].iloc[k - 2]
    counted = pareto_table(table[["cause", "count"]], count_col="count")
    pd.testing.assert_frame_equal(counted, table)
    with pytest.raises(ValueError, match="'threshold' must lie in"):
        pareto_table(complaints, threshold=0)
    with pytest.raises(ValueError, match="add up to 0"):
        pareto_table(pd.DataFrame({"cause": ["a"], "n": [0]}), count_col="n")


# --- data story -------------------------------------------------------------------------
def test_log_story(log):
    pay = log[log["stage"] == "payment"].set_index("date")
    assert pay["errors"].idxmax() == pd.Timestamp("2025-03-12")
    pick = log[log["stage"] == "picking"]
    before = pick[pick["date"] < "2025-04-14"]
    after = pick[pick["date"] >= "2025-04-14"]
    assert after["errors"].sum() / after["orders"].sum() > 1.3 * (
        before["errors"].sum() / before["orders"].sum()
    )
    assert 0 < log["cycle_minutes"].isna().mean() < 0.03
    assert (log["errors"] <= log["orders"]).all()


# --- figures ----------------------------------------------------------------------------
def test_plots_draw_on_the_given_axes(log, blueprint, complaints):
    rates = stage_error_rates(log)
    table = compound_failure_table(rates=[0.01], stages=list(range(1, 11)))
    calls = [
        lambda ax: plot_compound_failure(table, highlight=(10, 0.01), ax=ax),
        lambda ax: plot_stage_rates(rates, ax=ax),
        lambda ax: plot_blueprint(blueprint, moments=moments_of_truth(blueprint, rates), ax=ax),
        lambda ax: plot_fishbone(complaints, effect="Complaints", ax=ax),
        lambda ax: plot_pareto(complaints, ax=ax),
    ]
    for call in calls:
        fig, (left, right) = plt.subplots(1, 2)
        assert call(right) is right
        assert not left.has_data() and not left.texts
        assert right.get_title()


def test_stage_rate_bars_are_percentages(log):
    rates = stage_error_rates(log)
    ax = plot_stage_rates(rates)
    heights = sorted(p.get_width() for p in ax.patches)
    assert heights[-1] == pytest.approx(100 * rates["error_rate"].max())
    assert math.isclose(heights[0], 100 * rates["error_rate"].min())
