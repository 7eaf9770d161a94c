"""Checker tests for Lab 1 (six markets and mix): right answers and plausible wrong ones."""

import pandas as pd
import pytest

from imlib import load_dataset
from imlib.exercises import check, labs, reset_results
from imlib.exercises.six_markets import pooled_disagreement
from imlib.markets import markets_audit
from imlib.mix import importance_performance

LAB1 = {
    "markets-hospital-gaps",
    "markets-grow-most",
    "markets-contested",
    "markets-nested-influence",
    "mix-relationship-only",
    "mix-concentrate-here",
    "mix-midpoint-cut",
}


@pytest.fixture(autouse=True)
def _fresh():
    reset_results()


def said(label, answer):
    feedback = check(label, answer)
    return bool(feedback), feedback.text


@pytest.fixture(scope="module")
def six():
    jury = load_dataset("rm_jury")
    return jury[jury["audit"] == "six_markets"]


def firm(six, name):
    audit = markets_audit(six, by="firm")
    rows = audit[audit["firm"] == name]
    return rows.assign(market=rows["market"].astype(str)).set_index("market")


def test_labels_live_in_their_labs():
    assert LAB1 == set(labs()["markets"].labels) | set(labs()["mix"].labels)


@pytest.mark.parametrize("label", sorted(LAB1))
@pytest.mark.parametrize("junk", [object(), "", None, {"a": 1}, float("nan")])
def test_junk_is_not_yet_never_a_crash(label, junk):
    feedback = check(label, junk)
    assert feedback.status == "wrong", (label, junk, feedback.text)
    assert "Error" not in feedback.text and "Traceback" not in feedback.text
    assert check(label, ...).status == "not attempted"


def test_hospital_gaps_by_hand(six):
    mine = six[six["firm"] == "Riverbend Hospital"]
    means = mine.groupby("market", observed=True)[["desired", "current"]].mean()
    by_hand = means["desired"] - means["current"]
    assert said("markets-hospital-gaps", by_hand)[0]
    assert said("markets-hospital-gaps", firm(six, "Riverbend Hospital")[["gap"]])[0]
    assert "Wrong sign" in said("markets-hospital-gaps", -by_hand)[1]
    med = mine.groupby("market", observed=True)[["desired", "current"]].median()
    assert "medians" in said("markets-hospital-gaps", med["desired"] - med["current"])[1]
    pooled = six.groupby("market", observed=True)[["desired", "current"]].mean()
    ok, out = said("markets-hospital-gaps", pooled["desired"] - pooled["current"])
    assert not ok and "pool all three firms" in out
    off = by_hand.copy()
    off.iloc[2] += 0.3
    ok, out = said("markets-hospital-gaps", off)
    assert not ok and "is off" in out


def test_grow_most_is_a_choice_with_its_number(six):
    audit = firm(six, "Quayside Software")
    top = audit["gap"].idxmax()
    gap = audit.loc[top, "gap"]
    assert said("markets-grow-most", (top, round(gap, 2)))[0]
    assert said("markets-grow-most", {"market": top.replace("_", " "), "gap": gap})[0]
    assert said("markets-grow-most", [round(gap, 2), top])[0]  # either order
    assert "positive" in said("markets-grow-most", (top, -gap))[1]
    desired = audit.loc[top, "desired_mean"]
    assert "desired level" in said("markets-grow-most", (top, desired))[1]
    wanted = audit["desired_mean"].idxmax()
    if wanted not in {top, audit["gap"].idxmin(), audit["gap"].abs().idxmax()}:
        assert "highest *desired*" in said("markets-grow-most", (wanted, 1.0))[1]
    elif wanted == audit["gap"].idxmin():
        assert "shrink" in said("markets-grow-most", (wanted, 1.0))[1]
    shrink = audit["gap"].idxmin()
    assert not said("markets-grow-most", (shrink, audit.loc[shrink, "gap"]))[0]
    assert "two things" in said("markets-grow-most", top)[1]


def test_contested_finds_the_planted_error(six):
    audit = firm(six, "Quayside Software")
    right = audit["desired_sd"].idxmax()
    assert said("markets-contested", right)[0]
    assert said("markets-contested", right.upper().replace("_", "-"))[0]
    colleague = pooled_disagreement()
    assert colleague != right  # the planted error gives a wrong answer on this data
    ok, out = said("markets-contested", colleague)
    assert not ok and "colleague's answer" in out
    current = audit["current_sd"].idxmax()
    if current not in {right, colleague}:
        assert "*current*" in said("markets-contested", current)[1]
    assert said("markets-contested", "supplier")[0] is (right == "supplier_alliance")
    assert "not a market" in said("markets-contested", "nurses")[1]


def test_nested_influence():
    jury = load_dataset("rm_jury")
    nested = jury[jury["audit"] == "influence"]
    audit = markets_audit(nested, axes=list(dict.fromkeys(nested["market"])))
    audit = audit.assign(market=audit["market"].astype(str)).set_index("market")
    top = audit["gap"].idxmax()
    assert said("markets-nested-influence", top)[0]
    assert said("markets-nested-influence", top.replace("_", " ").title())[0]
    lowest = audit["gap"].idxmin()
    assert not said("markets-nested-influence", lowest)[0]
    assert "not an influence sub-market" in said("markets-nested-influence", "banks")[1]


def test_relationship_only():
    assert said("mix-relationship-only", ["Customer Service"])[0]
    assert said("mix-relationship-only", "customer-service")[0]
    assert "other way round" in said("mix-relationship-only", ["physical_evidence"])[1]
    assert "four Ps" in said("mix-relationship-only", ["customer_service", "price"])[1]
    assert "both extended mixes" in said("mix-relationship-only", ["people"])[1]


def quadrants(cutoff="mean"):
    ipa = importance_performance(load_dataset("mix_audit"), by="firm", cutoff=cutoff)
    mine = ipa[ipa["firm"] == "Quayside Software"]
    return pd.Series(mine["quadrant"].to_numpy(), index=mine["element"].astype(str))


def test_concentrate_here_by_hand():
    mix = load_dataset("mix_audit")
    means = (
        mix[mix["firm"] == "Quayside Software"]
        .groupby("element", observed=True)[["importance", "performance"]]
        .mean()
    )
    cut = means.mean()
    by_hand = means.index[
        (means["importance"] >= cut["importance"]) & (means["performance"] < cut["performance"])
    ].tolist()
    q = quadrants()
    assert sorted(by_hand) == sorted(q[q == "concentrate here"].index)
    assert said("mix-concentrate-here", by_hand)[0]
    assert said("mix-concentrate-here", pd.Series(by_hand[::-1]))[0]
    mid = quadrants("midpoint")
    mid_list = list(mid[mid == "concentrate here"].index)
    if set(mid_list) != set(by_hand):
        assert "midpoint" in said("mix-concentrate-here", mid_list)[1]
    overkill = list(q[q == "possible overkill"].index)
    if overkill:
        assert "opposite corner" in said("mix-concentrate-here", overkill)[1]
    assert "missing" in said("mix-concentrate-here", by_hand[:1])[1]
    assert "not an element" in said("mix-concentrate-here", ["branding"])[1]


def test_midpoint_cut_names_what_moved():
    mean, mid = quadrants(), quadrants("midpoint")
    moved = sorted(mean.index[mean != mid])
    assert moved  # the shipped data has at least one element near a line
    assert said("mix-midpoint-cut", moved)[0]
    new = sorted(mid[mid == "concentrate here"].index)
    if set(new) != set(moved):
        assert "whole *concentrate here* list" in said("mix-midpoint-cut", new)[1]
    old = sorted(mean[mean == "concentrate here"].index)
    if set(old) != set(moved):
        assert "before the change" in said("mix-midpoint-cut", old)[1]


def test_checkers_follow_a_dataset_variant(tmp_path, monkeypatch, six):
    from imlib.datasets import write_datasets

    shipped = firm(six, "Riverbend Hospital")["gap"]
    write_datasets(tmp_path, seed=77)
    monkeypatch.setenv("IMLIB_DATA_DIR", str(tmp_path))
    jury = load_dataset("rm_jury")
    variant = firm(jury[jury["audit"] == "six_markets"], "Riverbend Hospital")["gap"]
    assert not (shipped.round(6) == variant.round(6)).all()
    assert said("markets-hospital-gaps", variant)[0]
    assert not said("markets-hospital-gaps", shipped)[0]
