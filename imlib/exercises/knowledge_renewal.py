"""Checkers for Lab 8, knowledge renewal (``notebooks/08-knowledge-renewal.ipynb``).

The case log ``knowledge_case_events`` records each event's phase and how knowledge moved;
the expected answers are computed from it as :func:`imlib.load_dataset` returns it. Phase
durations follow the one rule of :func:`imlib.knowledge.phase_summary`.
"""

from __future__ import annotations

import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import (
    AnswerForm,
    judge_series,
    read_name,
    read_number,
    read_series,
)
from imlib.exercises._core import Lab, Mistake, Verdict, judge_number
from imlib.exercises._shared import read_ordering
from imlib.exercises.internal_market import read_fields
from imlib.knowledge import (
    PATTERNS,
    PHASE_LABELS,
    PHASES,
    four_phases,
    knowledge_pattern,
    phase_summary,
    phase_trace,
)

__all__ = ["CLASSIFY_EVENTS", "SPONSOR_OPTIONS", "rework_days"]

LAB = Lab("knowledge")

#: The events students classify into phases.
CLASSIFY_EVENTS = ("E05", "E10", "E16", "E20")
#: What the second team's sponsor could fund (the decision exercise), without the key.
SPONSOR_OPTIONS: dict[str, str] = {
    "approver_early": "Bring a credit committee member into the team during code breaking.",
    "more_volunteers": "Recruit twice as many volunteers at the start.",
    "skip_authorising": "Let the team put its ideas into practice without committee approval.",
    "more_workshops": "Fund more skills workshops once the new routine is approved.",
}
_SPONSOR_HINTS = {
    "more_volunteers": "Energising was not where the cycle lost time to the refusal; more "
    "volunteers do not make a proposal easier to approve.",
    "skip_authorising": "The hierarchy's approval is what lets new knowledge travel beyond the "
    "volunteers (budget, procedure, other branches). Skipping it breaks the cycle, it does not "
    "shorten it.",
    "more_workshops": "Diffusion is where the pay-off happens, not where time was wasted; the "
    "loss came from a proposal the approvers had not seen coming.",
}
_ALIASES = {"diffusing": "diffusion", "codebreaking": "code_breaking", "energizing": "energising"}


def _events() -> pd.DataFrame:
    return load_dataset("knowledge_case_events")


def read_phase(answer: object) -> str:
    """Read one phase name (British or American spelling, 'diffusing' for diffusion)."""
    if isinstance(answer, str):
        answer = _ALIASES.get(answer.strip().lower().replace(" ", ""), answer)
    return read_name(answer, choices=PHASES, what="phase")


def read_phase_list(answer: object) -> list[str]:
    """Read a list of four phase names, in the student's order."""
    return read_ordering(
        answer,
        names=PHASES,
        read=read_phase,
        not_a_list="Give the four phases as a list, e.g. ['energising', ...].",
        use_each="Give each of the four phases once: ",
    )


@LAB.exercise("phase-order", reads=read_phase_list)
def _phase_order(names: list[str]) -> Verdict:
    if names == list(PHASES):
        return Verdict(True, "Energising, code breaking, authorising, diffusion, and round again.")
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


def read_placements(answer: object) -> dict[str, str]:
    """Read a dict from each asked-for event id to a phase."""
    if not isinstance(answer, dict):
        raise AnswerForm("Give a dict from event id to phase, e.g. {'E05': 'energising', ...}.")
    missing = [e for e in CLASSIFY_EVENTS if e not in answer]
    if missing:
        raise AnswerForm(f"Classify every event asked for; {missing[0]} is missing.")
    return {e: read_phase(answer[e]) for e in CLASSIFY_EVENTS}


@LAB.exercise("classify-events", reads=read_placements)
def _classify(placed: dict[str, str]) -> Verdict:
    recorded = _events().set_index("event_id")["phase"]
    learning = four_phases().set_index("phase")["learning"]
    for event in CLASSIFY_EVENTS:
        if placed[event] != recorded[event]:
            right = recorded[event]
            return Verdict(
                False,
                f"Look again at {event}: in that phase the people involved learn "
                f"{learning[right]}. (You said {PHASE_LABELS[placed[event]].lower()}.)",
            )
    return Verdict(True, "All four placed as the facilitator recorded them.")


def _counts(events: pd.DataFrame) -> pd.Series:
    counts = knowledge_pattern(events)["pattern"].value_counts()
    return counts.reindex(list(PATTERNS), fill_value=0).astype(float)


def _swapped(events: pd.DataFrame, column: str) -> pd.Series:
    other = {"hierarchical": "relational", "relational": "hierarchical"}
    other |= {"acquire": "share", "share": "acquire"}
    return _counts(events.assign(**{column: events[column].map(other)}))


@LAB.exercise("patterns", reads=read_series, keys=["pattern"], value="count")
def _patterns(series: pd.Series) -> Verdict:
    events = _events()
    expected = _counts(events)
    series = series.reindex(series.index.union(expected.index), fill_value=0.0)
    relational = expected["generation"] + expected["circulation"]
    return judge_series(
        series,
        expected,
        tol=0.01,
        right=f"The same as knowledge_pattern(): {relational:.0f} of {expected.sum():.0f} "
        "events moved knowledge through voluntary relationships rather than the hierarchy.",
        mistakes=[
            Mistake(
                _swapped(events, "exchange"),
                "Capture and codification belong to the hierarchy (internal transaction "
                "marketing); generation and circulation to relationships. You swapped the rows.",
            ),
            Mistake(
                _swapped(events, "purpose"),
                "Capture and generation *acquire* knowledge; codification and circulation "
                "*share* it. You swapped the columns.",
            ),
        ],
        otherwise="Map (exchange, purpose) to a pattern and count.",
    )


def _event_id(answer: object) -> str:
    if not isinstance(answer, str):
        raise AnswerForm("Give the event id as text, e.g. 'E07'.")
    return answer.strip().upper()


@LAB.exercise("return-event", reads=_event_id)
def _return_event(given: str) -> Verdict:
    trace = phase_trace(_events())
    back = trace.loc[trace["step"] == "back to code breaking", "event_id"].iloc[0]
    if given == back:
        return Verdict(
            True,
            "After the refusal the group went back to code breaking and found a cheaper "
            "answer: a refusal is part of the cycle, not its end.",
        )
    ids = list(trace["event_id"])
    if given in ids and ids.index(given) == ids.index(back) - 1:
        return Verdict(
            False,
            f"{given} is the refusal itself, still in authorising; which event shows the "
            "group back at work on the problem?",
        )
    return Verdict(False, "Use phase_trace(events) and look for the step 'back to code breaking'.")


def _first_visits() -> pd.DataFrame:
    visits = phase_summary(_events(), visits=True)
    return visits[(visits["cycle"] == 1) & ~visits["rework"]].set_index("phase")


@LAB.exercise("phase-days", reads=read_number)
def _phase_days(value: float) -> Verdict:
    visit = _first_visits().loc["code_breaking"]
    trace = phase_trace(_events())
    inside = trace[(trace["date"] >= visit["start"]) & (trace["date"] < visit["end"])]
    own_last = (inside["date"].max() - visit["start"]).days
    return judge_number(
        value,
        float(visit["days"]),
        tol=0.5,
        right=f"{visit['days']} days: from the first code-breaking event to the first event of "
        "the next phase. The same rule times every phase.",
        mistakes=[
            Mistake(
                own_last,
                "You stopped at code breaking's own last event. A phase lasts until the next "
                "one begins; otherwise the gap before the next phase belongs to no phase.",
            ),
            Mistake(
                own_last + 1,
                "Count the days between the two dates (a difference), not the dates in between.",
            ),
        ],
        otherwise="Subtract the date of the first code-breaking event from the date of the "
        "first authorising event.",
    )


@LAB.exercise("longest-phase", reads=read_phase)
def _longest(given: str) -> Verdict:
    summary = phase_summary(_events()).set_index("phase")
    longest = summary["days"].idxmax()
    if given == longest:
        return Verdict(
            True,
            f"{PHASE_LABELS[longest]}: {summary.loc[longest, 'days']} days on the first pass, "
            "longer than any other phase.",
        )
    if given == summary["total_days"].idxmax():
        return Verdict(
            False, "That phase is longest only with its rework added; compare the first pass."
        )
    if given == summary["events"].idxmax():
        return Verdict(
            False, "That phase has the most events; the question asks which lasted longest (days)."
        )
    return Verdict(False, "Compare the 'days' column of phase_summary(events).")


@LAB.exercise("relational-share", reads=read_number)
def _relational_share(value: float) -> Verdict:
    first = phase_trace(_events())
    first = first[first["cycle"] == 1]
    relational = first["exchange"] == "relational"
    share = 100 * relational.groupby(first["phase"]).mean()
    overall = 100 * float(relational.mean())
    return judge_number(
        value,
        share["code_breaking"],
        tol=0.5,
        right=f"{share['code_breaking']:.0f}% in code breaking against "
        f"{share['authorising']:.0f}% in authorising: the network generates knowledge, the "
        "line authorises it.",
        mistakes=[
            Mistake(share["code_breaking"] / 100, "Give a percentage (x 100).", tol=0.005),
            Mistake(overall, "That is the share over all events; keep only code breaking."),
            Mistake(share["authorising"], "That is the authorising events' share."),
        ],
        otherwise="Among the first cycle's code-breaking events, what percentage have "
        "exchange == 'relational'?",
    )


def rework_days(events: pd.DataFrame) -> int:
    """Days the first cycle spent on repeat visits (the rework after a refusal)."""
    return int(phase_summary(events)["rework_days"].sum())


@LAB.exercise("sponsor", reads=read_fields, fields=("choice", "rework_days"))
def _sponsor(answer: dict) -> Verdict:
    choice = read_name(answer["choice"], choices=SPONSOR_OPTIONS, what="option")
    if choice != "approver_early":
        return Verdict(False, _SPONSOR_HINTS[choice])
    value = read_number(answer["rework_days"])
    expected = rework_days(_events())
    coding = phase_summary(_events()).set_index("phase").loc["code_breaking", "rework_days"]
    return judge_number(
        value,
        float(expected),
        tol=0.5,
        right=f"An approver in the room early: the refusal cost {expected} days of rework "
        "(the repeat visits to code breaking and authorising). A link to the line makes "
        "authorising less of a surprise without taking the decision away from the hierarchy.",
        mistakes=[
            Mistake(
                float(coding),
                "Right choice. Count the repeat visit to authorising as rework too.",
            )
        ],
        otherwise="Right choice. Now the evidence: the rework_days of phase_summary(events), "
        "added up.",
    )
