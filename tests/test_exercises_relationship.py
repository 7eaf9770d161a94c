"""Checker tests for Lab 2 (ladder of loyalty): right and plausible wrong answers, variants."""

import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.exercises import check, labels, reset_results
from imlib.loyalty import (
    LOST,
    defection_cut_effect,
    ladder_projection,
    retention_rates,
    transition_matrix,
)

LAB3 = {
    "loyalty-margin-growth",
    "loyalty-clv-by-hand",
    "loyalty-retention-by-rung",
    "loyalty-transition-matrix",
    "loyalty-five-year-share",
    "loyalty-defection-cut",
}


@pytest.fixture(autouse=True)
def _fresh():
    reset_results()


def verdict(label, answer, capsys):
    feedback = check(label, answer)
    return bool(feedback), feedback.text


def test_every_label_is_registered():
    assert LAB3 <= set(labels())


def test_not_attempted_and_malformed_never_raise(capsys):
    for label in sorted(LAB3):
        ok, out = verdict(label, ..., capsys)
        assert not ok and "Not attempted" in out
        ok, out = verdict(label, object(), capsys)
        assert not ok and "Could not check" not in out, (label, out)


# --- Lab 2 -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cohort():
    return load_dataset("customer_cohort")


def test_clv_by_hand(cohort, capsys):
    m = cohort.loc[cohort["rung"] == "client", "margin"].mean()
    r = retention_rates(cohort[cohort["rung"] == "client"])["retention_rate"].iloc[0]
    typed = round(m) * round(r, 3) / (1.1 - round(r, 3))  # from the printed, rounded inputs
    assert verdict("loyalty-clv-by-hand", typed, capsys)[0]
    cases = {
        m * r / (1 - r): "discount rate",
        m * 1.1 / (1.1 - r): "t = 0",
        m / (1.1 - r): "retention rate too",
        m * (1 - r) / (1.1 - (1 - r)): "defection rate",
        1.0: "printed numbers",
    }
    for wrong, hint in cases.items():
        ok, out = verdict("loyalty-clv-by-hand", wrong, capsys)
        assert not ok and hint in out, (wrong, out)


def test_retention_by_rung(cohort, capsys):
    right = retention_rates(cohort, by="rung")
    assert verdict("loyalty-retention-by-rung", right, capsys)[0]
    series = right.set_index("rung")["retention_rate"]
    assert "defection rates" in verdict("loyalty-retention-by-rung", 1 - series, capsys)[1]
    assert "percentages" in verdict("loyalty-retention-by-rung", 100 * series, capsys)[1]


def test_transition_matrix_checker(cohort, capsys):
    right = transition_matrix(cohort)
    assert verdict("loyalty-transition-matrix", right, capsys)[0]
    assert verdict("loyalty-transition-matrix", right.iloc[::-1, ::-1], capsys)[0]
    assert "each *row*" in verdict("loyalty-transition-matrix", right.T, capsys)[1]
    counts = right * 100
    assert "counts" in verdict("loyalty-transition-matrix", counts, capsys)[1]
    assert "lost" in verdict("loyalty-transition-matrix", right.drop(columns=LOST), capsys)[1]
    assert "DataFrame" in verdict("loyalty-transition-matrix", right.to_numpy(), capsys)[1]


def test_retention_by_rung_in_pandas(cohort, capsys):
    by_hand = 1 - cohort.groupby("rung", observed=True)["defected"].mean()
    assert verdict("loyalty-retention-by-rung", by_hand, capsys)[0]
    counts = cohort.groupby("rung", observed=True)["defected"].sum()
    assert "counts" in verdict("loyalty-retention-by-rung", counts, capsys)[1]


def test_transition_matrix_built_in_pandas(cohort, capsys):
    ordered = cohort.sort_values(["customer_id", "year"])
    nxt = ordered.groupby("customer_id")["rung"].shift(-1).astype(object)
    nxt = nxt.where(~ordered["defected"], "lost")
    pairs = ordered.assign(to=nxt)[nxt.notna()]
    by_hand = pd.crosstab(pairs["rung"], pairs["to"], normalize="index")
    assert verdict("loyalty-transition-matrix", by_hand, capsys)[0]  # no 'lost' row needed
    cut = ordered.assign(to=nxt)[ordered["year"] < ordered["year"].max()]
    wrong = pd.crosstab(cut["rung"], cut["to"], normalize="index")
    assert not verdict("loyalty-transition-matrix", wrong, capsys)[0]
    stay = pairs["to"].where(pairs["to"] != "lost", pairs["rung"])
    nobody_lost = pd.crosstab(pairs["rung"], stay, normalize="index").assign(lost=0.0)
    assert "Nobody moves to lost" in verdict("loyalty-transition-matrix", nobody_lost, capsys)[1]


def test_five_year_share_finds_the_colleagues_error(cohort, capsys):
    projection = ladder_projection({"purchaser": 1.0}, transition_matrix(cohort), periods=6)
    alive = 1 - projection[LOST]
    assert verdict("loyalty-five-year-share", alive.iloc[5], capsys)[0]
    r_p = retention_rates(cohort, by="rung").set_index("rung").loc["purchaser", "retention_rate"]
    assert abs(r_p**5 - alive.iloc[5]) > 0.01
    assert "colleague's number" in verdict("loyalty-five-year-share", r_p**5, capsys)[1]
    assert "share lost" in verdict("loyalty-five-year-share", 1 - alive.iloc[5], capsys)[1]
    assert "after 4 years" in verdict("loyalty-five-year-share", alive.iloc[4], capsys)[1]
    assert "after 6 years" in verdict("loyalty-five-year-share", alive.iloc[6], capsys)[1]
    assert "percentage" in verdict("loyalty-five-year-share", 100 * alive.iloc[5], capsys)[1]


def test_margin_growth(cohort, capsys):
    by_tenure = cohort.groupby("tenure")["margin"].mean()
    steps = by_tenure.index[-1] - by_tenure.index[0]
    right = (by_tenure.iloc[-1] / by_tenure.iloc[0]) ** (1 / steps) - 1
    assert verdict("loyalty-margin-growth", right, capsys)[0]
    assert verdict("loyalty-margin-growth", round(right, 3), capsys)[0]
    total = by_tenure.iloc[-1] / by_tenure.iloc[0] - 1
    assert "total growth" in verdict("loyalty-margin-growth", total, capsys)[1]
    too_many = (by_tenure.iloc[-1] / by_tenure.iloc[0]) ** (1 / (steps + 1)) - 1
    assert "yearly steps" in verdict("loyalty-margin-growth", too_many, capsys)[1]
    assert "percentage" in verdict("loyalty-margin-growth", 100 * right, capsys)[1]
    assert not verdict("loyalty-margin-growth", 0.04, capsys)[0]


def test_defection_cut_in_money(cohort, capsys):
    d = retention_rates(cohort)["defection_rate"].iloc[0]
    m = cohort.loc[cohort["tenure"] == 1, "margin"].mean()
    by_tenure = cohort.groupby("tenure")["margin"].mean()
    g = (by_tenure.iloc[-1] / by_tenure.iloc[0]) ** (1 / (by_tenure.index[-1] - 1)) - 1
    h = int(cohort["tenure"].max())

    def pounds(**kw):
        table = defection_cut_effect(
            defection_rate=d, margin=m, acquisition_cost=150, discount_rate=0.10, **kw
        )
        return table["customer_value"].iloc[1] - table["customer_value"].iloc[0], table

    right, table = pounds(cut=0.05, margin_growth=g, horizon=h)
    assert verdict("loyalty-defection-cut", right, capsys)[0]
    ok, out = verdict("loyalty-defection-cut", table["profit_change_pct"].iloc[1], capsys)
    assert not ok and "percent" in out
    improved = table["customer_value"].iloc[1]
    assert "subtract the current" in verdict("loyalty-defection-cut", improved, capsys)[1]
    old, _ = pounds(cut=0.05, margin_growth=0.04, horizon=20)
    assert "worked example" in verdict("loyalty-defection-cut", old, capsys)[1]
    long, _ = pounds(cut=0.05, margin_growth=g, horizon=20)
    assert "horizon" in verdict("loyalty-defection-cut", long, capsys)[1]
    relative, _ = pounds(cut=0.05 * d, margin_growth=g, horizon=h)
    assert "percentage points" in verdict("loyalty-defection-cut", relative, capsys)[1]


def test_checkers_follow_a_dataset_variant(tmp_path, monkeypatch, capsys):
    from imlib.datasets import write_datasets

    shipped = retention_rates(load_dataset("customer_cohort"), by="rung")
    write_datasets(tmp_path, seed=77)
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    variant = retention_rates(load_dataset("customer_cohort"), by="rung")
    assert not np.allclose(shipped["retention_rate"], variant["retention_rate"])
    assert verdict("loyalty-retention-by-rung", variant, capsys)[0]
    assert not verdict("loyalty-retention-by-rung", shipped, capsys)[0]
