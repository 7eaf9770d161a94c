"""Figures and explorers of labs 6 and 8: the Axes contract, what is drawn, and bad input."""

import matplotlib.pyplot as plt
import pytest

from imlib import load_dataset
from imlib.knowledge import PHASES, phase_summary
from imlib.plotting.knowledge import plot_phase_timeline
from imlib.widgets.internal_market import draw_internal_service, internal_service_explorer
from imlib.widgets.knowledge import draw_phase_timeline, phase_timeline_explorer


@pytest.fixture(scope="module")
def events():
    return load_dataset("knowledge_case_events")


@pytest.fixture(scope="module")
def survey():
    return load_dataset("staff_survey")


def test_timeline_draws_on_the_axes_it_is_given(events):
    fig, (left, right) = plt.subplots(1, 2)
    assert plot_phase_timeline(events, ax=right) is right
    assert not left.has_data()
    visits = phase_summary(events, visits=True)
    bars = [p for p in right.patches if p.get_height() == pytest.approx(0.6)]
    assert len(bars) == len(visits)
    assert sum(bool(b.get_hatch()) for b in bars) == int(visits["rework"].sum()) > 0
    points = sum(len(c.get_offsets()) for c in right.collections)
    assert points == len(events)
    assert [t.get_text().lower().replace(" ", "_") for t in right.get_yticklabels()] == list(PHASES)
    assert right.get_xlabel() and right.get_ylabel() and right.get_title()


def test_timeline_without_rework_marks_and_by_pattern(events):
    fig, ax = plt.subplots()
    plot_phase_timeline(events, colour_by="pattern", show_rework=False, ax=ax)
    assert not any(p.get_hatch() for p in ax.patches)
    assert {t.get_text() for t in ax.get_legend().get_texts()} == {
        "capture",
        "codification",
        "generation",
        "circulation",
    }


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"colour_by": "phase"}, ValueError, "colour_by"),
        ({"show_rework": "yes"}, TypeError, "show_rework must be True or False"),
    ],
)
def test_timeline_bad_input(events, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_phase_timeline(events, **kwargs)


def test_timeline_needs_its_columns(events):
    with pytest.raises(ValueError, match="plot_phase_timeline"):
        plot_phase_timeline(events.drop(columns="exchange"))


def test_phase_summary_rejects_a_string_for_a_bool(events):
    with pytest.raises(TypeError, match="phase_summary\\(\\): argument 'visits'"):
        phase_summary(events, visits="no")


def test_internal_service_figure_and_its_bad_input(survey):
    fig = draw_internal_service(survey, by="department", poor_max=4)
    ax = fig.axes[0]
    assert "ratings ≤ 4:" in ax.get_title()
    assert len(ax.patches) == 6 * 3  # six rater departments x three suppliers
    for bad, error in ((7, ValueError), (float("inf"), ValueError), ("3", TypeError)):
        with pytest.raises(error, match="draw_internal_service\\(\\): poor_max"):
            draw_internal_service(survey, poor_max=bad)
    with pytest.raises(ValueError, match="by"):
        draw_internal_service(survey, by="tenure")


def test_explorers_are_built_from_controls(survey, events, capsys):
    box = internal_service_explorer(survey)
    dropdown, slider = box.children[0].children
    assert slider.min == 1 and slider.max == 6 and slider.value == 3
    assert dropdown.value == "role"
    box = phase_timeline_explorer(events)
    assert box.children[0].children[1].value is True
    assert draw_phase_timeline(events).axes
    with pytest.raises(ValueError, match="phase_timeline_explorer"):
        phase_timeline_explorer(events, colour_by="nope")


def _png_description(fig) -> str:
    import io

    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=40)
    buf.seek(0)
    return Image.open(buf).text.get("Description", "")


def test_timeline_alt_text_names_the_title_and_the_visits(events):
    from imlib.plotting import alt_text

    fig, ax = plt.subplots()
    plot_phase_timeline(events, ax=ax)
    text = alt_text(fig)
    visits = phase_summary(events, visits=True)
    assert text.startswith(f"Timeline: {ax.get_title()}. ")
    assert f"{len(events)} events" in text and f"{len(visits)} visits" in text
    assert f"{int(visits['rework'].sum())} of them rework" in text
    assert _png_description(fig) == text


def test_explorer_figures_carry_alt_text(events, survey):
    from imlib.plotting import alt_text

    fig = draw_phase_timeline(events, colour_by="pattern")
    assert alt_text(fig).startswith("Timeline: " + fig.axes[0].get_title())
    fig = draw_internal_service(survey, by="department", poor_max=2)
    title = fig.axes[0].get_title().replace("\n", " ")
    assert alt_text(fig).startswith(f"Bar chart: {title}. ")
