"""Plots draw on the Axes they are given, label everything, and show the computed values."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from imlib import load_dataset
from imlib.plotting import plot_dimension_gaps, plot_servqual_profile, plot_zones_of_tolerance
from imlib.quality import SERVQUAL_DIMENSIONS, servqual_gaps, servqual_long, zones_of_tolerance


@pytest.fixture(scope="module")
def gaps():
    return servqual_gaps(load_dataset("bank_servqual"), by="branch")


def assert_labelled(ax):
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def test_dimension_gaps_bars_are_the_gaps(gaps):
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_dimension_gaps(gaps, ax=right) is right
    assert not left.has_data()
    assert_labelled(right)
    heights = [p.get_height() for p in right.patches]
    assert len(heights) == len(gaps)
    harbour = gaps[gaps["branch"] == "Harbour"].set_index("dimension")["gap"]
    handles, names = right.get_legend_handles_labels()
    k = names.index("Harbour")
    bars = handles[k].patches
    np.testing.assert_allclose(
        [b.get_height() for b in bars], harbour.reindex(SERVQUAL_DIMENSIONS).to_numpy()
    )


def test_profile_lines_are_the_means(gaps):
    fig, ax = plt.subplots()
    one = gaps[gaps["branch"] == "Riverside"]
    plot_servqual_profile(one, ax=ax)
    assert_labelled(ax)
    expected_line, perceived_line = ax.get_lines()
    np.testing.assert_allclose(expected_line.get_ydata(), one["expected"].to_numpy())
    np.testing.assert_allclose(perceived_line.get_ydata(), one["perceived"].to_numpy())


def test_zones_plot_marks_perceived_inside_bars():
    long = servqual_long(load_dataset("bank_servqual"))
    zones = zones_of_tolerance(long, by=["branch", "dimension"])
    one = zones[zones["branch"] == "Riverside"]
    fig, ax = plt.subplots()
    assert plot_zones_of_tolerance(one, ax=ax) is ax
    assert_labelled(ax)
    widths = sorted(p.get_width() for p in ax.patches)
    np.testing.assert_allclose(widths, sorted((one["desired"] - one["adequate"]).to_numpy()))


def test_plot_bad_input(gaps):
    with pytest.raises(ValueError, match="plot_dimension_gaps\\(\\): data has no column 'gap'"):
        plot_dimension_gaps(gaps.drop(columns="gap"))
    with pytest.raises(ValueError, match="filter it to one group first"):
        plot_servqual_profile(gaps)
    with pytest.raises(ValueError, match="'zone' must be one of"):
        plot_zones_of_tolerance(gaps.assign(adequate=1.0, desired=2.0, zone="nowhere").head(5))


# Alt text (imlib.plotting.describe): what each figure shows, carried into its PNG.


def _png_description(fig) -> str:
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=40)
    buf.seek(0)
    return Image.open(buf).text.get("Description", "")


def test_alt_text_names_the_widest_gap_and_reaches_the_png(gaps):
    from imlib.plotting import alt_text, plot_dimension_gaps

    fig, ax = plt.subplots()
    plot_dimension_gaps(gaps, ax=ax)
    worst = gaps.loc[gaps["gap"].idxmin()]
    text = alt_text(fig)
    assert text.startswith("Bar chart: " + ax.get_title())
    assert f"{worst['dimension']} at {worst['branch']}, {worst['gap']:+.2f} points" in text
    assert _png_description(fig) == text


def test_alt_text_follows_the_data_not_a_fixed_sentence(gaps):
    from imlib.plotting import alt_text, plot_servqual_profile

    texts = set()
    for branch in sorted(gaps["branch"].unique())[:3]:
        fig, ax = plt.subplots()
        rows = gaps[gaps["branch"] == branch]
        plot_servqual_profile(rows, ax=ax, title=branch)
        k = (rows["perceived"] - rows["expected"]).to_numpy().argmin()
        text = alt_text(fig)
        assert text.startswith(f"Line chart: {branch}. ")
        assert str(rows["dimension"].iloc[k]) in text
        texts.add(text)
    assert len(texts) == 3


def test_alt_text_reads_the_final_title():
    from imlib.plotting import alt_text, describe

    fig, ax = plt.subplots()
    ax.set_title("first")
    describe(ax, "a finding")
    ax.set_title("retitled")
    assert alt_text(fig) == "retitled. A finding."


@pytest.mark.parametrize(
    ("ax", "finding", "error"),
    [("not an axes", "x", TypeError), (None, "", ValueError), (None, 3, ValueError)],
)
def test_describe_bad_input(ax, finding, error):
    from imlib.plotting import describe

    real = plt.subplots()[1]
    with pytest.raises(error, match=r"describe\(\)"):
        describe(real if ax is None else ax, finding)


def test_every_plot_function_describes_its_figure():
    """Each public plot_* records alt text that starts from its chart title (none is silent)."""
    import inspect

    import imlib.plotting as plotting
    from imlib.plotting import alt_text

    names = [n for n in plotting.__all__ if n.startswith("plot_")]
    for name in names:
        source = inspect.getsource(getattr(plotting, name))
        assert "describe" in source, f"{name} records no alt text"
    fig, ax = plt.subplots()
    assert alt_text(fig) == ""


@pytest.mark.parametrize(
    ("low", "high"),
    [(-183.8, 700.0), (-0.2, 0.03), (0.0, 0.62), (12.0, 9000.0), (-5000.0, -40.0), (-1.0, 1.0)],
)
def test_stepped_limits_hold_the_padded_data_and_land_on_the_ladder(low, high):
    from imlib.plotting._common import _STEPS, stepped_limits

    bottom, top = stepped_limits(low, high)
    pad = 0.05 * (high - low)
    # each end holds the padded data; an end on the far side of zero goes to zero
    assert bottom <= low - pad if low < 0 else bottom == 0
    assert top >= high + pad if high > 0 else top == 0
    for end in (bottom, top):
        if end:
            mantissa = abs(end) / 10 ** np.floor(np.log10(abs(end)))
            assert any(np.isclose(mantissa, s) for s in _STEPS), end
    # at most one ladder step (x1.5) beyond what is needed: the axis is not wasted
    assert top <= 1.5 * (high + pad) if high > 0 else True
    assert bottom >= 1.5 * (low - pad) if low < 0 else True
    # a small move of the data keeps the limits (most of the time: not at a step)
    assert stepped_limits(low, high + 1e-6 * (high - low)) == (bottom, top)
