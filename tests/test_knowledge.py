"""Tests for imlib.knowledge: the four-phase cycle, the exchange patterns, the case log."""

import pandas as pd
import pytest

from imlib import load_dataset
from imlib.knowledge import (
    PATTERNS,
    PHASES,
    four_phases,
    knowledge_pattern,
    knowledge_patterns,
    next_phase,
    phase_summary,
    phase_trace,
)


@pytest.fixture(scope="module")
def events():
    return load_dataset("knowledge_case_events")


def log(phases):
    return pd.DataFrame(
        {
            "event_id": [f"e{k}" for k in range(len(phases))],
            "date": pd.date_range("2025-01-01", periods=len(phases), freq="7D"),
            "phase": phases,
        }
    )


def test_phases_in_order_and_as_a_cycle():
    assert PHASES == ("energising", "code_breaking", "authorising", "diffusion")
    table = four_phases()
    assert table["phase"].tolist() == list(PHASES) and table["order"].tolist() == [1, 2, 3, 4]
    assert table[["learning", "needs", "produces"]].map(len).min().min() > 20
    assert [next_phase(p) for p in PHASES] == [*PHASES[1:], PHASES[0]]
    with pytest.raises(ValueError, match="'phase' must be one of"):
        next_phase("launch")


def test_patterns_table_is_a_two_by_two():
    table = knowledge_patterns()
    assert table["pattern"].tolist() == list(PATTERNS)
    assert table.groupby(["exchange", "purpose"]).size().eq(1).all() and len(table) == 4
    sides = table.set_index("pattern")["side"]
    assert sides["capture"] == sides["codification"] == "internal transaction marketing"
    assert sides["generation"] == sides["circulation"] == "internal relationship marketing"


def test_classify_patterns_and_reject_unknown_values():
    df = pd.DataFrame(
        {
            "exchange": ["hierarchical", "hierarchical", "relational", "relational"],
            "purpose": ["acquire", "share", "acquire", "share"],
        }
    )
    assert knowledge_pattern(df)["pattern"].tolist() == list(PATTERNS)
    with pytest.raises(ValueError, match="'exchange' must be one of 'hierarchical', 'relational'"):
        knowledge_pattern(df.assign(exchange="network"))


def test_trace_steps_returns_and_new_cycles():
    trace = phase_trace(
        log(
            [
                "energising",
                "code_breaking",
                "authorising",
                "code_breaking",
                "authorising",
                "diffusion",
                "energising",
            ]
        )
    )
    assert trace["step"].tolist() == [
        "start",
        "advance",
        "advance",
        "back to code breaking",
        "advance",
        "advance",
        "new cycle",
    ]
    assert trace["cycle"].tolist() == [1, 1, 1, 1, 1, 1, 2]


@pytest.mark.parametrize(
    ("phases", "match"),
    [
        (["energising", "diffusion"], "skip code breaking, authorising between e0"),
        (["energising", "code_breaking", "energising"], "go back between e1"),
        (["energising", "launch"], "must be one of 'energising'"),
    ],
)
def test_trace_refuses_impossible_moves(phases, match):
    with pytest.raises(ValueError, match=match):
        phase_trace(log(phases))


def test_case_log_follows_the_cycle(events):
    trace = phase_trace(events)
    assert trace["step"].iloc[0] == "start"
    back = trace[trace["step"] == "back to code breaking"]
    assert len(back) == 1
    assert trace["step"].iloc[-1] == "new cycle"
    summary = phase_summary(knowledge_pattern(events)).set_index("phase")
    assert summary.index.tolist() == list(PHASES)
    assert summary["events"].sum() == len(events) - 1  # the last event opens cycle 2
    # the relationship side generates; the hierarchy authorises
    assert summary.loc["code_breaking", "generation"] >= 3
    assert summary.loc["authorising", ["generation", "circulation"]].sum() == 0
    assert (summary["days"] > 0).all()


def test_summary_needs_dates(events):
    with pytest.raises(TypeError, match="must hold dates"):
        phase_summary(events.assign(date=events["date"].astype(str)))
