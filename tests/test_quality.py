"""Tests for imlib.quality: closed forms, a published table, bad inputs."""

import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.quality import (
    DIMENSION_ITEMS,
    SERVQUAL_DIMENSIONS,
    SERVQUAL_ITEMS,
    diagnose_gaps,
    gaps_model,
    item_columns,
    quality_index,
    servqual_gaps,
    servqual_long,
    servqual_scores,
    what_if,
    zones_of_tolerance,
)


def survey_from_dimension_means(expected: dict, perceived: dict, n: int = 1) -> pd.DataFrame:
    """A survey whose every item of a dimension carries that dimension's mean."""
    row = {}
    for i, dim in SERVQUAL_ITEMS.items():
        row[f"e{i:02d}"] = expected[dim]
    for i, dim in SERVQUAL_ITEMS.items():
        row[f"p{i:02d}"] = perceived[dim]
    return pd.DataFrame([row] * n)


@pytest.fixture
def tiny():
    """Two respondents at two branches with hand-computable answers."""
    e = {f"e{i:02d}": [6.0, 7.0] for i in SERVQUAL_ITEMS}
    p = {f"p{i:02d}": [5.0, 7.0] for i in SERVQUAL_ITEMS}
    frame = pd.DataFrame({"branch": ["A", "B"]} | e | p)
    frame.loc[0, "p05"] = 3.0  # one reliability item much lower at A
    return frame


# --- a published SERVQUAL table -------------------------------------------------------------
# Zun, A.B., Ibrahim, M.I. & Hamid, A.A. (2018). Level of satisfaction on service quality
# dimensions based on SERVQUAL model among patients attending 1 Malaysia Clinic in Kota
# Bharu, Malaysia. Oman Medical Journal, 33(5), 416-422. doi:10.5001/omj.2018.76, Table 2
# (N = 386, 5-point scale): expectation and perception means and the SQ gap per dimension.
ZUN_2018 = pd.DataFrame(
    {
        "dimension": ["tangibles", "reliability", "responsiveness", "assurance", "empathy"],
        "expected": [4.44, 4.49, 4.48, 4.50, 4.56],
        "perceived": [4.19, 4.36, 4.35, 4.32, 4.40],
        "published_gap": [-0.25, -0.13, -0.13, -0.18, -0.16],
    }
)


def test_reproduces_published_dimension_gaps():
    table = ZUN_2018.set_index("dimension")
    survey = survey_from_dimension_means(table["expected"], table["perceived"], n=3)
    gaps = servqual_gaps(survey, scale=(1, 5)).set_index("dimension")
    assert list(gaps.index) == list(SERVQUAL_DIMENSIONS)
    np.testing.assert_allclose(gaps["gap"].round(2), table["published_gap"], atol=1e-9)
    np.testing.assert_allclose(gaps["expected"], table["expected"])
    # The unweighted score (mean of the five gaps) is derived, not printed in the paper.
    score = servqual_scores(survey, scale=(1, 5))["unweighted"].iloc[0]
    assert round(score, 2) == -0.17


# --- scoring rules --------------------------------------------------------------------------
def test_gaps_follow_the_scoring_steps(tiny):
    gaps = servqual_gaps(tiny, by="branch").set_index(["branch", "dimension"])
    # A: reliability items 5-9 gaps are (-3, -1, -1, -1, -1) -> mean -1.4; others -1.
    assert gaps.loc[("A", "reliability"), "gap"] == pytest.approx(-1.4)
    assert gaps.loc[("A", "tangibles"), "gap"] == pytest.approx(-1.0)
    assert gaps.loc[("B", "empathy"), "gap"] == pytest.approx(0.0)
    assert (gaps["gap"] == gaps["perceived"] - gaps["expected"]).all()


def test_unweighted_is_mean_of_dimensions_not_items(tiny):
    scores = servqual_scores(tiny, by="branch").set_index("branch")
    assert scores.loc["A", "unweighted"] == pytest.approx((-1 * 4 - 1.4) / 5)
    item_mean = (-1 * 21 - 3) / 22
    assert scores.loc["A", "unweighted"] != pytest.approx(item_mean)


def test_weighted_score_uses_each_respondents_points(tiny):
    points = {
        "points_tangibles": [0, 20],
        "points_reliability": [100, 20],
        "points_responsiveness": [0, 20],
        "points_assurance": [0, 20],
        "points_empathy": [0, 20],
    }
    scores = servqual_scores(tiny.assign(**points), by="branch").set_index("branch")
    assert scores.loc["A", "weighted"] == pytest.approx(-1.4)
    assert scores.loc["B", "weighted"] == pytest.approx(0.0)
    assert scores.loc["A", "weighted_respondents"] == 1


def test_respondents_who_skip_points_are_left_out():
    survey = survey_from_dimension_means(
        dict.fromkeys(SERVQUAL_DIMENSIONS, 6.0), dict.fromkeys(SERVQUAL_DIMENSIONS, 5.0), n=2
    )
    for d in SERVQUAL_DIMENSIONS:
        survey[f"points_{d}"] = [20.0, np.nan]
    scores = servqual_scores(survey)
    assert scores.loc[0, "weighted"] == pytest.approx(-1.0)
    assert scores.loc[0, "weighted_respondents"] == 1
    assert scores.loc[0, "respondents"] == 2


def test_missing_answers_use_pairwise_deletion(tiny):
    tiny.loc[0, "e05"] = np.nan  # its P (3.0) must not count either
    gaps = servqual_gaps(tiny, by="branch").set_index(["branch", "dimension"])
    assert gaps.loc[("A", "reliability"), "gap"] == pytest.approx(-1.0)
    assert gaps.loc[("A", "reliability"), "perceived"] == pytest.approx(5.0)


def test_item_level_and_grouping_by_two_columns():
    bank = load_dataset("bank_servqual")
    items = servqual_gaps(bank, by=["branch", "segment"], level="item")
    assert set(items["item"]) == set(range(1, 23))
    assert len(items) == 22 * bank.groupby(["branch", "segment"]).ngroups


def test_reverse_scoring_of_negatively_worded_items():
    survey = survey_from_dimension_means(
        dict.fromkeys(SERVQUAL_DIMENSIONS, 6.0), dict.fromkeys(SERVQUAL_DIMENSIONS, 5.0)
    )
    survey[["e10", "p10"]] = [2.0, 3.0]  # answers to negative statements
    gaps = servqual_gaps(survey, level="item", reverse=["e10", "p10"]).set_index("item")
    assert gaps.loc[10, "expected"] == 6.0 and gaps.loc[10, "perceived"] == 5.0


def test_long_format_keeps_descriptors_and_adequate():
    bank = load_dataset("bank_servqual")
    long = servqual_long(bank)
    assert {"branch", "segment", "month", "adequate"} <= set(long.columns)
    assert not any(c.startswith("points_") for c in long.columns)
    first = bank.iloc[0]
    row = long[(long["respondent_id"] == first["respondent_id"]) & (long["item"] == 14)]
    if len(row):
        assert row["adequate"].iloc[0] == first["adequate_assurance"]


def test_quality_index_closed_form_and_groups():
    df = pd.DataFrame(
        {"g": ["a", "a", "b"], "perceived": [4.0, 6.0, 3.0], "expected": [5.0, 5.0, 6.0]}
    )
    assert quality_index(df)["quality_index"].tolist() == [80.0, 120.0, 50.0]
    grouped = quality_index(df, by="g").set_index("g")
    assert grouped.loc["a", "quality_index"] == pytest.approx(100.0)
    assert grouped.loc["a", "n"] == 2
    assert "quality_index" not in df.columns  # input untouched


def test_quality_index_depends_on_scale_origin():
    df = pd.DataFrame({"perceived": [5.0], "expected": [6.0]})
    one_to_seven = quality_index(df)["quality_index"].iloc[0]
    zero_to_six = quality_index(df - 1)["quality_index"].iloc[0]
    assert one_to_seven == pytest.approx(83.333, abs=1e-3)
    assert zero_to_six == pytest.approx(80.0)


def test_zones_labels_at_the_boundaries():
    df = pd.DataFrame(
        {"adequate": [4.0, 4.0, 4.0, 4.0], "expected": [6.0] * 4, "perceived": [3.9, 4.0, 6.0, 6.1]}
    )
    zones = zones_of_tolerance(df)
    assert zones["zone"].astype(str).tolist() == ["below", "within", "within", "above"]
    assert zones["msa"].round(6).tolist() == [-0.1, 0.0, 2.0, 2.1]


def test_what_if_stays_on_the_scale():
    g = pd.DataFrame({"expected": [6.8], "perceived": [6.5]})
    out = what_if(g, performance_change=1.0)
    assert out["perceived"].iloc[0] == 7.0
    assert out["gap"].iloc[0] == pytest.approx(0.2)


def test_gaps_model_has_five_gaps_and_gap5_is_the_customer_gap():
    model = gaps_model()
    assert model["gap"].tolist() == [1, 2, 3, 4, 5]
    assert model.set_index("gap").loc[5, "short_name"] == "customer gap"


def test_diagnosis_recovers_the_story_for_another_seed(tmp_path, monkeypatch):
    from imlib.datasets import write_datasets

    write_datasets(tmp_path, seed=4242)
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    gaps = servqual_gaps(load_dataset("bank_servqual"), by="branch")
    found = diagnose_gaps(gaps, load_dataset("bank_branch_audit"))
    likely = found.dropna(subset=["likely_gap"]).set_index(["branch", "dimension"])["likely_gap"]
    assert likely.to_dict() == {
        ("Eastfield", "empathy"): 2,
        ("Harbour", "responsiveness"): 1,
        ("Millbrook", "reliability"): 4,
        ("Millbrook", "responsiveness"): 4,
        ("Riverside", "reliability"): 3,
    }


def test_dimension_item_map_is_the_1988_layout():
    assert {d: len(items) for d, items in DIMENSION_ITEMS.items()} == {
        "tangibles": 4,
        "reliability": 5,
        "responsiveness": 4,
        "assurance": 4,
        "empathy": 5,
    }
    assert item_columns("e")[-1] == "e22"
    # scoring sums each dimension's items as one consecutive block of columns
    assert [i for d in SERVQUAL_DIMENSIONS for i in DIMENSION_ITEMS[d]] == list(range(1, 23))


# --- bad input ------------------------------------------------------------------------------
def _bank_small():
    return load_dataset("bank_servqual").head(20)


@pytest.mark.parametrize(
    ("call", "exc", "match"),
    [
        (lambda: servqual_gaps("not a frame"), TypeError, "servqual_gaps\\(\\): data must be"),
        (
            lambda: servqual_gaps(_bank_small().drop(columns="p07")),
            ValueError,
            "servqual_gaps\\(\\): data has no column 'p07'",
        ),
        (
            lambda: servqual_gaps(_bank_small().assign(e03=9.0)),
            ValueError,
            "column 'e03' must lie in \\[1, 7\\]; 20 row\\(s\\) do not "
            "\\(first: index 0, value 9.0\\)",
        ),
        (
            lambda: servqual_gaps(_bank_small().assign(e03="7")),
            TypeError,
            "column 'e03' must be numeric",
        ),
        (lambda: servqual_gaps(_bank_small(), by="region"), ValueError, "no column 'region'"),
        (lambda: servqual_gaps(_bank_small(), level="items"), ValueError, "'level' must be one of"),
        (lambda: servqual_gaps(_bank_small(), reverse=["x10"]), ValueError, "reverse names 'x10'"),
        (lambda: servqual_gaps(_bank_small(), scale=(7, 1)), ValueError, "low < high"),
        (
            lambda: servqual_long(_bank_small().assign(adequate_empathy=0.0)),
            ValueError,
            "'adequate_empathy' must lie in \\[1, 7\\]",
        ),
        (
            lambda: servqual_scores(
                _bank_small()
                .assign(**{f"points_{d}": 20.0 for d in SERVQUAL_DIMENSIONS})
                .assign(points_empathy=50.0)
            ),
            ValueError,
            "must add up to 100 \\+/- 0.5; 20 row\\(s\\) do not \\(first: index 0, total 130\\)",
        ),
        (
            lambda: servqual_scores(_bank_small().assign(points_empathy=-5.0)),
            ValueError,
            "'points_empathy' must lie in \\[0, 100\\]",
        ),
        (
            lambda: servqual_scores(_bank_small(), weights={"tangibles": 100}),
            ValueError,
            "'reliability' is missing",
        ),
        (
            lambda: servqual_scores(_bank_small(), weights={"speed": 100}),
            ValueError,
            "unknown dimension 'speed'",
        ),
        (lambda: servqual_scores(_bank_small(), weights=[20] * 5), TypeError, "must be a dict"),
        (
            lambda: quality_index(pd.DataFrame({"perceived": [5.0], "expected": [-1.0]})),
            ValueError,
            "'expected' must lie in \\(0, inf\\)",
        ),
        (
            lambda: quality_index(pd.DataFrame({"perceived": [5.0]})),
            ValueError,
            "no column 'expected'",
        ),
        (
            lambda: quality_index(pd.DataFrame({"perceived": [5.0], "expected": [5.0]}), by=3),
            TypeError,
            "'by' must be a column name",
        ),
        (
            lambda: zones_of_tolerance(
                pd.DataFrame({"adequate": [6.0], "expected": [5.0], "perceived": [5.0]})
            ),
            ValueError,
            "adequate service must not exceed desired service",
        ),
        (
            lambda: what_if(
                pd.DataFrame({"expected": [6.0], "perceived": [5.0]}), expectation_change=9
            ),
            ValueError,
            "'expectation_change' must lie in",
        ),
        (
            lambda: what_if(
                pd.DataFrame({"expected": [6.0], "perceived": [5.0]}), performance_change="up"
            ),
            TypeError,
            "must be a number",
        ),
        (
            lambda: diagnose_gaps(
                servqual_gaps(load_dataset("bank_servqual"), by="branch"),
                load_dataset("bank_branch_audit").iloc[1:],
            ),
            ValueError,
            "audit has no row for branch='Northgate', dimension='tangibles'",
        ),
        (lambda: servqual_gaps(pd.DataFrame()), ValueError, "data is empty"),
    ],
)
def test_bad_input_is_a_clear_error(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
