"""Checkers for Lab 1, six markets and the expanded mix (``notebooks/01-six-markets.ipynb``).

Every expected answer is computed from ``rm_jury`` and ``mix_audit`` as
:func:`imlib.load_dataset` returns them, so a dataset variant needs no new answer key.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import as_name_set, as_series, close_to, compare
from imlib.exercises._core import Verdict, checker
from imlib.markets import MARKETS, canonical_market, markets_audit
from imlib.mix import MIX_ELEMENTS, importance_performance, mix_elements

__all__: list[str] = []

#: The firms and sub-markets named in the lab's exercises.
GAPS_FIRM = "Riverbend Hospital"
GROW_FIRM = "Quayside Software"
CONTESTED_FIRM = "Northbank"
MIX_FIRM = "Quayside Software"


def _jury() -> pd.DataFrame:
    jury = load_dataset("rm_jury")
    return jury[jury["audit"] == "six_markets"]


def _audit(firm: str) -> pd.DataFrame:
    audit = markets_audit(_jury(), by="firm")
    rows = audit[audit["firm"] == firm]
    return rows.assign(market=rows["market"].astype(str)).set_index("market")


def _influence_audit() -> pd.DataFrame:
    jury = load_dataset("rm_jury")
    nested = jury[jury["audit"] == "influence"]
    axes = list(dict.fromkeys(nested["market"]))
    audit = markets_audit(nested, axes=axes)
    return audit.assign(market=audit["market"].astype(str)).set_index("market")


def _as_name(answer: object, *, choices: Iterable[str], what: str) -> tuple[str | None, str | None]:
    if isinstance(answer, pd.Series | pd.Index | list | tuple | np.ndarray) and len(answer) == 1:
        answer = list(answer)[0]
    if not isinstance(answer, str):
        return (
            None,
            f"Give the {what} as a single name in quotes; you gave a {type(answer).__name__}.",
        )
    name = answer.strip().lower().replace(" ", "_").replace("-", "_")
    choices = list(choices)
    if name in choices:
        return name, None
    if set(choices) <= set(MARKETS):
        try:
            return canonical_market(answer), None
        except ValueError:
            pass
    return None, f"{answer!r} is not one of the {what}s here: {', '.join(choices)}."


@checker("markets-hospital-gaps")
def _hospital_gaps(answer: object) -> Verdict:
    series, problem = as_series(answer, keys=["market"], value="gap")
    if problem:
        return Verdict(False, problem)
    audit = _audit(GAPS_FIRM)
    expected = audit["gap"]
    ok, where = compare(series, expected, tol=0.01)
    if ok:
        top = expected.idxmax()
        return Verdict(
            True,
            f"{GAPS_FIRM}'s jury wants the most extra emphasis on {top} ({expected[top]:+.2f}).",
        )
    if close_to(series, -expected, tol=0.01):
        return Verdict(
            False, "Wrong sign: the gap is desired minus current, so under-emphasis is positive."
        )
    medians = audit["desired_median"] - audit["current_median"]
    if close_to(series, medians, tol=0.01):
        return Verdict(False, "Those are differences of medians; the gap uses the jury means.")
    return Verdict(
        False,
        f"Not quite: {where}. Did you keep only {GAPS_FIRM}'s rows? "
        "markets_audit(jury, by='firm') gives a 'gap' column.",
    )


@checker("markets-grow-most")
def _grow_most(answer: object) -> Verdict:
    audit = _audit(GROW_FIRM)
    name, problem = _as_name(answer, choices=audit.index, what="market")
    if problem:
        return Verdict(False, problem)
    top = audit["gap"].idxmax()
    if name == top:
        return Verdict(
            True,
            f"{top} (gap {audit.loc[top, 'gap']:+.2f}): the jury rates its present emphasis "
            f"{audit.loc[top, 'current_mean']:.1f} and wants {audit.loc[top, 'desired_mean']:.1f}.",
        )
    if name == audit["desired_mean"].idxmax():
        return Verdict(
            False,
            "That market has the highest *desired* emphasis, but it already gets much of it. "
            "Rank by the gap, desired minus current.",
        )
    if name == audit["gap"].abs().idxmax():
        return Verdict(
            False,
            "That is the largest gap in size, but it is a shrink: take the most positive gap.",
        )
    if name == audit["gap"].idxmin():
        return Verdict(
            False,
            "That market's emphasis should shrink most; the question asks where it must grow.",
        )
    return Verdict(False, "Sort the audit by 'gap' (or look for rank 1) for Quayside Software.")


@checker("markets-contested")
def _contested(answer: object) -> Verdict:
    audit = _audit(CONTESTED_FIRM)
    name, problem = _as_name(answer, choices=audit.index, what="market")
    if problem:
        return Verdict(False, problem)
    top = audit["desired_sd"].idxmax()
    if name == top:
        return Verdict(
            True,
            f"{top}: desired ratings spread with SD {audit.loc[top, 'desired_sd']:.2f} "
            f"(IQR {audit.loc[top, 'desired_iqr']:.1f}). A jury mean hides that disagreement; "
            "talk it through before acting on the gap.",
        )
    if name == audit["gap"].idxmax() or name == audit["gap"].abs().idxmax():
        return Verdict(
            False,
            "That market has a large gap; disagreement is about the spread of the ratings "
            "(SD or IQR).",
        )
    if name == audit["current_sd"].idxmax():
        return Verdict(
            False,
            "That is where the jury disagrees most about the *current* emphasis; the question "
            "asks about desired.",
        )
    return Verdict(False, "Compare the 'desired_sd' column across Northbank's markets.")


@checker("markets-nested-influence")
def _nested(answer: object) -> Verdict:
    audit = _influence_audit()
    name, problem = _as_name(answer, choices=audit.index, what="influence sub-market")
    if problem:
        return Verdict(False, problem)
    top = audit["gap"].idxmax()
    if name == top:
        return Verdict(
            True,
            f"{top} (gap {audit.loc[top, 'gap']:+.2f}). The nested audit works exactly like "
            "the top-level one, on the sub-markets of one market.",
        )
    if name == audit["desired_mean"].idxmax():
        return Verdict(
            False, "Highest desired emphasis is not the same as the largest gap: subtract current."
        )
    return Verdict(
        False, "Run markets_audit on the 'influence' rows with axes=[...] and take rank 1."
    )


@checker("mix-concentrate-here")
def _concentrate(answer: object) -> Verdict:
    names, problem = as_name_set(
        answer, choices=mix_elements("relationship_7ps"), noun="element", what="an element here"
    )
    if problem:
        return Verdict(False, problem)
    ipa = importance_performance(load_dataset("mix_audit"), by="firm")
    mine = ipa[ipa["firm"] == MIX_FIRM].assign(element=lambda d: d["element"].astype(str))
    right = set(mine.loc[mine["quadrant"] == "concentrate here", "element"])
    if names == right:
        return Verdict(
            True,
            f"{', '.join(sorted(right))}: important to {MIX_FIRM}'s customers and below the "
            "firm's average performance. That is where improvement pays first.",
        )
    overkill = set(mine.loc[mine["quadrant"] == "possible overkill", "element"])
    if names & overkill:
        return Verdict(
            False, "Possible overkill is the opposite corner: low importance, high performance."
        )
    mid = importance_performance(load_dataset("mix_audit"), by="firm", cutoff="midpoint")
    mid = mid[mid["firm"] == MIX_FIRM]
    if names == set(mid.loc[mid["quadrant"] == "concentrate here", "element"].astype(str)):
        return Verdict(
            False,
            "That uses the scale midpoint (4) as the cut; the lab uses the mean of the element "
            "means.",
        )
    if names < right:
        return Verdict(
            False,
            "Some elements are missing: check every element with high importance and low "
            "performance.",
        )
    return Verdict(
        False, "Concentrate here = importance at or above the cut and performance below it."
    )


@checker("mix-relationship-only")
def _relationship_only(answer: object) -> Verdict:
    names, problem = as_name_set(
        answer, choices=MIX_ELEMENTS, noun="element", what="an element here"
    )
    if problem:
        return Verdict(False, problem)
    rel, bb = set(mix_elements("relationship_7ps")), set(mix_elements("booms_bitner_7ps"))
    if names == rel - bb:
        return Verdict(
            True,
            "Customer service: the relationship mix raises it to an element of its own, "
            "because it keeps customers and crosses functional boundaries.",
        )
    if names == bb - rel:
        return Verdict(
            False,
            "That is in Booms and Bitner's list but not in the relationship mix: the other "
            "way round.",
        )
    if names & set(mix_elements("four_ps")):
        return Verdict(
            False, "The four Ps are in both lists; look only at the three added elements."
        )
    return Verdict(
        False, "Compare mix_elements('relationship_7ps') with mix_elements('booms_bitner_7ps')."
    )
