"""Tests for imlib.markets, its plots and its explorer: hand-computed audits, bad inputs."""

import contextlib
import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import ErrorbarContainer

from imlib import load_dataset
from imlib.markets import (
    EMPHASIS_RANGE,
    MARKET_ALIASES,
    MARKETS,
    canonical_market,
    markets_audit,
    rerank_gaps,
    six_markets,
)
from imlib.plotting import plot_emphasis_gaps, plot_emphasis_radar
from imlib.widgets import draw_six_markets, six_markets_explorer


def jury_frame(current, desired, executives=("A", "B", "C")):
    """Every executive gives the same profile unless lists of lists are passed."""
    rows = []
    for k, ex in enumerate(executives):
        cur = current[k] if isinstance(current[0], list) else current
        des = desired[k] if isinstance(desired[0], list) else desired
        for m, c, d in zip(MARKETS, cur, des, strict=True):
            rows.append({"executive": ex, "market": m, "current": c, "desired": d})
    return pd.DataFrame(rows)


@pytest.fixture
def jury():
    return jury_frame(
        [[8, 5, 2, 3, 2, 4, 3], [6, 5, 4, 3, 2, 4, 3], [7, 5, 3, 3, 2, 4, 6]],
        [[9, 5, 6, 3, 4, 3, 7], [9, 4, 6, 3, 4, 3, 8], [6, 6, 6, 3, 4, 3, 9]],
    )


def test_markets_as_data():
    markets = six_markets()
    assert markets["market"].tolist() == list(MARKETS) and len(MARKETS) == 7
    assert set(markets["domain"]) == {
        "customer",
        "referral",
        "supplier_alliance",
        "recruitment",
        "influence",
        "internal",
    }
    assert markets["relationship"].str.len().min() > 20


@pytest.mark.parametrize(("old", "new"), list(MARKET_ALIASES.items()))
def test_1991_names_are_aliases(old, new, jury):
    assert canonical_market(old) == new
    renamed = jury.replace({"market": {new: old}})
    pd.testing.assert_frame_equal(markets_audit(renamed), markets_audit(jury))


def test_audit_against_hand_computation(jury):
    audit = markets_audit(jury).set_index("market")
    existing = audit.loc["customer_existing"]
    assert existing["current_mean"] == pytest.approx(7.0)
    assert existing["desired_mean"] == pytest.approx(8.0)
    assert existing["desired_median"] == pytest.approx(9.0)
    assert existing["current_sd"] == pytest.approx(1.0)
    assert existing["desired_iqr"] == pytest.approx(1.5)  # quartiles 7.5 and 9
    assert existing["gap_sd"] == pytest.approx(np.std([1, 3, -1], ddof=1))
    assert audit.loc["internal", "gap"] == pytest.approx(8 - 4)
    assert audit.loc["internal", "rank"] == 1
    assert audit.loc["influence", "direction"] == "shrink"
    assert audit.loc["supplier_alliance", "direction"] == "hold"
    assert (audit["raters"] == 3).all()
    assert list(audit.index) == list(MARKETS)


def test_gap_is_desired_minus_current_and_ranks_follow(jury):
    audit = markets_audit(jury)
    np.testing.assert_allclose(audit["gap"], audit["desired_mean"] - audit["current_mean"])
    assert audit.sort_values("rank")["gap"].is_monotonic_decreasing


def test_by_firm_separates_audits(jury):
    both = pd.concat(
        [jury.assign(firm="X"), jury.assign(firm="Y", desired=jury["current"])], ignore_index=True
    )
    audit = markets_audit(both, by="firm")
    assert len(audit) == 14
    assert (audit.query("firm == 'Y'")["gap"] == 0).all()
    assert audit.query("firm == 'X'")["rank"].min() == 1


def test_nested_audit_with_own_axes():
    nested = pd.DataFrame(
        {
            "market": ["regulators", "media", "analysts"] * 2,
            "current": [8, 2, 4, 6, 2, 4],
            "desired": [7, 6, 4, 7, 4, 5],
        }
    )
    audit = markets_audit(nested, axes=["regulators", "analysts", "media"])
    assert audit["market"].astype(str).tolist() == ["regulators", "analysts", "media"]
    assert audit.set_index("market").loc["media", "rank"] == 1


def test_rerank_gaps(jury):
    audit = markets_audit(jury)
    moved = rerank_gaps(audit, desired={"referral": 10, "employee": 0})
    row = moved.set_index("market")
    assert row.loc["referral", "gap"] == pytest.approx(10 - 3)
    assert row.loc["referral", "rank"] == 1
    assert row.loc["recruitment", "direction"] == "shrink"
    assert audit.set_index("market").loc["referral", "rank"] != 1  # input untouched


def test_audit_of_the_shipped_jury_tells_its_stories():
    jury = load_dataset("rm_jury").query("audit == 'six_markets'")
    audit = markets_audit(jury, by="firm")
    top = audit[audit["rank"] == 1].set_index("firm")["market"].astype(str)
    assert top["Riverbend Hospital"] == "recruitment"
    assert top["Quayside Software"] in ("referral", "supplier_alliance")
    north = audit.query("firm == 'Northbank'").set_index("market")
    assert north.loc["customer_new", "direction"] == "shrink"
    assert north["desired_sd"].idxmax() == "customer_new"  # the contested market


@pytest.mark.parametrize(
    ("change", "error", "match"),
    [
        (lambda d: d.assign(current=d["current"] * 10), ValueError, "'current' must be present"),
        (lambda d: d.assign(desired=-1), ValueError, r"lie in \[0, 10\]"),
        (lambda d: d.assign(desired=np.nan), ValueError, "'desired' must be present"),
        (lambda d: d.assign(current="high"), TypeError, "must be numeric"),
        (lambda d: d.replace({"market": {"referral": "partners"}}), ValueError, "'partners'"),
        (lambda d: d[d["market"] != "internal"], ValueError, "every axis needs ratings"),
        (lambda d: d.drop(columns="desired"), ValueError, "no column 'desired'"),
        (lambda d: d.iloc[0:0], ValueError, "is empty"),
    ],
)
def test_audit_bad_input(jury, change, error, match):
    with pytest.raises(error, match=match):
        markets_audit(change(jury))


def test_bad_axes_and_names(jury):
    with pytest.raises(ValueError, match="at least 3"):
        markets_audit(jury, axes=["internal", "referral"])
    with pytest.raises(TypeError, match="must be a non-empty string"):
        canonical_market(3)
    two_firms = pd.concat([jury.assign(f=1), jury.assign(f=2)], ignore_index=True)
    with pytest.raises(ValueError, match="audit must have one row per 'market'"):
        rerank_gaps(markets_audit(two_firms, by="f"), desired={})
    with pytest.raises(ValueError, match=r"lie in \[0, 10\]"):
        rerank_gaps(markets_audit(jury), desired={"internal": 11})
    assert EMPHASIS_RANGE == (0.0, 10.0)


def test_radar_and_gap_plots(jury):
    audit = markets_audit(jury)
    fig = plt.figure()
    radar = fig.add_subplot(1, 2, 1, projection="polar")
    other = fig.add_subplot(1, 2, 2)
    assert plot_emphasis_radar(audit, ax=radar) is radar
    assert not other.has_data()
    current, desired = radar.get_lines()[:2]
    np.testing.assert_allclose(current.get_ydata()[:-1], audit["current_mean"])
    np.testing.assert_allclose(desired.get_ydata()[:-1], audit["desired_mean"])
    assert radar.get_title() and radar.get_xlabel()
    assert plot_emphasis_gaps(audit, ax=other) is other
    assert other.get_xlabel() and other.get_ylabel() and other.get_title()
    bars = next(c for c in other.containers if hasattr(c, "patches"))
    widths = sorted(p.get_width() for p in bars.patches)
    np.testing.assert_allclose(widths, sorted(audit["gap"]))
    with pytest.raises(ValueError, match="polar"):
        plot_emphasis_radar(audit, ax=plt.subplots()[1])


def test_explorer_and_callback():
    jury = load_dataset("rm_jury").query("audit == 'six_markets'")
    with contextlib.redirect_stdout(io.StringIO()):
        box = six_markets_explorer(jury, start="Riverbend Hospital")
    firm, *sliders = box.children[0].children
    assert firm.value == "Riverbend Hospital" and len(sliders) == 7
    for slider in sliders:
        assert (slider.min, slider.max) == EMPHASIS_RANGE and not slider.continuous_update
    firm.value = "Northbank"  # sliders reset to Northbank's jury means
    audit = markets_audit(jury, by="firm").query("firm == 'Northbank'")
    assert sliders[-1].value == pytest.approx(round(audit["desired_mean"].iloc[-1], 1))
    fig = draw_six_markets(
        markets_audit(jury, by="firm"), firm="Northbank", desired={"customer_new": 10}
    )
    assert "Northbank" in fig.axes[1].get_title()
    with pytest.raises(ValueError, match="no rows with firm == 'Atlantis'"):
        draw_six_markets(audit, firm="Atlantis")
    with pytest.raises(ValueError, match="start must be one of"):
        six_markets_explorer(jury, start="Atlantis")


def test_the_gap_chart_holds_every_gap_the_sliders_can_make():
    """The explorer's fixed gap scale: at the sliders' extremes, every bar, whisker and value
    label of every firm stays inside the axis."""
    audit = markets_audit(load_dataset("rm_jury").query("audit == 'six_markets'"), by="firm")
    low, high = EMPHASIS_RANGE
    for firm, rows in audit.groupby("firm"):
        for extreme in (low, high):
            desired = {m: extreme for m in rows["market"]}
            fig = draw_six_markets(audit, firm=firm, desired=desired)
            bars = fig.axes[1]
            left, right = bars.get_xlim()
            fig.canvas.draw()
            (errors,) = [c for c in bars.containers if isinstance(c, ErrorbarContainer)]
            (whiskers,) = errors.lines[2]
            ends = np.concatenate([s[:, 0] for s in whiskers.get_segments()])
            assert left < ends.min() and ends.max() < right, (firm, extreme)
            box = bars.get_window_extent()
            for text in bars.texts:  # the "+x.x" labels, inside the plot area
                if text.get_text().startswith(("+", "-")):
                    extent = text.get_window_extent()
                    assert box.x0 <= extent.x0 and extent.x1 <= box.x1, (firm, extreme, text)
            plt.close(fig)
