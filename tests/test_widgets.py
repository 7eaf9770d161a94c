"""The quality explorer: controls, ranges from the shared constants, and a working callback."""

import contextlib
import io

import matplotlib.pyplot as plt
import pytest

from imlib import load_dataset
from imlib.quality import servqual_gaps, what_if
from imlib.widgets import QUALITY_SHIFT_RANGE, draw_quality_gap, quality_gap_explorer


@pytest.fixture(scope="module")
def bank():
    return load_dataset("bank_servqual")


def test_explorer_controls(bank):
    with contextlib.redirect_stdout(io.StringIO()):
        box = quality_gap_explorer(bank)
    group, e_slider, p_slider = box.children[0].children
    assert list(group.options) == sorted(bank["branch"].unique())
    for slider in (e_slider, p_slider):
        assert (slider.min, slider.max) == QUALITY_SHIFT_RANGE
        assert slider.value == 0 and slider.continuous_update is False


def test_callback_redraws_with_the_what_if_values(bank):
    gaps = servqual_gaps(bank, by="branch")
    fig = draw_quality_gap(gaps, group="Millbrook", expectation_change=-0.5)
    shifted = what_if(gaps[gaps["branch"] == "Millbrook"], expectation_change=-0.5)
    expected_line = fig.axes[0].get_lines()[0]
    assert list(expected_line.get_ydata()) == pytest.approx(shifted["expected"].tolist())
    assert "Millbrook" in fig.axes[0].get_title()
    plt.close(fig)


def test_unknown_group_is_explained(bank):
    gaps = servqual_gaps(bank, by="branch")
    with pytest.raises(ValueError, match="no rows with branch == 'Atlantis'"):
        draw_quality_gap(gaps, group="Atlantis")
