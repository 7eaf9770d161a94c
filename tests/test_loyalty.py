"""Tests for imlib.loyalty, its plots and its explorer: closed forms, bad inputs."""

import contextlib
import io

import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.loyalty import (
    LADDER_RUNGS,
    LOST,
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
from imlib.plotting import plot_clv_curve, plot_cohort_profit, plot_ladder_projection
from imlib.widgets import (
    CUT_RANGE,
    RETENTION_SLIDER_RANGE,
    draw_retention_economics,
    retention_explorer,
)


def test_ladder_rungs():
    ladder = ladder_of_loyalty()
    assert ladder["rung"].tolist() == list(LADDER_RUNGS)
    assert LADDER_RUNGS[0] == "prospect" and LADDER_RUNGS[-1] == "partner"
    assert ladder["level"].tolist() == [1, 2, 3, 4, 5, 6]
    assert ladder["rung"].cat.ordered


# --- CLV: closed forms ------------------------------------------------------------------
@pytest.mark.parametrize("m, r", [(100.0, 0.8), (50.0, 0.5), (120.0, 0.0), (10.0, 0.95)])
def test_clv_without_discount_is_m_r_over_1_minus_r(m, r):
    assert clv(m, retention=r, discount_rate=0.0) == pytest.approx(m * r / (1 - r))


@pytest.mark.parametrize("m, r, i", [(100.0, 0.8, 0.1), (75.0, 0.6, 0.05), (200.0, 0.9, 0.2)])
def test_clv_infinite_horizon_closed_form(m, r, i):
    assert clv(m, retention=r, discount_rate=i) == pytest.approx(m * r / (1 + i - r))
    # the finite sum converges to it
    assert clv(m, retention=r, discount_rate=i, horizon=2000) == pytest.approx(m * r / (1 + i - r))


@pytest.mark.parametrize(
    "m, r, i, T", [(100.0, 0.8, 0.1, 3), (60.0, 0.7, 0.0, 10), (5, 1.0, 0.1, 4)]
)
def test_clv_finite_horizon_closed_form(m, r, i, T):
    q = r / (1 + i)
    expected = m * T if q == 1 else m * q * (1 - q**T) / (1 - q)
    assert clv(m, retention=r, discount_rate=i, horizon=T) == pytest.approx(expected)
    flows = clv_cash_flows(m, retention=r, discount_rate=i, horizon=T)
    assert flows["cumulative"].iloc[-1] == pytest.approx(expected)


def test_margin_multiple_and_acquisition_cost():
    assert clv(1, retention=0.8, discount_rate=0.1) == pytest.approx(2.6667, abs=1e-4)
    assert clv(100, retention=0.8, acquisition_cost=50) == pytest.approx(266.6667 - 50, abs=1e-3)
    frame = pd.DataFrame({"margin": [100.0, 0.0], "retention_rate": [0.8, 0.3]})
    out = customer_lifetime_value(frame, discount_rate=0.0)
    np.testing.assert_allclose(out["clv"], [400.0, 0.0])
    assert "clv" not in frame  # the input is not changed
    finite = customer_lifetime_value(frame.assign(retention_rate=[1.0, 0.5]), horizon=2)
    assert finite["clv"].iloc[0] == pytest.approx(100 / 1.1 + 100 / 1.1**2)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"retention": 80}, ValueError, r"'retention' must lie in \[0, 1\]"),
        ({"retention": 1.0}, ValueError, r"'retention' must lie in \[0, 1\)"),
        ({"retention": -0.1}, ValueError, "'retention' must lie"),
        ({"retention": 0.8, "discount_rate": 1.5}, ValueError, "'discount_rate' must lie"),
        ({"retention": 0.8, "horizon": 0}, ValueError, "'horizon' must be a whole number in"),
        ({"retention": 0.8, "horizon": 2.5}, TypeError, "whole number"),
        ({"retention": "high"}, TypeError, "'retention' must be a number"),
    ],
)
def test_clv_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        clv(100, **kwargs)


def test_customer_lifetime_value_bad_column():
    frame = pd.DataFrame({"margin": [100.0], "retention_rate": [80.0]})
    with pytest.raises(ValueError, match=r"'retention_rate' must lie in \[0, 1\]"):
        customer_lifetime_value(frame)
    with pytest.raises(ValueError, match="no column 'margin'"):
        customer_lifetime_value(frame.rename(columns={"margin": "m"}))


# --- cohorts and the defection cut --------------------------------------------------------
def test_cohort_profit_matches_clv_without_growth():
    table = cohort_profit(
        defection_rate=0.2,
        margin=100,
        discount_rate=0.1,
        horizon=500,
        cohort_size=1,
        acquisition_cost=30,
    )
    assert table["present_value"].sum() == pytest.approx(clv(100, retention=0.8) - 30)
    assert table["customers"].iloc[0] == 1 and table["profit"].iloc[0] == -30


def test_defection_cut_is_in_percentage_points():
    effect = defection_cut_effect(defection_rate=0.10, cut=0.05, margin=100, horizon=2000)
    assert effect["defection_rate"].tolist() == pytest.approx([0.10, 0.05])
    expected = 100 * ((95 / 0.15) / (90 / 0.2) - 1)  # closed forms at r = 0.95 and 0.90
    assert effect["profit_change_pct"].iloc[1] == pytest.approx(expected, rel=1e-6)
    assert effect["profit_change_pct"].iloc[0] == 0


def test_defection_cut_bad_input():
    with pytest.raises(ValueError, match=r"'cut' must lie in \[0, 0.04\]"):
        defection_cut_effect(defection_rate=0.04, cut=0.05, margin=100)
    with pytest.raises(ValueError, match="'defection_rate' must lie"):
        defection_cut_effect(defection_rate=10, margin=100)
    with pytest.raises(TypeError, match="'horizon' must be a whole number"):
        cohort_profit(defection_rate=0.1, margin=100, horizon=1.5)


def test_acquisition_vs_retention_break_even():
    table = acquisition_vs_retention(
        customers=1000,
        defection_rate=0.2,
        defection_cut=0.05,
        acquisition_cost=200,
        retention_cost=10,
    )
    assert table["break_even_retention_cost"].iloc[0] == pytest.approx(10)
    assert table["total_spend"].iloc[0] == pytest.approx(table["total_spend"].iloc[1])
    with pytest.raises(ValueError, match="'defection_cut' must lie"):
        acquisition_vs_retention(
            customers=10,
            defection_rate=0.1,
            defection_cut=0.2,
            acquisition_cost=1,
            retention_cost=1,
        )


# --- movement on the ladder ----------------------------------------------------------------
@pytest.fixture
def P():
    states = ["purchaser", "client", LOST]
    return pd.DataFrame(
        [[0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [0, 0, 1.0]], index=states, columns=states
    )


def test_projection_is_matrix_power(P):
    out = ladder_projection({"purchaser": 1.0}, P, periods=4)
    expected = np.array([1.0, 0, 0]) @ np.linalg.matrix_power(P.to_numpy(), 4)
    np.testing.assert_allclose(out.iloc[-1, 1:].to_numpy(dtype=float), expected)
    np.testing.assert_allclose(out.iloc[:, 1:].sum(axis=1), 1.0)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda P: P.T, "each row of transitions must sum to 1"),
        (lambda P: P * 10, r"must lie in \[0, 1\]"),
        (lambda P: P.iloc[:, :2], "must be square"),
    ],
)
def test_projection_rejects_bad_matrices(P, change, match):
    with pytest.raises(ValueError, match=match):
        ladder_projection({"purchaser": 1.0}, change(P), periods=2)


def test_projection_rejects_bad_start(P):
    with pytest.raises(ValueError, match="add up to 1"):
        ladder_projection({"purchaser": 0.5}, P, periods=2)
    with pytest.raises(ValueError, match="not a state"):
        ladder_projection({"prospect": 1.0}, P, periods=2)
    with pytest.raises(ValueError, match="'periods' must be a whole number in"):
        ladder_projection({"purchaser": 1.0}, P, periods=0)


def test_transition_matrix_counts_moves():
    moves = pd.DataFrame(
        {
            "customer_id": [1, 1, 1, 2, 2, 3],
            "year": [1, 2, 3, 1, 2, 1],
            "rung": ["purchaser", "client", "client", "purchaser", "purchaser", "purchaser"],
            "defected": [False, False, False, False, True, False],
        }
    )
    m = transition_matrix(moves)
    # purchaser rows with a next state: c1 y1 -> client, c2 y1 -> purchaser, c2 y2 -> lost
    assert m.loc["purchaser"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 3])
    assert m.loc["client", "client"] == 1.0 and m.loc[LOST, LOST] == 1.0
    np.testing.assert_allclose(m.sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="not a rung"):
        transition_matrix(moves.replace({"rung": {"client": "fan"}}))


def test_shipped_cohort_story():
    cohort = load_dataset("customer_cohort")
    rates = retention_rates(cohort, by="rung").set_index("rung")["retention_rate"]
    assert rates.index.tolist() == [r for r in LADDER_RUNGS if r in rates.index]
    assert rates.is_monotonic_increasing  # retention rises up the ladder
    channel = retention_rates(cohort, by="channel").set_index("channel")["defection_rate"]
    assert channel["switching_bonus"] > 1.5 * channel["branch"]
    assert 0.005 < cohort["margin"].isna().mean() < 0.05
    assert (cohort["margin"] < 0).any()
    with pytest.raises(TypeError, match="must be boolean"):
        retention_rates(cohort.assign(defected="no"))


# --- plots and explorer ----------------------------------------------------------------------
def test_plots(P):
    import matplotlib.pyplot as plt

    fig, (a, b, c) = plt.subplots(1, 3)
    projection = ladder_projection({"purchaser": 1.0}, P, periods=3)
    assert plot_ladder_projection(projection, ax=a) is a
    assert not b.has_data()
    assert plot_clv_curve(margin=100, retention=0.8, ax=b) is b
    line = b.get_lines()[0]
    assert line.get_ydata()[-1] == pytest.approx(clv(100, retention=0.95, discount_rate=0.0))
    base = cohort_profit(defection_rate=0.2, margin=100)
    assert plot_cohort_profit(base, ax=c) is c
    for ax in (a, b, c):
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_explorer_and_callback():
    with contextlib.redirect_stdout(io.StringIO()):
        box = retention_explorer()
    retention, discount, cut = box.children[0].children
    assert (retention.min, retention.max) == RETENTION_SLIDER_RANGE
    assert (cut.min, cut.max) == CUT_RANGE
    assert not any(s.continuous_update for s in (retention, discount, cut))
    fig = draw_retention_economics(retention=0.9, cut=0.05)
    assert "10% to 5%" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="'cut' must lie"):
        draw_retention_economics(retention=0.9, cut=0.2)


@pytest.mark.parametrize("discount_rate", [0.0, 0.07, 0.3])
@pytest.mark.parametrize("horizon", [None, 5])
def test_the_clv_curve_is_clv_at_every_point(discount_rate, horizon):
    from imlib.plotting.loyalty import _clv_curve

    grid = np.linspace(0.0, 0.95, 96)
    expected = [
        clv(120, retention=float(r), discount_rate=discount_rate, horizon=horizon) for r in grid
    ]
    assert _clv_curve(120.0, discount_rate, horizon, 0.95) == pytest.approx(expected, rel=1e-12)
