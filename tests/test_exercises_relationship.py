"""Checker tests for Labs 2 and 3: right answers, plausible wrong ones, dataset variants."""

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
from imlib.markets import markets_audit
from imlib.mix import importance_performance

LAB2 = {
    "markets-hospital-gaps",
    "markets-grow-most",
    "markets-contested",
    "markets-nested-influence",
    "mix-relationship-only",
    "mix-concentrate-here",
}
LAB3 = {
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
    assert LAB2 | LAB3 <= set(labels())


def test_not_attempted_and_malformed_never_raise(capsys):
    for label in sorted(LAB2 | LAB3):
        ok, out = verdict(label, ..., capsys)
        assert not ok and "Not attempted" in out
        ok, out = verdict(label, object(), capsys)
        assert not ok and "Could not check" not in out, (label, out)


# --- Lab 1 -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def audit():
    jury = load_dataset("rm_jury")
    return markets_audit(jury[jury["audit"] == "six_markets"], by="firm")


def firm(audit, name):
    rows = audit[audit["firm"] == name]
    return rows.assign(market=rows["market"].astype(str)).set_index("market")


def test_hospital_gaps(audit, capsys):
    hospital = firm(audit, "Riverbend Hospital")
    assert verdict("markets-hospital-gaps", hospital["gap"], capsys)[0]
    assert verdict("markets-hospital-gaps", hospital.reset_index()[["market", "gap"]], capsys)[0]
    assert "Wrong sign" in verdict("markets-hospital-gaps", -hospital["gap"], capsys)[1]
    medians = hospital["desired_median"] - hospital["current_median"]
    if not np.allclose(medians, hospital["gap"], atol=0.01):
        assert "medians" in verdict("markets-hospital-gaps", medians, capsys)[1]
    wrong_firm = firm(audit, "Northbank")["gap"]
    ok, out = verdict("markets-hospital-gaps", wrong_firm, capsys)
    assert not ok and "Riverbend Hospital" in out
    ok, out = verdict("markets-hospital-gaps", audit[["market", "gap"]], capsys)
    assert not ok and "repeated rows" in out


def test_grow_most(audit, capsys):
    quayside = firm(audit, "Quayside Software")
    top = quayside["gap"].idxmax()
    assert verdict("markets-grow-most", top, capsys)[0]
    assert verdict("markets-grow-most", top.replace("_", " ").upper(), capsys)[0]
    highest_desired = quayside["desired_mean"].idxmax()
    assert highest_desired != top
    assert "desired" in verdict("markets-grow-most", highest_desired, capsys)[1]
    lowest = quayside["gap"].idxmin()
    if lowest != highest_desired:
        assert "shrink" in verdict("markets-grow-most", lowest, capsys)[1]
    neither = quayside.index[
        ~quayside.index.isin([top, highest_desired, lowest, quayside["gap"].abs().idxmax()])
    ][0]
    assert "rank 1" in verdict("markets-grow-most", neither, capsys)[1]
    assert "not one of" in verdict("markets-grow-most", "customers", capsys)[1]


def test_contested(audit, capsys):
    north = firm(audit, "Northbank")
    right = north["desired_sd"].idxmax()
    assert verdict("markets-contested", right, capsys)[0]
    biggest_gap = north["gap"].idxmax()
    assert biggest_gap != right
    assert "spread" in verdict("markets-contested", biggest_gap, capsys)[1]


def test_nested_influence(capsys):
    jury = load_dataset("rm_jury")
    nested = jury[jury["audit"] == "influence"]
    out = markets_audit(nested, axes=list(dict.fromkeys(nested["market"])))
    out = out.assign(market=out["market"].astype(str)).set_index("market")
    assert verdict("markets-nested-influence", out["gap"].idxmax(), capsys)[0]
    assert (
        "subtract current"
        in verdict("markets-nested-influence", out["desired_mean"].idxmax(), capsys)[1]
    )
    assert "not one of" in verdict("markets-nested-influence", "internal", capsys)[1]


def test_relationship_only(capsys):
    assert verdict("mix-relationship-only", ["customer_service"], capsys)[0]
    assert verdict("mix-relationship-only", "Customer service", capsys)[0]
    assert "other way round" in verdict("mix-relationship-only", ["physical_evidence"], capsys)[1]
    assert "four Ps" in verdict("mix-relationship-only", ["price"], capsys)[1]


def test_concentrate_here(capsys):
    ipa = importance_performance(load_dataset("mix_audit"), by="firm")
    mine = ipa[ipa["firm"] == "Quayside Software"].assign(
        element=lambda d: d["element"].astype(str)
    )
    right = mine.loc[mine["quadrant"] == "concentrate here", "element"].tolist()
    overkill = mine.loc[mine["quadrant"] == "possible overkill", "element"].tolist()
    assert verdict("mix-concentrate-here", right, capsys)[0]
    assert verdict("mix-concentrate-here", pd.Series(right[::-1]), capsys)[0]
    assert "opposite corner" in verdict("mix-concentrate-here", right + overkill, capsys)[1]
    assert "missing" in verdict("mix-concentrate-here", right[:1], capsys)[1]
    assert "not an element" in verdict("mix-concentrate-here", ["branding"], capsys)[1]


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


def test_five_year_share(cohort, capsys):
    projection = ladder_projection({"purchaser": 1.0}, transition_matrix(cohort), periods=6)
    alive = 1 - projection[LOST]
    assert verdict("loyalty-five-year-share", alive.iloc[5], capsys)[0]
    assert "share lost" in verdict("loyalty-five-year-share", 1 - alive.iloc[5], capsys)[1]
    assert "after 4 years" in verdict("loyalty-five-year-share", alive.iloc[4], capsys)[1]
    assert "after 6 years" in verdict("loyalty-five-year-share", alive.iloc[6], capsys)[1]
    assert "percentage" in verdict("loyalty-five-year-share", 100 * alive.iloc[5], capsys)[1]


def test_defection_cut(cohort, capsys):
    d = retention_rates(cohort)["defection_rate"].iloc[0]
    m = cohort.loc[cohort["tenure"] == 1, "margin"].mean()
    args = dict(margin=m, acquisition_cost=150, discount_rate=0.10, horizon=20)
    right = defection_cut_effect(defection_rate=d, cut=0.05, margin_growth=0.04, **args)
    value = right["profit_change_pct"].iloc[1]
    assert verdict("loyalty-defection-cut", value, capsys)[0]
    relative = defection_cut_effect(defection_rate=d, cut=0.05 * d, margin_growth=0.04, **args)
    ok, out = verdict("loyalty-defection-cut", relative["profit_change_pct"].iloc[1], capsys)
    assert not ok and "percentage points" in out
    assert "fraction" in verdict("loyalty-defection-cut", value / 100, capsys)[1]
    flat = defection_cut_effect(defection_rate=d, cut=0.05, margin_growth=0.0, **args)
    ok, out = verdict("loyalty-defection-cut", flat["profit_change_pct"].iloc[1], capsys)
    assert not ok and "margin growth" in out


def test_checkers_follow_a_dataset_variant(tmp_path, monkeypatch, capsys):
    from imlib.datasets import write_datasets

    shipped = retention_rates(load_dataset("customer_cohort"), by="rung")
    write_datasets(tmp_path, seed=77)
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    variant = retention_rates(load_dataset("customer_cohort"), by="rung")
    assert not np.allclose(shipped["retention_rate"], variant["retention_rate"])
    assert verdict("loyalty-retention-by-rung", variant, capsys)[0]
    assert not verdict("loyalty-retention-by-rung", shipped, capsys)[0]
    jury = load_dataset("rm_jury")
    audit = markets_audit(jury[jury["audit"] == "six_markets"], by="firm")
    hospital = firm(audit, "Riverbend Hospital")["gap"]
    assert verdict("markets-hospital-gaps", hospital, capsys)[0]
