"""Checkers for Lab 1, six markets and the expanded mix (``notebooks/01-six-markets.ipynb``).

Every expected answer is computed from ``rm_jury`` and ``mix_audit`` as
:func:`imlib.load_dataset` returns them, so a dataset variant needs no new answer key.
The lab's exercises: Riverbend's gaps by hand (pandas first, then ``markets_audit``),
Quayside's first priority (a choice and the number behind it), a colleague's planted error
on jury disagreement, the nested influence audit, the mix element the 7Ps lack (from the
chapter, before the table), Quayside's *concentrate here* quadrant by hand, and what moves
when the quadrant lines sit at the scale midpoint instead of the data's mean.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from imlib.datasets import load_dataset
from imlib.exercises._answers import (
    AnswerForm,
    judge_series,
    read_name,
    read_series,
)
from imlib.exercises._answers import read_name_set as _read_names
from imlib.exercises._core import Lab, Mistake, Verdict, judge_choice
from imlib.markets import MARKET_ALIASES, MARKETS, markets_audit
from imlib.mix import MIX_ELEMENTS, importance_performance, mix_elements

__all__: list[str] = []

MARKETS_LAB = Lab("markets")
MIX_LAB = Lab("mix")

#: The firms named in the lab's exercises.
GAPS_FIRM = "Riverbend Hospital"
GROW_FIRM = "Quayside Software"
CONTESTED_FIRM = "Quayside Software"
MIX_FIRM = "Quayside Software"
#: The elements the seed paper calls the service-quality drivers, plus customer service.
SERVICE_DRIVERS = ("people", "processes", "customer_service")


def read_choice_and_number(
    answer: object, *, choices: Iterable[str], what: str, number: str
) -> tuple[str, float]:
    """Read a decision: a name from ``choices`` and the number that supports it.

    Accepts a pair ``("name", 1.5)`` or a dict with the name first, e.g.
    ``{"market": "referral", "gap": 1.5}``. Raises ``AnswerForm`` otherwise.
    """
    if isinstance(answer, dict) and len(answer) == 2:
        answer = tuple(answer.values())
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise AnswerForm(
            f"Give two things in brackets: the {what} in quotes and the {number} that supports "
            f'it, e.g. ("{list(choices)[0]}", 1.5).'
        )
    name, value = answer
    if isinstance(value, str) and not isinstance(name, str):
        name, value = value, name
    name = read_name(name, choices=choices, what=what)
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise AnswerForm(f"The second item should be the {number}, a number.")
    if not np.isfinite(float(value)):
        raise AnswerForm(f"The {number} must be a finite number.")
    return name, float(value)


def _market_name(answer: object) -> str:
    """One market name: the 1991 names are accepted as aliases of the later ones."""
    answer = list(answer)[0] if isinstance(answer, list | tuple) and len(answer) == 1 else answer
    if isinstance(answer, str):
        alias = {k.lower(): v for k, v in MARKET_ALIASES.items()}.get(answer.strip().lower())
        answer = alias or answer
    return read_name(answer, choices=MARKETS, what="market")


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
    audit = markets_audit(nested, axes=list(dict.fromkeys(nested["market"])))
    return audit.assign(market=audit["market"].astype(str)).set_index("market")


def pooled_disagreement() -> str:
    """The planted error's answer: the desired SD over all three firms' juries pooled."""
    return str(_jury().groupby("market", observed=True)["desired"].std().idxmax())


@MARKETS_LAB.exercise("hospital-gaps", reads=read_series, keys=["market"], value="gap")
def _hospital_gaps(series: pd.Series) -> Verdict:
    audit = _audit(GAPS_FIRM)
    expected = audit["gap"]
    top = expected.sort_values(ascending=False).index[:2]
    jury = _jury()
    pooled = jury.groupby("market", observed=True)[["desired", "current"]].mean()
    mistakes = [
        (-expected, "Wrong sign: the gap is desired minus current, so under-emphasis is positive."),
        (
            audit["desired_median"] - audit["current_median"],
            "Those are differences of medians; the gap uses the jury means.",
        ),
        (
            pooled["desired"] - pooled["current"],
            f"Those gaps pool all three firms' juries; keep only {GAPS_FIRM}'s rows first.",
        ),
    ]
    return judge_series(
        series,
        expected,
        tol=0.01,
        right=f"Same as markets_audit. {GAPS_FIRM}'s jury wants the most extra emphasis on "
        f"{top[0]} ({expected[top[0]]:+.2f}) and {top[1]} ({expected[top[1]]:+.2f}).",
        mistakes=[Mistake(wrong.rename(index=str), hint) for wrong, hint in mistakes],
        otherwise=f"Keep {GAPS_FIRM}'s rows, group by market, and subtract the mean current "
        "rating from the mean desired rating.",
    )


@MARKETS_LAB.exercise(
    "grow-most", reads=read_choice_and_number, choices=MARKETS, what="market", number="gap"
)
def _grow_most(decision: tuple[str, float]) -> Verdict:
    name, value = decision
    audit = _audit(GROW_FIRM)
    top = str(audit["gap"].idxmax())
    gap = float(audit.loc[top, "gap"])
    if name == top:
        if abs(value - gap) <= 0.02:
            return Verdict(
                True,
                f"{top}: the jury rates its present emphasis {audit.loc[top, 'current_mean']:.1f} "
                f"and wants {audit.loc[top, 'desired_mean']:.1f}, a gap of {gap:+.2f}, the "
                "largest at the firm.",
            )
        hints = [
            Mistake(-gap, "Right market; the gap is desired minus current, so it is positive."),
            Mistake(
                float(audit.loc[top, "desired_mean"]),
                "Right market, but that number is its desired level; support the choice "
                "with the gap, desired minus current.",
            ),
        ]
        hint = next((m.hint for m in hints if m.matches(value, tol=0.02)), None)
        return Verdict(False, hint or f"Right market; now give its gap (yours {value:.3g}).")
    mistakes = {
        str(audit["desired_mean"].idxmax()): "That market has the highest *desired* emphasis, "
        "but it already gets much of it: a programme should go where the gap is largest.",
        str(audit["current_mean"].idxmin()): "That market gets the least emphasis today, but "
        "neglected is not the same as wanted: rank by desired minus current.",
        str(audit["gap"].abs().idxmax()): "That is the largest gap in size, but its sign says "
        "shrink: take the most positive gap.",
        str(audit["gap"].idxmin()): "The jury wants that market's emphasis to shrink most.",
    }
    return judge_choice(
        name,
        top,
        right="",
        mistakes=mistakes,
        otherwise=f"Score {GROW_FIRM}'s jury and rank the markets by their gap.",
    )


@MARKETS_LAB.exercise("contested", reads=_market_name)
def _contested(name: str) -> Verdict:
    audit = _audit(CONTESTED_FIRM)
    top = str(audit["desired_sd"].idxmax())
    mistakes = {
        pooled_disagreement(): "That is the colleague's answer. Pooling three firms' juries "
        "measures how the firms differ from each other, not whether one jury agrees: keep "
        f"{CONTESTED_FIRM}'s rows before taking the SD.",
        str(audit["current_sd"].idxmax()): "That is where the jury disagrees most about the "
        "*current* emphasis; the colleague's claim is about desired emphasis.",
        str(audit["gap"].idxmax()): "That market has the largest gap; disagreement is about "
        "the spread of the ratings (SD or IQR), not their mean.",
    }
    return judge_choice(
        name,
        top,
        right=f"{top}: {CONTESTED_FIRM}'s desired ratings spread with SD "
        f"{audit.loc[top, 'desired_sd']:.2f} (IQR {audit.loc[top, 'desired_iqr']:.1f}). "
        "The colleague pooled the three firms; consensus is measured within one jury.",
        mistakes=mistakes,
        otherwise=f"Keep {CONTESTED_FIRM}'s rows, then compare the SD of the desired ratings "
        "per market.",
    )


def _sub_market(answer: object) -> str:
    return read_name(answer, choices=list(_influence_audit().index), what="influence sub-market")


@MARKETS_LAB.exercise("nested-influence", reads=_sub_market)
def _nested(name: str) -> Verdict:
    audit = _influence_audit()
    top = str(audit["gap"].idxmax())
    mistakes = {
        str(audit["desired_mean"].idxmax()): "Highest desired emphasis is not the same as "
        "the largest gap: subtract current.",
        str(audit["current_mean"].idxmin()): "Lowest current emphasis is not the same as the "
        "largest gap: subtract current from desired.",
    }
    return judge_choice(
        name,
        top,
        right=f"{top} (gap {audit.loc[top, 'gap']:+.2f}). The nested audit works exactly like "
        "the top-level one, on the sub-markets of one market.",
        mistakes=mistakes,
        otherwise="Run markets_audit on the 'influence' rows with axes=[...] and take rank 1.",
    )


@MIX_LAB.exercise("relationship-only", reads=_read_names, choices=MIX_ELEMENTS, what="element")
def _relationship_only(names: set[str]) -> Verdict:
    rel, bb = set(mix_elements("relationship_7ps")), set(mix_elements("booms_bitner_7ps"))
    return judge_choice(
        names,
        rel - bb,
        right="Customer service: the relationship mix raises it to an element of its own, "
        "because it keeps customers and crosses functional boundaries.",
        mistakes=[
            Mistake(
                when=lambda n: bool(n & (bb - rel)),
                hint="Physical evidence is in Booms and Bitner's list but not in the "
                "relationship mix: the question asks the other way round.",
            ),
            Mistake(
                when=lambda n: bool(n & set(mix_elements("four_ps"))),
                hint="The four Ps are in both lists; look only at the three added elements.",
            ),
            Mistake(
                when=lambda n: bool(n & (rel & bb)),
                hint="People and processes are in both extended mixes; one added element is not.",
            ),
        ],
        otherwise="Compare mix_elements('relationship_7ps') with mix_elements('booms_bitner_7ps').",
    )


def _quadrants(cutoff: str = "mean", *, firm: str = MIX_FIRM) -> pd.Series:
    ipa = importance_performance(load_dataset("mix_audit"), by="firm", cutoff=cutoff)
    mine = ipa[ipa["firm"] == firm]
    return pd.Series(mine["quadrant"].to_numpy(), index=mine["element"].astype(str))


def _relationship_elements(answer: object) -> set[str]:
    return _read_names(answer, choices=mix_elements("relationship_7ps"), what="element here")


@MIX_LAB.exercise("concentrate-here", reads=_relationship_elements)
def _concentrate(names: set[str]) -> Verdict:
    quadrant = _quadrants()
    right = set(quadrant[quadrant == "concentrate here"].index)
    mid = _quadrants("midpoint")
    mix = load_dataset("mix_audit")
    pooled = importance_performance(mix.assign(firm="all"), by="firm")
    pooled_cut = (pooled["importance"].mean(), pooled["performance"].mean())
    means = importance_performance(mix, by="firm").query("firm == @MIX_FIRM").set_index("element")
    pooled_set = set(
        means.index[(means["importance"] >= pooled_cut[0]) & (means["performance"] < pooled_cut[1])]
    )
    mistakes = [
        (
            set(quadrant[quadrant == "possible overkill"].index),
            "Possible overkill is the opposite corner: low importance, high performance.",
        ),
        (
            set(mid[mid == "concentrate here"].index),
            "That cuts at the scale midpoint (4); the lab cuts at the mean of the element means.",
        ),
        (
            {str(e) for e in pooled_set},
            "That cuts at the means of all three firms; cut at "
            f"the mean of {MIX_FIRM}'s own element means.",
        ),
    ]
    for wrong, hint in mistakes:
        if wrong != right and names == wrong:
            return Verdict(False, hint)
    if names == right:
        added = sorted(right & set(SERVICE_DRIVERS))
        also = (
            f" {len(added)} of them ({', '.join(added)}) "
            f"{'is' if len(added) == 1 else 'are'} among the elements the relationship mix "
            "adds to the four Ps."
            if added
            else ""
        )
        return Verdict(
            True,
            f"{', '.join(sorted(right))}: important to {MIX_FIRM}'s customers and below the "
            f"firm's average performance, the same as importance_performance.{also}",
        )
    if names < right:
        return Verdict(
            False,
            "Some elements are missing: check every element with importance "
            "at or above the cut and performance below it.",
        )
    return Verdict(
        False,
        "Concentrate here = importance at or above the cut and performance "
        "below it, both cuts being the mean of the element means.",
    )


@MIX_LAB.exercise("midpoint-cut", reads=_relationship_elements)
def _midpoint(names: set[str]) -> Verdict:
    mean, mid = _quadrants(), _quadrants("midpoint")
    moved = set(mean.index[mean != mid])
    detail = "; ".join(f"{e}: {mean[e]} → {mid[e]}" for e in sorted(moved))
    new_concentrate = set(mid[mid == "concentrate here"].index)
    mistakes = [
        Mistake(
            new_concentrate,
            "That is the whole *concentrate here* list with the midpoint "
            "cut; the question asks which elements changed quadrant.",
        ),
        Mistake(
            set(mean[mean == "concentrate here"].index),
            "That is the list before the "
            "change; compare the quadrant of every element under the two cuts.",
        ),
    ]
    return judge_choice(
        names,
        moved,
        right=f"{detail}. The cut is a choice, not a fact: the scale midpoint is fixed, the "
        "mean follows this firm's ratings, so the quadrant of an element near a line can flip.",
        mistakes=[m for m in mistakes if m.value != moved],
        otherwise="Run importance_performance with cutoff='midpoint' and compare each "
        "element's quadrant with the one you had.",
    )
