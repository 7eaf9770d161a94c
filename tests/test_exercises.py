"""Checker tests: every checker against the right answer and plausible wrong ones."""

import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.exercises import check, labels, reset_results, results
from imlib.quality import (
    diagnose_gaps,
    quality_index,
    servqual_gaps,
    servqual_long,
    servqual_scores,
    zones_of_tolerance,
)


@pytest.fixture(autouse=True)
def _fresh():
    reset_results()


@pytest.fixture(scope="module")
def bank():
    return load_dataset("bank_servqual")


@pytest.fixture(scope="module")
def long(bank):
    return servqual_long(bank)


def verdict(label, answer, capsys):
    feedback = check(label, answer)
    return bool(feedback), feedback.text


def test_not_attempted_unknown_and_malformed_never_raise(capsys):
    ok, out = verdict("quality-dimension-gaps", ..., capsys)
    assert not ok and "Not attempted yet" in out
    ok, out = verdict("quality-dimension-gap", 1, capsys)
    assert not ok and "Did you mean 'quality-dimension-gaps'?" in out
    ok, out = verdict("quality-dimension-gaps", object(), capsys)
    assert not ok and "Give a table" in out
    ok, out = verdict("quality-below-zone", {"a": 1}, capsys)
    assert not ok
    assert results()["quality-dimension-gaps"] == ["not attempted", "wrong"]


def test_a_checker_crash_is_reported_not_raised(capsys, monkeypatch):
    from imlib.exercises import _core

    def broken(answer):
        raise KeyError("boom")

    monkeypatch.setitem(_core._CHECKERS, "broken-demo", broken)
    ok, out = verdict("broken-demo", 1, capsys)
    assert not ok and "Could not check" in out
    assert "KeyError" not in out and "boom" not in out  # never the checker's own exception


def test_every_lab_label_has_a_checker():
    assert {
        "quality-index-by-hand",
        "quality-index-by-branch",
        "quality-dimension-gaps",
        "quality-unweighted-score",
        "quality-weighted-score",
        "quality-below-zone",
        "quality-scale-origin",
        "quality-diagnose-gap",
    } <= set(labels())


# --- quality-index-by-hand ---------------------------------------------------------------
def test_index_by_hand(long, capsys):
    rel = long[long["dimension"] == "reliability"]
    p, e = rel["perceived"].mean(), rel["expected"].mean()
    right = 100 * round(p, 2) / round(e, 2)  # typed from the printed, rounded means
    assert verdict("quality-index-by-hand", right, capsys)[0]
    cases = {
        100 * e / p: "E/P",
        p / e: "fraction",
        p - e: "gap P - E",
        100 - 100 * p / e: "falls short of 100",
        50.0: "perceived / expected x 100",
    }
    for wrong, hint in cases.items():
        ok, out = verdict("quality-index-by-hand", wrong, capsys)
        assert not ok and hint in out, (wrong, out)
    # to one decimal from the printed means: right; a slip of 0.3 either way: not yet
    assert verdict("quality-index-by-hand", round(right, 1), capsys)[0]
    for near in (100 * p / e + 0.3, 100 * p / e - 0.3):
        assert not verdict("quality-index-by-hand", near, capsys)[0], near


# --- quality-index-by-branch -------------------------------------------------------------
def test_index_by_branch(long, capsys):
    right = quality_index(long, by="branch")
    assert verdict("quality-index-by-branch", right, capsys)[0]
    assert verdict("quality-index-by-branch", right.set_index("branch")["quality_index"], capsys)[0]
    wrong_ep = right.assign(quality_index=10_000 / right["quality_index"])
    assert (
        "divide perception by expectation"
        in verdict("quality-index-by-branch", wrong_ep, capsys)[1]
    )
    fraction = right.assign(quality_index=right["quality_index"] / 100)
    assert "fractions" in verdict("quality-index-by-branch", fraction, capsys)[1]
    mean_of_ratios = (
        long.assign(r=100 * long["perceived"] / long["expected"]).groupby("branch")["r"].mean()
    )
    assert "ratio of its means" in verdict("quality-index-by-branch", mean_of_ratios, capsys)[1]
    by_segment = quality_index(long, by="segment")
    ok, out = verdict("quality-index-by-branch", by_segment, capsys)
    assert not ok and "column for branch" in out
    missing_one = right.iloc[1:]
    ok, out = verdict("quality-index-by-branch", missing_one, capsys)
    assert not ok and "missing" in out


# --- dimension-gaps ----------------------------------------------------------------------
def test_dimension_gaps(bank, capsys):
    right = servqual_gaps(bank, by="branch")
    assert verdict("quality-dimension-gaps", right, capsys)[0]
    flipped = right.assign(gap=-right["gap"])
    assert "wrong sign" in verdict("quality-dimension-gaps", flipped, capsys)[1]
    off = right.copy()
    off.loc[3, "gap"] += 0.5
    ok, out = verdict("quality-dimension-gaps", off, capsys)
    assert not ok and "is off" in out


# --- unweighted-score / weighted-score ---------------------------------------------------
def test_unweighted_score(bank, capsys):
    scores = servqual_scores(bank, by="branch")
    assert verdict("quality-unweighted-score", scores[["branch", "unweighted"]], capsys)[0]
    item_mean = servqual_gaps(bank, by="branch", level="item").groupby("branch")["gap"].mean()
    assert not np.allclose(item_mean.sort_index(), scores.set_index("branch")["unweighted"])
    assert "averaged the 22 item gaps" in verdict("quality-unweighted-score", item_mean, capsys)[1]
    weighted = scores.set_index("branch")["weighted"]
    assert not verdict("quality-unweighted-score", weighted, capsys)[0]


def test_weighted_score(bank, capsys):
    scores = servqual_scores(bank, by="branch").set_index("branch")
    assert verdict("quality-weighted-score", scores["weighted"], capsys)[0]
    assert "Divide by 100" in verdict("quality-weighted-score", 100 * scores["weighted"], capsys)[1]
    assert "unweighted scores" in verdict("quality-weighted-score", scores["unweighted"], capsys)[1]


# --- below-zone --------------------------------------------------------------------------
def test_below_zone(long, capsys):
    zones = zones_of_tolerance(long, by=["branch", "dimension"])
    riverside = zones[zones["branch"] == "Riverside"]
    below = riverside.loc[riverside["zone"] == "below", "dimension"].astype(str).tolist()
    assert below  # the story puts Riverside's reliability below the zone
    assert verdict("quality-below-zone", below, capsys)[0]
    assert verdict("quality-below-zone", [b.upper() for b in below], capsys)[0]
    short = riverside.loc[(riverside["mss"] < 0) & (riverside["zone"] == "within"), "dimension"]
    ok, out = verdict("quality-below-zone", below + [str(short.iloc[0])], capsys)
    assert not ok and "inside the zone" in out
    ok, out = verdict("quality-below-zone", ["speed"], capsys)
    assert not ok and "not a SERVQUAL dimension" in out


# --- scale-origin ------------------------------------------------------------------------
def test_scale_origin(long, capsys):
    riv = long[long["branch"] == "Riverside"]
    old = quality_index(riv, by="branch")["quality_index"].iloc[0]
    new = quality_index(
        riv.assign(expected=riv["expected"] - 1, perceived=riv["perceived"] - 1), by="branch"
    )["quality_index"].iloc[0]
    assert verdict("quality-scale-origin", new - old, capsys)[0]
    assert "wrong sign" in verdict("quality-scale-origin", old - new, capsys)[1]
    assert "new index" in verdict("quality-scale-origin", new, capsys)[1]
    only_e = 100 * riv["perceived"].mean() / (riv["expected"].mean() - 1) - old
    assert "Recode both columns" in verdict("quality-scale-origin", only_e, capsys)[1]


# --- diagnose-gap ------------------------------------------------------------------------
def test_diagnose_gap(bank, capsys):
    found = diagnose_gaps(servqual_gaps(bank, by="branch"), load_dataset("bank_branch_audit"))
    right = int(
        found.query("branch == 'Harbour' and dimension == 'responsiveness'")["likely_gap"].iloc[0]
    )
    assert right == 1
    assert verdict("quality-diagnose-gap", right, capsys)[0]
    assert "customer gap" in verdict("quality-diagnose-gap", 5, capsys)[1]
    assert "standard_compliance" in verdict("quality-diagnose-gap", 3, capsys)[1]
    assert "1 to 5" in verdict("quality-diagnose-gap", 7, capsys)[1]


def test_checkers_follow_a_dataset_variant(tmp_path, monkeypatch, capsys):
    from imlib.datasets import write_datasets

    shipped = quality_index(servqual_long(load_dataset("bank_servqual")), by="branch")
    write_datasets(tmp_path, seed=77)
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    variant = quality_index(servqual_long(load_dataset("bank_servqual")), by="branch")
    assert not np.allclose(shipped["quality_index"], variant["quality_index"])
    assert verdict("quality-index-by-branch", variant, capsys)[0]
    assert not verdict("quality-index-by-branch", shipped, capsys)[0]


def test_answers_can_be_plain_dicts(long, capsys):
    right = quality_index(long, by="branch").set_index("branch")["quality_index"].to_dict()
    assert verdict("quality-index-by-branch", right, capsys)[0]
    assert verdict("quality-index-by-branch", pd.Series(right), capsys)[0]


# --- the reworked forms: pandas first, a planted error, a prediction --------------------
def test_index_by_branch_in_pandas(long, capsys):
    means = long.groupby("branch")[["perceived", "expected"]].mean()
    assert verdict("quality-index-by-branch", 100 * means["perceived"] / means["expected"], capsys)[
        0
    ]


def test_dimension_gaps_planted_error(bank, long, capsys):
    from imlib.exercises.quality_gaps import pooled_gaps

    per_customer = long.groupby(["branch", "respondent_id", "dimension"], observed=True)[
        "gap"
    ].mean()
    right = per_customer.groupby(["branch", "dimension"], observed=True).mean()
    assert verdict("quality-dimension-gaps", right, capsys)[0]
    colleague = long.groupby(["branch", "dimension"], observed=True)["gap"].mean()
    assert (colleague - right).abs().max() > 0.005  # the planted error is visible
    ok, out = verdict("quality-dimension-gaps", colleague, capsys)
    assert not ok and "colleague's pooled mean" in out
    assert "colleague" in verdict("quality-dimension-gaps", pooled_gaps(), capsys)[1]


def test_unweighted_from_dimension_gaps(bank, capsys):
    gaps = servqual_gaps(bank, by="branch")
    assert verdict("quality-unweighted-score", gaps.groupby("branch")["gap"].mean(), capsys)[0]


def test_below_zone_negative_gap_is_not_below_the_zone(bank, long, capsys):
    gaps = servqual_gaps(bank, by="branch").query("branch == 'Riverside'")
    negative = gaps.loc[gaps["gap"] < 0, "dimension"].astype(str).tolist()
    zones = zones_of_tolerance(long, by=["branch", "dimension"]).query("branch == 'Riverside'")
    below = zones.loc[zones["zone"] == "below", "dimension"].astype(str).tolist()
    assert set(negative) != set(below)
    ok, out = verdict("quality-below-zone", negative, capsys)
    assert not ok and ("desired" in out)
    assert verdict("quality-below-zone", [b.title() for b in below], capsys)[0]


@pytest.mark.parametrize(
    "label",
    [
        "quality-index-by-hand",
        "quality-index-by-branch",
        "quality-dimension-gaps",
        "quality-unweighted-score",
        "quality-weighted-score",
        "quality-below-zone",
        "quality-scale-origin",
        "quality-diagnose-gap",
    ],
)
@pytest.mark.parametrize("junk", [object(), "", None, [1, 2], float("inf")])
def test_junk_is_not_yet_never_a_crash(label, junk):
    feedback = check(label, junk)
    assert feedback.status == "wrong", (label, junk, feedback.text)
