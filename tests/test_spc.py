"""Process control: p/np/individuals charts, run rules, Taguchi loss."""

import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.plotting import plot_control_chart, plot_taguchi_loss
from imlib.spc import (
    RULES,
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


def days(errors, orders):
    return pd.DataFrame({"errors": errors, "orders": orders})


# --- p-chart closed forms (DOMAIN 5.2) ------------------------------------------------------
def test_p_chart_published_limits():
    chart = p_chart(days([10], [200]), p_bar=0.05)
    assert chart["sigma"].iloc[0] == pytest.approx(0.01541, abs=1e-5)
    assert chart["lcl"].iloc[0] == pytest.approx(0.00377, abs=1e-5)
    assert chart["ucl"].iloc[0] == pytest.approx(0.09623, abs=1e-5)
    small = p_chart(days([1], [50]), p_bar=0.02)
    assert small["lcl"].iloc[0] == 0.0  # -0.039 truncated at 0
    assert small["ucl"].iloc[0] == pytest.approx(0.0794, abs=1e-4)


def test_p_chart_ucl_truncated_at_one():
    chart = p_chart(days([1], [2]), p_bar=0.6)
    assert chart["ucl"].iloc[0] == 1.0


def test_np_chart_published_limits():
    chart = np_chart(days([10], [200]), p_bar=0.05)
    assert chart[["centre", "lcl", "ucl"]].iloc[0].round(2).tolist() == [10.0, 0.75, 19.25]


def test_pooled_p_bar_not_mean_of_proportions():
    frame = days([1, 30] * 10, [100, 1000] * 10)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chart = p_chart(frame)
    assert chart["centre"].iloc[0] == pytest.approx(310 / 11000)
    assert chart["centre"].iloc[0] != pytest.approx((0.01 + 0.03) / 2)


def test_variable_limits_narrow_with_size():
    chart = p_chart(days([5, 20], [100, 1000]), p_bar=0.02)
    assert chart["ucl"].iloc[1] < chart["ucl"].iloc[0]
    np_ch = np_chart(days([5, 20], [100, 1000]), p_bar=0.02)
    assert np_ch["centre"].tolist() == pytest.approx([2.0, 20.0])
    assert np.allclose(np_ch["z"], chart["z"])


def test_phase1_holds_the_centre():
    frame = days([2] * 30 + [8] * 30, [200] * 60)
    fixed = p_chart(frame, phase1=30)
    assert fixed["centre"].iloc[0] == pytest.approx(0.01)
    assert (fixed["phase"] == "II").sum() == 30
    moving = p_chart(frame)
    assert moving["centre"].iloc[0] == pytest.approx(0.025)
    assert fixed["rule_1"].sum() == 30 and moving["rule_1"].sum() == 0


def test_few_subgroups_warn():
    with pytest.warns(UserWarning, match="only 3 subgroups"):
        p_chart(days([1, 2, 3], [100] * 3))


@pytest.mark.parametrize(
    ("frame", "kwargs", "match"),
    [
        (days([-1, 2], [100, 100]), {}, "'errors' must be present and lie in"),
        (days([1, 2], [100, 0]), {}, r"'orders' must be present and lie in \(0, inf\)"),
        (days([101, 2], [100, 100]), {}, "must not exceed 'orders'"),
        (days([np.nan, 2], [100, 100]), {}, "must be present"),
        (days([0, 0], [100, 100]), {}, "p-bar is 0"),
        (days([1, 2], [100, 100]), {"p_bar": 0}, r"'p_bar' must lie in \(0, 1\)"),
        (days([1, 2], [100, 100]), {"p_bar": 5}, r"'p_bar' must lie in \(0, 1\)"),
        (days([1, 2], [100, 100]), {"phase1": 1}, "'phase1' must be a whole number in"),
        (days([1, 2], [100, 100]), {"phase1": 3}, "'phase1' must lie in"),
        (days([1, 2], [100, 100]), {"run_length": 1, "p_bar": 0.01}, "run_length"),
    ],
)
def test_p_chart_bad_input(frame, kwargs, match):
    with pytest.raises(ValueError, match=match), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        p_chart(frame, **kwargs)


def test_empty_and_wrong_types():
    with pytest.raises(ValueError, match="data is empty"):
        p_chart(days([], []))
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        np_chart([1, 2])
    with pytest.raises(TypeError, match="must be numeric"):
        p_chart(days(["a"], [10]))
    with pytest.raises(ValueError, match="no column 'errors'"):
        p_chart(pd.DataFrame({"orders": [10]}))


# --- run rules ----------------------------------------------------------------------------
def rules_at(z, **kwargs):
    out = western_electric(pd.DataFrame({"z": z}), **kwargs)
    return {r: out.index[out[r]].tolist() for r in RULES}


def test_rule_1():
    assert rules_at([0, 3.1, -3.2, 2.9])["rule_1"] == [1, 2]


def test_rule_2_needs_same_side():
    assert rules_at([2.5, 0, 2.1])["rule_2"] == [2]
    assert rules_at([2.5, 0, -2.1])["rule_2"] == []
    assert rules_at([2.5, 0, 0, 2.1])["rule_2"] == []


def test_rule_3():
    assert rules_at([1.5, 1.2, 0, 1.1, 1.3])["rule_3"] == [4]
    assert rules_at([1.5, 1.2, 0, 0, 1.3])["rule_3"] == []


def test_rule_4_eight_versus_nine():
    z = [0.5] * 8 + [-0.5]
    assert rules_at(z)["rule_4"] == [7]
    assert rules_at(z, run_length=9)["rule_4"] == []
    assert rules_at([0.5] * 9, run_length=9)["rule_4"] == [8]
    assert rules_at([0.5] * 4 + [0.0] + [0.5] * 4)["rule_4"] == []  # on the line breaks it


def test_missing_z_breaks_patterns():
    assert rules_at([0.5] * 4 + [np.nan] + [0.5] * 4)["rule_4"] == []


def test_explanations_name_rule_side_and_attribute_caveat():
    chart = p_chart(days([10, 21, 2, 1, 1], [200] * 5), p_bar=0.05)
    found = explain_signals(chart)
    assert found.iloc[0]["rule"] == "rule_1" and found.iloc[0]["side"] == "above"
    assert "special cause" in found.iloc[0]["explanation"]
    assert (found["rule"] != "rule_1").any()
    assert found.loc[found["rule"] != "rule_1", "explanation"].str.contains("attribute").all()
    assert len(run_rules()) == 4 and "Nelson" in run_rules().loc[3, "pattern"]


def test_explain_signals_empty():
    chart = p_chart(days([10, 10], [200, 200]), p_bar=0.05)
    assert explain_signals(chart).empty


# --- individuals chart ----------------------------------------------------------------
def test_individuals_sigma_from_moving_range():
    x = [4.0, 5.0, 4.0, 6.0, 5.0] * 5
    frame = pd.DataFrame({"wait": x})
    chart = individuals_chart(frame, value_col="wait")
    mr = np.abs(np.diff(x)).mean()
    assert chart["sigma"].iloc[0] == pytest.approx(mr / 1.128)
    assert chart["ucl"].iloc[0] == pytest.approx(np.mean(x) + 3 * mr / 1.128)
    assert np.isnan(chart["moving_range"].iloc[0])


def test_individuals_catches_a_shift_the_sd_would_hide():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(10, 1, 40), rng.normal(13, 1, 40)])
    chart = individuals_chart(pd.DataFrame({"t": x}), value_col="t", phase1=40)
    assert chart.loc[40:, "signal"].mean() > 0.5
    assert chart.loc[:39, "signal"].sum() <= 3


@pytest.mark.parametrize(
    ("values", "kwargs", "match"),
    [
        ([1.0], {}, "at least 2 rows"),
        ([1.0, np.nan, 2.0], {}, "must be present"),
        ([3.0] * 25, {}, "every moving range"),
        ([1.0, 2.0, 3.0], {"phase1": 9}, "'phase1' must lie in"),
    ],
)
def test_individuals_bad_input(values, kwargs, match):
    with pytest.raises(ValueError, match=match), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        individuals_chart(pd.DataFrame({"t": values}), value_col="t", **kwargs)


# --- Taguchi (DOMAIN 5.3) ------------------------------------------------------------
def test_taguchi_published_values():
    assert taguchi_k(tolerance=0.5, cost_at_limit=50) == 200.0
    assert taguchi_loss(10.2, target=10, tolerance=0.5, cost_at_limit=50) == pytest.approx(8.0)
    # sigma 0.2, bias 0.1 -> 200 * (0.04 + 0.01) = 10
    units = pd.DataFrame({"y": [10.3, 9.9]})  # mean 10.1, population sd 0.2
    out = average_taguchi_loss(units, value_col="y", target=10, tolerance=0.5, cost_at_limit=50)
    assert out["average_loss"].iloc[0] == pytest.approx(10.0)
    losses = taguchi_loss(units["y"], target=10, tolerance=0.5, cost_at_limit=50)
    assert losses.mean() == pytest.approx(10.0)
    assert isinstance(losses, pd.Series)


def test_taguchi_loss_at_the_limit_equals_the_cost():
    assert taguchi_loss([9.5, 10.5], target=10, tolerance=0.5, cost_at_limit=50).tolist() == [
        pytest.approx(50.0),
        pytest.approx(50.0),
    ]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"tolerance": 0}, r"'tolerance' must lie in \(0, inf\)"),
        ({"tolerance": -1}, "'tolerance' must lie in"),
        ({"cost_at_limit": -5}, "'cost_at_limit' must lie in"),
        ({"kind": "larger"}, "'kind' must be one of"),
        ({"kind": "smaller"}, "has target 0"),
    ],
)
def test_taguchi_bad_input(kwargs, match):
    args = {"target": 10, "tolerance": 0.5, "cost_at_limit": 50} | kwargs
    with pytest.raises(ValueError, match=match):
        taguchi_loss(10.0, **args)


def test_taguchi_bad_values():
    with pytest.raises(ValueError, match=r"y\[1\] must be a finite number; got nan"):
        taguchi_loss([1.0, np.nan], target=0, tolerance=1, cost_at_limit=1)
    with pytest.raises(TypeError, match="single value or a non-empty list"):
        taguchi_loss("10", target=0, tolerance=1, cost_at_limit=1)
    with pytest.raises(ValueError, match="are missing"):
        average_taguchi_loss(
            pd.DataFrame({"y": [np.nan]}), value_col="y", target=0, tolerance=1, cost_at_limit=1
        )


# --- case data ------------------------------------------------------------------------
def test_case_special_cause_and_shift():
    log = load_dataset("service_process_log")
    pay = log[log["stage"] == "payment"].reset_index(drop=True)
    chart = p_chart(pay, phase1=56)
    assert chart.loc[chart["z"].idxmax(), "date"] == pd.Timestamp("2025-03-12")
    pick = log[log["stage"] == "picking"].reset_index(drop=True)
    chart = p_chart(pick, phase1=56)
    first = chart.loc[(chart["phase"] == "II") & chart["signal"], "date"].iloc[0]
    assert pd.Timestamp("2025-04-14") <= first <= pd.Timestamp("2025-04-25")


def test_case_deliveries_loss_falls():
    deliveries = load_dataset("service_deliveries")
    out = average_taguchi_loss(
        deliveries,
        value_col="arrival_minutes",
        target=30,
        tolerance=30,
        cost_at_limit=12,
        by="route_planning",
    ).set_index("route_planning")
    assert out.loc["optimised", "average_loss"] < 0.5 * out.loc["manual", "average_loss"]


# --- figures --------------------------------------------------------------------------
def test_control_chart_plot():
    log = load_dataset("service_process_log")
    pick = log[log["stage"] == "picking"].reset_index(drop=True)
    chart = p_chart(pick, phase1=56)
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_control_chart(chart, x_col="date", ax=right) is right
    assert not left.has_data()
    assert right.get_ylabel() == "Share with an error (%)"
    assert max(right.lines[0].get_ydata()) == pytest.approx(100 * chart["p"].max())
    with pytest.raises(ValueError, match="no 'p', 'np' or 'value'"):
        plot_control_chart(chart.drop(columns="p"))


def test_taguchi_plot():
    deliveries = load_dataset("service_deliveries")
    fig, (left, right) = plt.subplots(1, 2)
    ax = plot_taguchi_loss(
        deliveries,
        value_col="arrival_minutes",
        target=30,
        tolerance=30,
        cost_at_limit=12,
        by="route_planning",
        ax=right,
    )
    assert ax is right and not left.has_data()
    assert ax.get_ylabel() == "Loss per unit"
