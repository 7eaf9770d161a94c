"""Tests for imlib.staff: closed forms, published examples, the case story, bad inputs."""

import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.staff import (
    CHANGE_SEGMENTS,
    CLIMATE_DIMENSIONS,
    CLIMATE_ITEMS,
    ClimateItem,
    climate_items,
    climate_scores,
    cronbach_alpha,
    enps,
    internal_segments,
    internal_service_quality,
    item_analysis,
    segment_shares,
    staff_retention_rate,
    staff_turnover,
    turnover_rate,
)


@pytest.fixture(scope="module")
def survey():
    return load_dataset("staff_survey")


@pytest.fixture(scope="module")
def headcount():
    return load_dataset("staff_headcount")


TWO = [ClimateItem("a", "x", False, "a"), ClimateItem("b", "x", True, "b")]


# --- items and scores ----------------------------------------------------------------------
def test_instrument_shape():
    table = climate_items()
    assert len(table) == 18 and list(table.columns) == ["column", "dimension", "reverse", "wording"]
    assert CLIMATE_DIMENSIONS == (
        "internal_service",
        "communication",
        "development",
        "recognition",
        "change_attitude",
    )


def test_reverse_scoring_closed_form():
    df = pd.DataFrame({"a": [5, 1, 3], "b": [1, 5, np.nan], "team": ["p", "q", "r"]})
    out = climate_scores(df, items=TWO)
    # b is reversed: 6 - b; mean of answered items; r answered 1 of 2 items (50%)
    assert out["x"].tolist() == [5.0, 1.0, 3.0]
    assert list(out.columns) == ["team", "x"]
    assert climate_scores(df, items=TWO, min_answered=1.0)["x"].isna().tolist() == [
        False,
        False,
        True,
    ]
    assert climate_scores(df, items=TWO, reverse=False)["x"].tolist() == [3.0, 3.0, 3.0]


def test_scores_do_not_mutate_input(survey):
    before = survey.copy()
    climate_scores(survey)
    pd.testing.assert_frame_equal(survey, before)


# --- Cronbach's alpha ----------------------------------------------------------------------
def test_alpha_closed_forms():
    # two identical items: alpha = 1; two independent items of equal variance: alpha ~ 0
    same = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [5, 4, 3, 2, 1]})  # b reversed -> equal
    assert cronbach_alpha(same, items=TWO)["alpha"].iloc[0] == pytest.approx(1.0)
    rng = np.random.default_rng(0)
    indep = pd.DataFrame({"a": rng.integers(1, 6, 4000), "b": rng.integers(1, 6, 4000)})
    assert abs(cronbach_alpha(indep, items=TWO)["alpha"].iloc[0]) < 0.1


def test_alpha_matches_the_variance_formula():
    df = pd.DataFrame({"q09": [1, 2, 4, 5, 3], "q10": [2, 2, 4, 5, 2], "q11": [1, 3, 5, 4, 3]})
    items = [i for i in CLIMATE_ITEMS if i.dimension == "development"]
    k = 3
    expected = k / (k - 1) * (1 - df.var().sum() / df.sum(axis=1).var())
    assert cronbach_alpha(df, items=items)["alpha"].iloc[0] == pytest.approx(expected)


def test_alpha_undefined_cases():
    constant = pd.DataFrame({"a": [3, 3, 3], "b": [3, 3, 3]})
    assert np.isnan(cronbach_alpha(constant, items=TWO)["alpha"].iloc[0])
    with pytest.raises(ValueError, match="has 1 item; alpha needs at least 2"):
        cronbach_alpha(constant, items=TWO[:1])


def test_case_scales_hold_together_except_recognition(survey):
    alpha = cronbach_alpha(survey).set_index("dimension")["alpha"]
    assert alpha.drop("recognition").min() > 0.65
    assert alpha["recognition"] < 0.55
    unreversed = cronbach_alpha(survey, reverse=False).set_index("dimension")["alpha"]
    assert unreversed["internal_service"] < 0.3  # forgetting to reverse wrecks the scale
    weak = item_analysis(survey, dimension="recognition").set_index("column")
    assert weak["item_rest_r"].idxmin() == "q14"
    assert weak.loc["q14", "alpha_if_dropped"] > alpha["recognition"] + 0.15


def test_alpha_by_group(survey):
    table = cronbach_alpha(survey, by="role")
    assert len(table) == 2 * len(CLIMATE_DIMENSIONS)
    assert set(table["role"]) == {"front_line", "back_office"}


# --- eNPS ----------------------------------------------------------------------------------
def test_enps_published_example():
    answers = pd.DataFrame({"enps": [9] * 55 + [7] * 35 + [6] * 10})
    row = enps(answers).iloc[0]
    assert (row["promoters"], row["passives"], row["detractors"], row["enps"]) == (
        55.0,
        35.0,
        10.0,
        45.0,
    )


def test_enps_boundaries_and_missing():
    answers = pd.DataFrame({"enps": [0, 6, 7, 8, 9, 10, None], "g": list("aabbccc")})
    table = enps(answers, by="g").set_index("g")
    assert table.loc["a", "enps"] == -100 and table.loc["b", "enps"] == 0
    assert table.loc["c", "enps"] == 100 and table.loc["c", "n"] == 2


@pytest.mark.parametrize(
    ("values", "match"),
    [
        ([3, 11], r"must be a whole number in \[0, 10\]"),
        ([3, -1], r"must be a whole number in \[0, 10\]"),
        ([3, 7.5], "must be a whole number in"),
        ([None, None], "are missing"),
    ],
)
def test_enps_rejects_bad_answers(values, match):
    with pytest.raises(ValueError, match=match):
        enps(pd.DataFrame({"enps": pd.array(values, dtype="Float64")}))


def test_case_front_line_has_the_lower_enps(survey):
    table = enps(survey, by="role").set_index("role")["enps"]
    assert table["front_line"] < table["back_office"] - 5


# --- turnover and retention ----------------------------------------------------------------
def test_turnover_worked_example():
    assert turnover_rate(12, 200, 210) == pytest.approx(5.8537, abs=1e-4)


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((-1, 200, 210), ValueError, "'separations' must lie in"),
        ((1, "200", 210), TypeError, "'headcount_start' must be a number"),
        ((1, 0, 0), ValueError, "average headcount is 0"),
    ],
)
def test_turnover_rejects_bad_counts(args, error, match):
    with pytest.raises(error, match=match):
        turnover_rate(*args)


def test_cohort_retention_is_not_100_minus_turnover():
    assert staff_retention_rate(200, 9) == 95.5
    with pytest.raises(ValueError, match=r"'headcount_start' must lie in \(0, inf\)"):
        staff_retention_rate(0, 0)


def test_staff_turnover_matches_scalar_functions(headcount):
    table = staff_turnover(headcount).set_index("department")
    totals = headcount.groupby(["department", "month"], as_index=False).sum(numeric_only=True)
    part = totals[totals["department"] == "Branch network"]
    avg = ((part["headcount_start"] + part["headcount_end"]) / 2).mean()
    assert table.loc["Branch network", "turnover_rate"] == pytest.approx(
        100 * part["leavers"].sum() / avg
    )
    start = part["headcount_start"].iloc[0]
    assert table.loc["Branch network", "retention_rate"] == pytest.approx(
        staff_retention_rate(start, part["cohort_leavers"].sum())
    )
    # the case story: front line loses staff fastest
    worst = table["turnover_rate"].sort_values(ascending=False).index[:2]
    assert set(worst) == {"Branch network", "Contact centre"}
    total = staff_turnover(headcount, by=None)
    assert total["leavers"].iloc[0] == headcount["leavers"].sum()


def test_staff_turnover_checks_the_arithmetic(headcount):
    broken = headcount.copy()
    broken.loc[3, "headcount_end"] += 1
    with pytest.raises(ValueError, match="does not add up.*first: index 3"):
        staff_turnover(broken)
    twice = pd.concat([headcount, headcount.iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="appears twice for department='Branch network'"):
        staff_turnover(twice)
    too_many = headcount.assign(cohort_leavers=headcount["leavers"] + 1)
    with pytest.raises(ValueError, match="'cohort_leavers' must not exceed 'leavers'"):
        staff_turnover(too_many)


# --- internal service quality and segments -------------------------------------------------
def test_case_weak_internal_supplier_is_felt_by_the_front_line(survey):
    isq = internal_service_quality(survey).set_index("supplier_department")
    assert isq["mean_rating"].idxmin() == "Lending operations"
    by_role = internal_service_quality(survey, by="role").set_index(["supplier_department", "role"])
    lending = by_role.loc["Lending operations", "mean_rating"]
    assert lending["front_line"] < lending["back_office"]


def test_segments_cut_offs_inclusive_neutral():
    df = pd.DataFrame({"change_attitude": [2.49, 2.5, 3.5, 3.51]})
    assert internal_segments(df)["segment"].tolist() == [
        "opponent",
        "neutral",
        "neutral",
        "supporter",
    ]
    shares = segment_shares(internal_segments(df), by=None)
    assert shares[list(CHANGE_SEGMENTS)].sum(axis=1).iloc[0] == pytest.approx(100)


@pytest.mark.parametrize(
    ("cuts", "match"), [((3.5, 2.5), "'cuts' must be"), ((0.5, 3.0), "inside the scale")]
)
def test_segments_reject_bad_cuts(cuts, match):
    with pytest.raises(ValueError, match=match):
        internal_segments(pd.DataFrame({"change_attitude": [3.0]}), cuts=cuts)


def test_case_lending_operations_holds_the_opponents(survey):
    seg = internal_segments(climate_scores(survey))
    shares = segment_shares(seg, by="department").set_index("department")
    assert shares["opponent"].idxmax() == "Lending operations"
    assert np.allclose(shares[list(CHANGE_SEGMENTS)].sum(axis=1), 100)
    with pytest.raises(ValueError, match="must be one of 'supporter'"):
        segment_shares(pd.DataFrame({"department": ["a"], "segment": ["fan"]}))


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda s: climate_scores(s.drop(columns="q03")), "no column 'q03'"),
        (lambda s: climate_scores(s.assign(q01=s["q01"] + 5)), r"'q01' must lie in \[1, 5\]"),
        (lambda s: climate_scores(s, min_answered=0), "'min_answered' must lie in"),
        (lambda s: item_analysis(s, dimension="pay"), "at least 3 items"),
        (lambda s: internal_service_quality(s.assign(isq_rating=9)), r"\[1, 7\]"),
    ],
)
def test_bad_inputs_name_function_column_and_value(survey, call, match):
    with pytest.raises(ValueError, match=match):
        call(survey)


# --- figures and the explorer -------------------------------------------------------------
def test_plots_draw_on_the_given_axes_only(survey):
    import matplotlib.pyplot as plt

    from imlib.plotting import plot_climate_profile, plot_enps, plot_segment_shares

    scores = climate_scores(survey)
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_climate_profile(scores, by="role", ax=right) is right
    assert not left.patches and len(right.patches) == 2 * len(CLIMATE_DIMENSIONS)
    table = enps(survey, by="role")
    ax = plot_enps(table, by="role", ax=left)
    widths = [p.get_width() for p in ax.patches]
    assert sum(widths) == pytest.approx(200)  # two stacked bars of 100 %
    shares = segment_shares(internal_segments(scores), by="department")
    fig2, ax2 = plt.subplots()
    plot_segment_shares(shares, by="department", ax=ax2)
    assert len(ax2.patches) == 3 * len(shares)


def test_segmentation_explorer_reads_its_range_from_the_scale(survey):
    import contextlib
    import io

    from imlib.staff import CLIMATE_SCALE, SEGMENT_CUTS
    from imlib.widgets import segmentation_explorer

    with contextlib.redirect_stdout(io.StringIO()):
        box = segmentation_explorer(climate_scores(survey))
    grouping, cuts = box.children[0].children
    assert (cuts.min, cuts.max) == CLIMATE_SCALE and cuts.value == SEGMENT_CUTS
    assert cuts.continuous_update is False
    with pytest.raises(ValueError, match="'by' must be one of"):
        segmentation_explorer(climate_scores(survey), by="tenure_years")


def test_staff_turnover_sums_a_departments_rows_per_month(headcount):
    # Branch network has one row per branch and month: the month's totals are their sums
    branch_rows = headcount.query("department == 'Branch network'")
    assert branch_rows["branch"].nunique() == 6
    monthly = branch_rows.groupby("month")[["headcount_start", "headcount_end", "leavers"]].sum()
    row = staff_turnover(headcount).set_index("department").loc["Branch network"]
    average = ((monthly["headcount_start"] + monthly["headcount_end"]) / 2).mean()
    assert row["months"] == 12
    assert row["average_headcount"] == pytest.approx(average)
    assert row["headcount_start"] == monthly["headcount_start"].iloc[0]
    assert row["turnover_rate"] == pytest.approx(100 * monthly["leavers"].sum() / average)
    by_branch = staff_turnover(branch_rows, by="branch")
    assert by_branch["leavers"].sum() == row["leavers"]
    # the same table as the one-row-per-month department totals
    totals = headcount.drop(columns="branch").groupby(["department", "month"], as_index=False).sum()
    pd.testing.assert_frame_equal(staff_turnover(totals), staff_turnover(headcount))
