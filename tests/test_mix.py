"""Tests for imlib.mix and its plot: the frameworks, the quadrants, bad inputs."""

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from imlib import load_dataset
from imlib.mix import (
    FRAMEWORKS,
    QUADRANTS,
    expanded_mix,
    importance_performance,
    mix_elements,
)
from imlib.plotting import plot_importance_performance


def test_frameworks():
    assert mix_elements("four_ps") == ["product", "price", "promotion", "place"]
    rel, bb = mix_elements("relationship_7ps"), mix_elements("booms_bitner_7ps")
    assert len(rel) == len(bb) == 7
    assert set(rel) - set(bb) == {"customer_service"}
    assert set(bb) - set(rel) == {"physical_evidence"}
    table = expanded_mix()
    assert table["four_ps"].sum() == 4 and table["relationship_7ps"].sum() == 7
    assert set(table.loc[table["quality_driver"], "element"]) == {"people", "processes"}
    with pytest.raises(ValueError, match="'framework' must be one of"):
        mix_elements("4ps")


@pytest.fixture
def ratings():
    return pd.DataFrame(
        {
            "element": ["product", "product", "price", "people", "processes"],
            "importance": [6.0, 7.0, 2.0, 6.0, 3.0],
            "performance": [6.0, 5.0, 6.0, 2.0, np.nan],
        }
    )


def test_quadrants_by_hand(ratings):
    out = importance_performance(ratings).set_index("element")
    assert out.loc["product", "importance"] == pytest.approx(6.5)
    assert out.loc["product", "respondents"] == 2
    assert out.loc["processes", "performance"] != out.loc["processes", "performance"]  # NaN
    i_cut = np.mean([6.5, 2.0, 6.0, 3.0])
    assert out["importance_cut"].iloc[0] == pytest.approx(i_cut)
    assert out.loc["people", "quadrant"] == "concentrate here"
    assert out.loc["product", "quadrant"] == "keep up the good work"
    assert out.loc["price", "quadrant"] == "possible overkill"
    assert set(QUADRANTS.values()) == {
        "concentrate here",
        "keep up the good work",
        "low priority",
        "possible overkill",
    }
    mid = importance_performance(ratings, cutoff="midpoint")
    assert (mid["importance_cut"] == 4.0).all()


@pytest.mark.parametrize(
    ("change", "kwargs", "match"),
    [
        (lambda d: d.assign(importance=d["importance"] * 10), {}, "'importance' must lie in"),
        (lambda d: d.assign(element="branding"), {}, "'branding'"),
        (lambda d: d.assign(element="physical_evidence"), {}, "not an element of relationship"),
        (lambda d: d, {"cutoff": "median"}, "'cutoff' must be one of"),
        (lambda d: d.drop(columns="performance"), {}, "no column 'performance'"),
    ],
)
def test_bad_input(ratings, change, kwargs, match):
    with pytest.raises(ValueError, match=match):
        importance_performance(change(ratings), **kwargs)


def test_other_framework_is_accepted(ratings):
    out = importance_performance(
        ratings.replace({"element": {"price": "physical_evidence"}}), framework="booms_bitner_7ps"
    )
    assert "physical_evidence" in out["element"].astype(str).tolist()
    assert set(FRAMEWORKS) == {"four_ps", "relationship_7ps", "booms_bitner_7ps"}


def test_shipped_audit_and_plot():
    ipa = importance_performance(load_dataset("mix_audit"), by="firm")
    assert len(ipa) == 21
    q = ipa.set_index(["firm", "element"])["quadrant"]
    assert q[("Quayside Software", "processes")] == "concentrate here"
    assert q[("Riverbend Hospital", "people")] == "keep up the good work"
    fig, (left, right) = plt.subplots(1, 2)
    one = ipa[ipa["firm"] == "Northbank"]
    assert plot_importance_performance(one, ax=right) is right
    assert not left.has_data()
    offsets = right.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], one["performance"])
    assert right.get_title() and right.get_xlabel() and right.get_ylabel()
    with pytest.raises(ValueError, match="filter it to one firm"):
        plot_importance_performance(ipa)
