"""Checkers for Lab 8, knowledge renewal (``notebooks/08-knowledge-renewal.ipynb``).

The case log ``knowledge_case_events`` records each event's phase and how knowledge moved;
the expected answers are computed from it as :func:`imlib.load_dataset` returns it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import as_number, as_series, compare
from imlib.exercises._core import Verdict, checker
from imlib.knowledge import (
    PATTERNS,
    PHASE_LABELS,
    PHASES,
    four_phases,
    knowledge_pattern,
    phase_summary,
    phase_trace,
)

__all__ = ["CLASSIFY_EVENTS"]

#: The events students classify into phases.
CLASSIFY_EVENTS = ("E05", "E10", "E16", "E20")


def _events() -> pd.DataFrame:
    return load_dataset("knowledge_case_events")


def _phase_name(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    key = {
        "diffusing": "diffusion",
        "codebreaking": "code_breaking",
        "energizing": "energising",
    }.get(key, key)
    return key if key in PHASES else None


@checker("knowledge-phase-order")
def _phase_order(answer: object) -> Verdict:
    if isinstance(answer, str) or not isinstance(answer, Iterable):
        return Verdict(False, "Give the four phases as a list, e.g. ['energising', ...].")
    names = [_phase_name(a) for a in answer]
    if None in names or len(names) != 4:
        return Verdict(
            False,
            "Give exactly four phase names from: " + ", ".join(PHASE_LABELS.values()) + ".",
        )
    if names == list(PHASES):
        return Verdict(
            True, "Energising, code breaking, authorising, diffusion, and then round again."
        )
    if names.index("authorising") > names.index("diffusion"):
        return Verdict(
            False,
            "New knowledge is approved through the line before it spreads: authorising comes "
            "before diffusion.",
        )
    return Verdict(
        False,
        "The group first learns to work together, then to apply its know-how to customer "
        "problems; only then does it seek approval and spread what it learnt.",
    )


@checker("knowledge-classify-events")
def _classify(answer: object) -> Verdict:
    if not isinstance(answer, dict):
        return Verdict(
            False, "Give a dict from event id to phase, e.g. {'E05': 'energising', ...}."
        )
    events = _events().set_index("event_id")["phase"]
    missing = [e for e in CLASSIFY_EVENTS if e not in answer]
    if missing:
        return Verdict(False, f"Classify every event asked for; {missing[0]} is missing.")
    learning = four_phases().set_index("phase")["learning"]
    for event in CLASSIFY_EVENTS:
        given = _phase_name(answer[event])
        if given is None:
            return Verdict(False, f"{answer[event]!r} (for {event}) is not one of the four phases.")
        if given != events[event]:
            right = events[event]
            return Verdict(
                False,
                f"Look again at {event}: in that phase the people involved learn "
                f"{learning[right]}. (You said {PHASE_LABELS[given].lower()}.)",
            )
    return Verdict(True, "All four placed as the facilitator recorded them.")


def _pattern_counts() -> pd.Series:
    counts = knowledge_pattern(_events())["pattern"].value_counts()
    return counts.reindex(list(PATTERNS), fill_value=0).astype(float)


@checker("knowledge-patterns")
def _patterns(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["pattern"], value="count")
    if problem:
        return Verdict(False, problem)
    expected = _pattern_counts()
    series = series.reindex(series.index.union(expected.index), fill_value=0.0)
    ok, where = compare(series, expected, tol=0.01)
    if ok:
        relational = expected["generation"] + expected["circulation"]
        return Verdict(
            True,
            f"{relational:.0f} of {expected.sum():.0f} events moved knowledge through "
            "voluntary relationships rather than the hierarchy.",
        )
    return Verdict(
        False,
        f"Not quite: {where}. Classify with knowledge_pattern(events), then count with "
        "value_counts().",
    )


@checker("knowledge-return-event")
def _return_event(answer: object) -> Verdict:
    if not isinstance(answer, str):
        return Verdict(False, "Give the event id as text, e.g. 'E07'.")
    trace = phase_trace(_events())
    back = trace.loc[trace["step"] == "back to code breaking", "event_id"].iloc[0]
    given = answer.strip().upper()
    if given == back:
        return Verdict(
            True,
            "After the refusal the group went back to code breaking, widened itself (IT "
            "joined) and found a cheaper answer: a refusal is part of the cycle, not its end.",
        )
    ids = list(trace["event_id"])
    if given in ids and ids.index(given) == ids.index(back) - 1:
        return Verdict(
            False,
            f"{given} is the refusal itself, still in authorising; which event shows the "
            "group back at work on the problem?",
        )
    return Verdict(False, "Use phase_trace(events) and look for the step 'back to code breaking'.")


@checker("knowledge-longest-phase")
def _longest(answer: object) -> Verdict:
    given = _phase_name(answer)
    if given is None:
        return Verdict(False, "Name one of the four phases, e.g. 'diffusion'.")
    summary = phase_summary(_events()).set_index("phase")
    longest = summary["days"].idxmax()
    if given == longest:
        return Verdict(
            True,
            f"{PHASE_LABELS[longest]} took {summary.loc[longest, 'days']} days, "
            "longer than any other phase.",
        )
    most_events = summary["events"].idxmax()
    if given == most_events:
        return Verdict(
            False, "That phase has the most events; the question asks which lasted longest (days)."
        )
    return Verdict(False, "Compare the 'days' column of phase_summary(events).")


@checker("knowledge-relational-share")
def _relational_share(answer: object) -> Verdict:
    value, problem = as_number(answer)
    if problem:
        return Verdict(False, problem)
    events = knowledge_pattern(_events())
    first = phase_trace(events)
    first = first[first["cycle"] == 1]
    part = first[first["phase"] == "code_breaking"]
    expected = 100 * float((part["exchange"] == "relational").mean())
    if abs(value - expected) <= 0.5:
        auth = first[first["phase"] == "authorising"]
        share = 100 * float((auth["exchange"] == "relational").mean())
        return Verdict(
            True,
            f"{expected:.0f}% in code breaking against {share:.0f}% in authorising: the "
            "network generates knowledge, the line authorises it.",
        )
    if abs(value - expected / 100) <= 0.005:
        return Verdict(False, "Give a percentage (x 100).")
    overall = 100 * float((first["exchange"] == "relational").mean())
    if abs(value - overall) <= 0.5:
        return Verdict(False, "That is the share over all events; keep only code breaking.")
    return Verdict(
        False,
        "Among the first cycle's code-breaking events, what percentage have exchange == "
        "'relational'?",
    )
