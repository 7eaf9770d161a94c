"""The explorers: controls, ranges from the shared constants, and a figure redrawn in place."""

import base64
import contextlib
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

import imlib.widgets as widgets_api
from imlib import load_dataset
from imlib.markets import markets_audit
from imlib.profitchain import chain_table
from imlib.quality import servqual_gaps, what_if
from imlib.staff import climate_scores
from imlib.widgets import (
    QUALITY_SHIFT_RANGE,
    draw_quality_gap,
    internal_market,
    knowledge,
    profitchain,
    quality_gap_explorer,
)
from imlib.widgets._live import new_figure


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


# Every explorer: one figure redrawn in place, one PNG per move, nothing piling up.

EXPLORERS = {
    "six_markets": (
        lambda d: widgets_api.six_markets_explorer(d["six"], start="Quayside Software"),
        lambda d: widgets_api.draw_six_markets(
            d["audit"], firm="Quayside Software", desired=d["quayside_desired"]
        ),
    ),
    "retention": (
        lambda d: widgets_api.retention_explorer(),
        lambda d: widgets_api.draw_retention_economics(),
    ),
    "quality_gap": (
        lambda d: widgets_api.quality_gap_explorer(d["bank"], start="Harbour"),
        lambda d: draw_quality_gap(servqual_gaps(d["bank"], by="branch"), group="Harbour"),
    ),
    "reliability": (
        lambda d: widgets_api.reliability_explorer(),
        lambda d: widgets_api.draw_reliability(),
    ),
    "control_chart": (
        lambda d: widgets_api.control_chart_explorer(d["log"], stage="picking"),
        lambda d: widgets_api.draw_control_chart(d["log"], stage="picking"),
    ),
    "internal_service": (
        lambda d: internal_market.internal_service_explorer(d["survey"]),
        lambda d: internal_market.draw_internal_service(d["survey"]),
    ),
    "segmentation": (
        lambda d: widgets_api.segmentation_explorer(d["scores"]),
        lambda d: widgets_api.draw_segmentation(d["scores"]),
    ),
    "phase_timeline": (
        lambda d: knowledge.phase_timeline_explorer(d["events"]),
        lambda d: knowledge.draw_phase_timeline(d["events"]),
    ),
    "profitchain": (
        lambda d: profitchain.profitchain_explorer(d["chain"]),
        lambda d: profitchain.draw_chain_what_if(
            profitchain.chain_baseline(d["chain"]),
            isq_change_pct=10,
            elasticities=profitchain.DEFAULT_ELASTICITIES,
            title="all branches",
        ),
    ),
}


@pytest.fixture(scope="module")
def data(bank):
    jury = load_dataset("rm_jury")
    six = jury[jury["audit"] == "six_markets"]
    audit = markets_audit(six, by="firm")
    quayside = audit[audit["firm"] == "Quayside Software"]
    survey = load_dataset("staff_survey")
    names = ["branch_isq", "branch_people", "branch_tracker", "branch_money"]
    return {
        "six": six,
        "audit": audit,
        "quayside_desired": {
            m: round(v, 1)
            for m, v in zip(quayside["market"].astype(str), quayside["desired_mean"], strict=True)
        },
        "bank": bank,
        "log": load_dataset("service_process_log"),
        "survey": survey,
        "scores": climate_scores(survey),
        "events": load_dataset("knowledge_case_events"),
        "chain": chain_table(*map(load_dataset, names)),
    }


def _controls(box) -> list:
    found, stack = [], [box]
    while stack:
        w = stack.pop(0)
        if isinstance(w, widgets.ValueWidget) and not isinstance(w, widgets.HTML):
            found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found


def _other_value(control):
    if isinstance(control, widgets.Checkbox):
        return not control.value
    if isinstance(control, widgets.Dropdown | widgets.ToggleButtons):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        return values[(values.index(control.value) + 1) % len(values)]
    low, high = control.min, control.max
    if isinstance(control, widgets.FloatRangeSlider):
        wide = (low + 0.125 * (high - low), low + 0.875 * (high - low))
        return wide if tuple(control.value) != wide else (low + 0.25 * (high - low), high)
    return high if control.value != high else low


def _png(box) -> tuple[bytes, str]:
    out = box.children[-1]
    assert isinstance(out, widgets.Output)
    assert len(out.outputs) == 1, f"{len(out.outputs)} outputs in the explorer's area"
    (output,) = out.outputs
    return base64.b64decode(output["data"]["image/png"]), output["data"]["text/plain"]


def _pixels(png: bytes):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


@pytest.mark.parametrize("name", EXPLORERS)
def test_a_move_redraws_one_figure_in_place(name, data):
    make, _ = EXPLORERS[name]
    figures = plt.get_fignums()
    box = make(data)
    controls = _controls(box)
    assert controls
    last = box.children[-1].outputs
    for control in controls * 2:
        control.value = _other_value(control)
        assert plt.get_fignums() == figures  # no new figure, none left open
        png, text = _png(box)  # the area holds one figure, the new one
        assert box.children[-1].outputs is not last
        description = Image.open(io.BytesIO(png)).text["Description"]
        assert description == text and len(description) > 40
        last = box.children[-1].outputs
        assert (_pixels(png) == _pixels(_fresh_png(box))).all(), f"after {control.description}"


def _fresh_png(box) -> bytes:
    """The explorer's current view drawn on a new figure, as its ``draw_*`` function does."""
    live = box.children[-1].live_figure
    draw, values = live.drawn
    size = tuple(live.figure.get_size_inches())
    fig = new_figure(live.make_axes, draw, figsize=size, layout=live.layout, **values)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


@pytest.mark.parametrize("name", EXPLORERS)
def test_the_live_figure_looks_like_the_draw_function(name, data):
    make, draw = EXPLORERS[name]
    box = make(data)
    first, first_text = _png(box)
    fig = draw(data)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    assert (_pixels(first) == _pixels(buffer.getvalue())).all()
    assert first_text == Image.open(buffer).text["Description"]
    controls = _controls(box)
    start = [c.value for c in controls]
    for control in controls:
        control.value = _other_value(control)
    for control, value in zip(controls, start, strict=True):
        control.value = value
    assert (_pixels(_png(box)[0]) == _pixels(first)).all()  # a redraw leaves no trace


def _saved(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def test_a_state_seen_before_is_drawn_as_a_new_figure_would_be(data):
    """The segmentation explorer keeps its layout per grouping and its frames per state: a
    move back to a grouping restores both, and the pixels are still the draw function's."""
    box = widgets_api.segmentation_explorer(data["scores"])
    grouping, cuts = _controls(box)
    live = box.children[-1].live_figure
    for by, band in [("role", (2.0, 4.0)), ("department", (1.5, 3.25)), ("role", (2.75, 3.5))]:
        grouping.value = by
        cuts.value = band
        expected = widgets_api.draw_segmentation(data["scores"], by=by, cuts=band)
        assert (_pixels(_png(box)[0]) == _pixels(_saved(expected))).all(), (by, band)
    grouping.value = "department"
    assert live.frames_kept  # the department frames, kept from the second state
    expected = widgets_api.draw_segmentation(data["scores"], by="department", cuts=(2.75, 3.5))
    assert (_pixels(_png(box)[0]) == _pixels(_saved(expected))).all()


def test_an_explorer_with_few_states_draws_them_all_for_the_static_site(data, monkeypatch):
    """With IMLIB_STATIC_STATES set (the book build), the starting figure carries every state
    of an explorer whose controls offer few; each is the figure those values draw, keyed by
    what the page shows for each control; an explorer with a continuous slider carries none."""
    from imlib.widgets._live import STATIC_STATES_ENV, STATIC_STATES_KEY

    plain = knowledge.phase_timeline_explorer(data["events"])
    monkeypatch.setenv(STATIC_STATES_ENV, "1")
    box = knowledge.phase_timeline_explorer(data["events"])
    (shown,) = box.children[-1].outputs
    assert shown["data"] == plain.children[-1].outputs[0]["data"]  # still the starting figure
    saved = shown["metadata"][STATIC_STATES_KEY]
    assert saved["controls"] == [
        {"kind": "select", "label": "Colour by"},
        {"kind": "checkbox", "label": "Mark rework"},
    ]
    assert len(saved["states"]) == 6
    colouring, rework = _controls(box)
    for key, (png, alt) in saved["states"].items():
        colour_by, marked = key.split("|")
        colouring.value, rework.value = colour_by, marked == "true"
        (now,) = box.children[-1].outputs
        assert now["data"]["image/png"] == png and now["data"]["text/plain"] == alt, key
    many = widgets_api.quality_gap_explorer(data["bank"], start="Harbour")
    assert STATIC_STATES_KEY not in many.children[-1].outputs[0]["metadata"]
